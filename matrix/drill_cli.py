"""`escalate drill`: the training drills in a terminal, graded by the same core as the site."""

from __future__ import annotations

import argparse
import json
import os
import random
import sys

from .core import wording
from .core.answers.drills import (
    TRAINING_CHOICE, Drill, Question, grade, make_drill, new_progress, next_drill, record,
)
from .core.answers.links import Links
from .core.model import Matrix

SITE_VARIABLE = "ESCALATION_SITE"


def add_parser(sub) -> None:
    drill = sub.add_parser("drill", help="practise escalation decisions on scenarios written for training")
    drill.add_argument("--scenario", help="a scenario id (see --list) for the same drill a trainer hands out")
    drill.add_argument("--seed", type=int, help="seed of the drill (default: random)")
    drill.add_argument("--level", type=int, default=1, choices=(1, 2, 3), help="difficulty with --scenario")
    drill.add_argument("--count", type=int, default=5, help="how many drills in a row (default 5)")
    drill.add_argument("--list", action="store_true", help="list the scenario ids")
    drill.add_argument("--answer", action="append", default=[], metavar="QUESTION=VALUE",
                       help="grade these answers without asking (with --scenario); prints JSON")
    site_option(drill)


def site_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", metavar="URL", default=os.environ.get(SITE_VARIABLE) or None,
                        help=f"the runbook site's address, so its links print in full (default: ${SITE_VARIABLE})")


def _option(question: Question, typed: str, numbered: bool) -> str | None:
    """The value of the option typed: its number as listed (when `numbered`), or its value or its
    label in any case ("P1", "p1", "P1 - High"). A number picks by position first, as the list shows."""
    typed = " ".join(typed.split())
    if numbered and typed.isdigit() and 1 <= int(typed) <= len(question.options):
        return question.options[int(typed) - 1][0]
    wanted = typed.casefold()
    return next((value for value, label in question.options
                 if wanted in (value.casefold(), " ".join(label.split()).casefold())), None)


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
            value = _option(question, line, numbered=True)
            if value is not None:
                answers[question.id] = value
                break
            print(f"  {wording.choose_again(len(question.options))}", file=stdout)
    return answers


def _show(verdicts, full_links: bool, stdout) -> None:
    for verdict in verdicts:
        mark = "✓" if verdict.correct else "✗"
        told = "" if verdict.correct else f" (you said {verdict.given}; the answer is {verdict.expected})"
        print(f"  {mark} {verdict.question}{told}: {verdict.reason}", file=stdout)
        # On a line of its own: a terminal then finds where a URL ends, and can open it.
        print(f"    {wording.runbook_reference(verdict.link, full_links)}", file=stdout)
        if verdict.why:
            print(f"    {wording.choice_reference(verdict.why['text'], verdict.why['link'], full_links)}", file=stdout)


def _training_note(links: Links, stdout) -> None:
    """That the scenarios are ours, written for training, with the link to that published choice."""
    print(wording.TRAINING_NOTE, file=stdout)
    print(f"  {wording.choice_reference(wording.WHY, links.interpretation(TRAINING_CHOICE), bool(links.site))}",
          file=stdout)


def site_links(site: str | None) -> Links:
    """Links for a terminal: full URLs on the site at `site` (`--site`, else $ESCALATION_SITE), else relative."""
    if site and not site.startswith(("http://", "https://")):
        raise ValueError(f"Expected --site (or ${SITE_VARIABLE}) as an http(s) address but received: {site!r}")
    return Links(site=site)


def run(matrix: Matrix, args, stdin=sys.stdin, stdout=sys.stdout) -> int:
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    links = site_links(args.site)
    if args.list:
        _training_note(links, stdout)
        for scenario in matrix.scenarios:
            print(f"{scenario.id}: {scenario.situation}", file=stdout)
        return 0
    if args.answer:
        if not args.scenario:
            raise ValueError("--answer needs --scenario, so the graded drill is the one you mean")
        drill = make_drill(matrix, args.scenario, seed, args.level)
        questions = {q.id: q for q in drill.questions()}
        answers = {}
        for key, value in map(_pair, args.answer):
            # Matched like a typed answer (no numbers: a script names its answer); kept as given if nothing fits.
            found = _option(questions[key], value, numbered=False) if key in questions else None
            answers[key] = value if found is None else found
        verdicts = grade(drill, answers, links)
        print(json.dumps({"drill": drill.to_dict(links), "verdicts": [v.__dict__ for v in verdicts]},
                         ensure_ascii=False, indent=2), file=stdout)
        return 0
    progress = new_progress()
    count = 1 if args.scenario else max(1, args.count)
    for number in range(count):
        drill = (make_drill(matrix, args.scenario, seed, args.level) if args.scenario
                 else next_drill(matrix, progress, seed + number))
        if number == 0:
            _training_note(links, stdout)
        print(f"\nDrill {number + 1} of {count} · level {drill.level} · scenario {drill.scenario.id}", file=stdout)
        print(drill.briefing(), file=stdout)
        answers = _ask(drill, stdin, stdout)
        if answers is None:
            print("\nStopped.", file=stdout)
            break
        verdicts = grade(drill, answers, links)
        _show(verdicts, bool(links.site), stdout)
        progress = record(progress, drill, verdicts)
    print(f"\n{progress['correct']} of {progress['answered']} drills fully right; best streak "
          f"{progress['best_streak']}.", file=stdout)
    return 0


def _pair(item: str) -> tuple[str, str]:
    if "=" not in item:
        raise ValueError(f"Expected QUESTION=VALUE (e.g. owner=Tier 1) but received: {item!r}")
    key, value = item.split("=", 1)
    return key.strip(), value.strip()
