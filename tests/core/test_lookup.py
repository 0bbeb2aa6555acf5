"""Finding things by what a person types: the seed's words, any case, slugs, single words."""

import pytest

from matrix.core import AmbiguousLookup, LookupProblem, can, find, find_action, find_role, route


@pytest.mark.parametrize("typed, issue", [
    ("Login problems", "Login problems"), ("login PROBLEMS", "Login problems"), ("login-problems", "Login problems"),
    ("dmca-copyright", "DMCA/Copyright"), ("DMCA/Copyright", "DMCA/Copyright"), ("copyright", "DMCA/Copyright"),
    ("refund", "Refund request"), ("2fa", "Login problems"), ("fraud", "Fraud suspicion"),
    ("withdrawal", "Withdrawal issues"), ("press", "Press inquiry"), ("  Legal threat ", "Legal threat"),
])
def test_issue_type_by_what_an_agent_types(matrix, typed, issue):
    assert route(matrix, typed).issue.name == issue


def test_typos_within_reason_still_find_the_issue_type(matrix):
    assert route(matrix, "Refnud requst").issue.name == "Refund request"
    assert route(matrix, "pasword reset").issue.name == "Login problems"
    # A typo in a short word could be another word ("logo" is "logon" with a letter missing): first, not certain.
    found = find(matrix, "Logn problms")
    assert found.candidates[0].issue.name == "Login problems" and not found.confident


def test_words_that_fit_nothing_are_unknown_with_the_closest_names(matrix):
    with pytest.raises(LookupProblem) as raised:
        route(matrix, "Teleport")
    assert str(raised.value).startswith("Unknown issue type: 'Teleport'.")
    assert not isinstance(raised.value, AmbiguousLookup)


def test_a_word_that_fits_several_issue_types_lists_them_to_choose(matrix):
    with pytest.raises(AmbiguousLookup) as raised:
        route(matrix, "complaint")
    assert {"Executive complaint", "Harassment report"} <= set(raised.value.suggestions)
    assert str(raised.value).startswith("Not sure which issue type 'complaint' means; it could be: ")


def test_find_ranks_issue_types_for_a_search_box(matrix):
    refund = find(matrix, "refund")
    assert (refund.candidates[0].issue.name, refund.candidates[0].matched) == ("Refund request", ("refund",))
    assert refund.confident
    assert find(matrix, "2fa").best.name == "Login problems"
    payment = find(matrix, "payment")
    assert not payment.confident and "Payment failed" in [c.issue.name for c in payment.candidates]
    assert find(matrix, "").candidates == () and find(matrix, "zzzz").candidates == ()


def test_whole_words_only(matrix):
    """"sue" is in "issues" but is not the word "issues": it means a lawsuit."""
    assert [c.issue.slug for c in find(matrix, "sue").candidates] == ["legal-threat"]
    assert find(matrix, "press").best.slug == "press-inquiry"  # not "expression", not "pressure"
    assert find(matrix, "expressions of pressure").candidates == ()


def test_inflections_apostrophes_and_sentences(matrix):
    for text in ("hacked", "hacking", "hacker", "someone's account got hacked", "my account was HACKED!!"):
        assert find(matrix, text).best.slug == "account-compromise", text
    assert find(matrix, "refunds").best.slug == "refund-request"
    assert find(matrix, "calendar isn't syncing").best.slug == "data-sync-issues"
    assert find(matrix, "customer can't sign in").best.slug == "login-problems"
    assert find(matrix, "client is asking for their money back").best.slug == "refund-request"


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
