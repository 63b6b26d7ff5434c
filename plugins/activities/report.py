"""The donor's activity report of one period, in one language: a table per activity
(events held, courses run, news published, the target), as CSV and A4 PDF.

The figures are `progress.activity_progress`'s, the same as the progress page's;
`invoke report --activities` writes the files and the report page
(`activities/report/`, noindex, linked from nowhere) shows the same table.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date

from common.files import write_atomic

from .progress import Progress


@dataclass(frozen=True)
class Row:
    kind: str  # event, course or news
    kind_label: str
    day: date
    day_text: str  # in the language: "20 квітня 2017", or a course's first and last day
    title: str
    place: str
    attendance: int | None
    url: str  # site-relative


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    target: int
    target_text: str  # "4 події"
    done: int
    attendance: int
    rows: tuple[Row, ...]


def unit_text(translations, count: int, unit: str) -> str:
    """`4 events` in the language, with its plural forms."""
    ngettext = translations.ngettext
    text = {
        "events": ngettext("%(num)d event", "%(num)d events", count),
        "courses": ngettext("%(num)d course", "%(num)d courses", count),
        "news": ngettext("%(num)d news item", "%(num)d news items", count),
        "people": ngettext("%(num)d person", "%(num)d people", count),
    }[unit]
    return text % {"num": count}


def period_of(activities: list[Progress]) -> tuple[date, date] | None:
    """From the first activity's start to the last one's end."""
    if not activities:
        return None
    return min(a.start for a in activities), max(a.end for a in activities)


def pick(texts: dict[str, str], lang: str) -> str:
    """The text in ``lang``, else the first language's that has one."""
    return texts.get(lang) or next((text for text in texts.values() if text), "")


def item_days(item, lang: str, date_pattern: str = "long") -> str:
    """An item's day in the language, or its first and last day."""
    first = format_date(item.day, date_pattern, locale=lang)
    if item.day == item.last_day:
        return first
    return f"{first} – {format_date(item.last_day, date_pattern, locale=lang)}"


def sections(activities: list[Progress], lang: str, translations,
             date_pattern: str = "long") -> list[Section]:
    """The report's table in ``lang``: one section per activity, its rows by date."""
    _ = translations.gettext

    def days(item) -> str:
        return item_days(item, lang, date_pattern)

    found = []
    for activity in activities:
        rows = [Row("event", _("Event"), item.day, days(item), pick(item.titles, lang),
                    pick(item.places, lang), item.attendance, pick(item.urls, lang))
                for item in activity.held]
        rows += [Row("course", _("Course"), item.day, days(item), pick(item.titles, lang),
                     "", None, pick(item.urls, lang)) for item in activity.courses]
        rows += [Row("news", _("News"), item.day, days(item), pick(item.titles, lang), "",
                     None, pick(item.urls, lang)) for item in activity.news]
        rows.sort(key=lambda row: (row.day, row.kind, row.url))
        found.append(Section(activity.slug, pick(activity.titles, lang), activity.target,
                             unit_text(translations, activity.target, activity.unit),
                             activity.done, activity.attendance, tuple(rows)))
    return found


def headings(translations) -> dict[str, str]:
    _ = translations.gettext
    return {"activity": _("Planned activity"), "target": _("Target"), "done": _("Done"),
            "kind": _("Kind"), "date": _("Date"), "title": _("Title"), "place": _("Place"),
            "attendance": _("Attendance"), "link": _("Link")}


def report_title(translations, lang: str, period: tuple[date, date],
                 date_pattern: str = "long") -> str:
    return translations.gettext("Activity report, %(first)s – %(last)s") % {
        "first": format_date(period[0], date_pattern, locale=lang),
        "last": format_date(period[1], date_pattern, locale=lang)}


def write_reports(settings: dict, folder: Path, period: tuple[date, date]) -> list[Path]:
    """`activities-<first>-<last>.<lang>.csv` and `.pdf` for every language, in ``folder``."""
    from i18n import language_run
    from i18n.catalog import load_translations

    from .progress import activity_progress

    activities = activity_progress(settings, period=period)
    theme = Path(settings["THEME"])
    fonts = {"regular": theme / "fonts" / "NotoSans-Regular.ttf",
             "bold": theme / "fonts" / "NotoSans-Bold.ttf"}
    run = language_run(settings)
    public_url = run.public_url
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for language in run.languages:
        lang, conf = language.code, language.overrides
        translations = load_translations(theme, lang)
        pattern = run.all_date_patterns[lang]["long"]
        found = sections(activities, lang, translations, pattern)
        stem = f"activities-{period[0]}-{period[1]}.{lang}"
        csv_path, pdf_path = folder / f"{stem}.csv", folder / f"{stem}.pdf"
        write_atomic(csv_path, to_csv(found, translations, public_url).encode("utf-8"))
        write_atomic(pdf_path, to_pdf(
            found, translations, title=report_title(translations, lang, period, pattern),
            lang=lang, site=conf.get("SITENAME") or settings.get("SITENAME", ""),
            public_url=public_url, fonts=fonts, stamp=period[1]))
        written += [csv_path, pdf_path]
    return written


def to_csv(found: list[Section], translations, public_url: str) -> str:
    """One line per activity (its target, what is done, the attendance), then one per
    event, course and news item counted towards it, with the item's full address."""
    names = headings(translations)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([names[k] for k in ("activity", "target", "done", "kind", "date", "title",
                                        "place", "attendance", "link")])
    for section in found:
        writer.writerow([section.title, section.target_text, section.done, "", "", "", "",
                         section.attendance, ""])
        for row in section.rows:
            writer.writerow([section.title, "", "", row.kind_label, row.day.isoformat(),
                             row.title, row.place,
                             "" if row.attendance is None else row.attendance,
                             f"{public_url}/{row.url}"])
    return out.getvalue()


def to_pdf(found: list[Section], translations, *, title: str, lang: str, site: str,
           public_url: str, fonts: dict[str, Path], stamp: date) -> bytes:
    """The report as an A4 PDF with the site's fonts (fpdf2)."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    _ = translations.gettext
    names = headings(translations)
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("Noto", "", str(fonts["regular"]))
    pdf.add_font("Noto", "B", str(fonts["bold"]))
    pdf.set_title(title)
    pdf.set_author(site)
    pdf.set_creator(site)
    pdf.set_producer("fpdf2")
    pdf.set_lang(lang)
    # The period's last day, never the clock: the same content gives the same file.
    pdf.set_creation_date(datetime.combine(stamp, time(0), ZoneInfo("UTC")))
    pdf.add_page()
    pdf.set_font("Noto", "B", 16)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Noto", "", 10)
    pdf.multi_cell(0, 5, f"{site} · {public_url}", new_x="LMARGIN", new_y="NEXT")
    for section in found:
        pdf.ln(4)
        pdf.set_font("Noto", "B", 12)
        pdf.multi_cell(0, 6, section.title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Noto", "", 10)
        summary = (f"{names['target']}: {section.target_text} · {names['done']}: "
                   f"{section.done} · {names['attendance']}: {section.attendance}")
        pdf.multi_cell(0, 5, summary, new_x="LMARGIN", new_y="NEXT")
        if not section.rows:
            pdf.multi_cell(0, 5, _("Nothing in this period."), new_x="LMARGIN", new_y="NEXT")
            continue
        pdf.ln(1)
        pdf.set_font("Noto", "", 8)
        with pdf.table(col_widths=(14, 28, 46, 32, 18, 42), line_height=4,
                       headings_style=FontFace(emphasis="BOLD")) as table:
            table.row([names[k] for k in ("kind", "date", "title", "place", "attendance",
                                          "link")])
            for row in section.rows:
                cells = table.row([row.kind_label, row.day_text, row.title, row.place,
                                   "" if row.attendance is None else str(row.attendance)])
                # The page's path, short enough for the column, links to the full address.
                cells.cell(f"/{row.url}", link=f"{public_url}/{row.url}")
    return bytes(pdf.output())
