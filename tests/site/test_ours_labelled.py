"""Every choice of ours is labelled where it is used: the built site's pages, the wizard's data and
`escalate route --json` for every issue type, with and without a moment, walked for their links to
the Interpretations page.

A value that rests on a published interpretation is marked with a link to it; every such link opens
an anchor that exists; and a route answer's `interpretations` list is exactly the choices its marks
and `why` links name, so a script can trust the list and a reader the marks.
"""

from __future__ import annotations

import contextlib
import io
import json
from urllib.parse import urljoin, urlparse

import pytest

from conftest import parse_html
from matrix.cli import main
from matrix.core.answers.browser import answer as wizard_answer
from matrix.site.history import history_for
from matrix.site.wizard_build import DATA_DIR, read_data
from matrix.source import DEFAULT_PATH

SITE = "http://runbook.test/"
INTERPRETATIONS = "/interpretations/"
MOMENTS = ("2026-11-27T19:30", "2026-12-01T10:00")  # Friday evening (Billing, Legal gone home); Tuesday morning
NO_MOMENT = "no moment"

# What each page marks: removing any label from a page fails here, as does a mark a page should not carry.
PAGE_MARKS = {
    "contacts/": {"tier-contacts", "unreachable-owner", "unpublished-hours", "local-time-zone", "weekdays",
                  "business-hours", "holidays", "emergency", "billing-team"},
    "tiers/": {"local-time-zone", "weekdays", "business-hours", "holidays", "emergency", "tier-contacts",
               "unreachable-owner"},
    "routing/": {"sla-resolution", "sla-clocks", "search-vocabulary", "billing-team", "alternatives",
                 "unreachable-owner"},
    "severities/": {"sla-clocks", "p3-resolution", "emergency"},
    "sla/": {"sla-resolution", "p3-resolution", "local-time-zone", "weekdays", "holidays", "sla-clocks",
             "governing-deadline", "off-shift", "tier-contacts", "emergency"},
    "procedures/": {"emergency"},
    "templates/": {"ticket-prompt", "template-use"},
    "authority/": {"refund-threshold", "refund-currency", "lead-roles"},
    "drills/": {"training-scenarios"},
    "quick-reference/": {"local-time-zone", "sla-clocks", "billing-team", "alternatives", "sla-resolution",
                         "p3-resolution", "off-shift", "weekdays", "business-hours", "holidays", "emergency",
                         "tier-contacts", "refund-threshold", "lead-roles"},
    "policy-check/": {"action-parties", "channel-entry-points", "needed-actions", "local-time-zone", "sla-clocks",
                      "unpublished-hours", "weekdays", "business-hours", "holidays", "emergency"},
}


def interpretation_links(html: str, page_url: str) -> list[str]:
    """The interpretation each link on a page opens (its anchor), in page order; not the page as a whole
    (the navigation's link)."""
    found = []
    for a in parse_html(html).find_all("a"):
        url = urlparse(urljoin(page_url, a.attrs.get("href") or ""))
        if url.netloc == urlparse(SITE).netloc and url.path == INTERPRETATIONS and url.fragment:
            found.append(url.fragment)
    return found


@pytest.fixture(scope="module")
def site_links(built_site) -> dict[str, list[str]]:
    """Every built page (by its URL) and the interpretations it links, the Interpretations page apart."""
    pages = {}
    for path in sorted(built_site.rglob("*.html")):
        url = path.relative_to(built_site).as_posix().removesuffix("index.html")
        if url != INTERPRETATIONS.strip("/") + "/":
            pages[url] = interpretation_links(path.read_text(encoding="utf-8"), SITE + url)
    return pages


@pytest.fixture(scope="module")
def anchors(built_site) -> set[str]:
    page = parse_html((built_site / "interpretations" / "index.html").read_text(encoding="utf-8"))
    return {element.attrs["id"] for element in page.find_all("h2") if "id" in element.attrs}


def route_json(*args: str) -> dict:
    """`escalate route … --json`, as the console script runs it."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["route", *args, "--json"]) == 0
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def answers(matrix) -> dict[tuple, dict]:
    """Every issue type, with no severity and with P1 and P3: now (no --at), at two moments, and for no
    moment at all (what the wizard precomputes)."""
    found = {}
    for issue in matrix.issue_types:
        for severity in (None, "P1", "P3"):
            for at in (None, *MOMENTS):
                args = [issue.slug, *(["--severity", severity] if severity else []), *(["--at", at] if at else [])]
                found[(issue.slug, severity, at)] = route_json(*args)
            found[(issue.slug, severity, NO_MOMENT)] = wizard_answer(matrix, issue.slug, severity)["route"]
    return found


def marks_in(answer) -> list[str]:
    """The interpretations an answer links: ids in its `ours` lists (`sla_ours` beside `sla`), anchors of its
    `why` links."""
    found = []
    if isinstance(answer, dict):
        for key, value in answer.items():
            if key == "ours" or key.endswith("_ours"):
                found += value
            elif key == "why" and value:
                url = urlparse(urljoin(SITE, value["link"]))
                assert url.path == INTERPRETATIONS, value
                found.append(url.fragment)
            elif key != "interpretations":
                found += marks_in(value)
    elif isinstance(answer, list):
        for item in answer:
            found += marks_in(item)
    return found


def test_every_page_links_every_interpretation_its_values_rest_on(site_links, matrix):
    marked = {url: set(ids) for url, ids in site_links.items() if ids}
    # The change page lists this repository's history: it links the choice of each change to a value of ours
    # ("search words (ours)") that the matrix publishes, and so depends on what the history holds.
    ours = {"needed-actions": "needed-actions", "search-words": "search-vocabulary",
            "broad-words": "search-vocabulary", "entry-point": "channel-entry-points"}
    published = {i.id for i in matrix.interpretations}
    changed = {ours[c.kind] for entry in history_for(DEFAULT_PATH).entries for c in entry.changes if c.kind in ours}
    assert marked.pop("changes/", set()) == changed & published
    assert marked == PAGE_MARKS


def test_every_link_to_an_interpretation_opens_its_anchor(site_links, answers, anchors, built_site, matrix):
    assert anchors == {i.id for i in matrix.interpretations}
    linked = [(url, i) for url, ids in site_links.items() for i in ids]
    linked += [(key, i) for key, answer in answers.items() for i in marks_in(answer) + answer["interpretations"]]
    catalogue = read_data(built_site / DATA_DIR / "answers.json.gz")["catalogue"]["ours"]
    for interpretation, choice in catalogue["choices"].items():
        url = urlparse(urljoin(SITE, choice["link"]))
        linked.append(("the wizard's catalogue", url.fragment if url.path == INTERPRETATIONS else choice["link"]))
        assert interpretation == url.fragment
    assert linked and [(where, i) for where, i in linked if i not in anchors] == []


def test_a_route_answers_list_is_exactly_what_its_marks_link(answers):
    for key, answer in answers.items():
        listed = answer["interpretations"]
        assert len(listed) == len(set(listed)), key
        assert set(listed) == set(marks_in(answer)), key
    # A moment adds how the clocks count and the off-shift rule; the wizard's precomputed answers have neither.
    assert {"sla-clocks", "off-shift"} <= set(answers[("legal-threat", None, MOMENTS[0])]["interpretations"])
    assert not {"sla-clocks", "off-shift"} & set(answers[("legal-threat", None, NO_MOMENT)]["interpretations"])


def test_every_interpretation_is_labelled_where_it_is_used(site_links, answers, matrix):
    used = {i for ids in site_links.values() for i in ids} | {i for a in answers.values() for i in a["interpretations"]}
    assert [i.id for i in matrix.interpretations if i.id not in used] == []


def test_the_answers_mark_the_values_that_rest_on_ours(answers):
    """Spot checks on what each mark sits beside, from the seed's open questions."""
    press = answers[("press-inquiry", "P3", MOMENTS[0])]
    assert press["path"][0]["ours"] == ["alternatives"]                         # "CEO/CMO": either
    assert press["sla_ours"] == ["sla-resolution"]                              # the SLA resolves
    assert press["severity"]["resolution"]["ours"] == ["p3-resolution"]         # P3's 72 h despite "No specific SLA"
    assert press["owner"]["hours"]["ours"][0] == "unpublished-hours"            # PR's hours are assumed
    assert {"weekdays", "local-time-zone", "holidays", "business-hours"} <= set(press["owner"]["hours"]["ours"])
    assert press["card"]["contact"]["ours"] == ["tier-contacts"]                # through Tier 3 (On-Call Primary)
    assert [d["ours"] for d in press["deadlines"]] == [["sla-resolution", "sla-clocks"],
                                                       ["p3-resolution", "sla-clocks"], ["p3-resolution", "sla-clocks"]]
    assert press["off_shift"]["ours"] == ["off-shift"]
    refund = answers[("refund-request", None, None)]
    billing = refund["path"][0]["alternatives"][0]
    assert billing["ours"] == ["billing-team"] and refund["owner"]["ours"] == ["tier-contacts"]
    assert refund["owner"]["hours"]["ours"] == []                               # 24/7 rests on nothing of ours
    fraud = answers[("fraud-suspicion", "P1", None)]
    assert fraud["procedure"]["ours"] == ["emergency"]                          # P0/P1 are the emergencies
