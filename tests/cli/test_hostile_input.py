"""Hostile and odd input, run as a real `escalate` process under a memory cap: a located error in one
line, in bounded time and memory, and never a traceback."""

from __future__ import annotations

import copy
import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from matrix.source import DEFAULT_PATH

ESCALATE = str(Path(sys.executable).with_name("escalate"))
MEMORY_CAP = 1024 ** 3  # 1 GB of address space: "billion laughs" needs many times that
SECONDS = 20


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run(*args: str, stdin=None) -> subprocess.CompletedProcess:
    return subprocess.run([ESCALATE, *args], capture_output=True, text=True, timeout=SECONDS, preexec_fn=_capped,
                          stdin=stdin)


def assert_clear(result: subprocess.CompletedProcess, code: int, *needles: str) -> str:
    """Exit `code`, no traceback, and every needle in the message on stderr."""
    assert result.returncode == code, (result.returncode, result.stdout[-500:], result.stderr[-2000:])
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr.replace("error:", "")
    for needle in needles:
        assert needle in result.stderr, result.stderr
    return result.stderr


def laughs(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("name", "text", "located", "message"), [
    ("laughs.yaml", laughs(8), "laughs.yaml:1:5:", "Anchors and aliases (&name, *name) are not used"),
    ("recursive.yaml", "a: &a [*a]\n", "recursive.yaml:1:4:", "Anchors and aliases"),
    ("deep.yaml", "[" * 990 + "]" * 990 + "\n", "deep.yaml:1:33:", "Nested deeper than 32 levels"),
    ("deep-block.yaml", "".join("  " * n + f"k{n}:\n" for n in range(200)) + "  " * 200 + "x: 1\n",
     "deep-block.yaml:33:", "Nested deeper than 32 levels"),
])
def test_a_file_that_would_expand_without_bound_is_refused_where_it_starts(tmp_path, name, text, located, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    for command in (("check", str(path)), ("--matrix", str(path), "route", "refund")):
        result = run(*command)
        stream = result.stdout + result.stderr
        assert result.returncode == 1, stream[-2000:]
        assert "Traceback" not in stream and f"{tmp_path}/{located}" in stream and message in stream


def test_a_file_without_end_is_read_only_so_far(tmp_path):
    result = run("check", "/dev/zero")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "/dev/zero:1:1: (document): The file is larger than 16 MB" in result.stderr


def test_bytes_that_are_not_utf8_are_reported_at_their_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(DEFAULT_PATH.read_bytes().replace(b"name: Skillancer", b"name: Skill\xe4ncer", 1))
    line = next(n for n, row in enumerate(path.read_bytes().split(b"\n"), 1) if b"Skill\xe4ncer" in row)
    column = path.read_bytes().split(b"\n")[line - 1].index(b"\xe4") + 1
    result = run("check", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"latin1.yaml:{line}:{column}: (document): Not UTF-8 text: byte(s) e4 cannot be read" in result.stderr


def write_copy(tmp_path: Path, change) -> Path:
    """The real matrix with one change, written as YAML whose escapes the text needs."""
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "matrix.yaml"
    # json.dumps writes control characters and lone surrogates as \u escapes, which YAML reads back.
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    return path


def legal(data) -> dict:
    return next(team for team in data["teams"] if team["id"] == "legal")


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: legal(d).update(name="Legal\x1b[2J"),
     "Expected printable text but received a control character U+001B (ESC) at position 6"),
    (lambda d: legal(d).update(name="Le\x07gal"), "a control character U+0007 (BEL) at position 3"),
    (lambda d: legal(d).update(name="Legal\x00"), "a control character U+0000 (NUL) at position 6"),
    (lambda d: legal(d).update(name="Leg\ud800al"), "half of a surrogate pair U+D800 at position 4"),
    (lambda d: legal(d).update(name="Le\u200bgal"), "an invisible character U+200B (zero-width space) at position 3"),
])
def test_text_that_would_reach_a_terminal_or_page_unseen_is_refused_where_it_is(tmp_path, change, message):
    path = write_copy(tmp_path, change)
    for command in (("check", str(path)), ("--matrix", str(path), "contacts")):
        result = run(*command)
        stream = result.stdout + result.stderr
        assert result.returncode == 1 and "Traceback" not in stream, stream[-2000:]
        assert message in stream and ": teams[" in stream and "\x1b" not in stream and "\x07" not in stream


def test_an_emoji_sequence_and_json_escaped_pairs_are_text(tmp_path):
    path = write_copy(tmp_path, lambda d: legal(d).update(name="Legal 👩\u200d⚖️"))
    assert "\\ud83d" in path.read_text(encoding="utf-8")  # 👩 as JSON writes it: an escaped surrogate pair
    result = run("--matrix", str(path), "contacts", "legal", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "Legal 👩\u200d⚖️"


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["severities"][0]["resolution"].update(target="999999w"),
     "Expected a duration of at most 52 weeks (one year) but received: '999999w'"),
    (lambda d: d["authority"]["rules"][4]["amount"].update(min=10 ** 12),
     "Expected a number from 0 to 1,000,000,000 but received: 1000000000000"),
])
def test_values_that_would_overflow_an_answer_are_refused(tmp_path, change, message):
    result = run("check", str(write_copy(tmp_path, change)))
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (("can", "Issue refund", "--as", "Tier 2", "--amount=--"), "--amount needs a value"),
    (("can", "Issue refund", "--as", "Tier 2", "--amount", "99.999999999999999999"), "at most two decimals"),
    (("can", "Issue refund", "--as", "Tier 2", "--amount", "-0"), "never negative"),
    (("can", "Issue refund", "--as", "Tier 2", "--amount", "5000000000"), "expected an amount up to 1,000,000,000"),
    (("route", "refund", "--at", "0001-01-01T00:00"), "Expected a moment between 1971 and 2999"),
    (("route", "refund", "--at", "9999-12-25T12:00"), "Expected a moment between 1971 and 2999"),
    (("onshift", "--at", "9999-12-31T12:00"), "Expected a moment between 1971 and 2999"),
    (("route", "refund", "--at=--"), "--at needs a value"),
    (("route", "refund", "--severity", ""), "Expected a severity but received an empty value."),
    (("route", "refund", "--channel", " "), "Expected a channel but received an empty value."),
    (("route", ""), "Expected an issue type but received an empty value."),
    (("contacts", ""), "Expected a team or role but received an empty value."),
    (("drill", "--scenario", "refund-request-1", "--answer", "foo=bar"), "Unknown question 'foo' in --answer"),
    (("route", "\x1b[2J"), "Unknown issue type: '\\x1b[2J'"),
])
def test_arguments_that_name_nothing_get_exit_2_and_one_clear_line(args, message):
    stderr = assert_clear(run(*args), 2, message)
    assert [line for line in stderr.splitlines() if not line.startswith("usage:") and line.strip()
            and not line.startswith(" ")] == [next(line for line in stderr.splitlines() if message in line)]
    assert "\x1b" not in stderr


def test_a_full_disk_is_one_line_not_a_traceback():
    with open("/dev/full", "w") as full:
        for args in (("export",), ("route", "refund")):
            result = subprocess.run([ESCALATE, *args], stdout=full, stderr=subprocess.PIPE, text=True, timeout=SECONDS)
            assert result.returncode == 2 and result.stderr == "escalate: cannot write the answer: No space left on device\n"


def test_a_sensible_amount_with_cents_and_thousands_still_answers():
    result = run("can", "Issue refund", "--as", "Billing", "--amount", "$1,250.50", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["amount"] == 1250.5


def test_a_copy_with_every_change_above_undone_is_valid(tmp_path):
    """The fixtures change one value of a valid matrix: the same copy, unchanged, checks clean."""
    path = write_copy(tmp_path, lambda d: copy.deepcopy(d))
    assert run("check", str(path)).returncode == 0
