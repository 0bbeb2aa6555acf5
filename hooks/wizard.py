"""MkDocs adapter for the "Who do I escalate to?" wizard (docs/wizard/index.md).

The page's scripts go on every page, so the wizard also starts when reached by instant navigation;
after the build, the wheel of the pure core (`matrix.core`), the data it answers from and self-hosted Pyodide
are written next to the page's assets. What they need from outside Python (Pyodide from npm, Node to
compile its standard library once) is checked before MkDocs writes anything: a missing one stops the
build with one line saying how to install it, and the previous site stays as it was. The work lives in
`matrix.site.wizard_build`, which is tested. The wizard page's early start is its own template,
hooks/overrides/wizard.html.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError

from matrix.site import change_page, wizard_build
from matrix.site.history import history_for
from matrix.site.loaded import load, matrix_path
from matrix.site.prerequisites import PrerequisiteError

ready: wizard_build.Prerequisites | None = None


def on_config(config):
    wizard_build.add_page_assets(config)
    return config


def on_pre_build(config):
    global ready
    try:
        ready = wizard_build.prerequisites(wizard_build.project_root(config))
    except PrerequisiteError as missing:
        raise PluginError(str(missing)) from None


def on_post_build(config):
    matrix = load(matrix_path()).matrix  # the one hooks/runbook.py loaded for this build
    wizard_build.write_site_assets(Path(config["site_dir"]), matrix, root=wizard_build.project_root(config),
                                   directory_urls=config.use_directory_urls, ready=ready,
                                   recent=change_page.recent_routes(history_for(matrix_path())))
