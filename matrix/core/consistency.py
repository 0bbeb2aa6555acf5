"""Consistency of a matrix whose shape was read: what no single field can say about itself.

Unknown references and repeated ids come from the reading itself (`shape.Reading`); the checks here
compare records with each other (names that find two parties, escalation paths that loop, amount
bands with gaps, templates with undeclared blanks…). Each problem names its data path, taken from
the records' `at`, and every check runs, so an editor sees every problem at once.
"""

from __future__ import annotations

import re
from datetime import date

from .clock.hours import zone_problem
from .model import Matrix
from .problems import Problem, join_path
from .rules.examples import examples_in
from .rules.find import terms
from .rules.templates import PLACEHOLDER
from .shape import NAMESPACE_NAMES, Reading
from .slugs import slugify


def consistency_problems(matrix: Matrix, reading: Reading, tolerant: bool = False) -> list[Problem]:
    """Every consistency error, in a stable order.

    `tolerant`: the shape had errors, so records may have holes; a check that a hole defeats is
    skipped instead of failing (its part of the file is reported already).
    """
    out: list[Problem] = list(reading.duplicates)
    for check in (_names, _issue_type_names, _template_fields, _roles):
        _run(check, (matrix,), out, tolerant)
    out += _unknown_references(reading)
    for check in (_leads, _grants, _procedures, _paths, _flow, _amounts, _templates, _interpretations,
                  _scenarios, _scenario_severities, _needed_actions, _schedules, _vocabulary):
        _run(check, (matrix,), out, tolerant)
    return out


def _run(check, args: tuple, out: list[Problem], tolerant: bool) -> None:
    try:
        found = list(check(*args))
    except (KeyError, TypeError, AttributeError, ValueError, IndexError):
        if not tolerant:
            raise
        return
    out.extend(found)


def _at(record, *keys: str | int) -> str:
    path = record.at
    for key in keys:
        path = join_path(path, key)
    return path


def _unknown_references(reading: Reading) -> list[Problem]:
    out = []
    for namespace, value, where in reading.refs:
        known = reading.ids.get(namespace, {})
        if value not in known:
            out.append(Problem(where, f"Unknown {NAMESPACE_NAMES.get(namespace, namespace)} {value!r}; "
                                      f"expected one of: {', '.join(sorted(known))}", kind="reference"))
    return out


def _first_use(out: list[Problem], seen: dict[str, str], key: str, where: str, message: str) -> None:
    """Report `key` at `where` if seen before (the message gets where it was first used)."""
    if key in seen:
        out.append(Problem(where, f"{message}; already used at {seen[key]}", kind="duplicate"))
    else:
        seen[key] = where


def _names(matrix: Matrix):
    """A name or alias must find one party only, whatever its case."""
    out: list[Problem] = []
    seen: dict[str, str] = {}
    for party in [*matrix.tiers.values(), *matrix.teams.values()]:
        _first_use(out, seen, party.name.casefold(), _at(party, "name"), f"Duplicate name {party.name!r}")
        for index, alias in enumerate(party.aliases):
            _first_use(out, seen, alias.casefold(), _at(party, "aliases", index), f"Duplicate name {alias!r}")
    return out


def _issue_type_names(matrix: Matrix):
    out: list[Problem] = []
    seen: dict[str, str] = {}
    for issue in matrix.issue_types:
        _first_use(out, seen, issue.slug, _at(issue, "name"), f"Duplicate issue type {issue.name!r}")
    return out


def _template_fields(matrix: Matrix):
    out: list[Problem] = []
    for template in matrix.templates.values():
        seen: dict[str, str] = {}
        for blank in template.fields:
            _first_use(out, seen, blank.name, _at(blank, "name"), f"Duplicate name {blank.name!r}")
    return out


def _roles(matrix: Matrix):
    out: list[Problem] = []
    seen: dict[str, str] = {}
    for index, role in enumerate(matrix.authority.roles):
        _first_use(out, seen, role, _at(matrix.authority, "roles", index), f"Duplicate role {role!r}")
    return out


def _leads(matrix: Matrix):
    return [Problem(_at(team, "lead"), "A team cannot be its own lead", kind="reference")
            for team in matrix.teams.values() if team.lead == team.id]


def _grants(matrix: Matrix):
    """Every rule grants every role of the table, and nothing else; a lead grant needs a lead."""
    out = []
    roles = matrix.authority.roles
    for rule in matrix.authority.rules:
        for role in rule.grants:
            if role not in roles:
                out.append(Problem(_at(rule, "grants", role), f"Unknown role {role!r}; the authority roles are: "
                                                              f"{', '.join(roles)}", kind="reference"))
        for role in roles:
            team = matrix.teams.get(role)
            if role not in rule.grants:
                out.append(Problem(_at(rule, "grants", role), "Required field missing: every role needs a grant "
                                                              "(allowed, lead or denied)"))
            elif rule.grants[role] == "lead" and not (team and team.lead):
                out.append(Problem(_at(rule, "grants", role), f"Granted to the lead of {role!r}, which names no lead",
                                   kind="reference"))
    return out


def _procedures(matrix: Matrix):
    """A severity's procedure and the procedure's list of severities must agree."""
    out = []
    listed = {severity: procedure.id for procedure in matrix.procedures.values() for severity in procedure.severities}
    for severity in matrix.severities.values():
        named = listed.get(severity.id)
        if severity.procedure in matrix.procedures and named not in (None, severity.procedure):
            out.append(Problem(_at(severity, "procedure"),
                               f"Says {severity.procedure!r} but procedure {named!r} lists {severity.id}",
                               kind="contradiction"))
    return out


def _paths(matrix: Matrix):
    """An escalation path never returns to a party it has passed."""
    out = []
    for issue in matrix.issue_types:
        visited = {issue.owner: "the initial owner"}
        previous: tuple[str, ...] = (issue.owner,)
        for number, step in enumerate(issue.path, start=1):
            for party in step.any_of:
                if party in previous:
                    out.append(Problem(step.at, f"Self-loop: {party!r} escalates to itself", kind="path"))
                elif party in visited:
                    out.append(Problem(step.at, f"Cycle: {party!r} is already {visited[party]} of this path",
                                       kind="path"))
            if len(set(step.any_of)) != len(step.any_of):
                out.append(Problem(step.at, "The same party is listed twice as an alternative", kind="path"))
            for party in step.any_of:
                visited.setdefault(party, f"step {number}")
            previous = step.any_of
    return out


def _flow(matrix: Matrix):
    """The flow diagram runs one way: no arrow leads back to a box above it."""
    out = []
    edges: dict[str, list[str]] = {}
    for source, target in matrix.flow.edges:
        edges.setdefault(source, []).append(target)
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in edges.get(node, []):
            if state.get(target) == 1:
                cycle = " → ".join(trail[trail.index(target):] + [target]) if target in trail else target
                out.append(Problem(_at(matrix.flow, "edges"), f"Cycle in the escalation flow: {cycle}", kind="path"))
            elif target not in state:
                visit(target, trail + [target])
        state[node] = 2

    for node in list(edges):
        if node not in state:
            visit(node, [node])
    return out


def _amounts(matrix: Matrix):
    """The rows of one action cover every amount exactly once, or the action has one row."""
    out = []
    currency = matrix.authority.currency
    by_action: dict[str, list] = {}
    for rule in matrix.authority.rules:
        by_action.setdefault(rule.action.casefold(), []).append(rule)
    for rules in by_action.values():
        banded = [rule for rule in rules if rule.amount is not None]
        if not banded:
            if len(rules) > 1:
                out.append(Problem(_at(rules[1], "action"), f"Duplicate action {rules[1].action!r} without amount "
                                                            f"ranges; already used at {rules[0].at}", kind="duplicate"))
            continue
        if len(banded) != len(rules):
            unbanded = next(rule for rule in rules if rule.amount is None)
            out.append(Problem(_at(unbanded, "amount"), "Required field missing: the other rows of this action have "
                                                        "amount ranges", kind="amounts"))
            continue
        empty = [rule for rule in banded if _is_empty(rule.amount)]
        out += [Problem(_at(rule, "amount"), "The range is empty: max is not above min", kind="amounts")
                for rule in empty]
        if not empty:  # gaps and overlaps only mean something between real ranges
            out += _bands(banded, currency)
    return out


def _is_empty(band) -> bool:
    return band.max is not None and (band.max < band.min or (
        band.max == band.min and not (band.min_inclusive and band.max_inclusive)))


def _bands(rules: list, currency: str) -> list[Problem]:
    out = []
    ordered = sorted(rules, key=lambda rule: (rule.amount.min, not rule.amount.min_inclusive))
    first = ordered[0]
    if first.amount.min > 0 or not first.amount.min_inclusive:
        out.append(Problem(_at(first, "amount", "min"), f"Gap: amounts from {currency} 0 up to "
                                                        f"{first.amount.min:g} are covered by no row", kind="amounts"))
    for lower, upper in zip(ordered, ordered[1:]):
        a, b = lower.amount, upper.amount
        if a.max is None or a.max > b.min or (a.max == b.min and a.max_inclusive and b.min_inclusive):
            out.append(Problem(_at(upper, "amount"), f"Overlap: amounts in this range are also covered by "
                                                     f"{lower.at}", kind="amounts"))
        elif a.max < b.min or (a.max == b.min and not a.max_inclusive and not b.min_inclusive):
            out.append(Problem(_at(upper, "amount"), f"Gap: amounts between {a.max:g} and {b.min:g} {currency} are "
                                                     "covered by no row", kind="amounts"))
    last = ordered[-1]
    if last.amount.max is not None:
        out.append(Problem(_at(last, "amount", "max"), f"Gap: amounts above {last.amount.max:g} {currency} are "
                                                       "covered by no row", kind="amounts"))
    return out


def _templates(matrix: Matrix):
    out = []
    for template in matrix.templates.values():
        declared = [blank.name for blank in template.fields]
        for name in dict.fromkeys(PLACEHOLDER.findall(template.body)):
            if name not in declared:
                out.append(Problem(_at(template, "body"), f"Placeholder {{{name}}} has no field; declared "
                                                          f"fields: {', '.join(declared)}", kind="reference"))
    return out


def _interpretations(matrix: Matrix):
    return [Problem(_at(item, "path"), f"Path {item.path!r} names nothing in this matrix", kind="reference")
            for item in matrix.interpretations if not resolves(matrix.source, item.path)]


def _scenarios(matrix: Matrix):
    """Each drill must be gradeable: a real issue type and a real authority action."""
    out = []
    issues = {issue.slug for issue in matrix.issue_types}
    actions = {slugify(name) for rule in matrix.authority.rules for name in (rule.action, rule.label, *rule.aliases)}
    for group in matrix.scenario_groups:
        if slugify(group.issue) not in issues:
            out.append(Problem(_at(group, "issue"), f"Unknown issue type {group.issue!r}", kind="reference"))
        for situation in group.situations:
            if situation.action is not None and slugify(situation.action) not in actions:
                out.append(Problem(_at(situation, "action"), f"Unknown action {situation.action!r}; the authority "
                                                             "matrix has none by that name", kind="reference"))
            for name in PLACEHOLDER.findall(situation.situation):
                if name != "amount":
                    out.append(Problem(_at(situation, "situation"), f"Placeholder {{{name}}} is unknown; a situation "
                                                                    "may hold only {amount}"))
                elif situation.action is None:
                    out.append(Problem(_at(situation, "situation"), "Placeholder {amount} needs an `action`: the "
                                                                    "drill names a sum only when it asks whether the "
                                                                    "trainee may act"))
    return out


def _needed_actions(matrix: Matrix):
    """An issue type's needed action names a row of the authority matrix, once."""
    out: list[Problem] = []
    actions = {slugify(name) for rule in matrix.authority.rules for name in (rule.action, rule.label, *rule.aliases)}
    for issue in matrix.issue_types:
        seen: dict[str, str] = {}
        for index, action in enumerate(issue.our_needed_actions):
            where = _at(issue, "our_needed_actions", index)
            if slugify(action) not in actions:
                out.append(Problem(where, f"Unknown action {action!r}; the authority matrix has none by that name",
                                   kind="reference"))
            else:
                _first_use(out, seen, slugify(action), where, f"Duplicate action {action!r}")
    return out


def _scenario_severities(matrix: Matrix):
    """A drill never contradicts the seed: a situation that is one of a severity's examples expects that severity."""
    out = []
    for group in matrix.scenario_groups:
        for situation in group.situations:
            found = examples_in(matrix, situation.situation, situation.why)
            if found and situation.severity not in {example.severity for example in found}:
                listed = " and ".join(f"“{example.example}” as a {example.severity} example" for example in found)
                expected = " or ".join(dict.fromkeys(example.severity for example in found))
                out.append(Problem(_at(situation, "severity"), f"The seed lists {listed}: this situation must "
                                                               f"expect {expected}, not {situation.severity}",
                                   kind="contradiction"))
    return out


def _schedules(matrix: Matrix):
    """Hours a clock can use: known zones, windows that span time, holidays that are real dates."""
    out = []
    home = matrix.organisation.timezone
    zones = [(_at(matrix.organisation, "timezone"), home)]
    zones += [(_at(s, "timezone"), s.timezone) for s in matrix.schedules.values() if s.timezone != home]
    for where, name in zones:
        if problem := zone_problem(name):
            out.append(Problem(where, problem, kind="hours"))
    for schedule in matrix.schedules.values():
        for window in schedule.windows:
            if window.start == 1440:
                out.append(Problem(_at(window, "from"), "A window cannot start at 24:00; write 00:00 of the next day",
                                   kind="hours"))
            elif window.start == window.end:
                text = f"{window.start // 60:02d}:{window.start % 60:02d}"
                out.append(Problem(_at(window, "to"), f"The window {text}–{text} is empty; a whole day is "
                                                      "00:00–24:00", kind="hours"))
        for index, holiday in enumerate(schedule.holidays):
            try:
                date.fromisoformat(holiday)
            except ValueError:
                out.append(Problem(_at(schedule, "holidays", index), f"No such date: {holiday!r}", kind="hours"))
    return out


def _vocabulary(matrix: Matrix):
    """Each search term finds one issue type; a broad word names real issue types and is no one's synonym."""
    out: list[Problem] = []
    seen: dict[tuple[str, ...], str] = {}
    for issue in matrix.issue_types:
        vocabulary = issue.our_vocabulary
        for key, values in (("synonyms", vocabulary.synonyms), ("phrases", vocabulary.phrases)):
            for index, value in enumerate(values):
                term = terms(value)
                if term and term not in seen:
                    seen[term] = _at(vocabulary, key, index)
                elif not term:
                    out.append(Problem(_at(vocabulary, key, index), f"{value!r} has no word to search for",
                                       kind="vocabulary"))
                else:
                    out.append(Problem(_at(vocabulary, key, index), f"Duplicate search term {value!r}: one term "
                                                                    f"finds one issue type; already used at {seen[term]}",
                                       kind="duplicate"))
    names = {issue.slug for issue in matrix.issue_types}
    for word, listed in matrix.our_broad_words.items():
        where = join_path("our_broad_words", word)
        if terms(word) in seen:
            out.append(Problem(where, f"{word!r} is a broad word and a synonym at {seen[terms(word)]}: a broad word "
                                      "is nobody's synonym", kind="vocabulary"))
        for index, name in enumerate(listed):
            if slugify(name) not in names:
                out.append(Problem(join_path(where, index), f"Unknown issue type {name!r}", kind="reference"))
        if len(listed) < 2:
            out.append(Problem(where, f"A broad word fits several issue types; {word!r} names "
                                      f"{len(listed)}: make it a synonym instead", kind="vocabulary"))
    return out


_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def resolves(data, path: str) -> bool:
    """Whether a data path (`authority.rules[3].amount`) names something in plain matrix data."""
    node = data
    for name, index in _SEGMENT.findall(path):
        if index:
            if not isinstance(node, list) or int(index) >= len(node):
                return False
            node = node[int(index)]
        else:
            if not isinstance(node, dict) or name not in node:
                return False
            node = node[name]
    return True
