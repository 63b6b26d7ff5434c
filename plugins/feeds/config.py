"""Feed settings, read once per run, with their defaults beside them."""

from __future__ import annotations

from dataclasses import dataclass

from i18n import language_run


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
    lang_prefix: str
    site_name: str
    description: str


def read_feed_settings(settings: dict) -> FeedSettings:
    run = language_run(settings)
    public = run.public_url
    if not public:
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
        lang=run.code,
        lang_prefix=run.prefix,
        site_name=settings["SITENAME"],
        description=settings.get("SITE_DESCRIPTION", settings["SITENAME"]),
    )
