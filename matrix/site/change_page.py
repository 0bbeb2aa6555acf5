"""The change page (`changes.md`), its Atom feed (`changes/feed.xml`) and the home page's last change.

All three come from one `History` (`matrix.site.history`). The page is a Jinja2 template like the
runbook's (autoescaped: commit messages and names are text, never markup); the feed is written with
the standard library's XML writer, which escapes every value, and follows RFC 4287: the feed's id,
title, updated and author, and each entry's id, title, updated, link and content.
"""

from __future__ import annotations

import posixpath
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

from ..core import wording
from ..core.answers.links import Links, page_url, relative_url
from ..core.changes import explained_ours, recent_route_changes
from ..core.model import Matrix
from .history import History
from .markup import markdown_text
from .runbook import environment

PAGE = "changes.md"
FEED = "changes/feed.xml"
"""Where the feed is served from the site's root, whatever the site's URL style."""
ATOM = "http://www.w3.org/2005/Atom"
TEMPLATE = "changes.md.j2"
SHOWN_ON_HOME = 2
"""How many of the last change's summaries the home page names before counting the rest."""


def feed_link(use_directory_urls: bool) -> str:
    """The feed, linked from the change page."""
    return relative_url(FEED, page_url(PAGE, use_directory_urls))


def render_page(history: History, templates: Path, use_directory_urls: bool = True,
                published: frozenset[str] = frozenset()) -> str:
    """The change page's Markdown. `published`: the ids of the choices of ours the matrix publishes now; a
    change to a value that is ours links its explanation when it is one of them."""
    template = environment(templates).get_template(TEMPLATE)
    here = page_url(PAGE, use_directory_urls)
    why = {choice: relative_url(page_url("interpretations.md", use_directory_urls), here) + "#" + choice
           for choice in published}
    return template.render(history=history, feed=feed_link(use_directory_urls), date_words=wording.date_words,
                           why=why)


def home_line(history: History) -> str:
    """The home page's line (literal Markdown, and a Markdown link MkDocs resolves and checks): when the matrix
    last changed and what changed."""
    link = PAGE
    latest = history.latest() if history.available else None
    if latest is None:
        return f"{markdown_text(wording.HISTORY_UNAVAILABLE)} [{wording.CHANGE_PAGE}]({link})"
    summaries = [change.summary for change in latest.changes]
    line = wording.last_changed(latest.commit.date, summaries[:SHOWN_ON_HOME], max(0, len(summaries) - SHOWN_ON_HOME))
    return f"{markdown_text(line)} [{wording.CHANGE_PAGE}]({link}#{latest.anchor})"


def recent_routes(history: History) -> dict[str, list[dict]]:
    """What the wizard says under an answer whose route changed lately (see `core.changes.recent_route_changes`)."""
    return recent_route_changes(((entry.commit.date, list(entry.changes)) for entry in history.entries),
                                now=history.built_at)


def atom_feed(history: History, matrix: Matrix, links: Links) -> bytes:
    """The feed of the change page, newest first. Links are relative to the feed (Atom resolves them against
    the feed's own address) unless the site's address is known (`links.site`: they are full already)."""
    def href(link: str) -> str:
        """A site-relative link (`Links` without the site's address, or the feed's own path) as the feed writes it."""
        if links.site:
            return links.site.rstrip("/") + "/" + link
        target, _, anchor = link.partition("#")
        return (relative_url(target, FEED) or posixpath.basename(FEED)) + (f"#{anchor}" if anchor else "")

    relative = Links(links.directory_urls)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    organisation = matrix.organisation
    _text(feed, "id", _urn(f"escalation-matrix-changes:{organisation.name}"))
    _text(feed, "title", f"{organisation.title}: {wording.FEED_TITLE}")
    _text(feed, "subtitle", wording.FEED_SUBTITLE)
    updated = history.entries[0].commit.date if history.entries else history.built_at
    _text(feed, "updated", updated.isoformat())
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", organisation.name)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=href(FEED))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=href(relative.changes()))
    for entry in history.entries if history.available else ():
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(item, "id", _urn(f"commit:{entry.commit.hash}"))
        _text(item, "title", entry.commit.subject or entry.commit.hash[:12])
        _text(item, "updated", entry.commit.date.isoformat())
        ET.SubElement(item, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                      href=href(relative.changes(entry.anchor)))
        lines = [change.summary for change in entry.changes] or [entry.note or ""]
        _text(item, "content", "\n".join(lines + _ours_lines(entry, matrix, links)), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _ours_lines(entry, matrix: Matrix, links: Links) -> list[str]:
    """Under an entry's changes, where each changed value of ours is explained (as a calendar's feed says it):
    full addresses when `links` knows the site's, else the page within the runbook."""
    topics = {choice.id: choice.topic for choice in matrix.interpretations}
    ours = explained_ours(entry.changes, matrix)
    if not ours:
        return []
    full = bool(links.site)
    return [wording.choices_heading(len(ours)),
            *(f"- {wording.choice_reference(topics[i], links.interpretation(i), full)}" for i in ours)]


def _text(parent: ET.Element, tag: str, text: str, **attributes) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", **attributes)
    element.text = text
    return element


def _urn(name: str) -> str:
    """A permanent id for the feed or an entry, the same in every build (RFC 4122 name-based UUID)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn
