"""MkDocs adapter for the runbook: reads the matrix, adds the generated pages in memory.

Pages are added with `File.generated` (never written into `docs/`, which would make `mkdocs serve`
rebuild forever). The rendering lives in `matrix.site`; this file only wires it to MkDocs events.
Set ESCALATION_MATRIX=/path/to/file.yaml to build the site from another copy of the matrix. The
matrix is read and checked once per build and shared with hooks/wizard.py (`matrix.site.loaded`).
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from matrix.site import PAGES, Runbook, UnknownSummaryNumber, duplicate_ids, fill_summary
from matrix.site.loaded import load, matrix_path
from matrix.source import MatrixFileError

TEMPLATES = Path(__file__).with_name("templates")

runbook: Runbook | None = None


def _display_name(path: Path, root: Path) -> str:
    """The YAML file as pages name it: relative to the project, or just its name if outside."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name


def on_config(config):
    global runbook
    path = matrix_path()
    root = Path(config.config_file_path).resolve().parent
    try:
        runbook = Runbook(load(path), TEMPLATES, _display_name(path, root), use_directory_urls=config.use_directory_urls)
    except MatrixFileError as error:
        raise PluginError(f"The escalation matrix has {len(error.located)} error(s):\n{error}") from None
    # Live reload for a matrix file outside the watched folders too.
    if not any(path.is_relative_to(Path(item).resolve()) for item in config.watch):
        config.watch.append(str(path))
    return config


def on_files(files, config):
    for page in PAGES:
        if files.get_file_from_path(page) is not None:
            raise PluginError(f"docs/{page} would hide the generated page of that name: remove it")
        try:
            content = runbook.render(page)
        except jinja2.TemplateError as error:
            where = f"{error.name}:{error.lineno}" if getattr(error, "lineno", None) else f"{page}.j2"
            raise PluginError(f"Cannot render {page} from hooks/templates/{where}: {error}") from None
        files.append(File.generated(config, page, content=content))
    return files


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == "index.md":
        try:
            return fill_summary(markdown, runbook.summary(), page.file.src_uri)
        except UnknownSummaryNumber as error:
            raise PluginError(str(error)) from None
    return None


def on_page_content(html, page, config, files):
    if page.file.src_uri in PAGES and (repeated := duplicate_ids(html)):
        raise PluginError(f"{page.file.src_uri}: these anchors occur more than once, so links to them are "
                          f"ambiguous: {', '.join(repeated)} (two names in the matrix share a slug)")
    return None
