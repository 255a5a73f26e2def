"""The furniture vocabulary: one data file, every list documented, every language it claims."""

from __future__ import annotations

import pytest

from lint_corpus import native, trailer, vocabulary
from lint_corpus.vocabulary import _tables


def test_every_list_names_its_use_and_sources_and_compiles() -> None:
    tables = _tables()
    for name in vocabulary.LISTS:
        table = tables[name]
        assert str(table["use"]).strip() and str(table["sources"]).strip(), name
        assert vocabulary.patterns(name), name
        for pattern in vocabulary.patterns(name):
            # each entry stands alone, not only in the alternation
            native.Pattern(pattern, ignore_case=True)


@pytest.mark.parametrize(("line", "marker"), [
    ("Share", True), ("SHARE THIS", True), ("分享到：", True), ("点击分享", True),
    ("Shareholders", False), ("Comments (12)", True), ("Commentary", False),
    # a word boundary is a Unicode one: a Han character is a word character
    ("我们share", False), ("我们 share", True),
])
def test_markers_match_whole_words_in_every_script(line: str, marker: bool) -> None:
    assert trailer.is_marker(line) is marker


def test_a_pattern_the_core_cannot_compile_is_named() -> None:
    with pytest.raises(ValueError, match="unclosed group"):
        native.Pattern("(?:related|更多", ignore_case=True)


@pytest.mark.parametrize(("language", "label"), [
    ("English", "Related articles"), ("Chinese (simplified)", "相关阅读"),
    ("Chinese (traditional)", "相關閱讀"), ("Japanese", "関連記事"),
    ("German", "Mehr zum Thema"), ("French", "Lire aussi"),
    ("Spanish", "Te puede interesar"), ("Norwegian", "Les også"), ("Swedish", "Läs också"),
])
def test_related_headings_cover_each_language(language: str, label: str) -> None:
    assert trailer.is_related_marker(label), language


@pytest.mark.parametrize("line", [
    "Follow us on Mastodon for more stories like this one.", "Published: 3 May 2024",
    "Tags: bridges, harbour", "Sign up for our newsletter and get the week's best reads.",
    "免责声明：本文仅代表作者本人观点，与本网站无关。",
    "Jane Roe on March 3, 2020 at 4:15 pm said:",
    "小明 发表于 2023-05-01 12:00", "© 2024 Example Media Group. All rights reserved.",
])
def test_calls_to_action_disclosures_and_comment_headers_are_furniture(line: str) -> None:
    assert trailer.is_furniture_sentence(line)


@pytest.mark.parametrize("line", [
    "The committee said on Monday that the new rules would take effect next year.",
    "记者从有关部门获悉，这项工程预计将于明年年底前全面完工。",
    "Published research on the topic is scarce, the authors said.",
])
def test_article_sentences_are_not_furniture(line: str) -> None:
    assert not trailer.is_furniture_sentence(line)


@pytest.mark.parametrize("heading", ["References", "参考文献[编辑]", "注释", "Einzelnachweise",
                                     "External links[edit]", "脚注"])
def test_wiki_reference_headings(heading: str) -> None:
    assert trailer.is_reference_heading(heading)
    assert not trailer.is_reference_heading(f"{heading} to the committee's report were made")


@pytest.mark.parametrize(("line", "cut"), [
    ("Harbour festival returns after three years…", True),
    ("City plans a new tram line to the harbour...", True),
    ("How the old docks became the most expensive place..", True),
    ("港口音乐节时隔三年回归……", True),
    ("The festival returns after three years.", False),
])
def test_ellipsis_cut_lines_are_teasers(line: str, cut: bool) -> None:
    assert trailer.is_ellipsis_cut(line, len(line.split())) is cut

