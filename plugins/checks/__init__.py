"""Content checks: every source file is read and checked before anything is written."""

from .wiring import pre_build, register

__all__ = ["pre_build", "register"]
