"""Card settings, read once per run into a frozen dataclass, with their defaults beside them."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from i18n import language_run

#: Where a card is written and served, before the language prefix the i18n
#: plugin adds to every *_SAVE_AS / *_URL setting (cards/... and en/cards/...).
DEFAULT_SAVE_AS = "cards/{kind}/{slug}.png"
DEFAULT_LAYOUT = "cards/layout.toml"
#: More images of an article, event or course, by format name, each with its layout
#: (theme-relative): `<slug>.square.png` and `<slug>.story.png` beside the card.
DEFAULT_FORMATS = {"square": "cards/square.toml", "story": "cards/story.toml"}
#: The format name of the social card itself (layout.toml, `<slug>.png`).
CARD = "card"
_FORMAT_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
DEFAULT_TIME_PATTERN = "HH:mm"
DEFAULT_DATE_PATTERN = "d MMMM y"


class CardSettingsError(ValueError):
    """A card setting is wrong; the message names the key and the fix."""


@dataclass(frozen=True)
class CardSettings:
    lang: str
    lang_prefix: str
    site_name: str
    description: str
    public_url: str
    save_as: str
    url: str
    layout_path: Path
    output_path: Path
    cache_path: Path
    content_path: Path
    timezone: ZoneInfo
    date_pattern: str
    time_pattern: str
    og_locales: dict
    jobs: int
    #: Format name -> its layout file (the square and story images).
    formats: dict = field(default_factory=dict)

    @property
    def domain(self) -> str:
        return urlsplit(self.public_url).netloc

    def of_format(self, pattern: str, fmt: str) -> str:
        """`cards/{kind}/{slug}.png` -> `cards/{kind}/{slug}.square.png` (the card: as is)."""
        return pattern if fmt == CARD else f"{pattern[:-len('.png')]}.{fmt}.png"

    def absolute(self, url: str) -> str:
        """An absolute URL for a site-relative one ('' is the site's root)."""
        return f"{self.public_url}/{url.lstrip('/')}"


def _pattern(settings: dict, key: str, prefix: str) -> str:
    value = settings.get(key)
    if value is None:
        return prefix + DEFAULT_SAVE_AS
    if not isinstance(value, str) or "{slug}" not in value or "{kind}" not in value \
            or not value.endswith(".png"):
        raise CardSettingsError(
            f"{key}: {value!r} must name a .png path with {{kind}} and {{slug}}, "
            f"such as {DEFAULT_SAVE_AS!r}")
    return value


def _formats(settings: dict) -> dict[str, Path]:
    value = settings.get("CARDS_FORMATS", DEFAULT_FORMATS)
    if not isinstance(value, dict) or not all(
            isinstance(name, str) and _FORMAT_NAME.match(name) and name != CARD
            and isinstance(path, str) and path.endswith(".toml")
            for name, path in value.items()):
        raise CardSettingsError(
            f"CARDS_FORMATS: {value!r} must map format names (lower case, not {CARD!r}) to "
            f"layout files in the theme, such as {DEFAULT_FORMATS!r}; {{}} for none")
    return {name: Path(settings["THEME"]) / path for name, path in value.items()}


def read_card_settings(settings: dict) -> CardSettings:
    run = language_run(settings)
    public = run.served_url
    if not public:
        raise CardSettingsError(
            "PUBLIC_URL: share images need the site's absolute address (og:image must be "
            "absolute); write PUBLIC_URL = 'https://example.org' in pelicanconf.py")
    lang = run.code
    jobs = settings.get("CARDS_JOBS", 0)
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 0:
        raise CardSettingsError(
            f"CARDS_JOBS: {jobs!r} must be a whole number; 0 shares the cores "
            "between the language runs")
    if jobs == 0:
        # The language runs already run side by side, one process each.
        jobs = max(1, (os.cpu_count() or 1) // len(run.languages))
    save_as = _pattern(settings, "CARD_SAVE_AS", run.prefix)
    patterns = run.date_patterns
    layout = settings.get("CARDS_LAYOUT", DEFAULT_LAYOUT)
    return CardSettings(
        lang=lang,
        lang_prefix=run.prefix,
        site_name=settings["SITENAME"],
        description=settings.get("SITE_DESCRIPTION") or "",
        public_url=public,
        save_as=save_as,
        url=_pattern(settings, "CARD_URL", run.prefix) if settings.get("CARD_URL") else save_as,
        layout_path=Path(settings["THEME"]) / layout,
        output_path=Path(settings["OUTPUT_PATH"]),
        cache_path=run.cache / "cards",
        content_path=Path(settings["PATH"]),
        timezone=ZoneInfo(settings.get("TIMEZONE") or "UTC"),
        date_pattern=patterns.get("long", DEFAULT_DATE_PATTERN),
        time_pattern=patterns.get("time", DEFAULT_TIME_PATTERN),
        og_locales={language.code: language.og_locale for language in run.languages},
        jobs=jobs,
        formats=_formats(settings),
    )
