"""The quick reference: every fact from the YAML, linked from the home page and the nav, readable
on screen, and printed by Chromium on exactly one A4 and one Letter page."""

from __future__ import annotations

import re

import pytest

from matrix.core import format_minutes
from matrix.core.wording import amount_words, rule_text, seed_words

URL = "quick-reference/"
# Margins of a browser's print dialog by default (0.4 in), on both paper sizes.
MARGIN = {side: "0.4in" for side in ("top", "right", "bottom", "left")}


@pytest.fixture(scope="module")
def page_html(built_site, read_html):
    return read_html(built_site, URL)


def cells(row) -> list[str]:
    return [cell.text for cell in row.find_all() if cell.tag in ("th", "td")]


def pdf_pages(pdf: bytes) -> int:
    """Page objects in a PDF (`/Type /Page`, not the `/Type /Pages` tree above them)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


# --- the facts ---------------------------------------------------------------------------------

def test_routing_by_category_lists_every_issue_type_with_owner_path_and_sla(page_html, matrix):
    for category in matrix.categories:
        body = page_html.by_id(f"qr-{category.id}")
        rows = [cells(tr) for tr in body.find_all("tr")]
        assert rows[0] == [category.name]
        assert rows[1:] == [
            [issue.name, matrix.parties[issue.owner].name,
             " → ".join(" or ".join(matrix.parties[p].name for p in step.any_of) for step in issue.path) or "—",
             format_minutes(issue.sla)]
            for issue in category.issue_types]
    # The seed's own rows, spelled out.
    legal_threat = next(tr for tr in page_html.by_id("qr-business").find_all("tr") if "Legal threat" in tr.text)
    assert cells(legal_threat) == ["Legal threat", "Legal", "General Counsel → CEO", "2 h"]
    press = next(tr for tr in page_html.by_id("qr-business").find_all("tr") if "Press inquiry" in tr.text)
    assert cells(press) == ["Press inquiry", "PR", "CEO or CMO", "4 h"]


def test_severities_have_their_meaning_and_resolution_targets(page_html, matrix):
    for severity in matrix.severities.values():
        assert cells(page_html.by_id(f"qr-{severity.id.lower()}")) == [
            severity.label, severity.definition,
            f"{format_minutes(severity.resolution.target)} (max {format_minutes(severity.resolution.maximum)})"]
    assert cells(page_html.by_id("qr-p3")) == ["P3 - Low", "Minor issue, cosmetic, or enhancement", "72 h (max 1 week)"]
    first = page_html.by_id("qr-first-response").text
    assert first == "First response: " + " · ".join(
        f"{c.name} {format_minutes(c.first_response.target)} (max {format_minutes(c.first_response.maximum)})"
        for c in matrix.channels.values())
    assert "Live Chat 2 min (max 5 min)" in first
    assert page_html.by_id("qr-off-shift").text == f"Owner off shift: {rule_text(matrix)} (ours: off-shift)."
    assert page_html.by_id("qr-off-shift").find("a", href="../interpretations/#off-shift") is not None


def test_the_authority_matrix_has_every_row_and_grant(page_html, matrix):
    authority = matrix.authority
    table = page_html.by_id("qr-authority").parent.find("table")
    assert cells(table.find("thead").find("tr")) == [f"Action ({authority.currency})"] + [
        matrix.parties[role].name for role in authority.roles]
    rows = [cells(tr) for tr in table.find("tbody").find_all("tr")]
    assert len(rows) == len(authority.rules) == 12
    for row, rule in zip(rows, authority.rules):
        label = rule.label if rule.amount is None else (
            f"{rule.action}, {amount_words(rule.amount, authority.currency)} "
            f"(the seed writes “{seed_words(rule.label, rule.action)}”) (why)")
        grants = {"allowed": "✓", "denied": "—"}
        assert row == [label] + [grants.get(rule.grants[role]) or f"{matrix.parties[matrix.parties[role].lead].name} only"
                                 for role in authority.roles]
    ban = next(row for row in rows if row[0] == "Ban user")
    assert ban == ["Ban user", "—", "—", "T&S Lead only", "—", "—", "✓"]
    assert rows[4][0] == "Issue refund, $100 and above (the seed writes “>$100”) (why)"
    refund = table.find("tbody").find_all("tr")[4].find("th")
    assert [a.attrs["href"] for a in refund.find_all("a")] == ["../authority/#issue-refund",
                                                               "../interpretations/#refund-threshold"]
    note = table.parent.find_all("p", class_="rb-qr__note")[-1]
    assert note.text == ("✓ allowed · — not allowed · “… only”: only that lead of the team may; a lead may also do "
                         "what its team may (why).")
    assert note.find("a").attrs["href"] == "../interpretations/#lead-roles"


def test_key_contacts_are_every_published_contact_by_tier(page_html, matrix):
    listed = []
    for tier in matrix.tiers.values():
        body = page_html.find_all(id=f"qr-contacts-{tier.id}")
        parties = [p for p in matrix.directory() if p.directory == tier.id and p.contact]
        assert len(body) == (1 if parties else 0)
        for party in parties:
            name, contact, hours = cells(page_html.by_id(f"qr-contact-{party.id}"))
            marker = f" = {tier.name}" if party.id == tier.contact else ""
            assert (name, contact, hours) == (party.name + marker, party.contact.value, party.hours.label)
            listed.append(party.id)
    assert listed and len(listed) == sum(1 for p in matrix.directory() if p.contact)
    assert cells(page_html.by_id("qr-contact-oncall-primary"))[0] == "On-Call Primary = Tier 3"
    assert cells(page_html.by_id("qr-contact-billing")) == ["Billing Team", "billing@skillancer.com", "9am-6pm"]
    missing = [p.name for p in matrix.directory() if p.contact is None]
    assert page_html.by_id("qr-no-contact").text == f"No published contact ({len(missing)}): {', '.join(missing)}."
    assert "General Counsel" in missing


def test_the_lead_names_the_zone_and_clocks_and_no_file(page_html, matrix):
    lead = page_html.find("p", class_="rb-qr__lead")
    assert "yaml" not in lead.text.lower()
    assert f"Hours are local time in {matrix.organisation.timezone} (ours: local-time-zone)." in lead.text
    assert set(matrix.clocks.values()) == {"calendar"} and "Every clock counts calendar time (ours: sla-clocks)." in lead.text
    assert [a.attrs["href"] for a in lead.find_all("a")] == ["../interpretations/#local-time-zone",
                                                             "../interpretations/#sla-clocks"]


def test_linked_from_the_home_page_and_in_the_nav(built_site, read_html):
    home = read_html(built_site, "")
    assert home.find("article").find("a", href="quick-reference/") is not None
    nav = [a.attrs.get("href") for a in home.find_all("a", class_="md-nav__link")]
    assert "quick-reference/" in nav


# --- print and screen, in Chromium -------------------------------------------------------------

@pytest.fixture
def quick_reference(page, site_server):
    page.goto(f"{site_server.url}/{URL}", wait_until="networkidle")
    return page


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_prints_on_one_page(quick_reference, paper):
    pdf = quick_reference.pdf(format=paper, margin=MARGIN)
    assert pdf.startswith(b"%PDF") and pdf_pages(pdf) == 1


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_prints_on_one_page_from_the_dark_palette_too(browser, site_server, paper):
    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(f"{site_server.url}/{URL}", wait_until="networkidle")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        assert pdf_pages(page.pdf(format=paper, margin=MARGIN)) == 1
    finally:
        context.close()


def test_the_page_counter_counts_a_long_page(page, site_server):
    # Control: the same count on a page that cannot fit one sheet.
    page.goto(f"{site_server.url}/policy-check/", wait_until="networkidle")
    assert pdf_pages(page.pdf(format="A4", margin=MARGIN)) > 3


# A4 is the narrower sheet and Letter the shorter: the printable area both share, in CSS pixels.
SHARED_WIDTH = round((210 - 2 * 10.16) / 25.4 * 96)
SHARED_HEIGHT = round((279.4 - 2 * 10.16) / 25.4 * 96)


def test_in_print_the_whole_reference_fits_the_sheet_both_papers_share_without_site_chrome(quick_reference):
    page = quick_reference
    page.emulate_media(media="print")
    page.set_viewport_size({"width": SHARED_WIDTH, "height": SHARED_HEIGHT})
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        assert page.locator(chrome).first.is_hidden(), chrome
    parts = ["h1", ".rb-qr__lead", ".rb-qr__routing", ".rb-qr__severities", ".rb-qr__contacts", ".rb-qr__authority"]
    for part in parts:
        box = page.locator(f"article {part}").first.bounding_box()
        assert box and box["height"] > 0, part
        assert box["x"] >= 0 and box["x"] + box["width"] <= SHARED_WIDTH + 1, part
        assert box["y"] + box["height"] <= SHARED_HEIGHT, part
    # Routing and severities side by side: two columns.
    routing = page.locator(".rb-qr__routing").bounding_box()
    severities = page.locator(".rb-qr__severities").bounding_box()
    assert severities["x"] >= routing["x"] + routing["width"] - 1
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.rb-qr td')).fontSize)")
    assert 8.5 <= size <= 10  # 6.5–7.5 pt: small, still legible on paper


def test_on_screen_the_reference_stays_a_readable_page(quick_reference):
    page = quick_reference
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator(".md-header").is_visible() and page.locator(".md-sidebar--primary").is_visible()
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.rb-qr td')).fontSize)")
    assert size >= 13
    routing = page.locator(".rb-qr__routing").bounding_box()
    severities = page.locator(".rb-qr__severities").bounding_box()
    assert severities["y"] >= routing["y"] + routing["height"] - 1  # one panel after the other
    assert page.console_errors == []
