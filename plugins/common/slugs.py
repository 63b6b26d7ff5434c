"""Latin slugs: Ukrainian is transliterated by the national standard (KMU 2010)."""

from __future__ import annotations

import functools
import os
import re

from translitua import UkrainianKMU, translit
from unidecode import unidecode

_NON_SLUG = re.compile(r"[^a-z0-9]+")
#: `<stem>.<lang>.<ext>`: the convention for one source file per language.
_LANG_FILE = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?)$")


@functools.lru_cache(maxsize=8192)
def slugify(text: str) -> str:
    """`Презентація у «Вільній хаті»` -> `prezentatsiia-u-vilnii-khati`.

    Kept per text: the checks ask for a source's slug several times, and tags,
    categories and headings repeat across a run's items."""
    latin = translit(text, UkrainianKMU)
    # Whatever KMU 2010 does not cover (other scripts, symbols) goes through unidecode.
    latin = unidecode(latin).lower().replace("'", "")
    return _NON_SLUG.sub("-", latin).strip("-")


def split_source_name(path: str) -> tuple[str, str | None]:
    """`news/open-meeting.en.md` -> (`open-meeting`, `en`); no language -> (stem, None)."""
    base = os.path.splitext(os.path.basename(path))[0]
    match = _LANG_FILE.match(base)
    if match:
        return match["stem"], match["lang"]
    return base, None


def heading_id(text: str, separator: str = "-") -> str:
    """Python-Markdown's toc slugify hook: Latin ids for Cyrillic headings."""
    return slugify(text).replace("-", separator) or "section"


def source_label(path) -> str:
    """A source file as an editor sees it: relative to the working folder when it is
    inside it, else absolute (a temporary test folder)."""
    path = str(path)
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative
