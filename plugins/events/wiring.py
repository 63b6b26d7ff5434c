"""Signal wiring: the only module of this plugin that imports pelican.signals."""

from __future__ import annotations

from datetime import datetime

from pelican import signals

from build.hooks import BuildContext, Hooks

from .generator import VALID_UNTIL, EventsGenerator


class WiredEventsGenerator(EventsGenerator):
    """Events read through the pages' context signal: the i18n plugin sets lang and slug."""

    metadata_signal = signals.page_generator_context


def get_generators(_pelican):
    return WiredEventsGenerator


def valid_until(context: BuildContext) -> datetime | None:
    """The earliest moment a language's events pages go stale (None: they never do)."""
    found = []
    for code in context.languages:
        try:
            found.append(datetime.fromisoformat(
                (context.cache / code / VALID_UNTIL).read_text(encoding="utf-8").strip()))
        except (OSError, ValueError):
            continue
    return min(found, default=None)


build_hooks = Hooks(valid_until=valid_until)


def register():
    signals.get_generators.connect(get_generators)
