"""13.6: a lone surrogate in a text (what an escaped ``\\ud800`` decodes to, reaching the rules
through the Python API or a format that lets it through) is a ``mojibake`` finding whose safe
fix replaces it by U+FFFD, and nothing written from it is invalid UTF-8."""

from __future__ import annotations

import json

from lint_corpus import report as reportlib
from lint_corpus.api import CorpusLinter

TEXT = "Keep this \ud800 line, and \udc01\udc02 this one.\n"


def test_a_lone_surrogate_is_reported_and_replaced() -> None:
    (result,) = CorpusLinter(select=["mojibake"]).fix([TEXT])
    messages = [r.finding.message for r in result.findings]
    assert messages == ["invalid Unicode: lone surrogate U+D800",
                        "invalid Unicode: lone surrogate U+DC01 (2 in a row)"]
    assert all(r.applied for r in result.findings)
    assert result.fixed == "Keep this \ufffd line, and \ufffd\ufffd this one.\n"
    assert result.fixed is not None
    result.fixed.encode("utf-8")  # strict: raises on a surrogate


def test_the_report_of_a_surrogate_is_valid_utf8() -> None:
    results = CorpusLinter(select=["mojibake"]).check([TEXT])
    report = reportlib.build_report("check", [], results)
    reportlib.validate(report)
    data = reportlib.dumps(report).encode("utf-8")  # strict
    excerpts = [f["excerpt"] for f in json.loads(data)["documents"][0]["findings"]]
    assert excerpts == ["\ufffd", "\ufffd\ufffd"]


def test_a_text_without_surrogates_has_no_such_finding() -> None:
    (result,) = CorpusLinter(select=["mojibake"]).check(["Plain text, 数据, café.\n"])
    assert result.findings == []
