"""Record fields: what to tell a user whose ``--text-field`` names no field of the records (the
fields the records do have, and the closest of those that hold text), and what a record's
ignore field (``--ignore-field``, default ``lint_ignore``) suppresses."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Mapping
from typing import Any

#: A record's ignore field value that suppresses every rule.
ALL_RULES = "all"

#: How many field names the message lists before "and N more": enough for a typical record
#: (id, text, url, metadata, a few scores), short enough for one line.
LISTED_FIELDS = 12
#: ``difflib`` similarity a text field's name needs to be suggested when it does not contain
#: the name asked for: difflib's own default, which takes "content" for "contents" and
#: "Text" for "text" but not "site" for "text" (0.5).
SUGGESTION_CUTOFF = 0.6


def field_hint(wanted: str, available: Collection[str],
               text_fields: Collection[str] | None = None, *,
               label: str = "the record has") -> str:
    """``the record has: a, b, c; did you mean --text-field b?`` (the second part only when
    a field holding text, ``text_fields`` or else any of ``available``, is close)."""
    names = sorted(available)
    if not names:
        return f"{label} no fields"
    listed = ", ".join(names[:LISTED_FIELDS])
    if len(names) > LISTED_FIELDS:
        listed += f" and {len(names) - LISTED_FIELDS} more"
    hint = f"{label}: {listed}"
    closest = closest_field(wanted, names if text_fields is None else sorted(text_fields))
    if closest is not None:
        hint += f"; did you mean --text-field {closest}?"
    return hint


def closest_field(wanted: str, candidates: Collection[str]) -> str | None:
    """The candidate whose name is most like ``wanted`` (ignoring case), if any is close.
    Corpus fields are named by what the text is (``gold_clean_text``, ``raw_content``), so a
    name that contains the one asked for comes first, however different its length."""
    by_folded = {name.casefold(): name for name in candidates}
    folded = wanted.casefold()
    containing = [name for name in by_folded if folded in name]
    matches = difflib.get_close_matches(folded, containing, n=1, cutoff=0) or \
        difflib.get_close_matches(folded, list(by_folded), n=1, cutoff=SUGGESTION_CUTOFF)
    return by_folded[matches[0]] if matches else None


def string_fields(record: Mapping[str, Any]) -> list[str]:
    """The names of the record's fields that hold a string."""
    return [name for name, value in record.items() if isinstance(value, str)]


def record_ignores(value: object) -> tuple[tuple[str, ...] | None, str | None]:
    """A record's ignore field as suppressions (``()``: all), or why it is not one."""
    if value is None:
        return None, None
    if isinstance(value, str):
        if value.strip().lower() == ALL_RULES:
            return (), None
        selectors = tuple(item.strip() for item in value.split(",") if item.strip())
        return (selectors or None), None
    if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
        if any(item.strip().lower() == ALL_RULES for item in value):
            return (), None
        listed = tuple(item.strip() for item in value if item.strip())
        return (listed or None), None  # an empty list suppresses nothing, not everything
    return None, (f"holds {value!r}, not a list of rule codes or names or {ALL_RULES!r}; "
                  "ignored")


def merged_ignores(current: object, codes: Iterable[str]) -> list[str] | str:
    """The ignore field value after ``--add-noqa`` adds ``codes`` to ``current``."""
    existing, _ = record_ignores(current)
    if existing == ():
        return ALL_RULES
    return sorted(set(existing or ()) | set(codes))
