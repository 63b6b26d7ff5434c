"""Per language run: one record per written HTML page, read back from its own head.

The page declares its alternates in `<link rel="alternate" hreflang>`, so the
sitemap repeats exactly what the page says instead of recomputing it.
"""

from __future__ import annotations

import json
import os
import posixpath
from urllib.parse import urljoin, urlsplit

import lxml.html

FRAGMENTS = ".sitemap-fragments"


def page_url(output_path: str, path: str) -> str:
    """'/en/news/x/' for <output>/en/news/x/index.html."""
    rel = os.path.relpath(path, output_path).replace(os.sep, "/")
    if rel == "index.html" or rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    return "/" + rel


def _site_path(href: str, page: str, site_url: str) -> str | None:
    """An href from ``page`` as a site-root path, or None when it leaves the site."""
    if site_url.startswith(("http://", "https://")) and href.startswith(site_url):
        href = href[len(site_url):] or "/"
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    joined = urljoin(page, parts.path)
    normal = posixpath.normpath(joined)
    return normal + "/" if joined.endswith("/") and normal != "/" else normal


def _lastmod(context: dict) -> str | None:
    for name in ("article", "page", "event", "course"):
        item = context.get(name)
        if item is not None and hasattr(item, "date"):
            return (getattr(item, "modified", None) or item.date).isoformat()
    return None


def record_page(path: str, context: dict) -> None:
    """content_written handler: append this page's record to the run's fragment."""
    if not path.endswith(".html"):
        return
    output = context["OUTPUT_PATH"]
    with open(path, "rb") as handle:
        head = handle.read().split(b"</head>", 1)[0] + b"</head><body></body></html>"
    doc = lxml.html.fromstring(head)
    robots = " ".join(doc.xpath("//meta[@name='robots']/@content")).lower()
    if "noindex" in robots:
        return
    url = page_url(output, path)
    site_url = context.get("PUBLIC_URL") or context.get("SITEURL", "")
    alternates = {}
    for link in doc.xpath("//link[@rel='alternate'][@hreflang]"):
        target = _site_path(link.get("href", ""), url, site_url)
        if target is not None:
            alternates[link.get("hreflang")] = target
    record = {"loc": url, "lastmod": _lastmod(context), "alternates": alternates}
    folder = os.path.join(output, FRAGMENTS)
    os.makedirs(folder, exist_ok=True)
    lang = context.get("LANG") or context.get("DEFAULT_LANG")
    with open(os.path.join(folder, f"{lang}.jsonl"), "a", encoding="utf-8") as fragment:
        fragment.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
