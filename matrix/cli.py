"""`escalate`: the matrix from a terminal. Human answers by default, `--json` for scripts.

Exit codes: 0 answered (or a valid matrix), 1 an invalid matrix, 2 input that names nothing.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import drill_cli
from .model import Matrix
from .problems import ERROR, LookupProblem
from .source import DEFAULT_PATH, MatrixFileError, export_json, load_matrix, read_matrix_file


def _contact_line(card: dict) -> str:
    contact = card["contact"]["value"] if card["contact"] else "no contact published"
    via = f" via {card['via']}" if card["via"] else ""
    hours = card["hours"]["label"] if card["hours"]["published"] else "hours not published"
    return f"{card['name']}{via} — {contact} · {hours}"


def _print_route(answer: dict) -> None:
    print(f"{answer['issue']} ({answer['category']}) — SLA {answer['sla']}")
    print(f"  Owner: {_contact_line(answer['owner'])}")
    if not answer["path"]:
        print("  Path:  none — the owner resolves it")
    for step in answer["path"]:
        label = "  Path:  " if step["step"] == 1 else "         "
        lines = [_contact_line(a) for a in step["alternatives"]]
        print(f"{label}{step['step']}. " + "\n            or ".join(lines))
    channel = answer["channel"]
    if channel:
        first = channel["first_response"]
        print(f"  First response ({channel['name']}): target {first['target']}, maximum {first['maximum']}")
    severity = answer["severity"]
    if severity:
        resolution = severity["resolution"]
        print(f"  Severity {severity['label']}: {severity['definition']}")
        print(f"    Resolve: target {resolution['target']}, maximum {resolution['maximum']}")
        for action in severity["actions"]:
            print(f"    - {action['action']}")
    for response in answer["tier_responses"]:
        print(f"  {response['tier']} responds ({response['label']}) within {response['within']}")
    procedure = answer["procedure"]
    if procedure:
        print(f"  Procedure: {procedure['name']}")
        for number, step in enumerate(procedure["steps"], start=1):
            print(f"    {number}. {step['title']}: {'; '.join(step['items'])}")


def _print_can(answer: dict) -> None:
    amount = f" for {answer['currency']} {answer['amount']:g}" if answer["amount"] is not None else ""
    subject = f"{answer['role']} — {answer['row'] or answer['action']}{amount}"
    if answer["allowed"]:
        print(f"Yes. {subject}: allowed.")
    elif answer["lead_only"]:
        print(f"Lead only. {subject}: only the {answer['lead']} may.")
    elif answer["grant"] == "depends":
        print(f"Depends on the amount. {subject}:")
        for band in answer["bands"]:
            print(f"  {band['label']} ({band['amount']}): {band['grant']}; who can: {', '.join(band['who_can'])}")
        return
    else:
        print(f"No. {subject}: not allowed.")
    if not answer["allowed"]:
        print(f"  Who can: {', '.join(answer['who_can']) or 'nobody'}")


def _directory_rows(matrix: Matrix) -> list[dict]:
    from .routing import party_card

    return [party_card(matrix, party.id) | {"directory": party.directory} for party in matrix.directory()]


def cmd_route(matrix: Matrix, args) -> int:
    answer = matrix.route(args.issue, args.severity, args.channel).to_dict()
    if args.json:
        print(json.dumps(answer, ensure_ascii=False, indent=2))
    else:
        _print_route(answer)
    return 0


def cmd_can(matrix: Matrix, args) -> int:
    answer = matrix.can(args.role, args.action, args.amount).to_dict()
    if args.json:
        print(json.dumps(answer, ensure_ascii=False, indent=2))
    else:
        _print_can(answer)
    return 0


def cmd_contacts(matrix: Matrix, args) -> int:
    from .lookup import find_party
    from .routing import party_card

    rows = [party_card(matrix, find_party(matrix, args.team).id)] if args.team else _directory_rows(matrix)
    if args.json:
        print(json.dumps(rows if not args.team else rows[0], ensure_ascii=False, indent=2))
    else:
        for row in rows:
            print(_contact_line(row))
    return 0


def cmd_check(args) -> int:
    try:
        source = read_matrix_file(args.file or args.matrix)
        located = source.problems()
    except MatrixFileError as error:
        located = error.located
    errors = [item for item in located if item.problem.level == ERROR]
    for item in located:
        print(item, file=sys.stderr if item in errors else sys.stdout)
    warnings = len(located) - len(errors)
    failed = bool(errors) or (args.strict and warnings)
    name = args.file or args.matrix
    if failed:
        print(f"{name}: {len(errors)} error(s), {warnings} warning(s)"
              + (" (--strict: warnings fail)" if not errors else ""), file=sys.stderr)
        return 1
    print(f"{name}: valid, {warnings} warning(s)")
    return 0


def cmd_export(matrix: Matrix, args) -> int:
    print(export_json(matrix))
    return 0


def cmd_schema(args) -> int:
    from .schema import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="escalate", description="Who owns it, where it goes next, how fast, "
                                                                  "and who may do what.")
    parser.add_argument("--matrix", default=str(DEFAULT_PATH), metavar="FILE",
                        help="matrix YAML to answer from (default: the packaged one)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    route = sub.add_parser("route", help="owner, escalation path, SLAs and procedure for an issue")
    route.add_argument("issue", help='issue type as written ("Login problems"), a slug or a word')
    route.add_argument("--severity", help="P0, P1, P2 or P3")
    route.add_argument("--channel", help="chat, email or phone")
    route.add_argument("--json", action="store_true")

    can = sub.add_parser("can", help="may a role take an action (for an amount)")
    can.add_argument("action", help='action as written ("Issue refund") or a slug')
    can.add_argument("--as", dest="role", required=True, help='role ("Tier 2", "T&S", "Billing")')
    can.add_argument("--amount", type=_amount, help="amount in the matrix's currency")
    can.add_argument("--json", action="store_true")

    contacts = sub.add_parser("contacts", help="the contact directory, or one team")
    contacts.add_argument("team", nargs="?")
    contacts.add_argument("--json", action="store_true")

    check = sub.add_parser("check", help="validate a matrix file (exit 1 when invalid)")
    check.add_argument("file", nargs="?")
    check.add_argument("--strict", action="store_true", help="warnings fail too")

    sub.add_parser("export", help="the validated matrix as JSON")
    sub.add_parser("schema", help="the JSON Schema of a matrix file")
    drill_cli.add_parser(sub)
    return parser


def _amount(text: str) -> float:
    try:
        value = float(text.replace(",", "").lstrip("$"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an amount like 150 or 99.50, not {text!r}") from None
    if value != value or value < 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected an amount of 0 or more, not {text!r}")
    return value


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "check":
        return cmd_check(args)
    if args.command == "schema":
        return cmd_schema(args)
    try:
        matrix = load_matrix(args.matrix)
    except MatrixFileError as error:
        print(error, file=sys.stderr)
        return 1
    command = {"route": cmd_route, "can": cmd_can, "contacts": cmd_contacts, "export": cmd_export,
               "drill": drill_cli.run}[args.command]
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
