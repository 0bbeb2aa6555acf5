"""What the calendar feeds and the data API add to a site build. Prints figures.

    .venv/bin/python bench/bench_feeds.py [--runs 5] [--update-docs]

1. Whole builds: `mkdocs build` with the runbook's hook alone (the baseline) against the same with
   hooks/calendars.py and hooks/api.py added, built back to back in the same run, for the seed's
   matrix and a 10× copy (bench_site.py's synthetic matrix). Target: at most +10 % CPU time at the
   seed's size.
2. The work itself, in this process: `calendars.feeds()` and `data_api.files()` on the loaded
   matrix, first call (cold, as a build makes it) and again (warm), with the bytes they write.

Every build is a fresh process; figures are medians of `--runs`. `--update-docs` writes them into
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from common import ROOT, update_docs
from bench_site import DOCS, HOOK, WrittenOut, build, median, scaled, size, write_config

from matrix.site import calendars, data_api
from matrix.source import DEFAULT_PATH, load_matrix, parse_matrix_text

FEED_HOOKS = [ROOT / "hooks" / "calendars.py", ROOT / "hooks" / "api.py"]
COMMAND = ".venv/bin/python bench/bench_feeds.py"
SECTION = "Calendar feeds and data API"
TARGET = 10  # per cent of the build's CPU time


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
    lines = ["| Matrix | Runbook hook alone (baseline) | With feeds and API | Added CPU time | Files written |",
             "| --- | ---: | ---: | ---: | ---: |"]
    verdict = ""
    with tempfile.TemporaryDirectory(prefix="bench-feeds-") as temp:
        temp = Path(temp)
        (temp / "alone").mkdir()
        (temp / "feeds").mkdir()
        alone = write_config(temp / "alone", DOCS, [HOOK])
        feeds = write_config(temp / "feeds", DOCS, [HOOK, *FEED_HOOKS])
        for factor in (1, 10):
            path = DEFAULT_PATH
            if factor > 1:
                path = temp / f"matrix-{factor}x.yaml"
                path.write_text(yaml.dump(scaled(seed, factor), Dumper=WrittenOut, allow_unicode=True, sort_keys=False),
                                encoding="utf-8")
            baseline, added = [], []
            for _ in range(args.runs):  # interleaved, so both see the same machine load
                baseline.append(build(alone, temp / "site", path))
                added.append(build(feeds, temp / "site", path))
            written = sum(1 for folder in ("calendars", data_api.FOLDER)
                          for item in (temp / "site" / folder).rglob("*") if item.is_file())
            share = (statistics.median(a.cpu / b.cpu for a, b in zip(added, baseline)) - 1) * 100
            base, with_feeds = median(baseline), median(added)
            data = seed if factor == 1 else scaled(seed, factor)
            lines.append(f"| {factor}× ({size(data)}) | {base.cpu:.2f} s | {with_feeds.cpu:.2f} s | **{share:+.1f} %** "
                         f"| {written} |")
            if factor == 1:
                verdict = (f"At the seed's size the feeds and the API add **{share:+.1f} %** CPU time to the build "
                           f"(median of the ratios of back-to-back builds); target at most +{TARGET} %: "
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
                        f"{load:.1f} at the end): fresh `mkdocs build` processes, start-up included, without the "
                        "wizard's hook; CPU time, medians. On a busy machine the medians of the two columns can "
                        "cross; the added time is the median of the ratios of back-to-back builds.", "", *lines])
    print(report)
    if args.update_docs:
        update_docs(SECTION, report)


if __name__ == "__main__":
    main()
