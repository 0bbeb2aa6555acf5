"""`can()`: may this role take this action, for this amount, and who can instead.

A lead that a "lead only" cell names (the T&S Lead) may ask too, though the table has no column of its
own: it reads its team's column, where "lead only" is its own grant and the team's other grants are its
as a member of the team (interpretation `lead-roles`, ours: the seed is silent on it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .lookup import fold, find_action, find_role
from ..model import AuthorityRule, Matrix, Party
from ..problems import join_path
from ..slugs import slugify

LEAD_ROLES = "lead-roles"
"""The published choice of whom "Lead" means and what a lead may do: an answer that rests on it links it."""


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
    lead_of: Party | None = None
    """The team whose column a lead's answer reads (the T&S Team for the T&S Lead); None for a column's own role."""

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
        return rows_of(self.matrix, self.action)

    def who_can(self, rule: AuthorityRule | None = None) -> list[str]:
        """Names of whoever may take the action under `rule` (the deciding row by default)."""
        rule = rule or self.rule
        if rule is None:
            return []
        return [self.matrix.parties[party].name for party in takers(self.matrix, rule)]

    def lead(self) -> Party | None:
        return self.matrix.parties[self.role.lead] if self.lead_only and self.role.lead else None

    def grant_in(self, rule: AuthorityRule) -> str:
        """This asker's grant in `rule`: its column's, or for a lead its team's, where "lead only" is its own."""
        if self.lead_of is None:
            return rule.grants[self.role.id]
        return _as_lead(rule.grants[self.lead_of.id])

    def relies_on(self) -> list[str]:
        """Ids of the published choices of ours this answer rests on, in the order it uses them: the asker
        as a lead, where the amount bands' threshold falls, the currency of an amount it shows, and whom a
        "lead only" cell it shows means. Only choices the matrix publishes: an answer never links a missing one."""
        matrix = self.matrix
        rows = self.rows()
        banded = any(r.amount is not None for r in rows)
        ours = [LEAD_ROLES] if self.lead_of is not None else []
        if banded:
            ours += band_choices(matrix, self.action)
        if banded or self.amount is not None:
            ours += _ours_at(matrix, [join_path(matrix.authority.at, "currency")])
        if any(grant == "lead" for r in rows for grant in r.grants.values()):
            ours.append(LEAD_ROLES)
        published = {i.id for i in matrix.interpretations}
        return [i for i in dict.fromkeys(ours) if i in published]


def _as_lead(grant: str) -> str:
    """A team's grant as its lead holds it: "lead only" is the lead's own; the rest the lead shares as a member."""
    return "allowed" if grant == "lead" else grant


def band_choices(matrix: Matrix, action: str) -> list[str]:
    """Ids of the published choices of where the action's amount thresholds fall (`refund-threshold`): the
    seed's "<$100" and ">$100" leave $100 itself to us, so whatever shows a band's bounds links them."""
    return _ours_at(matrix, [join_path(r.at, "amount") for r in rows_of(matrix, action) if r.amount is not None])


def rows_of(matrix: Matrix, action: str) -> list[AuthorityRule]:
    """The authority matrix's rows of an action (as the matrix names it), in table order."""
    by_action = matrix.memo.get("rows_of")
    if by_action is None:  # grouped once per matrix: pages ask for every row's action, and a scan each would grow twice
        by_action = matrix.memo["rows_of"] = {}
        for rule in matrix.authority.rules:
            by_action.setdefault(rule.action, []).append(rule)
    return list(by_action.get(action, ()))


def _ours_at(matrix: Matrix, paths: list[str]) -> list[str]:
    """Ids of the interpretations recorded at (or inside) these data paths, in the file's order."""
    return [i.id for i in matrix.interpretations
            if any(i.path == p or i.path.startswith((p + ".", p + "[")) for p in paths if p)]


def takers(matrix: Matrix, rule: AuthorityRule) -> list[str]:
    """Ids of the parties a row grants the action to: each allowed column, and the lead of a lead-only one."""
    found = []
    for role in matrix.authority.roles:
        grant = rule.grants[role]
        if grant == "allowed":
            found.append(role)
        elif grant == "lead":
            found.append(matrix.parties[role].lead)
    return found


def columns_of(matrix: Matrix, party_id: str) -> list[tuple[str, bool]]:
    """The authority columns a party acts under, each with whether it holds that column's lead grants.

    A column acts as itself, with its lead among its own people (so it holds lead grants too); a
    team's lead holds its team's column; a tier's members and the directory entry that is its
    contact act for the tier. A party in none of these holds no grant.
    """
    found = []
    for role in matrix.authority.roles:
        tier = matrix.tiers.get(role)
        if party_id == role or party_id == matrix.parties[role].lead:
            found.append((role, True))
        elif tier is not None and (party_id in tier.members or party_id == tier.contact):
            found.append((role, False))
    return found


def rows_named(matrix: Matrix, name: str) -> list[AuthorityRule]:
    """The rows a name stands for: the one row it labels ("Issue refund (<$100)"), or every row of its action."""
    index = matrix.memo.get("rows_named")
    if index is None:  # worked out once per matrix: the policy check asks for every issue type's actions
        index = matrix.memo["rows_named"] = {}
        for rule in matrix.authority.rules:
            if slugify(rule.label) != slugify(rule.action):  # by the label as written: "<$100" and ">$100" share a slug
                index.setdefault(("label", rule.label.casefold()), []).append(rule)
            for alias in dict.fromkeys(slugify(n) for n in (rule.action, *rule.aliases)):
                index.setdefault(("action", alias), []).append(rule)
    return index.get(("label", name.strip().casefold())) or index.get(("action", slugify(name)), [])


def may_take(matrix: Matrix, party_id: str, rule: AuthorityRule) -> bool:
    """Whether the party holds the row's grant through one of its columns (`columns_of`)."""
    return any(rule.grants[role] == "allowed" or (rule.grants[role] == "lead" and as_lead)
               for role, as_lead in columns_of(matrix, party_id))


def can(matrix: Matrix, role: str, action: str, amount: float | None = None) -> Permission:
    """Look the cell up; LookupProblem on unknown names, ValueError on a negative amount."""
    party = find_role(matrix, role)
    column = matrix.leads.get(party.id)
    lead_of = matrix.parties[column] if column else None
    name = find_action(matrix, action)
    rules = rows_of(matrix, name)
    if amount is not None and (amount != amount or amount < 0):
        raise ValueError(f"Expected an amount of 0 or more but received: {amount!r}")

    def answer(grant: str, rule: AuthorityRule | None) -> Permission:
        return Permission(name, party, amount, grant, rule, matrix, lead_of)

    def grant(rule: AuthorityRule) -> str:
        return _as_lead(rule.grants[column]) if column else rule.grants[party.id]

    exact = [r for r in rules if fold(r.label) == fold(action)] if len(rules) > 1 else []
    if amount is not None and rules[0].amount is not None:
        rule = next(r for r in rules if r.amount.contains(amount))
    elif exact:
        rule = exact[0]
    elif len(rules) == 1:
        rule = rules[0]
    else:
        grants = {grant(r) for r in rules}
        return answer(grants.pop() if len(grants) == 1 else "depends", None)
    return answer(grant(rule), rule)
