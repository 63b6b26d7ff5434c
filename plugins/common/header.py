"""The one reader of a Markdown file's metadata header that keeps line numbers.

Pelican's Markdown reader keeps no line numbers, so the header is read here the
same way Python-Markdown's meta extension reads it (`Key: value` lines up to the
first blank line, continuation lines indented 4+), and every field remembers
where it was written. The checks, the content types and the editor tools all
read headers through it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# Python-Markdown's meta extension: `Key: value`, continuation lines indented 4+.
_KEY = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^[ ]{4,}(?P<value>.*)$")


@dataclass
class Field:
    name: str  # lower case, as Pelican gives it
    value: str
    line: int


@dataclass
class Header:
    fields: dict[str, Field]
    body: list[str]
    body_start: int  # the file line of body[0]
    error: tuple[int, str] | None = None  # a field written twice


def parse_header(text: str) -> Header:
    """The `Key: value` block at the top, read the way Python-Markdown's meta extension
    reads it (continuation lines indented 4+), with the line of every field."""
    lines = text.splitlines()
    fields: dict[str, Field] = {}
    error = None
    index = 0
    current: Field | None = None
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            break
        match = _KEY.match(line)
        if current is not None and not match and _CONTINUATION.match(line):
            current.value = f"{current.value} {line.strip()}".strip()
        elif match:
            name = match["key"].strip().lower()
            if name in fields:
                error = (index + 1, f"{name}: written twice (also on line "
                                    f"{fields[name].line}); keep one")
            current = Field(name, match["value"].strip(), index + 1)
            fields[name] = current
        else:
            break  # like Python-Markdown: the text starts at the first other line
        index += 1
    return Header(fields, lines[index:], index + 1, error)


def read_header(path: str | Path) -> Header:
    """`parse_header` of a file; an unreadable file has no fields."""
    try:
        return parse_header(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return Header({}, [], 1)


def field_line(path: str | Path, name: str) -> int:
    """The line of `Name:` in a file's header, or 1 when it is not written."""
    found = read_header(path).fields.get(name.lower())
    return found.line if found else 1
