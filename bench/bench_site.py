"""What the site's hooks cost, and how the whole build grows with the matrix. Prints figures.

    .venv/bin/python bench/bench_site.py [--runs 5] [--scale-runs 3] [--update-docs]

1. Hooks against static files: `mkdocs build` with the hooks that write the runbook and the wizard
   (hooks/runbook.py generates the runbook's pages, hooks/wizard.py writes the wizard's wheel, data
   and Pyodide, hooks/search.py the search's table of wizard offers), against a baseline built in
   the same run from that same output written beforehand: the generated pages as Markdown files,
   every file the wizard's and the search's hooks write as static files in the docs folder, and the
   scripts and stylesheet those hooks add to every page named in the configuration; no hooks. Both
   builds write the same files (checked). Target: the hooks add at most 30 %.
2. Scale: the full build, every hook of mkdocs.yml included (also the change page, the calendar
   feeds, the data API and the deploy hook's headers and gzip copies), from synthetic matrices 1×, 10× and 100× the
   seed's issue types (teams and actions scaled alike), with each build's peak memory. Targets:
   growth linear; 100× builds in at most 10× the seed's time.

Every build is a real `mkdocs build` in a fresh process; its CPU time and peak memory are that
process's own (with Node's, when the build runs it), read by a small process that starts it alone. Figures are medians; ratios are
medians of the ratios within each round, so load that drifts during the run cancels out.
`--update-docs` writes them into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from common import ROOT, update_docs  # a sibling module; it puts the project first on the path

sys.path.insert(0, str(ROOT / "tests"))  # the synthetic matrices live with the tests that guard linearity

from matrix.core.answers.browser import wizard_suggestions  # noqa: E402
from matrix.core.answers.links import Links  # noqa: E402
from matrix.site import Runbook, fill_summary, search, wizard_build  # noqa: E402
from matrix.site.loaded import LoadedMatrix  # noqa: E402
from matrix.source import DEFAULT_PATH, parse_matrix_text, read_matrix_file  # noqa: E402
from matrix_data import scaled, size, write_scaled  # noqa: E402

HOOKS = [ROOT / "hooks" / name for name in ("runbook.py", "wizard.py", "search.py")]
"""The hooks part 1 sets against static files: the others' output (the change page, the feeds and the
API, the deploy hook's headers and gzip copies) has no static form to compare with; bench_changes.py and
bench_feeds.py measure the first two. Both builds of part 1 run without them."""
ALL_HOOKS = [ROOT / hook for hook in yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["hooks"]]
"""Every hook the site is built with (mkdocs.yml): what part 2, the full build, runs."""
TEMPLATES = ROOT / "hooks" / "templates"
DOCS = ROOT / "docs"
COMMAND = ".venv/bin/python bench/bench_site.py"
SECTION = "Site build"  # the heading of this benchmark's figures in docs/benchmarks.md
FACTORS = (1, 10, 100)
SCALE_TARGET = 10.0
"""100× the seed's issue types builds in at most this many times the seed's time."""
LINEAR = 11.0
"""(t100 − t1) / (t10 − t1) for a build that grows exactly linearly (quadratic: 101)."""
LINEAR_MARGIN = 1.3
"""Growth is judged linear up to this many times `LINEAR`: a larger heap makes each step a little
slower (memory, the garbage collector), which is not work that grows with the matrix."""


# --- configurations --------------------------------------------------------------------------------

def write_config(folder: Path, docs_dir: Path, hooks: list[Path], static: bool = False) -> Path:
    """mkdocs.yml with absolute paths, so it works from a temporary folder.

    `static`: no hooks, and the scripts and stylesheet the wizard's and the search's hooks add to
    every page (as those hooks add them: modules, after the configured ones) named here instead.
    """
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs_dir)
    config["hooks"] = [str(hook) for hook in hooks]
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    config.pop("watch", None)
    if static:
        config["extra_javascript"] = [*config.get("extra_javascript", []),
                                      {"path": wizard_build.SCRIPT, "type": "module"},
                                      {"path": search.SCRIPT, "type": "module"}]
        config["extra_css"] = [*config.get("extra_css", []), wizard_build.STYLESHEET]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_static_docs(folder: Path, matrix_path: Path) -> Path:
    """The hand-written pages, every generated page as Markdown, and every file the wizard's and the
    search's hooks write, in a docs folder that MkDocs copies as it is."""
    docs = folder / "docs"
    shutil.copytree(DOCS, docs)
    runbook = Runbook.from_path(matrix_path, TEMPLATES)
    for page, content in runbook.pages().items():
        (docs / page).write_text(content, encoding="utf-8")
    index = docs / "index.md"
    index.write_text(fill_summary(index.read_text(encoding="utf-8"), runbook.summary()), encoding="utf-8")
    wizard_build.write_site_assets(docs, runbook.matrix, root=ROOT)
    search.write_suggestions(docs, runbook.matrix)
    return docs


# --- one build -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Build:
    wall: float
    cpu: float
    """User + system CPU seconds of the build process: what the build costs, whatever else runs."""
    peak: float
    """The build process's peak resident memory, in MB."""


# Runs one command and prints its CPU time, wall time and peak memory as JSON. A process started from
# this benchmark's would report at least the benchmark's own peak memory (Linux keeps a process's peak
# across exec), so each build is started from this small, fresh one, which reads its only child's.
MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:]).returncode
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": code, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_kb": usage.ru_maxrss}))
"""


def build(config: Path, site: Path, matrix_path: Path) -> Build:
    """`mkdocs build` in a fresh process, measured by the kernel's account of that process alone."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ESCALATION_MATRIX": str(matrix_path)}
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config),
               "--site-dir", str(site)]
    result = subprocess.run([sys.executable, "-I", "-c", MEASURE, *command], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    measured = json.loads(result.stdout.splitlines()[-1]) if result.returncode == 0 else {"code": result.returncode}
    if measured["code"] != 0:
        raise SystemExit(f"mkdocs build failed ({config}):\n{result.stderr}")
    return Build(measured["wall"], measured["cpu"], measured["peak_kb"] / 1024)  # ru_maxrss: KB on Linux


def site_files(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


# --- where the time of a build goes ------------------------------------------------------------------

def our_steps(matrix_path: Path) -> dict[str, float]:
    """CPU seconds of each step the hooks ask of the project's code, in this process (MkDocs' own
    work, the theme and copying files are the rest of a build)."""
    steps = {}

    def timed(name: str, work):
        start = time.process_time()
        result = work()
        steps[name] = time.process_time() - start
        return result

    loaded = timed("Reading and checking the matrix", lambda: LoadedMatrix.from_file(read_matrix_file(matrix_path)))
    timed("Runbook pages (Jinja2)", lambda: Runbook(loaded, TEMPLATES, matrix_path.name).pages())
    timed(TABLE, lambda: wizard_build.precomputed_table(loaded.matrix, Links()))
    timed("Search's wizard offers", lambda: wizard_suggestions(loaded.matrix, Links()))
    return steps


TABLE = "Wizard's answer table"


def table_share_note(table: float, seed_build: float) -> str:
    share = table / seed_build
    return (f"{table:.1f} s, {share:.1f}× the seed's whole build"
            + (f": the {SCALE_TARGET:.0f}× target cannot be met while the build precomputes every case." if share > SCALE_TARGET
               else "."))


def cases(data: dict) -> int:
    """How many answers the wizard's table holds: every issue type × severity (or none) × channel (or none)."""
    issue_types = sum(len(category["issue_types"]) for category in data["categories"])
    return issue_types * (len(data["severities"]) + 1) * (len(data["channels"]) + 1)


# --- the run -----------------------------------------------------------------------------------------

def median_build(builds: list[Build]) -> Build:
    return Build(*(statistics.median(getattr(b, name) for b in builds) for name in ("wall", "cpu", "peak")))


def _ratio(over: list[Build], under: list[Build], measure: str = "cpu") -> float:
    """The median of each round's ratio."""
    return statistics.median(getattr(a, measure) / getattr(b, measure) for a, b in zip(over, under))


def _runs(builds: list[Build]) -> str:
    return ", ".join(f"{b.cpu:.2f}" for b in builds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="seed builds of each kind (the median is reported)")
    parser.add_argument("--scale-runs", type=int, default=3, help="rounds of the 1×, 10× and 100× builds")
    parser.add_argument("--update-docs", action="store_true",
                        help=f'write the "## {SECTION}" section of docs/benchmarks.md')
    args = parser.parse_args()

    seed = parse_matrix_text(DEFAULT_PATH.read_text(encoding="utf-8"), str(DEFAULT_PATH)).data
    lines = []
    with tempfile.TemporaryDirectory(prefix="bench-site-") as temp:
        temp = Path(temp)
        hooked = write_config(temp / "hooked", DOCS, HOOKS)
        static = write_config(temp / "static", write_static_docs(temp / "static", DEFAULT_PATH), [], static=True)
        full = write_config(temp / "full", DOCS, ALL_HOOKS)

        # Once each, unmeasured: caches (compiled templates, Pyodide's compiled standard library) warm
        # up, and the two builds must write the same files, or the comparison would not be fair.
        build(hooked, temp / "site-hooked", DEFAULT_PATH)
        build(static, temp / "site-static", DEFAULT_PATH)
        differ = site_files(temp / "site-hooked") ^ site_files(temp / "site-static")
        if differ:
            raise SystemExit(f"The static baseline does not build the same site; files in one only: {sorted(differ)}")

        # 1. Hooks against static files, interleaved so both see the same machine load.
        hooked_runs, static_runs = [], []
        for _ in range(args.runs):
            hooked_runs.append(build(hooked, temp / "site", DEFAULT_PATH))
            static_runs.append(build(static, temp / "site", DEFAULT_PATH))
        with_hooks, without = median_build(hooked_runs), median_build(static_runs)
        overhead = (_ratio(hooked_runs, static_runs) - 1) * 100
        wall_overhead = (_ratio(hooked_runs, static_runs, "wall") - 1) * 100
        lines += [
            "| Build (seed matrix) | CPU time | Wall time | Peak memory | CPU time of each run |",
            "| --- | ---: | ---: | ---: | --- |",
            f"| Static files, no hooks (baseline) | {without.cpu:.2f} s | {without.wall:.2f} s | {without.peak:.0f} MB "
            f"| {_runs(static_runs)} |",
            f"| The runbook's and the wizard's hooks | {with_hooks.cpu:.2f} s | {with_hooks.wall:.2f} s "
            f"| {with_hooks.peak:.0f} MB | {_runs(hooked_runs)} |",
            "",
            "The baseline is built from the runbook's generated pages written out as Markdown; the wizard's wheel, "
            "data, Pyodide and compiled standard library and the search's table of wizard offers as files in the "
            "docs folder; the scripts and stylesheet the hooks add named in mkdocs.yml. The other build runs "
            "hooks/runbook.py, hooks/wizard.py and hooks/search.py on the matrix file.",
            "",
            f"Both write the same {len(site_files(temp / 'site-hooked'))} files. The hooks add **{overhead:+.0f} %** "
            f"CPU time to the build ({wall_overhead:+.0f} % wall time; median of the ratios of back-to-back "
            "builds); target at most +30 %: " + ("met." if overhead <= 30 else "**not met**."),
            "",
        ]

        # 2. Scale: the full build, in rounds of 1×, 10× and 100×.
        paths = {1: DEFAULT_PATH}
        for factor in FACTORS[1:]:
            paths[factor] = write_scaled(seed, factor, temp / f"matrix-{factor}x.yaml")
        runs: dict[int, list[Build]] = {factor: [] for factor in FACTORS}
        for _ in range(args.scale_runs):
            for factor in FACTORS:
                runs[factor].append(build(full, temp / "site", paths[factor]))
        steps = {factor: our_steps(paths[factor]) for factor in FACTORS}

    lines += ["| Matrix | Size | CPU time | × seed | Wall time | × seed | Peak memory | × seed |",
              "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for factor in FACTORS:
        median = median_build(runs[factor])
        lines.append(f"| {factor}× | {size(scaled(seed, factor))} | {median.cpu:.2f} s | {_ratio(runs[factor], runs[1]):.1f}× "
                     f"| {median.wall:.2f} s | {_ratio(runs[factor], runs[1], 'wall'):.1f}× "
                     f"| {median.peak:.0f} MB | {_ratio(runs[factor], runs[1], 'peak'):.1f}× |")
    seed_runs, ten, hundred_runs = (runs[factor] for factor in FACTORS)
    hundred = _ratio(hundred_runs, seed_runs)
    growth = statistics.median((h.cpu - s.cpu) / (t.cpu - s.cpu) for s, t, h in zip(seed_runs, ten, hundred_runs))
    lines += [
        "",
        f"100× builds in **{hundred:.1f}×** the seed's CPU time; target at most {SCALE_TARGET:.0f}×: "
        + ("met." if hundred <= SCALE_TARGET else "**not met**.")
        + f" Growth: the time above the seed's, (100× − 1×) / (10× − 1×) = **{growth:.1f}** (exactly linear: "
        f"{LINEAR:.0f}; quadratic: 101); judged linear up to {LINEAR * LINEAR_MARGIN:.1f}: "
        + ("met." if growth <= LINEAR * LINEAR_MARGIN else "**not met**."),
        "",
        "Where the time goes: CPU seconds of the steps the hooks ask of the project's code, measured apart in "
        "one process (the rest of a build is MkDocs' own work on the pages, the theme, and copying files).",
        "",
        "| Step | " + " | ".join(f"{factor}×" for factor in FACTORS) + " |",
        "| --- | " + " | ".join("---:" for _ in FACTORS) + " |",
        *(f"| {step} | " + " | ".join(f"{steps[factor][step]:.2f} s" for factor in FACTORS) + " |"
          for step in steps[1]),
        "| The whole build (median above) | " + " | ".join(f"{median_build(runs[f]).cpu:.2f} s" for f in FACTORS) + " |",
        "",
        "How to read it: the steps grow linearly with the matrix (tests/core/test_scale.py holds the answer "
        "table, an answer and the search index to it by counting their work), the search's offers a little "
        "faster: each search word is ranked against every issue type that shares a word with it, and the scaled "
        "copies share all their words. Most of the seed's build is what any build of the site costs (the static "
        f"baseline: {without.cpu:.2f} s), so 100× the matrix costs far more than 10× the seed's build. At 100× "
        "the wizard's answer table alone, one answer for each of its "
        f"{cases(scaled(seed, FACTORS[-1])):,} cases (issue type × severity or none × channel or none), takes "
        f"{table_share_note(steps[FACTORS[-1]][TABLE], median_build(seed_runs).cpu)}",
    ]

    machine = (f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPU(s), "
               f"mkdocs {_version('mkdocs')}, mkdocs-material {_version('mkdocs-material')}")
    report = "\n".join([
        f"Measured with `{COMMAND} --runs {args.runs} --scale-runs {args.scale_runs}` ({machine}, load average "
        f"{os.getloadavg()[0]:.1f} at the end). Each build is a fresh `mkdocs build` process, start-up included, "
        "its CPU time and peak memory are its own; the scale builds run every hook of mkdocs.yml. Targets are judged on CPU time, which other "
        "work on a shared machine inflates less than wall time (shown beside it), as medians of the ratios "
        "within each round of builds.", "", *lines])
    print(report)
    if args.update_docs:
        update_docs(SECTION, report)


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


if __name__ == "__main__":
    main()
