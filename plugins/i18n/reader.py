"""A Markdown reader that renders only the run's own language.

Every language run reads all source files, because an item's twins must be
known to link them. A twin in another language needs only its metadata
(title, slug, dates): its body is rendered by its own language's run. Skipping
it halves the Markdown work of a build. The Markdown instances are also made
once per reader and reset between files instead of once per file.

The smarty extension (typographic quotes, dashes, ellipses) doubles the time
Python-Markdown takes, and it can only change text that has one of its ASCII
marks: a document or field without any is converted by a twin instance that
has every extension but smarty, with the same result. Inside a document that
has some, smarty's own pass skips each piece of text without any (`MarkedOnly`):
most paragraphs of a text with one apostrophe have none.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions.meta import MetaPreprocessor
from markdown.inlinepatterns import DelimiterProcessor
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString
from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED, MarkdownReader
from pelican.utils import SafeDatetime, pelican_open

from common.slugs import split_source_name

SMARTY = "markdown.extensions.smarty"

SMARTY_PRIORITY = 6

#: What smarty rewrites: straight quotes and apostrophes, --, ---, ..., << and >>.
SMARTY_MARKS = re.compile(r"""["']|--|\.\.\.|<<|>>""")


class MarkedOnly(InlineProcessor):
    """Smarty's inline pass, applied only to the pieces of text it can change.

    Each of smarty's patterns needs one of `SMARTY_MARKS` in the text it
    matches, so a text node without one comes out of its 18 patterns as it
    went in; this returns it at once instead. (Python-Markdown calls the
    private `__handleInline` for every text and tail of the tree.)
    """

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if not SMARTY_MARKS.search(data):
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)


def _known_needles() -> dict[str, tuple[str, ...]]:
    """{regex source: what a match always contains} for Python-Markdown's own inline
    patterns, read from its constants (a pattern whose source is not here is always
    applied, so another version only loses the shortcut)."""
    from markdown import inlinepatterns as ip

    return {
        ip.BACKTICK_RE: ("`",),
        ip.ESCAPE_RE: ("\\",),
        ip.LINK_RE: ("[",),  # also REFERENCE_RE: link, reference, short_reference
        ip.IMAGE_LINK_RE: ("![",),  # also IMAGE_REFERENCE_RE: the three image patterns
        ip.AUTOLINK_RE: ("<",),
        ip.AUTOMAIL_RE: ("<",),
        ip.HTML_RE: ("<",),
        ip.ENTITY_RE: ("&",),
        ip.LINE_BREAK_RE: ("  \n",),
        r"\[\^([^\]]*)\]": ("[^",),  # the footnotes extension's FOOTNOTE_RE
    }


_NEEDLES = _known_needles()


def needles_of(pattern) -> tuple[str, ...] | None:
    """What ``pattern`` cannot match without (one of them); None when not known."""
    if isinstance(pattern, DelimiterProcessor):  # `*` and `_`: its regex is its tokens
        return tuple(pattern.tokens) or None
    regex = getattr(getattr(pattern, "compiled_re", None), "pattern", None)
    return _NEEDLES.get(regex) if isinstance(regex, str) else None


class NeedlesFirst(InlineProcessor):
    """Python-Markdown's inline pass, which skips a pattern for a piece of text that
    lacks what every match of it contains.

    The pass tries each of its 15 patterns on each text of the tree, in order,
    a Python call and a regular expression search each; most texts of prose
    hold no `[`, `<`, `&`, backtick, backslash or `*`. A skipped pattern could
    not have matched, so it is skipped exactly as a pattern that found nothing
    (the next pattern, from the start of the text): the same HTML (the tests
    compare it with Python-Markdown's own on every document they have).
    """

    def run(self, tree, ancestors=None):
        self._needles = [needles_of(pattern) for pattern in self.inlinePatterns]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, AtomicString):
            return data
        patterns, needles = self.inlinePatterns, self._needles
        apply = self._InlineProcessor__applyPattern
        start = 0
        count = len(patterns)
        while patternIndex < count:
            needed = needles[patternIndex]
            if needed is not None and not any(needle in data for needle in needed):
                patternIndex += 1
                start = 0
                continue
            data, matched, start = apply(patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


def gate_inline(md: Markdown) -> Markdown:
    """``md`` with its inline pass (`inline`, priority 20) a `NeedlesFirst` one."""
    if "inline" in md.treeprocessors and type(md.treeprocessors["inline"]) is InlineProcessor:
        md.treeprocessors.register(NeedlesFirst(md), "inline", INLINE_PRIORITY)
    return md


INLINE_PRIORITY = 20


def gate_smarty(md: Markdown) -> Markdown:
    """``md`` with smarty's pass (if any) replaced by a `MarkedOnly` one, at the
    priority smarty documents for it (6: after the inline pass, before unescaping)."""
    if "smarty" not in md.treeprocessors:  # (a Registry has no .get)
        return md
    found = md.treeprocessors["smarty"]
    if type(found) is InlineProcessor:
        gated = MarkedOnly(md)
        gated.inlinePatterns = found.inlinePatterns
        md.treeprocessors.register(gated, "smarty", SMARTY_PRIORITY)
    return md


def without_smarty(config: dict) -> dict | None:
    """The Markdown settings minus smarty; None when smarty is not used."""
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
        self._documents: Markdown | None = None
        self._fields: Markdown | None = None
        self._plain: tuple[Markdown, Markdown] | None = None

    def _instances(self, text: str) -> tuple[Markdown, Markdown]:
        """(documents, formatted fields); the ones without smarty when ``text``
        has nothing smarty would change."""
        if self._documents is None:
            config = self.settings["MARKDOWN"]
            self._documents = gate_inline(gate_smarty(Markdown(**config)))
            # Formatted fields (Summary) are Markdown too, but never carry metadata.
            self._fields = gate_inline(gate_smarty(Markdown(**config)))
            self._fields.preprocessors.deregister("meta")
            plain = without_smarty(config)
            if plain is not None:
                fields = gate_inline(Markdown(**plain))
                fields.preprocessors.deregister("meta")
                self._plain = (gate_inline(Markdown(**plain)), fields)
        if self._plain is not None and not SMARTY_MARKS.search(text):
            return self._plain
        return self._documents, self._fields

    def process_metadata(self, name, value):
        if name in ("date", "modified") and isinstance(value, str):
            found = quick_date(value)
            if found is not None:
                return found
        return super().process_metadata(name, value)

    def _parse_metadata(self, meta):
        """As Pelican's, but with a dedicated instance for the formatted fields."""
        formatted_fields = self.settings["FORMATTED_FIELDS"]
        output = {}
        for key, value in meta.items():
            name = key.lower()
            if name in formatted_fields:
                text = "\n".join(value)
                _, fields = self._instances(text)
                fields.reset()
                output[name] = self.process_metadata(name, fields.convert(text))
            elif not DUPLICATES_DEFINITIONS_ALLOWED.get(name, True) or len(value) == 1:
                output[name] = self.process_metadata(name, value[0])
            else:
                output[name] = self.process_metadata(name, value)
        return output

    def read(self, source_path):
        self._source_path = source_path
        with pelican_open(source_path) as text:
            _, lang = split_source_name(source_path)
            run_lang = self.settings.get("I18N_RUN_LANG")
            twin = bool(run_lang and lang and lang != run_lang)
            source = metadata_block(text) if twin else text
            documents, _ = self._instances(source)
            documents.reset()
            if "meta" not in documents.preprocessors:
                documents.preprocessors.register(MetaPreprocessor(documents), "meta", 27)
            content = documents.convert(source)
        metadata = self._parse_metadata(getattr(documents, "Meta", {}))
        return ("" if twin else content), metadata
