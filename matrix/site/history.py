"""The matrix's history for the site: each commit that changed the matrix file, with what it changed in meaning.

Read once per build (`history_for`) and shared by the change page, its Atom feed, the home page's last
change and the wizard's recent route changes. Each commit is compared with its first parent's version
(`matrix.core.changes.compare`); the result is kept on disk by the two versions' blob ids and the
core's source, so a later build (or `mkdocs serve`) only compares the commits it has not seen.
At most `MAX_COMMITS` commits are read. Built from a copy without history (a shallow clone of one
commit, an archive, no git), `History.available` is false and the pages say so.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..core import wording
from ..core.changes import Change, compare
from ..core.load import check
from ..history import Commit, HistoryUnavailable, Repository
from ..source import MatrixFileError, parse_matrix_text

MAX_COMMITS = 50
"""The newest commits the change page lists: enough for months of edits, and a bounded build."""


@dataclass(frozen=True)
class Entry:
    """One commit that changed the matrix file, and what it changed."""

    commit: Commit
    changes: tuple[Change, ...] = ()
    note: str | None = None
    """Why there is nothing to list: the first version, its parent not in this clone, a version today's
    model cannot read, or no change in meaning."""

    @property
    def anchor(self) -> str:
        return f"change-{self.commit.hash[:12]}"


@dataclass(frozen=True)
class History:
    """The entries, newest first, and whether any commit could be compared at all."""

    entries: tuple[Entry, ...] = ()
    reason: str | None = None
    """Why there is no history (git's own words), when there is none."""
    built_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    @property
    def available(self) -> bool:
        """Whether any commit is there with the version before it (or is the file's first): the one commit of a
        shallow clone says nothing about what changed."""
        return any(entry.note != wording.EARLIER_UNAVAILABLE for entry in self.entries)

    def latest(self) -> Entry | None:
        """The newest commit that changed the matrix in meaning, else the newest commit."""
        return next((entry for entry in self.entries if entry.changes), self.entries[0] if self.entries else None)


def read_history(path: str | Path, limit: int = MAX_COMMITS, cache: Path | None = None,
                 repository: Repository | None = None) -> History:
    """The history of the matrix file at `path` (see the module's docstring); `repository`, when the caller
    has already found it."""
    try:
        repository = repository or Repository.of(path)
        commits = repository.commits(limit)
    except HistoryUnavailable as problem:
        return History(reason=str(problem))
    specs = [f"{commit.hash}:{repository.path}" for commit in commits]
    specs += [f"{commit.parents[0]}:{repository.path}" for commit in commits if commit.parents]
    try:
        blobs = repository.blobs(specs)
        cached = _Cache(cache or _cache_folder())
        pairs = {commit.hash: _pair(commit, repository.path, blobs) for commit in commits}
        known = {hash_: cached.get(*pair) for hash_, pair in pairs.items() if pair is not None}
        pending = [pairs[hash_] for hash_, found in known.items() if found is None]
        texts = repository.texts(sorted({blob for pair in pending for blob in pair if blob}))
    except HistoryUnavailable as problem:
        return History(reason=str(problem))
    matrices: dict[str, object] = {}
    entries = []
    for commit in commits:
        pair = pairs[commit.hash]
        if pair is None:
            note = wording.EARLIER_UNAVAILABLE if repository.shallow else wording.FIRST_VERSION
            entries.append(Entry(commit, note=note))
            continue
        found = known[commit.hash]
        if found is None:
            found = _compared(pair, texts, matrices)
            cached.put(*pair, found)
        entries.append(Entry(commit, tuple(Change(**{**item, "added": tuple(item["added"]),
                                                     "removed": tuple(item["removed"])})
                                           for item in found["changes"]),
                             found["note"] or (None if found["changes"] else wording.NO_MEANING_CHANGED)))
    return History(tuple(entries))


def _pair(commit: Commit, path: str, blobs: dict) -> tuple[str, str] | None:
    """The blob ids of the file before and after the commit; None when there is no before to compare."""
    if not commit.parents:
        return None
    before, after = blobs.get(f"{commit.parents[0]}:{path}"), blobs.get(f"{commit.hash}:{path}")
    if before is None or after is None:
        return None
    return before, after


def _compared(pair: tuple[str, str], texts: dict[str, str], matrices: dict) -> dict:
    """The changes between two blobs, as cached: `{"changes": [...], "note": str | None}`."""
    versions = []
    for which, blob in zip(("before this commit", "at this commit"), pair):
        if blob not in matrices:
            matrices[blob] = _readable(texts[blob], blob)
        matrix, errors = matrices[blob]
        if matrix is None:
            return {"changes": [], "note": wording.not_comparable(which, errors)}
        versions.append(matrix)
    try:
        changes = compare(*versions)
    except (KeyError, AttributeError, TypeError, ValueError):
        # A version with broken references (readable in shape, not in meaning): nothing sound to compare.
        return {"changes": [], "note": wording.not_comparable("before or at this commit", 1)}
    return {"changes": [asdict(change) for change in changes], "note": None}


def _readable(text: str, name: str):
    """(the matrix, its error count): the model whenever its shape reads, so a version an added rule now
    refuses (an older drill, say) is still compared; None where even the shape does not read."""
    try:
        data = parse_matrix_text(text, name).data
    except MatrixFileError as error:
        return None, len(error.located)
    checked = check(data)
    return checked.matrix, len(checked.errors)


# --- the cache ------------------------------------------------------------------------------------

def _cache_folder() -> Path:
    """Beside Jinja's compiled templates: the per-user temporary folder, which nothing needs to clean."""
    return Path(tempfile.gettempdir()) / f"escalation-matrix-changes-{os.getuid() if hasattr(os, 'getuid') else 0}"


def _core_version() -> str:
    """A digest of the core's source: a comparison cached by an older core is never reused."""
    digest = hashlib.sha256()
    core = Path(__file__).resolve().parents[1] / "core"
    for source in sorted(core.rglob("*.py")):
        digest.update(source.relative_to(core).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


class _Cache:
    """Comparisons by (blob before, blob after), one small JSON file each; a file that cannot be read or
    written is a cache miss, never an error."""

    def __init__(self, folder: Path):
        self.folder = folder / _core_version()

    def _file(self, before: str, after: str) -> Path:
        return self.folder / f"{before}-{after}.json"

    def get(self, before: str, after: str) -> dict | None:
        try:
            return json.loads(self._file(before, after).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, before: str, after: str, found: dict) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            target = self._file(before, after)
            temporary = target.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
            temporary.replace(target)
        except OSError:
            pass


_last: tuple[tuple, History] | None = None


def history_for(path: str | Path) -> History:
    """`read_history`, once per build: the hooks of one build (and `mkdocs serve` until another commit is
    checked out) share it. Only commits count: an edit not yet committed is in no history."""
    global _last
    path = Path(path).resolve()
    try:
        repository = Repository.of(path)
        key = (str(path), repository.head)
    except HistoryUnavailable:
        repository, key = None, None
    if key is not None and _last is not None and _last[0] == key:
        return _last[1]
    found = read_history(path, repository=repository) if repository else read_history(path)
    if key is not None:
        _last = (key, found)
    return found
