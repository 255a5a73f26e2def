"""``boilerplate-header``: author / source / date / keyword lines and photo credits at the top."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

import regex

from lint_corpus import lazy_regex
from lint_corpus.document import Document, Line
from lint_corpus.rule import Applicability, Finding, Fix, Rule, Severity
from lint_corpus.trailer import capped_word_units

_LABEL_SEP: Final = r"\s*(?:[/／|]\s*[A-Za-z][A-Za-z() ]{0,20}?)?\s*[:：︰]"
# Labels whose value is a name, a publication or a list of words.
_NAME_LABEL_RE: Final = lazy_regex.compile(
    r"^(?:作者|記者|记者|撰文|撰稿|文字|編輯|编辑|責任編輯|责任编辑|責編|责编|編譯|编译|譯者|译者|"
    r"來源|来源|網站來源|网站来源|新聞來源|新闻来源|資料來源|资料来源|出處|出处|原文|原標題|原标题|"
    r"關鍵字|关键字|關鍵詞|关键词|標籤|标签|分類|分类|攝影|摄影|圖片來源|图片来源|"
    r"Authors?|Author\(s\)|Writers?|Reporters?|Editors?|Source|Sources|Keywords|Tags|"
    r"Categories|Category|Filed under|Photo|Photos|Photograph|Image|Credit|Credits)"
    + _LABEL_SEP + r"\s*\S",
    regex.IGNORECASE,
)
# Labels whose value must be a date or time ("Updated: new rules for …" is a title).
_DATE_LABEL_RE: Final = lazy_regex.compile(
    r"^(?:日期|時間|时间|發布時間|发布时间|發佈時間|發表時間|发表时间|更新時間|更新时间|出版日期|"
    r"Date|Dated|Published|Updated|Last Updated|Posted|Modified|Last Modified)"
    + _LABEL_SEP + r"?",
    regex.IGNORECASE,
)
_MONTH: Final = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
                 r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE_RE: Final = lazy_regex.compile(
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b,?(?:\s*\d{{4}})?"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s*,?\s*\d{{4}}",
    regex.IGNORECASE,
)
# What may surround a date on a dateline: weekdays, times, zones, filler words, separators.
_DATE_FILLER_RE: Final = lazy_regex.compile(
    r"\b(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\b\.?"
    r"|星期[一二三四五六日天]|週[一二三四五六日]|周[一二三四五六日]"
    r"|\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?"
    r"|\b(?:UTC|GMT|EST|EDT|PST|PDT|CST|CDT|BST|CET|CEST|HKT|JST|ET|PT)\b|[+-]\d{2}:?\d{2}\b"
    r"|\b(?:at|on|updated|posted|published|last|modified|dated|date|created)\b"
    r"|[,|/•·@:：\-–—()（）\[\]]",
    regex.IGNORECASE,
)
_SENTENCE_RE: Final = lazy_regex.compile(
    r"[。！？]|\u3000\u3000|\p{Ll}{2,}[.!?]\s+\p{Lu}\p{Ll}*\s+\p{Ll}"
)
_TIME_RE: Final = lazy_regex.compile(r"\b\d{1,2}:\d{2}\b")
_DIGIT_RE: Final = lazy_regex.compile(r"\d")
_BYLINE_RE: Final = lazy_regex.compile(
    r"^(?:(?:Posted|Written|Reported|Story|Text|Words|Post written)\s+)?by\s+\p{Lu}",
    regex.IGNORECASE,
)
_PHOTO_CREDIT_RE: Final = lazy_regex.compile(
    r"[(（][^()（）]{0,40}(?:攝|摄|翻攝|翻摄|提供|圖|图)\s*[)）]\s*$"
    r"|^[(（]?(?:圖|图|圖片|图片|照片|圖說|图说)\s*[/／:：]"
    r"|\b(?:Photo|Photograph|Image|Picture)s?\s*(?:by\b|:|credit)"
    r"|/\s*(?:Getty Images|AFP|Reuters|AP|EPA|Bloomberg|Shutterstock)\b"
    r"|\(\s*(?:AP|AFP|Reuters|Getty)\s+Photo\b",
    regex.IGNORECASE,
)
_WORD_RE: Final = lazy_regex.compile(r"[\p{L}\p{N}]+")


def classify(content: str, *, first: bool) -> str | None:
    """Which kind of header line ``content`` is, or None. The document's first line may be
    its title, so there only unmistakable labels and bare datelines count."""
    if len(content) > 300:
        return None
    # Every alternative of the date and time patterns holds a digit (``\d``, from the same
    # module and Unicode tables): most lines have none, and one search settles both.
    has_digit = _DIGIT_RE.search(content) is not None
    date = has_digit and _DATE_RE.search(content) is not None
    if date and _DATE_LABEL_RE.match(content) and _is_dateline(content):
        return "date"
    # A label line is short; "作者：某某\u3000\u3000正文……。" is the article glued to it.
    if len(content) <= 100 and _NAME_LABEL_RE.match(content) and not _SENTENCE_RE.search(
            content):
        return "label"
    if (date or (has_digit and _TIME_RE.search(content))) and _is_dateline(content):
        return "date"
    if first:
        return None
    if _BYLINE_RE.match(content) and len(_WORD_RE.findall(content)) <= 14 \
            and not content.rstrip().endswith(("?", "!")):
        return "byline"
    if _PHOTO_CREDIT_RE.search(content):
        return "photo-credit"
    return None


def _is_dateline(content: str) -> bool:
    """A line that is a date with at most a few other words ("Posted on …, 23 Comments")."""
    rest = _DATE_FILLER_RE.sub(" ", _DATE_RE.sub(" ", content))
    rest = _DATE_LABEL_RE.sub(" ", rest.strip())
    if not _DATE_RE.search(content):  # a bare time ("11:23 AM EDT") with nothing else
        return not _WORD_RE.findall(rest)
    han = sum(1 for char in rest if "\u4e00" <= char <= "\u9fff")
    return len(_WORD_RE.findall(rest)) <= 3 and han <= 6


class BoilerplateHeader(Rule):
    """What it does
    Finds the metadata block a scraper keeps at the top of an article: author, source, date
    and keyword lines (作者/Author, 網站來源/Source, 日期/Date, 關鍵字/Keywords), bylines ("By
    Jane Doe", "Posted by …"), datelines and timestamps ("2025-09-04 16:33", "Updated 9:10
    AM EST, Wed November 7, 2012") and photo captions with a credit ("(資料照,柯承惠攝)",
    "Photo: X/Getty Images"). Only the head of the document is searched (up to
    ``max-head-lines`` non-blank lines, and never past the first paragraph of prose), and the
    first line is treated as the title unless it is a labelled field or a bare date.

    Why is this bad?
    Metadata is not part of the text: the same author and source lines repeat across
    thousands of documents, and a caption with a photo credit sits in the middle of the
    article's first sentences. Some corpora want them kept (the date and author are useful
    metadata), so this is information, not a defect.

    Example
    Bad:

        美國準備介入台海戰爭?國防部預算書洩露天機

        2025-09-04 16:33
        台美「雙邊軍事安全對話」有新突破。圖為賴清德視導台東志航基地。(資料照,柯承惠攝)

        台灣與美國之間原本已有「蒙特瑞會談」等3大年度例行性對話平台。

    Good:

        美國準備介入台海戰爭?國防部預算書洩露天機

        台灣與美國之間原本已有「蒙特瑞會談」等3大年度例行性對話平台。

    Fix
    Deletes the header lines, with the blank lines around them. Unsafe: some corpora keep
    this metadata, so it applies only with ``--unsafe-fixes``.
    """

    code = "LC204"
    name = "boilerplate-header"
    summary = "Author / source / date / keyword lines, bylines and photo credits at the top"
    severity = Severity.INFO
    safe_fixes = False  # a header line may be the article's first line: never removed unasked
    options_schema = {
        "type": "object",
        "properties": {
            "max-head-lines": {
                "type": "integer", "minimum": 1, "default": 8,
                "description": "non-blank lines at the top of a document searched for a header",
            },
        },
    }

    def check(self, doc: Document) -> Iterator[Finding]:
        run: list[tuple[Line, str]] = []
        for position, line in enumerate(doc.nonblank_lines[: self.options["max-head-lines"]]):
            kind = classify(line.content, first=position == 0)
            if kind is not None:
                run.append((line, kind))
                continue
            if run:
                yield self._finding(doc, run)
                run = []
            # A long first line may be a title; one that ends a sentence is the article.
            if _is_prose(line) and (position > 0 or line.ends_sentence):
                return  # the article has started: nothing below is a header
        if run:
            yield self._finding(doc, run)

    def _finding(self, doc: Document, run: list[tuple[Line, str]]) -> Finding:
        first, last = run[0][0], run[-1][0]
        kinds = list(dict.fromkeys(kind for _, kind in run))
        where = (f"line {first.index + 1}" if first is last
                 else f"lines {first.index + 1}–{last.index + 1}")
        noun = "line" if len(run) == 1 else "lines"
        return self.finding(
            first.start, last.end,
            f"Header metadata ({', '.join(kinds)}): {len(run)} {noun} at the top ({where})",
            fix=Fix.delete_lines(doc, first.index, last.index,
                                 f"Delete the header ({where})", Applicability.UNSAFE),
            data={"kinds": kinds, "lines": len(run)},
        )


def _is_prose(line: Line) -> bool:
    """A paragraph of running text: the article has begun."""
    # The count is compared with 12 and 8 only: counting up to the trailer's cap (above 12,
    # tested) gives the same answers without counting every word of a long paragraph.
    words = capped_word_units(line.content)
    return words >= 12 or (line.ends_sentence and words >= 8)
