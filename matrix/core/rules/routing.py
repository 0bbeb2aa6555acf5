"""`route()`: who owns an issue, where it goes next, which clocks run and what must happen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..durations import format_minutes
from .lookup import find_channel, find_issue_type, find_severity
from ..model import Category, Channel, IssueType, Matrix, Procedure, Severity, Step, Target, Team


def party_card(matrix: Matrix, party_id: str, at: datetime | None = None, tz: str | None = None) -> dict:
    """A party as an agent needs it on an answer: name, how to reach it, when, and its anchor.

    Given an instant `at`, the card also says whether the party is on shift then (`shift`).
    """
    party = matrix.parties[party_id]
    via = None
    if party.is_tier:
        via = matrix.parties[matrix.tiers[party_id].contact].name
    contact = party.contact
    card = {
        "id": party.id,
        "name": party.name,
        "is_tier": party.is_tier,
        "via": via,
        "contact": None if contact is None else {"kind": contact.kind, "value": contact.value, "href": contact.href},
        "hours": {"label": party.hours.label, "schedule": party.hours.schedule,
                  "published": party.hours.published, "emergency": party.hours.emergency},
    }
    if at is not None:
        from ..clock.shifts import shift_status

        card["shift"] = shift_status(matrix, party_id, at, tz or matrix.organisation.timezone)
    return card


def step_card(matrix: Matrix, step: Step, number: int, at: datetime | None = None, tz: str | None = None) -> dict:
    alternatives = [party_card(matrix, party, at, tz) for party in step.any_of]
    return {
        "step": number,
        "name": " or ".join(a["name"] for a in alternatives),
        "choice": step.is_choice,
        "alternatives": alternatives,
    }


def _clock(target: Target) -> dict:
    return {"target_minutes": target.target, "maximum_minutes": target.maximum,
            "target": format_minutes(target.target), "maximum": format_minutes(target.maximum)}


@dataclass(frozen=True)
class Route:
    """The answer to "who do I escalate to?" for one issue, severity and channel."""

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
    def owner(self) -> Team:
        return self.matrix.parties[self.issue.owner]

    @property
    def path(self) -> tuple[Step, ...]:
        return self.issue.path

    def tier_responses(self) -> list[dict]:
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
                found.append({"tier": tier.name, "label": response.label, "within_minutes": response.within,
                              "within": format_minutes(response.within)})
        return found

    def deadlines(self):
        """The clocks of this answer with their due instants; empty without `opened_at`."""
        from ..clock.deadlines import deadlines

        if self.opened_at is None:
            return []
        return deadlines(self.matrix, self.issue, self.severity, self.channel, self.opened_at)

    def to_dict(self) -> dict:
        """The JSON contract: `issue`, `category`, `owner.name`, `path[].name`, `sla_minutes` stay stable.

        With `opened_at`, also `time`, `deadlines`, `off_shift` and a `shift` on every party card.
        """
        matrix = self.matrix
        at, tz = self.opened_at, self.zone
        path = [step_card(matrix, step, number, at, tz) for number, step in enumerate(self.issue.path, start=1)]
        severity = None
        if self.severity is not None:
            s = self.severity
            severity = {
                "id": s.id, "name": s.name, "label": s.label, "definition": s.definition,
                "examples": list(s.examples),
                "actions": [{"action": a.action, "within_minutes": a.within, "every_minutes": a.every}
                            for a in s.response],
                "resolution": _clock(s.resolution),
            }
        procedure = None
        if self.procedure is not None:
            p = self.procedure
            procedure = {"id": p.id, "name": p.name, "emergency": p.id == "emergency",
                         "steps": [{"title": st.title, "items": list(st.items)} for st in p.steps]}
        answer = {
            "issue": self.issue.name,
            "slug": self.issue.slug,
            "category": self.category.name,
            "category_id": self.category.id,
            "owner": party_card(matrix, self.issue.owner, at, tz),
            "next": path[0] if path else None,
            "path": path,
            "sla_minutes": self.issue.sla,
            "sla": format_minutes(self.issue.sla),
            "severity": severity,
            "channel": None if self.channel is None else {
                "id": self.channel.id, "name": self.channel.name,
                "first_response": _clock(self.channel.first_response)},
            "tier_responses": self.tier_responses(),
            "procedure": procedure,
        }
        if at is not None:
            from ..clock.hours import isoformat, label
            from ..clock.offshift import off_shift_answer

            deadlines = self.deadlines()
            answer["time"] = {"opened_at": isoformat(at, tz), "opened_at_label": label(at, tz), "tz": tz,
                              "clocks": dict(matrix.clocks)}
            answer["deadlines"] = [d.to_dict(tz) for d in deadlines]
            answer["off_shift"] = off_shift_answer(self, at, tz, deadlines)
        return answer


def route(matrix: Matrix, issue: str, severity: str | None = None, channel: str | None = None,
          opened_at: datetime | None = None, tz: str | None = None) -> Route:
    """Route an issue; names are matched as people type them. LookupProblem on unknown input.

    `opened_at` (an aware datetime, passed by the caller: the core never reads the clock) makes the
    answer time-aware; `tz` is the zone its times are written in. TimeProblem on a bad instant or zone.
    """
    issue_type = find_issue_type(matrix, issue)
    category = matrix.category_of(issue_type)
    sev = find_severity(matrix, severity) if severity else None
    chan = find_channel(matrix, channel) if channel else None
    procedure = matrix.procedures[sev.procedure] if sev else None
    if opened_at is not None:
        from ..clock.hours import require_aware, zone

        require_aware(opened_at, "opening time")
        zone(tz or matrix.organisation.timezone)
    return Route(issue_type, category, sev, chan, procedure, matrix, opened_at, tz)
