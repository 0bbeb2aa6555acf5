"""Where a generated page is served, and the relative link from one page to another.

Links inside the generated HTML blocks are not rewritten by MkDocs, so they are written final,
by the same rule MkDocs uses for `use_directory_urls`.
"""

from __future__ import annotations

import posixpath


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
