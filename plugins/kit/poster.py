"""An A4 poster for a noticeboard: one page of real, searchable text and a vector QR code.

Made with fpdf2 (the PDF) and segno (the QR code), both through their public
APIs. The text is Noto Sans, embedded and subset, so Cyrillic prints as it
reads on screen. Everything is black on white except the platform's yellow
band, which an office black-and-white printer turns into light grey; a
cancelled or postponed event gets a black banner that prints as it is.
The same data always gives the same bytes (the creation date is the
content's, not the clock's).

fpdf2 and segno are imported when a poster is drawn, not with the plugin: most
builds find every poster in the cache and need neither.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from common.files import write_atomic

if TYPE_CHECKING:
    from fpdf import FPDF

WIDTH, HEIGHT = 595.28, 841.89  # A4 in points
MARGIN = 48
YELLOW = (255, 213, 0)
INK = (27, 28, 31)
QR_SIZE = 130  # points: 4.6 cm, scanned from a step back
TITLE_LINES = 6  # the most lines of a title at its smallest size
LOGO_HEIGHT = 40  # points: the partners' logos strip above the QR code
PHOTO_MIN = 110  # points: a photo gets at least this height, or is left out
PHOTO_MAX = 300
TITLE_SIZES = (40, 34, 28, 24)  # points, the first at which the title fits four lines
PHOTO_TITLE_SIZES = (32, 28, 24)
#: The creation date of a poster whose item has no date: any constant keeps builds
#: reproducible; this one is the platform's presentation.
UNDATED = datetime(2017, 4, 7, tzinfo=UTC)
#: A fixed QR mask: segno otherwise draws and scores all eight for every poster, and
#: any of them scans. 6 is the one it picks most often for the site's addresses.
QR_MASK = 6
#: What the poster fonts leave out: fpdf2 reads the whole font file for every
#: poster and subsets it again, and it shapes no text, so OpenType layout tables
#: and hinting are never used in a PDF it writes.
LAYOUT_TABLES = ("GDEF", "GPOS", "GSUB")


@dataclass(frozen=True)
class Poster:
    """What a poster shows, in its language."""

    lang: str
    site: str  # the platform's name
    kind: str  # ПОДІЯ / EVENT, КУРС / COURSE
    title: str
    when: str  # the date and time line as the page shows it
    place: str
    summary: str
    register: str  # how to register, or ""
    url: str  # the page's absolute production address
    banner: str = ""  # СКАСОВАНО / CANCELLED ...
    scan: str = ""  # "Scan to open the page", beside the QR code
    stamp: datetime | None = None  # the content's date, for the PDF's creation date
    series: str = ""  # for a series: "and 11 more dates, the last on ..."
    #: The item's photo (its `Image:`), a file path, and its bytes' hash for the cache.
    photo: str = ""
    photo_digest: str = ""
    #: The partners' logos (content/partners.yml): (SVG path, its bytes' hash) pairs,
    #: and the caption above them ("Partners and funding").
    logos: tuple[tuple[str, str], ...] = ()
    logos_caption: str = ""


def _sentences(text: str, limit: int = 3, chars: int = 420) -> str:
    """The first sentences of ``text`` (at most ``limit``, about ``chars`` characters)."""
    words = " ".join(text.split())
    sentences = words.replace("! ", "!\n").replace("? ", "?\n").replace(". ", ".\n")
    kept: list[str] = []
    for sentence in sentences.split("\n"):
        if kept and (len(kept) >= limit or len(" ".join([*kept, sentence])) > chars):
            break
        kept.append(sentence)
    return " ".join(kept)


def _ellipsized(pdf: FPDF, line: str, width: float) -> str:
    """``line`` with "…" at its end, shortened (at a space when it has one) to fit."""
    while line and pdf.get_string_width(line + "…") > width:
        line = line.rsplit(" ", 1)[0] if " " in line else line[:-1]
    return line.rstrip(" ,.;:") + "…"


def poster_fonts(fonts: dict[str, Path], coverage: frozenset[int],
                 folder: Path) -> dict[str, Path]:
    """Lighter copies of ``fonts`` for the posters, kept in ``folder``.

    Each keeps only the code points of ``coverage`` (all a poster's text can
    hold: it is cleaned with the same set), without layout tables and hinting,
    so that fpdf2 has less to read and subset in every poster. A copy is named
    by the digest of its font file, the code points and fontTools' version, and
    made only when that name is missing; older copies are removed.
    """
    codes = ",".join(map(str, sorted(coverage))).encode()
    wanted: dict[str, Path] = {}
    for style, path in fonts.items():
        digest = hashlib.sha256(path.read_bytes())
        digest.update(codes + version("fonttools").encode())
        target = folder / f"{path.stem}-{digest.hexdigest()[:16]}.ttf"
        if not target.is_file():
            write_atomic(target, _lighter_font(path, coverage))
        wanted[style] = target
    for old in folder.glob("*.ttf"):
        if old not in wanted.values():
            old.unlink(missing_ok=True)
    return wanted


def _lighter_font(path: Path, coverage: frozenset[int]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True  # fpdf2 keeps .notdef's outline too
    options.glyph_names = True
    # The outlines stay as they are: their bounding boxes need no new sums.
    with TTFont(str(path), recalcTimestamp=False, recalcBBoxes=False) as font:
        for tag in LAYOUT_TABLES:
            if tag in font:
                del font[tag]  # before subsetting, which would read them first
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=coverage)
        subsetter.subset(font)
        # Glyph names stored in the file (post table version 2, set up as
        # fontTools' FontBuilder.setupPost does): otherwise every poster works
        # them out again from the cmap when fpdf2 opens the font.
        post = font["post"]
        post.formatType, post.extraNames, post.mapping = 2.0, [], {}
        data = io.BytesIO()
        font.save(data)
    return data.getvalue()


def render_poster(poster: Poster, fonts: dict[str, Path]) -> bytes:
    """The poster as PDF bytes. ``fonts``: {"regular": path, "bold": path} (TTF),
    best those of `poster_fonts`."""
    import segno
    from fpdf import FPDF

    pdf = FPDF(orientation="portrait", unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font("Noto", "", str(fonts["regular"]))
    pdf.add_font("Noto", "B", str(fonts["bold"]))
    pdf.set_title(poster.title)
    pdf.set_author(poster.site)
    pdf.set_lang(poster.lang)
    pdf.set_creator(poster.site)
    pdf.set_producer("fpdf2")
    # The content's date, never the clock, so that a build is reproducible.
    pdf.set_creation_date(poster.stamp or UNDATED)
    pdf.add_page()
    inner = WIDTH - 2 * MARGIN

    # The platform's band: its name and the kind of item.
    pdf.set_fill_color(*YELLOW)
    pdf.rect(0, 0, WIDTH, 110, style="F")
    pdf.set_text_color(*INK)
    pdf.set_xy(MARGIN, 34)
    pdf.set_font("Noto", "B", 20)
    pdf.multi_cell(inner, 24, poster.site, align="L")
    pdf.set_xy(MARGIN, 80)
    pdf.set_font("Noto", "B", 12)
    pdf.cell(inner, 14, poster.kind.upper())

    y = 140
    if poster.banner:
        pdf.set_fill_color(*INK)
        pdf.rect(0, y - 8, WIDTH, 52, style="F")
        pdf.set_text_color(255, 255, 255)
        pdf.set_xy(MARGIN, y)
        pdf.set_font("Noto", "B", 26)
        pdf.cell(inner, 36, poster.banner.upper(), align="C")
        pdf.set_text_color(*INK)
        y += 64

    left, top = MARGIN, HEIGHT - MARGIN - QR_SIZE - 34
    # The partners' logos in a strip above the QR code; a photo between the band and
    # the title, as tall as the text leaves room for, so the page has no large blank.
    bottom = top - 16
    if poster.logos:
        bottom = _logos(pdf, poster, top - 16 - LOGO_HEIGHT, inner) - 16
    sizes = TITLE_SIZES
    if poster.photo:
        # Beside a photo the title is smaller: the photo says at a glance what it is.
        sizes = PHOTO_TITLE_SIZES
        with pdf.offset_rendering() as trial:
            text_end = _text(trial, poster, y, inner, sizes)
        room = bottom - text_end - 20
        if room >= PHOTO_MIN and _photo(pdf, poster.photo, y, min(room, PHOTO_MAX), inner):
            y += min(room, PHOTO_MAX) + 20
        else:
            sizes = TITLE_SIZES
    _text(pdf, poster, y, inner, sizes)

    # The QR code at the foot, the address printed under it.
    qr = segno.make(poster.url, error="m", boost_error=False, mask=QR_MASK)
    modules = len(qr.matrix)
    border = 2
    unit = QR_SIZE / (modules + 2 * border)
    pdf.set_fill_color(0, 0, 0)
    for row, values in enumerate(qr.matrix):
        start = None
        for col, dark in enumerate([*values, 0]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                # One rectangle per run of dark modules: fewer shapes, the same code.
                pdf.rect(left + (border + start) * unit, top + (border + row) * unit,
                         (col - start) * unit, unit, style="F")
                start = None
    pdf.set_xy(left + QR_SIZE + 18, top + 40)
    pdf.set_font("Noto", "B", 14)
    pdf.multi_cell(inner - QR_SIZE - 18, 18, poster.scan, align="L")
    pdf.set_xy(MARGIN, top + QR_SIZE + 8)
    for size in (11, 10, 9, 8):
        pdf.set_font("Noto", "", size)
        if pdf.get_string_width(poster.url) <= inner:
            break
    pdf.cell(inner, 14, poster.url)
    return bytes(pdf.output())


def _logos(pdf: FPDF, poster: Poster, y: float, inner: float) -> float:
    """The logos side by side at ``y``, each LOGO_HEIGHT tall (smaller when they do not
    fit the width), drawn from their SVG by fpdf2, a caption and a rule above them;
    returns the top of what was drawn."""
    from defusedxml import ElementTree

    aspects = []
    for path, _ in poster.logos:
        box = ElementTree.parse(path).getroot().get("viewBox", "0 0 1 1").split()
        aspects.append(float(box[2]) / float(box[3]))
    gap = 18
    height = min(LOGO_HEIGHT, (inner - gap * (len(aspects) - 1)) / sum(aspects))
    x = MARGIN
    for (path, _), aspect in zip(poster.logos, aspects, strict=True):
        pdf.image(path, x=x, y=y + (LOGO_HEIGHT - height) / 2, w=height * aspect, h=height)
        x += height * aspect + gap
    top = y
    if poster.logos_caption:
        top = y - 20
        pdf.set_xy(MARGIN, top)
        pdf.set_font("Noto", "", 9)
        pdf.cell(inner, 12, poster.logos_caption.upper())
    pdf.set_draw_color(200, 200, 200)
    pdf.line(MARGIN, top - 6, WIDTH - MARGIN, top - 6)
    return top - 6


def _photo(pdf: FPDF, path: str, top: float, height: float, inner: float) -> bool:
    """The photo cropped to fill the width at ``top``, ``height`` tall; False when it
    cannot be read."""
    from PIL import Image, ImageOps

    try:
        with Image.open(path) as source:
            picture = ImageOps.exif_transpose(source).convert("RGB")
    except (OSError, ValueError):
        return False  # the content checks report a broken picture
    # 200 dpi at the printed size: sharp on paper, small in the file.
    scale = 200 / 72
    picture = ImageOps.fit(picture, (round(inner * scale), round(height * scale)),
                           Image.Resampling.LANCZOS)
    jpeg = io.BytesIO()  # embedded as a JPEG: a tenth of the raw pixels' size
    picture.save(jpeg, "JPEG", quality=85)
    pdf.image(jpeg, x=MARGIN, y=top, w=inner, h=height)
    return True

def _text(pdf: FPDF, poster: Poster, y: float, inner: float, sizes: tuple[int, ...]) -> float:
    """The title, date, place, summary and registration from ``y`` down; returns where
    they end."""
    # The title: as large as fits in four lines; at the smallest size, at most six
    # (fpdf2 breaks a word longer than a line), the last ending with an ellipsis.
    for size in sizes:
        pdf.set_font("Noto", "B", size)
        lines = pdf.multi_cell(inner, size * 1.15, poster.title, dry_run=True,
                               output="LINES")
        if len(lines) <= 4:
            break
    if len(lines) > TITLE_LINES:
        lines = [*lines[:TITLE_LINES - 1], _ellipsized(pdf, lines[TITLE_LINES - 1], inner)]
    for line in lines:
        pdf.set_xy(MARGIN, y)
        pdf.cell(inner, size * 1.15, line)
        y += size * 1.15
    y += 18

    for text, style, size in ((poster.when, "B", 18), (poster.series, "", 15),
                              (poster.place, "", 16)):
        if text:
            pdf.set_xy(MARGIN, y)
            pdf.set_font("Noto", style, size)
            pdf.multi_cell(inner, size * 1.3, text, align="L")
            y = pdf.get_y() + 8
    if poster.summary:
        pdf.set_xy(MARGIN, y + 10)
        pdf.set_font("Noto", "", 13)
        pdf.multi_cell(inner, 18, _sentences(poster.summary), align="L")
        y = pdf.get_y() + 8
    if poster.register:
        pdf.set_xy(MARGIN, y + 6)
        pdf.set_font("Noto", "B", 13)
        pdf.multi_cell(inner, 18, poster.register, align="L")
        y = pdf.get_y()
    return y

