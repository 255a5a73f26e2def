"""Properties every registered rule must keep, on generated Latin/CJK documents.

Documents are built from the pieces real scraped text is made of (prose in both scripts,
bullets, brackets, runs of short link-like lines, blank lines, repeated lines and paragraphs,
a cut-off last sentence), so the rules actually fire. Properties: no rule crashes; spans are
sane; fixing converges and is idempotent; the result does not depend on rule order; and the
fixed text is the original with exactly the applied fixes' edits made (locality).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from lint_corpus.document import Document
from lint_corpus.engine import DocumentResult, Linter
from lint_corpus.registry import all_rules
from lint_corpus.report import build_report, excerpt, validate
from lint_corpus.rule import Applicability, Edit

RULES = all_rules()

LATIN_WORDS = (
    "the market report said on Monday that city council data prices rose fell sharply after "
    "shares investors week new plan government officials 2015 3.5 percent Read more Share "
    "Home News Sports Contact About Privacy Policy related stories"
).split()
CJK_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出"
    "就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经市股证监"
)
LATIN_ENDS = (".", "!", "?", ".", ".")
CJK_ENDS = ("。", "！", "？", "。", "。")
OPENERS = ("(", "（", "「", "“", "[", "《")
CLOSERS = {"(": ")", "（": "）", "「": "」", "“": "”", "[": "]", "《": "》"}
BULLETS = ("• ", "- ", "* ", "1. ", "· ")

# Shrinking a failure over these documents can take minutes; CI (HYPOTHESIS_PROFILE=ci, set
# by .ci/run) reports the unshrunk example instead so the run stays bounded.
_BASE = settings(max_examples=150, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("ci", _BASE, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                          print_blob=True)
PROPERTY_SETTINGS = (settings.get_profile("ci")
                     if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else _BASE)


@st.composite
def latin_phrase(draw: st.DrawFn, min_words: int = 1, max_words: int = 12) -> str:
    words = draw(st.lists(st.sampled_from(LATIN_WORDS), min_size=min_words, max_size=max_words))
    phrase = " ".join(words)
    return phrase[:1].upper() + phrase[1:]


@st.composite
def cjk_phrase(draw: st.DrawFn, min_chars: int = 2, max_chars: int = 30) -> str:
    chars = draw(st.lists(st.sampled_from(CJK_CHARS), min_size=min_chars, max_size=max_chars))
    if len(chars) > 6 and draw(st.booleans()):
        chars.insert(draw(st.integers(2, len(chars) - 2)), "，")
    return "".join(chars)


@st.composite
def sentence(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        body, ends, space = draw(latin_phrase(3)), LATIN_ENDS, " "
    else:
        body, ends, space = draw(cjk_phrase(4)), CJK_ENDS, ""
    if draw(st.integers(0, 4)) == 0:  # a bracketed aside, sometimes left open
        opener = draw(st.sampled_from(OPENERS))
        aside = draw(st.one_of(latin_phrase(1, 4), cjk_phrase(2, 8)))
        close = CLOSERS[opener] if draw(st.integers(0, 3)) else ""
        body = f"{body}{space}{opener}{aside}{close}"
    return body + draw(st.sampled_from(ends))


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    sentences = draw(st.lists(sentence(), min_size=1, max_size=4))
    return draw(st.sampled_from([" ", ""])).join(sentences)


@st.composite
def bullet_list(draw: st.DrawFn) -> str:
    items = draw(st.lists(st.one_of(latin_phrase(1, 8), cjk_phrase(2, 15), sentence()),
                          min_size=1, max_size=6))
    bullet = draw(st.sampled_from(BULLETS))
    lines = [bullet + item for item in items]
    if draw(st.integers(0, 5)) == 0:
        lines.append(bullet.rstrip())  # a dangling bullet
    return "\n".join(lines)


@st.composite
def link_run(draw: st.DrawFn) -> str:
    """A run of short lines without sentence punctuation, like a "more stories" list."""
    items = draw(st.lists(st.one_of(latin_phrase(1, 5), cjk_phrase(2, 12)),
                          min_size=3, max_size=10))
    return "\n".join(items)


@st.composite
def documents(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(
        st.one_of(paragraph(), paragraph(), paragraph(), bullet_list(), link_run(),
                  latin_phrase(1, 6), cjk_phrase(2, 12)),
        min_size=1, max_size=10,
    ))
    for _ in range(draw(st.integers(0, 2))):  # repeat an earlier block later on
        source = draw(st.integers(0, len(blocks) - 1))
        blocks.insert(draw(st.integers(source, len(blocks))), blocks[source])
    if draw(st.integers(0, 3)) == 0:  # cut the document mid-sentence
        blocks.append(draw(st.one_of(latin_phrase(2, 8), cjk_phrase(3, 15))))
    text = ""
    for index, block in enumerate(blocks):
        if index:
            text += draw(st.sampled_from(["\n", "\n", "\n\n", "\n \n", "\n\n\n"]))
        text += block
    return text + draw(st.sampled_from(["", "\n", "\n", "\n\n"]))


def linter(rules: Sequence[type] = RULES) -> Linter:
    return Linter([cls() for cls in rules])


def _fixable(result: DocumentResult) -> list[str]:
    return [r.finding.code for r in result.findings
            if r.finding.fix is not None and r.finding.fix.edits
            and r.finding.fix.applicability is Applicability.SAFE]


@PROPERTY_SETTINGS
@given(documents())
def test_spans_are_sane_and_findings_complete(text: str) -> None:
    result = linter().check(Document(text))
    assert result.errors == []
    for reported in result.findings:
        finding = reported.finding
        assert 0 <= finding.start <= finding.end <= len(text)
        assert finding.rule and finding.code and finding.message
        if finding.end - finding.start <= 80:
            assert excerpt(text, finding.start, finding.end) == text[finding.start:finding.end]
        if finding.fix is not None:
            assert finding.fix.description
            for edit in finding.fix.edits:
                assert 0 <= edit.start <= edit.end <= len(text)
    validate(build_report("check", linter().rules, [result]))


@PROPERTY_SETTINGS
@given(documents())
def test_fix_converges_and_is_idempotent(text: str) -> None:
    first = linter().fix(Document(text))
    assert first.errors == [] and first.converged
    assert first.fixed is not None
    again = linter().fix(Document(first.fixed))
    assert again.fixed == first.fixed
    assert not any(r.applied for r in again.findings)
    assert _fixable(linter().check(Document(first.fixed))) == []


@PROPERTY_SETTINGS
@given(documents())
def test_fix_does_not_depend_on_rule_order(text: str) -> None:
    forward = linter(RULES).fix(Document(text))
    backward = linter(list(reversed(RULES))).fix(Document(text))
    assert forward.fixed == backward.fixed
    assert [(r.finding.code, r.finding.start, r.finding.end, r.applied)
            for r in forward.findings] == [
        (r.finding.code, r.finding.start, r.finding.end, r.applied) for r in backward.findings]


def _merged(edits: Sequence[Edit]) -> list[tuple[int, int]]:
    """The union of the edits' spans, as sorted disjoint intervals (insertions kept as points)."""
    merged: list[list[int]] = []
    for edit in sorted(edits):
        if merged and edit.start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], edit.end)
        else:
            merged.append([edit.start, edit.end])
    return [(start, end) for start, end in merged]


@PROPERTY_SETTINGS
@given(documents())
def test_fix_changes_only_the_applied_edit_spans(text: str) -> None:
    result = linter().fix(Document(text))
    assert result.fixed is not None
    applied = [edit for r in result.findings if r.applied
               for edit in (r.finding.fix.edits if r.finding.fix else ())]
    if not applied:
        assert result.fixed == text
        return
    spans = _merged(applied)
    kept = [text[a:b] for a, b in zip([0] + [e for _, e in spans],
                                      [s for s, _ in spans] + [len(text)], strict=True)]
    if all(edit.replacement == "" for edit in applied):
        # Deletions only: the output is exactly the original minus the reported spans.
        assert result.fixed == "".join(kept)
    else:
        # Text outside the edited spans survives, in order; edits only add replacements.
        assert result.fixed.startswith(kept[0]) and result.fixed.endswith(kept[-1])
        cursor = 0
        for piece in kept:
            found = result.fixed.find(piece, cursor)
            assert found >= 0, piece
            cursor = found + len(piece)
    removed = sum(e.end - e.start - len(e.replacement) for e in applied)
    assert removed >= len(text) - len(result.fixed)
