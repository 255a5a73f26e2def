"""The package's layers: every module imports, and module-level imports form no cycle.

An import inside a function (a lazy import of an optional dependency or engine) does not
count: it runs after every module has loaded. Neither does one under ``if TYPE_CHECKING:``.
"""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: Import package -> its folder in the checkout.
PACKAGES = {"lint_corpus": ROOT / "lint_corpus", "lint_corpus_rules": ROOT / "rules"}
#: Modules that import an optional framework at module level (``pip install '.[dev]'`` has
#: them; a plain install does not).
OPTIONAL = {"lint_corpus.integrations.datatrove": "datatrove",
            "lint_corpus.integrations.hf": "datasets"}


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package, folder in PACKAGES.items():
        # A compiled module (the native core) is known by its stub, which imports nothing.
        stubs = [stub for stub in folder.rglob("*.pyi") if not stub.with_suffix(".py").exists()]
        for path in sorted([*folder.rglob("*.py"), *stubs]):
            parts = list(path.relative_to(folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join([package, *parts])] = path
    return found


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _module_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Imports that run when the module loads: top level, and inside module-level
    ``try``/``if`` blocks, but not under ``if TYPE_CHECKING:`` or in a def or class body."""
    found: list[ast.Import | ast.ImportFrom] = []
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If):
            if not _is_type_checking(node):
                pending.extend(node.body)
            pending.extend(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                pending.extend(block)
            for handler in node.handlers:
                pending.extend(handler.body)
    return found


def _targets(name: str, path: Path) -> set[str]:
    """The package modules ``name`` imports at module level. ``from pkg import sub`` is an
    import of ``pkg.sub`` when that is a module, else of ``pkg``."""
    is_package = path.name == "__init__.py"
    targets: set[str] = set()
    for node in _module_level_imports(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            bases = [alias.name for alias in node.names]
            targets.update(base for base in bases if base in MODULES)
            continue
        base = node.module or ""
        if node.level:
            anchor = name.split(".") if is_package else name.split(".")[:-1]
            anchor = anchor[: len(anchor) - (node.level - 1)]
            base = ".".join(anchor + ([base] if base else []))
        for alias in node.names:
            candidate = f"{base}.{alias.name}"
            if candidate in MODULES:
                targets.add(candidate)
            elif base in MODULES:
                targets.add(base)
    targets.discard(name)
    return targets


def import_graph() -> dict[str, set[str]]:
    return {name: _targets(name, path) for name, path in MODULES.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path that ends where it starts, or ``None``."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return stack[stack.index(target):] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_cycle_finder_finds_a_cycle_and_accepts_a_layered_graph() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_relative_and_submodule_imports_resolve_to_modules(tmp_path: Path) -> None:
    graph = import_graph()
    # ``from lint_corpus import _core`` names the (compiled) submodule, not the package.
    assert "lint_corpus._core" in graph["lint_corpus.native"]
    assert "lint_corpus" not in graph["lint_corpus.native"]


def test_the_package_has_no_import_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_bottom_layer_imports_nothing_above_it() -> None:
    graph = import_graph()
    assert graph["lint_corpus.errors"] == set()
    assert graph["lint_corpus.version"] == set()
    assert graph["lint_corpus.results"] <= {"lint_corpus.rule", "lint_corpus.sources",
                                            "lint_corpus.document"}


@pytest.mark.parametrize("name", sorted(m for m in MODULES if not m.endswith("__main__")))
def test_every_module_imports(name: str) -> None:
    if name in OPTIONAL:
        pytest.importorskip(OPTIONAL[name])
    importlib.import_module(name)
    assert name in sys.modules
