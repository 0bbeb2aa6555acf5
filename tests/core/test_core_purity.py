"""The core runs unchanged in Pyodide: standard library only, no file or network I/O."""

import ast
import subprocess
import sys
from pathlib import Path

import matrix.core

PACKAGE = Path(matrix.core.__file__).parent
STDLIB = set(sys.stdlib_module_names)
NO_IO = {"open", "input", "print", "exec", "eval", "__import__"}


def core_modules():
    """Every module under matrix/core/: the folder is the boundary, with no list of exceptions."""
    yield from sorted(PACKAGE.rglob("*.py"))


def test_core_imports_only_the_standard_library():
    offenders = []
    for path in core_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            offenders += [(path.name, n) for n in names if n.split(".")[0] not in STDLIB]
    assert offenders == []
    assert len(list(core_modules())) >= 10


def test_core_calls_no_io_builtins():
    offenders = []
    for path in core_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in NO_IO:
                offenders.append((path.name, node.func.id, node.lineno))
            if isinstance(node, ast.Import) and any(a.name in {"os", "io", "socket", "urllib", "pathlib"}
                                                   for a in node.names):
                offenders.append((path.name, "import", node.lineno))
    assert offenders == []


def test_core_imports_and_answers_without_pyyaml():
    code = ("import sys, json; sys.modules['yaml'] = None\n"
            "import matrix.core as matrix\n"
            "data = json.loads(sys.stdin.read())\n"
            "m = matrix.build_matrix(data)\n"
            "print(matrix.route(m, 'fraud-suspicion').to_dict()['sla_minutes'])")
    from matrix.source import export_json, load_matrix

    result = subprocess.run([sys.executable, "-c", code], input=export_json(load_matrix()), capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "120"
