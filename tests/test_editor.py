"""Editor tools: scaffolding, translation status, catalogues."""

from __future__ import annotations

import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from babel.messages.pofile import read_po

from conftest import ROOT, build_into, write_files
from editor.catalogs import update_catalogues
from editor.report import catalogue_status, format_report, translation_status
from editor.scaffold import ScaffoldError, scaffold

KYIV = ZoneInfo("Europe/Kyiv")
NOW = datetime(2017, 5, 2, 10, 30, tzinfo=KYIV)


@pytest.mark.parametrize("kind", ["article", "page", "event", "course"])
def test_new_pair_builds_strictly_at_once(tmp_path, kind):
    content = tmp_path / "content"
    paths = scaffold(kind, "Відкрита зустріч з бізнесом", content, now=NOW)
    folder = {"article": "news", "page": "pages", "event": "events", "course": "courses"}[kind]
    assert [p.relative_to(content).as_posix() for p in paths] == [
        f"{folder}/vidkryta-zustrich-z-biznesom.uk.md",
        f"{folder}/vidkryta-zustrich-z-biznesom.en.md"]
    uk = paths[0].read_text(encoding="utf-8")
    assert uk.startswith("Title: Відкрита зустріч з бізнесом\n")
    if kind == "article":
        assert "Date: 2017-05-02 10:30\n" in uk
    out = tmp_path / "out"
    assert build_into(out, content, strict=True) == 0
    url = {"article": "news/", "page": "", "event": "events/", "course": "courses/"}[kind] + (
        "vidkryta-zustrich-z-biznesom/index.html")
    assert (out / url).exists() and (out / "en" / url).exists()


def test_new_refuses_to_overwrite(tmp_path):
    content = tmp_path / "content"
    scaffold("article", "Кухня ідей", content, now=NOW)
    before = (content / "news" / "kukhnia-idei.uk.md").read_bytes()
    with pytest.raises(ScaffoldError, match="already exists"):
        scaffold("article", "Кухня ідей", content, now=NOW)
    assert (content / "news" / "kukhnia-idei.uk.md").read_bytes() == before
    with pytest.raises(ScaffoldError, match="unknown kind"):
        scaffold("poem", "Вірш", content)


def _pair(kind_dir, slug, uk_modified, en_modified):
    head = f"Title: {slug}\nDate: 2017-04-01\nModified: "
    return {
        f"{kind_dir}/{slug}.uk.md": f"{head}{uk_modified}\n\nТекст.\n",
        f"{kind_dir}/{slug}.en.md": f"{head}{en_modified}\n\nText.\n",
    }


def test_report_lists_missing_and_stale_translations(tmp_path):
    content = write_files(tmp_path / "content", {
        **_pair("news", "fresh", "2017-04-02", "2017-04-03"),
        **_pair("news", "stale", "2017-04-10", "2017-04-02"),
        "news/only-uk.uk.md": "Title: Лише українською\nDate: 2017-04-01\n\nТекст.\n",
        "pages/only-en.en.md": "Title: Only English\n\nText.\n",
    })
    statuses = translation_status(content, ["news", "pages"], ("uk", "en"), KYIV,
                                  use_git=False)
    by_slug = {s.slug: s for s in statuses}
    assert by_slug["fresh"].missing == () and by_slug["fresh"].stale == ()
    assert by_slug["stale"].stale == ("en",)
    assert by_slug["only-uk"].missing == ("en",)
    assert by_slug["only-en"].missing == ("uk",)
    text = format_report(statuses, {}, ("uk", "en"))
    assert "stale" in text and "older than uk: en" in text
    assert "4 items, 3 need translation work" in text


def test_build_logs_one_line_per_missing_or_stale_translation(tmp_path, capfd):
    content = write_files(tmp_path / "content", {
        **_pair("news", "stale", "2017-04-10", "2017-04-02"),
        "news/only-uk.uk.md": "Title: Лише українською\nDate: 2017-04-01\n\nТекст.\n",
    })
    assert build_into(tmp_path / "out", content, strict=True) == 0  # advisory only
    lines = [line for line in capfd.readouterr().err.splitlines()
             if line.startswith("warning: translation:")]
    assert len(lines) == 2
    assert any("only-uk.uk.md: no en version yet" in line for line in lines)
    assert any("stale.en.md: older than" in line for line in lines)


def test_catalogue_status_counts_untranslated_and_fuzzy(tmp_path):
    po = tmp_path / "translations" / "uk" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Language: uk\\n"\n\n'
                  'msgid "News"\nmsgstr "Новини"\n\n'
                  'msgid "Home"\nmsgstr ""\n\n'
                  '#, fuzzy\nmsgid "Tags"\nmsgstr "Мітки"\n', encoding="utf-8")
    status = catalogue_status(tmp_path, ("uk",))
    assert status["uk"] == {"total": 3, "untranslated": 1, "fuzzy": 1}


def test_the_real_catalogues_are_complete():
    status = catalogue_status(ROOT / "theme", ("uk", "en"))
    for code in ("uk", "en"):
        assert status[code]["untranslated"] == 0, code
        assert status[code]["fuzzy"] == 0, code


def test_translations_task_extracts_updates_and_compiles(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(ROOT / "theme", root / "theme",
                    ignore=shutil.ignore_patterns("*.mo", "fonts", "static"))
    (root / "plugins").mkdir()
    template = root / "theme" / "templates" / "partials" / "footer.html"
    template.write_text(template.read_text(encoding="utf-8")
                        + "{{ _('A brand new string') }}\n", encoding="utf-8")
    update_catalogues(root, ("uk", "en"))
    for code, expected in (("uk", ""), ("en", "A brand new string")):
        po = root / "theme" / "translations" / code / "LC_MESSAGES" / "messages.po"
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=code)
        assert catalog.get("A brand new string").string == expected
        assert catalog.get("Skip to content").string  # existing work kept
        assert (po.with_suffix(".mo")).exists()
    pot = (root / "theme" / "translations" / "messages.pot").read_text(encoding="utf-8")
    assert 'msgid "A brand new string"' in pot


def test_every_interface_string_in_the_code_is_translated():
    """Strings added to templates or plugins without a Ukrainian translation fail here."""
    from babel.messages.extract import extract_from_dir

    method_map = [("plugins/**.py", "python"), ("theme/templates/**.html", "jinja2")]
    options = {"theme/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2)}
    found = {msg if isinstance(msg, str) else msg[0]
             for _file, _line, msg, _comments, _context in extract_from_dir(
                 str(ROOT), method_map, options, keywords=keywords)}
    with (ROOT / "theme/translations/uk/LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="uk")
    missing = sorted(m for m in found if m and not (catalog.get(m) and catalog.get(m).string))
    assert missing == []
