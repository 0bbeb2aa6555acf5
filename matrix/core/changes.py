"""What changed between two versions of the matrix, by meaning: what an agent would notice, in the seed's words.

The comparison runs over two validated `Matrix` models, never over the text, so keys in another
order, comments and formatting are no change, and neither is the order of list items where order
means nothing (a team's other names, a severity's examples; an escalation path's steps and a
procedure's steps keep theirs). Records are matched by id, then by name where an id was renamed: an
id nothing shows is no change (a severity's id, which agents read as "P1", is). References are
compared through that matching, so renaming a team is one change, not one more per issue type it owns.

Changes are data (`Change`); `wording.change_summary` words each one. Used by `escalate diff`, the
change page and its feed, the home page's last change and the wizard's recent route changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Iterable, TypeVar

from . import wording
from .durations import format_minutes
from .model import Authority, AuthorityRule, Hours, IssueType, Matrix
from .slugs import slugify

R = TypeVar("R")

OURS_BY_KIND = {"needed-actions": "needed-actions", "search-words": "search-vocabulary",
                "broad-words": "search-vocabulary", "entry-point": "channel-entry-points"}
"""The aspects whose values are ours, not the seed's (`wording.CHANGE_ASPECTS` marks them "(ours)"), and the
interpretation that explains each: the change page links it."""


def explained_ours(changes: Iterable["Change"], matrix: Matrix) -> list[str]:
    """The choices of ours that changed values are and that `matrix` publishes (so their explanation is there
    to link), each once, in the order of the changes."""
    published = {choice.id for choice in matrix.interpretations}
    return list(dict.fromkeys(change.ours for change in changes if change.ours in published))


@dataclass(frozen=True)
class Change:
    """One thing an agent would notice, old against new."""

    kind: str
    """What changed: an aspect (`sla`, `owner`, `contact`…) or a record's `<record>-added|removed|renamed`
    (the keys of `wording.CHANGE_ASPECTS` and `wording.CHANGE_NOUNS`)."""
    subject: str
    """Whose it is, by name: the issue type, team, severity, authority row…"""
    path: str
    """Data path in the new file; in the old one for a removal."""
    before: str | None
    """The old value in words (None for an addition)."""
    after: str | None
    """The new value in words (None for a removal)."""
    added: tuple[str, ...] = ()
    """For a list whose order means nothing: the items only the new version has."""
    removed: tuple[str, ...] = ()
    """… and those only the old version has."""

    @property
    def summary(self) -> str:
        return wording.change_summary(self)

    @property
    def ours(self) -> str | None:
        """The id of the interpretation that makes the changed value ours (its summary says "(ours)"), if any;
        whether the matrix publishes it is for the caller to check."""
        return OURS_BY_KIND.get(self.kind)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "subject": self.subject, "path": self.path, "before": self.before,
                "after": self.after, "summary": self.summary}


def compare(old: Matrix, new: Matrix) -> list[Change]:
    """Every change from `old` to `new`, section by section in the file's order; empty when they mean the same."""
    return _Comparison(old, new).run()


def route_changes(changes: Iterable[Change]) -> dict[str, list[Change]]:
    """The changes to each issue type's route (owner, path, SLA), by the issue type's slug."""
    found: dict[str, list[Change]] = {}
    for change in changes:
        if change.kind in wording.ROUTE_KINDS:
            found.setdefault(slugify(change.subject), []).append(change)
    return found


def recent_route_changes(history: Iterable[tuple[datetime, list[Change]]], now: datetime,
                         days: int = wording.RECENT_DAYS) -> dict[str, list[dict]]:
    """What the wizard says under an answer whose route changed lately, by issue slug, newest first.

    `history` holds (when, changes) per version. Each line carries its `date` (ISO) so the page can
    drop those older than `days` by the viewer's own clock; the build keeps only those within `days`
    of `now`, which the viewer's clock can only be later than.
    """
    since = now - timedelta(days=days)
    recent: dict[str, list[dict]] = {}
    for at, changes in sorted(history, key=lambda item: item[0], reverse=True):
        if at < since:
            continue
        for slug, found in route_changes(changes).items():
            recent.setdefault(slug, []).extend(
                {"text": wording.route_change(change, at), "date": at.isoformat()} for change in found)
    return recent


# --- matching records ---------------------------------------------------------------------------------

def _pair(old: Iterable[R], new: Iterable[R], ident: Callable[[R], str], name: Callable[[R], str]):
    """(pairs, removed, added): matched by id first, then by name among the rest."""
    old, new = list(old), list(new)
    new_by_id = {ident(item): item for item in new}
    pairs, rest_old = [], []
    for item in old:
        match = new_by_id.pop(ident(item), None)
        if match is not None:
            pairs.append((item, match))
        else:
            rest_old.append(item)
    rest_new = [item for item in new if ident(item) in new_by_id]
    by_name = {name(item).casefold(): item for item in rest_new}
    removed = []
    for item in rest_old:
        match = by_name.pop(name(item).casefold(), None)
        if match is not None:
            pairs.append((item, match))
        else:
            removed.append(item)
    added = [item for item in rest_new if name(item).casefold() in by_name]
    return pairs, removed, added


def _rules_by_action(authority: Authority) -> dict[str, list[AuthorityRule]]:
    grouped: dict[str, list[AuthorityRule]] = {}
    for rule in authority.rules:
        grouped.setdefault(rule.action, []).append(rule)
    return {action: sorted(rules, key=lambda r: (r.amount.min, not r.amount.min_inclusive) if r.amount else (0, False))
            for action, rules in grouped.items()}


class _Comparison:
    """One comparison: the id matching found so far (old id → new id, by namespace) and the changes."""

    def __init__(self, old: Matrix, new: Matrix):
        self.old, self.new = old, new
        self.same_as: dict[str, dict[str, str]] = {}
        self.changes: list[Change] = []

    def run(self) -> list[Change]:
        # Everything referred to by id is matched first, so every later reference compares through it.
        self.schedules = self._match("schedule", self.old.schedules.values(), self.new.schedules.values())
        self.channels = self._match("channel", self.old.channels.values(), self.new.channels.values())
        self.severities = self._match("severity", self.old.severities.values(), self.new.severities.values())
        self.tiers = self._match("party", self.old.tiers.values(), self.new.tiers.values())
        self.teams = self._match("party", self.old.teams.values(), self.new.teams.values())
        self.categories = self._match("category", self.old.categories, self.new.categories)
        self.procedures = self._match("procedure", self.old.procedures.values(), self.new.procedures.values())
        self.nodes = self._match("node", self.old.flow.nodes, self.new.flow.nodes, name=lambda n: n.label)
        for step in (self._organisation, self._schedules, self._channels, self._severities, self._tiers,
                     self._teams, self._flow, self._categories, self._issue_types, self._authority,
                     self._procedures, self._satisfaction, self._templates, self._clocks, self._off_shift,
                     self._drills, self._broad_words, self._interpretations):
            step()
        return self.changes

    # --- helpers ------------------------------------------------------------------------------------

    def _match(self, namespace: str, old, new, name=lambda record: record.name):
        pairs, removed, added = _pair(old, new, lambda record: record.id, name)
        self.same_as.setdefault(namespace, {}).update({a.id: b.id for a, b in pairs})
        return pairs, removed, added

    def ref(self, namespace: str, old_id: str | None) -> str | None:
        """An old version's reference, as the new version's id of the same record."""
        if old_id is None:
            return None
        return self.same_as.get(namespace, {}).get(old_id, f"\0{old_id}")  # a removed record matches nothing new

    def add(self, kind: str, subject: str, path: str, before: str | None = None, after: str | None = None) -> None:
        self.changes.append(Change(kind, subject, path, before, after))

    def value(self, kind: str, subject: str, path: str, old_key, new_key, before: str, after: str) -> None:
        """A change when the two keys differ (a key compares meaning; `before`/`after` say it in words)."""
        if old_key != new_key:
            self.add(kind, subject, path, before, after)

    def text(self, kind: str, subject: str, path: str, before, after) -> None:
        self.value(kind, subject, path, before, after, _words(before), _words(after))

    def items(self, kind: str, subject: str, path: str, old: dict, new: dict, ordered: bool = False) -> None:
        """A list compared as items, `{key: words}` each side: what was added and removed, or (where order
        means something) that only the order changed."""
        if ordered and list(old) == list(new) or not ordered and set(old) == set(new):
            return
        added = tuple(words for key, words in new.items() if key not in old)
        removed = tuple(words for key, words in old.items() if key not in new)
        self.changes.append(Change(kind, subject, path, "; ".join(old.values()) or wording.NONE_LISTED,
                                   "; ".join(new.values()) or wording.NONE_LISTED, added, removed))

    def records(self, record: str, matched, subject=lambda r: r.name, describe=lambda r: None) -> list:
        """Report the added and removed records of a match (and renames); return the pairs to compare further."""
        pairs, removed, added = matched
        for item in removed:
            self.add(f"{record}-removed", subject(item), item.at, before=describe(item))
        for item in added:
            self.add(f"{record}-added", subject(item), item.at, after=describe(item))
        for a, b in pairs:
            if subject(a) != subject(b):
                self.add(f"{record}-renamed", subject(b), b.at, subject(a), subject(b))
        return pairs

    def party_name(self, matrix: Matrix, party_id: str | None) -> str:
        return matrix.parties[party_id].name if party_id else wording.NONE_LISTED

    def parties_key(self, ids, old: bool):
        return frozenset(self.ref("party", i) if old else i for i in ids)

    def hours(self, kind: str, subject: str, path: str, old: Hours | None, new: Hours | None) -> None:
        def key(hours, old_side):
            if hours is None:
                return None
            schedule = self.ref("schedule", hours.schedule) if old_side else hours.schedule
            return (schedule, hours.label, hours.emergency)

        old_key, new_key = key(old, True), key(new, False)
        # The schedule is named only when it is what changed: the seed's label says the rest.
        by_schedule = old_key is not None and new_key is not None and old_key[0] != new_key[0]

        def words(hours, matrix):
            if hours is None:
                return wording.HOURS_NOT_PUBLISHED
            schedule = matrix.schedules[hours.schedule].name if by_schedule else None
            return wording.hours_words(hours.label, schedule, hours.emergency)
        self.value(kind, subject, path, old_key, new_key, words(old, self.old), words(new, self.new))

    # --- sections, in the file's order ----------------------------------------------------------------

    def _organisation(self) -> None:
        a, b = self.old.organisation, self.new.organisation
        subject = b.name
        for field in ("name", "title", "overview"):
            self.text(f"organisation-{field}", subject, f"organisation.{field}", getattr(a, field), getattr(b, field))
        self.text("time-zone", subject, "organisation.timezone", a.timezone, b.timezone)
        self.value("assumed-hours", subject, "organisation.assumed_hours", self.ref("schedule", a.assumed_hours),
                   b.assumed_hours, self.old.schedules[a.assumed_hours].name, self.new.schedules[b.assumed_hours].name)

    def _schedules(self) -> None:
        for a, b in self.records("schedule", self.schedules, describe=lambda s: wording.week_words(s.windows)):
            windows = lambda s: tuple((frozenset(w.days), w.start, w.end) for w in s.windows)  # noqa: E731
            self.value("hours", b.name, f"{b.at}.windows", frozenset(windows(a)), frozenset(windows(b)),
                       wording.week_words(a.windows), wording.week_words(b.windows))
            # A schedule without a zone of its own keeps the organisation's: that change is the organisation's.
            own = lambda s, m: s.timezone if s.timezone != m.organisation.timezone else None  # noqa: E731
            if own(a, self.old) or own(b, self.new):
                self.text("time-zone", b.name, f"{b.at}.timezone", a.timezone, b.timezone)
            self.items("holidays", b.name, f"{b.at}.holidays", _same(a.holidays), _same(b.holidays))

    def _channels(self) -> None:
        for a, b in self.records("channel", self.channels):
            self.items("names", b.name, f"{b.at}.aliases", _same(a.aliases), _same(b.aliases))
            self.value("first-response", b.name, f"{b.at}.first_response",
                       (a.first_response.target, a.first_response.maximum),
                       (b.first_response.target, b.first_response.maximum),
                       wording.target_words(a.first_response), wording.target_words(b.first_response))
            self.value("entry-point", b.name, f"{b.at}.our_entry_point", self.ref("party", a.our_entry_point),
                       b.our_entry_point, self.party_name(self.old, a.our_entry_point),
                       self.party_name(self.new, b.our_entry_point))

    def _severities(self) -> None:
        for a, b in self.records("severity", self.severities, subject=lambda s: s.label):
            self.text("definition", b.label, f"{b.at}.definition", a.definition, b.definition)
            self.items("examples", b.label, f"{b.at}.examples", _same(a.examples), _same(b.examples))

            def actions(severity, matrix, old):
                return {(r.action, r.within, r.every, self.ref("party", r.party) if old else r.party, r.responds):
                        r.action + (f" ({matrix.parties[r.party].name}{' responds' if r.responds else ''})"
                                    if r.party else "")
                        for r in severity.response}
            self.items("required-actions", b.label, f"{b.at}.response", actions(a, self.old, True),
                       actions(b, self.new, False))
            self.value("resolution", b.label, f"{b.at}.resolution", (a.resolution.target, a.resolution.maximum),
                       (b.resolution.target, b.resolution.maximum), wording.target_words(a.resolution),
                       wording.target_words(b.resolution))
            self.value("procedure", b.label, f"{b.at}.procedure", self.ref("procedure", a.procedure), b.procedure,
                       self.old.procedures[a.procedure].name, self.new.procedures[b.procedure].name)

    def _tiers(self) -> None:
        for a, b in self.records("tier", self.tiers):
            subject = b.name
            self.text("tier-title", subject, f"{b.at}.title", a.title, b.title)
            self.text("tier-team", subject, f"{b.at}.team", a.team, b.team)
            self.items("names", subject, f"{b.at}.aliases", _same(a.aliases), _same(b.aliases))
            self.items("members", subject, f"{b.at}.members", self._parties(a.members, True),
                       self._parties(b.members, False))
            self.hours("hours", subject, f"{b.at}.hours", a.hours, b.hours)

            def times(tier, old):
                ref = (lambda ns, i: self.ref(ns, i)) if old else (lambda ns, i: i)
                return {(r.label, r.within, frozenset(ref("channel", c) for c in r.channels),
                         frozenset(ref("severity", s) for s in r.severities), r.arrival):
                        f"{r.label}: within {format_minutes(r.within)}" for r in tier.response_times}
            self.items("response-times", subject, f"{b.at}.response_times", times(a, True), times(b, False))
            self.items("handles", subject, f"{b.at}.handles", _same(a.handles), _same(b.handles))
            self.items("tools", subject, f"{b.at}.tools_access", _same(a.tools_access), _same(b.tools_access))
            self.value("contact", subject, f"{b.at}.contact", self.ref("party", a.contact), b.contact,
                       self.party_name(self.old, a.contact), self.party_name(self.new, b.contact))
            self.text("directory-title", subject, f"{b.at}.directory_title", a.directory_title, b.directory_title)

    def _parties(self, ids, old: bool) -> dict:
        matrix = self.old if old else self.new
        return {self.ref("party", i) if old else i: matrix.parties[i].name for i in ids}

    def _teams(self) -> None:
        for a, b in self.records("team", self.teams):
            subject = b.name
            self.items("names", subject, f"{b.at}.aliases", _same(a.aliases), _same(b.aliases))
            self.value("directory", subject, f"{b.at}.directory", self.ref("party", a.directory), b.directory,
                       self.party_name(self.old, a.directory), self.party_name(self.new, b.directory))
            contact = lambda c: (c.kind, c.value) if c else None  # noqa: E731
            self.value("contact", subject, f"{b.at}.contact", contact(a.contact), contact(b.contact),
                       wording.contact_words(a.contact), wording.contact_words(b.contact))
            self.hours("hours", subject, f"{b.at}.hours", a.hours, b.hours)
            self.value("lead", subject, f"{b.at}.lead", self.ref("party", a.lead), b.lead,
                       self.party_name(self.old, a.lead), self.party_name(self.new, b.lead))

    def _flow(self) -> None:
        def boxes(flow, matrix, old):
            ref = self.ref if old else (lambda ns, i: i)
            return {(n.label, ref("party", n.party), ref("category", n.category), n.note):
                    n.label + (f" ({n.note})" if n.note else "") for n in flow.nodes}

        def arrows(flow, old):
            labels = {n.id: n.label for n in flow.nodes}
            return {(self.ref("node", a) if old else a, self.ref("node", b) if old else b):
                    f"{labels[a]} → {labels[b]}" for a, b in flow.edges}
        self.items("flow-boxes", wording.FLOW, "flow.nodes", boxes(self.old.flow, self.old, True),
                   boxes(self.new.flow, self.new, False))
        self.items("flow-arrows", wording.FLOW, "flow.edges", arrows(self.old.flow, True), arrows(self.new.flow, False))

    def _categories(self) -> None:
        self.records("category", self.categories)

    def _issue_types(self) -> None:
        def describe(issue: IssueType, matrix: Matrix) -> str:
            return (f"{matrix.category_of(issue).name}; owner {matrix.parties[issue.owner].name}, "
                    f"SLA {format_minutes(issue.sla)}")
        pairs, removed, added = _pair(self.old.issue_types, self.new.issue_types, lambda i: i.name, lambda i: i.name)
        for issue in removed:
            self.add("issue-type-removed", issue.name, issue.at, before=describe(issue, self.old))
        for issue in added:
            self.add("issue-type-added", issue.name, issue.at, after=describe(issue, self.new))
        for a, b in pairs:
            subject = b.name
            if a.name != b.name:
                self.add("issue-type-renamed", subject, b.at, a.name, b.name)
            self.value("issue-category", subject, b.at, self.ref("category", self.old.category_of(a).id),
                       self.new.category_of(b).id, self.old.category_of(a).name, self.new.category_of(b).name)
            self.value("owner", subject, f"{b.at}.owner", self.ref("party", a.owner), b.owner,
                       self.old.parties[a.owner].name, self.new.parties[b.owner].name)
            self.value("path", subject, f"{b.at}.path",
                       tuple(self.parties_key(step.any_of, True) for step in a.path),
                       tuple(self.parties_key(step.any_of, False) for step in b.path),
                       self._path_words(a, self.old), self._path_words(b, self.new))
            self.text("sla", subject, f"{b.at}.sla", format_minutes(a.sla), format_minutes(b.sla))
            self.items("needed-actions", subject, f"{b.at}.our_needed_actions", _same(a.our_needed_actions),
                       _same(b.our_needed_actions))
            words = lambda i: _same((*i.our_vocabulary.synonyms, *i.our_vocabulary.phrases))  # noqa: E731
            self.items("search-words", subject, f"{b.at}.our_vocabulary", words(a), words(b))

    @staticmethod
    def _path_words(issue: IssueType, matrix: Matrix) -> str:
        if not issue.path:
            return wording.NONE_LISTED
        return " → ".join(" or ".join(matrix.parties[p].name for p in step.any_of) for step in issue.path)

    def _authority(self) -> None:
        a, b = self.old.authority, self.new.authority
        self.text("currency", wording.AUTHORITY, "authority.currency", a.currency, b.currency)
        self.items("authority-roles", wording.AUTHORITY, "authority.roles", self._parties(a.roles, True),
                   self._parties(b.roles, False), ordered=False)
        old_rules, new_rules = _rules_by_action(a), _rules_by_action(b)
        pairs, removed, added = _pair(old_rules, new_rules, lambda action: action, lambda action: action)
        for action in removed:
            self.add("action-removed", action, old_rules[action][0].at)
        for action in added:
            self.add("action-added", action, new_rules[action][0].at)
        for name_old, name in pairs:
            if name_old != name:
                self.add("action-renamed", name, new_rules[name][0].at, name_old, name)
            self._action(name, old_rules[name_old], new_rules[name])

    def _action(self, action: str, old: list[AuthorityRule], new: list[AuthorityRule]) -> None:
        currency_old, currency_new = self.old.authority.currency, self.new.authority.currency
        bands_old = [_band(rule, currency_old) for rule in old]
        bands_new = [_band(rule, currency_new) for rule in new]
        self.items("action-names", action, f"{new[0].at}.aliases", _same(old[0].aliases), _same(new[0].aliases))
        if bands_old != bands_new:
            self.add("amount-bands", action, new[0].at, "; ".join(bands_old), "; ".join(bands_new))
            return  # the grants of bands that are not the same cannot be set side by side
        for rule_old, rule, band in zip(old, new, bands_new):
            row = action + (f" ({band})" if rule.amount is not None else "")
            self.text("row-label", row, f"{rule.at}.label", rule_old.label, rule.label)
            roles = {self.ref("party", role): grant for role, grant in rule_old.grants.items()}
            for role, grant in rule.grants.items():
                if role in roles and roles[role] != grant:
                    self.add("grant", f"{row} by {self.new.parties[role].name}", f"{rule.at}.grants.{role}",
                             wording.GRANT_WORDS[roles[role]], wording.GRANT_WORDS[grant])

    def _procedures(self) -> None:
        for a, b in self.records("procedure", self.procedures):
            self.items("procedure-severities", b.name, f"{b.at}.severities",
                       {self.ref("severity", s): self.old.severities[s].label for s in a.severities},
                       {s: self.new.severities[s].label for s in b.severities})

            def steps(procedure):
                return {(s.title, frozenset(s.items), frozenset((c.audience, c.every, c.note) for c in s.cadence)):
                        f"{s.title}: {', '.join(s.items)}" for s in procedure.steps}
            self.items("procedure-steps", b.name, f"{b.at}.steps", steps(a), steps(b), ordered=True)

    def _satisfaction(self) -> None:
        pairs, removed, added = _pair(self.old.satisfaction, self.new.satisfaction, lambda t: t.metric,
                                      lambda t: t.metric)
        for target in removed:
            self.add("satisfaction-removed", target.metric, target.at, before=target.label)
        for target in added:
            self.add("satisfaction-added", target.metric, target.at, after=target.label)
        for a, b in pairs:
            self.text("satisfaction", b.metric, b.at, a.label, b.label)

    def _templates(self) -> None:
        matched = _pair(self.old.templates.values(), self.new.templates.values(), lambda t: t.id, lambda t: t.name)
        for a, b in self.records("template", matched):
            self.text("template-use", b.name, f"{b.at}.use", a.use, b.use)
            fields = lambda t: {(f.name, f.label, f.prompt): f"{f.label} ({f.prompt})" for f in t.fields}  # noqa: E731
            self.items("template-fields", b.name, f"{b.at}.fields", fields(a), fields(b))
            self.text("template-body", b.name, f"{b.at}.body", a.body.strip(), b.body.strip())

    def _clocks(self) -> None:
        for clock in self.new.clocks:
            self.text("clock", wording.CLOCK_NAMES.get(clock, clock), f"clocks.{clock}", self.old.clocks[clock],
                      self.new.clocks[clock])

    def _off_shift(self) -> None:
        a, b = self.old.off_shift, self.new.off_shift
        subject = wording.OFF_SHIFT_RULE
        self.items("emergency-severities", subject, "off_shift.emergency_severities",
                   {self.ref("severity", s): s for s in a.emergency_severities},
                   {s: s for s in b.emergency_severities})
        self.value("on-call", subject, "off_shift.on_call", self.ref("party", a.on_call), b.on_call,
                   self.party_name(self.old, a.on_call), self.party_name(self.new, b.on_call))
        self.text("if-wait-breaches", subject, "off_shift.if_wait_breaches", a.if_wait_breaches, b.if_wait_breaches)

    def _drills(self) -> None:
        def situations(group, old):
            return {(s.situation, self.ref("severity", s.severity) if old else s.severity, s.action):
                    f"“{s.situation}” ({s.severity})" for s in group.situations}
        pairs, removed, added = _pair(self.old.scenario_groups, self.new.scenario_groups, lambda g: slugify(g.issue),
                                      lambda g: g.issue)
        for group in removed:
            self.add("drills-removed", group.issue, group.at)
        for group in added:
            self.add("drills-added", group.issue, group.at)
        for a, b in pairs:
            self.items("drills", b.issue, f"{b.at}.situations", situations(a, True), situations(b, False))

    def _broad_words(self) -> None:
        def words(table):
            return {(word, frozenset(names)): f"“{word}”: {', '.join(names)}" for word, names in table.items()}
        self.items("broad-words", wording.BROAD_WORDS, "our_broad_words", words(self.old.our_broad_words),
                   words(self.new.our_broad_words))

    def _interpretations(self) -> None:
        matched = _pair(self.old.interpretations, self.new.interpretations, lambda i: i.id, lambda i: i.topic)
        subject = lambda i: f"{i.topic} ({i.id})"  # noqa: E731
        pairs = self.records("interpretation", matched, subject=lambda i: i.topic)
        for a, b in pairs:
            self.text("interpretation-id", subject(b), f"{b.at}.id", a.id, b.id)
            self.text("interpretation-choice", subject(b), f"{b.at}.choice", a.choice, b.choice)
            self.text("interpretation-reason", subject(b), f"{b.at}.reason", a.reason, b.reason)
            if a.path != b.path:
                self.value("interpretation-path", subject(b), f"{b.at}.path", _stable_path(self.old, a.path),
                           _stable_path(self.new, b.path), a.path, b.path)


def _band(rule: AuthorityRule, currency: str) -> str:
    return wording.amount_words(rule.amount, currency) if rule.amount is not None else wording.ANY_AMOUNT


def _same(values) -> dict[str, str]:
    """Items that are their own words, compared as a set (the order of other names or examples means nothing)."""
    return {value: value for value in values}


def _words(value) -> str:
    return wording.NONE_LISTED if value is None else str(value)


def _stable_path(matrix: Matrix, path: str) -> str:
    """A data path with each list index replaced by the name (else the id) of the item there, so that moving
    items in a list does not move the path (`authority.rules[4].amount` → `authority.rules[Issue refund
    (>$100)].amount`); where an index names nothing, it stays."""
    out, value = [], matrix.source
    for part in _PATH_PART.findall(path):
        if part.startswith("["):
            index = int(part[1:-1])
            item = value[index] if isinstance(value, list) and index < len(value) else None
            key = next((item[k] for k in ("name", "label", "action", "issue", "metric", "situation", "id")
                        if isinstance(item, dict) and isinstance(item.get(k), str)), None)
            out.append(f"[{key}]" if key is not None else part)
            value = item
        else:
            name = part.lstrip(".")
            out.append("." + name if out else name)
            value = value.get(name) if isinstance(value, dict) else None
    return "".join(out)


_PATH_PART = re.compile(r"\[\d+\]|\.?[^.\[\]]+")
