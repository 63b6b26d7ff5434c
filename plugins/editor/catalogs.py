"""`invoke translations`: extract interface strings, update both catalogues, compile."""

from __future__ import annotations

from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def update_catalogues(root: Path, languages: tuple[str, ...], source_lang: str = "en") -> None:
    theme = root / "theme"
    pot = theme / "translations" / "messages.pot"
    _pybabel("extract", "-F", str(theme / "babel.cfg"), "-o", str(pot), "--no-location",
             "--sort-output", "--omit-header", "-k", "_", "-k", "gettext",
             "-k", "ngettext:1,2", str(root))
    for code in languages:
        po = theme / "translations" / code / "LC_MESSAGES" / "messages.po"
        if po.exists():
            _pybabel("update", "-i", str(pot), "-d", str(theme / "translations"), "-l", code,
                     "--no-wrap", "--ignore-obsolete", "--no-fuzzy-matching")
        else:
            _pybabel("init", "-i", str(pot), "-d", str(theme / "translations"), "-l", code,
                     "--no-wrap")
        if code == source_lang:
            _fill_source_language(po, code)
    _pybabel("compile", "-d", str(theme / "translations"), "--statistics")


def _fill_source_language(po: Path, code: str) -> None:
    """The msgids are English: the English catalogue translates each to itself."""
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not all(message.string):
                message.string = tuple(message.id[min(i, 1)]
                                       for i in range(catalog.num_plurals))
        elif not message.string:
            message.string = message.id
    with po.open("wb") as handle:
        write_po(handle, catalog, width=0, no_location=True)
