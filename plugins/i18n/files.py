"""Writing a file so that no reader (or a later build) ever sees half of it."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomic(path: Path | str, data: bytes | str) -> None:
    """Write through a temporary name beside ``path``, then rename it into place.

    The temporary name carries the process id: two processes writing the same
    file (two language runs, a card drawn by two workers) never share one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    if isinstance(data, str):
        temporary.write_text(data, encoding="utf-8")
    else:
        temporary.write_bytes(data)
    temporary.replace(path)
