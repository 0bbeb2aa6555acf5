""""Can I" answers: leads ask as roles, bands say where the threshold falls, and every choice of ours is listed."""

from __future__ import annotations

import copy

import pytest

from matrix.core import LookupProblem, build_matrix, can, find_role
from matrix.core.answers.browser import catalogue
from matrix.core.answers.cards import permission_answer
from matrix.core.model import AmountRange
from matrix.core.wording import amount_words

# The seed's authority table, read for the lead of each team: its team's ✓ and its own "Lead" cells.
LEAD_MAY = {
    "T&S Lead": {"Password reset", "Unlock account", "Suspend account", "Ban user"},
    "Billing Lead": {"Password reset", "Add connects", "Issue refund", "Release escrow (dispute)"},
}


def test_leads_the_lead_only_cells_name_are_roles(matrix):
    assert matrix.leads == {"ts-lead": "ts-team", "billing-lead": "billing"}
    assert find_role(matrix, "T&S Lead").id == "ts-lead"
    assert find_role(matrix, "Trust & Safety Lead").id == "ts-lead"
    assert find_role(matrix, "billing lead").id == "billing-lead"
    assert find_role(matrix, "T&S").id == "ts-team"  # the column's own heading still finds the team
    roles = catalogue(matrix)["roles"]
    assert [r["name"] for r in roles] == ["Tier 1", "Tier 2", "T&S Team", "Billing Team", "Tier 3", "Tier 4",
                                          "T&S Lead", "Billing Lead"]
    assert roles[-2:] == [{"id": "ts-lead", "name": "T&S Lead", "lead_of": "T&S Team"},
                          {"id": "billing-lead", "name": "Billing Lead", "lead_of": "Billing Team"}]


@pytest.mark.parametrize("lead", LEAD_MAY)
def test_a_lead_may_do_what_its_team_may_and_its_lead_only_actions_and_nothing_else(matrix, lead):
    for action in matrix.authority.actions():
        for amount in (None, 50, 100, 600):
            answer = permission_answer(can(matrix, lead, action, amount))
            assert answer["grant"] == ("allowed" if action in LEAD_MAY[lead] else "denied"), (lead, action, amount)
            assert answer["lead_of"] == {"T&S Lead": "T&S Team", "Billing Lead": "Billing Team"}[lead]
            assert answer["interpretations"][0] == "lead-roles"


def test_the_t_and_s_lead_may_ban_a_user(matrix):
    answer = permission_answer(can(matrix, "T&S Lead", "Ban user"))
    assert (answer["verdict"], answer["allowed"], answer["lead_only"], answer["lead"]) == (
        "Yes: allowed.", True, False, None)
    assert answer["summary"] == "T&S Lead, as T&S Team's lead: Ban user."
    assert answer["interpretations"] == ["lead-roles"]  # the asker and the cell rest on it: listed once
    assert answer["why"] == [{"text": "“Lead” in the authority matrix", "link": "interpretations/#lead-roles"}]
    assert answer["why_label"] == "Rests on our interpretation"
    escrow = permission_answer(can(matrix, "T&S Lead", "Release escrow"))
    assert escrow["grant"] == "denied" and escrow["who_can"] == ["Billing Lead", "Tier 4"]


def test_the_team_still_waits_for_its_lead_and_others_are_told_who_can(matrix):
    team = permission_answer(can(matrix, "T&S", "Ban user"))
    assert (team["grant"], team["summary"]) == ("lead", "T&S Team: Ban user. Ask the T&S Lead.")
    assert team["interpretations"] == ["lead-roles"]
    frontline = permission_answer(can(matrix, "Tier 1", "Ban user"))
    assert frontline["who_can"] == ["T&S Lead", "Tier 4"] and frontline["interpretations"] == ["lead-roles"]
    plain = permission_answer(can(matrix, "Tier 2", "Password reset"))
    assert (plain["interpretations"], plain["why"], plain["why_label"]) == ([], [], None)


def test_a_lead_no_lead_only_cell_names_is_no_role(matrix_source):
    data = copy.deepcopy(matrix_source.data)
    for rule in data["authority"]["rules"]:
        if rule["grants"]["ts-team"] == "lead":
            rule["grants"]["ts-team"] = "allowed"
    changed = build_matrix(data)
    assert "ts-lead" not in changed.leads
    with pytest.raises(LookupProblem):
        find_role(changed, "T&S Lead")


@pytest.mark.parametrize("bounds, words", [
    ({"min": 0, "max": 100}, "under $100"),
    ({"min": 100}, "$100 and above"),
    ({"min": 100, "min_inclusive": False}, "over $100"),
    ({"min": 0, "max": 100, "max_inclusive": True}, "$100 or less"),
    ({"min": 50, "max": 250}, "from $50 up to but not including $250"),
    ({"min": 50, "min_inclusive": False, "max": 250, "max_inclusive": True}, "over $50 up to and including $250"),
    ({"min": 0}, "any amount"),
])
def test_a_band_in_words_says_on_which_side_each_bound_falls(bounds, words):
    assert amount_words(AmountRange(**bounds), "USD") == words


def test_a_refund_of_exactly_100_is_named_by_a_band_that_holds_it(matrix):
    answer = permission_answer(can(matrix, "Tier 2", "Issue refund", 100))
    assert answer["verdict"] == "No: not allowed."
    assert answer["summary"] == "Tier 2: Issue refund, $100 and above (the seed writes “>$100”), for $100."
    assert "(>$100) for" not in answer["summary"]
    assert (answer["row"], answer["band"]) == ("Issue refund (>$100)", "$100 and above")
    assert answer["interpretations"] == ["refund-threshold", "refund-currency"]
    assert [why["link"] for why in answer["why"]] == ["interpretations/#refund-threshold",
                                                      "interpretations/#refund-currency"]
    band = answer["bands"][0]
    assert band["text"] == ("Issue refund, $100 and above (the seed writes “>$100”): No: not allowed. "
                            "Who can: Billing Team, Tier 4.")
    assert band["why"] == {"text": "where the threshold falls, our interpretation",
                           "link": "interpretations/#refund-threshold"}
    under = permission_answer(can(matrix, "Tier 2", "Issue refund", 99.99))
    assert under["summary"] == "Tier 2: Issue refund, under $100 (the seed writes “<$100”), for $99.99."


def test_the_billing_lead_refunding_600_lists_each_choice_once_in_the_order_used(matrix):
    answer = permission_answer(can(matrix, "Billing Lead", "Issue refund", 600))
    assert (answer["grant"], answer["role_id"], answer["lead_of"]) == ("allowed", "billing-lead", "Billing Team")
    assert answer["interpretations"] == ["lead-roles", "refund-threshold", "refund-currency"]
    topics = {i.id: i.topic for i in matrix.interpretations}
    assert answer["why"] == [{"text": topics[i], "link": f"interpretations/#{i}"} for i in answer["interpretations"]]


def test_bands_without_an_amount_show_both_thresholds_in_words(matrix):
    answer = permission_answer(can(matrix, "Tier 2", "Issue refund"))
    assert answer["grant"] == "depends" and answer["band"] is None
    assert [(b["words"], b["seed"], b["grant"]) for b in answer["bands"]] == [
        ("under $100", "<$100", "allowed"), ("$100 and above", ">$100", "denied")]
    assert answer["interpretations"] == ["refund-threshold", "refund-currency"]


def test_a_choice_the_matrix_does_not_publish_is_never_listed(matrix_source):
    data = copy.deepcopy(matrix_source.data)
    data["interpretations"] = [i for i in data["interpretations"] if i["id"] not in ("refund-threshold", "lead-roles")]
    changed = build_matrix(data)
    answer = permission_answer(can(changed, "Billing Lead", "Issue refund", 100))
    assert answer["interpretations"] == ["refund-currency"]
    assert answer["bands"][0]["why"] is None
