"""Incremental rendering: pages whose inputs did not change are copied from the last build."""

from .wiring import register

__all__ = ["register"]
