"""The change page, its Atom feed and the home page's last change: from this repository's own history, from a
scratch repository whose history is known, and from a copy without history."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest

from conftest import HOSTILE_MESSAGE, ROOT, git, mkdocs_build
from matrix.core import wording
from matrix.site import history as site_history
from matrix.site.history import read_history
from matrix.source import DEFAULT_PATH

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(site: Path) -> ET.Element:
    return ET.fromstring((site / "changes" / "feed.xml").read_bytes())


def assert_valid_atom(root: ET.Element) -> list[ET.Element]:
    """RFC 4287's required elements: the feed's id, title, updated and author (none of its entries has one);
    each entry's id, title, updated, and its content or an alternate link. Returns the entries."""
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1 and root.find(f"{ATOM}{name}").text, name
    assert root.find(f"{ATOM}author/{ATOM}name").text
    datetime.fromisoformat(root.find(f"{ATOM}updated").text)
    entries = root.findall(f"{ATOM}entry")
    ids = []
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1 and entry.find(f"{ATOM}{name}").text, name
        assert entry.find(f"{ATOM}updated").text[10] == "T"
        datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}content") is not None
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert entry.find(f"{ATOM}id").text.startswith("urn:uuid:")
        ids.append(entry.find(f"{ATOM}id").text)
    assert len(set(ids)) == len(ids)
    return entries


def file_commits(folder: Path, path: str) -> list[str]:
    out = subprocess.run(["git", "log", "--first-parent", "--max-count=50", "--format=%H", "--", path], cwd=folder,
                         capture_output=True, text=True)
    return out.stdout.split() if out.returncode == 0 else []


# --- this repository's own history ---------------------------------------------------------------------

def test_the_real_build_lists_this_repositorys_history_and_its_feed(built_site, read_html):
    page = read_html(built_site, "changes/")
    commits = file_commits(ROOT, "matrix/escalation-matrix.yaml")
    history = read_history(DEFAULT_PATH)
    entries = assert_valid_atom(feed(built_site))
    if not history.available:  # a CI clone without history: the page says so, and the feed is empty
        assert wording.HISTORY_UNAVAILABLE in page.text and entries == []
        return
    listed = [p.attrs["data-commit"] for p in page.find_all("p") if "data-commit" in p.attrs]
    assert listed == commits and len(listed) >= 2
    assert [e.find(f"{ATOM}id").text for e in entries] == [f"urn:uuid:{_uuid(c)}" for c in commits]
    link = entries[0].find(f"{ATOM}link[@rel='alternate']").get("href")
    assert link == f"./#change-{commits[0][:12]}"  # relative to the feed at changes/feed.xml
    assert page.by_id(f"change-{commits[0][:12]}").tag == "h2"
    # The feed is linked from the page. Not from the head: the theme takes every <link rel="alternate"> for
    # a language version of the site and fetches sitemap.xml beside it (changes/sitemap.xml: a 404 per page).
    assert page.find("a", type="application/atom+xml").attrs["href"] == "feed.xml"
    assert read_html(built_site, "").find("link", rel="alternate") is None


def _uuid(commit: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"commit:{commit}"))


def test_the_home_page_says_when_the_matrix_last_changed_and_links_the_change(built_site, read_html):
    home = read_html(built_site, "")
    note = next(div for div in home.find_all("div", class_="admonition") if "Last change" in div.text)
    history = read_history(DEFAULT_PATH)
    if not history.available:
        assert wording.HISTORY_UNAVAILABLE in note.text
        return
    latest = history.latest()
    assert f"The matrix last changed on {wording.date_words(latest.commit.date)}" in note.text
    assert latest.changes[0].summary in note.text
    assert note.find("a").attrs["href"] == f"changes/#{latest.anchor}"
    assert "{{ history" not in home.text


# --- a history whose every commit is known --------------------------------------------------------------

@pytest.fixture(scope="module")
def known(history_site, read_html):
    return read_html(history_site, "changes/")


def test_each_commit_is_listed_newest_first_with_the_changes_it_made(known, history_repository):
    commits = file_commits(history_repository.parent, history_repository.name)
    assert [p.attrs["data-commit"] for p in known.find_all("p") if "data-commit" in p.attrs] == commits
    lists = known.find_all("ul", class_="rb-changes")
    assert [li.text for li in lists[0].find_all("li")] == [
        "Billing Team: contact changed from billing@skillancer.com (email) to billing-desk@skillancer.com (email)",
        "Legal threat: SLA changed from 2 h to 4 h"]
    assert [li.text for li in lists[1].find_all("li")] == ["Fraud suspicion: SLA changed from 2 h to 3 h"]
    assert len(lists) == 2
    assert wording.FIRST_VERSION in known.text


def test_commit_messages_are_text_never_markup(known):
    assert all("alert(1)" not in script.text for script in known.find_all("script"))
    quote = known.find("blockquote", class_="rb-message")
    assert HOSTILE_MESSAGE in quote.text and "Body with <b>markup</b> and [a link](javascript:alert(1))." in quote.text
    assert quote.find("b") is None and quote.find("a") is None and quote.find("em") is None
    heading = known.find("h2")
    assert "<script>" in heading.text and heading.find("script") is None and heading.find("em") is None


def test_the_feed_has_each_commit_with_its_changes_escaped(history_site, history_repository):
    entries = assert_valid_atom(feed(history_site))
    assert len(entries) == 3
    newest = entries[0]
    assert newest.find(f"{ATOM}title").text == HOSTILE_MESSAGE
    assert newest.find(f"{ATOM}content").text.splitlines() == [
        "Billing Team: contact changed from billing@skillancer.com (email) to billing-desk@skillancer.com (email)",
        "Legal threat: SLA changed from 2 h to 4 h"]
    raw = (history_site / "changes" / "feed.xml").read_text(encoding="utf-8")
    assert "<script>" not in raw and "&lt;script&gt;" in raw


def test_the_wizard_data_holds_the_route_changes_of_the_last_thirty_days_only(history_site):
    answers = json.loads(gzip.decompress((history_site / "assets/wizard/data/answers.json.gz").read_bytes()))
    recent = answers["recent"]
    assert recent["days"] == 30 and recent["link"] == "changes/" and recent["heading"] == wording.RECENT_ROUTE_CHANGE
    today = wording.date_words(datetime.fromisoformat(recent["issues"]["legal-threat"][0]["date"]))
    assert recent["issues"] == {"legal-threat": [
        {"text": f"SLA changed from 2 h to 4 h on {today}", "date": recent["issues"]["legal-threat"][0]["date"]}]}


def test_the_home_page_names_the_last_change(history_site, read_html):
    note = next(div for div in read_html(history_site, "").find_all("div", class_="admonition")
                if "Last change" in div.text)
    assert "Billing Team: contact changed" in note.text and "Legal threat: SLA changed from 2 h to 4 h" in note.text


# --- without history -----------------------------------------------------------------------------------

def test_a_build_without_history_says_it_is_not_available(tmp_path, read_html):
    copy = tmp_path / "no-git" / "escalation-matrix.yaml"
    copy.parent.mkdir()
    shutil.copyfile(DEFAULT_PATH, copy)
    site = tmp_path / "site"
    result = mkdocs_build(site, env={"ESCALATION_MATRIX": str(copy)})
    assert result.returncode == 0, result.stderr
    page = read_html(site, "changes/")
    assert page.find("p", data_history="unavailable").text == wording.HISTORY_UNAVAILABLE
    assert page.find("ul", class_="rb-changes") is None
    assert assert_valid_atom(feed(site)) == []
    assert wording.HISTORY_UNAVAILABLE in read_html(site, "").text


def test_a_shallow_clone_of_one_commit_has_no_history(tmp_path, history_repository):
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", history_repository.parent.as_uri(), str(clone)], check=True)
    history = read_history(clone / history_repository.name, cache=tmp_path / "cache")
    assert len(history.entries) == 1 and not history.available
    assert history.entries[0].note == wording.EARLIER_UNAVAILABLE
    full = read_history(history_repository, cache=tmp_path / "cache")
    assert full.available and len(full.entries) == 3


def test_each_comparison_is_made_once_and_then_read_from_the_cache(tmp_path, history_repository, monkeypatch):
    made = []
    compare = site_history.compare
    monkeypatch.setattr(site_history, "compare", lambda old, new: made.append(1) or compare(old, new))
    first = read_history(history_repository, cache=tmp_path)
    assert len(made) == 2  # two commits have a version before them
    again = read_history(history_repository, cache=tmp_path)
    assert len(made) == 2 and [e.changes for e in again.entries] == [e.changes for e in first.entries]


def test_no_git_at_all_is_no_history_not_an_error(tmp_path, history_repository, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no git to be found
    history = read_history(history_repository, cache=tmp_path)
    assert not history.available and history.reason == "git is not installed"


def test_the_commits_read_are_capped(tmp_path, history_repository):
    history = read_history(history_repository, limit=2, cache=tmp_path)
    assert len(history.entries) == 2
    assert git(history_repository.parent, "rev-list", "--count", "HEAD") == "3"


def test_a_change_to_a_value_of_ours_links_the_choice_it_is(tmp_path):
    """Search words, the actions an issue type needs and channels' entry points are ours, not the seed's: the
    change page links the explanation of each, where the matrix publishes it."""
    from matrix.core.changes import Change
    from matrix.history import Commit
    from matrix.site import change_page
    from matrix.site.history import Entry, History

    import markdown

    from conftest import parse_html

    changes = (Change("search-words", "Refund request", "categories[1].issue_types[0].our_vocabulary", "a", "b"),
               Change("sla", "Refund request", "categories[1].issue_types[0].sla", "24 h", "12 h"))
    when = datetime(2026, 11, 30, 12, 0).astimezone()
    history = History((Entry(Commit("a" * 40, ("b" * 40,), when, "Words", ""), changes),
                       Entry(Commit("b" * 40, (), when, "First", ""), note=wording.FIRST_VERSION)))
    templates = ROOT / "hooks" / "templates"

    def items(published):
        page = change_page.render_page(history, templates, True, frozenset(published))
        html = parse_html(markdown.markdown(page, extensions=["attr_list", "md_in_html"]))
        return {li.attrs["data-kind"]: li for li in html.find_all("li")}

    linked = items({"search-vocabulary", "sla-clocks"})
    assert "search words (ours)" in linked["search-words"].text
    assert linked["search-words"].find("a").attrs["href"] == "../interpretations/#search-vocabulary"
    assert linked["sla"].find("a") is None  # the seed's value: nothing of ours to explain
    assert items(set())["search-words"].find("a") is None  # never a link to an explanation that is not there


def test_the_feed_says_where_each_changed_value_of_ours_is_explained(matrix):
    """A feed reader sees no page: the entry's text names the choice and its address, as a calendar's feed does."""
    from matrix.core.answers.links import Links
    from matrix.core.changes import Change
    from matrix.history import Commit
    from matrix.site import change_page
    from matrix.site.history import Entry, History

    when = datetime(2026, 11, 30, 12, 0).astimezone()
    words = Change("search-words", "Refund request", "categories[1].issue_types[0].our_vocabulary", "a", "b")
    sla = Change("sla", "Refund request", "categories[1].issue_types[0].sla", "24 h", "12 h")
    history = History((Entry(Commit("a" * 40, ("b" * 40,), when, "Words", ""), (words, sla)),
                       Entry(Commit("c" * 40, ("b" * 40,), when, "SLA", ""), (sla,)),
                       Entry(Commit("b" * 40, (), when, "First", ""), note=wording.FIRST_VERSION)))

    def contents(site_url):
        root = ET.fromstring(change_page.atom_feed(history, matrix, Links(site=site_url)))
        return [entry.find(f"{ATOM}content").text.splitlines() for entry in assert_valid_atom(root)]

    topic = next(i.topic for i in matrix.interpretations if i.id == "search-vocabulary")
    linked, unlinked, _ = contents("https://runbook.example.com/support/")
    assert linked[2:] == [wording.choices_heading(1),
                          f"- {topic}: https://runbook.example.com/support/interpretations/#search-vocabulary"]
    assert unlinked == ["Refund request: SLA changed from 24 h to 12 h"]  # the seed's value: nothing of ours
    assert contents(None)[0][-1] == f"- {topic}: runbook page interpretations/#search-vocabulary"
