"""The card generator: creates the run's registry, gives content its cards, writes them."""

from __future__ import annotations

import logging

from pelican.contents import Content, Static
from pelican.generators import Generator, StaticGenerator

from .config import CARD, CardSettingsError, read_card_settings
from .layout import LayoutError
from .registry import Card, CardRegistry, new_registry

logger = logging.getLogger(__name__)


def _content_lists(holder) -> list:
    """Every list of content objects an object holds (articles, pages, events, ...)."""
    found = []
    for value in list(vars(holder).values() if not isinstance(holder, dict) else holder.values()):
        if isinstance(value, list | tuple) and value and isinstance(value[0], Content):
            found.append(value)
    return found


def collect_content(generators, context: dict, lang: str) -> list:
    """The run language's written content objects, once each, in a stable order.

    Read generically, so the content types of other plugins (events, courses)
    get cards without this plugin knowing them. An item is on several lists
    (its generator's, the context's, dates, translations); it is looked at
    once, and its `save_as`, which Pelican works out from the settings on
    every read, is read once.
    """
    seen: dict[int, tuple[str, str, Content]] = {}
    passed: set[int] = set()
    for holder in [*generators, context]:
        for items in _content_lists(holder):
            for item in items:
                key = id(item)
                if key in seen or key in passed:
                    continue
                passed.add(key)
                if isinstance(item, Static) or not isinstance(item, Content):
                    continue
                if getattr(item, "lang", lang) != lang:
                    continue
                if getattr(item, "status", "published") == "draft":
                    continue
                save_as = getattr(item, "save_as", "")
                if save_as:
                    seen[key] = (type(item).__name__, str(save_as), item)
    return [item for *_key, item in sorted(seen.values(), key=lambda entry: entry[:2])]


class CardGenerator(Generator):
    """One per language run; its registry is the template context's `CARDS`."""

    registry: CardRegistry | None = None

    def generate_context(self):
        try:
            conf = read_card_settings(self.settings)
            self.registry = new_registry(conf)
        except (CardSettingsError, LayoutError) as exc:
            logger.error("cards: %s", exc)
            self.registry = None
            return
        self.context["CARDS"] = self.registry

    def attach(self, generators) -> None:
        """Give every content object its card and draw them, before any page is written.

        Pages, JSON-LD and feeds then read `item.card`, `item.card_url` (the
        site-relative path, also the file under the output folder) and
        `item.card_absolute_url`; the kit page reads `item.card_formats`, the
        item's other images by format (`{"square": Card, "story": Card}` for
        items with a campaign kit: events, courses and articles with `Kit: yes`;
        else empty).
        """
        registry = self.registry
        if registry is None:
            return
        for item in collect_content(generators, self.context, registry.conf.lang):
            images = registry.images_for(item)
            card = images.pop(CARD, None)
            if isinstance(card, Card):
                item.card = card
                item.card_url = card.url
                item.card_absolute_url = card.absolute_url
                item.card_formats = images
        registry.flush()

    def generate_output(self, writer):
        """Runs after every other page writer: the list pages' cards, the manifest."""
        if self.registry is not None:
            self.registry.finish()


def move_before_static(generators: list, cards: CardGenerator) -> None:
    """Put the card generator after every generator that writes pages.

    Pelican writes in the order of this list, and plugins' generators come in
    PLUGINS order; moving ours to just before StaticGenerator (which writes no
    templates) means every list page has asked for its card when we draw.
    """
    generators.remove(cards)
    index = next((i for i, g in enumerate(generators) if isinstance(g, StaticGenerator)),
                 len(generators))
    generators.insert(index, cards)
