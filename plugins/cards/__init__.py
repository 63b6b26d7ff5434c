"""Social cards: a 1200x630 PNG per page and language, and the page's share metadata."""

from .wiring import register

__all__ = ["register"]
