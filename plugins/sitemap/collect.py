"""Per language run: one record per written HTML page, read back from its own head.

The page declares its alternates in `<link rel="alternate" hreflang>`, so the
sitemap repeats exactly what the page says instead of recomputing it.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
from urllib.parse import urljoin, urlsplit

from i18n.files import RunRecords, read_written

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




def record_page(path: str, context: dict, reused: bool = False) -> None:
    """content_written handler: this page's record, for the run's fragment."""
    if not path.endswith(".html"):
        return
    output = context["OUTPUT_PATH"]
    rel = os.path.relpath(path, output)
    lastmod = _lastmod(context)
    previous, current = RECORDS.run(context)
    known = previous.get(rel) if reused else None
    if known is not None and known.get("lastmod") == lastmod:
        record = known.get("record")
    else:
        record = _read_record(path, output, context, lastmod)
    current[rel] = {"lastmod": lastmod, "record": record}


def restore_fragment(output: str, cache: str, lang: str) -> int:
    """A kept language's fragment, from the records its last run saved (the build
    driver keeps that run's pages as they are); returns the number of pages."""
    try:
        with open(RECORDS.path(cache, lang), encoding="utf-8") as handle:
            records = json.load(handle)
    except (OSError, ValueError) as exc:
        raise RuntimeError(f"sitemap: no records of the last {lang} run ({exc})") from exc
    return write_fragment(output, lang, records)


def write_fragment(output: str, lang: str, records: dict) -> int:
    """One line per indexable page of a run, for the sitemap step; returns the count."""
    lines = [json.dumps(entry["record"], ensure_ascii=False, sort_keys=True) + "\n"
             for _rel, entry in sorted(records.items()) if entry.get("record") is not None]
    folder = os.path.join(output, FRAGMENTS)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"{lang}.jsonl"), "w", encoding="utf-8") as fragment:
        fragment.writelines(lines)
    return len(lines)


#: Each language run's records by page. A reused page's record is the last run's,
#: unless its lastmod (from the item) moved; the run's fragment for this build's
#: sitemap is written once, at the end of the run, not page by page.
RECORDS = RunRecords("sitemap-records-{lang}.json", write_fragment)


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
    comment is not a tag. Read with two regular expressions: lxml took three
    times as long for these few tags, on every page a build writes.
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


def _read_record(path: str, output: str, context: dict, lastmod: str | None) -> dict | None:
    """The page's sitemap record from its own head; None for a noindex page."""
    tags = head_tags(read_written(path))
    robots = " ".join(attrs.get("content", "") for name, attrs in tags
                      if name == "meta" and attrs.get("name") == "robots").lower()
    if "noindex" in robots:
        return None
    url = page_url(output, path)
    site_url = context.get("PUBLIC_URL") or context.get("SITEURL", "")
    alternates = {}
    for name, attrs in tags:
        if name == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            target = _site_path(attrs.get("href", ""), url, site_url)
            if target is not None:
                alternates[attrs["hreflang"]] = target
    return {"loc": url, "lastmod": lastmod, "alternates": alternates}
