"""A Pelican Generator for a content type read from twin files (`<slug>.<lang>.md`).

Each language run reads the items of every language (twins are linked by slug
and must agree on their shared fields) but lists and writes only its own.
Problems are logged as `path:line: field: message` by the run of the file's
language, so each is reported once, before anything is written. A content type
says only what is its own: its content class, how an item is parsed and which
of its fields the languages must agree on.
"""

from __future__ import annotations

import logging
import os

from pelican.generators import Generator
from pelican.utils import process_translations

from common.header import field_line
from common.slugs import source_label, split_source_name

logger = logging.getLogger(__name__)


def read_content(generator: Generator, content_class, paths, excludes, report) -> list:
    """Every file of a content type, through Pelican's readers and their cache.

    A reader's error is the file's problem, not a crash: ``report(path, exc)``.
    """
    items = []
    for name in sorted(generator.get_files(list(paths), exclude=list(excludes))):
        try:
            item = generator.readers.read_file(
                base_path=generator.path, path=name, content_class=content_class,
                context=generator.context, context_signal=generator.metadata_signal,
                context_sender=generator)
        except Exception as exc:  # noqa: BLE001 - any reader error names the file
            report(os.path.join(generator.path, name), exc)
            continue
        items.append(item)
    generator.readers.save_cache()
    return items


def twin_pairs(items, order: list[str], run_lang: str):
    """(first, other) for every item whose language comes after its twin's first one.

    Only the run whose language is the group's first reports, so a disagreement
    is printed once, not once per language run.
    """
    by_slug: dict[str, list] = {}
    for item in items:
        by_slug.setdefault(item.slug, []).append(item)
    for group in by_slug.values():
        group.sort(key=lambda item: order.index(item.lang))
        if group[0].lang == run_lang:
            for other in group[1:]:
                yield group[0], other


class ContentTypeGenerator(Generator):
    """Reads, checks and links the twins of one content type; subclasses write them.

    A subclass sets `content_class`, `name` (for messages) and `noun` (in "write
    Title: and the event's name"), reads its settings into `self.conf` (with
    `run_lang`, `default_lang`, `codes`, `paths`, `excludes`) and implements
    `parse` and `disagreements`.
    """

    content_class = None
    name = ""
    noun = ""
    #: The signal whose receivers fill each item's metadata (the i18n plugin sets
    #: lang, slug and lang_prefix from the file name); set by the wiring module.
    metadata_signal = None

    def __init__(self, *args, **kwargs):
        self.conf = None
        # A named reader cache: unchanged files are not read and rendered again.
        kwargs.setdefault("readers_cache_name", f"{type(self).__name__}-Readers")
        super().__init__(*args, **kwargs)

    # -- what a content type says ---------------------------------------------

    def parse(self, item) -> tuple[object | None, list]:
        """(parsed info, problems); each problem has `field`, `message` and
        optionally `line` (else the field's line is shown)."""
        raise NotImplementedError

    def disagreements(self, first, other) -> list[str]:
        """The shared fields on which two languages of one item differ."""
        raise NotImplementedError

    def shown(self, item, name: str) -> str:
        """A field as written, for a message about twins that disagree."""
        value = item.fields.get(name)
        return repr(str(value).strip()) if value is not None else "(not written)"

    def line_of(self, item, name: str) -> int:
        return field_line(item.source_path, name)

    def keeps(self, item) -> bool:
        """Whether a valid item is built (courses leave drafts out)."""
        return True

    # -- shared ---------------------------------------------------------------

    def reports(self, lang: str | None) -> bool:
        """Each file's problems are reported by the run of its language only."""
        if lang in self.conf.codes:
            return lang == self.conf.run_lang
        return self.conf.run_lang == self.conf.default_lang

    def error(self, path: str, line: int, field: str, message: str) -> None:
        logger.error("%s: %s:%d: %s: %s", self.name, source_label(path), line, field, message)

    def read_items(self) -> list:
        def report(full: str, exc: Exception) -> None:
            if self.reports(split_source_name(full)[1]):
                self.error(full, 1, "metadata", f"{exc}; correct the value it names")

        return read_content(self, self.content_class, self.conf.paths, self.conf.excludes,
                            report)

    def validate(self, items: list) -> list:
        """The items without problems, their parsed info attached; problems are logged."""
        valid, seen = [], {}
        for item in items:
            if item.lang not in self.conf.codes:
                continue  # the i18n plugin reports unknown languages
            info, problems = self.parse(item)
            if not str(getattr(item, "title", "") or "").strip():
                problems.insert(0, _Problem("title", f"missing; write Title: and the "
                                                     f"{self.noun}'s name", 1))
            twin = seen.get((item.slug, item.lang))
            if twin is not None:
                problems.append(_Problem(
                    "slug", f"{item.slug!r} is also the address of "
                            f"{source_label(twin.source_path)}; give one of them another "
                            "file name or Slug"))
            if problems:
                if self.reports(item.lang):
                    for problem in problems:
                        line = getattr(problem, "line", None) or self.line_of(item,
                                                                             problem.field)
                        self.error(item.source_path, line, problem.field, problem.message)
                continue
            item.attach(info)
            seen[(item.slug, item.lang)] = item
            if self.keeps(item):
                valid.append(item)
        return valid

    def check_twins(self, items: list) -> None:
        """The languages of one item must agree on its shared fields."""
        for first, other in twin_pairs(items, list(self.conf.codes), self.conf.run_lang):
            for name in self.disagreements(first, other):
                self.error(
                    first.source_path, self.line_of(first, name), name,
                    f"{self.shown(first, name)} here but {self.shown(other, name)} in "
                    f"{source_label(other.source_path)}:{self.line_of(other, name)}; the "
                    "two languages must agree, correct one of the two files")

    def read_valid(self) -> list:
        """Every language's valid items, twins linked, ready for `{filename}` links."""
        valid = self.validate(self.read_items())
        self.check_twins(valid)
        process_translations(valid, translation_id="slug")
        for item in valid:
            self.add_source_path(item)
            self.add_static_links(item)
        return valid


class _Problem:
    def __init__(self, field: str, message: str, line: int | None = None):
        self.field, self.message, self.line = field, message, line
