"""The pages follow the YAML: a modified copy of the matrix, built for real, shows every change.

Each change is checked on the changed site and, as a control, shown absent from the real one, so
no check can pass by accident. Hostile names (markup, Markdown, table pipes) must show as text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import mkdocs_build
from matrix_data import dump_matrix
from matrix.site.local_server import SiteServer
from matrix.source import DEFAULT_PATH, parse_matrix_text

SCRIPT_NAME = '<script>alert("pwned")</script> *Finance* | & Co'
CATEGORY_NAME = "Billing <b>Issues</b> *now* {: #evil }"
TOPIC = "Refunds of *exactly* $100 [see](https://example.org) | really"
OVERVIEW = "This runbook <b>changed</b> its *overview* [see](https://example.org) | & {{ summary.teams }} more."


def by_id(items: list[dict], item_id: str) -> dict:
    return next(item for item in items if item["id"] == item_id)


def issue(data: dict, name: str) -> dict:
    return next(i for c in data["categories"] for i in c["issue_types"] if i["name"] == name)


def rule(data: dict, label: str) -> dict:
    return next(r for r in data["authority"]["rules"] if r.get("label", r["action"]) == label)


def modify(data: dict) -> None:
    """One change per page (at least), each to a value the real matrix does not contain."""
    tier_1, tier_2, tier_3 = (by_id(data["tiers"], t) for t in ("tier-1", "tier-2", "tier-3"))
    tier_1["hours"]["label"] = "Around the clock, changed"
    tier_2["handles"].append("Quantum entanglement support")
    tier_3["response_times"][0]["within"] = "10m"
    issue(data, "Login problems")["sla"] = "7h"
    issue(data, "DMCA/Copyright")["path"] = ["external-counsel", "general-counsel"]
    data["categories"][0]["issue_types"].append(
        {"name": "Escrow release request", "owner": "billing", "path": ["legal"], "sla": "8h"})
    by_id(data["categories"], "billing")["name"] = CATEGORY_NAME
    by_id(data["severities"], "P0")["definition"] = "Everything is on fire"
    by_id(data["channels"], "chat")["first_response"]["target"] = "3m"
    data["satisfaction"][0]["value"] = 95
    by_id(data["teams"], "billing")["contact"]["value"] = "accounts@skillancer.com"
    del by_id(data["teams"], "verification")["contact"]
    by_id(data["teams"], "finance")["name"] = SCRIPT_NAME
    rule(data, "Ban user")["grants"]["tier-4"] = "denied"
    for label in ("Issue refund (<$100)", "Issue refund (>$100)"):
        bounds = rule(data, label)["amount"]
        bounds["max" if "max" in bounds else "min"] = 250
    by_id(data["procedures"], "standard")["steps"][0]["title"] = "Write it all down"
    template = by_id(data["templates"], "chat-escalation")
    template["body"] = template["body"].replace("ESCALATION REQUEST", "ESCALATION REQUEST v2")
    by_id(data["templates"], "post-resolution")["fields"].append(
        {"name": "unused_field", "label": "Unused", "prompt": "[never shown]"})
    by_id(data["interpretations"], "refund-threshold")["topic"] = TOPIC
    by_id(data["interpretations"], "weekdays")["choice"] = "Monday to Saturday, changed."
    data["flow"]["nodes"][0]["label"] = "Customer Reaches Out"
    data["organisation"]["overview"] = OVERVIEW


# (page URL, element id, text the changed page shows there)
CHANGES = [
    ("tiers/", "tier-1", "Around the clock, changed"),
    ("tiers/", "tier-2-handles", None),  # checked below: the new list item
    ("tiers/", "tier-3", "10 min (P0/P1)"),
    ("routing/", "login-problems", "7 h"),
    ("routing/", "dmca-copyright", "External Counsel no contact published: go through Legal (why) → "
                                   "General Counsel no contact published: go through Legal (why)"),
    ("routing/", "escrow-release-request", "Escrow release request"),
    ("severities/", "p0", "Everything is on fire"),
    ("sla/", "channel-chat", "3 min"),
    ("sla/", "satisfaction", ">95%"),
    ("contacts/", "billing", "accounts@skillancer.com"),
    ("contacts/", "verification", "not published not published"),
    ("contacts/", "finance", SCRIPT_NAME),
    ("routing/", "withdrawal-issues", SCRIPT_NAME),
    ("authority/", "ban-user", "Lead only T&S Lead — — —"),
    ("authority/", "issue-refund", "≥ $0 and < $250"),
    ("authority/", "issue-refund", "Issue refund, under $250 the seed writes “<$100”"),
    ("authority/", "issue-refund", "Issue refund, $250 and above"),
    ("procedures/", "standard", "Write it all down"),
    ("templates/", "chat-escalation", "ESCALATION REQUEST v2"),
    ("interpretations/", "refund-threshold", TOPIC),
    ("interpretations/", "weekdays", "Monday to Saturday, changed."),
    ("policy-check/", "template", "Field 'unused_field' is never used"),
    ("policy-check/", "contact", SCRIPT_NAME),
    ("flow/", "flow-diagram", "Customer Reaches Out"),
    ("", None, "all 24 issue types"),
    ("", None, OVERVIEW),
]


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("changed")
    copy = _write_data(folder, modify)
    result = mkdocs_build(folder / "site", env={"ESCALATION_MATRIX": str(copy)})
    assert result.returncode == 0, result.stderr
    return folder / "site"


def shown(read_html, site: Path, url: str, element_id: str | None) -> str:
    page = read_html(site, url)
    if element_id is None:
        return page.find("article").text
    element = page.by_id(element_id)
    if element.tag in ("h2", "h3"):  # a section: the heading and what follows it, up to the next h2
        siblings = [c for c in element.parent.children if not isinstance(c, str)]
        after = siblings[siblings.index(element):]
        end = next((i for i, el in enumerate(after[1:], 1) if el.tag == "h2"), len(after))
        return " ".join(el.text for el in after[:end])
    return element.text


@pytest.mark.parametrize("url, element_id, text", [c for c in CHANGES if c[2]], ids=lambda v: str(v))
def test_the_changed_value_shows_on_its_page(changed_site, built_site, read_html, url, element_id, text):
    assert text in shown(read_html, changed_site, url, element_id)
    # Control: the real site does not show it there (a new element does not exist there at all).
    if element_id is None or read_html(built_site, url).find_all(id=element_id):
        assert text not in shown(read_html, built_site, url, element_id)


def test_a_new_tier_duty_is_listed(changed_site, read_html):
    page = read_html(changed_site, "tiers/")
    handles = page.by_id("tier-2-handles")
    siblings = [el for el in handles.parent.children if not isinstance(el, str)]
    listing = next(el for el in siblings[siblings.index(handles):] if el.tag == "ul")
    assert [li.text for li in listing.find_all("li")][-1] == "Quantum entanglement support"


def test_markup_in_names_shows_as_text_and_never_as_markup(changed_site, read_html):
    for html_file in changed_site.rglob("*.html"):
        text = html_file.read_text(encoding="utf-8")
        assert '<script>alert("pwned")' not in text, html_file
        assert "<b>Issues</b>" not in text, html_file
    contacts = read_html(changed_site, "contacts/")
    assert contacts.by_id("finance").find("td").text == SCRIPT_NAME
    routing = read_html(changed_site, "routing/")
    heading = routing.by_id("billing")
    assert heading.text.removesuffix("¶") == " ".join(CATEGORY_NAME.split())
    assert heading.find("b") is None and not routing.find_all(id="evil")
    topic = read_html(changed_site, "interpretations/").by_id("refund-threshold")
    assert topic.find("a", href="https://example.org") is None and topic.find("em") is None
    home = read_html(changed_site, "").find("article")
    overview = home.find_all("p")[0]
    assert overview.text == OVERVIEW  # literally, even its `{{ summary.teams }}`: the page fills only its own
    assert overview.find("a") is None and overview.find("em") is None and overview.find("b") is None


def test_hostile_names_run_no_script_in_the_browser(changed_site, page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with SiteServer(changed_site) as server:
        for url in ("contacts/", "routing/", "policy-check/"):
            page.goto(f"{server.url}/{url}")
            assert SCRIPT_NAME in page.locator("article").inner_text()
    assert dialogs == []
    assert page.evaluate("typeof window.pwned") == "undefined"


def _write_data(tmp_path: Path, edit) -> Path:
    data = parse_matrix_text(DEFAULT_PATH.read_text(encoding="utf-8"), "copy").data
    edit(data)
    copy = tmp_path / "edited-matrix.yaml"
    copy.write_text(dump_matrix(data), encoding="utf-8")
    return copy


def _write_copy(tmp_path: Path, edit) -> Path:
    copy = tmp_path / "broken-matrix.yaml"
    copy.write_text(edit(DEFAULT_PATH.read_text(encoding="utf-8")), encoding="utf-8")
    return copy


def test_an_invalid_matrix_fails_the_build_with_every_located_error(tmp_path):
    def edit(text: str) -> str:
        text = text.replace("owner: disputes", "owner: dispute-team", 1)
        return text.replace("sla: 72h", "sla: 3 days", 1)

    copy = _write_copy(tmp_path, edit)
    result = mkdocs_build(tmp_path / "site", env={"ESCALATION_MATRIX": str(copy)})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "The escalation matrix has 2 error(s)" in result.stderr
    lines = copy.read_text(encoding="utf-8").splitlines()
    located = re.findall(rf"{re.escape(str(copy))}:(\d+):(\d+): (\S+): (.*)", result.stderr)
    assert {path for _, _, path, _ in located} == {"categories[1].issue_types[3].owner",
                                                  "categories[1].issue_types[3].sla"}
    for line, _, path, message in located:
        assert ("dispute-team" if path.endswith("owner") else "3 days") in lines[int(line) - 1]
    assert not (tmp_path / "site" / "routing").exists()


def test_a_yaml_syntax_error_fails_the_build_at_its_line(tmp_path):
    copy = _write_copy(tmp_path, lambda text: text.replace("name: Billing Team", "name: [Billing Team", 1))
    result = mkdocs_build(tmp_path / "site", env={"ESCALATION_MATRIX": str(copy)})
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert re.search(rf"{re.escape(str(copy))}:\d+:\d+: \(document\): YAML syntax error", result.stderr), result.stderr


def test_two_names_with_one_slug_on_a_page_fail_the_build(tmp_path):
    # An issue type called "Billing" would take the anchor of the Billing category heading.
    copy = _write_data(tmp_path, lambda data: by_id(data["categories"], "billing")["issue_types"].append(
        {"name": "Billing", "owner": "billing", "path": [], "sla": "4h"}))
    result = mkdocs_build(tmp_path / "site", env={"ESCALATION_MATRIX": str(copy)})
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "routing.md: these anchors occur more than once" in result.stderr
    assert "billing" in result.stderr.split("more than once")[1]
