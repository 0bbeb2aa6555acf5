"""Each team's hours as an iCalendar feed (`calendars/<team id>.ics`), which the contact directory links.

A feed is for one team or role of the directory whose schedule has regular hours (24/7 included):
its name in the calendar's name and in every event's title, its schedule's weekly windows as
recurring events in the schedule's zone (with that zone's VTIMEZONE), its holidays left out. The
description says whose hours they are, how to reach the team, and which of our choices the hours
rest on (assumed hours where the seed publishes none among them), each linked. Links are full URLs
when the site's address is known (MkDocs' `site_url`), else runbook pages relative to the site's
root, said so, as the terminal says them.

Every byte follows from the matrix, the build's moment (DTSTAMP, and the years the feed spells out)
and the zone database: a UID is the team, the schedule and the series, so a calendar app that
refreshes the feed updates its events rather than adding new ones.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, datetime

from ..core import wording
from ..core.answers.cards import party_card
from ..core.answers.links import Links
from ..core.answers.ours import hours_ours
from ..core.clock.hours import UTC, WEEK, weekly_on
from ..core.model import Matrix, Party, Schedule
from ..core.slugs import slugify
from .ical import ICAL_DAYS, date_stamp, duration, line, local_stamp, text as escaped, utc_stamp, vtimezone
from .shift_events import SeriesPlan, plan

FOLDER = "calendars"
YEARS_AHEAD = 2
"""A feed spells out clock changes for the build's year and this many after it (see `shift_events`)."""
REFRESH = "P1D"
"""How often a calendar app should fetch the feed again: the matrix changes with the runbook."""


def feed_path(party_id: str) -> str:
    """Where a team's feed is in the site, relative to its root."""
    return f"{FOLDER}/{party_id}.ics"


def feed_parties(matrix: Matrix) -> list[Party]:
    """The directory's teams and roles whose schedule has regular hours: those a feed can show."""
    return [party for party in matrix.directory() if weekly_on(matrix.schedules[party.hours.schedule])]


def feed_paths(matrix: Matrix) -> dict[str, str]:
    """Each party with a feed, by id: its feed's path. What the contact directory links."""
    return {party.id: feed_path(party.id) for party in feed_parties(matrix)}


def feeds(matrix: Matrix, stamp: datetime, links: Links = Links()) -> dict[str, str]:
    """Every feed of the site, by path: iCalendar text (CRLF lines).

    `stamp`: the build's moment (DTSTAMP); the feeds spell out clock changes from its year on.
    """
    years = (stamp.year, stamp.year + YEARS_AHEAD)
    plans: dict[str, list[SeriesPlan]] = {}
    written = {}
    for party in feed_parties(matrix):
        schedule = matrix.schedules[party.hours.schedule]
        if schedule.id not in plans:
            plans[schedule.id] = plan(schedule, *years)
        written[feed_path(party.id)] = _feed(matrix, party, schedule, plans[schedule.id], stamp, years, links)
    return written


def _around_the_clock(schedule: Schedule) -> bool:
    return weekly_on(schedule) == [(0, WEEK)]


def _description(matrix: Matrix, party: Party, schedule: Schedule, links: Links) -> str:
    """What the feed and each of its events say: whose hours, exceptions, contact, our choices, the runbook."""
    card = party_card(matrix, party.id, links=links)
    full = bool(links.site)
    lines = [wording.calendar_hours(card, schedule.name, schedule.timezone, _around_the_clock(schedule))]
    if party.hours.emergency:
        lines.append(wording.calendar_emergency(matrix.off_shift.emergency_severities))
    if schedule.holidays:
        lines.append(wording.calendar_holidays(sorted(schedule.holidays)))
    lines.append(wording.calendar_contact(card))
    ours = hours_ours(matrix, party)
    if ours:
        topics = {item.id: item.topic for item in matrix.interpretations}
        lines.append(wording.choices_heading(len(ours)))
        lines += [f"- {wording.choice_reference(topics[i], links.interpretation(i), full)}" for i in ours]
    lines.append(wording.runbook_reference(card["link"], full))
    return "\n".join(lines)


def _feed(matrix: Matrix, party: Party, schedule: Schedule, plans: list[SeriesPlan], stamp: datetime,
          years: tuple[int, int], links: Links) -> str:
    organisation = matrix.organisation
    name = wording.calendar_name(party.name, organisation.name)
    description = _description(matrix, party, schedule, links)
    url = links.party(party.id, party.is_tier) if links.site else None
    out = [line("BEGIN", "VCALENDAR"), line("VERSION", "2.0"),
           line("PRODID", escaped(f"-//{organisation.name}//{organisation.title}//EN")),
           line("CALSCALE", "GREGORIAN"), line("METHOD", "PUBLISH"),
           line("NAME", escaped(name)), line("X-WR-CALNAME", escaped(name)),
           line("X-WR-CALDESC", escaped(description.split("\n", 1)[0])),
           line("X-WR-TIMEZONE", escaped(schedule.timezone)),
           line("REFRESH-INTERVAL", REFRESH, value="DURATION"), line("X-PUBLISHED-TTL", REFRESH)]
    if url:
        out.append(line("URL", url))
    if any(not item.series.all_day for item in plans):
        out.append(vtimezone(schedule.timezone, years[0] - 1, years[1]))
    event = _EventWriter(schedule.timezone, utc_stamp(stamp),
                         wording.calendar_summary(party.name, _around_the_clock(schedule)), description, url)
    domain = f"{slugify(organisation.name) or 'support'}-escalation-matrix"
    for item in plans:
        out.append(event.series(item, f"{party.id}.{schedule.id}.{_series_key(item)}", domain))
    out.append(line("END", "VCALENDAR"))
    return "".join(out)


def _series_key(item: SeriesPlan) -> str:
    """`mo-tu-we-th-fr.0900.480`: the series' days, start and length in minutes, as a UID part."""
    series = item.series
    days = "-".join(ICAL_DAYS[d].lower() for d in series.weekdays)
    return f"{days}.{series.start // 60:02d}{series.start % 60:02d}.{series.length}"


class _EventWriter:
    """VEVENTs of one feed: the fields every event repeats, and how a series and its exceptions are written."""

    def __init__(self, zone_name: str, stamp: str, summary: str, description: str, url: str | None):
        self.zone, self.stamp, self.summary, self.description, self.url = zone_name, stamp, summary, description, url

    def _when(self, name: str, at: datetime | date, all_day: bool) -> str:
        if all_day:
            return line(name, date_stamp(at), value="DATE")
        return line(name, local_stamp(at), tzid=self.zone)

    def _event(self, uid: str, lines: list[str]) -> str:
        common = [line("UID", escaped(uid)), line("DTSTAMP", self.stamp)]
        shown = [line("SUMMARY", escaped(self.summary)), line("DESCRIPTION", escaped(self.description)),
                 # Another team's hours never make the subscriber look busy.
                 line("TRANSP", "TRANSPARENT")]
        if self.url:
            shown.append(line("URL", self.url))
        return "".join([line("BEGIN", "VEVENT"), *common, *lines, *shown, line("END", "VEVENT")])

    def series(self, item: SeriesPlan, key: str, domain: str) -> str:
        series = item.series
        all_day = series.all_day
        first = item.first if all_day else series.begins(item.first)
        days = ",".join(ICAL_DAYS[d] for d in series.weekdays)
        lines = [self._when("DTSTART", first, all_day), line("DURATION", duration(series.length)),
                 line("RRULE", f"FREQ=WEEKLY;WKST=MO;BYDAY={days}")]
        lines += [self._when("EXDATE", day if all_day else series.begins(day), all_day) for day in item.excluded]
        uid = f"{key}@{domain}"
        written = [self._event(uid, lines)]
        for begins, ends in item.restated:  # the same occurrence, with its real end
            written.append(self._event(uid, [self._when("RECURRENCE-ID", begins, False),
                                             self._when("DTSTART", begins, False), self._when("DTEND", ends, False)]))
        for begins, ends in item.remainders:  # what a holiday leaves of an occurrence: an event of its own
            if all_day:
                stretch = [self._when("DTSTART", begins.date(), True), self._when("DTEND", ends.date(), True)]
            else:
                stretch = [self._when("DTSTART", begins, False), self._when("DTEND", ends, False)]
            written.append(self._event(f"{key}.{local_stamp(begins)}@{domain}", stretch))
        return "".join(written)


def build_stamp(environ: Mapping[str, str] = os.environ) -> datetime:
    """The moment a build writes into its feeds: `SOURCE_DATE_EPOCH` where a reproducible build sets it,
    else now; to the second, in UTC."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    now = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return now.replace(microsecond=0)
