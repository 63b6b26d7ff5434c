"""Checks on a built site that need no browser: links, fragments, assets."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.etree
import lxml.html


def target_file(root: Path, page: Path, href: str, public_url: str) -> Path | None:
    """The file under ``root`` that ``href``, written in the file ``page``, points at
    (an address under ``public_url`` counts as the site's own); None for another site."""
    if public_url and href.startswith(public_url + "/"):
        href = href[len(public_url):]
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    rel = page.relative_to(root).as_posix()
    base = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    path = unquote(parts.path)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base) + "/", path)
                                if not path.startswith("/") else path)
    if path.endswith("/") or joined in ("/", "."):
        joined = joined.rstrip("/") + "/index.html"
    return root / joined.lstrip("/")


def site_problems(root: Path, public_url: str = "") -> list[str]:
    """Broken internal links and missing #fragments, as 'page: problem' lines."""
    root = Path(root)
    problems = []
    ids: dict[Path, set[str]] = {}
    for page in sorted(root.rglob("*.html")):
        doc = lxml.html.fromstring(page.read_bytes())
        for href in doc.xpath("//a/@href | //link/@href | //img/@src | //script/@src"
                              " | //source/@srcset | //img/@srcset"):
            if href.startswith(("mailto:", "tel:", "data:")) or not href.strip():
                continue
            for candidate in ([u.split()[0] for u in href.split(",")]
                              if " " in href.strip() else [href]):
                path, _, fragment = candidate.partition("#")
                target = page if not path else target_file(root, page, path, public_url)
                if target is None:
                    continue
                if not target.exists():
                    problems.append(f"{page.relative_to(root)}: broken link {candidate}")
                    continue
                if fragment and target.suffix == ".html":
                    if target not in ids:
                        ids[target] = set(lxml.html.fromstring(target.read_bytes())
                                          .xpath("//@id"))
                    if fragment not in ids[target]:
                        problems.append(f"{page.relative_to(root)}: no #{fragment} in "
                                        f"{target.relative_to(root)}")
    return problems


def vanished_addresses(sitemap: bytes, root: Path, public_url: str) -> list[str]:
    """Addresses a published sitemap lists that the built site at ``root`` no longer has
    (neither a page nor a redirect), as 'sitemap: problem' lines."""
    tree = lxml.etree.fromstring(sitemap)
    problems = []
    for loc in tree.iterfind(".//{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        url = (loc.text or "").strip()
        if not url.startswith(public_url.rstrip("/") + "/"):
            continue
        path = unquote(urlsplit(url).path)
        target = root / path.lstrip("/")
        if path.endswith("/"):
            target = target / "index.html"
        if not target.exists():
            problems.append(f"sitemap: {path} was published and is not in this build; "
                            "write it in Aliases: of the page that replaces it "
                            "(invoke rename does that when an address changes)")
    return problems
