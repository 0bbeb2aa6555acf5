"""A party with no usable contact, wherever an answer names it, says so and whom to go through (unreachable-owner)."""

from __future__ import annotations

import copy

import pytest

from matrix.core import build_matrix, route, wording
from matrix.core.answers.cards import party_card, route_answer
from matrix.core.rules.reach import reachable

WHY = {"text": "our interpretation", "link": "interpretations/#unreachable-owner"}


def steps(answer: dict) -> dict[str, dict]:
    """Each party of the path by name, with whom to go through for it."""
    return {card["name"]: card["instead"] for step in answer["path"] for card in step["alternatives"]}


def test_tier_4_as_owner_says_no_contact_published_and_to_go_through_the_on_call(matrix):
    answer = route_answer(route(matrix, "executive-complaint"))
    owner = answer["owner"]
    assert (owner["via"], owner["reach"]) == ("Head of Support", wording.NO_CONTACT)
    assert owner["instead"] == {"through": "tier-3", "why": WHY, "text": (
        "Tier 4 has no contact the runbook can give: go through Tier 3 (On-Call Primary, #oncall-primary).")}
    card = answer["card"]["contact"]
    assert (card["text"], card["instead"], card["why"]) == (
        "Tier 4 via Head of Support: no contact published", owner["instead"]["text"], WHY)
    assert steps(answer)["CEO"]["through"] == "tier-3"  # nobody before it can be reached


def test_a_step_is_reached_through_the_nearest_party_before_it_that_can_be(matrix):
    fraud = steps(route_answer(route(matrix, "fraud-suspicion")))
    assert fraud["T&S Lead"] == {"through": "ts-team", "why": WHY, "text": (
        "T&S Lead has no contact the runbook can give: go through T&S Team (trust@skillancer.com).")}
    assert fraud["Security"]["through"] == "ts-team"
    legal = steps(route_answer(route(matrix, "legal-threat")))
    assert (legal["General Counsel"]["through"], legal["CEO"]["through"]) == ("legal", "legal")
    compromise = steps(route_answer(route(matrix, "account-compromise")))
    assert compromise["Tier 3"] is None and compromise["CISO"]["through"] == "tier-3"
    press = steps(route_answer(route(matrix, "press-inquiry")))  # owner PR has no contact either
    assert press["CEO"]["through"] == press["CMO"]["through"] == "tier-3"


def test_every_party_an_answer_names_can_be_reached_or_says_through_whom(matrix):
    for issue in matrix.issue_types:
        answer = route_answer(route(matrix, issue.slug))
        for card in [answer["owner"], *(c for step in answer["path"] for c in step["alternatives"])]:
            if reachable(matrix.parties[card["id"]]):
                assert card["instead"] is None, (issue.name, card["name"])
                continue
            through = card["instead"]["through"]
            assert through and through != card["id"] and reachable(matrix.parties[through]), (issue.name, card["name"])
            assert card["instead"]["why"] == WHY


@pytest.mark.parametrize("party, through", [("head-of-support", "tier-3"), ("tier-4", "tier-3"),
                                            ("ts-lead", "ts-team"), ("billing-lead", "billing"),
                                            ("emergency-line", "tier-3"), ("legal", None)])
def test_outside_a_path_a_lead_goes_through_its_team_and_anyone_else_through_the_on_call(matrix, party, through):
    card = party_card(matrix, party)
    assert (card["instead"] or {}).get("through") == through


def test_nobody_to_go_through_says_ask_your_team_lead(matrix_source):
    data = copy.deepcopy(matrix_source.data)
    data["off_shift"]["on_call"] = "ceo"  # an on-call with no contact is nobody to go through
    card = party_card(build_matrix(data), "head-of-support")
    assert card["instead"]["through"] is None
    assert card["instead"]["text"] == "Head of Support has no contact the runbook can give: ask your team lead who covers it."


def test_names_in_advice_say_a_tier_reached_through_nobody_is_unpublished(matrix):
    cards = [party_card(matrix, "tier-4"), party_card(matrix, "tier-3"), party_card(matrix, "ceo")]
    assert wording.names(cards) == ("Tier 4 (Head of Support, no contact published), Tier 3 (On-Call Primary), "
                                    "CEO (no contact published)")
