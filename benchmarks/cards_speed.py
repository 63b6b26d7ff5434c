"""Cards per second, cold and cached (issue 5), as JSON.

Two measurements:

- ``measure(content, work)``: the benchmark's hook (benchmarks/worker.py). Builds
  the site on ``content`` twice with the project's build driver, first with an
  empty card cache, then with the cache the first build left, and reads each
  language run's card statistics from its cache manifest. Cards per second are
  all cards over the longest run's card time (the runs draw side by side).
- ``synthetic(n)``: ``n`` distinct cards with realistic titles drawn straight
  through the registry (both cores), then the same cards again from the cache.
- ``per_image(n)``: CPU milliseconds per card, square and story, ``n`` distinct
  items each drawn in this process by one renderer per format, as a worker draws
  them (CPU time: it barely moves when other work shares the machine); titles as
  the benchmark corpus has them, or ``titles="long"``: up to 24 words, as above.
- ``posters(n)``: milliseconds per A4 poster of the campaign kit, and their sizes
  (also part of ``measure``, so the benchmark's JSON has it under cards.detail).

    .venv/bin/python benchmarks/cards_speed.py                 # 1,000 synthetic cards
    .venv/bin/python benchmarks/cards_speed.py --cards 200 --site content
    .venv/bin/python benchmarks/cards_speed.py --per-image 200   # ms per image only
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "pelicanconf.py"
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))
if str(ROOT / "tests") not in sys.path:
    sys.path.append(str(ROOT / "tests"))  # phrases.py: the benchmark corpus's texts

TITLE_WORDS = {
    "uk": [
        "відкрита", "зустріч", "з", "бізнесом", "презентація", "платформи", "кухня", "ідей",
        "соціальне", "підприємництво", "громада", "Краматорська", "навчання", "для", "молоді",
        "школа", "лідерів", "бюджет", "участі", "антикорупційний", "тренінг", "ярмарок",
        "ґрантів", "їжа", "і", "є", "ініціатива",
    ],
    "en": [
        "open", "meeting", "with", "business", "presentation", "of", "the", "platform",
        "kitchen", "of", "ideas", "social", "entrepreneurship", "community", "of", "Kramatorsk",
        "training", "for", "young", "people", "school", "of", "leaders", "participatory",
        "budgeting", "anti-corruption", "grants", "fair",
    ],
}


def _rate(cards: int, seconds: float) -> float | None:
    return round(cards / seconds, 1) if seconds > 0 else None


def _card_stats(cache: Path) -> dict[str, dict]:
    return {path.parent.parent.name: json.loads(path.read_text(encoding="utf-8"))["stats"]
            for path in sorted(cache.glob("*/*/cards/manifest.json"))}


def _build(content: Path, output: Path, cache: Path) -> tuple[float, dict[str, dict]]:
    from sitebuild import build

    started = time.perf_counter()
    with contextlib.redirect_stdout(sys.stderr):  # stdout is for the JSON
        code = build(str(CONF), output=str(output),
                     overrides={"PATH": str(content), "CACHE_PATH": str(cache)})
    if code:
        raise RuntimeError(f"build of {content} failed with exit code {code}")
    return time.perf_counter() - started, _card_stats(cache)


def measure(content, work) -> dict:
    """Cold and cached cards per second of a real build of ``content``."""
    work = Path(work)
    cache = work / "cards-cache"
    shutil.rmtree(cache, ignore_errors=True)
    result: dict = {}
    for name in ("cold", "cached"):
        output = work / f"cards-{name}"
        shutil.rmtree(output, ignore_errors=True)
        wall, stats = _build(Path(content), output, cache)
        cards = sum(s["cards"] for s in stats.values())
        seconds = max((s.get("seconds", 0.0) for s in stats.values()), default=0.0)
        result[name] = _rate(cards, seconds)
        result[f"{name}_detail"] = {"cards": cards, "card_seconds": round(seconds, 3),
                                    "build_seconds": round(wall, 3), "runs": stats}
    result["posters"] = posters()
    result["images"] = per_image()
    return result


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _titles(n: int, lang: str, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    words = TITLE_WORDS[lang]
    titles = []
    for index in range(n):
        count = rng.choice((3, 5, 7, 9, 12, 16, 24))
        title = " ".join(rng.choice(words) for _ in range(count))
        titles.append(f"{title[0].upper()}{title[1:]} №{index}")
    return titles


def synthetic(n: int = 1000, jobs: int = 2, lang: str = "uk") -> dict:
    """Draw ``n`` distinct news and event cards cold, then from the cache."""
    from pelican.settings import read_settings

    from cards.config import read_card_settings
    from cards.registry import new_registry

    with tempfile.TemporaryDirectory(prefix="cards-speed-") as temporary:
        work = Path(temporary)
        settings = read_settings(str(CONF))
        prefix = settings["LANGUAGES"][lang].get("prefix", "")
        overrides = {
            "I18N_RUN_LANG": lang, "DEFAULT_LANG": lang, "LANG_PREFIX": prefix,
            "CARD_SAVE_AS": prefix + settings["CARD_SAVE_AS"],
            "SITENAME": settings["LANGUAGES"][lang].get("SITENAME", settings["SITENAME"]),
            "THEME": str(ROOT / settings["THEME"]), "CACHE_PATH": str(work / "cache"),
            "CARDS_JOBS": jobs,
        }
        result: dict = {"cards": n, "jobs": jobs, "lang": lang}
        for name in ("cold", "cached"):
            conf = read_card_settings({**settings, **overrides,
                                       "OUTPUT_PATH": str(work / name)})
            started = time.perf_counter()
            cpu_started = _cpu()
            registry = new_registry(conf)
            for index, title in enumerate(_titles(n, lang)):
                kind = "event" if index % 4 == 0 else "news"
                texts = {"title": title, "meta": "20 травня 2017, 15:00–17:00",
                         "subtitle": "Вільна Хата, вул. Шкільна, 1" if kind == "event" else "",
                         "band": "cancelled" if index % 20 == 0 else ""}
                registry._card(kind, f"card-{index}", texts, "benchmark")
            registry.finish()
            seconds = time.perf_counter() - started
            result[name] = _rate(n, seconds)
            result[f"{name}_seconds"] = round(seconds, 3)
            # CPU time of this process and the drawing processes: unlike the wall
            # time, it does not grow when other work shares the machine.
            result[f"{name}_cpu_seconds"] = round(_cpu() - cpu_started, 3)
            result[f"{name}_drawn"] = registry.stats["drawn"]
        sizes = [p.stat().st_size for p in (work / "cold").rglob("*.png")]
        result["png_kib_median"] = round(statistics.median(sizes) / 1024, 1)
        result["png_kib_max"] = round(max(sizes) / 1024, 1)
        result["load_average"] = round(os.getloadavg()[0], 2)
    return result


def corpus_items(n: int, lang: str, seed: int = 11) -> list[tuple[str, str, str, str]]:
    """``n`` (kind, title, meta line, subtitle) of news, events and courses in turn, made
    as the benchmark corpus (tests/corpus.py) makes them: titles from its templates,
    each with a number to tell them apart; dates that differ, a few places and the
    one course summary."""
    import phrases as P
    from babel.dates import format_date

    rng = random.Random(seed)
    k = 0 if lang == "uk" else 1
    found = []
    for index in range(n):
        kind = ("news", "event", "course")[index % 3]
        day = date(2017, 1, 1) + timedelta(days=index * 3)
        meta = format_date(day, "d MMMM y" if k == 0 else "MMMM d, y", locale=lang)
        subtitle = ""
        if kind == "course":
            course = rng.choice(P.COURSES)
            title = P.COHORT[k].format(title=course[1 + k], n=rng.choice(P.NUMBERS))
            meta, subtitle = "", P.COURSE_SUMMARY[k]
        else:
            topic, venue = rng.choice(P.TOPICS), rng.choice(P.VENUES)
            partner, period = rng.choice(P.PARTNERS), rng.choice(P.PERIODS)
            slots = {"topic": topic[k], "Topic": topic[k][:1].upper() + topic[k][1:],
                     "place": venue[2 * k], "partner": partner[k],
                     "Partner": partner[k][:1].upper() + partner[k][1:], "period": period[k],
                     "n": rng.choice(P.NUMBERS)}
            templates = P.ARTICLE_TITLES if kind == "news" else P.EVENT_TITLES
            title = rng.choice(templates)[k].format(**slots)
            if kind == "event":
                hour = rng.randint(10, 18)
                meta += f", {hour}:00–{hour + 2}:00"
                subtitle = f"{venue[2 * k]}, {venue[2 * k + 1]}"
        found.append((kind, f"{title} №{index}", meta, subtitle))
    return found


def per_image(n: int = 100, lang: str = "uk", titles: str = "corpus") -> dict:
    """CPU and wall milliseconds per image of each format: ``n`` distinct news, events
    and courses (one in ten events cancelled), drawn to PNG bytes by one renderer."""
    from pelican.settings import read_settings

    from cards.draw import Renderer, font_coverage
    from cards.layout import load_layout
    from cards.model import CardSpec

    settings = read_settings(str(CONF))
    site = settings["LANGUAGES"][lang].get("SITENAME", settings["SITENAME"])
    folder = ROOT / settings["THEME"] / "cards"
    layouts = {"card": load_layout(folder / "layout.toml"),
               "square": load_layout(folder / "square.toml"),
               "story": load_layout(folder / "story.toml")}
    coverage = font_coverage(layouts["card"].fonts.values())
    items = corpus_items(n, lang)
    if titles == "long":
        items = [(kind, title, meta, subtitle) for (kind, _, meta, subtitle), title
                 in zip(items, _titles(n, lang, seed=11), strict=True)]
    result: dict = {"images": n, "lang": lang, "titles": titles, "ms_per": {},
                    "wall_ms_per": {}}
    for fmt, layout in layouts.items():
        specs = []
        for index, (kind, title, meta, subtitle) in enumerate(items):
            specs.append(CardSpec(
                kind=kind, lang=lang, title=title, label=layout.label(lang, kind),
                meta=meta, subtitle=subtitle,
                band="cancelled" if kind == "event" and index % 10 == 0 else "",
                site=site, domain="kramatorsk-platform.example.org"))
        renderer = Renderer(layout, coverage)
        cpu, wall = time.process_time(), time.perf_counter()
        for spec in specs:
            renderer.png(spec)
        result["ms_per"][fmt] = round(1000 * (time.process_time() - cpu) / n, 2)
        result["wall_ms_per"][fmt] = round(1000 * (time.perf_counter() - wall) / n, 2)
    result["load_average"] = round(os.getloadavg()[0], 2)
    return result


def posters(n: int = 60, lang: str = "uk") -> dict:
    """Milliseconds per A4 poster (plugins/kit) and their sizes, over ``n`` distinct
    titles drawn one after the other in this process, as a language run makes them."""
    from kit.poster import Poster, poster_fonts, render_poster
    from pelican.settings import read_settings

    from cards.draw import font_coverage

    settings = read_settings(str(CONF))
    theme = ROOT / settings["THEME"]
    fonts = {"regular": theme / "fonts" / "NotoSans-Regular.ttf",
             "bold": theme / "fonts" / "NotoSans-Bold.ttf"}
    sizes = []
    with tempfile.TemporaryDirectory(prefix="poster-fonts-") as folder:
        # As a build does: the lighter fonts once, before the first poster (not timed).
        fonts = poster_fonts(fonts, font_coverage(fonts.values()), Path(folder))
        started = time.perf_counter()
        for index, title in enumerate(_titles(n, lang, seed=7)):
            poster = Poster(lang=lang, site=settings["SITENAME"], kind="ПОДІЯ", title=title,
                            when="20 травня 2017, 15:00–18:00 (за київським часом)",
                            place="Простір «Вільна Хата», Краматорськ",
                            summary="Учасники представляють ідеї соціальних підприємств. " * 3,
                            register="Реєстрація: https://example.org/form",
                            url=f"https://kramatorsk-platform.example.org/events/e-{index}/",
                            banner="СКАСОВАНО" if index % 10 == 0 else "")
            sizes.append(len(render_poster(poster, fonts)))
        seconds = time.perf_counter() - started
    return {"posters": n, "ms_per_poster": round(1000 * seconds / n, 1),
            "kib_median": round(statistics.median(sizes) / 1024, 1),
            "kib_max": round(max(sizes) / 1024, 1)}


def site_overhead(content: Path, repeat: int = 3) -> dict:
    """Warm builds of ``content`` with and without the card plugin, medians of ``repeat``.

    Warm: the caches (Pelican's, the cards') are filled, but each build writes
    a fresh output folder, so every page is really rendered again.
    """
    from pelican.settings import read_settings

    from sitebuild import build

    plugins = [p for p in read_settings(str(CONF))["PLUGINS"] if p != "cards"]
    variants = {"with_cards": {}, "without_cards": {"PLUGINS": plugins}}
    times: dict[str, list[float]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory(prefix="cards-site-") as temporary, \
            contextlib.redirect_stdout(sys.stderr):
        work = Path(temporary)
        for run in range(repeat + 1):  # the first round fills the caches
            for name, extra in variants.items():
                started = time.perf_counter()
                code = build(str(CONF), output=str(work / f"{name}-{run}"),
                             overrides={"PATH": str(content),
                                        "CACHE_PATH": str(work / f"{name}-cache"), **extra})
                if code:
                    raise RuntimeError(f"build of {content} ({name}) failed")
                if run:
                    times[name].append(time.perf_counter() - started)
    with_cards = statistics.median(times["with_cards"])
    without = statistics.median(times["without_cards"])
    return {"warm_with_cards_s": round(with_cards, 3), "warm_without_cards_s": round(without, 3),
            "overhead": round(with_cards / without - 1, 3),
            "best_with_cards_s": round(min(times["with_cards"]), 3),
            "best_without_cards_s": round(min(times["without_cards"]), 3)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=1000, help="synthetic cards to draw")
    parser.add_argument("--jobs", type=int, default=2, help="drawing processes")
    parser.add_argument("--site", type=Path, help="also build this content folder "
                        "(cards/s of a real build, and warm-build overhead of the plugin)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--per-image", type=int, metavar="N",
                        help="only the milliseconds per card, square and story, over N each")
    args = parser.parse_args(argv)
    if args.per_image:
        print(json.dumps({"corpus": per_image(args.per_image),
                          "long": per_image(args.per_image, titles="long")}, indent=1))
        return
    report = {"synthetic": synthetic(args.cards, args.jobs), "images": per_image(),
              "images_long_titles": per_image(titles="long"), "posters": posters()}
    if args.site:
        with tempfile.TemporaryDirectory(prefix="cards-measure-") as work:
            report["site"] = measure(args.site, work)
        report["site_overhead"] = site_overhead(args.site, args.repeat)
    print(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
