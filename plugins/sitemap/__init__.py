"""sitemap.xml with hreflang alternates for both languages, and robots.txt."""

from .wiring import post_build, register

__all__ = ["post_build", "register"]
