"""The package imports the same from everywhere: the built-in rules are found from a
checkout's root with the package installed, through an editable install, from a built wheel
in a fresh environment, and (tests/test_ray_engine.py) on Ray workers started from the
checkout's root.

From the checkout's root, ``python -m lint_corpus`` imports the checkout's ``lint_corpus/``
ahead of the installed one; the rules (``rules/``, installed as ``lint_corpus_rules``) and
their entry point must still be found.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: Building a wheel and starting Ray take seconds; a hung step fails instead of blocking CI.
STEP_TIMEOUT = 300
#: Where each module comes from, as a child process reports it.
WHERE = ("import importlib, pkgutil, lint_corpus, lint_corpus_rules, lint_corpus.registry as r; "
         "print(lint_corpus.__file__); print(lint_corpus_rules.__file__); "
         "print(' '.join(c.code for c in r.all_rules())); "
         # every subpackage shipped: each module imports (the CLI's __main__ would run)
         "[importlib.import_module(m.name) for m in pkgutil.walk_packages("
         "lint_corpus.__path__, 'lint_corpus.') if not m.name.endswith('__main__')]")


def _run(python: Path | str, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(python), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=STEP_TIMEOUT, check=False)


def _listed_codes(output: str) -> list[str]:
    return [line.split()[0] for line in output.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the built wheel installed (the dependencies come from
    this environment's site-packages through a .pth file, so nothing is downloaded)."""
    base = tmp_path_factory.mktemp("wheel")
    # Built from a copy of what the wheel holds: setuptools would leave build/ in the
    # checkout, and files left there from an earlier layout would end up in later wheels.
    source = base / "source"
    for name in ("lint_corpus", "rules", "core"):
        shutil.copytree(ROOT / name, source / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info",
                                                      "target", "_core*.so"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    built = _run(sys.executable, ["-m", "pip", "wheel", "--no-deps",
                                  "--quiet", "-w", str(base / "dist"), str(source)], base)
    assert built.returncode == 0, built.stderr
    wheel = next((base / "dist").glob("lint_corpus-*.whl"))
    env = base / "venv"
    made = _run(sys.executable, ["-m", "venv", "--without-pip", str(env)], base)
    assert made.returncode == 0, made.stderr
    python = env / "bin" / "python"
    site = Path(_run(python, ["-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                     base).stdout.strip())
    (site / "deps-from-dev-env.pth").write_text(sysconfig.get_path("purelib") + "\n")
    installed = _run(sys.executable, ["-m", "pip", "--python", str(python), "install",
                                      "--no-deps", "--no-index", "--quiet", str(wheel)], base)
    assert installed.returncode == 0, installed.stderr
    return python


def _expected_codes() -> list[str]:
    done = _run(sys.executable, ["-c", WHERE], ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[2].split()


def test_editable_install_from_the_checkout_and_from_elsewhere(tmp_path: Path) -> None:
    for cwd in (ROOT, tmp_path):
        done = _run(sys.executable, ["-c", WHERE], cwd)
        assert done.returncode == 0, done.stderr
        package, rules, codes = done.stdout.splitlines()
        assert Path(package).resolve() == ROOT / "lint_corpus" / "__init__.py"
        assert Path(rules).resolve() == ROOT / "rules" / "__init__.py"
        assert codes.split()
        listed = _run(sys.executable, ["-m", "lint_corpus", "rules"], cwd)
        assert listed.returncode == 0, listed.stderr
        assert _listed_codes(listed.stdout) == codes.split()


def test_wheel_in_a_fresh_environment(wheel_env: Path, tmp_path: Path) -> None:
    done = _run(wheel_env, ["-c", WHERE], tmp_path)
    assert done.returncode == 0, done.stderr
    package, rules, codes = done.stdout.splitlines()
    venv = wheel_env.parent.parent
    assert Path(package).resolve().is_relative_to(venv.resolve())
    assert Path(rules).resolve().is_relative_to(venv.resolve())
    assert codes.split() == _expected_codes()


def test_checkout_root_with_the_wheel_installed(wheel_env: Path) -> None:
    # The failure this layout fixes: the checkout's lint_corpus/ shadows the installed one.
    done = _run(wheel_env, ["-c", WHERE], ROOT)
    assert done.returncode == 0, done.stderr
    package, _, codes = done.stdout.splitlines()
    assert Path(package).resolve() == ROOT / "lint_corpus" / "__init__.py"
    assert codes.split() == _expected_codes()
    listed = _run(wheel_env, ["-m", "lint_corpus", "rules"], ROOT)
    assert listed.returncode == 0, listed.stderr
    assert _listed_codes(listed.stdout) == _expected_codes()


def test_ray_workers_from_the_checkout_root_with_the_wheel_installed(wheel_env: Path) -> None:
    pytest.importorskip("ray")
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0].relative_to(ROOT).as_posix()
    args = ["-m", "lint_corpus", "check", seed, "--isolated", "--format", "json", "-j", "2"]
    local = _run(wheel_env, args, ROOT)
    distributed = _run(wheel_env, [*args, "--engine", "ray"], ROOT)
    assert distributed.returncode == local.returncode, distributed.stderr
    assert distributed.stdout == local.stdout
    assert '"rules": [' in distributed.stdout and '"code": "LC' in distributed.stdout
