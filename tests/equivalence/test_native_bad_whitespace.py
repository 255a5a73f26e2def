"""bad-whitespace's native findings (core/src/whitespace.rs) equal the Python definition's
(tests/equivalence/plain_bad_whitespace.py): spans, messages, fix titles, edits and data, on
any text and with every option."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lint_corpus_rules.whitespace import BadWhitespace
from plain_bad_whitespace import PlainBadWhitespace

from lint_corpus.document import Document
from lint_corpus.rule import Finding

#: What the rule looks at: line ends, every space it names, zero-width characters and
#: joiners with their context (ASCII, CJK, an Arabic letter), C0 and C1 controls with and
#: without Latin-1 neighbours, a BOM.
DEFECTS = ("\n\n\n\r\r\n  \t\u00a0\u2003\u202f\u3000\u200b\u2060\ufeff\u200c\u200d"
           "\x00\x0b\x0c\x1f\x7f\x80\x92\x9fa中ب€é.")


def answers(finding: Finding) -> tuple[object, ...]:
    fix = finding.fix
    assert fix is not None
    return (finding.code, finding.start, finding.end, finding.message, fix.description,
            tuple((e.start, e.end, e.replacement) for e in fix.edits), finding.data)


def assert_same_findings(text: str, options: dict[str, object]) -> None:
    # The detection is compared whole: layout whitespace (opt-in) included.
    native = BadWhitespace({**options, "layout-whitespace": True})
    plain = PlainBadWhitespace(options)
    assert [answers(f) for f in native.check(Document(text))] == \
        [answers(f) for f in plain.check(Document(text))]


options_strategy = st.fixed_dictionaries({
    "max-blank-lines": st.integers(0, 3), "nbsp-inside-lines": st.booleans()})


@given(st.text(alphabet=DEFECTS, max_size=60), options_strategy)
def test_native_findings_equal_python_on_defect_text(text: str,
                                                     options: dict[str, object]) -> None:
    assert_same_findings(text, options)


@given(st.text(max_size=60), options_strategy)
def test_native_findings_equal_python_on_any_text(text: str, options: dict[str, object]) -> None:
    assert_same_findings(text, options)


@pytest.mark.parametrize("text", [
    "", "\n", "\ufeffBOM first\n", "\ufeff\ufeffdouble\n", "a\u200d\u200db\u0628\n",
    "x\u200c\u200c\u0628", "caf\x80\x81 \x85\n", "tab\x0bbreak\x0c\n", "\x0bedge\x0b \n",
    "a \r\nb\u00a0\r\n\r\n\r\n\r\nc", "a\r\r\r\rb  ", "  \u3000\n\n\n\n",
])
@pytest.mark.parametrize("max_blank", [0, 1, 2])
def test_native_findings_equal_python_on_examples(text: str, max_blank: int) -> None:
    for nbsp in (False, True):
        assert_same_findings(text, {"max-blank-lines": max_blank, "nbsp-inside-lines": nbsp})
