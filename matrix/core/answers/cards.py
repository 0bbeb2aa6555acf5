"""Answers as the JSON the CLI prints and the browser shows: the rules' results with their words and links.

`route_answer` and `permission_answer` keep the stable JSON contract (`issue`, `category`,
`owner.name`, `path[].name`, `sla_minutes`; `allowed`, `lead_only`). Every sentence comes from
`wording`, every link from `links`, so the CLI and JavaScript only place what an answer carries.
"""

from __future__ import annotations

from datetime import datetime

from ..audit.contradictions import contradiction_findings
from ..clock.deadlines import Deadline, deadlines, governing
from ..clock.hours import isoformat, label
from ..clock.offshift import OffShiftDecision, decide
from ..clock.shifts import parties_in_order, shift_status
from ..durations import format_minutes
from ..model import IssueType, Matrix, Target
from ..rules.authority import Permission, band_choices
from ..rules.find import Found
from ..rules.reach import UNREACHABLE, owner_through, party_through, reachable, step_through
from ..rules.routing import Route
from ..slugs import slugify
from .. import wording
from .links import Links
from .ours import (GOVERNING_DEADLINE, OFF_SHIFT, UNPUBLISHED_HOURS, ReliedOn, deadline_ours, hours_ours, party_ours, procedure_ours,
                   published, resolution_ours, sla_ours, step_ours)

DEFAULT_LINKS = Links()


ANYWHERE = object()
"""`party_card`'s default place: a party named outside a path, which `party_through` decides whom to go through."""


def party_card(matrix: Matrix, party_id: str, at: datetime | None = None, tz: str | None = None,
               links: Links = DEFAULT_LINKS, through: str | None | object = ANYWHERE,
               relied: ReliedOn | None = None) -> dict:
    """A party as an agent needs it on an answer: name, how to reach it, when, and its runbook entry.

    Given an instant `at`, the card also says whether the party is on shift then (`shift`). A party with no
    usable contact says whom to go through instead (`instead`, interpretation `unreachable-owner`): `through`,
    the party id the place it is named in decides (the owner, a step of a path), else `party_through`'s.
    `ours` names the choices of ours that who the party is rests on (a tier's contact), `hours.ours` those
    its hours rest on; a card an answer shows marks them, and its `instead`'s, in the answer's `relied`.
    """
    memo = matrix.memo.setdefault("party cards", {})
    card = memo.get((party_id, through, links))
    if card is None:  # every answer shows its owner and path: each party's card is made once per matrix
        card = memo[(party_id, through, links)] = _party(matrix, matrix.parties[party_id], through, links)
    if relied is not None:
        relied.mark(card["ours"] + card["hours"]["ours"] + ([UNREACHABLE] if card["instead"] else []))
    if at is not None:
        card = {**card, "shift": shift_status(matrix, party_id, at, tz or matrix.organisation.timezone)}
    return card


def _party(matrix: Matrix, party, through: str | None | object, links: Links) -> dict:
    """`party_card` for no moment: shared by every answer that shows the party, so never changed after."""
    via = matrix.parties[matrix.tiers[party.id].contact].name if party.is_tier else None
    contact = party.contact
    card = {
        "id": party.id,
        "name": party.name,
        "is_tier": party.is_tier,
        "via": via,
        "contact": None if contact is None else {"kind": contact.kind, "value": contact.value, "href": contact.href,
                                                 "placeholder": contact.placeholder},
        "hours": {"label": party.hours.label, "schedule": party.hours.schedule,
                  "published": party.hours.published, "emergency": party.hours.emergency},
        "link": links.party(party.id, party.is_tier),
        "ours": party_ours(matrix, party.id),
    }
    card["reach"] = wording.reach(card)
    card["hours"]["text"] = wording.hours_text(card)
    card["hours"]["ours"] = hours_ours(matrix, party)
    card["instead"] = None if reachable(party) else _instead(matrix, party, through, links)
    return card


def _instead(matrix: Matrix, party, through: str | None | object, links: Links) -> dict:
    """Whom to go through to reach a party with no usable contact, said once for the CLI and the wizard."""
    through = party_through(matrix, party.id) if through is ANYWHERE else through
    card = party_card(matrix, through, links=links, through=None) if through else None
    return {"through": through, "text": wording.contact_instead(party.name, card),
            "why": our_choice(links, UNREACHABLE, wording.WHY_UNREACHABLE) if published(matrix, UNREACHABLE) else None}


def step_card(matrix: Matrix, issue: IssueType, number: int, at: datetime | None = None, tz: str | None = None,
              links: Links = DEFAULT_LINKS, relied: ReliedOn | None = None) -> dict:
    """Step `number` (from 1) of the issue's path; a party of it with no usable contact is reached through the
    nearest party before it (`step_through`)."""
    step = issue.path[number - 1]
    through = step_through(matrix, issue, number - 1)
    alternatives = [party_card(matrix, party, at, tz, links, through, relied) for party in step.any_of]
    ours = step_ours(matrix, step)
    return {
        "step": number,
        "name": " or ".join(a["name"] for a in alternatives),
        "choice": step.is_choice,
        "alternatives": alternatives,
        "ours": relied.mark(ours) if relied is not None else ours,
    }


def _clock(target: Target) -> dict:
    return {"target_minutes": target.target, "maximum_minutes": target.maximum,
            "target": format_minutes(target.target), "maximum": format_minutes(target.maximum)}


def route_answer(found: Route, links: Links = DEFAULT_LINKS) -> dict:
    """The routing answer as JSON. With `opened_at`, also `time`, `deadlines`, `off_shift` and a
    `shift` on every party card.

    Wherever a value rests on a published choice of ours, the answer marks it (an `ours` list of
    interpretation ids beside the value, or a `why` link); `interpretations` lists every one it marked,
    in the order it first did.
    """
    matrix = found.matrix
    at, tz = found.opened_at, found.zone
    relied = ReliedOn(matrix)
    owner = party_card(matrix, found.issue.owner, at, tz, links, owner_through(matrix, found.issue), relied)
    path = [step_card(matrix, found.issue, number, at, tz, links, relied) for number in range(1, len(found.path) + 1)]
    severity = None
    if found.severity is not None:
        s = found.severity
        severity = {
            "id": s.id, "name": s.name, "label": s.label, "definition": s.definition,
            "examples": list(s.examples),
            "actions": [{"action": a.action, "within_minutes": a.within, "every_minutes": a.every}
                        for a in s.response],
            "resolution": _clock(s.resolution) | {"ours": relied.mark(resolution_ours(matrix, s))},
            "link": links.severity(s.id),
        }
    procedure = None
    if found.procedure is not None:
        p = found.procedure
        procedure = {"id": p.id, "name": p.name, "emergency": p.id == "emergency",
                     "steps": [{"title": st.title, "items": list(st.items)} for st in p.steps],
                     "link": links.procedure(p.id), "ours": relied.mark(procedure_ours(matrix, p))}
    answer = {
        "issue": found.issue.name,
        "slug": found.issue.slug,
        "category": found.category.name,
        "category_id": found.category.id,
        "owner": owner,
        "next": path[0] if path else None,
        "next_name": path[0]["name"] if path else wording.NO_NEXT_STEP,
        "path": path,
        "sla_minutes": found.issue.sla,
        "sla": format_minutes(found.issue.sla),
        "sla_ours": relied.mark(sla_ours(matrix)),
        "severity": severity,
        "channel": None if found.channel is None else {
            "id": found.channel.id, "name": found.channel.name,
            "first_response": _clock(found.channel.first_response)},
        "tier_responses": [{"tier": tier.name, "label": response.label, "within_minutes": response.within,
                            "within": format_minutes(response.within)}
                           for tier, response in found.tier_responses()],
        "procedure": procedure,
        "links": {"routing": links.routing(found.issue.slug), "sla": links.sla()},
    }
    due = deadlines(matrix, found.issue, found.severity, found.channel, at)
    decision = None
    if at is not None:
        decision = decide(found, at, due)
        answer["time"] = {"opened_at": isoformat(at, tz), "opened_at_label": label(at, tz), "tz": tz,
                          "clocks": dict(matrix.clocks)}
        answer["deadlines"] = [_deadline(found, d, tz, relied) for d in due]
        answer["off_shift"] = off_shift_answer(found, at, tz, due, links, decision, relied)
    answer["card"] = answer_card(found, answer, due, decision, links, relied)
    answer["interpretations"] = relied.ids()
    return answer


def _deadline(found: Route, deadline: Deadline, tz: str | None, relied: ReliedOn) -> dict:
    """A deadline card with the choices of ours it rests on; how it counts matters once it is due at a time."""
    card = deadline_card(deadline, tz)
    card["ours"] = relied.mark(deadline_ours(found.matrix, deadline, found.severity, counted=tz is not None))
    return card


def answer_card(found: Route, answer: dict, due: list[Deadline], decision: OffShiftDecision | None,
                links: Links, relied: ReliedOn) -> dict:
    """The top of an answer, in the order an agent needs it: who owns it (and whether on shift now),
    how to reach them, the deadline that governs, and what to do now; then what the matrix says
    against itself here. Requesting: whom the message asks for, the party the advice names.

    Our choices behind a line: `why` (a link with its words) where the line exists because of one,
    `ours` (ids) where a value on it rests on one, as on the rest of the answer."""
    at, tz = found.opened_at, found.zone
    owner = answer["owner"]
    contact = owner["contact"]
    instead = owner["instead"]
    through = party_card(found.matrix, instead["through"], links=links) if instead and instead["through"] else None
    governing_deadline = _deadline(found, governing(due), tz if at is not None else None, relied)
    governing_deadline["why"] = _why(links, GOVERNING_DEADLINE, wording.WHY_GOVERNING, relied)
    assumed = at is not None and owner["shift"]["assumed"]
    card = {
        "owner": {"id": owner["id"], "name": owner["name"], "link": owner["link"],
                  "status": wording.shift_phrase(owner["shift"]) if at is not None else None,
                  "on_shift": None if at is None else owner["shift"]["on_shift"],
                  "why": _why(links, UNPUBLISHED_HOURS, wording.WHY_ASSUMED_HOURS, relied) if assumed else None,
                  "ours": relied.mark([i for i in owner["hours"]["ours"] if i != UNPUBLISHED_HOURS])
                  if at is not None else []},
        "contact": {"text": wording.card_contact(owner), "href": contact["href"] if contact else None,
                    "placeholder": bool(contact and contact["placeholder"]),
                    "instead": instead["text"] if instead else None,
                    "why": instead["why"] if instead else None,
                    "ours": relied.mark(owner["ours"] + (through["ours"] if through else []))},
        "deadline": governing_deadline,
        "flags": _flags(found, links),
    }
    card["now"], requesting = _now(found, answer, due, decision, governing_deadline, through, links, relied)
    card["requesting"] = wording.requesting(requesting) or None
    return card


def search_answer(found: Found, links: Links = DEFAULT_LINKS) -> dict:
    """What `find` found, as JSON, with `why`: the words that matched, other than names, are ours."""
    return {**found.to_dict(), "why": our_choice(links, SEARCH_VOCABULARY, wording.SEARCH_WORDS_OURS)}


SEARCH_VOCABULARY = "search-vocabulary"
"""The published choice that the search words (`our_vocabulary`, `our_broad_words`) are ours."""


def our_choice(links: Links, interpretation: str, text: str) -> dict:
    """A link to the published interpretation a card's line rests on: `{text, link}`."""
    return {"text": text, "link": links.interpretation(interpretation)}


def _why(links: Links, interpretation: str, text: str, relied: ReliedOn) -> dict | None:
    """`our_choice` on a route answer, marked in its `relied`; None when the matrix does not publish the choice."""
    return our_choice(links, interpretation, text) if relied.mark([interpretation]) else None


def _now(found: Route, answer: dict, due: list[Deadline], decision: OffShiftDecision | None, deadline: dict,
         through: dict | None, links: Links, relied: ReliedOn) -> tuple[dict, list[list[dict]]]:
    """What to do now, its tone (ok | warn | urgent), and whom it sends the agent to (each step's alternatives).

    Paging the on-call and working around an off-shift party follow our off-shift rule (`why` links it).
    """
    matrix = found.matrix
    rule = matrix.off_shift
    owner = answer["owner"]["name"]
    following = answer["path"][0]["alternatives"] if answer["path"] else []
    severity = found.severity
    if severity is not None and severity.id in rule.emergency_severities and rule.on_call:
        on_call = party_card(matrix, rule.on_call, links=links)
        then = [card for card in following if card["id"] != rule.on_call]
        return ({"text": wording.now_emergency(severity.id, on_call, then), "tone": "urgent",
                 "why": _why(links, OFF_SHIFT, wording.WHY_OFF_SHIFT, relied)},
                [[on_call], then])
    if decision is None:
        return ({"text": wording.now_escalate(owner, following, wording.deadline_phrase(deadline), through=through),
                 "tone": "ok",
                 "why": None}, [following])
    off_shift = answer["off_shift"]
    if not decision.owner_on_shift:
        standard = off_shift["standard"] or {}
        escalate_to = standard.get("escalate_to")
        return ({"text": off_shift["advice"], "tone": "warn", "why": _why(links, OFF_SHIFT, wording.WHY_OFF_SHIFT, relied)},
                [[escalate_to["party"]]] if escalate_to else [following])
    if decision.path_gap is not None:
        gap = decision.path_gap
        parties = [party_card(matrix, party, links=links) for party in gap.parties]
        update = matrix.templates[wording.CUSTOMER_UPDATE].name if wording.CUSTOMER_UPDATE in matrix.templates else None
        text = wording.now_path_gap(owner, gap.step, parties, None if gap.back is None else label(gap.back, found.zone),
                                    wording.deadline_phrase(deadline), deadline["due_text"], update, through)
        return {"text": text, "tone": "warn", "why": _why(links, OFF_SHIFT, wording.WHY_OFF_SHIFT, relied)}, [following]
    phrase = wording.deadline_phrase(deadline)
    text = wording.now_escalate(owner, following, phrase, on_shift=True, through=through)
    text += wording.handover(decision.until, governing(due), phrase, found.zone, f"{owner}'s")
    return {"text": text, "tone": "ok", "why": None}, [following]


def _flags(found: Route, links: Links) -> list[dict]:
    """Where the matrix contradicts itself on something this answer shows, with the policy check's link."""
    shown = [found.issue.at, *(response.at for _, response in found.tier_responses())]
    if found.severity is not None:
        shown.append(found.severity.at)
    link = links.page("policy-check.md", "contradiction")
    contradictions, at_or_under = _contradictions(found.matrix)
    numbers = sorted({n for at in shown if at for n in at_or_under.get(at, ())})
    return [{"text": contradictions[n].message, "link": link, "link_text": wording.WHY_CONTRADICTION} for n in numbers]


def _contradictions(matrix):
    """The matrix's contradictions, and by each data path the numbers of those at or under it: every answer
    asks about its own few paths, and a scan of them all per answer would grow with the matrix twice over."""
    found = matrix.memo.get("contradictions")
    if found is None:
        problems = contradiction_findings(matrix)
        at_or_under: dict[str, list[int]] = {}
        for number, problem in enumerate(problems):
            path = problem.path
            for prefix in dict.fromkeys([path, *(path[:i] for i, char in enumerate(path) if char in ".[")]):
                at_or_under.setdefault(prefix, []).append(number)
        found = matrix.memo["contradictions"] = (problems, at_or_under)
    return found


def deadline_card(deadline: Deadline, tz: str | None = None) -> dict:
    """A clock as JSON; without a zone (an answer for no moment) it has its duration and no due time."""
    return {
        "clock": deadline.clock, "bound": deadline.bound, "label": wording.deadline_label(deadline),
        "minutes": deadline.minutes, "duration": format_minutes(deadline.minutes), "counts": deadline.counts,
        "due": None if deadline.due is None else isoformat(deadline.due, tz),
        "due_label": None if deadline.due is None else label(deadline.due, tz),
        "due_text": (None if tz is None else wording.NO_HOURS_DUE) if deadline.due is None else label(deadline.due, tz),
    }


def off_shift_answer(found: Route, at: datetime, tz: str, due: list[Deadline], links: Links,
                     decision: OffShiftDecision, relied: ReliedOn) -> dict:
    """The `off_shift` key of a time-aware answer: the rule's decision, worded (the rule is ours: `ours`)."""
    matrix = found.matrix
    owner = matrix.parties[found.issue.owner].name
    answer = {"rule": wording.rule_text(matrix), "owner_on_shift": decision.owner_on_shift, "owner_back": None,
              "owner_back_label": None, "applies": decision.applies, "emergency": None, "standard": None,
              "ours": relied.mark(published(matrix, OFF_SHIFT))}
    if decision.owner_on_shift:
        sla = next(d for d in due if d.clock == "issue_sla")
        return answer | {"advice": wording.on_shift_advice(owner, decision.until, sla, tz)}
    back = decision.back
    answer["owner_back"] = None if back is None else isoformat(back, tz)
    answer["owner_back_label"] = None if back is None else label(back, tz)
    who, lead = wording.off_shift_lead(matrix, decision.emergency is not None,
                                       found.severity.id if found.severity else None)
    if decision.emergency is not None:
        go_to = [party_card(matrix, p, at=at, tz=tz, links=links, relied=relied) for p in decision.emergency.go_to]
        answer["emergency"] = {"severities": list(decision.emergency.severities), "go_to": go_to,
                               "advice": wording.emergency_advice(matrix, decision.emergency.on_call, who, go_to)}
    if decision.standard is not None:
        answer["standard"] = _wait_answer(found, at, tz, decision, owner, lead, links, relied)
    parts = [part["advice"] for part in (answer["emergency"], answer["standard"]) if part]
    headline = wording.off_shift_headline(owner, answer["owner_back_label"])
    return answer | {"headline": headline, "advice": wording.off_shift_advice(headline, parts)}


def _wait_answer(found: Route, at: datetime, tz: str, decision: OffShiftDecision, owner: str, lead: str,
                 links: Links, relied: ReliedOn) -> dict:
    matrix = found.matrix
    plan = decision.standard
    escalate_to = None
    if plan.escalate_to is not None:
        number, party = plan.escalate_to
        escalate_to = {"step": number, "party": party_card(matrix, party, at=at, tz=tz, links=links, relied=relied)}
    rule = matrix.off_shift
    on_call = party_card(matrix, rule.on_call, links=links) if rule.emergency_severities and rule.on_call else None
    back = plan.back
    return {
        "wait_until": None if back is None else isoformat(back, tz),
        "wait_until_label": None if back is None else label(back, tz),
        "wait_minutes": None if back is None else int((back - at).total_seconds() // 60),
        "breaches": [{"clock": d.clock, "bound": d.bound, "label": wording.deadline_label(d),
                      "due": isoformat(d.due, tz),
                      "late_minutes": None if back is None else int((back - d.due).total_seconds() // 60)}
                     for d in plan.breaches],
        "breaches_sla": any(d.clock == "issue_sla" for d in plan.breaches),
        "escalate_to": escalate_to,
        "advice": wording.wait_advice(matrix, owner, back, plan.sla, plan.breaches, lead, tz, escalate_to, on_call),
    }


def shift_lines(answer: dict) -> dict[str, str]:
    """One sentence per party on a time-aware route answer, by party id."""
    cards = [answer["owner"], *(card for step in answer["path"] for card in step["alternatives"])]
    return {card["id"]: wording.describe_status(card["name"], card["shift"]) for card in cards}


def permission_answer(permission: Permission, links: Links = DEFAULT_LINKS) -> dict:
    """The "Can I" answer as JSON, with its verdict, its sentence and the bands it depends on.

    A band says its amounts in words that agree with where the threshold falls (`$100 and above`, the seed's
    own `>$100` beside them) and links that choice of ours; `interpretations` lists the ids of every published
    choice the answer rests on, in the order it uses them, and `why` links each ({text, link}, by its topic).
    """
    matrix = permission.matrix
    currency = matrix.authority.currency
    threshold = band_choices(matrix, permission.action)
    bands = [_band(permission, rule, threshold, links) for rule in permission.rows()]
    decided = permission.rule
    lead = permission.lead()
    relies_on = permission.relies_on()
    topics = {i.id: i.topic for i in matrix.interpretations}
    answer = {
        "action": permission.action,
        "row": decided.label if decided else None,
        "band": bands[0]["words"] if decided is not None else None,
        "role": permission.role.name,
        "role_id": permission.role.id,
        "lead_of": permission.lead_of.name if permission.lead_of else None,
        "amount": permission.amount,
        "currency": currency,
        "grant": permission.grant,
        "allowed": permission.allowed,
        "lead_only": permission.lead_only,
        "lead": lead.name if lead else None,
        "who_can": permission.who_can(),
        "bands": bands,
        "verdict": wording.VERDICTS[permission.grant],
        "link": links.authority(slugify(permission.action)),
        "interpretations": relies_on,
        "why": [{"text": topics[i], "link": links.interpretation(i)} for i in relies_on],
        "why_label": wording.rests_on(len(relies_on)) if relies_on else None,
    }
    answer["summary"] = wording.permission_summary(answer)
    answer["who_can_text"] = None if permission.allowed or not answer["who_can"] else wording.who_can(answer["who_can"])
    return answer


def _band(permission: Permission, rule, threshold: list[str], links: Links) -> dict:
    """One row behind a "Can I" answer: the seed's label, its amounts in words and exact bounds, the asker's grant."""
    currency = permission.matrix.authority.currency
    banded = rule.amount is not None
    band = {"label": rule.label,
            "amount": rule.amount.describe(currency) if banded else None,
            "words": wording.amount_words(rule.amount, currency) if banded else None,
            "seed": wording.seed_words(rule.label, rule.action) if banded else None,
            "grant": permission.grant_in(rule), "who_can": permission.who_can(rule),
            "why": our_choice(links, threshold[0], wording.WHY_THRESHOLD) if banded and threshold else None}
    band["text"] = wording.band_text(band, rule.action)
    return band


def roster(matrix: Matrix, at: datetime, tz: str, links: Links = DEFAULT_LINKS) -> dict:
    """Every party at `at`, once: who can be reached now, who only for emergencies, who is off shift.

    A tier's contact (Support Queue for Tier 1) is the tier, so it is listed as the tier only.
    """
    groups: dict[str, list[dict]] = {"on_shift": [], "emergency_only": [], "off_shift": []}
    contacts = {tier.contact for tier in matrix.tiers.values()}
    for party in parties_in_order(matrix):
        if party.id in contacts:
            continue
        card = party_card(matrix, party.id, at=at, tz=tz, links=links)
        status = card["shift"]
        key = "on_shift" if status["on_shift"] else "emergency_only" if status["emergency_only"] else "off_shift"
        groups[key].append(card)
    return {"at": isoformat(at, tz), "at_label": label(at, tz), "tz": tz, **groups}
