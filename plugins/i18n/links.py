"""Which page is the same page in another language: content twins and list twins."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from .config import I18nSettings


@dataclass(frozen=True)
class Alternate:
    lang: str
    url: str
    name: str


class LanguageLinks:
    """Per run: the URLs of every page's twins; lives on the run's context, not in a global."""

    def __init__(self, i18n: I18nSettings, run_lang: str):
        self.i18n = i18n
        self.run_lang = run_lang
        # {("category", slug): {lang: url}}, filled from the twins read in this run.
        self._taxonomy: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
        # An item's alternates, by its source file: its page and the sitemap both ask.
        self._content: dict[str, list[Alternate]] = {}

    def _reprefix(self, url: str, code: str) -> str:
        """A taxonomy URL built with this run's prefix, moved to language ``code``."""
        run_prefix = self.i18n.get(self.run_lang).prefix
        bare = url[len(run_prefix):] if url.startswith(run_prefix) else url
        return self.i18n.get(code).prefix + bare

    def learn_taxonomies(self, articles) -> None:
        """Map each category and tag to its most common twin in every other language."""
        votes: dict[tuple[str, str], dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
        for article in articles:
            if article.lang != self.run_lang:
                continue
            for twin in getattr(article, "translations", ()):
                if twin.status != "published" or twin.lang == self.run_lang:
                    continue
                if hasattr(article, "category") and hasattr(twin, "category"):
                    votes[("category", article.category.slug)][twin.lang][
                        self._reprefix(twin.category.url, twin.lang)] += 1
                twin_tags = {t.slug: t for t in getattr(twin, "tags", ())}
                for tag in getattr(article, "tags", ()):
                    # Tags pair up by slug only: there is no reliable order to match on.
                    if tag.slug in twin_tags:
                        votes[("tag", tag.slug)][twin.lang][
                            self._reprefix(twin_tags[tag.slug].url, twin.lang)] += 1
        for key, per_lang in votes.items():
            for lang, counter in per_lang.items():
                # Most votes wins; ties go to the alphabetically first URL, so builds agree.
                url = min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]
                self._taxonomy[key][lang] = url

    def _entry(self, code: str, url: str) -> Alternate:
        return Alternate(lang=code, url=url, name=self.i18n.get(code).name)

    def for_content(self, item) -> list[Alternate]:
        """The item itself and its published twins, in LANGUAGES order (worked out once
        per item: its page and the sitemap both ask for them)."""
        key = item.source_path
        if key not in self._content:
            self._content[key] = self._alternates(item)
        return self._content[key]

    def _alternates(self, item) -> list[Alternate]:
        found = {item.lang: item.url}
        for twin in getattr(item, "translations", ()):
            if twin.status == getattr(item, "status", "published") and twin.lang in self.i18n.codes:
                found.setdefault(twin.lang, twin.url)
        return [self._entry(code, found[code]) for code in self.i18n.codes if code in found]

    def for_list(self, template: str, url: str, taxonomy_key=None) -> list[Alternate]:
        """List pages: the same list exists in every language (home, archives, tag index)."""
        if taxonomy_key is not None:
            found = {self.run_lang: url, **self._taxonomy.get(taxonomy_key, {})}
            return [self._entry(c, found[c]) for c in self.i18n.codes if c in found]
        return [self._entry(lang.code, self._reprefix(url, lang.code))
                for lang in self.i18n.languages]

    def switcher(self, alternates: list[Alternate]) -> list[Alternate]:
        """One link per other language: the twin when it exists, else that language's home."""
        by_lang = {a.lang: a for a in alternates}
        return [
            by_lang.get(lang.code) or self._entry(lang.code, lang.prefix)
            for lang in self.i18n.languages
            if lang.code != self.run_lang
        ]
