"""Unit tests of the i18n plugin's pieces: slugs, catalogues, settings."""

from __future__ import annotations

import re

import pytest

from common.slugs import heading_id, slugify, split_source_name
from conftest import ROOT
from i18n.catalog import load_translations
from i18n.config import SettingsError, read_i18n_settings, run_overrides


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Краматорськ", "kramatorsk"),
        ("Вільна Хата", "vilna-khata"),
        # KMU 2010: word-initial Є Ї Й Ю Я differ from their inner forms, зг -> zgh.
        ("Єнакієве", "yenakiieve"),
        ("Згорани", "zghorany"),
        ("Юрій Їжак", "yurii-yizhak"),
        ("Ґалаґан", "galagan"),
        ("м'ята м’ята", "miata-miata"),
        ("Щастя", "shchastia"),
        ("«Кухня ідей» 2017!", "kukhnia-idei-2017"),
        ("Open meeting", "open-meeting"),
    ],
)
def test_slugify_follows_the_national_standard(text, slug):
    assert slugify(text) == slug


def test_heading_ids_are_latin():
    assert heading_id("Що таке платформа") == "shcho-take-platforma"
    assert heading_id("💡") == "section"


def test_source_names_carry_the_language():
    assert split_source_name("news/open-meeting.en.md") == ("open-meeting", "en")
    assert split_source_name("news/readme.md") == ("readme", None)


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "1 хвилина"), (2, "2 хвилини"), (4, "4 хвилини"), (5, "5 хвилин"),
     (11, "11 хвилин"), (12, "12 хвилин"), (21, "21 хвилина"), (22, "22 хвилини"),
     (25, "25 хвилин"), (101, "101 хвилина")],
)
def test_ukrainian_catalogue_has_three_plural_forms(n, expected):
    uk = load_translations(ROOT / "theme", "uk")
    text = uk.ungettext("%(num)d min read", "%(num)d min read", n) % {"num": n}
    assert text.startswith(expected + " ")


def test_english_catalogue_exists_and_is_identity():
    en = load_translations(ROOT / "theme", "en")
    assert en.ugettext("Skip to content") == "Skip to content"
    assert en.ungettext("%(num)d article", "%(num)d articles", 2) == "%(num)d articles"


def test_missing_catalogue_warns_without_traceback(tmp_path, caplog):
    translations = load_translations(tmp_path, "uk")
    assert translations.gettext("News") == "News"
    assert "missing catalogue for 'uk'" in caplog.text
    assert "Traceback" not in caplog.text


def test_language_settings_are_validated():
    with pytest.raises(SettingsError, match="LANGUAGES: missing"):
        read_i18n_settings({})
    with pytest.raises(SettingsError, match="served at '/'"):
        read_i18n_settings({"LANGUAGES": {"uk": {"prefix": "uk/"}}})
    with pytest.raises(SettingsError, match="must be a folder"):
        read_i18n_settings({"LANGUAGES": {"uk": {}, "en": {"prefix": "/en"}}})
    with pytest.raises(SettingsError, match="not a language code"):
        read_i18n_settings({"LANGUAGES": {"uk": {}, "xx-nope-1": {}}})


def test_run_overrides_prefix_urls_and_share_static_files():
    settings = {"LANGUAGES": {"uk": {}, "en": {"prefix": "en/"}}, "DEFAULT_LANG": "uk",
                "ARTICLE_URL": "news/{slug}/", "ARTICLE_SAVE_AS": "news/{slug}/index.html",
                "INDEX_SAVE_AS": "index.html", "CACHE_PATH": "cache"}
    i18n = read_i18n_settings(settings)
    en = run_overrides(settings, i18n, "en")
    assert en["ARTICLE_URL"] == "en/news/{slug}/"
    assert en["INDEX_SAVE_AS"] == "en/index.html"
    assert en["ARTICLE_LANG_URL"] == "{lang_prefix}news/{slug}/"
    assert en["ARTICLE_LANG_SAVE_AS"] == ""
    assert en["STATIC_PATHS"] == [] and en["THEME_STATIC_PATHS"] == []
    uk = run_overrides(settings, i18n, "uk")
    assert uk["ARTICLE_URL"] == "news/{slug}/"
    assert "STATIC_PATHS" not in uk


def run_settings(code: str) -> dict:
    """The settings of a language run, their MARKDOWN completed as Pelican's reader does."""
    from pelican.readers import MarkdownReader
    from pelican.settings import read_settings

    base = read_settings(str(ROOT / "pelicanconf.py"))
    settings = read_settings(str(ROOT / "pelicanconf.py"), override=run_overrides(
        base, read_i18n_settings(base), code))
    MarkdownReader(settings)
    return settings


def language_texts(code: str) -> list[str]:
    """The Markdown sources of content/ in one language, and a synthetic corpus's."""
    from pathlib import Path

    from tests.corpus import CorpusSize, corpus_files

    texts = [p.read_text(encoding="utf-8") for p in Path(ROOT / "content").rglob(f"*.{code}.md")]
    return texts + [t for name, t in corpus_files(CorpusSize(40, 8, 3), 2017).items()
                    if name.endswith(f".{code}.md")]


@pytest.mark.parametrize("code", ["uk", "en"])
def test_documents_without_smarty_marks_convert_the_same_without_smarty(code):
    """The reader skips smarty for text it cannot change; prove it on real and
    synthetic text, Markdown instances built as the reader builds them."""
    from markdown import Markdown

    from i18n.reader import SMARTY_MARKS, without_smarty

    settings = run_settings(code)
    config = settings["MARKDOWN"]
    plain_config = without_smarty(config)
    assert plain_config is not None and "markdown.extensions.smarty" in config["extensions"]
    texts = language_texts(code)
    texts += ["# Заголовок без лапок\n\nТекст — з тире та «ялинками» і ’ апострофом.\n"]
    plain_texts = [t for t in texts if not SMARTY_MARKS.search(t)]
    assert len(plain_texts) >= 3
    for text in plain_texts:
        full, plain = Markdown(**config), Markdown(**plain_config)
        assert plain.convert(text) == full.convert(text)
    # And smarty still runs where it matters.
    marked = Markdown(**config).convert('It\'s "quoted" -- here...')
    assert all(entity in marked for entity in ("&rsquo;", "&ndash;", "&hellip;"))


#: Markdown with every inline pattern in it, alone, together and next to nothing.
INLINE_SAMPLES = [
    "Plain words only.\n\nІ ще абзац без жодної позначки.\n",
    "`code` and ``double `tick` code`` and \\`not code\\` and \\\\`pair`\n",
    "Some escapes \\*not em\\*, \\[not link\\], 1\\. \\_x\\_ \\\\ \\<b\\>\n",
    "[link](http://example.org \"t\") [ref][r] [short] ![img](/a.png) ![ref img][r] "
    "![short img]\n\n[r]: http://example.org/r\n[short]: /s\n[short img]: /i.png\n",
    "<http://example.org/a?b=1&c=2> <user@example.org> <b>bold</b> <!-- c --> &amp; "
    "&#169; &#x41; &copy; AT&T <3\n",
    "line with two spaces  \nnext line\n",
    "*em* **strong** ***both*** _em_ __strong__ snake_case_word 2 * 3 * 4 a*b*c\n",
    "Footnote[^1] and [^2].\n\n[^1]: The *note* with `code` and [a link](/x).\n"
    "[^2]: Another & more.\n",
    "The HTML spec was written by the W3C.\n\n*[HTML]: Hyper Text Markup Language\n"
    "*[W3C]: World Wide Web Consortium\n",
    "# Heading with *em* and `code` {: #custom }\n\nTerm\n:   Definition [x](/y)\n\n"
    "| a | *b* |\n|---|---|\n| `c` | <i>d</i> |\n",
    "- item *one*\n- item [two](/2)\n    - nested `three` & four\n\n1. first\n2. second\n",
    "> quote with **strong** and <span>html</span>\n>\n> second para_with_underscores\n",
    "It's \"quoted\" -- here... with *em* and [l'ink](/x) and `it's`\n",
    "<div markdown=\"1\">*inside* html [block](/b)</div>\n\nafter & <em>after</em>\n",
]


@pytest.mark.parametrize("code", ["uk", "en"])
def test_the_reader_gives_pelicans_output_and_reads_only_the_header_of_a_twin(code, tmp_path):
    """Own-language files come out exactly as from Pelican's MarkdownReader (content and
    metadata); a twin in the other language gives the same metadata and no body."""
    from pelican.readers import MarkdownReader

    from i18n.reader import LanguageMarkdownReader

    settings = run_settings(code)
    ours, pelicans = LanguageMarkdownReader(settings), MarkdownReader(settings)
    other = "en" if code == "uk" else "uk"
    sources = sorted(p for lang in (code, other)
                     for p in (ROOT / "content").rglob(f"*.{lang}.md"))
    samples = tmp_path / "samples"
    samples.mkdir()
    for n, text in enumerate(INLINE_SAMPLES):
        for lang in (code, other):
            path = samples / f"sample-{n}.{lang}.md"
            path.write_text(f"Title: It's *sample* {n}\nSummary: A \"summary\" -- "
                            f"[link](/x)\nDate: 2017-01-25 14:15\n\n{text}", encoding="utf-8")
            sources.append(path)
    own = twins = 0
    for path in sources:
        content, metadata = ours.read(str(path))
        expected_content, expected = pelicans.read(str(path))
        assert metadata == expected, path
        if path.name.endswith(f".{code}.md"):
            own += 1
            assert content == expected_content, path
        else:
            twins += 1
            assert content == "" and expected_content, path
    assert own >= 20 and twins >= 20
    # Smarty still runs in the formatted fields that need it.
    summary = ours.read(str(samples / f"sample-0.{code}.md"))[1]["summary"]
    quoted = "&laquo;summary&raquo;" if code == "uk" else "&ldquo;summary&rdquo;"
    assert f"{quoted} &ndash;" in summary, summary


def test_reading_minutes_counts_words_outside_tags_once_per_text():
    from i18n.wiring import WORDS_PER_MINUTE, reading_minutes

    reading_minutes.cache_clear()
    text = "<p>" + " ".join(["слово"] * (WORDS_PER_MINUTE * 2 + 1)) + "</p><img alt='x'>"
    assert reading_minutes(text) == 3
    assert reading_minutes("<p></p>") == 1
    assert reading_minutes(text) == 3
    assert reading_minutes.cache_info().hits == 1


def test_a_listed_items_minutes_come_from_one_reading_of_its_body():
    """On list pages at any depth an item's minutes are the same, and its body (whose
    relative links differ by depth) is worked out once for them all."""
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    from i18n.wiring import WORDS_PER_MINUTE, minutes_filter, reading_minutes

    body = ('<p><a href="{filename}/news/other.uk.md">Інша</a> '
            + " ".join(["слово"] * (WORDS_PER_MINUTE + 5)) + "</p>")
    settings = {**DEFAULT_CONFIG, "RELATIVE_URLS": True}
    context = {"generated_content": {}, "static_content": {}, "localsiteurl": "../.."}
    article = Article(body, {"title": "Новина", "slug": "novyna"}, settings=settings,
                      source_path="/content/news/novyna.uk.md", context=context)
    keys = lambda: [k for k in Article.get_content.cache if k[0] is article]  # noqa: E731
    minutes = []
    for depth in ("..", "../../..", "../../../../.."):
        context["localsiteurl"] = depth
        minutes.append(minutes_filter(article))
    assert minutes == [2, 2, 2] and reading_minutes(article.content) == 2
    assert [k[1] for k in keys()] == ["", "../../../../.."]  # the root's, and the page's
    assert minutes_filter("<p>два слова</p>") == 1 and minutes_filter(None) == 1


@pytest.mark.parametrize("value", [
    "2017-01-25", "2017-01-25 14:15", "2017-01-25T14:15", "2017-01-25 14:15:30",
    "2017-01-25T09:05:07", "2024-02-29 00:00", "2017-02-30", "2017-1-5", "2017-01-25 25:00",
    "25.01.2017", "2017-01-25 14:15+02:00", "2017-01-25T14:15:30Z", "2017-01-25  14:15",
])
def test_reader_dates_are_pelicans_dates(value):
    """The quick path gives what Pelican's get_date gives (value and type), and
    leaves everything else, errors included, to Pelican."""
    from pelican.readers import MarkdownReader
    from pelican.settings import read_settings

    from i18n.reader import LanguageMarkdownReader, quick_date

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    ours, pelicans = LanguageMarkdownReader(settings), MarkdownReader(settings)
    for name in ("date", "modified"):
        try:
            expected = pelicans.process_metadata(name, value)
        except ValueError as exc:
            with pytest.raises(ValueError, match=re.escape(str(exc))):
                ours.process_metadata(name, value)
            continue
        got = ours.process_metadata(name, value)
        assert (got, type(got), got.tzinfo) == (expected, type(expected), expected.tzinfo)
    if value in ("2017-01-25 14:15", "2017-01-25"):
        assert quick_date(value) is not None  # the common forms take the quick path


def test_date_filter_formats_the_day_in_the_site_zone_once_per_day():
    from datetime import UTC, date, datetime, timedelta
    from zoneinfo import ZoneInfo

    from babel.dates import format_date

    from i18n.dates import DateFormatter

    kyiv = ZoneInfo("Europe/Kyiv")
    dates = DateFormatter("uk", {"long": "d MMMM y"}, kyiv)
    late = datetime(2017, 1, 25, 23, 30, tzinfo=UTC)  # 26 January in Kyiv
    assert dates.date(late) == "26 січня 2017"
    assert dates.date(datetime(2017, 1, 25, 23, 30)) == "25 січня 2017"  # naive: as is
    assert dates.date(date(2017, 3, 8), "d.MM.y") == "8.03.2017"
    for day in range(60):
        value = datetime(2017, 1, 1, 12, tzinfo=kyiv) + timedelta(days=day)
        assert dates.date(value) == format_date(value.date(), "d MMMM y", locale="uk")
        assert dates.date(value + timedelta(hours=1)) == dates.date(value)
    assert len(dates._dates) == 60 + 1  # 60 days (25 and 26 January among them), 8 March
