"""Signal wiring for the CMS plugin."""

from __future__ import annotations

from pelican import signals

from .generator import CmsGenerator


def get_generators(_pelican):
    return CmsGenerator


def register():
    signals.get_generators.connect(get_generators)
