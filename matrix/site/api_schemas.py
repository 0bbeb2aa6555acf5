"""The JSON Schemas of the data API's files (draft 2020-12), written in this one place.

Each file's shape is the core's answer it carries (`route_answer`, `permission_answer`), so these
schemas describe those answers: every field listed under an object is required, and more may
appear (`additionalProperties` is left open), which is the API's stability rule within a version:
fields are added, never renamed or removed. The matrix's own schema is `escalate schema`'s,
generated from the model (`matrix.schema`).
"""

from __future__ import annotations

from functools import lru_cache

from ..schema import json_schema as matrix_schema

DRAFT = "https://json-schema.org/draft/2020-12/schema"

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
NUMBER = {"type": "number"}
IDS = {"type": "array", "items": STRING,
       "description": "Ids of published interpretations (choices of ours where the seed is silent) the value rests on."}
GRANT = {"enum": ["allowed", "lead", "denied"]}


def obj(description: str, **properties: dict) -> dict:
    """An object whose every listed field is required; others may be added."""
    return {"type": "object", "description": description, "properties": properties, "required": list(properties)}


def nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


WHY = nullable(obj("A link to the interpretation a line rests on.", text=STRING, link=STRING))

PARTY = obj(
    "A tier, team or role as an answer shows it: how to reach it, its hours, its runbook entry.",
    id=STRING, name=STRING, is_tier=BOOLEAN,
    via=nullable(STRING),
    contact=nullable(obj("The published contact.", kind={"enum": ["email", "chat-channel", "phone", "in-app", "automatic"]},
                         value=STRING, href=nullable(STRING), placeholder=BOOLEAN)),
    hours=obj("When it can be reached.", label=STRING, schedule=STRING, published=BOOLEAN, emergency=BOOLEAN,
              text=STRING, ours=IDS),
    link=STRING, ours=IDS, reach=STRING,
    instead=nullable(obj("Whom to go through when there is no usable contact.", through=nullable(STRING),
                         text=STRING, why=WHY)),
)

STEP = obj("One step of the escalation path: a party, or alternatives (`choice`).",
           step=INTEGER, name=STRING, choice=BOOLEAN, alternatives=array(PARTY), ours=IDS)

DEADLINE = obj("A clock: how long, and (for a moment) when it is due.",
               clock=STRING, bound=STRING, label=STRING, minutes=INTEGER, duration=STRING, counts=STRING,
               due=nullable(STRING), due_label=nullable(STRING), due_text=nullable(STRING), ours=IDS, why=WHY)

CARD = obj(
    "The top of the answer, as the wizard shows it: owner, how to reach them, the deadline, what to do now.",
    owner=obj("Who owns the issue.", id=STRING, name=STRING, link=STRING, status=nullable(STRING),
              on_shift=nullable(BOOLEAN), why=WHY, ours=IDS),
    contact=obj("How to reach the owner.", text=STRING, href=nullable(STRING), placeholder=BOOLEAN,
                instead=nullable(STRING), why=WHY, ours=IDS),
    deadline=DEADLINE,
    flags=array(obj("Where the matrix contradicts itself on this answer.", text=STRING, link=STRING, link_text=STRING)),
    now=obj("What to do now.", text=STRING, tone={"enum": ["ok", "warn", "urgent"]}, why=WHY),
    requesting=nullable(STRING),
)

ISSUE = {
    "$schema": DRAFT,
    "title": "Issue type answer",
    **obj(
        "One issue type's answer, as the wizard shows it before a severity or channel is chosen and as "
        "`escalate route <slug> --json --at <moment>` gives it without its time-aware keys: the owner, the "
        "escalation path, the SLA, every party's contact and hours, and the answer card.",
        issue=STRING, slug=STRING, category=STRING, category_id=STRING,
        owner=PARTY, next=nullable(STEP), next_name=STRING, path=array(STEP),
        sla_minutes=INTEGER, sla=STRING, sla_ours=IDS,
        severity={"type": ["object", "null"], "description": "The severity's block; null: none chosen."},
        channel={"type": ["object", "null"], "description": "The channel's first response; null: none chosen."},
        tier_responses=array(obj("A tier's response time that applies.", tier=STRING, label=STRING,
                                 within_minutes=INTEGER, within=STRING)),
        procedure={"type": ["object", "null"], "description": "The escalation procedure; null: no severity chosen."},
        links=obj("The runbook's sections for this answer.", routing=STRING, sla=STRING),
        card=CARD,
        interpretations=IDS,
    ),
}

BAND = obj("One row of the authority matrix behind the answer, with this role's grant in it.",
           label=STRING, amount=nullable(STRING), words=nullable(STRING), seed=nullable(STRING),
           grant=GRANT, who_can=array(STRING), why=WHY, text=STRING)

PERMISSION = obj(
    "“May this role take this action?”, as `escalate can <action> --as <role> --json` answers it (no amount).",
    action=STRING, row=nullable(STRING), band=nullable(STRING), role=STRING, role_id=STRING,
    lead_of=nullable(STRING), amount=nullable(NUMBER), currency=STRING,
    grant={"enum": ["allowed", "lead", "denied", "depends"]}, allowed=BOOLEAN, lead_only=BOOLEAN,
    lead=nullable(STRING), who_can=array(STRING), bands=array(BAND), verdict=STRING, link=STRING,
    interpretations=IDS, why=array(obj("An interpretation the answer rests on.", text=STRING, link=STRING)),
    why_label=nullable(STRING), summary=STRING, who_can_text=nullable(STRING),
)

AUTHORITY = {
    "$schema": DRAFT,
    "title": "Authority matrix",
    **obj(
        "Who may take which action, by amount where it matters: each action's rows with every role's grant, "
        "and each role's answer, so a tool looks answers up rather than working them out.",
        currency=STRING,
        roles=array(obj("A role that may ask: a column of the table, or a lead a “lead only” cell names.",
                        id=STRING, name=STRING, lead_of=nullable(STRING))),
        actions=array(obj(
            "An action of the authority matrix.",
            action=STRING, slug=STRING, link=STRING,
            rows=array(obj("A row: the amounts it covers (null: any) and each role's grant, by role id.",
                           label=STRING,
                           amount=nullable(obj("The amounts the row covers.", min=NUMBER, min_inclusive=BOOLEAN,
                                               max=nullable(NUMBER), max_inclusive=BOOLEAN)),
                           grants={"type": "object", "additionalProperties": GRANT})),
            answers={"type": "object", "description": "Each role's answer, by role id.",
                     "additionalProperties": PERMISSION})),
        interpretations={"type": "object", "description": "Each published interpretation, by id.",
                         "additionalProperties": obj("Where it is explained.", topic=STRING, link=STRING)},
    ),
}

_FILE = obj("A file of the API: its path relative to this index, what kind it is, its schema's path (null for a "
            "schema) and the SHA-256 of its bytes; an issue type's file names it (`issue`, `slug`).",
            path=STRING, kind={"enum": ["matrix", "authority", "issue", "schema"]}, schema=nullable(STRING),
            sha256={"type": "string", "pattern": "^[0-9a-f]{64}$"})
_FILE["properties"].update(issue=STRING, slug=STRING)

INDEX = {
    "$schema": DRAFT,
    "title": "Data API index",
    **obj(
        "The API's version and every file it serves, each with its schema and SHA-256, so a tool can tell "
        "what changed without fetching everything.",
        api_version=INTEGER, title=STRING, organisation=STRING, site=nullable(STRING), documentation=STRING,
        files=array(_FILE),
    ),
}


@lru_cache(maxsize=1)
def schemas() -> dict[str, dict]:
    """Every schema by name, as `schemas/<name>.json` serves it; the matrix's is `escalate schema`'s.

    Built once per process (the matrix's is read from the model's source): callers only read it."""
    return {"index": INDEX, "matrix": matrix_schema(), "authority": AUTHORITY, "issue": ISSUE}
