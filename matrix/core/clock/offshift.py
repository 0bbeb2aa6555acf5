"""The off-shift rule: what happens when the owner is off shift as an issue comes in. Decisions, not words.

The rule lives in the matrix (`off_shift`): emergency severities never wait and go to whoever is
on call now; the others wait for the owner's next shift, and when that wait breaches a clock the
decision says which clocks and, under `if_wait_breaches: escalate`, whom to hand the issue to now.
`matrix.core.answers` words the decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..model import Matrix
from ..rules.routing import Route
from .deadlines import Deadline, governing
from .hours import next_on_shift, on_shift, on_shift_until
from .shifts import is_on_shift, reachable, schedule_of


@dataclass(frozen=True)
class EmergencyPlan:
    """Whom to reach now for an emergency: the on-call party and anyone on the path reachable."""

    severities: tuple[str, ...]
    on_call: str
    """The rule's on-call party."""
    go_to: tuple[str, ...]
    """Party ids reachable now for an emergency: the owner, the on-call party, then the path."""


@dataclass(frozen=True)
class WaitPlan:
    """Waiting for the owner: until when, which clocks that breaches, and whom to go to instead."""

    back: datetime | None
    """When the owner is next on shift; None: never."""
    sla: Deadline
    breaches: tuple[Deadline, ...]
    """The issue-SLA and resolution deadlines that fall before the owner is back."""
    escalate_to: tuple[int, str] | None
    """(step number, party id): the first step of the path on shift now, when the rule says escalate."""


@dataclass(frozen=True)
class PathGap:
    """A step of the path that nobody on it can take before the deadline: all off shift, back too late."""

    step: int
    parties: tuple[str, ...]
    back: datetime | None
    """When the first of them is back on shift; None: never."""


@dataclass(frozen=True)
class OffShiftDecision:
    owner_on_shift: bool
    until: datetime | None
    """On shift: when this stretch ends (None: never)."""
    back: datetime | None
    """Off shift: when the owner is next on shift (None: never)."""
    applies: str
    """none (owner on shift) | emergency | standard | either (no severity given: both branches)."""
    emergency: EmergencyPlan | None
    standard: WaitPlan | None
    governing: Deadline
    """The deadline the answer leads with (`deadlines.governing`)."""
    path_gap: PathGap | None = None
    """The first later step that cannot take the issue before the governing deadline, if one."""


def path_gap(route: Route, at: datetime, due: datetime | None, emergency: bool) -> PathGap | None:
    """The first step of the path whose parties are all off shift now and back only after `due`.

    Whoever keeps emergency hours counts as reachable for an emergency severity.
    """
    if due is None:
        return None
    matrix = route.matrix
    for number, step in enumerate(route.path, start=1):
        if any(reachable(matrix, party, at, emergency) for party in step.any_of):
            continue
        backs = [next_on_shift(schedule_of(matrix, party), at) for party in step.any_of]
        known = [back for back in backs if back is not None]
        if not known or min(known) > due:
            return PathGap(number, step.any_of, min(known) if known else None)
    return None


def emergency_plan(route: Route, at: datetime) -> EmergencyPlan | None:
    rule = route.matrix.off_shift
    if not rule.emergency_severities or rule.on_call is None:
        return None
    order = [route.issue.owner, rule.on_call, *(p for step in route.path for p in step.any_of)]
    return EmergencyPlan(rule.emergency_severities, rule.on_call,
                         tuple(p for p in dict.fromkeys(order) if reachable(route.matrix, p, at, True)))


def wait_plan(route: Route, at: datetime, deadlines: list[Deadline], back: datetime | None) -> WaitPlan:
    matrix: Matrix = route.matrix
    breaches = tuple(d for d in deadlines if d.clock in ("issue_sla", "resolution") and d.due is not None
                     and (back is None or d.due < back))
    escalate_to = None
    if breaches and matrix.off_shift.if_wait_breaches == "escalate":
        escalate_to = next(((number, p) for number, step in enumerate(route.path, start=1)
                            for p in step.any_of if is_on_shift(matrix, p, at)), None)
    sla = next(d for d in deadlines if d.clock == "issue_sla")
    return WaitPlan(back, sla, breaches, escalate_to)


def decide(route: Route, at: datetime, deadlines: list[Deadline]) -> OffShiftDecision:
    """What the off-shift rule says for this route at the instant `at`, and what the path can still do."""
    matrix = route.matrix
    rule = matrix.off_shift
    schedule = schedule_of(matrix, route.issue.owner)
    severity = route.severity
    urgent = severity is not None and severity.id in rule.emergency_severities
    due = governing(deadlines)
    gap = path_gap(route, at, due.due, urgent)
    if on_shift(schedule, at):
        emergency = emergency_plan(route, at) if urgent else None
        return OffShiftDecision(True, on_shift_until(schedule, at), None, "emergency" if emergency else "none",
                                emergency, None, due, gap)
    back = next_on_shift(schedule, at)
    if severity is not None:
        emergency = emergency_plan(route, at) if urgent else None
        applies = "emergency" if emergency else "standard"
    else:
        emergency = emergency_plan(route, at)
        applies = "either" if emergency else "standard"
    standard = wait_plan(route, at, deadlines, back) if applies != "emergency" else None
    return OffShiftDecision(False, None, back, applies, emergency, standard, due, gap)
