"""mojibake on very long lines: repaired piece by piece, every sequence found, spans exact."""

from __future__ import annotations

import ftfy
import pytest
from lint_corpus_rules.mojibake import Mojibake, _pieces

from lint_corpus import api
from lint_corpus.document import Document


def test_pieces_cover_the_line_and_cut_at_spaces() -> None:
    raw = " ".join(f"word{i}" for i in range(3000))
    pieces = list(_pieces(raw, 500))
    assert "".join(piece for _, piece in pieces) == raw
    assert all(start == raw.index(piece, start) for start, piece in pieces)
    assert all(len(piece) <= 500 for _, piece in pieces)
    assert all(piece.endswith(" ") for _, piece in pieces[:-1])


@pytest.mark.parametrize("repeats", [40, 400])
def test_a_long_line_is_repaired_everywhere_in_one_pass(repeats: int) -> None:
    good = "Le café et la crème brûlée, c’est très bon. "
    broken = good.encode("utf-8").decode("windows-1252")
    line = broken * repeats  # up to ~20,000 characters of repetitive mojibake on one line
    findings = list(Mojibake().check(Document(line)))
    assert len(findings) == 1
    sequences = findings[0].data["sequences"]
    assert sequences == repeats * 6  # é, è, û, é, ’, è in every sentence
    assert api.fix(line, select=["mojibake"]) == good * repeats
    assert ftfy.fix_encoding(broken) == good


def test_a_long_run_of_cjk_mojibake_is_repaired_sequence_by_sequence() -> None:
    # No ASCII at all: the whole line is one run of non-ASCII characters, too long to diff.
    good = "中文的句子很好。" * 300
    line = good.encode("utf-8").decode("latin-1")
    fixed = api.fix(line, select=["mojibake"])
    # A piece boundary cut without a space may split one sequence: that one stays broken.
    pieces = len(list(_pieces(line, Mojibake().options["max-line-chars"])))
    assert sum(fixed.count(char) for char in set(good)) >= len(good) - pieces
    assert len(fixed) <= len(good) + 3 * pieces  # a sequence is at most 4 characters


@pytest.mark.parametrize("repeats", [1, 300])
def test_mojibake_whose_nbsp_became_a_space_is_repaired_without_losing_text(
        repeats: int) -> None:
    # "à" is C3 A0 in UTF-8: read as Windows-1252 it is "Ã" and an NBSP, which a later step
    # turned into a space ("Ã  la"). ftfy folds such spaces back, so its repair has less
    # ASCII than the line; up to ~13,000 characters of it on one line.
    good = "Voilà la crème, déjà 好。 café à côté. "
    broken = good.encode("utf-8").decode("windows-1252").replace("\xa0", " ")
    assert ftfy.fix_encoding(broken).count(" ") < broken.count(" ")
    line = broken * repeats
    # "Ã " matches no pattern the rule vouches for: it stays; every other sequence is
    # replaced by its character, and no space or letter around them is lost.
    expected = good.replace("à", "Ã ") * repeats
    assert api.fix(line, select=["mojibake"]) == expected
    (finding,) = Mojibake().check(Document(line))
    # è, é, 好。 (one run), é, ô, é
    assert finding.data["sequences"] == 6 * repeats
