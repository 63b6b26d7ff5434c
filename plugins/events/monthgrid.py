"""Month calendars: which months get a page, and the weeks of each (Monday first)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

Month = tuple[int, int]  # (year, month)


@dataclass(frozen=True)
class DayCell:
    day: date
    in_month: bool
    entries: tuple  # whatever the caller passed, in the caller's order


@dataclass(frozen=True)
class MonthGrid:
    year: int
    month: int
    weeks: tuple[tuple[DayCell, ...], ...]

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def entries(self) -> tuple:
        """Every entry of the month once, in the order first seen."""
        seen = {}
        for week in self.weeks:
            for cell in week:
                if cell.in_month:
                    for entry in cell.entries:
                        seen.setdefault(id(entry), entry)
        return tuple(seen.values())


def month_of(day: date) -> Month:
    return day.year, day.month


def add_months(month: Month, n: int) -> Month:
    index = month[0] * 12 + month[1] - 1 + n
    return index // 12, index % 12 + 1


def months_between(first: Month, last: Month) -> list[Month]:
    months = []
    while first <= last:
        months.append(first)
        first = add_months(first, 1)
    return months


def months_with_entries(spans: Iterable[tuple[date, date]]) -> set[Month]:
    """Every month that one of the (first day, last day) spans touches."""
    months = set()
    for first, last in spans:
        months.update(months_between(month_of(first), month_of(last)))
    return months


def pages_to_render(event_months: set[Month], current: Month) -> list[Month]:
    """Every month from the first to the last with events, and the current month."""
    if not event_months:
        return [current]
    return sorted(set(months_between(min(event_months), max(event_months))) | {current})


def landing_month(event_months: set[Month], current: Month) -> Month:
    """The current month when it has events, else the nearest that has (later wins a tie)."""
    if not event_months or current in event_months:
        return current

    def distance(month: Month):
        gap = (month[0] * 12 + month[1]) - (current[0] * 12 + current[1])
        return abs(gap), gap < 0

    return min(event_months, key=distance)


def month_grid(year: int, month: int, entries: Iterable[tuple[date, date, object]]) -> MonthGrid:
    """The weeks of a month; each day lists the entries whose span covers it."""
    entries = list(entries)
    weeks = []
    for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month):
        cells = []
        for day in week:
            in_month = day.month == month
            covering = tuple(payload for first, last, payload in entries
                             if in_month and first <= day <= last)
            cells.append(DayCell(day, in_month, covering))
        weeks.append(tuple(cells))
    return MonthGrid(year, month, tuple(weeks))
