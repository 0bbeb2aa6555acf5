"""The model of an escalation matrix, and the one description of the matrix file.

Each record below is a mapping of the YAML file, field for field and in the file's order;
`matrix.core.shape` reads plain data into them from their annotations and writes the JSON Schema
from the same annotations, so a field cannot be checked and then dropped. A field's docstring is
its documentation for the file's editors (the JSON Schema's description). Fields the file does not
hold are derived here (`init=False`, `derived()`, or a cached property of `Matrix`), never read.

Records hold data; the questions (`route`, `can`, deadlines…) are functions over them elsewhere.
Every class has a docstring: besides documenting it, that spares `dataclass` building one from the
class's signature, which is a third of this module's import time in the browser.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Literal

from .durations import PATTERN as DURATION_PATTERN, TIME_PATTERN, parse_clock_time, parse_duration
from .shape import AtLeast, Id, MinItems, Parsed, Record, Ref, Shorthand, Text, derived
from .slugs import slugify

record = dataclass(frozen=True, kw_only=True)
"""Every record: immutable, and built by field name (a record has too many fields to build by position)."""

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Minutes = Annotated[int, Parsed(parse_duration, DURATION_PATTERN,
                                "a duration like '15m', '4h', '1w' or 'immediate'")]
"""A duration: `15m`, `4h`, `2d`, `1w` or `immediate` in the file; whole minutes in the model."""
Zone = Annotated[str, Text(r"^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$", "an IANA time zone like 'Europe/Berlin'")]
PartyRef = Annotated[str, Ref("party")]
TeamRef = Annotated[str, Ref("team")]
SeverityRef = Annotated[str, Ref("severity")]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Grant = Literal["allowed", "lead", "denied"]
GRANTS = ("allowed", "lead", "denied")
Counting = Literal["calendar", "business"]


def _keep_path(original: Record, changed: Record) -> Record:
    object.__setattr__(changed, "at", original.at)
    return changed


@record
class Organisation(Record):
    """Whose matrix this is, its time zone, and the hours assumed where none are published."""

    name: str
    title: str
    overview: str
    timezone: Zone
    """The organisation's IANA zone: schedules without their own zone keep its wall clock."""
    assumed_hours: Annotated[str, Ref("schedule")]
    """Schedule assumed for parties whose hours are not published."""


@record
class Window(Record):
    """A span of the week in which a schedule is on shift."""

    days: Annotated[tuple[Day, ...], MinItems(1)]
    start: Annotated[int, Parsed(parse_clock_time, TIME_PATTERN, "a time 'HH:MM'")] = field(metadata={"key": "from"})
    """Start, `HH:MM` in the file; minutes after midnight in the model."""
    end: Annotated[int, Parsed(parse_clock_time, TIME_PATTERN, "a time 'HH:MM' (24:00 ends the day)")] = field(
        metadata={"key": "to"})
    """End, `HH:MM` (`24:00` ends the day); earlier than the start, the window crosses midnight."""


@record
class Schedule(Record):
    """A weekly on-shift pattern in an IANA zone, with the dates it is off shift."""

    id: Annotated[str, Id("schedule")]
    name: str
    timezone: Zone | None = None
    """IANA zone of the windows; absent, the organisation's (the model then holds that zone)."""
    windows: tuple[Window, ...]
    """Days a schedule does not list are days off; no windows at all means no regular hours."""
    holidays: tuple[Annotated[str, Text(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "a date 'YYYY-MM-DD'")], ...] = ()
    """Dates (YYYY-MM-DD) on which the schedule is off shift all day."""


@record
class Hours(Record):
    """When a party can be reached: its schedule, in the seed's own words."""

    schedule: Annotated[str, Ref("schedule")]
    """Id of a weekly schedule in `schedules`."""
    label: str
    """The hours as the seed writes them ("Business hours + emergency")."""
    emergency: bool = False
    """Also reachable outside the schedule for emergencies (P0/P1)."""
    published: bool = derived(True)
    """False when the seed gives no hours and `schedule` is the organisation's assumed one."""


@record
class Contact(Record):
    """How to reach a party: an address, a chat channel or a number."""

    kind: Literal["email", "chat-channel", "phone", "in-app", "automatic"]
    value: str

    @property
    def placeholder(self) -> bool:
        """A stand-in the seed left unfilled (`+1-XXX-XXX-XXXX`): nothing anyone can reach."""
        return bool(_PLACEHOLDER.search(self.value))

    @property
    def href(self) -> str | None:
        """A link a person can click, where the contact has one (never for a placeholder)."""
        if self.placeholder:
            return None
        if self.kind == "email":
            return f"mailto:{self.value}"
        if self.kind == "phone":
            return "tel:" + "".join(c for c in self.value if c.isdigit() or c == "+")
        return None


_PLACEHOLDER = re.compile(r"X{3,}|TBD|TODO|example\.", re.IGNORECASE)


@record
class ResponseTime(Record):
    """One of a tier's response times, with the condition the seed attaches to it."""

    label: str
    within: Minutes
    channels: tuple[Annotated[str, Ref("channel")], ...] = ()
    """Only for issues that came in through these channels."""
    severities: tuple[SeverityRef, ...] = ()
    """Only for issues of these severities."""
    arrival: Literal["escalated", "direct"] | None = None
    """Only for issues that reached the tier this way: escalated to it, or owned by it from the start."""


@record
class Tier(Record):
    """A support tier (Tier 1 to Tier 4): what it handles, how fast it responds, whom to contact."""

    id: Annotated[str, Id("party", also=("tier",)), Text(r"^tier-[0-9]+$", "a tier id like 'tier-1'")]
    name: str
    title: str
    team: str
    aliases: tuple[str, ...] = ()
    """Other names people use for the tier; a name or alias finds one party only."""
    members: tuple[TeamRef, ...] = ()
    """Ids of the teams that make up the tier, where the seed names them."""
    hours: Hours
    response_times: tuple[ResponseTime, ...]
    handles: tuple[str, ...]
    tools_access: tuple[str, ...]
    contact: TeamRef
    """Id of the directory entry to contact when a path says this tier."""
    directory_title: str
    """Heading of the tier's contact-directory section ("Specialists")."""

    @property
    def number(self) -> int:
        return int(self.id.rsplit("-", 1)[1])


@record
class Team(Record):
    """A team or role that routing, authority or the directory names."""

    id: Annotated[str, Id("party", also=("team",))]
    name: str
    aliases: tuple[str, ...] = ()
    """Other names people use for the team; a name or alias finds one party only."""
    directory: Annotated[str, Ref("tier")] | None = None
    """Id of the tier whose directory section lists this team; absent, only tables name it."""
    contact: Contact | None = None
    """Absent: no contact published."""
    hours: Hours | None = None
    """Absent: no hours published (the organisation's `assumed_hours` apply)."""
    lead: TeamRef | None = None
    """Id of the team's lead, for authority granted to the lead only."""


@record
class Party(Record):
    """Anyone a path, an owner or a role names: a tier (reached through its contact) or a team. Derived."""

    id: str
    name: str
    aliases: tuple[str, ...]
    contact: Contact | None
    """None: the seed publishes no contact."""
    hours: Hours
    directory: str | None
    """Id of the tier whose directory section lists the party (a tier's own id for a tier)."""
    lead: str | None = None
    is_tier: bool = False


@record
class Target(Record):
    """A target and the maximum it must never exceed."""

    target: Minutes
    maximum: Minutes


@record
class Channel(Record):
    """Where the customer reached support (Live Chat, Email…), with its first-response target."""

    id: Annotated[str, Id("channel")]
    name: str
    aliases: tuple[str, ...] = ()
    first_response: Target
    our_entry_point: PartyRef | None = None
    """Id of the directory entry customers reach this channel through (the widget, the queue, the number).
    Ours, not the seed's: the seed lists the entries but not which channel each one serves."""


@record
class RequiredAction(Record):
    """Something a severity requires: once within a time, or again every so often."""

    action: str
    within: Minutes | None = None
    every: Minutes | None = None
    party: PartyRef | None = None
    """Id of the tier or team that must act, where the action names one."""
    responds: bool = False
    """The action is that party's own response ("Engineering response within 30 min"), not something done
    to it (paged, notified): the policy check holds it against the party's response time."""


@record
class Severity(Record):
    """A severity level (P0 to P3): its definition, what it requires and its resolution target."""

    id: Annotated[str, Id("severity"), Text(r"^P[0-9]$", "a severity id like 'P0'")]
    name: str
    definition: str
    examples: tuple[str, ...]
    response: tuple[RequiredAction, ...]
    resolution: Target
    procedure: Annotated[str, Ref("procedure")]
    """Id of the procedure to follow at this severity."""

    @property
    def label(self) -> str:
        return f"{self.id} - {self.name}"


@record
class Step(Record):
    """One step of an escalation path: a party, or a choice between several."""

    any_of: Annotated[tuple[PartyRef, ...], MinItems(2)]
    """The parties any of whom takes the step (written as one party id when there is no choice)."""

    @property
    def is_choice(self) -> bool:
        return len(self.any_of) > 1


@record
class SearchVocabulary(Record):
    """The words agents use for an issue type. Ours, not the seed's: the seed names the issue types only."""

    synonyms: tuple[str, ...] = ()
    """Words and short terms that mean this issue type ("money back", "2fa"); each under one issue type only."""
    phrases: tuple[str, ...] = ()
    """Example phrases as agents or customers say them; their words are weaker evidence than a synonym."""


@record
class IssueType(Record):
    """A kind of problem: who owns it first, where it escalates, its SLA, and the words that find it."""

    name: str
    owner: PartyRef
    """Id of the initial owner."""
    path: tuple[Annotated[Step, Shorthand("any_of", "a party id or {any_of: [ids]}")], ...]
    """The escalation steps after the initial owner, in order."""
    sla: Minutes
    our_vocabulary: SearchVocabulary = SearchVocabulary()
    """How agents' own words find this issue type (`escalate find`, the wizard's search): ours, not the seed's."""
    our_needed_actions: tuple[str, ...] = ()
    """Authority actions that resolving this issue type usually needs, by the authority matrix's name or row
    label ("Issue refund", "Issue refund (<$100)"): someone on its owner or path must be granted each.
    Ours, not the seed's."""
    slug: str = field(init=False, default="")
    """The name as an anchor and a URL segment (`dmca-copyright`)."""

    def __post_init__(self) -> None:
        if isinstance(self.name, str):
            object.__setattr__(self, "slug", slugify(self.name))


@record
class Category(Record):
    """A group of issue types (Technical Issues, Billing Issues…)."""

    id: Annotated[str, Id("category")]
    name: str
    issue_types: Annotated[tuple[IssueType, ...], MinItems(1)]


@record
class FlowNode(Record):
    """A box of the escalation flow diagram."""

    id: Annotated[str, Id("node")]
    label: str
    party: PartyRef | None = None
    """Id of the tier or team the box stands for."""
    category: Annotated[str, Ref("category")] | None = None
    """Id of the category the box stands for."""
    note: str | None = None


@record
class Flow(Record):
    """The escalation flow diagram: its boxes and the arrows between them."""

    nodes: Annotated[tuple[FlowNode, ...], MinItems(1)]
    edges: tuple[tuple[Annotated[str, Ref("node")], Annotated[str, Ref("node")]], ...]
    """Arrows, each [from, to] by node id."""


@record
class AmountRange(Record):
    """Amounts in [min, max) by default; without `max`, no upper limit."""

    min: Annotated[float, AtLeast(0)]
    """Lower bound of the amounts this row covers."""
    min_inclusive: bool = True
    """Whether `min` itself is covered (default true)."""
    max: Annotated[float, AtLeast(0)] | None = None
    """Upper bound; absent means no upper limit."""
    max_inclusive: bool = False
    """Whether `max` itself is covered (default false)."""

    def contains(self, amount: float) -> bool:
        above = amount >= self.min if self.min_inclusive else amount > self.min
        if self.max is None:
            return above
        below = amount <= self.max if self.max_inclusive else amount < self.max
        return above and below

    def describe(self, currency: str) -> str:
        low = f"{'≥' if self.min_inclusive else '>'} {money(self.min, currency)}"
        if self.max is None:
            return f"{low}, no upper limit"
        high = f"{'≤' if self.max_inclusive else '<'} {money(self.max, currency)}"
        return f"{low} and {high}"


def money(amount: float, currency: str) -> str:
    """`$1,250` or `1,250.50 CHF`: an amount as the seed writes it."""
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency)
    text = f"{amount:,.2f}".removesuffix(".00")
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


@record
class AuthorityRule(Record):
    """One row of the authority matrix."""

    action: str
    label: str | None = None
    """The row as the seed writes it ("Issue refund (<$100)"); absent, the action."""
    aliases: tuple[str, ...] = ()
    amount: AmountRange | None = None
    """The amounts this row covers; the rows of one action must cover every amount exactly once."""
    grants: dict[str, Grant]
    """Role id → allowed, lead (only the lead of that team) or denied."""

    def __post_init__(self) -> None:
        if self.label is None:
            object.__setattr__(self, "label", self.action)


@record
class Authority(Record):
    """The authority matrix: which role may take which action, by amount where it matters."""

    currency: Annotated[str, Text(r"^[A-Z]{3}$", "an ISO 4217 code like 'USD'")]
    roles: Annotated[tuple[PartyRef, ...], MinItems(1)]
    """The columns of the authority table, in order."""
    rules: Annotated[tuple[AuthorityRule, ...], MinItems(1)]

    def actions(self) -> list[str]:
        """The distinct actions, in table order."""
        return list(dict.fromkeys(rule.action for rule in self.rules))


@record
class Cadence(Record):
    """How often an audience hears about an ongoing incident."""

    audience: str
    every: Minutes | None = None
    note: str | None = None


@record
class ProcedureStep(Record):
    """One numbered step of an escalation procedure, with what it involves."""

    title: str
    items: tuple[str, ...]
    cadence: tuple[Cadence, ...] = ()
    """Update cadences this step sets, where it sets any."""


@record
class Procedure(Record):
    """How to escalate (standard or emergency), and for which severities."""

    id: Annotated[str, Id("procedure")]
    name: str
    severities: tuple[SeverityRef, ...]
    steps: Annotated[tuple[ProcedureStep, ...], MinItems(1)]


@record
class SatisfactionTarget(Record):
    """A customer-satisfaction goal (CSAT > 90%)."""

    metric: str
    comparison: Literal[">", ">=", "<", "<="]
    value: float
    unit: str = ""

    @property
    def label(self) -> str:
        value = f"{self.value:g}"
        return f"{self.comparison}{value}{self.unit}"


@record
class TemplateField(Record):
    """A blank of a message template, with the prompt shown while it is empty."""

    name: Annotated[str, Text(r"^[a-z_][a-z0-9_]*$", "a placeholder name like 'time_open'")]
    label: str
    prompt: str


@record
class MessageTemplate(Record):
    """A message agents send, with `{field}` blanks that `fill` fills in."""

    id: Annotated[str, Id("template")]
    name: str
    use: str
    fields: tuple[TemplateField, ...]
    body: str


@record
class Clocks(Record, Mapping):
    """How each clock counts time: `calendar` runs 24/7, `business` only while the owner is on shift.

    Also a read-only mapping, clock name → counting (`clocks["issue_sla"]`), as pages list them.
    """

    first_response: Counting
    issue_sla: Counting
    resolution: Counting

    def __getitem__(self, clock: str) -> str:
        if clock not in _CLOCK_NAMES:
            raise KeyError(clock)
        return getattr(self, clock)

    def __iter__(self):
        return iter(_CLOCK_NAMES)

    def __len__(self) -> int:
        return len(_CLOCK_NAMES)


_CLOCK_NAMES = tuple(spec.name for spec in dataclasses.fields(Clocks) if spec.init)


@record
class OffShiftRule(Record):
    """What an agent does when an issue's owner is off shift as the issue comes in."""

    emergency_severities: tuple[SeverityRef, ...]
    """Severities that never wait: they go to whoever is on call now."""
    on_call: PartyRef | None
    """Id of the tier or team on call for emergencies whatever the hour."""
    if_wait_breaches: Literal["escalate", "wait"]
    """When waiting for the owner breaches the SLA: `escalate` to the first step of the path on shift now,
    or `wait` and report the breach."""


EVERY_ISSUE_WAITS = OffShiftRule(emergency_severities=(), on_call=None, if_wait_breaches="wait")
"""The rule of a matrix that states none: every issue waits for its owner."""


@record
class Interpretation(Record):
    """A documented choice where the source document is silent or contradicts itself."""

    id: Annotated[str, Id("interpretation")]
    topic: str
    choice: str
    reason: str
    path: str
    """Data path of the value the choice is recorded in."""


@record
class Situation(Record):
    """One training situation: what the customer reports, and the severity a trainee should pick."""

    situation: str
    """What the customer reports; `{amount}` is filled by the drill."""
    severity: SeverityRef
    """Id of the severity a trainee should choose."""
    why: str
    """Why that severity: shown when grading."""
    action: str | None = None
    """An authority action the situation raises."""


@record
class ScenarioGroup(Record):
    """The training situations of one issue type."""

    issue: str
    """The issue type, by name as the routing tables write it."""
    situations: Annotated[tuple[Situation, ...], MinItems(1)]


@record
class Scenario(Record):
    """A training situation for one issue type, with the severity a trainee should pick. Derived."""

    id: str
    """`<issue slug>-<n>`: stable for deep links as long as situations are only appended."""
    issue: str
    situation: str
    severity: str
    why: str
    action: str | None = None


@record
class Matrix(Record):
    """A support escalation matrix: tiers, routing, severities, contacts, authority and SLAs."""

    organisation: Organisation
    schedules: Annotated[dict[str, Schedule], MinItems(1)]
    """Weekly schedules, by id."""
    channels: Annotated[dict[str, Channel], MinItems(1)]
    severities: Annotated[dict[str, Severity], MinItems(1)]
    tiers: Annotated[dict[str, Tier], MinItems(1)]
    teams: dict[str, Team]
    """Every team or role that any table names, besides the tiers."""
    flow: Flow
    categories: Annotated[tuple[Category, ...], MinItems(1)]
    authority: Authority
    procedures: Annotated[dict[str, Procedure], MinItems(1)]
    satisfaction: tuple[SatisfactionTarget, ...]
    templates: dict[str, MessageTemplate]
    clocks: Clocks
    off_shift: OffShiftRule = EVERY_ISSUE_WAITS
    """What to do when the owner is off shift; absent, every issue waits for its owner."""
    scenario_groups: tuple[ScenarioGroup, ...] = field(default=(), metadata={"key": "scenarios"})
    """Training drills: situations written for training (ours, not the seed's), per issue type."""
    our_broad_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Words that fit several issue types ("complaint", "money"), each with the issue types it may mean, by
    name: a search for them offers these as choices and is never certain. Ours, not the seed's."""
    interpretations: tuple[Interpretation, ...]
    """Explicit choices where the seed is silent, ambiguous or contradicts itself."""
    source: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    """The plain data this matrix was read from (what `escalate export` prints)."""
    memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    """What questions work out once per matrix (the search index); never part of the data."""

    def __post_init__(self) -> None:
        zone = getattr(self.organisation, "timezone", None)
        if zone and isinstance(self.schedules, dict):
            object.__setattr__(self, "schedules", {
                key: schedule if schedule.timezone else _keep_path(schedule, dataclasses.replace(schedule, timezone=zone))
                for key, schedule in self.schedules.items()})

    @cached_property
    def parties(self) -> dict[str, Party]:
        """Every party a path, owner or role can name, by id: the tiers first, then the teams, in file order."""
        assumed = Hours(schedule=self.organisation.assumed_hours, label="not published", published=False)
        parties = {}
        for tier in self.tiers.values():
            parties[tier.id] = Party(id=tier.id, name=tier.name, aliases=tier.aliases,
                                     contact=self.teams[tier.contact].contact, hours=tier.hours,
                                     directory=tier.id, is_tier=True)
        for team in self.teams.values():
            parties[team.id] = Party(id=team.id, name=team.name, aliases=team.aliases, contact=team.contact,
                                     hours=team.hours or assumed, directory=team.directory, lead=team.lead)
        return parties

    @cached_property
    def leads(self) -> dict[str, str]:
        """Each lead a "lead only" grant names, by id, with the role whose column grants it (interpretation
        `lead-roles`): the authority table has no column of the lead's own, yet the lead is the one who asks."""
        leads = {}
        for role in self.authority.roles:
            lead = self.parties[role].lead
            if lead and lead not in self.authority.roles and any(
                    rule.grants.get(role) == "lead" for rule in self.authority.rules):
                leads.setdefault(lead, role)
        return leads

    @cached_property
    def issue_types(self) -> tuple[IssueType, ...]:
        return tuple(issue for category in self.categories for issue in category.issue_types)

    @cached_property
    def _category_of(self) -> dict[str, Category]:
        return {issue.slug: category for category in self.categories for issue in category.issue_types}

    def category_of(self, issue: IssueType) -> Category:
        return self._category_of[issue.slug]

    @cached_property
    def scenarios(self) -> tuple[Scenario, ...]:
        """Training drills, in the order the file lists them, each with its stable id."""
        names = {issue.slug: issue.name for issue in self.issue_types}
        return tuple(
            Scenario(id=f"{slugify(group.issue)}-{number}", issue=names[slugify(group.issue)],
                     situation=s.situation, severity=s.severity, why=s.why, action=s.action)
            for group in self.scenario_groups
            for number, s in enumerate(group.situations, start=1))

    def directory(self) -> list[Party]:
        """Every party that is not a tier, directory sections first, in the seed's order."""
        return [party for party in self.parties.values() if not party.is_tier]
