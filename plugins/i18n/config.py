"""Language settings, read once per run into a frozen dataclass."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from babel import Locale, UnknownLocaleError

from common.slugs import heading_id

#: Every `*_URL` / `*_SAVE_AS` setting is an output path or URL and gets the
#: language's prefix, except these (shared assets, Pelican's own twin patterns).
_PREFIXED = re.compile(r"^[A-Z0-9_]+_(URL|SAVE_AS)$")
_NOT_PREFIXED = re.compile(r"(^SITEURL$|_LANG_|^STATIC_|^THEME_|^FEED_|^PAGINATION)")

#: Content types whose items have twins in other languages; a plugin's own type
#: (EVENT, COURSE) is added in pelicanconf.py through I18N_CONTENT_KINDS.
CONTENT_KINDS = ("ARTICLE", "DRAFT", "PAGE", "DRAFT_PAGE")


def prefixed_settings(settings: dict) -> list[str]:
    return sorted(
        key for key, value in settings.items()
        if isinstance(value, str) and value and _PREFIXED.match(key)
        and not _NOT_PREFIXED.search(key) and "://" not in value
    )


#: The setting that names a language run's language (`run_overrides`); only
#: `run.language_run` and the check below read it: plugins ask `language_run`.
RUN_LANG = "I18N_RUN_LANG"

DEFAULT_DATE_PATTERNS = {"long": "d MMMM y", "short": "dd.MM.y", "month_year": "LLLL y"}


class SettingsError(ValueError):
    """A language setting is missing or wrong; the message names the key and the fix."""


@dataclass(frozen=True)
class Language:
    code: str
    prefix: str
    name: str
    og_locale: str
    overrides: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.code)


@dataclass(frozen=True)
class I18nSettings:
    languages: tuple[Language, ...]
    date_patterns: dict = field(compare=False, hash=False)

    @property
    def default(self) -> Language:
        return self.languages[0]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    def get(self, code: str) -> Language | None:
        return next((lang for lang in self.languages if lang.code == code), None)

    def patterns(self, code: str) -> dict:
        return {**DEFAULT_DATE_PATTERNS, **self.date_patterns.get(code, {})}


def read_i18n_settings(settings: dict) -> I18nSettings:
    """Validate LANGUAGES and DATE_PATTERNS; the first language is the default."""
    raw = settings.get("LANGUAGES")
    if not raw or not isinstance(raw, dict):
        raise SettingsError(
            "LANGUAGES: missing; write a dict such as "
            "{'uk': {'prefix': ''}, 'en': {'prefix': 'en/'}} in pelicanconf.py"
        )
    languages = []
    prefixes = set()
    for index, (code, conf) in enumerate(raw.items()):
        try:
            Locale.parse(code)
        except (UnknownLocaleError, ValueError):
            raise SettingsError(
                f"LANGUAGES: {code!r} is not a language code Babel knows; "
                "write an ISO 639-1 code such as 'uk' or 'en'"
            ) from None
        prefix = conf.get("prefix", "" if index == 0 else f"{code}/")
        if index == 0 and prefix:
            raise SettingsError(
                f"LANGUAGES: the default language {code!r} is served at '/'; "
                "write 'prefix': '' for it"
            )
        if index and (not prefix.endswith("/") or prefix.startswith("/")):
            raise SettingsError(
                f"LANGUAGES[{code!r}]['prefix']: {prefix!r} must be a folder like "
                f"'{code}/' (no leading slash, a trailing one)"
            )
        if prefix in prefixes:
            raise SettingsError(f"LANGUAGES[{code!r}]['prefix']: {prefix!r} is used twice")
        prefixes.add(prefix)
        overrides = {k: v for k, v in conf.items() if k.isupper()}
        languages.append(
            Language(
                code=code,
                prefix=prefix,
                name=conf.get("name") or Locale.parse(code).get_display_name(code),
                og_locale=conf.get("og_locale") or str(Locale.parse(code)),
                overrides=overrides,
            )
        )
    if not settings.get(RUN_LANG) and settings.get("DEFAULT_LANG") not in (
        None,
        languages[0].code,
    ):
        raise SettingsError(
            f"DEFAULT_LANG: {settings['DEFAULT_LANG']!r} differs from the first "
            f"entry of LANGUAGES ({languages[0].code!r}); make them the same"
        )
    return I18nSettings(
        languages=tuple(languages), date_patterns=dict(settings.get("DATE_PATTERNS") or {})
    )


def run_overrides(settings: dict, i18n: I18nSettings, code: str) -> dict:
    """Pelican settings for the run that writes language ``code``."""
    lang = i18n.get(code)
    is_default = lang == i18n.default
    overrides = {
        "DEFAULT_LANG": code,
        RUN_LANG: code,
        # For the templates (the home link, canonical and JSON-LD addresses); plugins
        # read the prefix from `language_run(settings).prefix`.
        "LANG_PREFIX": lang.prefix,
        **lang.overrides,
    }
    for key in prefixed_settings(settings):
        overrides[key] = lang.prefix + settings[key]
    for kind in dict.fromkeys((*CONTENT_KINDS, *settings.get("I18N_CONTENT_KINDS", ()))):
        url = settings.get(f"{kind}_URL")
        if url:
            # A twin in another language keeps its own language's URL and is
            # written by that language's run, never by this one.
            overrides[f"{kind}_LANG_URL"] = "{lang_prefix}" + url
            overrides[f"{kind}_LANG_SAVE_AS"] = ""
    if not is_default:
        # Static files and theme assets are shared: the default run copies them once.
        overrides["STATIC_PATHS"] = []
        overrides["THEME_STATIC_PATHS"] = []
    markdown = settings.get("MARKDOWN") or {}
    configs = dict(markdown.get("extension_configs") or {})
    toc = configs.get("markdown.extensions.toc")
    if toc is not None and "slugify" not in toc:
        # Heading ids follow the same Latin transliteration as page slugs.
        configs["markdown.extensions.toc"] = {**toc, "slugify": heading_id}
    smarty = configs.get("markdown.extensions.smarty")
    quotes = lang.overrides.get("SMARTY_QUOTES") or {}
    if smarty is not None and quotes:
        # Typographic quotes of the language ("Кухня ідей" -> «Кухня ідей» in Ukrainian).
        substitutions = {**smarty.get("substitutions", {}), **quotes}
        configs["markdown.extensions.smarty"] = {**smarty, "substitutions": substitutions}
    if configs != (markdown.get("extension_configs") or {}):
        overrides["MARKDOWN"] = {**markdown, "extension_configs": configs}
    overrides["CACHE_PATH"] = f"{settings.get('CACHE_PATH', 'cache')}/{code}"
    overrides["DELETE_OUTPUT_DIRECTORY"] = False
    return overrides
