"""Signal wiring: the only module of this plugin that imports pelican.signals."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pelican import signals

from common.header import read_header
from sitebuild.hooks import BuildContext, Hooks

from .generator import EventsGenerator
from .model import EVENT_FIELDS, parse_event
from .settings import read_events_settings


class WiredEventsGenerator(EventsGenerator):
    """Events read through the pages' context signal: the i18n plugin sets lang and slug."""

    metadata_signal = signals.page_generator_context


def get_generators(_pelican):
    return WiredEventsGenerator


def valid_until(context: BuildContext) -> datetime | None:
    """When the events pages go stale by the clock alone: the next session ends (it
    moves to "past"), an event's `Announce:` moment comes, or the month turns (the
    calendar's landing page). None when "now" is fixed (EVENTS_NOW, SOURCE_DATE_EPOCH)."""
    conf = read_events_settings(dict(context.settings))
    if not conf.now_from_clock:
        return None
    local = conf.now.astimezone(conf.site_tz)
    moments = [datetime(local.year + local.month // 12, local.month % 12 + 1, 1,
                        tzinfo=conf.site_tz)]
    root = Path(conf.content_path)
    for folder in conf.paths:
        for path in sorted((root / folder).rglob("*.md")):
            fields = {name: found.value for name, found in read_header(path).fields.items()
                      if name in EVENT_FIELDS}
            info, _problems = parse_event(fields, site_tz=conf.site_tz,
                                          default_duration=conf.default_duration)
            if info is None:
                continue  # the checks report it
            moments += [o.end for o in info.occurrences if o.end > conf.now]
            if info.announce and info.announce > conf.now:
                moments.append(info.announce)
    return min(moments)


build_hooks = Hooks(valid_until=valid_until)


def register():
    signals.get_generators.connect(get_generators)
