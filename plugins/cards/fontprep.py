"""Developer tool: make the card fonts in theme/fonts from Noto Sans (not used by the build).

The build never downloads or looks up a font: it reads the two static files this
tool writes. Regenerate them (and commit the result) with::

    .venv/bin/pip install fonttools==4.68.0
    .venv/bin/pip download --no-deps -d /tmp/noto fontpkg-noto-sans==2.15
    (cd /tmp/noto && python -m zipfile -e fontpkg_noto_sans-2.15-py3-none-any.whl .)
    PYTHONPATH=plugins .venv/bin/python -m cards.fontprep \\
        "/tmp/noto/fontpkg_noto_sans/files/NotoSans[wdth,wght].ttf" theme/fonts

The variable font is pinned to two static instances (Regular 400, Bold 700, normal
width) and subset to Latin, Cyrillic and punctuation: about a tenth of its size.
"""

from __future__ import annotations

import argparse
from pathlib import Path

#: What a Ukrainian or English title can need: Latin with its extensions for names,
#: all of Cyrillic (і ї є ґ), the modifier-letter apostrophe ʼ and ’, combining
#: accents (stress marks), punctuation, currency (₴), № and arrows.
UNICODE_RANGES = (
    (0x0020, 0x007E), (0x00A0, 0x024F), (0x02B9, 0x02DD), (0x0300, 0x036F),
    (0x0400, 0x052F), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20C0),
    (0x2100, 0x214F), (0x2190, 0x2199), (0x2212, 0x2212), (0x25CF, 0x25CF),
)

INSTANCES = {"Regular": 400, "Bold": 700}


def unicodes() -> list[int]:
    return [code for low, high in UNICODE_RANGES for code in range(low, high + 1)]


def make_instance(source: Path, weight: int, target: Path) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(source, recalcTimestamp=False)
    static = instancer.instantiateVariableFont(
        font, {"wght": weight, "wdth": 100}, updateFontNames=True
    )
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes())
    subsetter.subset(static)
    # A fixed modification date keeps the file identical when it is made again.
    static.recalcTimestamp = False
    static["head"].modified = static["head"].created
    static.save(target)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="NotoSans[wdth,wght].ttf")
    parser.add_argument("target", type=Path, help="folder, e.g. theme/fonts")
    args = parser.parse_args(argv)
    args.target.mkdir(parents=True, exist_ok=True)
    for style, weight in INSTANCES.items():
        path = args.target / f"NotoSans-{style}.ttf"
        make_instance(args.source, weight, path)
        print(f"{path}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
