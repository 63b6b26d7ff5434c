"""Per language run: the offline page and the web app manifest of that language.

`offline/index.html` (`en/offline/` for English) is what the service worker
shows for a page it never saved when the network is gone; `manifest.webmanifest`
(`en/manifest.webmanifest`) names the app in the language, with the language's
start URL and scope.
"""

from __future__ import annotations

import json
import os

from pelican.generators import Generator

from i18n import language_run

from .icons import ICONS

#: Where the post-build hook writes the icons, from the site's root.
ICON_FOLDER = "theme/icons/"


def manifest(settings: dict) -> dict:
    run = language_run(settings)
    prefix = run.prefix
    # Paths in a manifest are read relative to the manifest's own URL.
    up = "../" * prefix.count("/")
    icons = [{"src": f"{up}{ICON_FOLDER}{name}", "sizes": f"{size}x{size}",
              "type": "image/png", "purpose": "maskable" if maskable else "any"}
             for name, size, maskable in ICONS]
    return {
        "id": "./",
        "name": settings["SITENAME"],
        "short_name": settings.get("SITE_SHORTNAME") or settings["SITENAME"],
        "description": settings.get("SITE_DESCRIPTION") or "",
        "lang": run.code,
        "dir": "ltr",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "theme_color": settings["THEME_COLOR"],
        "background_color": settings["BACKGROUND_COLOR"],
        "icons": icons,
    }


class OfflineGenerator(Generator):
    def generate_output(self, writer):
        settings = self.settings
        writer.write_file(settings["OFFLINE_SAVE_AS"], self.get_template("offline"),
                          self.context, relative_urls=settings["RELATIVE_URLS"],
                          url=settings["OFFLINE_URL"])
        path = os.path.join(self.output_path, settings["WEBMANIFEST_SAVE_AS"])
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(manifest(settings), handle, ensure_ascii=False, indent=1)
            handle.write("\n")
