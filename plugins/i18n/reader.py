"""A Markdown reader that renders only the run's own language.

Every language run reads all source files, because an item's twins must be
known to link them. A twin in another language needs only its metadata
(title, slug, dates): its body is rendered by its own language's run. Reading
only its header halves the Markdown work of a build.

Only public APIs of Pelican and Python-Markdown are used: `MarkdownReader` is
subclassed, `read` and `process_metadata` are overridden, and the header is
parsed by Markdown's `meta` extension. Pelican has no hook to read a file's
metadata only; a reader method for that (as `read` is for the whole file)
would remove `metadata_of` below.
"""

from __future__ import annotations

import re

from markdown import Markdown
from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED, MarkdownReader
from pelican.utils import SafeDatetime, pelican_open

from common.slugs import split_source_name

from .run import language_run

SMARTY = "markdown.extensions.smarty"

#: What smarty rewrites: straight quotes and apostrophes, --, ---, ..., << and >>.
SMARTY_MARKS = re.compile(r"""["']|--|\.\.\.|<<|>>""")


def without_smarty(config: dict) -> dict | None:
    """The Markdown settings minus smarty; None when smarty is not used.

    Smarty can only change text that holds one of its ASCII marks, so a text
    without any converts the same without it, at half the cost.
    """
    extensions = list(config.get("extensions") or ())
    configs = dict(config.get("extension_configs") or {})
    if SMARTY not in extensions and SMARTY not in configs:
        return None
    configs.pop(SMARTY, None)
    return {**config, "extensions": [e for e in extensions if e != SMARTY],
            "extension_configs": configs}


#: `2017-01-25`, `2017-01-25 14:15`, `2017-01-25T14:15:30`: the dates editors write.
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")


def quick_date(value: str) -> SafeDatetime | None:
    """The date Pelican's `get_date` gives for an ISO date without a zone, read
    without dateutil's general parser; None for anything else."""
    if ISO_DATE.fullmatch(value):
        try:
            return SafeDatetime.fromisoformat(value)
        except ValueError:  # 2017-02-30: Pelican's own message
            return None
    return None


def metadata_block(text: str) -> str:
    """The `Key: value` lines at the top of a Markdown file, up to the first blank line."""
    head, _, _ = text.partition("\n\n")
    return head if not text.startswith("\n") else ""


class LanguageMarkdownReader(MarkdownReader):
    """Pelican's MarkdownReader, with the same output for the run's own language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.run_lang = language_run(self.settings).code
        self._instances: dict[bool, tuple[Markdown, Markdown]] = {}

    def markdown(self, text: str) -> tuple[Markdown, Markdown]:
        """(documents, formatted fields) Markdown instances for ``text``, made once per
        reader and reset before each use; without smarty when it could change nothing."""
        config = self.settings["MARKDOWN"]
        plain = without_smarty(config) if not SMARTY_MARKS.search(text) else None
        key = plain is not None
        if key not in self._instances:
            chosen = plain or config
            fields = Markdown(**chosen)
            # Formatted fields (Summary) are Markdown too, but never carry metadata.
            fields.preprocessors.deregister("meta")
            self._instances[key] = (Markdown(**chosen), fields)
        documents, fields = self._instances[key]
        documents.reset()
        return documents, fields

    def process_metadata(self, name, value):
        if name in ("date", "modified") and isinstance(value, str):
            found = quick_date(value)
            if found is not None:
                return found
        return super().process_metadata(name, value)

    def metadata_of(self, meta: dict[str, list[str]]) -> dict:
        """Pelican's metadata from Markdown's `Meta`, as `MarkdownReader.read` makes it."""
        output = {}
        for key, value in meta.items():
            name = key.lower()
            if name in self.settings["FORMATTED_FIELDS"]:
                text = "\n".join(value)
                _, fields = self.markdown(text)
                fields.reset()
                output[name] = self.process_metadata(name, fields.convert(text))
            elif not DUPLICATES_DEFINITIONS_ALLOWED.get(name, True) or len(value) == 1:
                output[name] = self.process_metadata(name, value[0])
            else:
                output[name] = self.process_metadata(name, value)
        return output

    def read(self, source_path):
        with pelican_open(source_path) as text:
            _, lang = split_source_name(source_path)
            twin = bool(lang and lang != self.run_lang)
            source = metadata_block(text) if twin else text
            documents, _ = self.markdown(source)
            content = documents.convert(source)
        metadata = self.metadata_of(getattr(documents, "Meta", {}))
        return ("" if twin else content), metadata
