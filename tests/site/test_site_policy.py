"""The Policy check page: the seed's real findings at their YAML lines, none for a clean matrix, a
coverage chart that follows the schedules (built for real from modified copies), readable in
Chromium in both palettes; and the clocks, the off-shift rule and the hours' time zone on the site.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from conftest import mkdocs_build
from matrix.core.clock.coverage import coverage_grid
from matrix.core.clock.hours import DAY, WEEK
from matrix.core.audit.lint import KINDS
from matrix.core.load import build_matrix
from matrix.site import describe_week, layout_coverage, shift_summaries
from matrix.site.coverage_chart import HOUR_WIDTH
from matrix.source import DEFAULT_PATH
from matrix_data import WrittenOut, make_clean, team

SOURCE_NAME = "matrix/escalation-matrix.yaml"
TZ = "America/New_York"
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]


def write_copy(folder: Path, data: dict) -> Path:
    path = folder / "matrix-copy.yaml"
    path.write_text(yaml.dump(data, Dumper=WrittenOut, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build_copy(folder: Path, data: dict) -> Path:
    result = mkdocs_build(folder / "site", env={"ESCALATION_MATRIX": str(write_copy(folder, data))})
    assert result.returncode == 0, result.stderr
    return folder / "site"


def rows_of(element) -> list[list[str]]:
    return [[td.text for td in tr.find_all("td")] for tr in element.find_all("tr") if tr.find("td")]


def findings_table(page, kind: str) -> list[list[str]]:
    """The rows of the findings table under the heading `kind`."""
    start = page.by_id(kind)
    siblings = [c for c in start.parent.children if not isinstance(c, str)]
    table = next(el for el in siblings[siblings.index(start) + 1:] if el.tag == "table")
    return rows_of(table)


def chart_row(page, party_id: str):
    svg = page.find("svg", class_="rb-cov__svg")
    return next(g for g in svg.find_all("g") if g.attrs.get("data-party") == party_id)


def runs(row) -> list[tuple[str, int, int]]:
    """(state, first hour, end hour) of every bar in a chart row, read back from the SVG geometry."""
    grid_x = float(row.find("rect", class_="rb-cov__off").attrs["x"])
    out = []
    for rect in row.find_all("rect"):
        state = rect.attrs["class"].removeprefix("rb-cov__")
        if state == "off":
            continue
        x, width = float(rect.attrs["x"]), float(rect.attrs["width"])
        out.append((state, round((x - grid_x) / HOUR_WIDTH), round((x - grid_x + width) / HOUR_WIDTH)))
    return out


@pytest.fixture(scope="module")
def read(built_site, read_html):
    return lambda url: read_html(built_site, url)


@pytest.fixture(scope="module")
def line_of(matrix_source):
    """The line a data path starts on in the real YAML, checked against the text found there."""
    lines = DEFAULT_PATH.read_text(encoding="utf-8").splitlines()

    def line(path: str, expect: str) -> int:
        number = matrix_source.positions[path][0]
        assert expect in lines[number - 1], (path, lines[number - 1])
        return number

    return line


# --- the seed's real findings ------------------------------------------------------------------

def test_the_legal_threat_coverage_holes_are_listed_at_the_owner_line(read, line_of):
    line = line_of("categories[3].issue_types[3].owner", "owner: legal")
    rows = findings_table(read("policy-check/"), "coverage")
    legal = [message for where, message in rows if "Legal threat" in message]
    assert legal == [
        "Legal threat: Legal is off shift Mon–Thu 17:00 → 09:00 next day (16 h each), longer than the 2 h SLA; "
        "the next step, General Counsel, is off shift then too",
        "Legal threat: Legal is off shift Fri 17:00 → Mon 09:00 (64 h), longer than the 2 h SLA; the next step, "
        "General Counsel, is off shift then too"]
    assert [where for where, message in rows if "Legal threat" in message] == [
        f"{SOURCE_NAME}:{line} categories[3].issue_types[3].owner"] * 2


def test_the_p0_executive_notification_contradiction_is_listed_at_its_action(read, line_of):
    line = line_of("severities[0].response[2]", "Executive notification within 15 min")
    rows = findings_table(read("policy-check/"), "contradiction")
    assert [f"{SOURCE_NAME}:{line} severities[0].response[2]",
            "P0 requires “Executive notification within 15 min”, but Tier 4 is reached through Head of Support, "
            "who keeps Business hours and is not reachable for emergencies (off shift Fri 17:00 → Mon 09:00); "
            "out of hours only CTO (no contact published) can be reached (our interpretation)"] in rows
    # That “Executive” means Tier 4 is our reading of the seed: the finding links it.
    row = next(tr for tr in read("policy-check/").find_all("tr") if "Executive notification" in tr.text)
    assert row.find("a").attrs["href"] == "../interpretations/#action-parties"


def test_the_tier_1_chat_contradiction_is_listed_at_its_response_time(read, line_of):
    line = line_of("tiers[0].response_times[0].within", "within: 15m")
    rows = findings_table(read("policy-check/"), "contradiction")
    assert [f"{SOURCE_NAME}:{line} tiers[0].response_times[0].within",
            "Tier 1 answers Live Chat within 15 min, but the Live Chat first-response maximum is 5 min"] in rows


def test_the_placeholder_phone_and_missing_contacts_are_listed(read, line_of):
    rows = findings_table(read("policy-check/"), "contact")
    line = line_of("teams[2].contact.value", "+1-XXX-XXX-XXXX")
    assert [f"{SOURCE_NAME}:{line} teams[2].contact.value",
            "Emergency Line's contact '+1-XXX-XXX-XXXX' is a placeholder, not a contact anyone can reach"] in rows
    line = line_of("categories[3].issue_types[3].path[0]", "general-counsel")
    assert [f"{SOURCE_NAME}:{line} categories[3].issue_types[3].path[0]",
            "General Counsel is named here but has no published contact: an agent cannot reach them from the "
            "runbook"] in rows


def test_the_undefined_p3_response_and_the_missing_flow_branch_are_listed(read, line_of):
    page = read("policy-check/")
    line = line_of("tiers[2].response_times", "response_times")
    assert findings_table(page, "undefined-response") == [
        [f"{SOURCE_NAME}:{line} tiers[2].response_times", "Tier 3 states response times by severity but none for P3"]]
    line = line_of("categories[3]", "id: business")
    flow = findings_table(page, "flow")
    assert flow[0] == [f"{SOURCE_NAME}:{line} categories[3]", "The escalation flow has no branch for Business Issues: "
                                                              "the diagram does not show where these issues go after "
                                                              "Tier 1"]
    line = line_of("flow.edges[10]", "[engineering, executive]")
    assert [f"{SOURCE_NAME}:{line} flow.edges[10]",
            "No route takes the flow's arrow Tier 3 Engineering → Tier 4 Executive: no issue type goes from Tier 3 to "
            "Tier 4; drop the arrow, or route the issues it stands for along it"] in flow
    assert len(flow) == 14


def test_the_dispute_path_without_authority_is_listed_and_rests_on_our_choice(read, line_of):
    line = line_of("categories[1].issue_types[3].our_needed_actions[0]", "Release escrow (dispute)")
    rows = findings_table(read("policy-check/"), "authority")
    assert rows[0] == [f"{SOURCE_NAME}:{line} categories[1].issue_types[3].our_needed_actions[0]",
                       "Dispute resolution needs “Release escrow (dispute)”, but nobody on its path (Disputes Team → "
                       "Legal) may take it: only Billing Lead and Tier 4 may; add a party who may to the path, or grant "
                       "the action to a party on it (our interpretation)"]
    assert len(rows) == 2


def test_the_phone_promise_and_the_later_steps_off_shift_are_listed(read, line_of):
    page = read("policy-check/")
    line = line_of("channels[2].first_response", "first_response")
    channel = findings_table(page, "channel")
    assert [where for where, _ in channel] == [f"{SOURCE_NAME}:{line} channels[2].first_response"]
    assert channel[0][1].startswith("Phone promises a first response immediately (at most 1 min), but customers "
                                    "reach it through Emergency Line, whose contact '+1-XXX-XXX-XXXX' is a placeholder")
    steps = findings_table(page, "path-coverage")
    line = line_of("categories[3].issue_types[3].path[0]", "general-counsel")
    assert [f"{SOURCE_NAME}:{line} categories[3].issue_types[3].path[0]",
            "Legal threat: step 1 of its path, General Counsel (hours not published, assumed Business hours), is off "
            "shift Mon–Thu 17:00 → 09:00 next day (16 h each) and Fri 17:00 → Mon 09:00 (64 h), longer than the 2 h "
            "SLA: an issue that needs it then waits past its deadline; extend its hours, or add an alternative that is "
            "on shift then (our interpretation)"] in steps
    assert len(steps) == 21


def test_the_page_lists_every_kind_the_check_looks_for(read):
    kinds = read("policy-check/").find("details", class_="rb-policy-kinds")
    terms = [dt.text for dt in kinds.find_all("dt")]
    assert terms == [title if kind not in ("amounts", "template") else f"{title} (no findings)"
                     for kind, (title, _) in KINDS.items()]
    assert [dd.text for dd in kinds.find_all("dd")] == [explanation.replace("`", "") for _, explanation in KINDS.values()]
    assert kinds.find("dt", id="kind-authority").find("a").attrs["href"] == "#authority"


def test_each_kind_says_what_an_operations_lead_can_do(read):
    page = read("policy-check/")
    notes = [p.text for p in page.find_all("p", class_="rb-policy-action")]
    assert notes == [f"What to do: {KINDS[kind][1].replace('`', '')}"
                     for kind in ("contradiction", "coverage", "path-coverage", "contact", "channel", "authority",
                                  "undefined-response", "flow")]
    # The explanation's field name is set as code, not left as Markdown backticks.
    coverage = next(p for p in page.find_all("p", class_="rb-policy-action") if "business hours" in p.text)
    assert coverage.find("code").text == "clocks" and "`" not in coverage.text


# --- a clean matrix, and a changed schedule, built for real -------------------------------------

@pytest.fixture(scope="module")
def clean_site(tmp_path_factory, matrix_source) -> Path:
    return build_copy(tmp_path_factory.mktemp("clean"), make_clean(copy.deepcopy(matrix_source.data)))


def test_a_clean_matrix_gives_a_page_with_no_findings(clean_site, read_html):
    page = read_html(clean_site, "policy-check/")
    assert "No findings" in page.by_id("no-findings").text
    assert page.find("p", class_="rb-policy-summary") is None
    for kind in [*KINDS, "blocking"]:
        assert page.find_all(id=kind) == [], kind
    looked_for = page.find("details", class_="rb-policy-kinds")  # what was checked, even with nothing found
    assert [dt.text for dt in looked_for.find_all("dt")] == [f"{title} (no findings)" for title, _ in KINDS.values()]
    assert [h.attrs.get("id") for h in page.find("article").find_all("h2")] == ["on-shift-by-hour"]
    assert page.find("svg", class_="rb-cov__svg") is not None  # the chart is there either way
    assert "0 warnings an operations lead should act on" in read_html(clean_site, "").find("article").text


def test_the_seed_page_is_not_clean(read):
    page = read("policy-check/")
    assert page.find_all(id="no-findings") == []
    assert page.find("p", class_="rb-policy-summary").text.startswith("83 finding(s) in 8 kind(s)")


def changed_schedules(data: dict) -> dict:
    """Legal works Wednesday nights across midnight and Saturday late mornings; Billing keeps Berlin
    hours; only P0 is an emergency, and waiting never hands an issue on."""
    data["off_shift"] = {"emergency_severities": ["P0"], "on_call": "tier-3", "if_wait_breaches": "wait"}
    data["schedules"] += [
        {"id": "legal-odd", "name": "Legal rota", "windows": [
            {"days": ["wed"], "from": "22:00", "to": "02:00"}, {"days": ["sat"], "from": "10:00", "to": "14:00"}]},
        {"id": "berlin", "name": "Berlin office", "timezone": "Europe/Berlin", "windows": [
            {"days": WEEKDAYS, "from": "09:30", "to": "17:00"}]},
    ]
    team(data, "legal")["hours"] = {"schedule": "legal-odd", "label": "Odd hours"}
    team(data, "billing")["hours"] = {"schedule": "berlin", "label": "Berlin hours"}
    return data


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory, matrix_source) -> Path:
    return build_copy(tmp_path_factory.mktemp("schedules"), changed_schedules(copy.deepcopy(matrix_source.data)))


def test_the_chart_follows_a_changed_schedule(changed_site, read, read_html):
    changed, real = read_html(changed_site, "policy-check/"), read("policy-check/")
    wednesday, saturday = 2 * 24, 5 * 24
    assert runs(chart_row(changed, "legal")) == [("on", wednesday + 22, wednesday + 26), ("on", saturday + 10, saturday + 14)]
    assert runs(chart_row(real, "legal")) == [("on", d * 24 + 9, d * 24 + 17) for d in range(5)]
    # 09:30–17:00 in Berlin is 03:30–11:00 in New York (winter offsets): a part hour, then whole ones.
    assert runs(chart_row(changed, "billing")) == [
        run for d in range(5) for run in (("part", d * 24 + 3, d * 24 + 4), ("on", d * 24 + 4, d * 24 + 11))]
    legend = [t.text for t in changed.find("g", class_="rb-cov__legend").find_all("text")]
    assert "On shift for part of the hour" in legend
    assert "On shift for part of the hour" not in [t.text for t in real.find("g", class_="rb-cov__legend").find_all("text")]


def test_the_text_alternative_follows_a_changed_schedule(changed_site, read, read_html):
    changed = read_html(changed_site, "policy-check/")
    assert [td.text for td in changed.by_id("shift-legal").find_all("td")] == [
        "Legal", "Odd hours", "Wed 22:00–02:00 next day; Sat 10:00–14:00", "8", "not reachable"]
    assert [td.text for td in changed.by_id("shift-billing").find_all("td")] == [
        "Billing Team", "Berlin hours", "Mon–Fri 03:30–11:00 converted from Europe/Berlin", "37.5", "not reachable"]
    assert [td.text for td in read("policy-check/").by_id("shift-legal").find_all("td")] == [
        "Legal", "Business hours", "Mon–Fri 09:00–17:00", "40", "not reachable"]
    # The findings follow too: Legal's holes are now the gaps of its rota.
    holes = [m for _, m in findings_table(changed, "coverage") if m.startswith("Legal threat")]
    assert holes and all("Thu 02:00" in m or "Sat 14:00" in m for m in holes), holes


def test_the_contact_directory_names_a_schedules_own_zone(changed_site, read, read_html):
    assert "Europe/Berlin" in read_html(changed_site, "contacts/").by_id("billing").find_all("td")[3].text
    assert "Europe/Berlin" not in read("contacts/").by_id("billing").find_all("td")[3].text


# --- the chart on the seed ---------------------------------------------------------------------

def test_the_chart_has_a_row_per_party_with_its_shifts(read, matrix):
    page = read("policy-check/")
    svg = page.find("svg", class_="rb-cov__svg")
    assert svg.attrs["role"] == "img" and svg.attrs["aria-labelledby"] == "coverage-title coverage-desc"
    assert page.by_id("coverage-title").text == f"Who is on shift, hour by hour ({TZ})"
    parties = [g.attrs["data-party"] for g in svg.find_all("g") if "data-party" in g.attrs]
    assert parties == [row["id"] for row in coverage_grid(matrix)["rows"]] and set(parties) == set(matrix.parties)
    assert runs(chart_row(page, "tier-1")) == [("on", 0, 168)]
    assert runs(chart_row(page, "tier-2")) == [("on", d * 24 + 6, d * 24 + 22) for d in range(5)]
    # Emergency-only: hatched all week; business hours + emergency: hatched between its shifts.
    assert runs(chart_row(page, "cto")) == [("emergency", 0, 168)]
    tier_4 = runs(chart_row(page, "tier-4"))
    assert tier_4[:3] == [("emergency", 0, 9), ("on", 9, 17), ("emergency", 17, 33)]
    assert tier_4[-1] == ("emergency", 4 * 24 + 17, 168)
    # Hours not published: assumed, and drawn as such.
    security = chart_row(page, "security")
    assert "rb-cov__row--assumed" in security.attrs["class"].split()
    assert security.find("text").text == "Security (assumed)"
    assert runs(security) == [("assumed", d * 24 + 9, d * 24 + 17) for d in range(5)]
    assert chart_row(page, "legal").find("text").text == "Legal"
    assert [t.text for t in chart_row(page, "legal").find_all("title")] == ["Legal: on shift Mon–Fri 09:00–17:00"]
    assert chart_row(page, "tier-4").find("title").text == (
        "Tier 4: on shift Mon–Fri 09:00–17:00; off shift, reachable for emergencies (P0/P1)")
    assert chart_row(page, "ceo").find("title").text == "CEO: never on shift; off shift, reachable for emergencies (P0/P1)"
    assert chart_row(page, "tier-1").find("title").text == "Tier 1: always on shift"
    assert chart_row(page, "security").find("title").text == (
        "Security: on shift Mon–Fri 09:00–17:00 (hours not published; assumed: Business hours "
        "(9am–5pm, Monday–Friday))")


def test_the_text_alternative_lists_every_party_on_shift_ranges(read, matrix):
    page = read("policy-check/")
    rows = {tr.attrs["id"]: [td.text for td in tr.find_all("td")] for tr in page.by_id("on-shift-in-words").parent.find_all("tr")
            if tr.attrs.get("id", "").startswith("shift-")}
    assert len(rows) == len(matrix.parties)
    assert rows["shift-tier-1"] == ["Tier 1", "24/7", "around the clock", "168", "always on shift"]
    assert rows["shift-billing"] == ["Billing Team", "9am-6pm", "Mon–Fri 09:00–18:00", "45", "not reachable"]
    assert rows["shift-ceo"] == ["CEO", "Emergency only", "never", "0", "reachable for emergencies (P0/P1)"]
    assert rows["shift-finance"] == ["Finance", "not published; assumed: Business hours (9am–5pm, Monday–Friday)",
                                     "Mon–Fri 09:00–17:00", "40", "not reachable"]
    assert f"On shift ({TZ})" in [th.text for th in page.by_id("on-shift-in-words").parent.find_all("th")]


def test_layout_labels_fit_left_of_the_hours_and_rows_never_overlap(matrix):
    grid = coverage_grid(matrix)
    chart = layout_coverage(grid, shift_summaries(matrix, grid))
    assert chart.grid_width == 168 * HOUR_WIDTH and chart.width >= chart.grid_x + chart.grid_width
    longest = max(chart.rows, key=lambda row: len(row.label))
    assert longest.label == "External Counsel (assumed)"
    assert chart.grid_x >= len(longest.label) * 7.0
    tops = [row.y for row in chart.rows]
    assert all(b - a >= chart.row_height for a, b in zip(tops, tops[1:]))
    assert chart.bottom <= chart.legend_y and chart.legend[-1].x < chart.width
    assert [item.state for item in chart.legend] == ["on", "off", "emergency", "assumed"]
    for row in chart.rows:
        assert all(chart.grid_x <= run.x and run.x + run.width <= chart.grid_x + chart.grid_width for run in row.runs)


def test_shift_summaries_say_when_hours_were_converted_from_another_zone(matrix_source):
    data = changed_schedules(copy.deepcopy(matrix_source.data))
    matrix = build_matrix(data)
    summaries = {s.id: s for s in shift_summaries(matrix, coverage_grid(matrix))}
    assert (summaries["billing"].on_shift, summaries["billing"].schedule_zone) == ("Mon–Fri 03:30–11:00", "Europe/Berlin")
    assert summaries["legal"].schedule_zone is None and summaries["legal"].hours_per_week == 8


@pytest.mark.parametrize("spans, words", [
    ([], "never"),
    ([(0, WEEK)], "around the clock"),
    ([(d * DAY + 540, d * DAY + 1020) for d in range(5)], "Mon–Fri 09:00–17:00"),
    ([(540, 1020), (2 * DAY + 540, 2 * DAY + 1020)], "Mon, Wed 09:00–17:00"),
    ([(d * DAY + 1080, d * DAY + DAY) for d in range(3)], "Mon–Wed 18:00–24:00"),
    # Nights across midnight, the Sunday one wrapping into Monday morning.
    ([(0, 360)] + [(d * DAY + 1320, (d + 1) * DAY + 360) for d in range(6)] + [(6 * DAY + 1320, WEEK)],
     "Mon–Sun 22:00–06:00 next day"),
    ([(4 * DAY + 1080, WEEK)], "Fri 18:00 → Mon 00:00"),
    ([(540, 1020), (5 * DAY + 600, 5 * DAY + 720)], "Mon 09:00–17:00; Sat 10:00–12:00"),
])
def test_describe_week(spans, words):
    assert describe_week(spans) == words


# --- clocks, the off-shift rule and time zones elsewhere on the site ------------------------------

def test_the_sla_page_says_how_each_clock_counts(read, matrix):
    page = read("sla/")
    rows = {tr.attrs["id"]: [td.text for td in tr.find_all("td")] for tr in page.find_all("tr")
            if tr.attrs.get("id", "").startswith("clock-")}
    assert list(matrix.clocks) == ["first_response", "issue_sla", "resolution"]
    assert rows == {
        "clock-first-response": ["First response", "the channel's first-response target and maximum", "calendar time, 24/7"],
        "clock-issue-sla": ["Issue-type SLA", "each issue type's SLA in the routing tables", "calendar time, 24/7"],
        "clock-resolution": ["Resolution", "the severity's resolution target and maximum", "calendar time, 24/7"]}
    intro = page.by_id("clocks").parent
    assert TZ in intro.text
    assert intro.find("a", href="../interpretations/#sla-clocks") is not None


def test_the_sla_page_publishes_the_off_shift_rule(read, matrix):
    page = read("sla/")
    items = [li.text for li in page.find("ul", class_="rb-off-shift").children if not isinstance(li, str)]
    rule = matrix.off_shift
    assert rule.emergency_severities == ("P0", "P1") and rule.on_call == "tier-3" and rule.if_wait_breaches == "escalate"
    # Whom Tier 3 means and what counts as an emergency are ours too, marked where the rule uses them.
    assert items == [
        "P0, P1 never wait: page Tier 3 (ours: tier-contacts) now (on shift 24/7 (on-call rotation)), and reach anyone "
        "on the path whose hours include emergencies (ours: emergency).",
        "P2, P3 wait for the owner's next shift; when waiting would breach the SLA, hand the issue to the first "
        "step of the path that is on shift now, and if none is, tell the customer when the owner is back."]
    assert page.find("a", href="../interpretations/#off-shift") is not None


def test_the_off_shift_rule_on_the_page_follows_the_yaml(changed_site, read_html):
    items = [li.text for li in read_html(changed_site, "sla/").find("ul", class_="rb-off-shift").children
             if not isinstance(li, str)]
    assert items[0].startswith("P0 never wait: page Tier 3")
    assert items[1] == ("P1, P2, P3 wait for the owner's next shift, even when that breaches the SLA: the answer "
                        "says by how much.")


def test_hours_name_their_time_zone_where_they_are_shown(read):
    contacts = read("contacts/")
    assert f"Hours are local time in {TZ}" in contacts.find("article").text
    assert contacts.by_id("legal").find_all("td")[3].text == f"Business hours Business hours (9am–5pm, Monday–Friday) · {TZ}"
    assert contacts.by_id("support-queue").find_all("td")[3].text == "24/7"  # no zone for round-the-clock hours
    tiers = read("tiers/")
    assert f"Hours are local time in {TZ}" in tiers.find("article").text
    assert TZ in read("policy-check/").by_id("on-shift-by-hour").parent.find("figcaption").text


# --- the chart in Chromium, in both palettes -------------------------------------------------------

def _rgb(text: str) -> tuple[float, ...]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", text)]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


def _over(colour, background):
    return tuple(colour[3] * c + (1 - colour[3]) * b for c, b in zip(colour[:3], background[:3]))


def _contrast(a, b) -> float:
    def luminance(rgb):
        channels = [c / 255 for c in rgb]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_chart_is_visible_and_readable_in_both_palettes(browser, site_server, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{site_server.url}/policy-check/", wait_until="networkidle")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == (
            "default" if scheme == "light" else "slate")
        svg = page.locator("svg.rb-cov__svg")
        svg.scroll_into_view_if_needed()
        assert svg.is_visible()
        box, article = svg.bounding_box(), page.locator("article").bounding_box()
        assert box["width"] > 550 and box["height"] > 400
        assert box["x"] >= article["x"] - 1 and box["x"] + box["width"] <= article["x"] + article["width"] + 1
        # Drawn at (nearly) its own size, so the 12px labels stay readable.
        assert box["width"] / float(svg.get_attribute("width")) > 0.85
        assert svg.locator("g[data-party='legal'] text").is_visible()
        colours = page.evaluate("""() => {
            const style = (selector, property) => getComputedStyle(document.querySelector(selector))[property];
            return {
                page: getComputedStyle(document.body).backgroundColor,
                on: style('g[data-party="legal"] .rb-cov__on', 'fill'),
                label: style('g[data-party="legal"] .rb-cov__label', 'fill'),
                hatch: style('#coverage-emergency line', 'stroke'),
                stripe: style('#coverage-assumed line', 'stroke'),
                emergency: style('g[data-party="cto"] .rb-cov__emergency', 'fill'),
                assumed: style('g[data-party="security"] .rb-cov__assumed', 'fill'),
                off: style('g[data-party="legal"] .rb-cov__off', 'fill'),
            };
        }""")
        background = _rgb(colours["page"])
        assert _contrast(_over(_rgb(colours["on"]), background), background) >= 3, colours
        assert _contrast(_over(_rgb(colours["label"]), background), background) >= 4.5, colours
        assert _contrast(_over(_rgb(colours["hatch"]), background), background) >= 3, colours
        assert _contrast(_over(_rgb(colours["stripe"]), background), background) >= 3, colours
        # Emergency-only and assumed hours are patterns, told apart by texture as well as colour.
        assert 'url("#coverage-emergency")' in colours["emergency"] and 'url("#coverage-assumed")' in colours["assumed"]
        off = _over(_rgb(colours["off"]), background)
        assert off != tuple(background[:3]) and _contrast(off, background) < 1.5, colours  # faint, but there
    finally:
        context.close()
