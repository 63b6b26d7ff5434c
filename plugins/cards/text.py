"""Card text: keep only what the font can draw, wrap by measured width, size titles to fit.

Rules: a line never breaks inside a word, except a single word longer than the
line at the smallest size, which is broken (after its own hyphens first, else
between letters with a hyphen added); an ellipsis appears only when the text
has more lines than the layer allows, and it follows a whole word.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from PIL import ImageFont

ELLIPSIS = "\u2026"
HYPHEN = "-"
#: Spaces that must not break a line (kept inside a word).
NO_BREAK = "\u00a0\u202f\u2007"
#: Trailing characters dropped before an ellipsis ("word,…" reads badly).
_BEFORE_ELLIPSIS = " ,;:.-\u2013\u2014" + NO_BREAK


#: Characters with no visible glyph of their own: dropped without a word.
_SILENT = ("Cc", "Cf", "Cs", "Co", "Cn")


def _variation_selector(char: str) -> bool:
    code = ord(char)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def clean(text: str, coverage: frozenset[int]) -> tuple[str, tuple[str, ...]]:
    """Text the font can draw, and the visible characters dropped from it (emoji, ...).

    Line breaks and tabs become spaces, runs of spaces collapse; format
    characters (zero-width joiners, soft hyphens) and variation selectors go
    without a word, since the basic layout engine would not use them anyway.
    """
    kept: list[str] = []
    dropped: list[str] = []
    for char in unicodedata.normalize("NFC", text or ""):
        if char in NO_BREAK and ord(char) in coverage:
            kept.append(char)
        elif char.isspace():
            kept.append(" ")
        elif unicodedata.category(char) in _SILENT or _variation_selector(char):
            continue
        elif ord(char) in coverage:
            kept.append(char)
        else:
            dropped.append(char)
    words = "".join(kept).split(" ")
    return " ".join(word for word in words if word), tuple(dropped)


class Measure:
    """One font at one size, measured with Pillow's public FreeTypeFont methods."""

    def __init__(self, font: ImageFont.FreeTypeFont):
        self.font = font
        self.size = font.size
        self.ascent, self.descent = font.getmetrics()
        # Titles share words, and a fit measures the same lines more than once
        # (then the drawing measures them again): each text is measured once.
        self.width = functools.lru_cache(maxsize=4096)(self._width)
        self.ink = functools.lru_cache(maxsize=1024)(self._ink)

    def _width(self, text: str) -> float:
        """The pen's advance: where the next text would start."""
        return self.font.getlength(text)

    def _ink(self, text: str) -> tuple[int, int]:
        """Left and right edge of the text's bounding box, from the pen position
        (Pillow's box, which holds every drawn pixel)."""
        if not text:
            return 0, 0
        left, _top, right, _bottom = self.font.getbbox(text, anchor="ls")
        return left, right

    def span(self, text: str) -> int:
        """Width the text needs when drawn with no pixel left of the box's edge."""
        left, right = self.ink(text)
        return max(right, round(self.width(text))) - min(left, 0)


@dataclass(frozen=True)
class Fitted:
    """The lines of one text layer and the font size they are drawn at."""

    size: int
    lines: tuple[str, ...]
    truncated: bool = False
    broken: bool = False


def block_height(measure: Measure, line_height: float, count: int) -> float:
    """From the first line's ascent to the last line's descent."""
    if count == 0:
        return 0
    return measure.ascent + (count - 1) * measure.size * line_height + measure.descent


def lines_allowed(measure: Measure, line_height: float, max_lines: int, height: int) -> int:
    fits = 0
    while fits < max_lines and block_height(measure, line_height, fits + 1) <= height:
        fits += 1
    return fits


def _break_word(word: str, measure: Measure, width: float):
    """Pieces of an over-long word, each fitting ``width``; all but the last end in '-'."""
    # Break after the word's own hyphens first (соціально-економічний).
    parts = [p + HYPHEN for p in word.split(HYPHEN)]
    parts[-1] = parts[-1][:-1]
    parts = [p for p in parts if p]
    current = ""
    for part in parts:
        if current and measure.width(current + part) <= width:
            current += part
            continue
        if current:
            yield current
        rest = part
        while measure.width(rest) > width and len(rest) > 1:
            # The longest prefix that fits with a hyphen added (at least one letter).
            low, high = 1, len(rest) - 1
            while low < high:
                mid = (low + high + 1) // 2
                if measure.width(rest[:mid] + HYPHEN) <= width:
                    low = mid
                else:
                    high = mid - 1
            yield rest[:low] + HYPHEN
            rest = rest[low:]
        current = rest
    if current:
        yield current


def wrap(words: list[str], measure: Measure, width: float, *, limit: int,
         break_long: bool) -> list[str] | None:
    """Greedy lines of at most ``width``; stops once there are more than ``limit``.

    None when a word is longer than a line and ``break_long`` is off.
    """
    lines: list[str] = []
    current = ""
    current_width = 0.0
    space = measure.width(" ")
    for word in words:
        if len(lines) > limit:
            break
        word_width = measure.width(word)
        if current and current_width + space + word_width <= width:
            current += " " + word
            current_width += space + word_width
            continue
        if current:
            lines.append(current)
            current, current_width = "", 0.0
        if word_width <= width:
            current, current_width = word, word_width
            continue
        if not break_long:
            return None
        for piece in _break_word(word, measure, width):
            if current:
                lines.append(current)
            current, current_width = piece, measure.width(piece)
            if len(lines) > limit:
                break
    if current:
        lines.append(current)
    return lines


def _with_ellipsis(line: str, measure: Measure, width: float) -> str:
    """``line`` shortened by whole words until it fits with an ellipsis after it."""
    words = line.split(" ")
    while words:
        candidate = " ".join(words).rstrip(_BEFORE_ELLIPSIS) + ELLIPSIS
        if measure.width(candidate) <= width:
            return candidate
        if len(words) == 1:
            break
        words.pop()
    # One word too long even alone: it was already broken mid-word, so cut it.
    word = words[0] if words else ""
    while word and measure.width(word.rstrip(_BEFORE_ELLIPSIS) + ELLIPSIS) > width:
        word = word[:-1]
    return word.rstrip(_BEFORE_ELLIPSIS) + ELLIPSIS


def units(text: str) -> list[str]:
    """Words to wrap; a one-letter word (у, в, з, і, a) stays with the word after it."""
    found: list[str] = []
    glue = ""
    for word in text.split(" "):
        unit, glue = (f"{glue} {word}", "") if glue else (word, "")
        if len(unit) == 1 and unit.isalpha():
            glue = unit
            continue
        found.append(unit)
    if glue:
        found.append(glue)
    return found


def _layout(text: str, measure: Measure, width: float, allowed: int,
            break_long: bool) -> Fitted | None:
    words = units(text)
    lines = wrap(words, measure, width, limit=allowed, break_long=break_long)
    if lines is None:
        return None
    broken = any(line.endswith(HYPHEN) for line in lines) and break_long
    if len(lines) <= allowed:
        return Fitted(measure.size, tuple(lines), broken=broken)
    if not break_long:
        return None
    kept = lines[:allowed]
    kept[-1] = _with_ellipsis(kept[-1], measure, width)
    return Fitted(measure.size, tuple(kept), truncated=True, broken=broken)


def fit(text: str, measures: list[Measure], *, width: int, height: int, max_lines: int,
        line_height: float) -> Fitted:
    """The largest size at which ``text`` fits whole; else the smallest, cut with '…'.

    ``measures`` are ordered largest size first. Every returned line's drawn
    pixels fit ``width`` (checked with the font's real bounding box).
    """
    if not text:
        return Fitted(measures[-1].size, ())
    for index, measure in enumerate(measures):
        allowed = lines_allowed(measure, line_height, max_lines, height)
        if allowed == 0:
            continue
        last = index == len(measures) - 1
        fitted = _fit_checked(text, measure, width, allowed, break_long=last)
        if fitted is not None:
            return fitted
    return Fitted(measures[-1].size, ())


def _fit_checked(text, measure, width, allowed, *, break_long):
    # Advances are a close, fast estimate; the real ink may overhang a pixel or
    # two (a final "ї" or "f"), so each line is checked and, if it overflows,
    # the text is laid out again a little narrower.
    target = float(width)
    for _attempt in range(4):
        fitted = _layout(text, measure, target, allowed, break_long)
        if fitted is None:
            return None
        overflow = max((measure.span(line) - width for line in fitted.lines), default=0)
        if overflow <= 0:
            return fitted
        target -= overflow + 1
    return None
