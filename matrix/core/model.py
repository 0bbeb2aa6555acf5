"""The typed model of an escalation matrix.

Built only by `matrix.load.build_matrix` from a validated plain dict; every reference between
records is already resolved to an id that exists, so queries never meet a dangling name.
Every class has a docstring: besides documenting it, that spares `dataclass` building one from
the class's signature, which is a third of this module's import time in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Window:
    """A span of the week in which a schedule is on shift."""

    days: tuple[str, ...]
    start: int
    """Minutes after midnight."""
    end: int
    """Minutes after midnight; 1440 is the end of the day; less than `start` crosses midnight."""


@dataclass(frozen=True)
class Schedule:
    """A weekly on-shift pattern in an IANA zone, with the dates it is off shift."""

    id: str
    name: str
    windows: tuple[Window, ...]
    timezone: str
    """IANA zone; the organisation's zone unless the schedule names its own."""
    holidays: tuple[str, ...] = ()
    """ISO dates (YYYY-MM-DD) on which the schedule is off shift all day."""


@dataclass(frozen=True)
class Hours:
    """When a party can be reached: its schedule, in the seed's own words."""

    schedule: str
    """Id of a `Schedule`; for parties whose hours the seed does not publish, the assumed one."""
    label: str
    """The seed's own wording ("Business hours + emergency")."""
    emergency: bool = False
    """Reachable outside the schedule for emergencies (P0/P1)."""
    published: bool = True
    """False when the seed gives no hours and `schedule` is the documented assumption."""


@dataclass(frozen=True)
class Contact:
    """How to reach a party: an address, a chat channel or a number."""

    kind: str
    """email | chat-channel | phone | in-app | automatic."""
    value: str

    @property
    def href(self) -> str | None:
        """A link a person can click, where the contact has one."""
        if self.kind == "email":
            return f"mailto:{self.value}"
        if self.kind == "phone" and "X" not in self.value.upper():
            return "tel:" + "".join(c for c in self.value if c.isdigit() or c == "+")
        return None


@dataclass(frozen=True)
class Team:
    """A team or role that routing, authority or the directory names."""

    id: str
    name: str
    aliases: tuple[str, ...]
    contact: Contact | None
    """None: the seed publishes no contact."""
    hours: Hours
    directory: str | None
    """Id of the tier whose directory section lists the team."""
    lead: str | None = None
    """Id of the team's lead, for authority granted to the lead only."""
    is_tier: bool = False


@dataclass(frozen=True)
class ResponseTime:
    """One of a tier's response times, with the condition the seed attaches to it."""

    label: str
    within: int
    """Minutes."""
    channels: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    arrival: str | None = None
    """escalated | direct."""


@dataclass(frozen=True)
class Tier:
    """A support tier (Tier 1 to Tier 4): what it handles, how fast it responds, whom to contact."""

    id: str
    name: str
    title: str
    team: str
    aliases: tuple[str, ...]
    hours: Hours
    response_times: tuple[ResponseTime, ...]
    handles: tuple[str, ...]
    tools_access: tuple[str, ...]
    contact: str
    """Id of the directory entry to contact when a path says this tier."""
    members: tuple[str, ...] = ()
    directory_title: str = ""
    """Heading of the tier's contact-directory section ("Specialists")."""

    @property
    def number(self) -> int:
        return int(self.id.rsplit("-", 1)[1])


@dataclass(frozen=True)
class Target:
    """A target and the maximum it must never exceed, in minutes."""

    target: int
    maximum: int


@dataclass(frozen=True)
class Channel:
    """Where the customer reached support (Live Chat, Email…), with its first-response target."""

    id: str
    name: str
    aliases: tuple[str, ...]
    first_response: Target


@dataclass(frozen=True)
class RequiredAction:
    """Something a severity requires: once within a time, or again every so often."""

    action: str
    within: int | None = None
    every: int | None = None
    party: str | None = None
    """Id of the tier or team that must act, where the seed's wording names one."""


@dataclass(frozen=True)
class Severity:
    """A severity level (P0 to P3): its definition, what it requires and its resolution target."""

    id: str
    name: str
    definition: str
    examples: tuple[str, ...]
    response: tuple[RequiredAction, ...]
    resolution: Target
    procedure: str

    @property
    def label(self) -> str:
        return f"{self.id} - {self.name}"


@dataclass(frozen=True)
class Step:
    """One step of an escalation path: a party, or a choice between several."""

    any_of: tuple[str, ...]

    @property
    def is_choice(self) -> bool:
        return len(self.any_of) > 1


@dataclass(frozen=True)
class IssueType:
    """A kind of problem: who owns it first, where it escalates, its SLA and search keywords."""

    name: str
    slug: str
    category: str
    owner: str
    path: tuple[Step, ...]
    sla: int
    """Minutes."""
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Category:
    """A group of issue types (Technical Issues, Billing Issues…)."""

    id: str
    name: str
    issue_types: tuple[IssueType, ...]


@dataclass(frozen=True)
class FlowNode:
    """A box of the escalation flow diagram."""

    id: str
    label: str
    party: str | None = None
    category: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Flow:
    """The escalation flow diagram: its boxes and the arrows between them."""

    nodes: tuple[FlowNode, ...]
    edges: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class AmountRange:
    """Amounts in [min, max) by default; `None` max is unbounded."""

    min: float
    max: float | None
    min_inclusive: bool = True
    max_inclusive: bool = False

    def contains(self, amount: float) -> bool:
        above = amount >= self.min if self.min_inclusive else amount > self.min
        if self.max is None:
            return above
        below = amount <= self.max if self.max_inclusive else amount < self.max
        return above and below

    def describe(self, currency: str) -> str:
        low = f"{'≥' if self.min_inclusive else '>'} {_money(self.min, currency)}"
        if self.max is None:
            return f"{low}, no upper limit"
        high = f"{'≤' if self.max_inclusive else '<'} {_money(self.max, currency)}"
        return f"{low} and {high}"


def _money(amount: float, currency: str) -> str:
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency)
    text = f"{amount:,.2f}".removesuffix(".00")
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


GRANTS = ("allowed", "lead", "denied")


@dataclass(frozen=True)
class AuthorityRule:
    """One row of the authority matrix."""

    action: str
    label: str
    """The row as the seed writes it ("Issue refund (<$100)")."""
    aliases: tuple[str, ...]
    grants: dict[str, str]
    """Role id → allowed | lead | denied."""
    amount: AmountRange | None = None


@dataclass(frozen=True)
class Authority:
    """The authority matrix: which role may take which action, by amount where it matters."""

    currency: str
    roles: tuple[str, ...]
    rules: tuple[AuthorityRule, ...]

    def actions(self) -> list[str]:
        """The distinct actions, in table order."""
        return list(dict.fromkeys(rule.action for rule in self.rules))


@dataclass(frozen=True)
class ProcedureStep:
    """One numbered step of an escalation procedure, with what it involves."""

    title: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Procedure:
    """How to escalate (standard or emergency), and for which severities."""

    id: str
    name: str
    severities: tuple[str, ...]
    steps: tuple[ProcedureStep, ...]


@dataclass(frozen=True)
class SatisfactionTarget:
    """A customer-satisfaction goal (CSAT > 90%)."""

    metric: str
    comparison: str
    value: float
    unit: str = ""

    @property
    def label(self) -> str:
        value = f"{self.value:g}"
        return f"{self.comparison}{value}{self.unit}"


@dataclass(frozen=True)
class TemplateField:
    """A blank of a message template, with the prompt shown while it is empty."""

    name: str
    label: str
    prompt: str


@dataclass(frozen=True)
class MessageTemplate:
    """A message agents send, with `{field}` blanks that `matrix.templates.fill` fills in."""

    id: str
    name: str
    use: str
    fields: tuple[TemplateField, ...]
    body: str


@dataclass(frozen=True)
class Interpretation:
    """A documented choice where the source document is silent or contradicts itself."""

    id: str
    topic: str
    choice: str
    reason: str
    path: str


@dataclass(frozen=True)
class Scenario:
    """A training situation for one issue type, with the severity a trainee should pick."""

    id: str
    """`<issue slug>-<n>`: stable for deep links as long as situations are only appended."""
    issue: str
    situation: str
    severity: str
    why: str
    action: str | None = None


@dataclass(frozen=True)
class OffShiftRule:
    """What an agent does when an issue's owner is off shift as the issue comes in."""

    emergency_severities: tuple[str, ...] = ()
    """These never wait: they go to whoever is on call now."""
    on_call: str | None = None
    """Id of the party on call for emergencies whatever the hour."""
    if_wait_breaches: str = "wait"
    """escalate (to the first step of the path on shift now) | wait (and report the breach)."""


@dataclass(frozen=True)
class Organisation:
    """Whose matrix this is, its time zone, and the hours assumed where none are published."""

    name: str
    title: str
    overview: str
    timezone: str
    assumed_hours: str


@dataclass(frozen=True)
class Matrix:
    """The whole escalation matrix, validated, with every reference between records resolved."""

    organisation: Organisation
    schedules: dict[str, Schedule]
    channels: dict[str, Channel]
    severities: dict[str, Severity]
    tiers: dict[str, Tier]
    teams: dict[str, Team]
    """Every party a path, owner or role can name: the tiers too (with `is_tier`)."""
    flow: Flow
    categories: tuple[Category, ...]
    authority: Authority
    procedures: dict[str, Procedure]
    satisfaction: tuple[SatisfactionTarget, ...]
    templates: dict[str, MessageTemplate]
    clocks: dict[str, str]
    interpretations: tuple[Interpretation, ...]
    source: dict = field(repr=False, compare=False, default_factory=dict)
    """The validated plain data this matrix was built from (what `escalate export` prints)."""
    scenarios: tuple[Scenario, ...] = ()
    """Training drills, in the order the YAML lists them."""
    off_shift: OffShiftRule = field(default_factory=OffShiftRule)
    """The off-shift rule; without one in the YAML, every issue waits for its owner."""

    @property
    def issue_types(self) -> list[IssueType]:
        return [issue for category in self.categories for issue in category.issue_types]

    def party(self, party_id: str) -> Team:
        return self.teams[party_id]

    def route(self, issue: str, severity: str | None = None, channel: str | None = None,
              opened_at=None, tz: str | None = None):
        """See `matrix.routing.route`."""
        from .rules.routing import route

        return route(self, issue, severity, channel, opened_at=opened_at, tz=tz)

    def can(self, role: str, action: str, amount: float | None = None):
        """See `matrix.authority.can`."""
        from .rules.authority import can

        return can(self, role, action, amount)

    def directory(self) -> list[Team]:
        """Every party that is not a tier, directory sections first, in the seed's order."""
        return [team for team in self.teams.values() if not team.is_tier]
