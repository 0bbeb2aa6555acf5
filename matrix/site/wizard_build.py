"""The wizard's build-time edge: the `matrix` wheel, the data it answers from, and self-hosted Pyodide.

Called by hooks/wizard.py while MkDocs builds the site, and by the tests. Layout of the output:

    assets/wizard/data/answers.json.gz  the form's choices and every precomputed routing answer
    assets/wizard/data/matrix.json.gz   the validated matrix (`escalate export`, compact), loaded by Pyodide
    assets/wizard/data/engine.json      what the Python worker installs: the two wheels' file names
    assets/wizard/data/<wheel>          the pure core (`matrix.core`) as a standard wheel
    assets/pyodide/                     Pyodide's core files from node_modules (npm `pyodide`)
    assets/pyodide/<tzdata wheel>       IANA time-zone data for zoneinfo, which Pyodide's core lacks
    assets/pyodide/python_stdlib_compiled.zip   its standard library with bytecode for what the worker imports

Does I/O; never imported by the core or in the browser.
"""

from __future__ import annotations

import base64
import contextlib
import gc
import gzip
import hashlib
import json
import re
import shutil
import zipfile
from importlib import metadata
from dataclasses import dataclass
from pathlib import Path

from ..core.answers.browser import answer_table, catalogue
from ..core.answers.links import Links
from ..core.wording import CHANGE_PAGE, RECENT_DAYS, RECENT_ROUTE_CHANGE
from ..core.model import Matrix
from .prerequisites import INSTALL_NODE, SETUP, PrerequisiteError, node_executable
from .stdlib_bytecode import browser_modules, compiled_stdlib

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = "assets/wizard/data"
PYODIDE_DIR = "assets/pyodide"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
"""The core the npm package ships; the wizard needs no other Pyodide package."""
SCRIPT = "assets/wizard/boot.js"
STYLESHEET = "assets/wizard/wizard.css"


def add_page_assets(config) -> None:
    """Load the wizard's loader and stylesheet on every page (instant navigation keeps the first page's scripts)."""
    from mkdocs.config.config_options import ExtraScriptValue

    if not any(str(script) == SCRIPT for script in config.extra_javascript):
        script = ExtraScriptValue(SCRIPT)
        script.type = "module"
        config.extra_javascript.append(script)
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)


def project_root(config) -> Path:
    """The folder with package.json: beside mkdocs.yml, or above docs/ for a config kept elsewhere."""
    candidates = [Path(config["config_file_path"]).resolve().parent, Path(config["docs_dir"]).resolve().parent]
    return next((folder for folder in candidates if (folder / "package.json").is_file()), candidates[0])


@dataclass(frozen=True)
class Prerequisites:
    """What the wizard's build takes from outside the project's Python code, found and ready to copy."""

    pyodide: Path
    """node_modules/pyodide, the version package.json pins, with every file the site ships."""
    stdlib: Path
    """Pyodide's standard library with bytecode for what the worker imports (compiled once, cached)."""


def prerequisites(root: Path = ROOT) -> Prerequisites:
    """Everything the wizard's build needs that the project's Python packages do not bring, or
    PrerequisiteError: one line naming what is missing and how to install it.

    hooks/wizard.py asks before MkDocs writes the site, so a build that cannot finish leaves the
    previous site as it was. Node is needed only to compile the standard library the first time.
    """
    pyodide = pyodide_source(root)
    tzdata_distribution()
    return Prerequisites(pyodide, compiled_stdlib(pyodide, root))


def write_site_assets(site_dir: Path, matrix: Matrix, root: Path = ROOT, directory_urls: bool = True,
                      ready: Prerequisites | None = None,
                      recent: dict[str, list[dict]] | None = None) -> dict[str, Path]:
    """Write the wheel, the matrix, the precomputed answers and Pyodide into a built site.

    `directory_urls`: how the site serves its pages (MkDocs' `use_directory_urls`), for the links
    the answers carry, precomputed here and answered by the worker. `ready`: `prerequisites(root)`,
    when the caller has checked them already.
    """
    ready = ready or prerequisites(root)
    site_dir = Path(site_dir)
    data_dir = site_dir / DATA_DIR
    data_dir.mkdir(parents=True, exist_ok=True)
    wheel = build_wheel(data_dir, root)
    pyodide = copy_pyodide(site_dir / PYODIDE_DIR, root)
    tzdata = tzdata_wheel(pyodide)
    stdlib = Path(shutil.copyfile(ready.stdlib, pyodide / ready.stdlib.name))
    links = Links(directory_urls)
    answers = {"catalogue": catalogue(matrix, links), "table": precomputed_table(matrix, links),
               "recent": {"heading": RECENT_ROUTE_CHANGE, "days": RECENT_DAYS, "link": links.changes(),
                          "link_text": CHANGE_PAGE, "issues": recent or {}}}
    written = {"wheel": wheel, "tzdata": tzdata,
               "engine": _write(data_dir / "engine.json", _compact({"wheel": wheel.name, "tzdata": tzdata.name,
                                                                    "directory_urls": directory_urls})),
               "answers": _write_gzip(data_dir / "answers.json.gz", _compact(answers)),
               # What `escalate export` prints, without its indentation: every byte here is downloaded.
               # `matrix` was validated when it was loaded, so the browser builds it without checking again.
               "matrix": _write_gzip(data_dir / "matrix.json.gz", _compact(matrix.source)),
               "pyodide": pyodide, "stdlib": stdlib}
    return written


def precomputed_table(matrix: Matrix, links: Links) -> dict:
    """`answer_table`, as the build makes it (see `_collector_paused`)."""
    with _collector_paused():
        return answer_table(matrix, links)


@contextlib.contextmanager
def _collector_paused():
    """Python's cycle collector off while the answer table is made: it keeps every distinct part of tens of
    thousands of answers, and each collection would walk them all again (a third of the table's time at 100×
    the seed). The answers hold no cycles, so nothing waits for the collector; it runs again after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _compact(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _write_gzip(path: Path, text: str) -> Path:
    """JSON the page unpacks itself (docs/assets/wizard/data.js): a sixth of its size to download.

    No name or time in the gzip header, so the same data gives the same bytes and HTTP caches keep it.
    """
    path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    return path


def read_data(path: Path):
    """A data file the build wrote (`.json.gz`), as the page reads it."""
    return json.loads(gzip.decompress(Path(path).read_bytes()).decode("utf-8"))


def pyodide_source(root: Path = ROOT) -> Path:
    """node_modules/pyodide, checked against the version package.json pins and for every file the site
    ships; PrerequisiteError (one line) otherwise."""
    pinned = json.loads((root / "package.json").read_text(encoding="utf-8"))["dependencies"]["pyodide"]
    folder = root / "node_modules" / "pyodide"
    manifest = folder / "package.json"
    # npm comes with Node: without it, installing Pyodide starts with installing Node.
    setup = SETUP if node_executable() else f"{INSTALL_NODE} (node is not on PATH), then {SETUP}"
    if not manifest.is_file():
        raise PrerequisiteError(f"Pyodide is not installed at {folder}: {setup}")
    installed = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    if installed != pinned:
        raise PrerequisiteError(f"Expected pyodide {pinned} (package.json) but node_modules has {installed}: {setup}")
    missing = [name for name in PYODIDE_FILES if not (folder / name).is_file()]
    if missing:
        raise PrerequisiteError(f"Pyodide at {folder} lacks {', '.join(missing)}: {setup}")
    return folder


def copy_pyodide(target: Path, root: Path = ROOT) -> Path:
    source = pyodide_source(root)
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copyfile(source / name, target / name)
    return target


def build_wheel(out_dir: Path, root: Path = ROOT) -> Path:
    """The browser's wheel: the modules of the pure core (`matrix/core/`) the browser runs, and
    `matrix/__init__.py` above them (`stdlib_bytecode.browser_modules`), nothing else. Every byte of it is
    downloaded by each new visitor, so a core module the browser never reaches stays out.

    Written directly as a standard wheel (a zip with its `.dist-info`, as the wheel format specifies),
    byte for byte the same for the same sources (fixed timestamps, sorted entries), so HTTP caches keep
    it. The edges, the YAML and the JSON Schema stay out: the browser runs none of them.
    """
    package = Path(root) / "matrix"
    sources = browser_modules(Path(root))
    version = _version(package / "__init__.py")
    info = f"{CORE_DISTRIBUTION}-{version}.dist-info"
    files = [(path.relative_to(root).as_posix(), path.read_bytes()) for path in sources
             if "__pycache__" not in path.parts]
    files += [
        (f"{info}/METADATA", (f"Metadata-Version: 2.1\nName: {CORE_DISTRIBUTION}\nVersion: {version}\n"
                              "Summary: The escalation matrix's pure core, as the browser runs it.\n"
                              "Requires-Python: >=3.11\n").encode()),
        (f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: matrix.site.wizard_build\nRoot-Is-Purelib: true\n"
                          b"Tag: py3-none-any\n"),
    ]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{CORE_DISTRIBUTION}-{version}-py3-none-any.whl"
    _write_wheel(target, files, info)
    return target


CORE_DISTRIBUTION = "escalation_matrix_core"
"""The wheel's distribution name: the core alone, apart from the project that ships the edges too."""


def _version(init: Path) -> str:
    found = re.search(r'^__version__ = "([^"]+)"', init.read_text(encoding="utf-8"), re.M)
    if found is None:
        raise RuntimeError(f"{init} sets no __version__")
    return found.group(1)


def _write_wheel(target: Path, files: list[tuple[str, bytes]], info: str) -> None:
    """A wheel of `files` with its RECORD (a hash per file), reproducible byte for byte."""
    record = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as wheel:
        for name, data in files:
            _add(wheel, name, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{name},sha256={digest},{len(data)}")
        record.append(f"{info}/RECORD,,")
        _add(wheel, f"{info}/RECORD", ("\n".join(record) + "\n").encode())


def tzdata_wheel(out_dir: Path) -> Path:
    """A wheel of the `tzdata` distribution installed here (a dependency of the site), written into `out_dir`.

    Pyodide's core has no time-zone data and would fetch `tzdata` from a CDN; the site ships its own
    instead, repacked from the installed files so the build needs no network, with every zone but
    without the files zoneinfo never reads. Byte for byte the same for the same installed version
    (fixed timestamps, sorted entries), so HTTP caches keep it.
    """
    dist = tzdata_distribution()
    info = f"tzdata-{dist.version}.dist-info"
    files = sorted((str(f), f.locate()) for f in dist.files if _ships(f.parts, info))
    tags = [line.split(": ", 1)[1] for line in dist.read_text("WHEEL").splitlines() if line.startswith("Tag: ")]
    python_tags = ".".join(dict.fromkeys(tag.split("-")[0] for tag in tags)) or "py3"
    target = Path(out_dir) / f"tzdata-{dist.version}-{python_tags}-none-any.whl"
    _write_wheel(target, [(name, Path(path).read_bytes()) for name, path in files], info)
    return target


def tzdata_distribution() -> metadata.Distribution:
    """The installed `tzdata` distribution; PrerequisiteError (one line) when it is not installed."""
    try:
        return metadata.distribution("tzdata")
    except metadata.PackageNotFoundError:
        raise PrerequisiteError("The wizard needs the 'tzdata' package for its time-aware answers: "
                                "run scripts/setup (pip install -e '.[site]')") from None


# zoneinfo reads only the compiled zone files and the list of zones; these text sources (a third of
# the compressed size) and pip's own records of the installation are left out.
_UNREAD = {"tzdata.zi", "zone.tab", "zone1970.tab", "zonenow.tab", "iso3166.tab", "leapseconds",
           "RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}


def _ships(parts: tuple[str, ...], info: str) -> bool:
    return "__pycache__" not in parts and parts[-1] not in _UNREAD and (parts[0] in ("tzdata", info))


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    archive.writestr(entry, data, compresslevel=9)
