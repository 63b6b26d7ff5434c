"""The output trees: the fresh folder a build writes into, and the swap that publishes it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path


def fresh_folder(final: Path) -> Path:
    """An empty folder beside ``final`` for this build (one a crashed build left is removed)."""
    staging = final.with_name(f".{final.name}.building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


_STAGING = re.compile(r"\.(?P<kind>building|old)-(?P<pid>\d+)(?:-\d+)?")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: asks whether the process exists, sends nothing
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def remove_stale(final: Path) -> list[Path]:
    """Remove the staging folders beside ``final`` that a build killed before it could
    clean up left; returns them. Only folders named as a build names them whose
    process is gone: a build running beside this one keeps its folder. Old trees of
    finished builds go to a detached deletion, as the swap's do: one may still be
    at work on the last build's."""
    stale, old = [], []
    prefix = f".{final.name}"
    for folder in sorted(final.parent.glob(f"{prefix}.*-*")):
        match = _STAGING.fullmatch(folder.name[len(prefix):])
        if match and folder.is_dir() and not _alive(int(match["pid"])):
            if match["kind"] == "old":
                old.append(folder)
            else:
                shutil.rmtree(folder, ignore_errors=True)
                stale.append(folder)
    remove_in_background(old)
    return stale


def swap(staging: Path, final: Path) -> None:
    """Replace ``final`` by ``staging`` with two renames; the old tree is deleted after.

    The site is never half-written: it is the old tree or the new one, and
    lacks both only between the two renames.
    """
    old = final.with_name(f".{final.name}.old-{os.getpid()}-{time.monotonic_ns()}")
    if final.exists():
        final.rename(old)
        staging.rename(final)
        remove_in_background([old])
    else:
        staging.rename(final)


def remove_in_background(folders: list[Path]) -> None:
    """Delete ``folders`` in a process of their own that nobody waits for: the build
    returns as soon as its tree is in place. Old trees a deletion left (the machine
    stopped) are handed over again by the next build's `remove_stale`."""
    if folders:
        subprocess.Popen(
            [sys.executable, "-c", "import shutil, sys\n"
             "for folder in sys.argv[1:]: shutil.rmtree(folder, ignore_errors=True)",
             *map(str, folders)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)


def listing(root: Path, skip: frozenset[str] = frozenset()) -> list[tuple[str, int, int]]:
    """(relative path, size, mtime in ns) of every file under ``root``, sorted: a
    folder's files, then its folders (not symbolic links to folders); folders named in
    ``skip`` are left out."""
    found: list[tuple[str, int, int]] = []

    def visit(folder: str, prefix: str) -> None:
        # scandir hands over each entry's type with its name: one stat per file only.
        with os.scandir(folder) as entries:
            files, folders = [], []
            for entry in entries:
                if entry.is_dir():
                    if not entry.is_symlink() and entry.name not in skip:
                        folders.append(entry)
                else:
                    files.append(entry)
        for entry in sorted(files, key=lambda e: e.name):
            info = entry.stat()
            found.append((prefix + entry.name, info.st_size, info.st_mtime_ns))
        for entry in sorted(folders, key=lambda e: e.name):
            visit(entry.path, prefix + entry.name + os.sep)

    if os.path.isdir(root):
        visit(str(root), "")
    return found
