"""What a plugin knows about the language run it is in: one frozen `LanguageRun`.

Each language is built by its own Pelican run (`config.run_overrides`). A plugin
asks `language_run(settings)` which language that is, where it lives, the
site's addresses, its date patterns and its cache folder, instead of reading
the keys the i18n layer sets and working each value out again: every value is
worked out here, once, from the settings. Under plain Pelican (`pelican
content` with pelicanconf.py, no overrides) the run is the default language's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from .config import RUN_LANG, Language, read_i18n_settings

#: Pelican's own default cache folder, for settings that do not name one.
DEFAULT_CACHE_PATH = "cache"


@dataclass(frozen=True)
class LanguageRun:
    """One language run of the site, as every plugin of the run sees it."""

    #: The run's language code ('uk', 'en').
    code: str
    #: Where the run's language lives in the output: '' for the default, 'en/' ...
    prefix: str
    #: Every language of the site, the default first (code, prefix, name, og_locale).
    languages: tuple[Language, ...]
    #: The site's public address, absolute, without a trailing slash: PUBLIC_URL,
    #: else SITEURL when that is absolute; '' when neither is. Canonical links,
    #: the sitemap, feeds, posters and reports name pages by it.
    public_url: str
    #: The absolute address this build is served from: SITEURL when it is absolute
    #: (publishconf.py), else `public_url`. What a reader's browser or calendar
    #: must fetch from the build itself (og:image, event UIDs, the offline
    #: precache) uses it; it differs from `public_url` only when SITEURL is an
    #: absolute address other than PUBLIC_URL.
    served_url: str
    #: The run's language's Babel date patterns ('long', 'short', 'month_year' and
    #: any other DATE_PATTERNS names), the i18n defaults filled in.
    date_patterns: Mapping[str, str] = field(compare=False, hash=False)
    #: The run's cache folder (CACHE_PATH; the build gives each language its own).
    cache: Path
    #: Every language's date patterns, by code (a page that shows every language).
    all_date_patterns: Mapping[str, Mapping[str, str]] = field(
        compare=False, hash=False, repr=False)

    @property
    def codes(self) -> tuple[str, ...]:
        """The language codes, the default first."""
        return tuple(lang.code for lang in self.languages)

    @property
    def default(self) -> Language:
        return self.languages[0]

    @property
    def is_default(self) -> bool:
        """True for the run of the default language, the one at the site's root."""
        return self.code == self.languages[0].code

    def language(self, code: str) -> Language | None:
        return next((lang for lang in self.languages if lang.code == code), None)

    def prefix_of(self, code: str) -> str:
        """Where language ``code`` lives in the output ('' for an unknown code)."""
        lang = self.language(code)
        return lang.prefix if lang else ""


def _absolute(value) -> str:
    """``value`` without its trailing slash when it is an http(s) address, else ''."""
    text = str(value or "").rstrip("/")
    return text if text.startswith(("http://", "https://")) else ""


def language_run(settings: Mapping) -> LanguageRun:
    """The language run of ``settings`` (a run's settings, or a generator's context).

    Raises `config.SettingsError` when LANGUAGES is missing or wrong, as the i18n
    plugin does.
    """
    i18n = read_i18n_settings(settings)
    code = settings.get(RUN_LANG) or i18n.default.code
    lang = i18n.get(code) or i18n.default
    public = _absolute(settings.get("PUBLIC_URL")) or _absolute(settings.get("SITEURL"))
    return LanguageRun(
        code=code,
        prefix=lang.prefix,
        languages=i18n.languages,
        public_url=public,
        served_url=_absolute(settings.get("SITEURL")) or public,
        date_patterns=MappingProxyType(i18n.patterns(code)),
        cache=Path(settings.get("CACHE_PATH") or DEFAULT_CACHE_PATH),
        all_date_patterns=MappingProxyType(
            {other: MappingProxyType(i18n.patterns(other)) for other in i18n.codes}),
    )
