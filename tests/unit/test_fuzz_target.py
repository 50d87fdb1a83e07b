"""The fuzz harness (fuzz/fuzz_parsers.py) itself, without atheris: every seed in fuzz/corpus
goes through its parser without a crash, each parser has seeds, and random bytes for every
parser are survived too. scripts/fuzz runs the coverage-guided search.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
import sys
from types import ModuleType

from hypothesis import given, settings, strategies as st
import pytest

FUZZ = Path(__file__).resolve().parents[2] / "fuzz"


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_parsers", FUZZ / "fuzz_parsers.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("fuzz_parsers", module)
    spec.loader.exec_module(module)
    return module


HARNESS = _harness()
SEEDS = sorted((FUZZ / "corpus").iterdir())


@pytest.mark.parametrize("seed", SEEDS, ids=[seed.name for seed in SEEDS])
def test_seed(seed: Path) -> None:
    """A seed names its parser; the parser takes it without crashing."""
    data = seed.read_bytes()
    assert HARNESS.TARGETS[data[0]].__name__.strip("_") == seed.name.rsplit("-", 1)[0]
    HARNESS.test_one_input(data)


def test_every_parser_has_seeds() -> None:
    """libFuzzer starts from a valid input of every kind."""
    assert {seed.read_bytes()[0] for seed in SEEDS} == set(range(len(HARNESS.TARGETS)))


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes(data: bytes) -> None:
    """Random inputs for random parsers: a value or a reasoned rejection, never a crash."""
    HARNESS.test_one_input(data)
