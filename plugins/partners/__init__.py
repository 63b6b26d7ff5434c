"""Partners and donors (content/partners.yml): their logos on the footer, posters and images."""

from .rules import content_rules
from .wiring import register

__all__ = ["content_rules", "register"]
