"""Reachability of channels (kind `channel`): a channel's promised first response needs someone to give it.

A channel's first response depends on the directory entry customers reach it through (ours:
`our_entry_point`, interpretation `channel-entry-points`) and on the tiers whose response times
name the channel. Each must have a contact that is real and be on shift whenever the promise runs:
off shift for longer than the channel's maximum, a customer who writes or calls then gets no first
response in time.
"""

from __future__ import annotations

from . import ours
from ..clock.coverage import groups, off_shift_phrase
from ..clock.hours import WEEK, weekly_off
from ..clock.shifts import schedule_of
from ..durations import format_minutes
from ..model import Channel, Matrix
from ..problems import WARNING, Problem, join_path
from ..wording import HOURS_NOT_PUBLISHED, NO_CONTACT

FIX = "publish a real contact and hours that cover the promise, or change the promise"


def _promise(channel: Channel) -> str:
    target, maximum = channel.first_response.target, channel.first_response.maximum
    first = "immediately" if target == 0 else f"within {format_minutes(target)}"
    return f"a first response {first} (at most {format_minutes(maximum)})"


def _why_not(matrix: Matrix, party_id: str, maximum: int) -> list[str]:
    """What keeps a party from giving a first response within `maximum`, in the matrix's words."""
    party = matrix.parties[party_id]
    reasons = []
    if party.contact is None:
        reasons.append(f"which has {NO_CONTACT}")
    elif party.contact.placeholder:
        reasons.append(f"whose contact '{party.contact.value}' is a placeholder")
    long = [s for s in weekly_off(schedule_of(matrix, party_id)) if s[1] - s[0] > maximum]
    if long:
        label = f"“{party.hours.label}”" if party.hours.published else HOURS_NOT_PUBLISHED
        only = ", emergencies only" if party.hours.emergency else ""
        if long[0][1] - long[0][0] >= WEEK:
            reasons.append(f"which keeps no regular hours ({label}{only})")
        else:
            when = " and ".join(off_shift_phrase(group) for group in groups(long))
            reasons.append(f"which is off shift {when} ({label}{only})")
    return reasons


def channel_findings(matrix: Matrix) -> list[Problem]:
    out = []
    for channel in matrix.channels.values():
        answering = [tier.id for tier in matrix.tiers.values()
                     if any(channel.id in r.channels for r in tier.response_times)]
        parties = list(dict.fromkeys([*([channel.our_entry_point] if channel.our_entry_point else []), *answering]))
        blocked = [(p, reasons) for p in parties if (reasons := _why_not(matrix, p, channel.first_response.maximum))]
        if not blocked:
            continue
        parts = []
        for party_id, reasons in blocked:
            role = ("customers reach it through " if party_id == channel.our_entry_point else "it is answered by ")
            parts.append(f"{role}{matrix.parties[party_id].name}, {' and '.join(reasons)}")
        rests = "channel-entry-points" if any(p == channel.our_entry_point for p, _ in blocked) else (
            "unpublished-hours" if any(not matrix.parties[p].hours.published for p, _ in blocked) else None)
        out.append(Problem(join_path(channel.at, "first_response"),
                           f"{channel.name} promises {_promise(channel)}, but {'; '.join(parts)}; {FIX}",
                           WARNING, "channel", ours(matrix, rests) if rests else None))
    return out
