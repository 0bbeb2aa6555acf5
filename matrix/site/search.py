"""The site search's offer of the wizard: the table `docs/assets/search/suggest.js` looks queries up in.

Written after the build, beside the script: `assets/search/suggestions.json`, from the core's
`wizard_suggestions` (which asks `find`), with links in the site's URL style. Does I/O.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..core.answers.browser import wizard_suggestions
from ..core.answers.links import Links
from ..core.model import Matrix

SCRIPT = "assets/search/suggest.js"
TABLE = "assets/search/suggestions.json"


def add_page_script(config) -> None:
    """Load the offer on every page, once, as a module (the search box is on every page)."""
    from mkdocs.config.config_options import ExtraScriptValue

    if not any(str(script) == SCRIPT for script in config.extra_javascript):
        script = ExtraScriptValue(SCRIPT)
        script.type = "module"
        config.extra_javascript.append(script)


def write_suggestions(site_dir: Path, matrix: Matrix, directory_urls: bool = True) -> Path:
    target = Path(site_dir) / TABLE
    target.parent.mkdir(parents=True, exist_ok=True)
    table = wizard_suggestions(matrix, Links(directory_urls))
    target.write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return target
