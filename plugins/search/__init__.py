"""Static full-text search per language with Pagefind, indexed after every build."""

from .wiring import post_build, register

__all__ = ["post_build", "register"]
