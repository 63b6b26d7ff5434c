"""CMS: the Decap CMS admin at /admin/, its config.yml made from the content schema."""

from .wiring import register

__all__ = ["register"]
