"""One sitemap record per page a language run writes, from the item or list it shows.

Each record repeats what the page's head says, from the same objects the
templates ask: the alternates are `I18N.for_content(item)` for an article,
page, event or course and `I18N.for_list` for a list (a category's or tag's
later pages have none, as `news.html`, `category.html` and `tag.html` say);
an article's date is its `modified` or else its `date` (the head's
`article:modified_time` / `article:published_time`). The pages whose
templates say `noindex` (the 404, search and offline pages, kit pages and
redirects) get no record.
"""

from __future__ import annotations

import os

from sitebuild.hooks import run_report

#: The items a page can be about, as Pelican's writer names them in its context.
ITEMS = ("article", "event", "course", "page")
#: The pages whose templates say `<meta name="robots" content="noindex">`, by their
#: setting (the run's, with its language prefix), and by what only they are given.
NOINDEX_SAVE_AS = ("NOTFOUND_SAVE_AS", "SEARCH_SAVE_AS", "OFFLINE_SAVE_AS")
NOINDEX_CONTEXT = ("kit", "target", "activity_report")  # kit, redirect, activity_report


def page_url(output_path: str, path: str) -> str:
    """'/en/news/x/' for <output>/en/news/x/index.html."""
    rel = os.path.relpath(path, output_path).replace(os.sep, "/")
    if rel == "index.html" or rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    return "/" + rel


def _noindex(context: dict) -> bool:
    if any(key in context for key in NOINDEX_CONTEXT):
        return True
    return context.get("output_file") in {context.get(key) for key in NOINDEX_SAVE_AS}


def _alternates(context: dict, url: str) -> list:
    links = context["I18N"]
    item = next((context[key] for key in ITEMS if key in context), None)
    if item is not None:
        return links.for_content(item)
    page = context.get("articles_page")
    if page is not None and page.number > 1:
        return []
    for kind in ("category", "tag"):
        if kind in context:
            taxonomy = context[kind]
            return links.for_list(kind, taxonomy.url, (kind, taxonomy.slug))
    return links.for_list("", url.lstrip("/"))


def page_record(context: dict, url: str, default_lang: str) -> dict | None:
    """The sitemap record of the page written with ``context`` at ``url``; None for a
    page that asks not to be indexed."""
    if _noindex(context):
        return None
    found = _alternates(context, url)
    alternates = {}
    if len(found) > 1:  # partials/translations.html: one language alone has no links
        alternates = {alt.lang: "/" + alt.url for alt in found}
        for alt in found:
            if alt.lang == default_lang:
                alternates["x-default"] = "/" + alt.url
    article = context.get("article")
    lastmod = None
    if article is not None:
        lastmod = next((value.isoformat() for value in (
            getattr(article, "modified", None), getattr(article, "date", None))
            if hasattr(value, "isoformat")), None)
    return {"loc": url, "lastmod": lastmod, "alternates": alternates}


def on_written(path: str, context: dict | None = None, **_) -> None:
    """Pelican's `content_written`: note the page's record in the run's report."""
    if context is None or not path.endswith(".html") or "I18N" not in context:
        return
    report = run_report(context)
    if report is None:  # plain `pelican content`: no sitemap
        return
    record = page_record(context, page_url(context["OUTPUT_PATH"], path),
                         context["DEFAULT_LANGUAGE"].code)
    if record is not None:
        report.setdefault("sitemap", []).append(record)
