"""The matrix a site build works from: read, checked and audited once, then shared by every hook.

MkDocs loads each hook module on its own, so the runbook's pages and the wizard's assets would each
read and check the matrix. `load()` keeps the last matrix it read, keyed by the file's path, size
and modification time: the second hook of a build gets the same one, and `mkdocs serve` reads the
file again only when it has changed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..core.answers.links import Links
from ..core.audit.policy import policy_findings
from ..core.load import check
from ..core.model import Matrix
from ..source import DEFAULT_PATH, Located, MatrixFile, MatrixFileError, read_matrix_file

ENVIRONMENT_VARIABLE = "ESCALATION_MATRIX"
"""Set it to a file's path to build the site from another copy of the matrix."""


@dataclass(frozen=True)
class LoadedMatrix:
    """A checked matrix with its file (for line numbers) and its policy findings, each located."""

    file: MatrixFile
    matrix: Matrix
    findings: list[Located]

    @classmethod
    def from_file(cls, matrix_file: MatrixFile) -> LoadedMatrix:
        """One pass: MatrixFileError with every located error, else the matrix and its warnings."""
        checked = check(matrix_file.data)
        if checked.errors:
            raise MatrixFileError([matrix_file.locate(problem) for problem in checked.errors])
        return cls(matrix_file, checked.matrix, [matrix_file.locate(p) for p in policy_findings(checked.matrix)])


def site_links(config) -> Links:
    """How this build's generated files link into the runbook: in its URL style, and as full URLs when
    the site's address is configured (`site_url`), for files read away from the site (feeds, the API)."""
    return Links(config.use_directory_urls, site=config.site_url or None)


def matrix_path() -> Path:
    """The matrix file this build uses: $ESCALATION_MATRIX, or the project's own."""
    return Path(os.environ.get(ENVIRONMENT_VARIABLE) or DEFAULT_PATH).resolve()


_last: tuple[tuple, LoadedMatrix] | None = None


def load(path: str | Path) -> LoadedMatrix:
    """The matrix in `path`, read once per version of the file."""
    global _last
    path = Path(path).resolve()
    try:
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
    except OSError:
        key = None  # reading it reports why it cannot be read
    if key is not None and _last is not None and _last[0] == key:
        return _last[1]
    loaded = LoadedMatrix.from_file(read_matrix_file(path))
    if key is not None:
        _last = (key, loaded)
    return loaded
