"""MkDocs adapter for the site search's offer of the wizard (docs/assets/search/suggest.js).

The script goes on every page; after the build, the table of queries it answers is written beside
it, from the matrix hooks/runbook.py loaded for this build. The work lives in `matrix.site.search`.
"""

from pathlib import Path

from matrix.site import search
from matrix.site.loaded import load, matrix_path


def on_config(config):
    search.add_page_script(config)
    return config


def on_post_build(config):
    search.write_suggestions(Path(config["site_dir"]), load(matrix_path()).matrix,
                             directory_urls=config.use_directory_urls)
