"""The offline plugin's wiring: a generator per language run, and a post-build hook
that draws the icons and writes the service worker once every language is written."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from i18n import language_run
from sitebuild.hooks import BuildContext, Hooks, StepError

from .generator import ICON_FOLDER, OfflineGenerator
from .icons import LogoError, write_icons
from .precache import PrecacheError, precache_list, worker_source

logger = logging.getLogger(__name__)


def post_build(context: BuildContext) -> None:
    settings = context.settings
    theme = Path(settings["THEME"])
    try:
        write_icons(theme / settings["LOGO"], context.output / ICON_FOLDER,
                    context.cache / "icons")
    except LogoError as exc:
        raise StepError(f"offline: LOGO: {exc}") from None
    run = language_run(settings)
    prefixes = [language.prefix for language in run.languages]
    offline = {prefix: prefix + settings["OFFLINE_URL"] for prefix in prefixes}
    pages = [prefix + page for prefix in prefixes for page in settings["OFFLINE_PAGES"]]
    # Production pages link to the site by its absolute address; development ones
    # relatively (SITEURL is "").
    public_url = run.served_url
    try:
        entries = precache_list(context.output, public_url, pages, list(offline.values()))
    except PrecacheError as exc:
        raise StepError(f"offline: precache: {exc}") from None
    size = sum(gzipped for _path, _rev, gzipped in entries)
    budget = settings["OFFLINE_PRECACHE_BUDGET"]
    if size > budget:
        heaviest = sorted(entries, key=lambda entry: -entry[2])[:3]
        logger.warning("offline: the precache is %d bytes gzip, over OFFLINE_PRECACHE_BUDGET "
                       "(%d); the heaviest: %s", size, budget,
                       ", ".join(f"{path} ({gzipped})" for path, _rev, gzipped in heaviest))
    template = (theme / "offline" / "sw.js").read_text(encoding="utf-8")
    (context.output / "sw.js").write_text(worker_source(template, entries, offline),
                                          encoding="utf-8")
    logger.info("offline: %d files precached, %d bytes gzip", len(entries), size)


build_hooks = Hooks(post_build=post_build)


def get_generators(_pelican):
    return OfflineGenerator


def register():
    signals.get_generators.connect(get_generators)
