"""The off-shift rule: what an agent does when the owner is off shift as an issue comes in.

The rule lives in the matrix (`off_shift`): emergency severities never wait and go to whoever is
on call now; the others wait for the owner's next shift, and when that wait breaches a clock the
answer says by how much and, under `if_wait_breaches: escalate`, whom to hand the issue to now.
"""

from __future__ import annotations

from datetime import datetime

from .deadlines import Deadline
from ..durations import format_minutes
from .hours import isoformat, label, next_on_shift, on_shift, on_shift_until
from ..model import Matrix, Severity
from .shifts import is_on_shift, reachable, schedule_of

CUSTOMER_UPDATE = "customer-update"
"""The template an agent sends while the customer waits."""


def rule_text(matrix: Matrix) -> str:
    """The rule in one line, from the matrix's own `off_shift` record."""
    rule = matrix.off_shift
    waiting = "wait for the owner's next shift"
    if rule.if_wait_breaches == "escalate":
        waiting += ", or go to the first step of the path on shift now if waiting breaches the SLA"
    if not rule.emergency_severities or rule.on_call is None:
        return f"Every issue must {waiting}"
    on_call = matrix.parties[rule.on_call].name
    standard = [s for s in matrix.severities if s not in rule.emergency_severities]
    return (f"{'/'.join(rule.emergency_severities)} go to whoever is on call now ({on_call}, and anyone on the "
            f"path with emergency hours); {'/'.join(standard) or 'other severities'} {waiting}")


def _names(cards: list[dict]) -> str:
    """`Tier 3 (On-Call Primary), CEO (no contact published)`."""
    return ", ".join(c["name"] + (f" ({c['via']})" if c["via"] else "")
                     + ("" if c["contact"] or c["via"] else " (no contact published)") for c in cards)


def _emergency(route, at: datetime, tz: str, label_of: str) -> dict | None:
    """Whom to reach now for an emergency: the on-call party and anyone on the path reachable."""
    from ..rules.routing import party_card  # routing imports this module: import at call time

    matrix = route.matrix
    rule = matrix.off_shift
    if not rule.emergency_severities or rule.on_call is None:
        return None
    order = [route.issue.owner, rule.on_call, *(p for step in route.path for p in step.any_of)]
    go_to = [party_card(matrix, p, at=at, tz=tz) for p in dict.fromkeys(order) if reachable(matrix, p, at, True)]
    on_call = [c for c in go_to if c["id"] == rule.on_call]
    others = [c for c in go_to if c["id"] != rule.on_call]
    advice = f"{label_of} does not wait: "
    advice += f"page {_names(on_call)} now" if on_call else f"{matrix.parties[rule.on_call].name} is not reachable now"
    if others:
        advice += f"; also reachable for emergencies: {_names(others)}"
    return {"severities": list(rule.emergency_severities), "go_to": go_to, "advice": advice + "."}


def _standard(route, at: datetime, tz: str, deadlines: list[Deadline], back: datetime | None,
              lead: str) -> dict:
    """Waiting for the owner: until when, which clocks that breaches, and what to do instead."""
    from ..rules.routing import party_card

    matrix = route.matrix
    owner = matrix.parties[route.issue.owner].name
    breaches = [d for d in deadlines if d.clock in ("issue_sla", "resolution") and d.due is not None
                and (back is None or d.due < back)]
    escalate_to = None
    if breaches and matrix.off_shift.if_wait_breaches == "escalate":
        escalate_to = next(({"step": number, "party": party_card(matrix, p, at=at, tz=tz)}
                            for number, step in enumerate(route.path, start=1)
                            for p in step.any_of if is_on_shift(matrix, p, at)), None)
    waiting = f"{lead}waiting for {owner} " + ("for good (no regular hours)" if back is None
                                                else f"until {label(back, tz)}")
    waiting = waiting[0].upper() + waiting[1:]
    if not breaches:
        sla = next(d for d in deadlines if d.clock == "issue_sla")
        advice = f"{waiting} stays within the {format_minutes(sla.minutes)} SLA"
        advice += f" (due {label(sla.due, tz)})." if sla.due else "."
    else:
        first = breaches[0]
        advice = f"{waiting} breaches the {format_minutes(first.minutes)} {first.label} (due {label(first.due, tz)})"
        if escalate_to is not None:
            card = escalate_to["party"]
            advice += (f". Instead escalate now to step {escalate_to['step']}, {_names([card])}, on shift now"
                       + (f" until {card['shift']['until_label']}" if card["shift"]["until"] else "") + ".")
        else:
            advice += ", and nobody on the path is on shift now: tell the customer when " + (
                f"{owner} is back ({label(back, tz)})" if back else f"{owner} can answer")
            if CUSTOMER_UPDATE in matrix.templates:
                advice += f" with the {matrix.templates[CUSTOMER_UPDATE].name} template"
            rule = matrix.off_shift
            if rule.emergency_severities and rule.on_call:
                on_call = party_card(matrix, rule.on_call)
                raised = rule.emergency_severities[-1]
                advice += f"; if it cannot wait, raise it to {raised} and page {_names([on_call])}"
            advice += "."
    return {
        "wait_until": None if back is None else isoformat(back, tz),
        "wait_until_label": None if back is None else label(back, tz),
        "wait_minutes": None if back is None else int((back - at).total_seconds() // 60),
        "breaches": [{"clock": d.clock, "bound": d.bound, "label": d.label, "due": isoformat(d.due, tz),
                      "late_minutes": None if back is None else int((back - d.due).total_seconds() // 60)}
                     for d in breaches],
        "breaches_sla": any(d.clock == "issue_sla" for d in breaches),
        "escalate_to": escalate_to,
        "advice": advice,
    }


def off_shift_answer(route, at: datetime, tz: str, deadlines: list[Deadline]) -> dict:
    """The `off_shift` key of a time-aware answer."""
    matrix = route.matrix
    owner_id = route.issue.owner
    owner = matrix.parties[owner_id].name
    schedule = schedule_of(matrix, owner_id)
    answer = {"rule": rule_text(matrix), "owner_on_shift": on_shift(schedule, at), "owner_back": None,
              "owner_back_label": None, "applies": "none", "emergency": None, "standard": None}
    if answer["owner_on_shift"]:
        until = on_shift_until(schedule, at)
        sla = next(d for d in deadlines if d.clock == "issue_sla")
        advice = f"{owner} is on shift: escalate as usual."
        if until is not None and sla.due is not None and until < sla.due:
            advice += (f" Its shift ends at {label(until, tz)}, before the SLA is due at {label(sla.due, tz)}: "
                       "hand over before then.")
        return answer | {"advice": advice}
    back = next_on_shift(schedule, at)
    answer["owner_back"] = None if back is None else isoformat(back, tz)
    answer["owner_back_label"] = None if back is None else label(back, tz)
    severity: Severity | None = route.severity
    rule = matrix.off_shift
    emergency_label = "/".join(rule.emergency_severities)
    standard_label = "/".join(s for s in matrix.severities if s not in rule.emergency_severities)
    is_emergency = severity is not None and severity.id in rule.emergency_severities
    if severity is not None:
        emergency = _emergency(route, at, tz, severity.id) if is_emergency else None
        answer["applies"] = "emergency" if emergency else "standard"
    else:
        emergency = _emergency(route, at, tz, f"If it is {emergency_label}, it")
        answer["applies"] = "either" if emergency else "standard"
    answer["emergency"] = emergency
    if answer["applies"] != "emergency":
        lead = f"{severity.id}: " if severity else (f"if it is {standard_label}, " if emergency else "")
        answer["standard"] = _standard(route, at, tz, deadlines, back, lead)
    gone = f"{owner} is off shift " + (f"until {answer['owner_back_label']}" if back else "and keeps no regular hours")
    parts = [p["advice"] for p in (answer["emergency"], answer["standard"]) if p]
    return answer | {"advice": f"{gone}. " + " ".join(parts)}
