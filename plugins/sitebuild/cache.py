"""The build's cache folder: one per fingerprint of the settings files and plugin code."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

_FINGERPRINT = re.compile(r"[0-9a-f]{16}")


def code_fingerprint(settings_file: str, settings: dict) -> str:
    """Hash of what changes how content is read: settings files and plugin code.

    Pelican's content cache does not notice a changed Markdown setting or
    plugin, so each fingerprint gets a cache folder of its own.
    """
    digest = hashlib.sha256()
    files = [Path(settings_file)]
    files += sorted(Path(settings_file).parent.glob("*conf.py"))
    for folder in settings.get("PLUGIN_PATHS") or ():
        files += sorted(Path(folder).rglob("*.py"))
    for path in files:
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def cache_folder(settings_file: str, settings: dict, root: str | Path) -> Path:
    """``root/<fingerprint>``; folders of older fingerprints are removed (the other
    caches beside them, images and cards, stay)."""
    root = Path(root)
    key = code_fingerprint(settings_file, settings)
    if root.is_dir():
        for stale in root.iterdir():
            if stale.is_dir() and _FINGERPRINT.fullmatch(stale.name) and stale.name != key:
                shutil.rmtree(stale, ignore_errors=True)
    return root / key
