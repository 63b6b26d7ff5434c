"""Courses: syllabus pages, the catalogue and a calendar of each course's sessions."""

from .rules import content_kinds, content_rules
from .wiring import register

__all__ = ["content_kinds", "content_rules", "register"]
