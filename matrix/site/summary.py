"""What the hand-written home page quotes from the matrix, filled in where it writes `{{ summary.name }}`: the
numbers, and the seed's own overview sentence (the YAML's words, never retyped into the page)."""

from __future__ import annotations

import re

from ..core.model import Matrix
from .markup import markdown_text

PLACEHOLDER = re.compile(r"\{\{\s*summary\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


class UnknownSummaryNumber(KeyError):
    """A page asks for a number that `summary_numbers` does not provide."""

    def __str__(self) -> str:
        return self.args[0]


def summary_numbers(matrix: Matrix, warnings: int) -> dict[str, int]:
    directory = matrix.directory()
    return {
        "categories": len(matrix.categories),
        "issue_types": len(matrix.issue_types),
        "tiers": len(matrix.tiers),
        "teams": len(directory),
        "without_contact": sum(1 for party in directory if party.contact is None),
        "severities": len(matrix.severities),
        "channels": len(matrix.channels),
        "actions": len(matrix.authority.actions()),
        "authority_rows": len(matrix.authority.rules),
        "roles": len(matrix.authority.roles),
        "procedures": len(matrix.procedures),
        "templates": len(matrix.templates),
        "interpretations": len(matrix.interpretations),
        "scenarios": len(matrix.scenarios),
        "warnings": warnings,
    }


def summary_texts(matrix: Matrix) -> dict[str, str]:
    """The matrix's own sentences the home page quotes, as literal Markdown (no YAML text can become markup)."""
    return {"overview": str(markdown_text(matrix.organisation.overview))}


def fill_summary(markdown: str, numbers: dict[str, int | str], page: str = "the page") -> str:
    """`markdown` with every `{{ summary.name }}` replaced (numbers, and texts already made literal Markdown);
    UnknownSummaryNumber names a typo."""

    def number(match: re.Match) -> str:
        name = match.group(1)
        if name not in numbers:
            raise UnknownSummaryNumber(f"Unknown summary number {name!r} in {page}; expected one of: "
                                       f"{', '.join(numbers)}")
        return str(numbers[name])

    return PLACEHOLDER.sub(number, markdown)
