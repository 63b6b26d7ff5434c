"""Writes the CMS admin into the default language's run: /admin/.

The admin is not a page of the site: it is written beside the pages, not
through Pelican's writer, so it stays out of the sitemap, the feeds and the
search index, the way Pelican's StaticGenerator copies files.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import yaml
from babel.dates import get_month_names
from pelican.generators import Generator

from common.header import parse_header
from common.slugs import split_source_name
from i18n import language_run
from i18n.catalog import load_translations
from schema import KINDS

from .config import CmsSettings, CmsSettingsError, admin_policy, cms_config, read_cms_settings

logger = logging.getLogger(__name__)

ADMIN = "admin"
#: Our own scripts, copied beside the bundle.
STATIC = Path(__file__).parent / "static"
#: The header fields an item's line in the admin's lists shows: its dates and status.
LISTED = ("date", "start", "end", "announce", "status", "kit")
#: What of the npm package the browser loads: the bundle, its lazy chunks, its WebAssembly.
BUNDLE_FILES = ("decap-cms.js", "*.decap-cms.js", "*.wasm")


def bundle_folder(settings: dict) -> Path:
    """node_modules/decap-cms/dist of the project: beside content/ unless set."""
    root = settings.get("CMS_NPM_ROOT") or Path(settings["PATH"]).resolve().parent
    return Path(root) / "node_modules" / "decap-cms" / "dist"


def site_data(settings: dict, content: Path, conf: CmsSettings) -> dict:
    """What the admin's checks, previews and links need from the build: the addresses
    already taken, each item's dates and status (its list shows them), where each
    kind's pages are, and each language's date words (Babel), so a preview shows an
    event's date as its page does."""
    languages = list(conf.languages)
    run = language_run(settings)
    dates = {}
    for code in languages:
        gettext = load_translations(settings["THEME"], code).gettext
        dates[code] = {
            "pattern": run.all_date_patterns[code]["long"],
            "months": [get_month_names("wide", "format", locale=code)[m] for m in range(1, 13)],
            "kyiv_time": gettext("Kyiv time"),
        }
    slugs, entries = {}, {}
    for folder in KINDS:
        base = content / folder
        files = sorted(base.glob("*.md")) if base.is_dir() else []
        items = {}
        for path in files:
            stem = split_source_name(path.name)[0]
            if stem.lower() == "readme":
                continue
            fields = parse_header(path.read_text(encoding="utf-8")).fields
            item = items.setdefault(stem, {})
            for name in LISTED:
                if name in fields and fields[name].value.strip():
                    item.setdefault(name, fields[name].value.strip())
        slugs[folder] = sorted(items)
        entries[folder] = items
    # A kind's pages: its URL setting, and each language's prefix (uk at the root).
    data = {"languages": languages, "dates": dates, "slugs": slugs, "entries": entries,
            "urls": conf.urls,
            "prefixes": {language.code: language.prefix for language in run.languages},
            "public_url": conf.site_url,
            "default_duration": settings.get("EVENTS_DEFAULT_DURATION", 120)}
    if conf.backend["name"] == "proxy":
        data["gate"] = conf.backend["proxy_url"]
    return data


class CmsGenerator(Generator):
    """admin/index.html, admin/config.yml and the Decap bundle from node_modules."""

    def generate_context(self):
        # The site root's run only; CMS_BACKEND = "none" leaves the admin out.
        self.enabled = (language_run(self.settings).is_default
                        and self.settings.get("CMS_BACKEND") != "none")
        if not self.enabled:
            return
        try:
            self.config = cms_config(self.settings)
        except CmsSettingsError as exc:
            logger.error("cms: %s", exc)
            self.enabled = False

    def generate_output(self, writer):
        if not self.enabled:
            return
        bundle = bundle_folder(self.settings)
        if not (bundle / "decap-cms.js").exists():
            logger.info("cms: the admin (/admin/) was left out: the CMS packages are not "
                        "installed; run `npm ci` in %s", bundle.parents[2])
            return
        admin = Path(self.output_path) / ADMIN
        (admin / "decap").mkdir(parents=True, exist_ok=True)
        for pattern in BUNDLE_FILES:
            for path in bundle.glob(pattern):
                shutil.copyfile(path, admin / "decap" / path.name)
        for path in STATIC.iterdir():
            shutil.copyfile(path, admin / path.name)
        (admin / "config.yml").write_text(
            "# Made by plugins/cms from plugins/schema: edit those, not this file.\n"
            + yaml.safe_dump(self.config, allow_unicode=True, sort_keys=False, width=100),
            encoding="utf-8")
        data = site_data(self.settings, Path(self.settings["PATH"]),
                         read_cms_settings(self.settings))
        (admin / "site.json").write_text(json.dumps(data, ensure_ascii=False, sort_keys=True),
                                         encoding="utf-8")
        page = self.get_template("admin").render(
            SITENAME=self.settings.get("SITENAME", ""), lang=data["languages"][0],
            policy=admin_policy(self.config["backend"]))
        (admin / "index.html").write_text(page, encoding="utf-8")
