"""Settings found valid without jsonschema must be what jsonschema finds valid.

``schema_check.known_valid`` lets a valid config table or set of rule options skip jsonschema's
import; everything else is validated, and its error worded, by jsonschema as before. So it may
say "don't know" as often as it likes, but never "valid" where jsonschema would raise (an
invalid instance, or a schema its meta-schema rejects). The property tests draw schemas from
the keywords the shipped schemas use plus ones it does not handle and malformed values, and
instances of every TOML and JSON type.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lint_corpus import config as configlib
from lint_corpus.registry import all_rules
from lint_corpus.schema_check import DRAFT_2020_12, known_valid

KEYS = ("a", "b", "max", "rules")
TYPES = ("array", "boolean", "integer", "null", "number", "object", "string")

scalars = (st.none() | st.booleans() | st.integers(-5, 5)
           | st.floats(-5, 5) | st.sampled_from([math.nan, math.inf, -math.inf])
           | st.sampled_from(["", "a", "info", "warning", "ALL"]))
instances = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                         | st.dictionaries(st.sampled_from(KEYS), inner, max_size=3),
                         max_leaves=12)

#: One keyword each, well formed or not, handled by ``known_valid`` or not.
keywords = st.one_of(
    st.builds(lambda t: {"type": t}, st.sampled_from(TYPES) | st.sampled_from(["strin", 3])),
    st.builds(lambda ts: {"type": ts}, st.lists(st.sampled_from([*TYPES, "float"]),
                                                max_size=3)),
    st.builds(lambda values: {"enum": values}, st.lists(scalars, max_size=3) | scalars),
    st.builds(lambda key, bound: {key: bound}, st.sampled_from(["minimum", "maximum"]),
              st.integers(-3, 3) | st.floats(-3, 3) | st.sampled_from(["1", True, None])),
    st.builds(lambda length: {"minLength": length},
              st.integers(-1, 2) | st.sampled_from([1.0, True, "1"])),
    st.builds(lambda key, text: {key: text}, st.sampled_from(["title", "description",
                                                              "$comment"]),
              st.sampled_from(["words", 5, None])),
    st.builds(lambda value: {"default": value}, scalars),
    st.builds(lambda key, value: {key: value},
              st.sampled_from(["$schema", "$id"]),
              st.sampled_from([DRAFT_2020_12, "https://example.org/x.json", "x#y", 7,
                               "http://json-schema.org/draft-07/schema#"])),
    st.builds(lambda key, value: {key: value},
              st.sampled_from(["pattern", "exclusiveMinimum", "required", "uniqueItems",
                               "patternProperties", "$ref"]),
              st.sampled_from(["a", 0, ["a"], True, {}])),
)


def merged(parts: list[dict[str, Any]]) -> dict[str, Any]:
    schema: dict[str, Any] = {}
    for part in parts:
        schema.update(part)
    return schema


def composite(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    properties = st.dictionaries(st.sampled_from(KEYS), inner, max_size=3)
    return st.one_of(
        st.builds(lambda own, props: {**own, "properties": props},
                  st.lists(keywords, max_size=2).map(merged), properties | st.just([])),
        st.builds(lambda own, extra: {**own, "additionalProperties": extra},
                  st.lists(keywords, max_size=2).map(merged), inner | st.just(3)),
        st.builds(lambda own, items: {**own, "items": items},
                  st.lists(keywords, max_size=2).map(merged), inner | st.just([{}])),
    )


schemas = st.recursive(st.booleans() | st.lists(keywords, max_size=3).map(merged), composite,
                       max_leaves=8)


def jsonschema_accepts(instance: Any, schema: Any) -> bool:
    try:
        jsonschema.validate(instance, schema)
    except Exception:  # ValidationError, SchemaError, or a crash on a malformed schema
        return False
    return True


@settings(max_examples=600, deadline=None)
@given(instances, schemas)
# Schemas the meta-schema rejects although the instance would pass them.
@example("info", {"enum": "info"})
@example("", {"minLength": -1})
@example(1, {"minimum": "0"})
@example(1, {"type": ["integer", "integer"]})
@example("x", {"description": 5})
def test_known_valid_never_vouches_for_what_jsonschema_rejects(instance: Any,
                                                               schema: Any) -> None:
    if known_valid(instance, schema):
        assert jsonschema_accepts(instance, schema)


def config_values() -> st.SearchStrategy[Any]:
    lists = st.lists(st.sampled_from(["LC1", "link-list", "", "ALL"]) | scalars, max_size=3)
    return scalars | lists | st.dictionaries(
        st.sampled_from(["LC101", "*.txt", "threshold", "max-blank-lines", "link-list",
                         "bad-whitespace", "min-list-items"]),
        scalars | lists | st.dictionaries(st.sampled_from(["max-blank-lines", "threshold"]),
                                          scalars, max_size=2), max_size=3)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(["select", "ignore", "per-file-ignores", "fail-on",
                                        "severity", "unsafe-fixes", "rule-timeout",
                                        "max-document-chars", "include", "trailer", "rules",
                                        "unknown"]), config_values(), max_size=4))
def test_a_config_table_known_valid_has_no_schema_errors(table: dict[str, Any]) -> None:
    schema = configlib.config_schema(all_rules())
    if known_valid(table, schema):
        assert not list(jsonschema.Draft202012Validator(schema).iter_errors(table))


def test_the_shipped_settings_need_no_jsonschema() -> None:
    # The quick path must cover real settings, or every run would pay jsonschema's import.
    rules = all_rules()
    schema = configlib.config_schema(rules)
    repository = Path(__file__).resolve().parents[2] / "pyproject.toml"
    own = tomllib.loads(repository.read_text("utf-8"))["tool"]["lint-corpus"]
    every_option = {"rules": {cls.name: cls.default_options() for cls in rules
                              if cls.default_options()}}
    every_option["rules"] = {name: {key: value for key, value in options.items()
                                    if key not in configlib.SHARED_TABLES}
                             for name, options in every_option["rules"].items()}
    for table in (own, every_option):
        assert known_valid(table, schema), table
    for cls in rules:
        options_schema = {**cls.options_schema, "additionalProperties": False}
        assert known_valid(cls.default_options(), options_schema), cls.name


@pytest.mark.parametrize("table", [
    {"fail-on": "fatal"}, {"select": "LC1"}, {"select": [""]}, {"rule-timeout": -1},
    {"max-document-chars": 1.5}, {"max-document-chars": math.inf}, {"unknown": 1},
    {"trailer": {"threshold": 0}}, {"rules": {"bad-whitespace": {"max-blank-lines": True}}},
])
def test_invalid_tables_are_left_to_jsonschema(table: dict[str, Any]) -> None:
    schema = configlib.config_schema(all_rules())
    assert not known_valid(table, schema)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(table))
