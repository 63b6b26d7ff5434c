"""The card plugin's parts: layout data, text fitting, pixels, dates, cache, settings."""

from __future__ import annotations

import ast
import io
import random
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from cards.cache import CardCache
from cards.config import CardSettingsError, read_card_settings
from cards.draw import Renderer
from cards.layout import LayoutError, TextLayer, load_layout
from cards.model import CardSpec, Formatter, item_texts, kind_of
from cards.registry import CardRegistry
from cards.text import ELLIPSIS, Measure, clean, fit
from common.text import one_line as plain
from conftest import ROOT

LAYOUT = ROOT / "theme" / "cards" / "layout.toml"
KYIV = ZoneInfo("Europe/Kyiv")
WORDS = [
    "соціальне", "підприємництво", "громада", "Краматорськ", "інноваційна", "платформа",
    "зустріч", "презентація", "бізнес", "навчання", "їжа", "ґанок", "є", "ї’жак", "social",
    "entrepreneurship", "open", "meeting", "with", "business", "community",
]


@pytest.fixture(scope="module")
def layout():
    return load_layout(LAYOUT)


@pytest.fixture(scope="module")
def renderer(layout):
    return Renderer(layout)


def spec(title: str, kind: str = "news", lang: str = "uk", **fields) -> CardSpec:
    base = {"label": "Новини", "meta": "7 квітня 2017", "site": "Краматорська інноваційна "
            "платформа", "domain": "kip.example.org"}
    return CardSpec(kind=kind, lang=lang, title=title, **{**base, **fields})


def title_layer(layout, kind="news") -> TextLayer:
    return next(layer for layer in layout.layers_for(kind, band=False)
                if isinstance(layer, TextLayer) and layer.field == "title")


def words(count: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(count))


def four_thousand_characters() -> str:
    rng = random.Random(4000)
    parts = []
    while sum(len(p) + 1 for p in parts) < 4000:
        parts.append(rng.choice(WORDS) if rng.random() < 0.9 else "Супер" * 30)
    return " ".join(parts)[:4000]


# Layout data.


def test_the_layout_is_data_with_fonts_from_the_theme(layout):
    assert (layout.width, layout.height) == (1200, 630)
    assert all(path.is_relative_to(ROOT / "theme" / "fonts") for path in layout.fonts.values())
    assert layout.label("uk", "news") == "Новини" and layout.label("en", "news") == "News"
    assert layout.band_text("cancelled", "uk") == "Скасовано"
    assert layout.band_text("cancelled", "en") == "Cancelled"
    assert title_layer(layout, "event").max_lines < title_layer(layout, "news").max_lines
    # A kind no layer names is drawn like a page.
    assert layout.layers_for("workshop", False) == layout.layers_for("page", False)
    assert (ROOT / "theme" / "fonts" / "OFL.txt").read_text().count("SIL Open Font License")


@pytest.mark.parametrize(("change", "names"), [
    (('background = "#0b2545"', 'background = "navy"'), "background"),
    (("box = [0, 0, 24, 630]", "box = [0, 0, 24, 631]"), "layers[0].box"),
    (("sizes = [80, 72, 64, 58, 52, 46]", "sizes = [46, 80]"), "sizes"),
    (("levels = 24", "levels = 100"), "png.levels"),
    (('bold = "../fonts/NotoSans-Bold.ttf"', 'bold = "../fonts/Missing.ttf"'), "fonts.bold"),
])
def test_layout_errors_name_the_key(tmp_path, change, names):
    text = LAYOUT.read_text(encoding="utf-8")
    assert change[0] in text
    (tmp_path / "cards").mkdir()
    (tmp_path / "fonts").symlink_to(ROOT / "theme" / "fonts")
    path = tmp_path / "cards" / "layout.toml"
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(LayoutError, match=names.replace("[", r"\[").replace("]", r"\]")):
        load_layout(path)


# Text: characters, wrapping, sizes.


def test_clean_keeps_ukrainian_and_drops_what_the_font_lacks(renderer):
    text, dropped = clean("Ї ї є ґ Ґ ’ ʼ № ₴ — «a» 🚀👩\u200d👩\u200d👧 x\ufe0f\u00ady\tz\n",
                          renderer.coverage)
    assert text == "Ї ї є ґ Ґ ’ ʼ № ₴ — «a» xy z"
    assert set(dropped) == {"🚀", "👩", "👧"}


def test_a_short_title_gets_the_largest_size(layout, renderer):
    layer = title_layer(layout)
    fitted = renderer.fit(layer, "Кухня ідей")
    assert fitted.size == layer.sizes[0]
    assert fitted.lines == ("Кухня ідей",) and not fitted.truncated


def test_words_are_never_cut_and_the_ellipsis_comes_only_past_the_limit(layout, renderer):
    layer = title_layer(layout)
    for count in (3, 8, 14, 40):
        title = words(count, seed=count)
        fitted = renderer.fit(layer, title)
        assert len(fitted.lines) <= layer.max_lines
        shown = " ".join(fitted.lines)
        assert fitted.truncated == shown.endswith(ELLIPSIS)
        if not fitted.truncated:
            assert shown == title
        else:
            assert count == 40 and fitted.size == layer.sizes[-1]
            kept = shown[: -len(ELLIPSIS)].split(" ")
            # Whole words from the start of the title, then the ellipsis.
            assert kept == title.split(" ")[: len(kept)]


def test_a_one_letter_word_stays_with_the_next(layout, renderer):
    fitted = renderer.fit(title_layer(layout),
                          "Відкрита презентація платформи «Кухня ідей» у Краматорську")
    assert not any(line.endswith(" у") for line in fitted.lines)


def test_a_word_longer_than_the_line_shrinks_then_breaks_with_a_hyphen(layout, renderer):
    layer = title_layer(layout)
    long_word = "Соціальнопідприємницький"  # fits at a smaller size
    fitted = renderer.fit(layer, f"{long_word} {long_word}")
    assert all(line.split(" ")[0] == long_word for line in fitted.lines)
    monster = "Суперкаліфраджилістик" * 5
    fitted = renderer.fit(layer, monster)
    assert fitted.size == layer.sizes[-1] and fitted.broken
    assert all(line.endswith("-") for line in fitted.lines[:-1])
    assert "".join(line.rstrip("-") for line in fitted.lines) == monster
    # Own hyphens are used first.
    fitted = renderer.fit(layer, "-".join(["соціально", "економічний"] * 8))
    assert fitted.lines[0].endswith("-") and "--" not in "".join(fitted.lines)


def test_a_line_fits_by_its_real_pixels_not_only_its_advance():
    font = ImageFont.truetype(str(ROOT / "theme/fonts/NotoSans-Bold.ttf"), 80,
                              layout_engine=ImageFont.Layout.BASIC)
    measure = Measure(font)
    for text in ("fjord ї", "Wavy fff", "«Кухня ідей»"):
        width = round(measure.width(text))
        fitted = fit(text, [measure], width=width, height=200, max_lines=3, line_height=1.2)
        for line in fitted.lines:
            # Drawn as the renderer draws it: no pixel left of the box's edge (at 20).
            canvas = Image.new("L", (width + 100, 120))
            x = 20 - min(measure.ink(line)[0], 0)
            ImageDraw.Draw(canvas).text((x, 100), line, font=font, fill=255, anchor="ls")
            left, _top, right, _bottom = canvas.getbbox()
            assert left >= 20 and right <= 20 + width, (line, left, right)


# Pixels.


def _diff_box(renderer, with_title: CardSpec, without_title: CardSpec):
    image, placed = renderer.draw(with_title)
    empty, _ = renderer.draw(without_title)
    return ImageChops.difference(image.convert("L"), empty.convert("L")).getbbox(), placed


@pytest.mark.parametrize("kind", ["news", "event", "list"])
@pytest.mark.parametrize("title", [
    "Кухня ідей Краматорськ",
    words(40),
    four_thousand_characters(),
    "Суперкаліфраджилістик" * 190,
], ids=["3-words", "40-words", "4000-chars", "one-4000-char-word"])
def test_the_title_is_drawn_inside_its_box_and_the_margins(layout, renderer, kind, title):
    layer = title_layer(layout, kind)
    box, placed = _diff_box(renderer, spec(title, kind), spec("", kind))
    assert box is not None
    left, top, right, bottom = box
    assert layer.box.x <= left and right <= layer.box.right, box
    assert layer.box.y <= top and bottom <= layer.box.bottom, box
    margin = layer.box.x
    assert margin <= left and right <= layout.width - margin
    ink = next(p for p in placed if p.field == "title").ink
    assert ink == box
    assert len(next(p for p in placed if p.field == "title").fitted.lines) <= layer.max_lines


def test_an_emoji_leaves_no_box_behind(renderer):
    assert renderer.png(spec("Ракета 🚀 злітає ✨ <script> & \"лапки\"")) == \
        renderer.png(spec("Ракета злітає <script> & \"лапки\""))


def test_cards_are_small_repeatable_palette_pngs(renderer):
    card = spec(words(12), "event", band="cancelled", subtitle="Вільна Хата")
    data = renderer.png(card)
    assert data == renderer.png(card) == Renderer(renderer.layout).png(card)
    assert len(data) < 300 * 1024
    image = Image.open(io.BytesIO(data))
    image.verify()
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == (1200, 630) and image.mode == "P"
    assert not image.info.get("exif") and "tIME" not in str(image.info)


def test_a_cancelled_event_has_a_band(layout, renderer):
    plain_card, _ = renderer.draw(spec("Зустріч", "event"))
    banded, _ = renderer.draw(spec("Зустріч", "event", band="cancelled"))
    red = tuple(int(layout.statuses["cancelled"].color[i:i + 2], 16) for i in (1, 3, 5))
    assert banded.convert("RGB").getpixel((600, 45)) == red
    assert plain_card.convert("RGB").getpixel((600, 45)) != red
    # The layout's colours are exact, whatever the text beside them.
    for card in (plain_card, banded):
        assert card.convert("RGB").getpixel((10, 300)) == (0xFF, 0xD5, 0x00)


# What a card says.


class Event:
    """Shaped like the events plugin's content: start/end/all_day/location/event_status."""

    def __init__(self, **fields):
        self.title = "Зустріч"
        self.slug = "meeting"
        self.status = "published"
        self.__dict__.update(fields)


def test_dates_are_babel_dates_in_the_card_language():
    start = datetime(2017, 5, 20, 12, 0, tzinfo=ZoneInfo("UTC"))
    uk = Formatter("uk", KYIV, "d MMMM y", "HH:mm")
    en = Formatter("en", KYIV, "MMMM d, y", "HH:mm")
    assert uk.when(start, start + timedelta(hours=2)) == "20 травня 2017, 15:00–17:00"
    assert en.when(start, start + timedelta(hours=2)) == "May 20, 2017, 15:00–17:00"
    assert uk.when(start) == "20 травня 2017, 15:00"
    assert uk.when(start, start + timedelta(days=1)) == \
        "20 травня 2017, 15:00 – 21 травня 2017, 15:00"
    # All day: the end is exclusive, as in iCalendar.
    day = datetime(2017, 5, 20, tzinfo=KYIV)
    assert uk.when(day, day + timedelta(days=1), all_day=True) == "20 травня 2017"
    assert en.when(date(2017, 5, 20), date(2017, 5, 23), all_day=True) == \
        "May 20\u2009–\u200922, 2017"


def test_event_fields_are_read_with_defaults(layout):
    uk = Formatter("uk", KYIV, "d MMMM y", "HH:mm")
    start = datetime(2017, 5, 20, 15, tzinfo=KYIV)
    texts = item_texts(Event(start=start, end=start + timedelta(hours=3), all_day=False,
                             location="Вільна Хата", address="вул. Шкільна, 1",
                             event_status="cancelled"), uk, layout.statuses)
    assert texts == {"title": "Зустріч", "meta": "20 травня 2017, 15:00–18:00",
                     "subtitle": "Вільна Хата, вул. Шкільна, 1", "band": "cancelled"}
    assert kind_of(Event()) == "event"
    # Before the events plugin: no fields at all.
    assert item_texts(Event(), uk, layout.statuses)["meta"] == ""
    # Pelican's own status never makes a band.
    assert item_texts(Event(status="published"), uk, layout.statuses)["band"] == ""


def test_titles_are_text_and_markup_loses_its_tags():
    from markupsafe import Markup

    assert plain('A <b>&amp; "q"</b>\n  x') == 'A <b>&amp; "q"</b> x'
    assert plain(Markup("A <b>&amp; &#34;q&#34;</b>")) == 'A & "q"'


# Registry, cache and settings.


def _settings(tmp_path: Path, **extra) -> dict:
    return {
        "SITEURL": "", "PUBLIC_URL": "https://kip.example.org/", "DEFAULT_LANG": "en",
        "I18N_RUN_LANG": "en", "LANG_PREFIX": "en/", "SITENAME": "Kramatorsk Innovation "
        "Platform", "SITE_DESCRIPTION": "A hub", "THEME": str(ROOT / "theme"),
        "OUTPUT_PATH": str(tmp_path / "out"), "CACHE_PATH": str(tmp_path / "cache"),
        "PATH": str(tmp_path / "content"),
        "TIMEZONE": "Europe/Kyiv", "CARD_SAVE_AS": "en/cards/{kind}/{slug}.png",
        "LANGUAGES": {"uk": {"og_locale": "uk_UA"}, "en": {"og_locale": "en_US"}},
        **extra,
    }


def _registry(tmp_path, layout, **extra) -> CardRegistry:
    conf = read_card_settings(_settings(tmp_path, **extra))
    return CardRegistry(conf, layout, CardCache(conf.cache_path))


def test_settings_errors_name_the_key(tmp_path):
    with pytest.raises(CardSettingsError, match="PUBLIC_URL"):
        read_card_settings(_settings(tmp_path, PUBLIC_URL=""))
    with pytest.raises(CardSettingsError, match="CARD_SAVE_AS"):
        read_card_settings(_settings(tmp_path, CARD_SAVE_AS="cards/{slug}.jpg"))
    conf = read_card_settings(_settings(tmp_path, SITEURL="https://real.example.org"))
    assert conf.absolute("en/x/") == "https://real.example.org/en/x/"


def test_registry_urls_slugs_and_the_cache(tmp_path, layout):
    registry = _registry(tmp_path, layout)
    card = registry.for_content(Event(start=datetime(2017, 5, 20, 15, tzinfo=KYIV)))
    assert card.save_as == "en/cards/event/meeting.png"
    assert card.absolute_url == "https://kip.example.org/en/cards/event/meeting.png"
    assert registry.list_slug("en/news/tag/x/page/2/index.html") == "news-tag-x-page-2"
    assert registry.list_slug("en/index.html") == "home"
    assert registry.list_slug("en/404.html") == "404"
    assert registry.for_content(Event(status="draft")) is None
    share = registry.share(None, title="Archive · Kramatorsk Innovation Platform",
                           output_file="en/news/archive/index.html", alternates=["uk", "en"])
    assert share.title == "Archive" and share.type == "website"
    assert share.url == "https://kip.example.org/en/news/archive/"
    assert (share.locale, share.locale_alternates) == ("en_US", ("uk_UA",))
    registry.finish()
    assert (tmp_path / "out" / card.save_as).is_file()
    assert registry.stats["drawn"] == 2
    # Same inputs: nothing drawn; a changed title: a new card, the old one leaves the cache.
    again = _registry(tmp_path, layout, OUTPUT_PATH=str(tmp_path / "out2"))
    again.for_content(Event(start=datetime(2017, 5, 20, 15, tzinfo=KYIV)))
    again.share(None, title="Archive", output_file="en/news/archive/index.html")
    again.finish()
    assert again.stats["drawn"] == 0 and again.stats["cached"] == 2
    assert (tmp_path / "out2" / card.save_as).read_bytes() == \
        (tmp_path / "out" / card.save_as).read_bytes()
    changed = _registry(tmp_path, layout, OUTPUT_PATH=str(tmp_path / "out3"))
    new = changed.for_content(Event(title="Інша назва",
                                     start=datetime(2017, 5, 20, 15, tzinfo=KYIV)))
    changed.finish()
    assert new.digest != card.digest and changed.stats["drawn"] == 1
    assert (tmp_path / "out3" / new.save_as).read_bytes() != \
        (tmp_path / "out" / card.save_as).read_bytes()
    assert not changed.cache.png_path(card.digest).exists()


def _decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_drawn_card_png_shows_the_drawn_pixels(renderer):
    spec = CardSpec(kind="news", lang="uk", title="Кухня ідей: презентації проєктів",
                    label="Новини", site="Kramatorsk", domain="example.org")
    drawn, _placed = renderer.draw(spec)
    decoded = _decoded(renderer.png(spec))
    assert decoded.format == "PNG" and decoded.mode == "P"
    assert decoded.tobytes() == drawn.tobytes()
    assert decoded.convert("RGB").tobytes() == drawn.convert("RGB").tobytes()


#: Pillow internals that need no underscore to reach: the C image and font objects,
#: the encoders and the C module; and any private name fetched with getattr.
PILLOW_INTERNALS = re.compile(
    r"\.im\b|\.core\b|\bfont\.font\b|_getencoder|_getdecoder|\b_imaging|getattr\([^)]*[\"']_")


def private_pillow_uses(folder: Path) -> list[str]:
    """Private Pillow names in a plugin's modules: `x._name` on anything but the
    plugin's own `self`, private PIL modules, and the internals above."""
    found = []
    for path in sorted(folder.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Attribute) and re.match(r"_(?!_)", node.attr) \
                    and not (isinstance(node.value, ast.Name) and node.value.id == "self"):
                found.append(f"{path.name}:{node.lineno}: .{node.attr}")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PIL"):
                names = [node.module, *(alias.name for alias in node.names)]
                found += [f"{path.name}:{node.lineno}: {name}" for name in names
                          if re.search(r"(^|\.)_(?!_)", name)]
        found += [f"{path.name}:{number}: {line.strip()}"
                  for number, line in enumerate(source.splitlines(), 1)
                  if PILLOW_INTERNALS.search(line)]
    return found


def test_cards_use_only_pillows_public_api():
    """Pillow is upgraded by changing its pin: the cards must not reach inside it."""
    assert private_pillow_uses(ROOT / "plugins" / "cards") == []


def test_the_public_api_check_finds_private_names(tmp_path):
    (tmp_path / "bad.py").write_text(
        "from PIL import Image, _imaging\n"
        "make = getattr(Image, '_getencoder', None)\n"
        "core = image.im\n"
        "size = font.font.getsize('x')\n"
        "font._load()\n", encoding="utf-8")
    found = private_pillow_uses(tmp_path)
    assert all(any(f"bad.py:{line}:" in hit for hit in found) for line in range(1, 6)), found
