"""Scheduled posts: an item dated in the future waits for its moment in production."""

from .wiring import build_hooks, register

__all__ = ["build_hooks", "register"]
