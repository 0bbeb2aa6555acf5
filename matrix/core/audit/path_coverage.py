"""Coverage along the path (kind `path-coverage`): each later step against the issue's deadline.

The owner's own hours are the `coverage` kind. An issue can need any step of its path before its
deadline, so a step whose parties are all off shift for longer than the SLA cannot take an issue
that comes in, or is escalated, as that stretch begins (`clock.coverage.step_holes`; the answer
card warns of the same step at a given moment with `clock.offshift.path_gap`).
"""

from __future__ import annotations

from . import ours
from ..clock.coverage import hours_note, off_shift_phrase, step_holes
from ..durations import format_minutes
from ..model import Matrix
from ..problems import WARNING, Problem

FIX = "extend its hours, or add an alternative that is on shift then"


def path_coverage_findings(matrix: Matrix) -> list[Problem]:
    out = []
    for hole in step_holes(matrix):
        who = " or ".join(matrix.parties[p].name + hours_note(matrix, p) for p in hole.parties)
        when = " and ".join(off_shift_phrase(group) for group in hole.groups)
        assumed = any(not matrix.parties[p].hours.published for p in hole.parties)
        out.append(Problem(
            hole.issue.path[hole.step - 1].at,
            f"{hole.issue.name}: step {hole.step} of its path, {who}, is off shift {when}, longer than the "
            f"{format_minutes(hole.issue.sla)} SLA: an issue that needs it then waits past its deadline; {FIX}",
            WARNING, "path-coverage", ours(matrix, "unpublished-hours") if assumed else None))
    return out
