"""`escalate diff OLD [NEW]`: what changed in meaning between two versions of the matrix.

Each argument is a file (any path that exists) or else a git revision, read from the history of the
matrix file the other commands answer from (`--matrix`): `git show REV:<its path>` in its repository.
Without NEW, OLD is compared with that file as it is now (the working copy). Exit 0 when the two
mean the same, 1 when they differ, 2 on bad input: a broken version is reported like `escalate
check` does (FILE:LINE:COL, with the revision named in place of a file).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .core import wording
from .core.answers.links import Links
from .core.changes import Change, compare, explained_ours
from .core.model import Matrix
from .history import HistoryUnavailable, Repository, UnknownRevision
from .literal import literal_markdown
from .source import MatrixFileError, decode_utf8, parse_matrix_text, read_matrix_file
from .terminal import print_ours


class BadVersion(Exception):
    """An argument that names no readable matrix; `str` says why, or `located` lists a broken file's errors."""

    def __init__(self, message: str = "", located: list | None = None):
        super().__init__(message)
        self.located = located or []


def add_parser(sub) -> None:
    diff = sub.add_parser("diff", help="what changed in meaning between two versions (files or git revisions)",
                          description=__doc__.split("\n\n")[1])
    diff.add_argument("old", help="a matrix file, or a git revision of the matrix file (HEAD~3, main)")
    diff.add_argument("new", nargs="?", help="a file or revision (default: the matrix file as it is now)")
    output = diff.add_mutually_exclusive_group()
    output.add_argument("--markdown", action="store_true", help="a pull request's comment: a heading and a list")
    output.add_argument("--json", action="store_true",
                        help='{"changes": [{"kind", "subject", "path", "before", "after", "summary"}]}')


def run(args) -> int:
    working_copy = Path(args.matrix)
    try:
        old_name, old = _version(args.old, working_copy)
        new_name, new = _version(args.new, working_copy) if args.new is not None else \
            (wording.WORKING_COPY, _file(working_copy))
    except BadVersion as problem:
        for item in problem.located:
            print(item, file=sys.stderr)
        if str(problem):
            print(f"escalate diff: {problem}", file=sys.stderr)
        return 2
    changes = compare(old, new)
    if args.json:
        print(json.dumps({"changes": [change.to_dict() for change in changes]}, ensure_ascii=False, indent=2))
    elif args.markdown:
        print(_markdown(changes, old_name, new_name))
    else:
        print("\n".join(change.summary for change in changes) if changes else wording.NO_CHANGES)
        print_ours(explained_ours(changes, new), Links())
    return 1 if changes else 0


def _version(given: str, working_copy: Path) -> tuple[str, Matrix]:
    """(how to name it, its matrix): a file where the path exists, else a revision of the working copy's history."""
    if Path(given).exists():
        return given, _file(Path(given))
    try:
        raw = Repository.of(working_copy).read(given)
    except (HistoryUnavailable, UnknownRevision) as problem:
        raise BadVersion(wording.neither_file_nor_revision(given, str(problem))) from None
    try:
        return given, parse_matrix_text(decode_utf8(raw, given), given).matrix()
    except MatrixFileError as error:
        raise BadVersion(located=error.located) from None


def _file(path: Path) -> Matrix:
    try:
        return read_matrix_file(path).matrix()
    except MatrixFileError as error:
        raise BadVersion(located=error.located) from None


def _markdown(changes: list[Change], old: str, new: str) -> str:
    """A heading, which versions were compared, and one item per change, every word literal."""
    lines = [f"### {literal_markdown(wording.changes_heading(len(changes)))}", "",
             literal_markdown(wording.compared(old, new)), ""]
    lines += [f"- {literal_markdown(change.summary)}" for change in changes] or [literal_markdown(wording.NO_CHANGES)]
    return "\n".join(lines)
