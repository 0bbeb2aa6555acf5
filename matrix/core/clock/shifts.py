"""Who is on shift at an instant: one party's status, and the order in which a roster lists parties.

A party is on shift inside its schedule; outside it, a party whose hours include emergencies can
still be reached for the emergency severities (P0/P1). Parties whose hours the seed does not
publish keep the organisation's assumed schedule, and their answers say so.
"""

from __future__ import annotations

from datetime import datetime

from .hours import isoformat, label, next_on_shift, on_shift, on_shift_until, require_aware
from ..model import Matrix, Party, Schedule


def schedule_of(matrix: Matrix, party_id: str) -> Schedule:
    return matrix.schedules[matrix.parties[party_id].hours.schedule]


def is_on_shift(matrix: Matrix, party_id: str, at: datetime) -> bool:
    return on_shift(schedule_of(matrix, party_id), at)


def reachable(matrix: Matrix, party_id: str, at: datetime, emergency: bool) -> bool:
    """On shift, or (for an emergency) off shift with emergency hours."""
    return is_on_shift(matrix, party_id, at) or (emergency and matrix.parties[party_id].hours.emergency)


def shift_status(matrix: Matrix, party_id: str, at: datetime, tz: str) -> dict:
    """The `shift` key of a party card: on shift now, until when, or when next (ISO in `tz`)."""
    require_aware(at, "time asked about")
    party = matrix.parties[party_id]
    schedule = schedule_of(matrix, party_id)
    now_on = on_shift(schedule, at)
    until = on_shift_until(schedule, at) if now_on else None
    back = None if now_on else next_on_shift(schedule, at)
    return {
        "on_shift": now_on,
        "emergency_only": not now_on and party.hours.emergency,
        "until": None if until is None else isoformat(until, tz),
        "until_label": None if until is None else label(until, tz),
        "next_on_shift": None if back is None else isoformat(back, tz),
        "next_on_shift_label": None if back is None else label(back, tz),
        "assumed": not party.hours.published,
        "schedule": schedule.name,
    }


def parties_in_order(matrix: Matrix) -> list[Party]:
    """Tiers first, then the directory in its order, then parties named only in tables."""
    return sorted(matrix.parties.values(), key=lambda t: (not t.is_tier, t.directory is None))
