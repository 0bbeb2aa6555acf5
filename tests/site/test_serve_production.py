"""scripts/serve-production and the nginx launcher it runs (`python -m matrix.site.production`).

The script's own checks run before it sets anything up; the launcher is run as the script runs it,
on the session's build with Debian's real nginx, and stopped the ways a terminal stops it. What the
served site sends is tests/browser/test_production_nginx.py.
"""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from matrix.site.production import NginxServer, ServeError, free_port, nginx_executable

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed():
    if nginx_executable() is None:
        pytest.fail("Debian's nginx is not installed; the test command installs it (apt-get install nginx)")


@pytest.mark.parametrize("arguments, said", [
    (["--port", "0"], "--port: expected a port from 1 to 65535 but received: 0"),
    (["--port=70000"], "--port: expected a port from 1 to 65535 but received: 70000"),
    (["--port", "80; rm -rf x"], "--port: expected a port from 1 to 65535 but received: 80; rm -rf x"),
    (["--port"], "--port needs a number"),
    (["--verbose"], "unknown argument: --verbose"),
])
def test_the_script_refuses_bad_arguments_before_setting_anything_up(arguments, said):
    result = subprocess.run(["bash", "scripts/serve-production", *arguments], cwd=ROOT, capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("serve-production: ") and said in result.stderr
    assert result.stdout == ""


def test_a_folder_that_is_no_built_site_is_refused_plainly(tmp_path, installed):
    result = subprocess.run([sys.executable, "-m", "matrix.site.production", str(tmp_path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert result.stderr == f"serve-production: {tmp_path} is not a built runbook (no _nginx.conf): build it with mkdocs build\n"


def test_a_port_in_use_is_said_with_nginxs_own_words(built_site, installed):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = NginxServer(built_site, taken.getsockname()[1])
        with pytest.raises(ServeError, match=r"nginx stopped at start \(exit 1\): .*Address already in use"):
            server.start()
    assert not server.runtime.exists()  # its temporary folder is gone with it


def _served(port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            return response.status
    except urllib.error.URLError:
        return 0


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_the_launcher_serves_in_the_foreground_until_stopped_and_leaves_nothing(built_site, installed, stop):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "matrix.site.production", str(built_site), "--port", str(port)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()  # printed once nginx accepts connections
        assert line.startswith(f"Serving {built_site} at http://127.0.0.1:{port}/ with nginx"), server.stderr.read()
        assert _served(port) == 200
        [nginx] = _children(server.pid)
        runtime = Path(re.search(r" -p (\S+)/ ", _command(nginx)).group(1))
        assert (runtime / "nginx.conf").is_file() and (runtime / "access.log").is_file()
        server.send_signal(stop)
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert _served(port) == 0
    assert not Path(f"/proc/{nginx}").exists()  # nginx stopped with it
    assert not runtime.exists()
    assert "Traceback" not in server.stderr.read()


def _children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            if f"\nPPid:\t{pid}\n" in status.read_text():
                found.append(int(status.parent.name))
        except OSError:
            pass
    return found


def _command(pid: int) -> str:
    """A process's command line as `ps` shows it (nginx's master rewrites its own)."""
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
