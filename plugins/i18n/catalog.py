"""Interface translations: gettext catalogues under theme/translations, compiled in memory.

The .po files are the source of truth; they are compiled with Babel when the
build starts, so no .mo file is committed and no OS locale is needed.
"""

from __future__ import annotations

import io
import logging
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

logger = logging.getLogger(__name__)

DOMAIN = "messages"


def po_path(theme: str | Path, code: str) -> Path:
    return Path(theme) / "translations" / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=8)
def _compile(path: Path, mtime_ns: int, code: str) -> Translations:
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def load_translations(theme: str | Path, code: str, *, source_lang: str = "en"):
    """Translations for ``code``; the msgids are English, so English may have no catalogue."""
    path = po_path(theme, code)
    if not path.exists():
        if code != source_lang:
            logger.warning(
                "i18n: %s: missing catalogue for %r; the interface stays in English. "
                "Run `invoke translations` to create it",
                path,
                code,
            )
        return NullTranslations()
    return _compile(path, path.stat().st_mtime_ns, code)
