"""The structured part of a course's Markdown body: learning outcomes and modules.

Editors write plain Markdown; two second-level headings, in either language,
mark the parts that templates and JSON-LD use:

    ## Learning outcomes          (or: ## Результати навчання)
    - one outcome per list item

    ## Modules                    (or: ## Модулі)
    ### Title of the first module
    A sentence or two about it.

    - a topic
    - another topic

Everything else is prose and is shown as written. This module reads the
source lines as Python-Markdown will (ATX and Setext headings, fenced code,
HTML comments, lists that need a blank line after a paragraph) and reports a
malformed outline with the exact line, before Pelican renders anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OUTCOMES = "outcomes"
MODULES = "modules"
#: Heading texts (compared case-insensitively, without a trailing colon) per section.
SECTION_NAMES = {
    OUTCOMES: ("learning outcomes", "outcomes", "результати навчання"),
    MODULES: ("modules", "course modules", "модулі", "модулі курсу"),
}
#: How the headings are written in each language, for messages and the README.
HEADINGS = {OUTCOMES: ("## Learning outcomes", "## Результати навчання"),
            MODULES: ("## Modules", "## Модулі")}

_ATX = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?[ \t]*#*[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(?P<marks>=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d+\.)[ \t]+(?P<text>\S.*)$")
_NUMBERING = re.compile(r"^\s*(?:\d+[.):]|[IVXLC]+\.)\s+")
#: Python-Markdown nests a list item only at 4 spaces (or a tab).
NESTED_INDENT = 4


@dataclass(frozen=True)
class Module:
    title: str  # as written, numbering such as "1." removed
    description: str  # the text lines, joined
    topics: tuple[str, ...]
    line: int  # of the ### heading


@dataclass(frozen=True)
class Outline:
    outcomes: tuple[str, ...] = ()
    modules: tuple[Module, ...] = ()
    outcomes_line: int | None = None  # of the section heading, when written
    modules_line: int | None = None


@dataclass(frozen=True)
class OutlineProblem:
    field: str  # "outcomes" or "modules"
    line: int
    message: str


def normalize(text: str) -> str:
    """A heading's text for comparison: no emphasis marks, spaces or trailing colon."""
    text = re.sub(r"[*_`]", "", text or "")
    return " ".join(text.split()).rstrip(":").strip().casefold()


def section_of(text: str) -> str | None:
    name = normalize(text)
    return next((kind for kind, names in SECTION_NAMES.items() if name in names), None)


def module_title(text: str) -> str:
    """`1. Basics` -> `Basics`: the page numbers the modules itself."""
    return _NUMBERING.sub("", " ".join(text.split()), count=1) or " ".join(text.split())


@dataclass
class _Line:
    number: int
    text: str
    heading: tuple[int, str] | None = None  # (level, text)


def _lines(body: list[str], first: int) -> list[_Line]:
    """Body lines with headings recognised; code and comments become plain text lines."""
    out: list[_Line] = []
    fence = None
    comment = False
    for offset, raw in enumerate(body):
        line = _Line(first + offset, raw.rstrip("\n"))
        text = line.text
        if fence:
            if text.strip().startswith(fence):
                fence = None
            out.append(line)
            continue
        if comment:
            if "-->" in text:
                comment = False
            continue  # not shown, never part of the outline
        if text.lstrip().startswith("<!--"):
            comment = "-->" not in text
            continue
        match = _FENCE.match(text)
        if match:
            fence = match["fence"][0] * 3
            out.append(line)
            continue
        atx = _ATX.match(text)
        if atx:
            line.heading = (len(atx["hashes"]), atx["text"] or "")
        elif _SETEXT.match(text) and out and out[-1].text.strip() and out[-1].heading is None \
                and not _BULLET.match(out[-1].text) and not _FENCE.match(out[-1].text):
            previous = out[-1]
            if previous.number == line.number - 1:
                previous.heading = (1 if text.strip()[0] == "=" else 2, previous.text.strip())
                continue
        out.append(line)
    return out


def _indent(text: str) -> int:
    return len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip())


class _List:
    """Items of one flat list, as Python-Markdown joins them."""

    def __init__(self):
        self.items: list[str] = []
        self.blank_before = False

    def add(self, text: str) -> None:
        self.items.append(text.strip())

    def extend(self, text: str) -> None:
        self.items[-1] = f"{self.items[-1]} {text.strip()}".strip()


def _read_outcomes(lines: list[_Line], heading: _Line, problems: list) -> tuple[str, ...]:
    items = _List()
    previous_blank = True
    in_bad_paragraph = False  # one message per stray paragraph, not one per line
    for line in lines:
        text = line.text
        if in_bad_paragraph and text.strip() and not _BULLET.match(text):
            continue
        in_bad_paragraph = False
        if line.heading:
            problems.append(OutlineProblem(
                OUTCOMES, line.number,
                f"a heading inside {HEADINGS[OUTCOMES][0]}; the section is one list: "
                "write each outcome as `- ...`, or end the section with a `## ` heading"))
            continue
        if not text.strip():
            previous_blank = True
            continue
        bullet = _BULLET.match(text)
        if bullet and _indent(text) >= NESTED_INDENT and items.items:
            problems.append(OutlineProblem(
                OUTCOMES, line.number, "a nested list; write the outcomes as one flat list"))
        elif bullet:
            items.add(bullet["text"])
        elif items.items and (not previous_blank or _indent(text) >= NESTED_INDENT):
            items.extend(text)  # the item's next line
        else:
            in_bad_paragraph = True
            problems.append(OutlineProblem(
                OUTCOMES, line.number,
                "text in the list of outcomes; write each outcome as a list item: "
                "`- Participants can ...`"))
        previous_blank = False
    if not items.items and not any(p.line > heading.number for p in problems
                                   if p.field == OUTCOMES):
        problems.append(OutlineProblem(
            OUTCOMES, heading.number,
            "the section is empty; list the outcomes below it (`- Participants can ...`) "
            "or remove the heading"))
    return tuple(items.items)


def _read_module(title_line: _Line, lines: list[_Line], problems: list) -> Module:
    title = module_title(title_line.heading[1])
    description: list[str] = []
    topics = _List()
    state = "description"  # -> "topics" -> "after"
    previous_blank = True
    previous_text = False
    for line in lines:
        text = line.text
        if not text.strip():
            previous_blank = True
            continue
        if state == "after":
            continue  # reported once, at the first stray line
        bullet = _BULLET.match(text)
        if line.heading:
            problems.append(OutlineProblem(
                MODULES, line.number,
                f"`{text.strip()}` is not a module: a module starts with `### ` (three #); "
                "anything else inside a module is its description or a topic"))
        elif state == "description" and bullet:
            if previous_text and not previous_blank:
                problems.append(OutlineProblem(
                    MODULES, line.number,
                    "leave an empty line between the description and the list of topics; "
                    "without it the list is shown as plain text"))
            state = "topics"
            topics.add(bullet["text"])
        elif state == "description":
            description.append(text.strip())
            previous_text = True
        elif state == "topics" and bullet and _indent(text) >= NESTED_INDENT:
            problems.append(OutlineProblem(
                MODULES, line.number, "a nested list; write the topics as one flat list"))
        elif state == "topics" and bullet:
            topics.add(bullet["text"])
        elif state == "topics" and (not previous_blank or _indent(text) >= NESTED_INDENT):
            topics.extend(text)
        else:
            state = "after"
            problems.append(OutlineProblem(
                MODULES, line.number,
                f"text after the topics of module {title!r}; put the description above the "
                "list, or start a new module with `### Title`"))
        previous_blank = False
    if not title.strip():
        problems.append(OutlineProblem(MODULES, title_line.number,
                                       "a module without a title; write `### Title`"))
    if not description:
        problems.append(OutlineProblem(
            MODULES, title_line.number,
            f"module {title!r} has no description; write a sentence or two under its "
            "heading, then an empty line and the list of topics"))
    if not topics.items and state != "after":
        problems.append(OutlineProblem(
            MODULES, title_line.number,
            f"module {title!r} has no topics; after the description add an empty line and "
            "a list: `- first topic`"))
    return Module(title, " ".join(description), tuple(topics.items), title_line.number)


def _read_modules(lines: list[_Line], heading: _Line, problems: list) -> tuple[Module, ...]:
    modules = []
    starts = [i for i, line in enumerate(lines) if line.heading and line.heading[0] == 3]
    before = lines[: starts[0]] if starts else lines
    for line in before:
        if line.text.strip():
            if line.heading and line.heading[0] > 3:
                message = (f"`{line.text.strip()}` is not a module: a module starts with "
                           "`### ` (three #)")
            else:
                message = ("text before the first module; the section holds only modules, "
                           "each starting with `### Title`")
            problems.append(OutlineProblem(MODULES, line.number, message))
            break
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        modules.append(_read_module(lines[start], lines[start + 1:end], problems))
    if not starts and not any(p.field == MODULES and p.line > heading.number for p in problems):
        problems.append(OutlineProblem(
            MODULES, heading.number,
            "the section has no modules; write each as `### Title`, a description and a "
            "list of topics, or remove the heading"))
    return tuple(modules)


def parse_outline(body: list[str], first_line: int = 1) -> tuple[Outline, list[OutlineProblem]]:
    """The outcomes and modules of a body; ``first_line`` is the file line of body[0]."""
    lines = _lines(body, first_line)
    problems: list[OutlineProblem] = []
    found: dict[str, tuple[_Line, list[_Line]]] = {}
    current: list[_Line] | None = None
    for line in lines:
        if line.heading and line.heading[0] <= 2:
            current = None
            kind = section_of(line.heading[1])
            if kind and line.heading[0] == 1:
                problems.append(OutlineProblem(
                    kind, line.number, f"write the heading with two #: "
                    f"`## {line.heading[1].strip()}`; a single # is the page's title"))
            elif kind and kind in found:
                problems.append(OutlineProblem(
                    kind, line.number, f"a second `## {line.heading[1].strip()}` section (the "
                    f"first is on line {found[kind][0].number}); keep one"))
            elif kind:
                current = []
                found[kind] = (line, current)
            continue
        if current is not None:
            current.append(line)
        elif line.heading and section_of(line.heading[1]):
            kind = section_of(line.heading[1])
            problems.append(OutlineProblem(
                kind, line.number, f"write the heading with two #: "
                f"`## {line.heading[1].strip()}`, or it is shown as plain text"))
    outcomes: tuple[str, ...] = ()
    modules: tuple[Module, ...] = ()
    if OUTCOMES in found:
        heading, section = found[OUTCOMES]
        outcomes = _read_outcomes(section, heading, problems)
    if MODULES in found:
        heading, section = found[MODULES]
        modules = _read_modules(section, heading, problems)
    problems.sort(key=lambda p: p.line)
    return Outline(
        outcomes=outcomes,
        modules=modules,
        outcomes_line=found[OUTCOMES][0].number if OUTCOMES in found else None,
        modules_line=found[MODULES][0].number if MODULES in found else None,
    ), problems
