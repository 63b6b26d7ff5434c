"""The report page of a language run: `activities/report/` (`en/activities/report/`),
the donor report's table for the activities' whole period. For the team: noindex,
so the sitemap leaves it out, no search body, linked from no page (as the kit)."""

from __future__ import annotations

from pelican.generators import Generator

from i18n.catalog import load_translations

from .progress import activity_progress
from .report import period_of, report_title, sections

REPORT_URL = "activities/report/"


class ActivityReportGenerator(Generator):
    def generate_context(self):
        """Nothing for other generators: the report reads the source files."""

    def generate_output(self, writer):
        settings = self.settings
        lang = settings["DEFAULT_LANG"]
        activities = activity_progress(settings)
        period = period_of(activities)
        if period is None:
            return
        activities = activity_progress(settings, period=period)
        translations = load_translations(settings["THEME"], lang)
        pattern = (settings.get("DATE_PATTERNS") or {}).get(lang, {}).get("long", "long")
        url = settings.get("LANG_PREFIX", "") + settings.get("ACTIVITY_REPORT_URL", REPORT_URL)
        writer.write_file(
            f"{url}index.html", self.get_template("activity_report"), self.context,
            relative_urls=settings["RELATIVE_URLS"], url=url,
            activity_report={"title": report_title(translations, lang, period, pattern),
                             "period": period,
                             "sections": sections(activities, lang, translations, pattern)})
