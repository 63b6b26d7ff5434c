"""Partners and donors (content/partners.yml): checks, footer, poster, story and square."""

from __future__ import annotations

import shutil

import lxml.html
import pypdfium2 as pdfium
from PIL import Image

from conftest import ROOT, build_into, write_files

LOGOS = ROOT / "content" / "images" / "partners"
PARTNERS = """
partners:
  - key: bmz
    name: {uk: Міністерство, en: Ministry}
    role: funder
    logo: images/partners/bmz-placeholder.svg
    link: https://www.bmz.de/
    show: [footer, poster, story, square]
"""
EVENT = """
Title: {title}
Slug: meet
Lang: {lang}
Start: 2017-05-20 15:00
Location: Вільна Хата
{image}
Зустріч.
"""


def _site(root, partners=PARTNERS, image=""):
    shutil.copytree(LOGOS, root / "images" / "partners")
    files = {"partners.yml": partners}
    for lang, title in (("uk", "Зустріч"), ("en", "Meeting")):
        files[f"events/meet.{lang}.md"] = EVENT.format(title=title, lang=lang, image=image)
    return write_files(root, files)


def test_partner_logos_are_in_the_footer_story_square_and_poster(tmp_path):
    out = tmp_path / "out"
    assert build_into(out, _site(tmp_path / "content")) == 0
    html = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert 'alt="Ministry"' in html and "partners/bmz-placeholder.svg" in html
    # The logo's box is known before the SVG loads (it is lazy): a link with a
    # zero-width image is too small a touch target until then.
    [img] = lxml.html.fromstring(html).xpath("//ul[@class='partner-logos']//img")
    assert (img.get("width"), img.get("height")) == (str(round(48 * 208 / 100)), "48")
    assert (out / "images/partners/bmz-placeholder.svg").is_file()
    # The white plate of the logos, with the logo's dark ink on it.
    for name, box in (("story", (96, 1558, 984, 1666)), ("square", (660, 946, 984, 1046))):
        with Image.open(out / f"cards/event/meet.{name}.png") as png:
            area = png.convert("RGB").crop(box)
        colours = {c for _, c in area.getcolors(1 << 16)}
        assert (255, 255, 255) in colours
        assert min(sum(c) for c in colours) < 150
    pdf = pdfium.PdfDocument((out / "events/meet/poster.pdf").read_bytes())
    page = pdf[0].render(scale=1).to_pil().convert("L")
    # The logos' strip, above the QR code, has ink.
    assert page.crop((48, 560, 547, 610)).getextrema()[0] < 100


def test_a_photo_fills_the_poster(tmp_path):
    out = tmp_path / "out"
    content = _site(tmp_path / "content",
                    image="Image: {static}/images/photo.png\nImage_alt: A red wall")
    Image.new("RGB", (800, 500), (200, 30, 30)).save(content / "images" / "photo.png")
    assert build_into(out, content) == 0
    pdf = pdfium.PdfDocument((out / "events/meet/poster.pdf").read_bytes())
    page = pdf[0].render(scale=1).to_pil().convert("RGB")
    red = sum(1 for r, g, b in page.get_flattened_data() if r > 150 and g < 80 and b < 80)
    assert red > 50_000  # the photo, at least 500 x 100 points of it


def test_a_missing_or_broken_logo_is_reported_and_nothing_written(tmp_path, capsys):
    bad = PARTNERS.replace("bmz-placeholder.svg", "nope.svg") + """\
  - key: broken
    name: {uk: Зламаний, en: Broken}
    role: donor
    logo: images/partners/broken.svg
    show: [footer]
"""
    content = _site(tmp_path / "content", partners=bad)
    (content / "images/partners/broken.svg").write_text("<svg><g></svg>")
    out = tmp_path / "out"
    assert build_into(out, content) != 0
    err = capsys.readouterr().err
    assert "partners.yml:5: logo: 'images/partners/nope.svg': no such file" in err
    assert "partners.yml:10: role: 'donor' is not one of funder" in err
    assert "partners.yml:11: logo: images/partners/broken.svg: not valid SVG" in err
    assert "Traceback" not in err
    assert not out.exists() or not any(out.rglob("*.html"))


def test_a_logos_plate_without_contrast_is_refused(tmp_path):
    from cards.layout import LayoutError, load_layout

    text = (ROOT / "theme/cards/story.toml").read_text(encoding="utf-8")
    layout = tmp_path / "cards" / "story.toml"
    layout.parent.mkdir()
    layout.write_text(text.replace('plate = "#ffffff"', 'plate = "#102a50"')
                      .replace("../fonts/", str(ROOT / "theme/fonts") + "/"), encoding="utf-8")
    try:
        load_layout(layout)
    except LayoutError as exc:
        assert "plate" in str(exc) and "contrast" in str(exc)
    else:
        raise AssertionError("a dark plate on a dark card was accepted")


