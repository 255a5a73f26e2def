"""Credit lines: the lines that close an article without being prose.

A news or blog article often ends on a line that is not a sentence: who wrote, edited,
translated or reported it, where it came from, a bracketed note, an agency tag, a closing
hashtag. Such a line belongs to the article (the trailer search never removes it), and a
document that ends on one is finished, not truncated.

The patterns come in named families, each with the reason it is one, in every script the
corpora hold; the credit families are matched by the native core (core/src/credits.rs), the
looser closing lines here. Two questions are answered:

* ``is_credit``: the line is a credit — the trailer analysis treats it as the article's own
  (``is_strong_credit``: an explicit end-of-article credit, after which long prose is
  another story's teaser);
* ``closes_article``: the line may end a finished document (a credit, or a looser closing
  note, label or tag that proves too little to protect a trailer line); and
  ``without_closing_note`` drops what may follow the last sentence on its line, so that
  "…尽きます」（島田さん）" ends a sentence.
"""

from __future__ import annotations

from typing import Final

import regex

from lint_corpus import lazy_regex, native

# The credit families: Chinese source, staff and person labels ("本文来源：…", "责任编辑：…",
# "作者：…"), reporter notes ("（记者 王明）"), Latin bylines ("Reporting by …", "Translated
# by …", "(AP)"), labels without a separator on short lines ("素材来源 某某日报") and author bios
# ("Jane Doe is a reporter for …").


def is_credit(content: str) -> bool:
    """A credit line: source, byline, editor, translator, reporter note or author bio."""
    return native.is_credit(content)


def is_strong_credit(content: str) -> bool:
    """An explicit end-of-article credit ("Translated by", "本文来源：", "(Reporting by …)"),
    not a person label that opens an interview's question or answer ("记者：…？")."""
    return native.is_strong_credit(content)


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
      # A signature after a dash: "— Jane Roe", "-- Jane Roe, Staff Writer".
      | [-–—]{1,2}\s*(?&name)(?:\s+(?&name)){0,3}(?:\s*,\s*[\p{L}\p{M}'’.\s-]{2,40})?
      # A pointer that ends on an address: "For more information, visit www.example.gov",
      # "Contact: press@example.org". A sentence is seldom cut right after an address.
      | .{0,100}(?:https?://|www\.)[^\s"“”]+
      | .{0,100}\s[\w.+-]+@[\w-]+(?:\.[\w-]+)+
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

#: A credit or signature line is short: longer lines are prose.
_CREDIT_MAX_CHARS: Final = 400
#: An embedded post's signature ends its line within this many characters, so matching the
#: line's end gives the same answer as matching the whole line.
_TAIL_CHARS: Final = 100


# An embedded post's signature at the end of the post's text: "… pic.twitter.com/x — Jane
# Roe (@janeroe) November 18, 2019". The post need not end a sentence.
_EMBED_SIGNATURE_RE: Final = lazy_regex.compile(
    r"[-–—]\s*[^()\n]{1,60}\(@\w{1,30}\)\s*[^()\n]{0,40}$")


def closes_article(content: str) -> bool:
    """The line may be the last of a finished article: a credit, or a closing label, note,
    hashtag line, agency tag or embedded post's signature."""
    if is_credit(content):
        return True
    if len(content) <= _CREDIT_MAX_CHARS and _EMBED_SIGNATURE_RE.search(content[-_TAIL_CHARS:]):
        return True
    if len(content) > _CLOSING_LINE_MAX_CHARS or native.is_interview_turn(content):
        return False
    return _CLOSING_LINE_RE.match(content) is not None


def without_closing_note(content: str) -> str:
    """``content`` without what follows its last sentence's end mark on the line: bracketed
    notes ("（島田さん）", "(AP)", "（完）"), reference marks ("[2] [5]"), hashtags, an agency
    tag ("… said. PTI"), stacked a few deep. Unchanged when what is left would not end a
    sentence, since a bracket or tag after a fragment does not finish it. Computed by the
    core (core/src/trailer.rs), whose trailer analysis asks it too."""
    return native.without_closing_note(content)


def ends_sentence(content: str) -> bool:
    """The line ends a sentence (a closing corner quote counts: Japanese writing drops the
    full stop before "」"), possibly followed by a closing note (``without_closing_note``)."""
    return native.ends_sentence_with_notes(content)
