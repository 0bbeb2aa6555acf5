"""One build reads and checks the matrix once and shares it between the hooks."""

from __future__ import annotations

import shutil

from mkdocs.commands.build import build
from mkdocs.config import load_config

from matrix.site import loaded
from matrix.source import DEFAULT_PATH

from conftest import ROOT


def test_a_whole_build_reads_and_checks_the_matrix_once(monkeypatch, tmp_path):
    reads, checks = [], []
    read, check = loaded.read_matrix_file, loaded.check
    monkeypatch.setattr(loaded, "read_matrix_file", lambda path: reads.append(path) or read(path))
    monkeypatch.setattr(loaded, "check", lambda data: checks.append(1) or check(data))
    monkeypatch.setattr(loaded, "_last", None)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(ROOT)
    build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    assert (tmp_path / "site" / "routing" / "index.html").is_file()
    assert (tmp_path / "site" / "assets" / "wizard" / "data" / "matrix.json.gz").is_file()  # the wizard's hook ran
    assert len(reads) == 1 and len(checks) == 1


def test_the_same_file_is_read_once_and_an_edited_one_again(monkeypatch, tmp_path):
    monkeypatch.setattr(loaded, "_last", None)
    copy = tmp_path / "matrix.yaml"
    shutil.copyfile(DEFAULT_PATH, copy)
    first = loaded.load(copy)
    assert loaded.load(copy) is first
    copy.write_text(copy.read_text(encoding="utf-8").replace("name: Skillancer", "name: Skillancer Ltd", 1),
                    encoding="utf-8")
    again = loaded.load(copy)
    assert again is not first and again.matrix.organisation.name == "Skillancer Ltd"
