"""Works offline after one visit: a service worker with a precache list written by
the build, an offline page and a web app manifest per language, and app icons."""

from .wiring import build_hooks, register

__all__ = ["build_hooks", "register"]
