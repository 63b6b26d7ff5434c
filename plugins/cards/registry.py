"""Per run: which cards the site needs, where they go, and writing them (cache first;
what is new is drawn by `pool.draw_many`).

One registry lives on each language run's context as `CARDS` (never in a
module global). Content objects get their card before any page is written,
so templates, JSON-LD and feeds can use `item.card_absolute_url`; list pages
ask for theirs from the template (`CARDS.share(...)`, whose metadata `share.py`
gathers). Cards are drawn in
batches: the content cards before the pages are written, the list cards after.

Items with a campaign kit (events, courses, articles with `Kit: yes`) also get
a square and a story image (other layouts, `CARDS_FORMATS`), made like their
card and cached the same way; a
batch holds images of every format, and each is drawn with its own layout.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from PIL import __version__ as pillow_version
from PIL import features

from common.text import site_path
from partners.model import partners_for

from .cache import CardCache
from .config import CARD, CardSettings
from .draw import Renderer, font_coverage
from .layout import LOGOS, ImageLayer, Layout, LayoutError, load_layout
from .model import LIST_KIND, CardSpec, Formatter, has_kit, item_texts, kind_of, source_label
from .pool import draw_many
from .share import Share, share_of
from .text import clean

logger = logging.getLogger(__name__)

SITE_CARD_SLUG = "site"
#: Pictures a card can show (an SVG or a missing file leaves the card without one).
PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


@dataclass(frozen=True)
class Card:
    """One card image: where it is, how big, and what it shows (for og:image:alt)."""

    spec: CardSpec
    digest: str
    save_as: str
    url: str
    absolute_url: str
    width: int
    height: int
    alt: str
    source: str
    type: str = "image/png"
    #: "card" (the 1200x630 share image) or a format of CARDS_FORMATS ("square", "story").
    format: str = CARD


class CardRegistry:
    """The cards (and square and story images) of one language run."""

    def __init__(self, conf: CardSettings, layout: Layout, cache: CardCache,
                 formats: dict[str, Layout] | None = None):
        self.conf = conf
        self.layout = layout
        #: Every layout by format name: the card's first, then ``formats`` (square, story).
        self.layouts = {CARD: layout, **(formats or {})}
        self.cache = cache
        # Pillow draws differently from one version to another, and with or without raqm.
        self.engine_versions = {name: _engine_version(lay) for name, lay in self.layouts.items()}
        self.coverage = self._coverage()
        self.formatter = Formatter(conf.lang, conf.timezone, conf.date_pattern,
                                   conf.time_pattern)
        self._renderers: dict[str, Renderer] = {}
        self._cards: dict[str, Card] = {}
        self._picture_digests: dict = {}
        self._logos = {name: self._logos_of(name, lay) for name, lay in self.layouts.items()}
        self._pending: list[Card] = []
        self.stats = {"cards": 0, "drawn": 0, "cached": 0, "kept": 0, "seconds": 0.0}
        self.seconds = 0.0
        self.finished = False

    def _coverage(self) -> frozenset[int]:
        """What every font of every layout can draw: an item's texts are cleaned once,
        the same for its card, square and story."""
        # Reading the fonts' cmaps needs fontTools; the answer is kept in the cache,
        # keyed by the layout digests that cover the fonts.
        digests = "".join(layout.digest for layout in self.layouts.values())
        name = f"coverage-{hashlib.sha256(digests.encode()).hexdigest()[:16]}.json"
        codes = self.cache.read_json(name)
        if isinstance(codes, list):
            return frozenset(codes)
        fonts = dict.fromkeys(path for layout in self.layouts.values()
                              for path in layout.fonts.values())
        coverage = font_coverage(fonts)
        self.cache.write_json(name, sorted(coverage))
        for old in self.cache.folder.glob("coverage-*.json"):
            if old.name != name:
                old.unlink()
        return coverage

    def _logos_of(self, fmt: str, layout: Layout) -> dict:
        """The logos an image of ``fmt`` shows: those of the partners that name the
        format (content/partners.yml), when its layout has a logos layer."""
        if not any(isinstance(layer, ImageLayer) and layer.source == LOGOS
                   for layer in layout.layers):
            return {}
        languages = tuple(self.conf.og_locales) or (self.conf.lang,)
        partners = partners_for(self.conf.content_path, languages, fmt)
        return {"logos": tuple(p.digest for p in partners),
                "logo_files": tuple(str(p.logo_file) for p in partners)}

    # Building cards.

    def _text(self, value: str, source: str, field: str) -> str:
        text, dropped = clean(value, self.coverage)
        if dropped:
            # INFO, not WARNING: an emoji in a title is fine, and strict builds
            # fail on warnings.
            logger.info("cards: %s: %s: left out %s, which the card font cannot draw",
                        source, field, " ".join(f"{c} (U+{ord(c):04X})" for c in dropped))
        return text

    def formats_of(self, kind: str) -> tuple[str, ...]:
        """The images an item of ``kind`` can get: its card, and each format whose
        layout names the kind (square and story: news, event, course)."""
        return (CARD, *(name for name, layout in self.layouts.items() if name != CARD
                        and (layout.kinds is None or kind in layout.kinds)))

    def _card(self, kind: str, slug: str, texts: dict, source: str) -> Card:
        return self._cards_of(kind, slug, texts, source)[CARD]

    def _cards_of(self, kind: str, slug: str, texts: dict, source: str,
                  formats: tuple[str, ...] = (CARD,)) -> dict[str, Card]:
        """The item's image in each of ``formats``; its texts are cleaned once, so a
        left-out emoji is logged once, not once per image."""
        fields = {name: self._text(texts.get(name, ""), source, name)
                  for name in ("title", "meta", "subtitle")}
        # A title of emoji only leaves nothing to draw: the platform's name stands in.
        fields["title"] = fields["title"] or self.conf.site_name
        fields.update(kind=kind, band=texts.get("band", ""), **self._picture(texts.get("image")))
        label_keys = (texts.get("section", ""), LIST_KIND) if kind == LIST_KIND else (kind,)
        cards = {fmt: self._one(fmt, slug, fields, label_keys, source=source)
                 for fmt in formats}
        if self.finished and self._pending:
            # A page written after the batch (a generator that ran late): draw now.
            self.flush()
            self.cache.save(self.stats, prune=False)
        return cards

    def _one(self, fmt: str, slug: str, fields: dict, label_keys: tuple[str, ...], *,
             source: str) -> Card:
        """One image of the item in format ``fmt``, queued for drawing when it is new."""
        conf = self.conf
        layout = self.layouts[fmt]
        kind = fields["kind"]
        spec = CardSpec(
            lang=conf.lang,
            label=layout.label(conf.lang, *label_keys),
            site=conf.site_name,
            domain=conf.domain,
            **fields,
            **self._logos[fmt],
        )
        save_as = conf.of_format(conf.save_as, fmt).format(kind=kind, slug=slug)
        existing = self._cards.get(save_as)
        # The layout's digest differs from format to format: so do the cached files' names.
        digest = spec.digest(layout.digest, self.engine_versions[fmt])
        if existing is not None:
            if existing.digest != digest:
                logger.warning("cards: %s and %s both want the card %s; keeping the first. "
                               "Give one of them another slug", existing.source, source,
                               save_as)
            return existing
        band = layout.band_text(spec.band, spec.lang)
        alt = " · ".join(p for p in (band, spec.label, spec.title, spec.meta, spec.subtitle,
                                     spec.site) if p)
        url = conf.of_format(conf.url, fmt).format(kind=kind, slug=slug)
        card = Card(spec=spec, digest=digest, save_as=save_as, url=url,
                    absolute_url=conf.absolute(url), width=layout.width,
                    height=layout.height, alt=alt, source=source, format=fmt)
        self._cards[save_as] = card
        self._pending.append(card)
        return card

    def _picture(self, value) -> dict:
        """The item's `Image:` (`{static}/images/x.jpg`) as a file the card can show."""
        if not value:
            return {}
        relative = site_path(value)
        path = self.conf.content_path / relative
        if path.suffix.lower() not in PICTURE_SUFFIXES or not path.is_file():
            return {}
        digest = self._picture_digests.get(path)
        if digest is None:
            digest = self._picture_digests[path] = hashlib.sha256(
                path.read_bytes()).hexdigest()[:24]
        return {"image": relative, "image_digest": digest, "image_file": str(path)}

    def for_content(self, item, source: str = "") -> Card | None:
        """The card of an article, page, event or course; None for a draft."""
        if getattr(item, "status", "published") == "draft":
            return None
        card = getattr(item, "card", None)
        if isinstance(card, Card):
            return card
        return self.images_for(item, source)[CARD]

    def images_for(self, item, source: str = "") -> dict[str, Card]:
        """Every image of an article, page, event or course by format, the card
        first ({"card": ..., "square": ..., "story": ...}); {} for a draft. An item
        without a campaign kit (`has_kit`) gets its card only: nothing else would
        link to its square and story."""
        if getattr(item, "status", "published") == "draft":
            return {}
        kind = kind_of(item)
        texts = item_texts(item, self.formatter, self.layout.statuses)
        texts["image"] = (getattr(item, "metadata", None) or {}).get("image")
        source = source or source_label(item)
        slug = str(getattr(item, "slug", "") or "item")
        formats = self.formats_of(kind) if has_kit(item) else (CARD,)
        return self._cards_of(kind, slug, texts, source, formats)

    def site_card(self) -> Card:
        """The platform's own card (for drafts, which must not get one of their own)."""
        return self._card(LIST_KIND, SITE_CARD_SLUG,
                          {"title": self.conf.site_name, "subtitle": self.conf.description},
                          "SITENAME")

    def list_slug(self, output_file: str) -> str:
        """`en/news/tag/x/page/2/index.html` -> `news-tag-x-page-2`; the home page -> `home`."""
        path = output_file or ""
        if self.conf.lang_prefix and path.startswith(self.conf.lang_prefix):
            path = path[len(self.conf.lang_prefix):]
        if path.endswith("index.html"):
            path = path[: -len("index.html")]
        elif path.endswith(".html"):
            path = path[: -len(".html")]
        return "-".join(part for part in path.split("/") if part) or "home"

    def for_list(self, title: str, *, output_file: str, section: str = "",
                 description: str = "") -> Card:
        texts = {"title": title, "section": section,
                 "subtitle": "" if section else description}
        return self._card(LIST_KIND, self.list_slug(output_file), texts, output_file)

    # What templates call.

    def share(self, subject=None, **page) -> Share:
        """The share metadata of one page (partials/meta.html; `share.share_of`)."""
        return share_of(self, subject, **page)

    # Drawing.

    def flush(self) -> None:
        """Write every card asked for since the last flush: from the cache, else drawn."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        started = time.perf_counter()
        output = self.conf.output_path
        # digest -> (format, spec, the build's file it is drawn into); the other
        # cards with that digest are linked to it through the cache.
        to_draw: dict[str, tuple[str, CardSpec, Path]] = {}
        waiting: list[Card] = []
        for card in pending:
            target = output / card.save_as
            self.cache.record(card.save_as, card.digest)
            if self.cache.is_written(card.save_as, card.digest, target):
                self.stats["kept"] += 1
            elif card.digest in to_draw:
                waiting.append(card)
            elif self.cache.has(card.digest) and self.cache.place(card.digest, target):
                self.stats["cached"] += 1
            else:
                to_draw[card.digest] = (card.format, card.spec, target)
        if to_draw:
            tasks = [(fmt, spec, str(target)) for fmt, spec, target in to_draw.values()]
            draw_many(self.layouts, self.coverage, tasks, self.conf.jobs, self._renderers)
            for digest, (_fmt, _spec, target) in to_draw.items():
                self.cache.adopt(digest, target)
            for card in waiting:
                if not self.cache.place(card.digest, output / card.save_as):
                    raise RuntimeError(f"cards: {card.save_as} was drawn but is not in the cache")
            self.stats["drawn"] += len(tasks)
        # "cards" counts every image written; "formats" tells the cards from the others.
        self.stats["cards"] = len(self._cards)
        self.stats["formats"] = dict(Counter(card.format for card in self._cards.values()))
        self.seconds += time.perf_counter() - started
        self.stats["seconds"] = round(self.seconds, 4)

    def finish(self) -> None:
        """Draw what is left, write the manifest, drop unused cached cards."""
        self.flush()
        self.finished = True
        self.cache.save(self.stats)
        logger.info("cards: %s: %d images (%s; %d drawn, %d from the cache) in %.2f s",
                    self.conf.lang, self.stats["cards"],
                    ", ".join(f"{n} {fmt}" for fmt, n in self.stats["formats"].items()),
                    self.stats["drawn"], self.stats["cached"] + self.stats["kept"],
                    self.seconds)


def _engine_version(layout: Layout) -> str:
    raqm = layout.layout_engine == "raqm" and features.check("raqm")
    engine = f"pillow-{pillow_version}-{'raqm' if raqm else 'basic'}"
    if any(isinstance(layer, ImageLayer) and layer.source == LOGOS for layer in layout.layers):
        engine += f"-resvg-{version('resvg-py')}"  # it rasterises the logos
    return engine


def new_registry(conf: CardSettings) -> CardRegistry:
    layout = load_layout(conf.layout_path)
    if layout.kinds is not None:
        raise LayoutError(f"{layout.path}: kinds: every page has a social card; leave kinds "
                          "out here (it belongs in a square or story layout)")
    formats = {name: load_layout(path, "CARDS_FORMATS") for name, path in conf.formats.items()}
    return CardRegistry(conf, layout, CardCache(conf.cache_path), formats)


