"""The redirect pages of one language run.

An item (news, page, event, course) may list the site paths it had before in
`Aliases:` (comma-separated, per language file). For each, the run of the
item's language writes a small page at that path: a refresh to the new
address, its canonical link and a visible link, `noindex`, so the sitemap and
search leave it out. An alias that is some item's address, another item's
alias, or the item's own address is a `path:line: aliases` error naming both
files, and nothing is written.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial

from pelican.generators import Generator

from common.header import field_line
from common.sitepaths import alias_paths
from common.slugs import source_label

logger = logging.getLogger(__name__)

#: The context keys whose items may have aliases (the run's language only).
ITEM_LISTS = ("articles", "hidden_articles", "pages", "hidden_pages", "events", "courses")


@dataclass(frozen=True)
class Redirect:
    path: str  # the old site path, without the leading /: news/old-name/
    item: object  # the content item it leads to

    @property
    def save_as(self) -> str:
        return self.path if self.path.endswith(".html") else f"{self.path}index.html"


def _items(context) -> list:
    seen, items = set(), []
    for key in ITEM_LISTS:
        for item in context.get(key) or ():
            if id(item) not in seen:
                seen.add(id(item))
                items.append(item)
    return items


def _url_path(url: str) -> str:
    return url if url.endswith((".html", "/")) or not url else url + "/"


class AliasesGenerator(Generator):
    """Writes a redirect page for every alias of the run's items."""

    def generate_context(self):
        self.redirects: list[Redirect] = []

    def _problem(self, item, message: str) -> None:
        logger.error("aliases: %s:%d: aliases: %s", source_label(item.source_path),
                     field_line(item.source_path, "aliases"), message)

    def collect(self) -> list[Redirect] | None:
        """Every alias of the run's items; None (after logging why) when one collides."""
        items = _items(self.context)
        addresses = {_url_path(item.url): item for item in items if item.url}
        taken: dict[str, object] = {}
        redirects, ok = [], True
        for item in items:
            for path in alias_paths(item.metadata.get("aliases")):
                owner = addresses.get(path) or taken.get(path)
                if owner is item and path in addresses:
                    self._problem(item, f"/{path} is this item's own address; remove it")
                    ok = False
                elif owner is not None:
                    self._problem(item, f"/{path} is also the address or an old address of "
                                        f"{source_label(owner.source_path)}; remove it from "
                                        "one of the two files")
                    ok = False
                else:
                    taken[path] = item
                    redirects.append(Redirect(path, item))
        return redirects if ok else None

    def generate_output(self, writer):
        redirects = self.collect()
        if not redirects:
            return
        write = partial(writer.write_file, context=self.context,
                        relative_urls=self.settings["RELATIVE_URLS"])
        template = self.get_template("redirect")
        for redirect in redirects:
            write(name=redirect.save_as, template=template, target=redirect.item,
                  url=redirect.path)
