"""Helpers for reading built pages with a real HTML parser."""

from __future__ import annotations

import posixpath
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html


@cache
def parse(path: Path):
    return lxml.html.fromstring(path.read_bytes())


#: Written by the build but not pages of the site: the CMS admin (plugins/cms).
NOT_PAGES = ("admin",)


def html_pages(out: Path) -> list[Path]:
    """The site's pages: every HTML file but the CMS admin's."""
    return sorted(p for p in out.rglob("*.html")
                  if p.relative_to(out).parts[0] not in NOT_PAGES)


def page_url(out: Path, path: Path) -> str:
    """The site-relative URL a visitor uses for a built file ('/en/news/x/')."""
    rel = path.relative_to(out).as_posix()
    if rel.endswith("index.html"):
        rel = rel[: -len("index.html")]
    return "/" + rel


PUBLIC = "https://kramatorsk-platform.example.org"


def resolve(out: Path, page: Path, href: str) -> Path | None:
    """The built file a link from ``page`` points at (relative, root-relative or PUBLIC)."""
    if href.startswith(PUBLIC + "/"):
        href = href[len(PUBLIC):]
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    base = page_url(out, page)
    target = posixpath.normpath(urlsplit(urljoin(base, parts.path)).path)
    if parts.path.endswith("/") or target == "/":
        target = target.rstrip("/") + "/index.html"
    return out / target.lstrip("/")


def visible_texts(doc) -> set[str]:
    """Whole text nodes and accessible labels, stripped."""
    texts = {t.strip() for t in doc.xpath("//body//text()[not(ancestor::script)]")}
    texts |= {v.strip() for v in doc.xpath("//@aria-label | //@title | //@alt")}
    return {t for t in texts if t}


#: The site's own scripts, loaded from files (no page has an inline one).
OWN_SCRIPTS = ("theme/js/offline.js", "theme/js/search.js")


def foreign_scripts(doc) -> list:
    """The page's <script> elements other than structured data and the site's own files:
    what text written by an editor (or an attacker) would have added."""
    return [script for script in doc.xpath("//script[not(@type='application/ld+json')]")
            if not (script.get("src") or "").endswith(OWN_SCRIPTS) or script.text]
