"""The same quantity stated twice: where two sections give a time or a cadence for one thing, both must hold.

`policy.contradiction_findings` compares a tier's response time with its channel's maximum and an
issue type's SLA with its owner's response time; this module adds a severity's timed response
against the responding tier's own response time for that severity, and a severity's update cadence
against the cadences of the procedure it follows. All are kind `contradiction`.
"""

from __future__ import annotations

from . import ours
from ..durations import format_minutes
from ..model import Matrix, ResponseTime
from ..problems import WARNING, Problem, join_path


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def responds_to(matrix: Matrix, response: ResponseTime) -> str:
    """Whom a tier's response time covers, as the matrix conditions it: `direct tickets`, `P2 and P3 issues`."""
    what = f"{_and(list(response.severities))} issues" if response.severities else "issues"
    if response.arrival:
        what = f"{response.arrival} {'tickets' if not response.severities else what}"
    if response.channels:
        what += f" on {_and([matrix.channels[c].name for c in response.channels])}"
    return what


def severity_response_findings(matrix: Matrix) -> list[Problem]:
    """A severity's required response from a tier, against the tier's own response time for that severity.

    Only actions marked `responds` count: an action done to a tier (paging it, notifying it) and the
    tier's answer to it are two clocks that can both hold.
    """
    out = []
    for severity in matrix.severities.values():
        for action in severity.response:
            tier = matrix.tiers.get(action.party or "")
            if not action.responds or action.within is None or tier is None:
                continue
            for response in tier.response_times:
                if response.severities and severity.id not in response.severities:
                    continue
                if response.within > action.within:
                    out.append(Problem(
                        join_path(action.at, "within"),
                        f"{severity.id} requires “{action.action}” from {tier.name}, but {tier.name} only has to "
                        f"respond to {responds_to(matrix, response)} within {format_minutes(response.within)} "
                        f"(its “{response.label}” response time): make the tier's time at most "
                        f"{format_minutes(action.within)}, or the severity's longer",
                        WARNING, "contradiction", ours(matrix, "action-parties")))
    return out


def cadence_findings(matrix: Matrix) -> list[Problem]:
    """A severity's update cadence that none of its procedure's audiences is updated at."""
    out = []
    for severity in matrix.severities.values():
        procedure = matrix.procedures[severity.procedure]
        cadences = [c for step in procedure.steps for c in step.cadence if c.every is not None]
        if not cadences:
            continue
        for action in severity.response:
            if action.every is None or any(c.every == action.every for c in cadences):
                continue
            stated = _and([f"{c.audience} every {format_minutes(c.every)}" for c in cadences])
            out.append(Problem(
                join_path(action.at, "every"),
                f"{severity.id} requires “{action.action}”, but {procedure.name}, the procedure it follows, "
                f"updates {stated}: no audience is updated every {format_minutes(action.every)}; give the "
                "severity one of the procedure's cadences, or name the audience and add it to the procedure",
                WARNING, "contradiction"))
    return out
