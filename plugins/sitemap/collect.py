"""One record per HTML page of the finished tree, read from the page's own head.

The page declares its alternates in `<link rel="alternate" hreflang>` and its
dates in `article:published_time` / `article:modified_time`, so the sitemap
repeats exactly what the page says instead of recomputing it.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

#: The head tags that date a page; the first is its last change when present.
DATES = ("article:modified_time", "article:published_time")


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


def read_records(output: Path, site_url: str) -> list[dict]:
    """The record of every indexable page under ``output``, sorted by address."""
    records = {}
    for folder, dirs, files in os.walk(output):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                with open(path, "rb") as handle:
                    record = read_record(handle.read(), page_url(str(output), path), site_url)
                if record is not None:
                    records[record["loc"]] = record
    return [records[loc] for loc in sorted(records)]


#: What a head holds besides its tags: scripts (JSON-LD), styles and comments.
_NOT_TAGS = re.compile(rb"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->",
                       re.IGNORECASE | re.DOTALL)
#: The tags a record reads: <meta> (robots) and <link> (alternates), and what is in them.
_HEAD_TAGS = re.compile(rb"<(meta|link)\b([^>]*)>", re.IGNORECASE)
#: One attribute of a tag, as the HTML tokenizer reads it: a name, then a value in
#: double quotes, single quotes, none, or nothing at all.
_ATTRIBUTE = re.compile(rb"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?""")


def head_tags(page: bytes) -> list[tuple[str, dict[str, str]]]:
    """The <meta> and <link> tags of a page's head: (name, attributes) in page order.

    Names are lower-cased and values unescaped, as an HTML parser gives them (the
    first of a repeated attribute counts); what is inside a script, a style or a
    comment is not a tag. Two regular expressions suffice for these few tags;
    a whole-page parser would read every page's body too.
    """
    head = page.split(b"</head>", 1)[0]
    tags = []
    for name, inside in _HEAD_TAGS.findall(_NOT_TAGS.sub(b"", head)):
        attributes: dict[str, str] = {}
        for raw, double, single, bare in _ATTRIBUTE.findall(inside):
            key = raw.decode("utf-8", "replace").lower()
            if key not in attributes:
                value = (double or single or bare).decode("utf-8", "replace")
                attributes[key] = html.unescape(value)
        tags.append((name.decode("ascii").lower(), attributes))
    return tags


def read_record(page: bytes, url: str, site_url: str) -> dict | None:
    """The page's sitemap record from its own head; None for a noindex page."""
    tags = head_tags(page)
    robots = " ".join(attrs.get("content", "") for name, attrs in tags
                      if name == "meta" and attrs.get("name") == "robots").lower()
    if "noindex" in robots:
        return None
    alternates, dates = {}, {}
    for name, attrs in tags:
        if name == "meta" and attrs.get("property") in DATES:
            dates.setdefault(attrs["property"], attrs.get("content"))
        if name == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            target = _site_path(attrs.get("href", ""), url, site_url)
            if target is not None:
                alternates[attrs["hreflang"]] = target
    lastmod = dates.get("article:modified_time") or dates.get("article:published_time")
    return {"loc": url, "lastmod": lastmod, "alternates": alternates}
