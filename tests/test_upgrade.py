"""Upgrade-safety: the plugins use only the public API of the libraries they build on,
so a new release of any of them is taken by changing a pin and running the tests.

The scan reads every module of plugins/ with `ast` and fails on a private name of
Pelican, Python-Markdown, Pillow, Jinja or icalendar: imported, read as an
attribute of one of their objects, looked up with getattr, or overridden in a
subclass of one of their classes.
"""

from __future__ import annotations

import ast
import importlib
import inspect

import pytest

from conftest import ROOT

LIBRARIES = ("pelican", "markdown", "PIL", "jinja2", "icalendar")
PLUGINS = ROOT / "plugins"
#: Private names this project once used on objects whose type the scan cannot see.
KNOWN = ("_getencoder", "_InlineProcessor__handleInline", "_InlineProcessor__applyPattern",
         "_open_w", "_written_files", "_parse_metadata")


def _library(module: str | None) -> bool:
    return bool(module) and module.split(".")[0] in LIBRARIES


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(source: str) -> list[tuple[int, str]]:
    """(line, what) for every private name of `LIBRARIES` used in ``source``."""
    tree = ast.parse(source)
    bound: dict[str, object] = {}  # local name -> the library object it names
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _library(alias.name):
                    if any(_private(part) for part in alias.name.split(".")):
                        found.append((node.lineno, f"import {alias.name}"))
                    top = alias.asname or alias.name.split(".")[0]
                    bound[top] = importlib.import_module(alias.asname and alias.name
                                                         or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and _library(node.module):
            if any(_private(part) for part in node.module.split(".")):
                found.append((node.lineno, f"from {node.module}"))
            module = importlib.import_module(node.module)
            for alias in node.names:
                if _private(alias.name):
                    found.append((node.lineno, f"from {node.module} import {alias.name}"))
                bound[alias.asname or alias.name] = getattr(module, alias.name, None)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            root = node.value
            while isinstance(root, ast.Attribute):
                root = root.value
            # Any object of a library, or a private name known to have been used.
            if (isinstance(root, ast.Name) and root.id in bound) or node.attr in KNOWN:
                found.append((node.lineno, ast.unparse(node)))
        elif (isinstance(node, ast.Attribute) and node.attr == "im"
              and any(_library(getattr(v, "__module__", None) or getattr(v, "__name__", ""))
                      and str(getattr(v, "__name__", "")).startswith("PIL")
                      for v in bound.values())):
            # Pillow's C image behind an Image: documented as internal.
            found.append((node.lineno, ast.unparse(node)))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in ("getattr", "setattr", "hasattr") and len(node.args) >= 2
              and isinstance(node.args[1], ast.Constant)
              and isinstance(node.args[1].value, str) and _private(node.args[1].value)):
            found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.ClassDef):
            bases = [bound.get(b.id) for b in node.bases if isinstance(b, ast.Name)]
            bases = [b for b in bases if inspect.isclass(b)]
            for item in node.body:
                if (isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                        and _private(item.name)
                        and any(hasattr(base, item.name) for base in bases)):
                    found.append((item.lineno, f"{node.name}.{item.name} overrides "
                                  "a private method"))
    return found


def test_no_plugin_uses_a_private_name_of_the_libraries():
    modules = sorted(PLUGINS.rglob("*.py"))
    assert len(modules) > 50
    problems = [f"{path.relative_to(ROOT)}:{line}: {what}"
                for path in modules
                for line, what in private_uses(path.read_text(encoding="utf-8"))]
    assert problems == []


@pytest.mark.parametrize("source", [
    "from PIL import Image\nImage._getencoder('P', 'zip')\n",
    "from PIL import Image\nimg = Image.new('P', (1, 1))\nImage.core._x\n",
    "from markdown.treeprocessors import InlineProcessor\nclass A(InlineProcessor):\n"
    "    def _InlineProcessor__handleInline(self, data, i=0):\n        return data\n",
    "from pelican.readers import MarkdownReader\nclass R(MarkdownReader):\n"
    "    def _parse_metadata(self, meta):\n        return {}\n",
    "from pelican.writers import Writer\nclass W(Writer):\n"
    "    def _open_w(self, *a):\n        pass\n",
    "from pelican.utils import _x\n",
    "from PIL import Image\ndef f(img):\n    return img.im\n",
    "import jinja2\njinja2._identifier\n",
    "from markdown import inlinepatterns as ip\nsetattr(ip, '_hidden', 1)\n",
])
def test_the_scan_finds_each_kind_of_private_use(source):
    assert private_uses(source)


def test_the_scan_lets_public_use_and_our_own_private_names_pass():
    source = ("from PIL import Image, ImageDraw\nfrom pelican.readers import MarkdownReader\n"
              "class R(MarkdownReader):\n    def _ours(self):\n        return self._cache\n"
              "    def read(self, path):\n        return super().read(path)\n"
              "img = Image.new('P', (2, 2))\nImageDraw.Draw(img).text((0, 0), 'x')\n"
              "img.save('x.png', 'PNG')\n")
    assert private_uses(source) == []


def test_the_upper_bounds_cover_every_pinned_library():
    """constraints-newest.txt bounds each library the newest-releases run upgrades."""
    pins = {line.split("==")[0].lower(): line.split("==")[1]
            for line in (ROOT / "requirements.txt").read_text().splitlines()
            if "==" in line and not line.startswith("#")}
    bounds = {}
    for raw in (ROOT / "constraints-newest.txt").read_text().splitlines():
        line = raw.split("#")[0].strip()
        if line:
            name, _, spec = line.partition("<")
            bounds[name.strip().lower()] = spec.lstrip("=").strip()
    assert set(bounds) == {"pelican", "markdown", "pillow", "jinja2", "icalendar"}
    for name, upper in bounds.items():
        pinned = tuple(int(p) for p in pins[name].split(".")[:2])
        bound = tuple(int(p) for p in upper.split(".")[:2])
        assert pinned < bound, (name, pins[name], upper)
