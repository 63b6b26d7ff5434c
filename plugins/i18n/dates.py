"""Dates in the visitor's language, formatted by Babel (never by the OS locale)."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_datetime, format_time


class DateFormatter:
    """Jinja filters bound to one language's locale and patterns."""

    def __init__(self, code: str, patterns: dict, tzinfo=None):
        self.code = code
        self.patterns = patterns
        self.tzinfo = tzinfo
        self._dates: dict[tuple[date, str], str] = {}

    def date(self, value: date | datetime, pattern: str = "long") -> str:
        """The calendar day in the language (Babel formats only the day of a datetime;
        each day and pattern is formatted once: teasers show the same dates often)."""
        if isinstance(value, datetime):
            if self.tzinfo and value.tzinfo:
                value = value.astimezone(self.tzinfo)
            value = value.date()
        fmt = self.patterns.get(pattern, pattern)
        found = self._dates.get((value, fmt))
        if found is None:
            found = self._dates[(value, fmt)] = format_date(value, fmt, locale=self.code)
        return found

    def time(self, value: datetime, pattern: str = "HH:mm") -> str:
        return format_time(value, self.patterns.get(pattern, pattern), locale=self.code,
                           tzinfo=self.tzinfo if value.tzinfo else None)

    def datetime(self, value: datetime, pattern: str = "long") -> str:
        fmt = self.patterns.get(pattern, pattern)
        return format_datetime(value, fmt, locale=self.code,
                               tzinfo=self.tzinfo if value.tzinfo else None)

    @staticmethod
    def iso(value: date | datetime) -> str:
        return value.isoformat()
