"""Course metadata and outline parsed and validated into frozen dataclasses.

Nothing here knows Pelican: `parse_course` takes the raw metadata strings and
the body's lines and returns either a `CourseInfo` or every problem, each
naming its field, its line when it is in the body, and what to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from common.slugs import slugify
from events.model import Registration, parse_registration
from schema import SLUG_PATTERN

from .outline import HEADINGS, MODULES, Module, parse_outline

#: Metadata fields owned by the course type (lower case, as Pelican's readers give them).
COURSE_FIELDS = (
    "audience", "level", "language", "format", "duration_weeks", "duration_hours",
    "instructors", "prerequisites", "registration",
)
#: What the two languages of one course must agree on ("modules": how many there are).
SHARED_FIELDS = ("format", "duration_weeks", "duration_hours", "language", "modules")
#: Format values: the canonical one first, then what editors may write instead.
FORMATS = {
    "in_person": ("in person", "in-person", "onsite", "on site", "offline", "очно",
                  "наживо", "офлайн", "очний"),
    "online": ("online", "онлайн", "дистанційно", "дистанційний"),
    "mixed": ("mixed", "blended", "hybrid", "змішаний", "змішано", "гібридний",
              "очно й онлайн", "очно і онлайн", "очно та онлайн"),
}
MAX_WEEKS = 520
MAX_HOURS = 5000
_SLUG = re.compile(SLUG_PATTERN)
_LIST_SPLIT = re.compile(r"\s*[,;]\s*")
_LANGUAGE_SPLIT = re.compile(r"\s*(?:[,;/]|\band\b|\bі\b|\bй\b|\bта\b)\s*", re.IGNORECASE)
_LANGUAGE_WORDS = re.compile(r"\s+(?:language|мова)$", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    line: int | None = None  # a line of the body; None: the field's own line


@dataclass(frozen=True)
class CourseInfo:
    audience: tuple[str, ...]  # the groups it is for, as written
    level: str | None
    languages: tuple[str, ...]  # language codes of instruction, e.g. ("uk",)
    format: str | None  # in_person, online or mixed
    weeks: int | None
    hours: int | None
    instructors: tuple[str, ...]
    prerequisites: str | None
    registration: Registration | None
    outcomes: tuple[str, ...]
    modules: tuple[Module, ...]
    outcomes_line: int | None = None
    modules_line: int | None = None

    def shared(self) -> dict:
        """The values both languages must agree on."""
        return {
            "format": self.format,
            "duration_weeks": self.weeks,
            "duration_hours": self.hours,
            "language": self.languages,
            "modules": len(self.modules),
        }


class _Invalid(ValueError):
    """A field's value is wrong; the message says what to write instead."""


def _text(fields: Mapping, name: str) -> str | None:
    value = fields.get(name)
    if value is None:
        return None
    if isinstance(value, list | tuple):
        # Python-Markdown gives continuation lines (and repeats) as a list.
        value = " ".join(str(v).strip() for v in value)
    value = " ".join(str(value).split())
    return value or None


def parse_list(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part for part in _LIST_SPLIT.split(text) if part))


@lru_cache(maxsize=1)
def _language_names() -> dict[str, str]:
    """Language names in English and Ukrainian, and every code Babel knows -> code."""
    names: dict[str, str] = {}
    for locale in ("en", "uk"):
        for code, name in Locale.parse(locale).languages.items():
            if "_" not in code:
                names.setdefault(name.casefold(), code)
    for code in get_global("likely_subtags"):
        if "_" not in code and code.isalpha():
            names.setdefault(code.casefold(), code)
    return names


def parse_languages(text: str) -> tuple[str, ...]:
    """`uk`, `Ukrainian and English`, `українська, англійська` -> language codes."""
    codes = []
    for part in filter(None, _LANGUAGE_SPLIT.split(text)):
        name = _LANGUAGE_WORDS.sub("", part.strip()).casefold()
        code = _language_names().get(name)
        if code is None:
            try:
                code = Locale.parse(name.replace("-", "_")).language
            except (UnknownLocaleError, ValueError):
                raise _Invalid(
                    f"{part.strip()!r} is not a language; write its code or name, e.g. "
                    "`uk` or `Ukrainian`, `en` or `English`; several: `uk, en`") from None
        codes.append(code)
    if not codes:
        raise _Invalid("empty; write the language of the classes, e.g. `uk` or `English`")
    return tuple(dict.fromkeys(codes))


def parse_format(text: str) -> str:
    wanted = text.strip().casefold().replace("_", " ")
    for value, spellings in FORMATS.items():
        if wanted in spellings or wanted == value:
            return value
    raise _Invalid(f"{text!r} is not a format; write one of: in person, online, mixed "
                   "(очно, онлайн, змішаний)")


def _whole(limit: int, unit: str):
    def parse(text: str) -> int:
        if not re.fullmatch(r"\d+", text.strip()):
            raise _Invalid(f"{text!r} is not a whole number of {unit}; write only the "
                           f"number, e.g. 8")
        value = int(text)
        if not 0 < value <= limit:
            raise _Invalid(f"{value} {unit} is out of range; write a number from 1 to {limit}")
        return value

    return parse


def parse_registration_field(text: str) -> Registration:
    try:
        return parse_registration(text)
    except ValueError as exc:  # the events model's own message: what to write instead
        raise _Invalid(str(exc)) from None


def check_slug(slug: str | None, stem: str | None, written: str | None) -> list[Problem]:
    """A course's address is its file name: events name their course by it."""
    problems = []
    if stem is not None and not _SLUG.match(stem):
        problems.append(Problem(
            "slug", f"the file name {stem!r} is the course's address and must be Latin "
                    f"letters, digits and hyphens; rename the file to "
                    f"{slugify(stem) or 'my-course'}.<lang>.md", 1))
    elif written is not None and stem is not None and written.strip() != stem:
        problems.append(Problem(
            "slug", f"a course's address is its file name ({stem!r}), which events name in "
                    "`Course:`; remove the Slug line, or rename the file"))
    return problems


def parse_course(fields: Mapping[str, object], body: list[str],
                 body_start: int = 1) -> tuple[CourseInfo | None, list[Problem]]:
    """Check every field and the outline; a CourseInfo only when there is no problem."""
    problems: list[Problem] = []
    values: dict[str, object] = {}

    def field(name, parse=None):
        try:
            text = _text(fields, name)
            value = parse(text) if (parse and text is not None) else text
        except _Invalid as exc:
            problems.append(Problem(name, str(exc)))
            return None
        values[name] = value
        return value

    audience = field("audience", parse_list) or ()
    level = field("level")
    languages = field("language", parse_languages) or ()
    course_format = field("format", parse_format)
    weeks = field("duration_weeks", _whole(MAX_WEEKS, "weeks"))
    hours = field("duration_hours", _whole(MAX_HOURS, "hours"))
    instructors = field("instructors", parse_list) or ()
    prerequisites = field("prerequisites")
    registration = field("registration", parse_registration_field)
    outline, outline_problems = parse_outline(body, body_start)
    problems += [Problem(p.field, p.message, p.line) for p in outline_problems]
    if problems:
        return None, problems
    return CourseInfo(
        audience=audience, level=level, languages=languages, format=course_format,
        weeks=weeks, hours=hours, instructors=instructors, prerequisites=prerequisites,
        registration=registration, outcomes=outline.outcomes, modules=outline.modules,
        outcomes_line=outline.outcomes_line, modules_line=outline.modules_line,
    ), []


def disagreements(first: CourseInfo, other: CourseInfo) -> list[str]:
    """The shared fields on which two languages of one course differ, in field order."""
    mine, theirs = first.shared(), other.shared()
    return [name for name in SHARED_FIELDS if mine[name] != theirs[name]]


def shown(info: CourseInfo, name: str, written: str | None) -> str:
    """A shared value as a message shows it: as written, or the number of modules."""
    if name == MODULES:
        count = len(info.modules)
        return f"{count} module{'s' if count != 1 else ''}" if count else \
            f"no {HEADINGS[MODULES][0]} section"
    return repr(written) if written is not None else "(not written)"
