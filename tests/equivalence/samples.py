"""The texts the equivalence tests compare fast paths and plain definitions on.

Real texts are the seed documents of this checkout plus, when the shared corpora sit beside
the checkout (``../shared/corpora/dev/cases``), the dev cases: a clean clone compares on the
seeds alone, and the tests that count what the texts exercise lower their floor to match.
"""

from __future__ import annotations

import zlib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
DEV_CASES = ROOT.parent / "shared" / "corpora" / "dev" / "cases"


@cache
def _corpus_texts() -> tuple[str, ...]:
    paths = sorted(SEEDS.glob("*.txt"))
    if DEV_CASES.is_dir():
        paths += sorted(DEV_CASES.glob("*.txt"))
    return tuple(path.read_text("utf-8") for path in paths)


def corpus_texts() -> list[str]:
    """The seed documents, then the dev cases when they are beside the checkout."""
    return list(_corpus_texts())


def corpus_text_params() -> list[Any]:
    """``corpus_texts()`` as parameters with stable ids; without the dev cases, one skipped
    parameter stands for them, with a reason naming the missing folder."""
    params: list[Any] = [pytest.param(text, id=f"{zlib.crc32(text.encode()):08x}")
                         for text in corpus_texts()]
    if not DEV_CASES.is_dir():
        params.append(pytest.param("", id="dev-cases", marks=pytest.mark.skip(
            reason=f"compares on the dev cases too when they are beside the checkout: "
                   f"{DEV_CASES} is missing")))
    return params


# Pieces for generated documents: prose, repeated prose, markers, headlines, credits, URLs.
PIECES = [
    "The committee said on Monday that the new rules would take effect early next year.",
    "The committee said on Monday that the new rules would take effect early next year",
    "Officials, who spoke on condition of anonymity, said the talks had stalled again.",
    "记者从有关部门获悉，这项工程预计将于明年年底前全面完工，届时将大大缓解交通压力。",
    "Related articles about the committee and the new rules that take effect next year",
    "Related", "更多文章", "Share", "Comments", "Read more stories from our newsroom",
    "Mayor opens new bridge", "Storm hits coast", "府中捷運出口試辦行人地面警示燈",
    "Translated by Fion Khan", "来源：新华社", "Jane Doe is a reporter for the Globe.",
    "https://example.com/news/1", "2024-05-01", "x = f(a); y = g(b);", "",
    "Is this the end of the story?", "Undo.", "the rules would take effect early next year,",
]

# Trailer parameters (score threshold, minimum list items) the trailer search is compared at.
TRAILER_PARAMETERS = [(4.0, 5), (2.0, 5), (1.0, 2), (8.0, 3)]
