"""How benchmarks/engine_latency.py pairs a real clip's labelled crossings with live counts."""

from __future__ import annotations

import pytest

from benchmarks.engine_latency import labelled_crossings, pair_real, real_clip


def test_labels_exclude_optional_crossings_and_come_in_time_order() -> None:
    clip = {
        "lines": [
            {"id": "b", "crossings": [{"time": 3.0, "direction": "in"}]},
            {
                "id": "a",
                "crossings": [
                    {"time": 1.0, "direction": "out"},
                    {"time": 2.0, "direction": "in", "optional": True},
                ],
            },
        ]
    }
    assert labelled_crossings(clip) == [(1.0, "a", "out"), (3.0, "b", "in")]


def test_each_count_pairs_once_with_the_same_line_and_direction_in_its_window() -> None:
    truth = [(1.0, "door", "in"), (1.2, "door", "in"), (5.0, "door", "out")]
    received = [
        (100.9, "counting", "crossing_in", "door"),  # 0.1 s before the first label: in window
        (101.6, "counting", "crossing_in", "door"),
        (105.5, "counting", "crossing_in", "door"),  # wrong direction for the 5.0 s label
        (105.6, "counting", "crossing_out", "other"),  # wrong line
        (105.7, "flame", "crossing_out", "door"),  # another camera
    ]
    latencies, unmatched = pair_real(truth, [100.0], received, horizon=200.0)
    assert [round(x, 2) for x in latencies] == [-0.1, 0.4]
    assert unmatched == 1


def test_a_count_outside_the_window_is_not_a_latency_and_late_labels_wait() -> None:
    truth = [(1.0, "door", "in"), (9.0, "door", "in")]
    received = [(103.5, "counting", "crossing_in", "door")]  # 2.5 s late: past the 2 s window
    # The 9.0 s label is due after the horizon: neither paired nor unmatched.
    assert pair_real(truth, [100.0], received, horizon=105.0) == ([], 1)


def test_a_clip_not_in_the_manifest_is_a_clear_error() -> None:
    with pytest.raises(SystemExit, match="no clip 'nosuchclip'"):
        real_clip("nosuchclip")
