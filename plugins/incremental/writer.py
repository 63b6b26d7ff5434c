"""Incremental rendering: a page whose inputs did not change is copied from the last build.

Every `Writer.write_file` call (an article page, a tag page with its
pagination, an event's .ics) gets a key: the run's site digest (every item's
metadata, the context, the settings, code and theme; see digest.py) and the
call's own arguments. While a page renders, every item whose body or summary
the templates read is recorded, with a hash of its source file.

The next build reuses the call's files from the previous output when the key
is the same, every recorded source file is unchanged, and the old files are
the very ones that build wrote (size and mtime). Editing one article's text
then re-renders its own page and the lists that show its summary; editing a
title, a date or a template changes the site digest and renders everything.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections import Counter
from pathlib import Path

from pelican import signals
from pelican.contents import Content
from pelican.paginator import Paginator
from pelican.writers import FileOverwriteFailedError, Writer

from i18n.files import read_json_object, write_atomic

from .digest import (
    Unstable,
    call_digest,
    file_digest,
    relative,
    site_digest,
    start_run,
)
from .effects import ACTIVE, Recording, replay, replayable

logger = logging.getLogger(__name__)

RECORDS_VERSION = 1


_ACTIVE = ACTIVE


def _track(method, *, summary: bool = False):
    def tracked(self, siteurl):
        # A `Summary:` of the metadata is metadata (in the site digest), not body.
        if _ACTIVE and self.source_path and not (summary and "summary" in self.metadata):
            _ACTIVE[-1].bodies.add(self.source_path)
        return method(self, siteurl)
    tracked.__wrapped__ = method
    tracked.__name__ = getattr(method, "__name__", "tracked")
    return tracked


def install_body_tracking() -> None:
    """Record each body and summary read while a page renders (`content`, `summary`,
    and `get_content`/`get_summary` all go through these two)."""
    for name in ("get_content", "get_summary"):
        current = Content.__dict__[name]
        if not hasattr(current, "__wrapped__"):
            setattr(Content, name, _track(current, summary=name == "get_summary"))


class Memo:
    """The previous build's records for one language run, and this build's."""

    def __init__(self, settings: dict, previous: Path | None, records: Path, base: str):
        self.settings = settings
        self.output = settings["OUTPUT_PATH"]
        self.previous = previous
        self.records = records
        self.base = base
        self.old = self._load(records)
        self.new: dict[str, dict] = {}
        self.stats: Counter = Counter()
        self._site: str | None = None
        self._covered: frozenset = frozenset()
        self._folders: set[str] = set()

    @staticmethod
    def _load(path: Path) -> dict:
        data = read_json_object(path)
        if data.get("version") != RECORDS_VERSION:
            return {}
        return data.get("calls", {})

    @classmethod
    def open(cls, settings: dict) -> Memo | None:
        if not settings.get("INCREMENTAL_RENDERING", True):
            return None
        base = settings.get("INCREMENTAL_BASE")
        previous = settings.get("INCREMENTAL_PREVIOUS_OUTPUT")
        if not base:
            return None  # a plain Pelican run, not the build driver: nothing to key on
        lang = settings.get("I18N_RUN_LANG") or settings.get("DEFAULT_LANG", "")
        records = Path(settings["CACHE_PATH"]) / f"incremental-{lang}.json"
        start_run()
        return cls(settings, Path(previous) if previous else None, records, base)

    # -- keys -----------------------------------------------------------------

    def site(self, context: dict) -> str | None:
        if self._site is None:
            try:
                self._site, self._covered = site_digest(context, self.settings, self.base)
            except Unstable as exc:
                logger.warning("incremental: every page is rendered this run: %s", exc)
                self._site = ""
        return self._site or None

    def key(self, context: dict, template, arguments: dict) -> str | None:
        site = self.site(context)
        if site is None:
            return None
        if getattr(template, "memo_key", None) is not None:
            template_id = template.memo_key()
        else:
            template_id = getattr(template, "name", None)
        if not template_id:
            return None
        try:
            return call_digest(site, {"template": template_id, **arguments}, self._covered,
                               str(self.output))
        except Unstable as exc:
            logger.debug("incremental: %s rendered: %s", arguments.get("name"), exc)
            return None

    # -- reuse and record -----------------------------------------------------

    def reusable(self, key: str) -> list[str] | None:
        """The previous build's files for this call, when still valid."""
        record = self.old.get(key)
        if record is None or self.previous is None:
            return None
        for source, digest in record["bodies"].items():
            if file_digest(source) != digest:
                self.stats["changed"] += 1
                return None
        for rel, size, mtime in record["files"]:
            try:
                stat = os.stat(self.previous / rel)
            except OSError:
                return None
            if stat.st_size != size or stat.st_mtime_ns != mtime:
                return None
        if not replayable(record.get("effects", [])):
            return None
        return [rel for rel, _size, _mtime in record["files"]]

    def copy(self, key: str, files: list[str]) -> list[str]:
        """Hard-link the previous build's files into this one (copy across file systems).

        Nothing edits a written page in place (MemoWriter unlinks before any
        rewrite), so sharing the file with the previous tree is safe.
        """
        written = []
        for rel in files:
            target = os.path.join(self.output, rel)
            folder = os.path.dirname(target)
            if folder not in self._folders:
                os.makedirs(folder, exist_ok=True)
                self._folders.add(folder)
            source = self.previous / rel
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)  # keeps the mtime the record names
            written.append(target)
        self.new[key] = self.old[key]
        self.stats["reused"] += 1
        return written

    def store(self, key: str, recording: Recording) -> None:
        files = []
        for path in recording.files:
            if path == os.devnull:
                return  # a skipped duplicate: nothing of ours to copy next time
            stat = os.stat(path)
            files.append([relative(path, self.output), stat.st_size, stat.st_mtime_ns])
        self.new[key] = {"files": files,
                         "bodies": {s: file_digest(s) for s in sorted(recording.bodies)},
                         "effects": recording.effects}
        self.stats["rendered"] += 1

    def save(self) -> None:
        write_atomic(self.records, json.dumps({"version": RECORDS_VERSION, "calls": self.new},
                                              separators=(",", ":")))
        stats = self.stats
        logger.info("incremental: %d calls reused, %d rendered (%d for a changed body)",
                    stats["reused"], stats["rendered"], stats["changed"])


class MemoWriter(Writer):
    """Pelican's Writer, reusing the previous build's files where nothing changed."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.memo = Memo.open(settings or {})
        self._reused: set[str] = set()
        if self.memo is not None:
            install_body_tracking()
            signals.finalized.connect(self._finalized)

    def _finalized(self, _pelican):
        signals.finalized.disconnect(self._finalized)
        if self.memo is not None:
            self.memo.save()

    def _open_w(self, filename, encoding, override=False):
        if _ACTIVE:
            _ACTIVE[-1].files.append(filename)
        if filename in self._reused and filename not in self._overridden_files:
            # A reused file is a hard link to the previous build's: never write through it.
            os.unlink(filename)
            self._reused.discard(filename)
        return super()._open_w(filename, encoding, override=override)

    def write_file(self, name, template, context, relative_urls=False,  # noqa: PLR0917
                   paginated=None, template_name=None, override_output=False, url=None,
                   **kwargs):  # Pelican's signature
        memo = self.memo
        if memo is None or not name or override_output:
            return super().write_file(name, template, context, relative_urls, paginated,
                                      template_name, override_output, url, **kwargs)
        key = memo.key(context, template, {
            "name": name, "relative_urls": relative_urls, "paginated": paginated,
            "template_name": template_name, "url": url, "kwargs": kwargs})
        pages = self._pages(name, url, paginated, template_name, kwargs) if key else None
        if pages:
            # One key per page: an edit re-renders the list pages that show the
            # item, not the other 40 pages of the list.
            for number, (save_as, page_kwargs) in enumerate(pages):
                self._write_once(f"{key}:page-{number}", save_as, template, context,
                                 relative_urls, override_output, url, page_kwargs)
            return None
        return self._write_once(key, name, template, context, relative_urls,
                                override_output, url, kwargs, paginated=paginated,
                                template_name=template_name)

    def _pages(self, name, url, paginated, template_name, kwargs):
        """[(save_as, kwargs of the page)] as Pelican's `write_file` paginates (4.12),
        or None when the call writes one page."""
        if paginated is None:
            paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}
        templates = self.settings["PAGINATED_TEMPLATES"]
        if not paginated or template_name not in templates:
            return None
        per_page = templates[template_name] or self.settings["DEFAULT_PAGINATION"]
        paginators = {key: Paginator(name, url, val, self.settings, per_page)
                      for key, val in paginated.items()}
        count = next(iter(paginators.values())).num_pages
        pages = []
        for number in range(count):
            page_kwargs = kwargs.copy()
            for key, paginator in paginators.items():
                page = paginator.page(number + 1)
                page_kwargs.update({
                    f"{key}_paginator": paginator,
                    f"{key}_page": page,
                    f"{key}_previous_page": paginator.page(number) if number > 0 else None,
                    f"{key}_next_page": (paginator.page(number + 2)
                                         if number + 1 < paginator.num_pages else None),
                })
            pages.append((page.save_as, page_kwargs))
        return pages

    def _write_once(self, key, name, template, context, relative_urls,  # noqa: PLR0917
                    override_output, url, kwargs, *, paginated=None, template_name=None):
        """One page (or an unpaginated call): reused under ``key``, else rendered."""
        memo = self.memo
        files = memo.reusable(key) if key else None
        if files is not None:
            self._reuse(memo, key, files, context=context, name=name, kwargs=kwargs)
            return None
        recording = Recording()
        _ACTIVE.append(recording)
        try:
            result = super().write_file(name, template, context, relative_urls, paginated,
                                        template_name, override_output, url, **kwargs)
        finally:
            _ACTIVE.pop()
        if key:
            memo.store(key, recording)
        return result

    def _reuse(self, memo: Memo, key: str, files: list[str], *, context, name, kwargs):
        replay(context, memo.old[key].get("effects", []))
        for path in memo.copy(key, files):
            if path in self._written_files:
                raise FileOverwriteFailedError(f'Failed to overwrite "{path}" as Pelican has '
                                               "already written to it previously")
            self._written_files.add(path)
            self._reused.add(path)
            local = context.copy()
            local.update(kwargs)
            local["output_file"] = name
            # `reused`: the file is the previous build's, already post-processed.
            signals.content_written.send(path, context=local, reused=True)


def get_writer(_pelican):
    return MemoWriter
