"""Colour on a terminal: when to use it (``--color``, ``NO_COLOR``, ``FORCE_COLOR``) and the
few ANSI styles the text formats use.

``--color always`` / ``never`` decide. ``auto`` (the default) colours only a terminal, and
the environment overrides the guess, as https://no-color.org and https://force-color.org
ask: ``NO_COLOR`` (set and not empty) turns colour off, ``FORCE_COLOR`` turns it on (a CI log
that renders ANSI). ``NO_COLOR`` wins when both are set: output nobody asked to colour is the
safer mistake.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TextIO

from lint_corpus.rule import Severity

COLOR_CHOICES = ("auto", "always", "never")

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_RED = "\x1b[31m"
_GREEN = "\x1b[32m"
_YELLOW = "\x1b[33m"
_BLUE = "\x1b[34m"
_CYAN = "\x1b[36m"
_SEVERITY_COLORS = {Severity.ERROR.value: _RED, Severity.WARNING.value: _YELLOW,
                    Severity.INFO.value: _CYAN}


def use_color(choice: str, stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Whether output written to ``stream`` is coloured, for ``--color choice``."""
    if choice != "auto":
        return choice == "always"
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@dataclass(frozen=True)
class Style:
    """Wraps pieces of output in ANSI codes, or leaves them alone when ``color`` is off."""

    color: bool = False

    def _wrap(self, codes: str, text: str) -> str:
        return f"{codes}{text}{_RESET}" if self.color and text else text

    def path(self, text: str) -> str:
        return self._wrap(_BOLD, text)

    def code(self, text: str, severity: str) -> str:
        return self._wrap(_BOLD + _SEVERITY_COLORS.get(severity, _RED), text)

    def caret(self, text: str, severity: str) -> str:
        return self._wrap(_SEVERITY_COLORS.get(severity, _RED), text)

    def gutter(self, text: str) -> str:
        return self._wrap(_BLUE + _BOLD, text)

    def removed(self, text: str) -> str:
        return self._wrap(_RED, text)

    def added(self, text: str) -> str:
        return self._wrap(_GREEN, text)

    def note(self, text: str) -> str:
        return self._wrap(_BOLD, text)
