"""Finding records by what a person types: the seed's wording, any case, slugs, or a word; issue types by `find`."""

from __future__ import annotations

import re

from ..model import Channel, IssueType, Matrix, Party, Severity
from ..problems import AmbiguousLookup, LookupProblem
from .find import find
from ..slugs import slugify

_WORD = re.compile(r"[a-z0-9&]+")


def fold(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _match(what: str, given: str, candidates: list[tuple[object, list[str]]], exact: dict | None = None):
    """The one candidate `given` names.

    Each candidate is (record, names). Tried in order: an exact name or slug, then the one name that
    contains every typed word. (Issue types are found by `find`, from free text; this is for the
    short names of teams, roles, actions, severities and channels.) `exact`: the candidates' names
    indexed once (`_exact_names`), for a list asked about many times.
    """
    text = given.strip()
    folded, slug = fold(text), slugify(text)
    if not folded:
        raise LookupProblem(what, given, [])
    if exact is not None:
        hits = [hit for hit in (exact.get(("fold", folded)), exact.get(("slug", slug))) if hit]
        if hits:
            return min(hits, key=lambda hit: hit[0])[1]
    else:
        for record, names in candidates:
            if any(fold(n) == folded or slugify(n) == slug for n in names):
                return record
    stems = [w.rstrip("s") or w for w in folded.split()]
    by_words = [r for r, names in candidates if any(all(s in fold(n) for s in stems) for n in names)]
    if len(by_words) == 1:
        return by_words[0]
    import difflib  # only when nothing matched: it costs the browser ~30 ms to import

    pool = [names[0] for _, names in candidates]
    ambiguous = [names[0] for r, names in candidates if r in by_words]
    close = difflib.get_close_matches(text, pool, n=3, cutoff=0.5) or difflib.get_close_matches(
        folded, [fold(p) for p in pool], n=3, cutoff=0.5)
    if close and close[0] not in pool:
        close = [p for p in pool if fold(p) in close]
    raise LookupProblem(what, given, ambiguous[:5] or close)


def find_issue_type(matrix: Matrix, given: str) -> IssueType:
    """The issue type `given` names or describes, when `find` is confident of it.

    LookupProblem otherwise: with the closest names when nothing matches, or, when several issue
    types fit (`AmbiguousLookup`), with those candidates, best first, for the asker to choose.
    """
    found = find(matrix, given)
    if found.confident:
        return found.candidates[0].issue
    if found.candidates:
        raise AmbiguousLookup("issue type", given, [c.issue.name for c in found.candidates])
    import difflib  # only when nothing matched: it costs the browser ~30 ms to import

    names = [issue.name for issue in matrix.issue_types]
    close = difflib.get_close_matches(given.strip(), names, n=3, cutoff=0.5)
    raise LookupProblem("issue type", given, close)


def find_party(matrix: Matrix, given: str) -> Party:
    return _match("team or role", given,
                  [(t, [t.name, t.id, *t.aliases]) for t in matrix.parties.values()])


def find_role(matrix: Matrix, given: str) -> Party:
    """A column of the authority matrix, by the seed's heading ("T&S", "Tier 2", "Billing"), or a lead that a
    "lead only" grant names ("T&S Lead"): the one a lead-only action waits for must be able to ask too."""
    roles = [matrix.parties[r] for r in (*matrix.authority.roles, *matrix.leads)]
    return _match("role", given, [(t, [t.name, t.id, *t.aliases]) for t in roles])


def _exact_names(candidates: list[tuple[object, list[str]]]) -> dict:
    """Each candidate's names, folded and as slugs, with its place in the list: the first one wins, as in order."""
    exact: dict = {}
    for place, (record, names) in enumerate(candidates):
        for name in names:
            exact.setdefault(("fold", fold(name)), (place, record))
            exact.setdefault(("slug", slugify(name)), (place, record))
    return exact


def find_action(matrix: Matrix, given: str) -> str:
    """The action (as the authority matrix names it) that `given` names."""
    known = matrix.memo.get("actions")
    if known is None:  # worked out once per matrix: the data API asks for every action as every role
        seen: dict[str, list[str]] = {}
        for rule in matrix.authority.rules:
            seen.setdefault(rule.action, [rule.action]).extend([rule.label, *rule.aliases])
        candidates = list(seen.items())
        known = matrix.memo["actions"] = (candidates, _exact_names(candidates))
    return _match("action", given, *known)


def find_severity(matrix: Matrix, given: str) -> Severity:
    return _match("severity", given,
                  [(s, [s.id, s.name, s.label]) for s in matrix.severities.values()])


def find_channel(matrix: Matrix, given: str) -> Channel:
    return _match("channel", given, [(c, [c.id, c.name, *c.aliases]) for c in matrix.channels.values()])
