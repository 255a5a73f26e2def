"""``encoding``: a text file in a legacy encoding (GBK, Big5, Shift-JIS, EUC-KR, Windows-1252...).

The reader decodes such a file with the encoding charset-normalizer detects
(``lint_corpus.corpus.legacy``) and hands the rules its text with what was detected; this rule
reports it, judges whether the detection is sure, and its fix writes the file as UTF-8.
"""

from __future__ import annotations

from collections.abc import Iterator

from lint_corpus.corpus.legacy import DetectedEncoding
from lint_corpus.document import Document
from lint_corpus.rule import Applicability, Finding, Fix, Rule, Severity

#: How messages name the codecs charset-normalizer answers with, where the Python codec's
#: name is not what people call the encoding.
DISPLAY_NAMES = {
    "big5": "Big5", "big5hkscs": "Big5-HKSCS", "cp932": "Shift_JIS (CP932)",
    "shift_jis": "Shift_JIS", "cp949": "EUC-KR (CP949)", "euc_kr": "EUC-KR",
    "cp1250": "Windows-1250", "cp1251": "Windows-1251", "cp1252": "Windows-1252",
    "latin_1": "Latin-1 (ISO-8859-1)", "euc_jis_2004": "EUC-JP (EUC-JIS-2004)",
}


#: How many of the other codecs that read a file the same the message names.
NAMED_ALIASES = 3


def display_name(codec: str) -> str:
    return DISPLAY_NAMES.get(codec, codec.upper().replace("_", "-"))


class Encoding(Rule):
    """What it does
    Reports a text file that is not UTF-8 but in a legacy encoding: GBK/GB18030, Big5,
    Shift-JIS, EUC-JP, EUC-KR, Windows-1252, Latin-1 and the other Windows and ISO code pages
    corpora are written in (DOS and Mac code pages are not considered: they read almost any
    8-bit text "cleanly", and outranked the right reading of CJK bytes).
    The file is decoded with the encoding detected, so the other rules check (and fix) its
    text; the finding names the encoding and says how sure the detection is. Files that are
    UTF-8, or UTF-16 with a byte-order mark, are never reported; binary files (NUL bytes, or
    bytes no encoding reads as text) are refused as before.

    The detection is unsure, and the fix unsafe, when any of these holds (the reasons are in
    the message and in the finding's ``data``):

    - the decoded text is messy: charset-normalizer's chaos is above ``max-chaos``;
    - another encoding that reads the bytes as a different text is almost as clean: its
      chaos is less than ``min-chaos-margin`` above the best one's (Windows-1250 against
      Windows-1252 on Swedish, CP949 against GBK on a short Chinese line);
    - fewer than ``min-distinctive-bytes`` bytes lie outside ASCII: only those bytes tell
      encodings apart, so a mostly-English file with a few CJK characters is a guess.

    charset-normalizer's coherence (how well the letters fit a language) is reported but not
    used in the verdict: it scores Latin-script readings high and CJK readings near 0, so on
    mostly-English text it preferred Windows-1252 mojibake to the right GB18030 reading.

    Why is this bad?
    Tokenisers, deduplication and most tools read corpus files as UTF-8: a GBK or Shift-JIS
    file is refused, or read as replacement characters and mojibake, and its documents are
    lost or corrupted without a word. Mixed encodings in one corpus also defeat exact
    deduplication (the same text has different bytes).

    Example
    Bad (the bytes of a Simplified Chinese sentence saved as GBK, in hex):

        d5 e2 ca c7 d2 bb b8 f6 d3 c3 47 42 4b b1 e0 c2 eb b1 a3 b4 e6 b5 c4 d6 d0 ce c4 be e4
        d7 d3 a3 ac c3 bf b8 f6 ba ba d7 d6 d5 bc c1 bd b8 f6 d7 d6 bd da a1 a3

    Good (the same sentence as UTF-8):

        e8 bf 99 e6 98 af e4 b8 80 e4 b8 aa e7 94 a8 47 42 4b e7 bc 96 e7 a0 81 e4 bf 9d e5 ad
        98 e7 9a 84 e4 b8 ad e6 96 87 e5 8f a5 e5 ad 90 ef bc 8c e6 af 8f e4 b8 aa e6 b1 89 e5
        ad 97 e5 8d a0 e4 b8 a4 e4 b8 aa e5 ad 97 e8 8a 82 e3 80 82

    Fix
    Writes the file as UTF-8 (same text, same line ends; ``fix --diff`` shows it as a line
    ``# FILE: Rewrite the file as UTF-8 (from GB18030)`` with no hunk, as the text does not
    change). Safe when the detection is sure, unsafe otherwise. When the fix is not
    applied (unsure without ``--unsafe-fixes``, or the rule not selected), the file keeps its
    encoding: the other rules' fixes are written back in it, and a fix whose text the
    encoding cannot hold fails that file with a message, writing nothing.
    """

    code = "LC205"
    name = "encoding"
    summary = "File in a legacy encoding (GBK, Big5, Shift-JIS, EUC-KR, Windows-1252...), not UTF-8"
    severity = Severity.WARNING
    # The defaults come from detecting the seeds, dev and dev-ext texts (each one a codec can
    # hold, whole and cut to 30, 100, 300 and 1,000 characters) written in GB18030, Big5,
    # Shift-JIS, EUC-KR, Windows-1252 and Latin-1: 1,118 files that are not UTF-8, 767 of
    # them read right. With these defaults none of the 351 wrong readings is called sure,
    # and 335 of the right ones are (310 GB18030, 16 Big5, 4 EUC-KR, 3 Windows-1252, 2
    # Shift-JIS). A margin of 0.05 would call 4 wrong readings sure (Shift-JIS read as
    # CP949); single-byte European text is mostly unsure, ISO-8859-15 or Windows-1250 reading
    # it almost as cleanly.
    options_schema = {
        "type": "object",
        "properties": {
            "max-chaos": {
                "type": "number", "minimum": 0, "maximum": 1, "default": 0.1,
                "description": "highest chaos (charset-normalizer's mess ratio, 0 clean) of "
                               "a sure detection; charset-normalizer itself rejects "
                               "readings above 0.2",
            },
            "min-chaos-margin": {
                "type": "number", "minimum": 0, "maximum": 1, "default": 0.1,
                "description": "how much messier the best reading of another encoding, "
                               "giving a different text, must be for a sure detection",
            },
            "min-distinctive-bytes": {
                "type": "integer", "minimum": 0, "default": 16,
                "description": "fewest bytes outside ASCII (the only ones that tell "
                               "encodings apart) for a sure detection",
            },
        },
    }

    def check(self, doc: Document) -> Iterator[Finding]:
        detected = doc.detected_encoding
        if detected is None:
            return
        reasons = self.unsure_reasons(detected)
        name = display_name(detected.encoding)
        others = [display_name(name) for name in detected.same_text_as]
        if len(others) > NAMED_ALIASES:
            others[NAMED_ALIASES:] = [f"{len(others) - NAMED_ALIASES} more"]
        also = f" (also read as {', '.join(others)})" if others else ""
        verdict = f"unsure: {'; '.join(reasons)}" if reasons else "sure"
        language = f", {detected.language} text" if detected.language != "Unknown" else ""
        message = (f"file is {name}{also}, not UTF-8 (detected with chaos "
                   f"{detected.chaos:.3f}, coherence {detected.coherence:.2f}{language}; "
                   f"{verdict})")
        fix = Fix(f"Rewrite the file as UTF-8 (from {name})", (),
                  Applicability.UNSAFE if reasons else Applicability.SAFE, writes_as="utf-8")
        yield self.finding(0, 0, message, fix=fix, data={
            "encoding": detected.encoding, "same_text_as": list(detected.same_text_as),
            "language": detected.language, "chaos": detected.chaos,
            "coherence": detected.coherence, "distinctive_bytes": detected.distinctive_bytes,
            "rival": detected.rival, "rival_chaos": detected.rival_chaos,
            "sure": not reasons, "unsure_reasons": reasons,
        })

    def unsure_reasons(self, detected: DetectedEncoding) -> list[str]:
        """Why the detection is unsure (empty: it is sure), one reason per failed test."""
        options = self.options
        reasons = []
        if detected.chaos > options["max-chaos"]:
            reasons.append(f"the decoded text is messy (chaos {detected.chaos:.3f} > "
                           f"max-chaos {options['max-chaos']})")
        if detected.rival is not None and detected.rival_chaos is not None and \
                detected.rival_chaos - detected.chaos < options["min-chaos-margin"]:
            reasons.append(f"{display_name(detected.rival)} reads it as a different text "
                           f"almost as cleanly (chaos {detected.rival_chaos:.3f}, less than "
                           f"min-chaos-margin {options['min-chaos-margin']} above)")
        if detected.distinctive_bytes < options["min-distinctive-bytes"]:
            reasons.append(f"only {detected.distinctive_bytes} bytes outside ASCII tell "
                           "encodings apart (min-distinctive-bytes "
                           f"{options['min-distinctive-bytes']})")
        return reasons
