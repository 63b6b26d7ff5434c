"""Development settings: relative URLs, no deploy.

Per-language settings (URL prefix, locale, titles) live in LANGUAGES; the i18n
plugin derives one Pelican run per language from this file.
"""

import os
import sys
from pathlib import Path

# Our plugins share small packages of their own (common, schema, build), which
# Pelican's plugin loader does not make importable: `pelican content` run by hand
# works as `invoke build` does.
_PLUGINS = str(Path(__file__).resolve().parent / "plugins")
if _PLUGINS not in sys.path:
    sys.path.insert(0, _PLUGINS)

AUTHOR = "Краматорська інноваційна платформа"
SITENAME = "Краматорська інноваційна платформа"
SITEURL = ""
RELATIVE_URLS = True
# The public address of the site. Pages link relatively in development, but
# feeds, the sitemap, calendars and share images need absolute URLs; they use
# this. publishconf.py serves the site from it. Override with the SITEURL variable.
PUBLIC_URL = os.environ.get("SITEURL", "https://kramatorsk-platform.example.org").rstrip("/")

PATH = "content"
OUTPUT_PATH = "output"
CACHE_PATH = "cache"
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["i18n", "checks", "events", "courses", "activities", "partners", "cards", "feeds",
           "sitemap", "images", "search", "cms", "scheduled", "aliases", "kit", "offline",
           "headers"]
# An article or page dated in the future, or an event before its `Announce:` moment:
# shown with a "scheduled" badge here, left out by publishconf.py until its moment.
SCHEDULED_ITEMS = "show"
# "Now" for scheduling; unset: SOURCE_DATE_EPOCH when set, else the build time.
# SCHEDULE_NOW = "2027-04-12T09:00:00+03:00"

TIMEZONE = "Europe/Kyiv"
DEFAULT_LANG = "uk"

# One entry per language; the first is the default, served at "/".
# prefix: where the language lives in the output; og_locale: Open Graph locale.
LANGUAGES = {
    "uk": {
        "prefix": "",
        "name": "Українська",
        "og_locale": "uk_UA",
        "SITENAME": "Краматорська інноваційна платформа",
        # The app's name under its icon on a phone's home screen.
        "SITE_SHORTNAME": "КІП",
        "AUTHOR": "Краматорська інноваційна платформа",
        "DEFAULT_CATEGORY": "Новини",
        # Straight double quotes in Ukrainian text become «ялинки»; apostrophes stay ’.
        "SMARTY_QUOTES": {"left-double-quote": "&laquo;", "right-double-quote": "&raquo;"},
        "SITE_DESCRIPTION": "Хаб соціального підприємництва у Краматорську: "
        "новини, відкриті зустрічі, презентації та курси.",
    },
    "en": {
        "prefix": "en/",
        "name": "English",
        "og_locale": "en_US",
        "SITENAME": "Kramatorsk Innovation Platform",
        "SITE_SHORTNAME": "KIP",
        "AUTHOR": "Kramatorsk Innovation Platform",
        "DEFAULT_CATEGORY": "News",
        "SITE_DESCRIPTION": "A hub for social entrepreneurship in Kramatorsk: "
        "news, open meetings, presentations and courses.",
    },
}

# Babel date patterns per language (no OS locale involved).
DATE_PATTERNS = {
    "uk": {"long": "d MMMM y", "short": "dd.MM.y", "month_year": "LLLL y"},
    "en": {"long": "MMMM d, y", "short": "d MMM y", "month_year": "LLLL y"},
}

# `<slug>.<lang>.md`: the file name gives the language and the translation link.
FILENAME_METADATA = r"(?P<filestem>.+)\.(?P<lang>[a-z]{2,3})"
# The source path, for messages that name the file.
PATH_METADATA = r"(?P<relpath>.*)"
USE_FOLDER_AS_CATEGORY = False
ARTICLE_PATHS = ["news"]
# Folders of the plugins' own content types, for translation reports.
I18N_CONTENT_FOLDERS = ["events", "courses", "activities"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]

# URL patterns without the language prefix; the i18n plugin adds it per language.
ARTICLE_URL = "news/{slug}/"
ARTICLE_SAVE_AS = "news/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "news/category/{slug}/"
CATEGORY_SAVE_AS = "news/category/{slug}/index.html"
CATEGORIES_URL = "news/categories/"
CATEGORIES_SAVE_AS = "news/categories/index.html"
TAG_URL = "news/tag/{slug}/"
TAG_SAVE_AS = "news/tag/{slug}/index.html"
TAGS_URL = "news/tags/"
TAGS_SAVE_AS = "news/tags/index.html"
ARCHIVES_URL = "news/archive/"
ARCHIVES_SAVE_AS = "news/archive/index.html"
AUTHOR_URL = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
INDEX_URL = ""
INDEX_SAVE_AS = "index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "drafts/pages/{slug}/index.html"
NOTFOUND_SAVE_AS = "404.html"
NEWS_URL = "news/"
NEWS_SAVE_AS = "news/index.html"
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
# Each language's Pagefind index (plugins/search), in its own tree: pagefind/, en/pagefind/.
SEARCH_INDEX_URL = "pagefind/"
DIRECT_TEMPLATES = ["index", "news", "categories", "tags", "archives", "notfound", "search"]
# The home page shows the latest news only; the news list and taxonomies are paginated.
PAGINATED_TEMPLATES = {"news": None, "category": None, "tag": None}
HOME_LATEST_NEWS = 5

DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{url}page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Pelican's own feeds are off: the feeds plugin writes one set per language
# (feedgen): feed.xml (RSS 2.0), atom.xml and events/feed.xml.
RSS_FEED_SAVE_AS = "feed.xml"
ATOM_FEED_SAVE_AS = "atom.xml"
EVENTS_FEED_SAVE_AS = "events/feed.xml"
FEED_MAX_ITEMS = 20
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Dates are shown through Babel; Pelican's strftime output is never used.
DEFAULT_DATE_FORMAT = "%Y-%m-%d"
LOCALE = ("C",)

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.smarty": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}

# Autoescape: metadata (titles, places, summaries' plain text) is never emitted raw.
# Markdown-rendered HTML (content, summary) is marked |safe in the templates.
# auto_reload off: every build is a new process, so a template never changes under
# it, and Jinja need not look at the file of each partial every time one is included.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True,
                     "auto_reload": False}

SUMMARY_MAX_LENGTH = 40
TYPOGRIFY = False
SLUGIFY_SOURCE = "basename"
ARTICLE_TRANSLATION_ID = "slug"
PAGE_TRANSLATION_ID = "slug"

LOAD_CONTENT_CACHE = True
CACHE_CONTENT = True
# Plain pickles: an edit rewrites each run's content cache (2.6 MB for 625 articles);
# gzip made that 8 times slower to save for a few MB of disk.
GZIP_CACHE = False
# The content cache knows a file by its bytes, not its mtime: a fresh checkout
# (CI with the cache folder restored) gives every file a new mtime.
CHECK_MODIFIED_METHOD = "sha1"
DELETE_OUTPUT_DIRECTORY = False

# Menu of pages, by slug, in order.
MENU_PAGES = ["about", "planned-activities", "partners", "contacts"]
FOOTER_PAGES = ["privacy"]

# Events (plugins/events): content/events/<slug>.<lang>.md. Patterns without the
# language prefix, like the others; the i18n plugin adds it per language.
I18N_CONTENT_KINDS = ["EVENT", "COURSE"]
EVENT_PATHS = ["events"]
EVENT_URL = "events/{slug}/"
EVENT_SAVE_AS = "events/{slug}/index.html"
EVENT_ICS_URL = "events/{slug}.ics"
EVENT_ICS_SAVE_AS = "events/{slug}.ics"
EVENTS_URL = "events/"
EVENTS_SAVE_AS = "events/index.html"
EVENT_CALENDAR_URL = "events/calendar/{year}/{month:02d}/"
EVENT_CALENDAR_SAVE_AS = "events/calendar/{year}/{month:02d}/index.html"
EVENT_CALENDAR_INDEX_URL = "events/calendar/"
EVENT_CALENDAR_INDEX_SAVE_AS = "events/calendar/index.html"
CALENDAR_ICS_URL = "calendar.ics"
CALENDAR_ICS_SAVE_AS = "calendar.ics"
# Length of an event written without `End:`, in minutes.
EVENTS_DEFAULT_DURATION = 120
# "Now" for the upcoming/past split and the calendar's landing month (ISO 8601).
# Unset: SOURCE_DATE_EPOCH when set (reproducible builds), else the build time.
# EVENTS_NOW = "2017-05-01T12:00:00+03:00"

# Courses (plugins/courses): content/courses/<slug>.<lang>.md, one syllabus page
# each, the catalogue grouped by audience, and a calendar of each course's
# sessions (the events whose `Course:` names it). "COURSE" is in
# I18N_CONTENT_KINDS above, so twins link across languages.
COURSE_PATHS = ["courses"]
COURSE_URL = "courses/{slug}/"
COURSE_SAVE_AS = "courses/{slug}/index.html"
COURSES_URL = "courses/"
COURSES_SAVE_AS = "courses/index.html"
COURSE_ICS_URL = "courses/{slug}.ics"
COURSE_ICS_SAVE_AS = "courses/{slug}.ics"

# Social cards (plugins/cards): a 1200x630 PNG per page and language, drawn with
# the layout in theme/cards/layout.toml and the fonts in theme/fonts. og:image and
# og:url are absolute: SITEURL when it is, else PUBLIC_URL. Patterns without the
# language prefix, like the others (English cards go to en/cards/...).
CARD_URL = "cards/{kind}/{slug}.png"
CARD_SAVE_AS = "cards/{kind}/{slug}.png"
CARDS_LAYOUT = "cards/layout.toml"
# More images of articles, events and courses, beside their card: <slug>.<name>.png,
# drawn with these layouts (the kit page offers them); {} for none.
CARDS_FORMATS = {"square": "cards/square.toml", "story": "cards/story.toml"}
# Drawing processes per language run; 0 shares the cores between the language runs.
CARDS_JOBS = 0

# Browser editing (plugins/cms): the Decap CMS admin at /admin/, its form made from
# plugins/schema. `invoke edit` runs the local proxy it talks to (decap-server).
CMS_BACKEND = "proxy"
CMS_PROXY_URL = f"http://127.0.0.1:{os.environ.get('KIP_CMS_PORT', '8081')}/api/v1"

# Offline (plugins/offline): after one visit, a service worker (/sw.js) keeps these
# pages of each language, the offline page and what they load (stylesheet, scripts,
# icon) on the phone; pages visited are kept too. URLs without the language prefix;
# a page the site does not have is left out.
OFFLINE_PAGES = ["", "events/", "events/calendar/", "contacts/"]
OFFLINE_URL = "offline/"
OFFLINE_SAVE_AS = "offline/index.html"
# Everything precached, gzip-compressed, in bytes; a strict build fails above it.
OFFLINE_PRECACHE_BUDGET = 300 * 1024
WEBMANIFEST_SAVE_AS = "manifest.webmanifest"
# The app icons are drawn from this logo (a file of the theme) with Pillow.
LOGO = "static/images/favicon.svg"
THEME_COLOR = "#0050a8"
BACKGROUND_COLOR = "#ffffff"

# Content-Security-Policy of every page, as a <meta> (and in _headers, for hosts that
# read it): only the site's own files run or load, so an injected script is inert.
# Search runs Pagefind's WebAssembly ('wasm-unsafe-eval'); no inline script or style.
CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
])
