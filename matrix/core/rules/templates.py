"""Filling a message template from named fields: plain substitution, no template engine."""

from __future__ import annotations

import re

from ..model import MessageTemplate

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
"""A blank of a message template, `{name}`."""


def fill(template: MessageTemplate, values: dict[str, str] | None = None) -> str:
    """The message with each `{name}` replaced by its value, or by the field's prompt when empty.

    Values are inserted as typed, never re-scanned, so a value containing `{x}` stays literal.
    """
    values = values or {}
    prompts = {f.name: f.prompt for f in template.fields}

    def value_for(match):
        name = match.group(1)
        typed = str(values.get(name) or "").strip()
        return typed or prompts.get(name, match.group(0))

    return PLACEHOLDER.sub(value_for, template.body)
