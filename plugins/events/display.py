"""What visitors read: dates and times in their language (Babel), plain text, calendar links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from urllib.parse import urlencode

from babel.dates import format_date, format_time, get_day_names

from .model import EventInfo, Occurrence

TIME_PATTERN = "HH:mm"
GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"


@dataclass(frozen=True)
class When:
    """A session as text: `7 квітня 2017, 18:00` – `20:00`, with machine-readable ends."""

    start_text: str
    start_iso: str
    separator: str = ""
    end_text: str = ""
    end_iso: str = ""

    def __str__(self) -> str:
        return f"{self.start_text}{self.separator}{self.end_text}"


class EventFormatter:
    """Dates of one language, shown in the site's time zone."""

    def __init__(self, lang: str, date_pattern: str, site_tz: tzinfo):
        self.lang = lang
        self.date_pattern = date_pattern
        self.site_tz = site_tz

    def day(self, value: date) -> str:
        return format_date(value, self.date_pattern, locale=self.lang)

    def clock(self, value: datetime) -> str:
        return format_time(value.astimezone(self.site_tz), TIME_PATTERN, locale=self.lang)

    def when(self, occ: Occurrence) -> When:
        if occ.all_day:
            if occ.first_day == occ.last_day:
                return When(self.day(occ.first_day), occ.first_day.isoformat())
            return When(self.day(occ.first_day), occ.first_day.isoformat(), " – ",
                        self.day(occ.last_day), occ.last_day.isoformat())
        start = occ.start.astimezone(self.site_tz)
        end = occ.end.astimezone(self.site_tz)
        start_text = f"{self.day(start.date())}, {self.clock(start)}"
        if end == start:
            return When(start_text, start.isoformat())
        if start.date() == end.date():
            return When(start_text, start.isoformat(), "–", self.clock(end), end.isoformat())
        return When(start_text, start.isoformat(), " – ",
                    f"{self.day(end.date())}, {self.clock(end)}", end.isoformat())

    def weekdays(self) -> list[tuple[str, str]]:
        """(abbreviation, full name) from Monday to Sunday."""
        short = get_day_names("abbreviated", locale=self.lang)
        wide = get_day_names("wide", locale=self.lang)
        return [(short[i], wide[i]) for i in range(7)]


def where_text(info: EventInfo) -> str:
    return ", ".join(filter(None, [info.location, info.address])) or (info.online_url or "")


def _google_stamp(value: datetime | date, all_day: bool) -> str:
    if all_day:
        return f"{value:%Y%m%d}"
    return f"{value.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def google_calendar_url(title: str, info: EventInfo, details: str, tz_name: str) -> str:
    """A 'save to Google Calendar' link; nothing is requested until a visitor follows it."""
    occ = info.first
    if occ.all_day:
        dates = f"{_google_stamp(occ.first_day, True)}/" \
                f"{_google_stamp(occ.last_day + timedelta(days=1), True)}"
    else:
        dates = f"{_google_stamp(occ.start, False)}/{_google_stamp(occ.end, False)}"
    query = {"action": "TEMPLATE", "text": title, "dates": dates, "ctz": tz_name}
    if details:
        query["details"] = details
    location = where_text(info)
    if location:
        query["location"] = location
    if info.recurrence:
        query["recur"] = f"RRULE:{info.recurrence.rule}"
    return f"{GOOGLE_CALENDAR}?{urlencode(query)}"
