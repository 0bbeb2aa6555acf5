"""Finding things by what a person types: the seed's words, any case, slugs, single words."""

import pytest

from matrix.core import LookupProblem, can, find_action, find_role, route, search_issue_types


@pytest.mark.parametrize("typed, issue", [
    ("Login problems", "Login problems"), ("login PROBLEMS", "Login problems"), ("login-problems", "Login problems"),
    ("dmca-copyright", "DMCA/Copyright"), ("DMCA/Copyright", "DMCA/Copyright"), ("copyright", "DMCA/Copyright"),
    ("refund", "Refund request"), ("2fa", "Login problems"), ("fraud", "Fraud suspicion"),
    ("withdrawal", "Withdrawal issues"), ("press", "Press inquiry"), ("  Legal threat ", "Legal threat"),
])
def test_issue_type_by_what_an_agent_types(matrix, typed, issue):
    assert route(matrix, typed).issue.name == issue


def test_unknown_issue_suggests_close_names(matrix):
    with pytest.raises(LookupProblem) as raised:
        route(matrix, "Logn problms")
    assert "Login problems" in raised.value.suggestions
    with pytest.raises(LookupProblem) as raised:
        route(matrix, "Refnud requst")
    assert raised.value.suggestions[0] == "Refund request"


def test_ambiguous_word_lists_the_candidates(matrix):
    with pytest.raises(LookupProblem) as raised:
        route(matrix, "issues")
    assert {"SkillPod issues", "Performance issues"} <= set(raised.value.suggestions)


def test_search_box_offers_matching_issue_types(matrix):
    assert [i.name for i in search_issue_types(matrix, "refund")] == ["Refund request"]
    assert [i.name for i in search_issue_types(matrix, "2fa")] == ["Login problems"]
    assert "Payment failed" in [i.name for i in search_issue_types(matrix, "payment")]
    assert len(search_issue_types(matrix, "")) == 23
    assert search_issue_types(matrix, "zzzz") == []


@pytest.mark.parametrize("typed, role", [("Tier 2", "tier-2"), ("T&S", "ts-team"), ("t&s team", "ts-team"),
                                         ("Billing", "billing"), ("billing team", "billing"), ("tier-4", "tier-4")])
def test_roles_as_the_authority_table_heads_them(matrix, typed, role):
    assert find_role(matrix, typed).id == role


def test_a_team_outside_the_authority_table_is_not_a_role(matrix):
    with pytest.raises(LookupProblem):
        find_role(matrix, "Legal")


@pytest.mark.parametrize("typed, action", [("Issue refund", "Issue refund"), ("issue-refund", "Issue refund"),
                                           ("Issue refund (<$100)", "Issue refund"), ("ban", "Ban user"),
                                           ("release escrow", "Release escrow (dispute)"),
                                           ("disable-2fa", "Disable 2FA")])
def test_actions(matrix, typed, action):
    assert find_action(matrix, typed) == action


def test_unknown_severity_and_channel(matrix):
    with pytest.raises(LookupProblem) as raised:
        route(matrix, "Login problems", severity="P5")
    assert "severity" in str(raised.value)
    with pytest.raises(LookupProblem):
        route(matrix, "Login problems", channel="fax")


def test_negative_amount_is_refused(matrix):
    with pytest.raises(ValueError, match="0 or more"):
        can(matrix, "Tier 2", "Issue refund", -1)
