"""The partners and donors: `content/partners.yml`, read with line numbers.

Each partner has a name in every language, a role (funder, implementer,
partner), a logo (an SVG file inside content/), an optional link and the places
its logo must appear (footer, poster, story, square). The checks report every
problem as `path:line: field: message`; the build then stops before anything is
written, so the footer, posters and images read a file already checked.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

FILE = "partners.yml"
ROLES = ("funder", "implementer", "partner")
PLACES = ("footer", "poster", "story", "square")
SVG_TAG = "{http://www.w3.org/2000/svg}svg"


@dataclass(frozen=True)
class Partner:
    key: str
    names: dict  # language -> name
    role: str
    logo: str  # relative to content/, e.g. images/partners/x.svg
    logo_file: Path
    digest: str  # the logo's bytes' hash: a new logo redraws the images that show it
    link: str
    show: tuple[str, ...]
    aspect: float = 1.0  # the logo's width over its height, from its viewBox

    def name(self, lang: str) -> str:
        return self.names.get(lang) or next(iter(self.names.values()), self.key)


@dataclass(frozen=True)
class PartnerProblem:
    path: str
    line: int
    field: str
    message: str


def svg_problem(data: bytes) -> str:
    """Why ``data`` is not an SVG a browser, fpdf2 and the rasteriser can draw; '' if it is."""
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        return f"not valid SVG (XML: {exc})"
    if root.tag != SVG_TAG:
        return (f"not valid SVG: the root element is <{root.tag}>, not <svg> in the "
                "namespace http://www.w3.org/2000/svg")
    if not root.get("viewBox"):
        return "the SVG needs a viewBox (e.g. viewBox=\"0 0 200 100\") so it can be scaled"
    return ""


def svg_aspect(data: bytes) -> float:
    """Width over height of an SVG, from its viewBox (the checks require one); 1.0 when
    it has none that can be read."""
    try:
        values = ElementTree.fromstring(data).get("viewBox", "").replace(",", " ").split()
        width, height = float(values[2]), float(values[3])
    except (ElementTree.ParseError, DefusedXmlException, ValueError, IndexError):
        return 1.0
    return width / height if width > 0 and height > 0 else 1.0


def _scalar(node) -> str:
    return str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""


def load_partners(content: Path, languages: tuple[str, ...], label: str = "",
                  ) -> tuple[list[Partner], list[PartnerProblem]]:
    """The partners of ``content``/partners.yml and the problems found (no file: none).

    ``label`` is how messages name the file (default: its path)."""
    path = Path(content) / FILE
    label = label or str(path)
    if not path.is_file():
        return [], []
    problems: list[PartnerProblem] = []

    def fail(node, field, message):
        line = node.start_mark.line + 1 if node is not None else 1
        problems.append(PartnerProblem(label, line, field, message))

    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(PartnerProblem(label, mark.line + 1 if mark else 1, "partners",
                                       f"not valid YAML: {getattr(exc, 'problem', exc)}"))
        return [], problems
    top = dict((_scalar(k), v) for k, v in root.value) \
        if isinstance(root, yaml.MappingNode) else {}
    entries = top.get("partners")
    if not isinstance(entries, yaml.SequenceNode):
        fail(entries or root, "partners", "write a list: `partners:` then `- key: ...` items")
        return [], problems
    partners = []
    for entry in entries.value:
        if not isinstance(entry, yaml.MappingNode):
            fail(entry, "partners", "each partner is a mapping (key:, name:, role:, logo:)")
            continue
        fields = {_scalar(k): (k, v) for k, v in entry.value}
        known = {"key", "name", "role", "logo", "link", "show"}
        for name, (key_node, _) in fields.items():
            if name not in known:
                fail(key_node, name, f"unknown field; use {', '.join(sorted(known))}")
        key = _scalar(fields.get("key", (None, None))[1])
        if not key:
            fail(entry, "key", "missing; a short id such as `bmz`")
        names = {}
        node = fields.get("name", (None, None))[1]
        if isinstance(node, yaml.MappingNode):
            names = {_scalar(k): _scalar(v) for k, v in node.value}
        for lang in languages:
            if not names.get(lang):
                fail(node or entry, "name", f"no name in {lang!r}; write `name: {{"
                     + ", ".join(f"{code}: ..." for code in languages) + "}`")
        node = fields.get("role", (None, None))[1]
        role = _scalar(node)
        if role not in ROLES:
            fail(node or entry, "role", f"{role or '(missing)'!r} is not one of "
                 + ", ".join(ROLES))
        node = fields.get("show", (None, None))[1]
        show: tuple[str, ...] = ()
        if isinstance(node, yaml.SequenceNode):
            show = tuple(_scalar(v) for v in node.value)
        if not show or any(place not in PLACES for place in show):
            fail(node or entry, "show", f"{list(show) or '(missing)'}: list some of "
                 + ", ".join(PLACES))
        node = fields.get("link", (None, None))[1]
        link = _scalar(node)
        if link and not link.startswith(("https://", "http://")):
            fail(node, "link", f"{link!r} is not an address starting with https://")
        node = fields.get("logo", (None, None))[1]
        logo = _scalar(node).removeprefix("{static}").lstrip("/")
        logo_file = Path(content) / logo
        digest, aspect = "", 1.0
        if not logo:
            fail(node or entry, "logo", "missing; the path of an SVG file in content/, "
                 "e.g. images/partners/x.svg")
        elif not logo.endswith(".svg"):
            fail(node, "logo", f"{logo!r} is not an .svg file")
        elif not logo_file.is_file():
            fail(node, "logo", f"{logo!r}: no such file in content/")
        else:
            data = logo_file.read_bytes()
            why = svg_problem(data)
            if why:
                fail(node, "logo", f"{logo}: {why}")
            digest = hashlib.sha256(data).hexdigest()[:24]
            aspect = svg_aspect(data)
        partners.append(Partner(key=key, names=names, role=role, logo=logo,
                                logo_file=logo_file, digest=digest, link=link, show=show,
                                aspect=aspect))
    return (partners if not problems else []), problems


def partners_for(content: Path, languages: tuple[str, ...], place: str) -> list[Partner]:
    """The checked partners whose logo appears in ``place``; [] when the file has problems
    (the checks have reported them and stopped the build)."""
    partners, problems = load_partners(content, languages)
    return [] if problems else [p for p in partners if place in p.show]
