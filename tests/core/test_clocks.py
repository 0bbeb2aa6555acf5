"""Time-aware answers from the real matrix: deadlines, who is on shift, and the off-shift rule."""

import copy
import json
from datetime import datetime, timezone

import pytest

from matrix.core.answers.cards import route_answer
from matrix.core import build_matrix, route
from matrix.core.clock.hours import TimeProblem, zone

NY = zone("America/New_York")
UTC = timezone.utc
FRIDAY_EVENING = datetime(2026, 11, 27, 19, 30, tzinfo=NY)   # Legal went home at 17:00
SATURDAY_NIGHT = datetime(2026, 11, 28, 3, 0, tzinfo=NY)     # Tier 2 is back Monday 06:00


@pytest.fixture
def data(matrix_source):
    """A private copy of the real matrix's data, to change one thing in."""
    return copy.deepcopy(matrix_source.data)


def answer(matrix, issue, severity=None, channel=None, at=FRIDAY_EVENING, tz=None):
    return route_answer(route(matrix, issue, severity, channel, opened_at=at, tz=tz))


def due(result, clock, bound="target"):
    return next(d for d in result["deadlines"] if d["clock"] == clock and d["bound"] == bound)


# --- deadlines ---------------------------------------------------------------------------------

def test_calendar_deadlines_of_every_clock(matrix):
    result = answer(matrix, "Legal threat", "P2", "email")
    assert [(d["label"], d["due"]) for d in result["deadlines"]] == [
        ("First response (Email) target", "2026-11-27T21:30:00-05:00"),
        ("First response (Email) maximum", "2026-11-27T23:30:00-05:00"),
        ("Legal threat SLA", "2026-11-27T21:30:00-05:00"),
        ("P2 resolution target", "2026-11-28T19:30:00-05:00"),
        ("P2 resolution maximum", "2026-11-29T19:30:00-05:00"),
    ]
    assert {d["counts"] for d in result["deadlines"]} == {"calendar"}
    assert result["time"] == {"opened_at": "2026-11-27T19:30:00-05:00", "opened_at_label": "Fri 27 Nov 19:30 EST",
                              "tz": "America/New_York", "clocks": dict(matrix.clocks)}


def test_deadlines_are_written_in_the_askers_zone(matrix):
    result = answer(matrix, "Legal threat", tz="Europe/Berlin")
    assert due(result, "issue_sla")["due"] == "2026-11-28T03:30:00+01:00"
    assert due(result, "issue_sla")["due_label"] == "Sat 28 Nov 03:30 CET"
    assert result["owner"]["shift"]["next_on_shift"] == "2026-11-30T15:00:00+01:00"


def test_business_clock_is_one_line_and_counts_only_the_owners_hours(data):
    data["clocks"]["issue_sla"] = "business"
    result = answer(build_matrix(data), "Legal threat")
    sla = due(result, "issue_sla")
    assert sla["counts"] == "business"
    assert sla["due"] == "2026-11-30T11:00:00-05:00"          # two of Legal's hours: Monday 09:00–11:00
    assert result["off_shift"]["standard"]["breaches"] == []
    assert "stays within the 2 h SLA (due Mon 30 Nov 11:00 EST)" in result["off_shift"]["advice"]


def test_business_clock_skips_the_owners_holidays(data):
    data["clocks"]["issue_sla"] = "business"
    legal = next(s for s in data["schedules"] if s["id"] == "business-hours")
    legal["holidays"] = ["2026-11-26", "2026-11-30"]
    result = answer(build_matrix(data), "Legal threat", at=datetime(2026, 11, 25, 16, 0, tzinfo=NY))
    # One hour on Wednesday; Thursday off (holiday), Friday 09:00–10:00 finishes the SLA.
    assert due(result, "issue_sla")["due"] == "2026-11-27T10:00:00-05:00"
    friday = answer(build_matrix(data), "Legal threat")
    assert friday["owner"]["shift"]["next_on_shift"] == "2026-12-01T09:00:00-05:00"  # Monday is a holiday


def test_business_deadline_across_the_spring_dst_change(data):
    data["clocks"]["resolution"] = "business"
    result = answer(build_matrix(data), "Legal threat", "P1", at=datetime(2026, 3, 6, 14, 0, tzinfo=NY))
    # 4 business hours from Friday 14:00 EST: three on Friday, one on Monday after the change.
    assert due(result, "resolution")["due"] == "2026-03-09T10:00:00-04:00"


def test_calendar_deadline_across_the_autumn_dst_change(matrix):
    result = answer(matrix, "Performance issues", at=datetime(2026, 11, 1, 0, 30, tzinfo=NY))
    assert due(result, "issue_sla")["due"] == "2026-11-01T01:30:00-04:00"      # 1 h later, first 01:30
    result = answer(matrix, "Login problems", at=datetime(2026, 11, 1, 0, 30, tzinfo=NY))
    assert due(result, "issue_sla")["due"] == "2026-11-01T03:30:00-05:00"      # 4 h later, not 04:30


def test_a_business_clock_never_runs_out_when_the_owner_keeps_no_hours(data):
    data["clocks"]["issue_sla"] = "business"
    next(t for t in data["teams"] if t["id"] == "legal")["hours"] = {"schedule": "no-regular-hours",
                                                                   "label": "Never"}
    result = answer(build_matrix(data), "Legal threat", "P3")
    assert due(result, "issue_sla")["due"] is None
    assert result["off_shift"]["owner_back"] is None
    assert "Legal is off shift and keeps no regular hours" in result["off_shift"]["advice"]


# --- on shift along the path -------------------------------------------------------------------

def test_every_step_says_whether_it_is_on_shift_and_when_it_next_is(matrix):
    result = answer(matrix, "Legal threat")
    owner, counsel, ceo = result["owner"]["shift"], *(s["alternatives"][0]["shift"] for s in result["path"])
    assert owner["on_shift"] is False and owner["next_on_shift_label"] == "Mon 30 Nov 09:00 EST"
    assert counsel["assumed"] is True and counsel["next_on_shift"] == "2026-11-30T09:00:00-05:00"
    assert ceo == {**ceo, "on_shift": False, "emergency_only": True, "next_on_shift": None}
    assert result["next"] == result["path"][0]


def test_a_choice_step_has_a_shift_for_each_alternative(matrix):
    result = answer(matrix, "Press inquiry", at=datetime(2026, 11, 30, 10, 0, tzinfo=NY))
    ceo, cmo = result["path"][0]["alternatives"]
    assert (ceo["name"], ceo["shift"]["emergency_only"]) == ("CEO", True)
    assert (cmo["name"], cmo["shift"]["on_shift"], cmo["shift"]["until"]) == ("CMO", True,
                                                                            "2026-11-30T17:00:00-05:00")


def test_24_7_parties_are_on_shift_with_no_end(matrix):
    result = answer(matrix, "SkillPod issues", at=SATURDAY_NIGHT)
    tier3 = result["path"][0]["alternatives"][0]["shift"]
    assert (tier3["on_shift"], tier3["until"], tier3["next_on_shift"]) == (True, None, None)
    assert result["owner"]["shift"]["next_on_shift_label"] == "Mon 30 Nov 06:00 EST"


# --- the off-shift rule, at each severity ------------------------------------------------------

@pytest.mark.parametrize("severity", ["P0", "P1"])
def test_emergencies_go_to_whoever_is_on_call_now(matrix, severity):
    rule = answer(matrix, "Legal threat", severity)["off_shift"]
    assert rule["applies"] == "emergency" and rule["standard"] is None
    assert [c["id"] for c in rule["emergency"]["go_to"]] == ["tier-3", "ceo"]
    assert rule["advice"] == (f"Legal is off shift until Mon 30 Nov 09:00 EST. {severity} does not wait: page "
                              "Tier 3 (On-Call Primary) now; also reachable for emergencies: CEO (no contact "
                              "published).")


def test_an_owner_with_emergency_hours_is_reached_first_in_an_emergency(matrix):
    rule = answer(matrix, "Executive complaint", "P0")["off_shift"]
    assert [c["id"] for c in rule["emergency"]["go_to"]] == ["tier-4", "tier-3", "ceo"]


@pytest.mark.parametrize("severity", ["P2", "P3"])
def test_lower_severities_wait_and_say_the_wait_breaches_the_sla(matrix, severity):
    rule = answer(matrix, "Legal threat", severity)["off_shift"]
    assert rule["applies"] == "standard" and rule["emergency"] is None
    standard = rule["standard"]
    assert standard["wait_until"] == "2026-11-30T09:00:00-05:00" and standard["wait_minutes"] == 61 * 60 + 30
    assert standard["breaches_sla"] is True
    assert standard["breaches"][0] == {"clock": "issue_sla", "bound": "target", "label": "Legal threat SLA",
                                       "due": "2026-11-27T21:30:00-05:00", "late_minutes": 59 * 60 + 30}
    assert standard["escalate_to"] is None                     # nobody on the path is on shift
    assert standard["advice"] == (
        f"{severity}: waiting for Legal until Mon 30 Nov 09:00 EST breaches the 2 h Legal threat SLA (due Fri 27 "
        "Nov 21:30 EST), and nobody on the path is on shift now: tell the customer when Legal is back (Mon 30 Nov "
        "09:00 EST) with the Customer Update (During Escalation) template; if it cannot wait, raise it to P1 and "
        "page Tier 3 (On-Call Primary).")


def test_without_a_severity_the_answer_gives_both_branches(matrix):
    rule = answer(matrix, "Legal threat")["off_shift"]
    assert rule["applies"] == "either"
    assert rule["emergency"]["advice"].startswith("If it is P0/P1, it does not wait: page Tier 3")
    assert rule["standard"]["advice"].startswith("If it is P2/P3, waiting for Legal until Mon 30 Nov 09:00 EST "
                                                 "breaches the 2 h Legal threat SLA")


def test_a_breaching_wait_escalates_to_the_first_step_on_shift(matrix):
    rule = answer(matrix, "SkillPod issues", "P3", at=SATURDAY_NIGHT)["off_shift"]
    assert rule["standard"]["escalate_to"]["step"] == 1
    assert rule["standard"]["escalate_to"]["party"]["id"] == "tier-3"
    assert "Instead escalate now to step 1, Tier 3 (On-Call Primary), on shift now." in rule["advice"]


def test_if_wait_breaches_wait_only_reports_the_breach(data):
    data["off_shift"]["if_wait_breaches"] = "wait"
    rule = answer(build_matrix(data), "SkillPod issues", "P3", at=SATURDAY_NIGHT)["off_shift"]
    assert rule["standard"]["breaches_sla"] is True and rule["standard"]["escalate_to"] is None


def test_a_wait_within_the_sla_is_not_a_breach(matrix):
    # Dispute resolution: 72 h SLA; the Disputes Team (assumed business hours) is back in 61.5 h.
    rule = answer(matrix, "Dispute resolution", "P3")["off_shift"]
    assert rule["standard"]["breaches"] == [] and rule["standard"]["breaches_sla"] is False
    assert "stays within the 72 h SLA (due Mon 30 Nov 19:30 EST)" in rule["advice"]


def test_the_resolution_clock_can_breach_too(matrix):
    # Dispute at P2: the 24 h resolution target is due Saturday, before the owner is back.
    standard = answer(matrix, "Dispute resolution", "P2")["off_shift"]["standard"]
    assert [(b["label"], b["due"]) for b in standard["breaches"]] == [
        ("P2 resolution target", "2026-11-28T19:30:00-05:00"), ("P2 resolution maximum", "2026-11-29T19:30:00-05:00")]
    assert standard["breaches_sla"] is False


def test_without_an_off_shift_rule_every_severity_waits(data):
    del data["off_shift"]
    data["interpretations"] = [i for i in data["interpretations"] if i["path"] != "off_shift"]
    rule = answer(build_matrix(data), "Legal threat", "P0")["off_shift"]
    assert rule["applies"] == "standard" and rule["emergency"] is None
    assert rule["rule"] == "Every issue must wait for the owner's next shift"


def test_an_owner_on_shift_needs_no_rule_but_hears_when_its_shift_ends(matrix):
    rule = answer(matrix, "Legal threat", at=datetime(2026, 11, 27, 16, 30, tzinfo=NY))["off_shift"]
    assert rule["owner_on_shift"] is True and rule["applies"] == "none"
    assert rule["advice"] == ("Legal is on shift: escalate as usual. Its shift ends at Fri 27 Nov 17:00 EST, before "
                              "the SLA is due at Fri 27 Nov 18:30 EST: hand over before then.")
    morning = answer(matrix, "Legal threat", at=datetime(2026, 11, 27, 10, 0, tzinfo=NY))["off_shift"]
    assert morning["advice"] == "Legal is on shift: escalate as usual."


# --- the contract ------------------------------------------------------------------------------

def test_time_keys_appear_only_with_an_opening_time(matrix):
    plain = route_answer(route(matrix, "Legal threat", "P2"))
    assert not {"time", "deadlines", "off_shift"} & set(plain)
    assert "shift" not in plain["owner"]
    timed = answer(matrix, "Legal threat", "P2")
    assert {k: v for k, v in timed.items() if k not in ("time", "deadlines", "off_shift")} == {
        **plain, "owner": timed["owner"], "next": timed["next"], "path": timed["path"], "card": timed["card"],
        "interpretations": timed["interpretations"]}
    # A moment adds how the clocks count and the off-shift rule to the choices of ours the answer rests on.
    assert set(plain["interpretations"]) <= set(timed["interpretations"])
    assert {"sla-clocks", "off-shift"} <= set(timed["interpretations"]) - set(plain["interpretations"])
    assert {k: v for k, v in timed["owner"].items() if k != "shift"} == plain["owner"]
    # The card is for the moment when there is one: on shift or not, and the deadline's local time.
    assert plain["card"]["owner"]["status"] is None and plain["card"]["deadline"]["due"] is None
    assert timed["card"]["owner"]["status"].startswith("off shift until")
    assert timed["card"]["deadline"]["due"] == "2026-11-27T21:30:00-05:00"
    assert set(plain["card"]) == set(timed["card"]) and plain["card"]["contact"] == timed["card"]["contact"]


def test_answers_are_json_and_deterministic(matrix):
    first = json.dumps(answer(matrix, "Legal threat", "P1", "phone"), sort_keys=True)
    assert first == json.dumps(answer(matrix, "Legal threat", "P1", "phone"), sort_keys=True)
    same_instant = answer(matrix, "Legal threat", "P1", "phone", at=FRIDAY_EVENING.astimezone(UTC))
    assert json.dumps(same_instant, sort_keys=True) == first


def test_bad_instants_and_zones_are_refused(matrix):
    with pytest.raises(TimeProblem, match="needs a time zone"):
        route(matrix, "Legal threat", opened_at=datetime(2026, 11, 27, 19, 30))
    with pytest.raises(TimeProblem, match="Unknown time zone 'Europe/Berln'"):
        route(matrix, "Legal threat", opened_at=FRIDAY_EVENING, tz="Europe/Berln")
