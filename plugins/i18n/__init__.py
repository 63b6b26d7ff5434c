"""Bilingual glue: one Pelican run per language, linked translations, gettext and Babel dates."""

from .wiring import register

__all__ = ["register"]
