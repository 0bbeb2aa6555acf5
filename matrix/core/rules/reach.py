"""Whom to go through for a party the runbook gives no usable contact (interpretation `unreachable-owner`).

The seed names owners and steps with no contact (Security, the T&S Lead, Tier 4's Head of Support) and
one placeholder number; an agent still needs someone to hand the issue to, who can bring that party in.
Every answer and page that names such a party says whom, by these rules, so they never disagree.
"""

from __future__ import annotations

from ..model import IssueType, Matrix, Party

UNREACHABLE = "unreachable-owner"
"""The published choice these rules implement: whatever says whom to go through links it."""


def reachable(party: Party) -> bool:
    """A contact someone can use: published, and not a placeholder."""
    return party.contact is not None and not party.contact.placeholder


def owner_through(matrix: Matrix, issue: IssueType) -> str | None:
    """For the issue's owner: the first party on the escalation path that can be reached, else the on-call."""
    for step in issue.path:
        for party in step.any_of:
            if reachable(matrix.parties[party]):
                return party
    return _on_call(matrix, issue.owner)


def step_through(matrix: Matrix, issue: IssueType, index: int) -> str | None:
    """For a party of the path's step `index` (from 0): the nearest party before it that can be reached, the
    owner included (whoever hands the issue on brings the next party in), else the on-call."""
    before = [issue.owner, *(party for step in issue.path[:index] for party in step.any_of)]
    for party in reversed(before):
        if reachable(matrix.parties[party]):
            return party
    return _on_call(matrix, issue.path[index].any_of[0])


def party_through(matrix: Matrix, party_id: str) -> str | None:
    """For a party named outside a path (a tier's contact, the directory): the team it leads, else the on-call."""
    for team in matrix.teams.values():
        if team.lead == party_id and reachable(matrix.parties[team.id]):
            return team.id
    return _on_call(matrix, party_id)


def _on_call(matrix: Matrix, party_id: str) -> str | None:
    """The on-call of the off-shift rule, on call whatever the hour; None when there is none to reach."""
    on_call = matrix.off_shift.on_call
    if on_call and on_call != party_id and reachable(matrix.parties[on_call]):
        return on_call
    return None
