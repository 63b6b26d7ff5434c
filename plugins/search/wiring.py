"""Pagefind runs once over the finished tree; it splits the index by <html lang>.

Only elements marked `data-pagefind-body` (articles, events, courses, pages) are
indexed, so lists, the search page and the 404 page never show up as results.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

logger = logging.getLogger(__name__)


class SearchIndexError(RuntimeError):
    pass


def post_build(output: Path, settings: dict) -> None:
    """Index the finished tree into a bundle kept in the cache, then copy the bundle in.

    Pagefind names its index and fragment files by their content and skips
    writing a file that already exists, so a bundle folder kept between builds
    costs a few new files per edit instead of some 1,300 new ones (creating
    files is most of a fresh run's time here). The build gets exactly the files
    the new index refers to; the cached folder keeps nothing else.
    """
    bundle = settings.get("SEARCH_BUNDLE_DIR", "pagefind")
    kept = Path(settings["CACHE_PATH"]) / "pagefind-bundle"
    run_pagefind(output, kept)
    files = bundle_files(kept)
    if files is None:  # a Pagefind whose index this code cannot read: a fresh bundle
        shutil.rmtree(kept, ignore_errors=True)
        run_pagefind(output, Path(output) / bundle)
    else:
        place_bundle(kept, Path(output) / bundle, files)
    folder = Path(output) / bundle
    _sort_entry(folder / "pagefind-entry.json")
    logger.info("search: indexed %s", output)


def run_pagefind(site: Path, bundle: Path) -> None:
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site),
           "--output-path", str(bundle), "--silent"]
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", check=False)
    if proc.returncode != 0:
        raise SearchIndexError(f"search: pagefind failed ({proc.returncode}): "
                               f"{(proc.stderr or proc.stdout).strip()[-2000:]}")


#: Folders of content-named files, and the suffix of each.
HASHED_FOLDERS = {"fragment": ".pf_fragment", "index": ".pf_index", "filter": ".pf_filter"}


def bundle_files(bundle: Path) -> list[str] | None:
    """The files of the bundle's current index (relative paths); None when unreadable.

    The entry file names each language's meta file; a meta file (gzip, then
    CBOR) names every fragment, index chunk and filter of its language as a
    short text string `<lang>_<hash>`.
    """
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        languages = entry["languages"]
        names, metas = set(), set()
        for lang, info in languages.items():
            meta = f"pagefind.{info['hash']}.pf_meta"
            metas.add(meta)
            names |= _referenced(gzip.decompress((bundle / meta).read_bytes()), lang)
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return None
    files = []
    for path in sorted(bundle.iterdir()):
        if path.is_file():
            if path.name in UNUSED_BUNDLE_FILES:
                continue
            if path.suffix == ".pf_meta" and path.name not in metas:
                continue
            files.append(path.name)
        elif path.name in HASHED_FOLDERS:
            suffix = HASHED_FOLDERS[path.name]
            files += [f"{path.name}/{p.name}" for p in sorted(path.iterdir())
                      if p.name.endswith(suffix) and p.name[: -len(suffix)] in names]
    fragments = sum(1 for f in files if f.startswith("fragment/"))
    if fragments != sum(int(info.get("page_count", 0)) for info in languages.values()):
        return None  # the meta files did not read as expected
    return files


def _referenced(meta: bytes, lang: str) -> set[str]:
    """Every `<lang>_...` text string of a CBOR document (each has a one-byte head)."""
    found = set()
    start = 0
    marker = f"{lang}_".encode()
    while (at := meta.find(marker, start)) != -1:
        head = meta[at - 1] if at else 0
        if 0x60 < head < 0x78:  # a CBOR text string shorter than 24 bytes
            found.add(meta[at: at + head - 0x60].decode("ascii", "replace"))
        start = at + 1
    return found


def place_bundle(kept: Path, target: Path, files: list[str]) -> None:
    """Copy the current files into the build; drop the rest from the kept folder.

    Content-named files never change, so they are hard-linked; the others
    (pagefind.js, the entry file) are rewritten by the next run, so copied.
    """
    wanted = set(files)
    for rel in files:
        source, destination = kept / rel, target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.unlink(missing_ok=True)
        if "/" in rel:
            try:
                os.link(source, destination)
                continue
            except OSError:
                pass
        shutil.copyfile(source, destination)
    for folder in HASHED_FOLDERS:
        for path in (kept / folder).glob("*") if (kept / folder).is_dir() else ():
            if f"{folder}/{path.name}" not in wanted:
                path.unlink()
    for path in kept.glob("*.pf_meta"):
        if path.name not in wanted:
            path.unlink()


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
