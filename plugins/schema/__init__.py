"""The content schema: every field of every content folder, once.

The content checks take their known and required fields, statuses and patterns
from here, and the CMS admin (plugins/cms) writes its config.yml from the same
definitions, so the form and the checks cannot drift apart.
"""

from .fields import (
    ALIASES,
    DATE_PATTERN,
    EVENT_STATUSES,
    ITEM_STATUSES,
    KINDS,
    KIT_CHOICES,
    SLUG_PATTERN,
    WHEN_PATTERN,
    Field,
    Kind,
)

__all__ = ["ALIASES", "DATE_PATTERN", "EVENT_STATUSES", "ITEM_STATUSES", "KINDS", "KIT_CHOICES",
           "SLUG_PATTERN", "WHEN_PATTERN", "Field", "Kind"]
