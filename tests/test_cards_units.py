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


# Square and story images: the same layout format, other geometry.

SQUARE = ROOT / "theme" / "cards" / "square.toml"
STORY = ROOT / "theme" / "cards" / "story.toml"
#: A phone's own bars cover the top and the bottom of a story: no text there.
STORY_SAFE = (250, 1920 - 250)
#: Markup, a CDATA end, a right-to-left override and emoji: text, or left out.
HOSTILE = "<b>Quote</b> \" & ]]> \u202eevil 💡🚀 <script>alert(1)</script>"


@pytest.fixture(scope="module")
def formats():
    return {"square": load_layout(SQUARE), "story": load_layout(STORY)}


def test_square_and_story_layouts_share_fonts_labels_and_bands(layout, formats):
    assert (formats["square"].width, formats["square"].height) == (1080, 1080)
    assert (formats["story"].width, formats["story"].height) == (1080, 1920)
    for other in formats.values():
        assert other.kinds == {"news", "event", "course"}
        assert other.fonts == layout.fonts and other.labels == layout.labels
        assert {name: (s.color, s.texts) for name, s in other.statuses.items()} == \
            {name: (s.color, s.texts) for name, s in layout.statuses.items()}
        assert other.digest != layout.digest  # so each format has cached files of its own
    assert layout.kinds is None  # every page has a card


@pytest.mark.parametrize("path", [LAYOUT, SQUARE, STORY], ids=["card", "square", "story"])
def test_every_text_layer_holds_a_line_at_its_largest_size(path):
    """A box too low for its first size would fall back to smaller ones, or draw nothing."""
    renderer = Renderer(load_layout(path))
    for layer in renderer.layout.layers:
        if isinstance(layer, TextLayer):
            fitted = renderer.fit(layer, "Ї" if layer.field != "title" else "Кухня")
            assert fitted.size == layer.sizes[0] and fitted.lines, (layer.field, layer.box)


def test_no_story_text_sits_under_the_phones_bars(formats):
    top, bottom = STORY_SAFE
    for layer in formats["story"].layers:
        if isinstance(layer, TextLayer):
            assert top <= layer.box.y and layer.box.bottom <= bottom, (layer.field, layer.box)


@pytest.fixture(scope="module")
def photo(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("photo") / "photo.jpg"
    Image.new("RGB", (1600, 900), (220, 20, 30)).save(path)
    return str(path)


@pytest.mark.parametrize("image", [f"{name}-{kind}" for name in ("square", "story")
                                   for kind in ("news", "event", "course")])
@pytest.mark.parametrize("with_picture", [False, True], ids=["text", "picture"])
@pytest.mark.parametrize("title", [
    "Кухня ідей", words(40), "Ш" * 10_000, f"{HOSTILE} {'Ж' * 10_000}",
], ids=["short", "40-words", "10000-char-word", "hostile-10000"])
def test_the_title_of_a_square_or_story_stays_in_its_box(formats, photo, image, with_picture,
                                                        title):
    name, kind = image.split("-")
    layout = formats[name]
    renderer = Renderer(layout)
    picture = {"image": "photo.jpg", "image_digest": "x", "image_file": photo} \
        if with_picture else {}
    box, placed = _diff_box(renderer, spec(title, kind, band="cancelled", **picture),
                            spec("", kind, band="cancelled", **picture))
    layer = next(layer for layer in layout.layers_for(kind, True, with_picture)
                 if isinstance(layer, TextLayer) and layer.field == "title")
    assert box is not None
    left, top, right, bottom = box
    assert layer.box.x <= left and right <= layer.box.right, box
    assert layer.box.y <= top and bottom <= layer.box.bottom, box
    title_placed = next(p for p in placed if p.field == "title")
    assert title_placed.ink == box and len(title_placed.fitted.lines) <= layer.max_lines
    # Every text of the image keeps to its own box.
    for text in placed:
        if text.ink is not None:
            assert text.box.x <= text.ink[0] and text.ink[2] <= text.box.right, text.field
            assert text.box.y <= text.ink[1] and text.ink[3] <= text.box.bottom, text.field


@pytest.mark.parametrize("name", ["square", "story"])
def test_hostile_text_is_drawn_as_text_and_emoji_are_left_out(formats, name):
    renderer = Renderer(formats[name])
    shown = "<b>Quote</b> \" & ]]> evil <script>alert(1)</script>"
    assert renderer.png(spec(HOSTILE, "event")) == renderer.png(spec(shown, "event"))
    fitted = next(p for p in renderer.draw(spec(HOSTILE, "event"))[1] if p.field == "title")
    assert "<b>Quote</b>" in " ".join(fitted.fitted.lines)


@pytest.mark.parametrize("name", ["square", "story"])
def test_a_cancelled_event_shows_the_band_on_its_square_and_story(formats, name):
    layout = formats[name]
    renderer = Renderer(layout)
    band = next(layer for layer in layout.layers if layer.when == "band"
                and not isinstance(layer, TextLayer))
    red = tuple(int(layout.statuses["cancelled"].color[i:i + 2], 16) for i in (1, 3, 5))
    point = (band.box.right - 20, band.box.y + 4)
    plain_image, _ = renderer.draw(spec("Зустріч", "event"))
    banded, placed = renderer.draw(spec("Зустріч", "event", band="cancelled"))
    assert banded.convert("RGB").getpixel(point) == red
    assert plain_image.convert("RGB").getpixel(point) != red
    assert any(p.field == "band" and p.fitted.lines == ("СКАСОВАНО",) for p in placed)


@pytest.mark.parametrize("name", ["square", "story"])
def test_squares_and_stories_are_repeatable_palette_pngs(formats, name):
    renderer = Renderer(formats[name])
    card = spec(words(12), "event", band="cancelled", subtitle="Вільна Хата")
    data = renderer.png(card)
    assert data == Renderer(formats[name]).png(card)
    image = _decoded(data)
    assert image.size == (formats[name].width, formats[name].height) and image.mode == "P"
    assert len(data) < 300 * 1024


def test_format_layout_errors_name_the_file_and_the_key(tmp_path):
    (tmp_path / "cards").mkdir()
    (tmp_path / "fonts").symlink_to(ROOT / "theme" / "fonts")
    text = STORY.read_text(encoding="utf-8")
    path = tmp_path / "cards" / "story.toml"
    path.write_text(text.replace('kinds = ["news", "event", "course"]', "kinds = []", 1),
                    encoding="utf-8")
    with pytest.raises(LayoutError, match=rf"^{re.escape(str(path))}: kinds: "):
        load_layout(path)
    path.write_text(text.replace("box = [0, 0, 32, 1920]", "box = [0, 0, 32, 1921]", 1),
                    encoding="utf-8")
    with pytest.raises(LayoutError, match=r"story\.toml: layers\[0\]\.box: .*1080x1920"):
        load_layout(path)
    with pytest.raises(LayoutError, match="CARDS_FORMATS"):
        load_layout(tmp_path / "cards" / "missing.toml", "CARDS_FORMATS")


def test_the_card_layout_may_not_limit_its_kinds(tmp_path):
    from cards.registry import new_registry

    (tmp_path / "cards").mkdir()
    (tmp_path / "fonts").symlink_to(ROOT / "theme" / "fonts")
    layout_text = LAYOUT.read_text(encoding="utf-8")
    (tmp_path / "cards" / "layout.toml").write_text(
        layout_text.replace("width = 1200", 'kinds = ["news"]\nwidth = 1200', 1), encoding="utf-8")
    conf = read_card_settings(_settings(tmp_path, THEME=str(tmp_path), CARDS_FORMATS={}))
    with pytest.raises(LayoutError, match=r"layout\.toml: kinds: "):
        new_registry(conf)
    with pytest.raises(CardSettingsError, match="CARDS_FORMATS"):
        read_card_settings(_settings(tmp_path, CARDS_FORMATS={"card": "cards/x.toml"}))


class Page(Event):
    """A content object of kind "page" (by its class name)."""


def test_articles_events_and_courses_get_a_square_and_a_story(tmp_path, layout, formats):
    conf = read_card_settings(_settings(tmp_path))
    registry = CardRegistry(conf, layout, CardCache(conf.cache_path), formats)
    images = registry.images_for(Event(start=datetime(2017, 5, 20, 15, tzinfo=KYIV),
                                       event_status="cancelled"))
    assert list(images) == ["card", "square", "story"]
    assert {fmt: (card.save_as, card.width, card.height, card.format)
            for fmt, card in images.items()} == {
        "card": ("en/cards/event/meeting.png", 1200, 630, "card"),
        "square": ("en/cards/event/meeting.square.png", 1080, 1080, "square"),
        "story": ("en/cards/event/meeting.story.png", 1080, 1920, "story")}
    assert images["story"].absolute_url == \
        "https://kip.example.org/en/cards/event/meeting.story.png"
    assert len({card.digest for card in images.values()}) == 3
    assert all(card.alt.startswith("Cancelled · Event · ") for card in images.values())
    # Pages and lists: the card only.
    assert list(registry.images_for(Page(slug="about"))) == ["card"]
    registry.share(None, title="Archive", output_file="en/news/archive/index.html")
    registry.finish()
    assert registry.stats["drawn"] == 5
    assert registry.stats["formats"] == {"card": 3, "square": 1, "story": 1}
    for card in images.values():
        with Image.open(tmp_path / "out" / card.save_as) as image:
            assert image.size == (card.width, card.height)
    # From the cache the second time: nothing drawn, the same bytes.
    again = CardRegistry(read_card_settings(_settings(tmp_path, OUTPUT_PATH=str(
        tmp_path / "out2"))), layout, CardCache(conf.cache_path), formats)
    second = again.images_for(Event(start=datetime(2017, 5, 20, 15, tzinfo=KYIV),
                                    event_status="cancelled"))
    again.finish()
    assert again.stats["drawn"] == 0 and again.stats["cached"] == 3
    for card in second.values():
        assert (tmp_path / "out2" / card.save_as).read_bytes() == \
            (tmp_path / "out" / card.save_as).read_bytes()


class Article(Event):
    """A content object of kind "news" (by its class name)."""


def test_an_article_gets_a_square_and_a_story_only_with_its_kit(tmp_path, layout, formats):
    conf = read_card_settings(_settings(tmp_path))
    registry = CardRegistry(conf, layout, CardCache(conf.cache_path), formats)
    assert list(registry.images_for(Article(slug="plain"))) == ["card"]
    assert list(registry.images_for(Article(slug="no", metadata={"kit": "no"}))) == ["card"]
    images = registry.images_for(Article(slug="asks", metadata={"kit": "yes"}))
    assert {fmt: card.save_as for fmt, card in images.items()} == {
        "card": "en/cards/news/asks.png", "square": "en/cards/news/asks.square.png",
        "story": "en/cards/news/asks.story.png"}


def test_an_emoji_left_out_is_logged_once_per_item_not_per_image(tmp_path, layout, formats,
                                                                 caplog):
    conf = read_card_settings(_settings(tmp_path))
    registry = CardRegistry(conf, layout, CardCache(conf.cache_path), formats)
    caplog.set_level("INFO", logger="cards")
    assert len(registry.images_for(Event(title="Ракета 🚀"))) == 3
    assert len([r for r in caplog.records if "U+1F680" in r.getMessage()]) == 1


def test_images_of_every_format_are_drawn_in_worker_processes(tmp_path, layout, formats):
    """A batch mixes formats: each worker draws each task with its own format's layout."""
    from cards.pool import PARALLEL_MIN, draw_many

    layouts = {"card": layout, **formats}
    tasks = [(fmt, spec(f"Зустріч {index}", "event"), str(tmp_path / f"{index}.{fmt}.png"))
             for index in range(PARALLEL_MIN) for fmt in layouts]
    draw_many(layouts, Renderer(layout).coverage, tasks, jobs=2)
    renderers = {fmt: Renderer(one) for fmt, one in layouts.items()}
    for fmt, card, path in tasks:
        assert Path(path).read_bytes() == renderers[fmt].png(card), path


# The same bytes as the renderer before issue 33 (tests/cards_sample.py wrote the digests).


def test_the_sample_is_drawn_with_the_same_bytes_as_before(tmp_path):
    import hashlib
    import json

    import cards_sample

    recorded = json.loads(cards_sample.DIGESTS.read_text(encoding="utf-8"))
    if recorded["engine"] != cards_sample.engine():
        # Another Pillow, FreeType or zlib draws or packs other bytes.
        pytest.skip(f"digests written with {recorded['engine']}, "
                    f"this is {cards_sample.engine()}")
    renderers = {fmt: Renderer(load_layout(ROOT / "theme" / "cards" / name))
                 for fmt, name in cards_sample.LAYOUTS.items()}
    drawn = {name: hashlib.sha256(renderers[fmt].png(card)).hexdigest()
             for name, (fmt, card) in cards_sample.sample(tmp_path).items()}
    assert drawn.keys() == recorded["digests"].keys()
    assert [name for name in drawn if drawn[name] != recorded["digests"][name]] == []


def test_the_indexed_drawing_gives_the_pixels_of_the_rgb_drawing(tmp_path):
    """Whatever Pillow draws: `draw` (palette indices) equals `draw_rgb` (RGB, then
    quantize, the way every card was drawn before issue 33), pixel for pixel."""
    import cards_sample

    renderers = {fmt: Renderer(load_layout(ROOT / "theme" / "cards" / name))
                 for fmt, name in cards_sample.LAYOUTS.items()}
    for name, (fmt, card) in cards_sample.sample(tmp_path).items():
        fast, placed = renderers[fmt].draw(card)
        slow, slow_placed = renderers[fmt].draw_rgb(card)
        assert (fast.mode, fast.getpalette()) == (slow.mode, slow.getpalette()), name
        assert fast.tobytes() == slow.tobytes(), name
        assert placed == slow_placed, name


@pytest.mark.parametrize("fmt", ["square", "story"])
def test_images_with_the_partners_logos_keep_the_pixels_of_the_rgb_drawing(fmt):
    """The logos' colours join the palette; their mapping and the base under them are
    made once for a run of images (the second image on uses them): each image still
    has the pixels and palette `draw_rgb` gives it."""
    from partners.model import partners_for

    logos = tuple(str(p.logo_file) for p in partners_for(ROOT / "content", ("uk", "en"), fmt))
    assert logos, "content/partners.yml puts logos on squares and stories"
    layout = load_layout(ROOT / "theme" / "cards" / f"{fmt}.toml")
    renderer = Renderer(layout)
    titles = ["Відкрита зустріч з бізнесом", "Кухня ідей: презентації команд",
              "Курс англійської для підприємців, друга група"]
    for number, title in enumerate(titles):
        card = CardSpec(kind=("news", "event", "course")[number], lang="uk", title=title,
                        label=layout.label("uk", ("news", "event", "course")[number]),
                        meta=f"{number + 7} квітня 2017", site="Платформа",
                        domain="kramatorsk-platform.example.org", logo_files=logos)
        fast, placed = renderer.draw(card)
        slow, slow_placed = renderer.draw_rgb(card)
        assert fast.getpalette() == slow.getpalette(), title
        assert fast.tobytes() == slow.tobytes(), title
        assert placed == slow_placed, title


@pytest.mark.parametrize("changes", [
    # The texts over the stripe's edge (with fewer shades: more colours lie under texts).
    [("box = [0, 0, 24, 630]", "box = [0, 0, 120, 630]"), ("levels = 24", "levels = 8")],
    [("box = [80, 534, 1040, 2]", "box = [80, 300, 1040, 2]")],  # the rule over the title
    [("box = [80, 444, 1040, 48]", "box = [80, 300, 1040, 48]")],  # a date over the title
], ids=["text-on-two-colours", "rule-after-title", "text-on-text"])
def test_a_layout_with_overlapping_layers_is_still_drawn_right(tmp_path, changes):
    text = LAYOUT.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new, 1)
    (tmp_path / "cards").mkdir()
    (tmp_path / "fonts").symlink_to(ROOT / "theme" / "fonts")
    path = tmp_path / "cards" / "layout.toml"
    path.write_text(text, encoding="utf-8")
    renderer = Renderer(load_layout(path))
    card = spec("Відкрита зустріч з бізнесом: презентація платформи", meta="7 квітня 2017")
    assert renderer.draw(card)[0].tobytes() == renderer.draw_rgb(card)[0].tobytes()


@pytest.mark.parametrize("meta", ["20 травня 2017, 15:00–17:00",
                                  "20 травня 2017, 15:00 – 21 травня 2017, 17:00, онлайн і офлайн"],
                         ids=["beside-the-picture", "under-the-picture"])
def test_a_text_whose_box_reaches_the_picture_is_drawn_right(layout, photo, meta):
    """An event card's date box runs under its picture: the ink decides."""
    renderer = Renderer(layout)
    card = spec("Зустріч", "event", meta=meta, image="photo.jpg", image_digest="x",
                image_file=photo)
    fast, placed = renderer.draw(card)
    slow, slow_placed = renderer.draw_rgb(card)
    assert fast.tobytes() == slow.tobytes() and fast.getpalette() == slow.getpalette()
    assert placed == slow_placed
