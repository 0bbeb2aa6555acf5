"""MkDocs adapter for the data API (`api/v1/`: the matrix, answers and their JSON Schemas as static JSON).

The files join the build's files in memory, as the generated pages do, so the Data API page's links
to them are checked like any other. The work lives in `matrix.site.data_api`, which is tested.
"""

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from matrix.site import data_api
from matrix.site.loaded import load, matrix_path, site_links


def on_files(files, config):
    matrix = load(matrix_path()).matrix  # the one hooks/runbook.py loaded for this build
    try:
        written = data_api.files(matrix, site_links(config))
    except data_api.IssueFileName as problem:
        raise PluginError(str(problem)) from None
    for path, content in written.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} would hide the data API's file of that name: remove it")
        files.append(File.generated(config, path, content=content))
    return files
