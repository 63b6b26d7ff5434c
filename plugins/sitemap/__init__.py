"""sitemap.xml with hreflang alternates for both languages, and robots.txt."""

from .wiring import build_hooks, register

__all__ = ["build_hooks", "register"]
