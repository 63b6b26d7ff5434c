"""The plugins depend on each other in one direction only, as docs/architecture.md draws."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from graphlib import CycleError, TopologicalSorter

from conftest import ROOT

PLUGINS = ROOT / "plugins"


def plugin_imports() -> dict[str, set[str]]:
    """{plugin: the other plugins its modules import}, read with ast."""
    names = {p.name for p in PLUGINS.iterdir() if (p / "__init__.py").exists()}
    graph: dict[str, set[str]] = {name: set() for name in names}
    for path in PLUGINS.rglob("*.py"):
        owner = path.relative_to(PLUGINS).parts[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in names and top != owner:
                    graph[owner].add(top)
    return graph


def test_the_plugins_import_each_other_without_a_cycle():
    graph = plugin_imports()
    assert len(graph) >= 10 and any(graph.values())
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        raise AssertionError(f"a cycle between plugins: {exc.args[1]}") from None
    assert set(order) == set(graph)


def test_the_checks_do_not_import_the_editor_tools_nor_events_the_courses():
    graph = plugin_imports()
    assert "editor" not in graph["checks"]
    assert "courses" not in graph["events"]


def test_the_architecture_document_draws_the_real_graph():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Dependencies between plugins", 1)[1].split("\n## ", 1)[0]
    drawn: dict[str, set[str]] = defaultdict(set)
    for owner, targets in re.findall(r"^- `(\w+)` → (.+)$", section, re.M):
        drawn[owner] = {t.strip(" `") for t in targets.split(",") if t.strip() != "nothing"}
    assert drawn == {k: v for k, v in plugin_imports().items()}
