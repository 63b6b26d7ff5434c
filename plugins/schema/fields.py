"""Field definitions of the four content folders: news, pages, events, courses.

A field is written in a file's header as `Key: value`, the key capitalised
(`Image_alt:`). `translated` fields are written per language; the others mean
the same in both files of a pair and are entered once in the CMS. Labels and
hints are in Ukrainian first: the CMS speaks Ukrainian.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

#: Latin letters, digits and single hyphens: the address of a page.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
#: A day, optionally with a time: `2017-04-07` or `2017-04-07 18:00`.
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?$"
#: An event's start or end: as DATE_PATTERN, Kyiv time unless the offset is written.
WHEN_PATTERN = r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?:[+-]\d{2}:\d{2})?)?$"
ITEM_STATUSES = ("published", "draft", "hidden")
EVENT_STATUSES = ("scheduled", "cancelled", "postponed", "rescheduled")
#: What a course's `Format:` may say: the CMS offers these; the checks accept more.
COURSE_FORMATS = ("очно", "онлайн", "змішаний", "in person", "online", "mixed")


@dataclass(frozen=True)
class Field:
    name: str  # lower case, as Pelican's readers give it
    label: str  # Ukrainian
    label_en: str
    hint: str = ""  # Ukrainian
    widget: str = "string"  # string, text, select, relation, image, number, when, recurrence
    required: bool = False
    translated: bool = True  # False: one value for both files of a pair
    options: tuple[str, ...] = ()  # select: the allowed values
    option_labels: tuple[str, ...] = ()  # select: what the form shows for each value
    pattern: str | None = None  # a regular expression the whole value must match
    pattern_message: str = ""  # Ukrainian: what to write instead
    relation: str | None = None  # relation: the kind whose entry this names
    after: str | None = None  # not before that field's value (an event's end)
    required_with: str | None = None  # required when that field is written
    unique: bool = False  # no other entry of the kind may have it (the slug)
    bounds: tuple[int, int] | None = None  # number: smallest and largest value
    editable: bool = True  # False: Pelican reads it, the form does not show it

    @property
    def key(self) -> str:
        """The key as written in a file: `image_alt` -> `Image_alt`."""
        return self.name.capitalize()


@dataclass(frozen=True)
class Kind:
    folder: str  # under content/
    label: str  # Ukrainian, plural
    label_singular: str
    fields: tuple[Field, ...]

    def names(self) -> set[str]:
        return {field.name for field in self.fields}

    def required(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields if field.required)

    def field(self, name: str) -> Field:
        return next(field for field in self.fields if field.name == name)


_SLUG_MESSAGE = ("лише малі латинські літери, цифри й дефіси, наприклад "
                 "kitchen-of-ideas; адреса не може повторюватися")
TITLE = Field("title", "Заголовок", "Title", required=True,
              hint="Як у списках, у пошуку та в картці для соцмереж.")
SLUG = Field("slug", "Адреса сторінки", "Address (slug)", translated=False, unique=True,
             pattern=SLUG_PATTERN, pattern_message=_SLUG_MESSAGE,
             hint="Латиницею, наприклад open-meeting-may: сторінка буде /events/open-meeting-may/. "
                  "Спільна для обох мов; після публікації не змінюйте.")
SUMMARY = Field("summary", "Короткий опис", "Summary", widget="text",
                hint="Одне-два речення для списків, стрічок новин і попереднього перегляду "
                     "посилань.")
IMAGE = Field("image", "Зображення", "Image", widget="image", translated=False,
              hint="Фото для сторінки й картки: JPEG, PNG, WebP або SVG, не менше 1200 "
                   "пікселів завширшки, до 20 МБ.")
IMAGE_ALT = Field("image_alt", "Опис зображення", "Image description",
                  required_with="image",
                  hint="Що на зображенні, для людей, які його не бачать. Потрібен для "
                       "кожної мови.")
TAGS = Field("tags", "Теги", "Tags", hint="Через кому: кухня ідей, соціальне підприємництво.")
DATE = Field("date", "Дата", "Date", widget="when", translated=False, pattern=DATE_PATTERN,
             pattern_message="дата у вигляді 2017-04-07 або 2017-04-07 18:00 (київський час)",
             hint="Рік-місяць-день і, за бажанням, час за Києвом: 2017-04-07 18:00.")
MODIFIED = Field("modified", "Змінено", "Modified", widget="when", translated=False,
                 pattern=DATE_PATTERN,
                 pattern_message="дата у вигляді 2017-04-07 або 2017-04-07 18:00",
                 hint="Коли текст востаннє суттєво змінили; можна не заповнювати.")
STATUS = Field("status", "Стан", "Status", widget="select", translated=False,
               options=ITEM_STATUSES, option_labels=("опубліковано", "чернетка", "приховано"),
               hint="Чернетку видно лише за адресою /drafts/, на сайті її немає.")
AUTHOR = Field("author", "Автор", "Author")
REGISTRATION = Field("registration", "Реєстрація", "Registration", translated=False,
                     pattern=r"^(?:https?://\S+|(?:mailto:)?[^@\s/:]+@[^@\s/]+\.[^@\s/]+)$",
                     pattern_message="повна вебадреса форми (https://…) або e-mail",
                     hint="Посилання на форму (https://…) або адреса електронної пошти.")
AUDIENCE = Field("audience", "Для кого", "Audience",
                 hint="Наприклад: молодь, внутрішньо переміщені особи, місцевий бізнес.")
ALIASES = Field("aliases", "Старі адреси", "Old addresses",
                pattern=r"^/[^\s,]*(?:\s*,\s*/[^\s,]*)*$",
                pattern_message="адреси на сайті через кому, кожна з / на початку: "
                                "/news/stara-nazva/",
                hint="Якщо адресу сторінки змінили: попередні адреси через кому. Хто "
                     "відкриє стару адресу, потрапить сюди.")
#: What `Kit:` may say; an article without it has no campaign kit.
KIT_CHOICES = ("no", "yes")
ACTIVITY = Field("activity", "Запланована діяльність", "Planned activity", translated=False,
                 pattern=SLUG_PATTERN,
                 pattern_message="адреса запланованої діяльності: назва файлу в "
                                 "content/activities/ без мови, наприклад business-meetings",
                 hint="До якої запланованої діяльності проєкту це належить (назва файлу в "
                      "content/activities/, наприклад business-meetings); рахується на "
                      "сторінці «Заплановані заходи» і у звіті донору.")
KIT = Field("kit", "Набір для кампанії", "Campaign kit", widget="select", translated=False,
            options=KIT_CHOICES, option_labels=("ні", "так"),
            hint="«так»: новина отримає плакат, квадратне зображення й зображення для "
                 "сторіз і сторінку з готовими текстами для соцмереж (адреса /news/<адреса>/kit/).")
#: What Pelican and the theme understand but nobody edits in the form.
_INTERNAL = tuple(Field(name, name, name, editable=False) for name in (
    "lang", "template", "save_as", "url", "translation", "authors"))

NEWS = Kind("news", "Новини", "Новина", (
    # Pelican skips a news item without a date; the checks and the form ask for it.
    TITLE, SLUG, replace(DATE, required=True), SUMMARY, Field("category", "Рубрика", "Category",
                                      hint="Наприклад: Новини."),
    TAGS, IMAGE, IMAGE_ALT, AUTHOR, STATUS, MODIFIED, ALIASES, KIT, ACTIVITY, *_INTERNAL))

PAGES = Kind("pages", "Сторінки", "Сторінка", (
    TITLE, SLUG, Field("menu_label", "Назва в меню", "Menu label",
                       hint="Коротка назва для меню, якщо заголовок задовгий."),
    SUMMARY, IMAGE, IMAGE_ALT, STATUS, DATE, MODIFIED, AUTHOR, ALIASES, *_INTERNAL))

_WHEN_MESSAGE = ("дата й час за Києвом: 2017-04-07 18:00, або лише дата 2017-04-07 "
                 "для події на весь день")
EVENTS = Kind("events", "Події", "Подія", (
    TITLE, SLUG,
    Field("start", "Початок", "Start", widget="when", required=True, translated=False,
          pattern=WHEN_PATTERN, pattern_message=_WHEN_MESSAGE,
          hint="Дата й, за бажанням, час за Києвом. Без часу: подія на весь день."),
    Field("end", "Кінець", "End", widget="when", translated=False, after="start",
          pattern=WHEN_PATTERN, pattern_message=_WHEN_MESSAGE,
          hint="Не раніше за початок. Порожньо: дві години після початку."),
    Field("announce", "Оголосити з", "Announce", widget="when", translated=False,
          pattern=WHEN_PATTERN, pattern_message=_WHEN_MESSAGE,
          hint="Коли подія з'явиться на сайті (час за Києвом). Порожньо: одразу."),
    Field("timezone", "Часовий пояс", "Time zone", translated=False,
          pattern=r"^[A-Za-z_]+(?:/[A-Za-z0-9_+-]+)+$",
          pattern_message="назва пояса IANA, наприклад Europe/Kyiv",
          hint="Лише якщо подія не за київським часом, наприклад Europe/Berlin."),
    Field("location", "Місце", "Place", hint="Назва місця: Простір «Вільна Хата»."),
    Field("address", "Адреса", "Address", hint="Вулиця, будинок, місто."),
    Field("geo", "Координати", "Coordinates", translated=False,
          pattern=r"^-?\d{1,2}(?:\.\d+)?\s*,\s*-?\d{1,3}(?:\.\d+)?$",
          pattern_message="широта, довгота в градусах: 48.7389, 37.5848",
          hint="Широта, довгота: 48.7389, 37.5848 (для карти в календарі)."),
    Field("online_url", "Посилання для участі онлайн", "Online link", translated=False,
          pattern=r"^https?://\S+$", pattern_message="повна вебадреса: https://…"),
    Field("status", "Стан", "Status", widget="select", translated=False,
          options=EVENT_STATUSES,
          option_labels=("заплановано", "скасовано", "відкладено", "перенесено"),
          hint="Скасовану подію не видаляйте: її стан оновиться в календарях підписників."),
    REGISTRATION,
    Field("course", "Курс", "Course", widget="relation", relation="courses",
          translated=False, hint="Якщо подія є заняттям курсу, оберіть курс."),
    Field("recurrence", "Повторення", "Recurrence", widget="recurrence", translated=False,
          pattern=r"^(?:RRULE:)?FREQ=[A-Z]+(?:;[A-Z]+=[^;\s]+)*$",
          pattern_message="правило RFC 5545, наприклад FREQ=WEEKLY;BYDAY=TU;COUNT=10",
          hint="Для серії занять: щотижня в один день, скільки разів або до якої дати."),
    AUDIENCE, Field("organizer", "Організатор", "Organizer"),
    ACTIVITY,
    Field("attendance", "Скільки людей прийшло", "Attendance", widget="number",
          translated=False, bounds=(0, 100000),
          hint="Лише після події: скільки учасників було (для всіх занять серії разом)."),
    SUMMARY, TAGS, IMAGE, IMAGE_ALT,
    Field("date", "Дата публікації", "Date", translated=False, pattern=DATE_PATTERN,
          pattern_message="дата у вигляді 2017-04-07", editable=False),
    MODIFIED, AUTHOR, Field("category", "Рубрика", "Category", editable=False),
    ALIASES, *_INTERNAL))

COURSES = Kind("courses", "Курси", "Курс", (
    TITLE, SLUG, SUMMARY, AUDIENCE,
    Field("level", "Рівень", "Level", hint="Наприклад: початковий; A2–B1."),
    Field("language", "Мова навчання", "Language of instruction",
          hint="Наприклад: українська; англійська, українська."),
    Field("format", "Формат", "Format", widget="select", options=COURSE_FORMATS,
          hint="очно, онлайн чи змішаний (англійською: in person, online, mixed)."),
    Field("duration_weeks", "Тривалість, тижнів", "Duration, weeks", widget="number",
          translated=False, bounds=(1, 520)),
    Field("duration_hours", "Тривалість, годин", "Duration, hours", widget="number",
          translated=False, bounds=(1, 5000)),
    Field("instructors", "Викладачі", "Instructors", hint="Імена через кому."),
    Field("prerequisites", "Що треба знати заздалегідь", "Prerequisites", widget="text"),
    REGISTRATION, ACTIVITY, TAGS, IMAGE, IMAGE_ALT,
    Field("date", "Дата", "Date", translated=False, pattern=DATE_PATTERN,
          pattern_message="дата у вигляді 2017-04-07", editable=False),
    MODIFIED, AUTHOR, Field("category", "Рубрика", "Category", editable=False),
    STATUS, ALIASES, *_INTERNAL))

KINDS = {kind.folder: kind for kind in (NEWS, PAGES, EVENTS, COURSES)}
