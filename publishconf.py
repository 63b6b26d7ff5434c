"""Production settings: absolute SITEURL; imported on top of pelicanconf."""

import os
import sys

sys.path.append(os.path.dirname(__file__))

from pelicanconf import *  # noqa: E402,F403

SITEURL = PUBLIC_URL  # noqa: F405
RELATIVE_URLS = False
LOAD_CONTENT_CACHE = False

# `invoke publish`: "rsync" (over SSH, or to a local folder) or "gh-pages".
PUBLISH_METHOD = os.environ.get("PUBLISH_METHOD", "rsync")
# rsync destination such as deploy@example.org:/var/www/site/ (no default on purpose).
PUBLISH_TARGET = os.environ.get("PUBLISH_TARGET", "")
