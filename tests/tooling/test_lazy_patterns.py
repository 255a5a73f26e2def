"""Patterns compiled at first use (``lint_corpus.lazy_regex``) still fail the build, not a
run, when they are wrong, and behave as the compiled pattern does."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

import lint_corpus_rules
import pytest
import regex

import lint_corpus
from lint_corpus import lazy_regex


def _module_patterns() -> Iterator[tuple[str, lazy_regex.LazyPattern]]:
    for package in (lint_corpus, lint_corpus_rules):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if ".integrations." in info.name or info.name.endswith("__main__"):
                continue  # optional dependencies (Ray, datatrove); the CLI entry point
            module = importlib.import_module(info.name)
            for name, value in vars(module).items():
                values = value.values() if isinstance(value, dict) else [value]
                for item in values:
                    if isinstance(item, lazy_regex.LazyPattern):
                        yield f"{info.name}.{name}", item


def test_every_deferred_pattern_compiles() -> None:
    found = list(_module_patterns())
    assert found, "the rules define deferred patterns"
    for name, pattern in found:
        assert isinstance(pattern.compiled, regex.Pattern), name


def test_a_wrong_pattern_fails_at_first_use() -> None:
    pattern = lazy_regex.compile(r"(?:unclosed")
    with pytest.raises(regex.error):
        pattern.search("text")


@pytest.mark.parametrize("text", ["", "a1 b22 c333", "\u4e2d\u6587 42 x", "no digits"])
def test_behaves_as_the_compiled_pattern(text: str) -> None:
    source, flags = r"(?P<word>[a-z]+)(\d+)?", regex.IGNORECASE
    deferred, compiled = lazy_regex.compile(source, flags), regex.compile(source, flags)
    assert deferred.pattern == source

    def spans(found: regex.Match[str] | None) -> tuple[int, int] | None:
        return None if found is None else found.span()

    assert spans(deferred.search(text)) == spans(compiled.search(text))
    assert spans(deferred.search(text, 2, 8)) == spans(compiled.search(text, 2, 8))
    assert spans(deferred.match(text)) == spans(compiled.match(text))
    assert spans(deferred.fullmatch(text)) == spans(compiled.fullmatch(text))
    assert deferred.findall(text) == compiled.findall(text)
    assert [m.span() for m in deferred.finditer(text, overlapped=True)] == [
        m.span() for m in compiled.finditer(text, overlapped=True)]
    assert deferred.split(text) == compiled.split(text)
    assert deferred.sub("-", text, 1) == compiled.sub("-", text, 1)
