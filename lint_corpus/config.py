"""Configuration: ``[tool.lint-corpus]`` in ``pyproject.toml``, or a ``lint-corpus.toml``.

The config file is found by walking up from the common folder of the inputs; in one folder a
``lint-corpus.toml`` wins over a ``pyproject.toml``, and a ``pyproject.toml`` without the
table is skipped. The table is validated with ``jsonschema`` against the shipped schema
(``schema/config.schema.json``) extended with every registered rule's options schema, and each
problem becomes one line naming the file and the key (``ConfigError``); a table
``schema_check`` finds valid skips jsonschema's import. Rule selectors are checked against the
registry. Command-line flags are merged in by the CLI.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lint_corpus.errors import ConfigError, RegistryError
from lint_corpus.registry import all_rules, did_you_mean, resolve
from lint_corpus.rule import Rule
from lint_corpus.schema_check import known_valid
from lint_corpus.sources import glob_match

if TYPE_CHECKING:
    import jsonschema

CONFIG_FILES = ("lint-corpus.toml", "pyproject.toml")  # in order of precedence
#: Top-level tables that several rules read: each is handed, whole, to every rule with an
#: option of that name, and cannot be set per rule, so those rules never disagree.
SHARED_TABLES = ("trailer",)


@dataclass(frozen=True)
class Config:
    """Settings from a config file; ``None`` means "not set" (the CLI default applies)."""

    path: Path | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    #: glob -> codes of the rules not run on matching files
    per_file_ignores: Mapping[str, frozenset[str]] = field(default_factory=dict)
    fail_on: str | None = None
    #: ``ignore-field``: the record field or column holding a record's suppressions.
    ignore_field: str | None = None
    unsafe_fixes: bool | None = None
    #: ``rule-timeout``: seconds per plugin rule per document (``None``: the default).
    rule_timeout: float | None = None
    #: ``max-document-chars``: longest document the rules run on (``None``: the default).
    max_document_chars: int | None = None
    #: ``max-document-lines``: most lines a document the rules run on may have.
    max_document_lines: int | None = None
    #: ``None``: every file a corpus format reads (``sources.SUPPORTED_SUFFIXES``, any case)
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    #: rule code -> severity (``[severity]``), over the rule's own
    severity: Mapping[str, str] = field(default_factory=dict)
    #: rule code -> options for the rule's constructor
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @property
    def root(self) -> Path | None:
        """The folder globs are relative to: the config file's."""
        return self.path.parent if self.path is not None else None

    def ignored_codes(self, relative: str) -> frozenset[str]:
        """Codes of the rules ``per-file-ignores`` turns off for a file (path as in globs)."""
        codes: frozenset[str] = frozenset()
        for pattern, ignored in self.per_file_ignores.items():
            if glob_match(relative, [pattern], parents=True):
                codes |= ignored
        return codes


def load_config(
    paths: Sequence[str | Path],
    explicit: str | Path | None = None,
    isolated: bool = False,
    rules: Sequence[type[Rule]] | None = None,
) -> Config:
    """The configuration for a run on ``paths``: ``explicit`` if given, else the nearest
    config file above the inputs, else the defaults (also with ``isolated``)."""
    found = read_config(paths, explicit, isolated)
    if found is None:
        return Config()
    path, table = found
    return parse_config(table, path, all_rules() if rules is None else rules)


def read_config(
    paths: Sequence[str | Path],
    explicit: str | Path | None = None,
    isolated: bool = False,
) -> tuple[Path, dict[str, Any]] | None:
    """The config file ``load_config`` takes and its settings table, not yet validated;
    ``None`` when the defaults apply."""
    if isolated:
        return None
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{_display(path)}: config file not found")
        return path, _read_table(path) or {}
    return find_config(paths)


def find_config(paths: Sequence[str | Path]) -> tuple[Path, dict[str, Any]] | None:
    """Walk up from the inputs' common folder to the first folder with a config file."""
    for folder in (start := _start_folder(paths), *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file():
                table = _read_table(candidate)
                if table is not None:
                    return candidate, table
    return None


def _start_folder(paths: Sequence[str | Path]) -> Path:
    folders = []
    for raw in paths or ["."]:
        absolute = Path(os.path.abspath(raw))
        folders.append(absolute if absolute.is_dir() else absolute.parent)
    return Path(os.path.commonpath(folders))


def _read_table(path: Path) -> dict[str, Any] | None:
    """The settings table of a config file; ``None`` for a pyproject.toml without one."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise ConfigError(f"{_display(path)}: cannot read config: {reason}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{_display(path)}: invalid TOML: {_toml_error(exc, text)}") from exc
    if path.name != "pyproject.toml":
        return data
    tool = data.get("tool")
    table = tool.get("lint-corpus") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{_display(path)}: [tool.lint-corpus] must be a table")
    return table


def _toml_error(exc: tomllib.TOMLDecodeError, text: str) -> str:
    """The decoder's message plus the offending line, so the user sees what to fix."""
    message = str(exc)
    match = re.search(r"at line (\d+)", message)
    lines = text.splitlines()
    if match and 0 < int(match.group(1)) <= len(lines):
        line = lines[int(match.group(1)) - 1].strip()
        if line:
            message += f": {line[:80]}"
    return message


def _display(path: Path) -> str:
    """The path as the user would type it: relative to the working folder when inside it."""
    relative = os.path.relpath(os.path.abspath(path))
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


# --- validation ----------------------------------------------------------------------------

def config_schema(rules: Sequence[type[Rule]]) -> dict[str, Any]:
    """The shipped schema with a ``rules.<name>`` / ``rules.<CODE>`` entry per rule."""
    text = resources.files("lint_corpus").joinpath("schema/config.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    table = schema["properties"]["rules"]["properties"]
    for cls in rules:
        own = {key: spec for key, spec in cls.options_schema.get("properties", {}).items()
               if key not in SHARED_TABLES}
        options = {"type": "object", "additionalProperties": False, **cls.options_schema,
                   "properties": own}
        table[cls.name] = table[cls.code] = options
    return schema


def parse_config(table: Mapping[str, Any], path: Path, rules: Sequence[type[Rule]]) -> Config:
    """Validate a settings table and turn it into a ``Config``; raise ``ConfigError``."""
    where = f"{_display(path)}: " + ("[tool.lint-corpus] " if path.name == "pyproject.toml"
                                      else "")
    schema = config_schema(rules)
    if not known_valid(table, schema):
        import jsonschema  # imported here: a valid config never needs it (see schema_check)

        errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(table),
                        key=lambda e: (_key(e.absolute_path), str(e.validator)))
        if errors:
            raise ConfigError(where + _describe(errors[0], rules))

    def selectors(key: str, values: Sequence[str]) -> tuple[str, ...]:
        try:
            resolve(values, rules)
        except RegistryError as exc:
            bad = next(v for v in values if not _resolves(v, rules))
            known = ", ".join(f"{c.code} ({c.name})" for c in rules)
            raise ConfigError(f"{where}{key}: unknown rule {bad!r}{did_you_mean(bad, rules)} "
                              f"(known: {known}; or a code prefix such as LC1)") from exc
        return tuple(values)

    per_file = {
        pattern: frozenset(resolve(selectors(f"per-file-ignores.{_part(pattern)}", values),
                                   rules))
        for pattern, values in table.get("per-file-ignores", {}).items()
    }
    options: dict[str, Mapping[str, Any]] = {}
    for key, values in table.get("rules", {}).items():
        cls = next(c for c in rules if key in (c.code, c.name))
        if cls.code in options:
            raise ConfigError(f"{where}rules: {cls.name!r} and {cls.code!r} are the same rule; "
                              "use one table")
        options[cls.code] = dict(values)
    for shared in SHARED_TABLES:
        if shared in table:
            for cls in rules:
                if shared in cls.options_schema.get("properties", {}):
                    options[cls.code] = {**options.get(cls.code, {}),
                                         shared: dict(table[shared])}
    severity = {code: value for selector, value in table.get("severity", {}).items()
                for code in resolve(selectors(f"severity.{_part(selector)}", [selector]),
                                    rules)}
    select = table.get("select")
    return Config(
        path=path,
        select=selectors("select", select) if select is not None else None,
        extend_select=selectors("extend-select", table.get("extend-select", [])),
        ignore=selectors("ignore", table.get("ignore", [])),
        per_file_ignores=per_file,
        fail_on=table.get("fail-on"),
        ignore_field=table.get("ignore-field"),
        unsafe_fixes=table.get("unsafe-fixes"),
        rule_timeout=table.get("rule-timeout"),
        max_document_chars=table.get("max-document-chars"),
        max_document_lines=table.get("max-document-lines"),
        include=tuple(table["include"]) if "include" in table else None,
        exclude=tuple(table.get("exclude", [])),
        severity=severity,
        rule_options=options,
    )


def _resolves(selector: str, rules: Sequence[type[Rule]]) -> bool:
    try:
        resolve([selector], rules)
    except RegistryError:
        return False
    return True


_TYPE_WORDS = {"array": "a list", "string": "a string", "boolean": "true or false",
               "integer": "an integer", "number": "a number", "object": "a table"}


def _describe(error: jsonschema.ValidationError,
              rules: Sequence[type[Rule]]) -> str:
    """One line for a schema violation, in the words of the config file."""
    path = list(error.absolute_path)
    key = _key(path)
    subschema: Any = error.schema  # typed loosely by jsonschema; a dict here
    instance: Any = error.instance
    expected: Any = error.validator_value
    if error.validator == "additionalProperties":
        allowed = list(subschema.get("properties", {}))
        extra = sorted(set(instance) - set(allowed))[0]
        if not path:
            return f"unknown key {extra!r} (allowed: {', '.join(allowed)})"
        if path == ["rules"]:
            names = ", ".join(cls.name for cls in rules)
            return f"rules: unknown rule {extra!r} (rules: {names}, or their codes)"
        if path[0] == "rules" and len(path) == 2:
            listed = ", ".join(allowed) if allowed else "none"
            hint = _shared_hint(path[1], rules)
            return f"{key}: unknown option {extra!r} (options: {listed}){hint}"
        return f"{key}: unknown key {extra!r} (allowed: {', '.join(allowed)})"
    got = f" (got {_show(instance)})"
    if error.validator == "enum":
        values = ", ".join(str(v) for v in expected)
        return f"{key!r} must be one of {values}{got}"
    if error.validator == "type":
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in
                            ([expected] if isinstance(expected, str) else expected))
        if expected == "array" and subschema.get("items", {}).get("type") == "string":
            words = "a list of strings"
        return f"{key!r} must be {words}{got}"
    bounds = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">",
              "exclusiveMaximum": "<"}
    if error.validator in bounds:
        return f"{key!r} must be {bounds[str(error.validator)]} {expected}{got}"
    if error.validator == "minLength":
        return f"{key!r} must not be empty"
    return f"{key}: {error.message}"


def _shared_hint(rule: str | int, rules: Sequence[type[Rule]]) -> str:
    """Where the shared tables a rule reads are set (options moved there are asked for here)."""
    cls = next(c for c in rules if rule in (c.code, c.name))
    properties = cls.options_schema.get("properties", {})
    return "".join(f"; {cls.name} also reads the top-level [{shared}] table "
                   f"({', '.join(properties[shared].get('properties', {}))})"
                   for shared in SHARED_TABLES if shared in properties)


def _part(part: str) -> str:
    return part if re.fullmatch(r"[A-Za-z0-9_-]+", part) else json.dumps(part)


def _key(path: Sequence[str | int]) -> str:
    """A dotted key as in TOML: ``rules.link-list.min-marked-items``, ``select[2]``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else ("." if text else "") + _part(part)
    return text


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


# --- merging with the command line ---------------------------------------------------------

def choose_rules(
    config: Config,
    classes: Sequence[type[Rule]],
    select: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> list[type[Rule]]:
    """The rules to run: ``--select`` replaces the config's ``select`` and ``extend-select``;
    ``--extend-select`` and ``--ignore`` add to the config's. An ignore beats a select."""
    if select:
        codes = resolve([*select, *extend_select], classes)
    else:
        codes = ({cls.code for cls in classes} if config.select is None
                 else resolve(config.select, classes))
        codes |= resolve([*config.extend_select, *extend_select], classes)
    codes -= resolve([*config.ignore, *ignore], classes)
    return [cls for cls in classes if cls.code in codes]
