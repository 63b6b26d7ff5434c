"""The content checks of pictures: every picture the pipeline would read is readable,
whole, in a format it takes, and not too large, before anything is written.

Only headers and the file's structure are read, never the pixels: a check must
not cost what drawing the derivatives costs, nor be the decompression bomb it
guards against.
"""

from __future__ import annotations

import mmap
import warnings
from collections.abc import Iterable
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from checks.problems import Problem
from checks.rules import picture_references
from common.slugs import source_label

from .config import ImageSettingsError, read_image_settings
from .process import RASTER

#: Served as they are, without derivatives (rewrite.py leaves them alone).
AS_THEY_ARE = (".svg", ".gif")
#: What Pillow may call a file of each suffix: phones write JPEGs Pillow reads as MPO.
FORMATS = {".jpg": ("JPEG", "MPO"), ".jpeg": ("JPEG", "MPO"), ".png": ("PNG",),
           ".webp": ("WEBP",)}


def picture_problem(path: Path, max_pixels: int) -> str | None:
    """What is wrong with a picture file for the site, or None."""
    suffix = path.suffix.lower()
    if suffix in AS_THEY_ARE:
        return None
    if suffix not in RASTER:
        return (f"{suffix or 'a file without a suffix'} is not a picture format the site "
                "takes; save it as JPEG, PNG or WebP")
    header = _header(path, max_pixels)
    if isinstance(header, str):
        return header
    width, height, found = header
    if width * height > max_pixels:
        return (f"is {width}x{height} pixels, more than {max_pixels // 1_000_000} "
                "megapixels (IMAGE_MAX_PIXELS); make it smaller")
    if found not in FORMATS[suffix]:
        return f"is a {found} file named {suffix}; save it as {RASTER[suffix]}"
    return None if _whole(path, found) else (
        "is cut short (the file ends before the picture does); copy or export it again")


def _header(path: Path, max_pixels: int) -> tuple[int, int, str] | str:
    """(width, height, Pillow's format) from the header only, or what is wrong."""
    try:
        with warnings.catch_warnings():
            # Pillow warns of a large picture; our limit is lower and says so itself.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                return (*image.size, image.format)
    except Image.DecompressionBombError:
        return f"has more than {max_pixels // 1_000_000} megapixels; make it smaller"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        return f"cannot be read as a picture ({exc}); export it again as JPEG or PNG"


def _whole(path: Path, found: str) -> bool:
    """Whether the file holds the whole picture, from its structure alone."""
    if found == "PNG":
        try:
            # Reads the chunks up to IEND and checks their checksums, not the pixels.
            with Image.open(path) as image:
                image.verify()
        except Exception:  # noqa: BLE001 - Pillow's verify raises many kinds for one cause
            return False
        return True
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0,
                                              access=mmap.ACCESS_READ) as data:
        if found == "WEBP":
            # RIFF: the size of what follows the first 8 bytes.
            return len(data) >= 8 + int.from_bytes(data[4:8], "little")
        return _jpeg_whole(data)


def _jpeg_whole(data) -> bool:
    """A JPEG's scan data ends with the EOI marker (FF D9), which cannot occur inside
    it; the segments before the first scan (EXIF and its thumbnail) are skipped by
    their lengths. Phones may write data after EOI, so the end of the file is not
    enough."""
    if data[-2:] == b"\xff\xd9":
        return True
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return False
        marker = data[at + 1]
        if marker == 0xDA:  # start of scan
            return data.find(b"\xff\xd9", at) != -1
        at += 2 + int.from_bytes(data[at + 2:at + 4], "big")
    return False


def picture_rules(sources, ctx) -> Iterable[Problem]:
    """Every picture a source shows, and every one the images step will process."""
    try:
        conf = read_image_settings(ctx.settings)
    except ImageSettingsError as exc:
        yield Problem("pelicanconf.py", 1, "images", str(exc))
        return
    verdicts: dict[Path, str | None] = {}

    def verdict(path: Path) -> str | None:
        if path not in verdicts:
            verdicts[path] = picture_problem(path, conf.max_pixels)
        return verdicts[path]

    shown = set()
    for source in sources:
        for line, field, written, path in picture_references(source, ctx.content_root):
            if not path.is_file():
                continue  # link_rules says it does not exist
            shown.add(path.resolve())
            why = verdict(path.resolve())
            if why:
                yield Problem(source.label, line, field, f"{written} {why}")
    # The images step draws every raster file of the folder, shown or not.
    folder = ctx.content_root / conf.folder
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix.lower() in RASTER and path.resolve() not in shown:
                why = verdict(path.resolve())
                if why:
                    yield Problem(source_label(path), 1, "image", f"this picture {why}")


content_rules = (picture_rules,)
