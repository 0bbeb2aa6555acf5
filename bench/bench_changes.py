"""What the change page ("What changed") costs the build. Prints figures.

    .venv/bin/python bench/bench_changes.py [--runs 5] [--update-docs]

1. The whole build: `mkdocs build` with the runbook's, wizard's and search's hooks (baseline) against the same with
   hooks/changes.py added (the change page, its feed and the home page's line), each in a fresh
   process, interleaved so both see the same machine load, the history's cache warm (as on every
   build after the first). Target: the change page adds at most 10 % CPU time.
2. Reading the history itself, in this process: every commit that changed the matrix file compared
   with its parent's version, with an empty cache (a first build, a fresh CI clone) and a warm one,
   against the baseline of reading and checking the matrix file once (what every build does anyway).

The history is this checkout's own (`git log --first-parent -- matrix/escalation-matrix.yaml`, at
most 50 commits). `--update-docs` writes the figures into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import ROOT, update_docs  # a sibling module; it puts the project first on the path
from bench_site import DOCS, HOOKS, build, median_build, write_config

from matrix.site.history import MAX_COMMITS, read_history
from matrix.site.loaded import LoadedMatrix
from matrix.source import DEFAULT_PATH, read_matrix_file

CHANGES_HOOK = ROOT / "hooks" / "changes.py"
COMMAND = ".venv/bin/python bench/bench_changes.py"
SECTION = "Change page"


def timed(action, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="builds and reads per figure (the median is reported)")
    parser.add_argument("--update-docs", action="store_true",
                        help=f'write the "## {SECTION}" section of docs/benchmarks.md')
    args = parser.parse_args()
    commits = subprocess.run(["git", "log", "--first-parent", f"--max-count={MAX_COMMITS}", "--format=%H", "--",
                              "matrix/escalation-matrix.yaml"], cwd=ROOT, capture_output=True, text=True).stdout.split()

    with tempfile.TemporaryDirectory(prefix="bench-changes-") as temp:
        temp = Path(temp)
        (temp / "base").mkdir()
        (temp / "changes").mkdir()
        base = write_config(temp / "base", DOCS, HOOKS)
        changes = write_config(temp / "changes", DOCS, [*HOOKS, CHANGES_HOOK])
        build(changes, temp / "site", DEFAULT_PATH)  # the history's cache, as any earlier build leaves it
        base_runs, change_runs = [], []
        for _ in range(args.runs):
            base_runs.append(build(base, temp / "site", DEFAULT_PATH))
            change_runs.append(build(changes, temp / "site", DEFAULT_PATH))
        added = (statistics.median(c.cpu / b.cpu for b, c in zip(base_runs, change_runs)) - 1) * 100
        with_page, without = median_build(change_runs), median_build(base_runs)

        load = statistics.median(timed(lambda: LoadedMatrix.from_file(read_matrix_file(DEFAULT_PATH)), args.runs))
        cold = statistics.median(timed(lambda: read_history(DEFAULT_PATH, cache=Path(tempfile.mkdtemp(dir=temp))),
                                       args.runs))
        warm_cache = temp / "warm"
        read_history(DEFAULT_PATH, cache=warm_cache)
        warm = statistics.median(timed(lambda: read_history(DEFAULT_PATH, cache=warm_cache), args.runs))
    entries = len(read_history(DEFAULT_PATH, cache=warm_cache).entries) if commits else 0

    report = "\n".join([
        f"Measured with `{COMMAND} --runs {args.runs}` on this checkout's history ({len(commits)} commits changed "
        f"the matrix file; {entries} listed). Medians of fresh `mkdocs build` processes (CPU time, start-up "
        "included, with the runbook's, wizard's and search's hooks) and of in-process reads (CPU time of this process; git's own "
        "processes, a few milliseconds each, are not counted).",
        "",
        "| Measure | CPU time | Against the baseline |",
        "| --- | ---: | ---: |",
        f"| Build with the runbook's, wizard's and search's hooks (baseline) | {without.cpu:.2f} s | 1.00× |",
        f"| The same with hooks/changes.py, the history's cache warm | {with_page.cpu:.2f} s | "
        f"{with_page.cpu / without.cpu:.2f}× |",
        f"| Reading and checking the matrix file once (in-process baseline) | {load * 1000:.0f} ms | 1.0× |",
        f"| The history, every commit compared, cache empty (a first build, a fresh clone) | {cold * 1000:.0f} ms | "
        f"{cold / load:.1f}× |",
        f"| The history, cache warm (each later build, `mkdocs serve`) | {warm * 1000:.0f} ms | {warm / load:.2f}× |",
        "",
        f"The change page adds **{added:+.0f} %** CPU time to a build whose history cache is warm (median of the "
        "ratios of back-to-back builds); target at most +10 %: " + ("met." if added <= 10 else "**not met**.")
        + " A first build pays once for comparing every version (the cold row); each comparison is then kept "
        "by the two versions' blob ids, so a new commit costs one comparison.",
    ])
    print(report)
    if args.update_docs:
        update_docs(SECTION, report)


if __name__ == "__main__":
    main()
