"""A Markdown reader that renders only the run's own language.

Every language run reads all source files, because an item's twins must be
known to link them. A twin in another language needs only its metadata
(title, slug, dates): its body is rendered by its own language's run. Skipping
it halves the Markdown work of a build. The Markdown instances are also made
once per reader and reset between files instead of once per file.
"""

from __future__ import annotations

from markdown import Markdown
from markdown.extensions.meta import MetaPreprocessor
from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED, MarkdownReader
from pelican.utils import pelican_open

from .slugs import split_source_name


def metadata_block(text: str) -> str:
    """The `Key: value` lines at the top of a Markdown file, up to the first blank line."""
    head, _, _ = text.partition("\n\n")
    return head if not text.startswith("\n") else ""


class LanguageMarkdownReader(MarkdownReader):
    """Pelican's MarkdownReader, with the same output for the run's own language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._documents: Markdown | None = None
        self._fields: Markdown | None = None

    def _instances(self) -> tuple[Markdown, Markdown]:
        if self._documents is None:
            self._documents = Markdown(**self.settings["MARKDOWN"])
            # Formatted fields (Summary) are Markdown too, but never carry metadata.
            self._fields = Markdown(**self.settings["MARKDOWN"])
            self._fields.preprocessors.deregister("meta")
        return self._documents, self._fields

    def _parse_metadata(self, meta):
        """As Pelican's, but with a dedicated instance for the formatted fields."""
        _, fields = self._instances()
        formatted_fields = self.settings["FORMATTED_FIELDS"]
        output = {}
        for key, value in meta.items():
            name = key.lower()
            if name in formatted_fields:
                fields.reset()
                output[name] = self.process_metadata(name, fields.convert("\n".join(value)))
            elif not DUPLICATES_DEFINITIONS_ALLOWED.get(name, True) or len(value) == 1:
                output[name] = self.process_metadata(name, value[0])
            else:
                output[name] = self.process_metadata(name, value)
        return output

    def read(self, source_path):
        self._source_path = source_path
        documents, _ = self._instances()
        documents.reset()
        if "meta" not in documents.preprocessors:
            documents.preprocessors.register(MetaPreprocessor(documents), "meta", 27)
        with pelican_open(source_path) as text:
            _, lang = split_source_name(source_path)
            run_lang = self.settings.get("I18N_RUN_LANG")
            twin = bool(run_lang and lang and lang != run_lang)
            content = documents.convert(metadata_block(text) if twin else text)
        metadata = self._parse_metadata(getattr(documents, "Meta", {}))
        return ("" if twin else content), metadata
