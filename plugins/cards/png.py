"""A palette image as PNG bytes, deflated by zlib-ng.

Why not `Image.save(..., "PNG")`: Pillow deflates with the system zlib, and
deflating a card's colour indexes is most of the time a card takes; zlib-ng
makes the very same RLE stream (same size) in a fraction of it. The container
around it is four chunks of the PNG specification: IHDR, PLTE, one IDAT and
IEND, with every scanline's filter byte 0 (None), as Pillow writes a palette
image. Any PNG reader decodes it; the tests decode it with Pillow and compare
every index and the palette.
"""

from __future__ import annotations

import struct
import zlib

from PIL import Image
from zlib_ng import zlib_ng

SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: Part of each card's cache digest: another deflate library makes other bytes.
ENCODER = f"zlib-ng-{zlib_ng.ZLIBNG_VERSION}"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind))))


def palette_png(image: Image.Image, palette: list[int], *, level: int, strategy: int) -> bytes:
    """PNG bytes of ``image`` (mode L or P: one colour index per pixel) with ``palette``
    ([r, g, b, ...], at most 256 colours)."""
    if image.mode not in ("L", "P"):
        raise ValueError(f"cards: a palette PNG needs 8-bit indexes, not mode {image.mode}")
    width, height = image.size
    # One more column, on the left and 0: each scanline starts with its filter type.
    # (Pasting into an image of the same mode copies the indexes as they are.)
    rows = Image.new(image.mode, (width + 1, height), 0)
    rows.paste(image, (1, 0))
    return scanlines_png(rows, palette, level=level, strategy=strategy)


def scanlines_png(rows: Image.Image, palette: list[int], *, level: int, strategy: int) -> bytes:
    """PNG bytes of ``rows``: an L or P image whose first column is 0 (each scanline's
    filter byte, None) and whose other columns are the picture's colour indexes."""
    if rows.mode not in ("L", "P"):
        raise ValueError(f"cards: a palette PNG needs 8-bit indexes, not mode {rows.mode}")
    if not 3 <= len(palette) <= 768 or len(palette) % 3:
        raise ValueError(f"cards: a palette of {len(palette)} values is not 1 to 256 colours")
    width, height = rows.width - 1, rows.height
    deflate = zlib_ng.compressobj(level, zlib_ng.DEFLATED, 15, 9, strategy)
    data = b"".join([*map(deflate.compress, _raw_chunks(rows)), deflate.flush()])
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)
    return b"".join((SIGNATURE, _chunk(b"IHDR", header), _chunk(b"PLTE", bytes(palette)),
                     _chunk(b"IDAT", data), _chunk(b"IEND", b"")))


def _raw_chunks(image: Image.Image):
    """The image's bytes, as `Image.tobytes` makes them, chunk by chunk.

    tobytes encodes 64 KB chunks and joins them into one new bytes object the
    size of the card; deflate takes them as they come, with the same output.
    Without Pillow's encoder hook (another version): tobytes itself.
    """
    make = getattr(Image, "_getencoder", None)
    if make is None:
        yield image.tobytes()
        return
    image.load()
    encoder = make(image.mode, "raw", image.mode)
    try:
        encoder.setimage(image.im, (0, 0, *image.size))
        size = max(65536, image.size[0] * 4)  # as tobytes asks
        while True:
            _consumed, status, data = encoder.encode(size)
            yield data
            if status:
                if status < 0:
                    raise RuntimeError(f"cards: raw encoder error {status}")
                return
    finally:
        encoder.cleanup()
