"""The built site served as production serves it: Debian's nginx with deploy/nginx.conf, on 127.0.0.1.

One nginx, started by the launcher scripts/serve-production uses (`matrix.site.production`), serves
the session's build. A plain HTTP client checks what goes on the wire (headers, types, gzip,
caching); Debian's Chromium then opens every page under those headers, with every Content-Security-
Policy violation a page reports recorded from before its first script, asks the wizard a deep link
and starts a drill, and the wizard's Python has to answer through the policy.
"""

from __future__ import annotations

import gzip
import http.client
import re
from urllib.parse import urlsplit

import pytest

from matrix.core import route
from matrix.core.answers.cards import route_answer
from matrix.site.production import NginxServer, nginx_executable

from conftest import host_rules
from test_site_browser import EVERY_PAGE
from test_wizard_e2e import PYTHON_START, assert_local_only, choose, recorded, text

REVALIDATE = "public, max-age=0, must-revalidate"
IMMUTABLE = "public, max-age=31536000, immutable"
WASM = "/assets/pyodide/pyodide.asm.wasm"

# Added before any script of each page runs: what the page's policy refuses, as the page hears it.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => window.cspViolations.push(
  `${event.effectiveDirective} refused ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`));
"""


@pytest.fixture(scope="module")
def nginx(built_site):
    if nginx_executable() is None:
        pytest.fail("Debian's nginx is not installed; the test command installs it (apt-get install nginx)")
    with NginxServer(built_site) as server:
        yield server


@pytest.fixture(scope="module")
def expected(built_site):
    """What every response must carry: the build's `_headers` rule for every path."""
    return host_rules((built_site / "_headers").read_text(encoding="utf-8"))["/*"]


def fetch(server, path: str, **request_headers) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", urlsplit(server.url).port, timeout=30)
    try:
        connection.request("GET", path, headers={k.replace("_", "-"): v for k, v in request_headers.items()})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def assert_policy_headers(sent: dict[str, str], expected: dict[str, str], where: str):
    for name, value in expected.items():
        assert sent.get(name.lower()) == value, (where, name)


# --- on the wire ----------------------------------------------------------------------------------------

def test_every_page_is_sent_with_the_policy_and_revalidated(nginx, expected):
    for url in EVERY_PAGE:
        status, sent, body = fetch(nginx, "/" + url, Accept_Encoding="gzip")
        assert status == 200, url
        assert_policy_headers(sent, expected, url)
        assert sent["content-type"] == "text/html; charset=utf-8"
        assert sent["cache-control"] == REVALIDATE and "etag" in sent and "last-modified" in sent
        assert sent["content-encoding"] == "gzip" and sent["vary"] == "Accept-Encoding"
        assert b'http-equiv="Content-Security-Policy"' in gzip.decompress(body)


def test_the_wasm_goes_out_as_wasm_compressed_and_revalidated(nginx, built_site, expected):
    original = (built_site / WASM.lstrip("/")).read_bytes()
    status, sent, body = fetch(nginx, WASM, Accept_Encoding="gzip, deflate, br")
    assert status == 200 and sent["content-type"] == "application/wasm"
    assert sent["content-encoding"] == "gzip" and sent["vary"] == "Accept-Encoding"
    assert len(body) < len(original) / 2 and gzip.decompress(body) == original
    # Pyodide's URLs carry no version: kept, but asked again each time; unchanged, it costs no body.
    assert sent["cache-control"] == REVALIDATE
    assert_policy_headers(sent, expected, WASM)
    status, again, body = fetch(nginx, WASM, Accept_Encoding="gzip", If_None_Match=sent["etag"])
    assert (status, body) == (304, b"")
    # A client that takes no gzip gets the file itself.
    status, plain, body = fetch(nginx, WASM)
    assert status == 200 and "content-encoding" not in plain and body == original


def test_scripts_and_modules_have_javascript_types_and_gzip(nginx):
    for path in ("/assets/pyodide/pyodide.mjs", "/assets/pyodide/pyodide.asm.mjs", "/assets/wizard/worker.js"):
        status, sent, _ = fetch(nginx, path, Accept_Encoding="gzip")
        assert status == 200 and re.match(r"(text|application)/javascript\b", sent["content-type"]), path
        assert sent["content-encoding"] == "gzip" and sent["x-content-type-options"] == "nosniff", path


def test_calendar_feeds_go_out_as_calendars(nginx, built_site):
    feeds = sorted((built_site / "calendars").glob("*.ics"))
    assert feeds
    status, sent, body = fetch(nginx, f"/calendars/{feeds[0].name}")
    assert status == 200 and sent["content-type"] == "text/calendar; charset=utf-8"
    assert body.startswith(b"BEGIN:VCALENDAR\r\n")


def test_files_named_by_their_content_are_cached_for_a_year_with_every_other_header(nginx, built_site, expected):
    hashed = [path for path in host_rules((built_site / "_headers").read_text(encoding="utf-8")) if path != "/*"]
    assert len(hashed) >= 3
    for path in hashed:
        status, sent, _ = fetch(nginx, path, Accept_Encoding="gzip")
        assert status == 200 and sent["cache-control"] == IMMUTABLE, path
        assert_policy_headers(sent, expected, path)  # a location of its own drops none of them


def test_data_compressed_by_the_build_goes_out_as_it_is(nginx, built_site):
    for path in ("/assets/wizard/data/answers.json.gz", "/assets/wizard/data/matrix.json.gz"):
        status, sent, body = fetch(nginx, path, Accept_Encoding="gzip")
        assert status == 200 and "content-encoding" not in sent, path
        assert body == (built_site / path.lstrip("/")).read_bytes()


def test_missing_pages_and_the_builds_server_files_are_not_found_with_the_policy(nginx, expected):
    for path in ("/no-such-page/", "/_headers", "/_nginx.conf"):
        status, sent, body = fetch(nginx, path)
        assert status == 404, path
        assert_policy_headers(sent, expected, path)
        assert b"Content-Security-Policy" in body and b"location /" not in body


# --- in Chromium --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    yield context
    context.close()


def open_page(context, nginx, url: str):
    page = recorded(context.new_page())
    response = page.goto(f"{nginx.url}/{url}", wait_until="networkidle")
    assert response is not None and response.status == 200
    assert response.header_value("content-security-policy")
    return page


def wait_for_python(page, ready: str):
    """Until `ready` or the page's own verdict that Python did not start, which the failure then quotes."""
    page.wait_for_selector(f"{ready}, #engine-status[data-state=error]", state="attached", timeout=PYTHON_START)
    assert page.locator(ready).count() == 1, page.locator("#engine-status").inner_text()


def assert_clean(page, nginx):
    assert page.evaluate("window.cspViolations") == []
    assert page.console_errors == []
    assert_local_only(page, nginx)


@pytest.mark.parametrize("url", [url for url in EVERY_PAGE if url not in ("wizard/", "drills/")])
def test_every_page_runs_under_the_policy(context, nginx, url):
    page = open_page(context, nginx, url)
    assert page.locator("article h1").first.is_visible()
    assert page.evaluate("typeof __md_get") == "function"  # the theme's inline scripts ran
    assert_clean(page, nginx)
    page.close()


def test_the_wizard_answers_a_deep_link_through_the_policy(context, nginx, built_site, matrix):
    logged = nginx.access_log.stat().st_size
    page = open_page(context, nginx, "wizard/?issue=fraud-suspicion&severity=P1&channel=chat")
    wait_for_python(page, '#answer[data-state=ready][data-source=python][data-key="fraud-suspicion|P1|chat"]')
    answer = route_answer(route(matrix, "fraud-suspicion", "P1", "chat"))
    assert text(page, "#answer [data-field=path-line]") == " → ".join(
        [answer["owner"]["name"], *(step["name"] for step in answer["path"])])
    # A question Python answers after the start: the worker works under the policy, not only its first answer.
    choose(page, "refund-request", "P2", "email")
    assert_clean(page, nginx)
    page.close()
    # nginx's log has the bytes it sent for each request (the worker's too): Pyodide went out compressed.
    size = (built_site / WASM.lstrip("/")).stat().st_size
    with nginx.access_log.open(encoding="utf-8") as log:
        log.seek(logged)
        sent = [int(count) for count in re.findall(rf'"GET {re.escape(WASM)} HTTP/1\.1" 200 (\d+)', log.read())]
    assert sent and all(count < size / 2 for count in sent)


def test_the_drills_start_through_the_policy(context, nginx):
    page = open_page(context, nginx, "drills/?scenario=refund-request-1&seed=7&level=2")
    wait_for_python(page, "#drill[data-state=ready]")
    assert page.locator("#drill-form fieldset").count() >= 2
    assert_clean(page, nginx)
    page.close()
