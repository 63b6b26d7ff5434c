"""Old addresses keep working: `Aliases:` redirect pages, and `invoke rename`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from conftest import ROOT, build_into, run_vnu, write_files

PUBLIC = "https://kramatorsk-platform.example.org"


def _news(title: str, extra: str = "") -> str:
    return (f"Title: {title}\nDate: 2017-04-07 18:00\nCategory: News\n{extra}"
            f"\n{title}: the text.\n")


def _redirect(out: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((out / path / "index.html").read_bytes())


def test_an_alias_gets_a_redirect_page_outside_the_sitemap_and_search(tmp_path):
    content = write_files(tmp_path / "content", {
        "news/kitchen.uk.md": _news("Кухня ідей", "Aliases: /news/old-kitchen/, /kitchen\n"),
        "news/kitchen.en.md": _news("Kitchen of ideas", "Aliases: /en/news/old-kitchen/\n"),
    })
    out = tmp_path / "out"
    assert build_into(out, content) == 0
    for path, target, lang in (("news/old-kitchen", "news/kitchen/", "uk"),
                               ("kitchen", "news/kitchen/", "uk"),
                               ("en/news/old-kitchen", "en/news/kitchen/", "en")):
        page = _redirect(out, path)
        assert page.get("lang") == lang
        refresh = page.xpath("//meta[@http-equiv='refresh']/@content")[0]
        delay, _, url = refresh.partition("; url=")
        assert delay == "0"
        # Relative in development: it resolves from the old path to the new page.
        resolved = (out / path / url).resolve()
        assert resolved == (out / target).resolve(), (refresh, resolved)
        assert page.xpath("//link[@rel='canonical']/@href") == [f"{PUBLIC}/{target}"]
        assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
        assert page.xpath("//body//a/@href") == [url]
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "/news/kitchen/" in sitemap and "old-kitchen" not in sitemap
    index = " ".join(p.name for p in (out / "pagefind").rglob("*"))
    assert index  # a search index was built
    assert run_vnu([out / "news/old-kitchen/index.html",
                    out / "en/news/old-kitchen/index.html"]) == []


def test_an_alias_that_is_taken_is_an_error_naming_both_files(tmp_path, capfd, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = write_files(tmp_path / "content", {
        "news/a.en.md": _news("A", "Aliases: /en/news/b/\n"),
        "news/b.en.md": _news("B"),
        "news/c.en.md": _news("C", "Aliases: /en/news/c/\n"),
        "news/d.en.md": _news("D", "Aliases: /en/news/old/\n"),
        "news/e.en.md": _news("E", "Aliases: /en/news/old/\n"),
    })
    assert build_into(tmp_path / "out", content) == 1
    err = capfd.readouterr().err
    assert "content/news/a.en.md:4: aliases: /en/news/b/ is also the address or an old " \
           "address of content/news/b.en.md" in err, err
    assert "content/news/c.en.md:4: aliases: /en/news/c/ is this item's own address" in err
    taken = "aliases: /en/news/old/ is also the address or an old address of"
    assert (f"content/news/e.en.md:4: {taken} content/news/d.en.md" in err
            or f"content/news/d.en.md:4: {taken} content/news/e.en.md" in err), err
    assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_an_alias_that_is_not_a_site_path_is_refused_by_the_checks(tmp_path, capfd,
                                                                   monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = write_files(tmp_path / "content", {
        "news/a.en.md": _news("A", "Aliases: news/old, https://example.org/x\n")})
    assert build_into(tmp_path / "out", content) == 1
    assert "content/news/a.en.md:4: aliases:" in capfd.readouterr().err


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "site"
    for name in ("content", "theme", "plugins"):
        shutil.copytree(ROOT / name, project / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy2(ROOT / name, project / name)
    return project


def _invoke(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=project,
                          capture_output=True, text=True, encoding="utf-8", timeout=300,
                          check=False)


def test_invoke_rename_keeps_the_old_address_and_fixes_links(tmp_path):
    project = _project(tmp_path)
    content = project / "content"
    linking = [p for p in content.rglob("*.md")
               if "{filename}/pages/partners." in p.read_text(encoding="utf-8")]
    assert linking, "the starter content links to the partners page"
    proc = _invoke(project, "rename", "page", "partners", "our-partners")
    assert proc.returncode == 0, proc.stderr
    assert not list((content / "pages").glob("partners.*.md"))
    uk = (content / "pages" / "our-partners.uk.md").read_text(encoding="utf-8")
    en = (content / "pages" / "our-partners.en.md").read_text(encoding="utf-8")
    assert "\nAliases: /partners/\n" in uk and "\nAliases: /en/partners/\n" in en
    for path in linking:
        text = path.read_text(encoding="utf-8")
        assert "{filename}/pages/partners." not in text
        assert "{filename}/pages/our-partners." in text
    out = tmp_path / "out"
    assert build_into(out, content) == 0
    assert (out / "our-partners" / "index.html").is_file()
    page = _redirect(out, "en/partners")
    assert page.xpath("//link[@rel='canonical']/@href") == [f"{PUBLIC}/en/our-partners/"]

    # A name that is taken: refused, nothing changed.
    before = {p: p.read_bytes() for p in content.rglob("*.md")}
    proc = _invoke(project, "rename", "page", "our-partners", "contacts")
    assert proc.returncode == 2
    assert "NEW: pages/contacts.en.md exists already" in proc.stderr
    assert {p: p.read_bytes() for p in content.rglob("*.md")} == before


def test_a_published_address_that_disappears_without_an_alias_is_reported(tmp_path):
    from checks.site import vanished_addresses

    content = write_files(tmp_path / "content", {
        "news/kitchen.en.md": _news("Kitchen of ideas"),
        "news/meeting.en.md": _news("Meeting")})
    before = tmp_path / "before"
    assert build_into(before, content) == 0
    published = (before / "sitemap.xml").read_bytes()
    assert vanished_addresses(published, before, PUBLIC) == []
    # The meeting is renamed by hand, without an alias: its address is reported.
    (content / "news/meeting.en.md").rename(content / "news/open-meeting.en.md")
    after = tmp_path / "after"
    assert build_into(after, content) == 0
    problems = vanished_addresses(published, after, PUBLIC)
    assert problems == ["sitemap: /en/news/meeting/ was published and is not in this build; "
                        "write it in Aliases: of the page that replaces it (invoke rename "
                        "does that when an address changes)"]
    # With the alias, the old address is a redirect page: nothing is reported.
    path = content / "news/open-meeting.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Category: News\n", "Category: News\nAliases: /en/news/meeting/\n"), encoding="utf-8")
    assert build_into(after, content) == 0
    assert vanished_addresses(published, after, PUBLIC) == []


def _event(title: str) -> str:
    return f"Title: {title}\nStart: 2017-05-02 18:00\nLocation: Vilna Khata\n\n{title}.\n"


@pytest.mark.parametrize("bad, expected", [
    # An English news item takes a Ukrainian event's address.
    ({"news/a.en.md": _news("A", "Aliases: /events/anti-corruption-training/\n")},
     "content/news/a.en.md:4: aliases: /events/anti-corruption-training/ is also the "
     "address or an old address of content/events/anti-corruption-training.uk.md"),
    # A Ukrainian page takes an English item's address.
    ({"pages/b.uk.md": "Title: Б\nAliases: /en/events/anti-corruption-training/\n\nБ.\n"},
     "content/pages/b.uk.md:2: aliases: /en/events/anti-corruption-training/ is also the "
     "address or an old address of content/events/anti-corruption-training.en.md"),
    # An English item takes a Ukrainian item's old address: outside its language's tree.
    ({"news/c.uk.md": _news("В", "Aliases: /news/old/\n"),
      "news/c.en.md": _news("C", "Aliases: /news/old/\n")},
     "content/news/c.en.md:4: aliases: /news/old/ is not an address of the en pages, which "
     "are under /en/; it is also an old address of content/news/c.uk.md"),
])
def test_a_collision_across_languages_names_both_files_and_writes_nothing(
        tmp_path, capfd, monkeypatch, bad, expected):
    monkeypatch.chdir(tmp_path)
    content = write_files(tmp_path / "content", {
        "events/anti-corruption-training.uk.md": _event("Антикорупційний тренінг"),
        "events/anti-corruption-training.en.md": _event("Anti-corruption training"),
    })
    out = tmp_path / "out"
    assert build_into(out, content) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    write_files(content, bad)
    capfd.readouterr()
    assert build_into(out, content) == 1
    err = capfd.readouterr().err
    assert expected in err, err
    assert "Traceback" not in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("value, says", [
    ("/../escape/", "/../escape/ holds a . or .. folder"),
    ("//evil.example/x/", "//evil.example/x/ starts with //"),
    ("/javascript:alert(1)/", "/javascript:alert(1)/ holds a scheme"),
    ("/news/", "/news/ is a page the site writes itself (NEWS_SAVE_AS)"),
    ("/en/news/old/", "/en/news/old/ is not an address of the uk pages, which are "
                      "outside /en/"),
])
def test_an_alias_that_leaves_the_site_or_its_language_is_a_message(
        tmp_path, capfd, monkeypatch, value, says):
    monkeypatch.chdir(tmp_path)
    content = write_files(tmp_path / "content", {
        "news/a.uk.md": _news("А", f"Aliases: {value}\n")})
    assert build_into(tmp_path / "out", content) == 1
    err = capfd.readouterr().err
    assert f"content/news/a.uk.md:4: aliases: {says}" in err, err
    assert "Traceback" not in err and not (tmp_path / "out").exists()
