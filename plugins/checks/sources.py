"""Source files as editors wrote them: metadata with line numbers, body lines.

Pelican's Markdown reader keeps no line numbers, so the header is read here the
same way (`Key: value` lines up to the first blank line, continuation lines
indented) and every field remembers where it was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from common.slugs import slugify, source_label, split_source_name

# Python-Markdown's meta extension: `Key: value`, continuation lines indented 4+.
_KEY = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^[ ]{4,}(?P<value>.*)$")
MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")


@dataclass
class Field:
    name: str  # lower case, as Pelican gives it
    value: str
    line: int


@dataclass
class SourceFile:
    path: Path  # absolute
    label: str  # as shown in messages: relative to the working folder when possible
    kind: str  # the content folder: news, pages, events, courses ...
    stem: str  # `<stem>.<lang>.md`
    lang: str | None
    fields: dict[str, Field] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)
    body_start: int = 1  # line number of body[0]
    header_error: tuple[int, str] | None = None

    def get(self, name: str) -> str | None:
        found = self.fields.get(name)
        return found.value if found else None

    def line_of(self, name: str) -> int:
        found = self.fields.get(name)
        return found.line if found else 1

    @property
    def slug(self) -> str:
        return self.get("slug") or slugify(self.stem or self.get("title") or "")


def read_source(path: Path, content_root: Path) -> SourceFile:
    kind = path.relative_to(content_root).parts[0]
    stem, lang = split_source_name(path.name)
    source = SourceFile(path=path, label=source_label(path), kind=kind, stem=stem, lang=lang)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        source.header_error = (1, f"the file is not UTF-8 ({exc.reason}); save it as UTF-8")
        return source
    header = parse_header(text)
    source.fields, source.body, source.body_start = header.fields, header.body, header.body_start
    source.header_error = header.error
    return source


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


def collect_sources(content_root: Path, folders: list[str]) -> list[SourceFile]:
    sources = []
    for folder in folders:
        base = content_root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.suffix.lower() in MARKDOWN_EXTENSIONS and path.name.lower() != "readme.md":
                sources.append(read_source(path, content_root))
    return sources
