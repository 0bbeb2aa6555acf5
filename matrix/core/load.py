"""Plain data (parsed YAML or JSON) → a `Matrix`, with every error found on the way.

Two passes: the shape (read from the model's annotations, `shape.read`), then the consistency of
the records with each other (`consistency`). When the shape has errors the consistency checks still
run where they can, but a problem inside a part already reported is not reported twice. Policy
warnings come after, from `matrix.core.audit`, on a matrix without errors.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Matrix
from .problems import MatrixError, Problem
from .shape import read


@dataclass(frozen=True)
class Checked:
    """The result of reading plain data once: the matrix (None if its shape is broken) and its errors."""

    matrix: Matrix | None
    errors: list[Problem]


def check(data) -> Checked:
    """Read and check `data` in one pass: every error, and the matrix whenever its shape holds."""
    # Imported here: the browser reads the build's own checked data and never needs the checks.
    from .consistency import consistency_problems

    reading = read(Matrix, data)
    matrix = reading.value
    if matrix is not None:
        object.__setattr__(matrix, "source", data)
    errors = list(reading.problems)
    if matrix is None:
        return Checked(None, errors)
    found = consistency_problems(matrix, reading, tolerant=bool(errors))
    flagged = [problem.path for problem in errors]
    errors += [problem for problem in found if not any(_overlaps(problem.path, path) for path in flagged)]
    return Checked(None if reading.problems else matrix, errors)


def _overlaps(a: str, b: str) -> bool:
    """Whether one data path is the other or lies inside it."""
    return a == b or a.startswith((b + ".", b + "[")) or b.startswith((a + ".", a + "["))


def build_matrix(data) -> Matrix:
    """The matrix in `data`; raises MatrixError listing every error."""
    checked = check(data)
    if checked.errors:
        raise MatrixError(checked.errors)
    return checked.matrix


def build_validated(data) -> Matrix:
    """The matrix in `data` that `check` has already accepted, read without checking it again.

    For data the build itself wrote after checking it (the wizard's matrix.json): the browser skips
    the checks, which cost it as much as reading. The parity tests hold its answers equal to
    CPython's `build_matrix`. Data from anywhere else: `build_matrix`.
    """
    matrix = read(Matrix, data, checked=False).value
    object.__setattr__(matrix, "source", data)
    return matrix
