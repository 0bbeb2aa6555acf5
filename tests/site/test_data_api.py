"""The data API in the built site (`api/v1/`): every file against its JSON Schema, the answers against
the `escalate` command's, and the contract: no field a schema requires may go missing, within v1.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from pathlib import Path

import jsonschema
import pytest

from matrix.cli import main
from matrix.core.answers.links import Links
from matrix.core.load import build_matrix
from matrix.site import data_api
from matrix.site.api_schemas import schemas
from matrix.source import DEFAULT_PATH, parse_matrix_text

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT / "tests" / "data" / "api" / "v1-required-fields.txt"
KINDS = ("index", "matrix", "authority", "issue")


@pytest.fixture
def loaded_once(monkeypatch, matrix):
    """`escalate` as it runs, answering from the session's copy of the same matrix file rather than
    reading and checking it again for each of a hundred commands."""
    monkeypatch.setattr("matrix.cli.load_matrix", lambda path: matrix)


def escalate(*args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(list(args)) == 0
    return out.getvalue()


@pytest.fixture(scope="module")
def api(built_site) -> Path:
    return built_site / data_api.FOLDER


@pytest.fixture(scope="module")
def served(api) -> dict[str, dict]:
    """Every JSON file the site serves under the API's folder, by its path there."""
    return {path.relative_to(api).as_posix(): json.loads(path.read_bytes()) for path in sorted(api.rglob("*.json"))}


@pytest.fixture(scope="module")
def site_schemas(served) -> dict[str, dict]:
    return {kind: served[f"schemas/{kind}.json"] for kind in KINDS}


def kind_of(path: str) -> str | None:
    if path.startswith("schemas/"):
        return None
    return "index" if path == "index.json" else "issue" if path.startswith("issues/") else path.removesuffix(".json")


@pytest.fixture(scope="module")
def validators(site_schemas) -> dict[str, jsonschema.Draft202012Validator]:
    """A validator per kind, each schema first checked against the draft's own metaschema."""
    for schema in site_schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    return {kind: jsonschema.Draft202012Validator(schema) for kind, schema in site_schemas.items()}


# --- what the site serves ----------------------------------------------------------------------------

def test_every_file_validates_against_its_schema(served, site_schemas, validators, matrix):
    assert set(site_schemas) == set(KINDS) and site_schemas == schemas()
    checked = {kind: 0 for kind in KINDS}
    for path, data in served.items():
        if kind_of(path) is None:
            continue
        errors = [e.message for e in validators[kind_of(path)].iter_errors(data)]
        assert errors == [], path
        checked[kind_of(path)] += 1
    assert checked == {"index": 1, "matrix": 1, "authority": 1, "issue": len(matrix.issue_types)}


def test_the_index_lists_every_file_with_its_schema_and_digest(api, served, matrix):
    index = served["index.json"]
    assert index["api_version"] == 1 and index["site"] is None and index["documentation"] == "api/"
    listed = {item["path"]: item for item in index["files"]}
    assert set(listed) == set(served) - {"index.json"}
    for path, item in listed.items():
        assert item["sha256"] == hashlib.sha256((api / path).read_bytes()).hexdigest(), path
        assert item["schema"] == (None if item["kind"] == "schema" else f"schemas/{item['kind']}.json")
    issues = {item["slug"]: item for item in index["files"] if item["kind"] == "issue"}
    assert [(slug, item["issue"]) for slug, item in issues.items()] == [(i.slug, i.name) for i in matrix.issue_types]


def test_the_matrix_and_its_schema_are_what_escalate_prints(served):
    assert served["matrix.json"] == json.loads(escalate("export"))
    assert served["schemas/matrix.json"] == json.loads(escalate("schema"))


def without_time(card: dict) -> dict:
    """A party card as an answer for no moment has it: `route` answers for now and adds `shift`."""
    return {key: value for key, value in card.items() if key != "shift"}


def test_each_issue_answer_gives_escalate_routes_owner_path_and_slas(served, matrix, loaded_once):
    for issue in matrix.issue_types:
        answer = served[f"issues/{issue.slug}.json"]
        cli = json.loads(escalate("route", issue.slug, "--json"))
        assert answer["owner"] == without_time(cli["owner"]), issue.slug
        assert answer["path"] == [{**step, "alternatives": [without_time(card) for card in step["alternatives"]]}
                                  for step in cli["path"]], issue.slug
        for key in ("issue", "slug", "category", "sla_minutes", "sla", "sla_ours"):
            assert answer[key] == cli[key], (issue.slug, key)
        assert answer["card"]["deadline"]["minutes"] == cli["card"]["deadline"]["minutes"]
    refund = served["issues/refund-request.json"]
    assert (refund["owner"]["name"], [s["name"] for s in refund["path"]], refund["sla_minutes"]) == \
        ("Tier 1", ["Billing Team"], 1440)
    assert refund["owner"]["contact"]["value"] == "support@skillancer.com"


def test_the_authority_file_answers_as_escalate_can(served, matrix, loaded_once):
    authority = served["authority.json"]
    roles = [role["id"] for role in authority["roles"]]
    assert roles == [*matrix.authority.roles, "ts-lead", "billing-lead"]
    for action in authority["actions"]:
        for role in roles:
            assert action["answers"][role] == json.loads(escalate("can", action["action"], "--as", role, "--json"))
    refund = next(a for a in authority["actions"] if a["action"] == "Issue refund")
    above = next(row for row in refund["rows"] if row["label"] == "Issue refund (>$100)")
    assert above["amount"] == {"min": 100, "min_inclusive": True, "max": None, "max_inclusive": False}
    assert {role for role, grant in above["grants"].items() if grant == "allowed"} == {"billing", "tier-4",
                                                                                       "billing-lead"}
    ban = next(a for a in authority["actions"] if a["action"] == "Ban user")["rows"][0]["grants"]
    assert (ban["ts-team"], ban["ts-lead"]) == ("lead", "allowed")  # "Lead only" is the lead's own grant


def test_the_page_documents_the_contract_and_links_every_file(built_site, read_html, served, matrix):
    page = read_html(built_site, "api/")
    text = page.find("article").text
    assert "fields are added, never renamed or removed" in text
    links = {a.attrs["href"] for a in page.find("article").find_all("a")}
    for kind in KINDS:
        assert f"v1/schemas/{kind}.json" in links
    assert {f"v1/issues/{issue.slug}.json" for issue in matrix.issue_types} <= links
    assert {"v1/index.json", "v1/matrix.json", "v1/authority.json"} <= links


def test_with_the_sites_address_links_are_full_urls(matrix):
    written = data_api.files(matrix, Links(site="https://runbook.example/"))
    index = json.loads(written["api/v1/index.json"])
    assert index["site"] == "https://runbook.example/" and index["documentation"] == "https://runbook.example/api/"
    refund = json.loads(written["api/v1/issues/refund-request.json"])
    assert refund["owner"]["link"] == "https://runbook.example/tiers/#tier-1"


def test_an_issue_type_without_a_file_name_of_its_own_fails_loudly():
    data = parse_matrix_text(DEFAULT_PATH.read_text(encoding="utf-8"), "copy").data
    data["categories"][0]["issue_types"].append({"name": "!!!", "owner": "tier-1", "path": [], "sla": "1h"})
    with pytest.raises(data_api.IssueFileName, match=r"'!!!' gets no data API file of its own \(issues/.json\)"):
        data_api.files(build_matrix(data))


# --- the contract: required fields ---------------------------------------------------------------------

_ALTERNATIVES: dict[int, jsonschema.Draft202012Validator] = {}


def branch(schema: dict, instance) -> dict | None:
    """The alternative of an `anyOf`/`oneOf` that `instance` takes (None for a null it allows)."""
    for key in ("anyOf", "oneOf"):
        if key in schema:
            if instance is None:
                return None
            found = [s for s in schema[key] if s.get("type") != "null" and _ALTERNATIVES.setdefault(
                id(s), jsonschema.Draft202012Validator(s)).is_valid(instance)]
            return branch(found[0], instance) if found else None
    return schema


def required_places(schema: dict, instance, at: tuple = (), field: tuple = ()):
    """(where an object is in `instance`, that place with list indexes and map keys folded, a key its
    schema requires there), for every object reached: the folded place names the field wherever it repeats."""
    schema = branch(schema, instance)
    if schema is None:
        return
    if isinstance(instance, dict):
        for key in schema.get("required", []):
            yield at, field, key
        for key, value in instance.items():
            if key in schema.get("properties", {}):
                yield from required_places(schema["properties"][key], value, (*at, key), (*field, key))
            elif isinstance(schema.get("additionalProperties"), dict):
                yield from required_places(schema["additionalProperties"], value, (*at, key), (*field, "{}"))
    elif isinstance(instance, list) and isinstance(schema.get("items"), dict):
        for number, value in enumerate(instance):
            yield from required_places(schema["items"], value, (*at, number), (*field, "[]"))


KEPT = 2
"""Items a trimmed list keeps: the schemas ask at most two of a list (`minItems`, a pair), never fewer."""


def trimmed(node):
    """`node` with every list cut to its first items: still valid, and quick to check."""
    if isinstance(node, list):
        return [trimmed(item) for item in node[:KEPT]]
    if isinstance(node, dict):
        return {key: trimmed(value) for key, value in node.items()}
    return node


def carved(node, at: tuple):
    """`node` trimmed, but keeping the item each list on the way to `at` holds there (after those kept)."""
    if not at:
        return trimmed(node)
    part, rest = at[0], at[1:]
    if isinstance(node, list):
        return [carved(item, rest) if number == part else trimmed(item)
                for number, item in enumerate(node) if number < KEPT or number == part]
    return {key: carved(value, rest) if key == part else trimmed(value) for key, value in node.items()}


def test_dropping_any_required_field_fails_validation(served, validators, site_schemas):
    samples = {"index": [served["index.json"]], "matrix": [served["matrix.json"]],
               "authority": [served["authority.json"]],
               "issue": [served[p] for p in served if p.startswith("issues/")]}
    dropped = 0
    for kind, instances in samples.items():
        seen = set()
        for instance in instances:
            for at, field, key in required_places(site_schemas[kind], instance):
                if (field, key) in seen:  # each field once: the first place it is met
                    continue
                seen.add((field, key))
                carrier = carved(instance, at)
                holder, where = carrier, []
                for part in at:
                    where.append(min(part, KEPT) if isinstance(holder, list) else part)
                    holder = holder[where[-1]]
                del holder[key]
                # Invalid, and for that reason alone (the carrier was cut from a valid file): the object there
                # lacks a required field, or the alternatives it or an object around it is one of match none.
                errors = [(list(e.absolute_path), e.validator) for e in validators[kind].iter_errors(carrier)]
                assert len(errors) == 1, (kind, at, key, errors)
                (path, reason), = errors
                assert (path, reason) == (where, "required") or (
                    path == where[:len(path)] and reason in ("anyOf", "oneOf")), (kind, at, key, errors)
                dropped += 1
    assert dropped > 300


def contract_fields(schema: dict, at: str = "") -> set[str]:
    """Every required field a schema promises, as `owner.contact.kind` (`[]` for an item, `{}` for an entry)."""
    found = set()
    for alternative in schema.get("anyOf", []) + schema.get("oneOf", []):
        found |= contract_fields(alternative, at)
    for key in schema.get("required", []):
        found.add(f"{at}.{key}".lstrip("."))
    for key, inner in schema.get("properties", {}).items():
        found |= contract_fields(inner, f"{at}.{key}")
    if isinstance(schema.get("additionalProperties"), dict):
        found |= contract_fields(schema["additionalProperties"], f"{at}{{}}")
    if isinstance(schema.get("items"), dict):
        found |= contract_fields(schema["items"], f"{at}[]")
    return found


def test_v1_keeps_every_field_it_promised(site_schemas):
    promised = {line for line in CONTRACT.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")}
    now = {f"{kind}: {field}" for kind in KINDS for field in contract_fields(site_schemas[kind])}
    assert sorted(promised - now) == [], "v1 must not drop or rename a field: a new version gets a folder of its own"
    assert sorted(now - promised) == [], f"a field was added: list it in {CONTRACT.relative_to(ROOT)}, so it stays"
