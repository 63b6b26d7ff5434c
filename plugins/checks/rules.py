"""The checks every content type shares; plugins add their own through `content_rules`."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from pelican.utils import get_date

from common.sitepaths import alias_paths, save_path, unsafe_alias, written_aliases
from common.text import without_link_markers
from i18n.config import SettingsError, prefixed_settings, read_i18n_settings
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


_SRC = re.compile(r"""\bsrc\s*=\s*(["'])(?P<src>.*?)\1""", re.IGNORECASE | re.DOTALL)


def picture_references(source: SourceFile, content_root: Path):
    """(line, field, as written, file) of every local picture a source shows: its
    `Image:`, its Markdown images and its raw `<img src>`; remote ones are left out."""
    image = source.get("image")
    if image and "://" not in image:
        yield (source.line_of("image"), "image", image,
               _resolve(content_root, source.path, without_link_markers(image)))
    for offset, text in enumerate(source.body):
        if "![" not in text and "<" not in text:
            continue
        line = source.body_start + offset
        written = [m["target"] for m in _IMAGE.finditer(text)]
        written += [m["src"] for tag in _RAW_IMG.finditer(text)
                    for m in _SRC.finditer(tag.group(0))]
        for target in written:
            if "://" in target or target.startswith(("data:", "//")):
                continue
            yield line, "image", target, _resolve(content_root, source.path,
                                                  without_link_markers(target))


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
        if value is None:
            continue
        if not _ALIASES.fullmatch(value.strip()):
            yield _problem(source, "aliases", f"{value!r}: write the old addresses on this "
                           "site, separated by commas, each starting with /, e.g. "
                           "/news/old-name/")
            continue
        for written in written_aliases(value):
            why = unsafe_alias(written)
            if why:
                yield _problem(source, "aliases", f"{written} {why}; write an old address "
                               "on this site, such as /news/old-name/")


def _kinds(settings) -> dict[str, str]:
    """{content folder: its settings' name}: news -> ARTICLE, events -> EVENT ..."""
    kinds = {}
    for kind in ("ARTICLE", "PAGE", *settings.get("I18N_CONTENT_KINDS", ())):
        for folder in settings.get(f"{kind}_PATHS") or ():
            kinds.setdefault(folder, kind)
    return kinds


def _save_as(source: SourceFile, kind: str, lang: str, prefix: str, settings) -> str | None:
    """Where the run of ``lang`` writes this item, as Pelican's `*_SAVE_AS` says."""
    if source.get("save_as"):
        return source.get("save_as").lstrip("/")
    if (source.get("status") or "").strip() == "draft" and kind in ("ARTICLE", "PAGE"):
        kind = "DRAFT" if kind == "ARTICLE" else "DRAFT_PAGE"
    pattern = settings.get(f"{kind}_SAVE_AS")
    if not pattern:
        return None
    try:
        return prefix + pattern.format(slug=source.slug, lang=lang)
    except (KeyError, IndexError, ValueError, AttributeError):
        return None  # a pattern with fields only Pelican knows (a date): not compared


def address_rules(sources, ctx) -> Iterable[Problem]:
    """No file of the site is written twice, whatever the languages: an alias must not
    be any item's address, another alias or a list page the site writes, and stays in
    its language's tree (`uk` at the root, `en` under en/). The language runs write
    side by side, so a collision would leave whichever finished last."""
    try:
        i18n = read_i18n_settings(ctx.settings)
    except SettingsError:
        return  # the build reports the settings before the checks run
    kinds = _kinds(ctx.settings)
    # The list pages every language writes (home, news list, feeds), by file.
    lists = {lang.prefix + ctx.settings[key]: key for lang in i18n.languages
             for key in prefixed_settings(ctx.settings)
             if key.endswith("_SAVE_AS") and "{" not in ctx.settings[key]}
    items = []
    for source in sources:
        lang = i18n.get(source.get("lang") or source.lang or i18n.default.code)
        kind = kinds.get(source.kind)
        if lang is None or kind is None:
            continue  # language_rules reports an unknown language
        items.append((source, lang, _save_as(source, kind, lang.code, lang.prefix,
                                             ctx.settings)))
    owners: dict[str, SourceFile] = {}
    for source, _lang, saved in items:
        if saved is None:
            continue
        other = owners.setdefault(saved, source)
        if other is not source and (other.kind, other.slug) != (source.kind, source.slug):
            # The same folder, language and slug twice is duplicate_rules' message.
            yield _problem(source, "slug", f"/{saved} is also written for {other.label}; "
                           "give one of them another file name or `Slug:`")
    claims: dict[str, list[SourceFile]] = {}
    aliases = []
    for source, lang, saved in items:
        value = source.get("aliases")
        if value is None or not _ALIASES.fullmatch(value.strip()):
            continue
        for written in written_aliases(value):
            if unsafe_alias(written):
                continue  # alias_rules says why
            path = alias_paths(written)[0]
            aliases.append((source, lang, saved, path))
            claims.setdefault(save_path(path), []).append(source)
    for source, lang, saved, path in aliases:
        target = save_path(path)
        owner = owners.get(target)
        others = [other for other in claims[target] if other is not source]
        if owner is source and target == saved:
            yield _problem(source, "aliases", f"/{path} is this item's own address; remove it")
        elif owner is not None and owner is not source:
            yield _problem(source, "aliases", f"/{path} is also the address or an old "
                           f"address of {owner.label}; remove it from one of the two files")
        elif target in lists:
            yield _problem(source, "aliases", f"/{path} is a page the site writes "
                           f"itself ({lists[target]}); remove it")
        elif not _in_tree(path, lang, i18n):
            where = f"under /{lang.prefix}" if lang.prefix else "outside " + ", ".join(
                f"/{other.prefix}" for other in i18n.languages if other.prefix)
            also = f"; it is also an old address of {others[0].label}" if others else ""
            yield _problem(source, "aliases", f"/{path} is not an address of the "
                           f"{lang.code} pages, which are {where}{also}; an old address "
                           "stays in its file's language")
        elif others and claims[target][0] is not source:
            # Reported on every file but the first to claim it, naming that one.
            yield _problem(source, "aliases", f"/{path} is also the address or an old "
                           f"address of {claims[target][0].label}; remove it from one of "
                           "the two files")


def _in_tree(path: str, lang, i18n) -> bool:
    """Whether a site path is in ``lang``'s tree: its prefix, and no other's."""
    inside = [other for other in i18n.languages if other.prefix and path.startswith(
        other.prefix)]
    return inside == [lang] if lang.prefix else not inside


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


BUILTIN_RULES = (header_rules, alias_rules, address_rules, language_rules, field_rules,
                 date_rules, duplicate_rules,
                 link_rules, alt_text_rules, translation_rules, kit_rules)
