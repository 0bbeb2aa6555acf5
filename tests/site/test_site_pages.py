"""Every generated page of the built runbook holds the YAML's facts (the real matrix, one build)."""

from __future__ import annotations

import json
import re
from urllib.parse import urldefrag, urljoin

import pytest

from matrix.core import fill, format_minutes, slugify
from matrix.core.wording import amount_words, seed_words
from matrix.core.audit.lint import group
from matrix.site import PAGES, page_url

HEADING_MARK = "¶"


def heading(page, anchor: str) -> str:
    element = page.by_id(anchor)
    assert element.tag in ("h1", "h2", "h3"), (anchor, element.tag)
    return element.text.removesuffix(HEADING_MARK)


def section(page, anchor: str) -> list:
    """The elements after the heading `anchor`, up to the next heading of the same level."""
    start = page.by_id(anchor)
    siblings = [c for c in start.parent.children if not isinstance(c, str)]
    out = []
    for element in siblings[siblings.index(start) + 1:]:
        if element.tag in ("h1", "h2") or (element.tag == start.tag):
            break
        out.append(element)
    return out


def section_text(page, anchor: str) -> str:
    return " ".join(element.text for element in section(page, anchor))


@pytest.fixture(scope="module")
def read(built_site, read_html):
    return lambda url: read_html(built_site, url)


def test_every_generated_page_is_built_and_in_the_nav(built_site, read):
    nav = {a.attrs["href"] for a in read("").find_all("a", class_="md-nav__link") if "href" in a.attrs}
    for page in PAGES:
        assert (built_site / page_url(page) / "index.html").is_file(), page
        assert any(href.rstrip("/").endswith(page_url(page).rstrip("/")) for href in nav), page
    assert nav >= {"wizard/"}


def test_tiers_page_has_a_section_per_tier_with_its_facts(matrix, read):
    page = read("tiers/")
    assert [t.id for t in matrix.tiers.values()] == ["tier-1", "tier-2", "tier-3", "tier-4"]
    for tier in matrix.tiers.values():
        assert heading(page, tier.id) == f"{tier.name}: {tier.title}"
        text = section_text(page, tier.id)
        assert tier.team in text and tier.hours.label in text
        for response in tier.response_times:
            assert f"{format_minutes(response.within)} ({response.label})" in text
        assert matrix.parties[tier.contact].name in text
        handles = [li.text for el in section(page, f"{tier.id}-handles") for li in el.find_all("li")]
        assert handles == list(tier.handles)
        tools = [li.text for el in section(page, f"{tier.id}-tools") for li in el.find_all("li")]
        assert tools == list(tier.tools_access)
    assert "None listed" in section_text(page, "tier-4-tools")
    assert "15 min (chat)" in section_text(page, "tier-1") and "2 h (email)" in section_text(page, "tier-1")


def _outside_notes(cell) -> tuple[str, list[str]]:
    """A cell's text and links, leaving out its notes on whom to go through."""
    notes = cell.find_all(class_="rb-instead")
    inside = {id(element) for note in notes for element in note.iter()}
    text = cell.text
    for note in notes:
        text = text.replace(note.text, "", 1)
    links = [a.attrs["href"] for a in cell.find_all("a") if id(a) not in inside]
    return " ".join(text.split()), links


def test_routing_page_has_a_table_per_category_and_a_row_per_issue_type(matrix, read):
    page = read("routing/")
    for category in matrix.categories:
        assert heading(page, category.id) == category.name
        rows = [tr for el in section(page, category.id) for tr in el.find_all("tr") if tr.find("td")]
        assert [row.attrs["id"] for row in rows] == [issue.slug for issue in category.issue_types]
        for row, issue in zip(rows, category.issue_types):
            cells = row.find_all("td")
            assert cells[0].text.startswith(issue.name)
            (owner, owner_links), (path, path_links) = _outside_notes(cells[1]), _outside_notes(cells[2])
            assert owner == matrix.parties[issue.owner].name
            steps = [" or ".join(matrix.parties[p].name for p in step.any_of) for step in issue.path]
            assert path == " → ".join(steps)
            assert cells[3].text == format_minutes(issue.sla)
            assert owner_links + path_links == [f"../contacts/#{p}"
                                                for p in [issue.owner, *(p for s in issue.path for p in s.any_of)]]
    # Spot checks against the seed's own rows.
    assert [_outside_notes(td)[0] for td in page.by_id("dmca-copyright").find_all("td")][1:] == [
        "Legal", "External Counsel", "48 h"]
    assert _outside_notes(page.by_id("press-inquiry").find_all("td")[2])[0] == "CEO or CMO"
    assert [td.text for td in page.by_id("login-problems").find_all("td")][2] == "Tier 2 → Tier 3"
    assert slugify("DMCA/Copyright") == "dmca-copyright"


def test_routing_page_says_whom_to_go_through_for_every_party_with_no_contact(matrix, read):
    page = read("routing/")
    for issue in matrix.issue_types:
        named = [issue.owner, *(p for step in issue.path for p in step.any_of)]
        notes = page.by_id(issue.slug).find_all(class_="rb-instead")
        assert len(notes) == sum(1 for p in named if matrix.parties[p].contact is None), issue.name
        for note in notes:
            assert note.text.startswith("no contact published: go through ") and note.text.endswith(" (why)")
            assert note.find_all("a")[-1].attrs["href"] == "../interpretations/#unreachable-owner"
    owner, path = page.by_id("executive-complaint").find_all("td")[1:3]
    assert owner.text == "Tier 4 no contact published: go through Tier 3 (why)"
    assert owner.find(class_="rb-instead").find("a").attrs["href"] == "../contacts/#tier-3"
    assert path.text == "CEO no contact published: go through Tier 3 (why)"
    fraud = page.by_id("fraud-suspicion").find_all("td")[2]
    assert [n.text for n in fraud.find_all(class_="rb-instead")] == [
        "no contact published: go through T&S Team (why)", "no contact published: go through T&S Team (why)"]
    assert page.by_id("login-problems").find(class_="rb-instead") is None


def test_tier_4s_contact_says_none_is_published_and_whom_to_go_through(read):
    tiers = read("tiers/")
    contact = next(tr for el in section(tiers, "tier-4") for tr in el.find_all("tr") if tr.find("th").text == "Contact")
    assert contact.find("td").text == "Head of Support: no contact published: go through Tier 3 (why) (ours: tier-contacts)"
    assert [a.attrs["href"] for a in contact.find_all("a")] == [
        "../contacts/#head-of-support", "../contacts/#tier-3", "../interpretations/#unreachable-owner",
        "../interpretations/#tier-contacts"]
    tier_3 = next(tr for el in section(tiers, "tier-3") for tr in el.find_all("tr") if tr.find("th").text == "Contact")
    assert tier_3.find("td").text == "On-Call Primary: #oncall-primary (ours: tier-contacts)"
    contacts = read("contacts/")
    when = section(contacts, "tier-4")[0]
    assert when.text == ("When a path says Tier 4, contact Head of Support (ours: tier-contacts); no contact published: "
                         "go through Tier 3 (why). About Tier 4.")
    assert section(contacts, "tier-3")[0].find(class_="rb-instead") is None


def test_severities_page_has_definition_examples_response_and_resolution(matrix, read):
    page = read("severities/")
    for severity in matrix.severities.values():
        anchor = severity.id.lower()
        assert heading(page, anchor) == severity.label
        text = section_text(page, anchor)
        assert severity.definition in text
        items = [li.text for el in section(page, anchor) for li in el.find_all("li")]
        assert items == list(severity.examples) + [action.action for action in severity.response]
        resolution = severity.resolution
        assert f"target {format_minutes(resolution.target)}, maximum {format_minutes(resolution.maximum)}" in text
        assert matrix.procedures[severity.procedure].name in text
    assert "Complete service outage or security breach" in section_text(page, "p0")


def test_sla_page_has_first_response_resolution_and_satisfaction_targets(matrix, read):
    page = read("sla/")
    first = [[td.text for td in tr.find_all("td")] for el in section(page, "first-response") for tr in el.find_all("tr")]
    assert [row for row in first if row] == [
        [c.name, format_minutes(c.first_response.target), format_minutes(c.first_response.maximum)]
        for c in matrix.channels.values()]
    resolution = [[td.text for td in tr.find_all("td")] for el in section(page, "resolution") for tr in el.find_all("tr")]
    assert [row for row in resolution if row] == [
        [s.label, format_minutes(s.resolution.target), format_minutes(s.resolution.maximum)]
        for s in matrix.severities.values()]
    satisfaction = [[td.text for td in tr.find_all("td")] for el in section(page, "satisfaction")
                    for tr in el.find_all("tr")]
    assert [row for row in satisfaction if row] == [[t.metric, t.label] for t in matrix.satisfaction]
    assert ["CSAT", ">90%"] in satisfaction and ["Escalation Rate", "<15%"] in satisfaction
    assert ["Live Chat", "2 min", "5 min"] in first and ["P3 - Low", "72 h", "1 week"] in resolution


def test_contact_directory_has_every_party_and_never_an_empty_cell(matrix, read):
    page = read("contacts/")
    for tier in matrix.tiers.values():
        assert heading(page, tier.id) == f"{tier.name} - {tier.directory_title or tier.title}"
        assert matrix.parties[tier.contact].name in section_text(page, tier.id)
    assert heading(page, "tier-2") == "Tier 2 - Specialists"  # the seed's own section title
    for party in matrix.directory():
        cells = page.by_id(party.id).find_all("td")
        name, contact, channel, hours = (cell.text for cell in cells)
        assert name.startswith(party.name)
        assert contact == (party.contact.value if party.contact else "not published")
        assert channel != "" and (party.contact is not None or channel == "not published")
        assert hours.startswith(party.hours.label if party.hours.published else "not published")
    for cell in page.find_all("td"):
        assert cell.text.strip(), "an empty cell in the contact directory"
    mail = page.by_id("billing").find("a", href="mailto:billing@skillancer.com")
    assert mail is not None and mail.text == "billing@skillancer.com"
    assert page.by_id("ts-lead").find_all("td")[1].text == "not published"
    assert page.by_id("cto").find_all("td")[3].text.startswith("Emergency only")


def test_authority_page_has_every_action_with_grants_and_exact_amount_bounds(matrix, read):
    page = read("authority/")
    authority = matrix.authority
    header = [th.text for th in page.find("thead").find_all("th")]
    assert header == ["Action"] + [matrix.parties[role].name for role in authority.roles]
    symbols = {"allowed": "✓", "denied": "—"}
    for action in authority.actions():
        body = page.by_id(slugify(action))
        assert body.tag == "tbody"
        rules = [rule for rule in authority.rules if rule.action == action]
        rows = body.find_all("tr")
        assert len(rows) == len(rules)
        for row, rule in zip(rows, rules):
            label = row.find("th").text
            if rule.amount:  # in words that place the threshold, then the seed's label and the exact bounds
                assert label.startswith(f"{rule.action}, {amount_words(rule.amount, authority.currency)}")
                assert f"the seed writes “{seed_words(rule.label, rule.action)}”" in label
                assert rule.amount.describe(authority.currency) in label
                assert row.find("th").find("a", href="../interpretations/#refund-threshold") is not None
            else:
                assert label == rule.label
            cells = [td.text for td in row.find_all("td")]
            expected = [symbols.get(rule.grants[role]) or f"Lead only {matrix.parties[matrix.parties[role].lead].name}"
                        for role in authority.roles]
            assert cells == expected
    refund = [tr.find("th").text for tr in page.by_id("issue-refund").find_all("tr")]
    assert refund == ["Issue refund, under $100 the seed writes “<$100” · exactly ≥ $0 and < $100 (why)",
                      "Issue refund, $100 and above the seed writes “>$100” · exactly ≥ $100, no upper limit (why)"]
    assert [td.text for td in page.by_id("release-escrow-dispute").find_all("td")][3] == "Lead only Billing Lead"
    thresholds = section_text(page, "amount-thresholds")
    assert ("Issue refund, $100 and above (the seed writes “>$100”): amounts ≥ $100, no upper limit (USD) (why). "
            "Allowed: Billing Team, Tier 4.") in thresholds
    assert "(>$100) " not in page.find("article").text.replace("“>$100”", "")


def test_authority_page_says_what_a_lead_may_do_and_that_it_is_our_reading(read):
    page = read("authority/")
    leads = next(p for p in page.find("article").find_all("p") if p.text.startswith("The leads"))
    assert leads.text == ("The leads that “Lead only” cells name (T&S Lead, Billing Lead) have no column of their "
                          "own: each may do what its team may, and what is “Lead only” for its team (why).")
    assert [a.attrs["href"] for a in leads.find_all("a")] == [
        "../contacts/#ts-lead", "../contacts/#billing-lead", "../interpretations/#lead-roles"]


def test_procedures_page_has_numbered_steps(matrix, read):
    page = read("procedures/")
    for procedure in matrix.procedures.values():
        assert heading(page, procedure.id) == procedure.name
        steps = next(el for el in section(page, procedure.id) if el.tag == "ol")
        items = [li for li in steps.children if not isinstance(li, str)]
        assert [li.find("strong").text for li in items] == [step.title for step in procedure.steps]
        for li, step in zip(items, procedure.steps):
            assert [sub.text for sub in li.find("ul").find_all("li")] == list(step.items)
        for severity in procedure.severities:
            assert matrix.severities[severity].label in section_text(page, procedure.id)
    assert {"standard", "emergency"} <= {p.id for p in matrix.procedures.values()}


def test_templates_page_has_each_template_in_a_code_block(matrix, read):
    page = read("templates/")
    for template in matrix.templates.values():
        assert heading(page, template.id) == template.name
        blocks = [code for el in section(page, template.id) for code in el.find_all("code")
                  if code.parent.tag == "pre"]
        assert len(blocks) == 1
        assert "".join(_all_text(blocks[0])) == fill(template).rstrip() + "\n"
        assert template.use in section_text(page, template.id)
        use = next(p for p in section(page, template.id) if p.tag == "p" and template.use in p.text)
        assert use.text == f"When to use it, our reading: {template.use} (why)"
        assert [a.attrs["href"] for a in use.find_all("a")] == ["../interpretations/#template-use"]
    assert "🚨 ESCALATION REQUEST" in "".join(_all_text(page.by_id("chat-escalation").parent))
    intro = page.find("article").find_all("p")[0]
    assert "when to use it is ours, as the seed does not say (why)" in intro.text
    assert [a.attrs["href"] for a in intro.find_all("a")] == [
        "../interpretations/#template-use", "../interpretations/#ticket-prompt"]


def _all_text(element):
    for child in element.children:
        yield from ([child] if isinstance(child, str) else _all_text(child))


def test_interpretations_page_lists_every_interpretation(matrix, matrix_source, read):
    page = read("interpretations/")
    assert len(matrix.interpretations) >= 10
    for interpretation in matrix.interpretations:
        assert heading(page, interpretation.id) == " ".join(interpretation.topic.split())
        text = section_text(page, interpretation.id)
        assert " ".join(interpretation.choice.split()) in text
        # The reason as written, its `code` spans shown as code, and every source it cites a link.
        assert " ".join(interpretation.reason.replace("`", "").split()) in text
        cited = re.findall(r"https://[^\s<>“”]+?(?=[.,;:)]*(?:\s|$))", interpretation.reason)
        links = [a.attrs["href"] for el in section(page, interpretation.id) for a in el.find_all("a")]
        assert links == cited, interpretation.id
        assert interpretation.path in text
        line = matrix_source.positions[interpretation.path][0]
        assert f"line {line}" in text


def test_policy_check_page_lists_every_finding_by_kind_with_file_line_and_what_to_do(matrix_source, read):
    page = read("policy-check/")
    groups = group(matrix_source.lint())
    assert groups, "the seed matrix has findings (missing contacts, coverage holes) to show"
    for g in groups:
        assert heading(page, g["kind"]) == f"{g['title']} ({len(g['findings'])})"
        elements = section(page, g["kind"])
        assert elements[0].text == f"What to do: {g['explanation'].replace('`', '')}"
        rows = [tr for el in elements for tr in el.find_all("tr") if tr.find("td")]
        assert len(rows) == len(g["findings"])
        for row, finding in zip(rows, g["findings"]):
            where, message = (td.text for td in row.find_all("td"))
            assert where == f"matrix/escalation-matrix.yaml:{finding['line']} {finding['path']}"
            ours = finding["interpretation"]
            # A finding that rests on a choice of ours says so and links it.
            assert message == finding["message"] + (" (our interpretation)" if ours else "")
            links = [a.attrs["href"] for a in row.find_all("td")[1].find_all("a")]
            assert links == ([f"../interpretations/#{ours}"] if ours else [])
    assert "Contacts" in heading(page, "contact")
    assert [a.attrs["href"] for a in page.find("p", class_="rb-policy-summary").find_all("a")] == [
        f"#{g['kind']}" for g in groups]


def test_home_page_quotes_the_generated_numbers(matrix, read):
    page = read("")
    text = page.find("article").text
    paragraphs = [p.text for p in page.find("article").find_all("p")]
    assert paragraphs[0] == " ".join(matrix.organisation.overview.split())  # the seed's purpose, from the YAML
    assert paragraphs[0].startswith("This document defines the escalation paths for support issues")
    assert "{{" not in text and "summary." not in text
    assert f"all {len(matrix.issue_types)} issue types in {len(matrix.categories)} categories" in text
    assert f"all {len(matrix.directory())} teams and roles" in text
    assert f"{len(matrix.interpretations)} explicit choices" in text
    assert f"one of {len(matrix.scenarios)} situations written for training" in text
    assert f"{len(matrix.scenarios)} scenarios written for training" in text
    assert "real customer" not in text and "realistic" not in text
    assert "Training drills" in [a.text for a in page.find("article").find_all("a", href="drills/")]


def test_drill_page_says_its_scenarios_are_written_for_training_and_links_why(read):
    page = read("drills/")
    paragraph = next(p for p in page.find("article").find_all("p") if p.text.startswith("Practise"))
    intro = " ".join(paragraph.text.split())
    assert intro.startswith("Practise the decisions of a shift before you take one. Each drill is a situation "
                            "written for training: made up by us to practise on, not a real customer's case and not "
                            "the company's material (why).")
    assert "the expected severity is the seed's; everywhere else it is our judgement for training" in intro
    assert [a.attrs["href"] for a in paragraph.find_all("a")] == ["../interpretations/#training-scenarios"]
    assert read("interpretations/").by_id("training-scenarios") is not None
    text = page.find("article").text
    assert "real customer situation" not in text and "customer situation from the matrix" not in text


def test_flow_page_draws_every_node_and_arrow_and_lists_them_in_words(matrix, read):
    page = read("flow/")
    svg = page.find("svg", class_="rb-flow__svg")
    # A group, not an image: its boxes are links, and an image may hold no controls (axe: nested-interactive).
    assert svg is not None and svg.attrs["role"] == "group"
    assert (svg.attrs["aria-labelledby"], svg.attrs["aria-describedby"]) == ("flow-title", "flow-desc")
    assert len(svg.find_all("a")) == sum(1 for node in matrix.flow.nodes if node.category or node.party) > 0
    labels = [" ".join(t.text for t in g.find_all("text")) for g in svg.find_all("g", class_="rb-flow__node")]
    assert labels == [node.label + (f" ({node.note})" if node.note else "") for node in matrix.flow.nodes]
    arrows = svg.find_all("path", **{"marker-end": "url(#flow-arrowhead)"})
    assert len(arrows) == len(matrix.flow.edges)
    nodes = {node.id: node for node in matrix.flow.nodes}
    words = [li.text for li in section(page, "in-words")[0].find_all("li")]
    assert [w.replace(" (for production issues)", "") for w in words] == [
        f"{nodes[a].label} → {nodes[b].label}" for a, b in matrix.flow.edges]
    assert svg.find("desc").text.startswith("Customer Contact → Tier 1 Frontline")
    assert "Business Issues" in page.find("p", class_="rb-note").text


MY_PAGES = ["", "editing/", *(page_url(p) for p in PAGES)]


@pytest.mark.parametrize("url", MY_PAGES)
def test_every_link_from_the_runbook_pages_reaches_a_page_and_anchor(built_site, read_html, url):
    page = read_html(built_site, url)
    ids = [element.attrs["id"] for element in page.iter() if "id" in element.attrs]
    assert len(ids) == len(set(ids)), "duplicate ids"
    base = "http://site.invalid/" + url
    for link in page.find_all("a"):
        href = link.attrs.get("href")
        if not href or re.match(r"^[a-z]+:", href):
            continue
        target, anchor = urldefrag(urljoin(base, href))
        path = target.removeprefix("http://site.invalid/")
        file = built_site / path / "index.html" if path == "" or path.endswith("/") else built_site / path
        assert file.is_file(), (url, href)
        if anchor and file.suffix == ".html":
            assert read_html(built_site, path).find_all(id=anchor), (url, href)


def test_the_search_index_holds_the_generated_pages(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    hits = [doc["location"] for doc in index["docs"] if re.search(r"\bescrow\b", doc["text"], re.IGNORECASE)]
    assert any(hit.startswith("authority/") for hit in hits), hits
    payout = [doc["location"] for doc in index["docs"] if "payout" in doc["text"].lower()]
    assert any(hit.startswith("routing/") for hit in payout)
    assert any(doc["location"] == "routing/#dmca-copyright" or "DMCA" in doc["text"] for doc in index["docs"])
