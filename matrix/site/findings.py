"""The validator's warnings for the policy check page: grouped by kind, each at its YAML line."""

from __future__ import annotations

from dataclasses import dataclass

from ..problems import WARNING
from ..source import Located

KIND_TITLES = {
    "contact": "Contacts",
    "contradiction": "Contradictions",
    "undefined-response": "Undefined response times",
    "flow": "Escalation flow",
    "template": "Message templates",
}
"""Section titles for the kinds `matrix.policy` reports; any other kind is titled by its name."""


@dataclass(frozen=True)
class Finding:
    path: str
    """Data path in the matrix, e.g. `categories[1].issue_types[3].owner`."""
    message: str
    line: int
    column: int


@dataclass(frozen=True)
class FindingGroup:
    kind: str
    title: str
    findings: tuple[Finding, ...]


def group_findings(located: list[Located]) -> list[FindingGroup]:
    """Warnings by kind, kinds in the order the validator first reports them."""
    groups: dict[str, list[Finding]] = {}
    for item in located:
        problem = item.problem
        if problem.level != WARNING:
            continue
        groups.setdefault(problem.kind, []).append(Finding(problem.path, problem.message, item.line, item.column))
    return [FindingGroup(kind, KIND_TITLES.get(kind, kind.replace("-", " ").capitalize()), tuple(findings))
            for kind, findings in groups.items()]
