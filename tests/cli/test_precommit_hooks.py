"""The pre-commit hooks (.pre-commit-hooks.yaml), run by pre-commit itself on a scratch repository.

pre-commit installs a `language: python` hook by pip-installing the hook's repository into an
environment of its own, so the repository under test is a snapshot of this checkout (its working
tree, committed into a scratch repository), installed once for both hooks and both runs. The
snapshot's files are what `pip install .` reads; the install fetches PyYAML, tzdata and the build
backend from the package index (pip's own cache makes later runs quicker).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, git

PRE_COMMIT = str(Path(sys.executable).with_name("pre-commit"))
SNAPSHOT = ["pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "matrix"]
"""What `pip install .` of this project reads."""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, str]:
    """This checkout's working tree as a repository pre-commit can install from, and its commit."""
    snapshot = tmp_path_factory.mktemp("hooks-repo")
    for name in SNAPSHOT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, snapshot / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copyfile(source, snapshot / name)
    git(snapshot, "init", "-q")
    git(snapshot, "add", ".")
    git(snapshot, "commit", "-q", "-m", "snapshot")
    return snapshot, git(snapshot, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def team_repo(tmp_path_factory, project) -> Path:
    """A team's repository using both hooks, with the real matrix committed."""
    snapshot, rev = project
    repo = tmp_path_factory.mktemp("team-repo")
    git(repo, "init", "-q")
    (repo / "matrix").mkdir()
    shutil.copyfile(ROOT / "matrix" / "escalation-matrix.yaml", repo / "matrix" / "escalation-matrix.yaml")
    config = {"repos": [{"repo": snapshot.as_uri(), "rev": rev,
                         "hooks": [{"id": "escalation-matrix-check"}, {"id": "escalation-matrix-lint"}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "The matrix and its hooks")
    return repo


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """pre-commit's own folder (its environments), shared by this module's runs and by nothing else."""
    return tmp_path_factory.mktemp("pre-commit-home")


def pre_commit(repo: Path, home: Path, *files: str) -> subprocess.CompletedProcess:
    return subprocess.run([PRE_COMMIT, "run", "--color", "never", "--files", *files], cwd=repo, capture_output=True,
                          text=True, timeout=240, env={**os.environ, "PRE_COMMIT_HOME": str(home)})


def test_the_hooks_pass_a_good_matrix_and_block_a_broken_one_with_a_located_message(team_repo, home):
    matrix = team_repo / "matrix" / "escalation-matrix.yaml"
    started = time.monotonic()
    good = pre_commit(team_repo, home, "matrix/escalation-matrix.yaml")
    installed = time.monotonic() - started
    print(f"pre-commit: environment installed and both hooks run in {installed:.1f} s")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "escalation matrix check" in good.stdout and "Passed" in good.stdout
    # The lint warns (verbose: its findings show) and passes.
    assert "Policy check of matrix/escalation-matrix.yaml:" in good.stdout
    assert "Contacts" in good.stdout

    text = matrix.read_text(encoding="utf-8")
    broken = text.replace("        owner: legal\n        path: [general-counsel, ceo]",
                          "        owner: nobody-at-all\n        path: [general-counsel, ceo]", 1)
    assert broken != text
    matrix.write_text(broken, encoding="utf-8")
    line = broken.splitlines().index("        owner: nobody-at-all") + 1
    started = time.monotonic()
    bad = pre_commit(team_repo, home, "matrix/escalation-matrix.yaml")
    assert time.monotonic() - started < installed  # the environment was installed once
    assert bad.returncode == 1, bad.stdout + bad.stderr
    check, lint = bad.stdout.split("escalation matrix policy check")
    assert "Failed" in check
    assert f"matrix/escalation-matrix.yaml:{line}:9: categories[3].issue_types[3].owner:" in check
    assert "nobody-at-all" in check
    assert "Passed" in lint  # the lint only ever warns


def test_a_file_of_another_name_is_left_alone_by_default(team_repo, home):
    other = team_repo / "notes.yaml"
    other.write_text("not: a matrix\n", encoding="utf-8")
    result = pre_commit(team_repo, home, "notes.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(no files to check)Skipped" in result.stdout.replace(".", "")
