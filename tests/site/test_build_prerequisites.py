"""A build without what the wizard needs from outside Python stops at once, says so in one line, writes nothing.

Real `mkdocs build` processes on a copy of the project's configuration, with npm's packages or Node
taken away: the error names what is missing and how to install it, MkDocs prints no traceback, and the
site folder is as it was before (or never created).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import yaml

from conftest import ROOT, mkdocs_build, portable_config


def write_config(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(portable_config(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def without_node(tmp_path: Path) -> dict:
    """An environment whose PATH finds no `node` (the build runs Python by its full path)."""
    empty = tmp_path / "bin"
    empty.mkdir()
    return {"PATH": str(empty)}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def printed(result) -> tuple[list[str], list[str]]:
    """What the build printed on stderr (MkDocs' log) and on stdout, line by line, blank lines left out."""
    return tuple([line for line in text.splitlines() if line.strip()] for text in (result.stderr, result.stdout))


def test_no_pyodide_and_no_node_stop_the_build_with_one_line_and_leave_the_previous_site(tmp_path):
    project = tmp_path / "project"
    config = write_config(project)
    shutil.copyfile(ROOT / "package.json", project / "package.json")  # its node_modules: beside it, empty
    (project / "node_modules").mkdir()
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("the site built before", encoding="utf-8")
    (site / "assets" / "app.js").write_text("// kept", encoding="utf-8")
    before = snapshot(site)

    result = mkdocs_build(site, config, env=without_node(tmp_path))

    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert printed(result) == (
        [f"ERROR   -  Pyodide is not installed at {project / 'node_modules' / 'pyodide'}: install Node.js 20 with "
         "npm (node is not on PATH), then run scripts/setup (npm ci)"],
        ["Aborted with a BuildError!"])
    assert snapshot(site) == before


def test_no_node_to_compile_the_standard_library_stops_the_build_before_the_site_exists(tmp_path):
    """Node compiles Pyodide's standard library once, into a cache in the temporary folder: here an empty one."""
    config = write_config(tmp_path / "elsewhere")  # no package.json beside it: the project's node_modules
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    site = tmp_path / "site"

    result = mkdocs_build(site, config, env={**without_node(tmp_path), "TMPDIR": str(temporary)})

    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert printed(result) == (
        ["ERROR   -  Compiling Pyodide's standard library for the wizard needs Node.js, and node is not on PATH: "
         "install Node.js 20 with npm, then run scripts/setup (npm ci)"],
        ["Aborted with a BuildError!"])
    assert not site.exists()
    assert not (temporary / "escalation-matrix-stdlib").exists()  # nothing half-compiled left in the cache


def test_the_checks_pass_where_everything_is_installed(tmp_path):
    """The same check in the project as it is set up: Pyodide found, the standard library compiled."""
    from matrix.site.wizard_build import PYODIDE_FILES, prerequisites

    ready = prerequisites(ROOT)
    assert all((ready.pyodide / name).is_file() for name in PYODIDE_FILES)
    assert ready.stdlib.is_file() and ready.stdlib.name == "python_stdlib_compiled.zip"
    assert os.path.getsize(ready.stdlib) > 1024
