"""A small static server for previews: 127.0.0.1 only, 404.html for missing pages."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".ics": "text/calendar; charset=utf-8",
        ".xml": "application/xml; charset=utf-8",
        ".html": "text/html; charset=utf-8",
        ".webmanifest": "application/manifest+json",
        # The CMS reads its config.yml only when the server says it is YAML.
        ".yml": "text/yaml; charset=utf-8",
    }

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        if self.server.verbose:
            super().log_message(format, *args)

    def send_error(self, code, message=None, explain=None):
        root = Path(self.directory)
        if code == 404:
            lang_404 = root / self.path.strip("/").split("/")[0] / "404.html"
            page = lang_404 if lang_404.is_file() else root / "404.html"
            if page.is_file():
                body = page.read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
                return
        super().send_error(code, message, explain)


def make_server(root: Path, host: str = "127.0.0.1", port: int = 0, *, verbose=False):
    """A server for ``root``; port 0 picks a free port (tests, screenshots)."""
    handler = functools.partial(_Handler, directory=str(root))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.verbose = verbose
    return server


@contextlib.contextmanager
def serving(root: Path, host: str = "127.0.0.1"):
    """Serve ``root`` in a background thread; yields the base URL."""
    httpd = make_server(root, host)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    with make_server(root, host, port, verbose=True) as httpd:
        print(f"Serving {root} on http://{host}:{port}/ (Ctrl+C to stop)")
        with contextlib.suppress(KeyboardInterrupt):
            httpd.serve_forever()
