"""Bad input, as data: one row per case, run through the real CLI.

Each row builds an input, runs one command on it (``check``, ``fix --out`` or
``fix --in-place``) and states what must come out: the exit code, a fragment of the message
(or finding) printed, and the files left in the output folder. Every row also holds the
invariants that no bad input may break: no traceback, no temporary file left anywhere. To
cover a new kind of bad input, add a row (and, if needed, a builder).

The fake rules make the outcome exact: ``JUNK`` lines are removed by a fix (so a fixed file
differs from its input), nothing else is flagged.
"""

from __future__ import annotations

import gzip
import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import zstandard
from fakes import JunkLine, LoudLine, run

from lint_corpus import registry as registry_module

#: What a builder gets: the folder to create the input in. It returns the CLI's path
#: arguments (relative to the test's working folder).
Builder = Callable[[Path], list[str]]
Verify = Callable[[Path], None]

CHECK, FIX_OUT, FIX_IN_PLACE = "check", "fix --out", "fix --in-place"
CLEAN, FINDINGS, ERROR = 0, 1, 2
#: fix fixed every failing finding: it exits 0, as a clean check does.
FIXED = CLEAN
TERMINATED = 143


@dataclass(frozen=True)
class Case:
    name: str
    build: Builder
    command: str
    exit_code: int
    #: A fragment of what the run prints: a message on stderr, or a finding on stdout.
    message: str
    #: The files (relative paths) in the ``--out`` folder afterwards; for the other commands
    #: the output folder must not exist.
    left: frozenset[str] = frozenset()
    #: Further checks on the folder the case ran in (``in/`` input, ``out/`` output).
    verify: Verify | None = None


# --- builders --------------------------------------------------------------------------------

def _records(count: int) -> bytes:
    """JSON Lines whose texts each hold a JUNK line (so fix changes every record), varied
    enough that Zstandard makes several blocks of them."""
    rng = random.Random(count)
    words = ["corpus", "lint", "river", "数据", "text", "stone", "平台", "light", "quiet"]
    lines = []
    for index in range(count):
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(8, 30)))
        lines.append(json.dumps({"id": index, "text": f"{sentence}.\nJUNK\nEnd {index}.\n"},
                                ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8")


ZST_RECORDS = 6000


def _zstd(data: bytes, frame_records: int | None = None) -> bytes:
    """Zstandard data in one frame, or in one frame per ``frame_records`` lines."""
    compressor = zstandard.ZstdCompressor()
    if frame_records is None:
        return compressor.compress(data)
    lines = data.splitlines(keepends=True)
    return b"".join(compressor.compress(b"".join(lines[i:i + frame_records]))
                    for i in range(0, len(lines), frame_records))


def zst_cut_at(fraction: float) -> Builder:
    """A .jsonl.zst cut ``fraction`` of the way through its single frame."""
    def build(folder: Path) -> list[str]:
        whole = _zstd(_records(ZST_RECORDS))
        path = folder / "cut.jsonl.zst"
        path.write_bytes(whole[:max(4, int(len(whole) * fraction))])
        return [str(path)]
    return build


def zst_cut_bytes_before_end(count: int) -> Builder:
    def build(folder: Path) -> list[str]:
        path = folder / "cut.jsonl.zst"
        path.write_bytes(_zstd(_records(ZST_RECORDS))[:-count])
        return [str(path)]
    return build


def zst_cut_in_a_later_frame(folder: Path) -> list[str]:
    """Whole frames first, then one cut in half: the readable part ends inside a record."""
    frames = _zstd(_records(ZST_RECORDS), frame_records=500)
    path = folder / "cut.jsonl.zst"
    path.write_bytes(frames[: len(frames) * 2 // 3])
    return [str(path)]


def zst_whole_frames_of_a_cut_record(folder: Path) -> list[str]:
    """Complete Zstandard data whose content was cut mid-record before compressing: a
    readable file with a malformed last line (reported, and kept as it is)."""
    raw = _records(50)
    path = folder / "cut.jsonl.zst"
    path.write_bytes(_zstd(raw[: len(raw) - 20]))
    return [str(path)]


def gz_cut(folder: Path) -> list[str]:
    path = folder / "cut.jsonl.gz"
    path.write_bytes(gzip.compress(_records(400))[:-40])
    return [str(path)]


def jsonl_lone_surrogate(folder: Path) -> list[str]:
    # Written by hand: json.dumps would escape the surrogate the same way, this is explicit.
    path = folder / "s.jsonl"
    path.write_bytes(b'{"id": 1, "text": "Keep \\ud800 this.\\nJUNK\\n", "note": "\\udc01"}\n'
                     b'{"id": 2, "text": "Clean.\\n"}\n')
    return [str(path)]


def out_is_valid_utf8_with_replacement(folder: Path) -> None:
    data = (folder / "out" / "in" / "s.jsonl").read_bytes()
    first = json.loads(data.decode("utf-8").splitlines()[0])  # strict: raises on bad bytes
    assert first["text"] == "Keep \ufffd this.\n"
    assert first["note"] == "\udc01"  # another field keeps its escape, as read


def html_with_nul(folder: Path) -> list[str]:
    path = folder / "page.html"
    path.write_bytes(b"<html><body><p>Hello</p>\x00\x00\x01\x02<p>there</p></body></html>")
    return [str(path)]


def html_random_bytes(folder: Path) -> list[str]:
    rng = random.Random(7)
    path = folder / "page.html"
    path.write_bytes(bytes(rng.randrange(1, 256) for _ in range(4000)))
    return [str(path)]


def html_in_utf16(folder: Path) -> list[str]:
    """A page in UTF-16 has NUL bytes, and a byte-order mark that makes it text."""
    path = folder / "page.html"
    path.write_bytes("<html><body><p>Keep 数据.</p><p>JUNK</p></body></html>".encode("utf-16"))
    return [str(path)]


def utf16_text(bom: bool, endian: str = "le") -> Builder:
    def build(folder: Path) -> list[str]:
        text = "Keep 数据.\r\nJUNK\r\nAlso keep.\r\n"
        encoded = text.encode(f"utf-16-{endian}")
        mark = {"le": b"\xff\xfe", "be": b"\xfe\xff"}[endian]
        path = folder / "doc.txt"
        path.write_bytes((mark if bom else b"") + encoded)
        return [str(path)]
    return build


def utf16_fixed(where: str, endian: str = "le") -> Verify:
    def verify(folder: Path) -> None:
        mark = {"le": b"\xff\xfe", "be": b"\xfe\xff"}[endian]
        data = (folder / where / "doc.txt").read_bytes()
        assert data == mark + "Keep 数据.\r\nAlso keep.\r\n".encode(f"utf-16-{endian}")
    return verify


def utf32_text(folder: Path) -> list[str]:
    path = folder / "doc.txt"
    path.write_bytes("Keep.\nJUNK\n".encode("utf-32"))
    return [str(path)]


def symlink_loop(folder: Path) -> list[str]:
    (folder / "loop.txt").symlink_to("loop.txt")
    return [str(folder / "loop.txt")]


def folder_with(special: Callable[[Path], None]) -> Builder:
    """A folder holding one good file and one special entry named like a corpus file."""
    def build(folder: Path) -> list[str]:
        (folder / "good.txt").write_text("Keep.\n", encoding="utf-8")
        special(folder)
        return [str(folder)]
    return build


def _loop(folder: Path) -> None:
    (folder / "loop.txt").symlink_to("loop.txt")


def _dangling(folder: Path) -> None:
    (folder / "gone.txt").symlink_to("nowhere.txt")


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "pipe.txt")


def dangling_link(folder: Path) -> list[str]:
    _dangling(folder)
    return [str(folder / "gone.txt")]


def fifo(folder: Path) -> list[str]:
    _fifo(folder)
    return [str(folder / "pipe.txt")]


def lone_cr_text(folder: Path) -> list[str]:
    path = folder / "mac.txt"
    path.write_bytes(b"Keep.\rJUNK\rAlso keep.\r")
    return [str(path)]


def lone_cr_fixed(folder: Path) -> None:
    assert (folder / "out" / "in" / "mac.txt").read_bytes() == b"Keep.\rAlso keep.\r"


def linked_document(folder: Path) -> list[str]:
    """``in/doc.txt`` is a symlink to ``real/doc.txt`` elsewhere."""
    real = folder.parent / "real"
    real.mkdir()
    (real / "doc.txt").write_text("Keep.\nJUNK\n", encoding="utf-8")
    (folder / "doc.txt").symlink_to(real / "doc.txt")
    return [str(folder / "doc.txt")]


def link_kept_and_target_fixed(folder: Path) -> None:
    link = folder / "in" / "doc.txt"
    assert link.is_symlink(), "the link was replaced by a regular file"
    assert (folder / "real" / "doc.txt").read_text(encoding="utf-8") == "Keep.\n"


# --- the matrix ------------------------------------------------------------------------------

CASES: list[Case] = [
    # 13.1: a truncated .jsonl.zst fails the file, like .gz; nothing is written for it.
    *[Case(f"zst cut at {fraction:.0%}", zst_cut_at(fraction), command, ERROR,
           "cut.jsonl.zst: cannot decompress")
      for fraction in (0.0, 0.1, 0.5, 0.9) for command in (CHECK, FIX_OUT)],
    Case("zst missing its last 3 bytes", zst_cut_bytes_before_end(3), CHECK, ERROR, "truncated"),
    Case("zst missing its last 3 bytes", zst_cut_bytes_before_end(3), FIX_OUT, ERROR,
         "truncated"),
    Case("zst missing its last byte", zst_cut_bytes_before_end(1), FIX_IN_PLACE, ERROR,
         "truncated"),
    Case("zst cut mid-record in a later frame", zst_cut_in_a_later_frame, CHECK, ERROR,
         "truncated"),
    Case("zst cut mid-record in a later frame", zst_cut_in_a_later_frame, FIX_OUT, ERROR,
         "truncated"),
    Case("zst whole, of a record cut before compressing", zst_whole_frames_of_a_cut_record,
         FIX_OUT, ERROR, "line 50: not valid JSON", frozenset({"in/cut.jsonl.zst"})),
    Case("gz cut", gz_cut, FIX_OUT, ERROR, "cut.jsonl.gz: cannot decompress"),
    # 13.6: a lone surrogate never reaches the output as invalid UTF-8.
    Case("jsonl lone surrogate", jsonl_lone_surrogate, CHECK, ERROR,
         "s.jsonl[0]: text field 'text' holds 1 lone surrogate (first U+D800 at character 5)"),
    Case("jsonl lone surrogate", jsonl_lone_surrogate, FIX_OUT, ERROR, "lone surrogate",
         frozenset({"in/s.jsonl"}), out_is_valid_utf8_with_replacement),
    # 13.11, input side.
    Case("html with NUL bytes", html_with_nul, CHECK, ERROR, "page.html: file looks binary"),
    Case("html with NUL bytes", html_with_nul, FIX_OUT, ERROR, "file looks binary"),
    Case("html of random bytes", html_random_bytes, CHECK, ERROR, "file looks binary"),
    Case("html in UTF-16", html_in_utf16, CHECK, FINDINGS, "page.html:3:1: TX901"),
    Case("utf-16 with a BOM", utf16_text(bom=True), CHECK, FINDINGS, "doc.txt:2:1"),
    Case("utf-16 with a BOM", utf16_text(bom=True), FIX_OUT, FIXED, "",
         frozenset({"in/doc.txt"}), utf16_fixed("out/in")),
    Case("utf-16-be with a BOM", utf16_text(bom=True, endian="be"), FIX_IN_PLACE, FIXED,
         "", verify=utf16_fixed("in", endian="be")),
    Case("utf-16 without a BOM", utf16_text(bom=False), CHECK, ERROR,
         "UTF-16 without a byte-order mark"),
    Case("utf-32", utf32_text, CHECK, ERROR, "file is UTF-32"),
    Case("symlink loop named", symlink_loop, CHECK, ERROR, "loop.txt: symlink loop"),
    Case("dangling link named", dangling_link, CHECK, ERROR, "gone.txt: dangling symlink"),
    Case("FIFO named", fifo, CHECK, ERROR, "pipe.txt: not a regular file or directory (a FIFO"),
    Case("symlink loop in a folder", folder_with(_loop), CHECK, CLEAN,
         "warning: in/loop.txt: symlink loop; skipped"),
    Case("dangling link in a folder", folder_with(_dangling), FIX_OUT, CLEAN,
         "warning: in/gone.txt: dangling symlink", frozenset({"good.txt"})),
    Case("FIFO in a folder", folder_with(_fifo), CHECK, CLEAN,
         "warning: in/pipe.txt: not a regular file or directory (a FIFO (named pipe)); "
         "skipped"),
    # A lone CR ends a line in every format's line:column (results.line_starts).
    Case("lone CR line ends", lone_cr_text, CHECK, FINDINGS, "mac.txt:2:1: TX901 junk-line"),
    Case("lone CR line ends", lone_cr_text, FIX_OUT, FIXED, "", frozenset({"in/mac.txt"}),
         lone_cr_fixed),
    Case("in-place through a symlink", linked_document, FIX_IN_PLACE, FIXED, "",
         verify=link_kept_and_target_fixed),
]


@pytest.fixture(autouse=True)
def fake_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry_module, "builtin_rules", lambda: [LoudLine, JunkLine])
    monkeypatch.setattr(registry_module, "plugin_rules", lambda: [])


def files_under(folder: Path) -> frozenset[str]:
    return frozenset(path.relative_to(folder).as_posix() for path in folder.rglob("*")
                     if path.is_file() or path.is_symlink())


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.name} / {case.command}")
def test_bad_input(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    paths = [os.path.relpath(path, tmp_path) for path in case.build(tmp_path / "in")]
    argv = {CHECK: ["check", *paths],
            FIX_OUT: ["fix", *paths, "--out", "out"],
            FIX_IN_PLACE: ["fix", *paths, "--in-place"]}[case.command]
    code, out, err = run(*argv, "--isolated")
    assert "Traceback" not in err
    assert case.message in out + err
    assert code == case.exit_code, err
    if case.command == FIX_OUT:
        assert files_under(tmp_path / "out") == case.left if (tmp_path / "out").exists() \
            else not case.left
    else:
        assert not (tmp_path / "out").exists()
    assert not [path for path in tmp_path.rglob("*.tmp")], "a temporary file was left"
    if case.verify is not None:
        case.verify(tmp_path)
