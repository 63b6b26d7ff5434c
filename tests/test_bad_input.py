"""Bad pictures and bad aliases, as a new editor might write them: each is one
`path:line: field: message` from the content checks, the build fails (strict mode),
the output is left as it was, and no traceback is printed."""

from __future__ import annotations

import io
import random
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from pelican.settings import read_settings
from PIL import Image

from conftest import CONF, build_into, write_files
from images.config import read_image_settings
from images.rules import picture_problem


def _jpeg(size=(64, 64)) -> bytes:
    noise = random.Random(3).randbytes(size[0] * size[1] * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, noise).save(buffer, "JPEG")
    return buffer.getvalue()


def _cut(data: bytes) -> bytes:
    """The first two thirds: the header is whole, the picture is not."""
    return data[:len(data) * 2 // 3]


def _noise_png(size=(64, 64)) -> bytes:
    noise = random.Random(5).randbytes(size[0] * size[1] * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, noise).save(buffer, "PNG")
    return buffer.getvalue()


#: The site's picture limit (IMAGE_MAX_PIXELS), in pixels and in megapixels.
LIMIT = read_image_settings(read_settings(CONF)).max_pixels
MEGAPIXELS = LIMIT // 1_000_000


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` pixels in a few dozen bytes: what a
    decompression bomb looks like to anything that reads only its header."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))


def _news(extra: str = "", body: str = "The text.") -> str:
    return f"Title: Bad\nDate: 2017-04-07 18:00\nCategory: News\n{extra}\n{body}\n"


CASES = {
    "truncated JPEG in Image:": (
        {"news/bad.en.md": _news("Image: {static}/images/cut.jpg\nImage_alt: A hall\n")},
        {"images/cut.jpg": _cut(_jpeg())},
        "content/news/bad.en.md:4: image: {static}/images/cut.jpg is cut short"),
    "truncated PNG in the body": (
        {"news/bad.en.md": _news(body="![A hall]({static}/images/cut.png)")},
        {"images/cut.png": _cut(_noise_png())},
        "content/news/bad.en.md:5: image: {static}/images/cut.png is cut short"),
    "not a picture at all": (
        {"news/bad.en.md": _news(body="Text.\n\n<img src=\"/images/text.jpg\" alt=\"A hall\">")},
        {"images/text.jpg": b"this is not a picture\n"},
        "content/news/bad.en.md:7: image: /images/text.jpg cannot be read as a picture"),
    "a format the pipeline does not take": (
        {"news/bad.en.md": _news(body="![A hall]({static}/images/phone.heic)")},
        {"images/phone.heic": b"\x00\x00\x00\x18ftypheic" + bytes(64)},
        "content/news/bad.en.md:5: image: {static}/images/phone.heic .heic is not a "
        "picture format the site takes"),
    "a PNG named .jpg": (
        {"news/bad.en.md": _news(body="![A hall]({static}/images/named.jpg)")},
        {"images/named.jpg": _noise_png()},
        "content/news/bad.en.md:5: image: {static}/images/named.jpg is a PNG file named "
        ".jpg"),
    "a decompression bomb": (
        {"news/bad.en.md": _news(body="![A hall]({static}/images/bomb.png)")},
        {"images/bomb.png": _png_header(12_000, 12_000)},
        "content/news/bad.en.md:5: image: {static}/images/bomb.png is 12000x12000 pixels, "
        f"more than {MEGAPIXELS} megapixels"),
    "a bigger bomb, which Pillow itself refuses": (
        {"news/bad.en.md": _news("Image: {static}/images/huge.png\nImage_alt: A hall\n")},
        {"images/huge.png": _png_header(20_000, 20_000)},
        "content/news/bad.en.md:4: image: {static}/images/huge.png has more than "
        f"{MEGAPIXELS} megapixels"),
    "a truncated picture nothing shows": (
        {}, {"images/orphan.jpg": _cut(_jpeg())},
        "content/images/orphan.jpg:1: image: this picture is cut short"),
    "an alias out of the site": (
        {"news/bad.en.md": _news("Aliases: /en/../../etc/\n")}, {},
        "content/news/bad.en.md:4: aliases: /en/../../etc/ holds a . or .. folder"),
    "an alias to another host": (
        {"news/bad.en.md": _news("Aliases: //evil.example/en/x/\n")}, {},
        "content/news/bad.en.md:4: aliases: //evil.example/en/x/ starts with //"),
    "an alias with a scheme": (
        {"news/bad.en.md": _news("Aliases: /javascript:alert(1)\n")}, {},
        "content/news/bad.en.md:4: aliases: /javascript:alert(1) holds a scheme"),
    "an alias in the other language": (
        {"news/bad.en.md": _news("Aliases: /news/old/\n")}, {},
        "content/news/bad.en.md:4: aliases: /news/old/ is not an address of the en pages"),
}


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> tuple[Path, Path, dict]:
    """A site built once: every bad build below must leave it byte for byte."""
    root = tmp_path_factory.mktemp("bad-input")
    content = write_files(root / "content", {
        "news/good.en.md": _news(body="![A red wall]({static}/images/wall.jpg)")})
    (content / "images").mkdir()
    (content / "images" / "wall.jpg").write_bytes(_jpeg((800, 600)))
    out = root / "out"
    assert build_into(out, content) == 0
    return content, out, {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_one_message_and_leaves_the_output(good, tmp_path, capfd, monkeypatch,
                                                        case):
    texts, pictures, expected = CASES[case]
    base, out, before = good
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "content"
    shutil.copytree(base, content)
    write_files(content, texts)
    for name, data in pictures.items():
        (content / name).write_bytes(data)
    capfd.readouterr()
    assert build_into(out, content) == 1
    captured = capfd.readouterr()
    err = captured.err + captured.out
    assert expected in err, err
    assert [line for line in err.splitlines() if ": image: " in line
            or ": aliases: " in line] == [next(line for line in err.splitlines()
                                               if expected in line)], err
    assert "Traceback" not in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_the_sites_picture_limit_passes_a_phone_photo_and_refuses_a_pixel_more(tmp_path):
    width = 8_000  # a phone photo's long side
    under, over = tmp_path / "under.png", tmp_path / "over.png"
    under.write_bytes(_png_header(width, LIMIT // width))
    over.write_bytes(_png_header(width, LIMIT // width + 1))
    assert picture_problem(under, LIMIT) is None
    assert f"more than {MEGAPIXELS} megapixels" in picture_problem(over, LIMIT)
    # The limit is a setting: a lower one refuses the photo the site's limit takes.
    assert "more than 1 megapixels" in picture_problem(under, 1_000_000)
    whole = tmp_path / "whole.jpg"
    whole.write_bytes(_jpeg() + b"trailer a phone wrote after the picture")
    assert picture_problem(whole, LIMIT) is None
