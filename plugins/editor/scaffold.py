"""`invoke new KIND "Title"`: a linked uk/en pair with every field of the kind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from common.slugs import slugify


class ScaffoldError(ValueError):
    """Refused: the message says why and what to do instead."""


@dataclass(frozen=True)
class Kind:
    folder: str
    fields: tuple[tuple[str, str], ...]  # (Field, value template) in file order
    body: dict[str, str]  # per language


_ARTICLE_BODY = {
    "uk": "<!-- Напишіть текст новини тут: абзаци, ## підзаголовки, списки, посилання. -->\n\n"
          "Текст новини.\n",
    "en": "<!-- Translate the text of the news here; keep the same ## headings. -->\n\n"
          "The text of the news.\n",
}
_PAGE_BODY = {
    "uk": "<!-- Текст сторінки. Щоб сторінка з'явилася в меню, додайте її slug до "
          "MENU_PAGES у pelicanconf.py. -->\n\nТекст сторінки.\n",
    "en": "<!-- The page's text, translated. -->\n\nThe text of the page.\n",
}
_EVENT_OPTIONAL = (
    "Address: вул. ..., Краматорськ | Geo: 48.7389,37.5848 | "
    "Online_url: https://... | Registration: https://... or name@example.org | "
    "Course: <course slug> | Recurrence: FREQ=WEEKLY;COUNT=8 | Audience: ... | "
    "Organizer: ..."
)
_EVENT_BODY = {
    "uk": "<!-- Опишіть подію: для кого, що буде, що взяти з собою.\n"
          "Щоб скасувати подію, напишіть Status: cancelled в обох мовах (файли не видаляйте).\n"
          f"Необов'язкові поля (додайте нагору, до порожнього рядка): {_EVENT_OPTIONAL} -->\n"
          "\nОпис події.\n",
    "en": "<!-- Describe the event. To cancel it, write Status: cancelled in both languages\n"
          "(do not delete the files).\n"
          f"Optional fields (add them at the top, before the empty line): {_EVENT_OPTIONAL} -->\n"
          "\nAbout the event.\n",
}

_COURSE_BODY = {
    "uk": "<!-- Кілька речень про курс. Заняття курсу — це події з Course: {slug}.\n"
          "Поля: Format — очно, онлайн або змішаний; Duration_weeks і Duration_hours — числа. -->\n"
          "\nКілька речень про курс.\n\n"
          "## Результати навчання\n\n- Перший результат.\n- Другий результат.\n\n"
          "## Модулі\n\n### Перший модуль\n\nКороткий опис модуля.\n\n"
          "- перша тема\n- друга тема\n",
    "en": "<!-- A few sentences about the course. Its sessions are events with Course: {slug}.\n"
          "Fields: Format is in person, online or mixed; Duration_weeks and Duration_hours "
          "are numbers. -->\n"
          "\nA few sentences about the course.\n\n"
          "## Learning outcomes\n\n- The first outcome.\n- The second outcome.\n\n"
          "## Modules\n\n### The first module\n\nA short description of the module.\n\n"
          "- the first topic\n- the second topic\n",
}

KINDS = {
    "article": Kind("news", (("Title", "{title}"), ("Date", "{now}"), ("Category", "{category}"),
                             ("Tags", ""), ("Summary", "{title}")), _ARTICLE_BODY),
    "page": Kind("pages", (("Title", "{title}"), ("Summary", "{title}")), _PAGE_BODY),
    "event": Kind("events", (("Title", "{title}"), ("Start", "{start}"), ("End", "{end}"),
                             ("Location", "{location}"), ("Status", "scheduled"),
                             ("Summary", "{title}")), _EVENT_BODY),
    "course": Kind("courses", (("Title", "{title}"), ("Summary", "{title}"),
                               ("Audience", "{audience}"), ("Level", "{level}"),
                               ("Language", "{language}"), ("Format", "{format}"),
                               ("Duration_weeks", "4"), ("Duration_hours", "16"),
                               ("Instructors", "{instructors}")), _COURSE_BODY),
}
COURSE_VALUES = {
    "uk": {"audience": "молодь", "level": "початковий", "language": "українська",
           "format": "очно", "instructors": "команда платформи"},
    "en": {"audience": "young people", "level": "beginners", "language": "Ukrainian",
           "format": "in person", "instructors": "the platform's team"},
}
CATEGORY = {"uk": "Новини", "en": "News"}
LOCATION = {"uk": "Простір «Вільна Хата», Краматорськ", "en": "Vilna Khata space, Kramatorsk"}


def scaffold(kind: str, title: str, content: Path, *, languages=("uk", "en"),
             timezone: str = "Europe/Kyiv", now: datetime | None = None,
             slug: str | None = None) -> list[Path]:
    """Write the pair; refuses to overwrite anything."""
    if kind not in KINDS:
        raise ScaffoldError(f"unknown kind {kind!r}; write one of: {', '.join(KINDS)}")
    if not title.strip():
        raise ScaffoldError('the title is empty; write e.g. invoke new article "Кухня ідей"')
    spec = KINDS[kind]
    slug = slug or slugify(title)
    if not slug:
        raise ScaffoldError("the title gives no Latin address; add --slug my-address")
    now = (now or datetime.now(ZoneInfo(timezone))).replace(second=0, microsecond=0)
    start = (now + timedelta(days=7)).replace(hour=18, minute=0)
    paths = [content / spec.folder / f"{slug}.{lang}.md" for lang in languages]
    existing = [p for p in paths if p.exists()]
    if existing:
        raise ScaffoldError(f"{existing[0]} already exists; choose another title or --slug")
    for lang, path in zip(languages, paths, strict=True):
        values = {"title": title.strip(), "now": now.strftime("%Y-%m-%d %H:%M"),
                  "category": CATEGORY.get(lang, ""), "location": LOCATION.get(lang, ""),
                  "start": start.strftime("%Y-%m-%d %H:%M"),
                  "end": (start + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
                  **COURSE_VALUES.get(lang, COURSE_VALUES["en"])}
        lines = [f"{name}: {template.format(**values)}".rstrip()
                 for name, template in spec.fields if template]
        path.parent.mkdir(parents=True, exist_ok=True)
        body = spec.body.get(lang, "").replace("{slug}", slug)
        path.write_text("\n".join(lines) + "\n\n" + body, encoding="utf-8")
    return paths
