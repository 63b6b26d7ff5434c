"""A fixed sample of cards, squares and stories, and the SHA-256 of each drawn PNG.

The digests in tests/data/cards-digests.json were written by the renderer as it
was before the indexed drawing of issue 33; test_cards_units checks that every
later renderer draws the very same bytes. Write them again only on purpose:

    .venv/bin/python tests/cards_sample.py      # rewrites tests/data/cards-digests.json
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from PIL import Image, ImageDraw, features
from PIL import __version__ as pillow_version

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

from cards.layout import Layout, load_layout  # noqa: E402
from cards.model import CardSpec  # noqa: E402

DIGESTS = ROOT / "tests" / "data" / "cards-digests.json"
LAYOUTS = {"card": "layout.toml", "square": "square.toml", "story": "story.toml"}
SITE = {"uk": "Краматорська інноваційна платформа", "en": "Kramatorsk Innovation Platform"}
DOMAIN = "kramatorsk-platform.example.org"
TITLES = {
    "uk": {
        "short": "Кухня ідей",
        "wrapped": "Відкрита зустріч з бізнесом: презентація платформи соціального "
                   "підприємництва у Краматорську",
        "ellipsis": " ".join(["соціальне підприємництво громада Краматорська навчання "
                              "для молоді, школа лідерів;"] * 6),
        "hyphen": "Суперкаліфраджилістик" * 4 + " і соціально-економічний",
        "emoji": "Ракета 🚀 злітає ✨ «Кухня ідей» 👩\u200d👩\u200d👧",
    },
    "en": {
        "short": "Kitchen of ideas",
        "wrapped": "Open meeting with business: presentation of the platform of social "
                   "entrepreneurship in Kramatorsk",
        "ellipsis": " ".join(["social entrepreneurship community of Kramatorsk training "
                              "for young people, school of leaders;"] * 6),
        "hyphen": "Anticonstitutionally" * 4 + " and anti-corruption",
        "emoji": "Rocket 🚀 takes off ✨ “Kitchen of ideas” 👩\u200d👩\u200d👧",
    },
}
META = {"uk": ("7 квітня 2017", "20 травня 2017, 15:00–17:00"),
        "en": ("April 7, 2017", "May 20, 2017, 15:00–17:00")}
PLACE = {"uk": "Простір «Вільна Хата», вул. Шкільна, 1, Краматорськ",
         "en": "Vilna Khata space, 1 Shkilna St, Kramatorsk"}
SUMMARY = {"uk": "Хаб соціального підприємництва у Краматорську: навчання, зустрічі, "
                 "ярмарки ґрантів і підтримка ініціатив громади протягом усього року",
           "en": "A hub for social entrepreneurship in Kramatorsk: training, meetings, "
                 "grant fairs and support for community initiatives all year round"}


def picture(folder: Path) -> Path:
    """A small PNG with gradients and shapes (more colours than an image layer keeps)."""
    path = folder / "sample-picture.png"
    if not path.exists():
        red = Image.linear_gradient("L").resize((640, 480))
        green = Image.radial_gradient("L").resize((640, 480))
        blue = red.transpose(Image.Transpose.ROTATE_180)
        image = Image.merge("RGB", (red, green, blue))
        pen = ImageDraw.Draw(image)
        pen.ellipse((80, 60, 400, 380), fill=(255, 213, 0))
        pen.rectangle((360, 200, 600, 440), fill=(11, 37, 69))
        image.save(path)
    return path


def _spec(layout: Layout, lang: str, kind: str, title: str, **fields) -> CardSpec:
    keys = (fields.pop("section", ""), "list") if kind == "list" else (kind,)
    texts = {"meta": "", "subtitle": ""}
    if kind == "news":
        texts["meta"] = META[lang][0]
    elif kind == "event":
        texts.update(meta=META[lang][1], subtitle=PLACE[lang])
    else:
        texts["subtitle"] = SUMMARY[lang]
    texts.update(fields)
    return CardSpec(kind=kind, lang=lang, title=title, label=layout.label(lang, *keys),
                    site=SITE[lang], domain=DOMAIN, **texts)


def sample(folder: Path) -> dict[str, tuple[str, CardSpec]]:
    """Name -> (format, spec): every kind of each format in both languages, long titles
    that wrap, break and end with an ellipsis, emoji, status bands and a picture."""
    photo = {"image": "sample-picture.png", "image_digest": "sample",
             "image_file": str(picture(folder))}
    found = {}
    for fmt, name in LAYOUTS.items():
        layout = load_layout(ROOT / "theme" / "cards" / name)
        kinds = ("news", "page", "event", "course", "list") if layout.kinds is None \
            else sorted(layout.kinds)
        for lang, titles in TITLES.items():
            for kind in kinds:
                variants = dict(titles)
                if kind == "list":
                    variants = {"short": titles["short"], "wrapped": titles["wrapped"],
                                "events": titles["short"]}
                for variant, title in variants.items():
                    extra = {"section": "events"} if variant == "events" else {}
                    found[f"{fmt}/{lang}/{kind}/{variant}"] = (
                        fmt, _spec(layout, lang, kind, title, **extra))
                if kind == "list":
                    continue
                found[f"{fmt}/{lang}/{kind}/picture"] = (
                    fmt, _spec(layout, lang, kind, titles["wrapped"], **photo))
                if kind == "event":
                    for band in ("cancelled", "postponed"):
                        found[f"{fmt}/{lang}/{kind}/{band}"] = (
                            fmt, _spec(layout, lang, kind, titles["wrapped"], band=band))
                    found[f"{fmt}/{lang}/{kind}/cancelled-picture"] = (
                        fmt, _spec(layout, lang, kind, titles["ellipsis"], band="cancelled",
                                   **photo))
                    found[f"{fmt}/{lang}/{kind}/no-place"] = (
                        fmt, _spec(layout, lang, kind, titles["short"], subtitle=""))
    return found


def engine() -> dict[str, str]:
    """What the bytes depend on besides the renderer: Pillow, FreeType and zlib."""
    return {"pillow": pillow_version, "freetype2": features.version("freetype2") or "",
            "zlib": features.version("zlib") or ""}


def digests(folder: Path) -> dict[str, str]:
    from cards.draw import Renderer

    renderers = {fmt: Renderer(load_layout(ROOT / "theme" / "cards" / name))
                 for fmt, name in LAYOUTS.items()}
    return {name: hashlib.sha256(renderers[fmt].png(spec)).hexdigest()
            for name, (fmt, spec) in sample(folder).items()}


def main() -> None:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="cards-sample-") as folder:
        found = digests(Path(folder))
    DIGESTS.parent.mkdir(parents=True, exist_ok=True)
    DIGESTS.write_text(json.dumps({"engine": engine(), "digests": found}, indent=1,
                                  ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{DIGESTS.relative_to(ROOT)}: {len(found)} images")


if __name__ == "__main__":
    main()
