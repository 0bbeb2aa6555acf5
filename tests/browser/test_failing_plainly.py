"""The browser never waits forever: Debian's Chromium, the built site, the real Pyodide.

Three ways a page could hang are made to happen for real, and each must end in the page's error state
with a sentence for the agent (the detail folded away, never a traceback):

- the core fails on a question, or an error escapes it, or the worker stops answering: a server that
  serves the built site with one data file and the engine's wheel corrupted (nothing shipped changes);
- the page's start script cannot load or throws (the classic fallback.js takes over);
- the drills' progress in local storage is damaged (the core reads it and the page starts afresh).
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from matrix.core import wording
from matrix.core.answers.browser import responder
from matrix.core.answers.drills import read_saved
from matrix.site.local_server import RecordingHandler, SiteServer

from test_drills_e2e import READY as DRILL_READY, STORAGE_KEY, shown_drill, stored
from test_wizard_e2e import PYTHON_START, assert_local_only, choose, recorded, reopen, text

DATA = "/assets/wizard/data/"
BROKEN_OWNER = "nobody-at-all"  # Refund request's owner in the corrupted matrix: no such party
ANSWER_TIMEOUT_MS = 8000  # the corrupted wizard page's: a question unanswered this long ends the worker
CANNOT_START = "This page could not start in this browser."  # the wizard's and the drill page's templates


def script_words() -> dict[str, str]:
    """The sentences the pages' scripts write themselves (docs/assets/wizard/words.js), by name."""
    source = (Path(__file__).resolve().parents[2] / "docs" / "assets" / "wizard" / "words.js").read_text(encoding="utf-8")
    return dict(re.findall(r'^export const (\w+) = "([^"]*)";', source, re.MULTILINE))


WORDS = script_words()
STOPPED = WORDS["STOPPED"]

# Appended to the shipped browser.py in the corrupted wheel: "can" raises past the core's own net, "overflow"
# nests JSON past the wasm stack (a fatal error of Pyodide itself), "search" never returns; everything else
# is answered as shipped.
CORRUPTION = '''

_shipped_respond_json = respond_json


def respond_json(matrix, request_json, links=DEFAULT_LINKS):
    kind = json.loads(request_json).get("kind")
    if kind == "can":
        raise KeyboardInterrupt("the engine was corrupted on purpose")
    if kind == "overflow":
        json.loads("[" * 100_000 + "]" * 100_000)
    while kind == "search":
        pass
    return _shipped_respond_json(matrix, request_json, links)
'''


def corrupted_matrix(built_site: Path) -> str:
    """The build's matrix.json with Refund request owned by a party that does not exist."""
    data = json.loads(gzip.decompress((built_site / DATA.strip("/") / "matrix.json.gz").read_bytes()))
    issue = next(i for c in data["categories"] for i in c["issue_types"] if i["name"] == "Refund request")
    issue["owner"] = BROKEN_OWNER
    return json.dumps(data)


def corrupted_wheel(wheel: Path) -> bytes:
    packed = io.BytesIO()
    with zipfile.ZipFile(wheel) as shipped, zipfile.ZipFile(packed, "w") as corrupted:
        for item in shipped.infolist():
            content = shipped.read(item)
            if item.filename == "matrix/core/answers/browser.py":
                content += CORRUPTION.encode()
            corrupted.writestr(item, content)
    return packed.getvalue()


class Overriding(RecordingHandler):
    """The built site, except the paths in `overrides` (path without query → content type and bytes)."""

    overrides: dict[str, tuple[str, bytes]] = {}

    def do_GET(self):
        found = self.overrides.get(self.path.split("?")[0])
        if found is None:
            return super().do_GET()
        self.requests.append(self.path)
        kind, body = found
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def corrupted(built_site):
    """A server of the built site whose matrix and engine wheel are corrupted, and whose wizard page
    gives each question ANSWER_TIMEOUT_MS; with the CPython responder for the same corrupted matrix."""
    engine = json.loads((built_site / DATA.strip("/") / "engine.json").read_text())
    matrix_json = corrupted_matrix(built_site)
    wizard = (built_site / "wizard" / "index.html").read_text(encoding="utf-8")
    marked = wizard.replace('data-timeout-ms="20000"', f'data-timeout-ms="20000" data-answer-timeout-ms="{ANSWER_TIMEOUT_MS}"')
    assert marked != wizard
    overrides = {
        f"{DATA}matrix.json.gz": ("application/gzip", gzip.compress(matrix_json.encode())),
        f"{DATA}{engine['wheel']}": ("application/octet-stream",
                                     corrupted_wheel(built_site / DATA.strip("/") / engine["wheel"])),
        "/wizard/": ("text/html; charset=utf-8", marked.encode()),
    }
    handler = type("Corrupted", (Overriding,), {"overrides": overrides})
    with SiteServer(built_site, handler=handler) as server:
        server.cpython = responder(matrix_json, True)
        yield server


def ask_cpython(server, request: dict) -> dict:
    return json.loads(server.cpython(json.dumps(request)))


def assert_failure_shown(scope, sentence: str, detail: str):
    """The sentence shown; its detail folded in a closed <details>, one line; no traceback anywhere visible."""
    assert sentence in scope.inner_text()
    folded = scope.locator("details[data-field=detail]")
    assert folded.count() == 1 and folded.get_attribute("open") is None
    assert folded.locator("summary").inner_text() == WORDS["TECHNICAL_DETAILS"]
    assert folded.locator("code").text_content() == detail and not folded.locator("code").is_visible()
    page_text = scope.page.locator("body").inner_text()
    assert "Traceback" not in page_text and 'File "' not in page_text and detail not in page_text


# --- the core fails, an error escapes it, the worker stops answering --------------------------------

@pytest.fixture(scope="module")
def wizard(browser, corrupted):
    """The wizard on the corrupted server, opened at the issue type the core fails on."""
    context = browser.new_context()
    page = recorded(context.new_page())
    page.goto(f"{corrupted.url}/wizard/?issue=refund-request&severity=P2")
    page.wait_for_selector("#engine-status[data-state=ready]", state="attached", timeout=PYTHON_START)
    yield page
    assert page.console_errors == []
    assert_local_only(page, corrupted)
    context.close()


def test_a_question_the_core_fails_on_is_answered_with_its_sentence_and_folded_detail(wizard, corrupted):
    wizard.wait_for_selector("#answer[data-state=error]", state="attached")
    expected = ask_cpython(corrupted, {"kind": "route", "issue": "refund-request", "severity": "P2", "channel": None})
    assert expected == {"error": wording.ANSWER_FAILED, "detail": f"KeyError: '{BROKEN_OWNER}'"}
    notice = wizard.locator("#answer [data-field=notice]")
    assert notice.is_visible()
    assert_failure_shown(notice, wording.ANSWER_FAILED, expected["detail"])
    # What the build computed stays on screen; only this question failed: the engine is still ready.
    assert text(wizard, "#answer [data-field=path-line]") == "Tier 1 → Billing Team"
    assert wizard.get_attribute("#engine-status", "data-state") == "ready"
    # The message asks the same route of the core: it fails the same way, its detail folded too.
    wizard.wait_for_selector("[data-field=message-note] details[data-field=detail]", state="attached")
    assert text(wizard, "#answer [data-field=message]") == wording.ANSWER_FAILED


def test_the_next_route_answered_takes_the_failure_back(wizard, corrupted):
    choose(wizard, "legal-threat", "P2", "email")
    assert wizard.get_attribute("#answer", "data-state") == "ready"
    assert wizard.locator("#answer [data-field=notice]").is_hidden()
    route = ask_cpython(corrupted, {"kind": "route", "issue": "legal-threat", "severity": "P2", "channel": "email"})["route"]
    assert text(wizard, "#answer [data-field=path-line]") == " → ".join(
        [route["owner"]["name"], *(step["name"] for step in route["path"])])


def test_an_error_that_escapes_the_core_is_answered_by_the_worker(wizard, corrupted):
    wizard.select_option("#can-action", "Issue refund")
    wizard.select_option("#can-role", "tier-2")
    wizard.wait_for_selector("#can-answer[data-state=error]", state="attached")
    assert_failure_shown(wizard.locator("#can-answer"), wording.ANSWER_FAILED,
                         "KeyboardInterrupt: the engine was corrupted on purpose")
    assert wizard.get_attribute("#engine-status", "data-state") == "ready"


def test_a_worker_that_stops_answering_is_ended_and_the_page_says_so(wizard):
    reopen(wizard, "issue")
    wizard.fill("#issue-search", "refund")
    wizard.wait_for_selector("#engine-status[data-state=error]", state="attached", timeout=ANSWER_TIMEOUT_MS + 10_000)
    assert text(wizard, "#engine-status [data-field=engine-text]") == STOPPED
    notice = wizard.locator("#answer [data-field=notice]")
    assert wizard.get_attribute("#answer", "data-state") == "error"
    assert_failure_shown(notice, STOPPED, f"no answer to a question within {ANSWER_TIMEOUT_MS // 1000} s")
    assert notice.locator("a").all_inner_texts() == ["routing tables", "contact directory"]
    assert text(wizard, "#issue-search-status") == "Search needs the live answers, which are not running: choose from the list."
    assert wizard.locator("[data-field=cannot-start]").is_hidden()


def test_a_drill_the_core_fails_on_shows_the_error_state(browser, corrupted):
    context = browser.new_context()
    page = recorded(context.new_page())
    page.goto(f"{corrupted.url}/drills/?scenario=refund-request-1&seed=7&level=2")
    page.wait_for_selector("#drill[data-state=error]", state="attached", timeout=PYTHON_START)
    expected = ask_cpython(corrupted, {"kind": "drill", "scenario": "refund-request-1", "seed": 7, "level": 2})
    assert expected == {"error": wording.ANSWER_FAILED, "detail": f"KeyError: '{BROKEN_OWNER}'"}
    assert_failure_shown(page.locator("#drill [data-field=notice]"), wording.ANSWER_FAILED, expected["detail"])
    assert page.get_attribute("#engine-status", "data-state") == "ready"
    assert page.is_enabled("#drill-next") and page.is_disabled("#drill-check")  # another drill may work
    assert page.console_errors == []
    context.close()


def test_every_question_settles_when_python_itself_fails_and_after(browser, corrupted):
    """The engine's contract, asked of engine.js itself on a page of the site: a question that kills
    Pyodide is answered with the failure, the worker is ended, the question waiting behind it settles
    with why, and a question asked after that at once. (A worker that stops answering: the wizard's test.)"""
    context = browser.new_context()
    page = recorded(context.new_page())
    page.goto(f"{corrupted.url}/")
    # Bounded here too: an engine that never settles would otherwise hold the test forever.
    found = page.evaluate("""() => Promise.race([new Promise((_, reject) => setTimeout(
        () => reject(new Error("a question never settled")), 90000)), (async () => {
        const { startEngine } = await import("./assets/wizard/engine.js");
        const engine = startEngine(60000, 30000);
        const answered = engine.ask({ kind: "route", issue: "legal-threat" });  // asked while loading
        await engine.ready;
        const route = await answered;
        const fatal = engine.ask({ kind: "overflow" });
        const behind = engine.ask({ kind: "route", issue: "legal-threat" });  // queued behind it in the worker
        const settled = await Promise.all([fatal, behind]);
        const asked = performance.now();
        const after = await engine.ask({ kind: "route", issue: "legal-threat" });
        return { owner: route.route.owner.name, settled, after, afterMs: performance.now() - asked,
                 status: { state: engine.status.state, text: engine.status.text, detail: engine.status.detail } };
    })()])""")
    assert found["owner"] == ask_cpython(corrupted, {"kind": "route", "issue": "legal-threat"})["route"]["owner"]["name"]
    overflow = "RangeError: Maximum call stack size exceeded"
    stopped = {"error": STOPPED, "detail": f"the worker failed: {overflow}"}
    assert found["settled"] == [{"error": wording.ANSWER_FAILED, "detail": overflow}, stopped]
    assert found["after"] == stopped and found["afterMs"] < 100
    assert found["status"] == {"state": "error", "text": STOPPED, "detail": stopped["detail"]}
    context.close()


# --- the page's start script cannot load, throws, or never starts -----------------------------------

PAGES = {"wizard/": ("#answer", "div#wizard", "contacts/"), "drills/": ("#drill", "div#drills", "authority/")}


def assert_cannot_start(page, server, built_site, path: str) -> str:
    panel, root, other = PAGES[path]
    page.wait_for_selector(f"{panel}[data-state=error]", state="attached", timeout=25_000)
    words = page.locator(f"{panel} [data-field=notice] [data-field=cannot-start]")
    assert words.is_visible() and words.inner_text().startswith(CANNOT_START)
    links = [urlparse(urljoin(page.url, href)).path for href in words.locator("a").evaluate_all("a => a.map(l => l.href)")]
    assert links == ["/routing/", f"/{other}"]
    assert all((built_site / link.strip("/") / "index.html").is_file() for link in links)
    assert page.locator("#engine-status").is_hidden()  # no "Loading…" left behind
    assert_local_only(page, server)
    return page.get_attribute(root, "data-cannot-start")


@pytest.mark.parametrize("path", PAGES)
def test_a_start_script_that_cannot_load_leaves_the_fallback(browser, site_server, built_site, path):
    context = browser.new_context()
    page = recorded(context.new_page())
    page.route("**/assets/wizard/boot.js", lambda route: route.fulfill(status=404, body="Not found"))
    page.goto(f"{site_server.url}/{path}")
    reason = assert_cannot_start(page, site_server, built_site, path)
    assert reason == f"{site_server.url}/assets/wizard/boot.js did not load"
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_a_start_script_that_throws_leaves_the_fallback(browser, site_server, built_site, path):
    context = browser.new_context()
    page = recorded(context.new_page())
    page.route("**/assets/wizard/boot.js", lambda route: route.fulfill(
        status=200, content_type="text/javascript", body='throw new Error("boot broken on purpose");'))
    page.goto(f"{site_server.url}/{path}")
    reason = assert_cannot_start(page, site_server, built_site, path)
    assert reason.startswith(f"{site_server.url}/assets/wizard/boot.js: ") and "boot broken on purpose" in reason
    context.close()


def shorter_watch(route):
    """The page as built, but giving up after 1.5 s (its data-timeout-ms) rather than 20 s."""
    response = route.fetch()
    route.fulfill(response=response, body=response.text().replace('data-timeout-ms="20000"', 'data-timeout-ms="1500"'))


@pytest.mark.parametrize("path", PAGES)
def test_a_start_script_that_never_starts_the_page_is_caught_by_the_watchdog(browser, site_server, built_site, path):
    context = browser.new_context()
    page = recorded(context.new_page())
    page.route(f"{site_server.url}/{path}", shorter_watch)
    page.route("**/assets/wizard/boot.js", lambda route: route.fulfill(
        status=200, content_type="text/javascript", body="export {};"))  # loads, starts nothing
    page.goto(f"{site_server.url}/{path}")
    assert assert_cannot_start(page, site_server, built_site, path) == "not started within 1500 ms"
    assert page.get_attribute(PAGES[path][1], "data-start-check") == "failed"
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_the_watchdog_stays_quiet_once_the_page_has_started(browser, site_server, path):
    """Started, the page's own scripts say what goes wrong: here Python's start times out with the watch."""
    panel, root, _ = PAGES[path]
    context = browser.new_context()
    page = recorded(context.new_page())
    page.route(f"{site_server.url}/{path}", shorter_watch)
    page.goto(f"{site_server.url}/{path}")
    page.wait_for_selector(f"{root}[data-start-check]", state="attached", timeout=10_000)
    assert page.get_attribute(root, "data-start-check") == "passed"
    assert page.get_attribute(root, "data-cannot-start") is None
    page.wait_for_selector(f"{panel}[data-state=error]", state="attached", timeout=10_000)
    assert page.locator("[data-field=cannot-start]").is_hidden()
    assert "did not start within 2 s" in text(page, f"{panel} [data-field=notice]")  # the engine's own words
    context.close()


# --- damaged drill progress --------------------------------------------------------------------------

DAMAGED = {
    "not JSON": "{progress: 3, current:",
    "wrong types": json.dumps({"progress": {"streak": "many", "topics": []}}),
    "a scenario the matrix does not have": json.dumps({"progress": {"streak": 1, "best_streak": 1, "answered": 1,
                                                                    "correct": 1, "topics": {}},
                                                       "current": {"scenario": "retired-1", "seed": 3, "level": 1}}),
    "megabytes of it": json.dumps({"progress": {"answered": 1}, "current": None, "x": "y" * 1_000_000}),
}


@pytest.fixture(scope="module")
def trainee_context(browser):
    context = browser.new_context()
    yield context
    context.close()


@pytest.mark.parametrize("saved", DAMAGED.values(), ids=DAMAGED.keys())
def test_damaged_progress_is_cleared_with_a_message_and_the_drills_start_afresh(trainee_context, site_server, matrix,
                                                                                  saved):
    page = recorded(trainee_context.new_page())
    page.add_init_script(f"localStorage.setItem({json.dumps(STORAGE_KEY)}, {json.dumps(saved)})")
    page.goto(f"{site_server.url}/drills/")
    page.wait_for_selector(DRILL_READY, state="attached", timeout=PYTHON_START)
    note = page.locator("#drill-progress [data-field=recovered]")
    assert note.is_visible()
    assert_failure_shown(note, wording.PROGRESS_RECOVERED, read_saved(matrix, saved)["problem"])
    assert text(page, "#drill-progress [data-field=summary]") == "No drills answered yet."
    shown = shown_drill(page)
    assert stored(page) == {"current": {key: shown[key] for key in ("scenario", "seed", "level")}}  # replaced
    assert shown["level"] == 1
    assert page.console_errors == []
    page.close()
