"""What a built site carries for the server or static host it is deployed to, written after the build.

Called by hooks/deploy.py once every other hook has written its files, and by the tests: reads the
built pages for the policy (`headers.scan_site`), writes nginx's locations and the hosts' `_headers`
beside the pages, gives each page the <meta> subset, then writes the gzip copies (the pages' last,
after their <meta>). The site's page on deploying is rendered here too, from the same description.
Does I/O.
"""

from __future__ import annotations

from pathlib import Path

from . import headers
from .headers import Policy, UnhashablePage
from .precompress import precompress_site
from .runbook import environment

PAGE = "deploying.md"
"""The site's page on deploying, generated from hooks/templates/deploying.md.j2."""


def write_deploy_files(site_dir: Path, meta: bool = True, precompress: bool = True) -> Policy:
    """The policy of the built site in `site_dir`, with every file that carries it written.

    `meta=False` leaves the pages as built (`mkdocs serve`: its live reload is an inline script of
    its own); `precompress=False` writes no gzip copies.
    """
    site_dir = Path(site_dir)
    policy = headers.scan_site(site_dir)
    (site_dir / headers.NGINX_FILE).write_text(headers.nginx_locations(policy), encoding="utf-8")
    (site_dir / headers.HOST_FILE).write_text(headers.host_headers(policy), encoding="utf-8")
    if meta:
        tags = headers.meta_tags(policy)
        for page in sorted(site_dir.rglob("*.html")):
            try:
                page.write_text(headers.with_meta(page.read_text(encoding="utf-8"), tags), encoding="utf-8")
            except UnhashablePage as error:
                raise UnhashablePage(f"{page.relative_to(site_dir).as_posix()}: {error}") from None
    if precompress:
        precompress_site(site_dir)
    return policy


def render_page(templates: Path) -> str:
    """The page on deploying: its text from the template, every header's value from `headers`."""
    return environment(templates).get_template(PAGE + ".j2").render(headers=headers, example=Policy(
        script_hashes=("'sha256-…'",)))
