"""`escalate`: the matrix from a terminal. Human answers by default, `--json` for scripts.

Exit codes: 0 answered (or a valid matrix), 1 an invalid matrix, 2 input that names nothing.
`escalate diff` exits 0 when two versions mean the same, 1 when they differ, 2 on bad input.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from datetime import datetime

from . import diff_cli, drill_cli
from .core.audit.lint import group
from .core.answers.cards import party_card, permission_answer, roster, route_answer, search_answer
from .core.answers.links import Links
from .core.wording import OURS, RESTS_ON_OURS, WHY, choice_reference, contact_line, describe_status
from .core.clock.hours import UTC, parse_instant, zone
from .core.model import MAX_AMOUNT, Matrix
from .core.rules.authority import can
from .core.rules.find import find
from .core.rules.lookup import find_party
from .core.rules.routing import route
from .core.problems import ERROR, LookupProblem
from .schema import json_schema
from .source import DEFAULT_PATH, MatrixFileError, export_json, load_matrix, read_matrix_file
from .terminal import print_ours


def _why(why: dict | None) -> str:
    """` (our interpretation: interpretations/#…)`, where a line rests on a choice of ours."""
    return f" ({why['text']}: {why['link']})" if why else ""


def _ours(ids: list[str]) -> str:
    """` [ours: weekdays, local-time-zone]` after a value that rests on choices of ours (`print_ours` links them)."""
    return f" [{OURS}: {', '.join(ids)}]" if ids else ""


def _party_ours(card: dict) -> list[str]:
    """Who a party is and its hours: what a contact line shows."""
    return list(dict.fromkeys(card["ours"] + card["hours"]["ours"]))


def _instead(card: dict, indent: str) -> str:
    """A party with no usable contact: on the next line, whom to go through, with the choice it rests on."""
    instead = card["instead"]
    return f"\n{indent}{instead['text']}{_why(instead['why'])}" if instead else ""


def _print_card(card: dict) -> None:
    """The answer's first lines, as in the wizard: owner, how to reach them, the deadline, what to do now."""
    owner = card["owner"]
    print(f"  Owner     {owner['name']}" + (f" — {owner['status']}" if owner["status"] else "")
          + _why(owner["why"]) + _ours(owner["ours"]))
    contact = card["contact"]
    # Marked after the last line: whom to go through instead rests on choices too (a tier's contact).
    print(f"  Reach     {contact['text']}" + ("" if contact["instead"] else _ours(contact["ours"])))
    if contact["instead"]:
        print(f"            {contact['instead']}{_why(contact['why'])}{_ours(contact['ours'])}")
    deadline = card["deadline"]
    due = f", due {deadline['due_label']}" if deadline["due"] else ""
    print(f"  Deadline  {deadline['duration']} {deadline['label']}{due}{_why(deadline['why'])}{_ours(deadline['ours'])}")
    mark = {"ok": "", "warn": "! ", "urgent": "!! "}[card["now"]["tone"]]
    print(f"  Now       {mark}{card['now']['text']}{_why(card['now']['why'])}")
    for flag in card["flags"]:
        print(f"  Note      {flag['text']} ({flag['link_text']}: {flag['link']})")


def _print_route(answer: dict) -> None:
    print(f"{answer['issue']} ({answer['category']}) — SLA {answer['sla']}{_ours(answer['sla_ours'])}")
    _print_card(answer["card"])
    print()
    print(f"  Owner: {contact_line(answer['owner'])}{_ours(_party_ours(answer['owner']))}"
          f"{_instead(answer['owner'], '         ')}")
    if not answer["path"]:
        print(f"  Path:  {answer['next_name']}")
    for step in answer["path"]:
        label = "  Path:  " if step["step"] == 1 else "         "
        lines = [contact_line(a) + _ours(_party_ours(a)) + _instead(a, "              ") for a in step["alternatives"]]
        print(f"{label}{step['step']}.{_ours(step['ours'])} " + "\n            or ".join(lines))
    channel = answer["channel"]
    if channel:
        first = channel["first_response"]
        print(f"  First response ({channel['name']}): target {first['target']}, maximum {first['maximum']}")
    severity = answer["severity"]
    if severity:
        resolution = severity["resolution"]
        print(f"  Severity {severity['label']}: {severity['definition']}")
        print(f"    Resolve: target {resolution['target']}, maximum {resolution['maximum']}{_ours(resolution['ours'])}")
        for action in severity["actions"]:
            print(f"    - {action['action']}")
    for response in answer["tier_responses"]:
        print(f"  {response['tier']} responds ({response['label']}) within {response['within']}")
    procedure = answer["procedure"]
    if procedure:
        print(f"  Procedure: {procedure['name']}{_ours(procedure['ours'])}")
        for number, step in enumerate(procedure["steps"], start=1):
            print(f"    {number}. {step['title']}: {'; '.join(step['items'])}")


def _print_times(answer: dict) -> None:
    """The time-aware part of a route answer: who is on shift, the deadlines, the off-shift rule."""
    time = answer["time"]
    print(f"  At {time['opened_at_label']} ({time['tz']}):")
    owner = answer["owner"]
    print(f"    Owner: {describe_status(owner['name'], owner['shift'])}{_ours(owner['hours']['ours'])}")
    for step in answer["path"]:
        lines = [describe_status(a["name"], a["shift"]) + _ours(a["hours"]["ours"]) for a in step["alternatives"]]
        print(f"    {step['step']}. " + "\n       or ".join(lines))
    # What every clock rests on (how clocks count) is marked once, on the heading; each line marks its own.
    deadlines = answer["deadlines"]
    shared = [i for i in deadlines[0]["ours"] if all(i in d["ours"] for d in deadlines)] if len(deadlines) > 1 else []
    print(f"  Due:{_ours(shared)}")
    for deadline in deadlines:
        print(f"    {deadline['label']} ({deadline['duration']}, {deadline['counts']} time): {deadline['due_text']}"
              + _ours([i for i in deadline["ours"] if i not in shared]))
    off_shift = answer["off_shift"]
    if off_shift["owner_on_shift"]:
        return  # what to do now is the card's, which looks along the whole path
    print(f"  {off_shift['headline']}. Rule: {off_shift['rule']}.{_ours(off_shift['ours'])}")
    for branch in (off_shift["emergency"], off_shift["standard"]):
        if branch:
            print(f"    {branch['advice']}")


def _marked(cards) -> list[str]:
    """The choices of ours the party lines printed marked, each once, in the order printed."""
    return list(dict.fromkeys(i for card in cards for i in _party_ours(card)))


def _print_can(answer: dict) -> None:
    print(f"{answer['verdict']} {answer['summary']}")
    if answer["grant"] == "depends":
        for band in answer["bands"]:
            print(f"  {band['text']}")
    elif answer["who_can_text"]:
        print(f"  {answer['who_can_text']}")
    if answer["why"]:
        print(f"  {answer['why_label']}: " + "; ".join(f"{why['text']} ({why['link']})" for why in answer["why"]))


def _directory_rows(matrix: Matrix) -> list[dict]:
    return [party_card(matrix, party.id) | {"directory": party.directory} for party in matrix.directory()]


def _instant(matrix: Matrix, args) -> tuple[datetime | None, str]:
    """`--at` and `--tz` as an aware instant and a zone; a naive `--at` is wall time in `--tz`."""
    tz = matrix.organisation.timezone if args.tz is None else args.tz
    zone(tz)
    if args.at in (None, "now"):
        return datetime.now(UTC), tz
    return parse_instant(args.at, tz), tz


def cmd_route(matrix: Matrix, args) -> int:
    at, tz = _instant(matrix, args)
    links = drill_cli.site_links(args.site)
    answer = route_answer(route(matrix, args.issue, args.severity, args.channel, opened_at=at, tz=tz), links)
    if args.json:
        print(json.dumps(answer, ensure_ascii=False, indent=2))
    else:
        _print_route(answer)
        if at is not None:
            _print_times(answer)
        print_ours(answer["interpretations"], links)
    return 0


def cmd_find(matrix: Matrix, args) -> int:
    """Exit 0 with the ranked candidates (certain or not), 2 when nothing matches at all."""
    found = find(matrix, args.query)
    links = drill_cli.site_links(args.site)
    answer = search_answer(found, links)
    if args.json:
        print(json.dumps(answer, ensure_ascii=False, indent=2))
    else:
        print(answer["summary"])
        for number, candidate in enumerate(found.candidates, start=1):
            category = matrix.category_of(candidate.issue).name
            print(f"  {number}. {candidate.issue.name} ({category}) — matched: {', '.join(candidate.matched)}")
        if found.candidates:  # the matched words other than names are ours: say so where they show
            why = answer["why"]
            print(f"  {why['text']} ({choice_reference(WHY, why['link'], bool(links.site))})")
    return 0 if found.candidates else 2


def cmd_onshift(matrix: Matrix, args) -> int:
    at, tz = _instant(matrix, args)
    answer = roster(matrix, at, tz)
    if args.json:
        print(json.dumps(answer, ensure_ascii=False, indent=2))
        return 0
    print(f"At {answer['at_label']} ({tz}):")
    for key, title in (("on_shift", "Reachable now (on shift)"), ("emergency_only", "Emergencies only (P0/P1)"),
                       ("off_shift", "Off shift")):
        print(f"{title}:")
        for card in answer[key]:
            shift = card["shift"]
            when = (f"until {shift['until_label']}" if shift["until"] else "always on shift") if shift["on_shift"] \
                else (f"back {shift['next_on_shift_label']}" if shift["next_on_shift"] else "no regular hours")
            print(f"  {contact_line(card)} — {when}{_ours(_party_ours(card))}")
        if not answer[key]:
            print("  nobody")
    print_ours(_marked(card for key in ("on_shift", "emergency_only", "off_shift") for card in answer[key]), Links())
    return 0


def cmd_can(matrix: Matrix, args) -> int:
    answer = permission_answer(can(matrix, args.role, args.action, args.amount), drill_cli.site_links(args.site))
    if args.json:
        print(json.dumps(answer, ensure_ascii=False, indent=2))
    else:
        _print_can(answer)
    return 0


def cmd_contacts(matrix: Matrix, args) -> int:
    rows = [party_card(matrix, find_party(matrix, args.team).id)] if args.team is not None else _directory_rows(matrix)
    if args.json:
        print(json.dumps(rows if args.team is None else rows[0], ensure_ascii=False, indent=2))
    else:
        for row in rows:
            print(contact_line(row) + _ours(_party_ours(row)) + _instead(row, "  "))
        print_ours(_marked(rows), Links())
    return 0


def _print_lint(name: str, located: list) -> None:
    groups = group(located)
    print(f"Policy check of {name}: {len(located)} finding(s) in {len(groups)} kind(s)")
    for found in groups:
        print(f"\n{found['title']} ({len(found['findings'])}): {found['explanation']}")
        for item in found["findings"]:
            level = "error: " if item["level"] == ERROR else ""
            ours = f" ({RESTS_ON_OURS}: {item['interpretation']})" if item["interpretation"] else ""
            print(f"  {item['file']}:{item['line']}:{item['column']}: {item['path'] or '(document)'}: "
                  f"{level}{item['message']}{ours}")


def cmd_check(args) -> int:
    """Validate each file; exit 1 when one has errors (or warnings, with --strict), 0 with --warn-only."""
    if args.lint:
        return cmd_lint(args)
    if args.json:
        print("escalate check: --json goes with --lint", file=sys.stderr)
        return 2
    failed = [_check_file(name, args.strict) for name in args.files or [args.matrix]]
    return 1 if any(failed) and not args.warn_only else 0


def _check_file(name: str, strict: bool) -> bool:
    """Print one file's problems; whether it fails."""
    try:
        source = read_matrix_file(name)
        located = source.problems()
    except MatrixFileError as error:
        located = error.located
    errors = [item for item in located if item.problem.level == ERROR]
    for item in located:
        print(item, file=sys.stderr if item in errors else sys.stdout)
    warnings = len(located) - len(errors)
    failed = bool(errors) or bool(strict and warnings)
    if failed:
        print(f"{name}: {len(errors)} error(s), {warnings} warning(s)"
              + (" (--strict: warnings fail)" if not errors else ""), file=sys.stderr)
    else:
        print(f"{name}: valid, {warnings} warning(s)")
    return failed


def cmd_lint(args) -> int:
    """The policy check: every finding grouped by kind; exit 1 on errors (or warnings with --strict), never
    with --warn-only (a pre-commit hook that reports without blocking the commit)."""
    failed = False
    reports = []
    for name in args.files or [args.matrix]:
        try:
            located = read_matrix_file(name).lint()
        except MatrixFileError as error:
            located = error.located
        if args.json:
            reports.append({"file": name, "groups": group(located)})
        else:
            _print_lint(name, located)
        errors = sum(item.problem.level == ERROR for item in located)
        failed = failed or bool(errors or (args.strict and located))
    if args.json:  # one file: its report, as before; several: a list of them
        print(json.dumps(reports[0] if len(reports) == 1 else reports, ensure_ascii=False, indent=2))
    return 1 if failed and not args.warn_only else 0


def cmd_export(matrix: Matrix, args) -> int:
    print(export_json(matrix))
    return 0


def cmd_schema(args) -> int:
    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="escalate", description="Who owns it, where it goes next, how fast, "
                                                                  "and who may do what.")
    parser.add_argument("--matrix", default=str(DEFAULT_PATH), metavar="FILE",
                        help="matrix YAML to answer from (default: the packaged one)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    find_ = sub.add_parser("find", help="which issue type a description means, ranked, and whether it is certain")
    find_.add_argument("query", help='the problem as the customer put it ("client wants their money back")')
    drill_cli.site_option(find_)
    find_.add_argument("--json", action="store_true")

    route = sub.add_parser("route", help="owner, escalation path, SLAs and procedure for an issue")
    route.add_argument("issue", help='the issue type ("Login problems", a slug) or the problem in your own words; '
                                     "answers when it is certain which issue type it is")
    route.add_argument("--severity", help="P0, P1, P2 or P3")
    route.add_argument("--channel", help="chat, email or phone")
    _time_options(route, "when the issue came in (default: now), e.g. 2026-11-27T19:30, in --tz unless it has an "
                         "offset: the deadlines, who is on shift and the off-shift rule are for that moment")
    drill_cli.site_option(route)
    route.add_argument("--json", action="store_true")

    can = sub.add_parser("can", help="may a role take an action (for an amount)")
    can.add_argument("action", help='action as written ("Issue refund") or a slug')
    can.add_argument("--as", dest="role", required=True,
                     help='role ("Tier 2", "T&S", "Billing"), or a lead a "lead only" grant names ("T&S Lead")')
    can.add_argument("--amount", type=_amount, help="amount in the matrix's currency")
    drill_cli.site_option(can)
    can.add_argument("--json", action="store_true")

    contacts = sub.add_parser("contacts", help="the contact directory, or one team")
    contacts.add_argument("team", nargs="?")
    contacts.add_argument("--json", action="store_true")

    check = sub.add_parser("check", help="validate matrix files (exit 1 when one is invalid)")
    check.add_argument("files", nargs="*", metavar="FILE", help="default: the matrix (--matrix)")
    check.add_argument("--strict", action="store_true", help="warnings fail too")
    check.add_argument("--lint", action="store_true",
                       help="the policy check: findings grouped by kind, amount gaps included")
    check.add_argument("--json", action="store_true", help="with --lint: the groups as JSON")
    check.add_argument("--warn-only", action="store_true",
                       help="report everything but exit 0 (a pre-commit hook that warns without blocking)")

    onshift = sub.add_parser("onshift", help="who can be reached at a moment (and who only for emergencies)")
    _time_options(onshift, "the moment, e.g. 2026-11-27T19:30 (in --tz unless it has an offset); default now")
    onshift.add_argument("--json", action="store_true")

    sub.add_parser("export", help="the validated matrix as JSON")
    sub.add_parser("schema", help="the JSON Schema of a matrix file")
    drill_cli.add_parser(sub)
    diff_cli.add_parser(sub)
    return parser


def _time_options(parser, at_help: str) -> None:
    parser.add_argument("--at", help=at_help)
    parser.add_argument("--tz", help="IANA zone to read and write times in (default: the organisation's)")


_AMOUNT = re.compile(r"^\$?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]{1,2})?$")


def _amount(text: str) -> float:
    """An amount as an agent types it (`150`, `99.50`, `$1,250`): cents at most, never negative.

    Refused rather than rounded: `99.999` would otherwise become 100 and cross a threshold.
    """
    if not _AMOUNT.match(text.strip()):
        raise argparse.ArgumentTypeError(f"expected an amount like 150, 99.50 or $1,250 (at most two decimals, "
                                          f"never negative), not {text!r}")
    value = float(text.strip().lstrip("$").replace(",", ""))
    if value > MAX_AMOUNT:
        raise argparse.ArgumentTypeError(f"expected an amount up to {MAX_AMOUNT:,}, not {text!r}")
    return value


def _missing_values(parser: argparse.ArgumentParser, args) -> str | None:
    """An option written `--amount=--` reaches argparse as no value at all (a list): name it."""
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for action in [*parser._actions, *commands.choices[args.command]._actions]:
        if (isinstance(action, argparse._StoreAction) and action.option_strings and action.nargs is None
                and isinstance(getattr(args, action.dest, None), list)):
            return f"{action.option_strings[-1]} needs a value"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        missing = _missing_values(parser, args)
        if missing:
            parser.error(missing)
        code = _run(args)
        sys.stdout.flush()  # a full disk must be reported here, not at exit as an ignored exception
        return code
    except BrokenPipeError:
        # The reader (`| head`) stopped early: that is its choice, not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130
    except OSError as error:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more can be written there
        print(f"escalate: cannot write the answer: {error.strerror}", file=sys.stderr)
        return 2


def _run(args) -> int:
    if args.command == "check":
        return cmd_check(args)
    if args.command == "schema":
        return cmd_schema(args)
    if args.command == "diff":
        return diff_cli.run(args)
    try:
        matrix = load_matrix(args.matrix)
    except MatrixFileError as error:
        print(error, file=sys.stderr)
        return 1
    command = {"find": cmd_find, "route": cmd_route, "can": cmd_can, "contacts": cmd_contacts, "export": cmd_export,
               "drill": drill_cli.run, "onshift": cmd_onshift}[args.command]
    try:
        return command(matrix, args)
    except LookupProblem as problem:
        print(f"escalate {args.command}: {problem}", file=sys.stderr)
        return 2
    except ValueError as problem:
        print(f"escalate {args.command}: {problem}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
