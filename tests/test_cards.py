"""Social cards and share metadata on whole built sites: the real one and a hostile fixture."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image

from conftest import build_into, run_vnu, write_files
from htmltools import foreign_scripts, html_pages, parse

PUBLIC = "https://kip.example.org"
OVERRIDES = {"PUBLIC_URL": PUBLIC, "EVENTS_NOW": "2017-05-01T12:00:00+03:00"}
HOSTILE = 'Quote " & <script>alert(1)</script> \'launch\''
ROCKET = "\U0001f680"
REQUIRED = ("og:site_name", "og:type", "og:title", "og:description", "og:url", "og:locale",
            "og:image", "og:image:width", "og:image:height", "og:image:alt")

FILES = {
    "news/rocket.uk.md": f"""
        Title: {HOSTILE} {ROCKET}
        Date: 2017-05-12 10:00
        Category: Новини
        Tags: ракета
        Kit: yes

        Текст.
        """,
    "news/rocket.en.md": f"""
        Title: {HOSTILE} {ROCKET}
        Date: 2017-05-12 10:00
        Category: News
        Tags: rocket
        Kit: yes

        Text.
        """,
    # The same title without the emoji: its card must be the very same picture
    # (and, without `Kit: yes`, it gets no square and no story).
    "news/no-rocket.en.md": f"""
        Title: {HOSTILE}
        Date: 2017-05-12 10:00
        Category: News
        Tags: rocket

        Text.
        """,
    "pages/about.uk.md": """
        Title: Про нас

        Сторінка.
        """,
    "pages/about.en.md": """
        Title: About us

        A page.
        """,
    "events/meeting.uk.md": """
        Title: Зустріч із бізнесом
        Start: 2017-05-20 15:00
        End: 2017-05-20 17:00
        Location: Вільна Хата
        Status: cancelled

        Скасовано.
        """,
    "events/meeting.en.md": """
        Title: Meeting with business
        Start: 2017-05-20 15:00
        End: 2017-05-20 17:00
        Location: Vilna Khata
        Status: cancelled

        Cancelled.
        """,
}


def share_tags(path: Path) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for meta in parse(path).xpath("//head/meta[@property or @name]"):
        key = meta.get("property") or meta.get("name")
        tags.setdefault(key, []).append(meta.get("content"))
    return tags


def card_file(out: Path, image_url: str) -> Path:
    return out / urlsplit(image_url).path.lstrip("/")


def manifests(out: Path) -> dict[str, dict]:
    root = out.parent / f"{out.name}-cache"
    return {path.parent.parent.name: json.loads(path.read_text(encoding="utf-8"))
            for path in root.glob("*/*/cards/manifest.json")}


def pngs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*.png")) if "/cards/" in f"/{p.relative_to(out)}"}


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("cards")
    content = write_files(root / "content", FILES)
    out = root / "output"
    assert build_into(out, content, overrides=OVERRIDES) == 0
    return out


# The real site.


def test_every_page_has_its_own_card_and_share_tags(site):
    kinds: dict[str, set[str]] = {"uk": set(), "en": set()}
    for path in html_pages(site):
        tags = share_tags(path)
        for key in REQUIRED:
            assert len(tags.get(key, [])) == 1, f"{path}: {key}"
        lang = parse(path).get("lang")
        image = tags["og:image"][0]
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(image))
        assert origin.startswith("http")
        card_path = urlsplit(image).path
        # The English page shows the English card; no page shows the other language's.
        assert card_path.startswith("/en/cards/" if lang == "en" else "/cards/"), path
        assert tags["og:locale"] == [{"uk": "uk_UA", "en": "en_US"}[lang]]
        assert tags["og:image:width"] == ["1200"] and tags["og:image:height"] == ["630"]
        assert tags["twitter:card"] == ["summary_large_image"]
        assert tags["og:image:alt"][0].strip()
        png = card_file(site, image)
        assert png.is_file(), f"{path}: {image}"
        assert png.stat().st_size < 300 * 1024
        with Image.open(png) as picture:
            assert picture.format == "PNG" and picture.size == (1200, 630)
        canonical = parse(path).xpath("//head/link[@rel='canonical']/@href")
        if canonical:
            assert tags["og:url"] == canonical, path
        assert tags["og:url"][0].startswith(origin + "/")
        hreflangs = set(parse(path).xpath("//head/link[@rel='alternate']/@hreflang"))
        expected = {"uk": "uk_UA", "en": "en_US"}
        others = sorted(expected[h] for h in hreflangs - {lang, "x-default"} if h in expected)
        assert sorted(tags.get("og:locale:alternate", [])) == others, path
        kinds[lang].add(card_path.split("/cards/")[1].split("/")[0])
    for lang in ("uk", "en"):
        assert {"news", "page", "list", "event"} <= kinds[lang], kinds


def test_open_graph_type_follows_the_page(site):
    def og_type(*parts):
        return share_tags(site.joinpath(*parts, "index.html"))["og:type"][0]

    assert og_type("news", "platform-presentation") == "article"
    assert og_type("en", "news", "platform-presentation") == "article"
    assert og_type("en", "about") == "website"
    assert og_type("en") == "website" and og_type("news") == "website"
    event = next(p for p in (site / "en" / "events").iterdir() if (p / "index.html").exists()
                 and p.name != "calendar")
    assert og_type("en", "events", event.name) == "event"


def test_the_card_is_in_the_json_ld_too(site):
    event = next(p.name for p in (site / "en" / "events").iterdir()
                 if (p / "index.html").exists() and p.name != "calendar")
    pages = {("news", "platform-presentation"): "NewsArticle",
             ("en", "news", "platform-presentation"): "NewsArticle",
             ("events", event): "Event", ("en", "events", event): "Event"}
    for parts, kind in pages.items():
        path = site.joinpath(*parts, "index.html")
        image = share_tags(path)["og:image"][0]
        found = []
        for text in parse(path).xpath("//script[@type='application/ld+json']/text()"):
            data = json.loads(text)
            for item in data if isinstance(data, list) else [data]:
                if isinstance(item, dict) and item.get("@type") == kind:
                    value = item.get("image")
                    found += value if isinstance(value, list) else [value]
        assert image in found, path


# A fixture with a hostile title, an emoji and a cancelled event.


def test_hostile_titles_are_escaped_in_the_share_tags(fixture_site):
    for page in (fixture_site / "news" / "rocket" / "index.html",
                 fixture_site / "en" / "news" / "rocket" / "index.html"):
        tags = share_tags(page)
        assert tags["og:title"] == [f"{HOSTILE} {ROCKET}"]
        assert HOSTILE in tags["og:image:alt"][0] and ROCKET not in tags["og:image:alt"][0]
        # The title stays text: in the head, only <title> and the JSON-LD hold it.
        holders = [e for e in parse(page).find("head").iter() if "alert" in (e.text or "")]
        assert {(e.tag, e.get("type")) for e in holders} == {
            ("title", None), ("script", "application/ld+json")}
        assert foreign_scripts(parse(page)) == []


def test_an_emoji_is_left_out_of_the_card_without_a_trace(fixture_site):
    rocket = share_tags(fixture_site / "en" / "news" / "rocket" / "index.html")
    plain = share_tags(fixture_site / "en" / "news" / "no-rocket" / "index.html")
    assert rocket["og:image"] != plain["og:image"]
    assert card_file(fixture_site, rocket["og:image"][0]).read_bytes() == \
        card_file(fixture_site, plain["og:image"][0]).read_bytes()


def test_the_left_out_emoji_is_logged_with_the_source_file(tmp_path, caplog):
    content = write_files(tmp_path / "content", {k: v for k, v in FILES.items()
                                                 if k.startswith("news/rocket")})
    caplog.set_level(logging.INFO, logger="cards")
    assert build_into(tmp_path / "out", content, overrides=OVERRIDES, jobs=1) == 0
    lines = [r.getMessage() for r in caplog.records if "U+1F680" in r.getMessage()]
    assert len(lines) == 2  # once per card: uk and en
    assert all("rocket." in line and ": title:" in line for line in lines)
    assert all(r.levelno == logging.INFO for r in caplog.records if r.name.startswith("cards"))


def test_a_cancelled_event_says_so_on_its_card(fixture_site):
    for lang, word in (("uk", "Скасовано"), ("en", "Cancelled")):
        prefix = ("en",) if lang == "en" else ()
        tags = share_tags(fixture_site.joinpath(*prefix, "events", "meeting", "index.html"))
        assert tags["og:type"] == ["event"]
        assert tags["og:image:alt"][0].startswith(word)
        assert {"uk": "20 травня 2017, 15:00–17:00",
                "en": "May 20, 2017, 15:00–17:00"}[lang] in tags["og:image:alt"][0]


def test_pages_with_share_tags_are_valid_html(fixture_site):
    pages = [fixture_site / "news" / "rocket" / "index.html",
             fixture_site / "en" / "news" / "rocket" / "index.html",
             fixture_site / "en" / "events" / "meeting" / "index.html",
             fixture_site / "en" / "index.html"]
    errors = run_vnu(pages, css=False)
    assert errors == [], errors


# The cache.


def test_cards_are_redrawn_only_when_their_inputs_change(fixture_site, tmp_path):
    first = pngs(fixture_site)
    assert first and all(m["stats"]["drawn"] > 0 for m in manifests(fixture_site).values())
    content = fixture_site.parent / "content"
    shared_cache = {"CACHE_PATH": str(fixture_site.parent / "output-cache")}

    # Nothing changed, another output folder, the same cache: nothing is drawn.
    again = tmp_path / "again"
    assert build_into(again, content, overrides={**OVERRIDES, **shared_cache}) == 0
    stats = {lang: m["stats"] for lang, m in manifests(fixture_site).items()}
    assert all(s["drawn"] == 0 and s["cached"] == s["cards"] for s in stats.values()), stats
    assert pngs(again) == first

    # A cold build elsewhere draws the very same bytes.
    cold = tmp_path / "cold"
    assert build_into(cold, content, overrides=OVERRIDES) == 0
    assert pngs(cold) == first

    # A changed title: that card and no other is drawn again, and it differs.
    changed = tmp_path / "content"
    write_files(changed, {**FILES, "pages/about.en.md": """
        Title: About the platform

        A page.
        """})
    after = tmp_path / "after"
    assert build_into(after, changed, overrides={**OVERRIDES, **shared_cache}) == 0
    stats = {lang: m["stats"] for lang, m in manifests(fixture_site).items()}
    assert stats["en"]["drawn"] == 1 and stats["uk"]["drawn"] == 0, stats
    rebuilt = pngs(after)
    assert rebuilt["en/cards/page/about.png"] != first["en/cards/page/about.png"]
    assert {k: v for k, v in rebuilt.items() if k != "en/cards/page/about.png"} == \
        {k: v for k, v in first.items() if k != "en/cards/page/about.png"}


def test_an_items_picture_is_shown_beside_its_title(tmp_path):
    """Issue: an item's `Image:` becomes the inset of its card (layout: image layer)."""
    content = write_files(tmp_path / "content", {
        "news/photo.en.md": "Title: A story with a photo\nDate: 2017-05-01\n"
                            "Image: {static}/images/red.jpg\nImage_alt: A red square\n\nText.\n",
        "news/plain.en.md": "Title: A story with a photo\nDate: 2017-05-01\n\nText.\n",
    })
    (content / "images").mkdir()
    Image.new("RGB", (900, 600), (220, 20, 30)).save(content / "images" / "red.jpg")
    out = tmp_path / "out"
    assert build_into(out, content, overrides=OVERRIDES) == 0
    with Image.open(out / "en" / "cards" / "news" / "photo.png") as card:
        rgb = card.convert("RGB")
        red = rgb.getpixel((970, 280))
        assert red[0] > 180 and red[1] < 80, red  # the picture fills its box on the right
        assert rgb.getpixel((790, 280)) != red  # and stops at its edge
        # The title keeps to the narrower box beside the picture.
        title = [(x, y) for y in range(136, 424, 4) for x in range(780, 820, 2)
                 if rgb.getpixel((x, y)) == (255, 255, 255)]
        assert title == []
        assert any(rgb.getpixel((x, y)) == (255, 255, 255)
                   for y in range(136, 424, 2) for x in range(80, 780, 3))
    with Image.open(out / "en" / "cards" / "news" / "plain.png") as plain:
        assert plain.convert("RGB").getpixel((970, 280))[0] < 100  # no picture, no red
    # A new photo under the same name draws a new card.
    before = (out / "en" / "cards" / "news" / "photo.png").read_bytes()
    Image.new("RGB", (900, 600), (20, 160, 40)).save(content / "images" / "red.jpg")
    assert build_into(out, content, overrides=OVERRIDES) == 0
    assert (out / "en" / "cards" / "news" / "photo.png").read_bytes() != before


# Square and story images of events, courses and articles with `Kit: yes`.

#: The other images of an item, beside its card: suffix and exact size.
FORMATS = {"square": (1080, 1080), "story": (1080, 1920)}
WITH_FORMATS = ("news", "event", "course")


def twins(card: Path) -> dict[str, Path]:
    """`cards/event/x.png` -> its square and story images' paths."""
    return {fmt: card.with_name(f"{card.stem}.{fmt}.png") for fmt in FORMATS}


def test_items_with_a_kit_have_a_square_and_a_story_image(site):
    seen: dict[str, set[str]] = {"uk": set(), "en": set()}
    for path in html_pages(site):
        if path.parent.name == "kit":
            continue  # the campaign kit shows its item's card
        card = card_file(site, share_tags(path)["og:image"][0])
        kind = card.parent.name
        # An article has them only with its kit (`Kit: yes`), events and courses always.
        has_kit = kind in WITH_FORMATS and (kind != "news" or (path.parent / "kit").is_dir())
        for fmt, image in twins(card).items():
            if not has_kit:
                assert not image.exists(), f"{path}: {image}"  # pages, lists, other news
                continue
            with Image.open(image) as picture:
                assert picture.format == "PNG" and picture.size == FORMATS[fmt], image
            assert image.stat().st_size < 300 * 1024
            seen[parse(path).get("lang")].add(kind)
    assert seen == {"uk": set(WITH_FORMATS), "en": set(WITH_FORMATS)}
    # Every event and course page in each language: one square and one story each.
    for prefix in ("", "en/"):
        for kind, section in (("event", "events"), ("course", "courses")):
            pages = {p.parent.name for p in (site / prefix / section).glob("*/index.html")}
            for fmt in FORMATS:
                drawn = {p.name.split(".")[0]
                         for p in (site / prefix / "cards" / kind).glob(f"*.{fmt}.png")}
                assert drawn == pages - {"calendar"}, (prefix, kind, fmt)
    # Nothing else is named like them.
    others = [p for p in site.rglob("*.png") if p.name.endswith((".square.png", ".story.png"))
              and p.parent.name not in WITH_FORMATS]
    assert others == []


def _posters(cache: Path) -> dict[str, int]:
    return {p.relative_to(cache).as_posix(): p.stat().st_mtime_ns
            for p in cache.rglob("posters/*.pdf")}


def _line(text: str) -> dict[str, int]:
    found = re.search(r"^built (\d+) pages, (\d+) cards, (\d+) images, (\d+) posters in ",
                      text, re.M)
    assert found, text
    return dict(zip(("pages", "cards", "images", "posters"), map(int, found.groups()),
                    strict=True))


def test_square_and_story_images_are_reproducible_cached_and_counted(tmp_path, monkeypatch,
                                                                     capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1493629200")
    content = write_files(tmp_path / "content", FILES)
    first = tmp_path / "first"
    assert build_into(first, content, overrides=OVERRIDES) == 0
    counted = _line(capsys.readouterr().out)
    drawn = pngs(first)
    images = sorted(k for k in drawn if k.endswith((".square.png", ".story.png")))
    # rocket (uk, en) and meeting (uk, en): a square and a story each; no-rocket
    # (en) asks for no kit.
    assert len(images) == 8 and "en/cards/event/meeting.story.png" in images
    assert "en/cards/news/rocket.square.png" in images
    assert counted == {
        "pages": sum(1 for _ in first.rglob("*.html")),
        "cards": len(drawn) - len(images), "images": 8, "posters": 4}

    # A cold build elsewhere: the very same bytes, images and posters alike.
    cold = tmp_path / "cold"
    assert build_into(cold, content, overrides=OVERRIDES) == 0
    assert pngs(cold) == drawn
    for poster in first.rglob("poster.pdf"):
        assert (cold / poster.relative_to(first)).read_bytes() == poster.read_bytes()

    # The same cache, nothing changed: nothing drawn.
    shared = {**OVERRIDES, "CACHE_PATH": str(tmp_path / "first-cache")}
    assert build_into(tmp_path / "again", content, overrides=shared) == 0
    stats = {lang: m["stats"] for lang, m in manifests(first).items()}
    assert all(s["drawn"] == 0 and s["cached"] == s["cards"] for s in stats.values()), stats
    assert {fmt: n for fmt, n in stats["en"]["formats"].items() if fmt != "card"} == \
        {"square": 2, "story": 2}

    # One event edited: its card, square and story are drawn again, and its poster.
    posters = _posters(tmp_path / "first-cache")
    write_files(content, {"events/meeting.en.md": FILES["events/meeting.en.md"].replace(
        "Meeting with business", "Meeting with local business")})
    after = tmp_path / "after"
    assert build_into(after, content, overrides=shared) == 0
    stats = {lang: m["stats"] for lang, m in manifests(first).items()}
    assert stats["en"]["drawn"] == 3 and stats["uk"]["drawn"] == 0, stats
    changed = {k for k, v in pngs(after).items() if drawn.get(k) != v}
    assert changed == {"en/cards/event/meeting.png", "en/cards/event/meeting.square.png",
                       "en/cards/event/meeting.story.png"}
    now = _posters(tmp_path / "first-cache")
    assert len(set(now) - set(posters)) == 1 and len(set(posters) - set(now)) == 1
    assert all(now[name] == stamp for name, stamp in posters.items() if name in now)
    [new] = set(now) - set(posters)
    assert Path(new).parts[-3] == "en"  # <build>/en/posters/<digest>.pdf
