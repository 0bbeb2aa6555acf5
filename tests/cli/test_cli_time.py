"""`escalate route --at/--tz` and `escalate onshift`: answers that know the time, and bad input."""

import json
import subprocess
import sys

import pytest

from matrix.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_legal_threat_on_a_friday_evening_says_off_shift_breach_and_what_to_do(capsys):
    code, out, err = run(capsys, "route", "Legal threat", "--at", "2026-11-27T19:30")
    assert code == 0 and err == ""
    assert "  At Fri 27 Nov 19:30 EST (America/New_York):" in out
    assert "    Owner: Legal is off shift until Mon 30 Nov 09:00 EST" in out
    assert "    Legal threat SLA (2 h, calendar time): Fri 27 Nov 21:30 EST" in out
    assert "  Legal is off shift until Mon 30 Nov 09:00 EST. Rule: P0/P1 go to whoever is on call now" in out
    assert ("    If it is P0/P1, it does not wait: page Tier 3 (On-Call Primary) now; also reachable for "
            "emergencies: CEO (no contact published).") in out
    assert ("    If it is P2/P3, waiting for Legal until Mon 30 Nov 09:00 EST breaches the 2 h Legal threat SLA "
            "(due Fri 27 Nov 21:30 EST), and nobody on the path is on shift now: tell the customer when Legal is "
            "back") in out


def test_the_askers_zone_changes_the_moment_and_how_times_read(capsys):
    # 19:30 in Berlin is 13:30 in New York: Legal is at work.
    code, out, _ = run(capsys, "route", "Legal threat", "--at", "2026-11-27T19:30", "--tz", "Europe/Berlin")
    assert code == 0
    assert "  At Fri 27 Nov 19:30 CET (Europe/Berlin):" in out
    assert "    Owner: Legal is on shift until Fri 27 Nov 23:00 CET" in out
    # Legal is at work, but step 2, the CEO, keeps no regular hours: the card warns rather than "as usual".
    assert ("  Now       ! Step 2, CEO, keeps no regular hours: past the 2 h Legal threat SLA (due Fri 27 Nov 21:30 "
            "CET). Resolve it at Legal if you can;") in out
    assert "escalate as usual" not in out  # the card, which looks along the whole path, says what to do


def test_an_offset_in_at_wins_and_tz_only_sets_how_times_read(capsys):
    code, out, _ = run(capsys, "route", "Legal threat", "--at", "2026-11-28T00:30+00:00", "--tz", "Europe/Berlin",
                       "--json")
    answer = json.loads(out)
    assert code == 0 and answer["time"]["opened_at"] == "2026-11-28T01:30:00+01:00"
    assert answer["owner"]["shift"]["next_on_shift"] == "2026-11-30T15:00:00+01:00"


def test_route_json_with_at_carries_deadlines_and_the_rule(capsys):
    code, out, _ = run(capsys, "route", "SkillPod issues", "--severity", "P2", "--channel", "chat",
                       "--at", "2026-11-28T03:00", "--json")
    answer = json.loads(out)
    assert code == 0
    assert [d["clock"] for d in answer["deadlines"]] == ["first_response", "first_response", "issue_sla",
                                                         "resolution", "resolution"]
    assert answer["off_shift"]["standard"]["escalate_to"]["party"]["name"] == "Tier 3"
    assert answer["path"][0]["alternatives"][0]["shift"]["on_shift"] is True


def test_route_without_at_answers_for_the_present_moment(capsys):
    """As the wizard does: who is on shift now, and the deadline's local time."""
    from datetime import datetime, timezone

    before = datetime.now(timezone.utc)
    code, out, _ = run(capsys, "route", "Legal threat", "--json")
    answer = json.loads(out)
    opened = datetime.fromisoformat(answer["time"]["opened_at"])
    assert code == 0 and answer["deadlines"] and answer["card"]["deadline"]["due"]
    assert before.replace(microsecond=0) <= opened <= datetime.now(timezone.utc)
    code, out, _ = run(capsys, "route", "Legal threat")
    assert "  At " in out and "Due:" in out


def test_onshift_lists_each_party_once(capsys):
    """A tier's contact is the tier: Support Queue is not listed beside Tier 1."""
    code, out, _ = run(capsys, "onshift", "--at", "2026-11-27T19:30", "--json")
    answer = json.loads(out)
    names = [card["name"] for group in ("on_shift", "emergency_only", "off_shift") for card in answer[group]]
    assert len(names) == len(set(names))
    assert "Tier 1" in names and "Support Queue" not in names and "On-Call Primary" not in names


def test_onshift_lists_who_can_be_reached_and_who_only_for_emergencies(capsys):
    code, out, _ = run(capsys, "onshift", "--at", "2026-11-27T19:30")
    assert code == 0
    head, rest = out.split("Reachable now (on shift):\n")
    on, rest = rest.split("Emergencies only (P0/P1):\n")
    emergency, off = rest.split("Off shift:\n")
    assert head == "At Fri 27 Nov 19:30 EST (America/New_York):\n"
    assert "Tier 3 via On-Call Primary — #oncall-primary · 24/7 (on-call rotation) — always on shift" in on
    assert ("Tier 2 via Tech Support Lead — techsupport@skillancer.com · Extended business hours (6am-10pm local) "
            "— until Fri 27 Nov 22:00 EST") in on
    assert "Legal" not in on
    assert "CTO — no contact published · Emergency only — no regular hours" in emergency
    assert "Tier 4 via Head of Support" in emergency
    assert "Legal — legal@skillancer.com · Business hours — back Mon 30 Nov 09:00 EST" in off


def test_onshift_json(capsys):
    code, out, _ = run(capsys, "onshift", "--at", "2026-11-30T10:00", "--tz", "America/Los_Angeles", "--json")
    roster = json.loads(out)
    assert code == 0 and roster["tz"] == "America/Los_Angeles"
    assert roster["at"] == "2026-11-30T10:00:00-08:00"                     # 13:00 in New York
    on = {card["id"] for card in roster["on_shift"]}
    assert {"legal", "billing", "tier-2", "tier-4"} <= on
    assert {card["id"] for card in roster["emergency_only"]} == {"emergency-line", "cto", "ceo"}
    assert roster["off_shift"] == []


def test_onshift_defaults_to_now(capsys):
    code, out, _ = run(capsys, "onshift", "--json")
    assert code == 0 and json.loads(out)["tz"] == "America/New_York"


@pytest.mark.parametrize("argv, message", [
    (["route", "Legal threat", "--at", "Friday evening"], "Expected a date and time like 2026-11-27T19:30"),
    (["route", "Legal threat", "--at", "2026-11-27T19:30", "--tz", "Berlin"], "Unknown time zone 'Berlin'"),
    (["route", "Legal threat", "--tz", ""], "Unknown time zone ''"),
    (["route", "Legal threat", "--at", "2026-03-08T02:30"], "does not exist in America/New_York"),
    (["onshift", "--at", "2026-11-31T10:00"], "Expected a date and time"),
    (["onshift", "--tz", "America"], "Unknown time zone 'America'"),
])
def test_bad_at_or_tz_exit_2_with_a_message(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith(f"escalate {argv[0]}: ") and message in err


def test_bad_input_never_shows_a_traceback():
    result = subprocess.run([sys.executable, "-m", "matrix", "route", "Legal threat", "--at", "2026-13-01T10:00"],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_route_marks_what_rests_on_ours_and_links_each_choice_once(capsys):
    """Each line whose value is our choice says so, in a few words; the links follow once, at the end."""
    argv = ("route", "Press inquiry", "--severity", "P3", "--at", "2026-11-27T19:30",
            "--site", "https://runbook.example.com/support/")
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert out.startswith("Press inquiry (Business Issues) — SLA 4 h [ours: sla-resolution]\n")
    assert ("  Owner: PR — no contact published · hours not published [ours: unpublished-hours, local-time-zone, "
            "weekdays, business-hours, holidays]\n") in out
    assert "  Path:  1. [ours: alternatives] CEO — no contact published · Emergency only [ours: emergency]\n" in out
    assert "    Resolve: target 72 h, maximum 1 week [ours: p3-resolution]\n" in out
    assert "  Due: [ours: sla-clocks]\n" in out  # every clock counts as we chose: said once
    assert "    P3 resolution target (72 h, calendar time): Mon 30 Nov 19:30 EST [ours: p3-resolution]\n" in out
    assert "    Press inquiry SLA (4 h, calendar time): Fri 27 Nov 23:30 EST [ours: sla-resolution]\n" in out
    assert "(ours: off-shift)" not in out and "or go to the first step of the path on shift now if waiting breaches " \
        "the SLA. [ours: off-shift]\n" in out
    assert "  Reach     PR: no contact published\n" in out  # whom to go through instead is marked on its own line
    assert "go through Tier 3 (On-Call Primary, #oncall-primary). (our interpretation: " in out
    legend = out[out.index("  [ours] our choices where the source document is silent or ambiguous"):].splitlines()[1:]
    code, answer, _ = run(capsys, *argv, "--json")
    listed = json.loads(answer)["interpretations"]
    assert [line.split() for line in legend] == [
        [i, f"https://runbook.example.com/support/interpretations/#{i}"] for i in listed]
    assert set(listed) == {"unpublished-hours", "local-time-zone", "weekdays", "business-hours", "holidays",
                           "emergency", "alternatives", "sla-resolution", "p3-resolution", "sla-clocks", "off-shift",
                           "governing-deadline", "unreachable-owner", "tier-contacts"}


def test_the_directory_and_the_roster_mark_hours_and_names_that_are_ours(capsys):
    code, out, _ = run(capsys, "contacts")
    assert code == 0
    assert "Billing Team — billing@skillancer.com · 9am-6pm [ours: billing-team, local-time-zone, weekdays, holidays]\n" in out
    assert "Support Queue — support@skillancer.com · 24/7\n" in out  # around the clock rests on nothing of ours
    assert "    billing-team       interpretations/#billing-team\n" in out
    code, out, _ = run(capsys, "onshift", "--at", "2026-11-27T19:30")
    assert "  Tier 3 via On-Call Primary — #oncall-primary · 24/7 (on-call rotation) — always on shift " \
           "[ours: tier-contacts]\n" in out
