"""Signal wiring: the only module of this plugin that imports pelican.signals."""

from __future__ import annotations

from datetime import datetime

from pelican import signals

from sitebuild.hooks import BuildContext, Hooks

from .generator import EventsGenerator
from .settings import read_events_settings


class WiredEventsGenerator(EventsGenerator):
    """Events read through the pages' context signal: the i18n plugin sets lang and slug."""

    metadata_signal = signals.page_generator_context


def get_generators(_pelican):
    return WiredEventsGenerator


def valid_until(context: BuildContext) -> datetime | None:
    """When the events pages go stale by the clock alone: the earliest moment a language
    run reported (a session ends and moves to "past", an event's `Announce:` moment
    comes), or the month turns (the calendar's landing page). None when "now" is fixed
    (EVENTS_NOW, SOURCE_DATE_EPOCH)."""
    conf = read_events_settings(dict(context.settings))
    if not conf.now_from_clock:
        return None
    local = conf.now.astimezone(conf.site_tz)
    moments = [datetime(local.year + local.month // 12, local.month % 12 + 1, 1,
                        tzinfo=conf.site_tz)]
    # Each run reports the next moment of every language's events (`next_moment`).
    for report in context.reports.values():
        moment = report.get("events", {}).get("next_moment")
        if moment is not None:
            moments.append(moment)
    return min(moments)


build_hooks = Hooks(valid_until=valid_until)


def register():
    signals.get_generators.connect(get_generators)
