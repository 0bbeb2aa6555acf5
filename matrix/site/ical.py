"""iCalendar (RFC 5545) as text: content lines, escaping, folding, and a VTIMEZONE built from zoneinfo.

Calendar apps are strict in different ways, so everything here follows the RFC to the letter: CRLF
after every line, lines folded at 75 octets (never inside a UTF-8 character), TEXT values escaped,
parameter values quoted when they hold `:`, `;` or `,`. The time-zone component is built from the
zone's real transitions, so a calendar app places each event at the right UTC instant even when its
own time-zone database is older or newer than ours. Standard library only.
"""

from __future__ import annotations

import calendar as gregorian
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from ..core.clock.hours import DAY, UTC

CRLF = "\r\n"
LINE_OCTETS = 75
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
"""Weekdays as RRULE's BYDAY names them, Monday first (as `date.weekday()` counts)."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_QUOTE_PARAMETER = re.compile(r"[:;,]")


def text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newline escaped; other control characters dropped
    (the RFC allows none in TEXT, and a stray carriage return would end the line early)."""
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n"))


def parameter(value: str) -> str:
    """A parameter value, in double quotes when it holds a character that would end it."""
    value = _CONTROL.sub("", value).replace('"', "'")
    return f'"{value}"' if _QUOTE_PARAMETER.search(value) else value


def fold(line: str) -> str:
    """One content line folded at 75 octets, continuation lines starting with a space; CRLF-terminated."""
    encoded = line.encode("utf-8")
    if len(encoded) <= LINE_OCTETS:
        return line + CRLF
    pieces, start, limit = [], 0, LINE_OCTETS
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:  # back off to a character boundary
            end -= 1
        pieces.append(encoded[start:end].decode("utf-8"))
        start, limit = end, LINE_OCTETS - 1  # a continuation line's leading space counts
    return (CRLF + " ").join(pieces) + CRLF


def line(name: str, content: str, **parameters: str) -> str:
    """`NAME;PARAM=value:content`, folded. `content` must already be in its type's form (see `text`)."""
    params = "".join(f";{key.replace('_', '-').upper()}={parameter(v)}" for key, v in parameters.items())
    return fold(f"{name}{params}:{content}")


def utc_stamp(at: datetime) -> str:
    """A UTC DATE-TIME: `20260105T140000Z`."""
    return at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def local_stamp(at: datetime) -> str:
    """A local DATE-TIME (wall clock, written with a TZID parameter): `20260105T090000`."""
    return at.strftime("%Y%m%dT%H%M%S")


def date_stamp(day: date) -> str:
    return day.strftime("%Y%m%d")


def duration(minutes: int) -> str:
    """A DURATION: whole days are nominal (a day across a clock change is still a day), the rest exact."""
    days, rest = divmod(minutes, DAY)
    hours, mins = divmod(rest, 60)
    clock = (f"{hours}H" if hours else "") + (f"{mins}M" if mins else "")
    return "P" + (f"{days}D" if days else "") + (f"T{clock}" if clock else "" if days else "T0M")


def _offset(delta: timedelta) -> str:
    """A UTC-OFFSET: `-0500`, with seconds where the zone has them (`+005328`)."""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


# --- VTIMEZONE --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Transition:
    """A change of a zone's offset, at a UTC instant; what the clocks said before and say after."""

    at: datetime
    before: timedelta
    after: timedelta
    daylight: bool
    """Whether the time after it is daylight-saving time."""
    name: str

    @property
    def onset(self) -> datetime:
        """The local time (in the offset before) at which it happens, as an observance's DTSTART says it."""
        return (self.at + self.before).replace(tzinfo=None)


def _state(place: ZoneInfo, at: datetime) -> tuple:
    local = at.astimezone(place)
    return local.utcoffset(), local.dst(), local.tzname()


def transitions(zone_name: str, first_year: int, last_year: int) -> tuple[tuple, list[Transition]]:
    """The zone's state at the start of `first_year` and every transition up to the end of `last_year`.

    zoneinfo exposes offsets, not its transition table: the years are walked a day at a time and each
    change is narrowed down to the second (zones change at most once a day).
    """
    place = ZoneInfo(zone_name)
    start, end = datetime(first_year, 1, 1, tzinfo=UTC), datetime(last_year + 1, 1, 1, tzinfo=UTC)
    initial = state = _state(place, start)
    found = []
    day = start
    while day < end:
        following = day + timedelta(days=1)
        after = _state(place, following)
        if after != state:
            low, high = day, following  # state(low) is the old one, state(high) the new
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                if _state(place, middle) == state:
                    low = middle
                else:
                    high = middle
            found.append(Transition(high, state[0], after[0], bool(after[1]), after[2] or _offset(after[0])))
            state = after
        day = following
    return initial, found


def _nth_weekday(day: date) -> tuple[int | None, bool]:
    """(which of the month's weekdays of its kind it is, from 1; whether it is the month's last)."""
    return (day.day - 1) // 7 + 1, day.day + 7 > gregorian.monthrange(day.year, day.month)[1]


def _yearly_rule(group: list[Transition], last_year: int) -> str | None:
    """RRULE for transitions that fall on the same weekday of the same month, year after year, up to
    `last_year` (`FREQ=YEARLY;BYMONTH=3;BYDAY=2SU`); None when they do not follow one rule."""
    onsets = [t.onset for t in group]
    years = [o.year for o in onsets]
    if years != list(range(years[0], years[0] + len(years))) or years[-1] != last_year or len(onsets) < 2:
        return None
    weekday = ICAL_DAYS[onsets[0].weekday()]
    positions = {_nth_weekday(o.date())[0] for o in onsets}
    if len(positions) == 1:
        return f"FREQ=YEARLY;BYMONTH={onsets[0].month};BYDAY={positions.pop()}{weekday}"
    if all(_nth_weekday(o.date())[1] for o in onsets):
        return f"FREQ=YEARLY;BYMONTH={onsets[0].month};BYDAY=-1{weekday}"
    return None


@lru_cache(maxsize=None)
def vtimezone(zone_name: str, first_year: int, last_year: int) -> str:
    """The VTIMEZONE of an IANA zone, exact from `first_year` to `last_year` (CRLF lines).

    Transitions that repeat on a yearly rule (the second Sunday of March at 02:00) become one
    observance with an RRULE, so the component stays right after `last_year` while the zone keeps its
    rules; any others are listed one by one (RDATE). A first observance holds from 1 January of
    `first_year` until the first transition (the only one, for a zone without transitions).
    """
    initial, found = transitions(zone_name, first_year, last_year)
    # What the clocks say from the first of `first_year` until the first change (or for good).
    offset = _offset(initial[0])
    out = [line("BEGIN", "VTIMEZONE"), line("TZID", zone_name),
           line("BEGIN", "DAYLIGHT" if initial[1] else "STANDARD"), line("DTSTART", f"{first_year}0101T000000"),
           line("TZOFFSETFROM", offset), line("TZOFFSETTO", offset), line("TZNAME", text(initial[2] or offset)),
           line("END", "DAYLIGHT" if initial[1] else "STANDARD")]
    groups: dict[tuple, list[Transition]] = {}
    for item in found:
        onset = item.onset
        key = (item.daylight, item.before, item.after, item.name, onset.month, onset.weekday(), onset.time())
        groups.setdefault(key, []).append(item)
    for group in sorted(groups.values(), key=lambda g: g[0].at):
        kind = "DAYLIGHT" if group[0].daylight else "STANDARD"
        out += [line("BEGIN", kind), line("DTSTART", local_stamp(group[0].onset)),
                line("TZOFFSETFROM", _offset(group[0].before)), line("TZOFFSETTO", _offset(group[0].after)),
                line("TZNAME", text(group[0].name))]
        rule = _yearly_rule(group, last_year)
        if rule:
            out.append(line("RRULE", rule))
        else:
            out += [line("RDATE", local_stamp(item.onset)) for item in group[1:]]
        out.append(line("END", kind))
    return "".join(out + [line("END", "VTIMEZONE")])
