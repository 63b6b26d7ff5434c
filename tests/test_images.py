"""Responsive images: sizes, markup, no EXIF, cache, and the alt-text check."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from conftest import build_into, write_files
from htmltools import parse
from images.config import read_image_settings
from images.process import cache_key


def _jpeg_with_gps_and_rotation(path, size=(4000, 3000)):
    image = Image.new("RGB", size, (200, 30, 30))
    # A marker in the top-left corner shows where "up" was before rotation.
    image.paste((10, 10, 200), (0, 0, 400, 300))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x010F] = "PhoneMaker"
    gps = {1: "N", 2: (48.0, 44.0, 20.0), 3: "E", 4: (37.0, 33.0, 5.0)}
    exif[0x8825] = gps
    image.save(path, "JPEG", quality=95, exif=exif.tobytes())


@pytest.fixture(scope="module")
def image_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("images")
    content = write_files(root / "content", {
        "news/photos.en.md": """
            Title: Photos
            Date: 2017-05-01 10:00
            Image: {static}/images/phone.jpg
            Image_alt: The hall before the meeting

            ![A red wall]({static}/images/phone.jpg)

            ![A transparent logo]({static}/images/logo.png)

            ![A map]({static}/images/map.svg)
            """,
    })
    images = content / "images"
    images.mkdir()
    _jpeg_with_gps_and_rotation(images / "phone.jpg")
    logo = Image.new("RGBA", (600, 300), (0, 0, 0, 0))
    logo.paste((0, 80, 168, 255), (100, 50, 500, 250))
    logo.save(images / "logo.png")
    (images / "map.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="32"></svg>',
        encoding="utf-8")
    out = root / "output"
    assert build_into(out, content) == 0
    return root, content, out


def test_widths_and_formats_are_produced(image_site):
    _, _, out = image_site
    made = sorted(p.name for p in (out / "images").iterdir())
    assert made == sorted([
        "logo-480.png", "logo-480.webp", "logo-600.png", "logo-600.webp", "logo.png",
        "map.svg",
        "phone-480.jpg", "phone-480.webp", "phone-960.jpg", "phone-960.webp",
        "phone-1600.jpg", "phone-1600.webp", "phone.jpg"])
    with Image.open(out / "images" / "phone-960.jpg") as img:
        # 4000x3000 turned upright is 3000x4000; 960 wide keeps the ratio.
        assert img.size == (960, 1280)
        assert img.getpixel((950, 10))[2] > 150  # the blue marker moved to the top right
    with Image.open(out / "images" / "phone.jpg") as img:
        assert img.size == (1600, 2133)
    with Image.open(out / "images" / "logo-480.png") as img:
        assert img.mode == "RGBA" and img.getpixel((0, 0))[3] == 0


def test_no_metadata_is_published(image_site):
    _, _, out = image_site
    paths = sorted((out / "images").glob("phone*"))
    assert len(paths) == 7  # the original and six derivatives
    for path in paths:
        data = path.read_bytes()
        assert b"PhoneMaker" not in data and b"Exif" not in data, path
        with Image.open(path) as img:
            assert not img.getexif(), path
            assert "exif" not in img.info and "gps" not in str(img.info).lower()


def test_markup_is_a_responsive_picture(image_site):
    _, _, out = image_site
    doc = parse(out / "en" / "news" / "photos" / "index.html")
    pictures = doc.xpath("//picture")
    assert len(pictures) == 3  # hero + two raster images; the SVG stays an <img>
    hero, wall, logo = pictures
    source = hero.find("source")
    assert source.get("type") == "image/webp"
    assert source.get("srcset").endswith("phone-1600.webp 1600w")
    img = hero.xpath(".//img")[0]
    assert img.get("width") == "1600" and img.get("height") == "2133"
    assert img.get("loading") == "eager" and img.get("decoding") == "async"
    assert img.get("alt") == "The hall before the meeting"
    assert wall.xpath(".//img")[0].get("loading") == "lazy"
    assert logo.xpath(".//img")[0].get("src").endswith("logo-600.png")
    svg = doc.xpath("//img[contains(@src, 'map.svg')]")[0]
    assert svg.get("loading") == "lazy" and svg.get("alt") == "A map"


def test_images_are_processed_once_per_change(image_site, tmp_path, caplog):
    root, content, _ = image_site
    cache = root / "output-cache" / "images"
    entries = {p.name for p in cache.iterdir()}
    assert len(entries) == 2  # phone.jpg and logo.png
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("*")}
    assert build_into(root / "output", content) == 0
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*")} == before
    conf = read_image_settings({})
    old_key = cache_key(content / "images" / "logo.png", conf)
    Image.new("RGBA", (300, 300), (255, 0, 0, 128)).save(content / "images" / "logo.png")
    assert cache_key(content / "images" / "logo.png", conf) != old_key
    assert build_into(root / "output", content) == 0
    assert len({p.name for p in cache.iterdir()}) == 3
    with Image.open(root / "output" / "images" / "logo.png") as img:
        assert img.size == (300, 300)


def test_phone_downloads_at_most_150_kb_per_image(image_site):
    _, _, out = image_site
    paths = sorted((out / "images").glob("*-960.*"))
    assert [p.name for p in paths] == ["phone-960.jpg", "phone-960.webp"]
    for path in paths:
        assert path.stat().st_size <= 150 * 1024, path


def test_missing_alt_text_is_an_error(tmp_path, capfd, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = write_files(tmp_path / "content", {
        "news/no-alt.uk.md": "Title: Без опису\nDate: 2017-05-01\n"
                             "Image: {static}/images/a.png\n\n"
                             "Текст.\n\n![]({static}/images/a.png)\n\n<img src=\"x.png\">\n",
    })
    (content / "images").mkdir()
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "PNG")
    (content / "images" / "a.png").write_bytes(buffer.getvalue())
    assert build_into(tmp_path / "out", content) == 1
    err = capfd.readouterr().err
    assert "content/news/no-alt.uk.md:3: image_alt: missing" in err
    assert "content/news/no-alt.uk.md:7: image: {static}/images/a.png has no alt text" in err
    assert "content/news/no-alt.uk.md:9: image: <img> without alt text" in err


def _phone_pick(srcset: str, width_px: int = 656) -> str:
    """The candidate a 360 px wide phone at 2x picks for sizes=calc(100vw - 2rem)."""
    candidates = sorted((int(w.rstrip("w")), url) for url, w in
                        (c.strip().rsplit(" ", 1) for c in srcset.split(",")))
    return next((url for w, url in candidates if w >= width_px), candidates[-1][1])


def test_the_real_sites_phone_images_stay_under_150_kb(site):
    from htmltools import html_pages, resolve

    checked = 0
    for page in html_pages(site):
        doc = parse(page)
        for picture in doc.xpath("//picture"):
            for srcset in picture.xpath(".//source/@srcset | .//img/@srcset"):
                target = resolve(site, page, _phone_pick(srcset))
                assert target.exists(), target
                assert target.stat().st_size <= 150 * 1024, target
                checked += 1
    assert checked >= 4
