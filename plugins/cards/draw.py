"""Draw a card with Pillow's public API: the layout's layers, then a palette PNG.

The card is saved as a palette PNG, about half the size of an RGB one: its
palette is the layout's colours and shades between them (layout.palette), so
each pixel maps to the same entry whatever else is on the card. Nothing here
depends on the time or the machine: the same inputs give the same bytes, which
the digest cache relies on.

The reference drawing (`draw_rgb`) paints the layers on an RGB image and maps
every pixel to its palette entry with `Image.quantize`. `draw` gives the same
pixels with less work when each text's ink lies on one flat colour (always in
the theme's layouts, unless an event's date runs under its picture): it draws
palette indices into an "L" image, maps a text's coverage mask to indices with
`Image.point` and a table made by that very quantize (one per text colour and
colour under it), and starts from a copy of the layers that are the same on
every image of a kind and language.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps, features

from common.svg import svg_to_png
from partners.model import svg_aspect

from .layout import BAND, LOGOS, Box, ImageLayer, Layout, RectLayer, TextLayer, palette
from .model import CardSpec
from .text import Fitted, Measure, clean, fit

#: Text layers whose text is the same on every image of one kind and language.
REPEATED = frozenset({"label", "band", "site", "domain"})
#: The one text that is new on nearly every image; the others recur (and a date,
#: a place or a course's summary on more than one item).
UNIQUE = "title"


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


@dataclass(frozen=True, eq=False)
class Plan:
    """How `draw` paints one combination of layers (a kind, with or without a band
    and a picture): the colour under each text layer (by position; "band" for the
    band's colour), and which layers are the same on every image (`static`)."""

    layers: tuple
    under: tuple
    static: frozenset[int]


def _box(ink: tuple[int, int, int, int]) -> Box:
    return Box(ink[0], ink[1], ink[2] - ink[0], ink[3] - ink[1])


def _palette_image(colours: list[int]) -> Image.Image:
    indexed = Image.new("P", (1, 1))
    indexed.putpalette(colours)
    return indexed


def _indices(image: Image.Image, colours: list[int]) -> Image.Image:
    """An RGB image's palette entries (as Image.quantize picks them) as an "L" image."""
    mapped = image.quantize(palette=_palette_image(colours), dither=Image.Dither.NONE)
    return Image.frombytes("L", mapped.size, mapped.tobytes())


class Renderer:
    """The fonts of one layout, opened once and reused for every card.

    Its caches are bounded and its own (never module globals): a drawing
    process keeps one renderer per layout for each batch it draws.
    """

    def __init__(self, layout: Layout, coverage: frozenset[int] | None = None):
        self.layout = layout
        raqm = layout.layout_engine == "raqm" and features.check("raqm")
        self.engine = ImageFont.Layout.RAQM if raqm else ImageFont.Layout.BASIC
        self.coverage = coverage if coverage is not None else font_coverage(
            layout.fonts.values())
        self._measures: dict[tuple[str, int], Measure] = {}
        self.palette = [value for colour in palette(layout) for value in colour]
        # A title is fitted once per image, a date or a place on many images.
        self.fit = functools.lru_cache(maxsize=1024)(self._fit)
        self._clean = functools.lru_cache(maxsize=256)(self._clean_text)
        # Every text but the title is drawn once and its mask kept.
        self._kept_text = functools.lru_cache(maxsize=64)(self._text)
        self._plan = functools.lru_cache(maxsize=64)(self._make_plan)
        # The layout's palette, and the palette with the partners' logos' colours.
        self._tables = functools.lru_cache(maxsize=2)(self._make_tables)
        self._base = functools.lru_cache(maxsize=8)(self._layout_base)
        # The same logos are on every image of a layout: rasterised and mapped once.
        self._logos = functools.lru_cache(maxsize=4)(self._logo_plate)
        self._logo_indices = functools.lru_cache(maxsize=4)(self._mapped_logos)

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
        text = self._clean(text)
        return text.upper() if layer.transform == "upper" else text

    def _clean_text(self, text: str) -> str:
        return clean(text, self.coverage)[0]

    def _fit(self, layer: TextLayer, text: str) -> Fitted:
        return fit(
            text,
            [self.measure(layer.font, size) for size in layer.sizes],
            width=layer.box.width,
            height=layer.box.height,
            max_lines=layer.max_lines,
            line_height=layer.line_height,
        )

    def png(self, spec: CardSpec) -> bytes:
        buffer = io.BytesIO()
        self.draw(spec)[0].save(buffer, "PNG", compress_level=self.layout.compress_level)
        return buffer.getvalue()

    # The reference: RGB, then quantize.

    def draw_rgb(self, spec: CardSpec) -> tuple[Image.Image, list[Placed]]:
        """The card drawn in RGB and mapped to its palette: what `draw` must equal,
        and how it draws an image with a text whose ink lies on more than one colour."""
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
                picture = self._picture(layer, spec)
                if picture is not None:
                    card.paste(picture[0], (layer.box.x, layer.box.y))
                    colours += picture[1]
            else:
                found, mask = self._drawn_text(layer, self.text_of(spec, layer))
                if found.ink is not None:
                    card.paste(layer.color, found.ink, mask)
                placed.append(found)
        return card.quantize(palette=_palette_image(colours), dither=Image.Dither.NONE), placed

    # The same pixels as palette indices.

    def draw(self, spec: CardSpec) -> tuple[Image.Image, list[Placed]]:
        """The card as a palette image, and where each text went."""
        layout = self.layout
        band = bool(spec.band) and spec.band in layout.statuses
        plan = self._plan(layout.drawn_kind(spec.kind), band, bool(spec.image_file))
        if plan is None:
            return self.draw_rgb(spec)
        status = spec.band if band else ""
        pictures = {index: self._picture(layer, spec) for index, layer in enumerate(plan.layers)
                    if isinstance(layer, ImageLayer)}
        extra = [value for found in pictures.values() if found for value in found[1]]
        colours = self.palette + extra
        texts = tuple(self.text_of(spec, layer)
                      if index in plan.static and isinstance(layer, TextLayer) else ""
                      for index, layer in enumerate(plan.layers))
        # A picture's colours join the palette, and may be nearer to a shade than the
        # layout's own entries: everything is mapped again. The partners' logos are the
        # same on every image, so that mapping is made once; an item's photo is its own.
        photo = any(found for index, found in pictures.items()
                    if found and plan.layers[index].source != LOGOS)
        if photo:
            tables = self._make_tables(tuple(colours))
            canvas, placed = self._make_base(plan, status, texts, tables)
        else:
            tables = self._tables(tuple(colours))
            canvas, placed = self._base(plan, status, texts, tuple(colours))
            canvas, placed = canvas.copy(), dict(placed)
        for index, layer in enumerate(plan.layers):
            if index in plan.static:
                continue
            if isinstance(layer, ImageLayer):
                if pictures[index] is None:
                    continue
                if layer.source == LOGOS:
                    indices = self._logo_indices(layer, spec.logo_files, tuple(colours))
                else:
                    indices = _indices(pictures[index][0], colours)
                canvas.paste(indices, (layer.box.x, layer.box.y))
            elif isinstance(layer, TextLayer):
                found, mask = self._drawn_text(layer, self.text_of(spec, layer))
                placed[index] = found
                if found.ink is None:
                    continue
                under = plan.under[index]
                if under is None:
                    # Its box reaches over a picture or a text: what counts is its ink.
                    under = self._flat_under(self._footprints(plan, index, placed, pictures),
                                             _box(found.ink))
                    if under is None:
                        return self.draw_rgb(spec)
                table = tables[layer.color, self._colour(under, status)]
                canvas.paste(mask.point(table), found.ink[:2])
        canvas.putpalette(colours)
        return canvas, [placed[index] for index in sorted(placed)]

    def _make_plan(self, kind: str, band: bool, image: bool) -> Plan | None:
        """None when a static text's box lies on more than one flat colour (over a
        rectangle's edge, another text or a picture) or a layer that differs from
        image to image lies under a later static one: then only draw_rgb gives the
        same pixels. A text that differs from image to image and whose box is not on
        one colour has None under it: `draw` looks at its ink."""
        layers = self.layout.layers_for(kind, band, image)
        static = frozenset(index for index, layer in enumerate(layers)
                           if isinstance(layer, RectLayer)
                           or isinstance(layer, TextLayer) and layer.field in REPEATED)
        under = tuple(self._flat_under([(e, e.box) for e in layers[:index]], layer.box)
                      if isinstance(layer, TextLayer) else "" for index, layer in enumerate(layers))
        if any(under[index] is None for index in static):
            return None
        for index, layer in enumerate(layers):
            if index not in static and any(
                    later in static and layers[later].box.overlaps(layer.box)
                    for later in range(index + 1, len(layers))):
                return None
        return Plan(layers, under, static)

    def _flat_under(self, earlier: list, box: Box) -> str | None:
        """The one colour under ``box`` after the ``earlier`` (layer, box it painted)
        pairs; None when there is not one."""
        for layer, painted in reversed(earlier):
            if painted is None or not painted.overlaps(box):
                continue
            if isinstance(layer, RectLayer) and painted.contains(box):
                return layer.color
            return None
        return self.layout.background

    @staticmethod
    def _footprints(plan: Plan, index: int, placed: dict, pictures: dict) -> list:
        """The layers before ``index`` and the box each really painted: a text its
        ink, a picture its box when it could be read."""
        found = []
        for earlier, layer in enumerate(plan.layers[:index]):
            painted = layer.box
            if isinstance(layer, TextLayer):
                ink = placed[earlier].ink
                painted = _box(ink) if ink else None
            elif isinstance(layer, ImageLayer) and pictures[earlier] is None:
                painted = None
            found.append((layer, painted))
        return found

    def _make_tables(self, colours: tuple[int, ...]) -> dict[tuple[str, str], list[int]]:
        """For each (text colour, flat colour under it): the palette entry of each of
        the 256 coverages, made as draw_rgb makes them (paste, then quantize);
        (flat, flat) gives a flat colour's own entry."""
        layout = self.layout
        flats = [layout.background, *(status.color for status in layout.statuses.values()),
                 *(layer.color for layer in layout.layers
                   if isinstance(layer, RectLayer) and layer.color != BAND)]
        inks = [layer.color for layer in layout.layers if isinstance(layer, TextLayer)]
        pairs = list(dict.fromkeys([(flat, flat) for flat in flats]
                                   + [(ink, flat) for ink in inks for flat in flats]))
        ramps = Image.new("RGB", (256, len(pairs)))
        coverage = Image.frombytes("L", (256, 1), bytes(range(256)))
        for row, (ink, under) in enumerate(pairs):
            ramps.paste(under, (0, row, 256, row + 1))
            ramps.paste(ink, (0, row, 256, row + 1), coverage)
        indices = _indices(ramps, list(colours)).tobytes()
        return {pair: list(indices[256 * row: 256 * (row + 1)])
                for row, pair in enumerate(pairs)}

    def _layout_base(self, plan: Plan, status: str, texts: tuple[str, ...],
                     colours: tuple[int, ...]):
        return self._make_base(plan, status, texts, self._tables(colours))

    def _mapped_logos(self, layer: ImageLayer, files: tuple[str, ...],
                      colours: tuple[int, ...]) -> Image.Image:
        return _indices(self._logos(layer, files)[0], list(colours))

    def _make_base(self, plan: Plan, status: str, texts: tuple[str, ...], tables: dict):
        """The static layers of ``plan`` as indices, and where their texts went
        (by layer position); ``texts`` are the static text layers' texts."""
        layout = self.layout
        background = tables[layout.background, layout.background][0]
        canvas = Image.new("L", (layout.width, layout.height), background)
        placed = {}
        for index, layer in enumerate(plan.layers):
            if index not in plan.static:
                continue
            if isinstance(layer, RectLayer):
                colour = layout.statuses[status].color if layer.color == BAND else layer.color
                box = layer.box
                canvas.paste(tables[colour, colour][0], (box.x, box.y, box.right, box.bottom))
            else:
                table = tables[layer.color, self._colour(plan.under[index], status)]
                placed[index] = self._paste_text(canvas, layer, texts[index], table)
        return canvas, placed

    def _colour(self, colour: str, status: str) -> str:
        return self.layout.statuses[status].color if colour == BAND else colour

    def _paste_text(self, canvas: Image.Image, layer: TextLayer, text: str,
                    table: list[int]) -> Placed:
        """Paste a text layer's indices: its mask through the table of its colour and
        the colour under it (coverage 0 maps to that colour: no mask needed)."""
        found, mask = self._drawn_text(layer, text)
        if found.ink is not None:
            canvas.paste(mask.point(table), found.ink[:2])
        return found

    # Texts and pictures, the same for both drawings.

    def _drawn_text(self, layer: TextLayer, text: str) -> tuple[Placed, Image.Image | None]:
        return (self._text if layer.field == UNIQUE else self._kept_text)(layer, text)

    def _text(self, layer: TextLayer, text: str) -> tuple[Placed, Image.Image | None]:
        """The layer's text fitted to its box, and its coverage over the inked part
        of the box (nothing is drawn outside the box)."""
        fitted = self.fit(layer, text)
        box = layer.box
        if not fitted.lines:
            return Placed(layer.field, box, fitted, None), None
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
            return Placed(layer.field, box, fitted, None), None
        drawn = (box.x + ink[0], box.y + ink[1], box.x + ink[2], box.y + ink[3])
        # Only the inked part of the mask is pasted: the same pixels, and a big
        # title box (a story's) with a short title costs no more than its ink.
        return Placed(layer.field, box, fitted, drawn), mask.crop(ink)

    def _picture(self, layer: ImageLayer, spec: CardSpec) -> tuple[Image.Image, list[int]] | None:
        """The item's picture cropped to fill the box, in at most `colors` colours (as
        RGB), and those colours ([r, g, b, ...]) for the card's palette."""
        box = layer.box
        if layer.source == LOGOS:
            return self._logos(layer, spec.logo_files) if spec.logo_files else None
        try:
            with Image.open(spec.image_file) as source:
                # A JPEG is decoded at the smallest scale (1/2, 1/4, 1/8) that still
                # covers the box, whichever way its EXIF turns it: a camera photo
                # then costs a fraction of a full decode and resize (a no-op for PNG).
                side = max(box.width, box.height)
                source.draft(None, (side, side))
                picture = ImageOps.exif_transpose(source).convert("RGB")
        except (OSError, ValueError):
            return None  # the content checks report a broken picture
        picture = ImageOps.fit(picture, (box.width, box.height), Image.Resampling.LANCZOS)
        picture = picture.quantize(colors=layer.colors, dither=Image.Dither.NONE)
        return picture.convert("RGB"), picture.getpalette()[: 3 * layer.colors]

    def _logo_plate(self, layer: ImageLayer, files: tuple[str, ...]
                    ) -> tuple[Image.Image, list[int]] | None:
        """The logos side by side on the layer's plate, each as tall as fits, rasterised
        from their SVG by resvg; in at most `colors` colours, as `_picture` gives them."""
        box = layer.box
        pad = max(8, box.height // 8)
        gap = 2 * pad
        height = box.height - 2 * pad
        sizes = [_svg_aspect(path) for path in files]
        natural = [round(height * aspect) for aspect in sizes]
        room = box.width - 2 * pad - gap * (len(files) - 1)
        scale = min(1.0, room / max(1, sum(natural)))
        plate = Image.new("RGB", (box.width, box.height), layer.plate)
        widths = [max(1, round(width * scale)) for width in natural]
        heights = [max(1, round(height * scale)) for _ in natural]
        x = (box.width - sum(widths) - gap * (len(files) - 1)) // 2
        for path, width, tall in zip(files, widths, heights, strict=True):
            try:
                data = svg_to_png(str(path), width, tall)
            except (OSError, ValueError):
                return None  # the content checks report a broken logo
            with Image.open(io.BytesIO(data)) as drawn:
                logo = drawn.convert("RGBA")
            plate.paste(logo, (x, (box.height - tall) // 2), logo)
            x += width + gap
        picture = plate.quantize(colors=layer.colors, dither=Image.Dither.NONE)
        return picture.convert("RGB"), picture.getpalette()[: 3 * layer.colors]


def _svg_aspect(path: str) -> float:
    """Width over height of an SVG file (`partners.model.svg_aspect`)."""
    try:
        return svg_aspect(Path(path).read_bytes())
    except OSError:
        return 1.0
