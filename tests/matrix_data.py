"""What several test folders share: copies of the real matrix's data changed for a test, and the phrasing corpora."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from matrix.core import can, route
from matrix.core.answers.cards import permission_answer, route_answer
from matrix.core.rules.find import find

ALL_WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class WrittenOut(yaml.SafeDumper):
    """Every value written where it is used: a matrix file refuses the anchors and aliases PyYAML
    writes for objects a changed or scaled copy shares (ALL_WEEK, for one)."""

    def ignore_aliases(self, data) -> bool:
        return True


def dump_matrix(data: dict) -> str:
    """Plain matrix data as the text of a matrix file."""
    return yaml.dump(data, Dumper=WrittenOut, allow_unicode=True, sort_keys=False)


def team(data: dict, team_id: str) -> dict:
    """The team record with this id in plain matrix data."""
    return next(t for t in data["teams"] if t["id"] == team_id)


def issue(data: dict, name: str) -> dict:
    """The issue type with this name in plain matrix data."""
    return next(i for c in data["categories"] for i in c["issue_types"] if i["name"] == name)


def make_clean(data: dict) -> dict:
    """The real matrix with every finding fixed: contacts, agreeing sections, 24/7 hours, a flow that
    draws every route, a dispute path that may release escrow and refund, every directory entry named."""
    for party in data["teams"]:
        party.setdefault("contact", {"kind": "email", "value": f"{party['id']}@acme-support.com"})
    team(data, "emergency-line")["contact"]["value"] = "+1-212-555-0100"
    tiers = {t["id"]: t for t in data["tiers"]}
    tiers["tier-1"]["response_times"][0]["within"] = "5m"
    tiers["tier-2"]["response_times"][1]["within"] = "1h"
    tiers["tier-3"]["response_times"].append({"label": "P3", "within": "24h", "severities": ["P3"]})
    tiers["tier-4"]["response_times"][1]["within"] = "4h"
    tiers["tier-2"]["members"] = ["tech-support-lead", "verification"]
    tiers["tier-3"]["members"] = ["oncall-primary", "oncall-secondary", "pagerduty"]
    p3 = data["severities"][3]
    p3["response"] = [a for a in p3["response"] if a["action"] != "No specific SLA"]
    issue(data, "Dispute resolution")["path"] = ["billing", "legal"]
    draw_every_route(data)
    for schedule in data["schedules"]:
        schedule["windows"] = [{"days": ALL_WEEK, "from": "00:00", "to": "24:00"}]
    data["organisation"]["assumed_hours"] = "always"
    return data


def draw_every_route(data: dict, without: str | None = None) -> dict:
    """Redraw the flow from the routing tables: Customer → Tier 1 → a box per category → each route's
    boxes and arrows, and nothing else. `without`: a category left out, its routes drawn nowhere."""
    names = {p["id"]: p["name"] for p in [*data["tiers"], *data["teams"]]}
    nodes = [{"id": "customer", "label": "Customer Contact"}, {"id": "frontline", "label": "Tier 1", "party": "tier-1"}]
    edges = [["customer", "frontline"]]

    def box(party: str) -> str:
        node = "frontline" if party == "tier-1" else f"box-{party}"
        if not any(n["id"] == node for n in nodes):
            nodes.append({"id": node, "label": names[party], "party": party})
        return node

    def arrow(source: str, target: str) -> None:
        if [source, target] not in edges:
            edges.append([source, target])

    for category in data["categories"]:
        if category["id"] == without:
            continue
        branch = f"{category['id']}-issues"
        nodes.append({"id": branch, "label": category["name"], "category": category["id"]})
        arrow("frontline", branch)
        for item in category["issue_types"]:
            steps = [[item["owner"]], *([s] if isinstance(s, str) else s["any_of"] for s in item["path"])]
            if steps[0] == ["tier-1"]:
                steps = steps[1:]
            if not steps:
                continue
            for party in steps[0]:
                arrow(branch, box(party))
            for before, after in zip(steps, steps[1:]):
                for source in before:
                    for target in after:
                        arrow(box(source), box(target))
    data["flow"] = {"nodes": nodes, "edges": edges}
    return data


def right_answers(matrix, drill) -> dict[str, str]:
    """The answers computed straight from route() and can(), independently of grade()."""
    answer = route_answer(route(matrix, drill.scenario.issue))
    answers = {"owner": answer["owner"]["name"], "next": answer["path"][0]["name"],
               "severity": drill.scenario.severity, "sla": str(answer["sla_minutes"])}
    if drill.role and drill.scenario.action:
        permission = permission_answer(can(matrix, drill.role, drill.scenario.action, drill.amount))
        answers["may"] = permission["grant"]
    return answers


# --- synthetic matrices many times the seed's size (the build's scale: tests and bench/bench_site.py) --

def scaled(data: dict, factor: int) -> dict:
    """The seed matrix with `factor` copies of every team, issue type and authority action.

    Copies keep the seed's shape (owners, paths, leads and grants point at the same copy's teams;
    tiers are shared), so the validator accepts them and every page grows by the same factor.
    """
    teams = list(data["teams"])
    categories = list(data["categories"])
    rules = list(data["authority"]["rules"])
    team_ids = {team["id"] for team in data["teams"]}
    for copy in range(2, factor + 1):
        suffix = f"-c{copy}"

        def party(party_id: str) -> str:
            return party_id + suffix if party_id in team_ids else party_id

        def renamed(name: str) -> str:
            return f"{name} c{copy}"

        for team in data["teams"]:
            clone = {**team, "id": team["id"] + suffix, "name": renamed(team["name"])}
            if "aliases" in team:
                clone["aliases"] = [renamed(alias) for alias in team["aliases"]]
            if "lead" in team:
                clone["lead"] = party(team["lead"])
            teams.append(clone)
        for category in data["categories"]:
            categories.append({
                **category, "id": category["id"] + suffix, "name": renamed(category["name"]),
                "issue_types": [
                    {**issue, "name": renamed(issue["name"]), "owner": party(issue["owner"]),
                     "path": [{"any_of": [party(p) for p in step["any_of"]]} if isinstance(step, dict) else party(step)
                              for step in issue["path"]],
                     # A search term finds one issue type: each copy's terms are its own.
                     "our_vocabulary": {key: [renamed(term) for term in terms]
                                        for key, terms in issue.get("our_vocabulary", {}).items()}}
                    for issue in category["issue_types"]],
            })
        for rule in data["authority"]["rules"]:
            clone = {**rule, "action": renamed(rule["action"])}
            if "label" in rule:
                clone["label"] = renamed(rule["label"])
            if "aliases" in rule:
                clone["aliases"] = [renamed(alias) for alias in rule["aliases"]]
            rules.append(clone)
    return {**data, "teams": teams, "categories": categories,
            "authority": {**data["authority"], "rules": rules}}


def write_scaled(data: dict, factor: int, path: Path) -> Path:
    """`scaled(data, factor)` as a matrix file."""
    path.write_text(dump_matrix(scaled(data, factor)), encoding="utf-8")
    return path


def size(data: dict) -> str:
    """A matrix's size in the words the benchmarks print."""
    issue_types = sum(len(c["issue_types"]) for c in data["categories"])
    actions = len({r["action"] for r in data["authority"]["rules"]})
    return f"{issue_types} issue types, {len(data['teams'])} teams, {actions} actions"


# --- the phrasing corpora for find() ------------------------------------------------------------------

PHRASINGS = Path(__file__).with_name("data") / "phrasings"


@dataclass
class FindFigures:
    """How find() does on a corpus of phrasings, each labelled with its issue type or its plausible ones."""

    corpus: str
    items: int = 0
    top1: int = 0
    top3: int = 0
    resolved: int = 0
    """Right and certain, right among the first three when not certain, or, for a phrase that fits
    several issue types, not certain with one of them among the first three."""
    confident: int = 0
    confident_wrong: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)

    def share(self, count: int) -> float:
        return count / self.items if self.items else 0.0


def corpus_items(name: str) -> list[dict]:
    return yaml.safe_load((PHRASINGS / f"{name}.yaml").read_text(encoding="utf-8"))


def evaluate_find(matrix, name: str) -> FindFigures:
    figures = FindFigures(name)
    for item in corpus_items(name):
        found = find(matrix, item["text"])
        ranked = [candidate.issue.slug for candidate in found.candidates]
        figures.items += 1
        figures.confident += found.confident
        if "issue" in item:
            right = item["issue"]
            figures.top1 += ranked[:1] == [right]
            figures.top3 += right in ranked[:3]
            ok = ranked[:1] == [right] if found.confident else right in ranked[:3]
            if found.confident and ranked[0] != right:
                figures.confident_wrong.append(f"{item['text']!r}: {ranked[0]}, not {right}")
        else:
            fits = set(item["ambiguous"])
            figures.top1 += bool(set(ranked[:1]) & fits)
            figures.top3 += bool(set(ranked[:3]) & fits)
            ok = not found.confident and bool(set(ranked[:3]) & fits)
            if found.confident and ranked[0] not in fits:
                figures.confident_wrong.append(f"{item['text']!r}: {ranked[0]}, not one of {sorted(fits)}")
        figures.resolved += ok
        if not ok:
            figures.unresolved.append(item["text"])
    return figures


def _reordered(value):
    """Every mapping's keys in reverse order, all the way down."""
    if isinstance(value, dict):
        return {key: _reordered(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [_reordered(item) for item in value]
    return value


def reordered_yaml(data) -> str:
    """The file written again with its keys reversed throughout (a YAML round trip, no anchors or aliases)."""
    return dump_matrix(_reordered(data))
