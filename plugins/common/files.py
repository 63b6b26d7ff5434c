"""Files a build keeps for the next one: written so that no reader ever sees half of
one, read back without failing on a missing or damaged one."""

from __future__ import annotations

import json
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


def read_json_object(path: Path | str) -> dict:
    """The JSON object in ``path``; {} when it is missing, unreadable or not an object."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
