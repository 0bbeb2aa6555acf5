"""MkDocs adapter for the teams' calendar feeds (`calendars/<team id>.ics`), which the contact directory links.

The feeds join the build's files in memory, as the generated pages do: MkDocs writes them into the
site and `mkdocs serve` serves them. The work lives in `matrix.site.calendars`, which is tested.
"""

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from matrix.site import calendars
from matrix.site.loaded import load, matrix_path, site_links


def on_files(files, config):
    matrix = load(matrix_path()).matrix  # the one hooks/runbook.py loaded for this build
    for path, content in calendars.feeds(matrix, calendars.build_stamp(), site_links(config)).items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} would hide the generated calendar feed of that name: remove it")
        files.append(File.generated(config, path, content=content.encode("utf-8")))
    return files
