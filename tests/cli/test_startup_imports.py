"""What a pre-commit style run on one small text file imports.

Such a run waits on its imports more than on its work, so the modules a one-file ``check`` of
plain text has no use for must stay unimported: the libraries of the formats it does not read,
of the reporters it was not asked for, the process pool it does not start, and jsonschema while
the config file and rule options are valid. Each is imported where it is used; these tests
catch an import that moves back to a module's top.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

#: Modules a one-file check of plain text with a valid config does not need, with the reason.
NOT_NEEDED = {
    "jsonschema": "the config and the rule options are valid",
    "pyarrow": "Parquet files only",
    "zstandard": ".jsonl.zst files only",
    "lxml": "HTML files only",
    "bs4": "HTML files and markup the tag pattern cannot settle",
    "concurrent.futures": "a pool of worker processes only (--jobs 2 and more)",
    "multiprocessing": "a pool of worker processes only",
    "xml.etree.ElementTree": "--format junit only",
}

#: A config with each kind of setting the schema checks, all valid.
CONFIG = """\
[tool.lint-corpus]
select = ["ALL"]
ignore = ["LC205"]
fail-on = "warning"
max-document-chars = 1000000
exclude = ["build/**"]

[tool.lint-corpus.per-file-ignores]
"notes/*.txt" = ["LC201", "link-list"]

[tool.lint-corpus.severity]
LC204 = "info"

[tool.lint-corpus.trailer]
threshold = 4.5

[tool.lint-corpus.rules.bad-whitespace]
max-blank-lines = 2
"""


def imported_by_check(folder: Path, *arguments: str) -> tuple[int, set[str]]:
    """Run ``lint-corpus check`` in a fresh interpreter in ``folder``; its exit code and the
    modules imported by the time it returned."""
    script = textwrap.dedent("""\
        import json, sys
        from lint_corpus import cli
        code = cli.main(["check", *sys.argv[1:]])
        print(json.dumps([code, sorted(sys.modules)]))
    """)
    done = subprocess.run([sys.executable, "-c", script, *arguments], capture_output=True,
                          text=True, check=True, cwd=folder)
    code, modules = json.loads(done.stdout.splitlines()[-1])
    return code, set(modules)


def small_text() -> str:
    seeds = sorted(SEEDS.glob("002_*.txt"))
    if not seeds:
        pytest.skip("no seeds/002_*.txt")
    return seeds[0].read_text("utf-8")


@pytest.mark.parametrize("config", [None, CONFIG], ids=["no config", "valid config"])
def test_a_check_of_one_text_file_imports_only_what_it_uses(tmp_path: Path,
                                                            config: str | None) -> None:
    (tmp_path / "doc.txt").write_text(small_text(), encoding="utf-8")
    if config is not None:
        (tmp_path / "pyproject.toml").write_text(config, encoding="utf-8")
    code, modules = imported_by_check(tmp_path, "doc.txt",
                                      *(["--isolated"] if config is None else []))
    assert code in (0, 1)  # the seed has findings or not; it was checked either way
    assert "lint_corpus_rules" in modules  # the rules did run
    imported = {name: why for name, why in NOT_NEEDED.items() if name in modules}
    assert not imported, f"imported although not needed: {imported}"


def test_an_invalid_config_is_still_checked_with_jsonschema(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(small_text(), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        CONFIG.replace("max-blank-lines = 2", "max-blank-lines = -1"), encoding="utf-8")
    code, modules = imported_by_check(tmp_path, "doc.txt")
    assert code == 2
    assert "jsonschema" in modules
