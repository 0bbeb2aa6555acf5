"""The validator: every invalid file yields exactly its expected located messages, never a traceback."""

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from matrix.core import build_matrix, validate
from matrix.core.problems import MatrixError
from matrix.cli import main
from matrix.schema import json_schema
from matrix.source import DEFAULT_PATH, MatrixFileError, load_matrix, parse_matrix_text

DATA = Path(__file__).parents[1] / "data"
INVALID = sorted((DATA / "invalid").glob("*.yaml"))


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.stem)
def test_invalid_file_gives_exactly_its_messages(case, capsys, monkeypatch):
    monkeypatch.chdir(case.parent)
    assert main(["check", case.name]) == 1
    err = capsys.readouterr().err.splitlines()
    expected = case.with_suffix(".expected").read_text().splitlines()
    assert expected, "every invalid case names at least one message"
    assert err[:-1] == expected
    assert err[-1].startswith(f"{case.name}: {len(expected)} error(s)")


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.stem)
def test_invalid_file_does_not_load(case):
    with pytest.raises(MatrixFileError) as raised:
        load_matrix(case)
    assert all(str(item).startswith(f"{case}:") for item in raised.value.located)


def test_minimal_matrix_is_clean(capsys):
    assert main(["check", str(DATA / "valid" / "minimal.yaml"), "--strict"]) == 0
    assert "valid, 0 warning(s)" in capsys.readouterr().out


def test_real_matrix_is_valid_with_warnings_that_strict_fails(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "valid, " in out and "warning: Finance is named here but has no published contact" in out
    assert main(["check", "--strict"]) == 1
    assert "(--strict: warnings fail)" in capsys.readouterr().err


def test_broken_reference_in_a_copy_names_file_line_and_path(tmp_path, capsys):
    text = DEFAULT_PATH.read_text()
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.strip() == "owner: disputes")
    copy_path = tmp_path / "matrix.yaml"
    copy_path.write_text(text.replace("owner: disputes", "owner: dispute-desk"))
    assert main(["check", str(copy_path)]) == 1
    err = capsys.readouterr().err
    assert f"{copy_path}:{line}:9: categories[1].issue_types[3].owner: Unknown team or tier 'dispute-desk'" in err


def test_a_drill_that_contradicts_a_seed_example_is_a_located_error(tmp_path, capsys):
    """The SkillPod recording drill as it once was: P2, while the seed lists "SkillPod recording not working" as P1."""
    text = DEFAULT_PATH.read_text()
    rows = text.splitlines()
    start = next(n for n, row in enumerate(rows) if "SkillPod interview froze twice" in row)
    line = next(n for n in range(start, len(rows)) if rows[n].strip().startswith("severity:")) + 1
    assert rows[line - 1].strip() == "severity: P1"
    rows[line - 1] = rows[line - 1].replace("P1", "P2")
    copy_path = tmp_path / "matrix.yaml"
    copy_path.write_text("\n".join(rows) + "\n")
    assert main(["check", str(copy_path)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == (
        f"{copy_path}:{line}:9: scenarios[1].situations[0].severity: The seed lists “SkillPod recording not working” "
        "as a P1 example: this situation must expect P1, not P2")
    assert "1 error(s)" in err


def test_no_real_drill_is_taken_for_a_seed_example_it_is_not(matrix):
    """The rule's reach on the real drills: exactly the situations written as a seed example, each
    expecting that example's severity (no false positives: slow search is not "incorrect results")."""
    from matrix.core.rules.examples import examples_in

    matched = {scenario.id: [(found.severity, found.example) for found in examples_in(
        matrix, scenario.situation, scenario.why)] for scenario in matrix.scenarios}
    assert {key: value for key, value in matched.items() if value} == {
        "login-problems-2": [("P1", "Login not working for segment of users")],
        "skillpod-issues-1": [("P1", "SkillPod recording not working")],
        "skillpod-issues-2": [("P0", "SkillPod sessions not launching globally")],
        "bug-reports-1": [("P3", "Typo in email")],
        "bug-reports-2": [("P2", "Export function broken")],
        "payment-failed-2": [("P1", "Payments failing intermittently")],
    }
    for scenario in matrix.scenarios:
        for severity, _ in matched[scenario.id]:
            assert scenario.severity == severity, scenario.id


def test_missing_file_is_a_located_error(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.yaml")]) == 1
    assert f"{tmp_path / 'nope.yaml'}:1:1: (document): No such file" in capsys.readouterr().err


def test_yaml_1_1_surprises_stay_text():
    """`no`, `18:00` and dates are text in a matrix file, as YAML 1.2 reads them."""
    data = parse_matrix_text("a: no\nb: 18:00\nc: 2026-12-25\nd: true\ne: 12\n", "x.yaml").data
    assert data == {"a": "no", "b": "18:00", "c": "2026-12-25", "d": True, "e": 12}


def test_validation_does_not_change_the_data():
    data = yaml.safe_load(DEFAULT_PATH.read_text())
    before = copy.deepcopy(data)
    validate(data)
    build_matrix(data)
    assert data == before


def test_json_schema_on_disk_is_the_generated_one():
    on_disk = json.loads(DEFAULT_PATH.with_name("escalation-matrix.schema.json").read_text())
    assert on_disk == json_schema(), "regenerate with: escalate schema > matrix/escalation-matrix.schema.json"


def test_json_schema_accepts_the_real_matrix_and_rejects_shape_errors():
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    data = load_matrix().source
    jsonschema.validate(data, schema)
    broken = copy.deepcopy(data)
    broken["categories"][0]["issue_types"][0]["sla"] = "4 hours"
    broken["tiers"][0]["colour"] = "blue"
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(broken))
    assert len(errors) == 2


def test_real_yaml_points_editors_at_the_schema():
    assert DEFAULT_PATH.read_text().startswith("# yaml-language-server: $schema=escalation-matrix.schema.json")


def test_interpretations_point_at_real_values(matrix):
    assert len(matrix.interpretations) >= 10
    topics = " ".join(i.topic for i in matrix.interpretations)
    for silent_point in ("exactly $100", "“local”", "days", "CEO/CMO", "Business hours"):
        assert silent_point in topics


CROSS_REFERENCE = re.compile(
    r"\b(?:see|as|like|cf\.?)\s+(?:above|below|before|earlier)\b|\babove\b|\bprevious(?:ly)?\b|\bpreceding\b"
    r"|\b(?:another|other|that|this|the next|the following) (?:entry|interpretation|choice)\b"
    r"|\binterpretation `", re.IGNORECASE)
OTHER_PRODUCTS = ("PagerDuty", "Zendesk", "Jira", "Atlassian", "Datadog", "Opsgenie", "Odoo", "Grafana",
                  "ServiceNow", "Freshdesk", "Intercom", "incident.io", "Cabot", "Iris", "Adobe", "Business Central")


def interpretation_problems(matrix, positions: dict) -> list[tuple[str, str]]:
    """(id, what is wrong) for each interpretation that is not whole, not located, or leans on another."""
    ids = [item.id for item in matrix.interpretations]
    found = [(other, "repeated id") for other in ids if ids.count(other) > 1]
    for item in matrix.interpretations:
        found += [(item.id, f"empty {field}") for field in ("id", "topic", "choice", "reason", "path")
                  if not getattr(item, field).strip()]
        if item.path not in positions:
            found.append((item.id, f"path {item.path!r} is on no line of the YAML"))
        if match := CROSS_REFERENCE.search(item.reason):
            found.append((item.id, f"reason says {match.group(0)!r}"))
        found += [(item.id, f"reason names {other!r}") for other in ids if other != item.id and f"`{other}`" in item.reason]
    return found


def test_every_interpretation_is_complete_located_and_stands_on_its_own(matrix, matrix_source):
    """Each choice of ours is published whole: what, why and where, and its reason needs no other entry."""
    assert len(matrix.interpretations) >= 20
    assert interpretation_problems(matrix, matrix_source.positions) == []


def test_an_interpretation_that_leans_on_another_or_on_nothing_is_caught(matrix_source):
    data = copy.deepcopy(matrix_source.data)
    items = {item["id"]: item for item in data["interpretations"]}
    items["weekdays"]["reason"] = "As above."
    items["business-hours"]["reason"] = "The same holds here; see interpretation `weekdays`."
    broken = build_matrix(data)
    assert interpretation_problems(broken, matrix_source.positions) == [
        ("weekdays", "reason says 'As above'"), ("business-hours", "reason says 'interpretation `'"),
        ("business-hours", "reason names 'weekdays'")]
    items["alternatives"]["reason"] = " "  # an empty field never gets this far: the shape refuses it
    with pytest.raises(MatrixError, match=r"interpretations\[\d+\]\.reason: Expected text"):
        build_matrix(data)
    positions = {path: line for path, line in matrix_source.positions.items() if path != "clocks"}
    assert ("sla-clocks", "path 'clocks' is on no line of the YAML") in interpretation_problems(
        build_matrix(matrix_source.data), positions)


def test_a_reason_that_speaks_of_another_product_cites_where_that_is_written(matrix):
    """A claim about how other tools behave is checked and cited (a public address), or not made at all."""
    cited = set()
    for item in matrix.interpretations:
        named = [product for product in OTHER_PRODUCTS if re.search(rf"\b{re.escape(product)}\b", item.reason)]
        if named:
            assert "https://" in item.reason, (item.id, named)
            cited.add(item.id)
    assert cited == {"refund-threshold", "sla-clocks", "off-shift", "holidays"}


def test_the_cross_reference_check_catches_what_it_should_and_no_more():
    for text in ("As above, weekdays apply.", "See above.", "like before", "Same reason as the previous entry.",
                 "For the reason given in another interpretation.", "See interpretation `weekdays`."):
        assert CROSS_REFERENCE.search(text), text
    assert not CROSS_REFERENCE.search("an order skips the second approval only when its total is strictly below")


def test_installing_the_project_prints_no_warning(tmp_path):
    """setuptools deprecates `license = {text = ...}` (warnings on every install, builds stop in 2027):
    the project declares an SPDX licence and a flat layout that installs without a word."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                             "--disable-pip-version-check", "-w", str(tmp_path), str(root)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    output = (result.stdout + result.stderr).casefold()
    assert "deprecat" not in output and "warning" not in output, result.stderr
    built = next(tmp_path.glob("escalation_matrix-*.whl"))
    import zipfile

    names = zipfile.ZipFile(built).namelist()
    assert "matrix/core/model.py" in names and "matrix/escalation-matrix.yaml" in names
    metadata = zipfile.ZipFile(built).read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "License-Expression: LicenseRef-Proprietary" in metadata
