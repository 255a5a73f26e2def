"""Settings checked against a JSON Schema, importing ``jsonschema`` only when they may be wrong.

Importing ``jsonschema`` costs about 50 ms, a third of a pre-commit run on one small file, and
every config file and every rule option is checked against a schema. Settings are nearly always
valid, and the schemas they are checked against (``schema/config.schema.json`` and the rules'
``options_schema``) use a handful of keywords. ``known_valid`` settles those cases by itself.
Whenever it cannot vouch for an instance (it is invalid, or the schema uses a keyword or value
outside that handful), the caller validates with ``jsonschema`` as before, which decides and
words the error: a message never comes from here.

``known_valid`` answers True only where jsonschema (Draft 2020-12) would find the schema well
formed and the instance valid; every doubt answers False. A property test holds it to that.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

#: The draft ``jsonschema`` uses for a schema without ``$schema`` (and the only one taken here).
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
#: Keywords that only describe, with the type the meta-schema requires of their value.
_ANNOTATIONS: Mapping[str, type | tuple[type, ...]] = {
    "title": str, "description": str, "$comment": str, "default": object}
_TYPES = ("array", "boolean", "integer", "null", "number", "object", "string")
_CLASSES: Mapping[str, type] = {"array": list, "object": dict, "string": str}
#: Keywords whose value is a subschema.
_SUBSCHEMAS = ("items", "additionalProperties")
_HANDLED = frozenset({*_ANNOTATIONS, *_SUBSCHEMAS, "$schema", "$id", "type", "enum",
                      "minimum", "maximum", "minLength", "properties"})


def validate(instance: Any, schema: Mapping[str, Any]) -> None:
    """``jsonschema.validate(instance, schema)``, without the import when ``known_valid``."""
    if not known_valid(instance, schema):
        import jsonschema

        jsonschema.validate(instance, schema)


def known_valid(instance: Any, schema: Any) -> bool:
    """Whether the schema is well formed and ``instance`` is valid, as far as this module can
    tell without ``jsonschema`` (False: ask ``jsonschema``)."""
    return _well_formed(schema, root=True) and _conforms(instance, schema)


def _well_formed(schema: Any, *, root: bool = False) -> bool:
    """The schema, and every schema in it, uses only handled keywords, with the values the
    Draft 2020-12 meta-schema allows (so ``check_schema`` would pass)."""
    if isinstance(schema, bool):
        return True
    if not isinstance(schema, dict) or not _HANDLED.issuperset(schema):
        return False
    for key, wanted in _ANNOTATIONS.items():
        if key in schema and not isinstance(schema[key], wanted):
            return False
    # Identifiers name the document; one inside a subschema would start a new one.
    if "$schema" in schema and not (root and schema["$schema"] == DRAFT_2020_12):
        return False
    if "$id" in schema and not (root and _plain_https(schema["$id"])):
        return False
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not kinds or not all(isinstance(kind, str) and kind in _TYPES for kind in kinds) \
                or len(set(kinds)) != len(kinds):
            return False
    if not isinstance(schema.get("enum", []), list):
        return False
    if not all(_number(schema[key]) for key in ("minimum", "maximum") if key in schema):
        return False
    length = schema.get("minLength", 0)
    if not (isinstance(length, int) and not isinstance(length, bool) and length >= 0):
        return False
    properties = schema.get("properties", {})
    if not isinstance(properties, dict):
        return False
    return (all(_well_formed(sub) for sub in properties.values())
            and all(_well_formed(schema[key]) for key in _SUBSCHEMAS if key in schema))


def _plain_https(identifier: object) -> bool:
    """An ``https`` URI of plain characters, valid under any URI format check."""
    allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
    rest = identifier.removeprefix("https://") if isinstance(identifier, str) else ""
    return identifier != rest and bool(rest) and set(rest) <= allowed


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _conforms(instance: Any, schema: Any) -> bool:
    """``instance`` satisfies a well-formed ``schema`` (False also where unsure)."""
    if isinstance(schema, bool):
        return schema
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is(kind, instance) for kind in kinds):
            return False
    if "enum" in schema and not (isinstance(instance, str) and any(
            isinstance(value, str) and value == instance for value in schema["enum"])):
        return False
    if isinstance(instance, numbers.Number) and not isinstance(instance, bool):
        if not _number(instance):  # Decimal, Fraction, complex: not worth the risk
            return False
        if instance < schema.get("minimum", instance) or instance > schema.get("maximum", instance):
            return False
    if isinstance(instance, str) and len(instance) < schema.get("minLength", 0):
        return False
    if isinstance(instance, list) and "items" in schema:
        return all(_conforms(item, schema["items"]) for item in instance)
    if isinstance(instance, dict):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, value in instance.items():
            if not _conforms(value, properties[key] if key in properties else extra):
                return False
    return True


def _is(kind: str, instance: object) -> bool:
    """``instance`` is of the JSON type ``kind``, as jsonschema's type checker says."""
    if kind == "boolean":
        return isinstance(instance, bool)
    if isinstance(instance, bool):
        return False
    if kind == "integer":
        return isinstance(instance, int)
    if kind == "number":
        return _number(instance)
    if kind == "null":
        return instance is None
    return isinstance(instance, _CLASSES[kind])
