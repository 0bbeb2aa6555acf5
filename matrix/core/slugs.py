"""Slugs shared by anchors, URLs and lookups: lower case, runs of other characters → one hyphen."""

import re

_OTHER = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    return _OTHER.sub("-", text.lower()).strip("-")
