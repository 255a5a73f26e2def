"""HTML pages through the real CLI: a finding's line is the line of the ``.html`` file its text
came from, and its message quotes the text's line, the same in every output format; and the
reader's memory follows the text, not the markup."""

from __future__ import annotations

import json
import re
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from fakes import run

from lint_corpus.corpus.html import extract

#: A page whose text lines sit on known page lines: tags over several lines, text that starts
#: on the line after its tag, an entity chain (html-residue), a paragraph repeated
#: (duplicate-section), a preformatted block, and an unfinished last sentence (truncation).
PAGE = """<!doctype html>
<html>
<head><title>Not text</title>
<script>var notText = 1;</script></head>
<body>
<h1>A report on the river crossing works</h1>
<p
   class="lead">The council said the new bridge over the river would open next spring,
after two years of works.</p>
<p>
  Engineers finished the last span on Tuesday &amp;amp;amp; tested it under load.</p>
<pre>
first preformatted line
   second preformatted line
</pre>
<p>Residents have waited for the crossing for more than ten years now.</p>
<div><span>Traffic on the old road is expected to fall by half.</span></div>
<p>Residents have waited for the crossing for more than ten years now.</p>
<p>The mayor said the opening would be held on the first day of the</p>
</body>
</html>
"""
QUOTED = re.compile(r" \(text line (\d+): “(.*)”\)$")


def page_line_of(page: str, text: list[str], text_line: int) -> int:
    """The page line holding the first words of text line ``text_line``: of the page lines
    holding them, the one as far down as the text line is among the text lines that start so."""
    words = " ".join(text[text_line - 1].split()[:3])
    repeat = sum(line.startswith(words) for line in text[: text_line - 1])
    holding = [number for number, line in enumerate(re.split(r"\r\n|\r|\n", page), 1)
               if words in line]
    return holding[repeat]


def findings_by_format(path: Path, *extra: str) -> dict[str, list[tuple[str, int, str]]]:
    """(code, line, message) of each finding, as each output format gives them."""
    found: dict[str, list[tuple[str, int, str]]] = {}
    _, out, _ = run("check", path, "--isolated", *extra)
    found["text"] = [(match[2], int(match[1]), match[3]) for match in re.finditer(
        r"^.*?page\.html:(\d+):1: (\S+) \S+ (.*?)(?: \[[^]]*\])?$", out, re.MULTILINE)]
    _, out, _ = run("check", path, "--isolated", "--format", "json", *extra)
    found["json"] = [(f["code"], f["line"], f["message"])
                     for f in json.loads(out)["documents"][0]["findings"]]
    _, out, _ = run("check", path, "--isolated", "--format", "github", *extra)
    found["github"] = [(match[3], int(match[1]), match[4]) for match in re.finditer(
        r"^::\w+ file=[^,]*,line=(\d+),col=(\d+),endLine=\d+,title=(\S+) \S+::(.*?)"
        r"(?: \[[^]]*\])?$", out, re.MULTILINE)]
    _, out, _ = run("check", path, "--isolated", "--format", "sarif", *extra)
    results: list[dict[str, Any]] = json.loads(out)["runs"][0]["results"]
    found["sarif"] = [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
                       r["message"]["text"]) for r in results]
    for rows in found.values():
        rows.sort()
    return found


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_findings_point_at_the_page_line_in_every_format(tmp_path: Path, newline: str) -> None:
    page = PAGE.replace("\n", newline)
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("utf-8"))
    found = findings_by_format(path)
    assert found["text"] == found["json"] == found["github"] == found["sarif"]
    codes = {code for code, _, _ in found["json"]}
    assert {"LC101", "LC104", "LC202"} <= codes, found["json"]
    text = extract(page.encode("utf-8")).text.split("\n")
    for _, line, message in found["json"]:
        match = QUOTED.search(message)
        assert match, message
        assert text[int(match[1]) - 1].startswith(match[2].rstrip("…"))
        assert line == page_line_of(page, text, int(match[1])), (line, message)
    # Worker processes get the page lines too.
    assert findings_by_format(path, "--jobs", "2") == found


def test_text_files_keep_their_own_lines(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(extract(PAGE.encode("utf-8")).text, "utf-8")
    _, out, _ = run("check", path, "--isolated", "--format", "json")
    findings = json.loads(out)["documents"][0]["findings"]
    assert findings and not any(QUOTED.search(f["message"]) for f in findings)


def test_reader_memory_follows_the_text_not_the_markup() -> None:
    """A tree of the page took ~130 bytes of Python objects per input byte here; the stream
    holds the text (a third of the input) and a 4-byte page line per text line."""
    data = b"<html><body>" + b"<p>x</p>" * (1 << 17) + b"</body></html>"
    tracemalloc.start()
    try:
        extracted = extract(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert extracted.text.count("x") == 1 << 17
    assert peak < 4 * len(data), f"{peak:,} bytes for a {len(data):,}-byte page"
