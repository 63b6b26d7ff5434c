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


# --- "What a plugin may rely on": every contract the doc lists is in the code -----------

def _contracts() -> str:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    return text.split("## What a plugin may rely on", 1)[1].split("\n## ", 1)[0]


def _documented_names() -> set[str]:
    """The dotted names the section lists (`i18n.LanguageRun.code`, ...)."""
    return set(re.findall(r"`((?:i18n|sitebuild)\.[\w.]+)`", _contracts()))


def _resolves(name: str) -> bool:
    """Whether ``name`` is a module, or an attribute or dataclass field reached from one."""
    import dataclasses
    import importlib

    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        break
    else:
        return False
    rest = parts[cut:]
    for index, attr in enumerate(rest):
        if dataclasses.is_dataclass(obj) and attr in {f.name for f in dataclasses.fields(obj)}:
            return index == len(rest) - 1
        if not hasattr(obj, attr):
            return False
        obj = getattr(obj, attr)
    return True


def _public(cls) -> set[str]:
    import dataclasses

    names = {f.name for f in dataclasses.fields(cls)}
    names |= {name for name in vars(cls) if not name.startswith("_")}
    return names


def test_every_contract_the_document_lists_exists():
    names = _documented_names()
    assert "i18n.language_run" in names and "sitebuild.hooks.run_report" in names
    assert "i18n.wiring.articles_read" in names and "i18n.wiring.pages_read" in names
    assert [name for name in sorted(names) if not _resolves(name)] == []


def test_every_public_attribute_of_the_run_and_the_build_context_is_listed():
    from i18n import LanguageRun
    from i18n.config import Language
    from sitebuild.hooks import BuildContext, Hooks

    names = _documented_names()
    for cls, owner in ((LanguageRun, "i18n.LanguageRun"), (Language, "i18n.config.Language"),
                       (BuildContext, "sitebuild.hooks.BuildContext"),
                       (Hooks, "sitebuild.hooks.Hooks")):
        missing = sorted(f"{owner}.{attr}" for attr in _public(cls)
                         if f"{owner}.{attr}" not in names)
        assert missing == [], f"not in docs/architecture.md: {missing}"


def test_the_template_context_names_are_set_by_the_plugins_named():
    section = _contracts().split("**Template context**", 1)[1].split("\n\n", 2)[1]
    found = re.findall(r"^- (.+) \((\w+)[;)]", section, re.M)
    assert len(found) >= 8
    for names, plugin in found:
        code = "\n".join(p.read_text(encoding="utf-8")
                         for p in (PLUGINS / plugin).rglob("*.py"))
        for name in re.findall(r"`(\w+)`", names):
            assert f'"{name}"' in code, f"{plugin} does not set {name!r}"


def test_no_plugin_reads_the_keys_the_run_object_replaces():
    """Only the i18n layer reads what it sets for a run; plugins ask `language_run`."""
    pattern = re.compile(r"""["'](I18N_RUN_LANG|LANG_PREFIX|LANGUAGES|DATE_PATTERNS)["']""")
    readers = sorted(str(path.relative_to(PLUGINS)) for path in PLUGINS.rglob("*.py")
                     if path.relative_to(PLUGINS).parts[0] != "i18n"
                     and pattern.search(path.read_text(encoding="utf-8")))
    assert readers == []
