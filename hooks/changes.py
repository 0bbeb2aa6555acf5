"""MkDocs adapter for the change page ("What changed"), its Atom feed and the home page's last change.

The matrix's history is read from git once per build (`matrix.site.history.history_for`, shared with
hooks/wizard.py); the rendering lives in `matrix.site.change_page`. The page is added in memory, the
feed written after the build, and the home page's `{{ history.last_change }}` filled in.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from matrix.site import change_page
from matrix.site.history import history_for
from matrix.site.loaded import load, matrix_path, site_links

TEMPLATES = Path(__file__).with_name("templates")
PLACEHOLDER = "{{ history.last_change }}"


def on_files(files, config):
    if files.get_file_from_path(change_page.PAGE) is not None:
        raise PluginError(f"docs/{change_page.PAGE} would hide the generated page of that name: remove it")
    published = frozenset(choice.id for choice in load(matrix_path()).matrix.interpretations)
    content = change_page.render_page(history_for(matrix_path()), TEMPLATES, config.use_directory_urls, published)
    files.append(File.generated(config, change_page.PAGE, content=content))
    return files


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == "index.md" and PLACEHOLDER in markdown:
        return markdown.replace(PLACEHOLDER, change_page.home_line(history_for(matrix_path())))
    return None


def on_post_build(config):
    feed = Path(config["site_dir"]) / change_page.FEED
    feed.parent.mkdir(parents=True, exist_ok=True)
    feed.write_bytes(change_page.atom_feed(history_for(matrix_path()), load(matrix_path()).matrix, site_links(config)))
