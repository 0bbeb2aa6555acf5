"""Answers carry their links into the runbook, in the site's URL style, relative to the site's root."""

from __future__ import annotations

from matrix.core import can, route
from matrix.core.answers.browser import answer_table, catalogue, respond
from matrix.core.answers.cards import permission_answer, route_answer
from matrix.core.answers.links import Links


def test_directory_urls_and_html_pages():
    assert Links().routing("fraud-suspicion") == "routing/#fraud-suspicion"
    assert Links(directory_urls=False).routing("fraud-suspicion") == "routing.html#fraud-suspicion"
    assert Links(directory_urls=False).party("tier-1", is_tier=True) == "tiers.html#tier-1"
    assert Links().severity("P1") == "severities/#p1" and Links().sla() == "sla/"


def test_a_route_answer_links_every_part_it_names(matrix):
    answer = route_answer(route(matrix, "fraud-suspicion", "P1", "chat"), Links(directory_urls=False))
    assert answer["links"] == {"routing": "routing.html#fraud-suspicion", "sla": "sla.html"}
    assert answer["owner"]["link"] == "contacts.html#ts-team"
    assert answer["severity"]["link"] == "severities.html#p1"
    assert answer["procedure"]["link"] == "procedures.html#emergency"
    assert answer["path"][0]["alternatives"][0]["link"] == "contacts.html#ts-lead"


def test_answers_carry_their_words(matrix):
    answer = route_answer(route(matrix, "fraud-suspicion"))
    lead = answer["path"][0]["alternatives"][0]
    assert (lead["reach"], lead["hours"]["text"]) == ("no contact published", "hours not published")
    assert answer["next_name"] == "T&S Lead"
    no = permission_answer(can(matrix, "Tier 2", "Issue refund", 150))
    assert no["verdict"] == "No: not allowed."
    assert no["summary"] == "Tier 2: Issue refund, $100 and above (the seed writes “>$100”), for $150."
    assert no["who_can_text"] == "Who can: Billing Team, Tier 4."
    assert no["link"] == "authority/#issue-refund"
    depends = permission_answer(can(matrix, "Tier 2", "Issue refund"))
    assert [band["text"] for band in depends["bands"]] == [
        "Issue refund, under $100 (the seed writes “<$100”): Yes: allowed. Who can: Tier 2, Billing Team, Tier 4.",
        "Issue refund, $100 and above (the seed writes “>$100”): No: not allowed. Who can: Billing Team, Tier 4."]


def test_the_browser_gets_the_same_links_as_the_build_precomputes(matrix):
    links = Links(directory_urls=False)
    table = answer_table(matrix, links)
    owner = next(c for c in table["columns"] if (c["top"], c["key"]) == ("route", "owner"))
    assert all(value["link"].startswith(("tiers.html#", "contacts.html#")) for value in owner["values"])
    body = respond(matrix, {"kind": "route", "issue": "fraud-suspicion"}, links)
    assert body["route"]["links"]["routing"] == "routing.html#fraud-suspicion"
    shown = catalogue(matrix, links)
    assert shown["links"] == {"routing": "routing.html", "contacts": "contacts.html", "authority": "authority.html"}
    assert shown["categories"][0]["issue_types"][0]["link"] == "routing.html#login-problems"


def test_links_are_full_urls_when_the_sites_address_is_known():
    links = Links(site="https://runbook.example.com/support")
    assert links.routing("fraud-suspicion") == "https://runbook.example.com/support/routing/#fraud-suspicion"
    assert links.page("index.md") == "https://runbook.example.com/support/"
    assert Links(directory_urls=False, site="https://runbook.example.com/").sla() == "https://runbook.example.com/sla.html"
