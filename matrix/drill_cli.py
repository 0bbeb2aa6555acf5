"""`escalate drill`: the training drills in a terminal, graded by the same core as the site."""

from __future__ import annotations

import json
import random
import sys

from .core.answers.drills import Drill, grade, make_drill, new_progress, next_drill, record
from .core.model import Matrix


def add_parser(sub) -> None:
    drill = sub.add_parser("drill", help="practise escalation decisions on realistic scenarios")
    drill.add_argument("--scenario", help="a scenario id (see --list) for the same drill a trainer hands out")
    drill.add_argument("--seed", type=int, help="seed of the drill (default: random)")
    drill.add_argument("--level", type=int, default=1, choices=(1, 2, 3), help="difficulty with --scenario")
    drill.add_argument("--count", type=int, default=5, help="how many drills in a row (default 5)")
    drill.add_argument("--list", action="store_true", help="list the scenario ids")
    drill.add_argument("--answer", action="append", default=[], metavar="QUESTION=VALUE",
                       help="grade these answers without asking (with --scenario); prints JSON")


def _ask(drill: Drill, stdin, stdout) -> dict[str, str] | None:
    answers = {}
    for question in drill.questions():
        print(f"\n{question.prompt}", file=stdout)
        for number, (_, label) in enumerate(question.options, start=1):
            print(f"  {number}. {label}", file=stdout)
        while True:
            print("> ", end="", file=stdout, flush=True)
            line = stdin.readline()
            if not line:
                return None
            choice = line.strip()
            if choice.isdigit() and 1 <= int(choice) <= len(question.options):
                answers[question.id] = question.options[int(choice) - 1][0]
                break
            by_label = [v for v, label in question.options if label.casefold() == choice.casefold()]
            if by_label:
                answers[question.id] = by_label[0]
                break
            print(f"  Type a number from 1 to {len(question.options)}.", file=stdout)
    return answers


def _show(verdicts, stdout) -> None:
    for verdict in verdicts:
        mark = "✓" if verdict.correct else "✗"
        told = "" if verdict.correct else f" (you said {verdict.given}; the answer is {verdict.expected})"
        print(f"  {mark} {verdict.question}{told}: {verdict.reason} [runbook: {verdict.link}]", file=stdout)


def run(matrix: Matrix, args, stdin=sys.stdin, stdout=sys.stdout) -> int:
    if args.list:
        for scenario in matrix.scenarios:
            print(f"{scenario.id}: {scenario.situation}", file=stdout)
        return 0
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    if args.answer:
        if not args.scenario:
            raise ValueError("--answer needs --scenario, so the graded drill is the one you mean")
        answers = dict(_pair(item) for item in args.answer)
        drill = make_drill(matrix, args.scenario, seed, args.level)
        verdicts = grade(drill, answers)
        print(json.dumps({"drill": drill.to_dict(), "verdicts": [v.__dict__ for v in verdicts]},
                         ensure_ascii=False, indent=2), file=stdout)
        return 0
    progress = new_progress()
    count = 1 if args.scenario else max(1, args.count)
    for number in range(count):
        drill = (make_drill(matrix, args.scenario, seed, args.level) if args.scenario
                 else next_drill(matrix, progress, seed + number))
        print(f"\nDrill {number + 1} of {count} · level {drill.level} · scenario {drill.scenario.id}", file=stdout)
        print(drill.briefing(), file=stdout)
        answers = _ask(drill, stdin, stdout)
        if answers is None:
            print("\nStopped.", file=stdout)
            break
        verdicts = grade(drill, answers)
        _show(verdicts, stdout)
        progress = record(progress, drill, verdicts)
    print(f"\n{progress['correct']} of {progress['answered']} drills fully right; best streak "
          f"{progress['best_streak']}.", file=stdout)
    return 0


def _pair(item: str) -> tuple[str, str]:
    if "=" not in item:
        raise ValueError(f"Expected QUESTION=VALUE (e.g. owner=Tier 1) but received: {item!r}")
    key, value = item.split("=", 1)
    return key.strip(), value.strip()
