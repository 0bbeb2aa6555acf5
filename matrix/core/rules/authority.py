"""`can()`: may this role take this action, for this amount, and who can instead."""

from __future__ import annotations

from dataclasses import dataclass, field

from .lookup import fold, find_action, find_role
from ..model import AuthorityRule, Matrix, Party


@dataclass(frozen=True)
class Permission:
    action: str
    role: Party
    amount: float | None
    grant: str
    """allowed | lead | denied | depends (a banded action asked without an amount)."""
    rule: AuthorityRule | None
    """The row that decided; None when the answer depends on the amount."""
    matrix: Matrix = field(repr=False, compare=False)

    @property
    def allowed(self) -> bool:
        return self.grant == "allowed"

    @property
    def lead_only(self) -> bool:
        return self.grant == "lead"

    def rows(self) -> list[AuthorityRule]:
        """The rows of the authority matrix behind this answer: the deciding one, or every band."""
        if self.rule is not None:
            return [self.rule]
        return [r for r in self.matrix.authority.rules if r.action == self.action]

    def who_can(self, rule: AuthorityRule | None = None) -> list[str]:
        """Names of whoever may take the action under `rule` (the deciding row by default)."""
        rule = rule or self.rule
        if rule is None:
            return []
        names = []
        for role in self.matrix.authority.roles:
            grant = rule.grants[role]
            if grant == "allowed":
                names.append(self.matrix.parties[role].name)
            elif grant == "lead":
                names.append(self.matrix.parties[self.matrix.parties[role].lead].name)
        return names

    def lead(self) -> Party | None:
        return self.matrix.parties[self.role.lead] if self.lead_only and self.role.lead else None


def can(matrix: Matrix, role: str, action: str, amount: float | None = None) -> Permission:
    """Look the cell up; LookupProblem on unknown names, ValueError on a negative amount."""
    party = find_role(matrix, role)
    name = find_action(matrix, action)
    rules = [r for r in matrix.authority.rules if r.action == name]
    if amount is not None and (amount != amount or amount < 0):
        raise ValueError(f"Expected an amount of 0 or more but received: {amount!r}")
    exact = [r for r in rules if fold(r.label) == fold(action)] if len(rules) > 1 else []
    if amount is not None and rules[0].amount is not None:
        rule = next(r for r in rules if r.amount.contains(amount))
    elif exact:
        rule = exact[0]
    elif len(rules) == 1:
        rule = rules[0]
    else:
        grants = {r.grants[party.id] for r in rules}
        if len(grants) == 1:
            return Permission(name, party, amount, grants.pop(), None, matrix)
        return Permission(name, party, amount, "depends", None, matrix)
    return Permission(name, party, amount, rule.grants[party.id], rule, matrix)
