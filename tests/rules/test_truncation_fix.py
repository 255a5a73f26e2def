"""truncated-document's fixes converge in one pass, and a credit ends the article only after
its prose (issue 13 item 8, issue 10 class 5)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lint_corpus import CorpusLinter
from lint_corpus.document import Document
from lint_corpus.trailer import find_trailer

ARTICLE = ("The council met on Tuesday to discuss the budget for the coming year. Members agreed "
           "to raise spending on schools and roads by a modest amount.")
TRIMS = frozenset({"mid-sentence", "unclosed-bracket"})


def _applied_trims(text: str) -> list[str]:
    result = CorpusLinter(select=["LC101"], unsafe_fixes=True).process(text, fix=True)
    assert result.converged
    return [reported.finding.data["reason"] for reported in result.findings
            if reported.applied and reported.finding.data["reason"] in TRIMS]


# Pieces that make sentence ends, brackets, quotes, list markers and CJK text collide.
_PIECES = st.sampled_from(["a", "b", "A", ". ", ".", "(", ")", "“", "”", '"', ",", "，", "。",
                           "我", "the ", "and ", "e.g. ", "\n", " ", "3.", "•", "三、"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, min_size=3, max_size=30).map("".join))
def test_the_unsafe_trim_applies_at_most_once(text: str) -> None:
    # After a trim the text ends on a finished sentence: nothing new says it was cut.
    assert len(_applied_trims(text)) <= 1


def test_a_short_text_of_fragments_is_not_cut_line_after_line() -> None:
    text = '，the e.g. )“\n.  \n“\nA.   (,"'
    assert len(_applied_trims(text)) <= 1


def test_a_run_of_empty_bullets_goes_in_one_fix() -> None:
    text = ARTICLE + "\n" + "•\n" * 15
    result = CorpusLinter().process(text, fix=True)
    assert result.converged and result.passes == 1
    assert result.fixed == ARTICLE + "\n"


def test_a_bio_under_page_furniture_does_not_hold_the_trailer_back() -> None:
    text = "\n".join([ARTICLE, "Related stories", "Council approves new bridge",
                      "Market returns to the square", "School fete raises record sum",
                      "Share this article", "Jane Roe is a reporter for the Valley Gazette."])
    trailer = find_trailer(Document(text))
    assert trailer is not None and trailer.first.content == "Related stories"


def test_a_bio_right_after_the_prose_ends_the_article() -> None:
    text = "\n".join([ARTICLE, "Jane Roe is a reporter for the Valley Gazette.",
                      "Related stories", "Council approves new bridge",
                      "Market returns to the square", "School fete raises record sum",
                      "Share this article"])
    trailer = find_trailer(Document(text))
    assert trailer is not None and trailer.first.content == "Related stories"
    assert trailer.anchor is not None and trailer.anchor.content.startswith("Jane Roe")


def test_the_cut_section_under_a_heading_goes_and_the_heading_stays() -> None:
    text = ("The council met on Tuesday to discuss the budget for the coming year, and it "
            "agreed to raise spending on schools.\nRoads and Bridges\n"
            "Members also said that repairs to the old bridge (the one built in")
    result = CorpusLinter(select=["LC101"], unsafe_fixes=True).process(text, fix=True)
    assert result.converged and result.passes == 1
    assert result.fixed is not None and result.fixed.endswith("schools.\nRoads and Bridges")


def test_without_a_finished_line_to_cut_back_to_only_the_finding_is_reported() -> None:
    text = ("The council met on Tuesday to discuss the budget for the coming year, and it "
            "agreed to raise spending on schools, roads and\n"
            "the repairs to the old bridge that were promised in")
    result = CorpusLinter(select=["LC101"], unsafe_fixes=True).process(text, fix=True)
    findings = [reported.finding for reported in result.findings]
    assert len(findings) == 1 and findings[0].fix is None
    assert result.fixed == text
