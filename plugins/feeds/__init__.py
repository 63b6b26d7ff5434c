"""Per-language RSS 2.0 and Atom feeds made with feedgen."""

from .wiring import register

__all__ = ["register"]
