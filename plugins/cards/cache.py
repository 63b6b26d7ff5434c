"""The card cache: PNGs named by the digest of their inputs, and a manifest.

Why by digest and not by output path: a card is redrawn exactly when what it
shows, the layout, the fonts or the renderer change, because any of these
changes the digest; a card whose title changed can never be served stale (the
bug of plugins that skip a card when its file exists). The manifest maps each
output path to its digest, records what the last run drew, and lets the run
remove PNGs no card uses any more.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

from common.files import write_atomic

logger = logging.getLogger(__name__)

MANIFEST_VERSION = 1


class CardCache:
    """One language run's cache folder (the build driver gives each run its own)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.png_folder = self.folder / "png"
        self.manifest_path = self.folder / "manifest.json"
        self.previous = self._read_manifest()
        self.current: dict[str, str] = {}
        self._folder_made = False
        self._listed: set[str] | None = None  # the PNGs' names, listed on first use

    def _read_manifest(self) -> dict[str, str]:
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
            return {}
        cards = data.get("cards")
        return dict(cards) if isinstance(cards, dict) else {}

    def png_path(self, digest: str) -> Path:
        return self.png_folder / f"{digest}.png"

    def has(self, digest: str) -> bool:
        """Whether the cache holds this digest's PNG, from one listing of the cache
        per run (a stat per card cost as much as linking it); a file that went
        missing since makes `place` return False."""
        if self._listed is None:
            try:
                with os.scandir(self.png_folder) as entries:
                    self._listed = {entry.name for entry in entries}
            except OSError:
                self._listed = set()
        return f"{digest}.png" in self._listed

    def adopt(self, digest: str, written: Path) -> None:
        """Keep the card just written at ``written`` (in the build) as this digest's PNG.

        A hard link, made once the file is whole, so the cache never holds part
        of a card; it costs less than writing the cache's copy first (a
        temporary file and a rename) and linking the build's to it. Across
        file systems the bytes are copied.
        """
        path = self.png_path(digest)
        if not self._folder_made:
            self.png_folder.mkdir(parents=True, exist_ok=True)
            self._folder_made = True
        try:
            os.link(written, path)
        except FileExistsError:
            pass
        except OSError:
            write_atomic(path, Path(written).read_bytes())
        if self._listed is not None:
            self._listed.add(path.name)

    def place(self, digest: str, target: Path) -> bool:
        """Put the cached PNG at ``target``; False when it is not in the cache.

        A hard link where the file system allows it, far cheaper than writing
        the bytes again. The build writes into a fresh folder and nothing edits
        a card in place, so the shared file is safe; across file systems it is
        copied.
        """
        source = self.png_path(digest)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() or target.is_symlink():
            target.unlink()
        try:
            os.link(source, target)
        except FileNotFoundError:
            return False
        except OSError:
            try:
                shutil.copyfile(source, target)
            except FileNotFoundError:
                return False
        return True

    def is_written(self, save_as: str, digest: str, target: Path) -> bool:
        """The output already holds this very card (an output folder that is reused)."""
        return self.previous.get(save_as) == digest and target.is_file() \
            and self.has(digest) and target.stat().st_size == self.png_path(digest).stat().st_size

    def record(self, save_as: str, digest: str) -> None:
        self.current[save_as] = digest

    def read_json(self, name: str):
        try:
            return json.loads((self.folder / name).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None

    def write_json(self, name: str, data) -> None:
        write_atomic(self.folder / name,
                     json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1))

    def save(self, stats: dict, *, prune: bool = True) -> None:
        """Write the manifest; remove cached PNGs that no card of this run uses."""
        self.write_json(self.manifest_path.name, {
            "version": MANIFEST_VERSION,
            "cards": dict(sorted(self.current.items())),
            "stats": stats,
        })
        if not prune or not self.png_folder.is_dir():
            return
        used = {f"{digest}.png" for digest in self.current.values()}
        for entry in os.scandir(self.png_folder):
            if entry.name not in used:
                os.unlink(entry.path)
                logger.debug("cards: removed unused %s from the cache", entry.name)
