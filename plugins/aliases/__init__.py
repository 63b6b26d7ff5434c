"""Old addresses keep working: a redirect page at every path an item lists in `Aliases:`."""

from .wiring import register

__all__ = ["register"]
