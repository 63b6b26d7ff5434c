"""`_headers`: the pages' Content-Security-Policy and a few safe defaults as HTTP
headers, for hosts that read such a file; the pages carry the policy as a <meta>."""

from .wiring import build_hooks, register

__all__ = ["build_hooks", "register"]
