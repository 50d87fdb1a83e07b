"""Shop speaker latency in a real Home Assistant (issue 7).

The store's speaker is set to a TTS entity and one media player of the test peer (the same
recording entities the tests use). Each round calls ``unmanned_store.announce`` and measures:
  action -> volume_set: until the player receives the announcement volume;
  action -> play_media: until tts.speak has reached the player's play_media (the media call);
  action round trip:    until the blocking action returns (volume restored).
The player does not report "playing", so no playback time is included: these are the
integration's and Home Assistant's own costs.

Usage: .venv/bin/python benchmarks/announce_latency.py [--calls 200]
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
import sys
import tempfile
import time
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._hass import add_store, percentiles, running_hass
from custom_components.unmanned_store.const import CONF_SPEAKER, DOMAIN
from tests.test_speaker_peer import COUNTER, VOICE, async_setup_peer, peer_flow


def _print(label: str, samples: list[float]) -> None:
    p50, p95, worst = percentiles(samples)
    print(f"{label:<24} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   max {worst:7.2f} ms")


async def _run(calls: int) -> None:
    with tempfile.TemporaryDirectory() as config_dir, peer_flow():
        async with running_hass(Path(config_dir)) as hass:
            peer = await async_setup_peer(hass)
            entry = await add_store(
                hass,
                {
                    CONF_SPEAKER: {
                        "tts_entity": VOICE,
                        "media_players": [COUNTER],
                        "default_volume": 0.5,
                        "quiet_max_volume": 0.3,
                    }
                },
            )
            marks: dict[str, float] = {}
            original_volume = peer.counter.async_set_volume_level
            original_play = peer.counter.async_play_media

            async def set_volume(volume: float) -> None:
                marks.setdefault("volume", time.perf_counter())
                await original_volume(volume)

            async def play(*args: Any, **kwargs: Any) -> None:
                marks["play"] = time.perf_counter()
                await original_play(*args, **kwargs)

            peer.counter.async_set_volume_level = set_volume  # type: ignore[method-assign]
            peer.counter.async_play_media = play  # type: ignore[method-assign]
            to_volume: list[float] = []
            to_play: list[float] = []
            round_trip: list[float] = []
            for index in range(calls + 10):
                marks.clear()
                started = time.perf_counter()
                await hass.services.async_call(
                    DOMAIN,
                    "announce",
                    {"config_entry_id": entry.entry_id, "message": f"안내 방송 {index}"},
                    blocking=True,
                )
                ended = time.perf_counter()
                if index < 10:  # warm-up: first-call imports and caches
                    continue
                to_volume.append((marks["volume"] - started) * 1000)
                to_play.append((marks["play"] - started) * 1000)
                round_trip.append((ended - started) * 1000)
            assert len(peer.calls.plays()) == calls + 10
            assert hass.states.get(COUNTER).attributes["volume_level"] == 0.8
            print(f"announce latency over {calls} calls (after 10 warm-up calls)")
            _print("action -> volume_set", to_volume)
            _print("action -> play_media", to_play)
            _print("action round trip", round_trip)
            await hass.config_entries.async_unload(entry.entry_id)
            await hass.config_entries.async_unload(peer.entry.entry_id)


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(_run(args.calls))


if __name__ == "__main__":
    main()
