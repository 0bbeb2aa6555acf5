"""Pyodide's standard library with bytecode for what the wizard's worker imports (build time, I/O).

Pyodide's `python_stdlib.zip` holds source only, so each start of Python in the browser compiles
every module it imports: measured, that is most of Pyodide's start-up. The site ships a second zip
beside it in which those modules are bytecode, compiled by the same Pyodide under Node (only it has
the matching interpreter), and the worker starts Python from that. Every other module stays source,
so nothing is lost and the download grows only by what is compiled. Cached by its inputs, so
`mkdocs serve` rebuilds and repeated builds pay for it once.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .prerequisites import PrerequisiteError, require_node

COMPILER = Path(__file__).with_name("stdlib_bytecode.mjs")
COMPILED_NAME = "python_stdlib_compiled.zip"
COMPILE_SECONDS = 300
"""Node compiles it in about ten seconds here; a compile that runs far longer is stuck."""
BROWSER_ENTRY = "matrix.core.answers.browser"
"""The module the worker imports (assets/wizard/worker.js); what it reaches is what the browser runs."""


def browser_imports(root: Path) -> list[str]:
    """Standard-library modules imported by `BROWSER_ENTRY` and every project module it reaches.

    Read from the source under `root` (the folder holding `matrix/`), so imports made inside
    functions (difflib, zoneinfo) count too; importing a module imports its packages as well.
    """
    return _reached(root)[1]


def browser_modules(root: Path) -> list[Path]:
    """The project's source files the browser runs: `BROWSER_ENTRY`, every module it reaches (imports inside
    functions too) and their packages. What the core's wheel ships; the core's modules nothing in the
    browser reaches (the comparison of two versions, the policy check's report) stay at the edges' side."""
    return _reached(root)[0]


def _reached(root: Path) -> tuple[list[Path], list[str]]:
    stdlib, seen, todo = set(), {}, [BROWSER_ENTRY]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        source = _source_of(root, name)
        if source is None:
            continue
        seen[name] = source
        todo += [".".join(name.split(".")[:depth]) for depth in range(1, name.count(".") + 1)]
        package = name if source.name == "__init__.py" else name.rsplit(".", 1)[0]
        for level, module, names in _imports(source):
            if level:
                base = ".".join(package.split(".")[:len(package.split(".")) - level + 1])
                todo += [f"{base}.{module}"] if module else [f"{base}.{n}" for n in names]
            elif module:
                stdlib.add(module)
            else:
                stdlib.update(names)
    return (sorted(seen.values()),
            sorted(name for name in stdlib if name.split(".")[0] in sys.stdlib_module_names))


_parsed: dict[tuple, list[tuple[int, str | None, list[str]]]] = {}


def _imports(source: Path) -> list[tuple[int, str | None, list[str]]]:
    """The imports in one file as (level, module, names); `import a, b` is (0, None, [a, b]). Parsed once
    per version of the file: a build asks twice (the wheel, the standard library), `mkdocs serve` at every
    rebuild."""
    stat = source.stat()
    key = (source.resolve(), stat.st_mtime_ns, stat.st_size)
    if key not in _parsed:
        found = []
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                found.append((node.level, node.module, [alias.name for alias in node.names]))
            elif isinstance(node, ast.Import):
                found.append((0, None, [alias.name for alias in node.names]))
        _parsed[key] = found
    return _parsed[key]


def _source_of(root: Path, module: str) -> Path | None:
    path = Path(root, *module.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def compiled_stdlib(pyodide_dir: Path, root: Path) -> Path:
    """The compiled standard library for the Pyodide in `pyodide_dir`, from the cache, compiled first if
    it is not there (PrerequisiteError without Node): the build asks before it writes the site."""
    modules = browser_imports(root)
    source = Path(pyodide_dir) / "python_stdlib.zip"
    digest = hashlib.sha256(source.read_bytes() + COMPILER.read_bytes() + json.dumps(modules).encode())
    cached = Path(tempfile.gettempdir()) / "escalation-matrix-stdlib" / digest.hexdigest()[:16] / COMPILED_NAME
    if not cached.is_file():
        _compile(pyodide_dir, cached, modules)
    return cached


def _compile(pyodide_dir: Path, target: Path, modules: list[str]) -> None:
    node = require_node("Compiling Pyodide's standard library for the wizard")
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.{os.getpid()}")
    try:
        result = subprocess.run([node, str(COMPILER), str(Path(pyodide_dir).resolve()), str(staged),
                                 json.dumps(modules)], capture_output=True, text=True, timeout=COMPILE_SECONDS)
    except subprocess.TimeoutExpired:
        staged.unlink(missing_ok=True)
        raise PrerequisiteError(f"Compiling Pyodide's standard library with {node} took more than "
                                f"{COMPILE_SECONDS} s and was stopped") from None
    if result.returncode != 0 or not staged.is_file():
        staged.unlink(missing_ok=True)
        said = [line for line in result.stderr.splitlines() if line.strip()]
        raise PrerequisiteError(f"Compiling Pyodide's standard library with {node} failed"
                                + (f": {said[-1].strip()}" if said else f" (exit status {result.returncode})"))
    os.replace(staged, target)  # concurrent builds: each writes its own file, the last one wins whole
