"""The HTTP headers the runbook is served with, written down once for every way of serving it.

Why each header and directive is there is said once, on the site's page on deploying
(hooks/templates/deploying.md.j2, which takes every value from here); this module holds the values
and writes the forms that carry them, all from one `Policy`:

- `nginx_locations`: the `location` blocks deploy/nginx.conf includes (scripts/serve-production);
- `host_headers`: a `_headers` file, the format Netlify and Cloudflare Pages read;
- `meta_tags`: what a page can say for itself where no header can be set (GitHub Pages).

The Content-Security-Policy allows no inline script but the ones the built pages carry, by their
SHA-256: `scan_site` reads every built page after the build and finds them (the theme's own), and
refuses what no hash can allow (event-handler attributes, `javascript:` links, inline styles).
Does I/O only in `scan_site`; the rest are functions of a `Policy`.
"""

from __future__ import annotations

import base64
import hashlib
import html.parser
import re
from dataclasses import dataclass
from pathlib import Path

CSP_DIRECTIVES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'", "'wasm-unsafe-eval'")),  # and the inline scripts' hashes
    ("style-src", ("'self'",)),
    ("img-src", ("'self'", "data:")),
    ("connect-src", ("'self'",)),
    ("worker-src", ("'self'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
    ("frame-ancestors", ("'none'",)),
)
"""The Content-Security-Policy, directive by directive."""

HEADER_ONLY = frozenset({"frame-ancestors"})
"""Directives a browser ignores (with a console error) when a page's <meta> gives them."""

SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
)
"""Sent with every response beside the Content-Security-Policy."""

REVALIDATE = "public, max-age=0, must-revalidate"
"""Pages and every file whose URL stays the same when its content changes (Pyodide's included)."""

IMMUTABLE = "public, max-age=31536000, immutable"
"""Files whose URL names their content: a new version is a new URL, so a year in cache is safe."""

CONTENT_HASHED = re.compile(r"\.[0-9a-f]{8}\.min\.(?:js|css)$")
"""The theme's bundles, named by a hash of their content (`bundle.a5f9d56c.min.js`)."""

EXECUTED_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})
"""<script type=...> values a browser runs, so the policy must allow; others (JSON data) it only reads."""

NGINX_FILE = "_nginx.conf"
"""Written beside the pages for nginx; deploy/nginx.conf answers 404 for it, as for `HOST_FILE`."""
HOST_FILE = "_headers"
"""Written beside the pages under the one name Netlify and Cloudflare Pages read (and never serve)."""


@dataclass(frozen=True)
class Policy:
    """The headers for one built site: the fixed ones above with what the build found in its pages."""

    script_hashes: tuple[str, ...] = ()
    """`'sha256-…'` for each distinct inline script, in the order first found."""
    immutable_paths: tuple[str, ...] = ()
    """URL paths of the content-hashed files, sorted."""

    def sources(self, directive: str) -> tuple[str, ...]:
        fixed = dict(CSP_DIRECTIVES)[directive]
        return (*fixed, *self.script_hashes) if directive == "script-src" else fixed

    def csp(self, meta: bool = False) -> str:
        """The policy as one header value; `meta=True` leaves out what a <meta> cannot carry."""
        return "; ".join(" ".join((name, *self.sources(name))) for name, _ in CSP_DIRECTIVES
                         if not (meta and name in HEADER_ONLY))

    def headers(self) -> tuple[tuple[str, str], ...]:
        """Every response's headers (Cache-Control aside, which depends on the path)."""
        return (("Content-Security-Policy", self.csp()), *SECURITY_HEADERS)


# --- reading the built pages ------------------------------------------------------------------------

class UnhashablePage(ValueError):
    """A built page holds something the policy cannot allow by hash; the message says where."""


def script_hash(text: str) -> str:
    """A CSP source allowing an inline script of exactly this text (as the page's bytes spell it)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


class _PageReader(html.parser.HTMLParser):
    """Collects the text of each inline script a browser would run, and where each refused item is."""

    def __init__(self, name: str):
        super().__init__(convert_charrefs=False)  # a script's text is hashed as written
        self.name = name
        self.scripts: list[str] = []
        self.refused: list[str] = []
        self._script: list[str] | None = None

    def _refuse(self, what: str) -> None:
        line, column = self.getpos()
        self.refused.append(f"{self.name}:{line}:{column + 1}: {what}")

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self._refuse(f"<{tag} {name}=...>: an inline event handler; attach it from a script file")
            elif name == "style":
                self._refuse(f"<{tag} style=...>: an inline style; use a class from a stylesheet")
            elif name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                    "javascript:"):
                self._refuse(f"<{tag} {name}=\"javascript:...\">: a script in a link; use a script file")
        if tag == "style":
            self._refuse("<style>: an inline stylesheet; put it in a stylesheet file")
        elif tag == "script" and "src" not in attributes and \
                (attributes.get("type") or "").strip().lower() in EXECUTED_TYPES:
            self._script = []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script" and self._script is not None:
            self.scripts.append("")
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def read_page(text: str, name: str = "page") -> tuple[list[str], list[str]]:
    """The inline scripts a page runs (their exact text) and every refused item, located."""
    reader = _PageReader(name)
    reader.feed(text)
    reader.close()
    return reader.scripts, reader.refused


def scan_site(site_dir: Path) -> Policy:
    """The policy for a built site: every built page read, and every content-hashed file listed.

    Raises `UnhashablePage` naming each refused item in every page at once.
    """
    site_dir = Path(site_dir)
    hashes: dict[str, None] = {}
    refused: list[str] = []
    for page in sorted(site_dir.rglob("*.html")):
        scripts, problems = read_page(page.read_text(encoding="utf-8"), page.relative_to(site_dir).as_posix())
        hashes.update(dict.fromkeys(script_hash(script) for script in scripts))
        refused += problems
    if refused:
        raise UnhashablePage("The Content-Security-Policy would block these; no hash can allow them:\n"
                             + "\n".join(refused))
    immutable = sorted("/" + path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*")
                       if path.is_file() and CONTENT_HASHED.search(path.name))
    return Policy(tuple(hashes), tuple(immutable))


# --- the forms that carry it --------------------------------------------------------------------------

def _nginx_string(value: str) -> str:
    if '"' in value or "\\" in value or "$" in value:
        raise ValueError(f"not written into nginx's configuration as it stands: {value!r}")
    return f'"{value}"'


def nginx_locations(policy: Policy) -> str:
    """`location` blocks for a `server` whose root is the built site (deploy/nginx.conf includes them).

    nginx drops every inherited `add_header` in a block that has one of its own, so each location
    repeats all the headers; `always` sends them with error pages too.
    """
    def block(match: str, cache_control: str) -> list[str]:
        lines = [f"location {match} {{"]
        lines += [f"    add_header {name} {_nginx_string(value)} always;"
                  for name, value in (*policy.headers(), ("Cache-Control", cache_control))]
        return [*lines, "}"]

    lines = ["# Written by the build from matrix/site/headers.py; see the site's page on deploying.", ""]
    lines += block("/", REVALIDATE)
    for path in policy.immutable_paths:
        lines += block(f"= {path}", IMMUTABLE)
    return "\n".join(lines) + "\n"


def host_headers(policy: Policy) -> str:
    """A `_headers` file: a path pattern, then its headers indented, for Netlify and Cloudflare Pages.

    Both hosts add up every rule that matches a path, and Cloudflare joins two values of one header
    with a comma: so `/*` carries no Cache-Control (both hosts' own default is `REVALIDATE`) and only
    the content-hashed files get theirs.
    """
    lines = ["# Written by the build from matrix/site/headers.py; see the site's page on deploying.",
             f"# Every other path keeps the host's default Cache-Control: {REVALIDATE}", "/*"]
    lines += [f"  {name}: {value}" for name, value in policy.headers()]
    for path in policy.immutable_paths:
        lines += [path, f"  Cache-Control: {IMMUTABLE}"]
    return "\n".join(lines) + "\n"


def meta_tags(policy: Policy) -> str:
    """The subset a page can give itself: the policy without its header-only directives, the referrer rule."""
    referrer = dict(SECURITY_HEADERS)["Referrer-Policy"]
    return (f'<meta http-equiv="Content-Security-Policy" content="{policy.csp(meta=True)}">'
            f'<meta name="referrer" content="{referrer}">')


_HEAD = re.compile(r"<head(?:\s[^>]*)?>(?:\s*<meta\s+charset=[^>]*>)?", re.I)


def with_meta(page: str, tags: str) -> str:
    """The page with `tags` at the top of its <head>, which a <meta> policy needs (it covers only what
    follows it), yet after the page's charset, which a browser looks for in the first 1024 bytes."""
    found = _HEAD.search(page)
    if found is None:
        raise UnhashablePage("a built page has no <head> to carry the policy")
    return page[:found.end()] + tags + page[found.end():]
