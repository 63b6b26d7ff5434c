"""Signal wiring: the run's writer is MemoWriter (see writer.py)."""

from __future__ import annotations

from pelican import signals

from .writer import get_writer


def register():
    signals.get_writer.connect(get_writer)
