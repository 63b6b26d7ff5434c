"""The share metadata of one page: what partials/meta.html writes as Open Graph and
Twitter tags, with the page's card (an item's own, or its list page's)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import LIST_KIND, kind_of, plain

if TYPE_CHECKING:
    from .registry import Card, CardRegistry

#: Open Graph type by card kind; anything else is a website.
OG_TYPES = {"news": "article", "event": "event"}


@dataclass(frozen=True)
class Share:
    """What the share metadata of one page says; the template escapes every value."""

    title: str
    description: str
    url: str
    type: str
    card: Card
    site_name: str
    locale: str
    locale_alternates: tuple[str, ...]
    published: str = ""
    modified: str = ""
    section: str = ""
    tags: tuple[str, ...] = ()


def page_url(output_file: str) -> str:
    """`en/news/index.html` -> `en/news/`: the page's address under the site."""
    path = output_file or ""
    return path[: -len("index.html")] if path.endswith("index.html") else path


def share_of(cards: CardRegistry, subject=None, *, title: str = "", description: str = "",
             section: str = "", canonical: str | None = None, output_file: str = "",
             alternates=()) -> Share:
    """Everything the Open Graph tags of one page need: of ``subject`` (an article,
    page, event or course) or, without one, of the list page ``output_file``."""
    conf = cards.conf
    title = plain(title)
    suffix = f" · {conf.site_name}"
    if title.endswith(suffix):
        title = title[: -len(suffix)]
    description = plain(description) or conf.description
    if subject is not None:
        card = cards.for_content(subject) or cards.site_card()
        title = plain(getattr(subject, "title", "")) or title
        kind = kind_of(subject)
    else:
        card = cards.for_list(title or conf.site_name, output_file=output_file,
                              section=section, description=description)
        kind = LIST_KIND
    url = canonical if canonical is not None else page_url(output_file)
    others = [getattr(a, "lang", a) for a in alternates or ()]
    extra = {}
    if kind == "news":
        extra = {
            "published": _iso(getattr(subject, "date", None)),
            "modified": _iso(getattr(subject, "modified", None)),
            "section": plain(getattr(subject, "category", "")),
            "tags": tuple(plain(t) for t in getattr(subject, "tags", ()) or ()),
        }
    return Share(
        title=title or conf.site_name,
        description=description,
        url=conf.absolute(url),
        type=OG_TYPES.get(kind, "website"),
        card=card,
        site_name=conf.site_name,
        locale=conf.og_locales.get(conf.lang, conf.lang),
        locale_alternates=tuple(
            conf.og_locales.get(code, code) for code in dict.fromkeys(others)
            if code != conf.lang
        ),
        **extra,
    )


def _iso(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else ""
