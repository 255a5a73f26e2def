"""bench/pathological.py: the shapes, and the verdict of ``--check`` on given timings (the
timings are supplied, so nothing here depends on the machine's speed or load)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))
import pathological  # noqa: E402


@pytest.mark.parametrize("shape", sorted(pathological.SHAPES))
def test_every_shape_grows_with_the_size_asked_for(shape: str) -> None:
    make = pathological.SHAPES[shape]
    small, large = len(make(20_000)), len(make(80_000))
    assert 10_000 <= small <= 30_000
    assert 3 <= large / small <= 5


def fake_timings(monkeypatch: Any, cost: dict[str, Any]) -> list[tuple[str, int]]:
    """Replace the measurement by ``cost[rule](size)``; return the calls made."""
    calls: list[tuple[str, int]] = []

    def seconds(rule: str, text: str) -> float:
        calls.append((rule, len(text)))
        value: float = cost[rule](len(text))
        return value

    monkeypatch.setattr(pathological, "cpu_seconds", seconds)
    return calls


def run_check(monkeypatch: Any, cost: dict[str, Any]) -> tuple[int, list[tuple[str, int]]]:
    calls = fake_timings(monkeypatch, cost)
    status = pathological.check(pathological.CHECK_SIZE, pathological.MAX_RATIO,
                                ["one long word"], sorted(cost))
    return status, calls


def test_linear_and_quadratic_rules(monkeypatch: Any, capsys: Any) -> None:
    status, _ = run_check(monkeypatch, {"linear": lambda n: n * 2e-6,
                                        "quadratic": lambda n: (n / 1e5) ** 2})
    assert status == 1
    err = capsys.readouterr().err
    assert "quadratic on 'one long word' grows 16.0x" in err
    assert "linear on" not in err


def test_a_slow_sample_measured_again_does_not_fail(monkeypatch: Any) -> None:
    samples = iter([0.1, 2.0])  # 4x looks 20x slower once (a page fault, a collection)

    def noisy(size: int) -> float:
        return next(samples, size * 2e-6)

    status, calls = run_check(monkeypatch, {"noisy": noisy})
    assert status == 0
    assert len(calls) == 2 * pathological.CONFIRMATIONS - 2  # measured again, then passed


def test_a_rule_too_fast_to_measure_passes_and_skips_4x(monkeypatch: Any) -> None:
    status, calls = run_check(monkeypatch, {"gated": lambda n: 1e-5})
    assert status == 0
    assert calls == [("gated", len(pathological.SHAPES["one long word"](
        pathological.CHECK_SIZE)))]


def test_the_table_shows_the_throughput_at_the_largest_size(monkeypatch: Any,
                                                            capsys: Any) -> None:
    # 2 microseconds a character: 500 thousand characters per CPU second at any size.
    status, _ = run_check(monkeypatch, {"linear": lambda n: n * 2e-6})
    assert status == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if "linear" in line)
    assert row.split()[-1] == "500"


def test_dense_mojibake_with_nbsp_read_as_a_space_is_a_shape() -> None:
    text = pathological.SHAPES["dense mojibake (Ã  la)"](10_000)
    assert "Ã  " in text and "\u00a0" not in text
