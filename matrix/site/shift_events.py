"""A schedule's hours as calendar events: weekly series, and the occurrences holidays or clock changes alter.

The weekly pattern comes from the core's clock (`weekly_on`: windows merged, midnight-crossers kept
whole), so a window from 22:00 to 06:00 is one event, not two. Spans that start at the same time of
day and last as long share one series (Monday to Friday, 9:00 for 8 hours). A span of whole days
(24/7) is an all-day series, which no clock change can move.

Where the calendar would disagree with the core's clock, the occurrence is changed, so a calendar
app shows exactly the hours `on_shift()` answers from:

- A holiday is off shift for its whole local date (as in `matrix.core.clock.hours`): an occurrence
  touching one is excluded (EXDATE), and what is left of it on other dates becomes events of its own.
- RFC 5545 counts an event's hours as exact time: an occurrence spanning a clock change would end an
  hour early or late on the wall clock. Those occurrences are restated with their real end, for the
  years the feed covers (the seed's own hours never span one: they end by 22:00, or run all week).

Pure: the zone database is the only data read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from ..core.clock.hours import DAY, LAST_YEAR, UTC, WEEK, weekly_on, zone
from ..core.model import Schedule


@dataclass(frozen=True)
class Series:
    """Spans of the week that repeat weekly: the weekdays they start on, start and length (wall clock)."""

    weekdays: tuple[int, ...]
    """Monday is 0, as `date.weekday()` counts."""
    start: int
    """Minutes after local midnight."""
    length: int
    """Minutes of wall-clock time, up to a whole week."""

    @property
    def all_day(self) -> bool:
        """Whole local days (midnight to midnight): written as dates, which no clock change moves."""
        return self.start == 0 and self.length % DAY == 0

    def begins(self, day: date) -> datetime:
        """The wall-clock start of the occurrence on `day` (naive: local time in the schedule's zone)."""
        return datetime.combine(day, time()) + timedelta(minutes=self.start)


@dataclass
class SeriesPlan:
    """A series as a feed writes it: its first day, and the occurrences holidays and clock changes alter."""

    series: Series
    first: date
    excluded: list[date] = field(default_factory=list)
    """Days whose occurrence a holiday touches (EXDATE)."""
    remainders: list[tuple[datetime, datetime]] = field(default_factory=list)
    """Wall-clock stretches left of excluded occurrences, on days that are not holidays: events of their own."""
    restated: list[tuple[datetime, datetime]] = field(default_factory=list)
    """Occurrences spanning a clock change: their wall-clock start and real end (RECURRENCE-ID)."""


def weekly_series(schedule: Schedule) -> list[Series]:
    """The schedule's week as series, in the order of the week; [] for a schedule with no regular hours."""
    spans = weekly_on(schedule)
    if len(spans) > 1 and spans[0][0] == 0 and spans[-1][1] == WEEK:  # Sunday night into Monday morning
        spans = [(spans[-1][0], WEEK + spans[0][1]), *spans[1:-1]]
    grouped: dict[tuple[int, int], list[int]] = {}
    for start, end in spans:
        grouped.setdefault((start % DAY, end - start), []).append(start // DAY)
    return sorted((Series(tuple(sorted(days)), start, length) for (start, length), days in grouped.items()),
                  key=lambda s: (s.weekdays[0], s.start))


def plan(schedule: Schedule, first_year: int, last_year: int) -> list[SeriesPlan]:
    """Each series of the schedule from the week of 1 January of `first_year`, with its altered occurrences.

    Holidays alter occurrences whatever their year; clock changes are looked for up to `last_year`.
    """
    place = zone(schedule.timezone)
    # A holiday after the years an instant may fall in is no date any clock reaches (and the day after it
    # may be past what dates can hold).
    holidays = {day for day in map(date.fromisoformat, schedule.holidays) if day.year <= LAST_YEAR}
    plans = []
    for series in weekly_series(schedule):
        first = date(first_year, 1, 1)
        first -= timedelta(days=first.weekday())  # from the week the year starts in, so 1 January is covered
        while first.weekday() not in series.weekdays:
            first += timedelta(days=1)
        found = SeriesPlan(series, first)
        found.excluded = _touching(series, first, holidays)
        for day in found.excluded:
            found.remainders += _outside(series, day, holidays)
        if not series.all_day:
            skipped = set(found.excluded)
            for day in _days(series, first, date(last_year, 12, 31)):
                begins = series.begins(day)
                ends = begins + timedelta(minutes=series.length)
                if day not in skipped and _as_written(begins, series.length, place) != _instant(ends, place):
                    found.restated.append((begins, ends))
        plans.append(found)
    return plans


def _touching(series: Series, first: date, holidays: set[date]) -> list[date]:
    """The days (from `first`) whose occurrence covers part of a holiday's local date."""
    reach = -(-(series.start + series.length) // DAY)  # how many local dates one occurrence touches
    found = {holiday - timedelta(days=back) for holiday in holidays if holiday >= first for back in range(reach)}
    return sorted(day for day in found if day >= first and day.weekday() in series.weekdays)


def _days(series: Series, first: date, last: date):
    day = first
    while day <= last:
        if day.weekday() in series.weekdays:
            yield day
        day += timedelta(days=1)


def _outside(series: Series, day: date, holidays: set[date]) -> list[tuple[datetime, datetime]]:
    """What is left of the occurrence on `day` once its holidays' local dates are taken out, joined."""
    begins = series.begins(day)
    ends = begins + timedelta(minutes=series.length)
    left: list[list[datetime]] = []
    cursor = begins
    while cursor < ends:
        midnight = datetime.combine(cursor.date() + timedelta(days=1), time())
        piece_end = min(midnight, ends)
        if cursor.date() not in holidays:
            if left and left[-1][1] == cursor:
                left[-1][1] = piece_end
            else:
                left.append([cursor, piece_end])
        cursor = piece_end
    return [(a, b) for a, b in left]


def _instant(wall: datetime, place) -> datetime:
    """A local wall-clock time as a UTC instant; a time a clock change skips maps forward (as the core's)."""
    return wall.replace(tzinfo=place).astimezone(UTC)


def _as_written(begins: datetime, length: int, place) -> datetime:
    """Where RFC 5545 puts the end of an occurrence written `DURATION`: whole days on the wall clock, then
    the rest as exact time."""
    days, rest = divmod(length, DAY)
    return _instant(begins + timedelta(days=days), place) + timedelta(minutes=rest)
