"""The output trees: the fresh folder a build writes into, and the swap that publishes it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def fresh_folder(final: Path) -> Path:
    """An empty folder beside ``final`` for this build (one a crashed build left is removed)."""
    staging = final.with_name(f".{final.name}.building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def swap(staging: Path, final: Path) -> None:
    """Replace ``final`` by ``staging`` with two renames; then delete the old tree.

    The site is never half-written: it is the old tree or the new one, and
    lacks both only between the two renames.
    """
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def listing(root: Path, skip: frozenset[str] = frozenset()) -> list[tuple[str, int, int]]:
    """(relative path, size, mtime in ns) of every file under ``root``, sorted; folders
    named in ``skip`` are left out."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in skip)
        rel = os.path.relpath(folder, root)
        for name in sorted(files):
            path = os.path.join(folder, name)
            info = os.stat(path)
            found.append((name if rel == "." else os.path.join(rel, name),
                          info.st_size, info.st_mtime_ns))
    return found
