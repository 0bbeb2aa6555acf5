"""The escalation matrix as code: load a matrix, route issues, check authority, fill templates.

Standard library only and no I/O, so the same code runs in CPython and in Pyodide. Reading files
and parsing YAML live at the edges (`matrix.source`, the CLI, the MkDocs hooks).
"""

from .authority import Permission, can
from .coverage import coverage_grid, coverage_holes
from .durations import format_minutes, parse_duration
from .hours import TimeProblem, parse_instant
from .lint import lint
from .load import build_matrix, validate
from .lookup import (
    find_action, find_channel, find_issue_type, find_party, find_role, find_severity, search_issue_types,
)
from .model import Matrix
from .problems import ERROR, WARNING, LookupProblem, MatrixError, Problem
from .routing import Route, party_card, route
from .shifts import roster
from .slugs import slugify
from .templates import fill

__all__ = [
    "ERROR", "WARNING", "LookupProblem", "Matrix", "MatrixError", "Permission", "Problem", "Route",
    "TimeProblem", "build_matrix", "can", "coverage_grid", "coverage_holes", "fill", "find_action",
    "find_channel", "find_issue_type", "find_party", "find_role", "find_severity", "format_minutes", "lint",
    "parse_duration", "parse_instant", "party_card", "roster", "route", "search_issue_types", "slugify",
    "validate",
]
__version__ = "0.1.0"
