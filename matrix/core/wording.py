"""Every sentence an agent reads, written once: the CLI, the wizard, the drills and the runbook pages place them.

The rules decide (who, when, which clock); this module words their decisions, and any layer may use
its phrases ("no contact published"). JavaScript and the page templates never compose an answer's
text: they show what the core's answers carry.
"""

from __future__ import annotations

from datetime import datetime

from .clock.deadlines import Deadline
from .clock.hours import label
from .durations import format_minutes
from .model import Matrix, money

NO_CONTACT = "no contact published"
PLACEHOLDER_CONTACT = "a placeholder, not a number to call"
"""What a contact the seed left unfilled (`+1-XXX-XXX-XXXX`) is, said wherever it is shown."""
GO_THROUGH = "go through"
"""How an answer or page sends the agent to whoever can reach a party with no usable contact."""
ASK_TEAM_LEAD = "ask your team lead who covers it"
"""What to do when nobody the runbook lists can reach that party."""
NOT_PUBLISHED = "not published"
HOURS_NOT_PUBLISHED = "hours not published"
NO_NEXT_STEP = "None: the owner resolves it"
"""The next step of a path that has none."""
NO_HOURS_DUE = "never: the owner keeps no hours"
"""When a business clock of an owner who is never on shift runs out."""
CUSTOMER_UPDATE = "customer-update"
"""The template an agent sends while the customer waits."""

VERDICTS = {"allowed": "Yes: allowed.", "lead": "Lead only.", "denied": "No: not allowed.",
            "depends": "Depends on the amount."}
"""May this role do it: the answer's first words, by grant."""
GRANT_CHOICES = {"allowed": "Yes", "lead": "Lead only", "denied": "No"}
"""A grant as a drill offers it to choose."""
VERDICT_MARKS = {True: "✓ Right", False: "✗ Not quite"}
"""How a drill's verdict on one answer starts, by whether it was right."""
RESTS_ON_OURS = "our interpretation"
"""What a policy-check finding that rests on a choice of ours says beside it (the page links the choice)."""


# --- parties -------------------------------------------------------------------------------------

def reach(card: dict) -> str:
    """How to reach a party, as one phrase: its contact, or that there is none (or only a placeholder)."""
    contact = card["contact"]
    if not contact:
        return NO_CONTACT
    return f"{contact['value']} ({PLACEHOLDER_CONTACT})" if contact["placeholder"] else contact["value"]


def hours_text(card: dict) -> str:
    return card["hours"]["label"] if card["hours"]["published"] else HOURS_NOT_PUBLISHED


def contact_line(card: dict) -> str:
    """`Tier 3 via On-Call Primary — oncall@… · 24/7 (on-call rotation)`."""
    via = f" via {card['via']}" if card["via"] else ""
    return f"{card['name']}{via} — {reach(card)} · {hours_text(card)}"


def names(cards: list[dict]) -> str:
    """`Tier 3 (On-Call Primary), CEO (no contact published), Tier 4 (Head of Support, no contact published)`."""
    def named(card: dict) -> str:
        notes = ([card["via"]] if card["via"] else []) + ([] if card["contact"] else [NO_CONTACT])
        return card["name"] + (f" ({', '.join(notes)})" if notes else "")
    return ", ".join(named(card) for card in cards)


def describe_status(name: str, status: dict) -> str:
    """One line: `Legal is off shift until Mon 30 Nov 09:00 EST`."""
    phrase = shift_phrase(status)
    return f"{name} {'keeps' if phrase.startswith('no regular') else 'is'} {phrase}"


def shift_phrase(status: dict) -> str:
    """`off shift until Mon 30 Nov 09:00 EST`, `on shift around the clock`, `no regular hours`…"""
    assumed = f" ({HOURS_NOT_PUBLISHED}; assumed: {status['schedule']})" if status["assumed"] else ""
    if status["on_shift"]:
        until = f" until {status['until_label']}" if status["until"] else " around the clock"
        return f"on shift{until}{assumed}"
    emergency = "; reachable for emergencies (P0/P1)" if status["emergency_only"] else ""
    if status["next_on_shift"] is None:
        return f"no regular hours{emergency}{assumed}"
    return f"off shift until {status['next_on_shift_label']}{emergency}{assumed}"


def zone_fallback(organisation_zone: str, problem: Exception) -> str:
    """Why the times of an answer are in the organisation's zone rather than the asker's."""
    return f"Times are in {organisation_zone}, the organisation's zone: {problem}."


# --- clocks ----------------------------------------------------------------------------------------

def deadline_label(deadline: Deadline) -> str:
    """`First response (Live Chat) target`, `Legal threat SLA`, `P2 resolution maximum`."""
    if deadline.clock == "first_response":
        return f"First response ({deadline.subject}) {deadline.bound}"
    if deadline.clock == "issue_sla":
        return f"{deadline.subject} SLA"
    return f"{deadline.subject} resolution {deadline.bound}"


# --- the off-shift rule ------------------------------------------------------------------------------

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


def on_shift_advice(owner: str, until: datetime | None, sla: Deadline, tz: str) -> str:
    """The owner is on shift: escalate as usual, and hand over before its shift ends if the SLA outlasts it."""
    return f"{owner} is on shift: escalate as usual." + handover(until, sla, "SLA", tz)


def handover(until: datetime | None, deadline: Deadline, what: str, tz: str, whose: str = "Its") -> str:
    """` Its shift ends at …, before the SLA is due at …: hand over before then.`, when it does."""
    if until is not None and deadline.due is not None and until < deadline.due:
        return (f" {whose} shift ends at {label(until, tz)}, before the {what} is due at {label(deadline.due, tz)}: "
                "hand over before then.")
    return ""


def emergency_advice(matrix: Matrix, on_call_id: str, who: str, go_to: list[dict]) -> str:
    """`P1 does not wait: page Tier 3 (On-Call Primary) now; also reachable for emergencies: CEO (…).`"""
    on_call = [card for card in go_to if card["id"] == on_call_id]
    others = [card for card in go_to if card["id"] != on_call_id]
    advice = f"{who} does not wait: "
    advice += f"page {names(on_call)} now" if on_call else f"{matrix.parties[on_call_id].name} is not reachable now"
    if others:
        advice += f"; also reachable for emergencies: {names(others)}"
    return advice + "."


def wait_advice(matrix: Matrix, owner: str, back: datetime | None, sla: Deadline, breaches: tuple[Deadline, ...],
                lead: str, tz: str, escalate_to: dict | None, on_call_card: dict | None) -> str:
    """Waiting for the owner until `back`: whether it keeps the SLA, and if not, whom to go to instead.

    `escalate_to` is `{step, party}` (a card on shift now) when the rule escalates; `on_call_card`, the
    party to page if the issue cannot wait.
    """
    waiting = f"{lead}waiting for {owner} " + ("for good (no regular hours)" if back is None
                                                else f"until {label(back, tz)}")
    waiting = waiting[0].upper() + waiting[1:]
    if not breaches:
        advice = f"{waiting} stays within the {format_minutes(sla.minutes)} SLA"
        return advice + (f" (due {label(sla.due, tz)})." if sla.due else ".")
    first = breaches[0]
    advice = (f"{waiting} breaches the {format_minutes(first.minutes)} {deadline_label(first)} "
              f"(due {label(first.due, tz)})")
    if escalate_to is not None:
        card = escalate_to["party"]
        return advice + (f". Instead escalate now to step {escalate_to['step']}, {names([card])}, on shift now"
                         + (f" until {card['shift']['until_label']}" if card["shift"]["until"] else "") + ".")
    advice += ", and nobody on the path is on shift now: tell the customer when " + (
        f"{owner} is back ({label(back, tz)})" if back else f"{owner} can answer")
    if CUSTOMER_UPDATE in matrix.templates:
        advice += f" with the {matrix.templates[CUSTOMER_UPDATE].name} template"
    if on_call_card is not None:
        advice += f"; if it cannot wait, raise it to {matrix.off_shift.emergency_severities[-1]} and page " \
                  f"{names([on_call_card])}"
    return advice + "."


def off_shift_lead(matrix: Matrix, has_emergency: bool, severity: str | None) -> tuple[str, str]:
    """(who the emergency advice speaks of, how the waiting advice starts) for this severity, or for none."""
    rule = matrix.off_shift
    if severity is not None:
        return severity, f"{severity}: "
    standard = "/".join(s for s in matrix.severities if s not in rule.emergency_severities)
    return (f"If it is {'/'.join(rule.emergency_severities)}, it",
            f"if it is {standard}, " if has_emergency else "")


def off_shift_headline(owner: str, back_label: str | None) -> str:
    """`Legal is off shift until Mon 30 Nov 09:00 EST`."""
    return f"{owner} is off shift " + (f"until {back_label}" if back_label else "and keeps no regular hours")


def off_shift_advice(headline: str, parts: list[str]) -> str:
    """`Legal is off shift until Mon 30 Nov 09:00 EST. <emergency advice> <waiting advice>`."""
    return f"{headline}. " + " ".join(parts)


# --- drills ----------------------------------------------------------------------------------------

WRITTEN_FOR_TRAINING = "written for training"
"""What every drill scenario is: made up by us to practise on, never a real customer's case or the company's."""
TRAINING_NOTE = ("Scenarios are written for training: made up by us to practise on, not real customer cases "
                 "and not the company's material.")
"""Said wherever drills are handed out (the terminal; the drill page says it in its own prose)."""
WHY = "why"
"""A link to the published choice a line rests on, where the line itself says the choice is ours."""
WHY_TRAINING = "our judgement for training"
"""The link from a verdict whose expected severity is ours, not one of the seed's examples."""


PROGRESS_RECOVERED = "Your saved drill progress could not be read, so it was cleared: you start afresh."
"""Said on the drill page when what this browser kept is not progress the drills can use (damaged, or
from scenarios the matrix no longer has): starting afresh is the only safe reading of it."""



def severity_basis(severity: str, example: str | None) -> str:
    """Whose the expected severity is: the seed's (the situation is one of its examples) or ours."""
    if example is not None:
        return f"Expected {severity}: the seed lists “{example}” as a {severity} example."
    return f"Expected {severity}: our judgement for training; the seed lists no example like it."


def choice_reference(text: str, link: str, full: bool) -> str:
    """A link to one of our published choices, in a terminal: `our judgement for training: <link>`."""
    return f"{text}: {link}" if full else f"{text}: runbook page {link}"


def runbook_reference(link: str, full: bool) -> str:
    """Where the runbook decides a drill's answer: a full URL to click, or (the site's address unknown)
    the page relative to the runbook, said so, since the path alone opens nothing."""
    return f"runbook: {link}" if full else f"runbook page {link}"


def choose_again(count: int) -> str:
    """A drill's answer the terminal could not match to an option."""
    return f"Type a number from 1 to {count}, or an answer as listed."


# --- when the core itself fails ----------------------------------------------------------------------

ANSWER_FAILED = ("The live answers could not work this out: something went wrong on our side, not in what you "
                 "chose. The runbook's pages answer it too.")
"""Said in place of an answer when the core fails on a question (a bug, or a request it cannot read):
the agent is never left waiting or shown a traceback; the technical detail is folded away beside it."""
DETAIL_LIMIT = 300
"""The most characters of technical detail a failed answer carries: one line, never a traceback."""


def failure_detail(error: BaseException) -> str:
    """`KeyError: 'refund'`: the exception's type and the first line of its message, for a folded detail."""
    message = str(error).strip().splitlines()
    line = f"{type(error).__name__}: {message[0]}" if message else type(error).__name__
    return line if len(line) <= DETAIL_LIMIT else line[:DETAIL_LIMIT - 1] + "…"

# --- finding the issue type --------------------------------------------------------------------------

SEARCH_WORDS_OURS = "Issue type names are the seed's; every other search word is ours"
"""Said wherever search words show (the wizard's matches, `escalate find`, the site search's offer):
the vocabulary that finds an issue type is our choice, never the seed's."""

def find_summary(query: str, confident: bool, names: list[str]) -> str:
    """What a search for an issue type found, in one line: certain, a choice, or nothing."""
    if not names:
        return f"No issue type matches {query!r}."
    if confident:
        return f"{names[0]}: certain."
    return f"Not certain: {len(names)} issue types fit {query!r}; choose one."


# --- the answer card: what to do now ---------------------------------------------------------------

# What a card's links to our own choices say, in the wizard and the terminal alike.
WHY_GOVERNING = "which deadline counts, our interpretation"
WHY_UNREACHABLE = "our interpretation"
WHY_ASSUMED_HOURS = "our assumption"
WHY_OFF_SHIFT = "our off-shift rule"
WHY_CONTRADICTION = "policy check"
OURS = "ours"
"""The mark beside a value that rests on choices of ours (`ours: weekdays, local-time-zone`), each named
by its interpretation's id and linking its explanation."""
OURS_LEGEND = "our choices where the source document is silent or ambiguous, not the company's policy"
"""What the mark means, where a terminal lists the links behind the marks it printed."""


def card_contact(card: dict) -> str:
    """`Tier 1 via Support Queue: support@skillancer.com`, or the owner's own contact."""
    via = f" via {card['via']}" if card["via"] else ""
    return f"{card['name']}{via}: {reach(card)}"


def contact_instead(name: str, instead: dict | None) -> str:
    """What to do when a party (an owner, a step of a path, a tier's contact) cannot be reached from the runbook:
    whom to go through (`instead`, that party's card), the same sentence wherever the party is named."""
    if instead is None:
        return f"{name} has no contact the runbook can give: {ASK_TEAM_LEAD}."
    via = f" ({instead['via']}, {reach(instead)})" if instead["via"] else f" ({reach(instead)})"
    return f"{name} has no contact the runbook can give: {GO_THROUGH} {instead['name']}{via}."


def step_names(cards: list[dict]) -> str:
    """The parties of one step, as alternatives: `CEO or CMO`, `Tier 3 (On-Call Primary)`."""
    return " or ".join(card["name"] + (f" ({card['via']})" if card["via"] else "") for card in cards)


def requesting(groups: list[list[dict]]) -> str:
    """The message's "Requesting" line: whom the answer says to go to (`Tier 3 and CEO or CMO`)."""
    return " and ".join(" or ".join(card["name"] for card in group) for group in groups if group)


def now_emergency(severity: str, on_call: dict, then: list[dict]) -> str:
    """`P1 does not wait: page Tier 3 (On-Call Primary) now, then escalate to T&S Lead.`

    A next step that is off shift now says so (`Billing Team, off shift until Mon…`), for the on-call to weigh.
    """
    text = f"{severity} does not wait: page {step_names([on_call])} now"
    if not then:
        return text + "."
    off = [card for card in then if card.get("shift") and not card["shift"]["on_shift"]]
    text += f", then escalate to {step_names(then)}"
    if off:
        away = [("off shift until " + card["shift"]["next_on_shift_label"]) if card["shift"]["next_on_shift"]
                else "no regular hours" for card in off]
        text += f" ({away[0]})" if len(then) == 1 else \
            " (" + "; ".join(f"{card['name']}: {phrase}" for card, phrase in zip(off, away)) + ")"
    return text + "."


def now_escalate(owner: str, next_cards: list[dict], deadline: str, on_shift: bool = False,
                 through: dict | None = None) -> str:
    """The usual case: the owner works it and escalates to the next step if it cannot resolve it.

    `through`: whom to go through when the owner has no usable contact (see `contact_instead`).
    """
    owns = f"{owner} is on shift and owns it" if on_shift else f"{owner} owns it"
    if through is not None:
        owns += f"; reach {owner} through {step_names([through])}"
    if not next_cards:
        return f"{owns}. There is no further step. Resolve within the {deadline}."
    return (f"{owns}. If {owner} cannot resolve it, escalate to {step_names(next_cards)}. "
            f"Resolve within the {deadline}.")


def now_path_gap(owner: str, step: int, parties: list[dict], back_label: str | None, deadline: str,
                 due_label: str, customer_update: str | None, through: dict | None = None) -> str:
    """The owner is on shift, but a later step cannot take the issue before the deadline.

    `through`: whom to reach the owner through when it has no usable contact.
    """
    who = " or ".join(card["name"] for card in parties)
    off = f"is off shift until {back_label}" if back_label else "keeps no regular hours"
    at = f"{owner} (through {step_names([through])})" if through is not None else owner
    text = (f"Step {step}, {who}, {off}: past the {deadline} (due {due_label}). "
            f"Resolve it at {at} if you can; if it needs {who}, tell the customer when {who} "
            + ("is back" if back_label else "can answer"))
    return text + (f" ({customer_update} template)." if customer_update else ".")


def deadline_phrase(deadline: dict) -> str:
    """`24 h Refund request SLA`."""
    return f"{deadline['duration']} {deadline['label']}"


def unfilled_note(labels: list[str]) -> str | None:
    """Said when the message is copied with prompts still in it, so nobody sends "[Ticket ID]"."""
    if not labels:
        return None
    return f"Still to fill in before sending: {', '.join(labels)}."


# --- authority -------------------------------------------------------------------------------------

WHY_THRESHOLD = "where the threshold falls, our interpretation"
"""What a band's link to the choice of where its threshold falls says."""


def rests_on(count: int) -> str:
    """How a "Can I" answer introduces the published choices of ours it rests on (each linked, by its topic)."""
    return "Rests on our interpretation" + ("s" if count > 1 else "")


def amount_words(band, currency: str) -> str:
    """An amount band (`AmountRange`) in words that say on which side its bounds fall: `under $100`,
    `$100 and above`, `from $50 up to and including $250`; never the seed's `>$100` for a band that holds $100."""
    low = money(band.min, currency)
    if band.max is None:
        if band.min == 0 and band.min_inclusive:
            return "any amount"
        return f"{low} and above" if band.min_inclusive else f"over {low}"
    high = money(band.max, currency)
    if band.min == 0 and band.min_inclusive:
        return f"{high} or less" if band.max_inclusive else f"under {high}"
    return (f"{'from' if band.min_inclusive else 'over'} {low} up to "
            f"{'and including' if band.max_inclusive else 'but not including'} {high}")


def seed_words(label: str, action: str) -> str:
    """What the seed's row adds to the action (`>$100` of `Issue refund (>$100)`), else the whole row."""
    rest = label[len(action):].strip() if label.startswith(action) else label
    if rest.startswith("(") and rest.endswith(")"):
        rest = rest[1:-1].strip()
    return rest or label


def seed_writes(seed: str) -> str:
    """`the seed writes “>$100”`: the seed's own words, kept beside ours where they could be read otherwise."""
    return f"the seed writes “{seed}”"


def band_phrase(words: str, seed: str) -> str:
    """`$100 and above (the seed writes “>$100”)`: our words first, the seed's own beside them."""
    return f"{words} ({seed_writes(seed)})"


def permission_summary(answer: dict) -> str:
    """`Tier 2: Issue refund, $100 and above (the seed writes “>$100”), for $100.`, whom to ask when only
    the lead may, and for a lead, whose column answers (`T&S Lead, as T&S Team's lead: Ban user.`)."""
    role = answer["role"] + (f", as {answer['lead_of']}'s lead" if answer["lead_of"] else "")
    what = answer["action"]
    if answer["band"]:
        what += ", " + band_phrase(answer["band"], seed_words(answer["row"], answer["action"]))
    elif answer["row"] and answer["row"] != answer["action"]:
        what = answer["row"]
    amount = f", for {money(answer['amount'], answer['currency'])}" if answer["amount"] is not None else ""
    lead = f" Ask the {answer['lead']}." if answer["grant"] == "lead" and answer["lead"] else ""
    return f"{role}: {what}{amount}.{lead}"


def who_can(names_: list[str]) -> str:
    return f"Who can: {', '.join(names_) or 'nobody'}."


def band_text(band: dict, action: str) -> str:
    """`Issue refund, under $100 (the seed writes “<$100”): Yes: allowed. Who can: Tier 2, Billing Team, Tier 4.`"""
    what = f"{action}, {band_phrase(band['words'], band['seed'])}" if band["words"] else band["label"]
    return f"{what}: {VERDICTS[band['grant']]} {who_can(band['who_can'])}"


# --- what changed between two versions of the matrix ---------------------------------------------------

CLOCK_NAMES = {"first_response": "First response", "issue_sla": "Issue-type SLA", "resolution": "Resolution"}
"""How answers and pages name the clocks of the matrix's `clocks` section."""
GRANT_WORDS = {"allowed": "allowed", "lead": "lead only", "denied": "not allowed"}
"""A grant of the authority matrix, as a change names it."""
ANY_AMOUNT = "any amount"
EMERGENCIES_TOO = "also reachable for emergencies"
NO_REGULAR_HOURS = "no regular hours"
NONE_LISTED = "none"
FLOW = "Escalation flow"
AUTHORITY = "Authority matrix"
OFF_SHIFT_RULE = "Off-shift rule"
BROAD_WORDS = "Words that fit several issue types (ours)"

CHANGE_NOUNS = {
    "issue-type": "Issue type", "team": "Team", "tier": "Tier", "severity": "Severity", "channel": "Channel",
    "schedule": "Schedule", "category": "Category", "action": "Authority action", "procedure": "Procedure",
    "template": "Template", "interpretation": "Interpretation", "satisfaction": "Satisfaction target",
    "drills": "Training drills",
}
"""What a record is, for `<noun> added: …`, `<noun> removed: …` and `<noun> renamed from … to …`."""

CHANGE_ASPECTS = {
    "owner": "owner", "path": "escalation path", "sla": "SLA", "issue-category": "category",
    "needed-actions": "actions it needs (ours)", "search-words": "search words (ours)",
    "grant": "grant", "amount-bands": "amount bands", "row-label": "row as the seed writes it",
    "action-names": "other names", "currency": "currency", "authority-roles": "roles (columns)",
    "contact": "contact", "hours": "hours", "holidays": "holidays", "time-zone": "time zone",
    "assumed-hours": "hours assumed where none are published", "names": "other names",
    "directory": "contact-directory section", "lead": "lead", "tier-title": "title", "tier-team": "team",
    "members": "members", "response-times": "response times", "handles": "what it handles",
    "tools": "tools access", "directory-title": "contact-directory title",
    "definition": "definition", "examples": "examples", "required-actions": "required actions",
    "resolution": "resolution", "procedure": "procedure", "first-response": "first response",
    "entry-point": "entry point (ours)", "flow-boxes": "boxes", "flow-arrows": "arrows",
    "procedure-severities": "severities", "procedure-steps": "steps", "satisfaction": "target",
    "template-use": "when to use it", "template-fields": "fields", "template-body": "text",
    "clock": "counts", "emergency-severities": "severities that never wait", "on-call": "on call",
    "if-wait-breaches": "when waiting breaches the SLA", "drills": "situations", "broad-words": "words",
    "interpretation-topic": "topic", "interpretation-choice": "choice", "interpretation-reason": "reason",
    "interpretation-path": "where it is recorded", "interpretation-id": "id",
    "organisation-name": "name", "organisation-title": "title", "organisation-overview": "overview",
}
"""What changed of a record, for `<subject>: <aspect> changed from … to …`."""

LONG_VALUE = 100
"""A value longer than this (or on several lines) is not quoted in a one-line summary; JSON still has it."""
ROUTE_KINDS = ("owner", "path", "sla")
"""The changes that alter an issue type's route: the wizard says when one of them is recent."""
RECENT_DAYS = 30
"""How recent a change of route the wizard mentions: counted back from the viewer's own clock."""


def date_words(at: datetime) -> str:
    """`1 Dec 2026`: a change's date as the change page, the home page and the wizard write it."""
    return f"{at.day} {at:%b %Y}"


def week_words(windows) -> str:
    """A schedule's windows in words: `Mon–Fri 09:00–17:00; Sat 10:00–14:00`, or no regular hours."""
    if not windows:
        return NO_REGULAR_HOURS
    return "; ".join(f"{_days(window.days)} {_clock(window.start)}–{_clock(window.end)}" for window in windows)


_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _days(days) -> str:
    numbers = sorted(_DAY_NAMES.index(day) for day in set(days))
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    name = lambda number: _DAY_NAMES[number].capitalize()  # noqa: E731
    return ", ".join(name(run[0]) if len(run) == 1 else f"{name(run[0])}–{name(run[-1])}" for run in runs)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def target_words(target) -> str:
    """`target 2 h, maximum 4 h`: a target and its maximum (`Target`)."""
    return f"target {format_minutes(target.target)}, maximum {format_minutes(target.maximum)}"


def hours_words(label_: str, schedule: str | None, emergency: bool) -> str:
    """A party's hours: the seed's words, whether it is reachable for emergencies, and the schedule it keeps
    where that is what changed."""
    notes = ([f"schedule: {schedule}"] if schedule else []) + ([EMERGENCIES_TOO] if emergency else [])
    return label_ + (f" ({'; '.join(notes)})" if notes else "")


def contact_words(contact) -> str:
    """A `Contact`, or that none is published."""
    return f"{contact.value} ({contact.kind})" if contact is not None else NO_CONTACT


def _quoted(value: str | None) -> bool:
    return value is not None and len(value) <= LONG_VALUE and "\n" not in value


LISTED_ITEMS = 6
"""How many added or removed items a one-line summary names before it counts the rest."""


def _some(items) -> str:
    shown = ", ".join(items[:LISTED_ITEMS])
    return shown + (f" and {len(items) - LISTED_ITEMS} more" if len(items) > LISTED_ITEMS else "")


def change_summary(change) -> str:
    """One line per change, in the seed's words: `Legal threat: SLA changed from 2 h to 4 h`."""
    kind = change.kind
    record, _, event = kind.rpartition("-")
    if event in ("added", "removed") and record in CHANGE_NOUNS:
        value = change.after if event == "added" else change.before
        detail = f" ({value})" if value and _quoted(value) else ""
        return f"{CHANGE_NOUNS[record]} {event}: {change.subject}{detail}"
    if event == "renamed" and record in CHANGE_NOUNS:
        return f"{CHANGE_NOUNS[record]} renamed from {change.before} to {change.after}"
    aspect = CHANGE_ASPECTS.get(kind, kind)
    if change.added or change.removed:
        parts = ([f"added {_some(change.added)}"] if change.added else []) + \
                ([f"removed {_some(change.removed)}"] if change.removed else [])
        return f"{change.subject}: {aspect} changed ({'; '.join(parts)})"
    if _quoted(change.before) and _quoted(change.after):
        return f"{change.subject}: {aspect} changed from {change.before} to {change.after}"
    return f"{change.subject}: {aspect} changed"


NO_CHANGES = "The two versions mean the same: no change an agent would notice."


def changes_heading(count: int) -> str:
    """The heading of a pull request's comment (`escalate diff --markdown`)."""
    return f"Escalation matrix: {count} change{'s' if count != 1 else ''} in meaning"


def route_change(change, at: datetime) -> str:
    """What the wizard says under an answer whose route changed lately: `SLA changed from 2 h to 4 h on 1 Dec 2026`."""
    aspect = CHANGE_ASPECTS[change.kind]
    return f"{aspect[0].upper()}{aspect[1:]} changed from {change.before} to {change.after} on {date_words(at)}"


CHANGE_PAGE = "What changed"
"""The change page's title, as links to it say."""
RECENT_ROUTE_CHANGE = f"Changed in the last {RECENT_DAYS} days"
"""The heading of an answer's recent route changes in the wizard (counted from the viewer's clock)."""

HISTORY_UNAVAILABLE = ("The history of the matrix is not available in this build: it was built from a copy without "
                       "its git history (a shallow clone, an archive, or a machine without git).")
"""Said by the change page (and the home page) when no commit can be compared with its parent."""
NO_MEANING_CHANGED = "No change in meaning: wording, comments, formatting or order only."
FIRST_VERSION = "The first version of the matrix file."
EARLIER_UNAVAILABLE = "The version before this one is not in this copy of the history (a shallow clone)."


def not_comparable(which: str, errors: int) -> str:
    """A version that today's matrix model cannot read (an older format): nothing is compared."""
    return (f"Not compared: the file {which} does not pass today's check ({errors} error{'s' if errors != 1 else ''}), "
            "so its meaning cannot be read.")


def last_changed(at: datetime, summaries: list[str], more: int) -> str:
    """The home page's line: when the matrix last changed in meaning, and what changed."""
    if not summaries:
        return f"The matrix file last changed on {date_words(at)}, with no change in meaning."
    shown = "; ".join(summaries)
    return f"The matrix last changed on {date_words(at)}: {shown}" + (f"; and {more} more." if more else ".")


def neither_file_nor_revision(given: str, revision_problem: str) -> str:
    """`escalate diff` given what names neither a file nor a revision of the matrix file's repository."""
    return f"{given!r} is neither a file (no such file) nor a revision ({revision_problem})"


WORKING_COPY = "the working copy"


def compared(old: str, new: str) -> str:
    """Which two versions a comparison set side by side (a pull request's comment says so under its heading)."""
    return f"{old} compared with {new}."

FEED_TITLE = "what changed"
FEED_SUBTITLE = ("Each change to the escalation matrix, with what it changed for agents: owners, paths, SLAs, grants, "
                 "contacts and hours.")


# --- calendar feeds ----------------------------------------------------------------------------------

def calendar_name(party: str, organisation: str) -> str:
    """What a team's calendar feed is called in a calendar app: `Billing Team hours (Skillancer)`."""
    return f"{party} hours ({organisation})"


def calendar_summary(party: str, around_the_clock: bool) -> str:
    """Each event's title: `Billing Team on shift`."""
    return f"{party} on shift" + (" around the clock" if around_the_clock else "")


def calendar_hours(card: dict, schedule: str, zone: str, around_the_clock: bool) -> str:
    """The feed's first sentence: whose hours these are, and whether the seed published them."""
    name = card["name"]
    if not card["hours"]["published"]:
        return (f"{name}: {HOURS_NOT_PUBLISHED}. These are the hours the matrix assumes for it, {schedule}"
                + ("." if around_the_clock else f", in {zone} time."))
    if around_the_clock:
        return f"{name} is on shift around the clock ({card['hours']['label']})."
    described = card["hours"]["label"] + (f" ({schedule})" if schedule != card["hours"]["label"] else "")
    return f"{name} is on shift {described}, in {zone} time."


def calendar_emergency(severities: tuple[str, ...]) -> str:
    return f"Outside these hours it is reachable for emergencies ({'/'.join(severities)}) only."


def calendar_holidays(dates: list[str]) -> str:
    return f"Off shift all day on {', '.join(dates)}."


def calendar_contact(card: dict) -> str:
    """How to reach the team, and whom to go through when the runbook has no usable contact for it."""
    return f"Contact: {card['instead']['text'] if card['instead'] else reach(card) + '.'}"


def choices_heading(count: int) -> str:
    """Introduces the list of our choices that what a feed says rests on, a calendar's or the change page's
    (each `topic: link` after it)."""
    return f"{rests_on(count)} ({OURS_LEGEND}):"
