"""The app icons of the web manifest, drawn with Pillow from the platform's logo.

The logo is the theme's favicon: an SVG of one rounded square and one path of
straight lines (the letter). Pillow does not read SVG, so this module reads
those two shapes and draws them; a logo with other shapes is refused with a
message, never drawn wrong.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree
from PIL import Image, ImageDraw

from common.files import write_atomic

SVG = "{http://www.w3.org/2000/svg}"
#: Drawn this many times larger, then scaled down: smooth edges with Pillow's public API.
SUPERSAMPLE = 4
#: The letter of a maskable icon fills this share of its side: launchers crop it to
#: a circle of 80% (the maskable safe zone), whose inner square is 56%.
MASKABLE_CONTENT = 0.56
_TOKEN = re.compile(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)")


class LogoError(ValueError):
    """The logo cannot be drawn; the message names the file and what to change."""


@dataclass(frozen=True)
class Logo:
    size: float  # the side of the SVG's square viewBox
    background: str
    radius: float
    letter: str
    points: tuple[tuple[float, float], ...]


def _polygon(path: Path, d: str) -> tuple[tuple[float, float], ...]:
    """The points of a path of straight lines (M, L, H, V, Z, absolute or relative)."""
    points: list[tuple[float, float]] = []
    x = y = 0.0
    command = ""
    tokens = _TOKEN.findall(d)
    i = 0
    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
            if command in "Zz":
                continue
        relative = command.islower()
        kind = command.upper()
        if not kind or kind not in "MLHV":
            raise LogoError(f"{path}: path d: {command or tokens[i]!r} is not a straight "
                            "line; the icons are drawn from M, L, H, V and Z only")
        try:
            if kind in "ML":
                dx, dy = float(tokens[i]), float(tokens[i + 1])
                i += 2
                x, y = (x + dx, y + dy) if relative else (dx, dy)
            elif kind == "H":
                x = x + float(tokens[i]) if relative else float(tokens[i])
                i += 1
            else:
                y = y + float(tokens[i]) if relative else float(tokens[i])
                i += 1
        except (IndexError, ValueError):
            raise LogoError(f"{path}: path d: {d!r} is not a path Pillow can draw") from None
        points.append((x, y))
    if len(points) < 3:
        raise LogoError(f"{path}: path d: {d!r} has fewer than three points")
    return tuple(points)


def read_logo(path: Path) -> Logo:
    try:
        root = ElementTree.fromstring(path.read_bytes())
    except (OSError, ElementTree.ParseError) as exc:
        raise LogoError(f"{path}: cannot read the logo: {exc}") from None
    box = (root.get("viewBox") or "").split()
    rect = root.find(f"{SVG}rect")
    shape = root.find(f"{SVG}path")
    if len(box) != 4 or box[2] != box[3] or rect is None or shape is None:
        raise LogoError(f"{path}: the icons need a square viewBox, one <rect> (the "
                        "background) and one <path> (the letter)")
    return Logo(size=float(box[2]), background=rect.get("fill", "#000000"),
                radius=float(rect.get("rx", "0")), letter=shape.get("fill", "#ffffff"),
                points=_polygon(path, shape.get("d", "")))


def draw_icon(logo: Logo, size: int, *, maskable: bool = False) -> bytes:
    """A square PNG of ``size`` pixels: the logo as it is, or, maskable, its letter
    inside the safe zone on a background that fills the whole square."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        pen.rectangle((0, 0, big - 1, big - 1), fill=logo.background)
        xs = [x for x, _y in logo.points]
        ys = [y for _x, y in logo.points]
        scale = big * MASKABLE_CONTENT / max(max(xs) - min(xs), max(ys) - min(ys))
        offset_x = big / 2 - (min(xs) + max(xs)) / 2 * scale
        offset_y = big / 2 - (min(ys) + max(ys)) / 2 * scale
    else:
        scale = big / logo.size
        offset_x = offset_y = 0.0
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=round(logo.radius * scale),
                              fill=logo.background)
    pen.polygon([(offset_x + x * scale, offset_y + y * scale) for x, y in logo.points],
                fill=logo.letter)
    image = image.resize((size, size), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


#: (file name, side, maskable) of every icon the manifest lists.
ICONS = (("icon-192.png", 192, False), ("icon-512.png", 512, False),
         ("icon-maskable-512.png", 512, True))


def write_icons(logo_path: Path, folder: Path, cache: Path) -> list[Path]:
    """The icons into ``folder``. Drawn once per logo: the build's cache keeps them
    under the digest of the logo's bytes (the cache folder changes with this code)."""
    data = logo_path.read_bytes()
    kept = cache / hashlib.sha256(data).hexdigest()[:16]
    if not all((kept / name).is_file() for name, _size, _maskable in ICONS):
        logo = read_logo(logo_path)
        for name, size, maskable in ICONS:
            write_atomic(kept / name, draw_icon(logo, size, maskable=maskable))
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, _size, _maskable in ICONS:
        shutil.copyfile(kept / name, folder / name)
        written.append(folder / name)
    return written
