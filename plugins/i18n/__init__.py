"""Bilingual glue: one Pelican run per language, linked translations, gettext and Babel dates.

Other plugins learn about their language run from `language_run(settings)` (a
frozen `LanguageRun`), never from the settings keys this plugin sets.
"""

from .run import LanguageRun, language_run
from .wiring import register

__all__ = ["LanguageRun", "language_run", "register"]
