"""Serve a built site on 127.0.0.1 and record every path requested, for the tests and benchmarks.

The wizard's Python runs in a worker that fetches Pyodide itself, so what a page loads is only
known on the server's side: the server keeps every path asked of it (query included, workers'
requests too). Chromium is launched with `CHROMIUM_ARGS`, so that this server is all it reaches.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

# Chromium calls vendor hosts on its own: resolve every name to nowhere but loopback.
CHROMIUM_ARGS = [
    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def chromium_executable() -> str | None:
    """Debian's Chromium, the browser the site is checked in; None if it is not installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


class RecordingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder without logging, records each GET path, and answers `extra_types` by suffix."""

    requests: list[str]
    extra_types: dict[str, str] = {}

    def log_message(self, format, *args):
        pass

    def guess_type(self, path):
        for suffix, mime in self.extra_types.items():
            if str(path).endswith(suffix):
                return mime
        return super().guess_type(path)

    def do_GET(self):
        self.requests.append(self.path)
        super().do_GET()


class SiteServer:
    """`with SiteServer(site) as server:` serves `site` at `server.url`; `server.requests` lists the paths.

    The port is taken at construction, so a site can be built for `server.url` before serving it.
    `extra_types` ({".wasm": "text/plain"}) overrides MIME types by suffix; `handler` may be a
    `RecordingHandler` subclass that answers some paths its own way.
    """

    def __init__(self, directory: Path, extra_types: dict[str, str] | None = None,
                 handler: type[RecordingHandler] = RecordingHandler):
        self.requests: list[str] = []
        bound = type(handler.__name__, (handler,), {"requests": self.requests, "extra_types": extra_types or {}})
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(bound, directory=str(directory)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
