"""Course source files as editors wrote them: header lines, body lines, known slugs.

Pelican's Markdown reader keeps no line numbers, so the header (`Key: value`
lines up to the first blank line, continuation lines indented) is read here
the same way Python-Markdown reads it, and the body keeps its file lines.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from events.courses import course_files

_KEY = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^[ ]{4,}(?P<value>.*)$")


@dataclass
class RawSource:
    fields: dict[str, str] = field(default_factory=dict)  # lower-case name -> value
    lines: dict[str, int] = field(default_factory=dict)  # lower-case name -> line
    body: list[str] = field(default_factory=list)
    body_start: int = 1

    def line_of(self, name: str) -> int:
        return self.lines.get(name, 1)


def split_source(text: str) -> RawSource:
    source = RawSource()
    lines = text.splitlines()
    index = 0
    current = None
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            break
        match = _KEY.match(line)
        if current is not None and not match and _CONTINUATION.match(line):
            source.fields[current] = f"{source.fields[current]} {line.strip()}".strip()
        elif match:
            current = match["key"].lower()
            source.fields.setdefault(current, match["value"].strip())
            source.lines.setdefault(current, index + 1)
        else:
            break  # like Python-Markdown: the text starts at the first other line
        index += 1
    source.body = lines[index:]
    source.body_start = index + 1
    return source


def read_source(path: str | Path) -> RawSource:
    try:
        return split_source(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return RawSource()


def source_label(path: str | Path) -> str:
    """Relative to the working folder when the file is inside it, else absolute."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def course_exists(content_path: str, slug: str) -> bool:
    """The events plugin's known-course check (EVENTS_COURSE_CHECK): a course file of that
    name exists in some language and is not a draft, so its page is really written."""
    for path in course_files(content_path, slug):
        status = (read_source(path).fields.get("status") or "published").strip().lower()
        if status != "draft":
            return True
    return False
