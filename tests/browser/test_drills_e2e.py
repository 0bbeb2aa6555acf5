"""The drill page end to end: the built site, a local server, Debian's Chromium, the real Pyodide.

One page loads Python and works through drills as a trainee would (a trainer's link, right and
wrong answers, the streak raising the level, a reload, a reset); the failure test never gets
Python started. Expected drills and verdicts come from the CPython core, not from copies here.
"""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs, urljoin, urlparse

import pytest

from matrix.core.answers.drills import grade, level_for, make_drill, new_progress, record
from matrix.site.local_server import SiteServer

from matrix_data import right_answers
from test_wizard_e2e import PYTHON_START, assert_local_only, recorded, text

READY = "#drill[data-state=ready]"
GRADED = "#drill[data-state=graded]"
STORAGE_KEY = "escalation-matrix:drills"


def shown_drill(page) -> dict:
    """The drill on screen, as the page shows it: which one (from its link), the briefing, the questions."""
    link = parse_qs(urlparse(page.locator("[data-field=drill-link]").get_attribute("href")).query)
    questions = page.locator("#drill-form fieldset").evaluate_all("""sets => sets.map(set => ({
        id: set.dataset.question,
        prompt: set.querySelector("legend").textContent,
        options: [...set.querySelectorAll("label")].map(l => [l.querySelector("input").value, l.textContent]),
    }))""")
    return {"scenario": link["scenario"][0], "seed": int(link["seed"][0]), "level": int(link["level"][0]),
            "briefing": page.locator("#drill [data-field=briefing]").text_content(), "questions": questions}


def expected_drill(matrix, shown: dict):
    drill = make_drill(matrix, shown["scenario"], shown["seed"], shown["level"])
    data = drill.to_dict()
    assert shown["briefing"] == data["briefing"]
    assert shown["questions"] == data["questions"]
    return drill


def answer(page, answers: dict[str, str]):
    for question, value in answers.items():
        inputs = page.locator(f'#drill-form input[name="{question}"]')
        values = inputs.evaluate_all("inputs => inputs.map(i => i.value)")
        inputs.nth(values.index(value)).check()
    page.click("#drill-check")
    page.wait_for_selector(GRADED, state="attached")


def stored(page) -> dict:
    return json.loads(page.evaluate("key => localStorage.getItem(key) || '{}'", STORAGE_KEY))


def wrong_answers(drill) -> dict[str, str]:
    right = right_answers(drill.matrix, drill)
    return {q.id: next(value for value, _ in q.options if value != right[q.id]) for q in drill.questions()}


@pytest.fixture(scope="module")
def trainee(browser, site_server):
    """A trainee's page with Python loaded, opened from a trainer's link; the tests run in order on it."""
    context = browser.new_context()
    page = recorded(context.new_page())
    page.goto(f"{site_server.url}/drills/?scenario=refund-request-1&seed=7&level=2")
    # A visible loading state while Python starts (a few seconds): the progress bar and its text.
    page.wait_for_selector("#engine-status[data-state=loading] progress", state="visible", timeout=5000)
    assert page.get_attribute("#drill", "data-state") == "loading"
    # The page's own "Loading…" until its script runs, then the engine's words.
    page.wait_for_function("() => /^(Starting|Getting the live answers ready)/.test("
                           "document.querySelector('#engine-status [data-field=engine-text]').textContent)",
                           timeout=5000)
    assert page.get_attribute("#engine-status", "data-state") == "loading"
    page.wait_for_selector(READY, state="attached", timeout=PYTHON_START)
    page.progress = new_progress()  # what the core says the trainee's progress is, kept alongside
    yield page
    assert page.console_errors == []
    assert_local_only(page, site_server)
    context.close()


def test_a_trainers_link_gives_the_drill_make_drill_gives(trainee, matrix):
    shown = shown_drill(trainee)
    assert (shown["scenario"], shown["seed"], shown["level"]) == ("refund-request-1", 7, 2)
    drill = expected_drill(matrix, shown)
    assert "$100" in shown["briefing"] and [q["id"] for q in shown["questions"]][-1] == "may"
    assert text(trainee, "#drill [data-field=meta]") == (
        "Level 2 of 3 · scenario refund-request-1 · handed out by link · written for training")
    training = trainee.locator("#drill [data-field=meta] a[data-field=training]")
    assert training.get_attribute("href") == urljoin(trainee.url, "../interpretations/#training-scenarios")
    assert trainee.get_attribute("[data-field=drill-link]", "href").endswith(
        "/drills/?scenario=refund-request-1&seed=7&level=2")
    assert trainee.is_disabled("#drill-next") and not trainee.is_disabled("#drill-check")
    assert text(trainee, "#drill-progress [data-field=summary]") == "No drills answered yet."
    assert stored(trainee) == {"current": {"scenario": "refund-request-1", "seed": 7, "level": 2}}
    trainee.drill = drill


def test_right_answers_are_graded_right(trainee):
    drill = trainee.drill
    answers = right_answers(drill.matrix, drill)
    answer(trainee, answers)
    verdicts = trainee.locator("#drill-verdicts li").evaluate_all(
        "items => items.map(li => [li.dataset.question, li.dataset.correct])")
    assert verdicts == [[q.id, "true"] for q in drill.questions()]
    assert text(trainee, "[data-field=result]") == "All right. Streak: 1."
    # refund-request-1 is no seed example: its severity is our judgement, and the verdict says so and links why.
    severity = trainee.locator('#drill-verdicts li[data-question="severity"]')
    assert severity.locator("[data-field=reason]").inner_text().startswith(
        "Expected P3: our judgement for training; the seed lists no example like it. ")
    assert severity.locator("[data-field=why]").get_attribute("href").endswith("/interpretations/#training-scenarios")
    assert trainee.locator("#drill-verdicts [data-field=why]").count() == 1
    trainee.progress = record(trainee.progress, drill, grade(drill, answers))
    assert stored(trainee) == {"progress": trainee.progress, "current": None}
    assert text(trainee, "#drill-progress [data-field=summary]") == "1 drill answered, 1 fully right; streak 1 (best 1)."
    assert trainee.is_disabled("#drill-check") and not trainee.is_disabled("#drill-next")


def test_wrong_answers_are_explained_with_a_link_to_the_runbook(trainee, matrix, built_site):
    trainee.click("#drill-next")
    trainee.wait_for_selector(READY, state="attached")
    assert urlparse(trainee.url).query == ""  # past the trainer's drill: the link no longer names it
    drill = expected_drill(matrix, shown_drill(trainee))
    assert drill.level == level_for(trainee.progress)
    given = wrong_answers(drill)
    answer(trainee, given)
    expected = grade(drill, given)
    assert not any(v.correct for v in expected)
    for verdict in expected:
        item = trainee.locator(f'#drill-verdicts li[data-question="{verdict.question}"]')
        assert item.get_attribute("data-correct") == "false"
        assert item.locator("[data-field=told]").inner_text() == (
            f"You said: {verdict.given}. The answer: {verdict.expected}.")
        assert item.locator("[data-field=reason]").inner_text().startswith(verdict.reason)
        href = item.locator("[data-field=runbook]").get_attribute("href")
        assert href == urljoin(trainee.url, "../" + verdict.link)
        page, anchor = verdict.link.split("#")
        assert f'id="{anchor}"' in (built_site / page / "index.html").read_text(encoding="utf-8")
        # A severity of ours (not one of the seed's examples) links that choice; nothing else does.
        why = item.locator("[data-field=why]")
        if verdict.why:
            assert why.inner_text() == verdict.why["text"] == "our judgement for training"
            assert why.get_attribute("href") == urljoin(trainee.url, "../" + verdict.why["link"])
        else:
            assert why.count() == 0
    assert text(trainee, "[data-field=result]").startswith("Not all right this time")
    trainee.progress = record(trainee.progress, drill, expected)
    assert stored(trainee)["progress"] == trainee.progress
    assert trainee.locator("#drill-verdicts a").count() == len(expected) + sum(1 for v in expected if v.why)
    assert trainee.locator("#drill-verdicts b, #drill-verdicts script").count() == 0


def test_a_streak_raises_the_level(trainee, matrix):
    for _ in range(3):
        trainee.click("#drill-next")
        trainee.wait_for_selector(READY, state="attached")
        drill = expected_drill(matrix, shown_drill(trainee))
        assert drill.level == level_for(trainee.progress)
        answers = right_answers(matrix, drill)
        answer(trainee, answers)
        trainee.progress = record(trainee.progress, drill, grade(drill, answers))
    assert trainee.progress["streak"] == 3 and level_for(trainee.progress) == 2
    trainee.click("#drill-next")
    trainee.wait_for_selector(READY, state="attached")
    assert shown_drill(trainee)["level"] == 2
    assert text(trainee, "#drill [data-field=meta]").startswith("Level 2 of 3")


def test_progress_and_the_drill_on_screen_survive_a_reload(trainee, matrix):
    before = shown_drill(trainee)  # left unanswered
    trainee.reload()
    trainee.wait_for_selector(READY, state="attached", timeout=PYTHON_START)
    assert shown_drill(trainee) == before
    assert stored(trainee)["progress"] == trainee.progress
    assert text(trainee, "#drill-progress [data-field=summary]") == "5 drills answered, 4 fully right; streak 3 (best 3)."


def test_reset_forgets_the_progress(trainee):
    trainee.click("#drill-reset")
    trainee.wait_for_selector("#drill-progress [data-field=reset-status]:has-text('Progress reset.')")
    trainee.wait_for_selector(READY, state="attached")
    assert text(trainee, "#drill-progress [data-field=summary]") == "No drills answered yet."
    assert "progress" not in stored(trainee) and stored(trainee)["current"]["level"] == 1
    assert shown_drill(trainee)["level"] == 1


def rgb(colour: str) -> tuple[int, ...]:
    """`rgb(46, 125, 50)` (a computed colour) as numbers."""
    return tuple(int(part) for part in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3])


def verdict_colours(page) -> list[dict]:
    """Each verdict as shown: right or not, its left bar's colour and its mark's colour and text."""
    return page.locator("#drill-verdicts li").evaluate_all("""items => items.map(li => {
        const mark = li.querySelector("[data-field=mark]");
        return {correct: li.dataset.correct, bar: getComputedStyle(li).borderLeftColor,
                mark: mark?.textContent, mark_colour: mark && getComputedStyle(mark).color};
    })""")


def test_right_answers_look_right_and_wrong_ones_wrong_in_both_palettes(trainee, matrix):
    drill = expected_drill(matrix, shown_drill(trainee))  # the drill the reset left on screen
    given = {**wrong_answers(drill), "owner": right_answers(matrix, drill)["owner"]}
    answer(trainee, given)
    trainee.progress = record(trainee.progress, drill, grade(drill, given))
    original = trainee.get_attribute("body", "data-md-color-scheme")
    for scheme in ("default", "slate"):  # Material's light and dark palettes, as its toggle sets them
        trainee.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
        shown = verdict_colours(trainee)
        right = [v for v in shown if v["correct"] == "true"]
        wrong = [v for v in shown if v["correct"] == "false"]
        assert len(right) == 1 and len(wrong) == len(given) - 1
        (right_bar,), (wrong_bar,) = {v["bar"] for v in right}, {v["bar"] for v in wrong}
        assert right_bar != wrong_bar, scheme
        red, green, _ = rgb(right_bar)
        assert green > red, (scheme, right_bar)
        red, green, _ = rgb(wrong_bar)
        assert red > green, (scheme, wrong_bar)
        assert {v["mark"] for v in right} == {"✓ Right"} and {v["mark"] for v in wrong} == {"✗ Not quite"}
        assert all(v["mark_colour"] == v["bar"] for v in shown), scheme
    trainee.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", original)


def test_each_verdicts_link_is_a_section_of_this_site(trainee, site_server, built_site):
    """Absolute links to this site's pages (resolved against its root), each to an anchor the page has."""
    hrefs = trainee.locator("#drill-verdicts [data-field=runbook]").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert len(hrefs) == trainee.locator("#drill-verdicts li").count() >= 4
    for href in hrefs:
        url = urlparse(href)
        assert f"{url.scheme}://{url.netloc}" == site_server.url, href
        page = built_site / url.path.lstrip("/") / "index.html"
        assert page.is_file(), href
        assert url.fragment and f'id="{url.fragment}"' in page.read_text(encoding="utf-8"), href


def test_next_drill_by_keyboard_moves_focus_to_the_new_scenario(trainee, matrix):
    before = trainee.get_attribute("#drill", "data-scenario")
    assert trainee.evaluate("() => document.activeElement.id") == "drill-next"  # where grading leaves it
    trainee.keyboard.press("Enter")
    trainee.wait_for_function("""before => {
        const drill = document.querySelector("#drill");
        return drill.dataset.state === "ready" && drill.dataset.scenario !== before;
    }""", arg=before)
    drill = expected_drill(matrix, shown_drill(trainee))
    focused = trainee.evaluate("""() => ({field: document.activeElement.dataset.field,
        tabindex: document.activeElement.getAttribute("tabindex"), text: document.activeElement.textContent})""")
    assert focused == {"field": "briefing", "tabindex": "-1", "text": drill.briefing()}


def test_without_python_the_page_says_so_and_links_the_routing_tables(browser, built_site, tmp_path):
    """A .wasm served with the wrong type: a plain message within 20 s, links that work under a sub-path."""
    (tmp_path / "runbook").symlink_to(built_site, target_is_directory=True)
    with SiteServer(tmp_path, extra_types={".wasm": "text/plain"}) as server:
        context = browser.new_context()
        page = recorded(context.new_page())
        started = time.monotonic()
        page.goto(f"{server.url}/runbook/drills/?scenario=legal-threat-1&seed=1&level=1")
        page.wait_for_selector("#drill[data-state=error]", state="attached", timeout=25_000)
        assert time.monotonic() - started < 25
        notice = page.locator("#drill [data-field=notice]")
        assert notice.is_visible() and "the live answers, which are not running in this tab" in notice.inner_text()
        assert "Python" not in notice.inner_text() and "MB" not in notice.inner_text()  # words for agents
        links = {urlparse(urljoin(page.url, href)).path
                 for href in notice.locator("a").evaluate_all("links => links.map(a => a.href)")}
        assert links == {"/runbook/routing/", "/runbook/authority/"}
        assert page.get_attribute("#engine-status", "data-state") == "error"
        assert [path for path in server.requests if not path.startswith("/runbook/")] == []
        assert_local_only(page, server)
        context.close()


def test_the_drill_page_is_in_the_nav_and_loads_the_shared_machinery(built_site, read_html):
    page = read_html(built_site, "drills/")
    nav = [a.text for a in page.find_all("a", class_="md-nav__link")]
    assert "Training drills" in nav
    home = read_html(built_site, "")
    assert any(a.attrs.get("href") == "drills/" for a in home.find_all("a", class_="md-nav__link"))
    assert page.by_id("drills").attrs["data-timeout-ms"] == "20000"
    for element in ("drill", "drill-form", "drill-check", "drill-next", "drill-reset", "engine-status"):
        page.by_id(element)
    assert page.by_id("drill-verdicts").attrs["aria-live"] == "polite"
    scripts = [s.attrs.get("src") for s in page.find_all("script")]
    assert "../assets/wizard/boot.js" in scripts  # the wizard's loader starts the drills too
    assert "../assets/wizard/fallback.js" in scripts  # and, should it never start them, the fallback says so
    assert (built_site / "assets" / "drills" / "drills.js").is_file()
