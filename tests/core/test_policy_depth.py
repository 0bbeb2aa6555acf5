"""The policy check's second depth, one class at a time.

The clean matrix (tests/data/valid/clean-matrix.yaml) is found to have nothing wrong; each fixture
changes one thing in a copy of it and must trigger exactly its class, at a data path the file has
(so FILE:LINE:COL is the finding's own place) and with a message that says what would fix it.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from matrix_data import dump_matrix
from matrix.cli import main
from matrix.core import build_matrix, route
from matrix.core.audit.lint import KINDS, lint
from matrix.core.clock.hours import zone
from matrix.core.clock.offshift import path_gap
from matrix.core.problems import WARNING
from matrix.core.rules.authority import columns_of, may_take, rows_named
from matrix.source import read_matrix_file

CLEAN = Path(__file__).parents[1] / "data" / "valid" / "clean-matrix.yaml"


@pytest.fixture
def clean() -> dict:
    return copy.deepcopy(read_matrix_file(CLEAN).data)


def findings(data) -> list[tuple[str, str, str]]:
    return [(p.kind, p.path, p.message) for p in lint(data)]


def team(data: dict, team_id: str) -> dict:
    return next(t for t in data["teams"] if t["id"] == team_id)


def issue(data: dict, name: str) -> dict:
    return next(i for c in data["categories"] for i in c["issue_types"] if i["name"] == name)


# --- no false alarms ---------------------------------------------------------------------------------

def test_the_clean_matrix_has_no_findings_at_all(capsys):
    assert main(["check", "--lint", "--strict", str(CLEAN)]) == 0
    assert capsys.readouterr().out == f"Policy check of {CLEAN}: 0 finding(s) in 0 kind(s)\n"
    assert main(["check", "--lint", "--json", str(CLEAN)]) == 0
    assert json.loads(capsys.readouterr().out) == {"file": str(CLEAN), "groups": []}
    assert main(["check", "--strict", str(CLEAN)]) == 0
    assert capsys.readouterr().out.endswith("valid, 0 warning(s)\n")


def test_the_clean_matrix_exercises_every_new_check(clean):
    # Not vacuously clean: office hours, a banded lead-only grant, entry points, a responding action,
    # a severity cadence and needed actions are all there for the checks to pass over.
    matrix = build_matrix(clean)
    assert any(not party.hours.emergency and party.hours.schedule == "office" for party in matrix.parties.values())
    assert all(channel.our_entry_point for channel in matrix.channels.values())
    assert any(a.responds for s in matrix.severities.values() for a in s.response)
    assert any(a.every for s in matrix.severities.values() for a in s.response)
    assert all(i.our_needed_actions for i in matrix.issue_types)
    assert any(rule.amount and "lead" in rule.grants.values() for rule in matrix.authority.rules)


# --- 1. the same quantity stated twice (contradiction) ---------------------------------------------

def test_a_severitys_required_response_slower_than_the_tiers_own(clean):
    clean["tiers"][2]["response_times"][0]["within"] = "30m"
    assert findings(clean) == [(
        "contradiction", "severities[0].response[1].within",
        "P0 requires “Engineering response within 15 min” from Tier 3, but Tier 3 only has to respond to P0 and P1 "
        "issues within 30 min (its “P0/P1” response time): make the tier's time at most 15 min, or the severity's "
        "longer")]


def test_an_action_done_to_a_tier_is_not_held_against_its_response_time(clean):
    # Paging or notifying a tier within 15 min and the tier answering within 30 min can both hold.
    clean["tiers"][2]["response_times"][0]["within"] = "30m"
    del clean["severities"][0]["response"][1]["responds"]
    assert findings(clean) == []


def test_a_severity_cadence_that_no_audience_of_its_procedure_has(clean):
    clean["severities"][1]["response"][0].update({"action": "Update every 45 min until resolved", "every": "45m"})
    assert findings(clean) == [(
        "contradiction", "severities[1].response[0].every",
        "P1 requires “Update every 45 min until resolved”, but Emergency Escalation, the procedure it follows, "
        "updates Internal every 15 min and External every 30 min: no audience is updated every 45 min; give the "
        "severity one of the procedure's cadences, or name the audience and add it to the procedure")]


def test_an_sla_shorter_than_a_channel_response_time_of_its_owner(clean):
    issue(clean, "Login problems")["sla"] = "1h"
    assert findings(clean) == [(
        "contradiction", "categories[0].issue_types[0].sla",
        "Login problems must be resolved within 1 h, but its owner Tier 1 only has to respond to issues on Email "
        "within 2 h")]


def test_an_sla_shorter_than_the_owners_response_time_at_some_severities(matrix_source):
    # The seed's own case: Tier 4 owns Executive complaint (4 h) but answers P2 and P3 within 24 h.
    found = [(p.path, p.message) for p in lint(matrix_source.data) if p.path == "categories[3].issue_types[4].sla"]
    assert found == [("categories[3].issue_types[4].sla",
                      "Executive complaint must be resolved within 4 h, but its owner Tier 4 only has to respond to "
                      "P2 and P3 issues within 24 h")]


# --- 2. authority along the path ---------------------------------------------------------------------

def test_a_path_on_which_nobody_may_take_a_needed_action(clean):
    clean["authority"]["rules"][5]["grants"].update({"billing": "denied", "tier-2": "allowed"})
    found = lint(clean)
    assert [(p.kind, p.path, p.message) for p in found] == [(
        "authority", "categories[1].issue_types[1].our_needed_actions[0]",
        "Dispute resolution needs “Release escrow (dispute)”, but nobody on its path (Billing Team → Billing Lead "
        "→ Legal) may take it: only Tier 2 may; add a party who may to the path, or grant the action to a party on "
        "it")]
    assert found[0].ours == "needed-actions"


def test_a_needed_action_missing_in_one_amount_band_only(clean):
    clean["authority"]["rules"][4]["grants"].update({"billing": "denied", "tier-3": "allowed"})
    assert findings(clean) == [
        ("authority", "categories[1].issue_types[0].our_needed_actions[0]",
         "Refund request needs “Issue refund”, but nobody on its path (Tier 1 → Billing Team → Billing Lead) may "
         "take “Issue refund (≥$100)” (only Tier 3 may); add a party who may to the path, or grant the action to a "
         "party on it"),
        ("authority", "categories[1].issue_types[1].our_needed_actions[1]",
         "Dispute resolution needs “Issue refund”, but nobody on its path (Billing Team → Billing Lead → Legal) may "
         "take “Issue refund (≥$100)” (only Tier 3 may); add a party who may to the path, or grant the action to a "
         "party on it")]


def test_a_needed_action_names_one_band_by_its_label(clean):
    issue(clean, "Refund request")["path"] = ["tier-2"]
    issue(clean, "Refund request")["our_needed_actions"] = ["Issue refund (<$100)"]
    clean["flow"]["edges"] += [["billing-issues", "tech-support"]]
    assert findings(clean) == []  # Tier 2 may refund below $100, and only that band is needed


def test_an_unknown_needed_action_is_a_located_error(clean):
    issue(clean, "Bug reports")["our_needed_actions"] = ["Deploy cod"]
    assert [(p.kind, p.level, p.path, p.message) for p in lint(clean)] == [
        ("reference", "error", "categories[0].issue_types[1].our_needed_actions[0]",
         "Unknown action 'Deploy cod'; the authority matrix has none by that name")]


def test_who_holds_a_grant_follows_the_authority_columns(matrix):
    escrow = rows_named(matrix, "Release escrow")
    assert len(escrow) == 1 and rows_named(matrix, "Issue refund (>$100)")[0].amount.min == 100
    assert len(rows_named(matrix, "Issue refund")) == 2
    ban = rows_named(matrix, "Ban user")[0]
    assert columns_of(matrix, "ts-lead") == [("ts-team", True)]
    assert columns_of(matrix, "cto") == [("tier-4", False)]                 # a member of Tier 4
    assert columns_of(matrix, "tech-support-lead") == [("tier-2", False)]   # Tier 2's contact
    assert columns_of(matrix, "legal") == []        # listed in Tier 4's directory section, not one of its team
    assert may_take(matrix, "ts-lead", ban) and may_take(matrix, "ts-team", ban) and not may_take(matrix, "tier-1", ban)
    assert may_take(matrix, "billing-lead", escrow[0]) and may_take(matrix, "cto", escrow[0])
    assert not may_take(matrix, "legal", escrow[0]) and not may_take(matrix, "disputes", escrow[0])


# --- 3. the flow against the routes ------------------------------------------------------------------

def test_an_arrow_no_route_takes(clean):
    clean["flow"]["edges"].append(["tech-support", "legal"])
    assert findings(clean) == [(
        "flow", "flow.edges[8]",
        "No route takes the flow's arrow Tier 2 Specialists → Legal: no issue type goes from Tier 2 to Legal; drop "
        "the arrow, or route the issues it stands for along it")]


def test_a_route_the_flow_does_not_draw(clean):
    issue(clean, "Bug reports").update({"path": ["tier-3", "legal"], "sla": "72h"})  # Legal's weekend is 64 h
    assert findings(clean) == [(
        "flow", "categories[0].issue_types[1].path[1]",
        "Bug reports: the flow does not draw its route, Tier 1 → Tier 2 → Tier 3 → Legal: it has no arrow Tier 3 → "
        "Legal; add them to the flow")]


def test_an_owner_the_flow_sends_nobody_to(clean):
    clean["teams"].append({"id": "disputes", "name": "Disputes Team", "contact": {"kind": "email",
                           "value": "disputes@acme-support.com"}, "hours": {"schedule": "always", "label": "24/7"}})
    issue(clean, "Dispute resolution")["owner"] = "disputes"
    issue(clean, "Dispute resolution")["path"] = ["billing", "legal"]
    clean["flow"]["edges"].append(["billing-team", "legal"])
    clean["flow"]["edges"].remove(["billing-lead", "legal"])
    assert findings(clean) == [(
        "flow", "categories[1].issue_types[1].owner",
        "Dispute resolution: the flow does not draw its route, Tier 1 → Disputes Team → Billing Team → Legal: it "
        "has no arrow Tier 1 → Disputes Team or Disputes Team → Billing Team, and no box for Disputes Team; add them "
        "to the flow")]


def test_a_directory_entry_named_nowhere_else(clean):
    clean["teams"].insert(5, {"id": "verification", "name": "Verification Team", "directory": "tier-2",
                              "contact": {"kind": "email", "value": "verify@acme-support.com"},
                              "hours": {"schedule": "always", "label": "24/7"}})
    assert findings(clean) == [(
        "flow", "teams[5]",
        "Verification Team is listed in the contact directory but named nowhere else: no issue type is routed to it, "
        "and no tier, procedure or rule says when to reach it; route the issues it handles to it, or drop it from "
        "the directory")]
    clean["procedures"][1]["steps"][0]["items"].append("Ask the Verification Team")
    assert findings(clean) == []  # a procedure says when to reach it


def test_a_box_that_no_issue_type_is_routed_to(clean):
    clean["teams"].append({"id": "finance", "name": "Finance", "contact": {"kind": "email",
                           "value": "finance@acme-support.com"}, "hours": {"schedule": "always", "label": "24/7"}})
    clean["flow"]["nodes"].append({"id": "finance", "label": "Finance", "party": "finance"})
    clean["flow"]["edges"].append(["billing-team", "finance"])
    assert findings(clean) == [
        ("flow", "flow.edges[8]", "No route takes the flow's arrow Billing Team → Finance: no issue type goes from "
                                  "Billing Team to Finance; drop the arrow, or route the issues it stands for along it"),
        ("flow", "flow.nodes[9].party", "Finance has a box in the escalation flow, but no issue type is routed to "
                                        "it; route the issues it handles to it, or drop it")]


def test_the_front_desk_is_routed_to_though_it_owns_nothing(clean):
    # Every customer contact reaches Tier 1 first, so its box and its authority column are in use
    # even when each issue type is owned further on.
    for name in ("Login problems", "Refund request"):
        item = issue(clean, name)
        item["owner"], item["path"] = item["path"][0], item["path"][1:]
    assert findings(clean) == []


# --- 4. coverage along the whole path ----------------------------------------------------------------

def test_a_later_step_off_shift_past_the_deadline(clean):
    issue(clean, "Refund request")["sla"] = "24h"
    office = "Fri 17:00 → Mon 09:00 (64 h), longer than the 24 h SLA: an issue that needs it then waits past its " \
             "deadline; extend its hours, or add an alternative that is on shift then"
    assert findings(clean) == [
        ("path-coverage", "categories[1].issue_types[0].path[0]",
         f"Refund request: step 1 of its path, Billing Team, is off shift {office}"),
        ("path-coverage", "categories[1].issue_types[0].path[1]",
         f"Refund request: step 2 of its path, Billing Lead, is off shift {office}")]


def test_the_step_found_is_the_one_the_answer_card_finds_off_shift(clean):
    # The weekly check and the card's instant check (`path_gap`) agree: a refund that comes in as
    # Billing goes home on Friday finds step 1 off shift until after its deadline.
    issue(clean, "Refund request")["sla"] = "24h"
    matrix = build_matrix(clean)
    friday = datetime(2026, 11, 27, 17, 0, tzinfo=zone("America/New_York"))
    gap = path_gap(route(matrix, "Refund request"), friday, friday + timedelta(hours=24), emergency=False)
    assert (gap.step, gap.parties) == (1, ("billing",))
    monday = friday + timedelta(days=3)     # back on shift Monday 09:00: nothing is off past the deadline
    assert path_gap(route(matrix, "Refund request"), monday, monday + timedelta(hours=24), emergency=False) is None


def test_a_step_with_an_alternative_on_shift_is_covered(clean):
    issue(clean, "Refund request")["sla"] = "24h"
    issue(clean, "Refund request")["path"] = [{"any_of": ["billing", "tier-2"]}, {"any_of": ["billing-lead", "tier-3"]}]
    issue(clean, "Refund request")["our_needed_actions"] = []
    clean["flow"]["edges"] += [["billing-issues", "tech-support"], ["billing-team", "engineering"],
                               ["tech-support", "billing-lead"]]
    assert findings(clean) == []


def test_steps_are_not_held_to_a_business_hours_clock(clean):
    issue(clean, "Refund request")["sla"] = "24h"
    clean["clocks"]["issue_sla"] = "business"
    assert findings(clean) == []


# --- 5. reachability of channels ---------------------------------------------------------------------

def test_a_channel_whose_entry_point_keeps_office_hours(clean):
    team(clean, "phone-line")["hours"] = {"schedule": "office", "label": "9am-5pm"}
    found = lint(clean)
    assert [(p.kind, p.path, p.message) for p in found] == [(
        "channel", "channels[2].first_response",
        "Phone promises a first response immediately (at most 1 min), but customers reach it through Phone Line, "
        "which is off shift Mon–Thu 17:00 → 09:00 next day (16 h each) and Fri 17:00 → Mon 09:00 (64 h) "
        "(“9am-5pm”); publish a real contact and hours that cover the promise, or change the promise")]
    assert found[0].ours == "channel-entry-points"


def test_a_channel_whose_entry_point_answers_emergencies_only(clean):
    clean["schedules"].append({"id": "none", "name": "No regular hours", "windows": []})
    team(clean, "phone-line")["hours"] = {"schedule": "none", "emergency": True, "label": "P0/P1 only"}
    assert findings(clean) == [(
        "channel", "channels[2].first_response",
        "Phone promises a first response immediately (at most 1 min), but customers reach it through Phone Line, "
        "which keeps no regular hours (“P0/P1 only”, emergencies only); publish a real contact and hours that cover "
        "the promise, or change the promise")]


def test_a_channel_whose_entry_point_is_a_placeholder_number(clean):
    team(clean, "phone-line")["contact"]["value"] = "+1-XXX-XXX-XXXX"
    # The placeholder itself is a contact finding; that the phone's promise rests on it is the channel's.
    assert findings(clean) == [
        ("contact", "teams[2].contact.value",
         "Phone Line's contact '+1-XXX-XXX-XXXX' is a placeholder, not a contact anyone can reach"),
        ("channel", "channels[2].first_response",
         "Phone promises a first response immediately (at most 1 min), but customers reach it through Phone Line, "
         "whose contact '+1-XXX-XXX-XXXX' is a placeholder; publish a real contact and hours that cover the "
         "promise, or change the promise")]


def test_a_channel_answered_by_a_tier_off_shift(clean):
    clean["tiers"][1]["response_times"].append({"label": "chat", "within": "5m", "channels": ["chat"]})
    clean["tiers"][1]["hours"] = {"schedule": "office", "label": "9am-5pm"}
    found = [p for p in findings(clean) if p[0] == "channel"]
    assert found == [(
        "channel", "channels[0].first_response",
        "Live Chat promises a first response within 2 min (at most 5 min), but it is answered by Tier 2, which is "
        "off shift Mon–Thu 17:00 → 09:00 next day (16 h each) and Fri 17:00 → Mon 09:00 (64 h) (“9am-5pm”); "
        "publish a real contact and hours that cover the promise, or change the promise")]


# --- every class: its own kind, its own line, in the CLI ---------------------------------------------

FIXTURES = {
    "contradiction": lambda d: d["tiers"][2]["response_times"][0].update({"within": "30m"}),
    "authority": lambda d: d["authority"]["rules"][5]["grants"].update({"billing": "denied", "tier-2": "allowed"}),
    "flow": lambda d: d["flow"]["edges"].append(["tech-support", "legal"]),
    "path-coverage": lambda d: issue(d, "Refund request").update({"sla": "24h"}),
    "channel": lambda d: team(d, "phone-line").update({"hours": {"schedule": "office", "label": "9am-5pm"}}),
}


@pytest.mark.parametrize("kind", FIXTURES)
def test_each_class_is_its_own_kind_at_its_own_line(kind, clean, tmp_path, capsys):
    FIXTURES[kind](clean)
    path = tmp_path / f"{kind}.yaml"
    path.write_text(dump_matrix(clean), encoding="utf-8")
    matrix_file = read_matrix_file(path)
    located = matrix_file.lint()
    assert located and {item.problem.kind for item in located} == {kind}
    assert all(item.problem.level == WARNING for item in located)
    for item in located:
        assert (item.line, item.column) == matrix_file.positions[item.problem.path]  # its own place, no ancestor's
    assert main(["check", "--lint", str(path)]) == 0
    out = capsys.readouterr().out
    title, explanation = KINDS[kind]
    assert f"\n{title} ({len(located)}): {explanation}\n" in out
    for item in located:
        assert f"  {path}:{item.line}:{item.column}: {item.problem.path}: {item.problem.message}" in out
    assert main(["check", "--lint", "--json", str(path)]) == 0
    groups = json.loads(capsys.readouterr().out)["groups"]
    assert [(g["kind"], g["title"], g["explanation"]) for g in groups] == [(kind, title, explanation)]
