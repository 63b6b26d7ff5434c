"""The Decap CMS configuration, made from the content schema (plugins/schema).

Nothing about a field is written here a second time: labels, hints, required
fields, select options, patterns and the language-neutral fields all come from
`schema.KINDS`. What is the CMS's own (backend, media folder, locales) comes
from the settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from i18n import language_run
from schema import KINDS, Field, Kind

#: The custom format the admin page registers: Pelican's `Key: value` header.
FORMAT = "pelican"
#: Where the local proxy (decap-server) listens during `invoke edit`.
LOCAL_PROXY = "http://127.0.0.1:8081/api/v1"
#: What the lists sort by besides the title: the date an editor thinks of first.
SORT_BY = {"news": ("date",), "events": ("start",)}
#: Where each kind's pages are: its URL setting, and Pelican's default.
URL_SETTINGS = {"news": ("ARTICLE_URL", "{slug}.html"), "pages": ("PAGE_URL", "pages/{slug}.html"),
                "events": ("EVENT_URL", "events/{slug}/"),
                "courses": ("COURSE_URL", "courses/{slug}/")}
#: Our own widgets (admin/kip-cms.js): plain text inputs with the checks' cross-field rules.
WIDGETS = {"when": "kip-when", "string": "kip-string", "recurrence": "kip-recurrence"}


class CmsSettingsError(ValueError):
    """A CMS setting is wrong; the message names the key and the fix."""


@dataclass(frozen=True)
class CmsSettings:
    languages: tuple[str, ...]  # default first
    backend: dict
    publish_mode: str | None
    site_url: str
    content_folder: str  # relative to the repository root
    media_folder: str  # relative to the repository root
    urls: dict[str, str]  # each kind's page, `{slug}` in it, from the *_URL settings

    @property
    def default_lang(self) -> str:
        return self.languages[0]


def read_cms_settings(settings: dict) -> CmsSettings:
    """Development: the local proxy. Production (CMS_BACKEND = "github"): the repository
    and branch from CMS_REPO / CMS_BRANCH, the OAuth client from CMS_AUTH_URL."""
    run = language_run(settings)
    languages = run.codes
    name = settings.get("CMS_BACKEND", "proxy")
    if name == "proxy":
        backend = {"name": "proxy", "proxy_url": settings.get("CMS_PROXY_URL", LOCAL_PROXY)}
        publish_mode = None
    elif name == "github":
        repo = str(settings.get("CMS_REPO") or "")
        if "/" not in repo:
            raise CmsSettingsError(
                f"CMS_REPO: {repo!r} must be owner/name of the GitHub repository, e.g. "
                "'kramatorsk-platform/site' (set the CMS_REPO variable in the workflow)")
        backend = {"name": "github", "repo": repo,
                   "branch": str(settings.get("CMS_BRANCH") or "main")}
        auth = str(settings.get("CMS_AUTH_URL") or "")
        if auth:
            if not auth.startswith("https://"):
                raise CmsSettingsError(f"CMS_AUTH_URL: {auth!r} must be the https:// address "
                                       "of the OAuth client, without a path")
            backend["base_url"] = auth.rstrip("/")
            backend["auth_endpoint"] = str(settings.get("CMS_AUTH_ENDPOINT") or "auth")
        publish_mode = "editorial_workflow"
    else:
        raise CmsSettingsError(f"CMS_BACKEND: {name!r} is not a backend; write 'proxy' "
                               "(invoke edit) or 'github' (the published site)")
    return CmsSettings(
        languages=languages,
        backend=backend,
        publish_mode=publish_mode,
        site_url=run.public_url,
        content_folder=str(settings.get("CMS_CONTENT_FOLDER", "content")),
        media_folder=str(settings.get("CMS_MEDIA_FOLDER", "content/images")),
        urls={folder: str(settings.get(key, default))
              for folder, (key, default) in URL_SETTINGS.items()},
    )


def field_config(field: Field) -> dict:
    """One schema field as a Decap field."""
    widget = WIDGETS.get(field.widget, field.widget)
    conf: dict = {"name": field.name, "label": field.label, "widget": widget,
                  "required": field.required,
                  "i18n": True if field.translated else "duplicate"}
    if field.hint:
        conf["hint"] = field.hint
    if field.pattern:
        conf["pattern"] = [field.pattern, field.pattern_message]
    if field.widget == "select":
        labels = field.option_labels or field.options
        conf["options"] = [{"label": label, "value": value}
                           for value, label in zip(field.options, labels, strict=True)]
    if field.widget == "relation":
        conf.update(collection=field.relation, value_field="{{slug}}",
                    search_fields=["title"], display_fields=["title"])
    if field.widget == "number":
        conf["value_type"] = "int"
        if field.bounds:
            conf["min"], conf["max"] = field.bounds
    if field.widget == "image":
        conf["choose_url"] = False
    # Rules Decap has no word for; kip-cms.js checks them (and the build, again).
    if field.after:
        conf["kip_after"] = field.after
    if field.required_with:
        conf["kip_required_with"] = field.required_with
    if field.unique:
        conf["kip_unique"] = True
    return conf


def collection_config(kind: Kind, conf: CmsSettings) -> dict:
    fields = [field_config(field) for field in kind.fields if field.editable]
    fields.append({"name": "body", "label": "Текст", "widget": "markdown", "i18n": True,
                   "required": False, "modes": ["raw", "rich_text"],
                   "hint": "Markdown: ## підзаголовок, - список, [посилання](https://…)."})
    return {
        "name": kind.folder,
        "label": kind.label,
        "label_singular": kind.label_singular,
        "folder": f"{conf.content_folder}/{kind.folder}",
        "format": FORMAT,
        "extension": "md",
        "create": True,
        # The gate of `invoke edit` (editor/gate.py) refuses a delete that breaks a link.
        "delete": True,
        "identifier_field": "title",
        "slug": "{{fields.slug}}",
        "summary": "{{title}}",
        # The newest first, where an item has a date; else by title.
        "sortable_fields": [*({"field": name, "default_sort": "desc"}
                              for name in SORT_BY.get(kind.folder, ())), "title"],
        # "Відкрити сторінку на сайті" opens the item's own page.
        "preview_path": conf.urls[kind.folder].replace("{slug}", "{{slug}}"),
        "i18n": True,
        "fields": fields,
    }


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def admin_policy(backend: dict) -> str:
    """The admin's Content-Security-Policy: the pages' own, loosened only where Decap
    CMS cannot work otherwise. Its bundle compiles its config's JSON schemas with
    `new Function` (ajv: 'unsafe-eval') and styles itself at run time with <style>
    elements ('unsafe-inline' styles); previews of new pictures are blob: and data:
    URLs, and an upload is read back through its blob: URL before it is saved. It talks
    to the local proxy (`invoke edit`) or GitHub's API only."""
    connect = ["'self'", "blob:", "data:"]
    images = ["'self'", "data:", "blob:"]
    if backend["name"] == "proxy":
        connect.append(_origin(backend["proxy_url"]))
    else:
        connect.append("https://api.github.com")
        images += ["https://avatars.githubusercontent.com", "https://raw.githubusercontent.com"]
        if backend.get("base_url"):
            connect.append(_origin(backend["base_url"]))
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src " + " ".join(images),
        "connect-src " + " ".join(connect),
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def cms_config(settings: dict) -> dict:
    """The whole config.yml, as data."""
    conf = read_cms_settings(settings)
    config: dict = {
        "locale": conf.default_lang,
        "backend": conf.backend,
        "media_folder": conf.media_folder,
        # Written into the files as the checks and the images plugin expect it.
        "public_folder": "{static}/images",
        "i18n": {"structure": "multiple_files", "locales": list(conf.languages),
                 "default_locale": conf.default_lang},
        "collections": [collection_config(kind, conf) for kind in KINDS.values()],
    }
    if conf.publish_mode:
        config["publish_mode"] = conf.publish_mode
    if conf.site_url:
        config["site_url"] = config["display_url"] = conf.site_url
    return config
