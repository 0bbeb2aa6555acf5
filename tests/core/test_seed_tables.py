"""Every table of the seed document, transcribed here as the seed prints it, against the core's answers.

Each test reads like its table; a fact changed in the YAML without the seed changing fails here.
"""

import pytest

from matrix.core.answers.cards import permission_answer, route_answer
from matrix.core import can, format_minutes, route

# --- Issue Categories & Routing ---------------------------------------------------------------

TECHNICAL = """
| Login problems     | Tier 1        | Tier 2 → Tier 3 | 4h  |
| SkillPod issues    | Tier 2        | Tier 3          | 2h  |
| Performance issues | Tier 2        | Tier 3          | 1h  |
| Bug reports        | Tier 1        | Tier 2 → Tier 3 | 24h |
| API errors         | Tier 2        | Tier 3          | 4h  |
| Data sync issues   | Tier 2        | Tier 3          | 4h  |
"""
BILLING = """
| Payment failed     | Tier 1        | Billing → Tier 3 | 4h  |
| Refund request     | Tier 1        | Billing          | 24h |
| Withdrawal issues  | Billing       | Tier 3 → Finance | 48h |
| Dispute resolution | Disputes Team | Legal            | 72h |
| Invoice problems   | Billing       | Finance          | 24h |
| Fee questions      | Tier 1        | Billing          | 4h  |
"""
TRUST_SAFETY = """
| Harassment report  | T&S Team      | T&S Lead → Legal    | 4h  |
| Fraud suspicion    | T&S Team      | T&S Lead → Security | 2h  |
| Account compromise | Security      | Tier 3 → CISO       | 1h  |
| Fake profiles      | T&S Team      | T&S Lead            | 24h |
| Terms violation    | T&S Team      | Legal               | 24h |
| DMCA/Copyright     | Legal         | External Counsel    | 48h |
"""
BUSINESS = """
| Enterprise inquiry  | Sales         | Account Exec          | 24h |
| Partnership request | BD Team       | BD Lead               | 48h |
| Press inquiry       | PR            | CEO/CMO               | 4h  |
| Legal threat        | Legal         | General Counsel → CEO | 2h  |
| Executive complaint | Tier 4        | CEO                   | 4h  |
"""


def rows(table: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in table.strip().splitlines()]


def hours(text: str) -> int:
    return int(text.rstrip("h")) * 60


def seed_name(matrix, party_id: str) -> set[str]:
    """Every way the seed may write this party: its name and its aliases."""
    party = matrix.parties[party_id]
    return {party.name, *party.aliases}


@pytest.mark.parametrize("category, table", [
    ("Technical Issues", TECHNICAL), ("Billing Issues", BILLING),
    ("Trust & Safety", TRUST_SAFETY), ("Business Issues", BUSINESS)])
def test_routing_table(matrix, category, table):
    names = []
    for issue, owner, path, sla in rows(table):
        answer = route(matrix, issue)
        assert answer.category.name == category
        assert owner in seed_name(matrix, answer.issue.owner), issue
        steps = path.split(" → ")
        assert len(answer.path) == len(steps), issue
        for step, seed_step in zip(answer.path, steps):
            alternatives = seed_step.split("/")
            assert len(step.any_of) == len(alternatives)
            for party, written in zip(step.any_of, alternatives):
                assert written in seed_name(matrix, party), (issue, written)
        assert route_answer(answer)["sla_minutes"] == hours(sla)
        names.append(issue)
    in_yaml = [i.name for c in matrix.categories if c.name == category for i in c.issue_types]
    assert in_yaml == names


def test_all_23_issue_types_in_4_categories(matrix):
    assert [c.name for c in matrix.categories] == ["Technical Issues", "Billing Issues", "Trust & Safety",
                                                  "Business Issues"]
    assert len(matrix.issue_types) == 23


def test_press_inquiry_is_one_step_with_two_alternatives(matrix):
    path = route_answer(route(matrix, "Press inquiry"))["path"]
    assert len(path) == 1
    assert path[0]["name"] == "CEO or CMO"
    assert path[0]["choice"] is True


# --- Tier Definitions -------------------------------------------------------------------------

TIERS = [
    # tier, title, team, hours, response times
    ("Tier 1", "Frontline Support", "Customer Support Representatives", "24/7",
     [("chat", "15m"), ("email", "2h")]),
    ("Tier 2", "Technical Support", "Senior Support Specialists", "Extended business hours (6am-10pm local)",
     [("escalated", "30m"), ("direct", "4h")]),
    ("Tier 3", "Engineering Support", "On-call Engineers", "24/7 (on-call rotation)",
     [("P0/P1", "15m"), ("P2", "4h")]),
    ("Tier 4", "Executive Escalation", "CTO, VP Engineering, Head of Support", "Business hours + emergency",
     [("emergency", "1h"), ("standard", "24h")]),
]

HANDLES = {
    "Tier 1": ["Account access issues (password reset, 2FA)", "Basic how-to questions",
               "Navigation and feature guidance", "Connect purchases and balance inquiries",
               "Profile completion assistance", "Standard troubleshooting"],
    "Tier 2": ["SkillPod session issues", "Complex account problems", "Payment processing issues",
               "Verification escalations", "API integration support", "Bug reproduction"],
    "Tier 3": ["Production incidents", "Data integrity issues", "Security concerns", "Infrastructure problems",
               "Complex bug investigation", "Performance issues"],
    "Tier 4": ["Legal and compliance issues", "High-value customer escalations", "PR/media situations",
               "Executive complaints", "Strategic decisions"],
}
TOOLS = {
    "Tier 1": ["Admin Panel (read + limited actions)", "Zendesk/Intercom", "Internal knowledge base", "Status page"],
    "Tier 2": ["Admin Panel (full access)", "Log viewer (limited)", "Basic database queries (read-only)",
               "Feature flag visibility"],
    "Tier 3": ["Full infrastructure access", "Database access", "Deployment capabilities", "Feature flags (modify)"],
    "Tier 4": [],
}
MINUTES = {"15m": 15, "30m": 30, "1h": 60, "2h": 120, "4h": 240, "24h": 1440}


@pytest.mark.parametrize("name, title, team, hours_label, responses", TIERS)
def test_tier_definitions(matrix, name, title, team, hours_label, responses):
    tier = next(t for t in matrix.tiers.values() if t.name == name)
    assert (tier.title, tier.team, tier.hours.label) == (title, team, hours_label)
    assert [(r.label, r.within) for r in tier.response_times] == [(label, MINUTES[w]) for label, w in responses]
    assert list(tier.handles) == HANDLES[name]
    assert list(tier.tools_access) == TOOLS[name]


def test_tier_4_members(matrix):
    assert [matrix.parties[m].name for m in matrix.tiers["tier-4"].members] == ["CTO", "VP Engineering",
                                                                              "Head of Support"]


# --- Escalation Flow --------------------------------------------------------------------------

FLOW = [
    ("Customer Contact", "Tier 1 Frontline"),
    ("Tier 1 Frontline", "Technical Issues"), ("Tier 1 Frontline", "Billing Issues"),
    ("Tier 1 Frontline", "Trust & Safety"),
    ("Technical Issues", "Tier 2 Tech Support"), ("Billing Issues", "Billing Team"),
    ("Trust & Safety", "T&S Team"),
    ("Tier 2 Tech Support", "Tier 3 Engineering"), ("Billing Team", "Tier 3 Engineering"),
    ("T&S Team", "Tier 3 Engineering"),
    ("Tier 3 Engineering", "Tier 4 Executive"),
]


def test_escalation_flow(matrix):
    label = {node.id: node.label for node in matrix.flow.nodes}
    assert [(label[a], label[b]) for a, b in matrix.flow.edges] == FLOW
    engineering = next(n for n in matrix.flow.nodes if n.label == "Tier 3 Engineering")
    assert engineering.note == "for production issues"


# --- Severity Levels --------------------------------------------------------------------------

SEVERITIES = {
    "P0": ("Critical", "Complete service outage or security breach",
           ["Platform completely down", "Data breach confirmed", "Payment processing unavailable",
            "SkillPod sessions not launching globally"],
           ["Immediate page to on-call", "All-hands until resolved", "Executive notification within 15 min",
            "External communication within 1 hour"]),
    "P1": ("High", "Major feature broken, significant user impact",
           ["Login not working for segment of users", "Payments failing intermittently",
            "SkillPod recording not working", "Search returning incorrect results"],
           ["Page on-call within 15 min", "Engineering response within 30 min", "Update every 30 min until resolved",
            "Post-mortem required"]),
    "P2": ("Medium", "Feature degraded, workaround available",
           ["Notifications delayed", "Profile images not uploading", "Export function broken", "Minor UI issues"],
           ["Ticket to engineering", "Response within 4 hours", "Resolution within 48 hours",
            "No external communication needed"]),
    "P3": ("Low", "Minor issue, cosmetic, or enhancement",
           ["Typo in email", "Minor visual bug", "Feature suggestion", "Documentation error"],
           ["Ticket logged", "Prioritized in backlog", "No specific SLA"]),
}


@pytest.mark.parametrize("severity_id", SEVERITIES)
def test_severity_levels(matrix, severity_id):
    name, definition, examples, response = SEVERITIES[severity_id]
    answer = route_answer(route(matrix, "Bug reports", severity=severity_id))["severity"]
    assert (answer["name"], answer["definition"]) == (name, definition)
    assert answer["examples"] == examples
    assert [a["action"] for a in answer["actions"]] == response


# --- SLA Definitions --------------------------------------------------------------------------

FIRST_RESPONSE = """
| Live Chat | 2 min     | 5 min   |
| Email     | 2 hours   | 4 hours |
| Phone     | Immediate | 1 min   |
"""
RESOLUTION = """
| P0       | 1 hour   | 4 hours  |
| P1       | 4 hours  | 8 hours  |
| P2       | 24 hours | 48 hours |
| P3       | 72 hours | 1 week   |
"""
SATISFACTION = """
| CSAT                     | >90%   |
| NPS                      | >50    |
| First Contact Resolution | >70%   |
| Escalation Rate          | <15%   |
"""


def seed_minutes(text: str) -> int:
    if text == "Immediate":
        return 0
    number, unit = text.split()
    return int(number) * {"min": 1, "hour": 60, "hours": 60, "week": 10080}[unit]


def test_first_response_by_channel(matrix):
    for channel, target, maximum in rows(FIRST_RESPONSE):
        answer = route_answer(route(matrix, "Login problems", channel=channel))["channel"]
        assert answer["name"] == channel
        assert answer["first_response"]["target_minutes"] == seed_minutes(target)
        assert answer["first_response"]["maximum_minutes"] == seed_minutes(maximum)


def test_resolution_by_severity(matrix):
    for severity, target, maximum in rows(RESOLUTION):
        resolution = route_answer(route(matrix, "Login problems", severity=severity))["severity"]["resolution"]
        assert (resolution["target_minutes"], resolution["maximum_minutes"]) == (seed_minutes(target),
                                                                                 seed_minutes(maximum))


def test_satisfaction_targets(matrix):
    assert [[t.metric, t.label] for t in matrix.satisfaction] == rows(SATISFACTION)


def test_channel_names_as_agents_type_them(matrix):
    for typed, name in [("chat", "Live Chat"), ("email", "Email"), ("phone", "Phone"), ("LIVE CHAT", "Live Chat")]:
        assert route(matrix, "Login problems", channel=typed).channel.name == name


# --- Contact Directory ------------------------------------------------------------------------

DIRECTORY = """
| Tier 1 | Support Queue     | support@skillancer.com     | 24/7           |
| Tier 1 | Live Chat         | In-app widget              | 24/7           |
| Tier 1 | Emergency Line    | +1-XXX-XXX-XXXX            | P0/P1 only     |
| Tier 2 | Tech Support Lead | techsupport@skillancer.com | 6am-10pm       |
| Tier 2 | Billing Team      | billing@skillancer.com     | 9am-6pm        |
| Tier 2 | Verification Team | verify@skillancer.com      | 9am-6pm        |
| Tier 2 | T&S Team          | trust@skillancer.com       | 24/7           |
| Tier 3 | On-Call Primary   | #oncall-primary            | 24/7           |
| Tier 3 | On-Call Secondary | #oncall-secondary          | 24/7           |
| Tier 3 | PagerDuty         | Automatic escalation       | 24/7           |
| Tier 4 | Head of Support   |                            | Business hours |
| Tier 4 | VP Engineering    |                            | Business hours |
| Tier 4 | CTO               |                            | Emergency only |
| Tier 4 | CEO               |                            | Emergency only |
| Tier 4 | Legal             | legal@skillancer.com       | Business hours |
"""

NAMED_ELSEWHERE = ["T&S Lead", "Billing Lead", "Disputes Team", "Finance", "Security", "CISO", "External Counsel",
                   "Sales", "Account Exec", "BD Team", "BD Lead", "PR", "CMO", "General Counsel"]


def test_contact_directory(matrix):
    listed = [t for t in matrix.directory() if t.directory]
    assert len(listed) == len(rows(DIRECTORY))
    for team, (tier, name, contact, hours_label) in zip(listed, rows(DIRECTORY)):
        assert matrix.tiers[team.directory].name == tier
        assert team.name == name
        assert (team.contact.value if team.contact else "") == contact
        assert team.hours.label == hours_label
    chat = matrix.parties["oncall-primary"].contact
    assert chat.kind == "chat-channel"


def test_teams_named_only_in_tables_have_no_contact_and_no_hours(matrix):
    unlisted = [t for t in matrix.directory() if not t.directory]
    assert [t.name for t in unlisted] == NAMED_ELSEWHERE
    for team in unlisted:
        assert team.contact is None
        assert team.hours.published is False


def test_billing_and_billing_team_are_one_team(matrix):
    from matrix.core import find_party

    assert find_party(matrix, "Billing").id == find_party(matrix, "Billing Team").id == "billing"


# --- Authority Matrix -------------------------------------------------------------------------

AUTHORITY = """
| Password reset           | ✓      | ✓      | ✓    | ✓       | ✓      | ✓      |
| Add connects             | ✓      | ✓      | -    | ✓       | ✓      | ✓      |
| Disable 2FA              | -      | ✓      | -    | -       | ✓      | ✓      |
| Issue refund (<$100)     | -      | ✓      | -    | ✓       | -      | ✓      |
| Issue refund (>$100)     | -      | -      | -    | ✓       | -      | ✓      |
| Unlock account           | ✓      | ✓      | ✓    | -       | ✓      | ✓      |
| Suspend account          | -      | -      | ✓    | -       | -      | ✓      |
| Ban user                 | -      | -      | Lead | -       | -      | ✓      |
| Release escrow (dispute) | -      | -      | -    | Lead    | -      | ✓      |
| Modify database          | -      | -      | -    | -       | ✓      | ✓      |
| Deploy code              | -      | -      | -    | -       | ✓      | ✓      |
| Feature flags            | -      | -      | -    | -       | ✓      | ✓      |
"""
ROLES = ["Tier 1", "Tier 2", "T&S", "Billing", "Tier 3", "Tier 4"]
AMOUNT_FOR_ROW = {"Issue refund (<$100)": 99.99, "Issue refund (>$100)": 150}


@pytest.mark.parametrize("row", rows(AUTHORITY), ids=lambda row: row[0])
def test_authority_matrix(matrix, row):
    action, *cells = row
    for role, cell in zip(ROLES, cells):
        answer = permission_answer(can(matrix, role, action, AMOUNT_FOR_ROW.get(action)))
        assert answer["row"] == action
        assert (answer["allowed"], answer["lead_only"]) == {"✓": (True, False), "Lead": (False, True),
                                                            "-": (False, False)}[cell], (action, role)


def test_authority_rows_are_the_seed_rows(matrix):
    assert [r.label for r in matrix.authority.rules] == [row[0] for row in rows(AUTHORITY)]
    assert [matrix.parties[r].name for r in matrix.authority.roles] == ["Tier 1", "Tier 2", "T&S Team",
                                                                     "Billing Team", "Tier 3", "Tier 4"]


@pytest.mark.parametrize("amount, tier_2_may", [(0, True), (0.01, True), (99.99, True), (100, False),
                                                (100.01, False), (5000, False)])
def test_refund_threshold_at_exactly_100(matrix, amount, tier_2_may):
    assert can(matrix, "Tier 2", "Issue refund", amount).allowed is tier_2_may
    assert can(matrix, "Billing", "Issue refund", amount).allowed is True


def test_refund_without_amount_depends_on_amount(matrix):
    answer = permission_answer(can(matrix, "Tier 2", "Issue refund"))
    assert answer["grant"] == "depends" and answer["allowed"] is False
    assert [b["grant"] for b in answer["bands"]] == ["allowed", "denied"]
    assert [b["amount"] for b in answer["bands"]] == ["≥ $0 and < $100", "≥ $100, no upper limit"]


def test_lead_only_names_the_lead(matrix):
    ban = permission_answer(can(matrix, "T&S", "Ban user"))
    assert ban["lead"] == "T&S Lead" and ban["who_can"] == ["T&S Lead", "Tier 4"]
    escrow = permission_answer(can(matrix, "Billing", "Release escrow"))
    assert escrow["lead"] == "Billing Lead" and escrow["who_can"] == ["Billing Lead", "Tier 4"]


# --- Escalation Procedures --------------------------------------------------------------------

PROCEDURES = {
    "Standard Escalation": [
        ("Document the issue", ["Customer details", "Issue description", "Steps taken", "Ticket ID"]),
        ("Notify next tier", ["Use designated chat channel", "@mention appropriate person", "Include ticket link"]),
        ("Handoff", ["Brief verbal/written summary", "Stay available for questions", "Update customer on escalation"]),
        ("Track resolution", ["Monitor ticket", "Learn from resolution", "Update knowledge base if needed"]),
    ],
    "Emergency Escalation": [
        ("Immediate actions", ["Page via PagerDuty", "Post in #incidents chat channel", "Update status page"]),
        ("War room", ["Join designated voice channel", "Clear communication", "One incident commander"]),
        ("Communication cadence", ["Internal: Every 15 min", "External: Every 30 min",
                                   "Executives: Significant updates only"]),
        ("Resolution", ["Confirm issue resolved", "Update all channels", "Begin post-mortem"]),
    ],
}


@pytest.mark.parametrize("severity, name", [("P0", "Emergency Escalation"), ("P1", "Emergency Escalation"),
                                            ("P2", "Standard Escalation"), ("P3", "Standard Escalation")])
def test_procedure_by_severity(matrix, severity, name):
    procedure = route_answer(route(matrix, "Bug reports", severity=severity))["procedure"]
    assert procedure["name"] == name
    assert [(s["title"], s["items"]) for s in procedure["steps"]] == PROCEDURES[name]


# --- Escalation Templates ---------------------------------------------------------------------

SEED_TEMPLATES = {
    "Chat Escalation Message": """🚨 ESCALATION REQUEST

Ticket: #12345
Customer: [Name/Email]
Issue: [Brief description]
Severity: P[0-3]
Time Open: [Duration]
Attempts: [What's been tried]
Impact: [User/business impact]

Requesting: [Tier 2/3/4] assistance
""",
    "Customer Update (During Escalation)": """Subject: Update on your support request #12345

Hi [Name],

I wanted to update you on your issue regarding [topic].

I've escalated this to our [specialist team / senior engineers]
who have more expertise in this area. They are currently
investigating and I expect to have more information within
[timeframe].

I'll keep you updated as we make progress.

Best,
[Agent Name]
""",
    "Post-Resolution Summary": """Ticket: #12345
Resolution Time: [Duration]
Final Resolution: [What fixed it]
Root Cause: [If known]
Knowledge Base: [Article created/updated? Y/N]
Follow-up Required: [Y/N - details]
""",
}


def test_templates_left_empty_read_exactly_as_the_seed(matrix):
    """Word for word the seed's, but for its example ticket number: interpretation `ticket-prompt`."""
    from matrix.core import fill

    assert [t.name for t in matrix.templates.values()] == list(SEED_TEMPLATES)
    assert "ticket-prompt" in {i.id for i in matrix.interpretations}
    for template in matrix.templates.values():
        assert fill(template) == SEED_TEMPLATES[template.name].replace("#12345", "#[Ticket ID]")


def test_filling_the_chat_escalation(matrix):
    from matrix.core import fill

    message = fill(matrix.templates["chat-escalation"], {
        "ticket": "98765", "customer": "ana@example.org", "severity": "P1", "requesting": "Tier 3",
        "attempts": "cleared cache {issue}"})
    assert "Ticket: #98765\nCustomer: ana@example.org\n" in message
    assert "Severity: P1\n" in message and "Requesting: Tier 3 assistance" in message
    assert "Attempts: cleared cache {issue}\n" in message  # typed text is never re-expanded
    assert "Issue: [Brief description]\n" in message


def test_durations_read_as_people_read_them():
    assert [format_minutes(m) for m in (0, 2, 60, 90, 1440, 10080)] == [
        "immediate", "2 min", "1 h", "1 h 30 min", "24 h", "1 week"]
