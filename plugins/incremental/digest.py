"""A stable digest of what a language run's templates can see, bodies left out.

`site_digest(context)` hashes every value in the run's context (the lists of
articles, events and courses, tags, the I18N links, the plugins' helpers) and
every content object's attributes except its rendered body. Two runs with the
same digest show templates the same data, apart from the bodies, which
`writer.py` tracks page by page.

Values are hashed by what they are, never by identity: sets are sorted, and an
object whose state cannot be read this way (a socket, a generator) raises
`Unstable`, which turns incremental rendering off for the run. Being wrong
here would publish a stale page; being unable only costs the time saved.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import os
import types
from pathlib import PurePath

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

#: Content attributes that are not metadata: the body (tracked per page), the
#: run's whole context and settings (hashed once, on their own).
BODY_ATTRIBUTES = frozenset({"_content", "_summary", "_context", "settings"})

#: Objects of these libraries are machinery (template environments, loggers,
#: locks); their configuration is code, hashed in the build's base fingerprint.
MACHINERY_MODULES = ("jinja2.", "logging", "threading", "_thread", "markdown.", "blinker",
                     "PIL.")

MAX_DEPTH = 48


_DUMP: list | None = [] if os.environ.get("KIP_DIGEST_DUMP") else None


class Unstable(ValueError):
    """A value whose content cannot be hashed reliably."""


_KEYS: dict[int, str] = {}


def content_key(item: Content) -> str:
    """`Article:/path/x.uk.md:uk`; remembered for the run (items live as long as it)."""
    key = _KEYS.get(id(item))
    if key is None:
        key = _KEYS[id(item)] = \
            f"{type(item).__name__}:{item.source_path}:{getattr(item, 'lang', '')}"
    return key


class _Hasher:
    def __init__(self, output: str = ""):
        # The run writes into a fresh folder each build: paths under it are hashed
        # relative to it.
        self.output = output
        self.parts: list[str] = []
        self.pending: dict[int, Content] = {}
        self.done: set[int] = set()
        self._stack: set[int] = set()

    def text(self, value: str) -> None:
        if _DUMP is not None:
            _DUMP.append(value[:300])
        self.parts.append(value)

    def hexdigest(self) -> str:
        joined = "\x1f".join(self.parts).encode("utf-8", "surrogatepass")
        return hashlib.sha256(joined).hexdigest()

    def feed(self, value, depth: int = 0) -> None:  # noqa: C901 - one branch per kind
        if depth > MAX_DEPTH:
            raise Unstable(f"nested deeper than {MAX_DEPTH}: {type(value).__name__}")
        kind = type(value)
        if value is None or kind in (bool, int, float, complex):
            self.text(repr(value))
        elif isinstance(value, str):  # str, Markup
            if self.output and self.output in value:
                value = value.replace(self.output, "<output>")
            self.text(f"s{len(value)}:{value}")
        elif isinstance(value, bytes):
            self.text(f"b{hashlib.sha256(value).hexdigest()}")
        elif isinstance(value, Content):
            if id(value) not in self.done:
                self.pending[id(value)] = value
            self.text(f"C<{content_key(value)}>")
        elif isinstance(value, URLWrapper):
            self.text(f"{kind.__name__}<{value.name}|{value.slug}|{value.url}>")
        elif isinstance(value, (dt.datetime, dt.date, dt.time)):
            self.text(f"{kind.__name__}<{value.isoformat()}|{getattr(value, 'tzinfo', None)}>")
        elif isinstance(value, PurePath):
            self.feed(f"path:{value}", depth)
        elif isinstance(value, (dt.timedelta, dt.tzinfo, enum.Enum)):
            self.text(f"{kind.__name__}<{value!r}>")
        elif isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type,
                                types.ModuleType)):
            self.text(f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)}")
        elif isinstance(value, types.MethodType):
            self.text(f"method {value.__func__.__qualname__}")
            self.feed(value.__self__, depth + 1)
        elif kind.__module__.startswith(MACHINERY_MODULES):
            self.text(f"{kind.__module__}.{kind.__qualname__}")
        else:
            self._container(value, kind, depth)

    def _container(self, value, kind, depth: int) -> None:
        marker = id(value)
        if marker in self._stack:
            self.text("<cycle>")
            return
        self._stack.add(marker)
        try:
            if isinstance(value, dict):
                self.text(f"{{{len(value)}")
                try:
                    keys = sorted(value)
                except TypeError:
                    keys = sorted(value, key=repr)
                for key in keys:
                    self.feed(key, depth + 1)
                    self.feed(value[key], depth + 1)
            elif isinstance(value, (list, tuple)):
                self.text(f"[{len(value)}")
                for item in value:
                    self.feed(item, depth + 1)
            elif isinstance(value, (set, frozenset)):
                parts = []
                for item in value:
                    sub = _Hasher(self.output)
                    sub.feed(item, depth + 1)
                    self.pending.update(sub.pending)
                    parts.append(sub.hexdigest())
                self.text("{" + ",".join(sorted(parts)))
            elif hasattr(value, "memo_state"):
                # The helper says what its pages depend on (not its caches or paths).
                self.text(f"{kind.__module__}.{kind.__qualname__}:")
                self.feed(value.memo_state(), depth + 1)
            elif hasattr(value, "__dict__") or hasattr(type(value), "__slots__"):
                self.text(f"{kind.__module__}.{kind.__qualname__}(")
                self.feed(_state(value), depth + 1)
            else:
                raise Unstable(f"cannot hash a {kind.__module__}.{kind.__qualname__}")
        finally:
            self._stack.discard(marker)

    def drain(self) -> None:
        """Hash every content object met so far (and those they lead to), once each."""
        while self.pending:
            marker, item = self.pending.popitem()
            if marker in self.done:
                continue
            self.done.add(marker)
            self.text(f"object {content_key(item)}")
            # Pelican copies each metadata field to an attribute: hashed once, in metadata.
            meta = getattr(item, "metadata", None) or {}
            self.feed({k: v for k, v in vars(item).items() if k not in BODY_ATTRIBUTES
                       and not (k in meta and meta[k] is v)}, 1)


def _state(value) -> dict:
    state = {}
    if hasattr(value, "__dict__"):
        state.update(vars(value))
    for cls in type(value).__mro__:
        for name in getattr(cls, "__slots__", ()):
            if name not in state and hasattr(value, name):
                state[name] = getattr(value, name)
    return {k: v for k, v in state.items() if k not in ("settings", "_context", "context")}


def site_digest(context: dict, settings: dict, base: str) -> tuple[str, frozenset]:
    """Digest of the run's context, for pages rendered from it, and the ids of the
    items whose attributes it hashed; raises Unstable."""
    if _DUMP is not None:
        _DUMP.clear()
    hasher = _Hasher(str(settings.get("OUTPUT_PATH") or ""))
    hasher.text(base)
    for key in sorted(context):
        value = context[key]
        if key in settings and settings[key] is value:
            continue  # a setting, covered by the build's base fingerprint
        hasher.text(f"key {key}")
        hasher.feed(value)
    hasher.drain()
    if _DUMP is not None:
        with open(f"{os.environ['KIP_DIGEST_DUMP']}-{context.get('LANG')}.txt", "w",
                  encoding="utf-8") as out:
            out.write("\n".join(_DUMP))
    return hasher.hexdigest(), frozenset(hasher.done)


def call_digest(site: str, parts: dict, covered: frozenset = frozenset(),
                output: str = "") -> str:
    """Digest of one write: the site digest and the write's own arguments.

    Items are referred to by key; their attributes are in the site digest when
    the context leads to them (``covered``). An item only the write names (a
    hidden course is written, not listed) has its attributes hashed here.
    """
    hasher = _Hasher(output)
    hasher.text(site)
    hasher.feed(parts)
    hasher.done = set(covered)
    hasher.drain()
    return hasher.hexdigest()


_FILES: dict[str, str] = {}


def file_digest(path: str) -> str:
    """sha256 of a source file's bytes, read once per run (`start_run` starts one)."""
    found = _FILES.get(path)
    if found is None:
        try:
            with open(path, "rb") as handle:
                found = hashlib.sha256(handle.read()).hexdigest()
        except OSError:
            found = "missing"
        _FILES[path] = found
    return found


def start_run() -> None:
    """A new run: source files may have changed, and item ids mean other items."""
    _FILES.clear()
    _KEYS.clear()


def relative(path: str, root: str) -> str:
    return os.path.relpath(path, root).replace(os.sep, "/")
