"""Every rule's docstring is its documentation: fixed headings, and examples that run.

The ``Example`` section holds a ``Bad`` and a ``Good`` block (indented text). The bad block
must produce a finding of the rule, the good block none, so the docs cannot drift from the code.
A block of hexadecimal byte pairs (the ``encoding`` rule's: its examples are bytes, not text)
is read as a file is: decoded by the plain-text reader, with the encoding it detects.
"""

from __future__ import annotations

import io
import re
import textwrap

import pytest

from lint_corpus import cli
from lint_corpus.corpus.plain import decode_file
from lint_corpus.document import Document
from lint_corpus.engine import Linter
from lint_corpus.registry import all_rules
from lint_corpus.rule import Rule

HEADINGS = ["What it does", "Why is this bad?", "Example", "Fix"]
RULES = all_rules()


def sections(doc: str) -> dict[str, str]:
    found: dict[str, list[str]] = {}
    current: str | None = None
    for line in doc.splitlines():
        if line in HEADINGS:
            current = line
            found[current] = []
        elif current is not None:
            found[current].append(line)
    return {key: "\n".join(lines) for key, lines in found.items()}


def example_blocks(example: str) -> dict[str, str]:
    """The indented blocks that follow the ``Bad`` and ``Good`` labels."""
    blocks: dict[str, list[str]] = {}
    label: str | None = None
    for line in example.splitlines():
        stripped = line.strip()
        if not line.startswith(" ") and stripped.lower().startswith(("bad", "good")):
            label = "bad" if stripped.lower().startswith("bad") else "good"
            blocks[label] = []
        elif label is not None and (line.startswith("    ") or not stripped):
            blocks[label].append(line)
    return {key: textwrap.dedent("\n".join(lines)).strip("\n") for key, lines in blocks.items()}


#: A block that is only hexadecimal byte pairs: the bytes of a file.
HEX_BYTES = re.compile(r"(?:[0-9a-f]{2}\s+)*[0-9a-f]{2}")


def example_document(block: str) -> Document:
    """The document an example block stands for: its text, or the file its bytes make."""
    if not HEX_BYTES.fullmatch(block):
        return Document(block)
    decoded = decode_file(bytes.fromhex(block))
    return Document(decoded.text, detected_encoding=decoded.detected)


@pytest.mark.parametrize("cls", RULES, ids=[cls.name for cls in RULES])
def test_doc_has_the_fixed_headings_in_order(cls: type[Rule]) -> None:
    doc = cls.documentation()
    positions = [doc.splitlines().index(h) if h in doc.splitlines() else -1 for h in HEADINGS]
    assert -1 not in positions, f"{cls.name}: missing one of {HEADINGS}"
    assert positions == sorted(positions), f"{cls.name}: headings out of order"
    assert cls.summary


@pytest.mark.parametrize("cls", RULES, ids=[cls.name for cls in RULES])
def test_documented_examples_behave_as_documented(cls: type[Rule]) -> None:
    blocks = example_blocks(sections(cls.documentation())["Example"])
    assert set(blocks) == {"bad", "good"}, f"{cls.name}: the Example needs Bad and Good blocks"
    linter = Linter([cls()])
    bad = linter.check(example_document(blocks["bad"]))
    good = linter.check(example_document(blocks["good"]))
    assert bad.findings, f"{cls.name}: its Bad example produces no finding"
    assert not good.findings, f"{cls.name}: its Good example is flagged"


@pytest.mark.parametrize("cls", RULES, ids=[cls.name for cls in RULES])
def test_explain_prints_the_doc(cls: type[Rule]) -> None:
    for key in (cls.name, cls.code):
        out = io.StringIO()
        assert cli.main(["explain", key], stdout=out, stderr=io.StringIO()) == 0
        assert cls.code in out.getvalue() and "Why is this bad?" in out.getvalue()


@pytest.mark.parametrize("cls", RULES, ids=[cls.name for cls in RULES])
def test_options_schema_has_a_default_and_description_for_every_option(cls: type[Rule]) -> None:
    for name, spec in cls.options_schema.get("properties", {}).items():
        assert "default" in spec and spec.get("description"), f"{cls.name}.{name}"
    cls()  # the defaults validate against the schema
