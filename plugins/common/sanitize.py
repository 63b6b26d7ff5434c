"""Editors' HTML made safe for places no Content-Security-Policy protects.

Pages keep the HTML an editor wrote (the CSP blocks inline scripts and event
handlers there). Feeds and JSON-LD are read by other programs, with no CSP: what
goes into them passes through `clean_html` (nh3, with the allow-list below) and,
where the format wants text, `clean_text`. Script and style elements go with
their content; event handlers, `style` (except a table cell's alignment) and any
URL whose scheme is not http, https, mailto or tel (`javascript:`, `vbscript:`,
`data:`) are dropped.
"""

from __future__ import annotations

import re

import nh3
from markupsafe import Markup

from .text import one_line

#: What our Markdown (extra, toc, smarty), the images plugin and editors' own
#: figures produce.
TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "picture", "pre", "q", "s", "samp", "small", "source", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
    "tr", "u", "ul", "var",
})
#: Removed with everything inside them (the rest of the unknown tags lose only the tag).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "noscript", "template", "iframe",
                                  "object", "embed", "svg", "math"})
_CELL = frozenset({"colspan", "rowspan", "align", "scope", "style"})
ATTRIBUTES = {
    "*": frozenset({"id", "class", "title", "lang", "dir"}),
    "a": frozenset({"href", "hreflang", "type"}),
    "abbr": frozenset({"title"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "time": frozenset({"datetime"}),
    "img": frozenset({"src", "alt", "srcset", "sizes", "width", "height", "loading",
                      "decoding"}),
    "source": frozenset({"srcset", "sizes", "type", "media", "width", "height"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "td": _CELL,
    "th": _CELL,
    "details": frozenset({"open"}),
}
#: Markdown's tables align a column with `style="text-align: …"`; nothing else of a style.
STYLE_PROPERTIES = frozenset({"text-align"})
#: No `data:` either: the pipeline writes every picture as a file.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


def _srcset_filter(tag: str, attribute: str, value: str) -> str | None:
    """nh3 checks the schemes of `src` and `href`, not of the URLs a `srcset` lists."""
    if attribute != "srcset":
        return value
    for candidate in value.split(","):
        scheme = _SCHEME.match(candidate)
        if scheme and scheme.group(1).lower() not in URL_SCHEMES:
            return None
    return value


def clean_html(html) -> str:
    """``html`` with only the allowed tags, attributes and URL schemes."""
    if not html:
        return ""
    return nh3.clean(
        str(html),
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        attribute_filter=_srcset_filter,
        link_rel=None,
        strip_comments=True,
    )


def clean_text(html) -> str:
    """The text of ``html`` once cleaned, on one line: no script's words in it."""
    return one_line(Markup(clean_html(html)))
