"""The model's dataclasses are the one description of the file: reading, checking and the JSON Schema follow them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from matrix.core.load import check
from matrix.core.model import Channel, IssueType, Matrix, ProcedureStep, Tier, Window
from matrix.core.shape import file_fields, read
from matrix.schema import json_schema
from matrix.source import DEFAULT_PATH

ROOT = Path(__file__).resolve().parents[2]


def test_a_field_added_to_a_model_record_is_read_checked_and_published(tmp_path):
    """Edit model.py alone, as a developer would: the file may hold the field, a bad value is located,
    the value reaches the model, and the JSON Schema describes it with the field's docstring."""
    shutil.copytree(ROOT / "matrix", tmp_path / "matrix", ignore=shutil.ignore_patterns("__pycache__"))
    model = tmp_path / "matrix" / "core" / "model.py"
    source = model.read_text(encoding="utf-8")
    anchor = '    aliases: tuple[str, ...] = ()\n    first_response: Target\n'
    assert source.count(anchor) == 1
    model.write_text(source.replace(anchor, anchor + '    handoff_note: str | None = None\n'
                                    '    """What the agent tells the customer when handing the chat over."""\n'),
                     encoding="utf-8")
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["channels"][0]["handoff_note"] = "A specialist joins this chat."
    data["channels"][1]["handoff_note"] = 5
    matrix_file = tmp_path / "matrix.json"
    matrix_file.write_text(json.dumps(data), encoding="utf-8")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "matrix", *args], capture_output=True, text=True, cwd=tmp_path)

    checked = run("check", str(matrix_file))
    assert checked.returncode == 1
    assert "channels[1].handoff_note: Expected text but received: a number 5" in checked.stderr
    assert "channels[0].handoff_note" not in checked.stderr + checked.stdout  # a known key now
    data["channels"][1]["handoff_note"] = "Email continues with a specialist."
    matrix_file.write_text(json.dumps(data), encoding="utf-8")
    exported = run("--matrix", str(matrix_file), "route", "fraud-suspicion", "--channel", "chat")
    assert exported.returncode == 0, exported.stderr
    read_back = subprocess.run(
        [sys.executable, "-c", "import json, sys; from matrix.core.load import build_matrix; "
                               "m = build_matrix(json.load(open(sys.argv[1]))); print(m.channels['chat'].handoff_note)",
         str(matrix_file)], capture_output=True, text=True, cwd=tmp_path)
    assert read_back.stdout.strip() == "A specialist joins this chat.", read_back.stderr
    schema = json.loads(run("schema").stdout)
    channel = schema["properties"]["channels"]["items"]["properties"]["handoff_note"]
    assert channel == {"type": "string", "minLength": 1,
                       "description": "What the agent tells the customer when handing the chat over."}
    assert "handoff_note" not in schema["properties"]["channels"]["items"]["required"]


def test_every_file_field_of_every_record_is_in_the_schema():
    schema = json_schema()
    nested = {
        Matrix: schema,
        Channel: schema["properties"]["channels"]["items"],
        Tier: schema["properties"]["tiers"]["items"],
        IssueType: schema["properties"]["categories"]["items"]["properties"]["issue_types"]["items"],
        ProcedureStep: schema["properties"]["procedures"]["items"]["properties"]["steps"]["items"],
        Window: schema["properties"]["schedules"]["items"]["properties"]["windows"]["items"],
    }
    for cls, node in nested.items():
        assert list(node["properties"]) == [f.metadata.get("key", f.name) for f in file_fields(cls)], cls
    assert "start" not in nested[Window]["properties"] and {"from", "to"} <= set(nested[Window]["required"])


def test_cadence_is_read_into_the_procedure_step(matrix):
    """It was validated and then dropped before the model described the file."""
    cadence = matrix.procedures["emergency"].steps[2].cadence
    assert [(c.audience, c.every, c.note) for c in cadence] == [
        ("Internal", 15, None), ("External", 30, None), ("Executives", None, "Significant updates only")]


def test_every_record_knows_the_data_path_it_was_read_from(matrix):
    assert matrix.categories[1].issue_types[3].at == "categories[1].issue_types[3]"
    assert matrix.parties["tier-1"].at == ""  # derived: never read from the file
    assert matrix.tiers["tier-2"].response_times[1].at == "tiers[1].response_times[1]"
    fraud = next(i for i in matrix.issue_types if i.slug == "fraud-suspicion")
    assert [step.at for step in fraud.path] == [f"{fraud.at}.path[0]", f"{fraud.at}.path[1]"]


def test_reading_unchecked_gives_the_same_matrix(matrix_source):
    assert read(Matrix, matrix_source.data, checked=False).value == check(matrix_source.data).matrix


def test_every_empty_amount_range_is_reported_not_only_the_first(matrix_source):
    """A problem in one action's bands no longer stops the check of the actions after it."""
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    rules = data["authority"]["rules"]
    refund = [r for r in rules if r["action"] == "Issue refund"]
    refund[0]["amount"] = {"min": 50, "max": 50}
    rules.append({"action": "Goodwill credit", "amount": {"min": 0, "max": 0},
                  "grants": dict.fromkeys(data["authority"]["roles"], "denied")})
    rules.append({"action": "Goodwill credit", "amount": {"min": 0},
                  "grants": dict.fromkeys(data["authority"]["roles"], "allowed")})
    errors = [str(p) for p in check(data).errors]
    assert any(e.startswith(f"authority.rules[{rules.index(refund[0])}].amount: The range is empty") for e in errors)
    assert any(e.startswith(f"authority.rules[{len(rules) - 2}].amount: The range is empty") for e in errors)
