"""html-residue on escaped escapes (``&amp;amp;nbsp;``, ``&AMP;#38;lt;``): the whole chain is
one entity, decoded in one step to what decoding one level at a time gives."""

from __future__ import annotations

import html
import random

from lint_corpus_rules.html_residue import _ENTITY_RE, _SPACE_ENTITIES, _unescape

from lint_corpus import api
from lint_corpus.document import Document
from lint_corpus.engine import Linter
from lint_corpus.registry import all_rules

LEVELS = ["amp;", "AMP;", "#38;", "#038;", "#x26;", "#X26;", "#x0026;"]
NAMES = ["nbsp;", "lt;", "amp;", "AMP;", "#160;", "#xA0;", "eacute;", "Eacute;", "#8217;",
         "#38;", "gt;", "hellip;"]


def decoded_level_by_level(entity: str) -> str:
    """The definition: ``html.unescape`` until nothing changes (it decodes the leading
    escape of "&" once per call); a space entity reached on the way is a plain space."""
    current = entity
    while True:
        if current.startswith("&") and current[1:-1].lower() in _SPACE_ENTITIES:
            return " "
        decoded = html.unescape(current)
        if decoded == current:
            return current
        current = decoded


def test_a_chain_is_one_token_decoded_as_level_by_level() -> None:
    rng = random.Random(13)
    for _ in range(3000):
        chain = "".join(rng.choice(LEVELS) for _ in range(rng.randint(0, 12)))
        entity = f"&{chain}{rng.choice(NAMES)}"
        assert _ENTITY_RE.fullmatch(entity), entity
        assert _unescape(entity) == decoded_level_by_level(entity), entity


def test_eleven_upper_case_levels_converge_in_one_fix() -> None:
    text = "Fish &" + "AMP;" * 11 + " chips &" + "AMP;" * 11 + "lt;3\n"
    rule = next(cls() for cls in all_rules() if cls.name == "html-residue")
    result = Linter([rule]).fix(Document(text))
    assert result.fixed == "Fish & chips <3\n"
    assert result.converged and result.passes == 1
    assert api.fix(text) == api.fix(result.fixed)  # nothing left for any rule's second fix
