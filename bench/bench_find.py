"""How well find() names the issue type agents describe, and how fast. Prints figures.

    .venv/bin/python bench/bench_find.py [--repeat 5] [--update-docs]

1. Accuracy on the phrasing corpora (tests/data/phrasings/): four tuning sets, on which the search
   vocabulary and the rules were adjusted, and a holdout never used for tuning. Target on the
   holdout: at least 90 % resolved (right and certain, or right among the first three when not
   certain), and no answer that is certain and wrong, on any set.
2. Latency in CPython: every phrasing of every set through find(), `--repeat` times, on a matrix
   whose search index is built (the first question builds it once: timed apart). The browser's
   latency, from typing to the ranked list on screen, is the wizard benchmark's "issue types ranked
   by find()" row (target 20 ms).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from datetime import date

from common import ROOT, update_docs  # a sibling module; it puts the project first on the path

sys.path.insert(0, str(ROOT / "tests"))  # the corpora and their scoring live with the tests

from matrix.core.load import build_matrix  # noqa: E402
from matrix.core.rules.find import find  # noqa: E402
from matrix.source import load_matrix  # noqa: E402
from matrix_data import corpus_items, evaluate_find  # noqa: E402

SECTION = "Finding the issue type"
CORPORA = ["tuning-1", "tuning-2", "tuning-3", "tuning-4", "holdout"]


def accuracy(matrix) -> list[tuple[str, ...]]:
    rows = []
    for name in CORPORA:
        f = evaluate_find(matrix, name)
        rows.append((name, str(f.items), f"{f.share(f.top1):.0%}", f"{f.share(f.top3):.0%}",
                     f"{f.share(f.resolved):.0%}", f"{f.share(f.confident):.0%}", str(len(f.confident_wrong))))
    return rows


def latency(matrix, repeat: int) -> dict[str, float]:
    texts = [item["text"] for name in CORPORA for item in corpus_items(name)]
    fresh = build_matrix(matrix.source)
    started = time.perf_counter()
    find(fresh, texts[0])
    first = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(repeat):
        for text in texts:
            started = time.perf_counter()
            find(fresh, text)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"first": first, "median": statistics.median(times), "p95": times[int(len(times) * 0.95)],
            "max": times[-1], "count": len(texts)}


def as_markdown(rows, times: dict, repeat: int) -> str:
    holdout = dict((row[0], row) for row in rows)["holdout"]
    wrong = sum(int(row[6]) for row in rows)
    return "\n".join([
        f"Measured {date.today().isoformat()} with `.venv/bin/python bench/bench_find.py --repeat {repeat}` "
        f"(CPython {platform.python_version()}). The corpora are in `tests/data/phrasings/`, written by people "
        "who had not seen the vocabulary; `tests/core/test_find_corpus.py` holds find() to the targets.", "",
        "| Corpus | Phrasings | Top-1 | Top-3 | Resolved | Certain | Certain and wrong |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(f"| {' | '.join(row)} |" for row in rows), "",
        f"On the holdout, never used for tuning: **{holdout[4]} resolved** (target at least 90 %: "
        f"{'met' if int(holdout[4].rstrip('%')) >= 90 else 'missed'}); certain and wrong on every set: "
        f"**{wrong}** (target 0: {'met' if wrong == 0 else 'missed'}). Resolved: right and certain, or right among "
        "the first three candidates when not certain; a phrase that fits several issue types is resolved when "
        "find() is not certain and offers one of them among the first three.", "",
        f"find() in CPython, {times['count']} phrasings × {repeat}: median {times['median']:.2f} ms, 95th "
        f"percentile {times['p95']:.2f} ms, slowest {times['max']:.2f} ms; the first question of a matrix also "
        f"builds its search index ({times['first']:.0f} ms). In the browser, from the agent's typing to the "
        "ranked list on screen: the Wizard section's row for find() (target 20 ms).",
    ])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--update-docs", action="store_true", help="write the figures into docs/benchmarks.md")
    args = parser.parse_args()
    matrix = load_matrix()
    report = as_markdown(accuracy(matrix), latency(matrix, args.repeat), args.repeat)
    print(report)
    if args.update_docs:
        update_docs(SECTION, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
