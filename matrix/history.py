"""The git edge: the matrix file's versions in its repository's history, read with `git` as a subprocess.

The history is the matrix file's own: the repository that holds the file, at the file's path there,
so `escalate diff` and the change page read the same history for the same file. The core never runs
git; this module hands it text. Every call is bounded: a timeout per git run, and no blob larger than
a matrix file may be (`source.MAX_FILE_BYTES`) is read.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .source import MAX_FILE_BYTES

GIT_TIMEOUT = 30
"""Seconds one git run may take: reading a few dozen versions of a 60 KB file takes well under one."""
RECORD, FIELD = "\x1e", "\x1f"
"""Separators of `git log --format` output: bytes no commit message or name contains."""


class HistoryUnavailable(Exception):
    """No git history for the file: git missing, no repository, or the file never committed."""


class UnknownRevision(Exception):
    """A revision the repository does not have, or one at which the file does not exist; `str` says which."""


@dataclass(frozen=True)
class Commit:
    """One commit that changed the matrix file."""

    hash: str
    parents: tuple[str, ...]
    """Its parents' hashes (the first is the line of history it was made on); none for a first commit or
    the oldest commit of a shallow clone."""
    date: datetime
    """When it was committed (the committer date), with its offset."""
    subject: str
    body: str


@dataclass(frozen=True)
class Repository:
    """The repository holding a matrix file: where to run git, and the file's path from the repository's top."""

    folder: Path
    """The repository's top folder, where git runs."""
    path: str
    """The file's path from there, as `REV:path` and `git log -- path` take it."""
    shallow: bool
    """A shallow clone: its oldest commits' parents are missing, not absent."""
    head: str
    """The commit checked out: a new one means the history may have grown."""

    @classmethod
    def of(cls, file: str | Path) -> Repository:
        """The repository of `file`; HistoryUnavailable when git or a repository is missing."""
        file = Path(file).resolve()
        folder = file.parent
        if not folder.is_dir():
            raise HistoryUnavailable(f"{folder} is not a folder")
        out = _git(folder, "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository", "HEAD")
        top, prefix, shallow, head = (out.decode("utf-8", "replace").split("\n") + ["", "", "", ""])[:4]
        return cls(Path(top), prefix + file.name, shallow.strip() == "true", head.strip())

    def read(self, revision: str) -> bytes:
        """The file's bytes at `revision`; UnknownRevision names what is missing."""
        if revision.startswith("-") or "\n" in revision or not revision.strip():
            raise UnknownRevision(f"{revision!r} is not a revision of the repository")  # never a git option
        spec = f"{revision}:{self.path}"
        size = self._size(spec, revision)
        if size > MAX_FILE_BYTES:
            raise UnknownRevision(f"{revision}: {self.path} there is larger than a matrix file may be")
        return _git(self.folder, "cat-file", "blob", spec)

    def _size(self, spec: str, revision: str) -> int:
        result = _run(self.folder, "cat-file", "-s", spec)
        if result.returncode != 0:
            exists = _run(self.folder, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").returncode == 0
            raise UnknownRevision(f"{self.path} does not exist at revision {revision!r}" if exists
                                  else f"{revision!r} is not a revision of the repository")
        return int(result.stdout)

    def commits(self, limit: int) -> list[Commit]:
        """The newest `limit` commits that changed the file, newest first, along the first-parent line:
        each change counted once, where it reached this line of history (a merge brings a branch's in)."""
        out = _git(self.folder, "log", "--first-parent", f"--max-count={limit}",
                   f"--format=%H{FIELD}%P{FIELD}%cI{FIELD}%B{RECORD}", "--", self.path)
        commits = []
        for record in out.decode("utf-8", "replace").split(RECORD):
            fields = record.strip("\n").split(FIELD)
            if len(fields) != 4:
                continue
            hash_, parents, date, message = fields
            subject, _, body = message.strip().partition("\n")
            commits.append(Commit(hash_, tuple(parents.split()), datetime.fromisoformat(date), subject.strip(),
                                  body.strip()))
        return commits

    def blobs(self, specs: list[str]) -> dict[str, str | None]:
        """The blob id of each `REV:path` (None where it does not exist), in one git run."""
        if not specs:
            return {}
        out = _git(self.folder, "cat-file", "--batch-check", input_="".join(s + "\n" for s in specs).encode())
        found = {}
        for spec, line in zip(specs, out.decode("utf-8", "replace").splitlines()):
            parts = line.split()
            found[spec] = parts[0] if len(parts) == 3 and parts[1] == "blob" and int(parts[2]) <= MAX_FILE_BYTES \
                else None
        return found

    def texts(self, blobs: list[str]) -> dict[str, str]:
        """The text of each blob, in one git run."""
        if not blobs:
            return {}
        out = _git(self.folder, "cat-file", "--batch", input_="".join(b + "\n" for b in blobs).encode())
        texts, at = {}, 0
        for blob in blobs:
            header_end = out.index(b"\n", at)
            size = int(out[at:header_end].split()[2])
            texts[blob] = out[header_end + 1:header_end + 1 + size].decode("utf-8", "replace")
            at = header_end + 1 + size + 1
        return texts


def _run(folder: Path, *args: str, input_: bytes | None = None) -> subprocess.CompletedProcess:
    # No pager, no prompts, no user configuration that could change the output's format.
    env = {**os.environ, "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(["git", "-c", "core.quotepath=off", "-c", "log.showSignature=false", *args],
                              cwd=folder, input=input_, capture_output=True, timeout=GIT_TIMEOUT, env=env)
    except FileNotFoundError:
        raise HistoryUnavailable("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise HistoryUnavailable(f"git {args[0]} took longer than {GIT_TIMEOUT} s") from None


def _git(folder: Path, *args: str, input_: bytes | None = None) -> bytes:
    result = _run(folder, *args, input_=input_)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise HistoryUnavailable(message[-1] if message else f"git {args[0]} failed")
    return result.stdout
