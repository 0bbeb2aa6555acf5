"""`route()`: who owns an issue, where it goes next, and what its severity and channel add."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..clock.hours import require_aware, zone
from ..model import Category, Channel, IssueType, Matrix, Party, Procedure, ResponseTime, Severity, Step, Tier
from .lookup import find_channel, find_issue_type, find_severity


@dataclass(frozen=True)
class Route:
    """The answer to "who do I escalate to?" for one issue, severity and channel (as data)."""

    issue: IssueType
    category: Category
    severity: Severity | None
    channel: Channel | None
    procedure: Procedure | None
    matrix: Matrix = field(repr=False, compare=False)
    opened_at: datetime | None = None
    """When the issue came in (aware); the answer then carries deadlines and who is on shift."""
    tz: str | None = None
    """IANA zone the asker reads times in; the organisation's when None."""

    @property
    def zone(self) -> str:
        return self.tz or self.matrix.organisation.timezone

    @property
    def owner(self) -> Party:
        return self.matrix.parties[self.issue.owner]

    @property
    def path(self) -> tuple[Step, ...]:
        return self.issue.path

    def tier_responses(self) -> list[tuple[Tier, ResponseTime]]:
        """Tier response times that this severity and channel trigger, for the tiers on the path."""
        on_path = [self.issue.owner, *(p for step in self.issue.path for p in step.any_of)]
        found = []
        for party in on_path:
            tier = self.matrix.tiers.get(party)
            if tier is None:
                continue
            for response in tier.response_times:
                if response.channels and (self.channel is None or self.channel.id not in response.channels):
                    continue
                if response.severities and (self.severity is None or self.severity.id not in response.severities):
                    continue
                if response.arrival and response.arrival != ("direct" if party == self.issue.owner else "escalated"):
                    continue
                found.append((tier, response))
        return found


def route(matrix: Matrix, issue: str, severity: str | None = None, channel: str | None = None,
          opened_at: datetime | None = None, tz: str | None = None) -> Route:
    """Route an issue; names are matched as people type them. LookupProblem on unknown input.

    `opened_at` (an aware datetime, passed by the caller: the core never reads the clock) makes the
    answer time-aware; `tz` is the zone its times are written in. TimeProblem on a bad instant or zone.
    """
    issue_type = find_issue_type(matrix, issue)
    sev = find_severity(matrix, severity) if severity is not None else None
    chan = find_channel(matrix, channel) if channel is not None else None
    procedure = matrix.procedures[sev.procedure] if sev else None
    if opened_at is not None:
        require_aware(opened_at, "opening time")
        zone(tz or matrix.organisation.timezone)
    return Route(issue_type, matrix.category_of(issue_type), sev, chan, procedure, matrix, opened_at, tz)
