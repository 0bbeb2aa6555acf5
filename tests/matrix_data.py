"""Copies of the real matrix's plain data, changed the way several test folders need them."""

from __future__ import annotations
from matrix.core.answers.cards import permission_answer, route_answer
from matrix.core import route, can

ALL_WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def team(data: dict, team_id: str) -> dict:
    """The team record with this id in plain matrix data."""
    return next(t for t in data["teams"] if t["id"] == team_id)


def make_clean(data: dict) -> dict:
    """The real matrix with every finding fixed: contacts, agreeing sections, 24/7 hours."""
    for party in data["teams"]:
        party.setdefault("contact", {"kind": "email", "value": f"{party['id']}@acme-support.com"})
    team(data, "emergency-line")["contact"]["value"] = "+1-212-555-0100"
    tiers = {t["id"]: t for t in data["tiers"]}
    tiers["tier-1"]["response_times"][0]["within"] = "5m"
    tiers["tier-2"]["response_times"][1]["within"] = "1h"
    tiers["tier-3"]["response_times"].append({"label": "P3", "within": "24h", "severities": ["P3"]})
    p3 = data["severities"][3]
    p3["response"] = [a for a in p3["response"] if a["action"] != "No specific SLA"]
    data["flow"]["nodes"].append({"id": "business-issues", "label": "Business Issues", "category": "business"})
    data["flow"]["edges"].append(["frontline", "business-issues"])
    for schedule in data["schedules"]:
        if schedule["windows"]:
            schedule["windows"] = [{"days": ALL_WEEK, "from": "00:00", "to": "24:00"}]
    data["organisation"]["assumed_hours"] = "always"
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
