"""Responsive, EXIF-free images from editors' originals (Pillow)."""

from .rules import content_rules
from .wiring import build_hooks, register

__all__ = ["build_hooks", "content_rules", "register"]
