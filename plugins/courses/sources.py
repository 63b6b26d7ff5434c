"""Course source files as editors wrote them: header lines, body lines, known slugs.

Pelican's Markdown reader keeps no line numbers, so the header (`Key: value`
lines up to the first blank line, continuation lines indented) is read here
the same way Python-Markdown reads it, and the body keeps its file lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from common.header import parse_header


@dataclass
class RawSource:
    fields: dict[str, str] = field(default_factory=dict)  # lower-case name -> value
    lines: dict[str, int] = field(default_factory=dict)  # lower-case name -> line
    body: list[str] = field(default_factory=list)
    body_start: int = 1

    def line_of(self, name: str) -> int:
        return self.lines.get(name, 1)


def split_source(text: str) -> RawSource:
    header = parse_header(text)
    source = RawSource(body=header.body, body_start=header.body_start)
    for name, found in header.fields.items():
        source.fields[name] = found.value
        source.lines[name] = found.line
    return source


def read_source(path: str | Path) -> RawSource:
    try:
        return split_source(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return RawSource()
