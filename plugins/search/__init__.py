"""Static full-text search per language with Pagefind, indexed after every build."""

from .wiring import language_written, post_build, register

__all__ = ["language_written", "post_build", "register"]
