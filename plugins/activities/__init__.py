"""Planned activities of the grant (content/activities/): their targets, what counts
towards them (`Activity:` of events, courses and news; an event's `Attendance:`),
and the donor's activity report."""

from .rules import content_kinds, content_rules
from .wiring import register

__all__ = ["content_kinds", "content_rules", "register"]
