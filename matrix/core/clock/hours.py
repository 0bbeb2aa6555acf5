"""Weekly schedules against the clock: on shift at an instant, next shift, business-time arithmetic.

A schedule is wall-clock windows in an IANA zone, so an instant is compared in the schedule's own
zone, and arithmetic is done on UTC instants (never on wall-clock times), which keeps it right
across daylight-saving changes. Windows that cross midnight are split at midnight and holidays are
off shift for the whole local date, as Zendesk does. Nothing here reads a clock: callers pass the
instant. The only data read is zoneinfo's time-zone database.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

from ..model import DAYS, Schedule, Window

UTC = timezone.utc
DAY = 1440
WEEK = 7 * DAY
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Moving a weekly pattern between zones uses the offsets at this instant (northern winter).
_REFERENCE = datetime(2026, 1, 5, 12, tzinfo=UTC)


class TimeProblem(ValueError):
    """An instant or a zone the clock cannot use; the message says which and what would do."""


@lru_cache(maxsize=None)
def _has_zone_data() -> bool:
    from zoneinfo import available_timezones

    return bool(available_timezones())


def zone(name: str) -> ZoneInfo:
    """The IANA zone `name`; TimeProblem when it names none (or when no zone data is installed)."""
    # zoneinfo is imported by the first question about a moment: answers without one (most of what
    # the browser asks as it starts) never pay for it or for its zone data.
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError, TypeError):
        pass
    if not _has_zone_data():
        raise TimeProblem(f"No time-zone data to look up {name!r}: install the 'tzdata' package")
    raise TimeProblem(f"Unknown time zone {name!r}; expected an IANA name like 'America/New_York' "
                      "or 'Europe/Berlin'")


def zone_problem(name: str) -> str | None:
    """Why `name` is not a usable zone, or None; an unknown name passes when no zone data is installed."""
    try:
        zone(name)
    except TimeProblem as problem:
        return None if not _has_zone_data() else str(problem)
    return None


def require_aware(at: datetime, what: str = "instant") -> datetime:
    if not isinstance(at, datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise TimeProblem(f"The {what} needs a time zone (an aware datetime), not {at!r}")
    return at


def parse_instant(text: str, tz: str) -> datetime:
    """An ISO date-time as typed (`2026-11-27T19:30`); without an offset it is wall time in `tz`."""
    place = zone(tz)
    try:
        parsed = datetime.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise TimeProblem(f"Expected a date and time like 2026-11-27T19:30 (optionally with an offset "
                          f"such as +01:00) but received: {text!r}") from None
    if parsed.tzinfo is not None:
        return parsed
    local = parsed.replace(tzinfo=place)
    if local.astimezone(UTC).astimezone(place).replace(tzinfo=None) != parsed:
        raise TimeProblem(f"{text} does not exist in {tz}: the clocks skip that time for daylight saving")
    return local


def isoformat(at: datetime, tz: str) -> str:
    """The instant as an ISO string in `tz`, to the second: what the JSON answers carry."""
    return at.astimezone(zone(tz)).isoformat(timespec="seconds")


def label(at: datetime, tz: str) -> str:
    """`Mon 30 Nov 09:00 EST`: locale-free, so it reads the same in CPython and Pyodide."""
    local = at.astimezone(zone(tz))
    return (f"{DAY_NAMES[local.weekday()]} {local.day} {_MONTHS[local.month - 1]} "
            f"{local.hour:02d}:{local.minute:02d} {local.tzname()}")


# --- the weekly pattern (wall-clock minutes, no zone data needed) ------------------------------

def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of minutes, sorted, with overlapping and touching ones joined."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


@lru_cache(maxsize=None)
def day_pieces(windows: tuple[Window, ...]) -> tuple[tuple[tuple[int, int], ...], ...]:
    """For each weekday (Monday first), its on-shift minutes [start, end); midnight-crossers split."""
    days: list[list[tuple[int, int]]] = [[] for _ in DAYS]
    for window in windows:
        for name in window.days:
            index = DAYS.index(name)
            if window.end > window.start:
                days[index].append((window.start, window.end))
            elif window.end < window.start:
                days[index].append((window.start, DAY))
                if window.end:
                    days[(index + 1) % 7].append((0, window.end))
    return tuple(tuple(merge_spans(pieces)) for pieces in days)


def weekly_on(schedule: Schedule, in_zone: str | None = None) -> list[tuple[int, int]]:
    """On-shift minutes of the week (Monday 00:00 = 0), merged; in `in_zone`'s wall clock if given.

    Holidays are dates, not part of the weekly pattern. Moving a pattern to another zone uses the
    offsets of early January, so it is exact except in weeks when only one zone has changed clocks.
    """
    spans = [(d * DAY + a, d * DAY + b) for d, pieces in enumerate(day_pieces(schedule.windows))
             for a, b in pieces]
    if in_zone and in_zone != schedule.timezone and spans:
        shift = int((_REFERENCE.astimezone(zone(in_zone)).utcoffset()
                     - _REFERENCE.astimezone(zone(schedule.timezone)).utcoffset()).total_seconds() // 60)
        moved = []
        for start, end in spans:
            start, end = start + shift, end + shift
            for offset in (-WEEK, 0, WEEK):
                a, b = max(start + offset, 0), min(end + offset, WEEK)
                if a < b:
                    moved.append((a, b))
        spans = moved
    return merge_spans(spans)


def weekly_off(schedule: Schedule, in_zone: str | None = None) -> list[tuple[int, int]]:
    """Off-shift stretches of the week; one that runs past Sunday midnight ends after WEEK.

    [(0, WEEK)] when the schedule is never on shift; [] when it is on shift all week.
    """
    return off_between(weekly_on(schedule, in_zone))


def off_between(on: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The off-shift stretches around merged on-shift spans of the week (several parties' hours, merged)."""
    if not on:
        return [(0, WEEK)]
    gaps = [(a_end, b_start) for (_, a_end), (b_start, _) in zip(on, on[1:]) if a_end < b_start]
    first_start, last_end = on[0][0], on[-1][1]
    if last_end < WEEK or first_start > 0:
        gaps.append((last_end, first_start + WEEK))
    return sorted((start % WEEK, start % WEEK + (end - start)) for start, end in gaps)


def minutes_on(on: list[tuple[int, int]], start: int, end: int) -> int:
    """Minutes of [start, end) (minutes of the week, `end` may pass WEEK) inside the spans `on`."""
    total = 0
    for offset in (0, WEEK):
        for a, b in on:
            total += max(0, min(b + offset, end) - max(a + offset, start))
    return total


def describe_minute(minute: int) -> str:
    """`Fri 17:00` for a minute of the week."""
    minute %= WEEK
    day, rest = divmod(minute, DAY)
    return f"{DAY_NAMES[day]} {rest // 60:02d}:{rest % 60:02d}"


# --- against real instants ---------------------------------------------------------------------

def _instant(day: date, minute: int, place: ZoneInfo) -> datetime:
    """Wall time `minute` of local `day` as a UTC instant; a time a DST change skips maps forward."""
    if minute >= DAY:
        day, minute = day + timedelta(days=minute // DAY), minute % DAY
    return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=place).astimezone(UTC)


def _pieces(schedule: Schedule, at: datetime) -> Iterator[tuple[datetime, datetime]]:
    """On-shift spans (UTC, one day's pieces at a time) from the local day before `at`, for ever."""
    week = day_pieces(schedule.windows)
    if not any(week):
        return
    place = zone(schedule.timezone)
    holidays = set(schedule.holidays)
    day = at.astimezone(place).date() - timedelta(days=1)
    while True:
        if day.isoformat() not in holidays:
            for start, end in week[day.weekday()]:
                a, b = _instant(day, start, place), _instant(day, end, place)
                if a < b:
                    yield a, b
        day += timedelta(days=1)


def _utc(at: datetime) -> datetime:
    # Aware datetimes sharing a tzinfo add and subtract in wall-clock time; UTC keeps DST out of it.
    return require_aware(at).astimezone(UTC)


def on_shift(schedule: Schedule, at: datetime) -> bool:
    """Whether the schedule is on shift at the instant `at`."""
    at = _utc(at)
    for start, end in _pieces(schedule, at):
        if end > at:
            return start <= at
    return False


def next_on_shift(schedule: Schedule, at: datetime) -> datetime | None:
    """The first instant at or after `at` that is on shift; None if the schedule never is."""
    at = _utc(at)
    for start, end in _pieces(schedule, at):
        if end > at:
            return max(start, at)
    return None


def _horizon(schedule: Schedule, at: datetime) -> datetime:
    """Past this, a weekly pattern with no gap so far has none: a week beyond the last holiday."""
    last = max((date.fromisoformat(h) for h in schedule.holidays), default=None)
    horizon = at + timedelta(days=8)
    if last is not None:
        horizon = max(horizon, datetime.combine(last, time(), tzinfo=UTC) + timedelta(days=9))
    return horizon


def on_shift_until(schedule: Schedule, at: datetime) -> datetime | None:
    """When the on-shift stretch containing `at` ends (`at` itself when off shift); None: never."""
    at = _utc(at)
    horizon = _horizon(schedule, at)
    end = None
    for start, stop in _pieces(schedule, at):
        if stop <= at:
            continue
        if end is None:
            if start > at:
                return at
            end = stop
        elif start > end:
            return end
        else:
            end = max(end, stop)
        if end > horizon:
            return None
    return at


def add_on_shift_minutes(schedule: Schedule, start: datetime, minutes: int) -> datetime | None:
    """The instant when `minutes` of on-shift time have passed since `start` (a business clock).

    None when the schedule is never on shift, so the clock never runs out.
    """
    start = _utc(start)
    remaining = timedelta(minutes=minutes)
    for a, b in _pieces(schedule, start):
        if b <= start:
            continue
        a = max(a, start)
        if remaining <= b - a:
            return a + remaining
        remaining -= b - a
    return None


def on_shift_minutes(schedule: Schedule, start: datetime, end: datetime) -> int:
    """Whole minutes on shift between two instants."""
    start, end = _utc(start), _utc(end)
    total = timedelta()
    for a, b in _pieces(schedule, start):
        if a >= end:
            break
        total += max(timedelta(), min(b, end) - max(a, start))
    return int(total.total_seconds() // 60)
