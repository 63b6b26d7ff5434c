"""Turn each content `<img>` of a written page into a responsive `<picture>`.

Runs on the page as written, so the image URLs are already right for that
page (relative in development, absolute in production) and only the file
name changes.
"""

from __future__ import annotations

import html
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .config import ImageSettings
from .process import RASTER, ImageInfo, plan

_IMG = re.compile(rb"<img\b[^>]*>", re.IGNORECASE)
_PICTURE = re.compile(rb"<picture\b.*?</picture>", re.IGNORECASE | re.DOTALL)


class _Attrs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag, attrs):
        self.attrs = dict(attrs)

    handle_startendtag = handle_starttag


def parse_img(tag: str) -> dict[str, str | None]:
    parser = _Attrs()
    parser.feed(tag)
    return parser.attrs


def _attr(name: str, value) -> str:
    return f' {name}="{html.escape(str(value), quote=True)}"'


class PageImages:
    """Resolves an `<img src>` of a page to the content image it shows."""

    def __init__(self, output: Path, content: Path, conf: ImageSettings, public_url: str = ""):
        self.output = output
        self.content = content
        self.conf = conf
        self.public_url = public_url.rstrip("/")
        self._plans: dict[Path, ImageInfo | None] = {}

    def source_for(self, page: Path, src: str) -> Path | None:
        if self.public_url and src.startswith(self.public_url + "/"):
            src = src[len(self.public_url):]
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or not parts.path:
            return None
        page_dir = "/" + page.parent.relative_to(self.output).as_posix()
        path = unquote(parts.path)
        site_path = posixpath.normpath(path if path.startswith("/")
                                       else posixpath.join(page_dir, path)).lstrip("/")
        if not site_path.startswith(self.conf.folder + "/"):
            return None
        source = self.content / site_path
        return source if source.is_file() else None

    def info(self, source: Path) -> ImageInfo | None:
        if source not in self._plans:
            self._plans[source] = (plan(source, self.conf)
                                   if source.suffix.lower() in RASTER else None)
        return self._plans[source]

    def rewrite(self, page: Path, data: bytes) -> bytes:
        if b"<img" not in data:
            return data
        # Images an editor already wrapped in <picture> are left alone.
        protected = [m.span() for m in _PICTURE.finditer(data)]
        counter = {"n": 0}

        def replace(match: re.Match) -> bytes:
            if any(a <= match.start() < b for a, b in protected):
                return match.group(0)
            tag = match.group(0).decode("utf-8")
            attrs = parse_img(tag)
            src = attrs.get("src") or ""
            source = self.source_for(page, src)
            if source is None or "srcset" in attrs:
                return match.group(0)
            counter["n"] += 1
            eager = counter["n"] <= self.conf.eager
            return self._picture(src, source, attrs, eager).encode("utf-8")

        return _IMG.sub(replace, data)

    def _picture(self, src: str, source: Path, attrs: dict, eager: bool) -> str:
        base = src[: len(src) - len(src.rsplit("/", 1)[-1])]
        info = self.info(source)
        keep = {k: v for k, v in attrs.items()
                if k not in ("src", "srcset", "sizes", "data-sizes", "width", "height", "loading",
                             "decoding")}
        loading = "eager" if eager else "lazy"
        if info is None:  # SVG and other vector images: served as they are
            # The page's own width and height stay: nothing here knows better, and
            # without them the image has no box until it loads.
            box = {k: attrs[k] for k in ("width", "height") if attrs.get(k) is not None}
            extra = "".join(_attr(k, v) for k, v in {**keep, **box}.items() if v is not None)
            return (f'<img src="{html.escape(src)}"{extra} loading="{loading}" '
                    'decoding="async">')
        webp = ", ".join(f"{base}{v.webp} {v.width}w" for v in info.variants)
        fallback = ", ".join(f"{base}{v.fallback} {v.width}w" for v in info.variants)
        default = info.variants[min(1, len(info.variants) - 1)]
        extra = "".join(_attr(k, v) for k, v in keep.items() if v is not None)
        # A template that shows the image small (a thumbnail) says how small in
        # `data-sizes` (a bare `sizes` without `srcset` would be invalid HTML).
        sizes = attrs.get("data-sizes") or self.conf.sizes
        return (f'<picture><source type="image/webp"{_attr("srcset", webp)}'
                f'{_attr("sizes", sizes)}>'
                f'<img src="{html.escape(base + default.fallback)}"{_attr("srcset", fallback)}'
                f'{_attr("sizes", sizes)}{extra}'
                f' width="{info.width}" height="{info.height}" loading="{loading}"'
                f' decoding="async"></picture>')
