"""Source files as editors wrote them: metadata with line numbers (common.header),
body lines, the folder and language they belong to."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from common.header import Field, parse_header
from common.slugs import slugify, source_label, split_source_name

__all__ = ["Field", "SourceFile", "collect_sources", "parse_header", "read_source"]

MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")


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
