"""Problems found in a matrix: each names the data path it comes from, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    path: str
    """Data path of the offending value, e.g. `categories[0].issue_types[3].owner`."""
    message: str
    level: str = ERROR
    kind: str = "schema"
    """What sort of finding: schema, reference, duplicate, path, amounts, contact, contradiction…"""
    ours: str | None = None
    """Id of the published interpretation of ours the finding rests on, where it rests on one: a
    finding must never present our choice as the company's policy."""

    def __str__(self) -> str:
        where = self.path or "(document)"
        prefix = "warning: " if self.level == WARNING else ""
        return f"{where}: {prefix}{self.message}"


class MatrixError(Exception):
    """Raised when a matrix has errors; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class LookupProblem(LookupError):
    """Input that names nothing in the matrix; `suggestions` are the closest names."""

    def __init__(self, what: str, given: str, suggestions: list[str]):
        self.what = what
        self.given = given
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"Unknown {what}: {given!r}.{hint}")


def join_path(base: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{base}[{key}]"
    return f"{base}.{key}" if base else key


class AmbiguousLookup(LookupProblem):
    """Input that fits several records: `suggestions` are the candidates, best first, to choose from."""

    def __init__(self, what: str, given: str, candidates: list[str]):
        LookupError.__init__(self, f"Not sure which {what} {given!r} means; it could be: {', '.join(candidates)}.")
        self.what = what
        self.given = given
        self.suggestions = candidates
