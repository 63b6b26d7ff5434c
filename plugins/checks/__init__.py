"""Content checks: every source file is read and checked before anything is written."""

from .wiring import build_hooks, register

__all__ = ["build_hooks", "register"]
