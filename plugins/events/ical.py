"""iCalendar files made with the icalendar library, byte for byte the same on every build.

icalendar's `Calendar.new` and `Event.new` would pick a random UID and stamp
the current time; here the UID comes from the slug and the site's domain, the
stamps from the content's own dates, and events are added in a sorted order.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from common.text import paragraphs

from .display import where_text

if TYPE_CHECKING:
    from icalendar import Calendar
    from icalendar import Event as VEvent

#: How often subscribed calendar apps should fetch calendar.ics again.
REFRESH_INTERVAL = timedelta(hours=12)
ICS_STATUS = {
    "scheduled": "CONFIRMED",
    "rescheduled": "CONFIRMED",
    "postponed": "TENTATIVE",
    "cancelled": "CANCELLED",
}


def event_uid(slug: str, domain: str) -> str:
    """Stable across builds and identical in both languages: calendars update, never duplicate."""
    return f"{slug}@{domain}"


def _utc(value: date | datetime, zone) -> datetime:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0), tzinfo=zone)
    return value.astimezone(UTC)


def stamp_of(event, now: datetime | None = None) -> datetime:
    """DTSTAMP: when the event's text last changed by its own dates, else when it starts;
    never after the start of the build's day (``now``, UTC): a stamp in the future
    confuses calendar apps, and a day, not the second, keeps the file the same all day."""
    info = event.info
    stamp = _utc(info.first.start, info.zone)
    for name in ("modified", "date"):
        value = getattr(event, name, None)
        if value is not None:
            stamp = _utc(value, info.zone)
            break
    if now is not None:
        today = datetime.combine(now.astimezone(UTC).date(), time(0), tzinfo=UTC)
        stamp = min(stamp, today)
    return stamp


def _moment(value: datetime):
    """Times in a named zone keep their TZID; times written with an offset become UTC."""
    if isinstance(value.tzinfo, ZoneInfo):
        return value
    return value.astimezone(UTC)


def event_component(event, *, domain: str, page_url: str = "",
                    now: datetime | None = None) -> VEvent:
    """One VEVENT; ``event`` is a validated events.content.Event; ``now``: the build's."""
    from icalendar import Event as VEvent
    from icalendar import vRecur

    info = event.info
    first = info.first
    if first.all_day:
        start, end = first.first_day, first.last_day + timedelta(days=1)
    else:
        start, end = _moment(first.start), _moment(first.end)
    description = paragraphs(event.content) or paragraphs(getattr(event, "summary", ""))
    # Many calendar apps do not show URL; the page's address in the text is always there.
    description = "\n\n".join(filter(None, [description, page_url]))
    component = VEvent.new(
        uid=event_uid(event.slug, domain),
        stamp=stamp_of(event, now),
        start=start,
        end=end,
        summary=str(event.title),
        description=description or None,
        location=where_text(info) or None,
        status=ICS_STATUS[info.status],
        url=page_url or None,
        # No empty CATEGORIES: line for an event without tags.
        categories=[str(tag) for tag in getattr(event, "tags", ())] or None,
        last_modified=(_utc(event.modified, info.zone)
                       if getattr(event, "modified", None) else None),
    )
    if info.recurrence:
        component.add("rrule", vRecur.from_ical(info.recurrence.rule))
    if info.geo:
        component.add("geo", info.geo)
    return component


def _sort_key(event):
    return (event.info.first.start.astimezone(UTC), event.slug)


def calendar_for(
    events: Iterable,
    *,
    domain: str,
    name: str,
    lang: str,
    calendar_id: str,
    page_url=None,
    description: str | None = None,
    url: str | None = None,
    shared: dict | None = None,
    now: datetime | None = None,
) -> Calendar:
    """A VCALENDAR of ``events`` with a VTIMEZONE for every zone they use.

    The courses plugin calls this for /courses/<slug>.ics. ``page_url`` maps
    an event to its absolute page URL ('' when the site has no public address);
    ``calendar_id`` is a stable name for the calendar, e.g. 'events-uk';
    ``shared`` is a dict the caller keeps for a run's calendars, so that each
    VTIMEZONE and each event's VEVENT is made once (an event is in its own
    .ics, calendar.ics and its course's), and serialized once by `to_ics`;
    ``now`` is the build's "now", the latest DTSTAMP (`stamp_of`).
    """
    from icalendar import Calendar

    events = sorted(events, key=_sort_key)
    calendar = Calendar.new(
        prodid=f"-//{domain}//{calendar_id}//{lang.upper()}",
        uid=f"{calendar_id}@{domain}",
        name=name,
        description=description,
        url=url or None,
        method="PUBLISH",
        calscale="GREGORIAN",
        refresh_interval=REFRESH_INTERVAL,
    )
    shared = {} if shared is None else shared
    for event in events:
        address = page_url(event) if page_url else ""
        key = ("VEVENT", id(event), domain, address)
        made = shared.get(key)
        if made is None or made[0] is not event:  # (the event itself: ids are reused)
            made = shared[key] = (event, event_component(event, domain=domain,
                                                         page_url=address, now=now))
        calendar.add_component(made[1])
    if events:
        # VTIMEZONE covers only the years the events need: smaller files, same every build.
        first = min(e.info.first.first_day for e in events)
        last = max(e.info.last.last_day for e in events)
        _add_timezones(calendar, date(first.year, 1, 1), date(last.year + 1, 1, 1), shared)
    return calendar


def _add_timezones(calendar: Calendar, first: date, last: date, cache: dict) -> None:
    """What `Calendar.add_missing_timezones` does, in a stable order and computed once.

    The library walks a set of TZIDs (an order that changes between runs) and
    recomputes each zone's transitions for every calendar; a build writes many.
    """
    from icalendar import Timezone

    index = len(calendar.timezones)
    for tzid in sorted(calendar.get_missing_tzids()):
        key = (tzid, first, last)
        if key not in cache:
            try:
                cache[key] = Timezone.from_tzid(tzid, first_date=first, last_date=last)
            except ValueError:
                cache[key] = None
        if cache[key] is not None:
            calendar.subcomponents.insert(index, cache[key])
            index += 1


_END = b"END:VCALENDAR\r\n"


def to_ics(calendar: Calendar, shared: dict | None = None) -> str:
    """The calendar's text; with ``shared`` (see `calendar_for`), each component is
    serialized once a run: a component's lines are the same alone as inside the
    calendar, which is its own lines, its components' in order, and its END."""
    if shared is None:
        return calendar.to_ical().decode("utf-8")
    components = calendar.subcomponents
    calendar.subcomponents = []
    try:
        head = calendar.to_ical()
    finally:
        calendar.subcomponents = components
    if not head.endswith(_END):  # another icalendar: its own way
        return calendar.to_ical().decode("utf-8")
    parts = [head[: -len(_END)]]
    for component in components:
        key = ("text", id(component))
        done = shared.get(key)
        if done is None or done[0] is not component:
            done = shared[key] = (component, component.to_ical())
        parts.append(done[1])
    parts.append(_END)
    return b"".join(parts).decode("utf-8")
