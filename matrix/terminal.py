"""What the terminal prints for the choices of ours a command's lines rest on, for `escalate` and its subcommands."""

from __future__ import annotations

from .core.answers.links import Links
from .core.wording import OURS, OURS_LEGEND


def print_ours(ids: list[str], links: Links) -> None:
    """Where each choice marked above is explained: the terminal's one place for their links."""
    if not ids:
        return
    print(f"  [{OURS}] {OURS_LEGEND}:")
    width = max(len(i) for i in ids)
    for interpretation in ids:
        print(f"    {interpretation:<{width}}  {links.interpretation(interpretation)}")
