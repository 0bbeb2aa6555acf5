"""Schedules against the clock: days off, midnight-crossing shifts, holidays and both DST changes."""

from datetime import datetime, timedelta, timezone

import pytest

from matrix.core.clock.hours import (
    WEEK, TimeProblem, add_on_shift_minutes, describe_minute, isoformat, label, minutes_on, next_on_shift,
    on_shift, on_shift_minutes, on_shift_until, parse_instant, weekly_off, weekly_on, zone,
)
from matrix.core.model import Schedule, Window

NY = zone("America/New_York")
UTC = timezone.utc
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def schedule(*windows, tz="America/New_York", holidays=()):
    return Schedule(id="s", name="S", timezone=tz, holidays=tuple(holidays),
                    windows=tuple(Window(days=tuple(days), start=start * 60, end=end * 60)
                                  for days, start, end in windows))


NINE_TO_FIVE = schedule((WEEKDAYS, 9, 17))
ALWAYS = schedule((WEEKDAYS + ("sat", "sun"), 0, 24))
NEVER = schedule()
# Friday and Saturday nights, 22:00 until 06:00 the next morning.
NIGHTS = schedule((("fri", "sat"), 22, 6))


def ny(*parts, fold=0):
    return datetime(*parts, tzinfo=NY, fold=fold)


# --- on shift, days off, midnight-crossing windows ---------------------------------------------

@pytest.mark.parametrize("when, expected", [
    (ny(2026, 11, 27, 9, 0), True),        # Friday, the window opens
    (ny(2026, 11, 27, 16, 59), True),
    (ny(2026, 11, 27, 17, 0), False),      # the end is exclusive
    (ny(2026, 11, 27, 8, 59), False),
    (ny(2026, 11, 28, 12, 0), False),      # Saturday: a day off
    (ny(2026, 11, 29, 12, 0), False),      # Sunday: a day off
])
def test_nine_to_five_on_weekdays_only(when, expected):
    assert on_shift(NINE_TO_FIVE, when) is expected


@pytest.mark.parametrize("when, expected", [
    (ny(2026, 11, 27, 21, 59), False),
    (ny(2026, 11, 27, 22, 0), True),       # Friday night starts
    (ny(2026, 11, 28, 3, 0), True),        # after midnight, still Friday's shift
    (ny(2026, 11, 28, 6, 0), False),       # Saturday morning: it ended
    (ny(2026, 11, 28, 23, 0), True),       # Saturday night
    (ny(2026, 11, 29, 5, 59), True),       # Sunday morning: Saturday's shift
    (ny(2026, 11, 29, 22, 30), False),     # Sunday night: not listed
    (ny(2026, 11, 27, 3, 0), False),       # Friday early morning: Thursday has no shift
])
def test_midnight_crossing_windows_belong_to_the_day_they_start(when, expected):
    assert on_shift(NIGHTS, when) is expected


def test_a_whole_day_is_00_to_24_and_24_7_never_ends():
    at = ny(2026, 11, 27, 19, 30)
    assert on_shift(ALWAYS, at)
    assert on_shift_until(ALWAYS, at) is None
    assert next_on_shift(ALWAYS, at) == at


def test_a_schedule_without_windows_is_never_on_shift():
    at = ny(2026, 11, 27, 19, 30)
    assert not on_shift(NEVER, at)
    assert next_on_shift(NEVER, at) is None
    assert add_on_shift_minutes(NEVER, at, 60) is None
    assert weekly_off(NEVER) == [(0, WEEK)]


def test_next_shift_and_shift_end_across_the_weekend():
    friday_evening = ny(2026, 11, 27, 19, 30)
    assert next_on_shift(NINE_TO_FIVE, friday_evening) == ny(2026, 11, 30, 9, 0)
    assert on_shift_until(NINE_TO_FIVE, ny(2026, 11, 27, 16, 0)) == ny(2026, 11, 27, 17, 0)
    assert on_shift_until(NINE_TO_FIVE, friday_evening) == friday_evening  # off shift: nothing to end
    # Friday night into Saturday night: two separate shifts, the first ends at 06:00.
    assert on_shift_until(NIGHTS, ny(2026, 11, 27, 23, 0)) == ny(2026, 11, 28, 6, 0)


def test_windows_that_touch_make_one_stretch():
    evening_and_night = schedule((["mon"], 18, 24), (["tue"], 0, 8))
    assert on_shift_until(evening_and_night, ny(2026, 11, 30, 20, 0)) == ny(2026, 12, 1, 8, 0)


# --- holidays ----------------------------------------------------------------------------------

def test_holidays_are_off_shift_all_day_and_business_time_skips_them():
    thanksgiving = schedule((WEEKDAYS, 9, 17), holidays=["2026-11-26"])
    assert not on_shift(thanksgiving, ny(2026, 11, 26, 12, 0))
    assert on_shift(thanksgiving, ny(2026, 11, 27, 12, 0))
    # Wednesday 16:00 + 2 business hours: one hour Wednesday, Thursday is a holiday, one hour Friday.
    assert add_on_shift_minutes(thanksgiving, ny(2026, 11, 25, 16, 0), 120) == ny(2026, 11, 27, 10, 0)
    assert add_on_shift_minutes(NINE_TO_FIVE, ny(2026, 11, 25, 16, 0), 120) == ny(2026, 11, 26, 10, 0)


def test_a_holiday_cuts_the_after_midnight_part_of_a_crossing_shift():
    """Crossing windows are split at midnight (as Zendesk does), so each part obeys its own date."""
    nights = schedule((("fri", "sat"), 22, 6), holidays=["2026-11-28"])
    assert not on_shift(nights, ny(2026, 11, 28, 3, 0))
    assert on_shift(nights, ny(2026, 11, 27, 23, 0))
    assert on_shift_until(nights, ny(2026, 11, 27, 23, 0)) == ny(2026, 11, 28, 0, 0)


def test_24_7_with_a_holiday_ends_when_the_holiday_starts():
    always = schedule((WEEKDAYS + ("sat", "sun"), 0, 24), holidays=["2026-12-25"])
    assert on_shift_until(always, ny(2026, 12, 1, 12, 0)) == ny(2026, 12, 25, 0, 0)
    assert next_on_shift(always, ny(2026, 12, 25, 12, 0)) == ny(2026, 12, 26, 0, 0)


# --- daylight saving: America/New_York springs forward 2026-03-08, falls back 2026-11-01 --------

def test_business_time_across_the_spring_change():
    start = ny(2026, 3, 6, 16, 0)                      # Friday 16:00 EST (UTC-5)
    due = add_on_shift_minutes(NINE_TO_FIVE, start, 120)
    assert due == datetime(2026, 3, 9, 14, 0, tzinfo=UTC)   # Monday 10:00 EDT (UTC-4)
    assert isoformat(due, "America/New_York") == "2026-03-09T10:00:00-04:00"


def test_business_time_across_the_autumn_change():
    start = ny(2026, 10, 30, 16, 0)                    # Friday 16:00 EDT (UTC-4)
    due = add_on_shift_minutes(NINE_TO_FIVE, start, 120)
    assert due == datetime(2026, 11, 2, 15, 0, tzinfo=UTC)  # Monday 10:00 EST (UTC-5)


def test_a_night_shift_is_an_hour_shorter_in_spring_and_longer_in_autumn():
    spring = (ny(2026, 3, 7, 22, 0), ny(2026, 3, 8, 6, 0))
    autumn = (ny(2026, 10, 31, 22, 0), ny(2026, 11, 1, 6, 0))
    assert on_shift_minutes(NIGHTS, *spring) == 7 * 60
    assert on_shift_minutes(NIGHTS, *autumn) == 9 * 60
    # Eight on-shift hours from Saturday 22:00 in spring: seven that night, one on the next Friday night.
    assert add_on_shift_minutes(NIGHTS, spring[0], 8 * 60) == ny(2026, 3, 13, 23, 0)
    assert add_on_shift_minutes(NIGHTS, autumn[0], 8 * 60) == datetime(2026, 11, 1, 10, 0, tzinfo=UTC)


def test_the_repeated_hour_in_autumn_is_on_shift_both_times():
    early = schedule((["sun"], 1, 2))                  # 01:00–02:00 wall time happens twice on 1 Nov
    assert on_shift(early, ny(2026, 11, 1, 1, 30, fold=0))
    assert on_shift(early, ny(2026, 11, 1, 1, 30, fold=1))
    assert on_shift_minutes(early, ny(2026, 11, 1, 0, 0), ny(2026, 11, 1, 3, 0)) == 120


def test_arithmetic_is_on_instants_not_wall_clock():
    """Same-zone aware datetimes add in wall time in Python; the clocks must not."""
    spring = ny(2026, 3, 8, 1, 30)                     # 30 min before clocks jump 02:00 → 03:00
    assert add_on_shift_minutes(ALWAYS, spring, 90) == datetime(2026, 3, 8, 8, 0, tzinfo=UTC)  # 04:00 EDT
    autumn = ny(2026, 11, 1, 0, 30)                    # 90 min before clocks go 02:00 → 01:00
    due = add_on_shift_minutes(ALWAYS, autumn, 120)
    assert due == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)                             # 01:30 EST
    assert due - autumn == timedelta(hours=2)


# --- weekly pattern (for coverage) -------------------------------------------------------------

def test_weekly_off_joins_the_weekend_across_sunday_midnight():
    off = [(describe_minute(a), describe_minute(b), (b - a) // 60) for a, b in weekly_off(NINE_TO_FIVE)]
    assert off == [("Mon 17:00", "Tue 09:00", 16), ("Tue 17:00", "Wed 09:00", 16), ("Wed 17:00", "Thu 09:00", 16),
                   ("Thu 17:00", "Fri 09:00", 16), ("Fri 17:00", "Mon 09:00", 64)]
    assert weekly_off(ALWAYS) == []


def test_weekly_pattern_moves_to_another_zone():
    berlin = schedule((WEEKDAYS, 9, 17), tz="Europe/Berlin")
    on = weekly_on(berlin, "America/New_York")
    assert on[0] == (3 * 60, 11 * 60)                  # 09:00 Berlin is 03:00 New York in winter
    sunday_night = schedule((["sun"], 22, 24), tz="Europe/Berlin")
    assert weekly_on(sunday_night, "Asia/Tokyo") == [(6 * 60, 8 * 60)]  # Sunday 22:00 CET is Monday 06:00 JST
    assert minutes_on(on, 0, 24 * 60) == 8 * 60


# --- input -------------------------------------------------------------------------------------

def test_parse_instant_reads_naive_times_in_the_zone_and_keeps_offsets():
    assert parse_instant("2026-11-27T19:30", "Europe/Berlin") == datetime(2026, 11, 27, 18, 30, tzinfo=UTC)
    assert parse_instant("2026-11-27T19:30-05:00", "Europe/Berlin") == datetime(2026, 11, 28, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize("text, tz, message", [
    ("tomorrow", "America/New_York", "Expected a date and time like 2026-11-27T19:30"),
    ("2026-02-30T10:00", "America/New_York", "Expected a date and time"),
    ("2026-03-08T02:30", "America/New_York", "does not exist in America/New_York"),
    ("2026-11-27T19:30", "Mars/Olympus", "Unknown time zone 'Mars/Olympus'"),
    ("2026-11-27T19:30", "America", "Unknown time zone 'America'"),
    ("2026-11-27T19:30", "../etc/passwd", "Unknown time zone"),
])
def test_bad_times_and_zones_are_time_problems(text, tz, message):
    with pytest.raises(TimeProblem, match=message.replace("(", r"\(")):
        parse_instant(text, tz)


def test_naive_instants_are_refused():
    with pytest.raises(TimeProblem, match="needs a time zone"):
        on_shift(NINE_TO_FIVE, datetime(2026, 11, 27, 12, 0))


def test_labels_are_locale_free():
    assert label(ny(2026, 11, 30, 9, 0), "America/New_York") == "Mon 30 Nov 09:00 EST"
    assert label(ny(2026, 11, 30, 9, 0), "Europe/Berlin") == "Mon 30 Nov 15:00 CET"
