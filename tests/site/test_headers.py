"""The headers a built site is served with, as the build writes them for nginx, `_headers` hosts and <meta>.

Read from the session's real build. The inline scripts are found and hashed here with the tests' own
HTML parser, not the build's, so a page whose script the policy misses fails. The served headers
are checked against real nginx in tests/browser/test_production_nginx.py.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import host_rules, mkdocs_build, parse_html, portable_config
from matrix.site import headers, precompress
from matrix.site.deploy import write_deploy_files
from matrix.site.headers import Policy, UnhashablePage

EXECUTED = {None, "", "module", "text/javascript"}


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def csp_directives(value: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (part.split() for part in value.split(";"))}


def nginx_blocks(text: str) -> dict[str, dict[str, str]]:
    """`_nginx.conf` as {location: {header: value}}, with each `add_header` checked to be sent always."""
    blocks = {}
    for match, body in re.findall(r"^location (.+?) \{\n(.*?)^\}", text, re.M | re.S):
        found = re.findall(r'^    add_header (\S+) "([^"]*)" always;$', body, re.M)
        assert len(found) == len(body.strip().splitlines()), body
        blocks[match] = dict(found)
    return blocks


@pytest.fixture(scope="module")
def served(built_site):
    return host_rules((built_site / "_headers").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def policy(served):
    return csp_directives(served["/*"]["Content-Security-Policy"])


def inline_script_hashes(site: Path) -> set[str]:
    found = set()
    for path in pages(site):
        for script in parse_html(path.read_text(encoding="utf-8")).find_all("script"):
            if "src" not in script.attrs and script.attrs.get("type") in EXECUTED:
                text = "".join(child for child in script.children if isinstance(child, str))
                found.add("'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'")
    return found


# --- the policy ---------------------------------------------------------------------------------------

def test_the_policy_allows_exactly_the_inline_scripts_the_pages_run(built_site, policy):
    expected = inline_script_hashes(built_site)
    assert len(expected) >= 3  # the theme's: its settings' scope (one per folder depth), the palette, the tabs
    allowed = [source for source in policy["script-src"] if source.startswith("'sha256-")]
    assert sorted(allowed) == sorted(expected)
    # The theme's configuration is a JSON data block: never run, so never hashed.
    assert all(parse_html(p.read_text(encoding="utf-8")).find("script", id="__config") for p in pages(built_site)[:1])


def test_the_policy_is_strict(policy):
    assert policy["default-src"] == ["'self'"]
    assert [s for s in policy["script-src"] if not s.startswith("'sha256-")] == ["'self'", "'wasm-unsafe-eval'"]
    assert policy["style-src"] == ["'self'"]  # no 'unsafe-inline': the pages carry no inline style
    assert policy["img-src"] == ["'self'", "data:"]
    for name in ("connect-src", "worker-src", "base-uri", "form-action"):
        assert policy[name] == ["'self'"], name
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert not any("unsafe-inline" in s or s == "'unsafe-eval'" or s == "*" or s.startswith("http")
                   for sources in policy.values() for s in sources)


def test_no_page_carries_what_a_hash_cannot_allow(built_site):
    for path in pages(built_site):
        root = parse_html(path.read_text(encoding="utf-8"))
        assert root.find_all("style") == [], path
        for element in root.iter():
            assert "style" not in element.attrs, (path, element.tag)
            assert not [name for name in element.attrs if name.startswith("on")], (path, element.tag)


def test_tables_align_their_columns_without_inline_styles(built_site, read_html):
    cells = read_html(built_site, "benchmarks/").find_all("td", align="right")
    assert len(cells) > 20  # the figures' columns, right-aligned as their Markdown says


# --- the three forms carry the same policy ---------------------------------------------------------------

def test_every_nginx_location_repeats_every_header(built_site, served):
    blocks = nginx_blocks((built_site / headers.NGINX_FILE).read_text(encoding="utf-8"))
    everywhere = served["/*"]
    assert set(everywhere) == {"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"}
    assert everywhere["X-Content-Type-Options"] == "nosniff" and everywhere["Referrer-Policy"] == "no-referrer"
    for location, sent in blocks.items():
        # An add_header in a location drops the inherited ones: each block must say them all again.
        assert {name: sent[name] for name in everywhere} == everywhere, location
    assert blocks["/"]["Cache-Control"] == "public, max-age=0, must-revalidate"
    hashed = {location.removeprefix("= ") for location in blocks if location != "/"}
    assert hashed == {path for path in served if path != "/*"}
    for location in hashed:
        assert blocks["= " + location]["Cache-Control"] == "public, max-age=31536000, immutable"


def test_only_files_named_by_their_content_are_cached_for_a_year(built_site, served):
    immutable = {path: rule for path, rule in served.items() if path != "/*"}
    assert "Cache-Control" not in served["/*"]  # the hosts would join it with the rules below
    assert {rule["Cache-Control"] for rule in immutable.values()} == {"public, max-age=31536000, immutable"}
    assert all(set(rule) == {"Cache-Control"} for rule in immutable.values())
    names = sorted(Path(path).name for path in immutable)
    assert any(name.startswith("bundle.") for name in names) and any(name.startswith("main.") for name in names)
    for path in immutable:
        assert (built_site / path.lstrip("/")).is_file(), path
        assert re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$", path), path
    assert not any("pyodide" in path or "/wizard/" in path for path in immutable)  # their URLs carry no version


def test_each_page_gives_itself_the_meta_subset_before_anything_it_loads(built_site, served, policy):
    header_only = {"frame-ancestors"}
    expected = "; ".join(" ".join([name, *sources]) for name, sources in policy.items() if name not in header_only)
    for path in pages(built_site):
        head = parse_html(path.read_text(encoding="utf-8")).find("head")
        children = [child for child in head.children if not isinstance(child, str)]
        assert children[0].tag == "meta" and "charset" in children[0].attrs, path
        assert children[1].attrs == {"http-equiv": "Content-Security-Policy", "content": expected}, path
        assert children[2].attrs == {"name": "referrer", "content": served["/*"]["Referrer-Policy"]}, path


# --- gzip copies ---------------------------------------------------------------------------------------

def test_every_text_and_wasm_file_has_an_identical_gzip_copy(built_site):
    for suffix in (".html", ".js", ".mjs", ".css", ".json", ".wasm"):
        files = [p for p in built_site.rglob("*" + suffix) if p.is_file()]
        assert files, suffix
        for path in files:
            copy = path.with_name(path.name + ".gz")
            if path.stat().st_size > 1024:
                assert copy.is_file(), path
            if copy.is_file():
                packed = copy.read_bytes()
                assert gzip.decompress(packed) == path.read_bytes(), path  # the page with its <meta>, too
                assert len(packed) < path.stat().st_size
    wasm = built_site / "assets/pyodide/pyodide.asm.wasm"
    assert (wasm.with_name(wasm.name + ".gz")).stat().st_size < wasm.stat().st_size / 2


def test_compressed_data_gets_no_second_gzip(built_site):
    data = sorted(built_site.rglob("*.json.gz"))
    assert {p.name for p in data} >= {"answers.json.gz", "matrix.json.gz"}
    assert list(built_site.rglob("*.gz.gz")) == []
    for suffix in (".zip", ".whl", ".png"):
        assert list(built_site.rglob(f"*{suffix}.gz")) == [], suffix


def test_a_cached_gzip_copy_is_used_only_if_it_is_of_the_same_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = bytes(range(256)) * 4096  # 1 MB: above the size whose copy is kept between builds
    site = tmp_path / "site"
    site.mkdir()
    (site / "big.wasm").write_bytes(data)
    precompress.precompress_site(site)
    [entry] = (tmp_path / "cache").rglob("*.gz")
    assert gzip.decompress(entry.read_bytes()) == data
    entry.write_bytes(gzip.compress(b"something else", mtime=0))  # a damaged or foreign entry
    (site / "big.wasm.gz").unlink()
    precompress.precompress_site(site)
    assert gzip.decompress((site / "big.wasm.gz").read_bytes()) == data
    assert gzip.decompress(entry.read_bytes()) == data  # and the entry is written again


# --- what no hash can allow ---------------------------------------------------------------------------

BAD_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><script>ok()</script></head>
<body><a href="#" onclick="go()">Go</a>
<p style="color: red">Red</p>
<a href=" JavaScript:go()">Go</a><style>p {}</style></body></html>
"""


def test_a_page_with_what_no_hash_can_allow_is_refused_where_it_says_it_and_nothing_is_written(tmp_path):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "index.html").write_text("<html><head></head><body></body></html>", encoding="utf-8")
    (tmp_path / "bad.html").write_text(BAD_PAGE, encoding="utf-8")
    with pytest.raises(UnhashablePage) as raised:
        write_deploy_files(tmp_path)
    assert str(raised.value).splitlines()[1:] == [
        "bad.html:3:7: <a onclick=...>: an inline event handler; attach it from a script file",
        "bad.html:4:1: <p style=...>: an inline style; use a class from a stylesheet",
        'bad.html:5:1: <a href="javascript:...">: a script in a link; use a script file',
        "bad.html:5:34: <style>: an inline stylesheet; put it in a stylesheet file",
    ]
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["bad.html", "index.html", "ok"]
    assert (tmp_path / "bad.html").read_text(encoding="utf-8") == BAD_PAGE


def test_the_build_fails_on_such_a_page_with_its_place_and_no_traceback(tmp_path):
    """A theme override that adds an inline handler to every page, as a well-meant edit might."""
    config = portable_config()
    overrides = tmp_path / "overrides"
    shutil.copytree(config["theme"]["custom_dir"], overrides)
    (overrides / "main.html").write_text('{% extends "base.html" %}\n{% block content %}{{ super() }}'
                                         '<button onclick="print()">Print</button>{% endblock %}\n', encoding="utf-8")
    config["theme"]["custom_dir"] = str(overrides)
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    result = mkdocs_build(tmp_path / "site", config=tmp_path / "mkdocs.yml")
    assert result.returncode == 1
    assert re.search(r"^routing/index\.html:\d+:\d+: <button onclick=\.\.\.>: an inline event handler; attach it "
                     r"from a script file$", result.stderr, re.M), result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / headers.HOST_FILE).exists()


def test_a_script_hash_is_of_the_text_as_written():
    assert headers.script_hash("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    scripts, refused = headers.read_page('<script>a &amp; b</script><script type="application/json">{}</script>'
                                         '<script type=module>m()</script><script src="x.js"></script>')
    assert scripts == ["a &amp; b", "m()"] and refused == []
    assert Policy(("'sha256-x'",)).csp(meta=True).endswith("form-action 'self'")
