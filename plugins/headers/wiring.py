"""Writes `_headers` (the format of Netlify and Cloudflare Pages) into the finished tree.

Those hosts merge every rule that matches a path, and two policies are both
enforced, so the admin's own policy could never loosen the pages' one under a
catch-all `/*` rule: the pages' rule names each top-level folder and page that
the language runs wrote instead (a policy matters for documents and workers
only), and the admin gets a rule of its own.
"""

from __future__ import annotations

from pathlib import Path

from cms.config import CmsSettingsError, admin_policy, read_cms_settings
from sitebuild.hooks import BuildContext, Hooks

NAME = "_headers"
#: A <meta> policy cannot say who may frame the page; the header can.
FRAMES = "frame-ancestors 'none'"
COMMON = ("X-Content-Type-Options: nosniff", "Referrer-Policy: strict-origin-when-cross-origin")


def _rule(path: str, headers) -> str:
    return "\n".join([path, *(f"  {header}" for header in headers)])


def headers_file(tree: Path, page_policy: str, admin: str | None) -> str:
    entries = sorted(p for p in tree.iterdir()
                     if p.name != "admin" and (p.is_dir() or p.suffix == ".html"))
    pages = [f"Content-Security-Policy: {page_policy}; {FRAMES}", *COMMON]
    rules = [_rule("/", pages)]
    rules += [_rule(f"/{p.name}/*" if p.is_dir() else f"/{p.name}", pages) for p in entries]
    # A new service worker must reach the browser as soon as it is published.
    rules.append(_rule("/sw.js", ["Cache-Control: no-cache",
                                  f"Content-Security-Policy: {page_policy}"]))
    if admin:
        rules.append(_rule("/admin/*", [f"Content-Security-Policy: {admin}; {FRAMES}", *COMMON]))
    return ("# Written by the build (plugins/headers) from CSP in the settings and the "
            "CMS backend.\n" + "\n".join(rules) + "\n")


def post_build(context: BuildContext) -> None:
    settings = context.settings
    admin = None
    if (context.output / "admin").is_dir():
        try:
            admin = admin_policy(read_cms_settings(settings).backend)
        except CmsSettingsError:
            admin = None  # the cms plugin has reported it and left the admin out
    (context.output / NAME).write_text(headers_file(context.output, settings["CSP"], admin),
                                       encoding="utf-8")


build_hooks = Hooks(post_build=post_build)


def register():
    """Nothing to wire into a language run: the file needs the finished tree."""
