"""Signal wiring: the only module of this plugin that imports pelican.signals."""

from __future__ import annotations

import functools
import logging
import math
import os
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from blinker import signal
from jinja2 import FileSystemBytecodeCache
from pelican import signals

from common.sanitize import clean_text
from common.slugs import slugify, source_label

from .catalog import load_translations
from .config import read_i18n_settings
from .dates import DateFormatter
from .links import LanguageLinks
from .reader import LanguageMarkdownReader
from .run import language_run

logger = logging.getLogger(__name__)

#: Sent with the articles generator, then the pages generator, once every item of
#: every language is read and twinned and before the run keeps its own language:
#: a receiver that takes items out (the scheduled plugin) does it here, so the
#: twins it removes are never linked, whatever the order of PLUGINS. Pelican's own
#: signals call their receivers in PLUGINS order; this one is this plugin's step.
articles_read = signal("i18n_articles_read")
pages_read = signal("i18n_pages_read")

_TAGS = re.compile(r"<[^>]+>")
WORDS_PER_MINUTE = 200


def prepare_metadata(generator, metadata):
    """Language from the file name, a Latin slug, and the prefix of the item's language."""
    i18n = generator.context["I18N"].i18n
    lang = metadata.get("lang") or i18n.default.code
    metadata["lang"] = lang
    if "slug" not in metadata:
        stem = metadata.get("filestem") or metadata.get("title", "")
        metadata["slug"] = slugify(str(stem))
    # Category and tag URLs follow the same transliteration as item slugs.
    for wrapper in [metadata.get("category"), *metadata.get("tags", ())]:
        if wrapper is not None:
            wrapper.slug = slugify(wrapper.name)
    language = i18n.get(lang)
    # An unknown language keeps a prefix of its own so it can never overwrite a real page;
    # the content checks report it and the item is left out of every run.
    metadata["lang_prefix"] = language.prefix if language else f"_unknown-{lang}/"
    # Reported once, by the default language's run.
    if language is None and language_run(generator.settings).is_default:
        logger.error(
            "i18n: %s:1: lang: unknown language %r; name the file <slug>.<lang>.md "
            "with one of: %s",
            _metadata_source(generator, metadata),
            lang,
            ", ".join(i18n.codes),
        )


def _metadata_source(generator, metadata) -> str:
    return source_label(os.path.join(generator.path, metadata.get("relpath", "?")))


def _jinja_cache(run) -> str:
    folder = os.path.join(run.cache, "jinja")
    os.makedirs(folder, exist_ok=True)
    return folder


@functools.lru_cache(maxsize=4096)
def reading_minutes(html: str) -> int:
    """Minutes to read an item's HTML. Kept per text: a news item's teaser shows it
    on every list the item is on (pages of news, its tags, its category, home)."""
    words = len(_TAGS.sub(" ", html or "").split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def minutes_filter(value) -> int:
    """`reading_minutes` in templates: of an HTML text, or of a content item's body.

    An item's body is taken as at the site's root (`get_content("")`): with
    relative URLs its links differ from list page to list page (news/ and
    news/tag/x/page/2/ are at other depths), and Pelican rewrites the whole body
    for each. Links are inside tags, which are not counted, so the minutes are
    the same.
    """
    if isinstance(value, str) or value is None:
        return reading_minutes(value or "")
    return reading_minutes(value.get_content(""))


def install_environment(generator):
    """Per generator: gettext for the run's language, Babel date filters, the link helper."""
    settings = generator.settings
    i18n = read_i18n_settings(settings)
    run = language_run(settings)
    code = run.code
    language = i18n.get(code)
    links = generator.context.get("I18N")
    if links is None:
        links = LanguageLinks(i18n, code)
        generator.context["I18N"] = links
        generator.context["LANG"] = code
        generator.context["LANGUAGE"] = language
        generator.context["LANGUAGES_INFO"] = i18n.languages
        generator.context["DEFAULT_LANGUAGE"] = i18n.default
    env = getattr(generator, "env", None)
    if env is None:
        return
    env.add_extension("jinja2.ext.i18n")
    # Compiled templates are kept between builds (Jinja checks each source's
    # checksum), so seven generators times two languages do not compile them anew.
    env.bytecode_cache = FileSystemBytecodeCache(_jinja_cache(run))
    # A run is one pass over templates that do not change under it: no need to
    # stat the template file each time a page asks for it (some 900 times a run).
    env.auto_reload = False
    # JSON-LD: readable Cyrillic (smaller pages); `tojson` still escapes < > & '.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    translations = load_translations(settings["THEME"], code)
    env.install_gettext_translations(translations, newstyle=True)
    dates = DateFormatter(code, run.date_patterns, ZoneInfo(settings["TIMEZONE"]))
    env.filters.update(
        {
            "format_date": dates.date,
            "format_time": dates.time,
            "format_datetime": dates.datetime,
            "isodate": dates.iso,
            "reading_minutes": minutes_filter,
            # Text for JSON-LD out of an editor's HTML, sanitised (no CSP protects it).
            "clean_text": clean_text,
        }
    )


@dataclass(frozen=True)
class MenuLink:
    """A page of the run's language in the menu or the footer (MENU_PAGES, FOOTER_PAGES)."""

    slug: str
    url: str
    label: str


def _keep(items, code):
    return [item for item in items if item.lang == code]


def keep_run_language_articles(generator):
    """Only this run's language is listed, paginated and written; twins stay reachable."""
    articles_read.send(generator)
    code = language_run(generator.settings).code
    generator.context["I18N"].learn_taxonomies(generator.articles + generator.translations)
    generator.articles = _keep(generator.articles + generator.translations, code)
    generator.translations = []
    generator.hidden_articles = _keep(
        generator.hidden_articles + generator.hidden_translations, code
    )
    generator.hidden_translations = []
    generator.drafts = _keep(generator.drafts + generator.drafts_translations, code)
    generator.drafts_translations = []
    generator.articles.sort(key=lambda a: (a.date, a.slug), reverse=True)


def keep_run_language_pages(generator):
    pages_read.send(generator)
    code = language_run(generator.settings).code
    for name, twins in (
        ("pages", "translations"),
        ("hidden_pages", "hidden_translations"),
        ("draft_pages", "draft_translations"),
    ):
        kept = _keep(getattr(generator, name) + getattr(generator, twins), code)
        kept.sort(key=lambda p: p.slug)
        setattr(generator, name, kept)
        setattr(generator, twins, [])
        generator.context[name] = kept
    # Every page shows the menu and the footer: their addresses are worked out once.
    by_slug = {page.slug: page for page in generator.pages}
    menu = [by_slug[slug] for slug in generator.settings.get("MENU_PAGES", ()) if slug in by_slug]
    footer = [by_slug[slug] for slug in generator.settings.get("FOOTER_PAGES", ())
              if slug in by_slug]
    generator.context["MENU_LINKS"] = [
        MenuLink(p.slug, p.url, getattr(p, "menu_label", "") or p.title) for p in menu]
    generator.context["FOOTER_LINKS"] = [MenuLink(p.slug, p.url, p.title) for p in footer]


def use_language_reader(readers):
    """readers_init: Markdown files go through the language-aware reader."""
    for ext in LanguageMarkdownReader.file_extensions:
        if ext in readers.reader_classes:
            readers.reader_classes[ext] = LanguageMarkdownReader


def register():
    signals.readers_init.connect(use_language_reader)
    signals.article_generator_context.connect(prepare_metadata)
    signals.page_generator_context.connect(prepare_metadata)
    signals.generator_init.connect(install_environment)
    signals.article_generator_pretaxonomy.connect(keep_run_language_articles)
    signals.page_generator_finalized.connect(keep_run_language_pages)
