"""Where a problem is: the source file as an editor sees it and the line of a field."""

from __future__ import annotations

import os
import re

from common.slugs import source_label

__all__ = ["field_line", "language_of", "source_label"]


def _header(path: str) -> tuple[str, ...]:
    try:
        with open(path, encoding="utf-8") as handle:
            lines = []
            for line in handle:
                if not line.strip():
                    break
                lines.append(line)
            return tuple(lines)
    except OSError:
        return ()


def field_line(path: str, field: str) -> int:
    """The line of `Field:` in the metadata block, or 1 when the field is not written."""
    pattern = re.compile(rf"^\s{{0,3}}{re.escape(field)}\s*:", re.IGNORECASE)
    for number, line in enumerate(_header(path), start=1):
        if pattern.match(line):
            return number
    return 1


def language_of(path: str) -> str | None:
    """`kitchen.en.md` -> 'en'; the i18n plugin's file-name convention."""
    parts = os.path.basename(path).split(".")
    return parts[-2] if len(parts) >= 3 else None
