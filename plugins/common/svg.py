"""SVG pictures rasterised by resvg (resvg-py), for the cards' logos and the app icons."""

from __future__ import annotations


def svg_to_png(path: str, width: int, height: int, background: str | None = None) -> bytes:
    """The SVG at ``path`` as a PNG of ``width`` x ``height`` pixels, on ``background``
    (a CSS colour) or transparent. Raises OSError or ValueError for a file resvg
    cannot read or draw. Text is drawn with no system font: the same on every machine."""
    import resvg_py  # a native module: loaded only by the processes that draw

    return bytes(resvg_py.svg_to_bytes(svg_path=path, width=width, height=height,
                                       background=background, skip_system_fonts=True))
