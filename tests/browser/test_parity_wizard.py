"""Parity: the browser path gives exactly the answers CPython gives (wizard and drill page).

The browser path is the real one: the `matrix` and `tzdata` wheels the site ships, installed into the
pinned Pyodide (under Node 20, one session for every case) and asked through `matrix.core.answers.browser.respond`
with the build's matrix.json not validated again, as the page's worker does; and the build's
precomputed table decoded by the page's own table.js.
"""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from matrix.core.answers.cards import route_answer
from matrix.core import route
from matrix.core import wording
from matrix.core.answers import browser as answers
from matrix.site.wizard_build import read_data
from matrix.source import load_matrix
from matrix.site.wizard_build import write_site_assets

ROOT = Path(__file__).resolve().parents[2]
HARNESS = Path(__file__).with_name("pyodide") / "parity.mjs"

MATRIX = load_matrix()
ISSUES = [issue.slug for issue in MATRIX.issue_types]
SEVERITIES = [None, *MATRIX.severities]
CHANNELS = [None, *MATRIX.channels]
ROUTE_CASES = list(itertools.product(ISSUES, SEVERITIES, CHANNELS))
ROLES = [role["id"] for role in answers.catalogue(MATRIX)["roles"]]  # the table's columns and the leads
ACTIONS = MATRIX.authority.actions()
AMOUNTS = [None, 0, 99.99, 100, 150]
SEARCHES = ["refund", "2fa", "2FA", "login", "pay", "account", "Refund Request", "harass", "xyzzy", "", "   ",
            "someone's account got hacked", "client is asking for their money back", "complaint", "Logn problms"]
TYPED = [{}, {"ticket": "48213", "customer": "Ann Lee <ann@example.com>", "attempts": "Reset {ticket} twice",
              "impact": "Cannot withdraw", "time_open": "3 h", "requesting": ""},
         {"severity": "P0", "issue": "Payout stuck", "requesting": "Billing Team"}]
# Moments as the browser sends them (UTC, with milliseconds) or typed with an offset, read in zones on
# both hemispheres: a weekday's working hours, Friday 19:30 in New York, a weekend night, and the
# hours either side of daylight-saving changes (US spring 8 March, EU autumn 25 October 2026).
INSTANTS = {
    "weekday daytime": "2026-11-25T15:00:00.000Z",
    "Friday 19:30 New York": "2026-11-27T19:30:00-05:00",
    "Saturday night": "2026-11-28T23:10:00.000Z",
    "before the US spring change": "2026-03-08T06:30:00.000Z",
    "after the US spring change": "2026-03-08T07:30:00.000Z",
    "in the EU autumn change's repeated hour": "2026-10-25T00:30:00.000Z",
}
ZONES = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata"]


def _timed_requests() -> list[dict]:
    """Every issue type at every instant in every zone, the severity and channel taking turns."""
    severities, channels = [None, *MATRIX.severities], [None, *MATRIX.channels]
    requests = []
    for (n, at), tz in itertools.product(enumerate(INSTANTS.values()), ZONES):
        for i, issue in enumerate(ISSUES):
            requests.append({"kind": "route", "issue": issue, "severity": severities[(i + n) % len(severities)],
                             "channel": channels[(i + n) % len(channels)], "at": at, "tz": tz})
    # The organisation's zone when none is given; a zone the data does not know; a moment that is not one.
    return requests + [
        {"kind": "route", "issue": "legal-threat", "severity": "P2", "channel": None, "at": INSTANTS["Saturday night"]},
        {"kind": "route", "issue": "legal-threat", "severity": "P1", "channel": "chat",
         "at": INSTANTS["weekday daytime"], "tz": "Mars/Olympus_Mons"},
        {"kind": "route", "issue": "legal-threat", "severity": None, "channel": None, "at": "soon", "tz": "UTC"},
    ]


def _drill_requests() -> list[dict]:
    """A deep link to every scenario at each level, the next drill for a few trainees, and grading."""
    requests = [{"kind": "drill", "scenario": s.id, "seed": n, "level": 1 + n % 3}
                for n, s in enumerate(MATRIX.scenarios)]
    beginner = None
    missed = {"streak": 0, "best_streak": 2, "answered": 5, "correct": 2,
              "topics": {"legal-threat": {"right": 0, "wrong": 3}, "refund-request": {"right": 2, "wrong": 0}}}
    streak = {**missed, "streak": 7, "best_streak": 7}
    requests += [{"kind": "drill", "progress": progress, "seed": seed}
                 for progress in (beginner, missed, streak) for seed in range(8)]
    for n, scenario in enumerate(MATRIX.scenarios[::3]):
        answers = {"owner": "Tier 1", "next": "T&S Lead", "severity": "P1", "sla": "120", "may": "allowed"}
        requests.append({"kind": "grade", "scenario": scenario.id, "seed": n, "level": 1 + n % 3,
                         "answers": dict(itertools.islice(answers.items(), n % 6)), "progress": missed})
    return requests + [{"kind": "drill", "scenario": "no-such-scenario", "seed": 1, "level": 1}]


TIMED_REQUESTS = _timed_requests()
DRILL_REQUESTS = _drill_requests()

ODD_REQUESTS = [
    {"kind": "route", "issue": "no-such-issue", "severity": None, "channel": None},
    {"kind": "route", "issue": "refund", "severity": "p1", "channel": "Live Chat"},
    {"kind": "route", "issue": "fraud-suspicion", "severity": "P9", "channel": None},
    {"kind": "can", "action": "Issue refund", "role": "tier-2", "amount": -5},
    {"kind": "can", "action": "Fly to the moon", "role": "tier-1", "amount": None},
    {"kind": "can", "action": "Ban user", "role": "Nobody", "amount": None},
    {"kind": "message", "issue": "nothing-like-this", "severity": None, "values": {}},
]
# Questions the core fails on (a request shape it cannot read): answered, with the same one-line detail.
FAILING_REQUESTS = [{"kind": "grade"}, {"kind": "grade", "scenario": "legal-threat-1"}, {"kind": "teleport"}]
# The drill page's saved progress, read back: as saved, and damaged in ways a browser's storage can be.
RESUME_REQUESTS = [{"kind": "resume", "saved": saved} for saved in (
    None, json.dumps({"progress": {"streak": 2, "best_streak": 2, "answered": 3, "correct": 2,
                                   "topics": {"legal-threat": {"right": 2, "wrong": 1}}, "last_scenario": "legal-threat-1"},
                      "current": {"scenario": "refund-request-1", "seed": 7, "level": 2}}),
    "{not json", '{"progress": {"streak": "3"}}', '{"current": {"scenario": "gone-1", "seed": 1, "level": 1}}',
    "[" * 5000, "x" * 200_000)]


def _requests() -> list[dict]:
    requests = [{"kind": "route", "issue": i, "severity": s, "channel": c} for i, s, c in ROUTE_CASES]
    requests += [{"kind": "can", "action": a, "role": r, "amount": m}
                 for a, r, m in itertools.product(ACTIONS, ROLES, AMOUNTS)]
    requests += [{"kind": "search", "text": text} for text in SEARCHES]
    requests += [{"kind": "message", "issue": i, "severity": s, "values": v}
                 for i, s, v in itertools.product(ISSUES, SEVERITIES, TYPED)]
    return requests + TIMED_REQUESTS + DRILL_REQUESTS + FAILING_REQUESTS + RESUME_REQUESTS + ODD_REQUESTS


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
        "wheel": str(wizard_assets["wheel"]), "tzdata": str(wizard_assets["tzdata"]), "stdlib": str(wizard_assets["stdlib"]),
        "matrix": str(wizard_assets["matrix"]),
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
    return json.loads(answers.respond_json(MATRIX, json.dumps(request)))


def _mismatches(browser: dict, kind: str) -> tuple[int, list]:
    pairs = [(request, response) for request, response in zip(REQUESTS, browser["responses"])
             if request["kind"] == kind and "at" not in request]  # time-aware ones: tested by instant
    return len(pairs), [(request, response) for request, response in pairs if response != _cpython(request)]


def test_the_browser_runs_the_shipped_core_without_pyyaml(browser_path):
    environment = browser_path["environment"]
    assert environment["platform"] == "emscripten"
    assert environment["yaml_importable"] is False
    assert "matrix.core.answers.browser" in environment["imported"] and "matrix.core.rules.routing" in environment["imported"]
    assert "matrix.source" not in environment["imported"] and "yaml" not in environment["imported"]


def test_the_browser_runs_the_standard_library_from_the_sites_bytecode(browser_path):
    """Every answer above came from Python started on the compiled zip the site ships, as in the worker."""
    origins = browser_path["environment"]["origins"]
    assert all(origin.startswith("/lib/python") and ".zip/" in origin for origin in origins.values()), origins
    assert all(origin.endswith(".pyc") for origin in origins.values()), origins


def test_the_browser_starts_with_only_what_routing_needs(browser_path):
    """Start-up cost: no validation (the build did it), no zone data, no fuzzy matching, no drills until asked for.

    The clock's code comes with the answer layer (the first answer for this moment follows at once);
    zoneinfo and its data wait for that first question about a moment."""
    at_start = browser_path["environment"]["imported_at_start"]
    assert {"matrix.core.answers.browser", "matrix.core.rules.routing", "matrix.core.model", "matrix.core.load",
            "matrix.core.shape"} <= set(at_start)
    for later in ("matrix.core.consistency", "matrix.core.answers.drills",
                  "matrix.core.audit.lint", "zoneinfo", "difflib", "tzdata"):
        assert later not in at_start
    assert {"matrix.core.clock.hours", "matrix.core.answers.drills", "zoneinfo", "difflib", "tzdata"} <= set(
        browser_path["environment"]["imported"])


def test_the_build_validated_matrix_is_the_checked_one(wizard_assets):
    from matrix.core.load import build_matrix, build_validated

    shipped = read_data(wizard_assets["matrix"])
    assert build_validated(shipped) == build_matrix(shipped) == MATRIX


@pytest.mark.parametrize("issue", ISSUES)
def test_routing_answers_match_for_every_severity_and_channel(browser_path, issue):
    routes = zip(REQUESTS[:len(ROUTE_CASES)], browser_path["responses"])
    cases = [(request, response) for request, response in routes if request["issue"] == issue]
    assert len(cases) == len(SEVERITIES) * len(CHANNELS) == 20
    for request, response in cases:
        assert "error" not in response, response
        assert response == _cpython(request), request
        assert response["route"] == route_answer(route(MATRIX, issue, request["severity"], request["channel"]))


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
    found = {q["text"]: r for q, r in zip(REQUESTS, browser_path["responses"]) if q["kind"] == "search"}
    first = {text: [c["slug"] for c in answer["candidates"]][:1] for text, answer in found.items()}
    assert first["refund"] == ["refund-request"] and found["refund"]["confident"]
    assert first["2fa"] == first["2FA"] == ["login-problems"]
    assert first["someone's account got hacked"] == ["account-compromise"]
    assert not found["complaint"]["confident"] and len(found["complaint"]["candidates"]) >= 2
    assert found["xyzzy"]["candidates"] == [] and found[""]["candidates"] == []


def test_escalation_messages_match(browser_path):
    count, wrong = _mismatches(browser_path, "message")
    assert count == len(ISSUES) * len(SEVERITIES) * len(TYPED) + 1
    assert wrong == []


def _responses_to(requests: list[dict], browser: dict) -> list[tuple[dict, dict]]:
    start = next(n for n, request in enumerate(REQUESTS) if request is requests[0])
    return list(zip(requests, browser["responses"][start:start + len(requests)]))


@pytest.mark.parametrize("instant", INSTANTS)
def test_time_aware_answers_match_at_fixed_instants(browser_path, instant):
    """Deadlines, who is on shift and the off-shift advice, in Pyodide with the shipped tzdata wheel."""
    pairs = [(q, r) for q, r in _responses_to(TIMED_REQUESTS, browser_path)
             if q["at"] == INSTANTS[instant] and q.get("tz") in ZONES]
    assert len(pairs) == len(ZONES) * len(ISSUES)
    for request, response in pairs:
        assert "error" not in response, (request, response)
        assert response == _cpython(request), request
        assert response["route"]["time"]["tz"] == request["tz"] and response["zone_note"] is None
        assert response["route"]["deadlines"] and response["route"]["off_shift"]["advice"]
        assert set(response["shift_lines"]) >= {response["route"]["owner"]["id"]}


def test_time_aware_answers_cover_on_and_off_shift_and_both_rules(browser_path):
    """The fixed instants are worth comparing: owners on and off shift, emergencies and waiting."""
    answers = [r["route"] for q, r in _responses_to(TIMED_REQUESTS, browser_path) if "route" in r]
    assert {a["off_shift"]["owner_on_shift"] for a in answers} == {True, False}
    assert {"none", "emergency", "standard", "either"} <= {a["off_shift"]["applies"] for a in answers}
    assert any(a["off_shift"]["standard"] and a["off_shift"]["standard"]["breaches_sla"] for a in answers)
    offsets = {a["time"]["opened_at"][-6:] for a in answers if a["time"]["tz"] == "America/New_York"}
    assert offsets == {"-05:00", "-04:00"}  # both sides of the spring change


def test_time_aware_edge_requests_match(browser_path):
    organisation, unknown, not_a_time = [r for _, r in _responses_to(TIMED_REQUESTS, browser_path)][-3:]
    assert organisation["route"]["time"]["tz"] == MATRIX.organisation.timezone
    assert unknown["zone_note"].startswith(f"Times are in {MATRIX.organisation.timezone}")
    assert not_a_time["error"].startswith("Expected a date and time")
    for request, response in _responses_to(TIMED_REQUESTS, browser_path)[-3:]:
        assert response == _cpython(request)


def test_drills_and_grading_match(browser_path):
    pairs = _responses_to(DRILL_REQUESTS, browser_path)
    assert len(pairs) == len(DRILL_REQUESTS)
    assert [q for q, r in pairs if r != _cpython(q)] == []
    drills = [r["drill"] for q, r in pairs if "drill" in r]
    assert {d["scenario"] for d in drills} == {s.id for s in MATRIX.scenarios}
    assert {d["level"] for d in drills} == {1, 2, 3}
    graded = [r for q, r in pairs if q["kind"] == "grade"]
    assert graded and all(r["progress"]["answered"] == 6 for r in graded)
    assert {v["correct"] for r in graded for v in r["verdicts"]} == {True, False}
    assert pairs[-1][1]["error"].startswith("Unknown scenario: 'no-such-scenario'")


def _responses(browser: dict, requests: list[dict]) -> list[dict]:
    start = REQUESTS.index(requests[0])
    return browser["responses"][start:start + len(requests)]


def test_input_that_names_nothing_gets_the_same_explanation(browser_path):
    odd = _responses(browser_path, ODD_REQUESTS)
    assert [("error" in response) for response in odd] == [True, False, True, True, True, True, True]
    assert odd[1]["route"]["slug"] == "refund-request" and odd[1]["route"]["channel"]["id"] == "chat"
    assert [response == _cpython(request) for request, response in zip(ODD_REQUESTS, odd)] == [True] * len(odd)


def test_a_question_the_core_fails_on_gets_the_same_failed_answer(browser_path):
    """Only the requests meant to fail get a failed answer, in the browser as in CPython, the detail included."""
    failed = [(request, response) for request, response in zip(REQUESTS, browser_path["responses"]) if "detail" in response]
    assert [request for request, _ in failed] == FAILING_REQUESTS
    for request, response in failed:
        assert response == _cpython(request) and response["error"] == wording.ANSWER_FAILED
    assert [r["detail"].split(":")[0] for _, r in failed] == ["KeyError", "KeyError", "ValueError"]


def test_saved_drill_progress_reads_back_the_same(browser_path):
    read = _responses(browser_path, RESUME_REQUESTS)
    assert read == [_cpython(request) for request in RESUME_REQUESTS]
    assert [r["recovered"] is not None for r in read] == [False, False, True, True, True, True, True]
    assert read[1]["progress"]["last_scenario"] == "legal-threat-1" and read[1]["current"]["seed"] == 7
