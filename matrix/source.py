"""The file edge: read a matrix from YAML or JSON, and say where in the file each problem is.

This module does I/O and needs PyYAML; the core never imports it, so Pyodide does not need it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .core.audit.lint import lint, validate
from .core.load import check
from .core.model import Matrix
from .core.problems import Problem
from .core.wording import RESTS_ON_OURS

DEFAULT_PATH = Path(__file__).with_name("escalation-matrix.yaml")


class _StrictLoader(yaml.SafeLoader):
    """YAML 1.2 scalars: only true/false are booleans, `18:00` stays text, dates stay text."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp",
                           "tag:yaml.org,2002:float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
_StrictLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"),
                                    list("-+0123456789"))
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."))


@dataclass(frozen=True)
class Located:
    """A problem with the file position it comes from."""

    file: str
    line: int
    column: int
    problem: Problem

    def __str__(self) -> str:
        ours = f" ({RESTS_ON_OURS}: {self.problem.ours})" if self.problem.ours else ""
        return f"{self.file}:{self.line}:{self.column}: {self.problem}{ours}"


class MatrixFileError(Exception):
    """A matrix file that cannot be used; `located` lists every error with its position."""

    def __init__(self, located: list[Located]):
        self.located = located
        super().__init__("\n".join(str(item) for item in located))


@dataclass
class MatrixFile:
    """A matrix file as read: its data and the position of every data path in it."""

    name: str
    data: object
    positions: dict[str, tuple[int, int]]

    def locate(self, problem: Problem) -> Located:
        """The position of the problem's path, or of its nearest ancestor that the file has."""
        path = problem.path
        while path:
            if path in self.positions:
                line, column = self.positions[path]
                return Located(self.name, line, column, problem)
            path = _parent(path)
        line, column = self.positions.get("", (1, 1))
        return Located(self.name, line, column, problem)

    def problems(self) -> list[Located]:
        return [self.locate(problem) for problem in validate(self.data)]

    def lint(self) -> list[Located]:
        """The policy check's findings (`matrix.core.audit.lint`), each with its place in the file."""
        return [self.locate(problem) for problem in lint(self.data)]

    def matrix(self) -> Matrix:
        """The matrix, read and checked once; MatrixFileError with every located error."""
        checked = check(self.data)
        if checked.errors:
            raise MatrixFileError([self.locate(problem) for problem in checked.errors])
        return checked.matrix


_LAST_SEGMENT = re.compile(r"(\.[^.\[\]]+|\[\d+\])$")


def _parent(path: str) -> str:
    """`a.b[2].c` → `a.b[2]` → `a.b` → `a` → ``."""
    trimmed = _LAST_SEGMENT.sub("", path)
    return "" if trimmed == path else trimmed


def _walk(node, path: str, positions: dict, duplicates: list[tuple[Problem, int, int]]) -> None:
    positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key_node, value_node in node.value:
            key = key_node.value
            child = f"{path}.{key}" if path else str(key)
            if key in seen:
                duplicates.append((Problem(child, f"Duplicate key {key!r} in one mapping; the first would be "
                                                  "silently lost", kind="duplicate"),
                                   key_node.start_mark.line + 1, key_node.start_mark.column + 1))
            seen.add(key)
            positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            _walk(value_node, child, positions, duplicates)
            positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, f"{path}[{index}]", positions, duplicates)


# libyaml, when PyYAML has it, parses several times faster with the same scalar rules and the same
# line/column marks. Only a clean parse is taken from it: a file with any error is parsed again by
# the pure-Python loader, so every error message stays exactly as that loader words it.
_FastLoader = None
if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(yaml.CSafeLoader):
        yaml_implicit_resolvers = _StrictLoader.yaml_implicit_resolvers


def _compose(loader_class, text: str):
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _compose_fast(text: str):
    """(node, data) from libyaml, or None when it is missing or finds anything wrong."""
    if _FastLoader is None:
        return None
    try:
        return _compose(_FastLoader, text)
    except (yaml.YAMLError, ValueError):
        return None


def parse_matrix_text(text: str, name: str) -> MatrixFile:
    """Parse YAML (JSON is YAML too) keeping positions; MatrixFileError for syntax and duplicate keys."""
    try:
        node, data = _compose_fast(text) or _compose(_StrictLoader, text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = str(error.problem or error.context or "cannot parse")
        if error.context and error.context_mark and error.context_mark is not mark:
            opened = error.context_mark
            message += f" ({error.context} started at line {opened.line + 1}, column {opened.column + 1})"
        raise MatrixFileError([Located(name, line, column, Problem("", f"YAML syntax error: {message}"))]) from None
    except yaml.YAMLError as error:
        raise MatrixFileError([Located(name, 1, 1, Problem("", f"YAML error: {error}"))]) from None
    positions: dict[str, tuple[int, int]] = {}
    duplicates: list[tuple[Problem, int, int]] = []
    if node is not None:
        _walk(node, "", positions, duplicates)
    positions.setdefault("", (1, 1))
    matrix_file = MatrixFile(name, data, positions)
    if duplicates:
        raise MatrixFileError([Located(name, line, column, problem) for problem, line, column in duplicates])
    return matrix_file


def read_matrix_file(path: str | Path = DEFAULT_PATH) -> MatrixFile:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MatrixFileError([Located(str(path), 1, 1, Problem("", "No such file"))]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise MatrixFileError([Located(str(path), 1, 1, Problem("", f"Cannot read the file: {error}"))]) from None
    return parse_matrix_text(text, str(path))


def load_matrix(path: str | Path = DEFAULT_PATH) -> Matrix:
    """The validated matrix in a file; MatrixFileError with every located error otherwise."""
    return read_matrix_file(path).matrix()


def export_json(matrix: Matrix) -> str:
    """The validated matrix as JSON: what the browser loads."""
    return json.dumps(matrix.source, ensure_ascii=False, indent=1, sort_keys=False)
