"""The matrix file's JSON Schema: the model's shape with each field's docstring as its description.

An edge beside the core: the shape comes from the model's annotations (`matrix.core.shape`), and the
descriptions from the docstrings written under the model's fields, which Python does not keep at
run time, so they are read from the model's source. `escalate schema` prints the result.
"""

from __future__ import annotations

import ast
import inspect

from .core import model
from .core.shape import json_schema as shape_schema

TITLE = "Support Escalation Matrix"


def field_docs() -> dict[tuple[str, str], str]:
    """(class name, field name) → the docstring under that field in the model, as one line."""
    docs = {}
    for node in ast.parse(inspect.getsource(model)).body:
        if not isinstance(node, ast.ClassDef):
            continue
        for statement, after in zip(node.body, node.body[1:]):
            if (isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
                    and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                    and isinstance(after.value.value, str)):
                docs[node.name, statement.target.id] = " ".join(inspect.cleandoc(after.value.value).split())
    return docs


def json_schema() -> dict:
    """The JSON Schema of a matrix file (draft 2020-12)."""
    docs = field_docs()
    schema = shape_schema(model.Matrix, lambda cls, name: docs.get((cls.__name__, name)))
    return {"$schema": schema.pop("$schema"), "title": TITLE, **schema}
