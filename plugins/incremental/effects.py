"""What rendering a page does besides writing it, so a reused page can do it again.

A template helper that registers something while a page renders (the cards
plugin learns a list page's card there) calls `note(kind, *args)`; when the
next build reuses that page instead of rendering it, the replayer registered
for `kind` runs with the run's context and the same arguments. A page whose
effect has no replayer is always rendered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Recording:
    """What one write_file call read, wrote and did."""

    files: list[str] = field(default_factory=list)
    bodies: set[str] = field(default_factory=set)
    effects: list[list] = field(default_factory=list)


ACTIVE: list[Recording] = []
REPLAYERS: dict[str, Callable] = {}


def note(kind: str, *args) -> None:
    """Record an effect of the page being rendered; args must be JSON values."""
    if ACTIVE:
        ACTIVE[-1].effects.append([kind, list(args)])


def replayer(kind: str):
    """Decorator: `fn(context, *args)` replays the effects noted as `kind`."""
    def register(fn: Callable) -> Callable:
        REPLAYERS[kind] = fn
        return fn
    return register


def replayable(effects: list) -> bool:
    return all(kind in REPLAYERS for kind, _args in effects)


def replay(context: dict, effects: list) -> None:
    for kind, args in effects:
        REPLAYERS[kind](context, *args)
