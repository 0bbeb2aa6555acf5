"""The build's work grows linearly with the matrix: counted, not timed, so the tests fail the same way every run.

The work is the number of Python lines the project's code runs (a `sys.settrace` count, each pass of a
loop or comprehension included), on the seed scaled 4× and 8× (`matrix_data.scaled`: every team, issue
type and action copied). Linear work doubles; work that scans every issue type for each one
quadruples. Time would say the same with noise from whatever else the machine runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import matrix as package
from matrix.core.answers import browser
from matrix.core.answers.links import Links
from matrix.core.load import build_matrix
from matrix.core.rules.find import SearchIndex
from matrix_data import scaled

PACKAGE = str(Path(package.__file__).parent)
SMALL, LARGE = 4, 8
LINEAR = (LARGE / SMALL) * 1.05
"""Twice the matrix may cost a little over twice the work (longer names, one more digit), never four times."""


class TooMuchWork(Exception):
    pass


def lines_run(work, files: tuple[str, ...] = (PACKAGE,), budget: int | None = None) -> int:
    """How many lines of code in `files` (paths or folders) `work()` runs; TooMuchWork past `budget`,
    so that quadratic code fails at once instead of running on."""
    count = 0

    def line(frame, event, arg):
        nonlocal count
        count += 1
        if budget is not None and count > budget:
            raise TooMuchWork(f"more than {budget} lines")
        return line

    def call(frame, event, arg):
        return line if frame.f_code.co_filename.startswith(files) else None

    sys.settrace(call)
    try:
        work()
    finally:
        sys.settrace(None)
    return count


@pytest.fixture(scope="module")
def matrices(matrix_source):
    return {factor: build_matrix(scaled(matrix_source.data, factor)) for factor in (SMALL, LARGE)}


def test_the_answer_tables_own_work_grows_as_its_cases(matrices, monkeypatch):
    """Splitting every answer into columns, finding the axes each column varies with and nesting its index:
    answers stand in for the real ones here (their own cost is the next test's), so only the table counts."""
    asked = []

    def stand_in(matrix, issue, severity=None, channel=None, links=None):
        asked.append((issue, severity, channel))
        return {"route": {"owner": {"name": issue.rsplit("-", 1)[0]}, "severity": severity, "channel": channel,
                          "tier_responses": [issue, severity, channel]},
                "message_defaults": {"issue": issue, "severity": severity}}

    monkeypatch.setattr(browser, "answer", stand_in)
    table_code = (browser.__file__,)
    small = lines_run(lambda: browser.answer_table(matrices[SMALL], Links()), table_code)
    cases = len(matrices[SMALL].issue_types) * (len(matrices[SMALL].severities) + 1) * (len(matrices[SMALL].channels) + 1)
    assert len(asked) == cases  # each case answered once
    large = lines_run(lambda: browser.answer_table(matrices[LARGE], Links()), table_code, budget=int(small * LINEAR))
    assert large <= small * LINEAR


def test_an_answer_costs_the_same_whatever_the_matrixs_size(matrices):
    """Every severity and channel for the first and the last issue type: the same work in a matrix twice the
    size (what is worked out once per matrix, the search index and the contradictions, is done beforehand)."""
    def answers(matrix):
        def work():
            for issue in (matrix.issue_types[0], matrix.issue_types[-1]):
                for severity in (None, *matrix.severities):
                    for channel in (None, *matrix.channels):
                        browser.answer(matrix, issue.slug, severity, channel)
        browser.answer(matrix, matrix.issue_types[1].slug, "P1", "chat")  # once per matrix, uncounted
        return work

    small = lines_run(answers(matrices[SMALL]))
    assert small > 10_000  # the count sees the answers' work
    assert lines_run(answers(matrices[LARGE]), budget=int(small * 1.03)) <= small * 1.03


def test_the_search_index_grows_as_the_matrix(matrices):
    """Each issue type's terms are added by looking up the term's postings, never by scanning them."""
    small = lines_run(lambda: SearchIndex(matrices[SMALL]))
    assert lines_run(lambda: SearchIndex(matrices[LARGE]), budget=int(small * LINEAR)) <= small * LINEAR
