"""Signal wiring for the feeds plugin."""

from __future__ import annotations

from pelican import signals

from .generator import FeedsGenerator


def get_generators(pelican):
    return FeedsGenerator


def register():
    signals.get_generators.connect(get_generators)
