"""What the browser asks of the core, as JSON-able dicts: one entry point for CPython and Pyodide.

The wizard's and the drill page's Web Worker sends each question as a request dict to `respond()`;
the site build calls `catalogue()` for the form's choices and `answer_table()` to precompute every
routing answer, so a deep link is answered before Python has loaded in the browser. The parity
tests hold all three paths to the same answers. Standard library only, no I/O.

The drills, and the checks of a matrix not yet checked, are imported by the first request that uses
them: every module imported costs the browser start-up time, and most pages never ask for them.
Every answer carries its links into the runbook, made by the `Links` the build gives (the site's URL
style), relative to the site's root.
"""

from __future__ import annotations

import itertools
import json

from ..clock.hours import TimeProblem, parse_instant, zone
from ..load import build_matrix, build_validated
from ..model import Matrix
from ..problems import LookupProblem
from ..rules.authority import can
from ..rules.find import find
from ..rules.routing import route
from ..rules.templates import fill
from ..slugs import slugify
from .. import wording
from .cards import (
    DEFAULT_LINKS, SEARCH_VOCABULARY, our_choice, permission_answer, route_answer, search_answer, shift_lines,
)
from .links import Links

MESSAGE_TEMPLATE = "chat-escalation"
"""The template the wizard fills: the chat escalation request."""


def catalogue(matrix: Matrix, links: Links = DEFAULT_LINKS) -> dict:
    """The form's choices: issue types by category, severities with definitions, channels, roles, actions.

    The roles are the authority table's columns, then each lead a "lead only" grant names (`lead_of`: its team).

    With the runbook's links, for a page that must send the agent there (Python could not start), and
    `ours`: each published choice of ours by id, with its topic and link, for the ids answers mark
    values with (one table here rather than a link in each of the thousands of precomputed answers).
    """
    template = matrix.templates[MESSAGE_TEMPLATE]
    by_action: dict[str, list] = {}
    for rule in matrix.authority.rules:
        by_action.setdefault(rule.action, []).append(rule)
    return {
        "categories": [{"id": c.id, "name": c.name,
                        "issue_types": [{"name": i.name, "slug": i.slug, "link": links.routing(i.slug)}
                                        for i in c.issue_types]}
                       for c in matrix.categories],
        "severities": [{"id": s.id, "name": s.name, "label": s.label, "definition": s.definition,
                        "examples": list(s.examples), "procedure": s.procedure}
                       for s in matrix.severities.values()],
        "channels": [{"id": c.id, "name": c.name} for c in matrix.channels.values()],
        "roles": [{"id": role, "name": matrix.parties[role].name, "lead_of": None} for role in matrix.authority.roles]
                 + [{"id": lead, "name": matrix.parties[lead].name, "lead_of": matrix.parties[team].name}
                    for lead, team in matrix.leads.items()],
        "actions": [{"name": action, "slug": slugify(action), "rows": [r.label for r in rules],
                     "banded": any(r.amount is not None for r in rules), "link": links.authority(slugify(action))}
                    for action, rules in by_action.items()],
        "currency": matrix.authority.currency,
        "message": {"template": template.id, "name": template.name,
                    "fields": [{"name": f.name, "label": f.label, "prompt": f.prompt} for f in template.fields]},
        "links": {"routing": links.routing(), "contacts": links.contacts(), "authority": links.authority()},
        "ours": {"word": wording.OURS,
                 "choices": {i.id: {"topic": i.topic, "link": links.interpretation(i.id)}
                             for i in matrix.interpretations}},
    }


def message_defaults(body: dict) -> dict[str, str]:
    """What the escalation message says for a field the agent leaves empty, from the route answer:
    the issue, the severity, and whom the answer's card says to go to."""
    defaults = {"issue": body["issue"]}
    if body["severity"] is not None:
        defaults["severity"] = body["severity"]["id"]
    if body["card"]["requesting"]:
        defaults["requesting"] = body["card"]["requesting"]
    return defaults


def answer(matrix: Matrix, issue: str, severity: str | None = None, channel: str | None = None,
           links: Links = DEFAULT_LINKS) -> dict:
    """The routing answer the wizard shows: `route_answer(route(...))` and the message's defaults."""
    body = route_answer(route(matrix, issue, severity, channel), links)
    return {"route": body, "message_defaults": message_defaults(body)}


def timed_answer(matrix: Matrix, issue: str, severity: str | None, channel: str | None, at: str, tz: str,
                 links: Links = DEFAULT_LINKS) -> dict:
    """`answer()` for an issue opened at the instant `at` (ISO), with its times written in the zone `tz`.

    Adds what a route opened at an instant adds (deadlines, who is on shift, the off-shift rule) and
    `shift_lines`: one sentence per party on the answer, by party id. A zone the time-zone data does
    not know (a browser newer than the data) falls back to the organisation's, and `zone_note` says so.
    """
    zone_note = None
    try:
        zone(tz)
    except TimeProblem as problem:
        zone_note = wording.zone_fallback(matrix.organisation.timezone, problem)
        tz = matrix.organisation.timezone
    found = route(matrix, issue, severity, channel, opened_at=parse_instant(at, tz), tz=tz)
    body = route_answer(found, links)
    return {"route": body, "message_defaults": message_defaults(body), "zone_note": zone_note,
            "shift_lines": shift_lines(body)}


def escalation_message(matrix: Matrix, issue: str, severity: str | None = None,
                       values: dict[str, str] | None = None, at: str | None = None, tz: str | None = None) -> dict:
    """The chat escalation request: what the agent typed, else the route's default, else the prompt.

    `at` and `tz` (as for a route) make "Requesting" follow the answer for that moment. `unfilled`
    names the fields that still show their prompt, for the agent to fill before sending.
    """
    typed = {name: value for name, value in (values or {}).items() if str(value or "").strip()}
    if at is not None:
        defaults = timed_answer(matrix, issue, severity, None, at, tz or matrix.organisation.timezone)["message_defaults"]
    else:
        defaults = answer(matrix, issue, severity)["message_defaults"]
    template = matrix.templates[MESSAGE_TEMPLATE]
    given = {**defaults, **typed}
    unfilled = [f.label for f in template.fields if f.name not in given]
    return {"text": fill(template, given), "unfilled": unfilled, "unfilled_note": wording.unfilled_note(unfilled)}


def _route(matrix: Matrix, request: dict, links: Links) -> dict:
    if request.get("at") is not None:
        return timed_answer(matrix, request["issue"], request.get("severity"), request.get("channel"),
                            request["at"], request.get("tz") or matrix.organisation.timezone, links)
    return answer(matrix, request["issue"], request.get("severity"), request.get("channel"), links)


def _message(matrix: Matrix, request: dict, links: Links) -> dict:
    return escalation_message(matrix, request["issue"], request.get("severity"), request.get("values"),
                              request.get("at"), request.get("tz"))


def _search(matrix: Matrix, request: dict, links: Links) -> dict:
    """The issue types the text may mean, best first, and whether the first is certain (`find`)."""
    return search_answer(find(matrix, str(request.get("text") or "")), links)


def _can(matrix: Matrix, request: dict, links: Links) -> dict:
    found = can(matrix, request["role"], request["action"], request.get("amount"))
    return {"permission": permission_answer(found, links)}


def _drill(matrix: Matrix, request: dict, links: Links) -> dict:
    """The drill a deep link names (`scenario`, `seed`, `level`), or the next one for `progress`."""
    from .drills import checked_progress, make_drill, new_progress, next_drill

    if request.get("scenario"):
        found = make_drill(matrix, request["scenario"], int(request.get("seed") or 0), int(request.get("level") or 1))
    else:
        progress = checked_progress(matrix, request.get("progress") or new_progress())
        found = next_drill(matrix, progress, int(request.get("seed") or 0))
    return {"drill": found.to_dict(links)}


def _grade(matrix: Matrix, request: dict, links: Links) -> dict:
    """Grade `answers` to the drill (`scenario`, `seed`, `level`); the trainee's `progress` after it."""
    from .drills import checked_progress, grade, level_for, make_drill, new_progress, record

    found = make_drill(matrix, request["scenario"], int(request["seed"]), int(request["level"]))
    verdicts = grade(found, request.get("answers") or {}, links)
    progress = record(checked_progress(matrix, request.get("progress") or new_progress()), found, verdicts)
    return {"verdicts": [{"question": v.question, "correct": v.correct, "mark": wording.VERDICT_MARKS[v.correct],
                          "expected": v.expected, "given": v.given, "reason": v.reason, "link": v.link,
                          "why": v.why}
                         for v in verdicts],
            "all_right": all(v.correct for v in verdicts), "progress": progress, "next_level": level_for(progress)}


def _resume(matrix: Matrix, request: dict, links: Links) -> dict:
    """What the drill page kept in this browser (`saved`: its text, or null), read: see `drills.read_saved`."""
    from .drills import read_saved

    saved = request.get("saved")
    return read_saved(matrix, saved if isinstance(saved, str) else None)


_HANDLERS = {"route": _route, "message": _message, "search": _search, "can": _can, "drill": _drill,
             "grade": _grade, "resume": _resume}


def respond(matrix: Matrix, request: dict, links: Links = DEFAULT_LINKS) -> dict:
    """Answer one request (`kind`: route | message | search | can | drill | grade | resume).

    Input that names nothing, or a negative amount, is an answer too: `{"error": ..., "suggestions": [...]}`.
    An unknown `kind` is a bug in the caller and raises.
    """
    handler = _HANDLERS.get(request.get("kind"))
    if handler is None:
        raise ValueError(f"Expected one of: {tuple(_HANDLERS)} but received: {request.get('kind')!r}")
    try:
        return handler(matrix, request, links)
    except LookupProblem as problem:
        return {"error": str(problem), "suggestions": problem.suggestions}
    except ValueError as problem:
        return {"error": str(problem), "suggestions": []}


def respond_json(matrix: Matrix, request_json: str, links: Links = DEFAULT_LINKS) -> str:
    """`respond()` across a text boundary (the Web Worker, the Node harness); never raises.

    A page waits for every answer, so whatever goes wrong in the core (a bug, a request it cannot read)
    is an answer too: `{"error": <a sentence for the agent>, "detail": <the exception in one line>}`,
    the detail for the page to fold away. A request that names nothing stays `respond()`'s own answer.
    """
    try:
        request = json.loads(request_json)
        if not isinstance(request, dict):
            raise TypeError(f"Expected a request object but received: {type(request).__name__}")
        return json.dumps(respond(matrix, request, links), ensure_ascii=False)
    except Exception as error:  # noqa: BLE001 (any failure must still settle the question, see above)
        return json.dumps(failed_answer(error), ensure_ascii=False)


def failed_answer(error: BaseException) -> dict:
    """The answer to a question the core failed on: the agent's sentence and the one-line technical detail."""
    return {"error": wording.ANSWER_FAILED, "detail": wording.failure_detail(error)}


def responder(matrix_json: str, validated: bool = False, directory_urls: bool = True):
    """Build the matrix from `escalate export` JSON once; return `respond_json` bound to it.

    What the browser's worker calls after installing the wheel: JSON text in, JSON text out.
    `validated`: the JSON is the site build's own matrix.json, which it wrote only after validating
    the matrix, so it is not checked again (see `load.build_validated`). `directory_urls`: how the
    site serves its pages (MkDocs' `use_directory_urls`), for the links the answers carry.
    """
    data = json.loads(matrix_json)
    matrix = build_validated(data) if validated else build_matrix(data)
    links = Links(directory_urls)
    return lambda request_json: respond_json(matrix, request_json, links)


AXES = ("issue", "severity", "channel")


def answer_table(matrix: Matrix, links: Links = DEFAULT_LINKS) -> dict:
    """`answer()` for every issue type × severity (or none) × channel (or none), each distinct part once.

    An answer is split into columns (`route.owner`, `route.path`, `message_defaults`…). Each column
    lists its distinct `values` and, in `index`, which value each case takes, nested over only the
    `axes` it varies with: the owner over issues, the severity block over severities, the tier
    responses over all three. Decoding is a lookup (docs/assets/wizard/table.js); nothing is computed
    outside this function.
    """
    keys = {"issue": [issue.slug for issue in matrix.issue_types],
            "severity": [None, *matrix.severities], "channel": [None, *matrix.channels]}
    cases = list(itertools.product(*(range(len(keys[axis])) for axis in AXES)))
    columns: dict[tuple[str, str | None], _Column] = {}
    for case in cases:  # each answer is split as it comes, so only the distinct parts stay in memory
        found = answer(matrix, *(keys[axis][n] for axis, n in zip(AXES, case)), links=links)
        for key, value in found["route"].items():
            columns.setdefault(("route", key), _Column()).add(value)
        columns.setdefault(("message_defaults", None), _Column()).add(found["message_defaults"])
    return {**keys, "columns": [column.table(top, key, cases, keys) for (top, key), column in columns.items()]}


_CANONICAL = json.JSONEncoder(sort_keys=True, check_circular=False)
"""Equal values, equal text: a column's values are told apart by it (answers hold no cycles: they are JSON)."""


class _Column:
    """One part of the answers, case after case: its distinct values, and the one each case takes."""

    def __init__(self):
        self.values: list = []
        self.numbers: dict[str, int] = {}  # each distinct value, as canonical JSON, to its place in `values`
        self.positions: list[int] = []  # by case, in the order of `answer_table`'s cases

    def add(self, value) -> None:
        number = self.numbers.setdefault(_CANONICAL.encode(value), len(self.values))
        if number == len(self.values):
            self.values.append(value)
        self.positions.append(number)

    def table(self, top: str, key: str | None, cases: list[tuple[int, ...]], keys: dict) -> dict:
        axes, by_axes = _smallest_axes(dict(zip(cases, self.positions)))
        return {"top": top, "key": key, "axes": [AXES[a] for a in axes], "values": self.values,
                "index": _nest(by_axes, [len(keys[AXES[a]]) for a in axes])}


def _smallest_axes(position: dict[tuple[int, ...], int]) -> tuple[tuple[int, ...], dict[tuple[int, ...], int]]:
    """The fewest axes that determine the column's value (all three in the worst case), and the value's
    position for each of their combinations: one pass over the cases per set of axes tried, at most eight."""
    for size in range(len(AXES) + 1):
        for axes in itertools.combinations(range(len(AXES)), size):
            by_axes: dict[tuple[int, ...], int] = {}
            if all(by_axes.setdefault(tuple(case[a] for a in axes), n) == n for case, n in position.items()):
                return axes, by_axes
    raise AssertionError("unreachable: all three axes determine every value")


def _nest(by_axes: dict[tuple[int, ...], int], sizes: list[int], prefix: tuple[int, ...] = ()):
    """The positions as nested lists, one level per axis: looked up, so the table's build stays linear in its cases."""
    if len(prefix) == len(sizes):
        return by_axes[prefix]
    return [_nest(by_axes, sizes, (*prefix, i)) for i in range(sizes[len(prefix)])]


def wizard_suggestions(matrix: Matrix, links: Links = DEFAULT_LINKS) -> dict:
    """What the site search offers besides its pages: the wizard's answer, for a query naming an issue type.

    `queries` holds the query as typed, lower case with single spaces (every issue type's name, its
    slug and its synonyms), each kept only where `find` is certain of that issue type, with the
    issue type's slug; `issues`, each issue type's name and the wizard's link to its answer. A page
    looks the query up: it ranks nothing. `named` lists the queries that are the seed's own names
    (an issue type's name or slug); an offer for any other query rests on our search words, and says
    so with `why`.
    """
    queries = {}
    for issue in matrix.issue_types:
        for text in (issue.name, issue.slug.replace("-", " "), *issue.our_vocabulary.synonyms):
            found = find(matrix, text)
            if found.confident and found.candidates[0].issue.slug == issue.slug:
                queries[" ".join(text.lower().split())] = issue.slug
    offered = set(queries.values())
    issues = {issue.slug: {"issue": issue.name, "link": links.wizard(issue.slug)}
              for issue in matrix.issue_types if issue.slug in offered}
    names = {" ".join(text.lower().split()) for issue in matrix.issue_types
             for text in (issue.name, issue.slug.replace("-", " "))}
    return {"queries": queries, "issues": issues, "named": sorted(names & set(queries)),
            "why": our_choice(links, SEARCH_VOCABULARY, wording.SEARCH_WORDS_OURS)}
