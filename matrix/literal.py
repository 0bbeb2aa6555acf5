"""Text as literal Markdown, for anything that writes Markdown from the matrix's or git's words: the runbook's
pages (`matrix.site.markup`, which marks it safe for Jinja) and `escalate diff --markdown` (a pull request's
comment). Neither may let a name become emphasis, a link or raw HTML."""

from __future__ import annotations

# Python-Markdown's backslash-escapable characters, plus `|` (tables); `<`, `>` and `&` become entities.
_BACKSLASHED = set("\\`*_{}[]()#+-.!|")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def literal_markdown(text: object) -> str:
    """`text` as one line of literal Markdown: no markup, no raw HTML, no attribute lists."""
    out = []
    for char in " ".join(str(text).split()):
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _BACKSLASHED:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)
