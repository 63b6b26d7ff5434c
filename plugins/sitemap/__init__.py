"""sitemap.xml with hreflang alternates for both languages, and robots.txt."""

from .wiring import language_kept, post_build, register

__all__ = ["language_kept", "post_build", "register"]
