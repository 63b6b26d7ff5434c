"""Production settings: absolute SITEURL; imported on top of pelicanconf."""

import os
import sys

sys.path.append(os.path.dirname(__file__))

from pelicanconf import *  # noqa: E402,F403

SITEURL = PUBLIC_URL  # noqa: F405
RELATIVE_URLS = False
# Scheduled items wait for their moment (plugins/scheduled, the events' Announce:).
SCHEDULED_ITEMS = "hide"
LOAD_CONTENT_CACHE = False

# `invoke publish`: "rsync" (over SSH, or to a local folder) or "gh-pages".
PUBLISH_METHOD = os.environ.get("PUBLISH_METHOD", "rsync")
# rsync destination such as deploy@example.org:/var/www/site/ (no default on purpose).
PUBLISH_TARGET = os.environ.get("PUBLISH_TARGET", "")

# The admin of the published site edits the GitHub repository (docs/cms-github.en.md):
# CMS_REPO is owner/name (GitHub Actions sets GITHUB_REPOSITORY), CMS_BRANCH the branch
# edits go to, CMS_AUTH_URL the OAuth client's address. No repository: no admin.
CMS_REPO = os.environ.get("CMS_REPO") or os.environ.get("GITHUB_REPOSITORY", "")
CMS_BRANCH = os.environ.get("CMS_BRANCH") or os.environ.get("GITHUB_REF_NAME") or "main"
CMS_AUTH_URL = os.environ.get("CMS_AUTH_URL", "")
CMS_BACKEND = "github" if CMS_REPO else "none"
