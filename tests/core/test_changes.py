"""What changed between two matrices, by meaning (`matrix.core.changes.compare`), over the real matrix's data.

Each test changes a copy of the real data and expects exactly the changes an agent would notice, in
the seed's words; changes that mean nothing (keys reordered throughout, ids renamed consistently,
list items reordered where order means nothing) must compare as no change at all.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone

import pytest

from matrix.core.changes import Change, compare, recent_route_changes, route_changes
from matrix.core.load import build_matrix
from matrix.source import parse_matrix_text
from matrix_data import issue, reordered_yaml, team


@pytest.fixture(scope="module")
def data(matrix_source):
    return matrix_source.data


@pytest.fixture(scope="module")
def real(data):
    return build_matrix(copy.deepcopy(data))


def changed(real, data, edit) -> list[Change]:
    new = copy.deepcopy(data)
    edit(new)
    return compare(real, build_matrix(new))


def summaries(changes: list[Change]) -> list[str]:
    return [change.summary for change in changes]


def test_the_legal_threat_sla_and_a_teams_email_are_exactly_two_changes_in_words(real, data):
    def edit(new):
        issue(new, "Legal threat")["sla"] = "4h"
        team(new, "billing")["contact"]["value"] = "billing-desk@skillancer.com"
    found = changed(real, data, edit)
    assert sorted(summaries(found)) == [
        "Billing Team: contact changed from billing@skillancer.com (email) to billing-desk@skillancer.com (email)",
        "Legal threat: SLA changed from 2 h to 4 h"]
    sla = next(change for change in found if change.kind == "sla")
    assert sla.to_dict() == {"kind": "sla", "subject": "Legal threat", "path": "categories[3].issue_types[3].sla",
                             "before": "2 h", "after": "4 h", "summary": "Legal threat: SLA changed from 2 h to 4 h"}


def test_the_same_file_with_its_keys_reordered_throughout_is_no_change(real, data):
    text = reordered_yaml(data)
    assert "&" not in text.split("\n", 1)[0] and "*id" not in text
    again = parse_matrix_text(text, "reordered.yaml")
    assert list(again.data) == list(reversed(list(data)))  # the round trip really did reorder
    assert list(again.data["teams"][0]) == list(reversed(list(data["teams"][0])))
    assert compare(real, again.matrix()) == []


def _renamed(value, old: str, new: str):
    """`old` replaced by `new` wherever it is a whole value or a mapping key (an id and every reference to it)."""
    if isinstance(value, dict):
        return {(new if key == old else key): _renamed(item, old, new) for key, item in value.items()}
    if isinstance(value, list):
        return [_renamed(item, old, new) for item in value]
    return new if value == old else value


@pytest.mark.parametrize("old, new", [("tier-3", "tier-9"), ("specialist-hours", "office-hours"),
                                      ("general-counsel", "counsel"), ("extended-business-hours", "long-day")])
def test_renaming_an_id_that_nothing_shows_is_no_change(real, data, old, new):
    renamed = _renamed(copy.deepcopy(data), old, new)
    assert renamed != data
    assert compare(real, build_matrix(renamed)) == []


def test_renaming_a_team_is_one_change_not_one_per_issue_type_it_owns(real, data):
    found = changed(real, data, lambda new: team(new, "legal").update(name="Legal Department"))
    assert summaries(found) == ["Team renamed from Legal to Legal Department"]
    assert found[0].path == real.teams["legal"].at


def test_a_severity_id_is_what_agents_read_so_renaming_it_is_a_change(real, data):
    found = compare(real, build_matrix(_renamed(copy.deepcopy(data), "P3", "P4")))
    assert summaries(found) == ["Severity renamed from P3 - Low to P4 - Low"]


def test_reordering_lists_whose_order_means_nothing_is_no_change(real, data):
    def edit(new):
        new["teams"].reverse()
        new["schedules"].reverse()
        new["channels"].reverse()
        new["interpretations"].reverse()
        new["templates"].reverse()
        new["satisfaction"].reverse()
        for category in new["categories"]:
            category["issue_types"].reverse()
        for tier in new["tiers"]:
            tier["handles"].reverse()
            tier["aliases"].reverse()
        for severity in new["severities"]:
            severity["examples"].reverse()
            severity["response"].reverse()
        team(new, "ts-team")["aliases"].reverse()
        new["authority"]["rules"].reverse()
        new["flow"]["edges"].reverse()
        # What an interpretation is recorded at moves with its item: the same place, under another index.
        last = len(new["authority"]["rules"]) - 1
        for interpretation in new["interpretations"]:
            interpretation["path"] = {"authority.rules[4].amount": f"authority.rules[{last - 4}].amount",
                                      "severities[0].response[2].party": "severities[0].response[1].party",
                                      "categories[1].issue_types[3].our_needed_actions":
                                          "categories[1].issue_types[2].our_needed_actions"}.get(interpretation["path"], interpretation["path"])
    assert changed(real, data, edit) == []


def test_an_interpretation_recorded_elsewhere_is_a_change(real, data):
    def edit(new):
        next(i for i in new["interpretations"] if i["id"] == "refund-threshold")["path"] = "authority.rules[3].amount"
    assert summaries(changed(real, data, edit)) == [
        "A refund of exactly $100 (refund-threshold): where it is recorded changed from authority.rules[4].amount "
        "to authority.rules[3].amount"]


def test_an_escalation_path_keeps_its_order(real, data):
    found = changed(real, data, lambda new: issue(new, "Legal threat").update(path=["ceo", "general-counsel"]))
    assert summaries(found) == ["Legal threat: escalation path changed from General Counsel → CEO to CEO → General Counsel"]


def test_what_an_agent_would_notice_is_named_in_the_seeds_words(real, data):
    def edit(new):
        issue(new, "Refund request")["owner"] = "billing"
        issue(new, "Refund request")["path"] = ["tier-4"]
        issue(new, "Press inquiry")["path"] = [{"any_of": ["ceo", "cmo", "general-counsel"]}]
        rules = new["authority"]["rules"]
        rules[3]["grants"]["tier-2"] = "denied"
        next(r for r in rules if r["action"] == "Ban user")["grants"]["ts-team"] = "allowed"
        unlock = next(r for r in rules if r["action"] == "Unlock account")
        unlock["amount"] = {"min": 0, "max": 50}
        rules.append({"action": "Unlock account", "amount": {"min": 50}, "grants": dict(unlock["grants"])})
        team(new, "verification")["hours"] = {"schedule": "business-hours", "label": "9am-5pm"}
        new["organisation"]["timezone"] = "Europe/Berlin"
        new["severities"][0]["response"][1]["action"] = "All hands on deck until resolved"
        new["severities"][1]["resolution"]["target"] = "3h"
        new["channels"][1]["first_response"]["maximum"] = "8h"
        new["templates"][1]["fields"][0]["label"] = "Ticket number"
        new["interpretations"] = [i for i in new["interpretations"] if i["id"] != "holidays"]
        next(i for i in new["interpretations"] if i["id"] == "refund-threshold")["choice"] = "Exactly $100 is the lower row."
        new["interpretations"].append({"id": "weekend-cover", "topic": "Weekend cover", "choice": "Nobody.",
                                       "reason": "The seed is silent.", "path": "schedules"})
        new["teams"].append({"id": "escrow-desk", "name": "Escrow Desk"})
        new["categories"][1]["issue_types"].append({"name": "Escrow release", "owner": "escrow-desk",
                                                    "path": ["billing"], "sla": "8h"})
    found = summaries(changed(real, data, edit))
    expected = {
        "Skillancer: time zone changed from America/New_York to Europe/Berlin",
        "Email: first response changed from target 2 h, maximum 4 h to target 2 h, maximum 8 h",
        "P0 - Critical: required actions changed (added All hands on deck until resolved; removed All-hands until "
        "resolved)",
        "P1 - High: resolution changed from target 4 h, maximum 8 h to target 3 h, maximum 8 h",
        "Verification Team: hours changed from 9am-6pm (schedule: 9am–6pm, Monday–Friday) to 9am-5pm (schedule: "
        "Business hours (9am–5pm, Monday–Friday))",
        "Team added: Escrow Desk",
        "Issue type added: Escrow release (Billing Issues; owner Escrow Desk, SLA 8 h)",
        "Refund request: owner changed from Tier 1 to Billing Team",
        "Refund request: escalation path changed from Billing Team to Tier 4",
        "Press inquiry: escalation path changed from CEO or CMO to CEO or CMO or General Counsel",
        "Issue refund (under $100) by Tier 2: grant changed from allowed to not allowed",
        "Unlock account: amount bands changed from any amount to under $50; $50 and above",
        "Ban user by T&S Team: grant changed from lead only to allowed",
        "Customer Update (During Escalation): fields changed (added Ticket number ([Ticket ID]); removed Ticket ID "
        "([Ticket ID]))",
        "Interpretation removed: Public holidays",
        "Interpretation added: Weekend cover",
        "A refund of exactly $100 (refund-threshold): choice changed",
    }
    assert set(found) == expected and len(found) == len(expected)


def test_a_removal_points_into_the_old_file_and_an_addition_into_the_new(real, data):
    def edit(new):
        new["teams"] = [t for t in new["teams"] if t["id"] != "sales" and t["id"] != "account-exec"]
        issue(new, "Enterprise inquiry")["owner"] = "bd-team"
        issue(new, "Enterprise inquiry")["path"] = ["bd-lead"]
        new["teams"].append({"id": "partners", "name": "Partner Desk"})
    found = {change.kind + " " + change.subject: change for change in changed(real, data, edit)}
    assert found["team-removed Sales"].path == real.teams["sales"].at and found["team-removed Sales"].after is None
    assert found["team-added Partner Desk"].path == f"teams[{len(real.teams) - 2}]"
    assert found["team-added Partner Desk"].before is None
    assert found["owner Enterprise inquiry"].before == "Sales" and found["owner Enterprise inquiry"].after == "BD Team"


def test_a_long_value_is_summarised_and_kept_whole_in_the_change(real, data):
    def edit(new):
        new["templates"][0]["body"] = new["templates"][0]["body"].replace("Impact:", "Business impact:")
    [change] = changed(real, data, edit)
    assert change.summary == "Chat Escalation Message: text changed"
    assert "Business impact: {impact}" in change.after and "Business impact" not in change.before


def test_the_wizard_hears_of_route_changes_within_thirty_days_newest_first():
    now = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
    sla = Change("sla", "Legal threat", "categories[3].issue_types[3].sla", "2 h", "4 h")
    owner = Change("owner", "Legal threat", "categories[3].issue_types[3].owner", "Legal", "General Counsel")
    old = Change("sla", "Fraud suspicion", "categories[2].issue_types[1].sla", "2 h", "3 h")
    contact = Change("contact", "Billing Team", "teams[4].contact", "a", "b")
    history = [(now - timedelta(days=40), [old]), (now - timedelta(days=29), [owner]), (now - timedelta(days=1),
                                                                                          [sla, contact])]
    recent = recent_route_changes(history, now)
    assert recent == {"legal-threat": [
        {"text": "SLA changed from 2 h to 4 h on 30 Nov 2026", "date": "2026-11-30T12:00:00+00:00"},
        {"text": "Owner changed from Legal to General Counsel on 2 Nov 2026", "date": "2026-11-02T12:00:00+00:00"}]}
    assert route_changes([sla, contact, old]) == {"legal-threat": [sla], "fraud-suspicion": [old]}
