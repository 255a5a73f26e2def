"""The pre-commit contract, run with the real ``pre-commit`` on the README's snippet.

A snapshot of this checkout (uncommitted changes included) becomes a git repository that the
snippet's ``repo:`` points at, so pre-commit installs the hooks exactly as a user's would: from
``.pre-commit-hooks.yaml``, into its own virtualenv. Then the check hook must pass a clean file
and fail a defective one, and the fix hook must fix the file, fail once, and pass the next run;
the same for corpus shards (JSONL, compressed JSONL, Parquet), which pre-commit has no type for.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
CLEAN = next((ROOT / "seeds").glob("000_*.txt"))
DEFECTIVE = next((ROOT / "seeds").glob("002_*.txt"))  # ends on an empty bullet
pytestmark = pytest.mark.skipif(not PRE_COMMIT.exists() or shutil.which("git") is None,
                                reason="needs pre-commit (dev extra) and git")


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid",
         "-c", "commit.gpgsign=false", *args],
        cwd=cwd, check=True, capture_output=True, text=True)
    return result.stdout.strip()


@pytest.fixture(scope="session")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This checkout as it is now, committed into a scratch repository: (path, commit)."""
    dest = tmp_path_factory.mktemp("lint-corpus-snapshot")
    listed = git(ROOT, "ls-files", "-co", "--exclude-standard", "-z")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "snapshot")
    return dest, git(dest, "rev-parse", "HEAD")


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def readme_config(repo: Path, rev: str) -> dict[str, object]:
    """The README's pre-commit snippet, pointed at the snapshot instead of the public URL."""
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## As a pre-commit hook"):]
    block = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert block is not None, "the README's pre-commit section has no yaml block"
    config = yaml.safe_load(block.group(1))
    (entry,) = config["repos"]
    assert {hook["id"] for hook in entry["hooks"]} == {"lint-corpus", "lint-corpus-fix"}
    entry["repo"], entry["rev"] = str(repo), rev
    return dict(config)


@pytest.fixture
def corpus_repo(tmp_path: Path, snapshot: tuple[Path, str]) -> Path:
    repo = tmp_path / "corpus-repo"
    (repo / "corpus").mkdir(parents=True)
    shutil.copy(CLEAN, repo / "corpus" / "clean.txt")
    shutil.copy(DEFECTIVE, repo / "corpus" / "broken.txt")
    # Read as text, it would be a truncated document with trailing spaces.
    (repo / "corpus" / "data.json").write_text('{"not": "a corpus file",   \n', "utf-8")
    (repo / "outside.txt").write_text("Not under corpus/, so the hooks skip me", "utf-8")
    config = readme_config(*snapshot)
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), "utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    return repo


def run_hook(repo: Path, home: Path, hook: str, *files: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run([str(PRE_COMMIT), "run", hook, "--files", *files],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=900)


def test_check_hook_passes_a_clean_file(corpus_repo: Path, pre_commit_home: Path) -> None:
    result = run_hook(corpus_repo, pre_commit_home, "lint-corpus", "corpus/clean.txt")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_check_hook_fails_a_defective_file(corpus_repo: Path, pre_commit_home: Path) -> None:
    before = (corpus_repo / "corpus" / "broken.txt").read_bytes()
    result = run_hook(corpus_repo, pre_commit_home, "lint-corpus", "corpus/broken.txt")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "corpus/broken.txt:41:1: LC101 truncated-document" in result.stdout
    assert (corpus_repo / "corpus" / "broken.txt").read_bytes() == before  # check changes nothing


def test_hooks_skip_files_they_do_not_own(corpus_repo: Path, pre_commit_home: Path) -> None:
    result = run_hook(corpus_repo, pre_commit_home, "lint-corpus",
                      "corpus/data.json", "outside.txt")
    assert result.returncode == 0, result.stdout + result.stderr
    # pre-commit hands the JSON file over (a shard has no file type it knows), and
    # lint-corpus leaves it out; outside.txt is not under the snippet's `files:`.
    assert "Passed" in result.stdout or "no files to check" in result.stdout
    assert "LC" not in result.stdout


def shard_lines(records: list[dict[str, str]]) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


#: A JSONL shard whose second record ends on an empty bullet (the defective seed's defect).
SHARD = [{"id": "clean", "text": CLEAN.read_text("utf-8")},
         {"id": "broken", "text": DEFECTIVE.read_text("utf-8")}]


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".jsonl.zst", ".parquet"])
def test_hooks_run_on_corpus_shards(corpus_repo: Path, pre_commit_home: Path,
                                    suffix: str) -> None:
    shard = corpus_repo / "corpus" / f"shard{suffix}"
    write_shard(shard, SHARD)
    if suffix == ".parquet":  # as the README says: the hooks' environment needs pyarrow
        config_path = corpus_repo / ".pre-commit-config.yaml"
        config = yaml.safe_load(config_path.read_text("utf-8"))
        for hook in config["repos"][0]["hooks"]:
            hook["additional_dependencies"] = ["pyarrow"]
        config_path.write_text(yaml.safe_dump(config), "utf-8")
    git(corpus_repo, "add", "-A")
    name = f"corpus/shard{suffix}"
    check = run_hook(corpus_repo, pre_commit_home, "lint-corpus", name)
    assert check.returncode == 1, check.stdout + check.stderr
    assert f"{name}[1]:" in check.stdout and "LC101 truncated-document" in check.stdout
    fix = run_hook(corpus_repo, pre_commit_home, "lint-corpus-fix", name)
    assert "files were modified by this hook" in fix.stdout, fix.stdout + fix.stderr
    texts = read_shard(shard)
    assert texts[0] == SHARD[0]["text"]
    assert texts[1] == (ROOT / "seeds" / "expected" / f"{DEFECTIVE.stem}.fixed").read_text(
        "utf-8")
    again = run_hook(corpus_repo, pre_commit_home, "lint-corpus", name)
    assert again.returncode == 0, again.stdout + again.stderr


def write_shard(path: Path, records: list[dict[str, str]]) -> None:
    data = shard_lines(records).encode("utf-8")
    if path.name.endswith(".parquet"):
        pa = pytest.importorskip("pyarrow")
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(records), path)
    elif path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(data))
    elif path.name.endswith(".zst"):
        zstandard = pytest.importorskip("zstandard")
        path.write_bytes(zstandard.ZstdCompressor().compress(data))
    else:
        path.write_bytes(data)


def read_shard(path: Path) -> list[str]:
    if path.name.endswith(".parquet"):
        import pyarrow.parquet as pq

        return [str(text) for text in pq.read_table(path).column("text").to_pylist()]
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    elif path.name.endswith(".zst"):
        import zstandard

        data = zstandard.ZstdDecompressor().decompressobj().decompress(data)
    return [json.loads(line)["text"] for line in data.decode("utf-8").splitlines()]


def test_fix_hook_fixes_fails_once_then_passes(corpus_repo: Path, pre_commit_home: Path) -> None:
    target = corpus_repo / "corpus" / "broken.txt"
    original = target.read_text("utf-8")
    first = run_hook(corpus_repo, pre_commit_home, "lint-corpus-fix", "corpus/broken.txt")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    fixed = target.read_text("utf-8")
    # The dangling bullet line is gone (and bad-whitespace trims the NBSPs ending 002's
    # lines): the result is the seed's golden fixed text.
    assert fixed == (ROOT / "seeds" / "expected" / f"{DEFECTIVE.stem}.fixed").read_text("utf-8")
    assert not fixed.endswith("•") and len(fixed) < len(original)
    assert not list(target.parent.glob("*.tmp"))  # nothing half-written left behind
    second = run_hook(corpus_repo, pre_commit_home, "lint-corpus-fix", "corpus/broken.txt")
    assert second.returncode == 0, second.stdout + second.stderr
    assert target.read_text("utf-8") == fixed
