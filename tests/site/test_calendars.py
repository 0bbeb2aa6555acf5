"""The teams' calendar feeds, read as a calendar app reads them: parsed by `icalendar`, their recurring
events expanded by `recurring_ical_events`, and held against the core's clock (`on_shift`).

The real matrix's feeds come from the built site; holidays, a night shift across both clock changes,
a 24/7 holiday and another zone come from a changed copy of the matrix, fed to the same function
the build calls.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import urljoin

import icalendar
import pytest
import recurring_ical_events

from matrix.core.answers.links import Links
from matrix.core.clock.hours import on_shift, zone
from matrix.core.load import build_matrix
from matrix.site import ical
from matrix.site.calendars import build_stamp, feed_paths, feeds
from matrix.source import DEFAULT_PATH, parse_matrix_text
from matrix_data import team

UTC = timezone.utc
STAMP = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
NY = "America/New_York"


def clock_changes(zone_name: str, year: int) -> list[date]:
    """The local dates on which the zone's offset changes in `year`, from its own data."""
    place = zone(zone_name)
    day, changes = datetime(year, 1, 1, 12, tzinfo=UTC), []
    while day.year == year:
        if day.astimezone(place).utcoffset() != (day + timedelta(days=1)).astimezone(place).utcoffset():
            changes.append((day + timedelta(days=1)).astimezone(place).date())
        day += timedelta(days=1)
    return changes


def parse(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


def decoded(value) -> str:
    """A property icalendar does not know (NAME, X-WR-CALNAME), read as the TEXT it is: as a SUMMARY."""
    return str(icalendar.Event.from_ical(f"BEGIN:VEVENT\r\nSUMMARY:{value}\r\nEND:VEVENT\r\n")["SUMMARY"])


def expand(text: str, start: date, end: date) -> list:
    return list(recurring_ical_events.of(parse(text)).between(start, end))


def instants(event, place) -> tuple[datetime, datetime]:
    """An expanded event's start and end as UTC instants; an all-day event's dates are local in `place`."""
    def at(value):
        if not isinstance(value, datetime):
            value = datetime.combine(value, time(), tzinfo=place)
        return value.astimezone(UTC)
    return at(event.start), at(event.end)


# --- iCalendar text -------------------------------------------------------------------------------

def test_text_values_escape_what_would_end_or_split_them():
    assert ical.text('a,b;c\\d\ne') == "a\\,b\\;c\\\\d\\ne"
    assert ical.text("x\r\ny\rz\x00\x07") == "x\\ny\\nz"  # CRLF and CR are newlines; other controls go
    assert ical.parameter("America/New_York") == "America/New_York"
    assert ical.parameter("Office: East; 1, 2") == '"Office: East; 1, 2"'


def test_lines_are_folded_at_75_octets_never_inside_a_character():
    value = "é" * 100 + "x" * 50
    folded = ical.fold("DESCRIPTION:" + value)
    physical = folded.split("\r\n")
    assert physical[-1] == "" and all(len(p.encode()) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:-1])
    assert "".join(p[1:] if i else p for i, p in enumerate(physical[:-1])) == "DESCRIPTION:" + value
    assert ical.fold("SHORT:x") == "SHORT:x\r\n"


def test_durations_keep_whole_days_nominal():
    assert [ical.duration(m) for m in (480, 540, 1440 * 7, 1440 + 90, 0)] == [
        "PT8H", "PT9H", "P7D", "P1DT1H30M", "PT0M"]


@pytest.mark.parametrize("zone_name", [NY, "Europe/Berlin", "Australia/Sydney", "Australia/Lord_Howe",
                                       "Asia/Tokyo", "UTC", "America/Sao_Paulo"])
def test_the_vtimezone_gives_zoneinfos_offsets_through_the_years_it_covers_and_after(zone_name):
    component = parse("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n"
                      + ical.vtimezone(zone_name, 2025, 2028) + "END:VCALENDAR\r\n").walk("VTIMEZONE")[0]
    built = component.to_tz(lookup_tzid=False)  # from the component alone, not from the name
    place = zone(zone_name)
    moment = datetime(2025, 1, 2, tzinfo=UTC)
    while moment < datetime(2031, 1, 1, tzinfo=UTC):  # three years past the last one spelled out
        local = moment.astimezone(place).replace(tzinfo=None)
        assert local.replace(tzinfo=built).utcoffset() == moment.astimezone(place).utcoffset(), (zone_name, local)
        moment += timedelta(hours=7)


def test_a_zone_that_drops_daylight_saving_lists_its_last_changes_one_by_one():
    # Brazil ended daylight saving in 2019: the observances end there, no yearly rule runs on.
    text = ical.vtimezone("America/Sao_Paulo", 2017, 2021)
    assert "RRULE" not in text and "DAYLIGHT" in text
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU" in ical.vtimezone(NY, 2025, 2028)
    assert "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU" in ical.vtimezone("Europe/Berlin", 2025, 2028)


# --- the built site's feeds -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def site_feeds(built_site) -> dict[str, str]:
    folder = built_site / "calendars"
    return {f"calendars/{path.name}": path.read_bytes().decode("utf-8") for path in sorted(folder.glob("*.ics"))}


def test_every_team_with_regular_hours_has_a_feed_and_nobody_else(matrix, site_feeds):
    expected = {p.id for p in matrix.directory() if p.hours.schedule != "no-regular-hours"}
    assert set(feed_paths(matrix)) == expected and len(expected) == 26
    assert set(site_feeds) == {f"calendars/{party}.ics" for party in expected}
    assert {"emergency-line", "cto", "ceo"}.isdisjoint(feed_paths(matrix))


def test_the_contact_directory_links_each_teams_feed(matrix, built_site, read_html):
    page = read_html(built_site, "contacts/")
    for party in matrix.directory():
        links = page.by_id(party.id).find_all("a", class_="rb-feed")
        if party.id not in feed_paths(matrix):
            assert links == [], party.id
            continue
        assert len(links) == 1 and links[0].text == "Calendar feed"
        assert links[0].attrs["aria-label"] == f"Calendar feed: {party.name}"
        target = urljoin("http://site.invalid/contacts/", links[0].attrs["href"]).removeprefix("http://site.invalid/")
        assert target == f"calendars/{party.id}.ics" and (built_site / target).is_file()


def test_each_feed_is_well_formed_icalendar(matrix, site_feeds):
    uids = set()
    for path, text in site_feeds.items():
        assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
        assert all(len(line.encode()) <= 75 for line in text.split("\r\n")), path
        calendar = parse(text)
        party = matrix.parties[path.removeprefix("calendars/").removesuffix(".ics")]
        assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
        assert decoded(calendar["X-WR-CALNAME"]) == f"{party.name} hours (Skillancer)"
        events = calendar.walk("VEVENT")
        assert events
        for event in events:
            assert str(event["SUMMARY"]).startswith(f"{party.name} on shift")
            assert event["DTSTAMP"].dt.tzinfo is not None
            assert event["TRANSP"] == "TRANSPARENT"
            uids.add(str(event["UID"]))
        for tzid in set(re.findall(r"TZID=([^:;]+)", text)):
            assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == [tzid]
        assert "http://" not in text and "https://" not in text  # no site address configured: no URLs at all
    assert len(uids) == len(site_feeds)  # one series per feed here, each with its own UID


def test_business_hours_keep_9_to_5_new_york_time_across_both_clock_changes(site_feeds):
    text = site_feeds["calendars/legal.ics"]
    year = parse(text).walk("VEVENT")[0]["DTSTAMP"].dt.year + 1  # a whole year the feed covers
    spring, autumn = clock_changes(NY, year)
    for change, before, after in ((spring, 14, 13), (autumn, 13, 14)):
        events = expand(text, change - timedelta(days=7), change + timedelta(days=8))
        assert len(events) == 10  # two working weeks
        for event in events:
            start, end = event.start, event.end
            assert (start.hour, start.minute, end.hour, end.minute) == (9, 0, 17, 0)
            assert str(start.tzinfo) == NY
            utc = start.astimezone(UTC)
            assert utc.hour == (before if start.date() < change else after)
            assert end.astimezone(UTC) - utc == timedelta(hours=8)


def test_a_24_7_team_is_one_all_week_event(site_feeds):
    text = site_feeds["calendars/ts-team.ics"]
    event = parse(text).walk("VEVENT")
    assert len(event) == 1 and str(event[0]["DURATION"].to_ical(), "ascii") == "P7D"
    assert "VTIMEZONE" not in text and "around the clock" in str(event[0]["DESCRIPTION"])
    days = expand(text, date(2027, 3, 1), date(2027, 3, 29))
    assert [(e.start, e.end) for e in days] == [(date(2027, 3, d), date(2027, 3, d + 7)) for d in (1, 8, 15, 22)]


def test_assumed_hours_say_so_and_link_the_interpretation(matrix, site_feeds):
    finance = str(parse(site_feeds["calendars/finance.ics"]).walk("VEVENT")[0]["DESCRIPTION"])
    assert finance.startswith("Finance: hours not published. These are the hours the matrix assumes for it, "
                              "Business hours (9am–5pm, Monday–Friday), in America/New_York time.")
    assert "Teams whose hours the seed does not publish: runbook page interpretations/#unpublished-hours" in finance
    assert "go through Tier 3" in finance  # no contact published: whom to go through, as the directory says
    billing = str(parse(site_feeds["calendars/billing.ics"]).walk("VEVENT")[0]["DESCRIPTION"])
    assert billing.startswith("Billing Team is on shift 9am-6pm (9am–6pm, Monday–Friday), in America/New_York time.")
    assert "unpublished-hours" not in billing and "interpretations/#weekdays" in billing
    assert "Contact: billing@skillancer.com." in billing


def test_with_the_sites_address_links_are_full_urls(matrix):
    text = feeds(matrix, STAMP, Links(site="https://runbook.example/support/"))["calendars/finance.ics"]
    event = parse(text).walk("VEVENT")[0]
    assert str(event["URL"]) == "https://runbook.example/support/contacts/#finance"
    assert "https://runbook.example/support/interpretations/#unpublished-hours" in str(event["DESCRIPTION"])
    assert set(re.findall(r"https?://([^/\s]+)", text.replace("\r\n ", ""))) == {"runbook.example"}


def test_a_feed_is_the_same_but_for_its_stamp_and_keeps_its_uids(matrix):
    first = feeds(matrix, STAMP)
    again = feeds(matrix, STAMP + timedelta(hours=5))
    unstamped = {path: re.sub(r"DTSTAMP:\w+", "", text) for path, text in first.items()}
    assert unstamped == {path: re.sub(r"DTSTAMP:\w+", "", text) for path, text in again.items()}
    assert "DTSTAMP:20260115T120000Z" in first["calendars/legal.ics"]
    assert build_stamp({"SOURCE_DATE_EPOCH": "1767225600"}) == datetime(2026, 1, 1, tzinfo=UTC)


# --- holidays, a night shift across the clock changes, another zone --------------------------------

HOSTILE = 'Night, desk; "A" \\ B'


@pytest.fixture(scope="module")
def changed():
    data = parse_matrix_text(DEFAULT_PATH.read_text(encoding="utf-8"), "copy").data
    schedules = {s["id"]: s for s in data["schedules"]}
    # Thanksgiving, and the Monday after the spring change.
    schedules["business-hours"]["holidays"] = ["2026-11-26", "2026-03-09"]
    schedules["always"]["holidays"] = ["2026-12-25"]
    data["schedules"] += [
        # Friday and Saturday nights: both cross midnight; a Saturday night spans each clock change.
        {"id": "night-desk", "name": "Nights", "windows": [{"days": ["fri", "sat"], "from": "22:00", "to": "06:00"}],
         "holidays": ["2026-11-28"]},  # a Saturday: Friday night's tail and Saturday night's start go
        {"id": "berlin-desk", "name": "Berlin office", "timezone": "Europe/Berlin",
         "windows": [{"days": ["mon", "tue", "wed", "thu", "fri"], "from": "08:00", "to": "16:00"}]},
    ]
    team(data, "verification").update(name=HOSTILE, hours={"schedule": "night-desk", "label": "Nights"})
    team(data, "legal")["hours"] = {"schedule": "berlin-desk", "label": "Berlin office hours"}
    team(data, "head-of-support")["hours"]["emergency"] = True
    matrix = build_matrix(data)
    return matrix, feeds(matrix, STAMP)


WEEKS = [(date(2026, 3, 2), date(2026, 3, 16)), (date(2026, 3, 23), date(2026, 4, 6)),
         (date(2026, 10, 19), date(2026, 11, 9)), (date(2026, 11, 23), date(2026, 12, 1)),
         (date(2026, 12, 21), date(2026, 12, 29))]
"""Both US clock changes, the European ones, Thanksgiving week and Christmas week."""


@pytest.mark.parametrize("party_id", ["verification", "legal", "finance", "ts-team"])
@pytest.mark.parametrize("zone_names", ["by name", "from the feed's VTIMEZONE"])
def test_the_feed_is_on_shift_exactly_when_the_core_says(changed, party_id, zone_names):
    matrix, written = changed
    text = written[f"calendars/{party_id}.ics"]
    schedule = matrix.schedules[matrix.parties[party_id].hours.schedule]
    if zone_names != "by name":  # a calendar app without this zone in its database
        # (a name of its own for each feed: icalendar keeps the first definition it reads of a TZID)
        text = re.sub(r"TZID([=:])" + re.escape(schedule.timezone), rf"TZID\1Office of {party_id}", text)
    place = zone(schedule.timezone)
    for start, end in WEEKS:
        spans = [instants(e, place) for e in expand(text, start - timedelta(days=1), end + timedelta(days=1))]
        moment = datetime.combine(start, time(), tzinfo=place).astimezone(UTC)
        while moment < datetime.combine(end, time(), tzinfo=place).astimezone(UTC):
            in_calendar = any(a <= moment < b for a, b in spans)
            assert in_calendar == on_shift(schedule, moment), (party_id, moment.astimezone(place))
            moment += timedelta(minutes=15)


def test_holidays_have_no_event_and_are_excluded_from_the_series(changed):
    matrix, written = changed
    finance = written["calendars/finance.ics"]
    assert "EXDATE;TZID=America/New_York:20261126T090000" in finance
    assert "EXDATE;TZID=America/New_York:20260309T090000" in finance
    days = {e.start.date() for e in expand(finance, date(2026, 11, 23), date(2026, 11, 28))}
    assert days == {date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 27)}
    christmas = expand(written["calendars/ts-team.ics"], date(2026, 12, 21), date(2026, 12, 28))
    covered = {e.start + timedelta(days=n) for e in christmas for n in range((e.end - e.start).days)}
    assert date(2026, 12, 25) not in covered and len(covered) == 6
    assert "Off shift all day on 2026-12-25." in written["calendars/ts-team.ics"].replace("\r\n ", "")


def test_a_night_shift_is_one_event_and_a_clock_change_night_keeps_its_wall_clock_end(changed):
    matrix, written = changed
    text = written["calendars/verification.ics"]
    spring, autumn = clock_changes(NY, 2026)
    nights = {e.start.date(): e for e in expand(text, spring - timedelta(days=2), spring + timedelta(days=1))}
    saturday = nights[spring - timedelta(days=1)]
    assert (saturday.start.hour, saturday.end.hour, saturday.end.date()) == (22, 6, spring)
    assert saturday.end.astimezone(UTC) - saturday.start.astimezone(UTC) == timedelta(hours=7)  # an hour skipped
    friday = nights[spring - timedelta(days=2)]
    assert friday.end.astimezone(UTC) - friday.start.astimezone(UTC) == timedelta(hours=8)
    autumn_night = next(e for e in expand(text, autumn - timedelta(days=1), autumn) if e.start.date() < autumn)
    assert autumn_night.end.astimezone(UTC) - autumn_night.start.astimezone(UTC) == timedelta(hours=9)
    assert "RECURRENCE-ID;TZID=America/New_York:20260307T220000" in text  # restated, with its real end


def test_emergency_hours_are_said_beside_the_regular_ones(changed):
    _, written = changed
    head = str(parse(written["calendars/head-of-support.ics"]).walk("VEVENT")[0]["DESCRIPTION"])
    assert "Outside these hours it is reachable for emergencies (P0/P1) only." in head
    assert "emergencies" not in str(parse(written["calendars/legal.ics"]).walk("VEVENT")[0]["DESCRIPTION"])


def test_names_with_separators_come_back_as_written(changed):
    _, written = changed
    calendar = parse(written["calendars/verification.ics"])
    for name in ("X-WR-CALNAME", "NAME"):
        assert decoded(calendar[name]) == f"{HOSTILE} hours (Skillancer)"
    assert {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")} == {f"{HOSTILE} on shift"}



def test_holidays_at_the_ends_of_the_calendar_are_no_trouble():
    data = parse_matrix_text(DEFAULT_PATH.read_text(encoding="utf-8"), "copy").data
    business = next(s for s in data["schedules"] if s["id"] == "business-hours")
    business["holidays"] = ["0001-01-01", "9999-12-31", "2026-07-03"]
    text = feeds(build_matrix(data), STAMP)["calendars/legal.ics"]
    assert re.findall(r"EXDATE;[^:]*:(\w+)", text) == ["20260703T090000"]  # the others reach no occurrence
    assert "0001-01-01, 2026-07-03, 9999-12-31" in text.replace("\r\n ", "").replace("\\,", ",")
