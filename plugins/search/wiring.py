"""Pagefind indexes the finished tree once (a post-build hook); `<html lang>` splits it
into an index per language.

Only elements marked `data-pagefind-body` (articles, events, courses, pages) are
indexed, so lists, the search page and the 404 page never show up as results.
"""

from __future__ import annotations

import functools
import json
import logging
import subprocess
import sys
from pathlib import Path

from build.hooks import BuildContext, Hooks

logger = logging.getLogger(__name__)

#: Files of Pagefind's ready-made interfaces; our search page uses the JS API only.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)
ENTRY = "pagefind-entry.json"


class SearchIndexError(RuntimeError):
    pass


@functools.cache
def pagefind_command() -> tuple[str, ...]:
    """The Pagefind binary the pinned package ships (what `python -m pagefind` runs)."""
    try:
        from pagefind_bin import get_executable
        binary = get_executable()
    except (ImportError, OSError):
        binary = None
    return (str(binary),) if binary else (sys.executable, "-m", "pagefind")


def run_pagefind(site: Path, bundle: Path) -> None:
    cmd = [*pagefind_command(), "--site", str(site), "--output-path", str(bundle), "--silent"]
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", check=False)
    if proc.returncode != 0:
        raise SearchIndexError(f"search: pagefind failed ({proc.returncode}): "
                               f"{(proc.stderr or proc.stdout).strip()[-2000:]}")


def post_build(context: BuildContext) -> None:
    """Index every page of the finished tree into `pagefind/`."""
    bundle = context.output / context.settings.get("SEARCH_BUNDLE_DIR", "pagefind")
    run_pagefind(context.output, bundle)
    for name in UNUSED_BUNDLE_FILES:
        (bundle / name).unlink(missing_ok=True)
    # Pagefind lists the languages in hash-map order, which changes between runs;
    # the same index must give the same bytes, so the keys are sorted.
    entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    (bundle / ENTRY).write_text(json.dumps(entry, sort_keys=True, ensure_ascii=False,
                                           separators=(",", ":")), encoding="utf-8")
    logger.info("search: indexed %s", context.output)


build_hooks = Hooks(post_build=post_build)


def register():
    """Nothing to wire into a language run: the index needs every page at once."""
