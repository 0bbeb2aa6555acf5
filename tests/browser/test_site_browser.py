"""The built runbook in real Chromium: every page loads cleanly from its own host only.

Uses the session's built site and local server (tests/conftest.py); Chromium cannot resolve any
outside host, and every request of the page and its workers is recorded.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from matrix.site import PAGES, page_url
from matrix.site.change_page import PAGE as CHANGE_PAGE
from matrix.site.deploy import PAGE as DEPLOY_PAGE

DOCS = Path(__file__).resolve().parents[2] / "docs"
HAND_WRITTEN = sorted(page_url(path.relative_to(DOCS).as_posix()) for path in DOCS.rglob("*.md"))
EVERY_PAGE = [url.removeprefix("./") for url in HAND_WRITTEN + [page_url(p) for p in (*PAGES, CHANGE_PAGE, DEPLOY_PAGE)]]


def test_the_browser_tests_cover_every_built_page(built_site):
    built = {path.parent.relative_to(built_site).as_posix() + "/" for path in built_site.rglob("index.html")}
    assert {url or "./" for url in EVERY_PAGE} == built
    assert {"./", "wizard/", "editing/", "routing/", "flow/"} <= built


def _open(page, server, url: str):
    response = page.goto(f"{server.url}/{url}", wait_until="networkidle")
    assert response is not None and response.status == 200


@pytest.mark.parametrize("url", EVERY_PAGE)
def test_page_loads_without_errors_or_off_host_requests(page, site_server, url):
    _open(page, site_server, url)
    assert page.console_errors == []
    off_host = [request for request in page.requested
                if not request.startswith(site_server.url + "/") and not re.match(r"^(data|blob):", request)]
    assert off_host == []
    assert page.locator("article h1").first.is_visible()
    assert page.evaluate("typeof ResizeObserver") == "function"  # Material's polyfill would come from a CDN


def test_the_flow_diagram_is_visible_and_labelled(page, site_server, matrix):
    _open(page, site_server, "flow/")
    svg = page.locator("svg.rb-flow__svg")
    assert svg.is_visible()
    box = svg.bounding_box()
    content = page.locator("article").bounding_box()
    assert box["width"] > 300 and box["height"] > 300
    assert box["x"] >= content["x"] - 1 and box["x"] + box["width"] <= content["x"] + content["width"] + 1
    for node in matrix.flow.nodes:
        label = svg.locator("text", has_text=node.label).first
        assert label.is_visible(), node.label
    assert page.locator("#flow-title").text_content() == "Escalation flow"
    assert svg.get_attribute("aria-labelledby") == "flow-title"
    assert svg.get_attribute("aria-describedby") == "flow-desc"


def _rgba(text: str) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", text)]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


def _over(colour, background):
    r, g, b, a = colour
    return tuple(a * c + (1 - a) * d for c, d in zip((r, g, b), background[:3]))


def _luminance(rgb) -> float:
    channels = [c / 255 for c in rgb]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a, b) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_flow_diagram_is_readable_in_both_palettes(browser, site_server, scheme):
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(f"{site_server.url}/flow/", wait_until="networkidle")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == (
            "default" if scheme == "light" else "slate")
        colours = page.evaluate("""() => {
            const style = (selector, property) => getComputedStyle(document.querySelector(selector))[property];
            return {
                page: getComputedStyle(document.body).backgroundColor,
                box: style('.rb-flow__node--party rect', 'fill'),
                label: style('.rb-flow__node--party text', 'fill'),
                border: style('.rb-flow__node--party rect', 'stroke'),
                arrow: style('.rb-flow__arrows path', 'stroke'),
            };
        }""")
        page_bg = _rgba(colours["page"])
        box = _over(_rgba(colours["box"]), page_bg)
        assert _contrast(_over(_rgba(colours["label"]), box), box) >= 4.5, colours
        assert _contrast(_over(_rgba(colours["border"]), page_bg), page_bg) >= 3, colours
        assert _contrast(_over(_rgba(colours["arrow"]), page_bg), page_bg) >= 3, colours
    finally:
        context.close()


LINKS = "[...document.querySelectorAll('.md-search-result__item a')].map((a) => a.getAttribute('href'))"


def _search(page, query: str, page_path: str) -> list[str]:
    """Type into the theme's search box and return the result links once one leads to `page_path`.

    The theme renders results in batches and may redraw the list: every link is read in one step, and
    the test waits for the state it asserts rather than for the first result."""
    page.locator("input.md-search__input").click()
    page.keyboard.type(query)  # Material listens for key events, not for a filled value
    try:
        page.wait_for_function(f"{LINKS}.some((href) => href.includes({page_path!r}))", timeout=15000)
    except PlaywrightTimeout:
        pass  # the assertion of the caller shows what the search did list
    return page.evaluate(LINKS)


def test_search_finds_the_authority_matrix_for_escrow(page, site_server):
    _open(page, site_server, "")
    hrefs = _search(page, "escrow", "authority/")
    assert any(re.search(r"authority/", href) for href in hrefs), hrefs
    assert page.console_errors == []


@pytest.mark.parametrize("query, page_path", [("hacked", "routing/"), ("lawsuit", "routing/"), ("oncall", "contacts/")])
def test_search_finds_words_inside_generated_tables(page, site_server, query, page_path):
    """Each cell's words are apart in the index: "hacked" was glued to the ¶ before it, "oncall" to "#"."""
    _open(page, site_server, "")
    hrefs = _search(page, query, page_path)
    assert any(page_path in href for href in hrefs), hrefs


def test_search_offers_the_wizards_answer_for_a_query_naming_an_issue_type(page, site_server, matrix):
    _open(page, site_server, "sla/")
    page.locator("input.md-search__input").click()
    page.keyboard.type("money back")
    offer = page.locator(".rb-search-wizard[data-query='money back'] a[data-issue=refund-request]")
    offer.wait_for()
    assert "Refund request" in offer.inner_text()
    # Found through our search words ("money back"), not the issue type's name: the offer says so and links why.
    ours = page.locator(".rb-search-wizard[data-query='money back'] a.rb-search-ours")
    assert ours.inner_text() == "Issue type names are the seed's; every other search word is ours"
    assert ours.get_attribute("href").endswith("/interpretations/#search-vocabulary")
    offer.click()
    page.wait_for_selector('#answer[data-key^="refund-request|"]', state="attached")
    assert page.url.endswith("/wizard/?issue=refund-request")
    assert page.console_errors == []


def test_search_offers_nothing_for_a_word_that_fits_several_issue_types(page, site_server):
    _open(page, site_server, "")
    page.locator("input.md-search__input").click()
    page.keyboard.type("refund")
    page.locator(".rb-search-wizard[data-query='refund'] a[data-issue=refund-request]").wait_for()
    for _ in "refund":
        page.keyboard.press("Backspace")
    page.keyboard.type("refund request")  # the seed's own name: no note that the words are ours
    page.locator(".rb-search-wizard[data-query='refund request'] a[data-issue=refund-request]").wait_for()
    assert page.locator(".rb-search-wizard a.rb-search-ours").count() == 0
    for _ in "refund request":
        page.keyboard.press("Backspace")
    page.keyboard.type("complaint")  # fits several issue types: find is not certain, so no offer
    page.wait_for_function("() => !document.querySelector('.rb-search-wizard')")


def test_templates_have_a_copy_button_and_the_seed_symbols(page, site_server, matrix):
    _open(page, site_server, "templates/")
    blocks = page.locator("article pre")
    assert blocks.count() == len(matrix.templates)
    for i in range(blocks.count()):
        copy = blocks.nth(i).locator("button[data-md-type='copy']")
        assert copy.count() == 1
        target = copy.get_attribute("data-clipboard-target")
        assert page.locator(target).inner_text() == blocks.nth(i).locator("code").inner_text()
    assert blocks.first.locator("code").inner_text().startswith("🚨 ESCALATION REQUEST")


def test_an_issue_type_anchor_opens_at_its_row(page, site_server):
    _open(page, site_server, "routing/#dmca-copyright")
    row = page.locator("#dmca-copyright")
    assert row.is_visible()
    assert page.evaluate("document.querySelector('#dmca-copyright').getBoundingClientRect().top") < 400
    assert "External Counsel" in row.inner_text()
