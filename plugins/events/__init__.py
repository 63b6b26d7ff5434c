"""Events: event pages, the events list, month calendars and iCalendar files."""

from .rules import content_kinds, content_rules
from .wiring import register

__all__ = ["content_kinds", "content_rules", "register"]
