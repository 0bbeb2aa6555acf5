"""The data API for other tools: static JSON in the built site under a versioned folder.

    api/v1/index.json            the API's version and every file below, with its schema and SHA-256
    api/v1/matrix.json           the validated matrix: what `escalate export` prints, without its indentation
    api/v1/authority.json        every action's rows with each role's grant, and each role's answer
    api/v1/issues/<slug>.json    each issue type's answer: owner, path, SLA, contacts, the answer card
    api/v1/schemas/<name>.json   the JSON Schema of each kind of file (`matrix.site.api_schemas`)

Every answer is the core's own (`route_answer`, `permission_answer`), the same the wizard and
`escalate` give, so a tool reading these files needs no rules of its own. Links are as the wizard's:
relative to the site's root, or full URLs when the site's address is configured. Does no I/O: the
hook hands the files to MkDocs.
"""

from __future__ import annotations

import hashlib
import json

from ..core.answers.cards import permission_answer, route_answer
from ..core.answers.links import Links
from ..core.model import IssueType, Matrix
from ..core.rules.authority import can, rows_of
from ..core.rules.routing import Route
from ..core.slugs import slugify
from .api_schemas import schemas

VERSION = 1
FOLDER = f"api/v{VERSION}"
PAGE = "api.md"
"""The runbook page that documents the API."""


class IssueFileName(ValueError):
    """An issue type whose name gives it no file of its own: no letter or digit in it, or another's slug."""


def issue_files(matrix: Matrix) -> dict[str, str]:
    """Each issue type's file (relative to the API's folder), by slug; IssueFileName when one has none of its own."""
    files: dict[str, str] = {}
    for issue in matrix.issue_types:
        if not issue.slug or issue.slug in files:
            raise IssueFileName(f"The issue type {issue.name!r} gets no data API file of its own "
                                f"(issues/{issue.slug}.json): give it a name with letters or digits that no "
                                "other issue type's name shares")
        files[issue.slug] = f"issues/{issue.slug}.json"
    return files


def issue_route(matrix: Matrix, issue: IssueType) -> Route:
    """The issue type's route with no severity, channel or moment: `route()` without finding the issue type
    by what a person typed (a search over every issue type, for each of them)."""
    return Route(issue, matrix.category_of(issue), None, None, None, matrix)


def authority(matrix: Matrix, links: Links) -> dict:
    """The authority matrix as answers: each row's amounts and grants, and every role's answer per action."""
    roles = [*matrix.authority.roles, *matrix.leads]
    actions = []
    for action in matrix.authority.actions():
        asked = {role: can(matrix, role, action) for role in roles}
        rules = rows_of(matrix, action)
        actions.append({
            "action": action, "slug": slugify(action), "link": links.authority(slugify(action)),
            "rows": [{"label": rule.label,
                      "amount": None if rule.amount is None else {
                          "min": rule.amount.min, "min_inclusive": rule.amount.min_inclusive,
                          "max": rule.amount.max, "max_inclusive": rule.amount.max_inclusive},
                      "grants": {role: permission.grant_in(rule) for role, permission in asked.items()}}
                     for rule in rules],
            "answers": {role: permission_answer(permission, links) for role, permission in asked.items()},
        })
    return {
        "currency": matrix.authority.currency,
        "roles": [{"id": role, "name": matrix.parties[role].name,
                   "lead_of": matrix.parties[matrix.leads[role]].name if role in matrix.leads else None}
                  for role in roles],
        "actions": actions,
        "interpretations": {item.id: {"topic": item.topic, "link": links.interpretation(item.id)}
                            for item in matrix.interpretations},
    }


def _json(data) -> bytes:
    """Compact: Python's fast JSON encoder writes no indentation, and tools read either."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def files(matrix: Matrix, links: Links = Links()) -> dict[str, bytes]:
    """Every file of the API by its path in the site, the index last (it lists the others' digests)."""
    found = {"matrix.json": ("matrix", _json(matrix.source), {}),  # what `escalate export` prints
             "authority.json": ("authority", _json(authority(matrix, links)), {})}
    paths = issue_files(matrix)
    for issue in matrix.issue_types:
        found[paths[issue.slug]] = (
            "issue", _json(route_answer(issue_route(matrix, issue), links)), {"issue": issue.name, "slug": issue.slug})
    for name, schema in schemas().items():
        found[f"schemas/{name}.json"] = ("schema", _json(schema), {})
    index = {
        "api_version": VERSION, "title": matrix.organisation.title, "organisation": matrix.organisation.name,
        "site": links.site, "documentation": links.page(PAGE),
        "files": [{"path": path, "kind": kind, "schema": None if kind == "schema" else f"schemas/{kind}.json",
                   "sha256": hashlib.sha256(content).hexdigest(), **named}
                  for path, (kind, content, named) in found.items()],
    }
    written = {f"{FOLDER}/{path}": content for path, (_, content, _) in found.items()}
    written[f"{FOLDER}/index.json"] = _json(index)
    return written
