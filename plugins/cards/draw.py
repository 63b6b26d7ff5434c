"""Draw a card with Pillow's public API: the layout's layers on an RGB image, then a PNG.

Rectangles and text are drawn with ImageDraw, text is measured with ImageFont.
The card is saved as a palette PNG, about half the size of an RGB one: its
palette is the layout's colours and shades between them (layout.palette), so
each pixel maps to the same entry whatever else is on the card. Nothing here
depends on the time or the machine: the same inputs give the same bytes, which
the digest cache relies on.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont, ImageOps, features

from .layout import BAND, Box, ImageLayer, Layout, RectLayer, TextLayer, palette
from .model import CardSpec
from .text import Fitted, Measure, clean, fit


def font_coverage(paths) -> frozenset[int]:
    """Code points every one of the fonts can draw (read from their cmap tables)."""
    from fontTools.ttLib import TTFont

    covered = None
    for path in paths:
        with TTFont(str(path), lazy=True) as font:
            codes = frozenset(font.getBestCmap())
        covered = codes if covered is None else covered & codes
    return covered or frozenset()


@dataclass(frozen=True)
class Placed:
    """Where a text layer went: the layer, its fitted lines and the drawn pixels' box."""

    field: str
    box: Box
    fitted: Fitted
    ink: tuple[int, int, int, int] | None


class Renderer:
    """The fonts of one layout, opened once and reused for every card."""

    def __init__(self, layout: Layout, coverage: frozenset[int] | None = None):
        self.layout = layout
        raqm = layout.layout_engine == "raqm" and features.check("raqm")
        self.engine = ImageFont.Layout.RAQM if raqm else ImageFont.Layout.BASIC
        self.coverage = coverage if coverage is not None else font_coverage(
            layout.fonts.values())
        self._measures: dict[tuple[str, int], Measure] = {}
        self.palette = [value for colour in palette(layout) for value in colour]

    def measure(self, name: str, size: int) -> Measure:
        key = (name, size)
        if key not in self._measures:
            font = ImageFont.truetype(str(self.layout.fonts[name]), size,
                                      layout_engine=self.engine)
            self._measures[key] = Measure(font)
        return self._measures[key]

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

    def draw(self, spec: CardSpec) -> tuple[Image.Image, list[Placed]]:
        """The card as a palette image, and where each text went."""
        layout = self.layout
        band = bool(spec.band) and spec.band in layout.statuses
        card = Image.new("RGB", (layout.width, layout.height), layout.background)
        placed = []
        colours = list(self.palette)
        for layer in layout.layers_for(spec.kind, band, bool(spec.image_file)):
            if isinstance(layer, RectLayer):
                colour = layout.statuses[spec.band].color if layer.color == BAND else layer.color
                box = layer.box
                ImageDraw.Draw(card).rectangle((box.x, box.y, box.right - 1, box.bottom - 1),
                                               fill=colour)
            elif isinstance(layer, ImageLayer):
                colours += self._draw_image(card, layer, spec)
            else:
                placed.append(self._draw_text(card, layer, spec))
        indexed = Image.new("P", (1, 1))
        indexed.putpalette(colours)
        return card.quantize(palette=indexed, dither=Image.Dither.NONE), placed

    def png(self, spec: CardSpec) -> bytes:
        buffer = io.BytesIO()
        self.draw(spec)[0].save(buffer, "PNG", compress_level=self.layout.compress_level)
        return buffer.getvalue()

    def _draw_text(self, card: Image.Image, layer: TextLayer, spec: CardSpec) -> Placed:
        """Draw the layer's text, fitted to its box; nothing is drawn outside the box."""
        fitted = self.fit(layer, self.text_of(spec, layer))
        box = layer.box
        if not fitted.lines:
            return Placed(layer.field, box, fitted, None)
        measure = self.measure(layer.font, fitted.size)
        # Drawn as coverage into a mask the size of the box, so the ink's box is
        # known to the pixel, then the colour is painted through it.
        mask = Image.new("L", (box.width, box.height), 0)
        pen = ImageDraw.Draw(mask)
        for number, line in enumerate(fitted.lines):
            left, right = measure.ink(line)
            if layer.align == "right":
                x = box.width - max(right, round(measure.width(line)))
            else:
                x = -min(left, 0)
            y = round(measure.ascent + number * fitted.size * layer.line_height)
            pen.text((x, y), line, font=measure.font, fill=255, anchor="ls")
        ink = mask.getbbox()
        if ink is None:
            return Placed(layer.field, box, fitted, None)
        drawn = (box.x + ink[0], box.y + ink[1], box.x + ink[2], box.y + ink[3])
        # Only the inked part of the mask is pasted: the same pixels, and a big
        # title box (a story's) with a short title costs no more than its ink.
        card.paste(layer.color, drawn, mask.crop(ink))
        return Placed(layer.field, box, fitted, drawn)

    def _draw_image(self, card: Image.Image, layer: ImageLayer, spec: CardSpec) -> list[int]:
        """Paste the item's picture, cropped to fill the box, in at most `colors`
        colours; returns them ([r, g, b, ...]) for the card's palette."""
        box = layer.box
        try:
            with Image.open(spec.image_file) as source:
                # A JPEG is decoded at the smallest scale (1/2, 1/4, 1/8) that still
                # covers the box, whichever way its EXIF turns it: a camera photo
                # then costs a fraction of a full decode and resize (a no-op for PNG).
                side = max(box.width, box.height)
                source.draft(None, (side, side))
                picture = ImageOps.exif_transpose(source).convert("RGB")
        except (OSError, ValueError):
            return []  # the content checks report a broken picture
        picture = ImageOps.fit(picture, (box.width, box.height), Image.Resampling.LANCZOS)
        picture = picture.quantize(colors=layer.colors, dither=Image.Dither.NONE)
        card.paste(picture.convert("RGB"), (box.x, box.y))
        return picture.getpalette()[: 3 * layer.colors]
