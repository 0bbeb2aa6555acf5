"""The policy check (`escalate check --lint`, the site's "Policy check" page): findings by kind.

Every warning of `policy`, plus the amount thresholds that leave a gap or overlap. Those
are errors that stop a matrix loading; the policy check lists them beside everything else, so an
operations lead sees the whole picture of a draft, not only its first blocker.
"""

from __future__ import annotations

from ..load import check
from ..problems import ERROR, Problem
from .policy import policy_findings

KINDS: dict[str, tuple[str, str]] = {
    "contradiction": ("Contradictions",
                      "Two sections promise what cannot both hold: change one of them so they agree."),
    "coverage": ("Coverage holes",
                 "The owner is off shift for longer than the SLA allows: extend its hours, give the issue an "
                 "out-of-hours owner, or count the SLA in business hours (`clocks`)."),
    "path-coverage": ("Coverage along the path",
                      "A later step of the path is off shift for longer than the SLA allows, so an issue that "
                      "needs it then waits past its deadline: extend the step's hours, add an alternative on "
                      "shift then, or count the SLA in business hours (`clocks`)."),
    "amounts": ("Amount thresholds",
                "Some amounts fall under no row, or under two: make each action's ranges meet exactly once."),
    "contact": ("Contacts",
                "An agent cannot reach this party from the runbook: publish a real contact for it."),
    "channel": ("Channel reachability",
                "A channel promises a first response that rests on a contact nobody can reach or hours that "
                "do not cover it: publish a real contact and matching hours, or change the promise."),
    "authority": ("Authority along the path",
                  "Nobody on the issue's owner or path may take an action resolving it needs: add someone who "
                  "may to the path, or grant the action to a party on it."),
    "undefined-response": ("Undefined response times",
                           "A tier states response times by severity but skips one: state it, or say none applies."),
    "flow": ("Escalation flow and routes",
             "The flow diagram and the routing tables disagree, or a team is listed that nothing routes to: "
             "draw every route and only routes, and route to each listed team or drop it."),
    "template": ("Templates", "A template asks for a field it never uses: use it in the body or drop it."),
}
"""Every kind the policy check reports, in page order: title and the one-line explanation."""

BLOCKING = ("Errors", "The matrix cannot be loaded until these are fixed; `escalate check` lists them too.")


def validate(data) -> list[Problem]:
    """Every error in plain matrix data; without errors, every policy warning instead."""
    checked = check(data)
    return checked.errors or policy_findings(checked.matrix)


def lint(data) -> list[Problem]:
    """Every finding for plain matrix data: errors that block it, or warnings and amount gaps.

    Amount errors do not stop the check: the matrix is read without them and its warnings follow.
    """
    checked = check(data)
    if checked.matrix is None or any(p.kind != "amounts" for p in checked.errors):
        return checked.errors
    return checked.errors + policy_findings(checked.matrix)


def group(findings: list) -> list[dict]:
    """Findings (Problems, or anything with a `.problem`) by kind, in `KINDS` order, for a report.

    Each group: `kind`, `title`, `explanation`, `level` (error if any finding is) and `findings`,
    each finding a dict of `path`, `message`, `level`, `interpretation` (the id of the choice of ours
    it rests on, or None) and, when located, `file`, `line`, `column`.
    """
    by_kind: dict[str, list[dict]] = {}
    for item in findings:
        problem: Problem = getattr(item, "problem", item)
        entry = {"path": problem.path, "message": problem.message, "level": problem.level,
                 "interpretation": problem.ours}
        if hasattr(item, "line"):
            entry.update(file=item.file, line=item.line, column=item.column)
        kind = "blocking" if problem.level == ERROR and problem.kind != "amounts" else problem.kind
        by_kind.setdefault(kind, []).append(entry)
    order = ["blocking", *KINDS, *(k for k in by_kind if k not in KINDS and k != "blocking")]
    groups = []
    for kind in order:
        if kind not in by_kind:
            continue
        title, explanation = BLOCKING if kind == "blocking" else KINDS.get(kind, (kind.capitalize(), ""))
        items = by_kind[kind]
        groups.append({"kind": kind, "title": title, "explanation": explanation,
                       "level": ERROR if any(i["level"] == ERROR for i in items) else items[0]["level"],
                       "findings": items})
    return groups
