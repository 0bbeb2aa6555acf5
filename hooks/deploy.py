"""MkDocs adapter for deploying the built site: the headers it is served with, and gzip copies.

Runs after every other hook's `on_post_build` (their files are part of the site), then hands the
site to `matrix.site.deploy`, which is tested: the Content-Security-Policy's script hashes are read
from the finished pages. Adds the page on deploying (hooks/templates/deploying.md.j2) in memory.
Under `mkdocs serve` the pages get no <meta> policy, since its live reload is an inline script of
its own, and no gzip copies, which its server never sends.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from matrix.site.deploy import PAGE, render_page, write_deploy_files
from matrix.site.headers import UnhashablePage

TEMPLATES = Path(__file__).with_name("templates")

serving = False


def on_startup(command, dirty):
    global serving
    serving = command == "serve"


def on_files(files, config):
    if files.get_file_from_path(PAGE) is not None:
        raise PluginError(f"docs/{PAGE} would hide the generated page of that name: remove it")
    files.append(File.generated(config, PAGE, content=render_page(TEMPLATES)))
    return files


@event_priority(-100)  # last: the wizard's and the search's files are part of what is served
def on_post_build(config):
    try:
        write_deploy_files(Path(config["site_dir"]), meta=not serving, precompress=not serving)
    except UnhashablePage as error:
        raise PluginError(str(error)) from None
