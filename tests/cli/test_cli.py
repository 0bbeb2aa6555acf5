"""The `escalate` console script, run as a real process: answers, JSON contract, exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# The console script installed beside this interpreter (the project's virtual environment).
ESCALATE = str(Path(sys.executable).with_name("escalate"))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([ESCALATE, *args], capture_output=True, text=True)


def test_route_fraud_suspicion_json():
    result = run("route", "Fraud suspicion", "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["issue"] == "Fraud suspicion" and answer["category"] == "Trust & Safety"
    assert answer["owner"]["name"] == "T&S Team"
    assert [step["name"] for step in answer["path"]] == ["T&S Lead", "Security"]
    assert answer["sla_minutes"] == 120


def test_route_human_answer_is_actionable():
    result = run("route", "fraud-suspicion", "--severity", "P1", "--channel", "chat")
    assert result.returncode == 0
    out = result.stdout
    assert out.startswith("Fraud suspicion (Trust & Safety) — SLA 2 h [ours: sla-resolution]\n")
    assert "Owner: T&S Team — trust@skillancer.com · 24/7" in out
    assert "1. T&S Lead — no contact published" in out and "2. Security" in out
    assert "First response (Live Chat): target 2 min, maximum 5 min" in out
    assert "Procedure: Emergency Escalation" in out and "Page on-call within 15 min" in out


def test_route_alternatives_step():
    answer = json.loads(run("route", "Press inquiry", "--json").stdout)
    assert answer["path"][0]["name"] == "CEO or CMO"


def test_can_refund_150_as_tier_2_says_no_and_who_can():
    result = run("can", "Issue refund", "--as", "Tier 2", "--amount", "150")
    assert result.returncode == 0
    assert result.stdout.startswith(
        "No: not allowed. Tier 2: Issue refund, $100 and above (the seed writes “>$100”), for $150.\n")
    assert "Who can: Billing Team, Tier 4" in result.stdout
    answer = json.loads(run("can", "Issue refund", "--as", "Tier 2", "--amount", "150", "--json").stdout)
    assert (answer["allowed"], answer["lead_only"]) == (False, False)


def test_can_lead_only():
    answer = json.loads(run("can", "Ban user", "--as", "T&S", "--json").stdout)
    assert (answer["allowed"], answer["lead_only"], answer["lead"]) == (False, True, "T&S Lead")


def test_the_lead_a_lead_only_cell_names_may_ask_and_is_told_whose_column_answers():
    result = run("can", "Ban user", "--as", "T&S Lead")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("Yes: allowed. T&S Lead, as T&S Team's lead: Ban user.\n"
                             "  Rests on our interpretation: “Lead” in the authority matrix (interpretations/#lead-roles)\n")
    denied = run("can", "Deploy code", "--as", "billing lead")
    assert denied.stdout.startswith("No: not allowed. Billing Lead, as Billing Team's lead: Deploy code.\n"
                                    "  Who can: Tier 3, Tier 4.\n")


def test_a_refund_of_100_names_the_band_that_holds_it_and_marks_the_threshold_as_ours():
    result = run("can", "Issue refund", "--as", "Tier 2", "--amount", "100", "--site", "https://runbook.example.com/")
    assert result.stdout.splitlines() == [
        "No: not allowed. Tier 2: Issue refund, $100 and above (the seed writes “>$100”), for $100.",
        "  Who can: Billing Team, Tier 4.",
        "  Rests on our interpretations: A refund of exactly $100 (https://runbook.example.com/interpretations/"
        "#refund-threshold); Currency of refund amounts (https://runbook.example.com/interpretations/#refund-currency)"]


def test_can_json_lists_the_interpretations_it_rests_on():
    answer = json.loads(run("can", "Issue refund", "--as", "Billing Lead", "--amount", "600", "--json").stdout)
    assert (answer["grant"], answer["lead_of"]) == ("allowed", "Billing Team")
    assert answer["interpretations"] == ["lead-roles", "refund-threshold", "refund-currency"]
    assert [why["link"] for why in answer["why"]] == [f"interpretations/#{i}" for i in answer["interpretations"]]
    assert [band["text"] for band in answer["bands"]] == [
        "Issue refund, $100 and above (the seed writes “>$100”): Yes: allowed. Who can: Billing Team, Tier 4."]
    plain = json.loads(run("can", "Password reset", "--as", "Tier 1", "--json").stdout)
    assert plain["interpretations"] == []


def test_route_says_whom_to_go_through_for_tier_4_and_each_step_with_no_contact():
    out = run("route", "Executive complaint").stdout.splitlines()
    owner = out.index("  Owner: Tier 4 via Head of Support — no contact published · Business hours + emergency [ours: "
                      "tier-contacts, local-time-zone, weekdays, business-hours, holidays, emergency]")
    assert out[owner + 1] == ("         Tier 4 has no contact the runbook can give: go through Tier 3 (On-Call Primary, "
                              "#oncall-primary). (our interpretation: interpretations/#unreachable-owner)")
    fraud = run("route", "Fraud suspicion").stdout.splitlines()
    lead = fraud.index("  Path:  1. T&S Lead — no contact published · hours not published [ours: unpublished-hours, "
                       "local-time-zone, weekdays, business-hours, holidays]")
    assert fraud[lead + 1].strip() == ("T&S Lead has no contact the runbook can give: go through T&S Team "
                                       "(trust@skillancer.com). (our interpretation: interpretations/#unreachable-owner)")
    login = run("route", "Login problems").stdout
    assert "go through" not in login  # every party on that path can be reached
    head = run("contacts", "Head of Support").stdout.splitlines()
    assert head[1] == ("  Head of Support has no contact the runbook can give: go through Tier 3 (On-Call Primary, "
                       "#oncall-primary). (our interpretation: interpretations/#unreachable-owner)")


def test_contacts():
    result = run("contacts")
    assert "Support Queue — support@skillancer.com · 24/7" in result.stdout
    assert "CEO — no contact published · Emergency only" in result.stdout
    one = json.loads(run("contacts", "Billing", "--json").stdout)
    assert one["name"] == "Billing Team" and one["contact"]["value"] == "billing@skillancer.com"


@pytest.mark.parametrize("args, fragment", [
    (("route", "Teleport"), "Unknown issue type: 'Teleport'"),
    (("route", "complaint"), "Not sure which issue type 'complaint' means; it could be: Executive complaint, "),
    (("can", "Launch rockets", "--as", "Tier 1"), "Unknown action"),
    (("can", "Ban user", "--as", "Interns"), "Unknown role"),
    (("route", "Login problems", "--severity", "P9"), "Unknown severity"),
])
def test_unknown_input_exits_2_with_a_message_and_no_traceback(args, fragment):
    result = run(*args)
    assert result.returncode == 2
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_bad_amount_is_a_usage_error():
    result = run("can", "Issue refund", "--as", "Tier 2", "--amount", "lots")
    assert result.returncode == 2 and "expected an amount" in result.stderr and "Traceback" not in result.stderr


def test_export_is_the_validated_matrix_as_json():
    result = run("export")
    data = json.loads(result.stdout)
    assert len([i for c in data["categories"] for i in c["issue_types"]]) == 23
    assert "🚨 ESCALATION REQUEST" in result.stdout


def test_python_dash_m_matrix_is_the_same_cli():
    result = subprocess.run([sys.executable, "-m", "matrix", "route", "refund", "--json"], capture_output=True,
                            text=True)
    assert json.loads(result.stdout)["issue"] == "Refund request"


def test_answers_from_another_matrix_file(tmp_path):
    from matrix.source import DEFAULT_PATH

    copy = tmp_path / "m.yaml"
    text = DEFAULT_PATH.read_text()
    anchor = "sla: 2h\n        our_vocabulary:\n          synonyms: [fraud,"
    assert text.count(anchor) == 1
    copy.write_text(text.replace(anchor, anchor.replace("2h", "3h")))
    answer = json.loads(run("--matrix", str(copy), "route", "Fraud suspicion", "--json").stdout)
    assert answer["sla_minutes"] == 180


def test_a_reader_that_stops_early_gets_no_traceback():
    """`escalate export | head -1`: the pipe closes before the output ends."""
    process = subprocess.Popen([ESCALATE, "export"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait() == 0
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr


def test_find_ranks_the_issue_types_for_what_the_customer_said():
    result = run("find", "client is asking for their money back", "--json")
    assert result.returncode == 0
    found = json.loads(result.stdout)
    assert set(found) == {"query", "confident", "summary", "candidates", "why"}
    assert found["why"] == {"text": "Issue type names are the seed's; every other search word is ours",
                            "link": "interpretations/#search-vocabulary"}
    assert found["query"] == "client is asking for their money back" and found["confident"] is True
    first = found["candidates"][0]
    assert set(first) == {"issue", "slug", "score", "matched"}
    assert (first["issue"], first["slug"], first["matched"]) == ("Refund request", "refund-request", ["money back"])
    scores = [c["score"] for c in found["candidates"]]
    assert scores == sorted(scores, reverse=True)


def test_find_offers_choices_for_a_word_that_fits_several():
    result = run("find", "complaint")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Not certain: 5 issue types fit 'complaint'; choose one."
    assert lines[1].startswith("  1. Executive complaint (Business Issues) — matched: complaint")


def test_find_says_the_search_words_are_ours_where_it_shows_them():
    result = subprocess.run([ESCALATE, "find", "complaint"], capture_output=True, text=True,
                            env={**os.environ, "ESCALATION_SITE": ""})
    lines = result.stdout.splitlines()
    assert lines[-1] == ("  Issue type names are the seed's; every other search word is ours "
                         "(why: runbook page interpretations/#search-vocabulary)")
    assert sum("matched:" in line for line in lines) == 5
    full = run("find", "money back", "--site", "https://runbook.example.com/").stdout.splitlines()
    assert full[-1].endswith("(why: https://runbook.example.com/interpretations/#search-vocabulary)")


def test_find_says_when_nothing_matches():
    result = run("find", "xyzzy")
    assert result.returncode == 2 and result.stdout == "No issue type matches 'xyzzy'.\n"


def test_route_answers_only_when_certain_and_lists_the_candidates_otherwise():
    answered = run("route", "someone's account got hacked", "--json")
    assert answered.returncode == 0 and json.loads(answered.stdout)["issue"] == "Account compromise"
    unsure = run("route", "error", "--json")
    assert unsure.returncode == 2 and unsure.stdout == ""
    assert unsure.stderr.startswith("escalate route: Not sure which issue type 'error' means; it could be: ")
    assert "API errors" in unsure.stderr and "Bug reports" in unsure.stderr
