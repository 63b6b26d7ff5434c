"""The rendered body of a course split into what the syllabus page shows.

Pelican renders the whole Markdown body (so links, typography and heading ids
are the site's own); here the HTML is cut at its second-level headings. The
learning outcomes and modules sections become structured parts, every other
stretch stays prose, byte for byte, in the order the editor wrote them.
model.py has already checked the outline against the source lines; when the
HTML does not show the same outline (an unusual construct), the outline's own
text stands in for the HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
from markupsafe import Markup, escape

from .outline import MODULES, OUTCOMES, module_title, section_of

#: Python-Markdown puts every block on a line of its own.
_H2 = re.compile(r"^<h2(?:\s[^>]*)?>(?P<text>.*?)</h2>[ \t]*$", re.MULTILINE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_LISTS = ("ul", "ol")


@dataclass(frozen=True)
class ModuleView:
    title: str
    description: Markup
    topics: tuple[Markup, ...]


@dataclass(frozen=True)
class Part:
    kind: str  # "prose", "outcomes" or "modules"
    html: Markup = Markup("")
    items: tuple = ()  # outcomes: Markup items; modules: ModuleView


@dataclass(frozen=True)
class Syllabus:
    parts: tuple[Part, ...]
    lead: Markup  # the first paragraph of prose, for lists when the file has no Summary


def _inner(element) -> Markup:
    """An element's content as HTML, without the element itself."""
    html = escape(element.text or "")
    for child in element:
        html += Markup(lxml.html.tostring(child, encoding="unicode", with_tail=True))
    return Markup(html.strip())


def _elements(html: str) -> list:
    if not html.strip():
        return []
    return [e for e in lxml.html.fragments_fromstring(html) if not isinstance(e, str)
            and isinstance(e.tag, str)]


def _outcomes(html: str, expected: tuple[str, ...]) -> tuple[Markup, ...]:
    items = tuple(_inner(li) for e in _elements(html) if e.tag in _LISTS
                  for li in e.iterchildren("li"))
    return items if len(items) == len(expected) else tuple(escape(t) for t in expected)


def _modules(html: str, expected) -> tuple[ModuleView, ...]:
    views = []
    current = None
    for element in _elements(html):
        if element.tag == "h3":
            current = {"title": module_title(element.text_content()), "description": [],
                       "topics": []}
            views.append(current)
        elif current is None:
            continue
        elif element.tag in _LISTS:
            current["topics"] += [_inner(li) for li in element.iterchildren("li")]
        else:
            current["description"].append(
                Markup(lxml.html.tostring(element, encoding="unicode").strip()))
    read = tuple(ModuleView(v["title"], Markup("\n").join(v["description"]),
                            tuple(v["topics"])) for v in views)
    if [len(v.topics) for v in read] == [len(m.topics) for m in expected]:
        return read
    return tuple(ModuleView(m.title, Markup("<p>%s</p>") % m.description,
                            tuple(escape(t) for t in m.topics)) for m in expected)


def split_syllabus(html: str, info) -> Syllabus:
    parts: list[Part] = []

    def close(kind: str, chunk: str) -> None:
        if kind == OUTCOMES:
            parts.append(Part(OUTCOMES, items=_outcomes(chunk, info.outcomes)))
        elif kind == MODULES:
            parts.append(Part(MODULES, items=_modules(chunk, info.modules)))
        elif chunk.strip():
            parts.append(Part("prose", Markup(chunk.strip())))

    position, kind, seen = 0, "prose", set()
    for match in _H2.finditer(html):
        # Text only: no tags, and no permalink sign should the toc extension add one.
        text = _TAGS.sub("", match["text"]).replace("\u00b6", "")
        section = section_of(text) if info is not None else None
        if section in seen:
            section = None  # a second such section: model.py reports it; prose meanwhile
        if section is None and kind == "prose":
            continue  # an ordinary heading inside the prose
        close(kind, html[position:match.start()])
        if section is None:
            position, kind = match.start(), "prose"
        else:
            position, kind = match.end(), section
            seen.add(section)
    close(kind, html[position:])
    lead = Markup("")
    for part in parts:
        if part.kind == "prose":
            first = next((e for e in _elements(part.html) if e.tag == "p"), None)
            if first is not None:
                lead = _inner(first)
                break
    return Syllabus(tuple(parts), lead)


# -- the catalogue ----------------------------------------------------------------------

#: The Ukrainian alphabet, for an order that str comparison gets wrong (ґ, є, і, ї).
_ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"


def collation_key(text: str) -> tuple:
    """Sort key: Latin and digits by code point, then Cyrillic in alphabet order."""
    return tuple((1, _ALPHABET.index(c)) if c in _ALPHABET else (0, ord(c))
                 for c in text.casefold())


@dataclass(frozen=True)
class AudienceGroup:
    name: str | None  # as first written; None: courses that name no audience
    anchor: str
    courses: tuple


def audience_groups(courses) -> list[AudienceGroup]:
    """Each course under every group in its `Audience:`; larger groups first.

    Groups match case-insensitively, so "IDPs" and "idps" are one group; a
    course naming no audience is listed last, under a general heading.
    """
    groups: dict[str | None, tuple[str | None, list]] = {}
    for course in courses:
        for name in course.audience or (None,):
            key = name.casefold() if name else None
            groups.setdefault(key, (name, []))[1].append(course)
    ordered = sorted(groups.values(), key=lambda g: (g[0] is None, -len(g[1]),
                                                      collation_key(g[0] or "")))
    return [AudienceGroup(name[:1].upper() + name[1:] if name else None,
                          f"audience-{index}", tuple(items))
            for index, (name, items) in enumerate(ordered, 1)]
