"""Where a page's time goes until its Python answer: a Chromium trace of each load, summed per thread.

    .venv/bin/python bench/trace_wizard.py [--page wizard|baseline|compiled|worker] [--load cold|warm]
                                           [--rounds 3] [--site DIR]

For each round: a fresh profile, the page loaded once more before the traced load if `--load warm`,
then one traced load until the Python answer (the same marks as bench_wizard.py). Printed, medians
over rounds, in ms from the start of navigation:

- when the answer came, and when the page finished compiling Pyodide's WebAssembly (its main
  thread decodes the streamed .wasm in turns with everything else it does);
- CPU time of each thread until the answer: the page's main thread, the busiest worker (Python)
  and the other workers (the theme's search index), and what the main thread spent it on.

Tracing slows every thread a little, so compare pages traced the same way, not with bench_wizard.py.
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_wizard as bench  # noqa: E402  (a sibling script, not a package; it puts the project first on the path)

from matrix.site.local_server import SiteServer  # noqa: E402

ANSWERED = "() => window.benchDone || (window.benchMarks && window.benchMarks.python)"
CATEGORIES = "devtools.timeline,v8,v8.wasm,disabled-by-default-devtools.timeline,loading,blink.user_timing"
TASKS = {"RunTask", "ThreadControllerImpl::RunTask", "ThreadPool_RunTask"}
# What the main thread's time is spent on: the outermost event of each kind inside a task.
KINDS = {"ParseHTML": "parse HTML", "ParseAuthorStyleSheet": "parse CSS", "UpdateLayoutTree": "style and layout",
         "Layout": "style and layout", "Paint": "paint", "v8.wasm.compileConsume": "decode the .wasm",
         "wasm.Deserialize": "decode the .wasm", "EvaluateScript": "scripts", "v8.evaluateModule": "scripts",
         "FunctionCall": "scripts", "EventDispatch": "scripts", "FireAnimationFrame": "scripts",
         "TimerFire": "scripts", "XHRLoad": "scripts", "MinorGC": "garbage collection", "MajorGC": "garbage collection"}


def traced_load(playwright, url: str, warm: bool) -> tuple[float, list[dict]]:
    with bench.fresh_page(playwright) as page:
        if warm:
            page.goto(url)
            page.wait_for_function(ANSWERED, timeout=120_000)
            page.goto("about:blank")
        session = page.context.new_cdp_session(page)
        events: list[dict] = []
        complete = threading.Event()
        session.on("Tracing.dataCollected", lambda message: events.extend(message["value"]))
        session.on("Tracing.tracingComplete", lambda _: complete.set())
        session.send("Tracing.start", {"categories": CATEGORIES, "transferMode": "ReportEvents"})
        page.goto(url)
        page.wait_for_function(ANSWERED, timeout=120_000)
        answered = page.evaluate(ANSWERED)
        session.send("Tracing.end")
        while not complete.is_set():
            page.wait_for_timeout(50)
    return answered, events


def summarise(answered: float, events: list[dict]) -> dict[str, float]:
    threads = {(e["pid"], e["tid"]): e["args"]["name"] for e in events
               if e.get("ph") == "M" and e.get("name") == "thread_name"}
    start = min(e["ts"] for e in events if e.get("name") == "navigationStart")
    until = start + answered * 1000
    busy: collections.Counter = collections.Counter()
    for event in events:
        if event.get("ph") == "X" and event.get("name") in TASKS and event["ts"] < until:
            busy[(event["pid"], event["tid"])] += (min(event["ts"] + event.get("dur", 0), until) - event["ts"]) / 1000
    main = next(key for key, name in threads.items() if name == "CrRendererMain" and busy[key])
    workers = sorted((key for key, name in threads.items() if name.startswith("DedicatedWorker")),
                     key=lambda key: -busy[key])
    figures = {"answer": answered, "main thread": busy[main],
               "Python worker": busy[workers[0]] if workers else 0.0,
               "other workers": sum(busy[key] for key in workers[1:])}
    compiled = [e["ts"] + e.get("dur", 0) for e in events if e.get("name") == "wasm.FinishStreaming"]
    figures[".wasm compiled on the page"] = (min(compiled) - start) / 1000 if compiled else float("nan")
    spent: collections.Counter = collections.Counter()
    covered_until = 0
    for event in sorted((e for e in events if (e.get("pid"), e.get("tid")) == main and e.get("ph") == "X"
                         and e.get("name") in KINDS and e["ts"] < until), key=lambda e: e["ts"]):
        if event["ts"] >= covered_until:  # outermost only: a script's own layout counts once
            spent[KINDS[event["name"]]] += event.get("dur", 0) / 1000
            covered_until = event["ts"] + event.get("dur", 0)
    figures.update({f"main thread: {kind}": ms for kind, ms in spent.items()})
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--page", choices=bench.PAGES, default="wizard")
    parser.add_argument("--load", choices=("cold", "warm"), default="cold")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--site", type=Path, help="an already built site (default: build one now)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-site-") as work:
        site = args.site or bench.build_site(Path(work) / "site")
        bench.write_reference_pages(site)
        with SiteServer(site) as server, sync_playwright() as playwright:
            rounds = [summarise(*traced_load(playwright, server.url + bench.PAGES[args.page], args.load == "warm"))
                      for _ in range(args.rounds)]
    print(f"{args.page}, {args.load}: medians of {args.rounds} traced loads (ms from navigation start)")
    for name in sorted({name for figures in rounds for name in figures}, key=lambda n: (n.startswith("main thread:"), n)):
        values = [figures.get(name, 0.0) for figures in rounds]
        print(f"  {name:36s} {statistics.median(values):7.0f}   ({', '.join(f'{v:.0f}' for v in values)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
