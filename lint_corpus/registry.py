"""Rule discovery: every rule pack, the built-in one included, is an entry point.

The built-in pack (the checkout's ``rules/`` folder, installed as the package
``lint_corpus_rules``) is registered in ``pyproject.toml`` under the same entry-point group as
third-party packs, ``lint_corpus.rules``, so one path finds them all. An entry point names a
rule class, a module (its rule classes) or a package (the rule classes of its public
modules). The result is sorted by code, so the set of rules and their order never depend on
import or registration order.
"""

from __future__ import annotations

import difflib
import importlib
import inspect
import pkgutil
from collections.abc import Iterable, Sequence
from importlib import metadata
from types import ModuleType

from lint_corpus.errors import RegistryError
from lint_corpus.rule import Rule

ENTRY_POINT_GROUP = "lint_corpus.rules"
#: The built-in pack's import name (the checkout's ``rules/`` folder).
BUILTIN_PACK = "lint_corpus_rules"


def _rules_in_module(module: ModuleType) -> list[type[Rule]]:
    found = []
    for _, obj in inspect.getmembers(module, inspect.isclass):
        if issubclass(obj, Rule) and obj is not Rule and obj.__module__ == module.__name__:
            if getattr(obj, "code", None):
                found.append(obj)
    return found


def _rules_in_package(package: ModuleType) -> list[type[Rule]]:
    classes = _rules_in_module(package)
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            classes.extend(_rules_in_module(module))
    return classes


def _entry_points() -> list[metadata.EntryPoint]:
    return sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: (e.name, e.value))


def _load(entry_point: metadata.EntryPoint) -> list[type[Rule]]:
    """The rule classes an entry point names: a class, a module's or a package's."""
    try:
        loaded = entry_point.load()
    except Exception as exc:  # a broken plugin is named, not a traceback
        raise RegistryError(f"rule plugin {entry_point.name!r} failed to load: {exc}") from exc
    if inspect.ismodule(loaded):
        return _rules_in_package(loaded) if hasattr(loaded, "__path__") \
            else _rules_in_module(loaded)
    if inspect.isclass(loaded) and issubclass(loaded, Rule):
        return [loaded]
    raise RegistryError(f"rule plugin {entry_point.name!r} is not a Rule class or module")


def builtin_rules() -> list[type[Rule]]:
    """The built-in pack's rules: the entry point that names ``BUILTIN_PACK``."""
    return [cls for point in _entry_points() if point.value == BUILTIN_PACK
            for cls in _load(point)]


def plugin_rules() -> list[type[Rule]]:
    """Every other pack's rules, in entry-point name order."""
    return [cls for point in _entry_points() if point.value != BUILTIN_PACK
            for cls in _load(point)]


def all_rules(extra: Iterable[type[Rule]] = ()) -> list[type[Rule]]:
    """Every known rule class, sorted by code; duplicate codes or names are an error."""
    classes = builtin_rules() + plugin_rules() + list(extra)
    by_code: dict[str, type[Rule]] = {}
    by_name: dict[str, type[Rule]] = {}
    for cls in classes:
        for key, table in ((cls.code, by_code), (cls.name, by_name)):
            other = table.get(key)
            if other is not None and other is not cls:
                raise RegistryError(
                    f"rules {other.__module__}.{other.__name__} and "
                    f"{cls.__module__}.{cls.__name__} both use {key!r}"
                )
            table[key] = cls
    return sorted(by_code.values(), key=lambda c: c.code)


def resolve(selectors: Sequence[str], classes: Sequence[type[Rule]]) -> set[str]:
    """Codes matching the selectors: a code, a code prefix (``LC1``), a name, or ``ALL``."""
    codes: set[str] = set()
    for selector in selectors:
        matched = {
            cls.code
            for cls in classes
            if selector == "ALL" or cls.name == selector or cls.code.startswith(selector.upper())
        }
        if not matched:
            known = ", ".join(f"{c.code} ({c.name})" for c in classes)
            raise RegistryError(f"unknown rule {selector!r}{did_you_mean(selector, classes)}; "
                                f"known rules: {known}")
        codes |= matched
    return codes


#: How close (``difflib`` ratio) a misspelt rule must be to a name or code to be suggested.
SUGGESTION_CUTOFF = 0.6


def did_you_mean(selector: str, classes: Sequence[type[Rule]]) -> str:
    """`` (did you mean 'link-list'?)`` for a misspelt rule name or code, else ``""``."""
    names = [cls.name for cls in classes]
    codes = [cls.code for cls in classes]
    close = (difflib.get_close_matches(selector.lower(), names, 1, SUGGESTION_CUTOFF)
             or difflib.get_close_matches(selector.upper(), codes, 1, SUGGESTION_CUTOFF))
    return f" (did you mean {close[0]!r}?)" if close else ""


def select_rules(
    classes: Sequence[type[Rule]],
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> list[type[Rule]]:
    chosen = resolve(select, classes) if select else {cls.code for cls in classes}
    chosen -= resolve(ignore, classes) if ignore else set()
    return [cls for cls in classes if cls.code in chosen]


def declared_marks(classes: Iterable[type[Rule]]) -> tuple[str, ...]:
    """The document marks ``classes`` declare, sorted."""
    return tuple(sorted({mark for cls in classes for mark in cls.marks}))
