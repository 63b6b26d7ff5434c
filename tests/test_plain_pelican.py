"""The plugins are real Pelican plugins: an ordinary `pelican content` run (not the
project's build driver) builds a tiny site with them and shows each one's work."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

#: plugin -> files (relative to the output) that only that plugin writes.
WRITES = {
    "i18n": ["index.html", "news/platform-presentation/index.html"],
    "events": ["events/index.html", "calendar.ics"],
    "courses": ["courses/index.html", "courses/english/index.html"],
    "cards": ["cards/news/platform-presentation.png"],
    "feeds": ["feed.xml"],
}
#: Plugins whose work needs every language or the finished tree: their build hooks run
#: under the build driver (docs/architecture.md); under plain Pelican they load and
#: stay out of the way.
HOOK_ONLY = ["checks", "sitemap", "images", "search"]

#: The site's settings and, on top, the default language's run settings, which the
#: build driver would pass as overrides (i18n/config.py: run_overrides).
SETTINGS = """\
import sys
sys.path.insert(0, {root!r})
import pelicanconf
from i18n.config import read_i18n_settings, run_overrides
_site = {{k: getattr(pelicanconf, k) for k in dir(pelicanconf) if k.isupper()}}
_i18n = read_i18n_settings(_site)
globals().update(_site)
globals().update(run_overrides(_site, _i18n, _i18n.default.code))
PATH = {content!r}
OUTPUT_PATH = {output!r}
CACHE_PATH = {cache!r}
PLUGINS = {plugins!r}
THEME = {root!r} + "/theme"
PLUGIN_PATHS = [{root!r} + "/plugins"]
LOAD_CONTENT_CACHE = False
"""


def tiny_site(folder: Path) -> Path:
    """One news item, one event, one course and a page, in both languages."""
    content = folder / "content"
    for name in ("news/platform-presentation", "events/anti-corruption-training",
                 "courses/english", "pages/contacts"):
        for lang in ("uk", "en"):
            source = ROOT / "content" / f"{name}.{lang}.md"
            (content / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, content / f"{name}.{lang}.md")
    shutil.copytree(ROOT / "content" / "images", content / "images")
    return content


def plain_pelican(tmp_path: Path, plugins: list[str]) -> tuple[Path, str]:
    content = tiny_site(tmp_path)
    output = tmp_path / "output"
    conf = tmp_path / "conf.py"
    conf.write_text(SETTINGS.format(root=str(ROOT), content=str(content), output=str(output),
                                    cache=str(tmp_path / "cache"), plugins=plugins),
                    encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pelican", str(content), "-s", str(conf)],
                          capture_output=True, text=True, encoding="utf-8", cwd=tmp_path,
                          timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    return output, proc.stdout + proc.stderr


def test_plain_pelican_builds_the_site_with_the_projects_plugins(tmp_path):
    """The theme needs the filters of several plugins, so they are loaded together."""
    from pelican.settings import read_settings

    plugins = read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    assert set(WRITES) | set(HOOK_ONLY) <= set(plugins)
    output, log = plain_pelican(tmp_path, plugins)
    for plugin, names in WRITES.items():
        for name in names:
            assert (output / name).is_file(), f"{plugin}: {name} missing\n{log}"
    # The hook-only plugins leave the tree as Pelican wrote it.
    assert not (output / "sitemap.xml").exists() and not (output / "pagefind").exists()
