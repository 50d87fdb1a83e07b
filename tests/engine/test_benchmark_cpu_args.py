"""benchmarks/engine_cpu.py refuses a measuring time it cannot use, before starting anything."""

from __future__ import annotations

import pytest

from benchmarks import engine_cpu


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["abc"], "invalid float value: 'abc'"),
        (["0"], "seconds must be more than 0"),
        (["-5"], "seconds must be more than 0"),
    ],
)
def test_a_bad_time_is_a_usage_error(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as raised:
        engine_cpu.main(argv)
    assert raised.value.code == 2
    assert said in capsys.readouterr().err
