"""`escalate diff`, run as a real process: files and git revisions (a scratch repository), its three outputs,
its exit codes; and `escalate check --warn-only` over several files, as the pre-commit hooks run it."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import git
from matrix.source import DEFAULT_PATH
from matrix_data import issue, reordered_yaml, team

ESCALATE = str(Path(sys.executable).with_name("escalate"))
HOSTILE = '<img src=x onerror=alert(1)> *Desk* | [link](https://example.org) & Co'


def escalate(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([ESCALATE, *args], capture_output=True, text=True, cwd=cwd, timeout=60)


def write(path: Path, data: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def data(matrix_source):
    return matrix_source.data


def edited(data: dict) -> dict:
    """The done-when change: the Legal threat SLA from 2 h to 4 h, and a team's email."""
    new = copy.deepcopy(data)
    issue(new, "Legal threat")["sla"] = "4h"
    team(new, "billing")["contact"]["value"] = "billing-desk@skillancer.com"
    return new


EXPECTED = ["Billing Team: contact changed from billing@skillancer.com (email) to billing-desk@skillancer.com (email)",
            "Legal threat: SLA changed from 2 h to 4 h"]


def test_two_files_that_differ_exit_1_with_exactly_those_changes_in_words(tmp_path, data):
    changed = write(tmp_path / "changed.yaml", edited(data))
    result = escalate("diff", str(DEFAULT_PATH), str(changed))
    assert result.returncode == 1, result.stderr
    assert sorted(result.stdout.splitlines()) == EXPECTED and result.stderr == ""


def test_the_same_file_with_its_keys_reordered_exits_0(tmp_path, data):
    reordered = tmp_path / "reordered.yaml"
    reordered.write_text(reordered_yaml(data), encoding="utf-8")
    assert reordered.read_text(encoding="utf-8") != DEFAULT_PATH.read_text(encoding="utf-8")
    result = escalate("diff", str(DEFAULT_PATH), str(reordered))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "The two versions mean the same: no change an agent would notice.\n"


def test_json_lists_each_change_with_its_path_in_the_new_file(tmp_path, data):
    changed = write(tmp_path / "changed.yaml", edited(data))
    result = escalate("diff", str(DEFAULT_PATH), str(changed), "--json")
    assert result.returncode == 1
    changes = json.loads(result.stdout)["changes"]
    assert all(set(change) == {"kind", "subject", "path", "before", "after", "summary"} for change in changes)
    sla = next(change for change in changes if change["kind"] == "sla")
    assert (sla["subject"], sla["path"], sla["before"], sla["after"]) == (
        "Legal threat", "categories[3].issue_types[3].sla", "2 h", "4 h")


def test_markdown_is_a_heading_and_a_list_with_every_name_literal(tmp_path, data):
    new = edited(data)
    new["teams"].append({"id": "hostile", "name": HOSTILE})
    changed = write(tmp_path / "changed.yaml", new)
    result = escalate("diff", str(DEFAULT_PATH), str(changed), "--markdown")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "### Escalation matrix: 3 changes in meaning"
    items = [line for line in lines if line.startswith("- ")]
    assert len(items) == 3
    hostile = next(line for line in items if "Team added" in line)
    assert "<img" not in hostile and "&lt;img" in hostile
    assert r"\*Desk\*" in hostile and r"\| \[link\]\(https://example\.org\) &amp; Co" in hostile


def test_identical_versions_exit_0_and_say_so(tmp_path):
    for args in (["diff", str(DEFAULT_PATH), str(DEFAULT_PATH)], ["diff", str(DEFAULT_PATH), "--json"]):
        result = escalate(*args)
        assert result.returncode == 0, result.stderr
    assert json.loads(escalate("diff", str(DEFAULT_PATH), "--json").stdout) == {"changes": []}
    assert escalate("diff", str(DEFAULT_PATH)).stdout.startswith("The two versions mean the same")


def test_a_broken_file_exits_2_with_its_located_errors(tmp_path, data):
    broken = copy.deepcopy(data)
    issue(broken, "Legal threat")["sla"] = "soon"
    path = write(tmp_path / "broken.yaml", broken)
    result = escalate("diff", str(DEFAULT_PATH), str(path))
    assert result.returncode == 2 and result.stdout == ""
    line = next(line for line in result.stderr.splitlines() if "issue_types[3].sla" in line)
    assert line.startswith(f"{path}:") and "'soon'" in line
    row = int(line.split(":")[1])
    assert "sla: soon" in path.read_text(encoding="utf-8").splitlines()[row - 1]


def test_an_argument_that_is_neither_a_file_nor_a_revision_names_both(tmp_path):
    result = escalate("diff", "no-such-thing-42")
    assert result.returncode == 2 and result.stdout == ""
    assert "'no-such-thing-42' is neither a file (no such file) nor a revision" in result.stderr
    assert "Traceback" not in result.stderr


# --- git revisions, in a scratch repository -------------------------------------------------------------

@pytest.fixture(scope="module")
def repository(tmp_path_factory, data) -> Path:
    """Three commits of matrix/escalation-matrix.yaml: the real matrix, the done-when edit, then a broken file."""
    repo = tmp_path_factory.mktemp("repo")
    git(repo, "init", "-q", "-b", "main")
    matrix = repo / "matrix" / "escalation-matrix.yaml"
    matrix.parent.mkdir()
    matrix.write_bytes(DEFAULT_PATH.read_bytes())
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "The real matrix")
    write(matrix, edited(data))
    git(repo, "commit", "-q", "-am", "Legal threat SLA 4 h; Billing's new address")
    git(repo, "tag", "edited")
    matrix.write_text(matrix.read_text(encoding="utf-8").replace("sla: 4h", "sla: soon", 1), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "A broken edit")
    git(repo, "checkout", "-q", "edited", "--", "matrix/escalation-matrix.yaml")  # the working copy: the edit
    return repo


def test_one_revision_is_compared_with_the_working_copy(repository):
    matrix = str(repository / "matrix" / "escalation-matrix.yaml")
    result = escalate("--matrix", matrix, "diff", "HEAD~2")
    assert result.returncode == 1, result.stderr
    assert sorted(result.stdout.splitlines()) == EXPECTED
    assert escalate("--matrix", matrix, "diff", "edited").returncode == 0


def test_two_revisions_are_read_from_the_history(repository):
    matrix = str(repository / "matrix" / "escalation-matrix.yaml")
    result = escalate("--matrix", matrix, "diff", "main~2", "main~1", "--json", cwd=repository)
    assert result.returncode == 1, result.stderr
    assert sorted(change["summary"] for change in json.loads(result.stdout)["changes"]) == EXPECTED
    back = escalate("--matrix", matrix, "diff", "edited", "main~2")
    assert "Legal threat: SLA changed from 4 h to 2 h" in back.stdout.splitlines()


def test_a_broken_revision_is_located_with_the_revision_named_in_place_of_the_file(repository):
    matrix = str(repository / "matrix" / "escalation-matrix.yaml")
    result = escalate("--matrix", matrix, "diff", "main~1", "main")
    assert result.returncode == 2 and result.stdout == ""
    assert any(line.startswith("main:") and line.endswith("sla: Expected a duration like '15m', '4h', '1w' or 'immediate' but received: 'soon'")
               for line in result.stderr.splitlines()), result.stderr


def test_a_revision_the_repository_lacks_or_a_file_outside_git_is_named(repository, tmp_path):
    matrix = str(repository / "matrix" / "escalation-matrix.yaml")
    result = escalate("--matrix", matrix, "diff", "v9.9")
    assert result.returncode == 2
    assert "'v9.9' is neither a file (no such file) nor a revision ('v9.9' is not a revision" in result.stderr
    option = escalate("--matrix", matrix, "diff", "--", "--output=stolen.txt")
    assert option.returncode == 2 and "is not a revision" in option.stderr
    assert not (repository / "stolen.txt").exists()  # never handed to git as an option
    outside = tmp_path / "outside.yaml"
    outside.write_bytes(DEFAULT_PATH.read_bytes())
    result = escalate("--matrix", str(outside), "diff", "HEAD~1")
    assert result.returncode == 2 and "'HEAD~1' is neither a file" in result.stderr


# --- check, as the pre-commit hooks run it -----------------------------------------------------------------

def test_check_takes_several_files_and_fails_on_the_broken_one(tmp_path, data):
    broken = copy.deepcopy(data)
    issue(broken, "Legal threat")["owner"] = "nobody-at-all"
    good, bad = str(DEFAULT_PATH), str(write(tmp_path / "broken.yaml", broken))
    result = escalate("check", good, bad)
    assert result.returncode == 1
    assert f"{good}: valid" in result.stdout
    assert any(line.startswith(f"{bad}:") and "nobody-at-all" in line for line in result.stderr.splitlines())


def test_lint_with_warn_only_reports_every_finding_and_exits_0(tmp_path, data):
    broken = copy.deepcopy(data)
    issue(broken, "Legal threat")["owner"] = "nobody-at-all"
    bad = str(write(tmp_path / "broken.yaml", broken))
    strict = escalate("check", "--lint", "--strict", str(DEFAULT_PATH))
    assert strict.returncode == 1 and "Policy check of" in strict.stdout
    warned = escalate("check", "--lint", "--strict", "--warn-only", str(DEFAULT_PATH), bad)
    assert warned.returncode == 0
    assert warned.stdout.count("Policy check of") == 2 and "nobody-at-all" in warned.stdout


def test_a_change_to_a_value_of_ours_says_where_that_choice_is_explained(tmp_path, data):
    """Search words are ours, not the seed's: the line says "(ours)" and the legend under it links the choice."""
    new = copy.deepcopy(data)
    words = issue(new, "Refund request")["our_vocabulary"]
    words["synonyms"] = [*words["synonyms"], "reimbursement wanted"]
    result = escalate("diff", str(DEFAULT_PATH), str(write(tmp_path / "words.yaml", new)))
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        "Refund request: search words (ours) changed (added reimbursement wanted)",
        "  [ours] our choices where the source document is silent or ambiguous, not the company's policy:",
        "    search-vocabulary  interpretations/#search-vocabulary"]
    assert "[ours]" not in escalate("diff", str(DEFAULT_PATH), str(write(tmp_path / "sla.yaml", edited(data)))).stdout
