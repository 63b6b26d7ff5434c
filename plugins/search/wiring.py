"""Pagefind indexes the finished tree once (a post-build hook); `<html lang>` splits it
into an index per language.

A preview build (`invoke livereload`, `invoke edit`) carries the last index over,
marked `"stale": true` in its entry file so the search page says it is older than
the pages, and indexes the new tree in a detached process once it is in place: the
browser reloads without waiting for Pagefind. A production build indexes before
the swap, as always.

Only elements marked `data-pagefind-body` (articles, events, courses, pages) are
indexed, so lists, the search page and the 404 page never show up as results.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from build.hooks import BuildContext, Hooks
from common.files import write_atomic

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


def index(site: Path, bundle: Path) -> None:
    """Index every page of ``site`` into ``bundle``."""
    run_pagefind(site, bundle)
    for name in UNUSED_BUNDLE_FILES:
        (bundle / name).unlink(missing_ok=True)
    # Pagefind lists the languages in hash-map order, which changes between runs;
    # the same index must give the same bytes, so the keys are sorted.
    entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    (bundle / ENTRY).write_text(json.dumps(entry, sort_keys=True, ensure_ascii=False,
                                           separators=(",", ":")), encoding="utf-8")


def _bundle_name(settings) -> str:
    return settings.get("SEARCH_BUNDLE_DIR", "pagefind")


def _carry_over(previous: Path, bundle: Path) -> bool:
    """The last index, hard-linked into the new tree and marked stale; False when there
    is none to carry."""
    try:
        entry = json.loads((previous / ENTRY).read_text(encoding="utf-8"))
        shutil.copytree(previous, bundle, copy_function=os.link)
    except (OSError, ValueError):
        shutil.rmtree(bundle, ignore_errors=True)
        return False
    # A new file, not the linked one: the last tree's entry stays as it was.
    (bundle / ENTRY).unlink()
    write_atomic(bundle / ENTRY, json.dumps({**entry, "stale": True}, sort_keys=True,
                                            ensure_ascii=False, separators=(",", ":")))
    return True


def post_build(context: BuildContext) -> None:
    """Index every page of the finished tree into `pagefind/` (a preview: carry the last
    index over when there is one; `after_swap` indexes)."""
    name = _bundle_name(context.settings)
    bundle = context.output / name
    if context.preview and context.final and _carry_over(context.final / name, bundle):
        logger.info("search: the last index carried over; indexing after the swap")
        return
    index(context.output, bundle)
    logger.info("search: indexed %s", context.output)


def after_swap(context: BuildContext) -> None:
    """A preview build is in place: index it in a process nobody waits for."""
    bundle = context.final / _bundle_name(context.settings)
    entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    if not entry.get("stale"):
        return
    plugins = [str(Path(__file__).resolve().parent.parent)]
    subprocess.Popen([sys.executable, "-m", "search.wiring", str(context.final), str(bundle)],
                     env={**os.environ, "PYTHONPATH": os.pathsep.join(plugins)},
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)


def reindex(site: Path, bundle: Path) -> None:
    """Index ``site`` beside it, then put the new index in place of ``bundle``."""
    stamp = f"{os.getpid()}-{time.monotonic_ns()}"
    fresh = site.with_name(f".{site.name}.building-{stamp}")
    old = site.with_name(f".{site.name}.old-{stamp}")
    index(site, fresh)
    bundle.rename(old)
    fresh.rename(bundle)
    shutil.rmtree(old, ignore_errors=True)


build_hooks = Hooks(post_build=post_build, after_swap=after_swap)


def register():
    """Nothing to wire into a language run: the index needs every page at once."""


if __name__ == "__main__":
    reindex(Path(sys.argv[1]), Path(sys.argv[2]))
