"""The error types every layer may raise: one base, ``LintCorpusError``, that the command
line catches in one place and reports as one line (exit 2), never as a traceback.

This module imports nothing from the package, so any module can use it without a cycle.
"""

from __future__ import annotations


class LintCorpusError(Exception):
    """A problem lint-corpus reports to the user; the message is one line."""


class UsageError(LintCorpusError):
    """Command-line options that cannot work together, or an argument that cannot be parsed."""


class ConfigError(LintCorpusError):
    """A config file that cannot be read or is invalid; the message is one line."""


class RegistryError(LintCorpusError):
    """A rule pack could not be loaded, or two rules claim the same code or name."""


class BaselineError(LintCorpusError):
    """A baseline file that is missing, unreadable or not a lint-corpus baseline."""
