"""The encoding rule (LC205) on real text written in legacy encodings: the reader decodes it to
the same text, the rule names the encoding and says how sure it is, and the fix converts the
file (once) only when allowed. The command line's side is in tests/cli/test_encoding_cli.py.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from lint_corpus.corpus import FormatError
from lint_corpus.corpus.plain import decode_file
from lint_corpus.document import Document
from lint_corpus.engine import Linter
from lint_corpus.registry import all_rules
from lint_corpus.rule import Applicability

ENCODING = next(cls for cls in all_rules() if cls.name == "encoding")
#: (text in conftest's LEGACY_TEXTS, the codec that writes the file): whole real documents.
SAMPLES = [("zh-hans", "gbk"), ("zh-hant", "big5"), ("ja", "shift_jis"), ("ko", "euc_kr"),
           ("de", "cp1252"), ("de-latin-1", "latin-1")]
TextOf = Callable[[str], str]


def document(data: bytes) -> Document:
    """The document the plain-text reader makes of a file's bytes."""
    decoded = decode_file(data)
    return Document(decoded.text, "doc.txt", detected_encoding=decoded.detected)


@pytest.mark.parametrize(("name", "codec"), SAMPLES, ids=[f"{n}-{c}" for n, c in SAMPLES])
def test_a_legacy_file_reads_as_its_text_and_is_reported(legacy_text: TextOf, name: str,
                                                         codec: str) -> None:
    text = legacy_text(name)
    doc = document(text.encode(codec))
    assert doc.text == text
    result = Linter([ENCODING()]).check(doc)
    [reported] = result.findings
    finding = reported.finding
    assert finding.code == "LC205" and finding.fix is not None
    assert finding.fix.writes_as == "utf-8" and finding.fix.edits == ()
    # The codec named decodes the bytes to this text (GBK's may be named GB18030, its
    # superset; Latin-1's Windows-1252, which reads every Latin-1 letter the same).
    assert text.encode(codec).decode(finding.data["encoding"]) == text
    sure = finding.data["sure"]
    assert (finding.fix.applicability is Applicability.SAFE) == sure
    assert ("sure)" in finding.message) == sure and bool(finding.data["unsure_reasons"]) != sure


def test_a_long_gbk_document_is_sure_and_the_fix_converts_it_once(legacy_text: TextOf) -> None:
    text = legacy_text("zh-hans")
    doc = document(text.encode("gbk"))
    result = Linter([ENCODING()]).fix(doc)
    assert result.written_as == "utf-8" and result.changed
    assert result.fixed == text  # the text is unchanged: only the file's encoding is
    [reported] = result.findings
    assert reported.applied and reported.finding.data["sure"]
    # Converged: the converted document has nothing left for the rule.
    assert result.converged and result.passes == 1


def test_short_gbk_text_is_unsure_and_converted_only_with_unsafe_fixes() -> None:
    # Twenty characters: EUC-KR (CP949) reads the same bytes as Korean almost as cleanly.
    doc = document("这是一个用GBK编码保存的中文句子。\n".encode("gbk"))
    finding = Linter([ENCODING()]).check(doc).findings[0].finding
    assert not finding.data["sure"] and finding.data["rival"] is not None
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert "min-chaos-margin" in finding.message
    assert Linter([ENCODING()]).fix(doc).written_as is None
    assert Linter([ENCODING()], unsafe_fixes=True).fix(doc).written_as == "utf-8"


def test_each_parameter_of_unsure_is_a_reason_of_its_own(legacy_text: TextOf) -> None:
    text = legacy_text("zh-hans")
    doc = document(text.encode("gbk"))
    detected = doc.detected_encoding
    assert detected is not None
    assert ENCODING().unsure_reasons(detected) == []
    strict_bytes = ENCODING({"min-distinctive-bytes": detected.distinctive_bytes + 1})
    assert [r for r in strict_bytes.unsure_reasons(detected) if "outside ASCII" in r]
    strict_chaos = ENCODING({"max-chaos": 0.0})
    if detected.chaos > 0:
        assert [r for r in strict_chaos.unsure_reasons(detected) if "messy" in r]
    if detected.rival_chaos is not None:
        margin = detected.rival_chaos - detected.chaos
        strict_margin = ENCODING({"min-chaos-margin": min(1.0, margin + 0.01)})
        assert [r for r in strict_margin.unsure_reasons(detected) if "min-chaos-margin" in r]


def test_utf8_and_utf16_files_are_not_reported() -> None:
    text = "这是一个用UTF-8保存的中文句子。\n"
    for data in (text.encode("utf-8"), b"\xff\xfe" + text.encode("utf-16-le")):
        doc = document(data)
        assert doc.text == text and doc.detected_encoding is None
        assert not Linter([ENCODING()]).check(doc).findings


@pytest.mark.parametrize(("data", "message"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "looks binary"),
    (bytes(range(0x80, 0x100)) * 8, "no text encoding reads it cleanly"),
    ("Café, crème brûlée.\n".encode().replace(b"\xc3\xa8", b"\xe8"),
     "not valid UTF-8 (byte 0xe8"),
], ids=["png", "high-bytes", "damaged-utf8"])
def test_binary_and_damaged_files_stay_refused(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message.replace("(", r"\(")):
        decode_file(data)


def test_a_file_kept_in_its_encoding_is_written_back_byte_for_byte(legacy_text: TextOf) -> None:
    text = legacy_text("ja")
    data = text.encode("shift_jis")
    decoded = decode_file(data)
    assert decoded.encode(decoded.text) == data
    # An edit elsewhere keeps every other byte: the text is encoded back with the same codec.
    edited = decoded.text.replace("欲張りなイヌ", "", 1)
    assert decoded.encode(edited) == edited.encode("shift_jis")
    assert decoded.as_utf8().encode(decoded.text) == text.encode("utf-8")
