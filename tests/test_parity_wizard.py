"""Parity: the wizard's browser path gives exactly the answers CPython gives.

The browser path is the real one: the `matrix` wheel the site ships, installed into the pinned
Pyodide (under Node 20, one session for every case) and asked through `matrix.answers.respond`, as
the page's worker does; and the build's precomputed table decoded by the page's own table.js.
"""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from matrix import answers
from matrix.source import load_matrix
from matrix.wizard_build import write_site_assets

ROOT = Path(__file__).resolve().parent.parent
HARNESS = ROOT / "tests" / "pyodide" / "parity.mjs"

MATRIX = load_matrix()
ISSUES = [issue.slug for issue in MATRIX.issue_types]
SEVERITIES = [None, *MATRIX.severities]
CHANNELS = [None, *MATRIX.channels]
ROUTE_CASES = list(itertools.product(ISSUES, SEVERITIES, CHANNELS))
ROLES = list(MATRIX.authority.roles)
ACTIONS = MATRIX.authority.actions()
AMOUNTS = [None, 0, 99.99, 100, 150]
SEARCHES = ["refund", "2fa", "2FA", "login", "pay", "account", "Refund Request", "harass", "xyzzy", "", "   "]
TYPED = [{}, {"ticket": "48213", "customer": "Ann Lee <ann@example.com>", "attempts": "Reset {ticket} twice",
              "impact": "Cannot withdraw", "time_open": "3 h", "requesting": ""},
         {"severity": "P0", "issue": "Payout stuck", "requesting": "Billing Team"}]
ODD_REQUESTS = [
    {"kind": "route", "issue": "no-such-issue", "severity": None, "channel": None},
    {"kind": "route", "issue": "refund", "severity": "p1", "channel": "Live Chat"},
    {"kind": "route", "issue": "fraud-suspicion", "severity": "P9", "channel": None},
    {"kind": "can", "action": "Issue refund", "role": "tier-2", "amount": -5},
    {"kind": "can", "action": "Fly to the moon", "role": "tier-1", "amount": None},
    {"kind": "can", "action": "Ban user", "role": "Nobody", "amount": None},
    {"kind": "message", "issue": "nothing-like-this", "severity": None, "values": {}},
]


def _requests() -> list[dict]:
    requests = [{"kind": "route", "issue": i, "severity": s, "channel": c} for i, s, c in ROUTE_CASES]
    requests += [{"kind": "can", "action": a, "role": r, "amount": m}
                 for a, r, m in itertools.product(ACTIONS, ROLES, AMOUNTS)]
    requests += [{"kind": "search", "text": text} for text in SEARCHES]
    requests += [{"kind": "message", "issue": i, "severity": s, "values": v}
                 for i, s, v in itertools.product(ISSUES, SEVERITIES, TYPED)]
    return requests + ODD_REQUESTS


REQUESTS = _requests()


@pytest.fixture(scope="session")
def wizard_assets(tmp_path_factory) -> dict[str, Path]:
    """What the site build writes for the wizard (wheel, matrix, precomputed answers), in a temp site."""
    return write_site_assets(tmp_path_factory.mktemp("wizard-site"), MATRIX)


@pytest.fixture(scope="session")
def browser_path(wizard_assets, tmp_path_factory) -> dict:
    """Every request answered in one Pyodide session under Node, and the table decoded by table.js."""
    node = shutil.which("node")
    if not node:
        pytest.fail("Node 20 is required for the parity tests (it runs Pyodide)")
    work = tmp_path_factory.mktemp("parity")
    source, target = work / "input.json", work / "output.json"
    source.write_text(json.dumps({
        "wheel": str(wizard_assets["wheel"]), "matrix": str(wizard_assets["matrix"]),
        "answers": str(wizard_assets["answers"]), "requests": REQUESTS,
        "table_cases": [list(case) for case in ROUTE_CASES]}))
    result = subprocess.run([node, str(HARNESS), str(source), str(target)], cwd=ROOT,
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    output = json.loads(target.read_text())
    assert len(output["responses"]) == len(REQUESTS)
    return output


def _cpython(request: dict) -> dict:
    """What CPython answers: the same entry point, through JSON like the browser's answers."""
    return json.loads(json.dumps(answers.respond(MATRIX, request), ensure_ascii=False))


def _mismatches(browser: dict, kind: str) -> tuple[int, list]:
    pairs = [(request, response) for request, response in zip(REQUESTS, browser["responses"])
             if request["kind"] == kind]
    return len(pairs), [(request, response) for request, response in pairs if response != _cpython(request)]


def test_the_browser_runs_the_shipped_core_without_pyyaml(browser_path):
    environment = browser_path["environment"]
    assert environment["platform"] == "emscripten"
    assert environment["yaml_importable"] is False
    assert "matrix.answers" in environment["imported"] and "matrix.routing" in environment["imported"]
    assert "matrix.source" not in environment["imported"] and "yaml" not in environment["imported"]


@pytest.mark.parametrize("issue", ISSUES)
def test_routing_answers_match_for_every_severity_and_channel(browser_path, issue):
    routes = zip(REQUESTS[:len(ROUTE_CASES)], browser_path["responses"])
    cases = [(request, response) for request, response in routes if request["issue"] == issue]
    assert len(cases) == len(SEVERITIES) * len(CHANNELS) == 20
    for request, response in cases:
        assert "error" not in response, response
        assert response == _cpython(request), request
        assert response["route"] == MATRIX.route(issue, request["severity"], request["channel"]).to_dict()


def test_every_routing_case_is_covered(browser_path):
    count, wrong = _mismatches(browser_path, "route")
    assert count == len(ROUTE_CASES) + 3 == 23 * 5 * 4 + 3
    assert wrong == []


def test_the_precomputed_table_decodes_to_the_cpython_answers(browser_path):
    """What a deep link shows before Python has loaded, decoded by the page's own table.js."""
    assert len(browser_path["table"]) == len(ROUTE_CASES)
    wrong = [case for case, decoded in zip(ROUTE_CASES, browser_path["table"])
             if decoded != _cpython({"kind": "route", "issue": case[0], "severity": case[1], "channel": case[2]})]
    assert wrong == []


def test_can_answers_match_for_every_action_role_and_boundary_amount(browser_path):
    count, wrong = _mismatches(browser_path, "can")
    assert count == len(ACTIONS) * len(ROLES) * len(AMOUNTS) + 3
    assert wrong == []
    refund = [r["permission"] for q, r in zip(REQUESTS[:-len(ODD_REQUESTS)], browser_path["responses"])
              if q["kind"] == "can" and q["action"] == "Issue refund" and q["role"] == "tier-2"]
    assert [p["grant"] for p in refund] == ["depends", "allowed", "allowed", "denied", "denied"]


def test_search_answers_match(browser_path):
    count, wrong = _mismatches(browser_path, "search")
    assert count == len(SEARCHES) and wrong == []
    found = {q["text"]: r["slugs"] for q, r in zip(REQUESTS, browser_path["responses"]) if q["kind"] == "search"}
    assert "refund-request" in found["refund"]
    assert found["2fa"] and found["2fa"] == found["2FA"]
    assert found["xyzzy"] == []


def test_escalation_messages_match(browser_path):
    count, wrong = _mismatches(browser_path, "message")
    assert count == len(ISSUES) * len(SEVERITIES) * len(TYPED) + 1
    assert wrong == []


def test_input_that_names_nothing_gets_the_same_explanation(browser_path):
    odd = browser_path["responses"][-len(ODD_REQUESTS):]
    assert [("error" in response) for response in odd] == [True, False, True, True, True, True, True]
    assert odd[1]["route"]["slug"] == "refund-request" and odd[1]["route"]["channel"]["id"] == "chat"
    assert [response == _cpython(request) for request, response in zip(ODD_REQUESTS, odd)] == [True] * len(odd)
