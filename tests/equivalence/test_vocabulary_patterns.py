"""The furniture vocabulary compiled by the core reads each list as Python's ``regex``
module, which ``furniture.toml``'s fragments were written for, did."""

from __future__ import annotations

import pytest
import regex
from samples import corpus_texts

from lint_corpus import vocabulary


def _corpus_lines() -> list[str]:
    lines = {line.strip() for text in corpus_texts() for line in text.splitlines()}
    return sorted(line for line in lines if 0 < len(line) <= 200)


@pytest.mark.parametrize(("name", "template"), [
    ("buttons", "{}"), ("related", r"^[\s(（\[【]*{}"), ("sentences", r"^[\s\p{P}]{0,3}{}"),
    ("comments", "{}"), ("navigation", r"^[\s|｜>»›/·•-]*{}[\s|｜>»›/·•-]*$"),
    ("reference_headings", r"^\s*{}\s*(?:\[[^\]]{1,16}\])?\s*[:：]?\s*$"),
])
def test_the_core_reads_each_list_as_the_regex_module_does(name: str, template: str) -> None:
    """The core's compilation (prefilter, split alternation, exact form at first use)
    matches the same lines of real text, with probes that reach every exact form."""
    source = template.replace("{}", vocabulary.alternation(name))
    reference = regex.compile(source, regex.IGNORECASE)
    native_pattern = vocabulary.compiled(name, template)
    probes = ["Share", "Comments (3)", "Related stories", "References", "Home | News",
              "Jane on May 3, 2020 said:", "分享到微信", "相关阅读", "参考文献[编辑]", "首页"]
    for line in _corpus_lines() + probes:
        assert native_pattern.is_match(line) == bool(reference.search(line)), line
