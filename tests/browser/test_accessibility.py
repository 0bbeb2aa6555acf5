"""axe-core on every page of the built runbook, in both of the theme's palettes: no serious or critical
violation.

axe comes from the project's pinned npm package (node_modules/axe-core) and is injected into each page
by the test: the site itself never ships it. One context per palette visits every page the built site's
navigation lists, with the palette chosen as a reader chooses it (the header's toggle, which the theme
remembers for the next pages). The pages that start Python are checked once they show what a reader
reads: the wizard a deep link's answer, the drills a scenario.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest

from conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PYTHON_START = 60_000  # ms; Pyodide takes ~3-5 s here, more while other test runs share the 2 cores
FAILING_IMPACTS = ("serious", "critical")

# A page that fills itself from Python is checked in the state it is read in, not while it loads.
WIZARD_ANSWER = "wizard/?issue=fraud-suspicion&severity=P1&channel=chat"
SHOWN = {
    "wizard/": (WIZARD_ANSWER, '#answer[data-state=ready][data-source=python][data-key="fraud-suspicion|P1|chat"]'),
    "drills/": ("drills/", "#drill[data-state=ready]"),
}
# If Python gives up, the engine's panel says so at once, and the failure quotes it.
ENGINE_FAILED = "#engine-status[data-state=error]"
# The pages give Python 20 s to start (data-timeout-ms). On a machine shared by other test runs a start
# took longer; this test checks the answer's page, not the start time (the wizard's own tests and
# benchmarks do), so it grants the pages its own wait, set as each page's element is parsed, before any
# script reads it.
PATIENT_PAGES = """const patient = new MutationObserver((changes) => changes.forEach((change) =>
    change.addedNodes.forEach((node) => { if (node.dataset?.timeoutMs) node.dataset.timeoutMs = '%d'; })));
patient.observe(document, {childList: true, subtree: true});
document.addEventListener('DOMContentLoaded', () => patient.disconnect());""" % PYTHON_START
NOT_FOUND = "404.html"  # in no navigation, but a page every reader of a broken link sees
SCHEME = {"light": "default", "dark": "slate"}
TOGGLE = {"light": "Switch to light mode", "dark": "Switch to dark mode"}  # the header button that leads to each

NAV_LINKS = """() => [...document.querySelectorAll('nav.md-nav--primary a.md-nav__link[href]')]
    .map((a) => a.href.split('#')[0])"""
AXE_RUN = """async (impacts) => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.filter((v) => impacts.includes(v.impact)).map((v) => ({
        id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
        targets: v.nodes.slice(0, 4).map((n) => n.target.join(' ')),
    }));
}"""


def site_pages(page, server) -> list[str]:
    """Every page the built site's navigation links, and the theme's page for a missing address."""
    page.goto(f"{server.url}/", wait_until="networkidle")
    hrefs = page.evaluate(NAV_LINKS)
    paths = {href.removeprefix(server.url + "/") for href in hrefs if href.startswith(server.url + "/")}
    return sorted(paths) + [NOT_FOUND]


def built_pages(site: Path) -> set[str]:
    """Every HTML page the build wrote, as the address it is served at."""
    return {path.relative_to(site).as_posix().removesuffix("index.html") for path in site.rglob("*.html")}


def choose_palette(page, scheme: str) -> None:
    """Switch to the palette with the header's toggle, as a reader does (the page shows the other one)."""
    assert page.evaluate("document.body.dataset.mdColorScheme") != SCHEME[scheme]
    page.locator(f"label.md-header__button[title='{TOGGLE[scheme]}']").click()
    page.wait_for_selector(f"body[data-md-color-scheme={SCHEME[scheme]}]", state="attached")


def report(found: list[tuple[str, dict]]) -> str:
    nodes = sum(v["count"] for _, v in found)
    lines = [f"{nodes} nodes in {len(found)} serious or critical axe violations:"]
    for url, v in found:
        lines.append(f"  {url or './'}: {v['id']} ({v['impact']}, {v['count']} nodes) {v['help']}")
        lines.extend(f"      {target}" for target in v["targets"])
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe_source() -> str:
    assert AXE.is_file(), f"axe-core is not installed at {AXE}: run scripts/setup (npm ci)"
    return str(AXE)


def test_the_site_does_not_ship_axe(built_site):
    shipped = [path for path in Path(built_site).rglob("*") if "axe" in path.name.lower()]
    assert shipped == []


# An agent reads the runbook on a phone as often as at a desk: the theme lays pages out otherwise there
# (the navigation in a drawer, tables scrolling sideways), so the phone's size is checked too.
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESK = {"viewport": {"width": 1280, "height": 720}}  # Playwright's own default


@pytest.mark.parametrize("scheme, screen", [("light", DESK), ("dark", DESK), ("light", PHONE)],
                         ids=["light", "dark", "light-phone"])
def test_every_page_has_no_serious_accessibility_violation(browser, site_server, built_site, axe_source, scheme,
                                                             screen):
    # The browser prefers the other palette, so the reader's choice is what sets this one.
    # The pages' own policy (a <meta> CSP) would refuse the injected axe script; the check is ours, not the site's.
    context = browser.new_context(color_scheme="dark" if scheme == "light" else "light", bypass_csp=True, **screen)
    context.add_init_script(PATIENT_PAGES)
    try:
        page = context.new_page()
        pages = site_pages(page, site_server)
        assert set(pages) == built_pages(Path(built_site)), "the navigation does not list every built page"
        choose_palette(page, scheme)

        found = []
        for url in pages:
            address, ready = SHOWN.get(url, (url, "article h1"))
            page.goto(urljoin(site_server.url + "/", address), wait_until="load")
            page.wait_for_selector(f"{ready}, {ENGINE_FAILED}", state="attached", timeout=PYTHON_START + 10_000)
            if page.locator(ready).count() == 0:
                pytest.fail(f"{address}: {page.locator('#engine-status').inner_text()}", pytrace=False)
            page.wait_for_selector("body[data-scroll-boxes=marked]", state="attached")  # wide tables and code take focus
            # The reader's choice carried over from the page where the toggle was pressed.
            assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEME[scheme], url
            page.add_script_tag(path=axe_source)
            found += [(address, violation) for violation in page.evaluate(AXE_RUN, list(FAILING_IMPACTS))]
        if found:
            pytest.fail(report(found), pytrace=False)
    finally:
        context.close()
