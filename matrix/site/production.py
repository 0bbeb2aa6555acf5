"""Serve a built site with Debian's nginx as production serves it, on 127.0.0.1.

deploy/nginx.conf is the configuration, with the site's folder, the port and a temporary folder for
everything nginx writes (pid, logs, temp files) filled in; the headers are the build's `_nginx.conf`
(matrix/site/headers.py). `python -m matrix.site.production SITE [--port N]` runs it in the
foreground until Ctrl-C (scripts/serve-production builds the site and calls it); the tests use
`NginxServer` the same way. Does I/O; installs nothing (the scripts install nginx).
"""

from __future__ import annotations

import argparse
import ctypes
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .headers import NGINX_FILE

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "nginx.conf"
DEFAULT_PORT = 8080
START_TIMEOUT = 15.0
"""Seconds nginx has to take the port before it is taken as failed (it tries a port in use for 2.5 s)."""


class ServeError(Exception):
    """Why the site cannot be served; said as it stands, without a traceback."""


def nginx_executable() -> str | None:
    """Debian's nginx (in /usr/sbin, which is on no ordinary user's PATH); None if it is not installed."""
    found = shutil.which("nginx")
    return found or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)


def _quoted_path(path: Path) -> str:
    text = str(path)
    if any(c in text for c in '"$;{}\\\n') or not text.isprintable():
        raise ServeError(f"nginx's configuration cannot name this folder as it stands; use another: {text!r}")
    return text


def render_config(site_dir: Path, port: int, runtime: Path) -> str:
    """deploy/nginx.conf with its values: workers run as the user who starts it (as root, that is root,
    since the built site may sit in a folder only root can read)."""
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in (("@SITE@", _quoted_path(site_dir)), ("@RUNTIME@", _quoted_path(runtime)),
                        ("@PORT@", str(port)), ("@USER@", user)):
        text = text.replace(name, value)
    return text


def check_port(port: int) -> int:
    if not 1 <= port <= 65535:
        raise ServeError(f"--port: expected a port from 1 to 65535 but received: {port}")
    return port


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop_with_parent() -> None:
    """In the child before nginx starts: Linux stops it when its launcher dies, however that happens, so no
    nginx is left holding the port (its own session keeps a terminal's Ctrl-C for the launcher to handle)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGQUIT)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class NginxServer:
    """`with NginxServer(site) as server:` serves the built `site` at `server.url` until the block ends.

    `port=None` takes a free one. `server.access_log` is nginx's log of every request (the wizard's
    worker's too, which a page's own network log misses).
    """

    def __init__(self, site_dir: Path, port: int | None = None):
        self.site_dir = Path(site_dir).resolve()
        if not (self.site_dir / NGINX_FILE).is_file():
            raise ServeError(f"{site_dir} is not a built runbook (no {NGINX_FILE}): build it with mkdocs build")
        self.executable = nginx_executable()
        if self.executable is None:
            raise ServeError("nginx is not installed: scripts/serve-production installs it (apt-get install nginx)")
        self.port = check_port(port) if port is not None else free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.runtime: Path | None = None
        self.process: subprocess.Popen | None = None

    @property
    def access_log(self) -> Path:
        return self.runtime / "access.log"

    def start(self, stderr=subprocess.PIPE) -> NginxServer:
        self.runtime = Path(tempfile.mkdtemp(prefix="runbook-nginx-"))
        config = self.runtime / "nginx.conf"
        try:
            config.write_text(render_config(self.site_dir, self.port, self.runtime), encoding="utf-8")
        except ServeError:
            self._clean()
            raise
        self.process = subprocess.Popen(
            [self.executable, "-p", f"{self.runtime}/", "-c", str(config), "-e", "stderr", "-g", "daemon off;"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True,
            preexec_fn=_stop_with_parent)
        self._wait_until_ready()
        return self

    def _wait_until_ready(self) -> None:
        """nginx writes its pid file once it holds the port: a connection alone could reach whatever else holds it."""
        pid_file = self.runtime / "nginx.pid"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                said = self.process.stderr.read().decode(errors="replace").strip() if self.process.stderr else ""
                self._clean()
                raise ServeError(f"nginx stopped at start (exit {self.process.returncode}): {said}")
            if pid_file.is_file() and pid_file.read_text().strip() == str(self.process.pid):
                return
            time.sleep(0.05)
        self.stop()
        raise ServeError(f"nginx did not start serving on port {self.port} within {START_TIMEOUT:.0f} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # nginx's graceful stop: requests under way finish
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._clean()

    def _clean(self) -> None:
        if self.process is not None and self.process.stderr is not None:
            self.process.stderr.close()
        if self.runtime is not None:
            shutil.rmtree(self.runtime, ignore_errors=True)

    def __enter__(self) -> NginxServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="serve-production", description=(
        "Serve a built runbook with nginx on 127.0.0.1, with the headers production sends."))
    parser.add_argument("site", type=Path, help="the folder `mkdocs build` wrote")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}")
    args = parser.parse_args(argv)
    try:
        server = NginxServer(args.site, check_port(args.port))
        server.start(stderr=None)  # nginx's warnings and errors go straight to the terminal
    except ServeError as error:
        print(f"serve-production: {error}", file=sys.stderr)
        return 1
    print(f"Serving {server.site_dir} at {server.url}/ with nginx (Ctrl-C stops it)", flush=True)
    # Stopped by a signal too, nginx is stopped with it and its temporary folder removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        return server.process.wait()  # nginx stopped on its own: its status
    except KeyboardInterrupt:
        return 0
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
