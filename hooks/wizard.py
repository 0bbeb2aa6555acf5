"""MkDocs adapter for the "Who do I escalate to?" wizard (docs/wizard/index.md).

The page's scripts go on every page, so the wizard also starts when reached by instant navigation;
the wizard page's early start (its `data-head` script and links) is moved to the top of <head>;
after the build, the wheel of the `matrix` package, the data it answers from and self-hosted Pyodide
are written next to the page's assets. The work lives in `matrix.wizard_build`, which is tested.
"""

from pathlib import Path

from matrix.site import wizard_build
from matrix.site.loaded import load, matrix_path


def on_config(config):
    wizard_build.add_page_assets(config)
    return config


def on_post_page(output, page, config):
    return wizard_build.hoist_to_head(output)


def on_post_build(config):
    matrix = load(matrix_path()).matrix  # the one hooks/runbook.py loaded for this build
    wizard_build.write_site_assets(Path(config["site_dir"]), matrix, root=wizard_build.project_root(config),
                                   directory_urls=config.use_directory_urls)
