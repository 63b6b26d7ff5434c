"""Feed settings, read once per run, with their defaults beside them."""

from __future__ import annotations

from dataclasses import dataclass


class FeedSettingsError(ValueError):
    pass


@dataclass(frozen=True)
class FeedSettings:
    public_url: str
    rss_save_as: str
    atom_save_as: str
    events_save_as: str
    max_items: int
    lang: str
    site_name: str
    description: str


def read_feed_settings(settings: dict) -> FeedSettings:
    public = (settings.get("PUBLIC_URL") or settings.get("SITEURL") or "").rstrip("/")
    if not public.startswith(("http://", "https://")):
        raise FeedSettingsError(
            "PUBLIC_URL: feeds need the site's absolute address; write "
            "PUBLIC_URL = 'https://example.org' in pelicanconf.py"
        )
    max_items = settings.get("FEED_MAX_ITEMS", 20)
    if not isinstance(max_items, int) or max_items < 1:
        raise FeedSettingsError(
            f"FEED_MAX_ITEMS: {max_items!r} is not a positive whole number; write e.g. 20")
    return FeedSettings(
        public_url=public,
        rss_save_as=settings.get("RSS_FEED_SAVE_AS", "feed.xml"),
        atom_save_as=settings.get("ATOM_FEED_SAVE_AS", "atom.xml"),
        events_save_as=settings.get("EVENTS_FEED_SAVE_AS", "events/feed.xml"),
        max_items=max_items,
        lang=settings.get("I18N_RUN_LANG") or settings["DEFAULT_LANG"],
        site_name=settings["SITENAME"],
        description=settings.get("SITE_DESCRIPTION", settings["SITENAME"]),
    )
