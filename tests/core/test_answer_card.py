"""The answer card from the real matrix: owner, how to reach them, the deadline that governs, what to do now."""

import copy
from datetime import datetime, timedelta

import pytest

from matrix.core import build_matrix, route, wording
from matrix.core.answers.browser import answer, escalation_message
from matrix.core.answers.cards import route_answer
from matrix.core.clock.hours import zone

NY = zone("America/New_York")
FRIDAY_EVENING = datetime(2026, 11, 27, 19, 30, tzinfo=NY)   # Billing and Legal went home; back Monday 09:00
TUESDAY_MORNING = datetime(2026, 12, 1, 10, 0, tzinfo=NY)


def card(matrix, issue, severity=None, channel=None, at=None):
    return route_answer(route(matrix, issue, severity, channel, opened_at=at))["card"]


def test_a_friday_evening_refund_warns_that_billing_is_off_until_monday_past_the_deadline(matrix):
    """Tier 1 is on shift, but the next step is not back before the SLA runs out: never "as usual"."""
    friday = card(matrix, "refund-request", at=FRIDAY_EVENING)
    assert friday["owner"]["status"] == "on shift around the clock" and friday["owner"]["on_shift"] is True
    assert friday["deadline"]["clock"] == "issue_sla" and friday["deadline"]["due"] == "2026-11-28T19:30:00-05:00"
    assert friday["now"] == {
        "text": "Step 1, Billing Team, is off shift until Mon 30 Nov 09:00 EST: past the 24 h Refund request SLA "
                "(due Sat 28 Nov 19:30 EST). Resolve it at Tier 1 if you can; if it needs Billing Team, tell the "
                "customer when Billing Team is back (Customer Update (During Escalation) template).",
        "tone": "warn", "why": {"text": "our off-shift rule", "link": "interpretations/#off-shift"}}
    tuesday = card(matrix, "refund-request", at=TUESDAY_MORNING)
    assert tuesday["now"] == {
        "text": "Tier 1 is on shift and owns it. If Tier 1 cannot resolve it, escalate to Billing Team. "
                "Resolve within the 24 h Refund request SLA.", "tone": "ok", "why": None}


def test_no_ok_tone_over_a_step_that_is_off_shift_past_the_deadline(matrix):
    """Along the whole path, at moments across a week: an "ok" card has every step back before the deadline."""
    moments = [FRIDAY_EVENING + timedelta(hours=hours) for hours in range(0, 24 * 7, 5)]
    checked = 0
    for category in matrix.categories:
        for issue in category.issue_types:
            for severity in (None, "P2", "P3"):
                for at in moments:
                    body = route_answer(route(matrix, issue.slug, severity, opened_at=at))
                    if body["card"]["now"]["tone"] != "ok":
                        continue
                    due = datetime.fromisoformat(body["card"]["deadline"]["due"])
                    for step in body["path"]:
                        shifts = [alternative["shift"] for alternative in step["alternatives"]]
                        assert any(s["on_shift"] or (s["next_on_shift"] and datetime.fromisoformat(s["next_on_shift"])
                                                     <= due) for s in shifts), (issue.slug, severity, at, step["name"])
                    checked += 1
    assert checked > 500  # the property held over many "ok" cards, not over none


@pytest.mark.parametrize(("severity", "channel", "clock", "bound", "due"), [
    (None, None, "issue_sla", "target", "2026-11-28T19:30:00-05:00"),      # 24 h SLA, no severity
    ("P1", "chat", "resolution", "target", "2026-11-27T23:30:00-05:00"),   # P1's 4 h is nearer than the 24 h SLA
    ("P2", "email", "issue_sla", "target", "2026-11-28T19:30:00-05:00"),   # a tie (24 h each): the SLA, listed first
])
def test_the_governing_deadline_is_the_nearer_of_the_sla_and_the_resolution_target(matrix, severity, channel, clock,
                                                                                   bound, due):
    governing = card(matrix, "refund-request", severity, channel, FRIDAY_EVENING)["deadline"]
    assert (governing["clock"], governing["bound"], governing["due"]) == (clock, bound, due)
    assert governing["why"] == {"text": "which deadline counts, our interpretation",
                                "link": "interpretations/#governing-deadline"}
    # The channel's first response, shorter still, never governs: it is the agent's own first reply.
    assert governing["clock"] != "first_response"


def test_without_a_moment_the_shorter_clock_governs_and_nothing_is_due(matrix):
    untimed = card(matrix, "refund-request", "P1", "chat")
    assert (untimed["deadline"]["clock"], untimed["deadline"]["duration"], untimed["deadline"]["due"]) == (
        "resolution", "4 h", None)
    assert untimed["owner"]["status"] is None and untimed["owner"]["on_shift"] is None


def test_an_emergency_pages_the_on_call_first_and_the_message_asks_for_them(matrix):
    fraud = card(matrix, "fraud-suspicion", "P1", "chat", FRIDAY_EVENING)
    assert fraud["now"]["tone"] == "urgent" and fraud["now"]["why"]["link"] == "interpretations/#off-shift"
    assert fraud["now"]["text"] == ("P1 does not wait: page Tier 3 (On-Call Primary) now, then escalate to T&S Lead "
                                    "(off shift until Mon 30 Nov 09:00 EST).")
    assert fraud["requesting"] == "Tier 3 and T&S Lead"
    message = escalation_message(matrix, "fraud-suspicion", "P1", at=FRIDAY_EVENING.isoformat())
    assert "Requesting: Tier 3 and T&S Lead assistance" in message["text"]


def test_an_owner_off_shift_gets_the_rules_advice(matrix):
    legal = card(matrix, "legal-threat", "P2", "email", FRIDAY_EVENING)
    assert legal["owner"]["status"] == "off shift until Mon 30 Nov 09:00 EST" and legal["owner"]["on_shift"] is False
    assert legal["now"]["tone"] == "warn"
    assert legal["now"]["text"].startswith("Legal is off shift until Mon 30 Nov 09:00 EST. P2: waiting for Legal")
    assert "breaches the 2 h Legal threat SLA" in legal["now"]["text"]


def test_an_assumed_schedule_says_so_and_links_the_assumption(matrix):
    security = card(matrix, "account-compromise", "P2", at=TUESDAY_MORNING)
    assert "hours not published; assumed" in security["owner"]["status"]
    assert security["owner"]["why"] == {"text": "our assumption", "link": "interpretations/#unpublished-hours"}
    assert card(matrix, "refund-request", at=TUESDAY_MORNING)["owner"]["why"] is None


def test_an_owner_without_a_contact_is_reached_through_the_path_or_the_on_call(matrix):
    disputes = card(matrix, "dispute-resolution")
    assert disputes["contact"]["text"] == "Disputes Team: no contact published"
    assert disputes["contact"]["instead"] == ("Disputes Team has no contact the runbook can give: go through Legal "
                                              "(legal@skillancer.com).")
    assert disputes["contact"]["why"] == {"text": "our interpretation", "link": "interpretations/#unreachable-owner"}
    security = card(matrix, "account-compromise", "P2", at=TUESDAY_MORNING)
    assert "go through Tier 3 (On-Call Primary, #oncall-primary)" in security["contact"]["instead"]
    # What to do now says whom to go through too, and hands over before the owner's shift ends.
    assert security["now"]["text"].startswith(
        "Security is on shift and owns it; reach Security through Tier 3 (On-Call Primary). If Security cannot")
    disputes_now = card(matrix, "dispute-resolution", "P2", at=datetime(2026, 12, 1, 11, 40, tzinfo=NY))["now"]["text"]
    assert disputes_now.endswith("Resolve within the 24 h P2 resolution target. Disputes Team's shift ends at Tue 1 Dec "
                                 "17:00 EST, before the 24 h P2 resolution target is due at Wed 2 Dec 11:40 EST: hand "
                                 "over before then.")
    # A warning along the path sends the agent to the owner the way it can be reached.
    executive = card(matrix, "executive-complaint", "P2", at=TUESDAY_MORNING)["now"]["text"]
    assert "Resolve it at Tier 4 (through Tier 3 (On-Call Primary)) if you can" in executive
    reachable = card(matrix, "refund-request")
    assert reachable["contact"] == {"text": "Tier 1 via Support Queue: support@skillancer.com",
                                    "href": "mailto:support@skillancer.com", "placeholder": False,
                                    "instead": None, "why": None, "ours": ["tier-contacts"]}


def test_a_placeholder_number_is_never_shown_as_one_to_call(matrix_source):
    data = copy.deepcopy(matrix_source.data)
    legal = next(team for team in data["teams"] if team["id"] == "legal")
    legal["contact"] = {"kind": "phone", "value": "+1-XXX-XXX-XXXX"}
    placeholder = card(build_matrix(data), "legal-threat")["contact"]
    assert placeholder["placeholder"] is True and placeholder["href"] is None
    assert wording.PLACEHOLDER_CONTACT in placeholder["text"]
    assert placeholder["instead"].startswith("Legal has no contact the runbook can give: go through")


def test_the_card_flags_the_matrixs_own_contradictions_on_what_it_shows(matrix):
    chat = card(matrix, "refund-request", "P1", "chat")
    assert [(flag["link"], flag["link_text"]) for flag in chat["flags"]] == [("policy-check/#contradiction",
                                                                               "policy check")]
    assert chat["flags"][0]["text"] == ("Tier 1 answers Live Chat within 15 min, but the Live Chat first-response "
                                        "maximum is 5 min")
    assert card(matrix, "refund-request", "P1", "email")["flags"] == []  # Tier 1's chat time is not on this answer


def test_the_requesting_line_is_whom_the_card_sends_the_agent_to(matrix):
    for issue, severity, requesting in [("refund-request", "P2", "Billing Team"),
                                        ("fraud-suspicion", "P1", "Tier 3 and T&S Lead"),
                                        ("press-inquiry", "P3", "CEO or CMO")]:
        body = answer(matrix, issue, severity)
        assert body["route"]["card"]["requesting"] == requesting
        assert body["message_defaults"]["requesting"] == requesting


def test_only_choices_the_matrix_publishes_are_marked(matrix, matrix_source):
    """A mark links an explanation on the Interpretations page: a choice the matrix does not publish has none."""
    friday = route_answer(route(matrix, "refund-request", "P2", opened_at=FRIDAY_EVENING))
    billing = friday["path"][0]["alternatives"][0]
    assert billing["hours"]["ours"] == ["local-time-zone", "weekdays", "holidays"] and billing["ours"] == ["billing-team"]
    assert friday["card"]["now"]["why"]["link"] == "interpretations/#off-shift"
    assert {"weekdays", "off-shift", "tier-contacts"} <= set(friday["interpretations"])

    data = copy.deepcopy(matrix_source.data)
    dropped = {"weekdays", "off-shift", "tier-contacts"}
    data["interpretations"] = [i for i in data["interpretations"] if i["id"] not in dropped]
    unpublished = route_answer(route(build_matrix(data), "refund-request", "P2", opened_at=FRIDAY_EVENING))
    assert not dropped & set(unpublished["interpretations"])
    billing = unpublished["path"][0]["alternatives"][0]
    assert billing["hours"]["ours"] == ["local-time-zone", "holidays"]
    assert unpublished["owner"]["ours"] == [] and unpublished["card"]["contact"]["ours"] == []
    assert unpublished["card"]["now"]["why"] is None and unpublished["card"]["now"]["tone"] == "warn"
    assert unpublished["off_shift"]["ours"] == []


def test_answers_share_party_cards_and_none_changes_them(matrix_source):
    """A party's card is made once per matrix and shared by every answer: answers for a moment (each with
    its own `shift`) must leave the shared card as a matrix that never answered would make it."""
    used = build_matrix(copy.deepcopy(matrix_source.data))
    issues = [issue.slug for issue in used.issue_types]
    for slug in issues:
        for severity in (None, "P0", "P2"):
            route_answer(route(used, slug, severity, None, opened_at=FRIDAY_EVENING))
            answer(used, slug, severity)
    for slug in issues:
        fresh = build_matrix(copy.deepcopy(matrix_source.data))
        assert answer(used, slug, "P1") == answer(fresh, slug, "P1")
        assert "shift" not in answer(used, slug)["route"]["owner"]
