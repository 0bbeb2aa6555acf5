"""The file's shape, read from the model's dataclasses: plain data in, typed records out, and the JSON Schema.

As cattrs and pydantic do, the annotations are the one description: `read()` walks a dataclass's
fields and converts the plain data of a parsed YAML or JSON file into records, collecting every
problem with its data path (`categories[0].issue_types[3].sla`) instead of stopping at the first;
`json_schema()` writes the same description for editors. A field added to a dataclass is therefore
read, checked and published with no other edit.

What a value is beyond its Python type is said with markers inside `typing.Annotated`:

- `Text(pattern, hint)`: text that must match; plain `str` is any non-empty text.
- `Id(namespace)`: an id declared here, unique in its namespace (`party`, `severity`…).
- `Ref(namespace)`: text that must name an id of that namespace.
- `Parsed(parse, pattern, hint)`: text in the file, a value in the model (`"15m"` → 15 minutes).
- `Between(low, high)`, `MinItems(n)`: bounds on numbers and lists.
- `Shorthand(field, hint)`: a record that may be written as one bare item of its only list field.

Conventions: a field with a default may be left out of the file; `X | None` only lets the model hold
None, never the file (YAML's null is refused); `dict[str, R]` of records with an `Id` is a list in
the file, keyed by that id; other dicts are mappings. Fields with `init=False` are not in the file:
the model derives them. A record's data path is kept in its `at` attribute, for later checks.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Callable, Literal, Union, get_args, get_origin

from .problems import Problem, join_path


# --- markers -------------------------------------------------------------------------------------
# Plain classes rather than dataclasses: building a dataclass costs the browser milliseconds at import.

class _Marker:
    """A note on a type inside `Annotated`, compared by its values."""

    __slots__ = ()

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other._values() == self._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self._values()!r}"


class Text(_Marker):
    """Text that must match `pattern`; `hint` says what was expected, in a reader's words."""

    __slots__ = ("pattern", "hint")

    def __init__(self, pattern: str, hint: str):
        self.pattern, self.hint = pattern, hint


class Id(_Marker):
    """An id declared by this field, unique in `namespace` (and also listed in `also`)."""

    __slots__ = ("namespace", "also")

    def __init__(self, namespace: str, also: tuple[str, ...] = ()):
        self.namespace, self.also = namespace, also


class Ref(_Marker):
    """Text that must name an `Id` of `namespace`."""

    __slots__ = ("namespace",)

    def __init__(self, namespace: str):
        self.namespace = namespace


class Parsed(_Marker):
    """Text in the file that the model holds as the value `parse` returns."""

    __slots__ = ("parse", "pattern", "hint")

    def __init__(self, parse: Callable[[str], Any], pattern: str, hint: str):
        self.parse, self.pattern, self.hint = parse, pattern, hint


class Between(_Marker):
    """A number from `minimum` to `maximum`, both included."""

    __slots__ = ("minimum", "maximum")

    def __init__(self, minimum: float, maximum: float):
        self.minimum = minimum
        self.maximum = maximum


class MinItems(_Marker):
    """A list of at least `count` items."""

    __slots__ = ("count",)

    def __init__(self, count: int):
        self.count = count


class Shorthand(_Marker):
    """The record may be written as one bare item of its list field `field` (`billing` for `{any_of: [billing]}`)."""

    __slots__ = ("field", "hint")

    def __init__(self, field: str, hint: str):
        self.field, self.hint = field, hint


ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$|^P[0-9]$"
ID_HINT = "an id of lower-case words joined by hyphens"
NAMESPACE_NAMES = {"party": "team or tier", "node": "flow node"}
"""How messages name a namespace where its key is not the word a reader would use."""


def file_key(spec: dataclasses.Field) -> str:
    """The key a field has in the file (`from` for a field that Python cannot call `from`)."""
    return spec.metadata.get("key", spec.name)


def derived(default):
    """A field the model holds but the file does not (`Hours.published`): never read, never published."""
    return dataclasses.field(default=default, metadata={"derived": True})


@dataclass(frozen=True)
class Record:
    """Base of every record: `at` is the data path the record was read from ("" when built in code)."""

    at: str = dataclasses.field(default="", init=False, repr=False, compare=False)


# --- reading ------------------------------------------------------------------------------------

class _Invalid:
    """What a value that failed its check reads as: its problem is already reported."""

    def __repr__(self) -> str:
        return "<invalid>"


INVALID = _Invalid()


class Reading:
    """The outcome of `read()`: the records (None when the document itself is unusable) and what was found."""

    def __init__(self, value, problems: list[Problem], duplicates: list[Problem], ids: dict[str, dict[str, str]],
                 refs: list[tuple[str, str, str]]):
        self.value = value
        self.problems = problems
        """Shape problems, in document order."""
        self.duplicates = duplicates
        """Ids declared twice in one namespace: consistency errors, reported after the shape's."""
        self.ids = ids
        """namespace → id → data path of its first declaration."""
        self.refs = refs
        """(namespace, id named, data path), in document order, for ids that passed their shape check."""


class _Reader:
    def __init__(self, checked: bool):
        self.checked = checked
        self.problems: list[Problem] = []
        self.ids: dict[str, dict[str, str]] = {}
        self.duplicates: list[Problem] = []
        self.refs: list[tuple[str, str, str]] = []

    def fail(self, path: str, message: str):
        self.problems.append(Problem(path, message))
        return INVALID


def read(cls: type, data, checked: bool = True) -> Reading:
    """Read plain `data` into a `cls` record.

    `checked=False` is for data already accepted once (the site build's own matrix.json): values are
    converted but not checked, which spares the browser most of the work.
    """
    reader = _Reader(checked)
    value = _converter(cls, checked)(data, "", reader)
    return Reading(None if value is INVALID else value, reader.problems, reader.duplicates, reader.ids, reader.refs)


_CONVERTERS: dict[tuple[object, bool], Callable] = {}


def _converter(tp, checked: bool) -> Callable:
    """The function that reads a value of type `tp`, built once per type."""
    key = (tp, checked)
    found = _CONVERTERS.get(key)
    if found is None:
        found = _CONVERTERS[key] = _build_converter(tp, checked)
    return found


def _split(tp) -> tuple[object, tuple]:
    """(the bare type, its markers) of a possibly `Annotated` type."""
    if get_origin(tp) is Annotated:
        bare, *markers = get_args(tp)
        inner, more = _split(bare)
        return inner, tuple(markers) + more
    return tp, ()


def _marker(markers: tuple, kind: type):
    return next((m for m in markers if isinstance(m, kind)), None)


def _without_none(tp):
    """`X | None` → X; anything else unchanged."""
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def _build_converter(tp, checked: bool) -> Callable:
    bare, markers = _split(_without_none(tp))
    if get_origin(bare) in (Union, types.UnionType):
        bare, more = _split(_without_none(bare))
        markers += more
    shorthand = _marker(markers, Shorthand)
    if shorthand is not None:
        return _shorthand(bare, shorthand, checked)
    if dataclasses.is_dataclass(bare):
        return _record(bare, checked)
    origin = get_origin(bare)
    if origin is Literal:
        return _choice(get_args(bare), checked)
    if origin is tuple:
        return _list(get_args(bare), _marker(markers, MinItems), checked)
    if origin is dict:
        return _mapping(get_args(bare)[1], checked)
    if bare is bool:
        return _flag(checked)
    if bare in (int, float):
        parsed = _marker(markers, Parsed)
        return _parsed(parsed, checked) if parsed else _number(_marker(markers, Between), checked)
    if bare is str:
        parsed = _marker(markers, Parsed)
        if parsed:
            return _parsed(parsed, checked)
        return _text(_marker(markers, Text), _marker(markers, Id), _marker(markers, Ref), checked)
    raise TypeError(f"The matrix model uses a type the file reader does not know: {tp!r}")


def type_name(value) -> str:
    """What a reader would call `value`, for "but received: …"."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        kind = "text" if isinstance(value, str) else "a number"
        return f"{kind} {value!r}"
    return {bool: f"{str(value).lower()}", list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


_NAMED = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x1B: "ESC", 0x7F: "DEL", 0xAD: "soft hyphen",
          0x200B: "zero-width space", 0x200C: "zero-width non-joiner", 0x200D: "zero-width joiner",
          0x2060: "word joiner", 0xFEFF: "zero-width no-break space"}
_INVISIBLE = {0xAD, 0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2070), 0xFEFF}


def unprintable(text: str) -> str | None:
    """What in `text` must not reach a terminal or a page, said for the error: a control character
    (ESC clears an agent's terminal), half of a surrogate pair, or an invisible character (two names
    that differ only by one look the same). Line breaks and tabs are text; so is the joiner inside
    an emoji sequence."""
    for index, char in enumerate(text):
        code = ord(char)
        if char in "\n\t":
            continue
        if code < 0x20 or 0x7F <= code < 0xA0:
            kind = "a control character"
        elif 0xD800 <= code < 0xE000:
            kind = "half of a surrogate pair"
        elif code in _INVISIBLE:
            if code == 0x200D and 0 < index < len(text) - 1 and min(map(ord, text[index - 1:index + 2:2])) >= 0x2000:
                continue
            kind = "an invisible character"
        else:
            continue
        name = f" ({_NAMED[code]})" if code in _NAMED else ""
        return f"{kind} U+{code:04X}{name} at position {index + 1}"
    return None


def _text(text: Text | None, declares: Id | None, names: Ref | None, checked: bool) -> Callable:
    pattern, hint = (text.pattern, text.hint) if text else (ID_PATTERN, ID_HINT) if declares or names else (None, "")
    compiled = re.compile(pattern) if pattern else None

    def convert(value, path, reader):
        if checked:
            if not isinstance(value, str):
                return reader.fail(path, f"Expected text but received: {type_name(value)}")
            if compiled and not compiled.match(value):
                return reader.fail(path, f"Expected {hint or 'text matching ' + pattern} but received: {value!r}")
            if not value.strip():
                return reader.fail(path, "Expected text but received an empty string")
            hidden = unprintable(value)
            if hidden:
                return reader.fail(path, f"Expected printable text but received {hidden}: remove it")
            if declares:
                for namespace in (declares.namespace, *declares.also):
                    seen = reader.ids.setdefault(namespace, {})
                    if value not in seen:
                        seen[value] = path
                    elif namespace == declares.namespace:
                        reader.duplicates.append(Problem(
                            path, f"Duplicate id {value!r}; already used at {seen[value]}", kind="duplicate"))
            if names:
                reader.refs.append((names.namespace, value, path))
        return value

    return convert


def _choice(options: tuple, checked: bool) -> Callable:
    def convert(value, path, reader):
        if checked and not isinstance(value, str):
            return reader.fail(path, f"Expected text but received: {type_name(value)}")
        if checked and value not in options:
            return reader.fail(path, f"Expected one of: {options} but received: {value!r}")
        return value

    return convert


def _parsed(parsed: Parsed, checked: bool) -> Callable:
    compiled = re.compile(parsed.pattern)

    def convert(value, path, reader):
        if checked:
            if not isinstance(value, str):
                return reader.fail(path, f"Expected text but received: {type_name(value)}")
            if not compiled.match(value):
                return reader.fail(path, f"Expected {parsed.hint} but received: {value!r}")
        try:
            return parsed.parse(value)
        except ValueError as problem:
            return reader.fail(path, str(problem))

    return convert


def _number(bound: Between | None, checked: bool) -> Callable:
    def convert(value, path, reader):
        if checked:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return reader.fail(path, f"Expected a number but received: {type_name(value)}")
            if value != value or value in (float("inf"), float("-inf")):
                return reader.fail(path, f"Expected a finite number but received: {value!r}")
            if bound is not None and not bound.minimum <= value <= bound.maximum:
                return reader.fail(path, f"Expected a number from {_plain(bound.minimum)} to {_plain(bound.maximum)} "
                                         f"but received: {value!r}")
        return value

    return convert


def _plain(number: float) -> str:
    """`1,000,000,000`, `0`, `0.5`: a bound as people write it."""
    return f"{int(number):,}" if number == int(number) else f"{number:,}"


def _flag(checked: bool) -> Callable:
    def convert(value, path, reader):
        if checked and not isinstance(value, bool):
            return reader.fail(path, f"Expected true or false but received: {type_name(value)}")
        return value

    return convert


def _list(args: tuple, least: MinItems | None, checked: bool) -> Callable:
    fixed = not (len(args) == 2 and args[1] is Ellipsis)
    items = [_converter(arg, checked) for arg in (args if fixed else args[:1])]

    def convert(value, path, reader):
        if checked:
            if not isinstance(value, list):
                return reader.fail(path, f"Expected a list but received: {type_name(value)}")
            if fixed and len(value) != len(items):
                return reader.fail(path, f"Expected {len(items)} items but received {len(value)}")
            if least and len(value) < least.count:
                reader.fail(path, f"Expected at least {least.count} item(s) but received {len(value)}")
        converted = [(items[i] if fixed else items[0])(element, join_path(path, i), reader)
                     for i, element in enumerate(value)]
        return tuple(item for item in converted if item is not INVALID)

    return convert


def _mapping(value_type, checked: bool) -> Callable:
    bare, _ = _split(value_type)
    if dataclasses.is_dataclass(bare) and _id_field(bare):
        return _by_id(bare, checked)
    element = _converter(value_type, checked)

    def convert(value, path, reader):
        if checked and not isinstance(value, dict):
            return reader.fail(path, f"Expected a mapping but received: {type_name(value)}")
        out = {}
        for key, item in value.items():
            if checked and not isinstance(key, str):
                reader.fail(path, f"Expected text keys but received: {key!r}")
                continue
            if checked and unprintable(key):
                reader.fail(path, f"Expected printable text keys but received {unprintable(key)}: remove it")
                continue
            converted = element(item, join_path(path, key), reader)
            if converted is not INVALID:
                out[key] = converted
        return out

    return convert


def _id_field(cls) -> str | None:
    """The field of `cls` that declares its id, if any."""
    hints = _hints(cls)
    return next((f.name for f in dataclasses.fields(cls) if f.init and _marker(_split(hints[f.name])[1], Id)), None)


def _by_id(cls, checked: bool) -> Callable:
    """Records listed in the file, held by the model in a dict by their id (in file order)."""
    element = _converter(cls, checked)
    key = _id_field(cls)

    def convert(value, path, reader):
        if checked and not isinstance(value, list):
            return reader.fail(path, f"Expected a list but received: {type_name(value)}")
        out = {}
        for index, item in enumerate(value):
            record = element(item, join_path(path, index), reader)
            if record is not INVALID and isinstance(getattr(record, key), str):
                out.setdefault(getattr(record, key), record)
        return out

    return convert


_HINTS: dict[type, dict] = {}


def _hints(cls) -> dict:
    found = _HINTS.get(cls)
    if found is None:
        found = _HINTS[cls] = typing.get_type_hints(cls, include_extras=True)
    return found


def file_fields(cls) -> list[dataclasses.Field]:
    """The fields of a record that the file holds, in the file's order."""
    return [f for f in dataclasses.fields(cls) if f.init and not f.metadata.get("derived")]


def _record(cls, checked: bool) -> Callable:
    hints = _hints(cls)
    plan = [(spec.name, file_key(spec), _converter(hints[spec.name], checked),
             spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING)
            for spec in file_fields(cls)]
    known = {key for _, key, _, _ in plan}
    expected = ", ".join(key for _, key, _, _ in plan)

    def convert(value, path, reader):
        if checked:
            if not isinstance(value, dict):
                return reader.fail(path, f"Expected a mapping but received: {type_name(value)}")
            for key in value:
                if key not in known:
                    reader.fail(join_path(path, str(key)), f"Unknown key {key!r}; expected one of: {expected}")
        values, broken = {}, False
        for name, key, convert_field, required in plan:
            if key in value:
                values[name] = convert_field(value[key], join_path(path, key), reader)
                if values[name] is INVALID:
                    values[name], broken = None, True
            elif required:
                if checked:
                    reader.fail(join_path(path, key), "Required field missing")
                values[name], broken = None, True
        try:
            record = cls(**values)
        except (TypeError, ValueError, AttributeError, KeyError):
            if not broken:
                raise
            return INVALID  # a record with holes that its own derivations cannot bear; the holes are reported
        object.__setattr__(record, "at", path)
        return record

    return convert


def _shorthand(cls, shorthand: Shorthand, checked: bool) -> Callable:
    full = _record(cls, checked)
    item_type = get_args(_split(_hints(cls)[shorthand.field])[0])[0]
    item = _converter(item_type, checked)

    def convert(value, path, reader):
        if isinstance(value, dict):
            return full(value, path, reader)
        if isinstance(value, str) or not checked:
            one = item(value, path, reader)
            if one is INVALID:
                return INVALID
            record = cls(**{shorthand.field: (one,)})
            object.__setattr__(record, "at", path)
            return record
        return reader.fail(path, f"Expected {shorthand.hint} but received: {type_name(value)}")

    return convert


# --- the JSON Schema ----------------------------------------------------------------------------

def json_schema(root: type, describe: Callable[[type, str], str | None] | None = None) -> dict:
    """The JSON Schema (draft 2020-12) of a file holding a `root` record.

    `describe(cls, field_name)` gives a field's description (the edge reads each field's docstring);
    a record's description is its class docstring's first paragraph.
    """
    describe = describe or (lambda cls, name: None)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **_schema(root, describe)}


def _schema(tp, describe) -> dict:
    bare, markers = _split(_without_none(tp))
    shorthand = _marker(markers, Shorthand)
    if shorthand is not None:
        item = get_args(_split(_hints(bare)[shorthand.field])[0])[0]
        return {"oneOf": [_schema(item, describe), _record_schema(bare, describe)]}
    if dataclasses.is_dataclass(bare):
        return _record_schema(bare, describe)
    origin = get_origin(bare)
    if origin is Literal:
        return {"type": "string", "minLength": 1, "enum": list(get_args(bare))}
    if origin is tuple:
        args = get_args(bare)
        if len(args) == 2 and args[1] is Ellipsis:
            schema = {"type": "array", "items": _schema(args[0], describe)}
            least = _marker(markers, MinItems)
            if least:
                schema["minItems"] = least.count
            return schema
        return {"type": "array", "prefixItems": [_schema(a, describe) for a in args], "items": False,
                "minItems": len(args)}
    if origin is dict:
        value = get_args(bare)[1]
        if dataclasses.is_dataclass(_split(value)[0]) and _id_field(_split(value)[0]):
            schema = {"type": "array", "items": _schema(value, describe)}
            least = _marker(markers, MinItems)
            if least:
                schema["minItems"] = least.count
            return schema
        return {"type": "object", "additionalProperties": _schema(value, describe)}
    if bare is bool:
        return {"type": "boolean"}
    parsed = _marker(markers, Parsed)
    if parsed:
        return {"type": "string", "minLength": 1, "pattern": parsed.pattern}
    if bare in (int, float):
        bound = _marker(markers, Between)
        return {"type": "number", **({"minimum": bound.minimum, "maximum": bound.maximum} if bound else {})}
    text = _marker(markers, Text)
    pattern = text.pattern if text else ID_PATTERN if _marker(markers, Id) or _marker(markers, Ref) else None
    return {"type": "string", "minLength": 1, **({"pattern": pattern} if pattern else {})}


def _record_schema(cls, describe) -> dict:
    hints = _hints(cls)
    properties, required = {}, []
    for spec in file_fields(cls):
        schema = _schema(hints[spec.name], describe)
        about = describe(cls, spec.name)
        properties[file_key(spec)] = {**schema, "description": about} if about else schema
        if spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING:
            required.append(file_key(spec))
    schema = {"type": "object", "properties": properties, "additionalProperties": False, "required": required}
    summary = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    return {**schema, "description": summary} if summary else schema
