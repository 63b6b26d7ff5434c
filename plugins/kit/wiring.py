"""Signal wiring: the only module of this plugin that imports pelican.signals."""

from __future__ import annotations

from pelican import signals

from .generator import KitGenerator


def get_generators(_pelican):
    return KitGenerator


def register():
    signals.get_generators.connect(get_generators)
