"""Pagefind indexes the finished tree (a post-build hook): one index per language,
each in its language's tree (`pagefind/`, `en/pagefind/`), made side by side.

A preview build (`invoke livereload`, `invoke edit`) carries the last indexes over,
marked `"stale": true` in their entry files so the search page says they are older
than the pages, and indexes the new tree in a detached process once it is in place:
the browser reloads without waiting for Pagefind. A production build indexes before
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
from pathlib import Path

from common.files import write_atomic
from i18n import language_run
from sitebuild.hooks import BuildContext, Hooks

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


def language_globs(site: Path, prefixes: dict[str, str]) -> dict[str, str]:
    """Pagefind's ``--glob`` for each language code: a language with a prefix is its
    folder; the one at the root is the root's pages and every folder but the others'."""
    others = {prefix.strip("/") for prefix in prefixes.values() if prefix}
    globs = {}
    for code, prefix in prefixes.items():
        if prefix:
            globs[code] = f"{prefix.strip('/')}/**/*.html"
        else:
            folders = sorted(entry.name for entry in os.scandir(site)
                             if entry.is_dir() and entry.name not in others)
            globs[code] = "{" + ",".join(["*.html", *(f"{f}/**/*.html" for f in folders)]) + "}"
    return globs


def index(site: Path, bundles: dict[Path, str]) -> None:
    """Index the pages of ``site`` that each glob finds into its bundle, one Pagefind
    process per bundle, side by side (one process leaves part of the second core idle)."""
    started = []
    for bundle, glob in bundles.items():
        cmd = [*pagefind_command(), "--site", str(site), "--glob", glob,
               "--output-path", str(bundle), "--silent"]
        started.append((bundle, subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            encoding="utf-8", errors="replace")))
    failed = []
    for bundle, proc in started:
        out, _ = proc.communicate()
        if proc.returncode != 0:
            failed.append(f"search: pagefind failed ({proc.returncode}) for {bundle}: "
                          f"{out.strip()[-2000:]}")
    if failed:
        raise SearchIndexError("\n".join(failed))
    for bundle in bundles:
        for name in UNUSED_BUNDLE_FILES:
            (bundle / name).unlink(missing_ok=True)
        entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
        (bundle / ENTRY).write_text(_entry_text(entry), encoding="utf-8")


def _entry_text(entry: dict) -> str:
    """Pagefind writes the entry's keys in hash-map order, which changes between runs;
    the same index must give the same bytes, so the keys are sorted."""
    return json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def bundles_of(context: BuildContext, site: Path) -> dict[Path, str]:
    """Each language's index folder in ``site`` and the glob of its pages."""
    name = context.settings.get("SEARCH_INDEX_URL", "pagefind/").strip("/")
    run = language_run(context.settings)
    prefixes = {code: run.prefix_of(code) for code in run.codes}
    globs = language_globs(site, prefixes)
    return {site / (prefixes[code] + name): globs[code] for code in prefixes}


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
    write_atomic(bundle / ENTRY, _entry_text({**entry, "stale": True}))
    return True


def post_build(context: BuildContext) -> None:
    """Index every language's pages of the finished tree (a preview: carry the last
    indexes over when there are some; `after_swap` indexes)."""
    bundles = bundles_of(context, context.output)
    if context.preview and context.final:
        carried = [bundle for bundle in bundles if _carry_over(
            context.final / bundle.relative_to(context.output), bundle)]
        if len(carried) == len(bundles):
            logger.info("search: the last indexes carried over; indexing after the swap")
            return
        for bundle in carried:  # Pagefind must not write into files linked to the live tree
            shutil.rmtree(bundle)
    index(context.output, bundles)
    logger.info("search: indexed %s", context.output)


def after_swap(context: BuildContext) -> None:
    """A preview build is in place: index it in a process nobody waits for."""
    bundles = bundles_of(context, context.final)
    stale = [bundle for bundle in bundles
             if json.loads((bundle / ENTRY).read_text(encoding="utf-8")).get("stale")]
    if not stale:
        return
    plugins = [str(Path(__file__).resolve().parent.parent)]
    args = [str(part) for bundle in stale for part in (bundle, bundles[bundle])]
    subprocess.Popen([sys.executable, "-m", "search.wiring", str(context.final), *args],
                     env={**os.environ, "PYTHONPATH": os.pathsep.join(plugins)},
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)


def reindex(site: Path, bundles: dict[Path, str]) -> None:
    """Index ``site`` beside it, then put each new index in place of its bundle."""
    fresh = {bundle: site.with_name(f".{site.name}.building-{os.getpid()}-{n}")
             for n, bundle in enumerate(bundles)}
    index(site, {fresh[bundle]: glob for bundle, glob in bundles.items()})
    for n, bundle in enumerate(bundles):
        old = site.with_name(f".{site.name}.old-{os.getpid()}-{n}")
        bundle.rename(old)
        fresh[bundle].rename(bundle)
        shutil.rmtree(old, ignore_errors=True)


build_hooks = Hooks(post_build=post_build, after_swap=after_swap)


def register():
    """Nothing to wire into a language run: the index needs every page at once."""


if __name__ == "__main__":
    pairs = sys.argv[2:]  # bundle, glob, bundle, glob, ...
    reindex(Path(sys.argv[1]),
            {Path(bundle): glob for bundle, glob in zip(pairs[::2], pairs[1::2], strict=True)})
