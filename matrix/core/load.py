"""Plain data (parsed YAML or JSON) → a validated `Matrix`, or every problem with its data path.

Three passes, each only when the one before found no errors, so one mistake is reported once:
shape (schema.py), references and consistency (here), policy warnings (policy.py).
"""

from __future__ import annotations

import re
from datetime import date

from .durations import parse_duration
from .model import (
    AmountRange, Authority, AuthorityRule, Category, Channel, Contact, Flow, FlowNode, Hours,
    Interpretation, IssueType, Matrix, MessageTemplate, OffShiftRule, Organisation, Procedure, ProcedureStep,
    RequiredAction, ResponseTime, SatisfactionTarget, Scenario, Schedule, Severity, Step, Target, Team,
    TemplateField, Tier, Window,
)
from .problems import ERROR, MatrixError, Problem, join_path
from .slugs import slugify

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def validate(data) -> list[Problem]:
    """Every error and warning in `data`; errors first. Warnings only once there are no errors."""
    problems = _errors(data)
    if problems:
        return problems
    from .audit.policy import policy_findings

    return policy_findings(_build(data))


def build_matrix(data) -> Matrix:
    """The matrix in `data`; raises MatrixError listing every error (warnings do not stop it)."""
    errors = _errors(data)
    if errors:
        raise MatrixError(errors)
    return _build(data)


def build_validated(data) -> Matrix:
    """The matrix in `data` that `build_matrix` has already accepted, without checking it again.

    For data the build itself wrote after validating it (the wizard's matrix.json): the browser
    skips the schema and consistency checks, which cost it as much as building. The parity tests
    hold its answers equal to CPython's `build_matrix`. Data from anywhere else: `build_matrix`.
    """
    return _build(data)


def _errors(data) -> list[Problem]:
    """Shape errors, plus the consistency errors of every check the malformed parts don't defeat."""
    from .schema import check_shape  # imported here: `build_validated` needs none of the checks

    problems = check_shape(data)
    if not problems:
        return _check_consistency(data)
    if not isinstance(data, dict):
        return problems
    flagged = [p.path for p in problems]
    for found in _check_consistency(data, tolerant=True):
        if not any(found.path == path or found.path.startswith((path + ".", path + "[")) or
                   path.startswith((found.path + ".", found.path + "[")) for path in flagged):
            problems.append(found)
    return problems


# --- consistency -------------------------------------------------------------------------------

def _check_consistency(data: dict, tolerant: bool = False) -> list[Problem]:
    """Run every check; `tolerant` skips a check that malformed data defeats instead of failing."""
    out: list[Problem] = []
    ids: dict[str, set[str]] | None = None

    def run(check, *args) -> None:
        found: list[Problem] = []
        try:
            result = check(data, *args, found)
        except (KeyError, TypeError, AttributeError, ValueError, IndexError):
            if not tolerant:
                raise
            return None
        out.extend(found)
        return result

    ids = run(_check_ids)
    if ids is not None:
        run(_check_references, ids)
    for check in (_check_paths, _check_flow, _check_amounts, _check_templates, _check_interpretations,
                  _check_scenarios, _check_schedules, _check_off_shift):
        run(check)
    return out


def _unique(items: list[dict], key: str, section: str, out: list[Problem], seen: dict | None = None,
            fold=lambda value: value) -> set[str]:
    """Report repeats of `key` within `items` (and against `seen`, for shared namespaces)."""
    seen = {} if seen is None else seen
    for index, item in enumerate(items):
        value = fold(item[key])
        where = join_path(join_path(section, index), key)
        if value in seen:
            out.append(Problem(where, f"Duplicate {key} {item[key]!r}; already used at {seen[value]}",
                               kind="duplicate"))
        else:
            seen[value] = where
    return set(seen)


def _check_ids(data: dict, out: list[Problem]) -> dict[str, set[str]]:
    parties: dict = {}
    ids = {
        "schedule": _unique(data["schedules"], "id", "schedules", out),
        "channel": _unique(data["channels"], "id", "channels", out),
        "severity": _unique(data["severities"], "id", "severities", out),
        "tier": _unique(data["tiers"], "id", "tiers", out, parties),
        "category": _unique(data["categories"], "id", "categories", out),
        "procedure": _unique(data["procedures"], "id", "procedures", out),
        "node": _unique(data["flow"]["nodes"], "id", "flow.nodes", out),
    }
    _unique(data["teams"], "id", "teams", out, parties)
    ids["party"] = set(parties)
    ids["team"] = {team["id"] for team in data["teams"]}
    _unique(data["templates"], "id", "templates", out)
    _unique(data["interpretations"], "id", "interpretations", out)

    # A name or alias must find one party only, whatever its case.
    names: dict[str, str] = {}
    for section in ("tiers", "teams"):
        for index, party in enumerate(data[section]):
            base = join_path(section, index)
            for key, value in [("name", party["name"])] + [
                    (f"aliases[{i}]", alias) for i, alias in enumerate(party.get("aliases", []))]:
                where = f"{base}.{key}"
                folded = value.casefold()
                if folded in names:
                    out.append(Problem(where, f"Duplicate name {value!r}; already used at {names[folded]}",
                                       kind="duplicate"))
                else:
                    names[folded] = where

    slugs: dict[str, str] = {}
    for c, category in enumerate(data["categories"]):
        for i, issue in enumerate(category["issue_types"]):
            where = f"categories[{c}].issue_types[{i}].name"
            slug = slugify(issue["name"])
            if slug in slugs:
                out.append(Problem(where, f"Duplicate issue type {issue['name']!r}; already used at "
                                          f"{slugs[slug]}", kind="duplicate"))
            else:
                slugs[slug] = where
    return ids


_KIND_NAMES = {"party": "team or tier", "node": "flow node"}


def _ref(value: str, kind: str, ids: dict[str, set[str]], where: str, out: list[Problem]) -> None:
    if value not in ids[kind]:
        known = ", ".join(sorted(ids[kind]))
        out.append(Problem(where, f"Unknown {_KIND_NAMES.get(kind, kind)} {value!r}; expected one of: {known}",
                           kind="reference"))


def _check_hours(hours: dict | None, where: str, ids, out) -> None:
    if hours is not None:
        _ref(hours["schedule"], "schedule", ids, f"{where}.hours.schedule", out)


def _check_references(data: dict, ids: dict[str, set[str]], out: list[Problem]) -> None:
    _ref(data["organisation"]["assumed_hours"], "schedule", ids, "organisation.assumed_hours", out)
    for index, severity in enumerate(data["severities"]):
        _ref(severity["procedure"], "procedure", ids, f"severities[{index}].procedure", out)
    for index, tier in enumerate(data["tiers"]):
        where = f"tiers[{index}]"
        _check_hours(tier["hours"], where, ids, out)
        _ref(tier["contact"], "team", ids, f"{where}.contact", out)
        for m, member in enumerate(tier.get("members", [])):
            _ref(member, "team", ids, f"{where}.members[{m}]", out)
        for r, response in enumerate(tier["response_times"]):
            for key, kind in (("channels", "channel"), ("severities", "severity")):
                for v, value in enumerate(response.get(key, [])):
                    _ref(value, kind, ids, f"{where}.response_times[{r}].{key}[{v}]", out)
    for index, team in enumerate(data["teams"]):
        where = f"teams[{index}]"
        _check_hours(team.get("hours"), where, ids, out)
        if "directory" in team:
            _ref(team["directory"], "tier", ids, f"{where}.directory", out)
        if "lead" in team:
            _ref(team["lead"], "team", ids, f"{where}.lead", out)
            if team["lead"] == team["id"]:
                out.append(Problem(f"{where}.lead", "A team cannot be its own lead", kind="reference"))
    for index, node in enumerate(data["flow"]["nodes"]):
        if "party" in node:
            _ref(node["party"], "party", ids, f"flow.nodes[{index}].party", out)
        if "category" in node:
            _ref(node["category"], "category", ids, f"flow.nodes[{index}].category", out)
    for index, edge in enumerate(data["flow"]["edges"]):
        if len(edge) != 2:
            out.append(Problem(f"flow.edges[{index}]", f"Expected two node ids [from, to] but received {len(edge)}"))
        for e, node in enumerate(edge):
            _ref(node, "node", ids, f"flow.edges[{index}][{e}]", out)
    for c, category in enumerate(data["categories"]):
        for i, issue in enumerate(category["issue_types"]):
            where = f"categories[{c}].issue_types[{i}]"
            _ref(issue["owner"], "party", ids, f"{where}.owner", out)
            for s, step in enumerate(issue["path"]):
                for a, party in enumerate(_alternatives(step)):
                    suffix = f".any_of[{a}]" if isinstance(step, dict) else ""
                    _ref(party, "party", ids, f"{where}.path[{s}]{suffix}", out)
    authority = data["authority"]
    for r, role in enumerate(authority["roles"]):
        _ref(role, "party", ids, f"authority.roles[{r}]", out)
    _unique([{"role": role} for role in authority["roles"]], "role", "authority.roles", out)
    roles = set(authority["roles"])
    for r, rule in enumerate(authority["rules"]):
        where = f"authority.rules[{r}].grants"
        for role in rule["grants"]:
            if role not in roles:
                out.append(Problem(f"{where}.{role}", f"Unknown role {role!r}; the authority roles are: "
                                                      f"{', '.join(authority['roles'])}", kind="reference"))
        for role in authority["roles"]:
            if role not in rule["grants"]:
                out.append(Problem(f"{where}.{role}", "Required field missing: every role needs a grant "
                                                      "(allowed, lead or denied)"))
            elif rule["grants"][role] == "lead" and not _lead_of(data, role):
                out.append(Problem(f"{where}.{role}", f"Granted to the lead of {role!r}, which names no lead",
                                   kind="reference"))
    for p, procedure in enumerate(data["procedures"]):
        for s, severity in enumerate(procedure["severities"]):
            _ref(severity, "severity", ids, f"procedures[{p}].severities[{s}]", out)
    by_severity = {sev: proc["id"] for proc in data["procedures"] for sev in proc["severities"]}
    for index, severity in enumerate(data["severities"]):
        listed = by_severity.get(severity["id"])
        if severity["procedure"] in ids["procedure"] and listed not in (None, severity["procedure"]):
            out.append(Problem(f"severities[{index}].procedure",
                               f"Says {severity['procedure']!r} but procedure {listed!r} lists {severity['id']}",
                               kind="contradiction"))


def _lead_of(data: dict, role: str) -> str | None:
    return next((team.get("lead") for team in data["teams"] if team["id"] == role), None)


def _alternatives(step) -> list[str]:
    return list(step["any_of"]) if isinstance(step, dict) else [step]


def _check_paths(data: dict, out: list[Problem]) -> None:
    for c, category in enumerate(data["categories"]):
        for i, issue in enumerate(category["issue_types"]):
            where = f"categories[{c}].issue_types[{i}].path"
            visited = {issue["owner"]: "the initial owner"}
            previous = [issue["owner"]]
            for s, step in enumerate(issue["path"]):
                parties = _alternatives(step)
                for party in parties:
                    if party in previous:
                        out.append(Problem(f"{where}[{s}]", f"Self-loop: {party!r} escalates to itself",
                                           kind="path"))
                    elif party in visited:
                        out.append(Problem(f"{where}[{s}]", f"Cycle: {party!r} is already {visited[party]} "
                                                            "of this path", kind="path"))
                if len(set(parties)) != len(parties):
                    out.append(Problem(f"{where}[{s}]", "The same party is listed twice as an alternative",
                                       kind="path"))
                for party in parties:
                    visited.setdefault(party, f"step {s + 1}")
                previous = parties


def _check_flow(data: dict, out: list[Problem]) -> None:
    edges: dict[str, list[str]] = {}
    for source, target, *_ in (e for e in data["flow"]["edges"] if len(e) >= 2):
        edges.setdefault(source, []).append(target)
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in edges.get(node, []):
            if state.get(target) == 1:
                cycle = " → ".join(trail[trail.index(target):] + [target]) if target in trail else target
                out.append(Problem("flow.edges", f"Cycle in the escalation flow: {cycle}", kind="path"))
            elif target not in state:
                visit(target, trail + [target])
        state[node] = 2

    for node in list(edges):
        if node not in state:
            visit(node, [node])


def _check_amounts(data: dict, out: list[Problem]) -> None:
    rules = data["authority"]["rules"]
    by_action: dict[str, list[tuple[int, dict]]] = {}
    for index, rule in enumerate(rules):
        by_action.setdefault(rule["action"].casefold(), []).append((index, rule))
    currency = data["authority"]["currency"]
    for group in by_action.values():
        banded = [(i, r) for i, r in group if "amount" in r]
        if not banded:
            if len(group) > 1:
                out.append(Problem(f"authority.rules[{group[1][0]}].action",
                                   f"Duplicate action {group[1][1]['action']!r} without amount ranges; "
                                   f"already used at authority.rules[{group[0][0]}]", kind="duplicate"))
            continue
        if len(banded) != len(group):
            index = next(i for i, r in group if "amount" not in r)
            out.append(Problem(f"authority.rules[{index}].amount",
                               "Required field missing: the other rows of this action have amount ranges",
                               kind="amounts"))
            continue
        ranges = []
        for index, rule in banded:
            amount = rule["amount"]
            bounds = AmountRange(amount["min"], amount.get("max"), amount.get("min_inclusive", True),
                                 amount.get("max_inclusive", False))
            if bounds.max is not None and (bounds.max < bounds.min or (
                    bounds.max == bounds.min and not (bounds.min_inclusive and bounds.max_inclusive))):
                out.append(Problem(f"authority.rules[{index}].amount", "The range is empty: max is not above min",
                                   kind="amounts"))
                return
            ranges.append((bounds.min, not bounds.min_inclusive, index, bounds))
        ranges.sort(key=lambda item: (item[0], item[1]))
        first_index, first = ranges[0][2], ranges[0][3]
        if first.min > 0 or not first.min_inclusive:
            out.append(Problem(f"authority.rules[{first_index}].amount.min",
                               f"Gap: amounts from {currency} 0 up to {first.min:g} are covered by no row",
                               kind="amounts"))
        for (_, _, index_a, a), (_, _, index_b, b) in zip(ranges, ranges[1:]):
            where = f"authority.rules[{index_b}].amount"
            if a.max is None or a.max > b.min or (a.max == b.min and a.max_inclusive and b.min_inclusive):
                out.append(Problem(where, f"Overlap: amounts in this range are also covered by "
                                          f"authority.rules[{index_a}]", kind="amounts"))
            elif a.max < b.min or (a.max == b.min and not a.max_inclusive and not b.min_inclusive):
                out.append(Problem(where, f"Gap: amounts between {a.max:g} and {b.min:g} {currency} are "
                                          "covered by no row", kind="amounts"))
        last_index, last = ranges[-1][2], ranges[-1][3]
        if last.max is not None:
            out.append(Problem(f"authority.rules[{last_index}].amount.max",
                               f"Gap: amounts above {last.max:g} {currency} are covered by no row", kind="amounts"))


def _check_templates(data: dict, out: list[Problem]) -> None:
    for t, template in enumerate(data["templates"]):
        declared = [f["name"] for f in template["fields"]]
        _unique(template["fields"], "name", f"templates[{t}].fields", out)
        used = PLACEHOLDER.findall(template["body"])
        for name in dict.fromkeys(used):
            if name not in declared:
                out.append(Problem(f"templates[{t}].body", f"Placeholder {{{name}}} has no field; declared "
                                                           f"fields: {', '.join(declared)}", kind="reference"))


def _check_interpretations(data: dict, out: list[Problem]) -> None:
    for index, item in enumerate(data["interpretations"]):
        if not _resolves(data, item["path"]):
            out.append(Problem(f"interpretations[{index}].path",
                               f"Path {item['path']!r} names nothing in this matrix", kind="reference"))


def _check_scenarios(data: dict, out: list[Problem]) -> None:
    """Each drill must be gradeable: a real issue type, severity and authority action."""
    issues = {slugify(i["name"]) for c in data["categories"] for i in c["issue_types"]}
    severities = {s["id"] for s in data["severities"]}
    actions = {slugify(name) for r in data["authority"]["rules"]
               for name in (r["action"], r.get("label", r["action"]), *r.get("aliases", []))}
    for g, group in enumerate(data.get("scenarios", [])):
        where = f"scenarios[{g}]"
        if slugify(group["issue"]) not in issues:
            out.append(Problem(f"{where}.issue", f"Unknown issue type {group['issue']!r}", kind="reference"))
        for s, situation in enumerate(group["situations"]):
            if situation["severity"] not in severities:
                out.append(Problem(f"{where}.situations[{s}].severity",
                                   f"Unknown severity {situation['severity']!r}; expected one of: "
                                   f"{', '.join(sorted(severities))}", kind="reference"))
            if "action" in situation and slugify(situation["action"]) not in actions:
                out.append(Problem(f"{where}.situations[{s}].action",
                                   f"Unknown action {situation['action']!r}; the authority matrix has none by "
                                   "that name", kind="reference"))
            for name in PLACEHOLDER.findall(situation["situation"]):
                if name != "amount":
                    out.append(Problem(f"{where}.situations[{s}].situation",
                                       f"Placeholder {{{name}}} is unknown; a situation may hold only {{amount}}"))
                elif "action" not in situation:
                    out.append(Problem(f"{where}.situations[{s}].situation",
                                       "Placeholder {amount} needs an `action`: the drill names a sum only "
                                       "when it asks whether the trainee may act"))


def _check_schedules(data: dict, out: list[Problem]) -> None:
    """Hours a clock can use: known zones, windows that span time, holidays that are real dates."""
    from .clock.hours import zone_problem  # imports zoneinfo, which routing without a clock never needs

    zones = [("organisation.timezone", data["organisation"]["timezone"])]
    zones += [(f"schedules[{i}].timezone", s["timezone"]) for i, s in enumerate(data["schedules"]) if "timezone" in s]
    for where, name in zones:
        if problem := zone_problem(name):
            out.append(Problem(where, problem, kind="hours"))
    for i, schedule in enumerate(data["schedules"]):
        for w, window in enumerate(schedule["windows"]):
            where = f"schedules[{i}].windows[{w}]"
            if window["from"] == "24:00":
                out.append(Problem(f"{where}.from", "A window cannot start at 24:00; write 00:00 of the next day",
                                   kind="hours"))
            elif window["from"] == window["to"]:
                out.append(Problem(f"{where}.to", f"The window {window['from']}–{window['to']} is empty; a whole "
                                                  "day is 00:00–24:00", kind="hours"))
        for h, holiday in enumerate(schedule.get("holidays", [])):
            try:
                date.fromisoformat(holiday)
            except ValueError:
                out.append(Problem(f"schedules[{i}].holidays[{h}]", f"No such date: {holiday!r}", kind="hours"))


def _check_off_shift(data: dict, out: list[Problem]) -> None:
    """The off-shift rule and severity actions name real severities and parties."""
    ids = {"party": {p["id"] for section in ("tiers", "teams") for p in data[section]},
           "severity": {s["id"] for s in data["severities"]}}
    for s, severity in enumerate(data["severities"]):
        for a, action in enumerate(severity["response"]):
            if "party" in action:
                _ref(action["party"], "party", ids, f"severities[{s}].response[{a}].party", out)
    rule = data.get("off_shift")
    if rule is not None:
        for e, severity in enumerate(rule["emergency_severities"]):
            _ref(severity, "severity", ids, f"off_shift.emergency_severities[{e}]", out)
        _ref(rule["on_call"], "party", ids, "off_shift.on_call", out)


_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _resolves(data, path: str) -> bool:
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


# --- building ----------------------------------------------------------------------------------

def _hours(raw: dict | None, assumed: str) -> Hours:
    if raw is None:
        return Hours(schedule=assumed, label="not published", published=False)
    return Hours(schedule=raw["schedule"], label=raw["label"], emergency=raw.get("emergency", False))


def _minutes(text: str) -> int:
    return parse_duration(text)


def _time(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _target(raw: dict) -> Target:
    return Target(_minutes(raw["target"]), _minutes(raw["maximum"]))


def _build(data: dict) -> Matrix:
    org = data["organisation"]
    organisation = Organisation(org["name"], org["title"], org["overview"], org["timezone"],
                                org["assumed_hours"])
    schedules = {
        s["id"]: Schedule(
            s["id"], s["name"],
            tuple(Window(tuple(w["days"]), _time(w["from"]), _time(w["to"])) for w in s["windows"]),
            s.get("timezone", organisation.timezone), tuple(s.get("holidays", ())))
        for s in data["schedules"]
    }
    channels = {c["id"]: Channel(c["id"], c["name"], tuple(c.get("aliases", ())), _target(c["first_response"]))
                for c in data["channels"]}
    severities = {
        s["id"]: Severity(
            s["id"], s["name"], s["definition"], tuple(s["examples"]),
            tuple(RequiredAction(a["action"], _minutes(a["within"]) if "within" in a else None,
                                 _minutes(a["every"]) if "every" in a else None, a.get("party"))
                  for a in s["response"]),
            _target(s["resolution"]), s["procedure"])
        for s in data["severities"]
    }
    assumed = organisation.assumed_hours
    teams_raw = {t["id"]: t for t in data["teams"]}
    tiers: dict[str, Tier] = {}
    parties: dict[str, Team] = {}
    for t in data["tiers"]:
        tier = Tier(
            t["id"], t["name"], t["title"], t["team"], tuple(t.get("aliases", ())), _hours(t["hours"], assumed),
            tuple(ResponseTime(r["label"], _minutes(r["within"]), tuple(r.get("channels", ())),
                               tuple(r.get("severities", ())), r.get("arrival")) for r in t["response_times"]),
            tuple(t["handles"]), tuple(t["tools_access"]), t["contact"], tuple(t.get("members", ())),
            t["directory_title"])
        tiers[tier.id] = tier
        contact = teams_raw[tier.contact].get("contact")
        parties[tier.id] = Team(tier.id, tier.name, tier.aliases, _contact(contact), tier.hours,
                                directory=tier.id, is_tier=True)
    for t in data["teams"]:
        parties[t["id"]] = Team(t["id"], t["name"], tuple(t.get("aliases", ())), _contact(t.get("contact")),
                                _hours(t.get("hours"), assumed), t.get("directory"), t.get("lead"))
    flow = Flow(
        tuple(FlowNode(n["id"], n["label"], n.get("party"), n.get("category"), n.get("note"))
              for n in data["flow"]["nodes"]),
        tuple((e[0], e[1]) for e in data["flow"]["edges"]))
    categories = tuple(
        Category(c["id"], c["name"], tuple(
            IssueType(i["name"], slugify(i["name"]), c["id"], i["owner"],
                      tuple(Step(tuple(_alternatives(s))) for s in i["path"]), _minutes(i["sla"]),
                      tuple(i.get("keywords", ())))
            for i in c["issue_types"]))
        for c in data["categories"])
    a = data["authority"]
    authority = Authority(a["currency"], tuple(a["roles"]), tuple(
        AuthorityRule(r["action"], r.get("label", r["action"]), tuple(r.get("aliases", ())), dict(r["grants"]),
                      AmountRange(r["amount"]["min"], r["amount"].get("max"),
                                  r["amount"].get("min_inclusive", True), r["amount"].get("max_inclusive", False))
                      if "amount" in r else None)
        for r in a["rules"]))
    procedures = {
        p["id"]: Procedure(p["id"], p["name"], tuple(p["severities"]),
                           tuple(ProcedureStep(s["title"], tuple(s["items"])) for s in p["steps"]))
        for p in data["procedures"]
    }
    satisfaction = tuple(SatisfactionTarget(s["metric"], s["comparison"], s["value"], s.get("unit", ""))
                         for s in data["satisfaction"])
    templates = {
        t["id"]: MessageTemplate(t["id"], t["name"], t["use"],
                                 tuple(TemplateField(f["name"], f["label"], f["prompt"]) for f in t["fields"]),
                                 t["body"])
        for t in data["templates"]
    }
    interpretations = tuple(Interpretation(i["id"], i["topic"], i["choice"], i["reason"], i["path"])
                            for i in data["interpretations"])
    issue_names = {slugify(i.name): i.name for c in categories for i in c.issue_types}
    scenarios = tuple(
        Scenario(f"{slugify(group['issue'])}-{number}", issue_names[slugify(group["issue"])], s["situation"],
                 s["severity"], s["why"], s.get("action"))
        for group in data.get("scenarios", [])
        for number, s in enumerate(group["situations"], start=1))
    return Matrix(organisation, schedules, channels, severities, tiers, parties, flow, categories, authority,
                  procedures, satisfaction, templates, dict(data["clocks"]), interpretations, source=data,
                  scenarios=scenarios, off_shift=_off_shift(data.get("off_shift")))


def _off_shift(raw: dict | None) -> OffShiftRule:
    if raw is None:
        return OffShiftRule()
    return OffShiftRule(tuple(raw["emergency_severities"]), raw["on_call"], raw["if_wait_breaches"])


def _contact(raw: dict | None) -> Contact | None:
    return Contact(raw["kind"], raw["value"]) if raw else None
