"""`invoke rename KIND OLD NEW`: give an item a new address without breaking the old one.

Both language files are renamed, each keeps its old address in `Aliases:` (so
the build writes a redirect there, plugins/aliases), a written `Slug:` follows
the new name, and every `{filename}` link to the old files in content/ is
changed to the new ones. Nothing is changed when the new name is taken.
"""

from __future__ import annotations

import re
from pathlib import Path

from common.header import parse_header
from i18n import language_run

#: kind -> (content folder, the URL setting of its pages)
KINDS = {
    "article": ("news", "ARTICLE_URL"),
    "page": ("pages", "PAGE_URL"),
    "event": ("events", "EVENT_URL"),
    "course": ("courses", "COURSE_URL"),
}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class RenameError(ValueError):
    """Refused: the message says why; no file was changed."""


def _with_header_field(text: str, name: str, value: str) -> str:
    """``text`` with `Name: value` in its header: replaced when written, else added at
    the end of the header."""
    header = parse_header(text)
    lines = text.split("\n")
    found = header.fields.get(name.lower())
    if found is not None:
        # A field's continuation lines (indented) go with it.
        end = found.line
        while end < len(lines) and lines[end].startswith("    ") and lines[end].strip():
            end += 1
        lines[found.line - 1:end] = [f"{name.capitalize()}: {value}"]
    else:
        lines.insert(header.body_start - 1 if header.fields else 0,
                     f"{name.capitalize()}: {value}")
    return "\n".join(lines)


def rename(kind: str, old: str, new: str, *, content: Path, settings) -> list[tuple[Path, Path]]:
    """Rename ``old`` to ``new``; returns (old file, new file) pairs. Raises RenameError."""
    if kind not in KINDS:
        raise RenameError(f"KIND: {kind!r}; write one of: {', '.join(KINDS)}")
    if not SLUG.match(new):
        raise RenameError(f"NEW: {new!r}; use lower-case Latin letters, digits and hyphens, "
                          "e.g. open-meeting-may")
    folder, url_key = KINDS[kind]
    base = content / folder
    files = sorted(base.glob(f"{old}.*.md"))
    if not files:
        raise RenameError(f"OLD: no {folder}/{old}.<lang>.md in {content}")
    taken = sorted(base.glob(f"{new}.*.md"))
    if taken:
        raise RenameError(f"NEW: {taken[0].relative_to(content)} exists already; choose "
                          "another name")
    pattern = settings[url_key]
    prefixes = {language.code: language.prefix for language in language_run(settings).languages}
    renamed = []
    for path in files:
        lang = path.name[len(old) + 1:-3]
        text = path.read_text(encoding="utf-8")
        fields = parse_header(text).fields
        old_slug = fields["slug"].value if "slug" in fields else old
        address = "/" + prefixes.get(lang, "") + pattern.format(slug=old_slug)
        aliases = [a.strip() for a in (fields["aliases"].value if "aliases" in fields
                                       else "").split(",") if a.strip()]
        text = _with_header_field(text, "aliases", ", ".join([*aliases, address]))
        if "slug" in fields:
            text = _with_header_field(text, "slug", new)
        renamed.append((path, path.with_name(f"{new}.{lang}.md"), text))
    # Every file is read and worked out first; then written, so a refusal changes nothing.
    for path, target, text in renamed:
        target.write_text(text, encoding="utf-8")
        path.unlink()
    links = re.compile(r"\{filename\}(/?" + re.escape(folder) + r"/)" + re.escape(old)
                       + r"(\.[a-z]{2}\.md)")
    for path in sorted(content.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        changed = links.sub(lambda m: "{filename}" + m[1] + new + m[2], text)
        if changed != text:
            path.write_text(changed, encoding="utf-8")
    return [(path, target) for path, target, _text in renamed]
