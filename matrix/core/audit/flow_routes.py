"""The escalation flow against the routing tables, and the parties nothing routes to (kind `flow`).

The flow draws arrows between boxes; a box stands for a party, for a category (an arrow passes
through it only for that category's issues) or for neither (the customer's first contact). A route
is the party the flow starts at (Tier 1 in the seed), the owner, then each step; each move along it
is drawn when an arrow, or a chain of arrows through boxes that stand for no party, joins the two
parties' boxes. Moves of a category the flow has no box for are not reported one by one: its
missing branch is reported once (`policy.coverage_findings`).
"""

from __future__ import annotations

from ..model import IssueType, Matrix
from ..problems import WARNING, Problem, join_path
from ..rules.lookup import fold
from .authority_path import route_text

FIX_ROUTE = "add them to the flow"
FIX_ARROW = "drop the arrow, or route the issues it stands for along it"
FIX_UNROUTED = "route the issues it handles to it, or drop it"
FIX_UNNAMED = "route the issues it handles to it, or drop it from the directory"


class _Arrows:
    """The flow as arrows out of each box, and the arrows on the ways from boxes to parties."""

    def __init__(self, matrix: Matrix):
        self.nodes = {node.id: node for node in matrix.flow.nodes}
        self.out: dict[str, list[tuple[int, str]]] = {}
        for index, (source, target) in enumerate(matrix.flow.edges):
            self.out.setdefault(source, []).append((index, target))
        self.boxes: dict[str, list[str]] = {}
        for node in matrix.flow.nodes:
            if node.party:
                self.boxes.setdefault(node.party, []).append(node.id)
        self._memo: dict[tuple[str, str], dict[str, frozenset[int]]] = {}

    def ways(self, sources: list[str], category: str) -> dict[str, frozenset[int]]:
        """Party → the arrows on every way from `sources` to one of its boxes, for an issue of `category`."""
        found: dict[str, frozenset[int]] = {}
        for source in sources:
            for party, arrows in self._from(source, category, frozenset()).items():
                found[party] = found.get(party, frozenset()) | arrows
        return found

    def _from(self, node_id: str, category: str, trail: frozenset[str]) -> dict[str, frozenset[int]]:
        key = (node_id, category)
        if key in self._memo:
            return self._memo[key]
        found: dict[str, frozenset[int]] = {}
        for index, target in self.out.get(node_id, ()):
            box = self.nodes[target]
            if box.party:
                reached = {box.party: frozenset((index,))}
            elif target in trail or (box.category and box.category != category):
                continue
            else:
                reached = {party: arrows | {index}
                           for party, arrows in self._from(target, category, trail | {node_id}).items()}
            for party, arrows in reached.items():
                found[party] = found.get(party, frozenset()) | arrows
        self._memo[key] = found
        return found


def _moves(matrix: Matrix, arrows: _Arrows, issue: IssueType) -> tuple[list, set[int], str | None]:
    """(moves the flow does not draw, as (from party ids, to party id, data path); arrows the route
    takes; the party the flow hands the issue to its owner from, when that is not the owner)."""
    category = matrix.category_of(issue).id
    first = matrix.flow.nodes[0]
    start = {first.party: frozenset()} if first.party else arrows.ways([first.id], category)
    missing, used, front = [], set(), None
    if issue.owner in start:
        used |= start[issue.owner]
    else:
        front = next((p for p in start if issue.owner in arrows.ways(arrows.boxes.get(p, []), category)),
                     next(iter(start), None))
        onward = arrows.ways(arrows.boxes.get(front, []), category) if front else {}
        if issue.owner in onward:
            used |= start[front] | onward[issue.owner]
        else:
            missing.append(((front,) if front else (), issue.owner, join_path(issue.at, "owner")))
    previous: tuple[str, ...] = (issue.owner,)
    for step in issue.path:
        for party in step.any_of:
            drawn = [w[party] for w in (arrows.ways(arrows.boxes.get(p, []), category) for p in previous)
                     if party in w]
            if drawn:
                used.update(*drawn)
            else:
                missing.append((previous, party, step.at))
        previous = step.any_of
    return missing, used, front


def _or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def _either(matrix: Matrix, party_ids) -> str:
    return " or ".join(matrix.parties[p].name for p in party_ids)


def _route_findings(matrix: Matrix, arrows: _Arrows) -> tuple[list[Problem], set[int], set[str]]:
    """The routes' findings, the arrows they take, and the parties the flow hands issues on from."""
    out, used, fronts = [], set(), set()
    branched = {node.category for node in matrix.flow.nodes if node.category}
    for issue in matrix.issue_types:
        missing, taken, front = _moves(matrix, arrows, issue)
        used |= taken
        fronts.add(front)
        if not missing or matrix.category_of(issue).id not in branched:
            continue
        route = (f"{matrix.parties[front].name} → " if front else "") + route_text(matrix, issue)
        moves = _or([f"{_either(matrix, source)} → {matrix.parties[target].name}" if source
                     else f"from the start to {matrix.parties[target].name}" for source, target, _ in missing])
        no_box = [p for p in dict.fromkeys(t for _, t, _ in missing) if p not in arrows.boxes]
        boxes = f", and no box for {_or([matrix.parties[p].name for p in no_box])}" if no_box else ""
        out.append(Problem(missing[0][2], f"{issue.name}: the flow does not draw its route, {route}: it has no "
                                          f"arrow {moves}{boxes}; {FIX_ROUTE}", WARNING, "flow"))
    return out, used, fronts - {None}


def _arrow_findings(matrix: Matrix, arrows: _Arrows, used: set[int]) -> list[Problem]:
    """Arrows into a party's box that no route takes (an arrow into a category's box only sorts issues)."""
    out = []
    categories = {category.id: category.name for category in matrix.categories}
    for index, (source, target) in enumerate(matrix.flow.edges):
        a, b = arrows.nodes[source], arrows.nodes[target]
        if index in used or not b.party:
            continue
        to = matrix.parties[b.party].name
        between = (f"no issue type goes from {matrix.parties[a.party].name} to {to}" if a.party
                   else f"no issue of {categories[a.category]} goes to {to}" if a.category
                   else f"no route starts at {to}")
        out.append(Problem(join_path(join_path(matrix.flow.at, "edges"), index),
                           f"No route takes the flow's arrow {a.label} → {b.label}: {between}; {FIX_ARROW}",
                           WARNING, "flow"))
    return out


def _routed(matrix: Matrix) -> set[str]:
    """Parties an issue type is routed to: owners and steps, and the people of a routed tier."""
    routed = {p for issue in matrix.issue_types for p in (issue.owner, *(q for s in issue.path for q in s.any_of))}
    for tier in matrix.tiers.values():
        if tier.id in routed:
            routed |= {tier.contact, *tier.members}
    return routed


def _unrouted_findings(matrix: Matrix, fronts: set[str]) -> list[Problem]:
    """Flow boxes and authority columns that no issue type is routed to (the flow's front desk hands them on)."""
    routed = _routed(matrix) | fronts
    shown: dict[str, tuple[str, str]] = {}
    for node in matrix.flow.nodes:
        if node.party:
            shown.setdefault(node.party, (join_path(node.at, "party"), "a box in the escalation flow"))
    for index, role in enumerate(matrix.authority.roles):
        shown.setdefault(role, (join_path(join_path(matrix.authority.at, "roles"), index),
                                "a column in the authority matrix"))
    return [Problem(where, f"{matrix.parties[party].name} has {what}, but no issue type is routed to it; "
                           f"{FIX_UNROUTED}", WARNING, "flow")
            for party, (where, what) in shown.items() if party not in routed]


def _named(matrix: Matrix) -> set[str]:
    """Every party something besides its own directory entry names."""
    named = _routed(matrix) | {node.party for node in matrix.flow.nodes if node.party}
    named |= set(matrix.authority.roles) | {matrix.off_shift.on_call}
    for tier in matrix.tiers.values():
        named |= {tier.contact, *tier.members}
    named |= {team.lead for team in matrix.teams.values() if team.lead}
    named |= {a.party for s in matrix.severities.values() for a in s.response if a.party}
    named |= {c.our_entry_point for c in matrix.channels.values() if c.our_entry_point}
    prose = " ".join(f" {fold(text)} " for procedure in matrix.procedures.values()
                     for step in procedure.steps for text in (step.title, *step.items))
    named |= {team.id for team in matrix.teams.values() if f" {fold(team.name)} " in prose}
    return named


def _unnamed_findings(matrix: Matrix) -> list[Problem]:
    named = _named(matrix)
    out = []
    for team in matrix.teams.values():
        if team.id in named:
            continue
        listed = "is listed in the contact directory but" if team.directory else "is listed among the teams but"
        out.append(Problem(team.at, f"{team.name} {listed} named nowhere else: no issue type is routed to it, and "
                                    f"no tier, procedure or rule says when to reach it; {FIX_UNNAMED}",
                           WARNING, "flow"))
    return out


def flow_route_findings(matrix: Matrix) -> list[Problem]:
    """Routes the flow does not draw, arrows no route takes, and parties nothing routes to."""
    arrows = _Arrows(matrix)
    routes, used, fronts = _route_findings(matrix, arrows)
    return (routes + _arrow_findings(matrix, arrows, used) + _unrouted_findings(matrix, fronts)
            + _unnamed_findings(matrix))
