"""Files in legacy encodings through the real command line: ``check`` names the encoding, the
other rules find what they find in the same text as UTF-8, ``fix`` (``--out``,
``--in-place``, ``--diff``) writes UTF-8 when the detection is sure (or with
``--unsafe-fixes``) and converges, and binary or undecodable files are refused with no output.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fakes import run

TextOf = Callable[[str], str]
#: (text in conftest's LEGACY_TEXTS, the codec that writes the file, how the finding names it)
SAMPLES = [("zh-hans", "gbk", "GB18030"), ("zh-hant", "big5", "Big5"),
           ("ja", "shift_jis", "Shift_JIS"), ("ko", "euc_kr", "EUC-KR"),
           ("de", "cp1252", "Windows-1252"), ("de-latin-1", "latin-1", "Windows-1252")]
#: Debris the other rules fix (trailing spaces, a run of blank lines), added to each text so
#: that their fixes are exercised on the decoded text too.
DEBRIS = "   \n\n\n\n"
SHORT_GBK = "这是一个用GBK编码保存的中文句子。\n"


def layout_whitespace(tmp_path: Path) -> tuple[str, Path]:
    """Options that make bad-whitespace report (and fix) the debris: layout whitespace is
    opt-in."""
    config = tmp_path / "lint-corpus.toml"
    config.write_text("[rules.bad-whitespace]\nlayout-whitespace = true\n", "utf-8")
    return "--config", config


def report(tmp_path: Path, *argv: str | Path) -> tuple[int, str, str, dict[str, Any]]:
    path = tmp_path / f"report-{len(list(tmp_path.glob('report-*')))}.json"
    code, out, err = run(*argv, *layout_whitespace(tmp_path), "--report", path)
    return code, out, err, json.loads(path.read_text("utf-8")) if path.exists() else {}


def findings(data: dict[str, Any], *, without: str = "LC205") -> list[tuple[Any, ...]]:
    return [(f["code"], f["line"], f["column"], f["message"], f["fix"] and f["fix"]["applied"])
            for doc in data["documents"] for f in doc["findings"] if f["code"] != without]


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


@pytest.mark.parametrize(("name", "codec", "shown"), SAMPLES, ids=[s[0] for s in SAMPLES])
def test_check_names_the_encoding_and_the_other_rules_see_the_same_text(
        tmp_path: Path, legacy_text: TextOf, name: str, codec: str, shown: str) -> None:
    text = legacy_text(name) + DEBRIS
    legacy = write(tmp_path / "legacy", "doc.txt", text.encode(codec))
    utf8 = write(tmp_path / "utf8", "doc.txt", text.encode("utf-8"))
    code, out, err, data = report(tmp_path, "check", legacy)
    assert code == 1 and "Traceback" not in err
    [line] = [line for line in out.splitlines() if "LC205" in line]
    assert "doc.txt:1:1" in line and shown in line
    _, _, _, same = report(tmp_path, "check", utf8)
    assert findings(data) == findings(same) and findings(same)
    assert not [line for line in report(tmp_path, "check", utf8)[1].splitlines()
                if "LC205" in line]


@pytest.mark.parametrize(("name", "codec", "shown"), SAMPLES, ids=[s[0] for s in SAMPLES])
def test_fix_out_writes_utf8_when_sure_and_the_file_s_own_encoding_when_not(
        tmp_path: Path, legacy_text: TextOf, name: str, codec: str, shown: str) -> None:
    text = legacy_text(name) + DEBRIS
    legacy = write(tmp_path / "legacy", "doc.txt", text.encode(codec))
    utf8 = write(tmp_path / "utf8", "doc.txt", text.encode("utf-8"))
    run("fix", *layout_whitespace(tmp_path), utf8, "--out", tmp_path / "want")
    wanted = (tmp_path / "want" / "doc.txt").read_text("utf-8")
    code, _, err, data = report(tmp_path, "fix", legacy, "--out", tmp_path / "got")
    assert "Traceback" not in err
    [conversion] = [f for doc in data["documents"] for f in doc["findings"]
                    if f["code"] == "LC205"]
    written = (tmp_path / "got" / "doc.txt").read_bytes()
    if conversion["data"]["sure"]:
        assert conversion["fix"]["applied"] and conversion["fix"]["writes_as"] == "utf-8"
        assert written.decode("utf-8") == wanted
    else:  # kept in its encoding, with the other rules' fixes
        assert not conversion["fix"]["applied"] and code == 1
        assert written.decode(codec) == wanted
        code, _, _, data = report(tmp_path, "fix", legacy, "--out", tmp_path / "unsafe",
                                  "--unsafe-fixes", "--select", "LC205,LC203")
        assert (tmp_path / "unsafe" / "doc.txt").read_bytes().decode("utf-8") == \
            text.encode(codec).decode(conversion["data"]["encoding"]).replace(DEBRIS, "\n")


def test_fix_in_place_converts_once_and_converges(tmp_path: Path,
                                                  legacy_text: TextOf) -> None:
    text = legacy_text("zh-hans") + DEBRIS
    doc = write(tmp_path / "in", "doc.txt", text.encode("gbk"))
    code, out, err = run("fix", *layout_whitespace(tmp_path), doc, "--in-place")
    assert "LC205" in out and "Traceback" not in err
    after = doc.read_bytes()
    converted = after.decode("utf-8")  # strict: the file is UTF-8 now
    assert converted.startswith(text[:40])
    code, out, _, data = report(tmp_path, "check", doc)
    assert "LC205" not in out
    # Fixing again changes nothing: converged.
    run("fix", *layout_whitespace(tmp_path), doc, "--in-place")
    assert doc.read_bytes() == after


def test_crlf_line_ends_stay_when_the_file_is_converted(tmp_path: Path,
                                                       legacy_text: TextOf) -> None:
    text = legacy_text("zh-hans").replace("\n", "\r\n")
    doc = write(tmp_path / "in", "crlf.txt", text.encode("gbk"))
    run("fix", *layout_whitespace(tmp_path), doc, "--in-place", "--select", "LC205")
    assert doc.read_bytes() == text.encode("utf-8")


def test_fix_diff_names_the_conversion_and_shows_the_text_hunks(tmp_path: Path,
                                                                legacy_text: TextOf) -> None:
    text = legacy_text("zh-hans") + DEBRIS
    data = text.encode("gbk")
    doc = write(tmp_path / "in", "doc.txt", data)
    code, out, err = run("fix", *layout_whitespace(tmp_path), doc, "--diff")
    assert "Traceback" not in err
    assert "Rewrite the file as UTF-8 (from GB18030)" in out
    assert "\n@@ " in out and "\n---" in out  # the whitespace fix, as a hunk
    assert doc.read_bytes() == data  # --diff writes nothing


def test_short_gbk_file_is_unsure_and_converted_only_with_unsafe_fixes(tmp_path: Path) -> None:
    data = SHORT_GBK.encode("gbk")
    doc = write(tmp_path / "in", "short.txt", data)
    code, out, _ = run("check", *layout_whitespace(tmp_path), doc)
    assert code == 1 and "unsure" in out and "[unsafe fix]" in out
    code, out, _ = run("fix", *layout_whitespace(tmp_path), doc, "--in-place")
    assert code == 1 and doc.read_bytes() == data  # nothing else to fix: left as it is
    code, out, _ = run("fix", *layout_whitespace(tmp_path), doc, "--in-place", "--unsafe-fixes")
    assert code == 0 and doc.read_text("utf-8") == SHORT_GBK
    assert "LC205" not in run("check", *layout_whitespace(tmp_path), doc)[1]


def test_an_unsure_file_keeps_its_encoding_under_the_other_rules_fixes(tmp_path: Path) -> None:
    doc = write(tmp_path / "in", "short.txt", (SHORT_GBK + DEBRIS).encode("gbk"))
    code, out, _ = run("fix", *layout_whitespace(tmp_path), doc, "--in-place")
    assert "LC203" in out
    # The whitespace debris is fixed (a blank line stays: max-blank-lines) and the file is
    # still GBK, byte for byte what the fixed text is in GBK.
    assert doc.read_bytes() == (SHORT_GBK + "\n").encode("gbk")


def test_a_fix_the_file_s_encoding_cannot_hold_fails_the_file_writing_nothing(
        tmp_path: Path, legacy_text: TextOf) -> None:
    # html-residue decodes the entities to CJK characters, which Windows-1252 lacks.
    text = legacy_text("de").replace("\n", " &#x4e2d;&#x6587;\n", 1)
    doc = write(tmp_path / "in", "doc.txt", text.encode("cp1252"))
    code, out, err = run("fix", *layout_whitespace(tmp_path), doc, "--out", tmp_path / "out")
    assert "LC205" in out and "[unsafe fix]" in out  # not converted: unsure
    assert code == 2 and "cp1252 cannot encode" in err and "--unsafe-fixes" in err
    assert not (tmp_path / "out" / "doc.txt").exists()
    code, out, err = run("fix", *layout_whitespace(tmp_path), doc, "--out", tmp_path / "out",
                         "--unsafe-fixes")
    assert "中文" in (tmp_path / "out" / "doc.txt").read_text("utf-8")


@pytest.mark.parametrize(("data", "message"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x08\x06", "file looks binary"),
    (bytes(range(0x80, 0x100)) * 8, "no text encoding reads it cleanly"),
    ("Café au lait, crème brûlée.\n".encode().replace(b"\xc3\xa8", b"\xe8"),
     "not valid UTF-8 (byte 0xe8 at offset 17, line 1)"),
], ids=["png", "high-bytes-without-nul", "damaged-utf8"])
@pytest.mark.parametrize("command", ["check", "fix --out", "fix --in-place"])
def test_binary_and_undecodable_files_are_refused_with_no_output(
        tmp_path: Path, data: bytes, message: str, command: str) -> None:
    doc = write(tmp_path / "in", "file.txt", data)
    extra = {"check": [], "fix --out": ["--out", str(tmp_path / "out")],
             "fix --in-place": ["--in-place"]}[command]
    code, out, err = run(*command.split()[:1], "--isolated", doc, *extra)
    assert code == 2 and message in err and "Traceback" not in err
    assert doc.read_bytes() == data
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.txt"))


def test_utf16_with_a_byte_order_mark_is_decoded_and_not_reported(tmp_path: Path) -> None:
    doc = write(tmp_path / "in", "utf16.txt", b"\xff\xfe" + SHORT_GBK.encode("utf-16-le"))
    code, out, err = run("check", *layout_whitespace(tmp_path), doc)
    assert code == 0 and "LC205" not in out and "error" not in err


def test_jsonl_that_is_not_utf8_is_refused_naming_the_rfc(tmp_path: Path) -> None:
    line = json.dumps({"id": "a", "text": SHORT_GBK}, ensure_ascii=False)
    shard = write(tmp_path / "in", "shard.jsonl", (line + "\n").encode("gbk"))
    code, out, err = run("check", *layout_whitespace(tmp_path), shard)
    assert code == 2 and "not UTF-8" in err and "RFC 8259" in err
