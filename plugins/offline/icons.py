"""The app icons of the web manifest, rasterised by resvg from the platform's logo.

The logo is the theme's favicon: an SVG whose first ``<rect>`` is its background
(a rounded square). The maskable icon is the same logo on that background's
colour across the whole square: launchers crop it to a circle of 80% of the
side, which the logo's letter stays inside.
"""

from __future__ import annotations

import hashlib
import shutil
from importlib.metadata import version
from pathlib import Path

from defusedxml import ElementTree

from common.files import write_atomic
from common.svg import svg_to_png

SVG = "{http://www.w3.org/2000/svg}"

#: (file name, side, maskable) of every icon the manifest lists.
ICONS = (("icon-192.png", 192, False), ("icon-512.png", 512, False),
         ("icon-maskable-512.png", 512, True))


class LogoError(ValueError):
    """The logo cannot be drawn; the message names the file and what to change."""


def background(path: Path) -> str:
    """The fill of the logo's first ``<rect>``: the maskable icon's background."""
    try:
        root = ElementTree.fromstring(path.read_bytes())
    except (OSError, ElementTree.ParseError) as exc:
        raise LogoError(f"{path}: cannot read the logo: {exc}") from None
    rect = root.find(f".//{SVG}rect")
    if rect is None or not rect.get("fill"):
        raise LogoError(f"{path}: the maskable icon needs the logo's background as its "
                        "first <rect>, with a fill")
    return rect.get("fill")


def draw_icon(path: Path, size: int, fill: str | None = None) -> bytes:
    """A square PNG of ``size`` pixels of the logo, on ``fill`` if given (a CSS colour)."""
    try:
        return svg_to_png(str(path), size, size, fill)
    except (OSError, ValueError) as exc:
        raise LogoError(f"{path}: resvg cannot draw the logo: {exc}") from None


def write_icons(logo_path: Path, folder: Path, cache: Path) -> list[Path]:
    """The icons into ``folder``. Drawn once per logo and resvg version: the build's
    cache keeps them under the digest of both (the cache folder changes with this code)."""
    key = logo_path.read_bytes() + version("resvg-py").encode()
    kept = cache / hashlib.sha256(key).hexdigest()[:16]
    if not all((kept / name).is_file() for name, _size, _maskable in ICONS):
        fill = background(logo_path)
        for name, size, maskable in ICONS:
            write_atomic(kept / name, draw_icon(logo_path, size, fill if maskable else None))
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, _size, _maskable in ICONS:
        shutil.copyfile(kept / name, folder / name)
        written.append(folder / name)
    return written
