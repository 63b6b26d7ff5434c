"""The activities in a language run: the progress that the page with `Template: progress`
shows (`activity_progress` in the template context), and the report page
`activities/report/` (`en/activities/report/`), the donor report's table for the
activities' whole period. The report is for the team: noindex, so the sitemap leaves
it out, no search body, linked from no page (as the kit)."""

from __future__ import annotations

from pelican.generators import Generator

from i18n import language_run
from i18n.catalog import load_translations

from .page import progress_page
from .progress import activity_progress
from .report import period_of, report_title, sections

REPORT_URL = "activities/report/"


class ActivityReportGenerator(Generator):
    def generate_context(self):
        """The progress over the activities' whole period, as the report counts it, for
        the progress page's template; pages are written after every generator's context."""
        settings = self.settings
        run = language_run(settings)
        lang = run.code
        self.period = period_of(activity_progress(settings))
        self.activities = ([] if self.period is None
                           else activity_progress(settings, period=self.period))
        self.translations = load_translations(settings["THEME"], lang)
        self.date_pattern = run.date_patterns["long"]
        self.context["activity_progress"] = progress_page(
            self.activities, lang, self.translations, self.date_pattern)

    def generate_output(self, writer):
        settings = self.settings
        if self.period is None:
            return
        run = language_run(settings)
        lang = run.code
        url = run.prefix + settings.get("ACTIVITY_REPORT_URL", REPORT_URL)
        writer.write_file(
            f"{url}index.html", self.get_template("activity_report"), self.context,
            relative_urls=settings["RELATIVE_URLS"], url=url,
            activity_report={
                "title": report_title(self.translations, lang, self.period,
                                      self.date_pattern),
                "period": self.period,
                "sections": sections(self.activities, lang, self.translations,
                                     self.date_pattern)})
