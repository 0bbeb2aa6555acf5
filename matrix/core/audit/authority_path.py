"""Authority along the path: whoever handles an issue type must be allowed to do what resolving it needs.

The routing tables say who handles an issue and the authority matrix who may take each action; the
actions an issue needs are ours (`our_needed_actions`, interpretation `needed-actions`). A party
holds a grant through its authority column (`rules.authority.columns_of`).
"""

from __future__ import annotations

from . import ours
from ..model import IssueType, Matrix
from ..problems import WARNING, Problem, join_path
from ..rules.authority import may_take, rows_named, takers

FIX = "add a party who may to the path, or grant the action to a party on it"


def route_text(matrix: Matrix, issue: IssueType) -> str:
    """`Disputes Team → Legal`, `PR → CEO or CMO`: the owner and the steps, by name."""
    steps = [(issue.owner,), *(step.any_of for step in issue.path)]
    return " → ".join(" or ".join(matrix.parties[p].name for p in step) for step in steps)


def _who(matrix: Matrix, party_ids: list[str]) -> str:
    """`only Billing Lead and Tier 4 may`, or `nobody may`."""
    names = [matrix.parties[p].name for p in dict.fromkeys(party_ids)]
    if not names:
        return "nobody may"
    return f"only {names[0] if len(names) == 1 else ', '.join(names[:-1]) + ' and ' + names[-1]} may"


def authority_findings(matrix: Matrix) -> list[Problem]:
    """Each action an issue type needs that no party on its owner or path holds a grant for (by row)."""
    out = []
    for issue in matrix.issue_types:
        on_path = [issue.owner, *(party for step in issue.path for party in step.any_of)]
        for index, name in enumerate(issue.our_needed_actions):
            missing = [row for row in rows_named(matrix, name)
                       if not any(may_take(matrix, party, row) for party in on_path)]
            if not missing:
                continue
            if len(missing) == 1 and missing[0].label.casefold() == name.casefold():
                what = f"it: {_who(matrix, takers(matrix, missing[0]))}"
            else:
                what = " or ".join(f"“{row.label}” ({_who(matrix, takers(matrix, row))})" for row in missing)
            out.append(Problem(
                join_path(join_path(issue.at, "our_needed_actions"), index),
                f"{issue.name} needs “{name}”, but nobody on its path ({route_text(matrix, issue)}) may take "
                f"{what}; {FIX}", WARNING, "authority", ours(matrix, "needed-actions")))
    return out
