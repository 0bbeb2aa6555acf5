"""Drills: every scenario is gradeable, and grading agrees with route() and can() for every drill."""

import copy
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from matrix.core import build_matrix, route, slugify, wording
from matrix.core.answers.browser import respond
from matrix.core.answers.drills import (
    SavedProblem, checked_progress, grade, level_for, make_drill, new_progress, next_drill, read_saved, record,
    topic_weight,
)
from matrix_data import right_answers

ESCALATE = str(Path(sys.executable).with_name("escalate"))
GRANTS = {"allowed", "lead", "denied"}


def test_every_issue_type_has_scenarios(matrix):
    covered = {slugify(s.issue) for s in matrix.scenarios}
    assert covered == {i.slug for i in matrix.issue_types}
    assert len(matrix.scenarios) >= 2 * len(matrix.issue_types)
    assert len({s.id for s in matrix.scenarios}) == len(matrix.scenarios)


def test_every_scenario_resolves_and_is_gradeable(matrix):
    for scenario in matrix.scenarios:
        for level in (1, 2, 3):
            drill = make_drill(matrix, scenario.id, seed=11, level=level)
            assert route(matrix, scenario.issue).issue.name == scenario.issue
            questions = drill.questions()
            for question in questions:
                values = [value for value, _ in question.options]
                assert len(values) == len(set(values)), (scenario.id, question.id)
            expected = right_answers(matrix, drill)
            for question in questions:
                assert expected[question.id] in [v for v, _ in question.options], (scenario.id, question.id)
            assert all(v.correct for v in grade(drill, expected)), scenario.id
            briefing = drill.briefing()
            assert "{" not in briefing and "  " not in briefing, briefing
            if "{amount}" in scenario.situation:
                assert drill.amount is not None and "$" in drill.situation, (scenario.id, level)


def test_grading_agrees_with_route_and_can_on_a_seeded_sample(matrix):
    rng = random.Random(2026)
    for _ in range(300):
        scenario = rng.choice(matrix.scenarios)
        drill = make_drill(matrix, scenario.id, seed=rng.randrange(10**6), level=rng.choice((1, 2, 3)))
        expected = right_answers(matrix, drill)
        given = {q.id: rng.choice(q.options)[0] for q in drill.questions()}
        for verdict in grade(drill, given):
            assert verdict.correct == (given[verdict.question] == expected[verdict.question])
            assert verdict.reason and verdict.link


@pytest.mark.parametrize("amount, tier_2", [(99.99, "allowed"), (100, "denied"), (100.01, "denied")])
def test_threshold_amounts_are_graded_like_can(matrix, amount, tier_2):
    for seed in range(400):
        drill = make_drill(matrix, "refund-request-1", seed=seed, level=2)
        if drill.role == "tier-2" and drill.amount == amount:
            break
    else:
        pytest.fail(f"no level-2 drill asks Tier 2 about {amount}")
    verdict = next(v for v in grade(drill, {"may": tier_2}) if v.question == "may")
    assert verdict.correct
    assert f"${amount:g}" in drill.to_dict()["questions"][-1]["prompt"]


def test_level_2_asks_at_the_threshold_and_level_1_inside_the_bands(matrix):
    level_1 = {make_drill(matrix, "refund-request-1", seed=s, level=1).amount for s in range(60)}
    level_2 = {make_drill(matrix, "refund-request-1", seed=s, level=2).amount for s in range(60)}
    assert level_1 == {50, 125}
    assert level_2 == {99.99, 100, 100.01}


def test_lead_only_action_is_graded_as_lead_only(matrix):
    for seed in range(400):
        drill = make_drill(matrix, "harassment-report-2", seed=seed)
        if drill.role == "ts-team":
            break
    verdicts = {v.question: v for v in grade(drill, {"may": "lead"})}
    assert verdicts["may"].correct and "T&S Lead can" in verdicts["may"].reason
    assert verdicts["may"].link == "authority/#ban-user"


def test_alternatives_step_is_one_answer(matrix):
    drill = make_drill(matrix, "press-inquiry-1", seed=1, level=3)
    nxt = next(q for q in drill.questions() if q.id == "next")
    assert ("CEO or CMO", "CEO or CMO") in nxt.options
    assert next(v for v in grade(drill, {"next": "CEO or CMO"}) if v.question == "next").correct


def test_wrong_answers_are_explained_with_a_runbook_link(matrix):
    drill = make_drill(matrix, "fraud-suspicion-1", seed=5)
    verdicts = {v.question: v for v in grade(drill, {"owner": "Tier 1", "severity": "P3", "sla": "240"})}
    assert not verdicts["owner"].correct and verdicts["owner"].expected == "T&S Team"
    assert verdicts["owner"].reason == "Fraud suspicion (Trust & Safety) starts with T&S Team."
    assert verdicts["severity"].link == "severities/#p1" and "money at risk" in verdicts["severity"].reason
    assert verdicts["sla"].expected == "2 h" and verdicts["sla"].link == "routing/#fraud-suspicion"
    assert verdicts["next"].given is None and not verdicts["next"].correct


def test_a_seed_example_is_graded_as_the_seeds_severity(matrix):
    drill = make_drill(matrix, "skillpod-issues-1", seed=5)
    verdict = next(v for v in grade(drill, {"severity": "P2"}) if v.question == "severity")
    assert not verdict.correct and verdict.expected == "P1 - High"
    assert verdict.reason.startswith(
        "Expected P1: the seed lists “SkillPod recording not working” as a P1 example. P1 - High: ")
    assert verdict.why is None and "judgement" not in verdict.reason


def test_a_severity_of_ours_says_so_and_links_the_choice(matrix):
    drill = make_drill(matrix, "api-errors-1", seed=5)
    verdict = next(v for v in grade(drill, {"severity": "P2"}) if v.question == "severity")
    assert verdict.correct
    assert verdict.reason.startswith("Expected P2: our judgement for training; the seed lists no example like it. ")
    assert verdict.why == {"text": "our judgement for training", "link": "interpretations/#training-scenarios"}


def test_every_severity_verdict_says_whose_severity_it_is(matrix):
    """The seed's where the situation is one of its examples (none but the severity verdict links a choice), ours elsewhere."""
    from matrix.core.rules.examples import examples_in

    ours = seeds = 0
    for scenario in matrix.scenarios:
        verdicts = grade(make_drill(matrix, scenario.id, seed=3), {})
        severity = next(v for v in verdicts if v.question == "severity")
        seed_example = any(found.severity == scenario.severity
                           for found in examples_in(matrix, scenario.situation, scenario.why))
        if seed_example:
            seeds += 1
            assert severity.reason.startswith(f"Expected {scenario.severity}: the seed lists “"), scenario.id
            assert severity.why is None, scenario.id
        else:
            ours += 1
            assert severity.reason.startswith(f"Expected {scenario.severity}: our judgement for training"), scenario.id
            assert severity.why["link"] == "interpretations/#training-scenarios", scenario.id
        assert all(v.why is None for v in verdicts if v.question != "severity"), scenario.id
    assert seeds == 6 and ours == len(matrix.scenarios) - 6


def test_every_drill_says_its_scenario_is_written_for_training(matrix):
    from matrix.core.answers.links import Links

    for scenario in matrix.scenarios:
        assert make_drill(matrix, scenario.id).to_dict()["training"] == {
            "text": "written for training", "link": "interpretations/#training-scenarios"}
    site = Links(site="https://runbook.example.com/")
    assert make_drill(matrix, "legal-threat-1").to_dict(site)["training"]["link"] == (
        "https://runbook.example.com/interpretations/#training-scenarios")
    assert "training-scenarios" in {i.id for i in matrix.interpretations}


def test_same_link_same_drill(matrix):
    a = make_drill(matrix, "withdrawal-issues-1", seed=42, level=2).to_dict()
    b = make_drill(matrix, "withdrawal-issues-1", seed=42, level=2).to_dict()
    assert a == b
    assert "withdrawal has been pending for three days" in a["briefing"]


def test_difficulty_rises_with_the_streak_and_resets_on_a_miss(matrix):
    progress = new_progress()
    for expected_level in (1, 1, 1, 2, 2, 2, 3, 3):
        assert level_for(progress) == expected_level
        drill = next_drill(matrix, progress, seed=progress["answered"])
        progress = record(progress, drill, grade(drill, right_answers(matrix, drill)))
    drill = next_drill(matrix, progress, seed=99)
    progress = record(progress, drill, grade(drill, {}))
    assert progress["streak"] == 0 and progress["best_streak"] == 8 and level_for(progress) == 1


def test_missed_topics_come_back_more_often(matrix):
    progress = new_progress()
    drill = make_drill(matrix, "legal-threat-1", seed=1)
    for _ in range(3):
        progress = record(progress, drill, grade(drill, {}))
    assert topic_weight(progress, "legal-threat") == 10
    picks = [slugify(next_drill(matrix, progress, seed).scenario.issue) for seed in range(400)]
    share = picks.count("legal-threat") / len(picks)
    assert share > 0.2  # 10 of 32 weight units, against 1 of 23 without the misses


def test_a_missed_scenario_never_comes_back_as_the_very_next_drill(matrix):
    progress = new_progress()
    drill = make_drill(matrix, "legal-threat-1", seed=1)
    for _ in range(3):
        progress = record(progress, drill, grade(drill, {}))
    picks = [next_drill(matrix, progress, seed).scenario.id for seed in range(1000)]
    assert "legal-threat-1" not in picks
    # The weighting stays: the missed topic comes back, through its other scenario.
    assert picks.count("legal-threat-2") / len(picks) > 0.2
    assert progress["last_scenario"] == "legal-threat-1"
    assert json.loads(json.dumps(progress)) == progress


def test_no_scenario_is_picked_twice_in_a_row(matrix):
    rng = random.Random(7)
    progress, last = new_progress(), None
    for seed in range(300):
        drill = next_drill(matrix, progress, seed)
        assert drill.scenario.id != last, seed
        answers = right_answers(matrix, drill) if rng.random() < 0.5 else {}
        progress, last = record(progress, drill, grade(drill, answers)), drill.scenario.id


def test_progress_saved_before_the_last_scenario_was_kept_still_works(matrix):
    old = {"streak": 1, "best_streak": 2, "answered": 3, "correct": 1, "topics": {"legal-threat": {"right": 0, "wrong": 2}}}
    drill = next_drill(matrix, old, seed=5)
    progress = record(old, drill, grade(drill, {}))
    assert progress["last_scenario"] == drill.scenario.id and progress["answered"] == 4


def test_a_matrix_with_one_scenario_still_drills_it(matrix_source):
    data = copy.deepcopy(matrix_source.data)
    data["scenarios"] = [{**data["scenarios"][0], "situations": data["scenarios"][0]["situations"][:1]}]
    single = build_matrix(data)
    progress = new_progress()
    for seed in range(3):
        drill = next_drill(single, progress, seed)
        assert drill.scenario.id == "login-problems-1"
        progress = record(progress, drill, grade(drill, {}))


def test_record_leaves_the_old_progress_alone(matrix):
    progress = new_progress()
    drill = make_drill(matrix, "legal-threat-1", seed=1)
    record(progress, drill, grade(drill, {}))
    assert progress == new_progress()


def test_cli_drill_in_a_terminal():
    answers = "\n".join(["2", "4", "2", "2", "3"]) + "\n"
    result = subprocess.run([ESCALATE, "drill", "--scenario", "fraud-suspicion-1", "--seed", "3"], input=answers,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "A client account paid with five different cards" in result.stdout
    assert "✓ owner" in result.stdout and "✓ severity" in result.stdout
    assert "1 of 1 drills fully right" in result.stdout


def drill_in_a_terminal(*answers: str, options: tuple[str, ...] = (), env: dict | None = None):
    """`escalate drill` on fraud-suspicion-1, seed 3 (owner T&S Team, next T&S Lead, P1, 2 h, may not), typed to."""
    result = subprocess.run([ESCALATE, "drill", "--scenario", "fraud-suspicion-1", "--seed", "3", *options],
                            input="\n".join(answers) + "\n", capture_output=True, text=True,
                            env={**os.environ, **(env or {})}, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("severity", ["P1", "p1", "P1 - High", " p1 - high ", "2"])
def test_cli_drill_takes_a_severity_typed_as_the_agent_would(severity):
    out = drill_in_a_terminal("2", "4", severity, "2", "3")
    assert "✓ severity" in out and "1 of 1 drills fully right" in out


def test_cli_drill_says_its_scenarios_are_written_for_training():
    out = drill_in_a_terminal("2", "4", "2", "2", "3", env={"ESCALATION_SITE": ""})
    assert out.startswith("Scenarios are written for training: made up by us to practise on, not real customer "
                          "cases and not the company's material.\n  why: runbook page interpretations/#training-scenarios\n")
    assert out.count("Scenarios are written for training") == 1
    listed = subprocess.run([ESCALATE, "drill", "--list", "--site", "https://runbook.example.com/"],
                            capture_output=True, text=True, check=True).stdout
    assert listed.splitlines()[:2] == [
        "Scenarios are written for training: made up by us to practise on, not real customer cases and not the "
        "company's material.", "  why: https://runbook.example.com/interpretations/#training-scenarios"]
    assert "realistic" not in subprocess.run([ESCALATE, "drill", "--help"], capture_output=True, text=True).stdout


def test_cli_drill_links_a_severity_of_ours_on_its_own_line():
    result = subprocess.run([ESCALATE, "drill", "--scenario", "api-errors-1", "--seed", "1"], input="1\n1\n3\n1\n",
                            capture_output=True, text=True, env={**os.environ, "ESCALATION_SITE": ""}, check=True)
    assert ("  ✓ severity: Expected P2: our judgement for training; the seed lists no example like it. P2 - Medium: "
            in result.stdout)
    assert "\n    runbook page severities/#p2\n    our judgement for training: runbook page " \
           "interpretations/#training-scenarios\n" in result.stdout


def test_cli_drill_takes_any_options_value_or_label_in_any_case():
    out = drill_in_a_terminal(" t&s TEAM", "T&S Lead", "P1", "120", "no")
    assert "1 of 1 drills fully right" in out
    out = drill_in_a_terminal("2", "4", "2", "2 H", "DENIED")
    assert "1 of 1 drills fully right" in out


def test_cli_drill_asks_again_for_an_answer_it_cannot_match():
    out = drill_in_a_terminal("2", "4", "P9", "High-ish", "P1", "2", "3")
    assert out.count("Type a number from 1 to 4, or an answer as listed.") == 2
    assert "1 of 1 drills fully right" in out


def test_cli_drill_links_the_runbook_in_full_when_the_site_is_known():
    site = "https://runbook.example.com/support/"
    out = drill_in_a_terminal("2", "4", "2", "2", "3", options=("--site", site))
    assert "runbook: https://runbook.example.com/support/routing/#fraud-suspicion\n" in out
    assert "runbook: https://runbook.example.com/support/severities/#p1\n" in out
    assert "[runbook:" not in out
    from_env = drill_in_a_terminal("2", "4", "2", "2", "3", env={"ESCALATION_SITE": "https://runbook.example.com/support"})
    assert from_env == out


def test_cli_drill_without_the_site_says_its_links_are_runbook_pages():
    out = drill_in_a_terminal("2", "4", "2", "2", "3", env={"ESCALATION_SITE": ""})
    assert "runbook page routing/#fraud-suspicion\n" in out and "runbook page severities/#p1\n" in out
    assert "[runbook:" not in out and "runbook: " not in out


def test_cli_drill_refuses_a_site_that_is_not_an_address():
    result = subprocess.run([ESCALATE, "drill", "--scenario", "fraud-suspicion-1", "--site", "runbook.example.com"],
                            input="", capture_output=True, text=True, check=False)
    assert result.returncode == 2 and "http(s) address" in result.stderr


def test_cli_drill_scripted_answers_match_labels_and_case_and_take_the_site():
    result = subprocess.run([ESCALATE, "drill", "--scenario", "fraud-suspicion-1", "--seed", "3", "--site",
                             "https://runbook.example.com/", "--answer", "severity=p1 - high", "--answer", "sla=2 h",
                             "--answer", "owner=tier 1"], capture_output=True, text=True, check=False)
    verdicts = {v["question"]: v for v in json.loads(result.stdout)["verdicts"]}
    assert verdicts["severity"]["correct"] and verdicts["sla"]["correct"]
    assert not verdicts["owner"]["correct"] and verdicts["owner"]["given"] == "Tier 1"
    assert verdicts["severity"]["link"] == "https://runbook.example.com/severities/#p1"


def test_cli_drill_scripted_grading_as_json():
    result = subprocess.run([ESCALATE, "drill", "--scenario", "refund-request-1", "--seed", "7", "--level", "2",
                             "--answer", "owner=Tier 1", "--answer", "may=allowed"], capture_output=True, text=True)
    data = json.loads(result.stdout)
    verdicts = {v["question"]: v for v in data["verdicts"]}
    assert verdicts["owner"]["correct"] is True
    assert data["drill"]["amount"] == 100 and verdicts["may"]["correct"] is False


def test_cli_unknown_scenario_exits_2():
    result = subprocess.run([ESCALATE, "drill", "--scenario", "nope"], capture_output=True, text=True)
    assert result.returncode == 2 and "Unknown scenario: 'nope'" in result.stderr


# --- progress kept in a browser: read back, or recovered from ---------------------------------------

def test_saved_progress_reads_back_as_it_was_saved(matrix):
    progress = new_progress()
    for seed in range(5):
        drill = next_drill(matrix, progress, seed)
        progress = record(progress, drill, grade(drill, right_answers(matrix, drill) if seed % 2 else {}))
    current = {"scenario": matrix.scenarios[0].id, "seed": 7, "level": 2}
    saved = read_saved(matrix, json.dumps({"progress": progress, "current": current}))
    assert saved == {"progress": progress, "current": current, "recovered": None, "problem": None}
    # Progress kept before `last_scenario` existed is progress too; nothing kept is a fresh start, said nowhere.
    older = {key: value for key, value in progress.items() if key != "last_scenario"}
    assert read_saved(matrix, json.dumps({"progress": older}))["progress"] == {**older, "last_scenario": None}
    for nothing in (None, "", "{}"):
        assert read_saved(matrix, nothing) == {"progress": None, "current": None, "recovered": None, "problem": None}


HUGE = 10 ** 30
CORRUPT_SAVES = {
    "not JSON": ("{progress: 3", "Expected JSON but received text that is not (JSONDecodeError: "),
    "a list": ("[1, 2]", "(saved): Expected a mapping but received: a list"),
    "an unknown key": ('{"progress": null, "mood": "fine"}', "(saved): Expected only progress, current but received: text 'mood'"),
    "progress as text": ('{"progress": "lots"}', "progress: Expected a mapping but received: text 'lots'"),
    "a count as text": ('{"progress": {"streak": "3"}}', "progress.streak: Expected a whole number from 0 to 1000000000 but received: text '3'"),
    "a negative count": ('{"progress": {"answered": -1}}', "progress.answered: Expected a whole number from 0 to"),
    "a huge count": (f'{{"progress": {{"correct": {HUGE}}}}}', "progress.correct: Expected a whole number from 0 to 1000000000"),
    "an endless count": ('{"progress": {"streak": 1e999}}', "progress.streak: Expected a whole number from 0 to 1000000000 but received: a number inf"),
    "a true count": ('{"progress": {"streak": true}}', "progress.streak: Expected a whole number from 0 to 1000000000 but received: true"),
    "topics as a list": ('{"progress": {"topics": []}}', "progress.topics: Expected a mapping but received: a list"),
    "an unknown topic": ('{"progress": {"topics": {"time-travel": {"right": 1, "wrong": 0}}}}',
                         "progress.topics: Expected issue types of the matrix but received: text 'time-travel'"),
    "a topic count missing": ('{"progress": {"topics": {"legal-threat": {"right": 1}}}}',
                              "progress.topics.legal-threat.wrong: Expected a whole number from 0 to 1000000000 but received: nothing (null)"),
    "an unknown last scenario": ('{"progress": {"last_scenario": "gone-1"}}',
                                 "progress.last_scenario: Expected a scenario of the matrix but received: text 'gone-1'"),
    "an unknown drill on screen": ('{"current": {"scenario": "gone-1", "seed": 1, "level": 1}}',
                                   "current.scenario: Expected a scenario of the matrix but received: text 'gone-1'"),
    "a level out of range": ('{"current": {"scenario": "legal-threat-1", "seed": 1, "level": 9}}',
                             "current.level: Expected a whole number from 1 to 3 but received: a number 9"),
    "a seed beyond a browser's numbers": (f'{{"current": {{"scenario": "legal-threat-1", "seed": {HUGE}, "level": 1}}}}',
                                          "current.seed: Expected a whole number from -9007199254740992 to"),
    "nested past Python's limit": ("[" * 50_000 + "]" * 50_000, "Expected at most 200 objects and lists but received 50000"),
    "a number of 5000 digits": ("9" * 5000, "Expected JSON but received text that is not (ValueError: Exceeds the limit"),
    "megabytes": ('{"progress": "' + "x" * 2_000_000 + '"}', "Expected at most 100000 characters but received 2000016"),
}


@pytest.mark.parametrize("text, problem", CORRUPT_SAVES.values(), ids=CORRUPT_SAVES.keys())
def test_saved_state_the_drills_cannot_use_is_recovered_from_with_its_place(matrix, text, problem):
    saved = read_saved(matrix, text)
    assert saved["progress"] is None and saved["current"] is None
    assert saved["recovered"] == wording.PROGRESS_RECOVERED
    assert saved["problem"].startswith(problem), saved["problem"]
    assert len(saved["problem"]) < 200  # one located line, whatever the damage


def test_reading_damaged_storage_is_bounded_in_time(matrix):
    started = time.perf_counter()
    for text in ("[" * 99_999, '{"progress": "' + "x" * 99_980 + '"}', "x" * 10_000_000):
        assert read_saved(matrix, text)["recovered"]
    assert time.perf_counter() - started < 1


def test_drills_and_grading_refuse_progress_they_cannot_use_with_its_place(matrix):
    bad = {"streak": "many"}
    for request in ({"kind": "drill", "progress": bad, "seed": 1},
                    {"kind": "grade", "scenario": "legal-threat-1", "seed": 1, "level": 1, "answers": {}, "progress": bad}):
        body = respond(matrix, request)
        assert body == {"error": "progress.streak: Expected a whole number from 0 to 1000000000 but received: text 'many'",
                        "suggestions": []}
    with pytest.raises(SavedProblem):
        checked_progress(matrix, {"topics": {"legal-threat": {"right": 1, "wrong": 0, "maybe": 2}}})
