"""SLA deadlines: when each clock of an issue runs out, counted as the matrix's `clocks` say.

A calendar clock runs 24/7; a business clock runs only while the issue's owner is on shift (its
schedule, holidays included), as Zendesk and Jira Service Management count business hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..model import Channel, IssueType, Matrix, Severity
from .hours import UTC, add_on_shift_minutes, require_aware
from .shifts import schedule_of

CALENDAR = "calendar"
BUSINESS = "business"


@dataclass(frozen=True)
class Deadline:
    clock: str
    """first_response | issue_sla | resolution: the key in the matrix's `clocks`."""
    bound: str
    """target | maximum (the issue-type SLA has one bound, `target`)."""
    subject: str
    """What the clock is of: the channel's name, the issue type's name, or the severity's id."""
    minutes: int
    counts: str
    """calendar | business."""
    due: datetime | None
    """None: a business clock whose owner is never on shift, so it never runs out."""


def due(matrix: Matrix, clock: str, owner: str, opened_at: datetime, minutes: int) -> datetime | None:
    """When `minutes` on `clock` have run since `opened_at`, counting as the matrix says."""
    require_aware(opened_at, "opening time")
    if matrix.clocks[clock] == BUSINESS:
        return add_on_shift_minutes(schedule_of(matrix, owner), opened_at, minutes)
    return opened_at.astimezone(UTC) + timedelta(minutes=minutes)


def deadlines(matrix: Matrix, issue: IssueType, severity: Severity | None, channel: Channel | None,
              opened_at: datetime | None) -> list[Deadline]:
    """First response (with a channel), the issue-type SLA, resolution (with a severity), in that order.

    Without `opened_at` the deadlines have their durations and no due instants.
    """
    wanted: list[tuple[str, str, str, int]] = []
    if channel is not None:
        wanted += [("first_response", "target", channel.name, channel.first_response.target),
                   ("first_response", "maximum", channel.name, channel.first_response.maximum)]
    wanted.append(("issue_sla", "target", issue.name, issue.sla))
    if severity is not None:
        wanted += [("resolution", "target", severity.id, severity.resolution.target),
                   ("resolution", "maximum", severity.id, severity.resolution.maximum)]
    return [Deadline(clock, bound, subject, minutes, matrix.clocks[clock],
                     None if opened_at is None else due(matrix, clock, issue.owner, opened_at, minutes))
            for clock, bound, subject, minutes in wanted]


_LATEST = datetime.max.replace(tzinfo=UTC)


def governing(found: list[Deadline]) -> Deadline:
    """The one deadline an answer leads with (interpretation `governing-deadline`).

    The earliest to run out of the issue type's SLA and the severity's resolution target: both say
    when the issue must be resolved, so the nearer one is the one to beat. The channel's first
    response is the agent's own first reply, and the maximum is the last resort, so they follow as
    secondary clocks. Without instants, the shorter duration governs.
    """
    resolving = [d for d in found if d.clock == "issue_sla" or (d.clock == "resolution" and d.bound == "target")]
    return min(resolving, key=lambda d: (d.due or _LATEST, d.minutes))
