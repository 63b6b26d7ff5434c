"""Static full-text search per language with Pagefind, indexed after every build."""

from .wiring import build_hooks, register

__all__ = ["build_hooks", "register"]
