"""Text helpers every plugin shares: plain text out of HTML, site paths out of links,
and a 'template' for files that are not Jinja pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markupsafe import Markup

#: What Pelican replaces in a link to content (`{static}/images/x.jpg`).
LINK_MARKERS = ("{static}", "{attach}", "{filename}")


def without_link_markers(value) -> str:
    """`{static}/images/x.jpg` -> `/images/x.jpg`."""
    value = str(value or "")
    for marker in LINK_MARKERS:
        value = value.replace(marker, "")
    return value.strip()


def site_path(value) -> str:
    """`{static}/images/x.jpg` (an `Image:` field) -> `images/x.jpg`, its path in the site."""
    return without_link_markers(value).lstrip("/")


def one_line(value) -> str:
    """The text of a value, on one line (titles, descriptions, feed summaries).

    Markup (a rendered block, a summary marked safe) loses its tags and
    entities; anything else is already text: metadata such as a title is shown
    as written, the way the autoescaped templates show it.
    """
    if value is None:
        return ""
    text = value.striptags() if isinstance(value, Markup) else str(value)
    return " ".join(text.split())


class _TextExtractor(HTMLParser):
    _BLOCKS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4",
                         "h5", "h6", "blockquote", "pre", "table", "tr"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self._BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag):
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(re.sub(r"\s+", " ", data))


def paragraphs(html: str | None) -> str:
    """HTML as plain text, paragraphs kept apart (for calendars, which show no HTML)."""
    if not html:
        return ""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    text, blank = [], False
    for line in lines:
        if line:
            if blank and text:
                text.append("")
            text.append(line)
            blank = False
        else:
            blank = True
    return "\n".join(text)


class TextTemplate:
    """A 'template' whose text a function makes, for files that are not Jinja pages.

    Calendars (.ics) and feeds go through Pelican's `Writer.write_file` with one, so
    they are written like every other file of a run (its output folder, its
    `content_written` signal); `write_file` only ever calls `render`.
    """

    def __init__(self, make_text):
        self.make_text = make_text

    def render(self, _context) -> str:
        return self.make_text()
