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
            "from matrix.core.answers.cards import route_answer\n"
            "print(route_answer(matrix.route(m, 'fraud-suspicion'))['sla_minutes'])")
    from matrix.source import export_json, load_matrix

    result = subprocess.run([sys.executable, "-c", code], input=export_json(load_matrix()), capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "120"


def _project_imports() -> dict[str, set[str]]:
    """Module → the project modules it imports, at module level or inside functions (read from the source)."""
    root = PACKAGE.parent.parent
    modules = {}
    for path in sorted((root / "matrix").rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        modules[name] = (path, name if is_package else ".".join(parts[:-1]))
    graph = {}
    for name, (path, package) in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[:len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                candidates = [target, *(f"{target}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                candidates = [alias.name for alias in node.names]
            else:
                continue
            found |= {c for c in candidates if c in modules and c != name}
        graph[name] = found
    return graph


def test_imports_run_one_way_with_no_cycle_even_inside_functions():
    graph = _project_imports()
    assert len(graph) > 30 and "matrix.core.answers.cards" in graph
    done: set[str] = set()

    def visit(module: str, trail: list[str]) -> None:
        for imported in graph[module]:
            assert imported not in trail, "import cycle: " + " → ".join(trail[trail.index(imported):] + [imported])
            if imported not in done:
                visit(imported, trail + [imported])
        done.add(module)

    for module in graph:
        visit(module, [module])


def test_the_rules_and_the_clock_never_import_the_answer_layer_or_an_edge():
    graph = _project_imports()
    below = [m for m in graph if m.startswith(("matrix.core.rules", "matrix.core.clock", "matrix.core.model",
                                               "matrix.core.shape", "matrix.core.load"))]
    assert below
    for module in below:
        upward = {m for m in graph[module] if m.startswith(("matrix.core.answers", "matrix.core.audit"))
                  or not m.startswith("matrix.core")}
        assert upward == set(), (module, upward)
