"""Pagefind indexes the finished tree, one run per language (`<html lang>` agrees).

Only elements marked `data-pagefind-body` (articles, events, courses, pages) are
indexed, so lists, the search page and the 404 page never show up as results.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from pathlib import Path

from pelican import signals

from i18n.build import KEPT_FOLDERS
from i18n.config import SettingsError, read_i18n_settings
from i18n.files import RunRecords, read_json_object, read_written, write_atomic
from i18n.unchanged import link_tree

logger = logging.getLogger(__name__)


class SearchIndexError(RuntimeError):
    pass


def post_build(output: Path, settings: dict) -> None:
    """Index each language into a bundle kept in the cache, then merge them into the build.

    Pagefind names its index and fragment files by their content and skips
    writing a file that already exists, so a bundle folder kept between builds
    costs a few new files per edit instead of some 1,300 new ones (creating
    files is most of a fresh run's time here). A language whose pages are the
    very files of the last run (incremental builds hard-link unchanged pages)
    is not indexed again. Each language's index is the same as one run over
    the whole site would make; the build gets exactly the files the indexes
    refer to, and the kept folders drop the rest.
    """
    output = Path(output)
    bundle = output / settings.get("SEARCH_BUNDLE_DIR", "pagefind")
    kept_root = Path(settings["CACHE_PATH"]) / "pagefind-bundle"
    parts = language_parts(output, settings, bundle.name)
    _finish_others(output)
    early = {code: _EARLY.pop((str(output), code)) for code, *_ in parts or ()
             if (str(output), code) in _EARLY}
    merged = _index_languages(kept_root, parts, bundle, early) if parts else None
    if merged is None:  # a layout or a Pagefind this code cannot read: one fresh run
        shutil.rmtree(kept_root, ignore_errors=True)
        shutil.rmtree(bundle, ignore_errors=True)
        for name, folder in (settings.get(KEPT_FOLDERS) or {}).items():
            link_tree(Path(folder), output / name)  # the whole site in one folder
        run_pagefind(output, bundle)
        for name in UNUSED_BUNDLE_FILES:
            (bundle / name).unlink(missing_ok=True)
        _sort_entry(bundle / ENTRY)
    else:
        entry = None
        for kept in merged:
            data = json.loads((kept / ENTRY).read_text(encoding="utf-8"))
            if entry is None:
                entry = data
            else:
                entry["languages"].update(data["languages"])
        _write_entry(bundle / ENTRY, entry)
    shutil.rmtree(output / MARKS_FOLDER, ignore_errors=True)  # the runs' notes, now used
    logger.info("search: indexed %s", output)


ENTRY = "pagefind-entry.json"


def language_parts(output: Path, settings: dict, bundle: str,
                   only: str | None = None) -> list[tuple] | None:
    """(code, glob, stamp, pages, site) per language: which pages are its, what they are
    now, and the folder they are in (the build's, or the last build's for a kept one).

    The stamp is every page's path, size and modification time, so a language
    whose pages all came from the previous build keeps its index. None when
    a language prefix is nested (only `en/`-like prefixes are handled). With
    ``only``, the part of that one language.
    """
    try:
        languages = read_i18n_settings(settings).languages
    except (SettingsError, KeyError, AttributeError):
        return None
    prefixes = {lang.prefix.rstrip("/") for lang in languages if lang.prefix}
    if any("/" in prefix for prefix in prefixes):
        return None
    stamp_base = f"{sys.version}|{_pagefind_version()}"
    # A language the build driver kept has its pages in the last build's tree until
    # the swap: the same files (so the same stamp), found there.
    kept = settings.get(KEPT_FOLDERS) or {}
    parts = []
    for lang in languages:
        if only is not None and lang.code != only:
            continue
        if lang.prefix:
            roots = [lang.prefix.rstrip("/")]
        else:
            roots = sorted(p.name for p in output.iterdir()
                           if p.name not in prefixes and p.name != bundle
                           and not p.name.startswith(".")
                           and (p.is_dir() or p.name.endswith(".html")))
        # (Only a language with a prefix, one root, is ever kept.)
        site = Path(kept[roots[0]]).parent if lang.prefix and roots[0] in kept else output
        pages = []
        for root in roots:
            top = site / root
            if top.is_file():
                pages.append(_stat(site, top))
            else:
                _html_pages(str(top), root, pages)
        glob = "{" + ",".join(r if r.endswith(".html") else f"{r}/**/*.html"
                              for r in roots) + "}"
        stamp = hashlib.sha256(repr((stamp_base, glob, pages)).encode()).hexdigest()
        parts.append((lang.code, glob, stamp, [page[0] for page in pages], site))
    return parts


#: Characters a glob would read as syntax; a page path with one is not listed by name.
GLOB_SYNTAX = frozenset("{}[]*?,!\\")


def body_pages_glob(output: Path, pages: list[str], marks: dict | None = None) -> str | None:
    """A glob naming exactly the pages marked `data-pagefind-body`.

    Pagefind indexes only those pages anyway; naming them spares it parsing the
    list pages (a fifth less time). ``marks`` ({page: marked}, from the language
    run, see `note_page`) answers for the pages when it knows every one; else
    each page is read. None when no page is marked (Pagefind then indexes whole
    pages) or a path cannot be written in a glob.
    """
    if marks and all(rel in marks for rel in pages):
        marked = [rel for rel in pages if marks[rel] is True]
    else:
        marked = []
        for rel in pages:
            with open(output / rel, "rb") as handle:
                if MARKER in handle.read():
                    marked.append(rel)
    if not marked or any(GLOB_SYNTAX & set(rel) for rel in marked):
        return None
    return "{" + ",".join(marked) + "}"


#: What makes a page a search result.
MARKER = b"data-pagefind-body"
#: Beside the pages of a build, one file per language run: {page: carries MARKER}.
MARKS_FOLDER = ".search-pages"


def _publish_marks(output: str, lang: str, marks: dict) -> None:
    write_atomic(os.path.join(output, MARKS_FOLDER, f"{lang}.json"),
                 json.dumps(marks, ensure_ascii=False, separators=(",", ":")))


#: Per language run: which of its pages carry the marker, for the search step (in
#: the build's MARKS_FOLDER) and for the next run (in the run's cache).
MARKS = RunRecords("search-pages.json", _publish_marks)


def note_page(path: str, context=None, reused: bool = False, **_) -> None:
    """content_written, in a language run: whether the page is a search result."""
    if context is None or not path.endswith(".html"):
        return
    previous, current = MARKS.run(context)
    rel = os.path.relpath(path, context["OUTPUT_PATH"]).replace(os.sep, "/")
    marked = previous.get(rel) if reused else None
    if not isinstance(marked, bool):
        marked = MARKER in read_written(path)
    current[rel] = marked


def _save_marks(_pelican) -> None:
    MARKS.save()


def run_marks(site: Path, code: str) -> dict:
    """What the language run of this build noted about its pages ({} for a language
    kept from the last build: its pages are read)."""
    return read_json_object(Path(site) / MARKS_FOLDER / f"{code}.json")


def _html_pages(folder: str, rel: str, found: list) -> None:
    """(path under the site, size, mtime) of every .html file under ``folder``, in the
    order of a sorted `os.walk` (a folder's files, then each sub-folder)."""
    files, folders = [], []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.name)
            elif entry.name.endswith(".html"):
                files.append(entry)
    for entry in sorted(files, key=lambda e: e.name):
        info = entry.stat()
        found.append((f"{rel}/{entry.name}", info.st_size, info.st_mtime_ns))
    for name in sorted(folders):
        _html_pages(os.path.join(folder, name), f"{rel}/{name}", found)


def _stat(output: Path, path: Path) -> tuple[str, int, int]:
    info = path.stat()
    return (path.relative_to(output).as_posix(), info.st_size, info.st_mtime_ns)


def _pagefind_version() -> str:
    try:
        from importlib.metadata import version
        return version("pagefind")
    except Exception:  # noqa: BLE001 - any failure only means "index again"
        return "unknown"


def _index_languages(kept_root: Path, parts, bundle: Path, early: dict | None = None):
    """Run Pagefind for each language whose pages changed (side by side), and put each
    language's files in ``bundle`` as soon as they are ready (the files two languages
    share, pagefind.js and the like, are the same). ``early`` holds the indexing
    `language_written` started for a language as its run ended. Returns the kept
    folders, or None when one cannot be read."""
    early = early or {}
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = {pool.submit(_settle, early.get(part[0]), part, kept_root): part
                for part in parts}
        readable = True
        for job in as_completed(jobs):
            part = jobs[job]
            indexed = job.result()
            kept = kept_root / part[0]
            files = bundle_files(kept) if readable else None
            if files is None:
                readable = False
                continue
            place_bundle(kept, bundle, [f for f in files if f != ENTRY], prune=indexed)
            logger.debug("search: %s: %d files", part[0], len(files))
    if not readable:
        return None
    for code, _glob, stamp, *_ in parts:
        (kept_root / code / ".inputs").write_text(stamp, encoding="utf-8")
    return [kept_root / code for code, *_ in parts]


def _refresh(part, kept_root: Path) -> tuple[str, bool]:
    """Index ``part``'s language into its kept folder unless the folder's stamp says
    it is current: (the stamp worked from, whether Pagefind ran)."""
    code, glob, stamp, pages, site = part
    kept = kept_root / code
    stamp_file = kept / ".inputs"
    try:
        same = stamp_file.read_text(encoding="utf-8") == stamp
    except OSError:
        same = False
    if not same:  # (a kept bundle that no longer reads fails later: one fresh run)
        stamp_file.unlink(missing_ok=True)
        run_pagefind(site, kept, body_pages_glob(site, pages, run_marks(site, code)) or glob)
    return stamp, not same


def _settle(started, part, kept_root: Path) -> bool:
    """Whether ``part``'s language was indexed, waiting for the early job if there is
    one; its pages changed since that job looked (they should not have): again."""
    if started is not None:
        stamp, indexed = started.result()
        if stamp == part[2]:
            return indexed
    return _refresh(part, kept_root)[1]


#: Indexing started when a language run ended, by (output folder, language).
_EARLY: dict[tuple[str, str], Future] = {}
_EARLY_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="search-early")


def _finish_others(output: Path) -> None:
    """Wait for indexing a failed build started (its folder is gone): it writes into
    the same kept folders as this build will."""
    for key in [key for key in _EARLY if key[0] != str(output)]:
        with contextlib.suppress(Exception):
            _EARLY.pop(key).result()


def language_written(output: Path, settings: dict, code: str) -> None:
    """The build driver says a language run has finished: its pages are final (the
    other runs write elsewhere), so its index is built while they go on.

    Pagefind gets every core even while another run is still going: the system
    shares them. With one thread (the core the finished run left), this
    language's index was often still running alone on one core after the
    other's had ended; a cold build was about 3% slower (A/B of 6 builds each)."""
    output = Path(output)
    _finish_others(output)
    bundle = output / settings.get("SEARCH_BUNDLE_DIR", "pagefind")
    parts = language_parts(output, settings, bundle.name, only=code)
    if parts:
        kept_root = Path(settings["CACHE_PATH"]) / "pagefind-bundle"
        _EARLY[(str(output), code)] = _EARLY_POOL.submit(_refresh, parts[0], kept_root)


@functools.cache
def pagefind_command() -> tuple[str, ...]:
    """The Pagefind binary the pinned package ships, started directly: `python -m
    pagefind` costs a Python start-up (about 50 ms) before it execs the same file."""
    try:
        from pagefind_bin import get_executable  # what `python -m pagefind` runs
        binary = get_executable()
    except (ImportError, OSError):
        binary = None
    return (str(binary),) if binary else (sys.executable, "-m", "pagefind")


def run_pagefind(site: Path, bundle: Path, glob: str | None = None) -> None:
    cmd = [*pagefind_command(), "--site", str(site), "--output-path", str(bundle), "--silent"]
    if glob:
        cmd += ["--glob", glob]
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
        entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
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
            if path.name in UNUSED_BUNDLE_FILES or path.name.startswith("."):
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


def place_bundle(kept: Path, target: Path, files: list[str], *, prune: bool = True) -> None:
    """Copy the current files into the build; with ``prune``, drop the rest from the
    kept folder (only a folder Pagefind just wrote to has any).

    Content-named files never change, so they are hard-linked (a name already
    there is the same file); the others (pagefind.js, the entry file) are
    rewritten by the next run, so copied.
    """
    folders = set()
    for rel in files:
        source, destination = os.path.join(kept, rel), os.path.join(target, rel)
        folder = os.path.dirname(destination)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        if "/" in rel:
            try:
                os.link(source, destination)
                continue
            except FileExistsError:
                continue
            except OSError:
                pass
        shutil.copyfile(source, destination)
    if not prune:
        return
    wanted = set(files)
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
    _write_entry(path, json.loads(path.read_text(encoding="utf-8")))


def _write_entry(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False,
                               separators=(",", ":")), encoding="utf-8")


def register():
    """In each language run, note which pages are search results; the index itself
    needs every page at once (post_build)."""
    signals.content_written.connect(note_page)
    signals.finalized.connect(_save_marks)
