"""The content checker: every problem at once, as path:line: field: message."""

from __future__ import annotations

import re

from conftest import build_into, write_files

BROKEN = {
    "news/no-title.uk.md": """
        Date: 2017-04-07

        Текст без заголовка.
        """,
    "news/bad-date.uk.md": """
        Title: Погана дата
        Date: 31.04.2017

        Текст.
        """,
    "news/typo.en.md": """
        Title: Typo in a field
        Date: 2017-04-07
        Sumary: A summary with a misspelt key.

        See [the plan]({filename}/pages/missing.en.md) and
        ![a photo]({static}/images/nowhere.jpg).
        """,
    "news/wrong.de.md": """
        Title: Falsche Sprache
        Date: 2017-04-07

        Text.
        """,
    "news/dupe.en.md": """
        Title: First
        Date: 2017-04-07

        One.
        """,
    "news/other.en.md": """
        Title: Second
        Date: 2017-04-08
        Slug: dupe

        Two.
        """,
    "pages/news.en.md": """
        Title: A page called news

        Collides with the news list.
        """,
    "news/draft.en.md": """
        Title: Unknown status
        Date: 2017-04-07
        Status: secret

        Text.
        """,
}

EXPECTED = [
    "content/news/bad-date.uk.md:2: date: '31.04.2017' is not a date",
    "content/news/draft.en.md:3: status: 'secret' is not a status",
    "content/news/no-title.uk.md:1: title: missing",
    "content/news/other.en.md:3: slug: 'dupe' is also the address of content/news/dupe.en.md",
    "content/news/typo.en.md:3: sumary: unknown field; did you mean `Summary:`?",
    "content/news/typo.en.md:5: link: {filename}/pages/missing.en.md does not exist",
    "content/news/typo.en.md:6: image: {static}/images/nowhere.jpg does not exist",
    "content/news/wrong.de.md:1: lang: unknown language 'de'",
    "content/pages/news.en.md:1: slug: 'news' is the address of a list",
]


def test_every_problem_is_reported_at_once_and_nothing_is_written(tmp_path, capfd, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = write_files(tmp_path / "content", BROKEN)
    out = tmp_path / "output"
    out.mkdir()
    (out / "index.html").write_text("previous site", encoding="utf-8")
    assert build_into(out, content) == 1
    err = capfd.readouterr().err
    for expected in EXPECTED:
        assert expected in err, f"missing: {expected}\n---\n{err}"
    assert "Traceback" not in err
    assert re.search(r"content checks: 9 error\(s\), 0 warning\(s\) in 7 file\(s\)", err), err
    # Nothing was written: the previous site is intact and no run started.
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "previous site"
    assert "Done: Processed" not in err


def test_every_message_says_what_to_write_instead(tmp_path, capfd, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = write_files(tmp_path / "content", BROKEN)
    build_into(tmp_path / "out", content)
    lines = [line for line in capfd.readouterr().err.splitlines()
             if line.startswith("content/")]
    assert len(lines) == 9
    for line in lines:
        assert re.match(r"^content/\S+:\d+: [a-z_ ]+: .+; .+", line), line


def test_unknown_fields_are_warnings_that_fail_only_strict_builds(tmp_path, capfd, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = write_files(tmp_path / "content", {
        "news/extra.en.md": "Title: Extra\nDate: 2017-04-07\nColour: blue\n\nText.\n"})
    assert build_into(tmp_path / "strict", content, strict=True) == 1
    err = capfd.readouterr().err
    assert "warning: content/news/extra.en.md:3: colour: unknown field, ignored" in err
    assert build_into(tmp_path / "lenient", content, strict=False) == 0
    assert (tmp_path / "lenient" / "en" / "news" / "extra" / "index.html").exists()


def test_the_real_content_has_no_problems(capfd):
    from pelican.settings import read_settings

    from checks.runner import check_content
    from conftest import CONF

    problems = check_content(read_settings(CONF))
    assert problems == []
