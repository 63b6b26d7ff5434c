"""Image settings, read once, with their defaults beside them."""

from __future__ import annotations

from dataclasses import dataclass


class ImageSettingsError(ValueError):
    pass


@dataclass(frozen=True)
class ImageSettings:
    folder: str  # inside content/ and output/: images/
    widths: tuple[int, ...]  # responsive widths, ascending
    max_width: int  # the published "original" is re-encoded to at most this width
    sizes: str  # the `sizes` attribute: how wide an image is shown
    webp_quality: int
    jpeg_quality: int
    eager: int  # the first N content images of a page load eagerly (above the fold)
    #: A picture with more pixels is refused by the content checks: a 48-megapixel
    #: phone photo passes, a decompression bomb (a small file that decodes to
    #: gigabytes) does not.
    max_pixels: int = 50_000_000


def read_image_settings(settings: dict) -> ImageSettings:
    widths = tuple(sorted(settings.get("IMAGE_WIDTHS", (480, 960, 1600))))
    if not widths or any(not isinstance(w, int) or w < 16 for w in widths):
        raise ImageSettingsError(
            f"IMAGE_WIDTHS: {widths!r}; write whole pixel widths such as (480, 960, 1600)")
    quality = settings.get("IMAGE_QUALITY", {"webp": 72, "jpeg": 78})
    return ImageSettings(
        folder=settings.get("IMAGE_FOLDER", "images").strip("/"),
        widths=widths,
        max_width=int(settings.get("IMAGE_MAX_WIDTH", widths[-1])),
        sizes=settings.get("IMAGE_SIZES", "(min-width: 46rem) 44rem, calc(100vw - 2rem)"),
        webp_quality=int(quality.get("webp", 72)),
        jpeg_quality=int(quality.get("jpeg", 78)),
        eager=int(settings.get("IMAGE_EAGER", 1)),
        max_pixels=int(settings.get("IMAGE_MAX_PIXELS", 50_000_000)),
    )
