"""The build: every language in a process of its own, into a fresh folder, swapped in whole."""

from .driver import build
from .hooks import BuildContext, Hooks

__all__ = ["BuildContext", "Hooks", "build"]
