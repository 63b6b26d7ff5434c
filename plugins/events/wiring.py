"""Signal wiring: the only module of this plugin that imports pelican.signals."""

from __future__ import annotations

from pelican import signals

from .generator import EventsGenerator


class WiredEventsGenerator(EventsGenerator):
    """Events read through the pages' context signal: the i18n plugin sets lang and slug."""

    metadata_signal = signals.page_generator_context


def get_generators(_pelican):
    return WiredEventsGenerator


def register():
    signals.get_generators.connect(get_generators)
