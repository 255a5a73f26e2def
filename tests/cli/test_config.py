"""Configuration: discovery, every key's effect through ``cli.main``, command-line overrides,
the error matrix (one line naming the file, exit 2, no traceback), globs, and the README's
example config.

Most tests run three small test rules so the expectations do not depend on how the real rules
evolve; the per-rule options test and the README test use the installed rules.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from fakes import LoudLine, run

from lint_corpus import cli
from lint_corpus.config import Config, ConfigError, load_config
from lint_corpus.document import Document
from lint_corpus.rule import Applicability, Finding, Fix, Rule
from lint_corpus.sources import discover, glob_match

README = Path(__file__).resolve().parents[2] / "README.md"


class JunkLine(Rule):
    """Flags a line that is only the junk word. What it does / Why is this bad? / Example / Fix."""

    code = "TX901"
    name = "junk-line"
    summary = "A line that says only JUNK."
    options_schema: ClassVar[dict[str, object]] = {
        "type": "object",
        "properties": {
            "word": {"type": "string", "default": "JUNK", "description": "the junk word"},
        },
    }
    checked: ClassVar[list[str]] = []  # documents this rule ran on

    def check(self, doc: Document) -> Iterator[Finding]:
        JunkLine.checked.append(doc.path)
        for line in doc.lines:
            if line.content == self.options["word"]:
                end = min(line.end + 1, len(doc.text))
                yield self.finding(line.start, line.end, "line is junk",
                                   fix=Fix.delete(line.start, end, "Delete the junk line"))


class CutLine(Rule):
    """Flags a line that says ``CUT``; its fix is unsafe. What it does / Why / Example / Fix."""

    code = "TY903"
    name = "cut-line"
    summary = "A line that says CUT."

    def check(self, doc: Document) -> Iterator[Finding]:
        for line in doc.lines:
            if line.content == "CUT":
                end = min(line.end + 1, len(doc.text))
                yield self.finding(line.start, line.end, "line is cut",
                                   fix=Fix.delete(line.start, end, "Delete the line",
                                                  Applicability.UNSAFE))


@pytest.fixture
def test_rules(use_rules: Callable[..., None]) -> None:
    use_rules(LoudLine, JunkLine, CutLine)
    JunkLine.checked = []


def codes(out: str) -> list[tuple[str, str]]:
    """(path under the project's corpus folder, code) per finding line of the text output.
    Findings name files as they can be opened from the current directory: the tests' inputs
    are absolute paths outside it, so the lines hold the whole path."""
    return [(m.group(1).rpartition("/project/corpus/")[2], m.group(2))
            for m in re.finditer(r"^(\S+?):\d+:\d+: (\S+)", out, re.M)]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with a corpus; tests add the config they need."""
    root = tmp_path / "project"
    write(root / "corpus" / "a.txt", "First line.\nJUNK\nLast line.\n")
    write(root / "corpus" / "b.md", "!! loud heading\nBody text.\n")
    write(root / "corpus" / "docs" / "deep" / "c.txt", "Text.\nJUNK\n!! shout\n")
    write(root / "corpus" / "drafts" / "d.txt", "Draft.\nJUNK\n")
    write(root / "corpus" / "e.rst", "Text.\nJUNK\n")
    write(root / "corpus" / "f.txt", "Keep this.\nCUT\n")
    return root


ALL_FINDINGS = [
    ("a.txt", "TX901"), ("b.md", "TX902"), ("docs/deep/c.txt", "TX901"),
    ("docs/deep/c.txt", "TX902"), ("drafts/d.txt", "TX901"), ("f.txt", "TY903"),
]


# --- discovery -----------------------------------------------------------------------------

@pytest.mark.usefixtures("test_rules")
def test_no_config_means_defaults(project: Path) -> None:
    assert load_config([project / "corpus"]) == Config()
    code, out, _ = run("check", project / "corpus")
    assert code == 1 and codes(out) == ALL_FINDINGS


@pytest.mark.usefixtures("test_rules")
def test_config_is_found_by_walking_up(project: Path) -> None:
    config = write(project / "pyproject.toml", '[tool.lint-corpus]\nselect = ["TX901"]\n')
    assert load_config([project / "corpus" / "docs" / "deep"]).path == config
    assert load_config([project / "corpus" / "a.txt"]).path == config
    code, out, _ = run("check", project / "corpus" / "docs")
    assert code == 1 and codes(out) == [("docs/deep/c.txt", "TX901")]


@pytest.mark.usefixtures("test_rules")
def test_lint_corpus_toml_wins_over_pyproject_in_the_same_folder(project: Path) -> None:
    write(project / "pyproject.toml", '[tool.lint-corpus]\nselect = ["TX901"]\n')
    config = write(project / "lint-corpus.toml", 'select = ["TX902"]\n')
    assert load_config([project / "corpus"]).path == config
    assert {c for _, c in codes(run("check", project / "corpus")[1])} == {"TX902"}


@pytest.mark.usefixtures("test_rules")
def test_pyproject_without_the_table_is_skipped(project: Path) -> None:
    config = write(project / "pyproject.toml", '[tool.lint-corpus]\nselect = ["TX902"]\n')
    write(project / "corpus" / "pyproject.toml", '[project]\nname = "corpus"\n')
    assert load_config([project / "corpus"]).path == config


@pytest.mark.usefixtures("test_rules")
def test_the_nearest_config_wins(project: Path) -> None:
    write(project / "lint-corpus.toml", 'select = ["TX902"]\n')
    nearer = write(project / "corpus" / "docs" / "pyproject.toml",
                   '[tool.lint-corpus]\nselect = ["TX901"]\n')
    assert load_config([project / "corpus" / "docs" / "deep" / "c.txt"]).path == nearer
    assert load_config([project / "corpus" / "a.txt"]).path == project / "lint-corpus.toml"


@pytest.mark.usefixtures("test_rules")
def test_several_inputs_use_their_common_folder(project: Path) -> None:
    top = write(project / "lint-corpus.toml", 'select = ["TX902"]\n')
    write(project / "corpus" / "docs" / "lint-corpus.toml", 'select = ["TX901"]\n')
    both = [project / "corpus" / "docs" / "deep" / "c.txt", project / "corpus" / "a.txt"]
    assert load_config(both).path == top


@pytest.mark.usefixtures("test_rules")
def test_explicit_config_overrides_discovery(project: Path, tmp_path: Path) -> None:
    write(project / "lint-corpus.toml", 'select = ["TX902"]\n')
    other = write(tmp_path / "elsewhere" / "strict.toml", 'select = ["TX901"]\n')
    assert load_config([project / "corpus"], explicit=other).path == other
    code, out, _ = run("check", project / "corpus" / "a.txt", "--config", other)
    assert code == 1 and codes(out) == [("a.txt", "TX901")]
    # A pyproject.toml named explicitly is read for its table even when it has none.
    bare = write(tmp_path / "bare" / "pyproject.toml", "[project]\nname = 'x'\n")
    assert load_config([project], explicit=bare) == Config(path=bare)


@pytest.mark.usefixtures("test_rules")
def test_missing_explicit_config_is_an_error(project: Path, tmp_path: Path) -> None:
    code, out, err = run("check", project / "corpus", "--config", tmp_path / "nope.toml")
    assert (code, out) == (2, "")
    assert err == f"lint-corpus: error: {tmp_path / 'nope.toml'}: config file not found\n"


@pytest.mark.usefixtures("test_rules")
def test_isolated_ignores_config_files(project: Path) -> None:
    write(project / "lint-corpus.toml", 'select = ["TX902"]\nexclude = ["drafts"]\n')
    assert load_config([project / "corpus"], isolated=True) == Config()
    assert codes(run("check", project / "corpus", "--isolated")[1]) == ALL_FINDINGS
    code, _, err = run("check", project / "corpus", "--isolated", "--config", "x.toml")
    assert code == 2 and "not allowed with argument" in err


# --- every key, through the command line ---------------------------------------------------

def configure(project: Path, body: str) -> Path:
    return write(project / "pyproject.toml", "[tool.lint-corpus]\n" + body)


@pytest.mark.usefixtures("test_rules")
@pytest.mark.parametrize(("body", "expected"), [
    ('select = ["junk-line"]\n', {"TX901"}),
    ('select = ["TX"]\n', {"TX901", "TX902"}),
    ('ignore = ["TX901", "cut-line"]\n', {"TX902"}),
    ('select = ["TX901"]\nextend-select = ["loud-line"]\n', {"TX901", "TX902"}),
    ('extend-select = ["TX901"]\n', {"TX901", "TX902", "TY903"}),
    ('select = []\nextend-select = ["TY"]\n', {"TY903"}),
    ('select = ["ALL"]\nignore = ["TX"]\n', {"TY903"}),
])
def test_rule_selection_keys(project: Path, body: str, expected: set[str]) -> None:
    configure(project, body)
    assert {c for _, c in codes(run("check", project / "corpus")[1])} == expected


@pytest.mark.usefixtures("test_rules")
def test_per_file_ignores_with_double_star_globs(project: Path) -> None:
    configure(project, '[tool.lint-corpus.per-file-ignores]\n'
                       '"corpus/docs/**/*.txt" = ["junk-line"]\n'
                       '"drafts" = ["TX"]\n'
                       '"*.md" = ["loud-line"]\n')
    code, out, _ = run("check", project / "corpus")
    assert code == 1
    assert codes(out) == [("a.txt", "TX901"), ("docs/deep/c.txt", "TX902"), ("f.txt", "TY903")]
    # The ignored rule was not run on those files at all, so its fixes cannot apply either.
    assert sorted(JunkLine.checked) == ["a.txt", "b.md", "f.txt"]
    out_dir = project / "out"
    run("fix", project / "corpus", "--out", out_dir)
    assert (out_dir / "docs" / "deep" / "c.txt").read_text() == "Text.\nJUNK\n!! shout\n"
    assert (out_dir / "a.txt").read_text() == "First line.\nLast line.\n"


@pytest.mark.usefixtures("test_rules")
def test_per_file_ignores_without_config_match_paths_under_the_input(project: Path,
                                                                     tmp_path: Path) -> None:
    explicit = write(tmp_path / "cfg" / "settings.toml",
                     '[per-file-ignores]\n"docs/**" = ["TX901"]\n')
    # The corpus is outside the config file's folder: globs fall back to the input-relative path.
    out = run("check", project / "corpus", "--config", explicit)[1]
    assert ("docs/deep/c.txt", "TX901") not in codes(out)
    assert ("a.txt", "TX901") in codes(out)


@pytest.mark.usefixtures("test_rules")
def test_fail_on(project: Path) -> None:
    configure(project, 'fail-on = "warning"\n')
    assert run("check", project / "corpus" / "b.md")[0] == 0  # only an info finding
    assert run("check", project / "corpus" / "b.md", "--fail-on", "info")[0] == 1
    configure(project, 'fail-on = "error"\n')
    assert run("check", project / "corpus" / "a.txt")[0] == 0
    assert run("check", project / "corpus" / "a.txt", "--fail-on", "warning")[0] == 1


@pytest.mark.usefixtures("test_rules")
def test_unsafe_fixes(project: Path) -> None:
    target = project / "corpus" / "f.txt"
    assert "[unsafe fix]" in run("check", target)[1]
    assert "-CUT" not in run("fix", target, "--diff")[1]
    configure(project, "unsafe-fixes = true\n")
    code, out, _ = run("fix", target, "--diff")
    assert code == 1 and "-CUT" in out
    assert "-CUT" not in run("fix", target, "--diff", "--no-unsafe-fixes")[1]
    configure(project, "unsafe-fixes = false\n")
    assert "-CUT" not in run("fix", target, "--diff")[1]
    assert "-CUT" in run("fix", target, "--diff", "--unsafe-fixes")[1]


@pytest.mark.usefixtures("test_rules")
def test_include(project: Path) -> None:
    configure(project, 'include = ["*.rst", "corpus/docs/**"]\n')
    assert codes(run("check", project / "corpus")[1]) == [
        ("docs/deep/c.txt", "TX901"), ("docs/deep/c.txt", "TX902"), ("e.rst", "TX901")]
    # A file named on the command line is linted whatever its name.
    assert codes(run("check", project / "corpus" / "a.txt")[1])[0][1] == "TX901"


@pytest.mark.usefixtures("test_rules")
def test_include_matching_nothing_is_an_input_error(project: Path) -> None:
    configure(project, 'include = ["*.html"]\n')
    code, _, err = run("check", project / "corpus")
    assert code == 2
    assert f"{project / 'corpus'}: folder has no file matching *.html" in err


@pytest.mark.usefixtures("test_rules")
def test_exclude_applies_to_folders_and_explicit_files(project: Path) -> None:
    configure(project, 'exclude = ["corpus/drafts", "**/deep/*.txt", "f.txt"]\n')
    assert codes(run("check", project / "corpus")[1]) == [("a.txt", "TX901"), ("b.md", "TX902")]
    # pre-commit passes files explicitly: excluded ones are skipped, the run is clean.
    explicit = [project / "corpus" / "drafts" / "d.txt", project / "corpus" / "f.txt"]
    assert run("check", *explicit) == (0, "", "0 documents, 0 findings\n")
    assert run("fix", "--in-place", *explicit)[0] == 0
    assert (project / "corpus" / "f.txt").read_text() == "Keep this.\nCUT\n"


@pytest.mark.usefixtures("test_rules")
def test_exclude_globs_are_relative_to_the_config_folder(project: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    configure(project, 'exclude = ["corpus/a.txt"]\n')
    monkeypatch.chdir(project / "corpus")  # the working folder does not matter
    assert ("a.txt", "TX901") not in codes(run("check", ".")[1])
    assert run("check", "a.txt")[1] == ""


@pytest.mark.usefixtures("test_rules")
def test_rule_options_from_config(project: Path) -> None:
    write(project / "corpus" / "g.txt", "Text.\nSPAM\n")
    configure(project, '[tool.lint-corpus.rules.junk-line]\nword = "SPAM"\n')
    assert codes(run("check", project / "corpus", "--select", "TX901")[1]) == [
        ("g.txt", "TX901")]
    configure(project, '[tool.lint-corpus.rules.TX901]\nword = "SPAM"\n')
    report = json.loads(run("check", project / "corpus" / "g.txt", "--format", "json")[1])
    junk = next(rule for rule in report["rules"] if rule["code"] == "TX901")
    assert junk["options"] == {"word": "SPAM"}


LINK_LIST_TEXT = """\
The council approved the budget on Tuesday after a long debate about schools and roads.
Related
City opens new bridge downtown
School board elects new chair
Rain expected through the weekend
The mayor said the new plan would be published next week, with details for every district.
Officials expect construction to begin in the spring and to last about two years, she said.
"""


def test_rule_options_change_a_real_rules_behaviour(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write(corpus / "article.txt", LINK_LIST_TEXT)
    assert "LC103 link-list" in run("check", corpus, "--select", "link-list")[1]
    write(tmp_path / "lint-corpus.toml", "[rules.link-list]\nmin-marked-items = 4\n")
    assert run("check", corpus, "--select", "link-list") == (0, "", "1 document, 0 findings\n")
    assert "LC103" in run("check", corpus, "--select", "link-list", "--isolated")[1]


# --- the command line overrides the config -------------------------------------------------

@pytest.mark.usefixtures("test_rules")
def test_command_line_overrides_config(project: Path) -> None:
    configure(project, 'select = ["TX901"]\nextend-select = ["TY903"]\nignore = ["TX902"]\n')
    corpus = project / "corpus"
    found = {c for _, c in codes(run("check", corpus)[1])}
    assert found == {"TX901", "TY903"}
    # --select replaces select and extend-select; the config's ignore still applies.
    assert {c for _, c in codes(run("check", corpus, "--select", "TX")[1])} == {"TX901"}
    assert {c for _, c in codes(run("check", corpus, "--select", "TY903")[1])} == {"TY903"}
    # --extend-select and --ignore add to the config's.
    assert {c for _, c in codes(run("check", corpus, "--ignore", "TX901")[1])} == {"TY903"}
    configure(project, 'select = ["TX901"]\n')
    assert {c for _, c in codes(run("check", corpus, "--extend-select", "loud-line")[1])} == {
        "TX901", "TX902"}


# --- errors --------------------------------------------------------------------------------

ERRORS = [
    ("pyproject.toml", "[tool.lint-corpus]\nselct = [\"LC1\"]\n",
     "pyproject.toml: [tool.lint-corpus] unknown key 'selct' (allowed: select, extend-select, "
     "ignore, per-file-ignores, ignore-field, fail-on, severity, unsafe-fixes, rule-timeout, "
     "max-document-chars, max-document-lines, include, exclude, trailer, rules)"),
    ("lint-corpus.toml", 'fail-on = "high"\n',
     "lint-corpus.toml: 'fail-on' must be one of info, warning, error (got 'high')"),
    ("lint-corpus.toml", 'select = "TX901"\n',
     "lint-corpus.toml: 'select' must be a list of strings (got 'TX901')"),
    ("lint-corpus.toml", "ignore = [1]\n",
     "lint-corpus.toml: 'ignore[0]' must be a string (got 1)"),
    ("lint-corpus.toml", 'unsafe-fixes = "yes"\n',
     "lint-corpus.toml: 'unsafe-fixes' must be true or false (got 'yes')"),
    ("lint-corpus.toml", 'exclude = [""]\n', "lint-corpus.toml: 'exclude[0]' must not be empty"),
    ("lint-corpus.toml", "per-file-ignores = 3\n",
     "lint-corpus.toml: 'per-file-ignores' must be a table (got 3)"),
    ("pyproject.toml", '[tool.lint-corpus]\nselect = ["LC999"]\n',
     "pyproject.toml: [tool.lint-corpus] select: unknown rule 'LC999' (known: TX901 (junk-line),"
     " TX902 (loud-line), TY903 (cut-line); or a code prefix such as LC1)"),
    ("lint-corpus.toml", 'extend-select = ["TX901", "nope"]\n',
     "lint-corpus.toml: extend-select: unknown rule 'nope'"),
    ("lint-corpus.toml", '[per-file-ignores]\n"docs/**" = ["nope"]\n',
     "lint-corpus.toml: per-file-ignores.\"docs/**\": unknown rule 'nope'"),
    ("lint-corpus.toml", "[rules.no-such-rule]\nx = 1\n",
     "lint-corpus.toml: rules: unknown rule 'no-such-rule' (rules: junk-line, loud-line, "
     "cut-line, or their codes)"),
    ("lint-corpus.toml", "[rules.junk-line]\nwrod = 'x'\n",
     "lint-corpus.toml: rules.junk-line: unknown option 'wrod' (options: word)"),
    ("lint-corpus.toml", "[rules.loud-line]\nx = 1\n",
     "lint-corpus.toml: rules.loud-line: unknown option 'x' (options: none)"),
    ("lint-corpus.toml", "[rules.junk-line]\nword = 3\n",
     "lint-corpus.toml: 'rules.junk-line.word' must be a string (got 3)"),
    ("lint-corpus.toml", "[rules]\njunk-line = 3\n",
     "lint-corpus.toml: 'rules.junk-line' must be a table (got 3)"),
    ("lint-corpus.toml", "[rules.junk-line]\nword = 'A'\n[rules.TX901]\nword = 'B'\n",
     "lint-corpus.toml: rules: 'junk-line' and 'TX901' are the same rule; use one table"),
    ("pyproject.toml", "[tool.lint-corpus]\nselect = [\"TX901\"\n",
     "pyproject.toml: invalid TOML: "),
    ("lint-corpus.toml", "select = [\"TX901\"]\nfail-on warning\n",
     "lint-corpus.toml: invalid TOML: Expected '=' after a key in a key/value pair "
     "(at line 2, column 9): fail-on warning"),
    ("pyproject.toml", "[tool]\nlint-corpus = 3\n",
     "pyproject.toml: [tool.lint-corpus] must be a table"),
]


@pytest.mark.usefixtures("test_rules")
@pytest.mark.parametrize(("name", "body", "message"), ERRORS,
                         ids=[f"{i}-{e[2].split(': ', 1)[1][:30]}" for i, e in enumerate(ERRORS)])
def test_config_errors_are_one_line_naming_the_file(
    project: Path, monkeypatch: pytest.MonkeyPatch, name: str, body: str, message: str,
) -> None:
    write(project / name, body)
    monkeypatch.chdir(project)
    code, out, err = run("check", "corpus")
    assert (code, out) == (2, "")
    assert err.startswith(f"lint-corpus: error: {message}")
    assert err.count("\n") == 1 and err.endswith("\n")
    assert "Traceback" not in err
    with pytest.raises(ConfigError):
        load_config(["corpus"])
    # The same file named with --config gives the same message.
    assert run("check", "corpus", "--config", name)[2] == err


@pytest.mark.usefixtures("test_rules")
def test_config_error_names_the_file_outside_the_working_folder(project: Path) -> None:
    write(project / "lint-corpus.toml", 'fail-on = "high"\n')
    err = run("check", project / "corpus")[2]
    assert err.startswith(f"lint-corpus: error: {project / 'lint-corpus.toml'}: 'fail-on'")


# --- globs and discover --------------------------------------------------------------------

@pytest.mark.parametrize(("path", "pattern", "parents", "expected"), [
    ("a/b/c.md", "*.md", False, True),  # no "/": the file name, at any depth
    ("a/b/c.md", "a/*.md", False, False),  # "*" stays inside one folder
    ("a/b/c.md", "a/**/*.md", False, True),
    ("a/c.md", "a/**/*.md", False, True),  # "**/" may match no folder
    ("c.md", "**/*.md", False, True),
    ("a/b/c.md", "a/**", False, True),
    ("a/b/c.md", "./a/b/c.md", False, True),
    ("a1.txt", "a[0-9].txt", False, True),
    ("ab.txt", "a[0-9].txt", False, False),
    ("ab.txt", "a[!0-9].txt", False, True),
    ("a?c.txt", "a?c.txt", False, True),
    ("a/c.txt", "a?c.txt", False, False),  # "?" never matches "/"
    ("x/drafts/y.txt", "drafts", True, True),  # a folder name excludes what is under it
    ("x/drafts/y.txt", "drafts", False, False),
    ("x/drafts/y.txt", "x/drafts/", True, True),
    ("x/drafts/y.txt", "drafts/**", True, False),  # anchored: drafts/ at the top only
    ("a+b(1).txt", "a+b(1).txt", False, True),  # regex characters are literal
])
def test_glob_match(path: str, pattern: str, parents: bool, expected: bool) -> None:
    assert glob_match(path, [pattern], parents=parents) is expected


def test_discover_keeps_its_behaviour_by_default(tmp_path: Path) -> None:
    write(tmp_path / "A.TXT", "x\n")
    write(tmp_path / "b.md", "x\n")
    write(tmp_path / "c.rst", "x\n")
    write(tmp_path / ".hidden" / "d.txt", "x\n")
    sources, errors = discover([str(tmp_path)])
    assert [s.relative for s in sources] == ["A.TXT", "b.md"] and errors == []
    sources, _ = discover([str(tmp_path)], include=["*.rst", "*.txt"], exclude=["A.*"])
    assert [s.relative for s in sources] == ["c.rst"]


# --- the README's example ------------------------------------------------------------------

def readme_config() -> str:
    text = README.read_text("utf-8")
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```toml\n(.*?)```", section, re.S)
    assert match, "the README's Configuration section has no ```toml example"
    return match.group(1)


def test_readme_config_example_is_valid(tmp_path: Path) -> None:
    snippet = readme_config()
    assert snippet.startswith("[tool.lint-corpus]")
    write(tmp_path / "pyproject.toml", snippet)
    write(tmp_path / "corpus" / "a.txt", LINK_LIST_TEXT)
    config = load_config([tmp_path / "corpus"])
    assert config.path == tmp_path / "pyproject.toml"
    assert config.fail_on and config.exclude and config.per_file_ignores and config.rule_options
    assert run("check", tmp_path / "corpus")[0] in (0, 1)


def test_readme_key_table_lists_every_key() -> None:
    schema = json.loads((Path(cli.__file__).parent / "schema" / "config.schema.json")
                        .read_text("utf-8"))
    section = README.read_text("utf-8").split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    for key in schema["properties"]:
        assert f"| `{key}`" in section or f"`{key}." in section or f"`{key}`" in section, key
