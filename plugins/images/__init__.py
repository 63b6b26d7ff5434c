"""Responsive, EXIF-free images from editors' originals (Pillow)."""

from .wiring import build_hooks, register

__all__ = ["build_hooks", "register"]
