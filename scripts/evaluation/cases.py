"""Labelled cases from a corpus folder (``manifest.jsonl`` + ``cases/``), with the script of
each article measured from its text and the site it came from, for grouping."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

#: Character classes of the CJK scripts. Han covers the unified ideographs with extension A,
#: the compatibility block and the supplementary planes' extensions.
HAN: Final = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
KANA: Final = "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"
HANGUL: Final = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
_HAN_RE: Final = re.compile(f"[{HAN}]")
_KANA_RE: Final = re.compile(f"[{KANA}]")
_HANGUL_RE: Final = re.compile(f"[{HANGUL}]")

#: Share of an article's letters that must be Han, kana or hangul for it to count as CJK.
#: Chinese and Japanese pages carry Latin names, product codes and URLs, but their prose is
#: still mostly CJK characters; a Latin article quoting a few Chinese names stays far below.
CJK_MIN_SHARE: Final = 0.3
#: Share of a CJK article's CJK characters that must be kana for it to read as Japanese:
#: Japanese prose is roughly a third kana, Chinese has none.
JAPANESE_MIN_KANA: Final = 0.1
#: Share of a CJK article's CJK characters that must be hangul for it to read as Korean.
KOREAN_MIN_HANGUL: Final = 0.5

LATIN: Final = "latin"
CJK: Final = "cjk"
#: Script groups the figures are reported for: a case belongs to ``latin`` or ``cjk``, and a
#: CJK case also to one of the language-like groups.
SCRIPT_GROUPS: Final = (LATIN, CJK, "zh-like", "ja-like", "ko-like")

_SECOND_LEVEL: Final = frozenset({"com", "org", "net", "co", "gov", "edu", "ac", "or", "ne"})
_NUMBERED_PAGE_RE: Final = re.compile(r"-\d+$")


class CorpusError(Exception):
    """A corpus folder or manifest that cannot be read; the message says what and where."""


@dataclass(frozen=True)
class Span:
    kind: str  # trailer, duplicate-section, truncation-fragment
    start: int
    end: int


@dataclass(frozen=True)
class Case:
    id: str
    corpus: str
    path: Path
    case_type: str
    labels: frozenset[str]
    optional: frozenset[str]
    gold: str
    fragment: str | None
    spans: tuple[Span, ...]
    site: str
    language: str
    #: ``latin`` or ``cjk`` (see ``script_of``), and the finer groups the case belongs to.
    script: str
    script_groups: frozenset[str]

    @property
    def is_clean(self) -> bool:
        return self.case_type == "clean"

    def text(self) -> str:
        return self.path.read_text("utf-8")

    def article(self) -> str:
        """The gold article without the truncation fragment: a fix that trims the partial
        last sentence loses nothing the reader wanted."""
        fragment = (self.fragment or "").strip()
        at = self.gold.rfind(fragment) if fragment else -1
        if at < 0:
            return self.gold
        return self.gold[:at] + self.gold[at + len(fragment):]


def script_groups(text: str) -> frozenset[str]:
    """``{latin}``, or ``{cjk, zh-like | ja-like | ko-like}``, measured from the characters."""
    letters = sum(1 for char in text if char.isalpha())
    han = len(_HAN_RE.findall(text))
    kana = len(_KANA_RE.findall(text))
    hangul = len(_HANGUL_RE.findall(text))
    cjk = han + kana + hangul
    if not letters or cjk / letters < CJK_MIN_SHARE:
        return frozenset({LATIN})
    if hangul / cjk >= KOREAN_MIN_HANGUL:
        return frozenset({CJK, "ko-like"})
    if kana / cjk >= JAPANESE_MIN_KANA:
        return frozenset({CJK, "ja-like"})
    return frozenset({CJK, "zh-like"})


def site_key(site: str) -> str:
    """One key per publisher, so that cross-validation never tunes and measures on the same one.

    A host keeps its registrable name without subdomains or country suffix
    (``money.163.com`` and ``163.com`` → ``163``; ``jp.theorychina.org.cn`` → ``theorychina``);
    a test-page name drops its page number (``medium-2`` → ``medium``).
    """
    name = unicodedata.normalize("NFKC", site).strip().casefold()
    name = re.sub(r"^[a-z][a-z0-9+.-]*://", "", name).split("/")[0].split(":")[0]
    if "." not in name:
        return _NUMBERED_PAGE_RE.sub("", name) or name
    labels = [label for label in name.split(".") if label]
    labels = labels[:-1]  # the top-level domain
    if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]
    return labels[-1] if labels else name


def read_corpus(folder: Path, corpus: str) -> list[Case]:
    """The cases of one corpus folder; ``CorpusError`` when it cannot be read."""
    manifest = folder / "manifest.jsonl"
    if not manifest.is_file():
        raise CorpusError(f"no manifest.jsonl in {folder}")
    cases = []
    for number, line in enumerate(manifest.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            cases.append(_case(json.loads(line), folder, corpus))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise CorpusError(f"{manifest}:{number}: not a case record ({exc!r})") from None
    missing = [case.path for case in cases if not case.path.is_file()]
    if missing:
        raise CorpusError(f"{len(missing)} case files missing, e.g. {missing[0]}")
    return cases


def _case(raw: dict[str, Any], folder: Path, corpus: str) -> Case:
    gold = str(raw["gold_clean_text"])
    site = raw.get("site") or raw.get("source_url") or raw["id"]
    groups = script_groups(gold)
    return Case(
        id=str(raw["id"]), corpus=corpus, path=folder / raw["path"],
        case_type=str(raw["case_type"]),
        labels=frozenset(raw.get("labels") or ()),
        optional=frozenset(raw.get("optional_labels") or ()),
        gold=gold, fragment=raw.get("truncation_fragment") or None,
        spans=tuple(Span(s["kind"], int(s["start"]), int(s["end"]))
                    for s in raw.get("spans") or ()),
        site=site_key(str(site)), language=str(raw.get("language", "")),
        script=CJK if CJK in groups else LATIN, script_groups=groups,
    )
