"""Shared fixtures: the real matrix, a real `mkdocs build`, a local HTTP server and real Chromium."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from matrix.site.local_server import CHROMIUM_ARGS, SiteServer, chromium_executable
from matrix.source import DEFAULT_PATH, load_matrix, read_matrix_file

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_7c0741a7f47ae366.txt"

# Tests run `escalate` as a real process. The project is installed in editable mode from one checkout:
# without this, a test in another checkout (a git worktree) would run that checkout's code, not its own.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))


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


def portable_config() -> dict:
    """The project's mkdocs.yml with its paths made absolute, to be changed and written elsewhere."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(ROOT / "docs")
    config["hooks"] = [str(ROOT / hook) for hook in config["hooks"]]
    config["watch"] = [str(ROOT / item) for item in config.get("watch", [])]
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    return config


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test session with `--strict`."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    return site


def git(repo: Path, *args: str, date: str | None = None) -> str:
    """git in a scratch repository, as a fixed author, at `date` (ISO) when given."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout.strip()


HOSTILE_MESSAGE = "Legal threat <script>alert(1)</script> *now* 4 h | [x](https://example.org)"
"""The newest commit's subject in the history repository: markup and Markdown that must stay text."""


@pytest.fixture(scope="session")
def history_repository(tmp_path_factory) -> Path:
    """A scratch repository whose matrix has three commits: the real file (60 days ago), the Fraud suspicion SLA
    from 2 h to 3 h (45 days ago: too old for the wizard to mention), and, an hour ago, the Legal threat SLA from
    2 h to 4 h with the Billing Team's email, under a hostile message. Returns the matrix file's path."""
    from datetime import datetime, timedelta, timezone

    repo = tmp_path_factory.mktemp("history-repo")
    matrix = repo / "escalation-matrix.yaml"
    now = datetime.now(timezone.utc).replace(microsecond=0)
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    git(repo, "init", "-q")
    steps = [
        (60, "The real matrix", text),
        (45, "Fraud suspicion: 3 h", text.replace("        path: [ts-lead, security]\n        sla: 2h",
                                                  "        path: [ts-lead, security]\n        sla: 3h")),
    ]
    legal = steps[-1][2].replace("        path: [general-counsel, ceo]\n        sla: 2h",
                                 "        path: [general-counsel, ceo]\n        sla: 4h")
    legal = legal.replace("value: billing@skillancer.com", "value: billing-desk@skillancer.com")
    steps.append((1 / 24, HOSTILE_MESSAGE + "\n\nBody with <b>markup</b> and [a link](javascript:alert(1)).", legal))
    for days, message, content in steps:
        assert content != DEFAULT_PATH.read_text(encoding="utf-8") or days == 60
        matrix.write_text(content, encoding="utf-8")
        git(repo, "add", ".")
        git(repo, "commit", "-q", "-m", message, date=(now - timedelta(days=days)).isoformat())
    return matrix


@pytest.fixture(scope="session")
def history_site(tmp_path_factory, history_repository) -> Path:
    """The site built from the history repository's matrix (its history is that repository's)."""
    site = tmp_path_factory.mktemp("history-site")
    result = mkdocs_build(site, env={"ESCALATION_MATRIX": str(history_repository)})
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def site_server(built_site):
    with SiteServer(built_site) as server:
        yield server


def chromium_path() -> str:
    path = chromium_executable()
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


# --- Runbook site tests: reading built pages ------------------------------------------------------

import html.parser  # noqa: E402  (kept with the fixture that needs it)

class HtmlElement:
    """Just enough of a DOM to find built elements by id or tag and read their text."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: "HtmlElement | None" = None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list["HtmlElement | str"] = []

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, HtmlElement):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs) -> list["HtmlElement"]:
        """Descendants with this tag and attributes (`class_` matches one class of several)."""
        found = []
        for element in self.iter():
            if element is self or (tag and element.tag != tag):
                continue
            ok = True
            for name, value in attrs.items():
                name = name.rstrip("_").replace("_", "-")
                actual = element.attrs.get(name)
                ok = ok and actual is not None and (value in actual.split() if name == "class" else actual == value)
            if ok:
                found.append(element)
        return found

    def find(self, tag: str | None = None, **attrs) -> "HtmlElement | None":
        return next(iter(self.find_all(tag, **attrs)), None)

    def by_id(self, element_id: str) -> "HtmlElement":
        found = self.find_all(id=element_id)
        assert len(found) == 1, f"expected one element with id {element_id!r}, found {len(found)}"
        return found[0]

    @property
    def text(self) -> str:
        """The text a reader sees, whitespace collapsed (no script or style contents)."""
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in ("script", "style"):
                parts.append(" " + child.text + " " if child.tag in ("td", "th", "li", "br", "p") else child.text)
        return " ".join("".join(parts).split())


class _TreeBuilder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = HtmlElement("#document", {})

    def handle_starttag(self, tag, attrs):
        element = HtmlElement(tag, dict(attrs), self.current)
        self.current.children.append(element)
        if tag not in HtmlElement.VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(HtmlElement(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse_html(text: str) -> HtmlElement:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


@pytest.fixture(scope="session")
def read_html():
    """`read_html(site_dir, "routing/")`: the parsed page a built site serves at that URL."""

    def read(site: Path, url: str = "") -> HtmlElement:
        path = site / url / "index.html" if url == "" or url.endswith("/") else site / url
        return parse_html(path.read_text(encoding="utf-8"))

    return read


# --- Deploying: the build's files for static hosts ---------------------------------------------

def host_rules(text: str) -> dict[str, dict[str, str]]:
    """`_headers` as {path pattern: {header: value}}, read strictly in the hosts' syntax."""
    rules: dict[str, dict[str, str]] = {}
    current = None
    for number, line in enumerate(text.splitlines(), 1):
        assert len(line) < 2000, f"line {number}: Cloudflare Pages reads lines of up to 2000 characters"
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("/"):
            assert line not in rules, f"line {number}: {line} twice"
            current = rules[line] = {}
        else:
            assert current is not None and re.fullmatch(r"  [A-Za-z-]+: \S.*", line), f"line {number}: {line!r}"
            name, value = line.strip().split(": ", 1)
            assert name not in current
            current[name] = value
    return rules


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """find()'s figures on the phrasing corpora, when tests/core/test_find_corpus.py ran."""
    figures = getattr(config, "find_figures", None)
    if not figures:
        return
    terminalreporter.section("find() on the phrasing corpora")
    for name, f in figures.items():
        terminalreporter.write_line(
            f"{name:10s} {f.items:4d} phrasings: top-1 {f.share(f.top1):.0%}, top-3 {f.share(f.top3):.0%}, "
            f"resolved {f.share(f.resolved):.0%}, certain {f.share(f.confident):.0%}, "
            f"certain and wrong {len(f.confident_wrong)}")
