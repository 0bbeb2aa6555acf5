"""The policy check: each finding kind on a crafted copy of the real matrix, none on a clean one,
and the seed's own findings, each asserted."""

import copy
import json

import pytest
from hypothesis import given, settings, strategies as st

from matrix.core import build_matrix, validate
from matrix.cli import main
from matrix.core.clock.coverage import _hourly, coverage_grid, coverage_holes
from matrix.core.clock.hours import DAY, WEEK, merge_spans, minutes_on
from matrix.core.audit.lint import KINDS, group, lint
from matrix.core.problems import ERROR, WARNING
from matrix.source import DEFAULT_PATH
from matrix_data import ALL_WEEK, draw_every_route, make_clean, team

@pytest.fixture
def clean(matrix_source):
    return make_clean(copy.deepcopy(matrix_source.data))


def findings(data) -> list[tuple[str, str, str, str]]:
    return [(p.kind, p.level, p.path, p.message) for p in lint(data)]


def test_a_clean_matrix_has_no_findings(clean):
    assert lint(clean) == []
    assert validate(clean) == []
    assert coverage_holes(build_matrix(clean)) == []


# --- one crafted problem each ------------------------------------------------------------------

def test_tier_response_slower_than_the_channel_maximum(clean):
    clean["tiers"][0]["response_times"][0]["within"] = "15m"
    assert findings(clean) == [("contradiction", WARNING, "tiers[0].response_times[0].within",
                                "Tier 1 answers Live Chat within 15 min, but the Live Chat first-response "
                                "maximum is 5 min")]


def test_a_severity_action_the_acting_partys_hours_cannot_meet(clean):
    clean["schedules"].append({"id": "office", "name": "Office", "windows": [
        {"days": ALL_WEEK[:5], "from": "09:00", "to": "17:00"}]})
    team(clean, "head-of-support")["hours"] = {"schedule": "office", "label": "Business hours"}
    assert findings(clean) == [(
        "contradiction", WARNING, "severities[0].response[2]",
        "P0 requires “Executive notification within 15 min”, but Tier 4 is reached through Head of Support, who "
        "keeps Business hours and is not reachable for emergencies (off shift Fri 17:00 → Mon 09:00); out of "
        "hours only CTO, VP Engineering can be reached")]


def test_an_action_party_with_emergency_hours_meets_an_emergency_action(clean):
    clean["schedules"].append({"id": "office", "name": "Office", "windows": [
        {"days": ALL_WEEK[:5], "from": "09:00", "to": "17:00"}]})
    team(clean, "head-of-support")["hours"] = {"schedule": "office", "label": "Office + emergency",
                                               "emergency": True}
    assert findings(clean) == []


def test_an_sla_shorter_than_the_owners_direct_response_time(clean):
    clean["tiers"][1]["response_times"][1]["within"] = "4h"
    assert [(k, p) for k, _, p, _ in findings(clean)] == [
        ("contradiction", "categories[0].issue_types[1].sla"), ("contradiction", "categories[0].issue_types[2].sla")]


def test_coverage_hole_is_a_concrete_weekly_range(clean):
    clean["schedules"].append({"id": "office", "name": "Office", "windows": [
        {"days": ALL_WEEK[:5], "from": "09:00", "to": "17:00"}]})
    team(clean, "legal")["hours"] = {"schedule": "office", "label": "Business hours"}
    found = findings(clean)
    assert [f for f in found if f[0] == "coverage"] == [
        ("coverage", WARNING, "categories[2].issue_types[5].owner",
         "DMCA/Copyright: Legal is off shift Fri 17:00 → Mon 09:00 (64 h), longer than the 48 h SLA; the next "
         "step, External Counsel, is on shift throughout"),
        ("coverage", WARNING, "categories[3].issue_types[3].owner",
         "Legal threat: Legal is off shift Mon–Thu 17:00 → 09:00 next day (16 h each), longer than the 2 h SLA; "
         "the next step, General Counsel, is on shift throughout"),
        ("coverage", WARNING, "categories[3].issue_types[3].owner",
         "Legal threat: Legal is off shift Fri 17:00 → Mon 09:00 (64 h), longer than the 2 h SLA; the next step, "
         "General Counsel, is on shift throughout"),
    ]
    # Legal is also a later step elsewhere: those paths are found too (their own kind), and nothing else.
    assert [(k, p) for k, _, p, _ in found if k != "coverage"] == [
        ("path-coverage", "categories[2].issue_types[0].path[1]"),   # Harassment report: 4 h SLA
        ("path-coverage", "categories[2].issue_types[4].path[0]")]   # Terms violation: 24 h SLA


def test_coverage_holes_say_when_the_next_step_is_off_shift_too_and_vanish_on_a_business_clock(clean):
    clean["schedules"].append({"id": "office", "name": "Office", "windows": [
        {"days": ALL_WEEK[:5], "from": "09:00", "to": "17:00"}]})
    for party in ("legal", "general-counsel"):
        team(clean, party)["hours"] = {"schedule": "office", "label": "Business hours"}
    messages = [m for _, _, _, m in findings(clean)]
    assert "Legal threat: Legal is off shift Fri 17:00 → Mon 09:00 (64 h), longer than the 2 h SLA; the next " \
           "step, General Counsel, is off shift then too" in messages
    clean["clocks"]["issue_sla"] = "business"
    assert findings(clean) == []


def test_a_night_shift_owner_leaves_a_daytime_hole(clean):
    clean["schedules"].append({"id": "nights", "name": "Nights", "windows": [
        {"days": ALL_WEEK, "from": "22:00", "to": "06:00"}]})
    team(clean, "legal")["hours"] = {"schedule": "nights", "label": "Nights"}
    holes = [h for h in coverage_holes(build_matrix(clean)) if h.issue == "Legal threat"]
    assert [h.when for h in holes] == ["Mon–Sun 06:00 → 22:00"]
    assert holes[0].minutes == 16 * 60 and len(holes[0].stretches) == 7


@pytest.mark.parametrize("rows, message", [
    ({"min": 150}, "Gap: amounts between 100 and 150 USD are covered by no row"),
    ({"min": 50}, "Overlap: amounts in this range are also covered by authority.rules[3]"),
])
def test_amount_gaps_and_overlaps_are_listed_beside_the_warnings(clean, rows, message):
    clean["authority"]["rules"][4]["amount"].update(rows)
    assert findings(clean) == [("amounts", ERROR, "authority.rules[4].amount", message)]


def test_amount_errors_do_not_hide_the_other_findings(clean):
    clean["authority"]["rules"][4]["amount"]["min"] = 150
    clean["tiers"][0]["response_times"][0]["within"] = "15m"
    assert [k for k, *_ in findings(clean)] == ["amounts", "contradiction"]


def test_other_errors_stop_the_check(clean):
    clean["categories"][0]["issue_types"][0]["owner"] = "nobody"
    clean["tiers"][0]["response_times"][0]["within"] = "15m"
    assert [(k, lvl, p) for k, lvl, p, _ in findings(clean)] == [
        ("reference", ERROR, "categories[0].issue_types[0].owner")]


def test_a_party_named_in_a_path_without_a_contact(clean):
    del team(clean, "general-counsel")["contact"]
    assert findings(clean) == [("contact", WARNING, "categories[3].issue_types[3].path[0]",
                                "General Counsel is named here but has no published contact: an agent cannot "
                                "reach them from the runbook")]


def test_a_placeholder_contact(clean):
    team(clean, "legal")["contact"]["value"] = "TBD"
    assert [(k, p) for k, _, p, _ in findings(clean)] == [("contact", "teams[14].contact.value")]


def test_response_times_undefined_for_a_severity(clean):
    clean["tiers"][2]["response_times"].pop()
    assert findings(clean) == [("undefined-response", WARNING, "tiers[2].response_times",
                                "Tier 3 states response times by severity but none for P3")]


def test_a_category_missing_from_the_flow(clean):
    draw_every_route(clean, without="business")
    assert [(k, p) for k, _, p, _ in findings(clean)] == [("flow", "categories[3]")]


def test_a_template_field_never_used(clean):
    clean["templates"][0]["fields"].append({"name": "unused", "label": "Unused", "prompt": "[?]"})
    assert [(k, p) for k, _, p, _ in findings(clean)] == [("template", "templates[0].fields[8]")]


@pytest.mark.parametrize("change, path, message", [
    (lambda d: d["schedules"][1]["windows"][0].update({"from": "09:00", "to": "09:00"}),
     "schedules[1].windows[0].to", "The window 09:00–09:00 is empty; a whole day is 00:00–24:00"),
    (lambda d: d["schedules"][1]["windows"][0].update({"from": "24:00"}),
     "schedules[1].windows[0].from", "A window cannot start at 24:00; write 00:00 of the next day"),
    (lambda d: d["schedules"][1].update({"holidays": ["2026-02-30"]}),
     "schedules[1].holidays[0]", "No such date: '2026-02-30'"),
    (lambda d: d["schedules"][1].update({"timezone": "Europe/Berln"}),
     "schedules[1].timezone", "Unknown time zone 'Europe/Berln'; expected an IANA name like 'America/New_York' "
                              "or 'Europe/Berlin'"),
    (lambda d: d["off_shift"].update({"on_call": "night-desk"}),
     "off_shift.on_call", "Unknown team or tier 'night-desk'"),
    (lambda d: d["severities"][0]["response"][2].update({"party": "board"}),
     "severities[0].response[2].party", "Unknown team or tier 'board'"),
])
def test_hours_and_rule_errors_block_loading(clean, change, path, message):
    change(clean)
    found = findings(clean)
    assert [(lvl, p) for _, lvl, p, _ in found] == [(ERROR, path)]
    assert found[0][3].startswith(message)


# --- the seed's real findings ------------------------------------------------------------------

SEED_CONTRADICTIONS = [
    ("tiers[0].response_times[0].within",
     "Tier 1 answers Live Chat within 15 min, but the Live Chat first-response maximum is 5 min"),
    ("categories[0].issue_types[1].sla",
     "SkillPod issues must be resolved within 2 h, but its owner Tier 2 only has to respond to direct tickets "
     "within 4 h"),
    ("categories[0].issue_types[2].sla",
     "Performance issues must be resolved within 1 h, but its owner Tier 2 only has to respond to direct "
     "tickets within 4 h"),
    ("categories[3].issue_types[4].sla",
     "Executive complaint must be resolved within 4 h, but its owner Tier 4 only has to respond to P2 and P3 "
     "issues within 24 h"),
    ("severities[3].response[2]",
     "P3 says “No specific SLA” but the resolution table gives it a target of 72 h and a maximum of 1 week"),
    ("severities[0].response[2]",
     "P0 requires “Executive notification within 15 min”, but Tier 4 is reached through Head of Support, who "
     "keeps Business hours and is not reachable for emergencies (off shift Fri 17:00 → Mon 09:00); out of hours "
     "only CTO (no contact published) can be reached"),
]

TIER_2_NIGHTS = "Tier 2 is off shift Mon–Thu 22:00 → 06:00 next day (8 h each)"
TIER_2_WEEKEND = "Tier 2 is off shift Fri 22:00 → Mon 06:00 (56 h)"
NINE_TO_FIVE_NIGHTS = "is off shift Mon–Thu 17:00 → 09:00 next day (16 h each)"
NINE_TO_FIVE_WEEKEND = "is off shift Fri 17:00 → Mon 09:00 (64 h)"
ASSUMED = "(hours not published, assumed Business hours)"
SEED_HOLES = [
    f"SkillPod issues: {TIER_2_NIGHTS}, longer than the 2 h SLA; the next step, Tier 3, is on shift throughout",
    f"SkillPod issues: {TIER_2_WEEKEND}, longer than the 2 h SLA; the next step, Tier 3, is on shift throughout",
    f"Performance issues: {TIER_2_NIGHTS}, longer than the 1 h SLA; the next step, Tier 3, is on shift throughout",
    f"Performance issues: {TIER_2_WEEKEND}, longer than the 1 h SLA; the next step, Tier 3, is on shift throughout",
    f"API errors: {TIER_2_NIGHTS}, longer than the 4 h SLA; the next step, Tier 3, is on shift throughout",
    f"API errors: {TIER_2_WEEKEND}, longer than the 4 h SLA; the next step, Tier 3, is on shift throughout",
    f"Data sync issues: {TIER_2_NIGHTS}, longer than the 4 h SLA; the next step, Tier 3, is on shift throughout",
    f"Data sync issues: {TIER_2_WEEKEND}, longer than the 4 h SLA; the next step, Tier 3, is on shift throughout",
    "Withdrawal issues: Billing Team is off shift Fri 18:00 → Mon 09:00 (63 h), longer than the 48 h SLA; the next "
    "step, Tier 3, is on shift throughout",
    "Invoice problems: Billing Team is off shift Fri 18:00 → Mon 09:00 (63 h), longer than the 24 h SLA; the next "
    "step, Finance, is off shift then too",
    f"Account compromise: Security {ASSUMED} {NINE_TO_FIVE_NIGHTS}, longer than the 1 h SLA; the next step, "
    "Tier 3, is on shift throughout",
    f"Account compromise: Security {ASSUMED} {NINE_TO_FIVE_WEEKEND}, longer than the 1 h SLA; the next step, "
    "Tier 3, is on shift throughout",
    f"DMCA/Copyright: Legal {NINE_TO_FIVE_WEEKEND}, longer than the 48 h SLA; the next step, External Counsel, "
    "is off shift then too",
    f"Enterprise inquiry: Sales {ASSUMED} {NINE_TO_FIVE_WEEKEND}, longer than the 24 h SLA; the next step, "
    "Account Exec, is off shift then too",
    f"Partnership request: BD Team {ASSUMED} {NINE_TO_FIVE_WEEKEND}, longer than the 48 h SLA; the next step, "
    "BD Lead, is off shift then too",
    f"Press inquiry: PR {ASSUMED} {NINE_TO_FIVE_NIGHTS}, longer than the 4 h SLA; the next step, CEO or CMO, is "
    "off shift then too",
    f"Press inquiry: PR {ASSUMED} {NINE_TO_FIVE_WEEKEND}, longer than the 4 h SLA; the next step, CEO or CMO, is "
    "off shift then too",
    f"Legal threat: Legal {NINE_TO_FIVE_NIGHTS}, longer than the 2 h SLA; the next step, General Counsel, is off "
    "shift then too",
    f"Legal threat: Legal {NINE_TO_FIVE_WEEKEND}, longer than the 2 h SLA; the next step, General Counsel, is off "
    "shift then too",
    f"Executive complaint: Tier 4 (emergencies only out of hours) {NINE_TO_FIVE_NIGHTS}, longer than the 4 h SLA; "
    "the next step, CEO, is off shift then too",
    f"Executive complaint: Tier 4 (emergencies only out of hours) {NINE_TO_FIVE_WEEKEND}, longer than the 4 h "
    "SLA; the next step, CEO, is off shift then too",
]
SEED_NO_CONTACT = ["Finance", "Disputes Team", "T&S Lead", "Security", "CISO", "External Counsel", "Sales",
                   "Account Exec", "BD Team", "BD Lead", "PR", "CEO", "CMO", "General Counsel", "Tier 4",
                   "Billing Lead"]

STEP_FIX = ": an issue that needs it then waits past its deadline; extend its hours, or add an alternative that is on shift then"
BUSINESS_HOURS = "(hours not published, assumed Business hours)"
TIER_2_OFF = "Mon–Thu 22:00 → 06:00 next day (8 h each) and Fri 22:00 → Mon 06:00 (56 h)"
BILLING_OFF = "Mon–Thu 18:00 → 09:00 next day (15 h each) and Fri 18:00 → Mon 09:00 (63 h)"
NINE_TO_FIVE_OFF = "Mon–Thu 17:00 → 09:00 next day (16 h each) and Fri 17:00 → Mon 09:00 (64 h)"
WEEKEND = "Fri 17:00 → Mon 09:00 (64 h)"
SEED_STEP_HOLES = [
    ("categories[0].issue_types[0].path[0]", f"Login problems: step 1 of its path, Tier 2, is off shift {TIER_2_OFF}, "
                                             "longer than the 4 h SLA"),
    ("categories[0].issue_types[3].path[0]", "Bug reports: step 1 of its path, Tier 2, is off shift Fri 22:00 → Mon "
                                             "06:00 (56 h), longer than the 24 h SLA"),
    ("categories[1].issue_types[0].path[0]", f"Payment failed: step 1 of its path, Billing Team, is off shift "
                                             f"{BILLING_OFF}, longer than the 4 h SLA"),
    ("categories[1].issue_types[1].path[0]", "Refund request: step 1 of its path, Billing Team, is off shift Fri 18:00 "
                                             "→ Mon 09:00 (63 h), longer than the 24 h SLA"),
    ("categories[1].issue_types[2].path[1]", f"Withdrawal issues: step 2 of its path, Finance {BUSINESS_HOURS}, is off "
                                             f"shift {WEEKEND}, longer than the 48 h SLA"),
    ("categories[1].issue_types[4].path[0]", f"Invoice problems: step 1 of its path, Finance {BUSINESS_HOURS}, is off "
                                             f"shift {WEEKEND}, longer than the 24 h SLA"),
    ("categories[1].issue_types[5].path[0]", f"Fee questions: step 1 of its path, Billing Team, is off shift "
                                             f"{BILLING_OFF}, longer than the 4 h SLA"),
    ("categories[2].issue_types[0].path[0]", f"Harassment report: step 1 of its path, T&S Lead {BUSINESS_HOURS}, is off "
                                             f"shift {NINE_TO_FIVE_OFF}, longer than the 4 h SLA"),
    ("categories[2].issue_types[0].path[1]", f"Harassment report: step 2 of its path, Legal, is off shift "
                                             f"{NINE_TO_FIVE_OFF}, longer than the 4 h SLA"),
    ("categories[2].issue_types[1].path[0]", f"Fraud suspicion: step 1 of its path, T&S Lead {BUSINESS_HOURS}, is off "
                                             f"shift {NINE_TO_FIVE_OFF}, longer than the 2 h SLA"),
    ("categories[2].issue_types[1].path[1]", f"Fraud suspicion: step 2 of its path, Security {BUSINESS_HOURS}, is off "
                                             f"shift {NINE_TO_FIVE_OFF}, longer than the 2 h SLA"),
    ("categories[2].issue_types[2].path[1]", f"Account compromise: step 2 of its path, CISO {BUSINESS_HOURS}, is off "
                                             f"shift {NINE_TO_FIVE_OFF}, longer than the 1 h SLA"),
    ("categories[2].issue_types[3].path[0]", f"Fake profiles: step 1 of its path, T&S Lead {BUSINESS_HOURS}, is off "
                                             f"shift {WEEKEND}, longer than the 24 h SLA"),
    ("categories[2].issue_types[4].path[0]", f"Terms violation: step 1 of its path, Legal, is off shift {WEEKEND}, "
                                             "longer than the 24 h SLA"),
    ("categories[2].issue_types[5].path[0]", f"DMCA/Copyright: step 1 of its path, External Counsel {BUSINESS_HOURS}, "
                                             f"is off shift {WEEKEND}, longer than the 48 h SLA"),
    ("categories[3].issue_types[0].path[0]", f"Enterprise inquiry: step 1 of its path, Account Exec {BUSINESS_HOURS}, "
                                             f"is off shift {WEEKEND}, longer than the 24 h SLA"),
    ("categories[3].issue_types[1].path[0]", f"Partnership request: step 1 of its path, BD Lead {BUSINESS_HOURS}, is "
                                             f"off shift {WEEKEND}, longer than the 48 h SLA"),
    ("categories[3].issue_types[2].path[0]", f"Press inquiry: step 1 of its path, CEO (emergencies only out of hours) "
                                             f"or CMO {BUSINESS_HOURS}, is off shift {NINE_TO_FIVE_OFF}, longer than "
                                             "the 4 h SLA"),
    ("categories[3].issue_types[3].path[0]", f"Legal threat: step 1 of its path, General Counsel {BUSINESS_HOURS}, is "
                                             f"off shift {NINE_TO_FIVE_OFF}, longer than the 2 h SLA"),
    ("categories[3].issue_types[3].path[1]", "Legal threat: step 2 of its path, CEO (emergencies only out of hours), is "
                                             "off shift all week (no regular hours), longer than the 2 h SLA"),
    ("categories[3].issue_types[4].path[0]", "Executive complaint: step 1 of its path, CEO (emergencies only out of "
                                             "hours), is off shift all week (no regular hours), longer than the 4 h SLA"),
]
AUTHORITY_FIX = "; add a party who may to the path, or grant the action to a party on it"
SEED_AUTHORITY = [
    ("categories[1].issue_types[3].our_needed_actions[0]",
     "Dispute resolution needs “Release escrow (dispute)”, but nobody on its path (Disputes Team → Legal) may take "
     f"it: only Billing Lead and Tier 4 may{AUTHORITY_FIX}"),
    ("categories[1].issue_types[3].our_needed_actions[1]",
     "Dispute resolution needs “Issue refund”, but nobody on its path (Disputes Team → Legal) may take “Issue refund "
     "(<$100)” (only Tier 2, Billing Team and Tier 4 may) or “Issue refund (>$100)” (only Billing Team and Tier 4 "
     f"may){AUTHORITY_FIX}"),
]
SEED_CHANNEL = [
    ("channels[2].first_response",
     "Phone promises a first response immediately (at most 1 min), but customers reach it through Emergency Line, "
     "whose contact '+1-XXX-XXX-XXXX' is a placeholder and which keeps no regular hours (“P0/P1 only”, emergencies "
     "only); publish a real contact and hours that cover the promise, or change the promise"),
]
ROUTE_FIX = "; add them to the flow"
ARROW_FIX = "; drop the arrow, or route the issues it stands for along it"
DIRECTORY_ONLY = ("is listed in the contact directory but named nowhere else: no issue type is routed to it, and no "
                  "tier, procedure or rule says when to reach it; route the issues it handles to it, or drop it from "
                  "the directory")
SEED_FLOW = [
    ("flow", "categories[1].issue_types[2].path[1]",
     "Withdrawal issues: the flow does not draw its route, Tier 1 → Billing Team → Tier 3 → Finance: it has no arrow "
     f"Tier 3 → Finance, and no box for Finance{ROUTE_FIX}"),
    ("flow", "categories[1].issue_types[3].owner",
     "Dispute resolution: the flow does not draw its route, Tier 1 → Disputes Team → Legal: it has no arrow Tier 1 → "
     f"Disputes Team or Disputes Team → Legal, and no box for Disputes Team or Legal{ROUTE_FIX}"),
    ("flow", "categories[1].issue_types[4].path[0]",
     "Invoice problems: the flow does not draw its route, Tier 1 → Billing Team → Finance: it has no arrow Billing "
     f"Team → Finance, and no box for Finance{ROUTE_FIX}"),
    ("flow", "categories[2].issue_types[0].path[0]",
     "Harassment report: the flow does not draw its route, Tier 1 → T&S Team → T&S Lead → Legal: it has no arrow T&S "
     f"Team → T&S Lead or T&S Lead → Legal, and no box for T&S Lead or Legal{ROUTE_FIX}"),
    ("flow", "categories[2].issue_types[1].path[0]",
     "Fraud suspicion: the flow does not draw its route, Tier 1 → T&S Team → T&S Lead → Security: it has no arrow T&S "
     f"Team → T&S Lead or T&S Lead → Security, and no box for T&S Lead or Security{ROUTE_FIX}"),
    ("flow", "categories[2].issue_types[2].owner",
     "Account compromise: the flow does not draw its route, Tier 1 → Security → Tier 3 → CISO: it has no arrow Tier 1 "
     f"→ Security, Security → Tier 3 or Tier 3 → CISO, and no box for Security or CISO{ROUTE_FIX}"),
    ("flow", "categories[2].issue_types[3].path[0]",
     "Fake profiles: the flow does not draw its route, Tier 1 → T&S Team → T&S Lead: it has no arrow T&S Team → T&S "
     f"Lead, and no box for T&S Lead{ROUTE_FIX}"),
    ("flow", "categories[2].issue_types[4].path[0]",
     "Terms violation: the flow does not draw its route, Tier 1 → T&S Team → Legal: it has no arrow T&S Team → Legal, "
     f"and no box for Legal{ROUTE_FIX}"),
    ("flow", "categories[2].issue_types[5].owner",
     "DMCA/Copyright: the flow does not draw its route, Tier 1 → Legal → External Counsel: it has no arrow Tier 1 → "
     f"Legal or Legal → External Counsel, and no box for Legal or External Counsel{ROUTE_FIX}"),
    ("flow", "flow.edges[9]", "No route takes the flow's arrow T&S Team → Tier 3 Engineering: no issue type goes from "
                              f"T&S Team to Tier 3{ARROW_FIX}"),
    ("flow", "flow.edges[10]", "No route takes the flow's arrow Tier 3 Engineering → Tier 4 Executive: no issue type "
                               f"goes from Tier 3 to Tier 4{ARROW_FIX}"),
    ("flow", "teams[5]", f"Verification Team {DIRECTORY_ONLY}"),
    ("flow", "teams[8]", f"On-Call Secondary {DIRECTORY_ONLY}"),
]
SEED_KINDS = ["contradiction", "coverage", "path-coverage", "contact", "channel", "authority", "undefined-response",
              "flow"]


@pytest.fixture(scope="module")
def seed_findings(matrix_source):
    return lint(matrix_source.data)


def test_the_seed_has_no_errors_and_every_finding_is_a_known_kind(seed_findings):
    assert {p.level for p in seed_findings} == {WARNING}
    assert {p.kind for p in seed_findings} == {"contradiction", "coverage", "path-coverage", "contact", "channel",
                                               "authority", "undefined-response", "flow"}
    assert set(KINDS) >= {p.kind for p in seed_findings}


def test_the_seeds_contradictions(seed_findings):
    assert [(p.path, p.message) for p in seed_findings if p.kind == "contradiction"] == SEED_CONTRADICTIONS


def test_the_seeds_coverage_holes(seed_findings):
    assert [p.message for p in seed_findings if p.kind == "coverage"] == SEED_HOLES


def test_the_seeds_contact_findings(seed_findings):
    contact = [p.message for p in seed_findings if p.kind == "contact"]
    assert [m.split(" is named here")[0] for m in contact[:-1]] == SEED_NO_CONTACT
    assert contact[-1] == "Emergency Line's contact '+1-XXX-XXX-XXXX' is a placeholder, not a contact anyone can reach"


def test_the_seeds_undefined_response_and_flow_findings(seed_findings):
    assert [(p.kind, p.path, p.message) for p in seed_findings if p.kind in ("undefined-response", "flow")] == [
        ("undefined-response", "tiers[2].response_times", "Tier 3 states response times by severity but none for P3"),
        ("flow", "categories[3]", "The escalation flow has no branch for Business Issues: the diagram does not show "
                                  "where these issues go after Tier 1"),
        *SEED_FLOW]
    assert len(seed_findings) == (len(SEED_CONTRADICTIONS) + len(SEED_HOLES) + len(SEED_NO_CONTACT) + 1 + 2
                                  + len(SEED_FLOW) + len(SEED_STEP_HOLES) + len(SEED_AUTHORITY) + 1)



def test_the_seeds_later_steps_off_shift_past_the_deadline(seed_findings):
    found = [(p.path, p.message) for p in seed_findings if p.kind == "path-coverage"]
    assert found == [(path, text + STEP_FIX) for path, text in SEED_STEP_HOLES]
    assumed = [p.ours for p in seed_findings if p.kind == "path-coverage"]
    assert assumed == ["unpublished-hours" if BUSINESS_HOURS in text else None for _, text in SEED_STEP_HOLES]


def test_the_seeds_dispute_path_may_neither_release_escrow_nor_refund(seed_findings):
    found = [p for p in seed_findings if p.kind == "authority"]
    assert [(p.path, p.message) for p in found] == SEED_AUTHORITY
    assert {p.ours for p in found} == {"needed-actions"}


def test_the_seeds_phone_promise_rests_on_a_placeholder_emergency_line(seed_findings):
    found = [p for p in seed_findings if p.kind == "channel"]
    assert [(p.path, p.message) for p in found] == SEED_CHANNEL
    assert found[0].ours == "channel-entry-points"


def test_every_seed_finding_is_at_a_path_the_file_has(seed_findings, matrix_source):
    # FILE:LINE:COL is the finding's own place, never an ancestor's fallback.
    assert [p.path for p in seed_findings if p.path not in matrix_source.positions] == []


# --- grouping, the CLI and the coverage grid ---------------------------------------------------

def test_findings_group_by_kind_in_page_order_with_locations(matrix_source):
    groups = group(matrix_source.lint())
    assert [g["kind"] for g in groups] == SEED_KINDS
    assert all(g["explanation"] and g["title"] for g in groups)
    first = groups[1]["findings"][0]
    assert first["path"] == "categories[0].issue_types[1].owner"
    assert (first["file"], first["line"]) == (matrix_source.name, matrix_source.positions[first["path"]][0])


def test_check_lint_prints_groups_and_exits_by_errors(capsys, clean, tmp_path):
    assert main(["check", "--lint"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Policy check of {DEFAULT_PATH}: ")
    assert "\nCoverage holes (21): The owner is off shift for longer than the SLA allows" in out
    assert "\nCoverage along the path (21): A later step of the path is off shift" in out
    assert "\nAuthority along the path (2): Nobody on the issue's owner or path may take" in out
    assert "(our interpretation: needed-actions)" in out
    assert f"{DEFAULT_PATH}:" in out and "Legal threat: Legal is off shift Fri 17:00 → Mon 09:00 (64 h)" in out
    assert main(["check", "--lint", "--strict"]) == 1
    capsys.readouterr()
    assert main(["check", "--lint", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [g["kind"] for g in report["groups"]] == SEED_KINDS
    clean["authority"]["rules"][4]["amount"]["min"] = 150
    gap = tmp_path / "gap.json"
    gap.write_text(json.dumps(clean))
    assert main(["check", "--lint", str(gap)]) == 1
    assert "Gap: amounts between 100 and 150 USD" in capsys.readouterr().out


def test_check_json_needs_lint(capsys):
    assert main(["check", "--json"]) == 2
    assert "--json goes with --lint" in capsys.readouterr().err


def test_coverage_grid_is_parties_by_hours_of_the_week(matrix):
    grid = coverage_grid(matrix)
    assert grid["timezone"] == "America/New_York" and grid["hours"] == 168 and len(grid["days"]) == 7
    rows = {row["id"]: row for row in grid["rows"]}
    assert set(rows) == set(matrix.parties)
    assert [r["id"] for r in grid["rows"][:4]] == ["tier-1", "tier-2", "tier-3", "tier-4"]
    assert rows["tier-1"]["minutes"] == [60] * 168
    legal = rows["legal"]["minutes"]
    assert legal[8] == 0 and legal[9] == 60 and legal[16] == 60 and legal[17] == 0      # Monday 09:00–17:00
    assert legal[5 * 24: 7 * 24] == [0] * 48                                           # the weekend
    assert rows["legal"]["hours_per_week"] == 40
    tier2 = rows["tier-2"]["minutes"]
    assert (tier2[5], tier2[6], tier2[21], tier2[22]) == (0, 60, 60, 0)
    assert rows["ceo"]["minutes"] == [0] * 168 and rows["ceo"]["emergency"] is True
    assert rows["security"]["published"] is False
    json.dumps(grid)


def test_coverage_grid_shows_partial_hours_and_other_zones(clean):
    clean["schedules"].append({"id": "berlin", "name": "Berlin office", "timezone": "Europe/Berlin", "windows": [
        {"days": ALL_WEEK[:5], "from": "09:30", "to": "17:00"}]})
    team(clean, "legal")["hours"] = {"schedule": "berlin", "label": "Berlin office hours"}
    legal = next(r for r in coverage_grid(build_matrix(clean))["rows"] if r["id"] == "legal")["minutes"]
    assert legal[2:12] == [0, 30, 60, 60, 60, 60, 60, 60, 60, 0]       # 09:30–17:00 Berlin is 03:30–11:00 here


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, WEEK - 1), st.integers(1, 3 * DAY)), max_size=12))
def test_the_grids_hourly_minutes_equal_a_scan_of_every_hour(spans):
    # The grid sums each span into the hours it touches; this is the plain per-hour scan it replaced.
    on = merge_spans([(start, min(start + length, WEEK)) for start, length in spans])
    assert _hourly(on) == [minutes_on(on, hour * 60, hour * 60 + 60) for hour in range(7 * 24)]
