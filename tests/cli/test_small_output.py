"""Small things a reader notices: counts in the right number ("1 finding"), quoted text
shortened after a word with an ellipsis, and ``rules`` telling a fix that applies by default
from one that needs ``--unsafe-fixes``."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fakes import JunkLine, LoudLine, run

from lint_corpus.document import Document
from lint_corpus.rule import Applicability, Finding, Fix, Rule
from lint_corpus.text import counted, shorten

DEV_CASES = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "dev" / "cases"
needs_dev = pytest.mark.skipif(not DEV_CASES.is_dir(), reason=f"needs {DEV_CASES}")


class RiskyLine(Rule):
    """Flags a line that says ``MAYBE``; its fix is never sure.

    What it does: finds MAYBE lines. Why is this bad?: test content. Example: ``MAYBE``.
    Fix: deletes the line, unsafe.
    """

    code = "TX904"
    name = "risky-line"
    summary = "A line that says MAYBE."
    safe_fixes = False
    #: Set by a test to break the declaration.
    applicability = Applicability.UNSAFE

    def check(self, doc: Document) -> Iterator[Finding]:
        for line in doc.lines:
            if line.content == "MAYBE":
                yield self.finding(line.start, line.end, "line hedges",
                                   fix=Fix.delete(line.start, line.end, "Delete it",
                                                  self.applicability))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "one.txt").write_text("First.\nJUNK\nLast.\n", encoding="utf-8")
    (tmp_path / "two.txt").write_text("First.\nJUNK\nJUNK\nLast.\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def registered_rules(use_rules: Callable[..., None]) -> None:
    use_rules(JunkLine, LoudLine, RiskyLine)


@pytest.mark.usefixtures("registered_rules")
def test_summary_counts_agree_with_their_nouns(corpus: Path) -> None:
    assert run("check", corpus / "one.txt")[2] == "1 document, 1 finding\n"
    assert run("check", corpus)[2] == "2 documents, 3 findings\n"
    out = corpus / "out"
    assert run("fix", corpus / "one.txt", "--out", out)[2] == \
        "1 document, 1 finding, 1 fixed, 1 file changed\n"


@pytest.mark.usefixtures("registered_rules")
def test_rules_tells_safe_fixes_from_unsafe_ones() -> None:
    _, out, _ = run("rules")
    columns = {line.split()[0]: re.split(r"\s{2,}", line) for line in out.splitlines()}
    assert columns["TX901"][3] == "fix"
    assert columns["TX904"][3] == "unsafe fix"
    assert columns["TX902"][3] != "fix" and "fix" not in columns["TX902"][3]
    # The summaries line up whatever the fix column says.
    starts = {line.index(summary) for line in out.splitlines()
              for summary in (JunkLine.summary, LoudLine.summary, RiskyLine.summary)
              if summary in line}
    assert len(starts) == 1
    assert run("explain", "risky-line")[1].startswith(
        "TX904 risky-line (warning, fixable with --unsafe-fixes)\n")
    assert run("explain", "junk-line")[1].startswith("TX901 junk-line (warning, fixable)\n")


@pytest.mark.usefixtures("registered_rules")
def test_rules_json_keeps_fixable_and_adds_safe_fixes() -> None:
    payload = json.loads(run("rules", "--format", "json")[1])
    flags = {rule["code"]: (rule["fixable"], rule["safe_fixes"]) for rule in payload}
    assert flags == {"TX901": (True, True), "TX902": (False, False), "TX904": (True, False)}


@pytest.mark.usefixtures("registered_rules")
def test_a_safe_fix_from_a_rule_declaring_none_is_a_rule_error(
        corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (corpus / "maybe.txt").write_text("MAYBE\nFine.\n", encoding="utf-8")
    assert run("check", corpus / "maybe.txt")[0] == 1
    monkeypatch.setattr(RiskyLine, "applicability", Applicability.SAFE)
    code, _, err = run("check", corpus / "maybe.txt")
    assert code == 2 and "safe_fixes = False" in err


def test_the_real_rules_with_only_unsafe_fixes_are_shown_so() -> None:
    _, out, _ = run("rules")
    line = next(line for line in out.splitlines() if " boilerplate-header " in line)
    assert "unsafe fix" in line


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("Sarah Archer is the author of The Midcentury Kitchen.", 40,
     "Sarah Archer is the author of The…"),
    ("short enough", 40, "short enough"),
    ("责任编辑：崔宁宁" * 3, 10, "责任编辑：崔宁宁责…"),
    ("https://example.org/without/any/space/in/it", 20, "https://example.org…"),
])
def test_shorten_ends_after_a_word_with_an_ellipsis(text: str, limit: int,
                                                    expected: str) -> None:
    assert shorten(text, limit) == expected
    assert len(shorten(text, limit)) <= limit


def test_counted() -> None:
    assert [counted(n, "line") for n in (0, 1, 2)] == ["0 lines", "1 line", "2 lines"]


@needs_dev
def test_quoted_credit_line_is_not_cut_mid_word() -> None:
    _, out, _ = run("check", DEV_CASES / "d748efb360dce.txt", "--select", "LC102")
    quoted = re.search(r"after “([^”]*)”", out)
    assert quoted is not None, out
    anchor = quoted.group(1)
    assert anchor.endswith("…")
    line = (DEV_CASES / "d748efb360dce.txt").read_text(encoding="utf-8")
    shown = anchor.removesuffix("…")
    assert re.search(re.escape(shown) + r"\s", line), "cut inside a word"


@needs_dev
def test_one_line_of_trailing_content_is_said_in_the_singular() -> None:
    _, out, _ = run("check", DEV_CASES / "d70aa6182f928.txt", "--select", "LC102")
    assert "1 line of teasers, blurbs or page text (line 78)" in out
    assert "1 lines" not in out and "78–78" not in out
