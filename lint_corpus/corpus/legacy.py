"""Text files that are not UTF-8: which legacy encoding they are in, and how sure that is.

charset-normalizer decodes the bytes with every plausible codec and ranks the decodings by
"chaos" (how messy the decoded text looks: odd symbols, mixed scripts, accents in unlikely
places; 0 is clean) and then "coherence" (how well the letters fit a language's frequencies).
This module records what the ranking says; whether that is sure enough to rewrite the file
is the ``encoding`` rule's call (its options), since the verdict is a rule's, not the reader's.
"""

from __future__ import annotations

from dataclasses import dataclass

from lint_corpus.corpus import FormatError

#: Of decodings that tie on chaos and coherence (they differ in a few bytes that the text
#: does not settle, e.g. Swedish "å" is 0xE5 in Windows-1252 but "ĺ" in Windows-1250), the
#: one read, and of codecs that give the same text the one named: the most used legacy
#: encodings of their scripts on the web. WHATWG's encoding
#: standard reads ISO-8859-1 as Windows-1252 for the same reason. Only the text linted
#: depends on it: a tie is a rival (see ``DetectedEncoding.rival``), so the fix stays unsafe.
PREFERRED_ON_TIE = ("cp1252", "gb18030", "big5", "cp932", "cp949")
_ASCII = bytes(range(0x80))
#: The encodings considered: the legacy encodings corpora are written in (Windows and ISO
#: code pages of European, Cyrillic, Greek, Turkish, Hebrew, Arabic, Baltic, Vietnamese and
#: Thai text, and the Chinese, Japanese and Korean ones). Left out are DOS and Mac code pages
#: and the like (CP437, CP775, CP852, Mac-Iceland...): they read most 8-bit text "cleanly",
#: so as candidates they won on GB18030 and Shift-JIS bytes (mac_iceland, cp857, cp775 were
#: picked over the right reading in the calibration of the encoding rule) and made nearly
#: every Windows-1252 reading unsure, while no corpus of today is written in them.
LIKELY_ENCODINGS = (
    "cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "cp1251", "koi8_r", "cp1253",
    "iso8859_7", "cp1254", "iso8859_9", "cp1255", "cp1256", "cp1257", "cp1258", "tis_620",
    "cp874", "gb18030", "big5", "big5hkscs", "cp932", "shift_jis", "euc_jp", "euc_jis_2004",
    "cp949", "euc_kr",
)


@dataclass(frozen=True)
class DetectedEncoding:
    """What charset-normalizer said about a file that is not UTF-8 (plain data: it is sent
    to worker processes with the document)."""

    #: The Python codec the file was decoded with (``gb18030``, ``cp932``, ``cp1252``...).
    encoding: str
    #: charset-normalizer's mess ratio of the decoded text, 0 (clean) to 1.
    chaos: float
    #: charset-normalizer's language coherence of the decoded text, 0 to 1.
    coherence: float
    language: str
    #: Bytes outside ASCII: only these tell encodings apart (ASCII reads the same in all).
    distinctive_bytes: int
    #: Other codecs that decode the bytes to the very same text (GBK and GB2312 for GB18030).
    same_text_as: tuple[str, ...] = ()
    #: The best-ranked codec that decodes the bytes to a different text, and its chaos and
    #: coherence (``None``: no other codec reads the bytes as text at all).
    rival: str | None = None
    rival_chaos: float | None = None
    rival_coherence: float | None = None


def detect(data: bytes) -> tuple[str, DetectedEncoding]:
    """The text of ``data`` (bytes that are not UTF-8) and what was detected.

    Raises ``FormatError`` when no codec reads the bytes as text (charset-normalizer rejects
    every decoding messier than its own threshold): binary data, or text so damaged that any
    reading would be a guess.
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data, cp_isolation=list(LIKELY_ENCODINGS)))
    if not matches:
        raise FormatError("not valid UTF-8, and no text encoding reads it cleanly (binary "
                          "data, or text damaged beyond detection)")
    best = matches[0]
    tied = [match for match in matches
            if (match.chaos, match.coherence) == (best.chaos, best.coherence)]
    for preferred in PREFERRED_ON_TIE:
        chosen = next((match for match in tied if match.encoding == preferred), None)
        if chosen is not None:
            best = chosen
            break
    text = str(best)
    rival = next((match for match in matches if match is not best and str(match) != text),
                 None)
    # Codecs that give the same text are interchangeable: name the most used one (German
    # read alike by Windows-1250 and Windows-1252 is called Windows-1252).
    same_text = [best.encoding, *(name for name in best.could_be_from_charset
                                  if name != best.encoding)]
    named = next((name for name in PREFERRED_ON_TIE if name in same_text), best.encoding)
    return text, DetectedEncoding(
        encoding=named, chaos=best.chaos, coherence=best.coherence,
        language=best.language, distinctive_bytes=len(data.translate(None, _ASCII)),
        same_text_as=tuple(name for name in same_text if name != named),
        rival=rival.encoding if rival is not None else None,
        rival_chaos=rival.chaos if rival is not None else None,
        rival_coherence=rival.coherence if rival is not None else None)


__all__ = ["LIKELY_ENCODINGS", "PREFERRED_ON_TIE", "DetectedEncoding", "detect"]
