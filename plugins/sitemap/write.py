"""sitemap.xml (lxml) from the records the language runs noted, and robots.txt."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from lxml import etree

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def _absolute(public_url: str, path: str) -> str:
    return public_url + quote(path, safe="/:@!$&'()*+,;=-._~%")


def sitemap_xml(records: list[dict], public_url: str) -> bytes:
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "xhtml": XHTML_NS})
    for record in records:
        url = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = _absolute(public_url, record["loc"])
        if record.get("lastmod"):
            etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = record["lastmod"]
        for lang, path in sorted(record["alternates"].items(), key=lambda kv: (
                kv[0] == "x-default", kv[0])):
            etree.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=lang,
                             href=_absolute(public_url, path))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_sitemap(output: Path, public_url: str, records: list[dict]) -> int:
    """Write sitemap.xml (one entry per address, sorted) and robots.txt; the count."""
    records = [by_loc for _loc, by_loc in sorted({r["loc"]: r for r in records}.items())]
    (output / "sitemap.xml").write_bytes(sitemap_xml(records, public_url))
    (output / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\n\nSitemap: {public_url}/sitemap.xml\n", encoding="utf-8")
    return len(records)
