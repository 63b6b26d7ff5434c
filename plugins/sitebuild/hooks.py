"""The hook protocol: what a plugin does before and after the language runs.

A plugin module declares its hooks as a module attribute::

    build_hooks = Hooks(pre_build=check, post_build=write_sitemap)

The driver collects them from ``PLUGINS`` and calls each with the same frozen
`BuildContext`. The order of ``PLUGINS`` does not matter: hooks are called in
the order of their plugins' names, and no hook may rely on another's result
(the post-build hooks write different files).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class BuildContext:
    """What a hook knows about the build in progress."""

    #: The site's settings (pelicanconf.py or publishconf.py), read-only.
    settings: Mapping
    #: The fresh folder the languages are written into; it becomes the site at the swap.
    output: Path
    #: This build's cache folder; the run of language ``code`` caches in ``cache / code``.
    cache: Path
    #: The language codes, the default one first (`i18n.language_run(settings).codes`).
    languages: tuple[str, ...]
    #: True for CI and publishing: a warning fails the build.
    strict: bool
    #: True for `invoke livereload` and `invoke edit`: a hook may leave slow work that
    #: pages do not need (the search index) until after the swap (`after_swap`).
    preview: bool = False
    #: The output folder the fresh one replaces at the swap.
    final: Path | None = None
    #: What each language run reported (`run_report`), by language code; empty before
    #: the runs end.
    reports: Mapping[str, Mapping] = field(default_factory=dict)


@dataclass(frozen=True)
class Hooks:
    """The hooks one plugin offers; each is optional."""

    #: Before any language run, over every source at once; False stops the build.
    pre_build: Callable[[BuildContext], bool] | None = None
    #: Once every language is in ``context.output``, before the swap.
    post_build: Callable[[BuildContext], None] | None = None
    #: In a preview build, once the new tree is in ``context.final``: it starts what
    #: nobody waits for (a detached process) and returns at once.
    after_swap: Callable[[BuildContext], None] | None = None
    #: After a good build: when its pages go stale by the clock alone (None: never),
    #: so that "up to date" stops holding then.
    valid_until: Callable[[BuildContext], datetime | None] | None = None


#: The setting under which a language run keeps its report (see `run_report`).
RUN_REPORT = "BUILD_RUN_REPORT"


def run_report(context: Mapping) -> dict | None:
    """Inside a language run, the dict in which plugins leave picklable findings for
    the post-build hooks (one key per plugin; they read it as ``context.reports[lang]``);
    ``context`` is the run's settings or a generator's context. None outside a build
    (plain ``pelican content``)."""
    return context.get(RUN_REPORT)


class StepError(Exception):
    """A post-build hook found a problem the editor or maintainer must fix; the build
    fails with this message (``path: field: message``), without a traceback."""


class HookError(ValueError):
    """A plugin of PLUGINS cannot be imported, or declares hooks that are not `Hooks`."""


def plugin_hooks(settings: Mapping) -> list[tuple[str, Hooks]]:
    """(plugin name, hooks) for every plugin of ``PLUGINS`` that declares `build_hooks`,
    sorted by name; raises HookError."""
    for folder in settings.get("PLUGIN_PATHS") or ():
        if folder not in sys.path:
            sys.path.insert(0, folder)
    found = []
    for plugin in settings.get("PLUGINS") or ():
        try:
            module = importlib.import_module(plugin) if isinstance(plugin, str) else plugin
        except ImportError as exc:
            raise HookError(f"PLUGINS: cannot import {plugin!r} ({exc}); check the name "
                            "and PLUGIN_PATHS") from None
        hooks = getattr(module, "build_hooks", None)
        if hooks is None:
            continue
        if not isinstance(hooks, Hooks):
            raise HookError(f"{module.__name__}.build_hooks: a {type(hooks).__name__}; "
                            "make it a build.Hooks(...)")
        found.append((module.__name__, hooks))
    return sorted(found, key=lambda pair: pair[0])
