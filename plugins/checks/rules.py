"""The checks every content type shares; plugins add their own through `content_rules`."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from pelican.utils import get_date

from common.text import without_link_markers
from schema import ALIASES, ITEM_STATUSES, KINDS, KIT_CHOICES

from .problems import WARNING, Problem
from .sources import SourceFile

#: Fields Pelican and our theme understand, per content folder (plugins/schema).
FIELDS = {folder: KINDS[folder].names() for folder in ("news", "pages")}
REQUIRED = {folder: KINDS[folder].required() for folder in ("news", "pages")}
STATUSES = ITEM_STATUSES
_LINK = re.compile(r"\{(?P<kind>filename|static|attach)\}(?P<target>[^)\s\"'>#?]+)")
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<target>[^)\s]+)")


def _problem(source: SourceFile, field: str, message: str, line: int | None = None,
             severity: str = "error") -> Problem:
    return Problem(source.label, line or source.line_of(field), field, message, severity)


def header_rules(sources, ctx) -> Iterable[Problem]:
    for source in sources:
        if source.header_error:
            line, message = source.header_error
            yield Problem(source.label, line, "metadata", message)


def language_rules(sources, ctx) -> Iterable[Problem]:
    known = ctx.languages
    for source in sources:
        lang = source.get("lang") or source.lang
        if lang is None:
            continue
        if lang not in known:
            yield _problem(source, "lang", f"unknown language {lang!r}; name the file "
                           f"<slug>.<lang>.md with one of: {', '.join(known)}")
        elif source.lang and source.get("lang") and source.get("lang") != source.lang:
            yield _problem(source, "lang", f"says {source.get('lang')!r} but the file name "
                           f"says {source.lang!r}; remove the Lang line")


def field_rules(sources, ctx) -> Iterable[Problem]:
    for source in sources:
        known = ctx.fields.get(source.kind)
        required = ctx.required.get(source.kind, ())
        for name in required:
            if not (source.get(name) or "").strip():
                yield _problem(source, name, f"missing; add a line `{name.capitalize()}: ...` "
                               "at the top of the file", line=1)
        if known is None:
            continue
        for name, field in source.fields.items():
            if name in known:
                continue
            close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
            if close:
                yield _problem(source, name, f"unknown field; did you mean "
                               f"`{close[0].capitalize()}:`?", line=field.line)
            else:
                yield _problem(source, name, "unknown field, ignored by the site; remove it "
                               f"or use one of: {', '.join(sorted(known))}",
                               line=field.line, severity=WARNING)


_PLAIN_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")


def parse_date(value: str):
    """As Pelican reads a date; `2017-04-07 18:00` without dateutil (5x faster)."""
    text = value.strip()
    if _PLAIN_DATE.fullmatch(text):
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass  # 2017-02-30: dateutil says what is wrong
    return get_date(value)


def date_rules(sources, ctx) -> Iterable[Problem]:
    for source in sources:
        for name in ("date", "modified"):
            value = source.get(name)
            if value is None:
                continue
            try:
                parse_date(value)
            except (ValueError, OverflowError):
                yield _problem(source, name, f"{value!r} is not a date; write it as "
                               "2017-04-07 or 2017-04-07 18:00")
        status = source.get("status")
        if status is not None and source.kind in ("news", "pages") and status not in STATUSES:
            yield _problem(source, "status", f"{status!r} is not a status; write one of: "
                           f"{', '.join(STATUSES)}")


def duplicate_rules(sources, ctx) -> Iterable[Problem]:
    """One URL per item: the same slug twice in one folder and language collides."""
    seen: dict[tuple, SourceFile] = {}
    for source in sources:
        lang = source.get("lang") or source.lang or ctx.languages[0]
        key = (source.kind, lang, source.slug)
        if key in seen:
            other = seen[key]
            yield _problem(source, "slug", f"{source.slug!r} is also the address of "
                           f"{other.label}; give one of them another file name or `Slug:`",
                           line=source.line_of("slug"))
        else:
            seen[key] = source
        if source.kind == "pages" and source.slug in ctx.reserved_page_slugs:
            yield _problem(source, "slug", f"{source.slug!r} is the address of a list the "
                           "site writes itself; choose another file name or `Slug:`")


def link_rules(sources, ctx) -> Iterable[Problem]:
    """`{filename}` and `{static}` targets, and plain image paths, must exist."""
    for source in sources:
        for offset, text in enumerate(source.body):
            if "{" not in text and "![" not in text:
                continue  # neither a link (`_LINK`) nor an image (`_IMAGE`): most lines
            line = source.body_start + offset
            images = [m.span("target") for m in _IMAGE.finditer(text)]
            for match in _LINK.finditer(text):
                target = _resolve(ctx.content_root, source.path, match["target"])
                in_image = any(a <= match.start() < b for a, b in images)
                if not target.exists():
                    yield Problem(source.label, line, "image" if in_image else "link",
                                  f"{{{match['kind']}}}{match['target']} does not exist; "
                                  "check the path (it is relative to this file, or to "
                                  "content/ when it starts with /)")
            for match in _IMAGE.finditer(text):
                target = match["target"]
                if "://" in target or target.startswith(("{", "data:")):
                    continue
                if not _resolve(ctx.content_root, source.path, target).exists():
                    yield Problem(source.label, line, "image",
                                  f"{target} does not exist; put the picture in "
                                  "content/images/ and write {static}/images/<name>")
        image = source.get("image")
        if image and "://" not in image:
            path = without_link_markers(image)
            if not _resolve(ctx.content_root, source.path, path).exists():
                yield _problem(source, "image", f"{image} does not exist; write a path "
                               "like {static}/images/photo.jpg")


def translation_rules(sources, ctx) -> Iterable[Problem]:
    """Twins share a slug; a twin in the same language twice is a duplicate (above)."""
    groups = defaultdict(dict)
    for source in sources:
        lang = source.get("lang") or source.lang or ctx.languages[0]
        groups[(source.kind, source.slug)].setdefault(lang, source)
    for (kind, _slug), by_lang in groups.items():
        items = list(by_lang.values())
        dates = {s.get("date") for s in items if kind == "news" and s.get("date")}
        if len(dates) > 1:
            # Different days are fine for a translation, but not a different story.
            parsed = set()
            for value in dates:
                try:
                    parsed.add(parse_date(value).date())
                except (ValueError, OverflowError):
                    parsed.add(value)
            if len(parsed) > 1:
                first, *rest = sorted(items, key=lambda s: s.label)
                for other in rest:
                    yield _problem(other, "date", f"differs from its translation "
                                   f"{first.label} ({first.get('date')}); use the same date, "
                                   "and `Modified:` for later edits", severity=WARNING)


_RAW_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"\balt\s*=\s*([\"'])(?P<alt>.*?)\1", re.IGNORECASE | re.DOTALL)


def alt_text_rules(sources, ctx) -> Iterable[Problem]:
    """Every content image needs a description, in the page's own language."""
    for source in sources:
        for offset, text in enumerate(source.body):
            if "![" not in text and "<" not in text:
                continue  # neither `_IMAGE` nor `_RAW_IMG` can match
            line = source.body_start + offset
            for match in _IMAGE.finditer(text):
                if not match["alt"].strip():
                    yield Problem(source.label, line, "image",
                                  f"{match['target']} has no alt text; describe the picture "
                                  "in the brackets: ![what it shows](...)")
            for tag in _RAW_IMG.finditer(text):
                alt = _ALT.search(tag.group(0))
                if alt is None or not alt["alt"].strip():
                    yield Problem(source.label, line, "image",
                                  "<img> without alt text; add alt=\"what it shows\"")
        if source.get("image") and not (source.get("image_alt") or "").strip():
            yield _problem(source, "image_alt", "missing; the `Image:` needs a description "
                           "for people who cannot see it: add `Image_alt: what it shows`",
                           line=source.line_of("image"))


def _resolve(root: Path, source: Path, target: str) -> Path:
    target = target.split("#", 1)[0].split("?", 1)[0]
    if target.startswith("/"):
        return root / target.lstrip("/")
    return (source.parent / target).resolve()


_ALIASES = re.compile(ALIASES.pattern)


def alias_rules(sources, ctx) -> Iterable[Problem]:
    """`Aliases:` holds site paths (plugins/aliases writes a redirect at each)."""
    for source in sources:
        value = source.get("aliases")
        if value is not None and not _ALIASES.fullmatch(value.strip()):
            yield _problem(source, "aliases", f"{value!r}: write the old addresses on this "
                           "site, separated by commas, each starting with /, e.g. "
                           "/news/old-name/")


def kit_rules(sources, ctx) -> Iterable[Problem]:
    """`Kit:` of an article: yes or no, the same in both languages (one kit per story)."""
    pairs: dict[str, list[SourceFile]] = defaultdict(list)
    for source in sources:
        if source.kind != "news":
            continue
        value = source.get("kit")
        if value is not None and value.strip() not in KIT_CHOICES:
            yield _problem(source, "kit", f"{value!r} is not a choice; write `Kit: yes` for "
                           "a campaign kit (a poster, images, post texts) or leave the line "
                           "out")
            continue
        pairs[source.slug].append(source)
    for twins in pairs.values():
        first, *others = sorted(twins, key=lambda s: s.label)
        for other in others:
            mine, theirs = (_kit(source) for source in (other, first))
            if mine != theirs:
                yield _problem(other, "kit", f"{mine} here but {theirs} in {first.label}:"
                               f"{first.line_of('kit')}; the two languages must agree, "
                               "correct one of the two files")


def _kit(source: SourceFile) -> str:
    return (source.get("kit") or "no").strip()


BUILTIN_RULES = (header_rules, alias_rules, language_rules, field_rules, date_rules,
                 duplicate_rules,
                 link_rules, alt_text_rules, translation_rules, kit_rules)
