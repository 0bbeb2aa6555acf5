"""Policy findings: what is valid to publish but an operations lead should act on (warnings)."""

from __future__ import annotations

from ..clock.coverage import coverage_holes
from ..clock.hours import describe_minute, weekly_off
from ..model import Matrix
from ..problems import WARNING, Problem, join_path
from ..rules.templates import PLACEHOLDER
from ..wording import HOURS_NOT_PUBLISHED, NO_CONTACT
from ..clock.shifts import schedule_of
from . import ours
from .contradictions import contradiction_findings


def _warn(path: str, message: str, kind: str, rests_on: str | None = None) -> Problem:
    return Problem(path, message, WARNING, kind, rests_on)


def _referenced_parties(matrix: Matrix) -> dict[str, str]:
    """Party id → data path of its first mention in routing, paths, the flow or authority."""
    found: dict[str, str] = {}
    for issue in matrix.issue_types:
        found.setdefault(issue.owner, join_path(issue.at, "owner"))
        for step in issue.path:
            for party in step.any_of:
                found.setdefault(party, step.at)
    for node in matrix.flow.nodes:
        if node.party:
            found.setdefault(node.party, join_path(node.at, "party"))
    for index, role in enumerate(matrix.authority.roles):
        found.setdefault(role, join_path(join_path(matrix.authority.at, "roles"), index))
        team = matrix.teams.get(role)
        if team and team.lead and any(rule.grants[role] == "lead" for rule in matrix.authority.rules):
            found.setdefault(team.lead, join_path(team.at, "lead"))
    return found


def contact_findings(matrix: Matrix) -> list[Problem]:
    out = []
    for party_id, where in _referenced_parties(matrix).items():
        party = matrix.parties[party_id]
        if party.contact is None:
            out.append(_warn(where, f"{party.name} is named here but has no published contact: an agent "
                                    "cannot reach them from the runbook", "contact"))
    for team in matrix.teams.values():
        if team.contact and team.contact.placeholder:
            out.append(_warn(join_path(team.contact.at, "value"),
                             f"{team.name}'s contact {team.contact.value!r} is a placeholder, not a "
                             "contact anyone can reach", "contact"))
    return out


def action_hours_findings(matrix: Matrix) -> list[Problem]:
    """A severity's timed action against the hours of the party that must act (kind contradiction).

    The party an agent reaches for a tier is the tier's contact; it must be on shift at every hour,
    or (at an emergency severity) reachable for emergencies, for the action to be done in time.
    """
    out = []
    emergency_severities = matrix.off_shift.emergency_severities
    for severity in matrix.severities.values():
        emergency = severity.id in emergency_severities
        for action in severity.response:
            if action.within is None or action.party is None:
                continue
            tier = matrix.tiers.get(action.party)
            reached = matrix.parties[tier.contact if tier else action.party]
            if emergency and reached.hours.emergency:
                continue
            gaps = [g for g in weekly_off(schedule_of(matrix, reached.id)) if g[1] - g[0] > action.within]
            if not gaps:
                continue
            start, end = max(gaps, key=lambda g: (g[1] - g[0], -g[0]))
            via = f"{tier.name} is reached through {reached.name}, who" if tier else f"{reached.name}"
            hours = reached.hours.label if reached.hours.published else HOURS_NOT_PUBLISHED
            text = (f"{severity.id} requires “{action.action}”, but {via} keeps {hours}"
                    + (" and is not reachable for emergencies" if emergency else "")
                    + f" (off shift {describe_minute(start)} → {describe_minute(end)})")
            if tier and tier.members:
                able = [matrix.parties[m] for m in tier.members
                        if (emergency and matrix.parties[m].hours.emergency)
                        or not weekly_off(schedule_of(matrix, m))]
                names = ", ".join(m.name + ("" if m.contact else f" ({NO_CONTACT})") for m in able)
                text += f"; out of hours only {names} can be reached" if able else \
                    f"; no member of {tier.name} can be reached out of hours"
            out.append(_warn(action.at, text, "contradiction", ours(matrix, "action-parties")))
    return out


def coverage_hole_findings(matrix: Matrix) -> list[Problem]:
    """Issue types whose owner is off shift for longer than their SLA (kind coverage)."""
    assumed = ours(matrix, "unpublished-hours")
    return [_warn(hole.where, hole.message, "coverage", assumed if hole.assumed else None)
            for hole in coverage_holes(matrix)]


def coverage_findings(matrix: Matrix) -> list[Problem]:
    out = []
    severity_ids = list(matrix.severities)
    for tier in matrix.tiers.values():
        by_severity = {s for r in tier.response_times for s in r.severities}
        if by_severity:
            missing = [s for s in severity_ids if s not in by_severity]
            if missing:
                out.append(_warn(join_path(tier.at, "response_times"),
                                 f"{tier.name} states response times by severity but none for "
                                 f"{', '.join(missing)}", "undefined-response"))
    in_flow = {node.category for node in matrix.flow.nodes if node.category}
    for category in matrix.categories:
        if category.id not in in_flow:
            out.append(_warn(category.at,
                             f"The escalation flow has no branch for {category.name}: the diagram does not "
                             "show where these issues go after Tier 1", "flow"))
    targets = {target for _, target in matrix.flow.edges}
    first = matrix.flow.nodes[0].id
    for node in matrix.flow.nodes:
        if node.id != first and node.id not in targets:
            out.append(_warn(node.at, f"Nothing in the flow leads to {node.label!r}", "flow"))
    for template in matrix.templates.values():
        used = set(PLACEHOLDER.findall(template.body))
        for fld in template.fields:
            if fld.name not in used:
                out.append(_warn(fld.at,
                                 f"Field {fld.name!r} is never used in the template body", "template"))
    return out


def policy_findings(matrix: Matrix) -> list[Problem]:
    """Every warning, grouped by kind in a stable order."""
    # Imported here: the browser's answer cards ask for the contradictions only, and never pay for the rest.
    from .authority_path import authority_findings
    from .channels import channel_findings
    from .flow_routes import flow_route_findings
    from .path_coverage import path_coverage_findings
    from .quantities import cadence_findings, severity_response_findings

    return (contact_findings(matrix) + contradiction_findings(matrix) + severity_response_findings(matrix)
            + cadence_findings(matrix) + action_hours_findings(matrix) + coverage_hole_findings(matrix)
            + path_coverage_findings(matrix) + channel_findings(matrix) + authority_findings(matrix)
            + coverage_findings(matrix) + flow_route_findings(matrix))
