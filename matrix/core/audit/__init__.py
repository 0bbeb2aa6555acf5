"""The policy check: warnings an operations lead should act on, grouped by kind."""

from __future__ import annotations

from ..model import Matrix


def ours(matrix: Matrix, interpretation_id: str) -> str | None:
    """The id of a choice of ours a finding rests on, when this matrix publishes it (else there is nothing to link)."""
    return interpretation_id if any(i.id == interpretation_id for i in matrix.interpretations) else None
