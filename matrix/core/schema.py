"""The shape of a matrix file, declared once: it checks plain data and it writes the JSON Schema.

Checking collects every problem (unknown keys, missing fields, wrong types, malformed values)
with its data path, so an editor sees all of them at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .durations import PATTERN as DURATION_PATTERN
from .problems import Problem, join_path

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$|^P[0-9]$"
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


class Shape:
    def check(self, value, path: str, out: list[Problem]) -> None:
        raise NotImplementedError

    def json_schema(self) -> dict:
        raise NotImplementedError


def _type_name(value) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        kind = "text" if isinstance(value, str) else "a number"
        return f"{kind} {value!r}"
    return {bool: f"{str(value).lower()}", list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


@dataclass
class Text(Shape):
    pattern: str | None = None
    enum: tuple[str, ...] = ()
    hint: str = ""
    doc: str = ""

    def check(self, value, path, out):
        if not isinstance(value, str):
            out.append(Problem(path, f"Expected text but received: {_type_name(value)}"))
        elif self.enum and value not in self.enum:
            out.append(Problem(path, f"Expected one of: {self.enum} but received: {value!r}"))
        elif self.pattern and not re.match(self.pattern, value):
            out.append(Problem(path, f"Expected {self.hint or 'text matching ' + self.pattern} "
                                     f"but received: {value!r}"))
        elif not value.strip():
            out.append(Problem(path, "Expected text but received an empty string"))

    def json_schema(self):
        schema: dict = {"type": "string", "minLength": 1}
        if self.enum:
            schema["enum"] = list(self.enum)
        if self.pattern:
            schema["pattern"] = self.pattern
        if self.doc:
            schema["description"] = self.doc
        return schema


@dataclass
class Number(Shape):
    minimum: float | None = None
    doc: str = ""

    def check(self, value, path, out):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            out.append(Problem(path, f"Expected a number but received: {_type_name(value)}"))
        elif value != value or value in (float("inf"), float("-inf")):
            out.append(Problem(path, f"Expected a finite number but received: {value!r}"))
        elif self.minimum is not None and value < self.minimum:
            out.append(Problem(path, f"Expected a number ≥ {self.minimum:g} but received: {value!r}"))

    def json_schema(self):
        schema: dict = {"type": "number"}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.doc:
            schema["description"] = self.doc
        return schema


@dataclass
class Flag(Shape):
    doc: str = ""

    def check(self, value, path, out):
        if not isinstance(value, bool):
            out.append(Problem(path, f"Expected true or false but received: {_type_name(value)}"))

    def json_schema(self):
        return {"type": "boolean", **({"description": self.doc} if self.doc else {})}


@dataclass
class Items(Shape):
    item: Shape
    min_items: int = 0
    doc: str = ""

    def check(self, value, path, out):
        if not isinstance(value, list):
            out.append(Problem(path, f"Expected a list but received: {_type_name(value)}"))
            return
        if len(value) < self.min_items:
            out.append(Problem(path, f"Expected at least {self.min_items} item(s) but received {len(value)}"))
        for index, element in enumerate(value):
            self.item.check(element, join_path(path, index), out)

    def json_schema(self):
        schema = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.doc:
            schema["description"] = self.doc
        return schema


@dataclass
class Mapping(Shape):
    """A mapping whose keys are free (e.g. role ids) and whose values share one shape."""

    value: Shape
    doc: str = ""

    def check(self, value, path, out):
        if not isinstance(value, dict):
            out.append(Problem(path, f"Expected a mapping but received: {_type_name(value)}"))
            return
        for key, element in value.items():
            if not isinstance(key, str):
                out.append(Problem(path, f"Expected text keys but received: {key!r}"))
                continue
            self.value.check(element, join_path(path, key), out)

    def json_schema(self):
        return {"type": "object", "additionalProperties": self.value.json_schema(),
                **({"description": self.doc} if self.doc else {})}


@dataclass
class Field:
    shape: Shape
    required: bool = True
    doc: str = ""


@dataclass
class Record(Shape):
    fields: dict[str, Field]
    doc: str = ""

    def check(self, value, path, out):
        if not isinstance(value, dict):
            out.append(Problem(path, f"Expected a mapping but received: {_type_name(value)}"))
            return
        for key in value:
            if key not in self.fields:
                known = ", ".join(self.fields)
                out.append(Problem(join_path(path, str(key)),
                                   f"Unknown key {key!r}; expected one of: {known}"))
        for name, spec in self.fields.items():
            if name in value:
                spec.shape.check(value[name], join_path(path, name), out)
            elif spec.required:
                out.append(Problem(join_path(path, name), "Required field missing"))

    def json_schema(self):
        properties = {}
        for name, spec in self.fields.items():
            schema = spec.shape.json_schema()
            if spec.doc:
                schema = {**schema, "description": spec.doc}
            properties[name] = schema
        schema = {"type": "object", "properties": properties, "additionalProperties": False,
                  "required": [n for n, s in self.fields.items() if s.required]}
        if self.doc:
            schema["description"] = self.doc
        return schema


@dataclass
class Either(Shape):
    """Text, or a record: for path steps that are one party or a choice of several."""

    options: tuple[Shape, ...] = field(default_factory=tuple)
    hint: str = ""

    def check(self, value, path, out):
        if isinstance(value, str):
            for option in self.options:
                if isinstance(option, Text):
                    option.check(value, path, out)
                    return
        if isinstance(value, dict):
            for option in self.options:
                if isinstance(option, Record):
                    option.check(value, path, out)
                    return
        out.append(Problem(path, f"Expected {self.hint} but received: {_type_name(value)}"))

    def json_schema(self):
        return {"oneOf": [option.json_schema() for option in self.options]}


def _id(doc: str = "") -> Text:
    return Text(pattern=ID_PATTERN, hint="an id of lower-case words joined by hyphens", doc=doc)


def _ref(doc: str) -> Text:
    return _id(doc)


def _duration(doc: str = "") -> Text:
    return Text(pattern=DURATION_PATTERN, hint="a duration like '15m', '4h', '1w' or 'immediate'", doc=doc)


def _texts(min_items: int = 0) -> Items:
    return Items(Text(), min_items=min_items)


_HOURS = Record({
    "schedule": Field(_ref("Id of a weekly schedule in `schedules`.")),
    "label": Field(Text(), doc="The hours as the seed writes them."),
    "emergency": Field(Flag(), required=False, doc="Also reachable outside the schedule for P0/P1."),
})

_TARGET = Record({
    "target": Field(_duration()),
    "maximum": Field(_duration()),
})

_CONTACT = Record({
    "kind": Field(Text(enum=("email", "chat-channel", "phone", "in-app", "automatic"))),
    "value": Field(Text()),
})

_AMOUNT = Record({
    "min": Field(Number(minimum=0), doc="Lower bound of the amounts this row covers."),
    "min_inclusive": Field(Flag(), required=False, doc="Whether `min` itself is covered (default true)."),
    "max": Field(Number(minimum=0), required=False, doc="Upper bound; absent means no upper limit."),
    "max_inclusive": Field(Flag(), required=False, doc="Whether `max` itself is covered (default false)."),
})

MATRIX = Record({
    "organisation": Field(Record({
        "name": Field(Text()),
        "title": Field(Text()),
        "overview": Field(Text()),
        "timezone": Field(Text(pattern=r"^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$", hint="an IANA time zone like 'Europe/Berlin'")),
        "assumed_hours": Field(_ref("Schedule assumed for parties whose hours are not published.")),
    })),
    "schedules": Field(Items(Record({
        "id": Field(_id()),
        "name": Field(Text()),
        "timezone": Field(Text(pattern=r"^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$", hint="an IANA time zone"), required=False),
        "windows": Field(Items(Record({
            "days": Field(Items(Text(enum=("mon", "tue", "wed", "thu", "fri", "sat", "sun")), min_items=1)),
            "from": Field(Text(pattern=TIME_PATTERN, hint="a time 'HH:MM'")),
            "to": Field(Text(pattern=TIME_PATTERN, hint="a time 'HH:MM' (24:00 ends the day)")),
        }))),
        "holidays": Field(Items(Text(pattern=DATE_PATTERN, hint="a date 'YYYY-MM-DD'")), required=False),
    }), min_items=1)),
    "channels": Field(Items(Record({
        "id": Field(_id()),
        "name": Field(Text()),
        "aliases": Field(_texts(), required=False),
        "first_response": Field(_TARGET),
    }), min_items=1)),
    "severities": Field(Items(Record({
        "id": Field(Text(pattern=r"^P[0-9]$", hint="a severity id like 'P0'")),
        "name": Field(Text()),
        "definition": Field(Text()),
        "examples": Field(_texts()),
        "response": Field(Items(Record({
            "action": Field(Text()),
            "within": Field(_duration(), required=False),
            "every": Field(_duration(), required=False),
            "party": Field(_ref("Id of the tier or team that must act, where the action names one."),
                           required=False),
        }))),
        "resolution": Field(_TARGET),
        "procedure": Field(_ref("Id of the procedure to follow at this severity.")),
    }), min_items=1)),
    "tiers": Field(Items(Record({
        "id": Field(Text(pattern=r"^tier-[0-9]+$", hint="a tier id like 'tier-1'")),
        "name": Field(Text()),
        "title": Field(Text()),
        "team": Field(Text()),
        "aliases": Field(_texts(), required=False),
        "members": Field(Items(_ref("Id of a team")), required=False),
        "hours": Field(_HOURS),
        "response_times": Field(Items(Record({
            "label": Field(Text()),
            "within": Field(_duration()),
            "channels": Field(Items(_ref("Id of a channel")), required=False),
            "severities": Field(Items(_ref("Id of a severity")), required=False),
            "arrival": Field(Text(enum=("escalated", "direct")), required=False),
        }))),
        "handles": Field(_texts()),
        "tools_access": Field(_texts()),
        "contact": Field(_ref("Id of the directory entry to contact for this tier.")),
        "directory_title": Field(Text(), doc="Heading of the tier's contact-directory section."),
    }), min_items=1)),
    "teams": Field(Items(Record({
        "id": Field(_id()),
        "name": Field(Text()),
        "aliases": Field(_texts(), required=False),
        "directory": Field(_ref("Id of the tier whose directory section lists this team."), required=False),
        "contact": Field(_CONTACT, required=False, doc="Absent: no contact published."),
        "hours": Field(_HOURS, required=False, doc="Absent: no hours published."),
        "lead": Field(_ref("Id of the team's lead."), required=False),
    }))),
    "flow": Field(Record({
        "nodes": Field(Items(Record({
            "id": Field(_id()),
            "label": Field(Text()),
            "party": Field(_ref("Id of a tier or team"), required=False),
            "category": Field(_ref("Id of a category"), required=False),
            "note": Field(Text(), required=False),
        }), min_items=1)),
        "edges": Field(Items(Items(_ref("Id of a flow node"), min_items=2))),
    })),
    "categories": Field(Items(Record({
        "id": Field(_id()),
        "name": Field(Text()),
        "issue_types": Field(Items(Record({
            "name": Field(Text()),
            "owner": Field(_ref("Id of the initial owner")),
            "path": Field(Items(Either((_ref("Id of a tier or team"), Record({
                "any_of": Field(Items(_ref("Id of a tier or team"), min_items=2)),
            })), hint="a party id or {any_of: [ids]}"))),
            "sla": Field(_duration()),
            "keywords": Field(_texts(), required=False),
        }), min_items=1)),
    }), min_items=1)),
    "authority": Field(Record({
        "currency": Field(Text(pattern=r"^[A-Z]{3}$", hint="an ISO 4217 code like 'USD'")),
        "roles": Field(Items(_ref("Id of a tier or team"), min_items=1)),
        "rules": Field(Items(Record({
            "action": Field(Text()),
            "label": Field(Text(), required=False),
            "aliases": Field(_texts(), required=False),
            "amount": Field(_AMOUNT, required=False),
            "grants": Field(Mapping(Text(enum=("allowed", "lead", "denied")))),
        }), min_items=1)),
    })),
    "procedures": Field(Items(Record({
        "id": Field(_id()),
        "name": Field(Text()),
        "severities": Field(Items(_ref("Id of a severity"))),
        "steps": Field(Items(Record({
            "title": Field(Text()),
            "items": Field(_texts()),
            "cadence": Field(Items(Record({
                "audience": Field(Text()),
                "every": Field(_duration(), required=False),
                "note": Field(Text(), required=False),
            })), required=False),
        }), min_items=1)),
    }), min_items=1)),
    "satisfaction": Field(Items(Record({
        "metric": Field(Text()),
        "comparison": Field(Text(enum=(">", ">=", "<", "<="))),
        "value": Field(Number()),
        "unit": Field(Text(), required=False),
    }))),
    "templates": Field(Items(Record({
        "id": Field(_id()),
        "name": Field(Text()),
        "use": Field(Text()),
        "fields": Field(Items(Record({
            "name": Field(Text(pattern=r"^[a-z_][a-z0-9_]*$", hint="a placeholder name like 'time_open'")),
            "label": Field(Text()),
            "prompt": Field(Text()),
        }))),
        "body": Field(Text()),
    }))),
    "clocks": Field(Record({
        "first_response": Field(Text(enum=("calendar", "business"))),
        "issue_sla": Field(Text(enum=("calendar", "business"))),
        "resolution": Field(Text(enum=("calendar", "business"))),
    })),
    "off_shift": Field(Record({
        "emergency_severities": Field(Items(_ref("Id of a severity")),
                                      doc="Severities that never wait: they go to whoever is on call now."),
        "on_call": Field(_ref("Id of the tier or team on call for emergencies whatever the hour.")),
        "if_wait_breaches": Field(Text(enum=("escalate", "wait")),
                                  doc="When waiting for the owner breaches the SLA: `escalate` to the first step "
                                      "of the path on shift now, or `wait` and report the breach."),
    }), required=False, doc="What to do when the owner is off shift; absent, every issue waits for its owner."),
    "scenarios": Field(Items(Record({
        "issue": Field(Text(), doc="The issue type, by name as the routing tables write it."),
        "situations": Field(Items(Record({
            "situation": Field(Text(), doc="What the customer reports; `{amount}` is filled by the drill."),
            "severity": Field(_ref("Id of the severity a trainee should choose.")),
            "why": Field(Text(), doc="Why that severity: shown when grading."),
            "action": Field(Text(), required=False, doc="An authority action the situation raises."),
        }), min_items=1)),
    })), required=False, doc="Training drills: realistic situations per issue type."),
    "interpretations": Field(Items(Record({
        "id": Field(_id()),
        "topic": Field(Text()),
        "choice": Field(Text()),
        "reason": Field(Text()),
        "path": Field(Text(), doc="Data path of the value the choice is recorded in."),
    }))),
}, doc="A support escalation matrix: tiers, routing, severities, contacts, authority and SLAs.")


def check_shape(data) -> list[Problem]:
    problems: list[Problem] = []
    MATRIX.check(data, "", problems)
    return problems


def json_schema() -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Support Escalation Matrix",
        **MATRIX.json_schema(),
    }
