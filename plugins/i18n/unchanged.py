"""Which language runs an edit cannot reach, so their part of the site is kept as it is.

A run reads every Markdown file, but of a file in another language it reads
only the metadata block (see reader.py: a twin's body is never rendered by
this run). So the output of the `en` run depends on the render base (code,
settings, theme, libraries, the other content files), on every file's
metadata block, and on the bodies of the English files only. When that digest
is the last successful build's and the `en/` folder is still the one that
build wrote, the run would write the same files: its folder is linked into
the new tree instead. An edit to a Ukrainian article's text then costs one
language run, not two, and the content checks use the core it leaves free.

Conservative on purpose: only the article and page folders are treated this
way (the courses plugin reads every language's syllabus body to compare the
twins), only languages with a one-level prefix (`en/`) are kept, and a run
whose pages depend on the clock is kept only until the date it wrote.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from pelican.utils import pelican_open

from .files import read_json_object, write_atomic
from .reader import metadata_block
from .slugs import split_source_name

#: Per Markdown file: size, mtime, and the digests of its metadata block and whole text.
STAT_CACHE = "language-inputs.json"


def simple_prefix(prefix: str) -> str | None:
    """'en' for 'en/'; None for the default language's '' and for nested prefixes."""
    name = prefix.strip("/")
    return name if name and "/" not in name and name == prefix.rstrip("/") else None


def _header_only_folders(settings: dict) -> tuple[str, ...]:
    folders = [*settings.get("ARTICLE_PATHS", ()), *settings.get("PAGE_PATHS", ())]
    return tuple(f.strip("/") + "/" for f in folders if f and f.strip("/"))


def language_inputs(settings: dict, render_base: str, codes, markdown: list[tuple],
                    cache: Path) -> dict[str, str]:
    """Digest of what each language's run reads, from ``markdown``: (path relative to
    the content folder, size, mtime) of every Markdown file, as `build._tree` lists them."""
    known = read_json_object(cache / STAT_CACHE)
    root = Path(settings["PATH"])
    header_only = _header_only_folders(settings)
    files = {}
    for rel, size, mtime in markdown:
        found = known.get(rel)
        if not found or found[0] != size or found[1] != mtime:
            with pelican_open(str(root / rel)) as text:
                found = [size, mtime, _sha(metadata_block(text)), _sha(text)]
        files[rel] = found
    if files != known:
        write_atomic(cache / STAT_CACHE, json.dumps(files, separators=(",", ":")))
    digests = {}
    for code in codes:
        digest = hashlib.sha256(f"{render_base}|{code}".encode())
        for rel in sorted(files):
            _size, _mtime, header, whole = files[rel]
            lang = split_source_name(rel)[1]
            twin = lang is not None and lang != code and rel.startswith(header_only)
            digest.update(f"\n{rel}\0{header if twin else whole}".encode())
        digests[code] = digest.hexdigest()
    return digests


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def tree_stamp(entries) -> str:
    """Digest of (path, size, mtime) entries: a folder exactly as a build left it."""
    return hashlib.sha256(repr(list(entries)).encode()).hexdigest()


def subtree(entries, folder: str) -> list:
    """The entries of a whole-output `_tree` that lie in ``folder``, relative to it."""
    start = folder + os.sep
    return [(rel[len(start):], size, mtime) for rel, size, mtime in entries
            if rel.startswith(start)]


def still_valid(cache: Path) -> bool:
    """False once the date a run's clock-dependent pages are valid until has passed."""
    try:
        until = (cache / "valid-until").read_text(encoding="utf-8").strip()
    except OSError:
        return True
    try:
        return datetime.now(UTC) < datetime.fromisoformat(until)
    except ValueError:
        return False


def link_tree(source: Path, target: Path) -> int:
    """Hard-link every file under ``source`` to the same place under ``target``
    (a copy across file systems); the files keep their size and mtime."""
    count = 0
    for folder, dirs, names in os.walk(source):
        dirs.sort()
        rel = os.path.relpath(folder, source)
        into = target if rel == "." else target / rel
        into.mkdir(parents=True, exist_ok=True)
        for name in names:
            try:
                os.link(os.path.join(folder, name), into / name)
            except OSError:
                shutil.copy2(os.path.join(folder, name), into / name)
            count += 1
    return count
