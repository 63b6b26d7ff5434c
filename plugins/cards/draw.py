"""Draw a card: a palette PNG of the layout's layers, fast and byte-for-byte repeatable.

Why a palette image drawn by hand: an RGB card is slow to encode and slower to
quantize. The card has a few flat colours and a few text
colours, so it is drawn as colour indexes straight away: each text colour gets
a ramp of `levels` shades from its background to itself, the glyphs' coverage
picks the shade. The 8-bit image encodes quickly and the file is about half
the RGB one.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont, ImageOps, features

from .layout import BAND, Box, ImageLayer, Layout, RectLayer, TextLayer, palette_pairs
from .model import CardSpec
from .png import scanlines_png
from .text import Fitted, Measure, clean, fit

#: Fields that depend only on the card's kind, language and status: drawn once
#: per combination into a base image that every card of that kind copies.
STATIC_FIELDS = frozenset({"label", "site", "domain", "band"})
_MASK_LUT = [0] + [255] * 255
#: Cards are drawn one column to the right of their canvas's left edge: that column
#: stays 0, the filter byte that starts each PNG scanline, so the canvas's bytes are
#: the PNG's rows as they are (no second 756 KB image to copy them into).
SCANLINE = 1


def font_coverage(paths) -> frozenset[int]:
    """Code points every one of the fonts can draw (read from their cmap tables)."""
    from fontTools.ttLib import TTFont

    covered = None
    for path in paths:
        with TTFont(str(path), lazy=True) as font:
            codes = frozenset(font.getBestCmap())
        covered = codes if covered is None else covered & codes
    return covered or frozenset()


class GlyphMeasure(Measure):
    """A Measure that also draws, from glyphs rasterised once each.

    Why: Pillow rasterises every glyph of a string on every call. With the basic
    layout engine a line is its glyphs side by side at the rounded 26.6 pen
    positions, so pasting cached glyph masks there gives exactly Pillow's pixels
    (the unit tests compare them). Like `Measure.width` it assumes the font has no
    legacy `kern` table (Noto Sans has none); with one, the cards would still
    fit their boxes, only without that kerning.
    """

    _PAD = 4

    def __init__(self, font: ImageFont.FreeTypeFont):
        super().__init__(font)
        self._glyphs: dict[str, tuple[Image.Image | None, int, int, int, int]] = {}
        self._inks: dict[str, tuple[int, int]] = {}

    def glyph(self, char: str) -> tuple[Image.Image | None, int, int, int, int]:
        """(mask or None, x offset, y offset from the baseline, advance in 1/64 px,
        mask width)."""
        found = self._glyphs.get(char)
        if found is None:
            advance = round(self.font.getlength(char) * 64)
            left, top, right, bottom = self.font.getbbox(char, anchor="ls")
            pad = self._PAD
            mask = Image.new("L", (right - left + 2 * pad, bottom - top + 2 * pad))
            ImageDraw.Draw(mask).text((pad - left, pad - top), char, font=self.font,
                                      fill=255, anchor="ls")
            box = mask.getbbox()
            if box is None:
                found = (None, 0, 0, advance, 0)
            else:
                found = (mask.crop(box), left - pad + box[0], top - pad + box[1], advance,
                         box[2] - box[0])
            self._glyphs[char] = found
        return found

    def _placed(self, text: str):
        """(mask, x, y offset from the baseline, mask width) of each inked glyph."""
        pen = 0
        for char in text:
            mask, dx, dy, advance, width = self.glyph(char)
            if mask is not None:
                yield mask, ((pen + 32) >> 6) + dx, dy, width
            pen += advance

    def ink(self, text: str) -> tuple[int, int]:
        """Kept per text: fitting asks for each candidate line's, drawing again."""
        found = self._inks.get(text)
        if found is None:
            edges = [(x, x + width) for _mask, x, _y, width in self._placed(text)]
            found = (min(e[0] for e in edges), max(e[1] for e in edges)) if edges else (0, 0)
            if len(self._inks) < 8192:
                self._inks[text] = found
        return found

    def draw(self, canvas: Image.Image, x: int, baseline: int, text: str) -> None:
        pen = ImageDraw.Draw(canvas)
        for mask, dx, dy, _width in self._placed(text):
            pen.bitmap((x + dx, baseline + dy), mask, fill=255)


def _overlap(a: Box, b: Box) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@dataclass(frozen=True)
class Placed:
    """Where a text layer went: the layer, its fitted lines and the drawn pixels' box."""

    field: str
    box: Box
    fitted: Fitted
    ink: tuple[int, int, int, int] | None


class Renderer:
    """Fonts, measures, palette and base images for one layout, reused for every card."""

    def __init__(self, layout: Layout, coverage: frozenset[int] | None = None):
        self.layout = layout
        if layout.layout_engine == "raqm" and features.check("raqm"):
            self.engine = ImageFont.Layout.RAQM
        else:
            self.engine = ImageFont.Layout.BASIC
        self.coverage = coverage if coverage is not None else font_coverage(
            layout.fonts.values())
        self._fonts: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}
        self._measures: dict[tuple[str, int], Measure] = {}
        self._bases: dict[tuple, Image.Image] = {}
        flats, ramps = palette_pairs(layout)
        self._flat = {colour: index for index, colour in enumerate(flats)}
        levels = layout.png.levels
        self._ramp: dict[tuple[str, str], int] = {}
        palette: list[int] = [c for colour in flats for c in _rgb(colour)]
        for pair in ramps:
            base = len(palette) // 3
            self._ramp[pair] = base
            fg, bg = _rgb(pair[0]), _rgb(pair[1])
            for level in range(levels):
                share = level / (levels - 1)
                palette += [round(b + (f - b) * share) for f, b in zip(fg, bg, strict=True)]
        self.palette = palette
        self._luts: dict[tuple, list[int]] = {}
        self._plain: dict[tuple, int | None] = {}

    # Fonts and measuring.

    def font(self, name: str, size: int) -> ImageFont.FreeTypeFont:
        key = (name, size)
        font = self._fonts.get(key)
        if font is None:
            font = ImageFont.truetype(str(self.layout.fonts[name]), size,
                                      layout_engine=self.engine)
            self._fonts[key] = font
        return font

    def measure(self, name: str, size: int) -> Measure:
        key = (name, size)
        measure = self._measures.get(key)
        if measure is None:
            font = self.font(name, size)
            kind = GlyphMeasure if self.engine == ImageFont.Layout.BASIC else Measure
            measure = self._measures[key] = kind(font)
        return measure

    def text_of(self, spec: CardSpec, layer: TextLayer) -> str:
        if layer.field == "band":
            text = self.layout.band_text(spec.band, spec.lang)
        else:
            text = getattr(spec, layer.field)
        text, _dropped = clean(text, self.coverage)
        return text.upper() if layer.transform == "upper" else text

    def fit(self, layer: TextLayer, text: str) -> Fitted:
        return fit(
            text,
            [self.measure(layer.font, size) for size in layer.sizes],
            width=layer.box.width,
            height=layer.box.height,
            max_lines=layer.max_lines,
            line_height=layer.line_height,
        )

    # Drawing.

    def _colour_under(self, layer: TextLayer, spec: CardSpec) -> str:
        under = layer.background or self.layout.background
        return self.layout.statuses[spec.band].color if under == BAND else under

    def _lut(self, base: int, blank: int | None = None) -> list[int]:
        """Coverage -> the ramp's index; with ``blank``, no coverage -> that index."""
        lut = self._luts.get((base, blank))
        if lut is None:
            top = self.layout.png.levels - 1
            lut = [base + round(v * top / 255) for v in range(256)]
            if blank is not None:
                lut[0] = blank
            self._luts[(base, blank)] = lut
        return lut

    def _plain_under(self, base_key: tuple, base: Image.Image, layers: tuple,
                     layer: TextLayer) -> int | None:
        """The index the card has all over ``layer``'s box when its text is drawn, or
        None: the base's, when uniform there and no changing layer drawn before
        this one (an image, another text) reaches into the box. Worked out once
        per base and layer; a masked paste and a second lookup per text saved.
        """
        key = (base_key, layers, layer)
        if key in self._plain:
            return self._plain[key]
        found = None
        box = layer.box
        before = layers[: layers.index(layer)]
        if not any(_overlap(box, other.box) for other in before
                   if isinstance(other, ImageLayer)
                   or (isinstance(other, TextLayer) and other.field not in STATIC_FIELDS)):
            lowest, highest = base.crop((SCANLINE + box.x, box.y, SCANLINE + box.right,
                                         box.bottom)).getextrema()
            found = lowest if lowest == highest else None
        self._plain[key] = found
        return found

    def _draw_text(self, canvas: Image.Image, layer: TextLayer, spec: CardSpec,
                   text: str, plain: int | None = None) -> Placed:
        """Draw ``text`` into the layer's box. ``plain``: the one colour index the
        canvas has all over that box, when known (see `_plain_under`)."""
        fitted = self.fit(layer, text)
        box = layer.box
        if not fitted.lines:
            return Placed(layer.field, box, fitted, None)
        measure = self.measure(layer.font, fitted.size)
        coverage = Image.new("L", (box.width, box.height), 0)
        step = fitted.size * layer.line_height
        for number, line in enumerate(fitted.lines):
            left, right = measure.ink(line)
            if layer.align == "right":
                x = box.width - max(right, round(measure.width(line)))
            else:
                x = -min(left, 0)
            y = round(measure.ascent + number * step)
            if isinstance(measure, GlyphMeasure):
                measure.draw(coverage, x, y, line)
            else:
                ImageDraw.Draw(coverage).text((x, y), line, font=measure.font, fill=255,
                                              anchor="ls")
        ink = coverage.getbbox()
        if ink is None:
            return Placed(layer.field, box, fitted, None)
        region = coverage.crop(ink)
        base = self._ramp[(layer.color, self._colour_under(layer, spec))]
        at = (SCANLINE + box.x + ink[0], box.y + ink[1])
        if plain is None:
            # Only the inked pixels change: the mask is every pixel with coverage.
            canvas.paste(region.point(self._lut(base)), at, region.point(_MASK_LUT))
        else:
            # Under the box is one index: uninked pixels get it back, so no mask.
            canvas.paste(region.point(self._lut(base, plain)), at)
        absolute = (box.x + ink[0], box.y + ink[1], box.x + ink[2], box.y + ink[3])
        return Placed(layer.field, box, fitted, absolute)

    def _draw_rect(self, canvas: Image.Image, layer: RectLayer, spec: CardSpec) -> None:
        colour = self.layout.statuses[spec.band].color if layer.color == BAND else layer.color
        box = layer.box
        ImageDraw.Draw(canvas).rectangle(
            (SCANLINE + box.x, box.y, SCANLINE + box.right - 1, box.bottom - 1),
            fill=self._flat[colour])

    def _layers(self, spec: CardSpec) -> tuple:
        band = bool(spec.band) and spec.band in self.layout.statuses
        return self.layout.layers_for(spec.kind, band, bool(spec.image_file))

    def _base(self, spec: CardSpec, layers: tuple) -> tuple[tuple, Image.Image]:
        """(its key, the image of everything that depends only on kind, band and
        language), drawn once per key."""
        static = [layer for layer in layers
                  if isinstance(layer, RectLayer)
                  or (isinstance(layer, TextLayer) and layer.field in STATIC_FIELDS)]
        texts = tuple(self.text_of(spec, layer) for layer in static
                      if isinstance(layer, TextLayer))
        key = (self.layout.drawn_kind(spec.kind), spec.band, texts)
        base = self._bases.get(key)
        if base is None:
            base = Image.new("L", (SCANLINE + self.layout.width, self.layout.height),
                             self._flat[self.layout.background])
            for layer in static:
                if isinstance(layer, RectLayer):
                    self._draw_rect(base, layer, spec)
                else:
                    self._draw_text(base, layer, spec, self.text_of(spec, layer))
            base.paste(0, (0, 0, SCANLINE, self.layout.height))
            self._bases[key] = base
        return key, base

    def draw(self, spec: CardSpec) -> tuple[Image.Image, list[Placed]]:
        """The card as a palette image, and where each changing text went."""
        canvas, palette, placed = self._indexes(spec)
        card = canvas.crop((SCANLINE, 0, canvas.width, canvas.height))
        # An L image given a palette becomes a P image of the same bytes.
        card.putpalette(palette)
        return card, placed

    def _indexes(self, spec: CardSpec) -> tuple[Image.Image, list[int], list[Placed]]:
        """The card as colour indexes (an L image, after its `SCANLINE` column), its
        palette ([r, g, b, ...]), and where each changing text went."""
        layers = self._layers(spec)
        key, base = self._base(spec, layers)
        canvas = base.copy()
        palette = self.palette
        for layer in layers:
            if isinstance(layer, ImageLayer):
                palette = self._draw_image(canvas, layer, spec, palette)
        placed = [
            self._draw_text(canvas, layer, spec, self.text_of(spec, layer),
                            self._plain_under(key, base, layers, layer))
            for layer in layers
            if isinstance(layer, TextLayer) and layer.field not in STATIC_FIELDS
        ]
        return canvas, palette, placed

    def _draw_image(self, canvas: Image.Image, layer: ImageLayer, spec: CardSpec,
                    palette: list[int]) -> list[int]:
        """Paste the item's picture, cropped to the box, with colours after the layout's."""
        try:
            with Image.open(spec.image_file) as source:
                picture = ImageOps.exif_transpose(source).convert("RGB")
        except (OSError, ValueError):
            return palette  # the content checks report a broken picture
        box = layer.box
        picture = ImageOps.fit(picture, (box.width, box.height), Image.Resampling.LANCZOS)
        quantized = picture.quantize(colors=layer.colors, method=Image.Quantize.MEDIANCUT,
                                     dither=Image.Dither.NONE)
        offset = len(palette) // 3
        used = quantized.getpalette()[: 3 * layer.colors]
        indices = Image.frombytes("L", quantized.size, quantized.tobytes())
        canvas.paste(indices.point(lambda i: i + offset), (SCANLINE + box.x, box.y))
        return palette + used

    def png(self, spec: CardSpec) -> bytes:
        # Encoded from the indexes, before they get a palette: the same bytes, and
        # no P image to copy them out of (slow in Pillow for an image read from a
        # file; a freshly drawn one was as fast, so builds gain little).
        canvas, palette, _placed = self._indexes(spec)
        return scanlines_png(canvas, palette, level=self.layout.png.compress_level,
                             strategy=self.layout.png.strategy)
