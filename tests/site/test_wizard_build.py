"""The wizard's core entry point (`matrix.answers`) and its build edge (`matrix.wizard_build`), in CPython."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from matrix.core.answers.cards import route_answer
from matrix.core import route
from conftest import mkdocs_build, parse_html, portable_config
from matrix.core.answers import browser as answers

from matrix.site import wizard_build
from matrix.site import stdlib_bytecode
from matrix.site.stdlib_bytecode import browser_modules
from matrix.site.prerequisites import PrerequisiteError
from matrix.site.wizard_build import PYODIDE_FILES, build_wheel, pyodide_source, read_data, write_site_assets

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(tmp_path_factory, matrix):
    site_dir = tmp_path_factory.mktemp("wizard-site")
    return site_dir, write_site_assets(site_dir, matrix)


# --- what the form offers ------------------------------------------------------------------------

def test_the_catalogue_offers_every_issue_type_severity_channel_role_and_action(matrix):
    catalogue = answers.catalogue(matrix)
    slugs = [issue["slug"] for c in catalogue["categories"] for issue in c["issue_types"]]
    assert slugs == [issue.slug for issue in matrix.issue_types] and len(slugs) == 23
    assert "dmca-copyright" in slugs and "fraud-suspicion" in slugs
    assert [s["id"] for s in catalogue["severities"]] == ["P0", "P1", "P2", "P3"]
    p1 = catalogue["severities"][1]
    assert p1["definition"] == matrix.severities["P1"].definition and p1["examples"]
    assert [c["id"] for c in catalogue["channels"]] == list(matrix.channels)
    assert [r["id"] for r in catalogue["roles"]] == [*matrix.authority.roles, "ts-lead", "billing-lead"]
    refund = next(a for a in catalogue["actions"] if a["name"] == "Issue refund")
    assert refund["banded"] is True and refund["slug"] == "issue-refund" and len(refund["rows"]) == 2
    assert [f["name"] for f in catalogue["message"]["fields"]][:2] == ["ticket", "customer"]


# --- answers ----------------------------------------------------------------------------------------

def test_a_route_request_answers_with_route_to_dict_and_the_message_defaults(matrix):
    body = answers.respond(matrix, {"kind": "route", "issue": "fraud-suspicion", "severity": "P1", "channel": "chat"})
    assert body["route"] == route_answer(route(matrix, "fraud-suspicion", "P1", "chat"))
    assert [step["name"] for step in body["route"]["path"]] == ["T&S Lead", "Security"]
    # P1 does not wait: the message asks for whom the answer says to page first, then the next step.
    assert body["message_defaults"] == {"issue": "Fraud suspicion", "severity": "P1",
                                        "requesting": "Tier 3 and T&S Lead"}
    assert body["route"]["card"]["now"]["text"].startswith("P1 does not wait: page Tier 3 (On-Call Primary) now")


def test_the_message_takes_typed_values_then_the_route_then_the_prompt(matrix):
    message = answers.escalation_message(matrix, "fraud-suspicion", "P2",
                                         {"customer": "Ann {ticket} <b>", "requesting": "  ", "severity": "P3"})
    text = message["text"]
    assert "Customer: Ann {ticket} <b>\n" in text        # typed, kept literally
    assert "Severity: P3\n" in text                        # typed beats the route
    assert "Requesting: T&S Lead assistance" in text       # blank → whom the answer sends the agent to
    assert "Issue: Fraud suspicion\n" in text              # untouched → the route
    assert "Ticket: #[Ticket ID]\n" in text                # no default → the prompt, never a made-up number
    assert message["unfilled"] == ["Ticket ID", "Time open", "Attempts", "Impact"]
    assert message["unfilled_note"] == "Still to fill in before sending: Ticket ID, Time open, Attempts, Impact."
    everything = answers.escalation_message(matrix, "fraud-suspicion", "P2", {
        f.name: "x" for f in matrix.templates["chat-escalation"].fields})
    assert everything["unfilled"] == [] and everything["unfilled_note"] is None


def test_input_that_names_nothing_is_an_answer_not_a_crash(matrix):
    unknown = answers.respond(matrix, {"kind": "route", "issue": "teleporter"})
    assert unknown["error"].startswith("Unknown issue type: 'teleporter'.")
    several = answers.respond(matrix, {"kind": "route", "issue": "complaint"})
    assert several["error"].startswith("Not sure which issue type 'complaint' means; it could be: ")
    assert "Executive complaint" in several["suggestions"] and len(several["suggestions"]) >= 2
    negative = answers.respond(matrix, {"kind": "can", "action": "Issue refund", "role": "tier-2", "amount": -1})
    assert negative == {"error": "Expected an amount of 0 or more but received: -1", "suggestions": []}


def test_an_unknown_request_kind_is_a_bug_and_raises(matrix):
    with pytest.raises(ValueError, match="Expected one of: .* but received: 'route!'"):
        answers.respond(matrix, {"kind": "route!"})


def test_the_responder_speaks_json_from_the_exported_matrix(matrix):
    from matrix.source import export_json

    respond = answers.responder(export_json(matrix))
    found = json.loads(respond(json.dumps({"kind": "search", "text": "refund"})))
    assert (found["query"], found["confident"], found["summary"]) == ("refund", True, "Refund request: certain.")
    assert found["candidates"][0] == {"issue": "Refund request", "slug": "refund-request",
                                      "score": found["candidates"][0]["score"], "matched": ["refund"]}
    assert found["why"] == {"text": "Issue type names are the seed's; every other search word is ours",
                            "link": "interpretations/#search-vocabulary"}


def test_the_site_searchs_offer_knows_which_queries_are_the_seeds_names(matrix):
    """Only an issue type's own name (or slug) is the seed's: an offer for any other query says the words are ours."""
    table = answers.wizard_suggestions(matrix)
    assert table["queries"]["money back"] == "refund-request" and "money back" not in table["named"]
    assert table["queries"]["refund request"] == "refund-request" and "refund request" in table["named"]
    assert set(table["named"]) <= set(table["queries"])
    names = {" ".join(t.lower().split()) for i in matrix.issue_types for t in (i.name, i.slug.replace("-", " "))}
    assert set(table["named"]) == names & set(table["queries"])
    synonyms = {" ".join(s.lower().split()) for i in matrix.issue_types for s in i.our_vocabulary.synonyms}
    assert not (set(table["named"]) & (synonyms - names))
    assert table["why"]["link"] == "interpretations/#search-vocabulary"


def test_the_answer_table_stores_each_part_once_over_only_the_axes_it_varies_with(matrix):
    table = answers.answer_table(matrix)
    assert (len(table["issue"]), len(table["severity"]), len(table["channel"])) == (23, 5, 4)
    assert table["severity"][0] is None and table["channel"][0] is None
    columns = {(c["top"], c["key"]): c for c in table["columns"]}
    assert set(columns) == {("route", key) for key in route_answer(route(matrix, "fraud-suspicion"))} | {
        ("message_defaults", None)}
    assert columns["route", "owner"]["axes"] == ["issue"] and len(columns["route", "owner"]["values"]) < 23
    assert columns["route", "severity"]["axes"] == ["severity"]
    assert columns["route", "channel"]["axes"] == ["channel"]
    assert columns["route", "tier_responses"]["axes"] == ["issue", "severity", "channel"]
    assert columns["message_defaults", None]["axes"] == ["issue", "severity"]
    for column in table["columns"]:
        keys = [json.dumps(v, sort_keys=True) for v in column["values"]]
        assert len(keys) == len(set(keys)), column["key"]
    # Decoding by hand, as table.js does, gives the core's answer.
    i, s, c = table["issue"].index("fraud-suspicion"), table["severity"].index("P1"), table["channel"].index("chat")
    at = {"issue": i, "severity": s, "channel": c}
    decoded: dict = {}
    for column in table["columns"]:
        index = column["index"]
        for axis in column["axes"]:
            index = index[at[axis]]
        value = column["values"][index]
        if column["key"] is None:
            decoded[column["top"]] = value
        else:
            decoded.setdefault(column["top"], {})[column["key"]] = value
    assert decoded == answers.answer(matrix, "fraud-suspicion", "P1", "chat")


# --- the build edge --------------------------------------------------------------------------------

def test_the_site_gets_the_wheel_the_data_and_pyodide(site, matrix):
    site_dir, written = site
    data = site_dir / "assets" / "wizard" / "data"
    shipped = read_data(data / "answers.json.gz")
    engine = json.loads((data / "engine.json").read_text(encoding="utf-8"))
    assert engine == {"wheel": written["wheel"].name, "tzdata": written["tzdata"].name, "directory_urls": True}
    assert (data / engine["wheel"]).is_file() and (site_dir / "assets" / "pyodide" / engine["tzdata"]).is_file()
    assert shipped["catalogue"] == answers.catalogue(matrix)
    assert read_data(data / "matrix.json.gz") == matrix.source
    for name in PYODIDE_FILES:
        assert (site_dir / "assets" / "pyodide" / name).stat().st_size > 0


def test_the_wheel_holds_the_core_the_browser_runs_and_nothing_else(site):
    """Every module of matrix/core/ the browser's entry reaches (imports inside functions too) and the package's
    own __init__; no edge, no YAML, and no core module the browser never runs (the comparison of two versions)."""
    wheel = site[1]["wheel"]
    assert wheel.name.endswith("-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = next(n for n in names if n.endswith(".dist-info/WHEEL"))
        assert "Root-Is-Purelib: true" in archive.read(metadata).decode()
    shipped = {n for n in names if ".dist-info/" not in n}
    core = {p.relative_to(ROOT).as_posix() for p in (ROOT / "matrix" / "core").rglob("*.py")}
    reached = {p.relative_to(ROOT).as_posix() for p in browser_modules(ROOT)}
    assert shipped == reached and shipped <= core | {"matrix/__init__.py"}
    assert {"matrix/__init__.py", "matrix/core/__init__.py", "matrix/core/answers/browser.py",
            "matrix/core/rules/routing.py", "matrix/core/consistency.py", "matrix/core/answers/drills.py"} <= shipped
    assert "matrix/core/changes.py" in core and "matrix/core/changes.py" not in shipped
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".yaml", ".json"))]


def test_pip_installs_the_wheel_and_its_record_matches(site, tmp_path):
    """A standard wheel, not just a zip: pip checks the RECORD's hashes as it installs."""
    target = tmp_path / "installed"
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                             "--disable-pip-version-check", "--target", str(target), str(site[1]["wheel"])],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (target / "matrix" / "core" / "answers" / "browser.py").is_file()
    assert not (target / "matrix" / "cli.py").exists() and not (target / "matrix" / "source.py").exists()


def test_the_core_from_the_wheel_imports_and_answers_without_pyyaml(site, tmp_path):
    """What Pyodide does, in CPython: only the wheel on the path, and `import yaml` made to fail."""
    wheel, matrix_json = site[1]["wheel"], site[1]["matrix"]
    script = f"""
import sys
sys.path[:] = [p for p in sys.path if "site-packages" not in p and p not in ("", {str(ROOT)!r})]
sys.path.insert(0, {str(wheel)!r})
class NoYaml:
    def find_spec(self, name, path=None, target=None):
        if name == "yaml" or name.startswith("yaml."):
            raise ImportError("PyYAML is not in the browser")
sys.meta_path.insert(0, NoYaml())
import matrix, json
from matrix.core.answers.browser import responder
assert matrix.__file__.startswith({str(wheel)!r}), matrix.__file__
import gzip
respond = responder(gzip.decompress(open({str(matrix_json)!r}, "rb").read()).decode())
print(json.loads(respond('{{"kind": "route", "issue": "fraud-suspicion", "severity": "P1"}}'))["route"]["owner"]["name"])
"""
    result = subprocess.run([sys.executable, "-I", "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "T&S Team"


def test_the_browser_imports_are_read_from_every_module_the_worker_reaches():
    """Imports inside functions count (difflib, zoneinfo); the CLI's and the build's never reach the browser."""
    imports = stdlib_bytecode.browser_imports(ROOT)
    assert {"dataclasses", "json", "re", "difflib", "zoneinfo", "datetime"} <= set(imports)
    assert not {"argparse", "subprocess", "zipfile", "yaml", "jinja2"} & set(imports)


def test_the_site_ships_pyodides_standard_library_with_bytecode_for_what_the_worker_imports(site):
    compiled = site[1]["stdlib"]
    assert compiled == site[0] / "assets" / "pyodide" / "python_stdlib_compiled.zip"
    with zipfile.ZipFile(site[0] / "assets" / "pyodide" / "python_stdlib.zip") as stock, \
            zipfile.ZipFile(compiled) as archive:
        stock_names, names = set(stock.namelist()), set(archive.namelist())
        bytecode = {name for name in names if name.endswith(".pyc")}
        # Every module is still there, once: as bytecode or as the same source.
        assert {name.removesuffix("c") for name in names} == stock_names
        assert all(archive.read(name) == stock.read(name) for name in names - bytecode)
        # Started with (asyncio, dataclasses) or imported by the matrix (difflib, zoneinfo): bytecode;
        # never imported by either: left as source.
        assert {"asyncio/__init__.pyc", "dataclasses.pyc", "json/__init__.pyc", "difflib.pyc",
                "zoneinfo/__init__.pyc", "datetime.pyc"} <= bytecode
        assert {"argparse.py", "tomllib/__init__.py", "sqlite3/__init__.py"} & stock_names <= names
        headers = {archive.read(name)[:8] for name in bytecode}
        # PEP 552 header: one interpreter's magic number, and "unchecked hash" (no source beside it to check).
        assert len(headers) == 1 and next(iter(headers))[4:8] == (1).to_bytes(4, "little")
        assert 100 < len(bytecode) < len(stock_names) / 2


def test_compiling_the_standard_library_without_node_says_what_to_do(site, tmp_path, monkeypatch):
    monkeypatch.setattr(stdlib_bytecode.tempfile, "tempdir", str(tmp_path))  # nothing cached yet
    monkeypatch.setattr(shutil, "which", lambda name: None)  # no Node on PATH
    pyodide = tmp_path / "pyodide"
    pyodide.mkdir()
    shutil.copyfile(site[0] / "assets" / "pyodide" / "python_stdlib.zip", pyodide / "python_stdlib.zip")
    with pytest.raises(PrerequisiteError, match=r"^Compiling Pyodide's standard library for the wizard needs Node.js, "
                       r"and node is not on PATH: install Node.js 20 with npm, then run scripts/setup \(npm ci\)$"):
        stdlib_bytecode.compiled_stdlib(pyodide, ROOT)
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == [pyodide / "python_stdlib.zip"]  # nothing cached


def test_a_compile_that_fails_or_hangs_says_so_in_one_line_and_caches_nothing(site, tmp_path, monkeypatch):
    """Real Node: given a folder without Pyodide's loader it fails; given no time, it is stopped."""
    monkeypatch.setattr(stdlib_bytecode.tempfile, "tempdir", str(tmp_path))  # nothing cached yet
    broken = tmp_path / "broken"
    broken.mkdir()
    shutil.copyfile(site[0] / "assets" / "pyodide" / "python_stdlib.zip", broken / "python_stdlib.zip")
    with pytest.raises(PrerequisiteError, match=r"^Compiling Pyodide's standard library with \S*node failed: .+") as failed:
        stdlib_bytecode.compiled_stdlib(broken, ROOT)
    assert "\n" not in str(failed.value)
    monkeypatch.setattr(stdlib_bytecode, "COMPILE_SECONDS", 0.05)
    with pytest.raises(PrerequisiteError, match=r"took more than 0.05 s and was stopped$"):
        stdlib_bytecode.compiled_stdlib(site[0] / "assets" / "pyodide", ROOT)
    assert not list((tmp_path / "escalation-matrix-stdlib").rglob("*.zip*"))


def test_the_tzdata_wheel_is_the_installed_zone_data_without_what_zoneinfo_never_reads(site, tmp_path):
    """Self-hosted beside Pyodide, repacked from the installed distribution (no network at build time)."""
    from importlib import metadata

    wheel = site[1]["tzdata"]
    version = metadata.version("tzdata")
    assert wheel.parent.name == "pyodide" and wheel.name == f"tzdata-{version}-py2.py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        record = archive.read(f"tzdata-{version}.dist-info/RECORD").decode().splitlines()
        for line in record[:-1]:
            name, digest, size = line.split(",")
            assert name in names and digest.startswith("sha256=") and int(size) == archive.getinfo(name).file_size
        assert len(record) == len(names)
    zones = set((metadata.distribution("tzdata").locate_file("tzdata/zones")).read_text().split())
    assert {f"tzdata/zoneinfo/{zone}" for zone in zones} <= names  # every zone a browser may report
    assert {"tzdata/zoneinfo/Europe/Berlin", "tzdata/zoneinfo/Asia/Calcutta", "tzdata/zones"} <= names
    assert not [n for n in names if n.endswith((".zi", ".tab", ".pyc"))]
    assert wheel.stat().st_size <= 320 * 1024
    again = wizard_build.tzdata_wheel(tmp_path)
    assert again.read_bytes() == wheel.read_bytes()  # the same bytes each build: caches keep it


def test_zoneinfo_reads_the_shipped_tzdata_wheel(site, tmp_path):
    """What Pyodide does, in CPython: the wheel unpacked, no system zone files, zoneinfo finds its zones."""
    with zipfile.ZipFile(site[1]["tzdata"]) as archive:
        archive.extractall(tmp_path / "unpacked")
    script = """
import sys, zoneinfo
zoneinfo.reset_tzpath([])
from datetime import datetime
berlin = datetime(2026, 7, 1, 12, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin"))
import tzdata
print(tzdata.__file__.startswith(sys.argv[1]), berlin.utcoffset(), len(zoneinfo.available_timezones()) > 400)
"""
    unpacked = str(tmp_path / "unpacked")
    result = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {unpacked!r})\n" + script,
                             unpacked], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "2:00:00", "True"]


def test_the_wheel_is_the_same_bytes_until_the_core_changes(tmp_path):
    first = build_wheel(tmp_path / "a")
    second = build_wheel(tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()  # HTTP caches keep it
    copy = tmp_path / "copy"
    shutil.copytree(ROOT / "matrix", copy / "matrix", ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "matrix" / "core" / "slugs.py").write_text("# changed\n", encoding="utf-8")
    assert build_wheel(tmp_path / "c", copy).read_bytes() != first.read_bytes()


def test_pyodide_must_be_the_pinned_version(tmp_path):
    assert pyodide_source(ROOT).joinpath("pyodide.asm.wasm").is_file()
    package = json.loads((ROOT / "package.json").read_text())
    assert package["dependencies"]["pyodide"] == "314.0.7"
    (tmp_path / "package.json").write_text(json.dumps({"dependencies": {"pyodide": "314.0.7"}}))
    with pytest.raises(PrerequisiteError, match=r"Pyodide is not installed .* run scripts/setup \(npm ci\)"):
        pyodide_source(tmp_path)
    installed = tmp_path / "node_modules" / "pyodide"
    installed.mkdir(parents=True)
    (installed / "package.json").write_text(json.dumps({"version": "0.27.0"}))
    with pytest.raises(PrerequisiteError, match="Expected pyodide 314.0.7 .* but node_modules has 0.27.0"):
        pyodide_source(tmp_path)
    (installed / "package.json").write_text(json.dumps({"version": "314.0.7"}))  # the pinned one, half installed
    (installed / "pyodide.mjs").write_text("")
    with pytest.raises(PrerequisiteError, match=r"lacks pyodide.asm.mjs, pyodide.asm.wasm, python_stdlib.zip, "
                                                r"pyodide-lock.json: .*run scripts/setup \(npm ci\)$"):
        pyodide_source(tmp_path)


def test_the_lock_file_pins_pyodide_with_an_integrity_hash():
    lock = json.loads((ROOT / "package-lock.json").read_text())
    entry = lock["packages"]["node_modules/pyodide"]
    assert entry["version"] == "314.0.7" and entry["integrity"].startswith("sha512-")


def test_every_page_loads_the_wizard_loader_as_a_module_once():
    from mkdocs.config.defaults import MkDocsConfig

    config = MkDocsConfig()
    config.load_dict({"site_name": "x"})
    config.validate()
    wizard_build.add_page_assets(config)
    wizard_build.add_page_assets(config)
    scripts = [s for s in config.extra_javascript if str(s) == wizard_build.SCRIPT]
    assert len(scripts) == 1 and scripts[0].type == "module"
    assert config.extra_css.count(wizard_build.STYLESHEET) == 1


def test_the_built_site_has_the_wizard_page_with_its_contract(built_site):
    page = (built_site / "wizard" / "index.html").read_text(encoding="utf-8")
    assert 'id="answer"' in page and 'aria-live="polite"' in page and 'data-state="loading"' in page
    assert '<script src="../assets/wizard/boot.js" type="module">' in page
    for control in ("issue-search", "issue", "can-action", "can-role", "can-amount"):
        assert f'<label for="{control}">' in page
    assert (built_site / "assets" / "wizard" / "data" / "answers.json.gz").is_file()
    assert (built_site / "assets" / "pyodide" / "pyodide.asm.wasm").is_file()
    other = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'assets/wizard/boot.js" type="module"' in other  # reachable by instant navigation too


@pytest.mark.parametrize("url, element", [("wizard/", "wizard"), ("drills/", "drills")])
def test_the_start_fallback_is_a_classic_script_before_the_pages_element(built_site, url, element):
    """fallback.js must be listening before the page's start module can fail, and run where modules do not."""
    page = (built_site / url / "index.html").read_text(encoding="utf-8")
    tag = '<script src="../assets/wizard/fallback.js"></script>'
    assert page.count(tag) == 1 and page.index(tag) < page.index(f'<div id="{element}"')
    assert page.count('<p data-field="cannot-start" hidden>') == 1  # the page's own words for it
    source = (built_site / "assets" / "wizard" / "fallback.js").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(import|export)\b", source, re.MULTILINE)
    others = [path for path in built_site.rglob("index.html") if path.parent.name not in ("wizard", "drills")]
    assert others and not any("fallback.js" in path.read_text(encoding="utf-8") for path in others)


# --- the wizard page's early start (hooks/overrides/wizard.html) ------------------------------------

EARLY_MODULES = ("boot", "data", "words", "wizard", "render", "table", "dom", "status")


def head_elements(page: Path) -> list:
    return [child for child in parse_html(page.read_text(encoding="utf-8")).find("head").children
            if not isinstance(child, str)]


def early_start(elements: list) -> list:
    """The early start's elements: the engine's module script, the answers' preload, the module preloads."""
    return [e for e in elements if (e.tag == "script" and "data-start" in e.attrs)
            or (e.tag == "link" and e.attrs.get("rel") in ("preload", "modulepreload"))]


def assert_starts_python_from_the_head(page: Path):
    """The early start leads the head, after the charset and before the theme's stylesheets and scripts,
    and every address in it names a file of the built site, relative to the page."""
    elements = head_elements(page)
    early = early_start(elements)
    script, preload, *modules = early
    assert (script.tag, script.attrs["type"], script.attrs["data-start"]) == ("script", "module", "early")
    assert "async" in script.attrs and not script.text.strip()
    assert script.attrs["src"].endswith("assets/wizard/engine.js")
    assert preload.attrs["href"].endswith("assets/wizard/data/answers.json.gz")
    assert (preload.attrs["as"], preload.attrs["crossorigin"]) == ("fetch", None)  # as boot.js fetches it
    assert [m.attrs["href"].rsplit("/", 1)[-1] for m in modules] == [f"{name}.js" for name in EARLY_MODULES]
    for element in early:
        assert (page.parent / (element.attrs.get("src") or element.attrs["href"])).resolve().is_file(), element.attrs
    positions = [elements.index(element) for element in early]
    assert elements[0].tag == "meta" and elements[0].attrs.get("charset") == "utf-8"
    first_stylesheet = next(i for i, e in enumerate(elements) if e.attrs.get("rel") == "stylesheet")
    first_other_script = next(i for i, e in enumerate(elements) if e.tag == "script" and e is not script)
    assert max(positions) < min(first_stylesheet, first_other_script)


def test_the_built_wizard_page_starts_python_from_the_top_of_its_head(built_site):
    assert_starts_python_from_the_head(built_site / "wizard" / "index.html")


def test_no_other_page_starts_python_early(built_site):
    pages = [page for page in built_site.rglob("*.html") if page != built_site / "wizard" / "index.html"]
    assert len(pages) >= 15 and built_site / "drills" / "index.html" in pages
    for page in pages:
        assert early_start(head_elements(page)) == [], page


def test_one_script_starts_the_worker_and_no_page_inlines_it(built_site):
    """engine.js alone starts the Python worker; the built pages only load it."""
    starters = {path.name for path in (ROOT / "docs" / "assets").rglob("*.js") if "new Worker(" in path.read_text()}
    assert starters == {"engine.js"}
    for page in built_site.rglob("*.html"):
        inline = [s.text for s in parse_html(page.read_text(encoding="utf-8")).find_all("script") if "src" not in s.attrs]
        assert inline and not [text for text in inline if "new Worker(" in text], page


def test_the_early_start_works_without_directory_urls(tmp_path):
    """With `use_directory_urls: false` the page is wizard/index.html and its addresses follow it."""
    config = portable_config()
    config["use_directory_urls"] = False
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = mkdocs_build(tmp_path / "site", config=tmp_path / "mkdocs.yml")
    assert result.returncode == 0, result.stderr
    assert_starts_python_from_the_head(tmp_path / "site" / "wizard" / "index.html")


def test_the_wizards_own_code_and_data_stay_within_200_kb(built_site):
    """The issue's budget over Pyodide itself: scripts, styles, the wheel, the matrix, the answers.

    A file's gzip copy beside it (for servers that send it compressed) is the same file again, not more."""
    files = [f for f in (built_site / "assets" / "wizard").rglob("*") if f.is_file()
             and not (f.suffix == ".gz" and f.with_suffix("").is_file())]
    sizes = {str(f.relative_to(built_site)): f.stat().st_size for f in files}
    assert len(files) >= 10
    assert sum(sizes.values()) <= 200 * 1024, sorted(sizes.items(), key=lambda item: -item[1])
