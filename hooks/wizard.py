"""MkDocs adapter for the "Who do I escalate to?" wizard (docs/wizard/index.md).

The page's scripts go on every page, so the wizard also starts when reached by instant navigation;
after the build, the wheel of the `matrix` package, the data it answers from and self-hosted Pyodide
are written next to the page's assets. The work lives in `matrix.wizard_build`, which is tested.
The wizard page's early start is its own template, hooks/overrides/wizard.html.
"""

import os
from pathlib import Path

from matrix.site import wizard_build
from matrix.source import DEFAULT_PATH, load_matrix

# The same matrix the runbook pages are built from (hooks/runbook.py reads the same variable).
ENVIRONMENT_VARIABLE = "ESCALATION_MATRIX"


def on_config(config):
    wizard_build.add_page_assets(config)
    return config


def on_post_build(config):
    matrix = load_matrix(os.environ.get(ENVIRONMENT_VARIABLE) or DEFAULT_PATH)
    wizard_build.write_site_assets(Path(config["site_dir"]), matrix, root=wizard_build.project_root(config))
