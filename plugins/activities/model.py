"""A planned activity of the grant: its target and period, parsed and validated.

Nothing here knows Pelican: `parse_activity` takes the raw metadata strings of
one file of `content/activities/` and returns an `ActivityInfo` or the
problems, each naming its field and what to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

#: What a target counts: held events, courses run, news published, or the people
#: who came to the activity's events (the sum of their `Attendance:`).
UNITS = ("events", "courses", "news", "people")
#: The fields on which the two languages of one activity must agree.
SHARED_FIELDS = ("target", "start", "end")
_TARGET = re.compile(r"^(?P<number>[+-]?\d+(?:[.,]\d+)?)\s+(?P<unit>[a-z]+)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ATTENDANCE = re.compile(r"^\d+$")
MAX_ATTENDANCE = 100000


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


@dataclass(frozen=True)
class ActivityInfo:
    target: int
    unit: str  # one of UNITS
    start: date
    end: date  # inclusive

    def shared(self) -> dict:
        return {"target": (self.target, self.unit), "start": self.start, "end": self.end}


def _text(fields: Mapping, name: str) -> str | None:
    value = fields.get(name)
    if value is None:
        return None
    return " ".join(str(value).split()) or None


def parse_target(text: str) -> tuple[int, str]:
    """`4 events` -> (4, "events"); ValueError says what to write instead."""
    example = "write a whole number above zero and what it counts, e.g. `4 events`"
    match = _TARGET.match(text.strip().lower())
    if not match:
        raise ValueError(f"{text!r} is not a number and a unit; {example} "
                         f"(units: {', '.join(UNITS)})")
    number, unit = match["number"], match["unit"]
    if not number.isdigit() or int(number) <= 0:
        raise ValueError(f"{number} is not a positive whole number; {example}")
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; write one of: {', '.join(UNITS)}")
    return int(number), unit


def parse_day(text: str) -> date:
    if _DATE.match(text.strip()):
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            pass
    raise ValueError(f"{text!r} is not a date; write it as 2017-02-01")


def parse_attendance(text: str) -> int:
    if not _ATTENDANCE.match(text.strip()) or int(text) > MAX_ATTENDANCE:
        raise ValueError(f"{text!r} is not a number of people; write a whole number "
                         f"from 0 to {MAX_ATTENDANCE}, e.g. 25")
    return int(text)


def parse_activity(fields: Mapping[str, object]) -> tuple[ActivityInfo | None, list[Problem]]:
    """Check the target and the period; an ActivityInfo only when there is no problem."""
    problems: list[Problem] = []
    values = {}
    for name, parse in (("target", parse_target), ("start", parse_day), ("end", parse_day)):
        text = _text(fields, name)
        if text is None:
            problems.append(Problem(name, f"missing; add a line `{name.capitalize()}: ...` "
                                          "at the top of the file"))
            continue
        try:
            values[name] = parse(text)
        except ValueError as exc:
            problems.append(Problem(name, str(exc)))
    if "start" in values and "end" in values and values["end"] < values["start"]:
        problems.append(Problem("end", f"{values['end']} is before the start "
                                       f"({values['start']}); write the last day of the period"))
    if problems:
        return None, problems
    number, unit = values["target"]
    return ActivityInfo(number, unit, values["start"], values["end"]), []
