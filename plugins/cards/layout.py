"""The card layout: a TOML file in the theme, read and validated into frozen dataclasses.

Errors name the file, the key and what to write instead. The layout's digest
covers the file's bytes and the font files' bytes, so a changed colour, margin
or font redraws every card.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

FIELDS = ("title", "label", "meta", "subtitle", "site", "domain", "band")
TRANSFORMS = ("none", "upper")
ALIGNS = ("left", "right")
#: What a layer's colour may name instead of a "#rrggbb" value.
BAND = "band"
#: Conditions on an item's picture (its `Image:` field): drawn only with / without one.
IMAGE = "image"
NO_IMAGE = "no-image"
CONDITIONS = (BAND, IMAGE, NO_IMAGE)
#: A card kind that no layer names is drawn with this kind's layers.
FALLBACK_KIND = "page"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: The layer type of the partners' logos (content/partners.yml).
LOGOS = "logos"
#: The least contrast (WCAG) between a logos plate and the background around it.
PLATE_CONTRAST = 3.0


class LayoutError(ValueError):
    """The layout file is wrong; the message names the file, the key and the fix."""


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    def overlaps(self, other: Box) -> bool:
        return self.x < other.right and other.x < self.right \
            and self.y < other.bottom and other.y < self.bottom

    def contains(self, other: Box) -> bool:
        return self.x <= other.x and other.right <= self.right \
            and self.y <= other.y and other.bottom <= self.bottom


@dataclass(frozen=True)
class RectLayer:
    box: Box
    color: str
    kinds: frozenset[str] | None = None
    when: str | None = None


@dataclass(frozen=True)
class TextLayer:
    field: str
    box: Box
    font: str
    sizes: tuple[int, ...]
    color: str
    max_lines: int = 1
    line_height: float = 1.2
    transform: str = "none"
    align: str = "left"
    kinds: frozenset[str] | None = None
    when: str | None = None


@dataclass(frozen=True)
class ImageLayer:
    """The item's picture, cropped to fill the box, in at most `colors` colours; or,
    for `source = "logos"`, the partners' logos side by side on a `plate` colour."""

    box: Box
    colors: int = 64
    kinds: frozenset[str] | None = None
    when: str | None = None
    source: str = "picture"  # or LOGOS
    plate: str = "#ffffff"


@dataclass(frozen=True)
class Status:
    color: str
    texts: dict = field(compare=False, hash=False)


@dataclass(frozen=True)
class Layout:
    path: Path
    digest: str
    width: int
    height: int
    background: str
    layout_engine: str
    levels: int
    compress_level: int
    fonts: dict = field(compare=False, hash=False)
    labels: dict = field(compare=False, hash=False)
    statuses: dict = field(compare=False, hash=False)
    layers: tuple = ()
    #: The kinds of item that get this image (a square or story layout); None: all.
    kinds: frozenset[str] | None = None

    def label(self, lang: str, *keys: str) -> str:
        """The first of ``keys`` that has a label in ``lang``; '' when none has."""
        table = self.labels.get(lang, {})
        return next((table[k] for k in keys if k and table.get(k)), "")

    def band_text(self, status: str, lang: str) -> str:
        entry = self.statuses.get(status)
        return entry.texts.get(lang, "") if entry else ""

    def drawn_kind(self, kind: str) -> str:
        named = {k for layer in self.layers if layer.kinds for k in layer.kinds}
        return kind if kind in named else FALLBACK_KIND

    def layers_for(self, kind: str, band: bool, image: bool = False) -> tuple:
        kind = self.drawn_kind(kind)
        holds = {None: True, BAND: band, IMAGE: image, NO_IMAGE: not image}
        return tuple(
            layer for layer in self.layers
            if (layer.kinds is None or kind in layer.kinds) and holds[layer.when]
        )


def _digest_files(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class _Reader:
    """Typed access to one table of the TOML file, with errors that name the key."""

    def __init__(self, path: Path, table: dict, where: str = ""):
        self.path = path
        self.table = table
        self.where = where

    def fail(self, key: str, message: str) -> LayoutError:
        return LayoutError(f"{self.path}: {self.where}{key}: {message}")

    def get(self, key, kind, default=None, *, required=False):
        if key not in self.table:
            if required:
                raise self.fail(key, "missing")
            return default
        value = self.table[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or isinstance(value, bool) != (kind is bool):
            raise self.fail(key, f"{value!r} is not a {kind.__name__}")
        return value

    def positive(self, key, default=None, *, required=False) -> int:
        value = self.get(key, int, default, required=required)
        if value is not None and value <= 0:
            raise self.fail(key, f"{value!r} must be a whole number above 0")
        return value

    def colour(self, key, *, allow_band=False, default=None, required=False) -> str:
        value = self.get(key, str, default, required=required)
        if value is None or (allow_band and value == BAND) or _COLOUR.match(value):
            return value
        hint = ' or "band"' if allow_band else ""
        raise self.fail(key, f"{value!r} is not a colour; write \"#rrggbb\"{hint}")

    def choice(self, key, choices, default) -> str:
        value = self.get(key, str, default)
        if value not in choices:
            raise self.fail(key, f"{value!r} is not one of {', '.join(choices)}")
        return value

    def box(self, key, width, height) -> Box:
        value = self.get(key, list, required=True)
        if len(value) != 4 or not all(isinstance(v, int) and not isinstance(v, bool)
                                      for v in value):
            raise self.fail(key, f"{value!r} is not [x, y, width, height] in whole pixels")
        box = Box(*value)
        if box.x < 0 or box.y < 0 or box.width <= 0 or box.height <= 0 \
                or box.right > width or box.bottom > height:
            raise self.fail(key, f"{value!r} is not inside the {width}x{height} card")
        return box

    def kinds(self) -> frozenset[str] | None:
        value = self.get("kinds", list)
        if value is None:
            return None
        if not value or not all(isinstance(v, str) for v in value):
            raise self.fail("kinds", f"{value!r} is not a list of kinds such as [\"news\"]")
        return frozenset(value)

    def when(self) -> str | None:
        value = self.get("when", str)
        if value not in (None, *CONDITIONS):
            raise self.fail("when", f"{value!r}: write one of " + ", ".join(
                f'"{c}"' for c in CONDITIONS))
        return value


def _layer(reader: _Reader, width: int, height: int, fonts: dict):
    kind = reader.choice("type", ("rect", "text", "image", LOGOS), None)
    common = {
        "box": reader.box("box", width, height),
        "kinds": reader.kinds(),
        "when": reader.when(),
    }
    if kind == "rect":
        return RectLayer(color=reader.colour("color", allow_band=True, required=True), **common)
    if kind == "image":
        colors = reader.positive("colors", 64)
        if not 2 <= colors <= 128:
            raise reader.fail("colors", f"{colors} must be between 2 and 128")
        return ImageLayer(colors=colors, **common)
    if kind == LOGOS:
        colors = reader.positive("colors", 16)
        if not 2 <= colors <= 64:
            raise reader.fail("colors", f"{colors} must be between 2 and 64")
        return ImageLayer(colors=colors, source=LOGOS,
                          plate=reader.colour("plate", default="#ffffff"), **common)
    field_name = reader.choice("field", FIELDS, None)
    font = reader.get("font", str, "regular")
    if font not in fonts:
        raise reader.fail("font", f"{font!r} is not in [fonts]; use one of {', '.join(fonts)}")
    sizes = reader.get("sizes", list, required=True)
    if not sizes or not all(isinstance(s, int) and s > 0 for s in sizes) \
            or list(sizes) != sorted(sizes, reverse=True):
        raise reader.fail("sizes", f"{sizes!r}: write whole pixel sizes, largest first")
    line_height = reader.get("line_height", float, 1.2)
    if not 0.8 <= line_height <= 3:
        raise reader.fail("line_height", f"{line_height!r} must be between 0.8 and 3")
    return TextLayer(
        field=field_name,
        font=font,
        sizes=tuple(sizes),
        color=reader.colour("color", required=True),
        max_lines=reader.positive("max_lines", 1),
        line_height=line_height,
        transform=reader.choice("transform", TRANSFORMS, "none"),
        align=reader.choice("align", ALIGNS, "left"),
        **common,
    )


def load_layout(path: str | Path, setting: str = "CARDS_LAYOUT") -> Layout:
    """Read and check the layout file; fonts are resolved relative to it.

    ``setting`` is the setting that names the file, for the message when it is missing.
    """
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LayoutError(f"{path}: missing; the theme needs a card layout file here "
                          f"(or set {setting} to another file in the theme)") from None
    except tomllib.TOMLDecodeError as exc:
        raise LayoutError(f"{path}: not valid TOML: {exc}") from None
    top = _Reader(path, raw)
    width = top.positive("width", required=True)
    height = top.positive("height", required=True)
    background = top.colour("background", required=True)
    engine = top.choice("layout_engine", ("basic", "raqm"), "basic")

    png_reader = _Reader(path, top.get("png", dict, {}), "png.")
    levels = png_reader.positive("levels", 24)
    if not 2 <= levels <= 128:
        raise png_reader.fail("levels", f"{levels} must be between 2 and 128")
    compress_level = png_reader.get("compress_level", int, 6)
    if not 0 <= compress_level <= 9:
        raise png_reader.fail("compress_level", f"{compress_level} must be 0 to 9")

    fonts = {}
    for name, relative in top.get("fonts", dict, required=True).items():
        font_path = (path.parent / str(relative)).resolve()
        if not font_path.is_file():
            raise top.fail(f"fonts.{name}", f"{font_path} does not exist; fonts ship in "
                           "theme/fonts (see theme/fonts/README.md)")
        fonts[name] = font_path
    if not fonts:
        raise top.fail("fonts", "name at least one font, e.g. regular = \"../fonts/X.ttf\"")

    labels = {}
    for lang, table in top.get("labels", dict, {}).items():
        reader = _Reader(path, table, f"labels.{lang}.")
        labels[lang] = {key: reader.get(key, str) for key in table}

    statuses = {}
    for name, table in top.get("status", dict, {}).items():
        reader = _Reader(path, table, f"status.{name}.")
        texts = {k: reader.get(k, str) for k in table if k != "color"}
        statuses[name] = Status(color=reader.colour("color", required=True), texts=texts)

    layers = []
    for index, table in enumerate(top.get("layers", list, required=True)):
        if not isinstance(table, dict):
            raise top.fail(f"layers[{index}]", "write each layer as a [[layers]] table")
        layers.append(_layer(_Reader(path, table, f"layers[{index}]."), width, height, fonts))
    for index, layer in enumerate(layers):
        if isinstance(layer, ImageLayer) and layer.source == LOGOS:
            ratio = contrast(layer.plate, background)
            if ratio < PLATE_CONTRAST:
                raise top.fail(f"layers[{index}].plate", (
                    f"{layer.plate} on the background {background} has a contrast of "
                    f"{ratio:.1f}:1, under {PLATE_CONTRAST:.0f}:1; the logos would not "
                    "stand out: choose a lighter or darker plate"))
    if any(layer.when == BAND for layer in layers) and not statuses:
        raise top.fail("status", "band layers need at least one [status.NAME] table")

    layout = Layout(
        path=path,
        digest=_digest_files([path, *fonts.values()]),
        width=width,
        height=height,
        background=background,
        layout_engine=engine,
        levels=levels,
        compress_level=compress_level,
        fonts=fonts,
        labels=labels,
        statuses=statuses,
        layers=tuple(layers),
        kinds=top.kinds(),
    )
    pictures = sum(layer.colors for layer in layers if isinstance(layer, ImageLayer))
    needed = len(palette(layout)) + pictures
    if needed > 256:
        raise png_reader.fail("levels", f"{needed} colours ({levels} shades per text colour, "
                              f"{pictures} for a picture) are more than a PNG palette's 256; "
                              "lower png.levels or an image layer's colors")
    return layout


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def contrast(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two "#rrggbb" colours (1 to 21)."""
    def luminance(colour: str) -> float:
        channels = [value / 255 for value in rgb(colour)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                   for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def palette(layout: Layout) -> list[tuple[int, int, int]]:
    """Every colour a card can show but a picture's, no repeats: the flat ones, and
    `levels` shades from each colour a text can be drawn on (the background, or a
    rectangle drawn before it across its box) to the text's, for its anti-aliasing."""
    bands = [status.color for status in layout.statuses.values()]
    flats = [layout.background]
    ramps = []
    for index, layer in enumerate(layout.layers):
        if isinstance(layer, RectLayer):
            flats += bands if layer.color == BAND else [layer.color]
        elif isinstance(layer, TextLayer):
            under = [layout.background] + [
                colour for rect in layout.layers[:index]
                if isinstance(rect, RectLayer) and rect.box.overlaps(layer.box)
                for colour in (bands if rect.color == BAND else [rect.color])]
            ramps += [(layer.color, colour) for colour in under]
    colours = [rgb(colour) for colour in flats]
    for text, under in dict.fromkeys(ramps):
        colours += [tuple(round(b + (f - b) * level / (layout.levels - 1))
                          for f, b in zip(rgb(text), rgb(under), strict=True))
                    for level in range(layout.levels)]
    return list(dict.fromkeys(colours))
