"""A deterministic synthetic bilingual corpus: news, events, courses and pages.

Every item is written twice, `<slug>.uk.md` and `<slug>.en.md`, with the same
structure in both languages (phrases.py holds the parallel text). Each item
draws from its own `random.Random` seeded with (seed, kind, index), so the same
seed gives byte-identical files, and item 7 is the same in a corpus of 10 and of
5,000 (only its links to other items depend on the size).

    python -m tests.corpus /tmp/corpus/content --articles 500 --events 100 --courses 20
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from tests import phrases as P

DEFAULT_SEED = 2017
LANGS = ("uk", "en")
ARTICLES_START = datetime(2017, 1, 9)
EVENTS_START = datetime(2017, 2, 6)


@dataclass(frozen=True)
class CorpusSize:
    articles: int = 500
    events: int = 100
    courses: int = 20
    pages: int = len(P.PAGES)  # the site's own pages (menu, footer) come first

    def scaled(self, factor: int) -> CorpusSize:
        return CorpusSize(self.articles * factor, self.events * factor,
                          self.courses * factor, self.pages)

    @property
    def documents(self) -> int:
        """Source files: every item in both languages."""
        return len(LANGS) * (self.articles + self.events + self.courses + self.pages)


@dataclass(frozen=True)
class Corpus:
    content: Path
    size: CorpusSize
    seed: int
    files: int
    edit_target: Path  # the .uk.md the one-edit benchmark appends to


# -- slots: the values a phrase template is filled with -------------------------------

def _slots(rng: random.Random) -> tuple[dict, dict]:
    """One item's topic, venue, partner, number and period, in uk and in en."""
    topic = rng.choice(P.TOPICS)
    venue = rng.choice(P.VENUES)
    partner = rng.choice(P.PARTNERS)
    period = rng.choice(P.PERIODS)
    n = rng.choice(P.NUMBERS)
    uk = {"topic": topic[0], "Topic": _cap(topic[0]), "place": venue[0],
          "partner": partner[0], "Partner": _cap(partner[0]), "period": period[0], "n": n}
    en = {"topic": topic[1], "Topic": _cap(topic[1]), "place": venue[2],
          "partner": partner[1], "Partner": _cap(partner[1]), "period": period[1], "n": n}
    return uk, en


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _pair(template: tuple[str, str], slots: tuple[dict, dict]) -> tuple[str, str]:
    return template[0].format(**slots[0]), template[1].format(**slots[1])


def _header(fields: list[tuple[str, str | None]]) -> str:
    return "".join(f"{name}: {value}\n" for name, value in fields if value is not None)


def _paragraph(rng: random.Random, bank, slots, low=3, high=5) -> tuple[str, str]:
    picks = rng.sample(range(len(bank)), rng.randint(low, min(high, len(bank))))
    sentences = [_pair(bank[i], slots) for i in picks]
    return " ".join(s[0] for s in sentences), " ".join(s[1] for s in sentences)


def _list(rng: random.Random, bank, numbered=False) -> tuple[str, str]:
    picks = rng.sample(range(len(bank)), rng.randint(3, 5))
    out = []
    for lang in (0, 1):
        lines = [f"{k + 1}. " if numbered else "- " for k in range(len(picks))]
        out.append("\n".join(f"{mark}{_cap(bank[i][lang])}" for mark, i in zip(lines, picks,
                                                                                strict=True)))
    return out[0], out[1]


def _link(content_kind: str, slug: str, lang: str) -> str:
    return f"{{filename}}/{content_kind}/{slug}.{lang}.md"


# -- news -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Article:
    slug: str
    titles: tuple[str, str]


def _article_plan(seed: int, index: int) -> tuple[_Article, random.Random, tuple[dict, dict]]:
    rng = random.Random(f"{seed}/news/{index}")
    slots = _slots(rng)
    topic_slug = next(t[2] for t in P.TOPICS if t[0] == slots[0]["topic"])
    titles = _pair(rng.choice(P.ARTICLE_TITLES), slots)
    return _Article(f"{topic_slug}-{index + 1:04d}", titles), rng, slots


def _article_files(seed: int, index: int, plans: list[_Article]) -> dict[str, str]:
    plan, rng, slots = _article_plan(seed, index)
    when = ARTICLES_START + timedelta(days=index * 3 // 2, hours=rng.randint(9, 19),
                                      minutes=rng.choice((0, 15, 30, 45)))
    modified = when + timedelta(days=rng.randint(1, 9)) if rng.random() < 0.1 else None
    category = rng.choice(P.CATEGORIES)
    tags = rng.sample(P.TAGS, rng.randint(2, 4))
    summary = _pair(rng.choice(P.SUMMARIES), slots)
    blocks: list[tuple[str, str]] = [_paragraph(rng, P.SENTENCES, slots, 2, 3)]
    for heading in rng.sample(P.HEADINGS, rng.randint(3, 5)):
        blocks.append((f"## {heading[0]}", f"## {heading[1]}"))
        for _ in range(rng.randint(1, 2)):
            blocks.append(_paragraph(rng, P.SENTENCES, slots))
        roll = rng.random()
        if roll < 0.3:
            blocks.append(_list(rng, P.LIST_ITEMS))
        elif roll < 0.4:
            blocks.append(_list(rng, P.LIST_ITEMS, numbered=True))
        elif roll < 0.5:
            quote = rng.choice(P.QUOTES)
            blocks.append((f"> «{quote[0]}»", f"> “{quote[1]}”"))
    if rng.random() < 0.1:
        uk_head, en_head = P.TABLE
        values = [slots[0]["n"], rng.randint(5, 30), rng.randint(2, 9)]
        blocks.append(tuple(
            f"| {head[0]} | {head[1]} |\n| --- | ---: |\n"
            + "\n".join(f"| {name} | {value} |" for name, value in zip(head[2:], values,
                                                                        strict=True))
            for head in (uk_head, en_head)))
    others = [j for j in rng.sample(range(len(plans)), min(3, len(plans))) if j != index][:2]
    links = []
    for j in others:
        other = plans[j]
        links.append(tuple(P.READ_MORE[k].format(title=other.titles[k],
                                                 link=_link("news", other.slug, lang))
                           for k, lang in enumerate(LANGS)))
    if rng.random() < 0.3:
        links.append(tuple(P.PAGE_LINK[k].format(link=_link("pages", "partners", lang))
                           for k, lang in enumerate(LANGS)))
    if rng.random() < 0.2:
        links.append(tuple(text.format(slug=plan.slug) for text in P.EXTERNAL_LINK))
    if links:
        blocks.append(tuple(" ".join(link[k] for link in links) for k in (0, 1)))
    files = {}
    for k, lang in enumerate(LANGS):
        header = _header([
            ("Title", plan.titles[k]),
            ("Date", f"{when:%Y-%m-%d %H:%M}"),
            ("Modified", f"{modified:%Y-%m-%d %H:%M}" if modified else None),
            ("Category", category[k]),
            ("Tags", ", ".join(tag[k] for tag in tags)),
            ("Summary", summary[k]),
        ])
        files[f"news/{plan.slug}.{lang}.md"] = header + "\n" + "\n\n".join(
            block[k] for block in blocks) + "\n"
    return files


# -- courses ----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Course:
    slug: str
    titles: tuple[str, str]


def _course_plan(index: int) -> _Course:
    slug, uk, en = P.COURSES[index % len(P.COURSES)]
    cohort = index // len(P.COURSES) + 1
    if cohort == 1:
        return _Course(slug, (uk, en))
    return _Course(f"{slug}-{cohort}", (P.COHORT[0].format(title=uk, n=cohort),
                                        P.COHORT[1].format(title=en, n=cohort)))


def course_document(course: _Course, lang: str, plan: dict) -> str:
    """One course file, in the form plugins/courses reads: adjust the format here.

    Fields as in plugins/courses/model.py; the body's `## Learning outcomes`
    list and `## Modules` with `### ` modules (a description, then topics) are
    the outline the plugin parses; the other sections are prose.
    """
    k = LANGS.index(lang)
    slots = plan["slots"][k]
    header = _header([
        ("Title", course.titles[k]),
        ("Summary", P.COURSE_SUMMARY[k]),
        ("Audience", ", ".join(a[k] for a in plan["audience"])),
        ("Level", plan["level"][k]),
        ("Language", "uk"),
        ("Format", plan["format"][k]),
        ("Duration_weeks", str(plan["classes"])),
        ("Duration_hours", str(plan["classes"] * 3)),
        ("Instructors", ", ".join(i[k] for i in plan["instructors"])),
        ("Registration", f"https://example.org/courses/{course.slug}"),
    ])
    who, outcomes, modules, form = (h[k] for h in P.COURSE_HEADINGS)
    intro = " ".join(P.SENTENCES[i][k].format(**slots) for i in (1, 3, 18))
    outcome_list = "\n".join(f"- {P.COURSE_OUTCOMES[i][k]}" for i in plan["outcomes"])
    module_text = "\n\n".join(
        f"### {P.COURSE_MODULES[i][k]}\n\n{P.COURSE_MODULES[i][2 + k]}\n\n"
        + "\n".join(f"- {_cap(P.LIST_ITEMS[t][k])}" for t in topics)
        for i, topics in plan["modules"])
    fmt = P.COURSE_FORMAT[k].format(n=plan["classes"], place=slots["place"])
    return (f"{header}\n{intro}\n\n## {who}\n\n{P.EVENT_SENTENCES[0][k]}\n\n"
            f"## {outcomes}\n\n{outcome_list}\n\n## {modules}\n\n{module_text}\n\n"
            f"## {form}\n\n{fmt}\n")


def _course_files(seed: int, index: int) -> dict[str, str]:
    course = _course_plan(index)
    rng = random.Random(f"{seed}/courses/{index}")
    plan = {
        "slots": _slots(rng),
        "audience": rng.sample(P.COURSE_AUDIENCE, rng.randint(1, 3)),
        "level": rng.choice(P.COURSE_LEVELS),
        "format": rng.choice(P.COURSE_FORMATS),
        "instructors": rng.sample(P.INSTRUCTORS, rng.randint(1, 2)),
        "classes": rng.choice((6, 8, 10)),
        "outcomes": sorted(rng.sample(range(len(P.COURSE_OUTCOMES)), rng.randint(3, 5))),
        "modules": [(i, rng.sample(range(len(P.LIST_ITEMS)), rng.randint(2, 4)))
                    for i in sorted(rng.sample(range(len(P.COURSE_MODULES)),
                                               rng.randint(4, 7)))],
    }
    return {f"courses/{course.slug}.{lang}.md": course_document(course, lang, plan)
            for lang in LANGS}


# -- events -----------------------------------------------------------------------------

#: A fixed cycle of event archetypes, so that even a corpus of 3 events has a
#: series and a cancellation, and 100 events have exact proportions:
#: 30% series, 20% course sessions, 10% cancelled, 10% postponed.
_EVENT_CYCLE = ("series", "cancelled", "session-series", "postponed", "session",
                "single", "series-monthly", "single", "single", "series")


def _event_files(seed: int, index: int, n_courses: int) -> dict[str, str]:
    rng = random.Random(f"{seed}/events/{index}")
    slots = _slots(rng)
    kind = _EVENT_CYCLE[index % len(_EVENT_CYCLE)]
    if kind.startswith("session") and not n_courses:
        kind = "series" if kind == "session-series" else "single"
    venue = next(v for v in P.VENUES if v[0] == slots[0]["place"])
    topic_slug = next(t[2] for t in P.TOPICS if t[0] == slots[0]["topic"])
    start = EVENTS_START + timedelta(days=index * 5 + rng.randint(0, 3),
                                     hours=rng.randint(10, 18), minutes=rng.choice((0, 30)))
    end = start + timedelta(minutes=rng.choice((90, 120, 180)))
    status = {"cancelled": "cancelled", "postponed": "postponed"}.get(kind, "scheduled")
    course = _course_plan(rng.randrange(n_courses)) if kind.startswith("session") else None
    recurrence = None
    if kind in ("series", "session-series"):
        recurrence = f"FREQ=WEEKLY;COUNT={8 if course else rng.randint(4, 10)}"
    elif kind == "series-monthly":
        recurrence = "FREQ=MONTHLY;COUNT=6"
    if course:
        titles = tuple(P.SESSION_TITLE[k].format(course=course.titles[k]) for k in (0, 1))
        slug = f"{course.slug}-class-{index + 1:03d}"
    else:
        titles = _pair(rng.choice(P.EVENT_TITLES), slots)
        slug = f"{topic_slug}-event-{index + 1:03d}"
    registration = (f"https://example.org/register/{slug}" if rng.random() < 0.7
                    else "hello@example.org")
    geo = venue[4] if rng.random() < 0.5 else None
    summary = _pair(P.EVENT_SENTENCES[0], slots)
    intro = _paragraph(rng, P.EVENT_SENTENCES, slots, 2, 4)
    times = [start + timedelta(minutes=30 * i) for i in range(rng.randint(3, 5))]
    steps = rng.sample(P.PROGRAMME, len(times))
    audience = _paragraph(rng, P.SENTENCES, slots, 2, 3)
    files = {}
    for k, lang in enumerate(LANGS):
        head, who, reg = (h[k] for h in P.EVENT_HEADINGS)
        notice = {"cancelled": P.CANCELLED[k], "postponed": P.POSTPONED[k]}.get(status)
        programme = "\n".join(f"{n}. {t:%H:%M} — {_cap(step[k])}"
                              for n, (t, step) in enumerate(zip(times, steps, strict=True), 1))
        register = P.REGISTER[k].format(url=registration if "://" in registration
                                        else f"mailto:{registration}")
        contacts = _link("pages", "contacts", lang)
        body = [notice, intro[k], f"## {head}", programme, f"## {who}",
                audience[k],
                f"## {reg}", f"{register} [{'Контакти' if k == 0 else 'Contacts'}]({contacts})."]
        header = _header([
            ("Title", titles[k]),
            ("Summary", summary[k]),
            ("Start", f"{start:%Y-%m-%d %H:%M}"),
            ("End", f"{end:%Y-%m-%d %H:%M}"),
            ("Location", venue[0] if k == 0 else venue[2]),
            ("Address", venue[1] if k == 0 else venue[3]),
            ("Geo", geo),
            ("Status", status),
            ("Course", course.slug if course else None),
            ("Recurrence", recurrence),
            ("Registration", registration),
        ])
        files[f"events/{slug}.{lang}.md"] = header + "\n" + "\n\n".join(
            b for b in body if b) + "\n"
    return files


# -- pages ------------------------------------------------------------------------------

def _page_files(seed: int, index: int) -> dict[str, str]:
    rng = random.Random(f"{seed}/pages/{index}")
    slots = _slots(rng)
    if index < len(P.PAGES):
        slug, uk, en, uk_menu, en_menu = P.PAGES[index]
    else:
        n = index - len(P.PAGES) + 1
        slug, uk, en, uk_menu, en_menu = (f"guide-{n}", P.EXTRA_PAGE[0].format(n=n),
                                          P.EXTRA_PAGE[1].format(n=n), None, None)
    blocks = [_paragraph(rng, P.SENTENCES, slots)]
    for heading in rng.sample(P.HEADINGS, 2):
        blocks += [(f"## {heading[0]}", f"## {heading[1]}"), _paragraph(rng, P.SENTENCES, slots),
                   _list(rng, P.LIST_ITEMS)]
    files = {}
    for k, lang in enumerate(LANGS):
        header = _header([("Title", (uk, en)[k]), ("Menu_label", (uk_menu, en_menu)[k]),
                          ("Summary", blocks[0][k].split(". ")[0].rstrip(".") + ".")])
        files[f"pages/{slug}.{lang}.md"] = header + "\n" + "\n\n".join(
            b[k] for b in blocks) + "\n"
    return files


# -- the whole corpus -------------------------------------------------------------------

def corpus_files(size: CorpusSize, seed: int = DEFAULT_SEED) -> dict[str, str]:
    """Every file of the corpus: {path relative to the content folder: text}."""
    if size.pages < len(P.PAGES):
        raise ValueError(f"pages: at least {len(P.PAGES)} (the site's menu and footer pages)")
    if min(size.articles, size.events, size.courses) < 0:
        raise ValueError("articles, events and courses must be 0 or more")
    plans = [_article_plan(seed, i)[0] for i in range(size.articles)]
    files: dict[str, str] = {}
    for i in range(size.pages):
        files.update(_page_files(seed, i))
    for i in range(size.courses):
        files.update(_course_files(seed, i))
    for i in range(size.events):
        files.update(_event_files(seed, i, size.courses))
    for i in range(size.articles):
        files.update(_article_files(seed, i, plans))
    return files


def edit_target(size: CorpusSize, seed: int = DEFAULT_SEED) -> str:
    """The article the one-edit benchmark changes: the middle one, Ukrainian."""
    if not size.articles:
        raise ValueError("the one-edit benchmark needs at least one article")
    return f"news/{_article_plan(seed, size.articles // 2)[0].slug}.uk.md"


def generate(content: Path, size: CorpusSize, seed: int = DEFAULT_SEED) -> Corpus:
    """Write the corpus into ``content`` (created; existing files of the same name replaced)."""
    content = Path(content)
    files = corpus_files(size, seed)
    for name, text in files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return Corpus(content, size, seed, len(files),
                  content / edit_target(size, seed) if size.articles else content)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path, help="folder to write (the site's PATH)")
    parser.add_argument("--articles", type=int, default=CorpusSize.articles)
    parser.add_argument("--events", type=int, default=CorpusSize.events)
    parser.add_argument("--courses", type=int, default=CorpusSize.courses)
    parser.add_argument("--pages", type=int, default=CorpusSize.pages)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    corpus = generate(args.content, CorpusSize(args.articles, args.events, args.courses,
                                               args.pages), args.seed)
    print(f"{corpus.files} files in {corpus.content}")


if __name__ == "__main__":
    main()
