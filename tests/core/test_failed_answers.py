"""The browser's entry point never raises: whatever goes wrong in the core is an answer the page can show."""

import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from matrix.core import wording
from matrix.core.answers.browser import respond_json
from matrix.source import load_matrix

REAL = load_matrix()
KINDS = ["route", "message", "search", "can", "drill", "grade", "resume"]

FAILING = {
    "not JSON": ("{kind: route", "JSONDecodeError: Expecting property name enclosed in double quotes"),
    "not an object": ('["route"]', "TypeError: Expected a request object but received: list"),
    "an unknown kind": ('{"kind": "teleport"}', "ValueError: Expected one of: ('route', 'message', 'search', "),
    "grading without a drill": ('{"kind": "grade"}', "KeyError: 'scenario'"),
    "a role that is no text": ('{"kind": "can", "role": null, "action": null}', "AttributeError: "),
}


@pytest.mark.parametrize("request_json, detail", FAILING.values(), ids=FAILING.keys())
def test_a_question_the_core_fails_on_is_answered_with_a_sentence_and_a_one_line_detail(request_json, detail):
    body = json.loads(respond_json(REAL, request_json))
    assert set(body) == {"error", "detail"}
    assert body["error"] == wording.ANSWER_FAILED
    assert body["detail"].startswith(detail), body["detail"]
    assert "\n" not in body["detail"] and "Traceback" not in body["detail"]


def test_the_detail_is_one_bounded_line_of_the_exception():
    assert wording.failure_detail(KeyError("refund")) == "KeyError: 'refund'"
    assert wording.failure_detail(RuntimeError()) == "RuntimeError"
    long = wording.failure_detail(ValueError("first line " + "x" * 1000 + "\nsecond line"))
    assert len(long) == wording.DETAIL_LIMIT and long.endswith("…") and "second" not in long


def test_input_that_names_nothing_stays_an_answer_with_suggestions():
    body = json.loads(respond_json(REAL, json.dumps({"kind": "route", "issue": "teleporter"})))
    assert body["error"].startswith("Unknown issue type: 'teleporter'.") and "detail" not in body


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8)
requests = st.one_of(
    json_values,
    st.fixed_dictionaries({"kind": st.sampled_from(KINDS)},
                          optional={key: json_values for key in ("issue", "severity", "channel", "at", "tz", "text",
                                                                 "role", "action", "amount", "scenario", "seed",
                                                                 "level", "progress", "answers", "values", "saved")}))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests)
def test_any_request_gets_an_answer_never_an_exception(request):
    body = json.loads(respond_json(REAL, json.dumps(request)))
    assert isinstance(body, dict)
    if "detail" in body:
        assert body["error"] == wording.ANSWER_FAILED and "\n" not in body["detail"]
