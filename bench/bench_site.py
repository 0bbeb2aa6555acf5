"""How much the runbook hooks cost, and how the build grows with the matrix. Prints figures.

    .venv/bin/python bench/bench_site.py [--runs 5] [--update-docs]

1. Hooks against static pages: `mkdocs build` of the site with hooks/runbook.py generating the
   pages, against a baseline built in the same run from the same pages written out as static
   Markdown, with no hooks. Target: the hooks add at most 30 %.
2. Scale: synthetic matrices 10× and 100× the seed's size (issue types, teams, actions) built
   through the real hook. Target: linear growth; 100× builds in at most 10× the seed's time.

Every build is a real `mkdocs build` in a fresh process (the wizard's hook is left out of all of
them: it copies the same Pyodide files whatever the matrix, so it would only blur the comparison).
Figures are medians of `--runs` builds. `--update-docs` writes them into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
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

from matrix.site import Runbook, fill_summary
from matrix.source import DEFAULT_PATH, parse_matrix_text

HOOK = ROOT / "hooks" / "runbook.py"
TEMPLATES = ROOT / "hooks" / "templates"
DOCS = ROOT / "docs"
COMMAND = ".venv/bin/python bench/bench_site.py"
SECTION = "Site build"  # the heading of this benchmark's figures in docs/benchmarks.md


# --- configurations --------------------------------------------------------------------------------

class WrittenOut(yaml.SafeDumper):
    """Every value written where it is used: the scaled copies share objects, and a matrix file
    refuses the anchors and aliases PyYAML would write for them."""

    def ignore_aliases(self, data) -> bool:
        return True


def write_config(folder: Path, docs_dir: Path, hooks: list[Path]) -> Path:
    """mkdocs.yml with absolute paths, so it works from a temporary folder."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs_dir)
    config["hooks"] = [str(hook) for hook in hooks]
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    config.pop("watch", None)
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_static_docs(folder: Path, matrix_path: Path) -> Path:
    """The hand-written pages plus every generated page, written out as plain Markdown files."""
    docs = folder / "docs"
    shutil.copytree(DOCS, docs)
    runbook = Runbook.from_path(matrix_path, TEMPLATES)
    for page, content in runbook.pages().items():
        (docs / page).write_text(content, encoding="utf-8")
    index = docs / "index.md"
    index.write_text(fill_summary(index.read_text(encoding="utf-8"), runbook.summary()), encoding="utf-8")
    return docs


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float
    """User + system CPU seconds of the build process: what the build costs, whatever else runs."""


def build(config: Path, site: Path, matrix_path: Path) -> Timing:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ESCALATION_MATRIX": str(matrix_path)}
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config),
               "--site-dir", str(site)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build failed ({config}):\n{result.stderr}")
    return Timing(wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))


# --- synthetic matrices ----------------------------------------------------------------------------

def scaled(data: dict, factor: int) -> dict:
    """The seed matrix with `factor` copies of every team, issue type and authority action.

    Copies keep the seed's shape (owners, paths, leads and grants point at the same copy's teams;
    tiers are shared), so the validator accepts them and every page grows by the same factor.
    """
    teams = list(data["teams"])
    categories = list(data["categories"])
    rules = list(data["authority"]["rules"])
    team_ids = {team["id"] for team in data["teams"]}
    for copy in range(2, factor + 1):
        suffix = f"-c{copy}"

        def party(party_id: str) -> str:
            return party_id + suffix if party_id in team_ids else party_id

        def renamed(name: str) -> str:
            return f"{name} c{copy}"

        for team in data["teams"]:
            clone = {**team, "id": team["id"] + suffix, "name": renamed(team["name"])}
            if "aliases" in team:
                clone["aliases"] = [renamed(alias) for alias in team["aliases"]]
            if "lead" in team:
                clone["lead"] = party(team["lead"])
            teams.append(clone)
        for category in data["categories"]:
            categories.append({
                **category, "id": category["id"] + suffix, "name": renamed(category["name"]),
                "issue_types": [
                    {**issue, "name": renamed(issue["name"]), "owner": party(issue["owner"]),
                     "path": [{"any_of": [party(p) for p in step["any_of"]]} if isinstance(step, dict) else party(step)
                              for step in issue["path"]],
                     # A search term finds one issue type: each copy's terms are its own.
                     "our_vocabulary": {key: [renamed(term) for term in terms]
                                        for key, terms in issue.get("our_vocabulary", {}).items()}}
                    for issue in category["issue_types"]],
            })
        for rule in data["authority"]["rules"]:
            clone = {**rule, "action": renamed(rule["action"])}
            if "label" in rule:
                clone["label"] = renamed(rule["label"])
            if "aliases" in rule:
                clone["aliases"] = [renamed(alias) for alias in rule["aliases"]]
            rules.append(clone)
    return {**data, "teams": teams, "categories": categories,
            "authority": {**data["authority"], "rules": rules}}


def size(data: dict) -> str:
    issue_types = sum(len(c["issue_types"]) for c in data["categories"])
    actions = len({r["action"] for r in data["authority"]["rules"]})
    return f"{issue_types} issue types, {len(data['teams'])} teams, {actions} actions"


# --- the run -----------------------------------------------------------------------------------------

def median(timings: list[Timing]) -> Timing:
    return Timing(statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings))


def _runs(timings: list[Timing]) -> str:
    return ", ".join(f"{t.cpu:.2f}" for t in timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="builds per figure (the median is reported)")
    parser.add_argument("--update-docs", action="store_true",
                        help=f'write the "## {SECTION}" section of docs/benchmarks.md')
    args = parser.parse_args()

    seed = parse_matrix_text(DEFAULT_PATH.read_text(encoding="utf-8"), str(DEFAULT_PATH)).data
    lines = []
    with tempfile.TemporaryDirectory(prefix="bench-site-") as temp:
        temp = Path(temp)
        (temp / "hooked").mkdir()
        hooked = write_config(temp / "hooked", DOCS, [HOOK])
        static = write_config(temp / "static", write_static_docs(temp / "static", DEFAULT_PATH), [])

        # 1. Hooks against static pages, interleaved so both see the same machine load.
        hooked_runs, static_runs = [], []
        for _ in range(args.runs):
            hooked_runs.append(build(hooked, temp / "site", DEFAULT_PATH))
            static_runs.append(build(static, temp / "site", DEFAULT_PATH))
        with_hooks, without = median(hooked_runs), median(static_runs)
        # Each hooked build is paired with the static build right after it; the median of the pairs'
        # ratios follows the hooks' own cost even when the machine's load drifts during the run.
        overhead = (statistics.median(h.cpu / s.cpu for h, s in zip(hooked_runs, static_runs)) - 1) * 100
        wall_overhead = (statistics.median(h.wall / s.wall for h, s in zip(hooked_runs, static_runs)) - 1) * 100
        lines += [
            "| Build (seed matrix) | CPU time | Wall time | CPU time of each run |",
            "| --- | ---: | ---: | --- |",
            f"| Static pages, no hooks (baseline) | {without.cpu:.2f} s | {without.wall:.2f} s | {_runs(static_runs)} |",
            f"| Pages generated by hooks/runbook.py | {with_hooks.cpu:.2f} s | {with_hooks.wall:.2f} s "
            f"| {_runs(hooked_runs)} |",
            "",
            f"The hooks add **{overhead:+.0f} %** CPU time to the build ({wall_overhead:+.0f} % wall time; "
            "median of the ratios of back-to-back builds); target at most +30 %: "
            + ("met." if overhead <= 30 else "**not met**."),
            "",
        ]

        # 2. Scale, through the real hook.
        rows = [(1, seed, with_hooks, hooked_runs)]
        for factor in (10, 100):
            data = scaled(seed, factor)
            path = temp / f"matrix-{factor}x.yaml"
            path.write_text(yaml.dump(data, Dumper=WrittenOut, allow_unicode=True, sort_keys=False), encoding="utf-8")
            runs = [build(hooked, temp / "site", path) for _ in range(max(3, args.runs // 2))]
            rows.append((factor, data, median(runs), runs))
        base = rows[0][2]
        lines += ["| Matrix | Size | CPU time | × seed | Wall time | × seed |",
                  "| --- | --- | ---: | ---: | ---: | ---: |"]
        for factor, data, timing, _ in rows:
            lines.append(f"| {factor}× | {size(data)} | {timing.cpu:.2f} s | {timing.cpu / base.cpu:.1f}× "
                         f"| {timing.wall:.2f} s | {timing.wall / base.wall:.1f}× |")
        ten, hundred = rows[1][2], rows[2][2]
        lines += [
            "",
            f"100× builds in **{hundred.cpu / base.cpu:.1f}×** the seed's CPU time "
            f"({hundred.wall / base.wall:.1f}× wall time); target at most 10×: "
            + ("met." if hundred.cpu / base.cpu <= 10 else "**not met**.")
            + f" Linear growth: the time above the seed's, (100× − 1×) / (10× − 1×) ="
            f" {(hundred.cpu - base.cpu) / (ten.cpu - base.cpu):.1f} (exactly linear: 11.0; quadratic: 101)."
            " Most of the seed's time is fixed start-up (Python, MkDocs, the theme).",
        ]

    machine = (f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPU(s), "
               f"mkdocs {_version('mkdocs')}, mkdocs-material {_version('mkdocs-material')}")
    report = "\n".join([
        f"Measured with `{COMMAND} --runs {args.runs}` ({machine}). Each figure is the median of fresh "
        "`mkdocs build` processes, start-up included, without the wizard's hook (it copies the same Pyodide "
        "files whatever the matrix). Targets are judged on CPU time, which other work on a shared machine "
        "does not inflate; wall time is shown beside it.", "", *lines])
    print(report)
    if args.update_docs:
        update_docs(SECTION, report)


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


if __name__ == "__main__":
    main()
