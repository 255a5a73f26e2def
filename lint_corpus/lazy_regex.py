"""Regular expressions compiled at their first use, not at import.

The ``regex`` module compiles in Python: 0.1-25 ms a pattern. The rules define a few hundred
at module level, and a pre-commit hook run on one small file uses about a quarter of them
(the others wait for HTML, mojibake, credits or headers that file does not have), so
compiling them all at import is most of the compile time such a run pays. A
:class:`LazyPattern` is written like ``regex.compile(source, flags)`` and behaves like the
compiled pattern.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import regex


class LazyPattern:
    """``regex.compile(source, flags)``, done the first time the pattern is used."""

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source = source
        self._flags = flags
        self._compiled: regex.Pattern[str] | None = None

    @property
    def pattern(self) -> str:
        return self._source

    @property
    def compiled(self) -> regex.Pattern[str]:
        if self._compiled is None:
            self._compiled = regex.compile(self._source, self._flags)
        return self._compiled

    def search(self, string: str, pos: int | None = None,
               endpos: int | None = None) -> regex.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int | None = None,
              endpos: int | None = None) -> regex.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int | None = None,
                  endpos: int | None = None) -> regex.Match[str] | None:
        return self.compiled.fullmatch(string, pos, endpos)

    def finditer(self, string: str, pos: int | None = None, endpos: int | None = None, *,
                 overlapped: bool = False) -> Iterator[regex.Match[str]]:
        return self.compiled.finditer(string, pos, endpos, overlapped=overlapped)

    def findall(self, string: str, pos: int | None = None,
                endpos: int | None = None) -> list[str]:
        found: list[str] = self.compiled.findall(string, pos, endpos)
        return found

    def split(self, string: str, maxsplit: int = 0) -> list[str]:
        parts: list[str] = self.compiled.split(string, maxsplit)
        return parts

    def sub(self, replacement: str | Callable[[regex.Match[str]], str], string: str,
            count: int = 0) -> str:
        return self.compiled.sub(replacement, string, count)

    def __repr__(self) -> str:
        return f"LazyPattern({self._source!r})"


def compile(source: str, flags: int = 0) -> LazyPattern:  # noqa: A001 (reads as regex.compile)
    """A pattern compiled at its first use."""
    return LazyPattern(source, flags)
