"""Events: event pages, the events list, month calendars and iCalendar files."""

from .rules import content_kinds, content_rules
from .wiring import build_hooks, register

__all__ = ["build_hooks", "content_kinds", "content_rules", "register"]
