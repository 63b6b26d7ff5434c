"""Pagefind runs once over the finished tree; it splits the index by <html lang>.

Only elements marked `data-pagefind-body` (articles, events, courses, pages) are
indexed, so lists, the search page and the 404 page never show up as results.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

logger = logging.getLogger(__name__)


class SearchIndexError(RuntimeError):
    pass


def post_build(output: Path, settings: dict) -> None:
    bundle = settings.get("SEARCH_BUNDLE_DIR", "pagefind")
    cmd = [sys.executable, "-m", "pagefind", "--site", str(output),
           "--output-subdir", bundle, "--silent"]
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", check=False)
    if proc.returncode != 0:
        raise SearchIndexError(f"search: pagefind failed ({proc.returncode}): "
                               f"{(proc.stderr or proc.stdout).strip()[-2000:]}")
    folder = Path(output) / bundle
    _sort_entry(folder / "pagefind-entry.json")
    # Pagefind's own UIs are not used (theme/static/js/search.js is): not published.
    for name in UNUSED_BUNDLE_FILES:
        (folder / name).unlink(missing_ok=True)
    logger.info("search: indexed %s", output)


#: Files of Pagefind's ready-made interfaces; our search page uses the JS API only.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)


def _sort_entry(path: Path) -> None:
    """Pagefind lists the languages in hash-map order, which changes between runs;
    the same index must give the same bytes, so the keys are sorted."""
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False,
                               separators=(",", ":")), encoding="utf-8")


def register():
    """Nothing to wire into a language run; the index needs every page at once."""
