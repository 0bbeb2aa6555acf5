"""The contradictions the answer card flags: the part of the policy check the browser runs.

Kept apart from `policy` so the browser's wheel, which ships only the modules the answers reach,
leaves the rest of the policy check (coverage, the flow against the routes, channels) out.
"""

from __future__ import annotations

from ..durations import format_minutes
from ..model import Matrix
from ..problems import WARNING, Problem, join_path
from .quantities import responds_to


def _warn(path: str, message: str, kind: str) -> Problem:
    return Problem(path, message, WARNING, kind, None)


def contradiction_findings(matrix: Matrix) -> list[Problem]:
    out = []
    for tier in matrix.tiers.values():
        for response in tier.response_times:
            for channel_id in response.channels:
                channel = matrix.channels[channel_id]
                if response.within > channel.first_response.maximum:
                    out.append(_warn(
                        join_path(response.at, "within"),
                        f"{tier.name} answers {channel.name} within {format_minutes(response.within)}, but the "
                        f"{channel.name} first-response maximum is {format_minutes(channel.first_response.maximum)}",
                        "contradiction"))
    for issue in matrix.issue_types:
        tier = matrix.tiers.get(issue.owner)
        if tier is None:
            continue
        for response in tier.response_times:  # every response time that can apply to an issue it owns
            if response.arrival != "escalated" and response.within > issue.sla:
                out.append(_warn(
                    join_path(issue.at, "sla"),
                    f"{issue.name} must be resolved within {format_minutes(issue.sla)}, but its owner "
                    f"{tier.name} only has to respond to {responds_to(matrix, response)} within "
                    f"{format_minutes(response.within)}", "contradiction"))
    for severity in matrix.severities.values():
        for action in severity.response:
            if action.within is not None and action.within > severity.resolution.maximum:
                out.append(_warn(
                    join_path(action.at, "within"),
                    f"{severity.id} requires “{action.action}”, later than its resolution maximum of "
                    f"{format_minutes(severity.resolution.maximum)}", "contradiction"))
            if "no specific sla" in action.action.casefold():
                out.append(_warn(
                    action.at,
                    f"{severity.id} says “{action.action}” but the resolution table gives it a target of "
                    f"{format_minutes(severity.resolution.target)} and a maximum of "
                    f"{format_minutes(severity.resolution.maximum)}", "contradiction"))
    return out
