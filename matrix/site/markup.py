"""Escaping YAML text for the two languages the page templates write: HTML and Markdown.

Jinja's autoescape covers HTML. Text that lands in Markdown itself (headings) also needs
Markdown's own specials neutralised, or a team called `*Ops*` would turn into emphasis.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from ..literal import literal_markdown


def markdown_text(text: object) -> Markup:
    """`text` as one line of literal Markdown: no markup, no raw HTML, no attribute lists."""
    return Markup(literal_markdown(text))


def fenced_code(text: str, language: str = "text") -> Markup:
    """`text` in a fenced code block whose fence is longer than any run of backticks inside it.

    Code blocks show their content literally, so nothing is HTML-escaped here: Markdown does it.
    """
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return Markup(f"{fence}{language}\n{text.rstrip()}\n{fence}")


def code_spans(text: object) -> Markup:
    """`text` as HTML with its `backtick` spans as <code>: how the core words a field name."""
    parts = re.split(r"`([^`]+)`", str(text))
    return Markup("").join(Markup("<code>{}</code>").format(part) if odd else Markup.escape(part)
                           for odd, part in ((i % 2 == 1, part) for i, part in enumerate(parts)))


_URL = re.compile(r"https?://[^\s<>“”\"]+?(?=[.,;:)]*(?:\s|$))")


def linked_text(text: object) -> Markup:
    """`text` as HTML with its web addresses as links (a reason's cited sources) and its `backtick`
    spans as <code>; everything else escaped."""
    out = Markup("")
    last = 0
    for match in _URL.finditer(str(text)):
        out += code_spans(str(text)[last:match.start()])
        out += Markup('<a href="{0}">{0}</a>').format(match.group(0))
        last = match.end()
    return out + code_spans(str(text)[last:])


_ID = re.compile(r"""\sid=["']([^"']+)["']""")


def duplicate_ids(html: str) -> list[str]:
    """Ids that occur more than once in a rendered page: each would make an anchor ambiguous."""
    seen: set[str] = set()
    repeated: dict[str, None] = {}
    for found in _ID.findall(html):
        if found in seen:
            repeated[found] = None
        seen.add(found)
    return list(repeated)
