"""Coverage: who is on shift in each hour of the week, and where an issue's SLA falls into a hole.

Both work on the weekly pattern (wall-clock minutes of the week; holidays are dates, not part of
it), so they need no instant and, when every schedule shares the organisation's zone, no zone data.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..durations import format_minutes
from .hours import DAY, DAY_NAMES, WEEK, describe_minute, merge_spans, minutes_on, off_between, weekly_off, weekly_on
from ..model import IssueType, Matrix
from ..problems import join_path
from ..wording import HOURS_NOT_PUBLISHED
from .shifts import parties_in_order, schedule_of


def coverage_grid(matrix: Matrix) -> dict:
    """Parties × the 168 hours of the week (Monday 00:00 first) in the organisation's zone.

    Each row's `minutes[h]` is how many minutes of hour `h` the party is on shift: 60 on, 0 off,
    in between for a shift that starts or ends inside the hour. `emergency` rows can also be
    reached off shift for P0/P1.
    """
    tz = matrix.organisation.timezone
    rows = []
    by_schedule: dict[str, list[int]] = {}  # many parties share a schedule: work each out once
    for party in parties_in_order(matrix):
        schedule = schedule_of(matrix, party.id)
        if schedule.id not in by_schedule:
            by_schedule[schedule.id] = _hourly(weekly_on(schedule, tz))
        minutes = list(by_schedule[schedule.id])
        rows.append({
            "id": party.id, "name": party.name, "is_tier": party.is_tier, "directory": party.directory,
            "schedule": schedule.id, "schedule_name": schedule.name, "label": party.hours.label,
            "published": party.hours.published, "emergency": party.hours.emergency,
            "minutes": minutes, "hours_per_week": sum(minutes) / 60,
        })
    return {"timezone": tz, "days": list(DAY_NAMES), "hours": 7 * 24, "rows": rows}


def _hourly(on: list[tuple[int, int]]) -> list[int]:
    """Minutes on shift in each hour of the week, from merged on-shift spans within the week.

    One pass over the spans (each adds to the hours it touches), not one scan of them per hour.
    """
    minutes = [0] * (7 * 24)
    for start, end in on:
        for hour in range(start // 60, min(-(-end // 60), 7 * 24)):
            minutes[hour] += min(end, hour * 60 + 60) - max(start, hour * 60)
    return minutes


@dataclass(frozen=True)
class CoverageHole:
    """Off-shift stretches of an issue's owner, each longer than the issue's SLA: one finding."""

    issue: str
    where: str
    """Data path of the issue type's owner."""
    owner: str
    owner_note: str
    """How the owner's hours are known: "" for published hours, else what is assumed."""
    sla: int
    stretches: tuple[tuple[int, int], ...]
    """Minutes of the week in the owner's zone, all the same length; an end may pass the week."""
    timezone: str
    next_step: str | None
    next_step_cover: str
    """all | part | none: how much of the stretches the next step of the path is on shift."""
    assumed: bool = False
    """The owner's hours are not published: the hole rests on the organisation's assumed hours."""

    @property
    def minutes(self) -> int:
        start, end = self.stretches[0]
        return end - start

    @property
    def when(self) -> str:
        """`Fri 17:00 → Mon 09:00`, or `Mon–Thu 17:00 → 09:00 next day` for a nightly stretch."""
        return describe_stretches(self.stretches)

    @property
    def message(self) -> str:
        text = (f"{self.issue}: {self.owner}{self.owner_note} is off shift {off_shift_phrase(self.stretches)}, "
                f"longer than the {format_minutes(self.sla)} SLA")
        if self.next_step is None:
            return text + ", and the path has no next step"
        cover = {"all": "is on shift throughout", "part": "is on shift for only part of it",
                 "none": "is off shift then too"}[self.next_step_cover]
        return f"{text}; the next step, {self.next_step}, {cover}"

    def to_dict(self) -> dict:
        return {"issue": self.issue, "path": self.where, "owner": self.owner, "sla_minutes": self.sla,
                "timezone": self.timezone, "when": self.when, "minutes": self.minutes,
                "stretches": [{"from": describe_minute(a), "to": describe_minute(b), "start_minute": a,
                               "end_minute": b} for a, b in self.stretches],
                "next_step": self.next_step, "next_step_cover": self.next_step_cover,
                "message": self.message}


def describe_stretches(stretches: tuple[tuple[int, int], ...]) -> str:
    """One group of equal stretches (`groups`): `Fri 17:00 → Mon 09:00`, `Mon–Thu 17:00 → 09:00 next day`."""
    start, end = stretches[0]
    if end - start >= WEEK:
        return "all week"
    if len(stretches) == 1:
        return f"{describe_minute(start)} → {describe_minute(end)}"
    days = [s // DAY for s, _ in stretches]
    consecutive = days == list(range(days[0], days[0] + len(days)))
    named = (f"{DAY_NAMES[days[0]]}–{DAY_NAMES[days[-1]]}" if consecutive
             else ", ".join(DAY_NAMES[d] for d in days))
    later = (end // DAY) - (start // DAY)
    after = "" if later == 0 else " next day" if later == 1 else f" {later} days later"
    return f"{named} {describe_minute(start)[4:]} → {describe_minute(end)[4:]}{after}"


def off_shift_phrase(stretches: tuple[tuple[int, int], ...]) -> str:
    """`Fri 17:00 → Mon 09:00 (64 h)`, `Mon–Thu 17:00 → 09:00 next day (16 h each)`, `all week (no regular hours)`."""
    start, end = stretches[0]
    if end - start >= WEEK:
        return "all week (no regular hours)"
    each = " each" if len(stretches) > 1 else ""
    return f"{describe_stretches(stretches)} ({format_minutes(end - start)}{each})"


def groups(stretches: list[tuple[int, int]]) -> list[tuple[tuple[int, int], ...]]:
    """`_groups` as tuples, for records and for `off_shift_phrase`."""
    return [tuple(group) for group in _groups(stretches)]


def _groups(stretches: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Stretches of the same times on consecutive days, together (the weeknights of a 9-to-5)."""
    groups: list[list[tuple[int, int]]] = []
    for start, end in sorted(stretches):
        key = (start % DAY, end - start)
        last = groups[-1] if groups else None
        if last and (last[-1][0] % DAY, last[-1][1] - last[-1][0]) == key and start // DAY == last[-1][0] // DAY + 1:
            last.append((start, end))
        else:
            groups.append([(start, end)])
    return groups


def hours_note(matrix: Matrix, party_id: str) -> str:
    """` (hours not published, assumed Business hours)`, ` (emergencies only out of hours)`, or ``."""
    party = matrix.parties[party_id]
    schedule = schedule_of(matrix, party_id)
    note = "" if party.hours.published else f" ({HOURS_NOT_PUBLISHED}, assumed {schedule.name.split(' (')[0]})"
    if party.hours.emergency:
        note += " (emergencies only out of hours)"
    return note


def coverage_holes(matrix: Matrix) -> list[CoverageHole]:
    """For each issue type, its owner's off-shift stretches longer than its SLA.

    Only a calendar SLA clock can run out while the owner is off shift; with `clocks.issue_sla:
    business` the clock stops with the owner, so there are no holes.
    """
    if matrix.clocks["issue_sla"] != "calendar":
        return []
    holes = []
    for issue in matrix.issue_types:
        owner = matrix.parties[issue.owner]
        schedule = schedule_of(matrix, issue.owner)
        tz = schedule.timezone
        long = [s for s in weekly_off(schedule) if s[1] - s[0] > issue.sla]
        if not long:
            continue
        note = hours_note(matrix, issue.owner)
        next_step = issue.path[0] if issue.path else None
        cover_on = merge_spans([span for p in (next_step.any_of if next_step else ())
                                for span in weekly_on(schedule_of(matrix, p), tz)])
        for group in _groups(long):
            total = sum(b - a for a, b in group)
            covered = sum(minutes_on(cover_on, a, b) for a, b in group)
            holes.append(CoverageHole(
                issue.name, join_path(issue.at, "owner"), owner.name, note, issue.sla,
                tuple(group), tz,
                None if next_step is None else " or ".join(matrix.parties[p].name for p in next_step.any_of),
                "all" if covered >= total else "none" if covered == 0 else "part", not owner.hours.published))
    return holes


@dataclass(frozen=True)
class StepHole:
    """A step of an issue's path whose parties are all off shift for longer than the issue's SLA.

    An issue that comes in (or is escalated) at the start of such a stretch cannot reach the step
    before its deadline: the same test as an owner's coverage hole, for each later step.
    """

    issue: IssueType
    step: int
    """1 for the first step after the owner."""
    parties: tuple[str, ...]
    groups: tuple[tuple[tuple[int, int], ...], ...]
    """The stretches longer than the SLA, in groups of equal times on consecutive days (`groups`)."""
    timezone: str


def step_holes(matrix: Matrix) -> list[StepHole]:
    """For each issue type, each step of its path off shift (all its alternatives) for longer than its SLA.

    Weekly patterns in the owner's zone, as `coverage_holes`; with a business-hours SLA clock the
    clock stops with the owner, so there are none.
    """
    if matrix.clocks["issue_sla"] != "calendar":
        return []
    holes = []
    for issue in matrix.issue_types:
        tz = schedule_of(matrix, issue.owner).timezone
        for number, step in enumerate(issue.path, start=1):
            on = merge_spans([span for party in step.any_of for span in weekly_on(schedule_of(matrix, party), tz)])
            long = [s for s in off_between(on) if s[1] - s[0] > issue.sla]
            if long:
                holes.append(StepHole(issue, number, step.any_of, tuple(groups(long)), tz))
    return holes
