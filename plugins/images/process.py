"""Derivatives: orientation applied, metadata dropped, a few widths, WebP + JPEG/PNG.

Every output is a pure function of (source bytes, settings), cached by that hash,
so an image is processed once per change and rebuilds are byte-identical.
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageOps

from .config import ImageSettings

RASTER = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
VERSION = "1"  # bump when the processing below changes


class PictureError(Exception):
    """A picture could not be processed; the message names the file (picklable: it
    crosses from a drawing process to the build)."""


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    webp: str  # file name, next to the source in the output
    fallback: str  # JPEG or PNG (transparency kept)


@dataclass(frozen=True)
class ImageInfo:
    width: int  # of the published full-size image, orientation applied
    height: int
    fallback_format: str
    variants: tuple[Variant, ...]


def oriented_size(path: Path) -> tuple[int, int]:
    """Width and height as shown (EXIF orientation applied), reading only the header."""
    with Image.open(path) as image:
        width, height = image.size
        orientation = image.getexif().get(0x0112, 1)
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def plan(path: Path, conf: ImageSettings) -> ImageInfo:
    """Which files an image becomes; needs only its header."""
    width, height = oriented_size(path)
    with Image.open(path) as image:
        transparent = image.mode in ("RGBA", "LA", "PA") or (
            image.mode == "P" and "transparency" in image.info)
    fallback_format = "PNG" if transparent else "JPEG"
    full = min(width, conf.max_width)
    targets = sorted({w for w in conf.widths if w < full} | {full})
    stem = path.stem
    ext = ".png" if fallback_format == "PNG" else ".jpg"
    variants = tuple(
        Variant(w, max(1, round(height * w / width)), f"{stem}-{w}.webp", f"{stem}-{w}{ext}")
        for w in targets)
    return ImageInfo(full, max(1, round(height * full / width)), fallback_format, variants)


def _encode(image: Image.Image, fmt: str, conf: ImageSettings) -> bytes:
    buffer = io.BytesIO()
    if fmt == "WEBP":
        image.save(buffer, "WEBP", quality=conf.webp_quality, method=4, exif=b"", icc_profile=None)
    elif fmt == "PNG":
        image.save(buffer, "PNG", optimize=True)
    else:
        image.convert("RGB").save(buffer, "JPEG", quality=conf.jpeg_quality, optimize=True,
                                  progressive=True, exif=b"")
    return buffer.getvalue()


def _render(source: Path, info: ImageInfo, conf: ImageSettings) -> dict[str, bytes]:
    """All derivative files of one image, plus the stripped full-size replacement."""
    with Image.open(source) as opened:
        image = ImageOps.exif_transpose(opened)
        image.load()
    # Drop every piece of metadata: a fresh image holds only the pixels.
    mode = "RGBA" if info.fallback_format == "PNG" else "RGB"
    pixels = image.convert(mode)
    files = {}
    for variant in info.variants:
        resized = pixels if variant.width == pixels.width else pixels.resize(
            (variant.width, variant.height), Image.Resampling.LANCZOS)
        files[variant.webp] = _encode(resized, "WEBP", conf)
        files[variant.fallback] = _encode(resized, info.fallback_format, conf)
    # The original's own name is published too (links to it keep working), but
    # re-encoded: no EXIF, no GPS, at most max_width wide.
    largest = info.variants[-1]
    full = pixels if largest.width == pixels.width else pixels.resize(
        (largest.width, largest.height), Image.Resampling.LANCZOS)
    files[source.name] = _encode(full, RASTER.get(source.suffix.lower(), "JPEG"), conf)
    return files


def cache_key(source: Path, conf: ImageSettings) -> str:
    digest = hashlib.sha256(VERSION.encode())
    digest.update(json.dumps(asdict(conf), sort_keys=True).encode())
    digest.update(source.read_bytes())
    return digest.hexdigest()[:24]


def _process_one(job) -> tuple[str, int]:
    source, out_dir, cache_dir, conf = job
    key = cache_key(source, conf)
    entry = cache_dir / key
    made = 0
    if not entry.is_dir():
        try:
            files = _render(source, plan(source, conf), conf)
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
            # The content checks refuse such a file first; this keeps a message
            # instead of a traceback if one gets past them (a file changed meanwhile).
            raise PictureError(f"{source}: image: cannot be processed ({exc})") from None
        tmp = cache_dir / f".{key}.tmp-{os.getpid()}"
        tmp.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        try:
            tmp.rename(entry)
        except OSError:  # another process finished first; its files are identical
            shutil.rmtree(tmp, ignore_errors=True)
        made = 1
    out_dir.mkdir(parents=True, exist_ok=True)
    for cached in entry.iterdir():
        target = out_dir / cached.name
        # Never write through a link into content/: replace the file, not its contents.
        target.unlink(missing_ok=True)
        shutil.copyfile(cached, target)
    return str(source), made


def process_all(sources: list[tuple[Path, Path]], cache_dir: Path, conf: ImageSettings,
                jobs: int = 2) -> int:
    """(source, output folder) pairs; returns how many images were (re)drawn."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    work = [(src, out, cache_dir, conf) for src, out in sources]
    missing = [job for job in work if not (cache_dir / cache_key(job[0], conf)).is_dir()]
    if jobs > 1 and len(missing) > 1:
        # Drawn in fresh processes ("spawn"): this runs beside other post-build
        # threads, and forking a threaded process can deadlock.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            list(pool.map(_process_one, missing))
    else:
        for job in missing:
            _process_one(job)
    for job in work:
        _process_one(job)  # cached now: only copies into the output
    return len(missing)
