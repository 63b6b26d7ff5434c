"""Responsive, EXIF-free images from editors' originals (Pillow)."""

from .wiring import post_build, register

__all__ = ["post_build", "register"]
