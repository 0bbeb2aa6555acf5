"""Durations and wall-clock times as the matrix writes them (`15m`, `2h`, `1w`, `immediate`, `09:00`) and as people read them."""

from __future__ import annotations

import re

UNITS = {"m": 1, "h": 60, "d": 1440, "w": 10080}
PATTERN = r"^(immediate|[0-9]+[mhdw])$"
_FORM = re.compile(PATTERN)
LONGEST = 52 * UNITS["w"]
"""No clock in support runs longer than a year; a longer one would overflow the calendar it is counted on."""


def parse_duration(text: str) -> int:
    """Minutes in `text`; ValueError names the accepted forms."""
    if not isinstance(text, str) or not _FORM.match(text):
        raise ValueError(
            f"Expected a duration like '15m', '4h', '2d', '1w' or 'immediate' but received: {text!r}"
        )
    if text == "immediate":
        return 0
    minutes = int(text[:-1]) * UNITS[text[-1]]
    if minutes > LONGEST:
        raise ValueError(f"Expected a duration of at most 52 weeks (one year) but received: {text!r}")
    return minutes


def format_minutes(minutes: int) -> str:
    """The shortest exact reading: 0 → 'immediate', 90 → '1 h 30 min', 10080 → '1 week'."""
    if minutes == 0:
        return "immediate"
    if minutes % 10080 == 0:
        weeks = minutes // 10080
        return f"{weeks} week" + ("s" if weeks > 1 else "")
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$"


def parse_clock_time(text: str) -> int:
    """Minutes after midnight in a wall-clock time `HH:MM` (`24:00` is the end of the day)."""
    if not isinstance(text, str) or not re.match(TIME_PATTERN, text):
        raise ValueError(f"Expected a time 'HH:MM' but received: {text!r}")
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)
