"""Shared fixtures: the real matrix, a real `mkdocs build`, a local HTTP server and real Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from matrix.source import DEFAULT_PATH, load_matrix, read_matrix_file

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_7c0741a7f47ae366.txt"

# Chromium reaches out to vendor hosts on its own; map every name to nowhere but loopback.
CHROMIUM_ARGS = [
    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


@pytest.fixture(scope="session")
def matrix():
    return load_matrix()


@pytest.fixture(scope="session")
def matrix_source():
    return read_matrix_file(DEFAULT_PATH)


def mkdocs_build(site_dir: Path, config: Path | None = None, env: dict | None = None,
                 strict: bool = True) -> subprocess.CompletedProcess:
    """A real `mkdocs build` in a subprocess (hooks are loaded fresh each time)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir),
               "--config-file", str(config or ROOT / "mkdocs.yml")]
    if strict:
        command.append("--strict")
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test session with `--strict`."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    return site


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder and records every path requested (workers' requests included)."""

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
    def __init__(self, directory: Path, extra_types: dict[str, str] | None = None):
        requests: list[str] = []
        handler = type("Handler", (QuietHandler,), {"requests": requests, "extra_types": extra_types or {}})
        self.requests = requests
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def site_server(built_site):
    with SiteServer(built_site) as server:
        yield server


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Debian's chromium is not installed; the test command installs it (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh context and page that records console errors and every request's URL."""
    context = browser.new_context()
    page = context.new_page()
    page.console_errors = []
    page.requested = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda err: page.console_errors.append(str(err)))
    context.on("request", lambda request: page.requested.append(request.url))
    yield page
    context.close()
