"""The wizard says when an answer's route changed in the last 30 days, in the core's words, by the viewer's clock.

Against the site built from the scratch history repository (conftest `history_site`): the Legal threat
SLA went from 2 h to 4 h an hour ago; the Fraud suspicion SLA changed 45 days ago, too long ago to
mention. The line comes with the build's answers, so it shows before Python has loaded and stays
when Python answers; a browser whose clock is 31 days later no longer shows it.
"""

from __future__ import annotations

import gzip
import json
from datetime import datetime

import pytest

from matrix.core import wording
from matrix.site.local_server import SiteServer

PYTHON_START = 60_000


@pytest.fixture(scope="module")
def server(history_site):
    with SiteServer(history_site) as running:
        yield running


def test_an_answer_whose_route_changed_lately_says_so_and_links_the_change_page(browser, server, history_site):
    answers = json.loads(gzip.decompress((history_site / "assets/wizard/data/answers.json.gz").read_bytes()))
    when = datetime.fromisoformat(answers["recent"]["issues"]["legal-threat"][0]["date"])
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server.url}/wizard/?issue=legal-threat")
    page.wait_for_selector('#answer[data-key^="legal-threat|"] [data-field=recent]', state="attached", timeout=10_000)
    recent = page.locator("#answer [data-field=recent]")
    assert recent.inner_text().strip() == (f"{wording.RECENT_ROUTE_CHANGE}: SLA changed from 2 h to 4 h on "
                                           f"{wording.date_words(when)} ({wording.CHANGE_PAGE})")
    assert recent.locator("a").get_attribute("href") == f"{server.url}/changes/"

    # Python's own answer for the route keeps the line.
    page.wait_for_selector('#answer[data-source=python][data-key^="legal-threat|"]', state="attached",
                           timeout=PYTHON_START)
    assert page.locator("#answer [data-field=recent]").count() == 1

    # An issue type whose route changed 45 days ago says nothing.
    page.goto(f"{server.url}/wizard/?issue=fraud-suspicion")
    page.wait_for_selector('#answer[data-key^="fraud-suspicion|"] [data-field=path-line]', state="attached",
                           timeout=10_000)
    assert page.locator("#answer [data-field=recent]").count() == 0
    assert errors == []
    context.close()


def test_thirty_days_count_by_the_viewers_clock(browser, server):
    context = browser.new_context()
    page = context.new_page()
    # The viewer's clock 31 days ahead of the build: the same change is no longer recent.
    page.add_init_script("""{
      const ahead = 31 * 86400000, realNow = Date.now.bind(Date);
      Date.now = () => realNow() + ahead;
    }""")
    page.goto(f"{server.url}/wizard/?issue=legal-threat")
    page.wait_for_selector('#answer[data-key^="legal-threat|"] [data-field=path-line]', state="attached",
                           timeout=10_000)
    assert page.locator("#answer [data-field=recent]").count() == 0
    assert page.evaluate("Date.now()") > server_now_ms() + 30 * 86_400_000  # the clock really was ahead
    context.close()


def server_now_ms() -> float:
    return datetime.now().timestamp() * 1000
