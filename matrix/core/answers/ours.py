"""Which of our published choices (interpretations) a value on an answer or a page rests on.

The seed leaves some things open (which days "9am-6pm" covers, what "local" means, whom to contact
for "Tier 2"); the matrix records each choice with the data path of the value it is about. A value
shown from that path rests on that choice, and whoever reads it must be able to tell it is ours,
not the company's policy. Answers and pages both ask here, so they mark the same values. Only
choices the matrix publishes are named: a matrix without one marks nothing for it, and so never
links to an explanation that is not there.
"""

from __future__ import annotations

from ..clock.deadlines import Deadline
from ..clock.hours import WEEK, weekly_on
from ..model import Matrix, Party, Procedure, Schedule, Severity, Step

# Choices answers name by id: `clocks` records two, and the card words each of these in its own way.
SLA_CLOCKS = "sla-clocks"
GOVERNING_DEADLINE = "governing-deadline"
OFF_SHIFT = "off-shift"
UNPUBLISHED_HOURS = "unpublished-hours"


def recorded_at(matrix: Matrix, *paths: str) -> list[str]:
    """The choices recorded at exactly these data paths, in the order the matrix lists them."""
    by_path = matrix.memo.get("interpretations by path")
    if by_path is None:  # every value of every answer asks: looked up, not a scan of every choice each time
        by_path = matrix.memo["interpretations by path"] = {}
        for number, item in enumerate(matrix.interpretations):
            by_path.setdefault(item.path, []).append((number, item.id))
    return [i for _, i in sorted(found for path in dict.fromkeys(paths) for found in by_path.get(path, ()))]


def published(matrix: Matrix, *ids: str) -> list[str]:
    """Those of `ids` the matrix publishes, in the order given."""
    known = {item.id for item in matrix.interpretations}
    return [i for i in ids if i in known]


def schedule_ours(matrix: Matrix, schedule: Schedule) -> list[str]:
    """Weekly hours rest on the days and holidays we read into them and, kept in the organisation's
    zone, on our reading of "local"; around the clock or never, a schedule has neither to rest on."""
    on = weekly_on(schedule)
    if not on or on == [(0, WEEK)]:
        return recorded_at(matrix, schedule.at)
    local = ("organisation.timezone",) if schedule.timezone == matrix.organisation.timezone else ()
    return recorded_at(matrix, "schedules", schedule.at, *local)


def hours_ours(matrix: Matrix, party: Party) -> list[str]:
    """A party's hours: assumed where unpublished, its schedule's days and zone, and what counts as
    an emergency where its hours say it can be reached for one."""
    ids = [] if party.hours.published else recorded_at(matrix, "organisation.assumed_hours")
    ids += schedule_ours(matrix, matrix.schedules[party.hours.schedule])
    if party.hours.emergency:
        ids += emergency_ours(matrix)
    return _unique(ids)


def party_ours(matrix: Matrix, party_id: str) -> list[str]:
    """Who a party is: a tier, reached through the contact we chose for it; or a team whose names in
    the seed we read as one (recorded at the team itself)."""
    tier = matrix.tiers.get(party_id)
    if tier is not None:
        return recorded_at(matrix, "tiers", tier.at)
    return team_ours(matrix, party_id)


def team_ours(matrix: Matrix, party_id: str) -> list[str]:
    """A team's own choice (two names read as one team); nothing for a tier named as the seed names it."""
    team = matrix.teams.get(party_id)
    return recorded_at(matrix, team.at) if team is not None else []


def step_ours(matrix: Matrix, step: Step) -> list[str]:
    """A step the seed writes as two parties in one cell ("CEO/CMO"), which we read as a choice."""
    return recorded_at(matrix, step.at)


def emergency_ours(matrix: Matrix) -> list[str]:
    """Which severities count as emergencies: recorded at the emergency procedure's severities."""
    procedures = {matrix.severities[s].procedure for s in matrix.off_shift.emergency_severities}
    return recorded_at(matrix, *(matrix.procedures[p].at + ".severities" for p in procedures))


def procedure_ours(matrix: Matrix, procedure: Procedure) -> list[str]:
    return recorded_at(matrix, procedure.at + ".severities")


def resolution_ours(matrix: Matrix, severity: Severity) -> list[str]:
    """A severity's resolution target, where the seed contradicts it (P3's "No specific SLA")."""
    return recorded_at(matrix, severity.resolution.at)


def sla_ours(matrix: Matrix) -> list[str]:
    """What an issue type's SLA times: the seed does not say response or resolution."""
    return recorded_at(matrix, "clocks.issue_sla")


def deadline_ours(matrix: Matrix, deadline: Deadline, severity: Severity | None, counted: bool) -> list[str]:
    """What a clock rests on: the SLA's meaning, a resolution target we chose, and (once it has a due
    time, `counted`) whether it counts calendar or business hours."""
    ids = []
    if deadline.clock == "issue_sla":
        ids += sla_ours(matrix)
    elif deadline.clock == "resolution" and severity is not None:
        ids += resolution_ours(matrix, severity)
    if counted:
        ids += published(matrix, SLA_CLOCKS)
    return ids


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


class ReliedOn:
    """The choices of ours an answer marks, in the order it first marks them: its `interpretations`.

    Every mark an answer carries is made through `mark`, so the list is what the answer shows, never
    a list kept beside it by hand.
    """

    def __init__(self, matrix: Matrix):
        self._known = {item.id for item in matrix.interpretations}
        self._ids: dict[str, None] = {}

    def mark(self, ids: list[str]) -> list[str]:
        """`ids` that the matrix publishes, deduplicated, remembered for the answer's list."""
        kept = [i for i in _unique(ids) if i in self._known]
        self._ids.update(dict.fromkeys(kept))
        return kept

    def ids(self) -> list[str]:
        return list(self._ids)
