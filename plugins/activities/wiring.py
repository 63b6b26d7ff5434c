"""Signal wiring: the only module of this plugin that imports pelican.signals."""

from __future__ import annotations

from pelican import signals

from .generator import ActivityReportGenerator


def get_generators(_pelican):
    return ActivityReportGenerator


def register():
    signals.get_generators.connect(get_generators)
