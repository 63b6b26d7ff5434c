"""The events Generator: reads every event, checks it, writes the run language's pages.

Each language run reads the events of both languages (twins are linked by
slug and must agree), but lists and writes only its own language. Problems
are logged as `path:line: field: message` by the run of the file's language,
so each is reported once, before anything is written.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from urllib.parse import urlsplit

from contenttype import ContentTypeGenerator

from common.text import TextTemplate, paragraphs
from i18n import language_run
from i18n.config import SettingsError
from sitebuild.hooks import run_report

from .content import Event
from .display import EventFormatter, When, google_calendar_url, where_text
from .ical import calendar_for, to_ics
from .jsonld import event_json_ld
from .model import Occurrence, disagreements, parse_event
from .monthgrid import (
    landing_month,
    month_grid,
    month_of,
    months_with_entries,
    pages_to_render,
)
from .settings import EventsSettingsError, read_events_settings

logger = logging.getLogger(__name__)



@dataclass(frozen=True)
class Entry:
    """One session of one event, as listed on a page."""

    event: Event
    occurrence: Occurrence
    when: When


def write_calendar(write, conf, shared, save_as: str, events, *, calendar_id: str,
                   name: str, url: str) -> None:
    """An .ics file (events' and courses'), through the run's writer. ``shared``: the
    run's components (see `calendar_for`)."""
    def text() -> str:
        return to_ics(calendar_for(
            events, domain=conf.uid_domain, name=name, lang=conf.run_lang,
            calendar_id=calendar_id, page_url=lambda e: conf.absolute(e.url),
            url=conf.absolute(url) or None, shared=shared, now=conf.now), shared)

    write(name=save_as, template=TextTemplate(text))


def next_moment(events, now: datetime) -> datetime | None:
    """The first moment after ``now`` at which these events change a page by the clock
    alone: a session ends (it moves to "past"), or an `Announce:` moment comes."""
    moments = [o.end for e in events for o in e.info.occurrences if o.end > now]
    moments += [e.info.announce for e in events if e.info.announce and e.info.announce > now]
    return min(moments, default=None)


class EventsGenerator(ContentTypeGenerator):
    """Event pages, the events list, month calendars and .ics files of one language."""

    content_class = Event
    name = "events"
    noun = "event"

    def __init__(self, *args, **kwargs):
        self.conf = None
        self.events: list[Event] = []  # this run's language, valid, by first session
        self.all_events: list[Event] = []  # every language, valid
        self.upcoming: list[Entry] = []
        self.past: list[Entry] = []
        self.month_keys: list[tuple[int, int]] = []
        self.landing: tuple[int, int] | None = None
        self.calendars: dict = {}  # the run's calendar components (see write_calendar)
        super().__init__(*args, **kwargs)

    # -- what an event is ---------------------------------------------------

    def parse(self, item: Event):
        conf = self.conf
        return parse_event(item.fields, site_tz=conf.site_tz,
                           default_duration=conf.default_duration, slug=item.slug)

    def disagreements(self, first: Event, other: Event) -> list[str]:
        """When, whether and what it belongs to."""
        return disagreements(first.info, other.info)

    # -- context --------------------------------------------------------------

    def generate_context(self):
        try:
            self.conf = read_events_settings(self.settings)
            patterns = language_run(self.settings).date_patterns
        except (EventsSettingsError, SettingsError) as exc:
            logger.error("events: %s", exc)
            self.conf = None
            return
        conf = self.conf
        self.formatter = EventFormatter(conf.run_lang, patterns["long"],
                                        conf.site_tz)
        every = self.read_valid()
        report = run_report(self.settings)
        if report is not None:
            report["events"] = {"next_moment": next_moment(every, conf.now)}
        # Production builds leave an event out until its `Announce:` moment.
        valid = [e for e in every
                 if not (conf.hides_unannounced and e.info.announce
                         and e.info.announce > conf.now)]
        self.all_events = valid
        self.events = sorted((e for e in valid if e.lang == conf.run_lang),
                             key=lambda e: (e.start, e.slug))
        for event in self.events:
            self._decorate(event)
        self._split(conf.now)
        # Months come from every language, so both languages have the same month pages.
        current = month_of(conf.now.astimezone(conf.site_tz).date())
        spans = [(o.first_day, o.last_day) for e in valid for o in e.occurrences]
        self.month_keys = pages_to_render(months_with_entries(spans), current)
        own = [(o.first_day, o.last_day) for e in self.events for o in e.occurrences]
        self.landing = landing_month(months_with_entries(own), current)

        for key, value in conf.urls.items():
            self.context.setdefault(key, value)
        self.context["events"] = self.events
        self.context["upcoming_events"] = [entry.event for entry in self.upcoming]
        self.context["past_events"] = [entry.event for entry in self.past]
        self.context["calendar_webcal_url"] = self._webcal(conf.urls["CALENDAR_ICS_URL"])
        self.env.filters["event_when"] = self.formatter.when
        self.env.filters["event_json_ld"] = self._json_ld

    def _decorate(self, event: Event) -> None:
        """Per event: links and texts the templates and other plugins (feeds, cards) use."""
        conf = self.conf
        event.ics_url = conf.url("EVENT_ICS_URL", slug=event.slug)
        event.when = self.formatter.when(event.info.first)
        event.where = where_text(event.info)
        event.feed_when_where = " · ".join(filter(None, [str(event.when), event.where]))
        details = paragraphs(getattr(event, "summary", "") or "")
        page = conf.absolute(event.url)
        event.google_calendar_url = google_calendar_url(
            str(event.title), event.info, "\n\n".join(filter(None, [details, page])),
            str(conf.site_tz))
        # The courses plugin, when there is one, links the course (courses/generator.py).
        event.course_link = None

    def _split(self, now) -> None:
        """Upcoming (soonest first) while any session has not ended; past (latest first)."""
        for event in self.events:
            coming = next((o for o in event.occurrences if o.end > now), None)
            event.is_past = coming is None
            if coming is not None:
                self.upcoming.append(Entry(event, coming, self.formatter.when(coming)))
            else:
                last = event.info.last
                self.past.append(Entry(event, last, self.formatter.when(last)))
        self.upcoming.sort(key=lambda e: (e.occurrence.start, e.event.slug))
        self.past.sort(key=lambda e: (e.occurrence.start, e.event.slug), reverse=True)

    def _webcal(self, url: str) -> str:
        """webcal:// makes calendar apps subscribe instead of importing once."""
        public = self.conf.absolute(url)
        return "webcal://" + public.split("://", 1)[1] if public else ""

    def _json_ld(self, event: Event) -> str:
        conf = self.conf
        # The cards plugin gives each event its share image; any order of plugins works,
        # since this runs while the page is written.
        card = getattr(event, "card_absolute_url", None) or getattr(event, "card_url", None)
        return event_json_ld(
            event, url=conf.absolute(event.url), site_name=self.settings.get("SITENAME", ""),
            home=conf.absolute(conf.lang_prefix), site_tz=conf.site_tz,
            image=(card if urlsplit(card).scheme else conf.absolute(card)) if card else None)

    def refresh_metadata_intersite_links(self):
        for event in self.all_events:
            event.refresh_metadata_intersite_links()

    # -- output ---------------------------------------------------------------

    def _month_entries(self) -> list[tuple]:
        entries = []
        for event in self.events:
            for occ in event.occurrences:
                entries.append((occ.first_day, occ.last_day,
                                Entry(event, occ, self.formatter.when(occ))))
        entries.sort(key=lambda e: (not e[2].occurrence.all_day, e[2].occurrence.start,
                                    str(e[2].event.title)))
        return entries

    def generate_output(self, writer):
        if self.conf is None:
            return
        conf = self.conf
        write = partial(writer.write_file, context=self.context,
                        relative_urls=self.settings["RELATIVE_URLS"])
        events_label = self.env.from_string("{{ _('Events') }}").render()
        site_name = self.settings.get("SITENAME", "")
        for event in self.events:
            write(name=event.save_as, template=self.get_template(event.template),
                  event=event, url=event.url,
                  override_output=hasattr(event, "override_save_as"))
            write_calendar(write, conf, self.calendars,
                           conf.url("EVENT_ICS_SAVE_AS", slug=event.slug), [event],
                           calendar_id=f"{event.slug}-{conf.run_lang}", name=str(event.title),
                           url=event.url)
        write_calendar(write, conf, self.calendars, conf.urls["CALENDAR_ICS_SAVE_AS"],
                       self.events, calendar_id=f"events-{conf.run_lang}",
                       name=f"{site_name} — {events_label}", url=conf.urls["EVENTS_URL"])
        write(name=conf.urls["EVENTS_SAVE_AS"], template=self.get_template("events"),
              url=conf.urls["EVENTS_URL"], upcoming=self.upcoming, past=self.past)
        self._write_months(write)

    def _write_months(self, write) -> None:
        conf = self.conf
        template = self.get_template("events_calendar")
        entries = self._month_entries()
        weekdays = self.formatter.weekdays()
        for index, key in enumerate(self.month_keys):
            grid = month_grid(*key, entries)
            neighbours = {
                "previous_month": self.month_keys[index - 1] if index else None,
                "next_month": (self.month_keys[index + 1]
                               if index + 1 < len(self.month_keys) else None),
            }
            links = {  # (url, first day) of the neighbouring month pages
                name: (conf.url("EVENT_CALENDAR_URL", year=m[0], month=m[1]), date(*m, 1))
                if m else None
                for name, m in neighbours.items()
            }
            url = conf.url("EVENT_CALENDAR_URL", year=key[0], month=key[1])
            write(name=conf.url("EVENT_CALENDAR_SAVE_AS", year=key[0], month=key[1]),
                  template=template, url=url, month=grid, month_url=url,
                  page_url=url, weekdays=weekdays, **links)
            if key == self.landing:
                write(name=conf.urls["EVENT_CALENDAR_INDEX_SAVE_AS"], template=template,
                      url=conf.urls["EVENT_CALENDAR_INDEX_URL"], month=grid,
                      month_url=url, page_url=conf.urls["EVENT_CALENDAR_INDEX_URL"],
                      weekdays=weekdays, **links)
