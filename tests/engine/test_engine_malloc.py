"""The engine's limit on glibc malloc arenas (unmanned_store_engine/malloc.py)."""

from __future__ import annotations

import ctypes.util

import pytest

from unmanned_store_engine.malloc import ENV, limit_arenas


def test_glibc_takes_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    if ctypes.util.find_library("c") is None or "libc.so.6" not in str(
        ctypes.util.find_library("c")
    ):
        pytest.skip("not a glibc system")
    assert limit_arenas() is True


def test_the_operators_setting_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "4")
    assert limit_arenas() is False


def test_a_library_that_cannot_be_loaded_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    assert limit_arenas(libc_name="libdoes-not-exist.so.9") is False
    assert limit_arenas(libc_name="") is False
