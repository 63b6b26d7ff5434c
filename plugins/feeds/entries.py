"""What a feed item says: permalink, dates, full content with absolute URLs."""

from __future__ import annotations

import mimetypes
import os
from dataclasses import dataclass
from datetime import datetime

import lxml.html
from lxml.etree import ParserError


@dataclass(frozen=True)
class Enclosure:
    url: str
    length: int
    type: str


@dataclass(frozen=True)
class FeedEntry:
    link: str
    title: str
    published: datetime
    updated: datetime
    summary: str
    content: str
    categories: tuple[str, ...]
    author: str | None
    enclosure: Enclosure | None


def absolute_html(html: str, base_url: str) -> str:
    """Every href/src inside ``html`` made absolute against ``base_url``."""
    if not html or not html.strip():
        return html or ""
    try:
        fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    except ParserError:
        return html
    fragment.make_links_absolute(base_url, resolve_base_href=False)
    return lxml.html.tostring(fragment, encoding="unicode")[len("<div>"):-len("</div>")]


def enclosure_for(output_path: str, public_url: str, relative_url: str | None):
    """The file's true size and type, or None when it was not written."""
    if not relative_url:
        return None
    path = os.path.join(output_path, relative_url)
    if not os.path.isfile(path):
        return None
    kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return Enclosure(f"{public_url}/{relative_url}", os.path.getsize(path), kind)
