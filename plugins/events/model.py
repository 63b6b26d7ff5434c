"""Event metadata parsed and validated into a frozen dataclass; every problem is listed.

Nothing here knows Pelican: `parse_event` takes the raw metadata strings and
returns either an `EventInfo` or the problems, each naming its field and what
to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import islice
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrulestr

from schema import EVENT_STATUSES, SLUG_PATTERN

#: Metadata fields owned by the event type (lower case, as Pelican's readers give them).
EVENT_FIELDS = (
    "start", "end", "timezone", "location", "address", "geo", "online_url",
    "status", "registration", "course", "recurrence", "audience", "organizer", "announce",
)
STATUSES = EVENT_STATUSES
#: The fields on which the two languages of one event must agree.
SHARED_FIELDS = ("start", "end", "status", "course", "recurrence")
#: A series longer than this is almost certainly a typo (COUNT=1000).
MAX_OCCURRENCES = 366
#: Slugs that would collide with the plugin's own pages under events/.
RESERVED_SLUGS = frozenset({"calendar"})

_DATE_ONLY = re.compile(r"^\d{4}-?\d{2}-?\d{2}$")
_SLUG = re.compile(SLUG_PATTERN)
_EMAIL = re.compile(r"^[^@\s/:]+@[^@\s/]+\.[^@\s/]+$")
_UNTIL = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2}):?(\d{2}):?(\d{2})(Z?))?$")
_WHEN_EXAMPLE = ("2017-04-07 18:00 (Kyiv time), 2017-04-07T18:00+03:00, "
                 "or 2017-04-07 for a whole day")


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


@dataclass(frozen=True)
class Registration:
    href: str  # https://… or mailto:…
    label: str  # the address as shown to visitors
    is_email: bool


@dataclass(frozen=True)
class Recurrence:
    rule: str  # canonical RRULE value for iCalendar (FREQ first, UNTIL in UTC or a date)
    count: int  # how many sessions the series has


@dataclass(frozen=True)
class Occurrence:
    """One session: exact instants, plus the days it covers in the site's time zone."""

    start: datetime  # aware; an all-day session starts at midnight
    end: datetime  # aware, exclusive
    all_day: bool
    first_day: date
    last_day: date  # inclusive

    def days(self):
        day = self.first_day
        while day <= self.last_day:
            yield day
            day += timedelta(days=1)


@dataclass(frozen=True)
class EventInfo:
    start: date | datetime  # as written: a date (all day) or an aware date-time
    end: date | datetime  # all day: the last day, inclusive; else an aware date-time
    all_day: bool
    zone: tzinfo  # the zone of the written times: a ZoneInfo or a fixed offset
    status: str
    location: str | None
    address: str | None
    geo: tuple[float, float] | None
    online_url: str | None
    registration: Registration | None
    course: str | None
    recurrence: Recurrence | None
    audience: str | None
    organizer: str | None
    occurrences: tuple[Occurrence, ...]
    #: When the event may appear on the published site (aware), or None: at once.
    announce: datetime | None = None

    @property
    def first(self) -> Occurrence:
        return self.occurrences[0]

    @property
    def last(self) -> Occurrence:
        return self.occurrences[-1]

    def shared(self) -> dict:
        """The values both languages must agree on."""
        return {
            "start": self.start,
            "end": self.end,
            "status": self.status,
            "course": self.course,
            "recurrence": self.recurrence.rule if self.recurrence else None,
        }


class _Invalid(ValueError):
    """A field's value is wrong; the message says what to write instead."""


def _text(fields: Mapping, name: str) -> str | None:
    value = fields.get(name)
    if value is None:
        return None
    if isinstance(value, list | tuple):
        raise _Invalid(f"written {len(value)} times; keep one line")
    value = str(value).strip()
    return value or None


def parse_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise _Invalid(
            f"unknown time zone {name!r}; write an IANA name such as Europe/Kyiv "
            "or Europe/Berlin, or remove the line to use Kyiv time"
        ) from None


def parse_moment(text: str, zone: tzinfo) -> datetime:
    """`parse_when`, a date alone taken as its midnight in ``zone`` (`Announce:`)."""
    when = parse_when(text, zone)
    if isinstance(when, datetime):
        return when
    return datetime.combine(when, time(0), zone)


def parse_when(text: str, zone: tzinfo) -> date | datetime:
    """A date (all day), or a date-time made aware in ``zone`` unless it has an offset."""
    text = text.strip()
    try:
        if _DATE_ONLY.match(text):
            return date.fromisoformat(text)
        value = datetime.fromisoformat(text)
    except ValueError:
        raise _Invalid(f"{text!r} is not a date; write {_WHEN_EXAMPLE}") from None
    if value.tzinfo is not None:
        return value
    aware = value.replace(tzinfo=zone)
    normal = aware.astimezone(UTC).astimezone(zone)
    if normal.replace(tzinfo=None) != value:
        raise _Invalid(
            f"{text} does not exist in {zone}: the clocks jump forward that night; "
            f"write {normal:%Y-%m-%d %H:%M} or give the offset (+02:00)"
        )
    return aware


def _localize(naive: datetime, zone: tzinfo) -> datetime:
    return naive.replace(tzinfo=zone)


def parse_geo(text: str) -> tuple[float, float]:
    parts = [p.strip() for p in text.replace(";", ",").split(",")]
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise _Invalid(
            f"{text!r} is not latitude,longitude; write degrees such as 48.7389, 37.5848"
        ) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise _Invalid(
            f"{text!r} is out of range: latitude is -90…90 and comes first, longitude -180…180"
        )
    return lat, lon


def parse_web_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
        raise _Invalid(f"{text!r} is not a web address; write it in full: https://example.org/…")
    # Characters a URL may not hold literally (" < > ` { } |) are percent-encoded.
    return quote(text, safe="%/:=&?~#+!$,;'@()*[]")


def parse_registration(text: str) -> Registration:
    address = text[len("mailto:"):] if text.lower().startswith("mailto:") else text
    if _EMAIL.match(address):
        return Registration(f"mailto:{address}", address, True)
    try:
        return Registration(parse_web_url(text), text, False)
    except _Invalid:
        raise _Invalid(
            f"{text!r} is neither a web address nor an e-mail; write "
            "https://example.org/form or name@example.org"
        ) from None


def _until_local(value: str, zone: tzinfo, all_day: bool) -> datetime:
    """UNTIL as a naive local date-time; a bare date means the whole of that day."""
    match = _UNTIL.match(value)
    if not match:
        raise _Invalid(f"UNTIL={value} is not a date; write UNTIL=20170630 (the last day)")
    year, month, day, hh, mm, ss, utc = match.groups()
    try:
        if hh is None:
            day_ = date(int(year), int(month), int(day))
            return datetime.combine(day_, time(0) if all_day else time(23, 59, 59))
        if all_day:
            raise _Invalid(f"UNTIL={value}: a series of whole days ends on a date; "
                           f"write UNTIL={year}{month}{day}")
        moment = datetime(int(year), int(month), int(day), int(hh), int(mm), int(ss))
    except ValueError:
        raise _Invalid(f"UNTIL={value} is not a real date; write UNTIL=20170630") from None
    if utc:
        return moment.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)
    return moment


def parse_recurrence(text: str, start: date | datetime, all_day: bool,
                     zone: tzinfo) -> tuple[Recurrence, list[datetime]]:
    """A canonical RRULE and the naive local start of every session."""
    rule = text.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[len("RRULE:"):]
    parts: dict[str, str] = {}
    for chunk in filter(None, (c.strip() for c in rule.split(";"))):
        key, sep, value = chunk.partition("=")
        key = key.strip().upper()
        if not sep or not key or not value.strip():
            raise _Invalid(f"{chunk!r} is not NAME=VALUE; write e.g. FREQ=WEEKLY;COUNT=10")
        if key in parts:
            raise _Invalid(f"{key} is written twice; keep one")
        parts[key] = value.strip().upper()
    if "DTSTART" in parts:
        raise _Invalid("remove DTSTART: the series starts at the event's start")
    if "FREQ" not in parts:
        raise _Invalid(f"{text!r} has no FREQ; write e.g. FREQ=WEEKLY;BYDAY=TU;COUNT=10")
    if "COUNT" in parts and "UNTIL" in parts:
        raise _Invalid("write COUNT or UNTIL, not both")
    if "COUNT" not in parts and "UNTIL" not in parts:
        raise _Invalid("a series needs an end; add ;COUNT=10 (sessions) or ;UNTIL=20170630 "
                       "(the last day)")
    naive_start = (datetime.combine(start, time(0)) if all_day
                   else start.astimezone(zone).replace(tzinfo=None))
    until = parts.pop("UNTIL", None)
    body = ";".join(f"{k}={v}" for k, v in parts.items())
    try:
        series = rrulestr(body, dtstart=naive_start)
    except (ValueError, TypeError) as exc:
        raise _Invalid(f"{text!r} is not an RFC 5545 rule ({exc}); write e.g. "
                       "FREQ=WEEKLY;BYDAY=TU;COUNT=10") from None
    if until is not None:
        until_local = _until_local(until, zone, all_day)
        series = series.replace(until=until_local)
    sessions = list(islice(series, MAX_OCCURRENCES + 1))
    if len(sessions) > MAX_OCCURRENCES:
        raise _Invalid(f"more than {MAX_OCCURRENCES} sessions; lower COUNT or an earlier UNTIL")
    if not sessions:
        raise _Invalid("the rule gives no session at all; check FREQ, BYDAY and UNTIL")
    if sessions[0] != naive_start:
        raise _Invalid(
            f"the first session ({sessions[0]:%Y-%m-%d}) is not the start "
            f"({naive_start:%Y-%m-%d}); make start the first session of the series"
        )
    canonical = {"FREQ": parts.pop("FREQ"), **dict(sorted(parts.items()))}
    if until is not None:
        if all_day:
            canonical["UNTIL"] = f"{until_local:%Y%m%d}"
        else:
            moment = _localize(until_local, zone).astimezone(UTC)
            canonical["UNTIL"] = f"{moment:%Y%m%dT%H%M%SZ}"
    rule_text = ";".join(f"{k}={v}" for k, v in canonical.items())
    return Recurrence(rule_text, len(sessions)), sessions


def _occurrence(start: datetime, end: datetime, all_day: bool, site_tz: tzinfo) -> Occurrence:
    if all_day:
        first = start.date()
        last = (end - timedelta(days=1)).date()
    else:
        first = start.astimezone(site_tz).date()
        last = ((end - timedelta(microseconds=1)) if end > start else start)
        last = last.astimezone(site_tz).date()
    return Occurrence(start, end, all_day, first, last)


def expand(start, end, all_day: bool, zone: tzinfo, *, site_tz: tzinfo,
           sessions: list[datetime] | None = None) -> tuple[Occurrence, ...]:
    """Every session as an Occurrence; a session lasts as long as the first one."""
    if all_day:
        span = end - start + timedelta(days=1)
        days = sessions or [datetime.combine(start, time(0))]
        return tuple(
            _occurrence(_localize(d, zone), _localize(d + span, zone), True, site_tz)
            for d in days
        )
    duration = end.astimezone(UTC) - start.astimezone(UTC)
    begins = [_localize(s, zone) for s in sessions] if sessions else [start]
    return tuple(
        _occurrence(b, (b.astimezone(UTC) + duration).astimezone(zone), False, site_tz)
        for b in begins
    )


def parse_event(
    fields: Mapping[str, object],
    *,
    site_tz: ZoneInfo,
    default_duration: timedelta,
    slug: str | None = None,
) -> tuple[EventInfo | None, list[Problem]]:
    """Check every field; an EventInfo only when there is no problem at all."""
    problems: list[Problem] = []
    values: dict[str, object] = {}

    def field(name, parse=None, *args):
        try:
            text = _text(fields, name)
            value = parse(text, *args) if (parse and text is not None) else text
        except _Invalid as exc:
            problems.append(Problem(name, str(exc)))
            return None
        values[name] = value
        return value

    if slug in RESERVED_SLUGS:
        problems.append(Problem("slug", f"{slug!r} is the address of the month calendar; "
                                        "name the file differently or set another Slug"))
    zone = field("timezone", parse_zone) or site_tz
    start = field("start", parse_when, zone)
    if start is None and "start" not in {p.field for p in problems}:
        problems.append(Problem("start", f"missing; write Start: {_WHEN_EXAMPLE}"))
    end = field("end", parse_when, zone)
    all_day = isinstance(start, date) and not isinstance(start, datetime)
    if start is not None and end is not None:
        if all_day != (isinstance(end, date) and not isinstance(end, datetime)):
            problems.append(Problem(
                "end", "start and end must both be dates (a whole-day event) or both "
                       "date-times; write e.g. End: 2017-04-07 20:00"))
            end = None
        elif end < start:
            problems.append(Problem(
                "end", f"{_text(fields, 'end')!r} is before the start "
                       f"({_text(fields, 'start')}); write an end after the start, "
                       "or remove End for the default length"))
            end = None
    if start is not None and end is None:
        end = start if all_day else (start.astimezone(UTC) + default_duration).astimezone(
            start.tzinfo)

    status = (field("status") or "scheduled").lower()
    if status not in STATUSES and "status" not in {p.field for p in problems}:
        problems.append(Problem(
            "status", f"unknown status {fields.get('status')!r}; write one of: "
                      + ", ".join(STATUSES)))
    location = field("location")
    address = field("address")
    geo = field("geo", parse_geo)
    online_url = field("online_url", parse_web_url)
    if not location and not online_url and not {"location", "online_url"} & {
            p.field for p in problems}:
        problems.append(Problem(
            "location", "missing; write the venue (Location: Vilna Khata) or, for an "
                        "online event, Online_url: https://…"))
    registration = field("registration", parse_registration)
    course = field("course")
    if course is not None and not _SLUG.match(course):
        problems.append(Problem(
            "course", f"{course!r} is not a course slug; write the course file's name "
                      "without the language, e.g. social-entrepreneurship"))
    recurrence, sessions = None, None
    rule = field("recurrence")
    if rule is not None and start is not None and end is not None:
        try:
            recurrence, sessions = parse_recurrence(rule, start, all_day, _zone_of(start, zone))
        except _Invalid as exc:
            problems.append(Problem("recurrence", str(exc)))
    audience = field("audience")
    organizer = field("organizer")
    announce = field("announce", parse_moment, zone)
    if problems:
        return None, problems
    event_zone = _zone_of(start, zone)
    return EventInfo(
        start=start, end=end, all_day=all_day, zone=event_zone, status=status,
        location=location, address=address, geo=geo, online_url=online_url,
        registration=registration, course=course, recurrence=recurrence,
        audience=audience, organizer=organizer, announce=announce,
        occurrences=expand(start, end, all_day, event_zone, site_tz=site_tz,
                           sessions=sessions),
    ), []


def _zone_of(start, zone: tzinfo) -> tzinfo:
    """Times written with an offset keep that offset; others live in the event's zone."""
    if isinstance(start, datetime) and start.tzinfo is not None:
        return start.tzinfo
    return zone


def disagreements(one: EventInfo, other: EventInfo) -> list[str]:
    """The shared fields on which two language versions of one event differ."""
    mine, theirs = one.shared(), other.shared()
    return [name for name in SHARED_FIELDS if mine[name] != theirs[name]]
