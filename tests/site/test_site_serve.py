"""`mkdocs serve` follows the YAML: an edit rebuilds the pages, and the build then settles.

A real server on a free port, building from a copy of the matrix outside the watched folders
(the hook adds that file to the watch list). A hook that wrote into docs/ would make the server
rebuild forever; the build count must stay put once the edit is served.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from matrix.source import DEFAULT_PATH

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_the_yaml_changes_and_then_settles(tmp_path):
    copy = tmp_path / "matrix.yaml"
    copy.write_text(DEFAULT_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "ESCALATION_MATRIX": str(copy)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log: list[str] = []
    reader = threading.Thread(target=lambda: log.extend(iter(server.stdout.readline, "")), daemon=True)
    reader.start()
    url = f"http://127.0.0.1:{port}/routing/"
    try:
        assert _wait_for(lambda: "Data sync issues" in _fetch(url), 120), "".join(log)
        assert "resync marker" not in _fetch(url)
        # Counted from the server's own lines: MkDocs drops a repeated "Documentation built in
        # 1.18 seconds" line, so a rebuild as fast as the first one would not be seen by that text.
        builds = lambda: sum("Building documentation..." in line for line in log)  # noqa: E731
        reloads = lambda: sum("Reloading browsers" in line for line in log)  # noqa: E731
        assert builds() == 1

        edited = copy.read_text(encoding="utf-8").replace("synonyms: [sync, ", "synonyms: [sync, resync marker, ", 1)
        assert "resync marker" in edited
        copy.write_text(edited, encoding="utf-8")
        assert _wait_for(lambda: "resync marker" in _fetch(url), 120), "".join(log)
        # The server writes the pages before it announces the finished rebuild.
        assert _wait_for(lambda: reloads() >= 1, 30), "".join(log)
        settled = builds()
        assert settled >= 2
        time.sleep(5)
        assert builds() == settled, "the server keeps rebuilding:\n" + "".join(log)
        assert not any("WARNING" in line or "ERROR" in line for line in log), "".join(log)
        assert not (ROOT / "docs" / "routing.md").exists()
        # Its live reload is an inline script of its own, which the pages' <meta> policy would refuse:
        # pages served for editing carry none, on the first build and on rebuilds alike.
        served = _fetch(url)
        assert "livereload" in served and 'http-equiv="Content-Security-Policy"' not in served
    finally:
        server.send_signal(signal.SIGINT)  # SIGINT lets the server remove its temporary site folder
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
