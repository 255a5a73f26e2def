"""The multilingual vocabulary of page furniture, read once from ``furniture.toml``.

The data file holds one table per list (buttons, related-article headings, furniture
sentences, comment shapes, reference-section headings, menu entries), each with the
patterns, how the trailer analysis uses them and where they come from. This module turns
each list into one pattern compiled by the native core (``native.Pattern``): the analysis
tests every short line against them, which the core does 10-60 times faster than the
``regex`` module (core/src/patterns.rs says why).
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from typing import Final

from lint_corpus import native

#: The lists of ``furniture.toml``: a typo in a list name fails at import, not at run time.
LISTS: Final = ("buttons", "related", "sentences", "comments", "reference_headings",
                 "navigation")


@functools.cache
def _tables() -> dict[str, dict[str, object]]:
    text = resources.files(__package__).joinpath("furniture.toml").read_text("utf-8")
    tables: dict[str, dict[str, object]] = tomllib.loads(text)
    missing = [name for name in LISTS if name not in tables]
    if missing:
        raise ValueError(f"furniture.toml lacks the lists {missing}")
    return tables


def patterns(name: str) -> tuple[str, ...]:
    """The regular-expression fragments of one list."""
    entries = _tables()[name]["patterns"]
    assert isinstance(entries, list)
    return tuple(str(entry) for entry in entries)


def alternation(name: str) -> str:
    """One list as a non-capturing alternation, to embed in a larger pattern."""
    return "(?:" + "|".join(patterns(name)) + ")"


def compiled(name: str, template: str = "{}") -> native.Pattern:
    """One list compiled case-insensitively, placed in ``template`` (``"^{}"`` anchors it)."""
    return native.Pattern(template.replace("{}", alternation(name)), ignore_case=True)
