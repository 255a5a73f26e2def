"""The furniture vocabulary compiled by the core reads each list as Python's ``regex``
module, which ``furniture.toml``'s fragments were written for, did."""

from __future__ import annotations

import pytest
import regex
from samples import corpus_texts

from lint_corpus import native, trailer, vocabulary


def _corpus_lines() -> list[str]:
    lines = {line.strip() for text in corpus_texts() for line in text.splitlines()}
    return sorted(line for line in lines if 0 < len(line) <= 200)


#: Every list compiled as the trailer analysis uses it, templates included.
COMPILED = {name: value for name, value in vars(trailer).items()
            if isinstance(value, native.Pattern)}


@pytest.mark.parametrize("name", sorted(COMPILED))
def test_the_core_reads_each_list_as_the_regex_module_does(name: str) -> None:
    """The core's compilation (prefilter, split alternation, exact form at first use)
    matches the same lines of real text, with probes that reach every exact form."""
    native_pattern = COMPILED[name]
    reference = regex.compile(native_pattern.source, regex.IGNORECASE)
    probes = ["Share", "Comments (3)", "Related stories", "References", "Home | News",
              "Jane on May 3, 2020 said:", "分享到微信", "相关阅读", "参考文献[编辑]", "首页"]
    for line in _corpus_lines() + probes:
        assert native_pattern.is_match(line) == bool(reference.search(line)), line


def test_every_list_is_compiled_for_the_trailer() -> None:
    assert len(COMPILED) == len(vocabulary.LISTS)
