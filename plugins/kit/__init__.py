"""The campaign kit: an A4 poster and a kit page with ready post texts for every event
and course, and every article with `Kit: yes`, in each language."""

from .wiring import register

__all__ = ["register"]
