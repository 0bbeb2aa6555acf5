"""The wizard end to end: the built site, a local server, Debian's Chromium, the real Pyodide.

Each Pyodide start costs seconds of CPU, so one page that has loaded it serves the interaction
tests; the deep link, the nav click and instant navigation load it once each, and the failure
tests never get that far. Expected values come from the CPython core, not from copies in the test.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import yaml

from matrix.core.answers.cards import permission_answer, route_answer
from matrix.core import can, find, route
from matrix.site.local_server import RecordingHandler, SiteServer

from conftest import ROOT, mkdocs_build, portable_config

READY = "#answer[data-state=ready]"
PYTHON_START = 60_000  # ms; Pyodide takes ~3-5 s here, more while other test runs share the 2 cores
SECRET = "Ann Quill-7731"


def recorded(page):
    """Record console errors and every request (workers' included) like conftest's `page`."""
    page.console_errors, page.requested = [], []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda err: page.console_errors.append(str(err)))
    page.on("request", lambda request: page.requested.append(request.url))
    return page


def assert_local_only(page, server):
    assert page.requested, "nothing was requested"
    assert [url for url in page.requested if not url.startswith(server.url + "/")] == []


def address(page) -> str:
    """The query in the address bar once the wizard has written it (it does so after painting the answer)."""
    page.wait_for_selector("#wizard[data-url=written]", state="attached")
    return urlparse(page.url).query


def text(page, selector: str) -> str:
    return page.locator(selector).inner_text().strip()


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    yield context
    context.close()


@pytest.fixture(scope="module")
def wizard(context, site_server):
    """The wizard with Python loaded, shared by the interaction tests (each sets what it needs)."""
    page = recorded(context.new_page())
    page.goto(f"{site_server.url}/wizard/")
    page.wait_for_selector(READY, state="attached", timeout=PYTHON_START)
    yield page
    assert page.console_errors == []
    assert_local_only(page, site_server)
    page.close()


def reopen(page, question: str) -> None:
    """Ask `question` again, with its "Change" button, if it has been answered."""
    change = page.locator(f"#answer [data-change={question}]")
    if change.count():
        change.click()
    page.wait_for_selector(f"#wizard[data-question={question}]", state="attached")


def choose(page, issue: str, severity: str = "", channel: str = ""):
    """Pick by clicking, as an agent does, one question at a time; the answer is ready once it names
    what was picked. Each click answers its question, already chosen or not."""
    reopen(page, "issue")
    page.select_option("#issue", issue)
    for question, value in (("severity", severity), ("channel", channel)):
        reopen(page, question)
        page.click(f"label[for={question}-{value or 'none'}]")
    page.wait_for_selector("#wizard[data-question=done]", state="attached")
    key = f"{issue}|{severity}|{channel}"
    page.wait_for_selector(f'#answer[data-key="{key}"][data-source=python]', state="attached")


def marked(value: str, ours: list[str]) -> str:
    """A value as the wizard shows it, with the choices of ours it rests on: `4 h (ours: sla-resolution)`."""
    return value + (f" (ours: {', '.join(ours)})" if ours else "")


def assert_shows_route(page, route: dict):
    names = [route["owner"]["name"], *(step["name"] for step in route["path"])]
    assert text(page, "#answer [data-field=path-line]") == " → ".join(names)
    assert text(page, "#answer [data-field=owner]").startswith(route["owner"]["name"])
    assert text(page, "#answer [data-field=sla]") == marked(route["sla"], route["sla_ours"])
    steps = page.locator("#answer [data-field=path] > li").all_inner_texts()
    assert len(steps) == len(route["path"]) + 1


# --- deep links ------------------------------------------------------------------------------------

def test_a_deep_link_answers_at_once_and_then_from_python(context, site_server, matrix):
    page = recorded(context.new_page())
    started = len(site_server.requests)
    page.goto(f"{site_server.url}/wizard/?issue=fraud-suspicion&severity=P1&channel=chat")
    page.wait_for_selector("#answer [data-field=path-line]", state="attached", timeout=5000)
    assert text(page, "#answer [data-field=path-line]") == "T&S Team → T&S Lead → Security"
    assert text(page, "#answer [data-field=sla]") == "2 h (ours: sla-resolution)"  # precomputed, marked as well

    # Python is ready before it has answered the route asked while it loaded: wait for that answer.
    page.wait_for_selector(f'{READY}[data-source=python][data-key="fraud-suspicion|P1|chat"]', state="attached",
                           timeout=PYTHON_START)
    expected = route_answer(route(matrix, "fraud-suspicion", "P1", "chat"))
    assert_shows_route(page, expected)
    assert text(page, "#answer [data-field=next]") == "T&S Lead"
    actions = page.locator("#answer [data-field=actions] li").all_inner_texts()
    assert actions == [a.action for a in matrix.severities["P1"].response] and len(actions) == 4
    assert text(page, "#answer [data-field=resolution]") == "target 4 h, maximum 8 h"
    assert text(page, "#answer [data-field=first-response]") == (
        f"target {expected['channel']['first_response']['target']}, maximum {expected['channel']['first_response']['maximum']}")
    assert "Emergency" in text(page, "#answer [data-field=procedure-name]")
    assert len(page.locator("#answer [data-field=procedure] > li").all()) == len(expected["procedure"]["steps"])
    message = text(page, "#answer [data-field=message]")
    assert "Issue: Fraud suspicion" in message and "Severity: P1" in message
    assert "Requesting: Tier 3 and T&S Lead assistance" in message  # as the card says: page Tier 3 first
    assert page.input_value("#issue") == "fraud-suspicion"
    assert page.is_checked("#severity-P1") and page.is_checked("#channel-chat")
    assert page.console_errors == []
    assert_local_only(page, site_server)
    served = site_server.requests[started:]
    for name in ("pyodide.asm.wasm", "python_stdlib_compiled.zip", "escalation_matrix_core-", "matrix.json.gz", "answers.json.gz"):
        assert any(name in path for path in served), name  # the worker's downloads came from this server
    # Python starts from the standard library with bytecode, never from the source-only one beside it.
    assert not any(path.endswith("/python_stdlib.zip") for path in served)
    page.close()


def test_a_deep_link_in_loose_words_is_matched_by_the_core(context, site_server):
    page = recorded(context.new_page())
    page.goto(f"{site_server.url}/wizard/?issue=refund&severity=p2&channel=Email")
    page.wait_for_selector('#answer[data-key="refund-request|P2|email"]', state="attached", timeout=PYTHON_START)
    assert parse_qs(address(page)) == {"issue": ["refund-request"], "severity": ["P2"], "channel": ["email"]}
    page.goto(f"{site_server.url}/wizard/?issue=no-such-thing")
    page.wait_for_selector("#answer [data-field=problem]", state="attached", timeout=PYTHON_START)
    assert "Unknown issue type: 'no-such-thing'" in text(page, "#answer [data-field=problem]")
    assert page.console_errors == []
    page.close()


# --- the flow by typing and clicking ----------------------------------------------------------------

OPTIONS = "#issue-results[role=listbox] [role=option]"


def offered(page) -> list[str]:
    return page.locator(OPTIONS).evaluate_all("os => os.map(o => o.dataset.issue)")


def search(page, text: str) -> None:
    """Type into the search box and wait for the core's candidates for exactly this text."""
    if not page.is_visible("#issue-search"):
        reopen(page, "issue")
    page.fill("#issue-search", text)
    page.wait_for_selector(f"#issue-results[data-query={json.dumps(' '.join(text.split()))}]", state="attached")


def test_typing_offers_the_ranked_issue_types_and_a_click_answers(wizard, matrix):
    search(wizard, "client is asking for their money back")
    assert find(matrix, "client is asking for their money back").confident
    assert offered(wizard) == ["refund-request"]  # certain: the one answer, not a list to read
    assert wizard.get_attribute("#issue-results", "data-confident") == "true"
    wizard.click(f"{OPTIONS}[data-issue=refund-request]")
    wizard.click("label[for=severity-P2]")
    wizard.click("label[for=channel-email]")
    wizard.wait_for_selector('#answer[data-key="refund-request|P2|email"][data-source=python]', state="attached")
    assert_shows_route(wizard, route_answer(route(matrix, "refund-request", "P2", "email")))
    assert "Email" in wizard.locator("#answer dt", has_text="First response").inner_text()
    assert parse_qs(address(wizard)) == {
        "issue": ["refund-request"], "severity": ["P2"], "channel": ["email"]}


@pytest.mark.parametrize("text, first", [
    ("someone's account got hacked", "account-compromise"), ("sue", "legal-threat"),
    ("threatening to sue", "legal-threat"), ("press wants a comment", "press-inquiry"),
    ("site down", "performance-issues"), ("customer wants money back", "refund-request"),
])
def test_the_agents_own_words_offer_the_right_issue_type_first(wizard, text, first):
    search(wizard, text)
    assert offered(wizard)[0] == first


def test_a_word_that_fits_several_issue_types_offers_them_as_choices(wizard, matrix):
    search(wizard, "complaint")
    assert wizard.get_attribute("#issue-results", "data-confident") == "false"
    assert offered(wizard) == [c.issue.slug for c in find(matrix, "complaint").candidates]
    assert len(offered(wizard)) >= 2
    assert text(wizard, "#issue-search-status").startswith("Not certain: ")
    # The "matched:" words shown are our search vocabulary: the note under them says so and links why.
    assert "matched: complaint" in wizard.locator(OPTIONS).first.inner_text()
    ours = wizard.locator("#wizard [data-field=search-ours]")
    assert ours.is_visible() and ours.inner_text() == "Issue type names are the seed's; every other search word is ours."
    assert ours.locator("a").get_attribute("href").endswith("/interpretations/#search-vocabulary")


def test_the_keyboard_alone_picks_an_issue_and_a_severity(wizard, matrix):
    wizard.focus("#start-again")
    wizard.keyboard.press("Enter")  # a new customer: every question is asked again, the box has focus
    wizard.wait_for_selector("#wizard[data-question=issue]", state="attached")
    assert wizard.evaluate("() => document.activeElement.id") == "issue-search"
    wizard.keyboard.type("harass")
    wizard.wait_for_selector(f"{OPTIONS}[data-issue=harassment-report]", state="attached")
    wizard.keyboard.press("Enter")
    wizard.wait_for_selector('#answer[data-key^="harassment-report|"][data-source=python]', state="attached")
    wizard.wait_for_selector("#wizard[data-question=severity]", state="attached")
    wizard.focus("#severity-P0")
    wizard.keyboard.press("ArrowDown")  # walks the options, updating the answer, without moving on
    assert wizard.is_checked("#severity-P1")
    wizard.wait_for_selector('#answer[data-key^="harassment-report|P1|"][data-source=python]', state="attached")
    assert wizard.get_attribute("#wizard", "data-question") == "severity"
    assert_shows_route(wizard, route_answer(route(matrix, "harassment-report", "P1")))
    wizard.keyboard.press("Enter")  # answers it: the next question is asked
    wizard.wait_for_selector("#wizard[data-question=channel]", state="attached")
    assert parse_qs(address(wizard)) == {"issue": ["harassment-report"], "severity": ["P1"]}
    for control in ("#issue-search", "#issue", "#severity-P1", "#channel-chat", "#can-action", "#can-role",
                    "#can-amount", "#message-customer"):
        label = wizard.evaluate("s => document.querySelector(s).labels[0]?.textContent.trim()", control)
        assert label, f"{control} has no label"


def test_arrow_keys_choose_another_candidate(wizard, matrix):
    search(wizard, "complaint")
    second = offered(wizard)[1]
    wizard.focus("#issue-search")
    wizard.keyboard.press("ArrowDown")
    assert wizard.get_attribute("#issue-search", "aria-activedescendant") == f"issue-option-{second}"
    wizard.keyboard.press("Enter")
    wizard.wait_for_selector(f'#answer[data-key^="{second}|"][data-source=python]', state="attached")


def test_enter_straight_after_typing_picks_the_top_match_for_the_whole_text(wizard, matrix):
    # The list for "refund" is on screen; an Enter that used it would pick refund-request.
    choose(wizard, "payment-failed", "P2", "email")
    search(wizard, "refund")
    assert offered(wizard)[0] == "refund-request"
    # The last keystroke and Enter in one task: no search answer can arrive between them.
    wizard.evaluate("""() => {
        const box = document.querySelector("#issue-search");
        box.value = "harass";
        box.dispatchEvent(new Event("input", { bubbles: true }));
        box.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    }""")
    wizard.wait_for_selector('#answer[data-key^="harassment-report|P2|"][data-source=python]', state="attached")
    assert wizard.input_value("#issue") == "harassment-report"


def test_each_severity_shows_its_definition_and_examples(wizard, matrix):
    for severity in matrix.severities.values():
        about = text(wizard, f"#severity-{severity.id}-about")
        assert about.startswith(severity.definition)
        assert all(example in about for example in severity.examples)


def test_what_the_agent_types_fills_the_message_and_goes_nowhere(wizard, site_server):
    choose(wizard, "account-compromise", "P0", "phone")
    before = len(site_server.requests)
    reopen(wizard, "issue")
    wizard.fill("#issue-search", SECRET)
    wizard.wait_for_selector("#issue-search-status:has-text('No issue type matches')")
    wizard.fill("#message-customer", SECRET)
    wizard.fill("#message-ticket", "88412")
    wizard.fill("#message-attempts", "<b>reset</b> {ticket}")
    # Each keystroke asks the core again: wait for the answer to the last field filled, not the first.
    wizard.wait_for_function("s => document.querySelector('#message').textContent.includes(s)",
                             arg="Attempts: <b>reset</b> {ticket}")
    message = text(wizard, "#message")
    assert f"Customer: {SECRET}" in message and "Ticket: #88412" in message and "Attempts: <b>reset</b> {ticket}" in message
    assert "Severity: P0" in message
    assert wizard.locator("#message b").count() == 0  # shown as text, never as markup
    address(wizard)  # the address bar as written, after the typing
    assert SECRET not in wizard.url and "88412" not in wizard.url
    assert [p for p in site_server.requests[before:] if "Quill" in p or "88412" in p] == []
    assert [u for u in wizard.requested if "Quill" in u or "88412" in u] == []
    stored = wizard.evaluate("() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")
    assert "Quill" not in stored and "88412" not in stored


def test_the_copy_button_copies_the_filled_message(wizard):
    choose(wizard, "payment-failed", "P1", "chat")
    for field in ("ticket", "time_open", "attempts", "impact"):
        wizard.fill(f"#message-{field}", "")
    wizard.fill("#message-customer", SECRET)
    # An empty ticket field stays a prompt, never a made-up number, and the page says what is unfilled.
    # (The page keeps an earlier test's message until this one's arrives: wait for both, not the name alone.)
    wizard.wait_for_function("([s, p]) => { const t = document.querySelector('#message').textContent;"
                             " return t.includes(s) && t.includes(p); }", arg=[SECRET, "Ticket: #[Ticket ID]"])
    assert "Attempts: [" in text(wizard, "#message")
    note = "Still to fill in before sending: Ticket ID, Time open, Attempts, Impact."
    wizard.wait_for_selector(f"#answer [data-field=message-note]:has-text('{note}')")
    wizard.click("#copy-message")
    wizard.wait_for_selector("#copy-status:has-text('Copied')")
    assert text(wizard, "#copy-status") == f"Copied, with prompts still in it. {note}"
    copied = wizard.evaluate("() => navigator.clipboard.readText()")
    assert copied == wizard.locator("#message").text_content()
    assert copied.startswith("🚨 ESCALATION REQUEST") and f"Customer: {SECRET}" in copied
    for field in ("ticket", "time_open", "attempts", "impact"):
        wizard.fill(f"#message-{field}", "x")
    wizard.wait_for_function("() => document.querySelector('[data-field=message-note]').textContent === ''")
    wizard.click("#copy-message")
    wizard.wait_for_selector("#copy-status:has-text('Copied to the clipboard.')")


def test_copy_link_copies_the_answer_and_start_again_clears_every_question(wizard, site_server):
    choose(wizard, "dmca-copyright", "P3", "")
    wizard.click("#copy-link")
    wizard.wait_for_selector("#link-status:has-text('Link copied')")
    copied = wizard.evaluate("() => navigator.clipboard.readText()")
    assert copied == wizard.url
    assert parse_qs(urlparse(copied).query) == {"issue": ["dmca-copyright"], "severity": ["P3"], "channel": ["none"]}
    wizard.click("#start-again")
    wizard.wait_for_selector("#wizard[data-question=issue]", state="attached")
    assert address(wizard) == ""
    assert wizard.locator("#answer [data-field=answered] li").count() == 0
    assert wizard.locator("#answer [data-part]").count() == 0
    assert wizard.input_value("#issue") == "" and wizard.input_value("#issue-search") == ""
    assert wizard.evaluate("() => document.activeElement.id") == "issue-search"
    # The copied link opens the same answer, every question answered.
    other = recorded(wizard.context.new_page())
    other.goto(copied)
    other.wait_for_selector('#answer[data-key="dmca-copyright|P3|"] [data-part=owner]', state="attached",
                            timeout=PYTHON_START)
    assert other.get_attribute("#wizard", "data-question") == "done"
    assert other.is_checked("#channel-none")
    other.close()


def test_a_link_copied_in_the_same_moment_as_a_choice_has_that_choice(wizard):
    """The address bar follows a choice after the answer is painted; copying the link writes it first."""
    choose(wizard, "dmca-copyright", "P3", "")
    wizard.evaluate("""() => {
        const select = document.querySelector("#issue");
        select.value = "refund-request";
        select.dispatchEvent(new Event("change", { bubbles: true }));
        document.querySelector("#copy-link").click();
    }""")
    wizard.wait_for_selector("#link-status:has-text('Link copied')")
    copied = wizard.evaluate("() => navigator.clipboard.readText()")
    assert parse_qs(urlparse(copied).query)["issue"] == ["refund-request"]
    assert copied == wizard.url
    wizard.go_back()  # the choice was a step of its own in the history
    wizard.wait_for_selector('#answer[data-key="dmca-copyright|P3|"]', state="attached")


def test_change_reopens_one_question_and_keeps_the_others(wizard):
    choose(wizard, "refund-request", "P2", "email")
    wizard.click("#answer [data-change=severity]")
    wizard.wait_for_selector("#wizard[data-question=severity]", state="attached")
    assert wizard.locator("#answer [data-field=answered] li").count() == 2  # issue and channel stay
    wizard.click("label[for=severity-P3]")
    wizard.wait_for_selector('#wizard[data-question=done]', state="attached")
    wizard.wait_for_selector('#answer[data-key="refund-request|P3|email"][data-source=python]', state="attached")
    assert parse_qs(address(wizard))["severity"] == ["P3"]


@pytest.mark.parametrize("action, role, amount", [
    ("Issue refund", "tier-2", "50"), ("Issue refund", "tier-2", "150"), ("Issue refund", "tier-2", "100"),
    ("Issue refund", "tier-2", ""), ("Ban user", "ts-team", ""), ("Deploy code", "tier-1", ""),
    ("Ban user", "ts-lead", ""), ("Issue refund", "billing-lead", "600"), ("Deploy code", "billing-lead", ""),
])
def test_can_i_answers_as_the_core_does(wizard, matrix, action, role, amount):
    wizard.select_option("#can-action", action)
    wizard.select_option("#can-role", role)
    wizard.fill("#can-amount", amount)
    permission = permission_answer(can(matrix, role, action, float(amount) if amount else None))
    key = f"{action}|{role}|{amount}"  # the answer to this question, not the last one left on the page
    wizard.wait_for_selector(f"#can-answer[data-key='{key}'] [data-grant={permission['grant']}]", state="attached")
    verdict = text(wizard, "#can-answer [data-field=verdict]")
    assert verdict == {"allowed": "Yes: allowed.", "lead": "Lead only.", "denied": "No: not allowed.",
                       "depends": "Depends on the amount."}[permission["grant"]]
    answer = text(wizard, "#can-answer")
    assert permission["role"] in answer
    if permission["who_can"] and not permission["allowed"]:
        assert f"Who can: {', '.join(permission['who_can'])}." in answer
    if permission["lead"]:
        assert f"Ask the {permission['lead']}." in answer
    assert permission["summary"] in answer  # the band in words that place the threshold, never "(>$100) for $100"
    shown = wizard.locator("#can-answer [data-field=why] a")
    assert shown.evaluate_all("as => as.map(a => a.dataset.interpretation)") == permission["interpretations"]
    assert shown.evaluate_all("as => as.map(a => new URL(a.href).pathname + new URL(a.href).hash)") == [
        f"/interpretations/#{i}" for i in permission["interpretations"]]
    assert parse_qs(address(wizard))["role"] == [role]
    assert amount not in address(wizard) or not amount  # the query, not the port number


def test_a_lead_is_a_role_to_choose_and_may_do_its_lead_only_action(wizard):
    roles = wizard.locator("#can-role option").evaluate_all("os => os.map(o => [o.value, o.textContent])")
    assert roles[-2:] == [["ts-lead", "T&S Lead"], ["billing-lead", "Billing Lead"]]
    wizard.select_option("#can-action", "Ban user")
    wizard.select_option("#can-role", "ts-lead")
    wizard.fill("#can-amount", "")
    wizard.wait_for_selector("#can-answer[data-key='Ban user|ts-lead|'] [data-grant=allowed]", state="attached")
    assert text(wizard, "#can-answer [data-field=verdict]") == "Yes: allowed."
    assert text(wizard, "#can-answer [data-field=why]") == (
        "Rests on our interpretation: “Lead” in the authority matrix")


def test_a_step_with_no_contact_says_whom_to_go_through(wizard):
    choose(wizard, "fraud-suspicion", "P2", "email")
    lead = wizard.locator("#answer [data-field=path] .wz-party[data-party=ts-lead] [data-field=instead]")
    assert lead.inner_text().strip() == ("T&S Lead has no contact the runbook can give: go through T&S Team "
                                         "(trust@skillancer.com). our interpretation")
    href = lead.locator("a.wz-why").get_attribute("href")
    assert urlparse(href)[2:] == ("/interpretations/", "", "", "unreachable-owner")
    reachable = wizard.locator("#answer [data-field=path] .wz-party[data-party=ts-team] [data-field=instead]")
    assert reachable.count() == 0
    choose(wizard, "executive-complaint", "P3", "email")
    owner = wizard.locator("#answer [data-field=path] .wz-party[data-party=tier-4] .wz-contact")
    assert owner.inner_text().startswith("via Head of Support: no contact published · ")
    assert "go through Tier 3 (On-Call Primary, #oncall-primary)." in owner.inner_text()


def test_the_answer_links_into_the_runbook(wizard, built_site, site_server):
    """Every link into the site in an answer opens a page of the built site, at an anchor it has."""
    hrefs = set()
    for issue, severity, channel in [("fraud-suspicion", "P1", "chat"), ("login-problems", "P3", "email"),
                                     ("dmca-copyright", "P2", "phone"), ("executive-complaint", "P0", "")]:
        choose(wizard, issue, severity, channel)
        hrefs |= set(wizard.locator(f"#answer a[href^='{site_server.url}/']").evaluate_all("as => as.map(a => a.href)"))
    wizard.select_option("#can-action", "Release escrow (dispute)")
    wizard.select_option("#can-role", "billing")
    wizard.wait_for_selector("#can-answer[data-key='Release escrow (dispute)|billing|'] [data-grant]", state="attached")
    hrefs |= set(wizard.locator("#can-answer a").evaluate_all("as => as.map(a => a.href)"))
    pages = {urlparse(h).path for h in hrefs}
    assert {"/routing/", "/contacts/", "/severities/", "/procedures/", "/sla/", "/authority/"} <= pages
    assert any(urlparse(h).fragment.startswith("tier-") for h in hrefs)
    for href in hrefs:
        url = urlparse(href)
        html = (built_site / url.path.strip("/") / "index.html").read_text(encoding="utf-8")
        if url.fragment:
            assert f'id="{url.fragment}"' in html, href


def test_the_start_fallback_stays_quiet_on_a_normal_start(wizard):
    """fallback.js's watchdog (data-timeout-ms after the page loaded) finds the wizard started, and shows nothing."""
    wizard.wait_for_selector("#wizard[data-start-check]", state="attached", timeout=25_000)
    assert wizard.get_attribute("#wizard", "data-start-check") == "passed"
    assert wizard.get_attribute("#wizard", "data-cannot-start") is None
    assert wizard.locator("[data-field=cannot-start]").is_hidden()


# --- the answer for this moment -------------------------------------------------------------------------

FRIDAY_EVENING = datetime(2026, 11, 28, 0, 30, tzinfo=timezone.utc)  # Friday 19:30 in New York


def assert_shows_time(page, expected: dict):
    """The deadlines as local times, who is on shift, and the off-shift advice: as the CPython core says."""
    route = expected["route"]
    assert text(page, "#answer [data-field=opened]") == (
        f"(opened {route['time']['opened_at_label']}, times in {route['time']['tz']})")
    card = route["card"]
    assert page.locator("#answer [data-part=now] .wz-card-value").inner_text().startswith(card["now"]["text"])
    due = page.get_attribute("#answer [data-part=deadline]", "data-due")  # `expected` is known to the minute
    assert due[:16] == card["deadline"]["due"][:16] and due[19:] == card["deadline"]["due"][19:]
    assert page.get_attribute("#answer [data-part=deadline]", "data-clock") == card["deadline"]["clock"]
    rows = page.locator("#answer [data-field=deadlines] tbody tr")
    assert rows.count() == len(route["deadlines"])
    for row, deadline in zip(rows.all(), route["deadlines"]):
        assert row.get_attribute("data-clock") == f"{deadline['clock']}-{deadline['bound']}"
        governs = (deadline["clock"], deadline["bound"]) == (card["deadline"]["clock"], card["deadline"]["bound"])
        assert (row.get_attribute("data-governing") == "true") == governs
        assert row.locator("[data-field=due]").inner_text() == deadline["due_label"]
    marks = page.locator("#answer [data-field=path] .wz-party").evaluate_all(
        "parties => parties.map(p => [p.dataset.party, p.querySelector('[data-shift]')?.textContent])")
    cards = [route["owner"], *(card for step in route["path"] for card in step["alternatives"])]
    assert marks == [[card["id"], expected["shift_lines"][card["id"]]] for card in cards]


def test_the_answer_knows_the_time_in_the_browsers_zone(browser, site_server, matrix):
    """Friday 19:30 in New York: Legal has gone home; the page says until when and what to do instead."""
    from matrix.core.answers.browser import timed_answer

    context = browser.new_context(timezone_id="America/New_York")
    page = recorded(context.new_page())
    page.clock.set_fixed_time(FRIDAY_EVENING)
    page.goto(f"{site_server.url}/wizard/?issue=legal-threat&severity=P2&channel=email")
    page.wait_for_selector("#answer[data-time=loading] [data-field=path-line]", state="attached", timeout=5000)
    page.wait_for_selector("#answer[data-time=ready]", state="attached", timeout=PYTHON_START)
    at = FRIDAY_EVENING.isoformat()
    expected = timed_answer(matrix, "legal-threat", "P2", "email", at, "America/New_York")
    assert_shows_time(page, expected)
    advice = text(page, "#answer [data-part=now] .wz-card-value")
    assert advice.startswith("Legal is off shift until Mon 30 Nov 09:00 EST") and "breaches the 2 h" in advice
    assert page.get_attribute("#answer [data-part=now]", "data-tone") == "warn"
    assert page.locator("#answer [data-party=legal] [data-shift=off]").count() == 2  # summary and path
    sla = page.locator("#answer tr[data-clock=issue_sla-target] [data-countdown]")
    assert sla.inner_text() == "2 h 0 min left"
    assert text(page, "#answer [data-part=deadline] [data-countdown]") == "2 h 0 min left"
    page.clock.set_fixed_time(FRIDAY_EVENING + timedelta(minutes=90, seconds=20))
    page.wait_for_function("() => ['[data-part=deadline]', 'tr[data-clock=issue_sla-target]'].every(s => "
                           "document.querySelector(`#answer ${s} [data-countdown]`).textContent === '29 min 40 s left')")
    # the card's countdown and the table's tick by themselves

    choose(page, "fraud-suspicion", "P1", "chat")
    page.wait_for_selector('#answer[data-time=ready] [data-field=opened]', state="attached")
    at = page.evaluate("() => new Date().toISOString()")
    assert_shows_time(page, timed_answer(matrix, "fraud-suspicion", "P1", "chat", at, "America/New_York"))
    assert page.locator("#answer [data-field=path] [data-party=ts-team] [data-shift=on]").count() == 1
    assert page.console_errors == []
    assert_local_only(page, site_server)
    assert any(url.endswith(".whl") and "/assets/pyodide/tzdata-" in url for url in page.requested)
    context.close()


def test_every_choice_of_ours_in_the_answer_is_marked_beside_its_value(browser, site_server, built_site, matrix):
    """A press inquiry at P3 on a Friday evening, on a phone: PR's hours are assumed, "CEO/CMO" is read as
    either, P3 keeps the resolution table's target, the SLA is a resolution deadline, the clocks count
    calendar time and the off-shift rule is ours. Each is a link beside the value it explains, exactly the
    choices the core's answer lists, each opening its explanation; the marks fit the phone's width."""
    from matrix.core.answers.browser import timed_answer

    context = browser.new_context(timezone_id="America/New_York", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    page = recorded(context.new_page())
    page.clock.set_fixed_time(FRIDAY_EVENING)
    page.goto(f"{site_server.url}/wizard/?issue=press-inquiry&severity=P3&channel=email")
    page.wait_for_selector('#answer[data-time=ready][data-key="press-inquiry|P3|email"]', state="attached",
                           timeout=PYTHON_START)
    route = timed_answer(matrix, "press-inquiry", "P3", "email", FRIDAY_EVENING.isoformat(), "America/New_York")["route"]
    hrefs = page.locator("#answer a[href*='/interpretations/#']").evaluate_all("as => as.map(a => a.href)")
    assert {urlparse(href).fragment for href in hrefs} == set(route["interpretations"])
    page_html = (built_site / "interpretations" / "index.html").read_text(encoding="utf-8")
    for href in set(hrefs):
        assert urlparse(href).path == "/interpretations/" and f'id="{urlparse(href).fragment}"' in page_html

    def marks(selector: str) -> list[str]:
        return page.locator(f"#answer {selector} > .wz-ours [data-ours]").all_inner_texts()

    assert marks("[data-field=sla]") == ["sla-resolution"]
    assert marks("[data-field=resolution]") == ["p3-resolution"]
    assert marks("[data-field=path] .wz-step + span") == ["alternatives"]   # Step 1: any of (ours: alternatives)
    assert marks("[data-field=owner] .wz-contact") == route["owner"]["hours"]["ours"]
    assert route["owner"]["hours"]["ours"][0] == "unpublished-hours"
    assert marks("[data-part=contact] .wz-card-value") == ["tier-contacts"]    # through Tier 3 (On-Call Primary)
    assert marks("[data-part=deadline] .wz-card-value") == ["sla-resolution", "sla-clocks"]
    # How the clocks count is marked once, on the column it concerns; each row marks what is its own.
    assert all("sla-clocks" in d["ours"] for d in route["deadlines"]) and len(route["deadlines"]) == 5
    assert marks("[data-field=deadlines] th[data-column=Allows]") == ["sla-clocks"]
    rows = page.locator("#answer [data-field=deadlines] tbody tr")
    assert [row.locator(".wz-ours [data-ours]").all_inner_texts() for row in rows.all()] == [
        [i for i in d["ours"] if i != "sla-clocks"] for d in route["deadlines"]]
    governs = page.locator("#answer tr[data-governing=true] .wz-governs a").get_attribute("href")
    assert urlparse(urljoin(page.url, governs)).fragment == "governing-deadline"
    assert marks("[data-field=off-shift-rule]") == ["off-shift"]
    topic = page.locator("#answer [data-field=sla] [data-ours]").get_attribute("title")
    assert topic == next(i.topic for i in matrix.interpretations if i.id == "sla-resolution")
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")  # nothing runs off a phone
    assert page.console_errors == []
    assert_local_only(page, site_server)
    context.close()


def in_view(page, selector: str) -> bool:
    """Wholly inside the viewport, below the theme's sticky header."""
    return page.evaluate("""s => {
        const box = document.querySelector(s).getBoundingClientRect();
        const header = document.querySelector(".md-header").getBoundingClientRect().bottom;
        return box.top >= header && box.bottom <= window.innerHeight;
    }""", selector)


def test_a_friday_evening_refund_on_a_phone_one_question_at_a_time(browser, site_server, matrix):
    """The issue's "done when", as a new agent tries it: 19:30 on a Friday, on a 390×844 phone, the
    customer wants their money back. The card is on screen at once and warns that Billing is off
    until Monday, past the deadline; Back steps back one question; the ticket stays a prompt."""
    from matrix.core.answers.browser import timed_answer

    context = browser.new_context(timezone_id="America/New_York", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    page = recorded(context.new_page())
    page.clock.set_fixed_time(FRIDAY_EVENING)
    page.goto(f"{site_server.url}/wizard/")
    page.wait_for_selector(READY, state="attached", timeout=PYTHON_START)
    assert page.get_attribute("#wizard", "data-question") == "issue"
    assert not page.is_visible("#severity") and not page.is_visible("#channel")  # one question at a time
    search(page, "customer wants their money back")
    page.keyboard.press("Enter")
    page.wait_for_selector('#answer[data-time=ready][data-key="refund-request||"]', state="attached")
    page.wait_for_selector("#wizard[data-question=severity]", state="attached")
    page.wait_for_selector('#wizard[data-revealed="refund-request||"]', state="attached")
    expected = timed_answer(matrix, "refund-request", None, None, FRIDAY_EVENING.isoformat(), "America/New_York")
    card = expected["route"]["card"]
    for part in ("owner", "deadline"):
        page.wait_for_function("s => { const b = document.querySelector(s).getBoundingClientRect();"
                               " return b.top >= 0 && b.bottom <= innerHeight; }",
                               arg=f"#answer [data-part={part}]")  # scrolled into view after the choice
        assert in_view(page, f"#answer [data-part={part}]"), part
    assert text(page, "#answer [data-part=owner] .wz-card-value").startswith("Tier 1 · on shift around the clock")
    assert text(page, "#answer [data-part=contact] .wz-card-value") == marked(card["contact"]["text"],
                                                                              card["contact"]["ours"])
    assert card["contact"]["ours"] == ["tier-contacts"]  # Tier 1 via Support Queue
    deadline = page.locator("#answer [data-part=deadline]")
    assert (deadline.get_attribute("data-clock"), deadline.get_attribute("data-due")) == (
        "issue_sla", "2026-11-28T19:30:00-05:00")
    now = text(page, "#answer [data-part=now] .wz-card-value")
    assert now.startswith("Step 1, Billing Team, is off shift until Mon 30 Nov 09:00 EST: past the 24 h Refund "
                          "request SLA") and now.startswith(card["now"]["text"])
    assert page.get_attribute("#answer [data-part=now]", "data-tone") == "warn"
    why = page.locator("#answer [data-part=now] a").get_attribute("href")
    assert urlparse(urljoin(page.url, why))[2:] == ("/interpretations/", "", "", "off-shift")
    assert "escalate as usual" not in text(page, "#answer")

    page.click("label[for=severity-P2]")  # a tap answers it and asks the next question
    page.wait_for_selector("#wizard[data-question=channel]", state="attached")
    page.click("label[for=channel-email]")
    page.wait_for_selector('#wizard[data-question=done]', state="attached")
    page.wait_for_selector('#answer[data-time=ready][data-key="refund-request|P2|email"]', state="attached")
    assert parse_qs(address(page)) == {"issue": ["refund-request"], "severity": ["P2"], "channel": ["email"]}
    answered = page.locator("#answer [data-field=answered] li").all_inner_texts()
    assert [line.split("\n")[0].rsplit(" Change", 1)[0] for line in answered] == [
        "Problem: Refund request", "Severity: P2 - Medium", "Channel: Email"]
    message = text(page, "#message")
    assert "Ticket: #[Ticket ID]" in message and "12345" not in message
    assert "Requesting: Billing Team assistance" in message  # whom the card sends the agent to

    page.go_back()  # steps back one question: the channel is asked again
    page.wait_for_selector("#wizard[data-question=channel]", state="attached")
    assert parse_qs(address(page)) == {"issue": ["refund-request"], "severity": ["P2"]}
    page.go_back()
    page.wait_for_selector("#wizard[data-question=severity]", state="attached")
    assert parse_qs(address(page)) == {"issue": ["refund-request"]}
    page.go_back()
    page.wait_for_selector("#wizard[data-question=issue]", state="attached")
    assert address(page) == ""
    page.wait_for_function("() => document.querySelector('#answer [data-field=card]').children.length === 0")
    page.go_forward()
    page.wait_for_selector('#wizard[data-question=severity]', state="attached")
    page.wait_for_selector('#answer[data-key="refund-request||"] [data-part=owner]', state="attached")
    assert page.console_errors == []
    assert_local_only(page, site_server)
    context.close()


def test_on_a_laptop_the_card_is_in_view_right_after_the_choice(browser, site_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = recorded(context.new_page())
    page.goto(f"{site_server.url}/wizard/")
    page.wait_for_selector(READY, state="attached", timeout=PYTHON_START)
    page.select_option("#issue", "legal-threat")
    page.wait_for_selector('#answer[data-time=ready][data-key="legal-threat||"]', state="attached")
    page.wait_for_selector('#wizard[data-revealed="legal-threat||"]', state="attached")
    for part in ("owner", "contact", "deadline", "now"):
        assert in_view(page, f"#answer [data-part={part}]"), part
    assert page.get_attribute("#answer [data-part=deadline]", "data-due")
    assert page.console_errors == []
    context.close()


def test_the_answer_for_this_moment_is_asked_again_each_minute(browser, site_server, matrix):
    """Legal goes home at 17:00 New York time: a page left open from 16:58 marks it off shift by itself."""
    from matrix.core.answers.browser import timed_answer

    before_closing = datetime(2026, 11, 27, 21, 58, tzinfo=timezone.utc)  # Friday 16:58 in New York
    context = browser.new_context(timezone_id="America/New_York")
    page = recorded(context.new_page())
    page.clock.install(time=before_closing)
    page.clock.resume()  # time flows while Python loads; the jump below fires the minute's timers
    page.goto(f"{site_server.url}/wizard/?issue=legal-threat&severity=P2&channel=email")
    page.wait_for_selector("#answer[data-time=ready]", state="attached", timeout=PYTHON_START)
    legal = "#answer [data-field=path] [data-party=legal] [data-shift={}]"
    assert page.locator(legal.format("on")).count() == 1
    page.clock.fast_forward("03:00")
    page.wait_for_selector(legal.format("off"), state="attached", timeout=5000)
    opened = text(page, "#answer [data-field=opened]")
    closing = before_closing + timedelta(minutes=2)
    candidates = [timed_answer(matrix, "legal-threat", "P2", "email", (closing + timedelta(minutes=m)).isoformat(),
                               "America/New_York") for m in range(6)]  # the minute the refresh asked about
    expected = [c for c in candidates if f"(opened {c['route']['time']['opened_at_label']}," in opened]
    assert len(expected) == 1, opened
    assert_shows_time(page, expected[0])
    assert page.console_errors == []
    context.close()


# --- arriving from another page ------------------------------------------------------------------------

def test_a_nav_click_from_another_page_starts_the_wizard(context, site_server, matrix):
    page = recorded(context.new_page())
    page.goto(f"{site_server.url}/")
    page.click("nav.md-nav--primary a[href$='wizard/']")
    page.wait_for_selector(READY, state="attached", timeout=PYTHON_START)
    choose(page, "dmca-copyright", "P3", "email")
    assert_shows_route(page, route_answer(route(matrix, "dmca-copyright", "P3", "email")))
    assert page.console_errors == []
    assert_local_only(page, site_server)
    page.close()


@pytest.fixture(scope="module")
def instant_server(tmp_path_factory):
    """The site built with the theme's instant navigation on (the project's config otherwise), served.

    Instant navigation only takes over links under `site_url`, so the server's address is taken
    first and the site is built for it.
    """
    folder = tmp_path_factory.mktemp("instant")
    site = folder / "site"
    site.mkdir()
    server = SiteServer(site)
    config = portable_config()
    config["theme"]["features"] = [*config["theme"].get("features", []), "navigation.instant"]
    config["site_url"] = f"{server.url}/"
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = mkdocs_build(site, config=folder / "mkdocs.yml")
    assert result.returncode == 0, result.stderr
    with server:
        yield server


def test_instant_navigation_to_the_wizard_starts_it(browser, instant_server, matrix):
    context = browser.new_context()
    page = recorded(context.new_page())
    page.goto(f"{instant_server.url}/")
    page.wait_for_load_state("networkidle")  # the theme reads the sitemap before it takes over links
    page.evaluate("() => { window.sameDocument = true; }")
    page.click("nav.md-nav--primary a[href$='wizard/']")
    page.wait_for_selector(READY, state="attached", timeout=PYTHON_START)
    assert page.evaluate("() => window.sameDocument") is True  # no reload: the theme swapped the page
    choose(page, "fraud-suspicion", "P1", "chat")
    assert_shows_route(page, route_answer(route(matrix, "fraud-suspicion", "P1", "chat")))

    page.locator("nav.md-nav--primary a", has_text="Home").first.click()
    page.wait_for_selector("#wizard", state="detached")
    page.click("nav.md-nav--primary a[href$='wizard/']")
    page.wait_for_selector(READY, state="attached", timeout=5000)  # the same worker, already running
    choose(page, "legal-threat", "P2", "email")
    assert_shows_route(page, route_answer(route(matrix, "legal-threat", "P2", "email")))
    assert page.evaluate("() => window.sameDocument") is True
    assert len([p for p in instant_server.requests if p.endswith("pyodide.asm.wasm")]) == 1
    assert page.console_errors == []
    assert_local_only(page, instant_server)
    context.close()


def test_a_heading_named_wizard_elsewhere_starts_nothing(context, site_server, built_site):
    """docs/benchmarks.md has a "Wizard" heading (id="wizard"): the loader must not take it for the form."""
    assert 'id="wizard"' in (built_site / "benchmarks" / "index.html").read_text(encoding="utf-8")
    page = recorded(context.new_page())
    page.goto(f"{site_server.url}/benchmarks/", wait_until="networkidle")
    assert [url for url in page.requested if "/assets/pyodide/" in url or url.endswith("/worker.js")] == []
    assert page.console_errors == []
    page.close()


# --- other ways the site is served --------------------------------------------------------------------

def test_the_wizard_works_under_a_sub_path(browser, built_site, tmp_path, matrix):
    (tmp_path / "runbook").symlink_to(built_site, target_is_directory=True)
    with SiteServer(tmp_path) as server:
        context = browser.new_context()
        page = recorded(context.new_page())
        page.goto(f"{server.url}/runbook/wizard/?issue=dmca-copyright&severity=P2&channel=email")
        page.wait_for_selector('#answer[data-state=ready][data-source=python]', state="attached", timeout=PYTHON_START)
        assert_shows_route(page, route_answer(route(matrix, "dmca-copyright", "P2", "email")))
        routing = page.locator("#answer a", has_text="routing for").get_attribute("href")
        assert urlparse(urljoin(page.url, routing)).path == "/runbook/routing/"
        assert [path for path in server.requests if not path.startswith("/runbook/")] == []
        assert page.console_errors == []
        assert_local_only(page, server)
        context.close()


def test_the_wizard_works_from_mkdocs_serve(browser, tmp_path, matrix):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        for line in serve.stdout:
            if "Serving on" in line:
                break
        else:
            pytest.fail("mkdocs serve stopped before serving")
        context = browser.new_context()
        page = recorded(context.new_page())
        page.goto(f"http://127.0.0.1:{port}/wizard/?issue=fraud-suspicion&severity=P1&channel=chat")
        page.wait_for_selector('#answer[data-state=ready][data-source=python]', state="attached", timeout=PYTHON_START)
        assert_shows_route(page, route_answer(route(matrix, "fraud-suspicion", "P1", "chat")))
        assert "Requesting: Tier 3 and T&S Lead assistance" in text(page, "#message")
        assert page.console_errors == []
        context.close()
    finally:
        serve.send_signal(signal.SIGINT)  # SIGINT lets mkdocs remove its temporary site
        try:
            serve.wait(timeout=20)
        except subprocess.TimeoutExpired:
            serve.kill()
            serve.wait()


# --- when Python cannot start ---------------------------------------------------------------------------

def assert_plain_failure(page, started: float, limit: float, server):
    page.wait_for_selector("#answer[data-state=error]", state="attached", timeout=limit * 1000)
    assert time.monotonic() - started < limit
    notice = page.locator("#answer [data-field=notice]")
    assert notice.is_visible()
    assert notice.locator(f"a[href='{server.url}/routing/#fraud-suspicion']").count() == 1
    assert page.get_attribute("#engine-status", "data-state") == "error"
    assert page.get_attribute("#can-answer", "data-state") == "error"
    # What was computed at build time stays on screen, and says what it is.
    assert text(page, "#answer [data-field=path-line]") == "T&S Team → T&S Lead → Security"
    return notice.inner_text()


def test_a_wasm_served_with_the_wrong_type_fails_plainly(browser, built_site):
    with SiteServer(built_site, extra_types={".wasm": "text/plain"}) as server:
        context = browser.new_context()
        page = recorded(context.new_page())
        started = time.monotonic()
        page.goto(f"{server.url}/wizard/?issue=fraud-suspicion&severity=P1&channel=chat")
        message = assert_plain_failure(page, started, limit=25, server=server)
        assert "application/wasm" in message
        assert_local_only(page, server)
        context.close()


class StallingWasm(RecordingHandler):
    """The .wasm download never finishes (HEAD answers normally): loadPyodide would wait forever."""

    release = threading.Event()

    def do_GET(self):
        if self.path.endswith(".wasm"):
            self.requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/wasm")
            self.send_header("Content-Length", "9598218")
            self.end_headers()
            self.release.wait(40)
            return
        super().do_GET()


def test_python_that_never_starts_times_out_after_20_seconds(browser, built_site):
    handler = type("Handler", (StallingWasm,), {"release": threading.Event()})
    with SiteServer(built_site, handler=handler) as server:
        context = browser.new_context()
        page = recorded(context.new_page())
        started = time.monotonic()
        page.goto(f"{server.url}/wizard/?issue=fraud-suspicion&severity=P1&channel=chat")
        page.wait_for_selector("#engine-status:has-text('Getting the live answers ready') progress", state="visible")
        assert re.search(r"\d+ s$", text(page, "#engine-status"))  # visible progress: the seconds count
        message = assert_plain_failure(page, started, limit=27, server=server)
        assert time.monotonic() - started > 19  # the timeout, not some other failure
        assert "did not start within 20 s" in message
        handler.release.set()
        context.close()


class MissingWorker(RecordingHandler):
    """The Python worker's script is not found; everything else is served."""

    def do_GET(self):
        if self.path.endswith("/assets/wizard/worker.js"):
            self.requests.append(self.path)
            self.send_error(404)
            return
        super().do_GET()


@pytest.mark.parametrize("path, panel", [
    ("wizard/?issue=fraud-suspicion&severity=P1&channel=chat", "#answer"),  # started from the page's head
    ("drills/", "#drill"),  # started by the loader
])
def test_a_worker_script_that_cannot_load_fails_plainly(browser, built_site, path, panel):
    with SiteServer(built_site, handler=MissingWorker) as server:
        context = browser.new_context()
        page = recorded(context.new_page())
        page.goto(f"{server.url}/{path}")
        page.wait_for_selector(f"{panel}[data-state=error]", state="attached", timeout=25_000)
        # The worker's own failure, not the 20 s timeout.
        assert "the worker script failed" in text(page, f"{panel} [data-field=notice]")
        assert page.get_attribute("#engine-status", "data-state") == "error"
        assert any(p.endswith("/assets/wizard/worker.js") for p in server.requests)
        assert not any(p.endswith("pyodide.mjs") for p in server.requests)
        context.close()
