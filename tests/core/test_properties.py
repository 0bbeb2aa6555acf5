"""Property tests: whatever arrives, the answer is a result or a located error, never a traceback."""

import copy

from hypothesis import HealthCheck, given, settings, strategies as st

from matrix_data import dump_matrix
from matrix.core.answers.cards import permission_answer, route_answer
from matrix.core import AmbiguousLookup, LookupProblem, MatrixError, Problem, build_matrix, can, route, validate
from matrix.source import MatrixFileError, load_matrix, parse_matrix_text

REAL = load_matrix()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True) | st.text(max_size=12)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


def paths(data, prefix=()):
    """Every (path, value) in nested data, so a mutation can land anywhere."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths(value, prefix + (index,))


ALL_PATHS = [p for p in paths(REAL.source) if p]


def assert_only_located_problems(data):
    problems = validate(data)
    assert all(isinstance(p, Problem) and p.message for p in problems)
    try:
        build_matrix(data)
    except MatrixError as error:
        assert error.problems and all(p.level == "error" for p in error.problems)


@SETTINGS
@given(values)
def test_arbitrary_data(data):
    assert_only_located_problems(data)


@SETTINGS
@given(st.sampled_from(ALL_PATHS), values)
def test_one_value_of_the_real_matrix_replaced(path, value):
    data = copy.deepcopy(REAL.source)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    assert_only_located_problems(data)


@SETTINGS
@given(st.sampled_from(ALL_PATHS))
def test_one_value_of_the_real_matrix_removed(path):
    data = copy.deepcopy(REAL.source)
    node = data
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    assert_only_located_problems(data)


@SETTINGS
@given(st.sampled_from(ALL_PATHS), values)
def test_replaced_value_is_located_in_the_file(path, value):
    data = copy.deepcopy(REAL.source)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    text = dump_matrix(data)
    try:
        located = parse_matrix_text(text, "m.yaml").problems()
    except MatrixFileError as error:
        located = error.located
    lines = text.count("\n") + 1
    assert all(1 <= item.line <= lines and item.column >= 1 for item in located)


@SETTINGS
@given(st.text(max_size=200))
def test_arbitrary_text_as_a_matrix_file(text):
    try:
        matrix_file = parse_matrix_text(text, "m.yaml")
    except MatrixFileError as error:
        assert all(str(item).startswith("m.yaml:") for item in error.located)
        return
    assert all(str(item).startswith("m.yaml:") for item in matrix_file.problems())


@SETTINGS
@given(st.text(max_size=30), st.one_of(st.none(), st.text(max_size=5)), st.one_of(st.none(), st.text(max_size=6)))
def test_route_answers_or_says_what_is_unknown(issue, severity, channel):
    try:
        answer = route_answer(route(REAL, issue, severity or None, channel or None))
    except AmbiguousLookup as problem:
        assert str(problem).startswith("Not sure which issue type ") and problem.suggestions
        return
    except LookupProblem as problem:
        # Nothing typed is said to be nothing, not "Unknown ''".
        assert str(problem).startswith("Unknown ") or str(problem).endswith("but received an empty value.")
        return
    assert answer["sla_minutes"] > 0


@SETTINGS
@given(st.text(max_size=20), st.text(max_size=20), st.one_of(st.none(), st.floats(allow_nan=True)))
def test_can_answers_or_says_what_is_wrong(role, action, amount):
    try:
        answer = permission_answer(can(REAL, role, action, amount))
    except (LookupProblem, ValueError) as problem:
        assert str(problem)
        return
    assert answer["grant"] in {"allowed", "lead", "denied", "depends"}
