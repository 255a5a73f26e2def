"""Credit lines: the lines that close an article without being prose.

A news or blog article often ends on a line that is not a sentence: who wrote, edited,
translated or reported it, where it came from, a bracketed note, an agency tag, a closing
hashtag. Such a line belongs to the article (the trailer search never removes it), and a
document that ends on one is finished, not truncated.

The patterns come in named families, each with the reason it is one, in every script the
corpora hold. Two questions are answered:

* ``is_credit``: the line is a credit — the trailer analysis treats it as the article's own
  (``is_strong_credit``: an explicit end-of-article credit, after which long prose is
  another story's teaser);
* ``closes_article``: the line may end a finished document (a credit, or a looser closing
  note, label or tag that proves too little to protect a trailer line); and
  ``without_closing_note`` drops what may follow the last sentence on its line, so that
  "…尽きます」（島田さん）" ends a sentence.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Final

import regex

from lint_corpus import lazy_regex
from lint_corpus import text as textlib
from lint_corpus.document import Line


def _spaced(*labels: str) -> str:
    """CJK labels as an alternation that allows a space between their characters ("审 读")."""
    return "|".join(r"\s?".join(regex.escape(char) for char in label) for label in labels)


# --- Family: Chinese source labels ("本文来源：…", "素材来源 …", "来源 | 综合…").
# Chinese portals and WeChat accounts close articles with where the text came from; the
# label is followed by a separator, or (on short lines) only by a space.
_SOURCE_LABEL: Final = (r"(?:本文|文章|新聞|新闻|素材|圖片|图片|資料|资料|信息|內容|内容)?"
                        r"(?:来源|來源|出處|出处)")
# --- Family: Chinese staff labels ("责任编辑：…", "编辑 周某 ｜ 排版 魏某", "审 读：…").
# Portals name the editor, translator, reviewer and layout staff after the text.
_STAFF_LABEL: Final = "(?:" + _spaced(
    "责任编辑", "責任編輯", "编辑", "編輯", "责编", "責編", "翻译", "翻譯", "譯者", "译者",
    "校对", "校對", "撰文", "撰稿", "审读", "審讀", "审校", "審校", "排版", "摄影", "攝影",
    "采写", "採寫", "监制", "監製", "统筹", "統籌", "策划", "策劃", "主编", "主編",
    "通讯员", "通訊員", "实习生", "實習生", "校审", "终审", "終審", "初审", "初審",
) + ")"
# --- Family: Chinese person labels ("作者：…", "记者：…"). A credit, except in an interview,
# where the same label opens a question ("记者：这项政策有何影响？"): see ``_is_interview_turn``.
_PERSON_LABEL: Final = "(?:作者|记者|記者|主持人)"
_SEPARATOR: Final = r"\s*[:：︱|｜/]"

_STRONG_CREDIT_BODY: Final = r"""(?:
        [\[【(（]?\s*""" + _SOURCE_LABEL + _SEPARATOR + r"""
      | [\[【(（]?\s*""" + _STAFF_LABEL + _SEPARATOR + r"""
      | 原标题\s*[:：] | 原標題\s*[:：]
      | """ + _PERSON_LABEL + r"""\s*[:：︱|｜]
      | [(（]\s*完\s*[)）]
      | (?:本文|此文)(?:转载|轉載|转自|轉自|原载|原載)
      # Latin bylines: Reuters' "(Reporting by …; Editing by …)", USA Today's
      # "Contributing: …", translators and first publication.
      | [(\[]?\s*translat(?:ed|ion)\s+by\b
      | [(\[]?\s*(?:additional\s+)?reporting\s+by\b | [(\[]?\s*editing\s+by\b
      | edited\s+by\s+\S
      | contributing\s*(?:reporters?|writers?|editors?)?\s*:
      | this\s+(?:article|story|post|piece)\s+(?:was\s+)?(?:originally|first)\s+
        (?:appeared|published)
      | originally\s+published\s+(?:on|in|at)\b
      # An editor's or agency's initials in brackets, alone on the line: "(AP)", "(ap/dpa)".
      | \((?:[a-z]{2,5}(?:/[a-z]{2,5})*)\)$
      # A reporter note in brackets, alone on its line: "（记者 王明）", "（本报记者 张三
      # 通讯员 李四）". Followed by text, it opens a news lead instead.
      | [(（][^()（）]{0,12}?(?:记者|記者|通讯员|通訊員|评论员|評論員)[^()（）]{0,30}[)）]$
    )"""
_STRONG_CREDIT_RE: Final = lazy_regex.compile("^" + _STRONG_CREDIT_BODY,
                                         regex.IGNORECASE | regex.VERBOSE)
_CREDIT_TAIL_RE: Final = lazy_regex.compile(
    r"[\[【(（]\s*(?:责任编辑|責任編輯|编辑|編輯)\s*[:：][^\]】)）]*[\]】)）]$")
#: ``_CREDIT_TAIL_RE`` ends on one of these: a line ending otherwise skips it.
_CREDIT_TAIL_CLOSERS: Final = frozenset("]】)）")

# --- Family: a source, staff or author label followed by a space, not a separator ("素材来源
# 某某日报", "编辑 周某 ｜ 排版 魏某", "作者 王某 高某"), and a reporter byline ("中青网记者 魏某
# 来源：…"). Looser, so only on short lines that end no sentence (see
# ``_LABEL_WITHOUT_SEPARATOR_MAX_CHARS``).
_UNSEPARATED_LABEL_BODY: Final = (
    r"[\[【(（]?\s*(?:" + _SOURCE_LABEL + "|" + _STAFF_LABEL + r"|作者)\s+\S"
    r"|\S{0,12}?(?:记者|記者|通讯员|通訊員)\s*[\p{Han}·]{2,5}(?:\s|$)"
)
_UNSEPARATED_LABEL_RE: Final = lazy_regex.compile(r"^(?:" + _UNSEPARATED_LABEL_BODY + ")")
#: Such a label line names a person or an outlet: forty characters hold a few of each.
_LABEL_WITHOUT_SEPARATOR_MAX_CHARS: Final = 40

# --- Family: author bios ("Jane Doe is a reporter for …", "Andrés Malamud es politólogo …").
_BIO_RE: Final = lazy_regex.compile(
    r"^(?!(?:The|This|That|These|Those|It|Its|Our|Their|His|Her|A|An|Each|Every|Some|Any|"
    r"No|One|In|On|At|For|If|When|While|El|La|Los|Las|Le|Les|Der|Die|Das|O|Os|As)\s)"
    r"(?:\p{Lu}[\p{L}.'’-]+\s+){1,3}\p{Lu}[\p{L}.'’-]+\s+"
    r"(?:is|was|es|é|ist|est)\s+(?:a|an|the|un|una|um|uma|ein|eine|le|la|former|senior|professor)\b",
)
_EMPHATIC_BIO_RE: Final = lazy_regex.compile(
    r"^[\p{Lu}\s.'’-]{5,40}\s(?:IS|ES)\s[\p{Lu}\s,.'’-]{5,}$")
# One cheap test that every credit line passes (on its first 100 characters): the strong
# patterns as they are, the looser label and the bio patterns without their final checks.
# Most lines fail it, and only the lines that pass pay for the exact patterns.
_CREDIT_HEAD_RE: Final = lazy_regex.compile(
    r"^(?:(?ix:" + _STRONG_CREDIT_BODY + r")"
    r"|" + _UNSEPARATED_LABEL_BODY +
    r"|(?:\p{Lu}[\p{L}.'’-]+\s+){1,3}\p{Lu}[\p{L}.'’-]+\s+(?:is|was|es|é|ist|est)\s"
    r"|[\p{Lu}\s.'’-]{5,40}\s(?:IS|ES)\s)"
)

# An interview turn: a person label opening a question, or a long answer.
_INTERVIEW_TURN_RE: Final = lazy_regex.compile(
    r"^" + _PERSON_LABEL + r"\s*[:：︱|｜]\s*(?P<said>.+)$")
#: A person label's value is a name or two; one this long (in words, a CJK character being
#: half a word) is what the person said, as in an interview transcript.
_INTERVIEW_MIN_WORDS: Final = 15

# --- Closing lines that are not credits (``closes_article`` only): they end a finished
# document but prove too little to keep a trailer line in the article.
_CLOSING_LINE_RE: Final = lazy_regex.compile(
    r"""^(?:
        # A short label with its value: "采写：南都记者林某", "Fotos: Jane Roe". A value with a
        # comma is a clause, as in an interview's "王明：影响主要体现在…，企业需要".
        \p{Han}{1,4}\s*[:：︱|｜]\s*[^\s，,。；;][^，,。；;]{0,30}
      | (?i:photos?|images?|fotos?|text|quelle|source|sources|via|credit|credits)\s*:\s*\S.{0,60}
      # A bracketed note alone on its line: "（经济日报评论员）", "(Photo: AP)", "[Updated]".
      | [(（\[【][^)）\]】]{1,60}[)）\]】]
      # Hashtags only: "#travel #food".
      | (?:[#＃]\w+\s*)+
      # A news agency's tag alone: "PTI", "— Reuters", "(AFP)".
      | [-–—\s]*(?:[A-Z]{2,6}|Reuters|Xinhua|Bloomberg|Kyodo|Yonhap|Bernama)
      # A byline: "By Jane Roe", "Von Hans Müller", "Por María Pérez" (a name, nothing else).
      | (?i:by|von|par|por|di|door)\s+\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}
      # A label of a word or two and names after it, in any script: "Автор: Иван Петров",
      # "Haber: Ayşe Yılmaz", "Penulis: Budi Santoso | Editor: Rina Wati", "المصدر: وكالة
      # الأنباء". The names are capitalised where the script has case, so "Update: Officials
      # said the" stays a cut sentence.
      | \p{L}{2,20}(?:\s\p{L}{2,20})?\s*:\s*(?&names)
      # Where the report came from, led by a phrase that says so: "Con información de EFE",
      # "Mit Material von dpa", "Com informações da Agência Brasil", "Theo VnExpress".
      | (?i:con\s+informaci[oó]n\s+de|con\s+datos\s+de|com\s+informa[cç][oõ]es\s+d[aeo]s?
          |mit\s+material\s+(?:von|der|aus)|avec|d'après|theo|nguồn|sumber|kaynak|по\s+материалам
          |met\s+dank\s+aan|door\s+onze\s+(?:redacteur|correspondent)|with\s+(?:reporting|files)\s+from)
        \s+(?&names)
      # A Korean byline: a name and the word for reporter ("김철수 기자", "… 특파원").
      | \p{Hangul}{2,4}\s*(?:기자|특파원|통신원)(?:\s+\S+@\S+)?
    )$
    (?(DEFINE)
      # Names: capitalised words (or words of a script without case), a news agency's
      # lower-case abbreviation, the particles inside names ("Jan de Vries"), and separators
      # between several names or labels ("Budi | Editor: Rina").
      (?P<name>\p{Lu}[\p{L}\p{M}.'’-]*|\p{Lo}[\p{Lo}\p{M}]*|dpa|afp|apa|ansa|efe|epd|kna|sda)
      (?P<names>(?&name):?(?:(?:\s*[|,;/&·]\s*|\s+)(?:(?&name):?
        |(?:de|da|do|dos|das|del|van|von|der|den|di|du|la|le|bin|al|el|y|e|und|and)(?=\s)))
        {0,7})
    )""",
    # Case matters: an agency tag is in capitals, and a byline's name is capitalised ("by
    # the time we got" is a cut sentence); the keywords carry their own (?i).
    regex.VERBOSE,
)
_CLOSING_LINE_MAX_CHARS: Final = 120

# What may follow the last sentence on its line, after its end mark: a bracketed note
# ("（島田さん）", "(AP)", "（完）"), reference marks ("[2] [5]", "[128]"), hashtags, or an
# agency tag ("… said. PTI"). Matched at the end of the line, repeatedly.
_TRAILING_NOTE_RE: Final = lazy_regex.compile(
    r"""(?:
        \s*[(（【][^()（）【】\n]{1,40}[)）】]
      | \s*\[[^\[\]\n]{1,40}\]
      | \s+(?:[#＃]\w+)
      | \s+[-–—]?\s*(?:[A-Z]{2,6}|Reuters|Xinhua|Bloomberg|Kyodo|Yonhap|Bernama)
    )$""",
    regex.VERBOSE,
)
#: Notes after the last sentence stacked at most this deep ("。（完）[1]").
_MAX_TRAILING_NOTES: Final = 4

#: Credit lines are short: longer lines are prose and skip the credit patterns entirely.
_CREDIT_MAX_CHARS: Final = 400
#: An author bio is a sentence or two ("Jane Doe is a reporter for …"); a longer line that
#: opens like one is a paragraph about a person.
_BIO_MAX_WORDS: Final = 60
#: Every credit pattern is anchored at the start (or end) of the line and short, so matching
#: a bounded prefix (suffix) gives the same answer as matching the whole line.
_HEAD_CHARS: Final = 100
#: Credit lines repeat across a corpus: a cache of this many lines holds a few thousand
#: pages' without growing the process noticeably.
_CREDIT_CACHE: Final = 1 << 16


@functools.lru_cache(maxsize=_CREDIT_CACHE)
def is_credit(content: str) -> bool:
    """A credit line: source, byline, editor, translator, reporter note or author bio."""
    if len(content) > _CREDIT_MAX_CHARS or not content:
        return False
    if not (_CREDIT_HEAD_RE.search(content[:_HEAD_CHARS])
            or content[-1] in _CREDIT_TAIL_CLOSERS):
        return False
    if is_strong_credit(content):
        return True
    if (len(content) <= _LABEL_WITHOUT_SEPARATOR_MAX_CHARS
            and _UNSEPARATED_LABEL_RE.search(content) and not textlib.ends_sentence(content)):
        return True
    head = content[:_HEAD_CHARS]
    return textlib.word_units(content) <= _BIO_MAX_WORDS and bool(
        _BIO_RE.search(head) or _EMPHATIC_BIO_RE.search(content))


@functools.lru_cache(maxsize=_CREDIT_CACHE)
def is_strong_credit(content: str) -> bool:
    """An explicit end-of-article credit ("Translated by", "本文来源：", "(Reporting by …)")."""
    if len(content) > _CREDIT_MAX_CHARS:
        return False
    return (bool(_STRONG_CREDIT_RE.search(content[:_HEAD_CHARS])
                 or _CREDIT_TAIL_RE.search(content[-_HEAD_CHARS:]))
            and not _is_interview_turn(content))


def _is_interview_turn(content: str) -> bool:
    """"记者：…？": the label opens a question or an answer, not a credit."""
    match = _INTERVIEW_TURN_RE.match(content)
    if match is None:
        return False
    said = match["said"].rstrip("\"'”’」』")
    return said.endswith(("?", "？")) or textlib.word_units(said) >= _INTERVIEW_MIN_WORDS


# An embedded post's signature at the end of the post's text: "… pic.twitter.com/x — Jane
# Roe (@janeroe) November 18, 2019". The post need not end a sentence.
_EMBED_SIGNATURE_RE: Final = lazy_regex.compile(
    r"[-–—]\s*[^()\n]{1,60}\(@\w{1,30}\)\s*[^()\n]{0,40}$")


def closes_article(content: str) -> bool:
    """The line may be the last of a finished article: a credit, or a closing label, note,
    hashtag line, agency tag or embedded post's signature."""
    if is_credit(content):
        return True
    if len(content) <= _CREDIT_MAX_CHARS and _EMBED_SIGNATURE_RE.search(content[-_HEAD_CHARS:]):
        return True
    if len(content) > _CLOSING_LINE_MAX_CHARS or _is_interview_turn(content):
        return False
    return _CLOSING_LINE_RE.match(content) is not None


def without_closing_note(content: str) -> str:
    """``content`` without what follows its last sentence's end mark on the line: bracketed
    notes, reference marks, hashtags, an agency tag. Unchanged when what is left would not
    end a sentence, since a bracket or tag after a fragment does not finish it."""
    stripped = content
    for _ in range(_MAX_TRAILING_NOTES):
        match = _TRAILING_NOTE_RE.search(stripped)
        if match is None or match.start() == 0:
            break
        stripped = stripped[:match.start()].rstrip()
        if _finished(stripped):
            return stripped
    return content


#: Japanese (and much Chinese) writing drops the full stop before a closing corner quote: a
#: paragraph that ends on one ends a sentence ("…尽きます」").
_QUOTE_ENDS: Final = ("」", "』")


def _finished(content: str) -> bool:
    return textlib.ends_sentence(content) or content.endswith(_QUOTE_ENDS)


def ends_sentence(content: str) -> bool:
    """The line ends a sentence, possibly followed by a closing note (``without_closing_note``)."""
    return _finished(content) or _finished(without_closing_note(content))


#: A line of the article's prose, before a closing credit, has at least this many words (a
#: CJK character is half a word): shorter finished lines are buttons ("Reply.", "Undo.").
_PROSE_BEFORE_CREDIT_MIN_WORDS: Final = 5


def closing_credit(lines: Sequence[Line],
                   is_furniture: Callable[[str], bool] = lambda content: False,
                   is_page_text: Callable[[str], bool] = lambda content: False) -> int:
    """Position in ``lines`` (a document's non-blank lines) of the credit that ends the
    article, or -1.

    That is the last line of the last block of credits that holds an explicit closing
    credit (``_is_closing_label``: a source, an editor, a translator, "(完)") or directly
    follows article prose. A byline or bio elsewhere (an author bio under a "related" list,
    a forum post's "作者：" label) does not end the article: page furniture may come before
    it. ``is_furniture`` tells the furniture lines (buttons, section labels) that cannot
    stand between the article and its credit as a heading does. ``is_page_text`` tells the
    lines in the page's voice (a disclosure, a call to action): a closing credit right
    under one ("特别声明：…" then "[责任编辑：…]") is the page's: the article ended right
    before that page text, and the line there is returned, credit or not.
    """
    index = len(lines) - 1
    while index >= 0:
        if not is_credit(lines[index].content):
            index -= 1
            continue
        block_start = index
        while block_start > 0 and is_credit(lines[block_start - 1].content):
            block_start -= 1
        closing = any(_is_closing_label(line.content) for line in lines[block_start:index + 1])
        if block_start > 0 and is_page_text(lines[block_start - 1].content):
            if closing:
                # The page's own closing credit under its disclosure: the article ended
                # right before the page text began.
                above = block_start - 1
                while above > 0 and is_page_text(lines[above - 1].content):
                    above -= 1
                return above - 1
        elif closing or _follows_prose(lines, block_start, is_furniture):
            return index
        index = block_start - 1  # each line is read once: the scan stays linear
    return -1


_PERSON_LABEL_RE: Final = lazy_regex.compile(r"^" + _PERSON_LABEL)


def _is_closing_label(content: str) -> bool:
    """A strong credit other than a person's label: it closes the article wherever it is."""
    return is_strong_credit(content) and _PERSON_LABEL_RE.match(content) is None


#: Between the prose and a credit may stand a heading and a name ("About the Author",
#: "Sarah Archer"), each this short.
_CREDIT_HEADING_MAX_WORDS: Final = 6
_CREDIT_HEADING_MAX_LINES: Final = 2
_DIGIT_RE: Final = lazy_regex.compile(r"\d")


def _follows_prose(lines: Sequence[Line], position: int,
                   is_furniture: Callable[[str], bool]) -> bool:
    """``lines[position]`` follows the article: its prose or an earlier credit, directly or
    under a heading and a name (short lines without digits, so not a date, a floor number
    or a count)."""
    before = position - 1
    skipped = 0
    while (before >= 1 and skipped < _CREDIT_HEADING_MAX_LINES
           and _is_credit_heading(lines[before]) and not is_furniture(lines[before].content)):
        before -= 1
        skipped += 1
    return before >= 0 and (_is_article_prose(lines[before]) or is_credit(lines[before].content))


def _is_credit_heading(line: Line) -> bool:
    return (line.words <= _CREDIT_HEADING_MAX_WORDS and not line.ends_sentence
            and _DIGIT_RE.search(line.content) is None)


def _is_article_prose(line: Line) -> bool:
    return line.words >= _PROSE_BEFORE_CREDIT_MIN_WORDS and ends_sentence(line.content)
