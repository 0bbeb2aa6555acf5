"""What the calendar feeds and the data API add to a site build. Prints figures.

    .venv/bin/python bench/bench_feeds.py [--runs 5] [--update-docs]

1. Inside real builds: `mkdocs build` in a fresh process with the runbook's, the feeds' and the API's
   hooks (the wizard's left out, as in bench_site.py), timing the CPU time of each hook's handlers
   against the whole build's, in the same process, for the seed's matrix and a 10× copy (bench_site.py's
   synthetic matrix). Target: the feeds and the API take at most 10 % of the build's CPU time at the
   seed's size. Measured inside one process, the share does not drift with the machine's load the way
   two builds compared side by side do.
2. The work itself, in this process: `calendars.feeds()` and `data_api.files()` on the loaded
   matrix, first call (cold, as a build makes it) and again (warm), with the bytes they write.

Figures are medians of `--runs` builds. `--update-docs` writes them into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


from common import ROOT, update_docs
from bench_site import DOCS, write_config
from matrix_data import scaled, size, write_scaled

from matrix.site import calendars, data_api
from matrix.source import DEFAULT_PATH, load_matrix, parse_matrix_text

FEED_HOOKS = [ROOT / "hooks" / "calendars.py", ROOT / "hooks" / "api.py"]
COMMAND = ".venv/bin/python bench/bench_feeds.py"
SECTION = "Calendar feeds and data API"
TARGET = 10  # per cent of the build's CPU time

# Run in the build's own process: each hook's handlers wrapped to add up their CPU time.
TIMED_BUILD = """
import json, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config

config = load_config(sys.argv[1], site_dir=sys.argv[2])
spent = {}

def timed(method):
    def run(*args, **kwargs):
        start = time.process_time()
        try:
            return method(*args, **kwargs)
        finally:
            hook = str(method.__module__).rsplit("/", 1)[-1]
            spent[hook] = spent.get(hook, 0.0) + time.process_time() - start
    return run

for methods in config.plugins.events.values():  # a hook file's handlers carry its path as their module
    methods[:] = [timed(m) if str(m.__module__).endswith(".py") else m for m in methods]
start = time.process_time()
build(config)
print(json.dumps({"build": time.process_time() - start, **spent}))
"""


def timed_build(config: Path, site: Path, matrix_path: Path) -> dict[str, float]:
    """CPU seconds of the whole build (`build`) and of each hook's handlers (by file name), in one process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ESCALATION_MATRIX": str(matrix_path),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-c", TIMED_BUILD, str(config), str(site)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _timed(call) -> tuple[float, object]:
    start = time.process_time()
    result = call()
    return time.process_time() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="builds per figure (the median is reported)")
    parser.add_argument("--update-docs", action="store_true", help=f'write the "## {SECTION}" section of docs/benchmarks.md')
    args = parser.parse_args()

    seed = parse_matrix_text(DEFAULT_PATH.read_text(encoding="utf-8"), str(DEFAULT_PATH)).data
    lines = ["| Matrix | Build (CPU) | Runbook hook | Feeds hook | API hook | Feeds and API: share of the build | Files written |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    verdict = ""
    with tempfile.TemporaryDirectory(prefix="bench-feeds-") as temp:
        temp = Path(temp)
        config = write_config(temp, DOCS, [ROOT / "hooks" / "runbook.py", *FEED_HOOKS])
        for factor in (1, 10):
            path = DEFAULT_PATH
            if factor > 1:
                path = write_scaled(seed, factor, temp / f"matrix-{factor}x.yaml")
            runs = [timed_build(config, temp / "site", path) for _ in range(args.runs)]
            written = sum(1 for folder in ("calendars", data_api.FOLDER)
                          for item in (temp / "site" / folder).rglob("*") if item.is_file())

            def hook(name: str) -> float:
                return statistics.median(run.get(f"{name}.py", 0.0) for run in runs)

            share = statistics.median((run.get("calendars.py", 0) + run.get("api.py", 0)) / run["build"]
                                      for run in runs) * 100
            data = seed if factor == 1 else scaled(seed, factor)
            lines.append(f"| {factor}× ({size(data)}) | {statistics.median(r['build'] for r in runs):.2f} s "
                         f"| {hook('runbook') * 1000:.0f} ms | {hook('calendars') * 1000:.0f} ms "
                         f"| {hook('api') * 1000:.0f} ms | **{share:.1f} %** | {written} |")
            if factor == 1:
                verdict = (f"At the seed's size the feeds and the API take **{share:.1f} %** of the build's CPU time "
                           f"(median of the builds' own shares); target at most {TARGET} %: "
                           + ("met." if share <= TARGET else "**not met**."))

    matrix = load_matrix()
    stamp = calendars.build_stamp()
    cold_feeds, written_feeds = _timed(lambda: calendars.feeds(matrix, stamp))
    cold_api, written_api = _timed(lambda: data_api.files(matrix))
    warm_feeds, _ = _timed(lambda: calendars.feeds(matrix, stamp))
    warm_api, _ = _timed(lambda: data_api.files(matrix))
    feed_bytes = sum(len(text.encode()) for text in written_feeds.values())
    api_bytes = sum(len(content) for content in written_api.values())
    lines += [
        "",
        verdict,
        "",
        "| Work, in one process (seed's matrix) | First call | Again | Files | Bytes |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| `calendars.feeds()` | {cold_feeds * 1000:.0f} ms | {warm_feeds * 1000:.0f} ms | {len(written_feeds)} "
        f"| {feed_bytes:,} |",
        f"| `data_api.files()` | {cold_api * 1000:.0f} ms | {warm_api * 1000:.0f} ms | {len(written_api)} | {api_bytes:,} |",
        "",
        "The first call also works out what the answers share, once per matrix: the contradictions their notes "
        "name, the action names, the schemas. In a full build the wizard's hook, which answers every question "
        "too, reuses the first two. Past the seed's size the added time grows faster than the matrix: each of "
        "the core's answers looks through the whole matrix (its rows, its contradictions), as the wizard's "
        "precomputed answers do.",
    ]
    load = os.getloadavg()[0]
    report = "\n".join([f"Measured with `{COMMAND} --runs {args.runs}` ({os.cpu_count()} CPU(s), load average "
                        f"{load:.1f} at the end): `mkdocs build` in fresh processes without the wizard's hook, each "
                        "timing its hooks' handlers against its own build (MkDocs' start-up and config loading "
                        "left out); CPU time, medians.", "", *lines])
    print(report)
    if args.update_docs:
        update_docs(SECTION, report)


if __name__ == "__main__":
    main()
