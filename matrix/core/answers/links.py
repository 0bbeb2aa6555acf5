"""Links into the runbook: where a page is served, and the link from one page to another.

The runbook's pages and the answers the browser gets link the same sections, so both take their
links from here, by the rule MkDocs uses for `use_directory_urls` (`routing/` or `routing.html`).
Links inside generated HTML blocks are not rewritten by MkDocs, so they are written final.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """`routing.md` → `routing/` (or `routing.html`); `index.md` → `./` (the site root), as MkDocs."""
    stem = posixpath.splitext(src_uri)[0]
    if not use_directory_urls:
        return stem + ".html"
    if posixpath.basename(stem) == "index":
        folder = posixpath.dirname(stem)
        return folder + "/" if folder else "./"
    return stem + "/"


def relative_url(to_url: str, from_url: str) -> str:
    """The link from the page served at `from_url` to `to_url`; `` when it is the same page."""
    if to_url == from_url:
        return ""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    link = posixpath.relpath("/" + to_url, "/" + base)
    return link + "/" if (to_url.endswith("/") or not to_url) and not link.endswith("/") else link


@dataclass(frozen=True)
class Links:
    """Links to the runbook's sections, relative to the site's root, as the site serves its pages.

    Answers carry these; a page resolves them against the site's root (the wizard and the drills sit
    at another depth than the runbook's pages, and a site may live under a sub-path). A terminal has
    no page to resolve against: given the site's address, the links are full URLs to click.
    """

    directory_urls: bool = True
    site: str | None = None
    """The site's address (`https://runbook.example.com/support/`), when known."""

    def page(self, source: str, anchor: str | None = None) -> str:
        url = page_url(source, self.directory_urls)
        if self.site:
            url = self.site.rstrip("/") + "/" + ("" if url == "./" else url)
        return f"{url}#{anchor}" if anchor else url

    def interpretation(self, interpretation_id: str) -> str:
        """Where a published choice of ours (an interpretation) is explained."""
        return self.page("interpretations.md", interpretation_id)

    def routing(self, issue_slug: str | None = None) -> str:
        return self.page("routing.md", issue_slug)

    def party(self, party_id: str, is_tier: bool) -> str:
        return self.page("tiers.md" if is_tier else "contacts.md", party_id)

    def severity(self, severity_id: str) -> str:
        return self.page("severities.md", severity_id.lower())

    def procedure(self, procedure_id: str) -> str:
        return self.page("procedures.md", procedure_id)

    def sla(self) -> str:
        return self.page("sla.md")

    def authority(self, action_slug: str | None = None) -> str:
        return self.page("authority.md", action_slug)

    def contacts(self) -> str:
        return self.page("contacts.md")

    def changes(self, anchor: str | None = None) -> str:
        """The change page: every commit that changed the matrix, with what it changed (`#change-<hash>`)."""
        return self.page("changes.md", anchor)

    def wizard(self, issue_slug: str) -> str:
        """The wizard's answer for an issue type: a deep link, which the build's answers show at once."""
        return f"{self.page('wizard/index.md')}?issue={issue_slug}"
