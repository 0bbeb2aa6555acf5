"""Offline and private by construction: the built site references nothing on another host.

A static scan of every built HTML, CSS and JavaScript file. Links a person clicks (`<a href>`,
mailto:) are fine; anything the browser fetches by itself (scripts, styles, images, fonts,
preconnects, CSS url() and @import, script imports) must stay on the site's own host. The
browser test (test_site_browser.py) then checks what a real browser actually requests.
"""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OFF_HOST = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
SAFE_SCHEMES = re.compile(r"^\s*(?:data|blob|about|javascript):", re.IGNORECASE)
FETCHED_ATTRIBUTES = {"src", "srcset", "poster", "data", "background", "manifest", "action", "formaction"}
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]*)|@import\s+(?:url\(\s*)?["']?([^"');\s]+)""", re.IGNORECASE)
SCRIPT_URL = re.compile(r"""["'`]((?:https?:)?//(?:[\w-]+\.)+[\w-]+[^"'`\s]*|(?:https?:)?//\$\{[^"'`\s]*)""")

# Off-host URLs written into third-party scripts the site ships. Each is fetched only when its
# condition holds, and each condition is checked to be false for this site.
CONDITIONAL_SCRIPT_URLS = {
    "https://unpkg.com/mermaid@": "mermaid",  # Material: a page with a Mermaid diagram
    "https://unpkg.com/resize-observer-polyfill": "no-resize-observer",  # Material: an old browser
    "https://api.github.com/": "repository",  # Material: repo_url facts (stars, forks, version)
    "https://${e}/api/v4/projects/": "repository",  # Material: the same for GitLab
    "https://cdn.jsdelivr.net/pyodide/": "pyodide-cdn",  # Pyodide: loadPackage of a package not shipped
    "https://${t}": "pyodide-sockets",  # Pyodide: Python code opening a network socket
}
MOJIBAKE = ["â€", "Ã", "ðŸ", "â†’", "âœ“", "ðŸš¨", "ï»¿"]


def _files(site: Path, *suffixes: str) -> list[Path]:
    return sorted(path for path in site.rglob("*") if path.suffix in suffixes and path.is_file())


class _FetchedReferences(html.parser.HTMLParser):
    """Every URL an HTML page makes the browser fetch on its own, with where it was found."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self.in_style = self.in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if value is None:
                continue
            if name in FETCHED_ATTRIBUTES:
                urls = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
                self.found += [(f"<{tag} {name}>", url) for url in urls]
            elif name in ("href", "xlink:href") and tag not in ("a", "area"):
                self.found.append((f"<{tag} {name}>", value))  # <link>, <use>, <image>, <base>: fetched
            elif name == "style":
                self.found += [(f"<{tag} style>", url) for url in _css_urls(value)]
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            self.found.append(("<meta refresh>", (attrs.get("content") or "").partition("url=")[2]))
        self.in_style, self.in_script = tag == "style", tag == "script"

    def handle_endtag(self, tag):
        self.in_style = self.in_script = False

    def handle_data(self, data):
        if self.in_style:
            self.found += [("<style>", url) for url in _css_urls(data)]
        if self.in_script:
            self.found += [("<script>", url) for url in SCRIPT_URL.findall(data)]


def _css_urls(css: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(css)]


def _off_host(url: str) -> bool:
    return bool(url) and bool(OFF_HOST.match(url)) and not SAFE_SCHEMES.match(url)


def test_html_pages_fetch_nothing_from_another_host(built_site):
    pages = _files(built_site, ".html")
    assert len(pages) >= 15
    offenders = []
    for path in pages:
        parser = _FetchedReferences()
        parser.feed(path.read_text(encoding="utf-8"))
        offenders += [(path.relative_to(built_site).as_posix(), where, url)
                      for where, url in parser.found if _off_host(url)]
    assert offenders == []


def test_the_scan_catches_what_it_looks_for():
    # The scanner itself must notice each way a page can fetch from elsewhere.
    page = """<link rel="preconnect" href="https://fonts.gstatic.com"><script src="//cdn.example/x.js"></script>
    <img srcset="a.png 1x, https://img.example/b.png 2x"><div style="background: url('https://x.example/y.png')">
    <style>@import url("https://fonts.example/css");</style><script>import("https://esm.example/m.js")</script>
    <a href="https://example.org/">a link</a><a href="mailto:a@b.c">mail</a><img src="data:image/png;base64,AA">"""
    parser = _FetchedReferences()
    parser.feed(page)
    assert [url for _, url in parser.found if _off_host(url)] == [
        "https://fonts.gstatic.com", "//cdn.example/x.js", "https://img.example/b.png", "https://x.example/y.png",
        "https://fonts.example/css", "https://esm.example/m.js"]


def test_stylesheets_load_nothing_from_another_host(built_site):
    sheets = _files(built_site, ".css")
    assert any("runbook" in path.name for path in sheets)
    offenders = [(path.name, url) for path in sheets for url in _css_urls(path.read_text(encoding="utf-8"))
                 if _off_host(url)]
    assert offenders == []


def test_scripts_name_only_off_host_urls_whose_condition_the_site_never_meets(built_site):
    scripts = _files(built_site, ".js", ".mjs")
    assert any(path.name.startswith("bundle.") for path in scripts)
    found: dict[str, list[str]] = {}
    for path in scripts:
        for url in SCRIPT_URL.findall(path.read_text(encoding="utf-8", errors="replace")):
            found.setdefault(url, []).append(path.relative_to(built_site).as_posix())
    unknown = {url: where for url, where in found.items()
               if not any(url.startswith(prefix) for prefix in CONDITIONAL_SCRIPT_URLS)}
    assert unknown == {}
    conditions = {CONDITIONAL_SCRIPT_URLS[p] for p in CONDITIONAL_SCRIPT_URLS for url in found if url.startswith(p)}
    html = "\n".join(path.read_text(encoding="utf-8") for path in _files(built_site, ".html"))
    if "mermaid" in conditions:
        assert not re.search(r"""class=["'][^"']*\bmermaid\b""", html), "a Mermaid diagram loads Mermaid from a CDN"
    if "repository" in conditions:
        assert 'data-md-component="source"' not in html, "repo_url makes every page call a code-hosting API"
        assert not re.search(r"^repo_url:", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)
    # The other conditions depend on the browser and on what the wizard runs:
    # test_site_browser.py checks that Chromium has ResizeObserver and requests nothing off-host.


def test_no_theme_fonts_from_a_font_service(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    assert "--md-text-font" not in html  # font: false leaves the theme's system font stack


@pytest.mark.parametrize("pattern", MOJIBAKE)
def test_no_mojibake_in_any_text_file(built_site, pattern):
    texts = _files(built_site, ".html", ".css", ".js", ".mjs", ".json", ".xml", ".txt", ".svg")
    assert len(texts) > 20
    offenders = [path.relative_to(built_site).as_posix() for path in texts
                 if pattern in path.read_text(encoding="utf-8")]
    assert offenders == []


def test_the_seed_symbols_are_written_as_themselves(built_site, read_html):
    pages = {name: (built_site / name / "index.html").read_text(encoding="utf-8")
             for name in ("routing", "authority", "templates", "flow")}
    assert read_html(built_site, "routing/").by_id("login-problems").find_all("td")[2].text == "Tier 2 → Tier 3"
    assert "✓" in pages["authority"]
    assert "🚨 ESCALATION REQUEST" in pages["templates"]
    assert "→" in pages["flow"]
    for text in pages.values():
        assert '<meta charset="utf-8">' in text


def test_feeds_and_the_data_api_name_no_other_host_but_the_matrixs_own_citations(built_site):
    # Calendar apps and tools read these away from the site: a URL in them is one someone may follow.
    # The only ones allowed are those the matrix itself writes (an interpretation's cited source).
    source = (ROOT / "matrix" / "escalation-matrix.yaml").read_text(encoding="utf-8")
    cited = {url.rstrip(".,;)") for url in re.findall(r"https?://[^\s\"'<>]+", source)}
    feeds = _files(built_site / "calendars", ".ics")
    data = _files(built_site / "api", ".json")
    assert len(feeds) > 20 and len(data) > 20
    found = {}
    for path in feeds + data:
        text = path.read_text(encoding="utf-8").replace("\r\n ", "")  # iCalendar folds long lines
        for url in re.findall(r"https?://[^\s\"'<>\\]+", text):
            found.setdefault(url.rstrip(".,;)"), path.relative_to(built_site).as_posix())
    schema_draft = "https://json-schema.org/draft/2020-12/schema"  # a JSON Schema's `$schema`: an identifier
    assert {url: where for url, where in found.items() if url not in cited and url != schema_draft} == {}
