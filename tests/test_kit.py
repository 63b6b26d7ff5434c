"""The campaign kit: an A4 poster and a kit page per event and course, in each language."""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import pypdfium2
import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from conftest import ROOT, build_into, run_vnu, write_files
from htmltools import resolve

PUBLIC = "https://kramatorsk-platform.example.org"
CM = 72 / 2.54  # points


def _items(site: Path) -> list[tuple[str, str]]:
    """(language prefix, page path) of every event and course page written."""
    found = []
    for prefix in ("", "en/"):
        for kind in ("events", "courses"):
            for page in sorted((site / prefix / kind).glob("*/index.html")):
                if page.parent.name not in ("calendar",):
                    found.append((prefix, f"{kind}/{page.parent.name}/"))
    return found


def _text(pdf: Path) -> str:
    return " ".join(PdfReader(pdf).pages[0].extract_text().split())


def _qr(pdf: Path):
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=2).to_pil()
    codes = zxingcpp.read_barcodes(image)
    assert len(codes) == 1, pdf
    return codes[0]


def test_every_event_and_course_has_a_poster_in_each_language(site):
    items = _items(site)
    assert len(items) >= 20 and {p for p, _ in items} == {"", "en/"}
    for prefix, path in items:
        pdf = site / prefix / path / "poster.pdf"
        assert pdf.is_file(), pdf
        assert pdf.stat().st_size <= 150 * 1024, pdf
        reader = PdfReader(pdf)
        assert len(reader.pages) == 1
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)


@pytest.mark.parametrize(("prefix", "path"), [
    ("", "events/kitchen-of-ideas/"), ("en/", "events/kitchen-of-ideas/"),
    ("", "courses/english/"), ("en/", "courses/english/")])
def test_a_poster_shows_what_the_page_shows_and_its_qr_code_opens_it(site, prefix, path):
    pdf = site / prefix / path / "poster.pdf"
    page = lxml.html.fromstring((site / prefix / path / "index.html").read_bytes())
    text = _text(pdf)
    title = " ".join(page.xpath("string(//h1)").split())
    assert title in text
    if path.startswith("events/"):
        when = " ".join(page.xpath("string(//dl[@class='facts']/dd[1]//span[1])").split())
        assert when and when in text, (when, text)
        where = " ".join(page.xpath("string(//dl[@class='facts']/dd[2])").split())
        assert where.split(",")[0] in text
    address = f"{PUBLIC}/{prefix}{path}"
    assert address in text
    # Searchable text in the shipped font, embedded and subset.
    fonts = [f.get_object() for f in
             PdfReader(pdf).pages[0]["/Resources"]["/Font"].values()]
    names = sorted(str(f["/BaseFont"]) for f in fonts)
    assert len(names) == 2 and all("+NotoSans" in n for n in names), names
    # The QR code: the page's address, no tracking, error correction M, at least 3 cm.
    code = _qr(pdf)
    assert code.text == address and "?" not in code.text
    assert code.ec_level in ("M", "Q", "H")
    left, right = code.position.top_left.x, code.position.top_right.x
    assert (right - left) / 2 >= 3 * CM  # rendered at 2 pixels a point


def test_posters_are_the_same_bytes_from_build_to_build(site, tmp_path):
    again = tmp_path / "again"
    assert build_into(again, ROOT / "content") == 0
    pdf = "events/kitchen-of-ideas/poster.pdf"
    assert (again / pdf).read_bytes() == (site / pdf).read_bytes()


def test_a_cancelled_event_gets_a_banner(tmp_path):
    content = write_files(tmp_path / "content", {
        "events/talk.uk.md": """
            Title: Лекція
            Start: 2017-06-01 18:00
            Status: cancelled
            Location: Вільна Хата
            """,
        "events/talk.en.md": """
            Title: Talk
            Start: 2017-06-01 18:00
            Status: cancelled
            Location: Vilna Khata
            """})
    out = tmp_path / "out"
    assert build_into(out, content) == 0
    assert "СКАСОВАНО" in _text(out / "events/talk/poster.pdf")
    assert "CANCELLED" in _text(out / "en/events/talk/poster.pdf")


def test_the_kit_page_is_private_and_holds_ready_texts(site):
    for prefix, path in [("", "events/kitchen-of-ideas/"), ("en/", "courses/english/")]:
        kit = site / prefix / path / "kit" / "index.html"
        page = lxml.html.fromstring(kit.read_bytes())
        assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
        assert not page.xpath("//*[@data-pagefind-body]")
        address = f"{PUBLIC}/{prefix}{path}"
        short = page.xpath("string(//textarea[@id='post-short'])")
        long = page.xpath("string(//textarea[@id='post-long'])")
        assert len(short) <= 280 and short.endswith(address)
        item = lxml.html.fromstring((site / prefix / path / "index.html").read_bytes())
        title = " ".join(item.xpath("string(//h1)").split())
        assert long.startswith(title + "\n\n") and address in long
        assert page.xpath("//a[@href][contains(@href, 'poster.pdf')]")
        for field in ("post-short", "post-long"):
            assert page.xpath(f"//label[@for='{field}']")
    # Linked from no public page, outside the sitemap and the feeds.
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/kit/" not in sitemap
    public = [p for p in site.rglob("*.html") if "/kit/" not in p.as_posix()]
    assert len(public) > 50
    for html in public:
        hrefs = lxml.html.fromstring(html.read_bytes()).xpath("//a/@href")
        assert not [h for h in hrefs if h.rstrip("/").endswith("/kit")], html
    assert run_vnu([site / "events/kitchen-of-ideas/kit/index.html",
                    site / "en/courses/english/kit/index.html"]) == []


def test_the_long_text_has_the_facts_and_hashtags():
    from kit.texts import hashtags, long_post, short_post

    assert hashtags(["kitchen of ideas", "Вільна Хата", "kitchen of ideas"]) == \
        "#KitchenOfIdeas #ВільнаХата"
    text = long_post(title="T", lines=[("When", "1 May"), ("Where", "")], summary="S.",
                     url="https://x.org/e/", tags=["a b"])
    assert text == "T\n\nWhen: 1 May\n\nS.\n\nhttps://x.org/e/\n\n#AB"
    long_title = "Слово " * 80
    short = short_post(long_title, "1 травня 2017, 18:00", "https://x.org/events/e/")
    assert len(short) <= 280 and short.endswith("… — 1 травня 2017, 18:00. https://x.org/events/e/")


HOSTILE = 'Quote " & <script>alert(1)</script> ]]> \u202e 💡'


def test_hostile_and_endless_titles_stay_text_inside_the_margins(tmp_path):
    word = "Ш" * 10_000
    content = write_files(tmp_path / "content", {
        "events/hostile.en.md": f"""
            Title: {HOSTILE}
            Start: 2017-06-01 18:00
            Location: Vilna Khata
            """,
        "events/endless.en.md": f"""
            Title: {word}
            Start: 2017-06-01 18:00
            Online_url: https://meet.example.org/x
            """})
    out = tmp_path / "out"
    assert build_into(out, content) == 0  # strict: no warning either
    text = _text(out / "en/events/hostile/poster.pdf")
    assert 'Quote " & <script>alert(1)</script> ]]>' in text
    assert "\u202e" not in text and "💡" not in text
    # No place, no registration: no empty labels.
    endless = _text(out / "en/events/endless/poster.pdf")
    assert "Registration" not in endless
    assert endless.count("Ш") < 2_000 and "…" in endless
    image = pypdfium2.PdfDocument(out / "en/events/endless/poster.pdf")[0].render(
        scale=1).to_pil().convert("L")
    # Nothing is drawn in the side margins (48 pt) below the yellow band.
    width, height = image.size
    margin = image.crop((0, 120, 40, height)).getextrema()
    assert margin == (255, 255), margin
    kit = lxml.html.fromstring((out / "en/events/hostile/kit/index.html").read_bytes())
    # Only JSON-LD (escaped) carries the title in a script; the texts keep it as text.
    assert not kit.xpath("//script[not(@type='application/ld+json')][contains(., 'alert')]")
    long = kit.xpath("string(//textarea[@id='post-long'])")
    assert long.startswith('Quote " & <script>alert(1)</script> ]]>'), long


def test_every_starter_short_post_fits_280_characters(site):
    items = _items(site)
    for prefix, path in items:
        kit = lxml.html.fromstring((site / prefix / path / "kit/index.html").read_bytes())
        short = kit.xpath("string(//textarea[@id='post-short'])")
        assert 0 < len(short) <= 280 and short.endswith(f"{PUBLIC}/{prefix}{path}"), path


def _fonts(cache: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in cache.rglob("posters/fonts/*.ttf")}


def test_a_poster_is_made_again_only_when_it_changes(tmp_path):
    files = {"events/talk.en.md": """
        Title: Talk
        Start: 2017-06-01 18:00
        Location: Vilna Khata
        """}
    content = write_files(tmp_path / "content", files)
    out = tmp_path / "out"
    assert build_into(out, content) == 0
    cache = tmp_path / "out-cache"
    made = sorted(cache.rglob("posters/*.pdf"))
    assert len(made) == 1
    stamp = made[0].stat().st_mtime_ns
    fonts = _fonts(cache)
    assert len(fonts) == 2
    write_files(tmp_path / "content", {"events/other.en.md": files["events/talk.en.md"]
                                       .replace("Talk", "Other")})
    assert build_into(out, content) == 0
    again = sorted(cache.rglob("posters/*.pdf"))
    assert len(again) == 2 and made[0] in again
    assert made[0].stat().st_mtime_ns == stamp  # the unchanged poster was not made again
    assert (out / "en/events/talk/poster.pdf").read_bytes() == made[0].read_bytes()
    # The posters' lighter fonts were made by the first build and kept by the second.
    assert _fonts(cache) == fonts


def test_the_poster_fonts_are_the_card_fonts_without_layout_tables(tmp_path):
    from fontTools.ttLib import TTFont
    from kit.poster import poster_fonts

    from cards.draw import font_coverage

    theme = ROOT / "theme" / "fonts"
    fonts = {"regular": theme / "NotoSans-Regular.ttf", "bold": theme / "NotoSans-Bold.ttf"}
    coverage = font_coverage(fonts.values())
    made = poster_fonts(fonts, coverage, tmp_path)
    assert set(made) == {"regular", "bold"}
    for style, path in made.items():
        with TTFont(path) as font:
            assert set(font.getBestCmap()) == coverage
            assert not {"GDEF", "GPOS", "GSUB", "fpgm", "prep", "cvt "} & set(font.keys())
        assert path.stat().st_size < fonts[style].stat().st_size
    stamps = [path.stat().st_mtime_ns for path in made.values()]
    (tmp_path / "NotoSans-Regular-0123456789abcdef.ttf").write_bytes(b"older")
    assert poster_fonts(fonts, coverage, tmp_path) == made  # by digest: not made again
    assert [path.stat().st_mtime_ns for path in made.values()] == stamps
    assert sorted(tmp_path.glob("*.ttf")) == sorted(made.values())  # the older one is gone


def test_the_plugin_imports_neither_fpdf_nor_segno_until_a_poster_is_drawn():
    code = ("import sys; sys.path.insert(0, 'plugins'); import kit, kit.generator; "
            "print(sorted(m for m in ('fpdf', 'segno', 'fontTools.subset') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == "[]", done.stderr


#: The images a kit offers, by the end of their file name: their exact size.
KIT_IMAGES = {".png": (1200, 630), ".square.png": (1080, 1080), ".story.png": (1080, 1920)}
DOWNLOAD = {"": "Завантажити зображення ({} × {})", "en/": "Download the image ({} × {})"}


def test_the_kit_page_offers_the_card_the_square_and_the_story(site):
    items = _items(site)
    assert len(items) >= 20
    for prefix, path in items:
        kit = site / prefix / path / "kit" / "index.html"
        page = lxml.html.fromstring(kit.read_bytes())
        images = page.xpath("//main//img")
        assert len(images) == 3, kit
        found = {}
        for img in images:
            src = img.get("src")
            ending = next(e for e in (".square.png", ".story.png", ".png") if src.endswith(e))
            file = resolve(site, kit, src)
            with Image.open(file) as picture:
                assert picture.size == KIT_IMAGES[ending], file
            # A preview: its own box, no bigger than the image, in its proportions;
            # loaded when scrolled to.
            width, height = int(img.get("width")), int(img.get("height"))
            real = KIT_IMAGES[ending]
            assert 0 < width <= real[0] and abs(width / height - real[0] / real[1]) < 0.01
            assert img.get("loading") == "lazy" and img.get("alt") is not None
            # Beside it, the download link that names the size in the page's language.
            [link] = img.getparent().xpath("a[@download]")
            assert link.get("href") == src
            assert link.text_content().strip() == DOWNLOAD[prefix].format(*real)
            found[ending] = file
        assert set(found) == set(KIT_IMAGES)
        assert found[".square.png"].parent == found[".png"].parent  # beside the card
    # Shared in a chat, the kit's link shows the item's own card.
    kit = lxml.html.fromstring((site / "en/events/kitchen-of-ideas/kit/index.html").read_bytes())
    item = lxml.html.fromstring((site / "en/events/kitchen-of-ideas/index.html").read_bytes())
    image = "//meta[@property='og:image']/@content"
    assert kit.xpath(image) == item.xpath(image)


@pytest.mark.parametrize(("prefix", "says"), [
    ("en/", "and {more} more dates, the last on {last}"),
    ("", "і ще {more} дат, остання — {last}")])
def test_a_series_poster_says_how_many_dates_follow_and_the_last(site, prefix, says):
    page = lxml.html.fromstring(
        (site / prefix / "events" / "english-course" / "index.html").read_bytes())
    sessions = page.xpath("//ol[@class='sessions']/li")
    assert len(sessions) == 12
    # The last session's date as the page writes it, without its time.
    last = sessions[-1].xpath("string(time[1])").rsplit(", ", 1)[0]
    text = _text(site / prefix / "events" / "english-course" / "poster.pdf")
    assert says.format(more=len(sessions) - 1, last=last) in text
    one_day = _text(site / prefix / "events" / "kitchen-of-ideas" / "poster.pdf")
    assert says.split("{more}")[1].split("{last}")[0] not in one_day


# Articles: a kit, a square and a story only with `Kit: yes`; nothing drawn that nothing links to.

KIT_FILES = {
    "news/with-kit.uk.md": """
        Title: Відкрито прийом заявок
        Date: 2017-05-02 10:00
        Summary: Заявки на «Кухню ідей» приймаємо до кінця травня.
        Kit: yes

        Текст.
        """,
    "news/with-kit.en.md": """
        Title: Applications are open
        Date: 2017-05-02 10:00
        Summary: We take applications for the Kitchen of ideas until the end of May.
        Kit: yes

        Text.
        """,
    "news/plain.uk.md": """
        Title: Звіт за квітень
        Date: 2017-05-01 10:00

        Текст.
        """,
    "news/plain.en.md": """
        Title: April report
        Date: 2017-05-01 10:00
        Kit: no

        Text.
        """,
    "events/talk.en.md": """
        Title: Talk
        Start: 2017-06-01 18:00
        Location: Vilna Khata
        """,
    "pages/about.en.md": """
        Title: About us

        A page.
        """,
}

#: Files a scan for addresses reads: pages, feeds, the sitemap, the manifest, sw.js...
TEXT_SUFFIXES = {".html", ".xml", ".json", ".webmanifest", ".js", ".txt", ".ics", ".css",
                 "_headers"}
_ADDRESS = re.compile(r"""(?:https?://[^\s"'<>()\\]+|(?<=["'(\s])/[^\s"'<>()\\]*)""")


def linked_paths(site: Path, public: str) -> set[str]:
    """The site paths (`en/cards/news/x.png`) that some page or file of ``site`` names:
    every attribute of every HTML element (resolved against its page), and every
    absolute or root-relative address in any text file (JSON-LD, the manifest, the
    service worker's precache list, feeds, the sitemap)."""
    found: set[str] = set()

    def add(base: str, value: str) -> None:
        if value.startswith(public + "/"):
            value = value[len(public):]
        parts = urlsplit(urljoin(base, value.strip()))
        if parts.netloc == "x.invalid":  # this site; other hosts and mailto: are not
            found.add(posixpath.normpath(unquote(parts.path)).lstrip("/"))

    for path in site.rglob("*"):
        if not path.is_file() or not ({path.suffix, path.name} & TEXT_SUFFIXES):
            continue
        base = "http://x.invalid/" + path.relative_to(site).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            for element in lxml.html.fromstring(text.encode()).iter():
                for name, value in element.attrib.items():
                    values = value.split(",") if name == "srcset" else [value]
                    for one in values:
                        if one.strip():
                            add(base, one.strip().split(" ")[0])
        for match in _ADDRESS.finditer(text):
            add(base, match.group(0))
    return found


def unlinked_images(site: Path, public: str) -> list[str]:
    images = [p.relative_to(site).as_posix() for folder in ("cards", "en/cards")
              for p in (site / folder).rglob("*") if p.is_file()]
    assert images, site
    return sorted(set(images) - linked_paths(site, public))


def _built(text: str) -> dict[str, int]:
    found = re.search(r"^built (\d+) pages, (\d+) cards, (\d+) images, (\d+) posters in ",
                      text, re.M)
    assert found, text
    return dict(zip(("pages", "cards", "images", "posters"), map(int, found.groups()),
                    strict=True))


def test_an_article_gets_a_kit_square_and_story_only_when_it_asks(tmp_path, capsys):
    content = write_files(tmp_path / "content", KIT_FILES)
    out = tmp_path / "out"
    assert build_into(out, content) == 0
    counted = _built(capsys.readouterr().out)
    for prefix in ("", "en/"):
        kit = out / prefix / "news/with-kit/kit/index.html"
        page = lxml.html.fromstring(kit.read_bytes())
        assert len(page.xpath("//main//img")) == 3
        short = page.xpath("string(//textarea[@id='post-short'])")
        assert short.endswith(f"{PUBLIC}/{prefix}news/with-kit/")
        poster = out / prefix / "news/with-kit/poster.pdf"
        assert ("НОВИНИ" if not prefix else "NEWS") in _text(poster)
        assert _qr(poster).text == f"{PUBLIC}/{prefix}news/with-kit/"
        for fmt in ("square", "story"):
            assert (out / prefix / f"cards/news/with-kit.{fmt}.png").is_file()
            assert not (out / prefix / f"cards/news/plain.{fmt}.png").exists()
        assert (out / prefix / "cards/news/plain.png").is_file()  # its link-preview card
        assert not (out / prefix / "news/plain/kit").exists()
        assert not (out / prefix / "news/plain/poster.pdf").exists()
    assert unlinked_images(out, PUBLIC) == []
    # The build's last line counts what it made.
    pngs = [p.name for p in out.rglob("*.png") if "cards" in p.relative_to(out).parts]
    images = [n for n in pngs if n.endswith((".square.png", ".story.png"))]
    assert counted == {"pages": sum(1 for _ in out.rglob("*.html")),
                       "cards": len(pngs) - len(images), "images": len(images),
                       "posters": sum(1 for _ in out.rglob("poster.pdf"))}
    assert (counted["images"], counted["posters"]) == (6, 3)  # with-kit (uk, en), the talk


def test_every_image_of_the_real_site_is_linked_from_a_page_or_file(site):
    assert unlinked_images(site, PUBLIC) == []


def test_the_scan_finds_an_image_nothing_links_to(tmp_path):
    (tmp_path / "cards" / "news").mkdir(parents=True)
    for name in ("a.png", "a.square.png"):
        (tmp_path / "cards" / "news" / name).write_bytes(b"png")
    (tmp_path / "index.html").write_text(
        f'<html><head><meta property="og:image" content="{PUBLIC}/cards/news/a.png">'
        '</head><body></body></html>', encoding="utf-8")
    assert unlinked_images(tmp_path, PUBLIC) == ["cards/news/a.square.png"]


def test_kit_says_yes_or_no_and_the_same_in_both_languages(tmp_path, monkeypatch):
    from pelican.settings import read_settings

    from checks.runner import check_content

    monkeypatch.chdir(tmp_path)
    write_files(tmp_path / "content", {
        "news/maybe.en.md": "Title: Maybe\nDate: 2017-05-01\nKit: maybe\n\nText.\n",
        "news/half.uk.md": "Title: Половина\nDate: 2017-05-01\nKit: yes\n\nТекст.\n",
        "news/half.en.md": "Title: Half\nDate: 2017-05-01\n\nText.\n"})
    settings = read_settings(str(ROOT / "pelicanconf.py"),
                             override={"PATH": str(tmp_path / "content")})
    assert [str(p) for p in check_content(settings)] == [
        "content/news/half.uk.md:3: kit: yes here but no in content/news/half.en.md:1; the "
        "two languages must agree, correct one of the two files",
        "content/news/maybe.en.md:3: kit: 'maybe' is not a choice; write `Kit: yes` for a "
        "campaign kit (a poster, images, post texts) or leave the line out"]
