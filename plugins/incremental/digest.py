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


def _holder(handler):
    """A handler of a value that holds others: guarded against cycles and depth."""
    def guarded(self, value, depth) -> None:
        if not self._enter(value, depth):
            return
        try:
            handler(self, value, depth)
        finally:
            self._stack.discard(id(value))
    guarded.__name__ = handler.__name__
    return guarded


class _Hasher:
    """Turns values into text parts; the digest is the hash of the joined parts.

    `feed` dispatches on the exact type: the first value of a type finds its
    handler through the isinstance chain in `_classify`, later ones (a build
    feeds some 400,000 values) go straight to it.
    """

    def __init__(self, output: str = ""):
        # The run writes into a fresh folder each build: paths under it are hashed
        # relative to it.
        self.output = output
        self.parts: list[str] = []
        self.text = self.parts.append if _DUMP is None else self._dumped
        self.pending: dict[int, Content] = {}
        self.done: set[int] = set()
        self._stack: set[int] = set()

    def _dumped(self, value: str) -> None:
        _DUMP.append(value[:300])
        self.parts.append(value)

    def hexdigest(self) -> str:
        joined = "\x1f".join(self.parts).encode("utf-8", "surrogatepass")
        return hashlib.sha256(joined).hexdigest()

    def feed(self, value, depth: int = 0) -> None:
        kind = type(value)
        handler = _HANDLERS.get(kind)
        if handler is None:
            handler = _classify(value, kind)
        handler(self, value, depth)

    # One handler per kind of value, (hasher, value, depth).

    def _scalar(self, value, _depth) -> None:
        self.text(repr(value))

    def _str(self, value, _depth) -> None:
        if self.output and self.output in value:
            value = value.replace(self.output, "<output>")
        self.text(f"s{len(value)}:{value}")

    def _bytes(self, value, _depth) -> None:
        self.text(f"b{hashlib.sha256(value).hexdigest()}")

    def _content(self, value, _depth) -> None:
        if id(value) not in self.done:
            self.pending[id(value)] = value
        self.text(f"C<{content_key(value)}>")

    def _url_wrapper(self, value, _depth) -> None:
        self.text(f"{type(value).__name__}<{value.name}|{value.slug}|{value.url}>")

    def _moment(self, value, _depth) -> None:
        self.text(f"{type(value).__name__}<{value.isoformat()}|"
                  f"{getattr(value, 'tzinfo', None)}>")

    def _path(self, value, depth) -> None:
        self._str(f"path:{value}", depth)

    def _by_repr(self, value, _depth) -> None:
        self.text(f"{type(value).__name__}<{value!r}>")

    def _code(self, value, _depth) -> None:
        self.text(f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)}")

    def _method(self, value, depth) -> None:
        self.text(f"method {value.__func__.__qualname__}")
        self.feed(value.__self__, depth + 1)

    def _machinery(self, value, _depth) -> None:
        kind = type(value)
        self.text(f"{kind.__module__}.{kind.__qualname__}")

    def _enter(self, value, depth: int) -> bool:
        """False when ``value`` is already being hashed (a cycle)."""
        if depth > MAX_DEPTH:
            raise Unstable(f"nested deeper than {MAX_DEPTH}: {type(value).__name__}")
        marker = id(value)
        if marker in self._stack:
            self.text("<cycle>")
            return False
        self._stack.add(marker)
        return True

    @_holder
    def _dict(self, value, depth) -> None:
        self.text(f"{{{len(value)}")
        try:
            keys = sorted(value)
        except TypeError:
            keys = sorted(value, key=repr)
        feed = self.feed
        for key in keys:
            feed(key, depth + 1)
            feed(value[key], depth + 1)

    @_holder
    def _sequence(self, value, depth) -> None:
        self.text(f"[{len(value)}")
        feed = self.feed
        for item in value:
            feed(item, depth + 1)

    @_holder
    def _set(self, value, depth) -> None:
        parts = []
        for item in value:
            sub = _Hasher(self.output)
            sub.feed(item, depth + 1)
            self.pending.update(sub.pending)
            parts.append(sub.hexdigest())
        self.text("{" + ",".join(sorted(parts)))

    @_holder
    def _helper(self, value, depth) -> None:
        # The helper says what its pages depend on (not its caches or paths).
        kind = type(value)
        self.text(f"{kind.__module__}.{kind.__qualname__}:")
        self.feed(value.memo_state(), depth + 1)

    @_holder
    def _object(self, value, depth) -> None:
        kind = type(value)
        self.text(f"{kind.__module__}.{kind.__qualname__}(")
        self.feed(_state(value), depth + 1)

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


#: type -> handler, filled by `_classify` as types are met.
_HANDLERS: dict[type, object] = {}


def _classify(value, kind: type):  # noqa: C901 - one branch per kind
    """The handler for values of ``kind``, remembered for the next ones."""
    if value is None or kind in (bool, int, float, complex):
        handler = _Hasher._scalar
    elif isinstance(value, str):  # str, Markup
        handler = _Hasher._str
    elif isinstance(value, bytes):
        handler = _Hasher._bytes
    elif isinstance(value, Content):
        handler = _Hasher._content
    elif isinstance(value, URLWrapper):
        handler = _Hasher._url_wrapper
    elif isinstance(value, (dt.datetime, dt.date, dt.time)):
        handler = _Hasher._moment
    elif isinstance(value, PurePath):
        handler = _Hasher._path
    elif isinstance(value, (dt.timedelta, dt.tzinfo, enum.Enum)):
        handler = _Hasher._by_repr
    elif isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type,
                            types.ModuleType)):
        handler = _Hasher._code
    elif isinstance(value, types.MethodType):
        handler = _Hasher._method
    elif kind.__module__.startswith(MACHINERY_MODULES):
        handler = _Hasher._machinery
    elif isinstance(value, dict):
        handler = _Hasher._dict
    elif isinstance(value, (list, tuple)):
        handler = _Hasher._sequence
    elif isinstance(value, (set, frozenset)):
        handler = _Hasher._set
    elif hasattr(value, "memo_state"):
        handler = _Hasher._helper
    elif hasattr(value, "__dict__") or hasattr(kind, "__slots__"):
        handler = _Hasher._object
    else:
        raise Unstable(f"cannot hash a {kind.__module__}.{kind.__qualname__}")
    _HANDLERS[kind] = handler
    return handler


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
