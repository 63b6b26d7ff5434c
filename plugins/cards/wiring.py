"""Signal wiring: the only module of this plugin that imports pelican.signals."""

from __future__ import annotations

from pelican import signals

from .generator import CardGenerator, move_before_static


def get_generators(pelican):
    return CardGenerator


def attach_cards(generators):
    """After every generator has read its content, before any page is written."""
    cards = next((g for g in generators if isinstance(g, CardGenerator)), None)
    if cards is None:
        return
    move_before_static(generators, cards)
    cards.attach(generators)


def register():
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(attach_cards)
