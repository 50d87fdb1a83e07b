"""Regression on real footage: fire, smoke, non-fire and tamper clips with the author's labels.

The clips are not in the repository (benchmarks/footage/hazards.json lists them with their
sources, licences and sha256; benchmarks/footage/prepare_hazards.py makes them). Every test
skips, saying which clip is missing, when $UNMANNED_STORE_FOOTAGE/hazards lacks it. Clips the
engine is known to get wrong are strict xfails with the reason, so an improvement shows up too.
"""

from __future__ import annotations

from functools import cache, partial
import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from benchmarks.flame_stage import (
    FullFrames,
    cache_clip,
    reaching_face_test,
    replay as replay_flame,
    with_settings,
)
from benchmarks.hazard_footage import (
    MANIFEST,
    Run,
    first,
    footage_dir,
    run_clip,
    select_clips,
    shows_no_flame,
    unmeasured,
)
from benchmarks.smoke_stage import decode, replay as replay_smoke
from tests.engine.test_real_footage_labels import RESERVED
from unmanned_store_engine.flame import FlameDetector, FlameParams
from unmanned_store_engine.smoke import SmokeDetector, SmokeParams

CLIPS: list[dict[str, Any]] = json.loads(MANIFEST.read_text())["clips"]

# Measured misses (docs/accuracy.md, "Fire, smoke and tampering"); kept visible, not hidden.
KNOWN_FLAME_MISSES = {
    "fire_truck_highway.mp4": "deep-red flame (R ~160, G ~ B): not fire-coloured, never hot",
}
# fire_night_car (white core, R <= 234, in a pale warm halo: never fire-coloured) is caught by
# the white-hot pass since branch whitehot: 1.4 s (1.6 s at the native rate); fire_vehicle_news
# (a daylight orange flame, 1-5 % of it clipped even at 640 px) by the lukewarm pass since branch
# flamenews: 2.8 s on both sets (6.8 s, 6.4 s native, before).
KNOWN_SMOKE_MISSES = {
    "fire_truck_highway.mp4": "3.5 s clip: an alarm would need every frame from 0.6 s to count; "
    "opaque plume changing only at its rim, churning area 0.3 % of the view",
    "fire_car_extinguisher.mp4": "6 s hand-held clip: every frame is global change",
    "smoke_plume_far.mp4": "distant plume: churning area 0.1-0.2 % of the view (needs 1 %)",
    "smoke_horizon.mp4": "thin smoke on the horizon, first visible at about 13 s (label 0 s): "
    "no churning area at all",
}
# The held-out clips (manifest "heldout": true; docs/accuracy.md, "Held-out clips (never tuned
# on)"): measured once with main 64e456c's engine, each miss with the test that refused
# its frames (`benchmarks/hazard_footage.py --trace CLIP`). They are not there to be tuned on: a
# change that turns one of these xfails into a pass is welcome only if it was made without
# looking at them.
HELDOUT_FLAME_MISSES = {
    "fire_ho_warehouse_cctv.mp4": "washed-out fisheye CCTV time-lapse: the flames are white-hot, "
    "no pixel is ever fire-coloured (candidate area 0 % on every frame, refused as 'area')",
    "fire_ho_forest_night.mp4": "distant night forest fire line glowing steadily: the flicker "
    "test refuses every other frame (toggle share 0.05-0.16), alarm at 4.2 s",
}
HELDOUT_SMOKE_MISSES = {
    "fire_ho_bonfire_close.mp4": "thin blue-grey smoke over a close bonfire: churning area "
    "below the 1 % needed on 55 of 64 frames ('area')",
    "fire_ho_warehouse_cctv.mp4": "CCTV time-lapse: every other frame is a global change, so "
    "evidence builds slowly; alarm at 29.0 s, 25.9 s after the smoke",
    "fire_ho_street_ebike_cctv.mp4": "white battery smoke on a news-edited CCTV road: refused as "
    "too small, global change (cuts) and zoom",
    "fire_ho_forest_night.mp4": "orange-lit night smoke: zoom, no veil and flicker refusals, "
    "alarm at 14.6 s",
    "fire_ho_grass_drone.mp4": "drone flying over the fire: change everywhere in the view "
    "('everywhere', 'zoom') on nearly every frame",
    "smoke_ho_plume.mp4": "big white plume moving slowly: churning area too small on half the "
    "frames, evidence decays before it reaches 15",
    "smoke_ho_forest_drone.mp4": "drone over a burning forest: churning area too small, texture "
    "and global change refusals",
}
# The held-out fixed cameras (`*_hf_*`, 2026-12-07): measured once with main 4bbf053's engine
# (`hazard_footage.py --only _hf_`, both sets), the refusals from `--trace`. The shop's case
# (a fixed camera, three of five indoors), and the weakest figures here: flame 3 / 4, smoke 0 / 5.
HELDOUT_FIXED_FLAME_MISSES = {
    "fire_hf_garage_car_lift_cctv.mp4": "garage CCTV, a car burning on a lift in yellow-white "
    "flames: refused as 'yellow' (yellow share 0.86, over 0.75) and 'hot' (0.19-0.27 clipped "
    "red) for half a minute; alarm at 35.0 s, 32.0 s late",
}
HELDOUT_FIXED_SMOKE_MISSES = {
    "fire_hf_garage_car_lift_cctv.mp4": "smoke alarm at 28.4 s, 1.0 s before the label, in the "
    "flame-lit haze and an extinguisher's cloud that the label does not count as smoke; ended "
    "at 39.6 s, again at 53.0 s (23.6 s late); refused as 'texture' most of the time after 29 s",
    "fire_hf_ev_charging_cctv.mp4": "smoke spreading over a charging lot seen from above "
    "(median 5 % of the view churning): refused as 'everywhere' on 42 of the 62 frames after "
    "the smoke",
    "smoke_hf_kitchen_battery_cctv.mp4": "a kitchen filling with battery smoke (churning "
    "18-44 % of the view): 'everywhere' and 'flicker' refusals; alarm at 14.2 s, 10.7 s after "
    "the smoke",
    "fire_hf_living_room_curtain.mp4": "thin smoke over a burning curtain: below the 1 % "
    "churning area on most frames ('area', median 0.9 %)",
    "fire_hf_floor_ignition_dark.mp4": "a hairline of smoke in the dark, then smoke filling the "
    "view: 'zoom', 'area' and 'texture' refusals; the camera's view reads as covered at 32.0 s",
}
# Held-out round 2 (`*_h2_*`, 2026-12-07): collected by a helper who never ran the engine on
# them, measured once with main c7f2e95's engine (`hazard_footage.py --only _h2_`, both sets),
# the refusals from `--trace` (counted over the frames before the alarm, or over the clip).
# Seven fixed cameras, six of them burning from the first frame: flame 1 / 7 within 3 s, smoke
# 2 / 6 within 10 s.
HELDOUT2_FLAME_MISSES = {
    "fire_h2_hillside_plume.mp4": "a distant fire under a big plume: fire colour too small "
    "('area' on 90 frames) or steady ('flicker'); no alarm",
    "fire_h2_night_fire_red_smoke.mp4": "a night fire glowing steadily under red-lit smoke: "
    "'flicker' on 77 frames; no alarm",
    "fire_h2_storeroom_battery_cctv.mp4": "storeroom CCTV, a battery catching fire: small and "
    "steady first ('area', 'flicker', 'hot'); alarm at 11.0 s, 8.6 s after the flame",
    "fire_h2_oil_tank_fire.mp4": "a distant tank fire: 'area' on 21 frames, 'hot'; alarm at 6.4 s",
    "fire_h2_forest_floor_fire.mp4": "flames on a forest floor: 'yellow' on 16 frames, "
    "'flicker'; alarm at 6.6 s",
    "fire_h2_house_fire_windows.mp4": "a house burning behind its windows, steadily: 'flicker' "
    "on 37 frames; alarm at 10.4 s",
}
HELDOUT2_SMOKE_MISSES = {
    "fire_h2_night_fire_red_smoke.mp4": "red-lit smoke at night: churning area too small "
    "('area' on 73 frames), 'no veil'",
    "fire_h2_storeroom_battery_cctv.mp4": "battery smoke in a storeroom: 'area' on 105 frames, "
    "'no veil', 'global change'",
    "fire_h2_oil_tank_fire.mp4": "a distant black plume: 'area' on 42 frames, 'everywhere'",
    "fire_h2_house_fire_windows.mp4": "smoke pouring from the windows: counted on 23 frames but "
    "refused as 'texture' on 27 (the smoke's own texture), never 15 in a row",
}
# At the source's rate: the forest floor in time (2.6 s), the bin's takes late (3.2 s).
HELDOUT2_NATIVE_FLAME_MISSES = {
    **{k: v for k, v in HELDOUT2_FLAME_MISSES.items() if k != "fire_h2_forest_floor_fire.mp4"},
    "fire_h2_storeroom_battery_cctv.mp4": "storeroom CCTV, a battery catching fire: no alarm at "
    "the native rate",
    "fire_h2_bin_fire_takes.mp4": "a bin fire in three takes: alarm at 3.2 s at the native rate",
}
HELDOUT_FLAME_MISSES = {
    **HELDOUT_FLAME_MISSES,
    **HELDOUT_FIXED_FLAME_MISSES,
    **HELDOUT2_FLAME_MISSES,
}
HELDOUT_SMOKE_MISSES = {
    **HELDOUT_SMOKE_MISSES,
    **HELDOUT_FIXED_SMOKE_MISSES,
    **HELDOUT2_SMOKE_MISSES,
}
# At the source's frame rate (--native) the drone's forest smoke is caught (7.6 s).
HELDOUT_NATIVE_SMOKE_MISSES = {
    **{k: v for k, v in HELDOUT_SMOKE_MISSES.items() if k != "smoke_ho_forest_drone.mp4"},
    "smoke_ho_plume.mp4": "big white plume moving slowly: alarm at 12.2 s at the native rate",
    "fire_ho_street_ebike_cctv.mp4": "white battery smoke on a news-edited CCTV road: alarm at "
    "13.0 s at the native rate",
    "fire_ho_warehouse_cctv.mp4": "CCTV time-lapse: alarm at 24.3 s at the native rate",
    "fire_ho_forest_night.mp4": "orange-lit night smoke: alarm at 15.6 s at the native rate",
}
KNOWN_SMOKE_MISSES_TUNED = KNOWN_SMOKE_MISSES
KNOWN_FLAME_MISSES = {**KNOWN_FLAME_MISSES, **HELDOUT_FLAME_MISSES}
KNOWN_SMOKE_MISSES = {**KNOWN_SMOKE_MISSES_TUNED, **HELDOUT_SMOKE_MISSES}
# Real false alarms of the current engine, kept visible until the stages are tuned (the last,
# the taxi on nf_cars_close_city, went with branch flame5's colour-slide test).
KNOWN_FALSE: dict[tuple[str, str], str] = {}
# The held-out non-fire clips (`nf_ho_*`, 2026-12-07, 22.0 min): measured once with main
# c6f3473's engine (`hazard_footage.py --only nf_ho_`, both sets), never tuned on. Against 0 / 0 /
# 0 on the 66.2 tuned minutes: 6 false flames, 5 false smoke (4 native), 3 false tamper.
_FLAME = "flame_started"
_SMOKE = "smoke_started"
_TAMPER = "tamper_started"
HELDOUT_FALSE: dict[tuple[str, str], str] = {
    ("nf_ho_latte_art_closeup.mp4", _FLAME): "milk poured into a latte close to the lens: "
    "brown-orange crema swirling and changing shape (2.6 s; 4.6 s native)",
    ("nf_ho_child_closeup_handheld.mp4", _FLAME): "hand-held: a child's skin and pink clothes "
    "in warm light at the bottom of the view (7.4 s)",
    ("nf_ho_dusk_junction_cctv.mp4", _FLAME): "junction CCTV at dusk: a lorry with a red and "
    "orange side crossing in front of red traffic lights (25.0 s)",
    ("nf_ho_umbrellas_night_rain.mp4", _FLAME): "a red umbrella under warm street light in the "
    "rain at night (10.4 s; 1.2 s native)",
    ("nf_ho_bus_yellow_bikes.mp4", _FLAME): "a bus's red LED sign and yellow bikes passing "
    "under trees (3.4 s)",
    ("nf_ho_cyclist_orange_jacket.mp4", _FLAME): "camera moving with a cyclist in a red and "
    "yellow jacket (4.0 s)",
    ("nf_ho_umbrellas_night_rain.mp4", _SMOKE): "rain and umbrellas in the dark foreground at "
    "night (9.0 s; 8.8 s native)",
    ("nf_ho_cyclists_orange_bikes.mp4", _SMOKE): "camera moving along a street of cyclists: "
    "the grey road churning at the bottom (6.6 s; not at the native rate)",
    ("nf_ho_sun_over_valley.mp4", _SMOKE): "a wide valley under a hazy sky, the corner of the "
    "sky churning (9.8 s; not at the native rate)",
    ("nf_ho_storm_cloud_timelapse.mp4", _SMOKE): "a time-lapse of billowing grey cumulus: "
    "a cloud is what smoke looks like (12.2 s; 10.8 s native)",
    ("nf_ho_clouds_darkening.mp4", _SMOKE): "a time-lapse of clouds darkening: a corner of "
    "the sky churning (25.0 s, both sets)",
    ("nf_ho_motorbikes_orange.mp4", _TAMPER): "the view drifts slowly in this shot of an edited "
    "video: reported as moved at 11.0 s",
    ("nf_ho_moon_clouds.mp4", _TAMPER): "the moon in a dark night sky with thin clouds: a "
    "dark, nearly textureless view read as covered at 11.2 s",
    ("nf_ho_storm_clouds_istock.mp4", _TAMPER): "a time-lapse of storm clouds rolling in, the "
    "light falling to near dark: read as covered at 5.0 s",
}
# Round 2's non-fire clips (`nf_h2_*`, 20.4 min, mostly shop and street CCTV): 8 false flames
# (5 of them from still cameras, in shops), 1 false smoke, no false tamper.
HELDOUT2_FALSE: dict[tuple[str, str], str] = {
    ("nf_h2_supermarket_produce_walk.mp4", _FLAME): "hand-held walk past red peppers, tomatoes "
    "and oranges under shop lights (3.4 s; 24.8 s native)",
    ("nf_h2_vegetables_table_pan.mp4", _FLAME): "a pan over red peppers, carrots and lemons "
    "(3.0 s; 2.8 s native)",
    ("nf_h2_builders_hivis.mp4", _FLAME): "moving camera, builders in yellow hi-vis in the sun "
    "(1.4 s, both sets)",
    ("nf_h2_mall_atrium_above.mp4", _FLAME): "still camera over a mall's atrium, lit shop "
    "fronts and shoppers (8.4 s; not at the native rate)",
    ("nf_h2_umbrellas_crossing_above.mp4", _FLAME): "umbrellas from above, pink, yellow and "
    "rainbow, on a wet crossing (12.8 s; 11.2 s native)",
    ("nf_h2_corner_shop_cctv.mp4", _FLAME): "ceiling CCTV over a shop counter of colourful goods, "
    "a man in an orange helmet (10.8 s; not at the native rate)",
    ("nf_h2_worker_yellow_vest_room.mp4", _FLAME): "still camera, a worker in a yellow hi-vis "
    "vest in a white room (3.6 s; not at the native rate)",
    ("nf_h2_checkout_cctv_crowd.mp4", _FLAME): "ceiling CCTV over a crowded shop counter, staff "
    "in red (1.4 s; 2.2 s native)",
    ("nf_h2_espresso_pour_dolly.mp4", _SMOKE): "slow dolly on espresso pouring, orange-brown "
    "crema, red lamps, no steam seen (11.8 s; 24.0 s native)",
}
KNOWN_FALSE = {**KNOWN_FALSE, **HELDOUT_FALSE, **HELDOUT2_FALSE}


@cache
def analysed(name: str) -> Run:
    """Run the engine's analyser over one clip once per session."""
    path = footage_dir() / name
    if not path.is_file():
        pytest.skip(f"real footage {path} is absent (see benchmarks/footage/hazards.json)")
    return run_clip(path)


def _params(clips: list[dict[str, Any]], known: dict[str, str]) -> list[Any]:
    return [
        pytest.param(
            c,
            id=c["clip"],
            marks=[pytest.mark.xfail(reason=known[c["clip"]], strict=True)]
            if c["clip"] in known
            else [],
        )
        for c in clips
    ]


# Held-out round 2 (`*_h2_*`) was measured once (main c7f2e95, HELDOUT2_* above); every clip
# is now in these tests, its misses and false alarms strict xfails. Held-out round 3
# (`*_h3_*`, hazard_footage.UNMEASURED_ROUNDS), collected by a helper who never ran the engine
# on it, stays out until its one measurement (`hazard_footage.py --only _h3_`); then add it with
# its measured misses and false alarms.
_MEASURED = [c for c in CLIPS if not unmeasured(c["clip"])]
FIRE = [c for c in _MEASURED if c["kind"] == "fire"]
SMOKE = [c for c in _MEASURED if c["kind"] in ("fire", "smoke") and "smoke" in c["labels"]]


def _flame_within_three_seconds(run: Run, clip: dict[str, Any]) -> None:
    onset = clip["labels"]["fire"]
    started = first(run, "flame_started", onset)
    assert started is not None
    assert started - onset <= 3.0
    early = [t for kind, t, _ in run.events if kind == "flame_started" and t < onset - 0.5]
    assert early == []


def _smoke_within_ten_seconds(run: Run, clip: dict[str, Any]) -> None:
    onset = clip["labels"]["smoke"]
    started = first(run, "smoke_started", onset)
    assert started is not None
    assert started - onset <= 10.0


@pytest.mark.parametrize("clip", _params(FIRE, KNOWN_FLAME_MISSES))
def test_flame_within_three_seconds(clip: dict[str, Any]) -> None:
    """A flame alarm at most 3 s after the first visible flame, and none before it."""
    _flame_within_three_seconds(analysed(clip["clip"]), clip)


@pytest.mark.parametrize("clip", _params(SMOKE, KNOWN_SMOKE_MISSES))
def test_smoke_within_ten_seconds(clip: dict[str, Any]) -> None:
    """A smoke alarm at most 10 s after smoke is first visible."""
    _smoke_within_ten_seconds(analysed(clip["clip"]), clip)


@pytest.mark.parametrize("name", ["fire_station_van.mp4", "smoke_field.mp4"])
def test_smoke_replay_gives_the_analyzers_events(name: str) -> None:
    """benchmarks/smoke_stage.py's replay on decoded frames reports what the Analyzer does.

    The replay is how smoke changes are tried on the whole set in seconds; it is only worth
    its figures if its frames and events are the Analyzer's own (same sampling, same scaling).
    """
    run = analysed(name)
    frames, times, duration = decode(footage_dir() / name)
    replayed = replay_smoke(name, frames, times, duration, SmokeParams())
    smoke = [e for e in run.events if e[0].startswith("smoke_")]
    assert smoke, "the clip raises smoke, so the comparison means something"
    assert replayed.events == smoke
    assert replayed.frames == run.frames
    assert replayed.duration == run.duration


def test_smoke_flicker_keeps_a_lit_restaurant_wall_from_smoke() -> None:
    """People moving in front of a white restaurant wall, at the source's rate: the camera's
    exposure brightens and darkens the wall by turns. With the flicker test those frames count
    neither way and the wall stays well short of an alarm; without it, the same frames raise
    smoke at the stage's persistence (it held 17 of 18 frames before the flicker test)."""
    name = "nf_restaurant_cctv3.mp4"
    path = footage_dir(native=True) / name
    if not path.is_file():
        pytest.skip(f"native-rate footage {path} is absent")
    frames, times, duration = decode(path)
    detector = SmokeDetector()
    seen, peak = [], 0
    for frame in frames:
        detector.update(frame)
        seen.append(detector.refused)
        peak = max(peak, detector.evidence)
    assert seen.count("flicker") >= 3
    assert peak <= SmokeParams().persistence - 3
    loose = replay_smoke(name, frames, times, duration, SmokeParams(uniform=2.0))
    assert [e[0] for e in loose.events][:1] == ["smoke_started"]


def _false_params() -> list[Any]:
    out = []
    for clip in _MEASURED:
        if clip["kind"] not in ("nonfire", "tamper"):
            continue
        for event in ("flame_started", "smoke_started", "tamper_started"):
            labels = clip["labels"]
            if event == "flame_started" and labels.get("flame_ok"):
                continue
            if event == "smoke_started" and labels.get("smoke_ok"):
                continue
            if event == "tamper_started" and (
                clip["kind"] == "tamper" or labels.get("camera_moving")
            ):
                continue
            reason = KNOWN_FALSE.get((clip["clip"], event))
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            out.append(pytest.param(clip, event, id=f"{clip['clip']}-{event}", marks=marks))
    return out


@pytest.mark.parametrize(("clip", "event"), _false_params())
def test_no_false_alarm(clip: dict[str, Any], event: str) -> None:
    """Warm light, sunsets, red clothes, traffic, car parks, faces at the lens: no alarm."""
    run = analysed(clip["clip"])
    assert [round(t, 1) for kind, t, _ in run.events if kind == event] == []


# Smoke clips without a `fire` label show no flame at any time: every flame alarm on one is
# false. Found 2026-12-07 (the benchmark had scored only their smoke until then).
KNOWN_FLAME_ON_SMOKE = {
    "smoke_plume_far.mp4": "a drone flying forward low over sunlit white chalk and dry grass: "
    "the ground streams through a place near the bottom of the view, peach-white and clipped, "
    "changing shape between frames while the view as a whole hardly shifts (0.2 px), so the "
    "'carried by the camera' test does not apply; flame at 9.4 s on both sets",
}
SMOKE_WITHOUT_FIRE = [c for c in _MEASURED if shows_no_flame(c)]


@pytest.mark.parametrize("clip", _params(SMOKE_WITHOUT_FIRE, KNOWN_FLAME_ON_SMOKE))
def test_no_flame_on_smoke_without_fire(clip: dict[str, Any]) -> None:
    """Smoke is not flame: a plume, a drift on the horizon or a drone's view of one."""
    run = analysed(clip["clip"])
    assert [round(t, 1) for kind, t, _ in run.events if kind == "flame_started"] == []


@pytest.mark.parametrize(
    "clip", [c for c in CLIPS if c["kind"] == "tamper"], ids=lambda c: c["clip"]
)
def test_tamper_is_its_own_kind_in_time(clip: dict[str, Any]) -> None:
    """Covered, defocused and moved within 3 s (frozen by design after 12 s), nothing else."""
    run = analysed(clip["clip"])
    labels = clip["labels"]
    kind = labels["tamper"]
    starts = [(data["kind"], t) for event, t, data in run.events if event == "tamper_started"]
    assert [k for k, _ in starts] == [kind]
    allowed = 13.0 if kind == "frozen" else 3.0
    assert labels["start"] - 0.5 <= starts[0][1] <= labels["start"] + allowed
    if "end" in labels and kind != "frozen":
        ended = [t for e, t, d in run.events if e == "tamper_ended" and d["kind"] == kind]
        assert ended
        assert labels["end"] <= ended[0] <= labels["end"] + 3.0


# The same clips at their source's frame rate ($UNMANNED_STORE_FOOTAGE/hazards_native, made by
# benchmarks/footage/prepare_native.py): what a camera streams, where the frame after an analysed
# one is the camera's next (the flame stage's one-step change). Measured at f31e50e with
# `benchmarks/hazard_footage.py --native` (docs/accuracy.md, the fire part): flame 12 / 15 within
# 3 s, smoke 6 / 11 within 10 s (7 / 11 since branch smoke3), 3 false flames (1 since branch
# faceflame's face test removed the dance room's 2: the clip below), no false smoke.
KNOWN_NATIVE_FLAME_MISSES = {
    **{k: v for k, v in KNOWN_FLAME_MISSES.items() if k not in HELDOUT2_FLAME_MISSES},
    **HELDOUT2_NATIVE_FLAME_MISSES,
}
# fire_station_van was 18.8 s late here until one edge patch moving alone (a man walking at the
# picture's side) stopped reading as a zoom (branch smoke3): now 6.8 s.
KNOWN_NATIVE_SMOKE_MISSES = {
    **KNOWN_SMOKE_MISSES_TUNED,
    **HELDOUT_NATIVE_SMOKE_MISSES,
    **HELDOUT2_SMOKE_MISSES,
}
# False flames at the native rate, with the reason: a clip listed here is a strict xfail in
# test_native_no_false_alarm. None since branch flame5's slide test (the taxi).
KNOWN_NATIVE_FALSE_FLAMES: dict[str, str] = {}
# The held-out non-fire clips at the native rate: the same, except for two smoke alarms (one
# more, one fewer).
HELDOUT_NATIVE_FALSE = {
    **{
        key: reason
        for key, reason in HELDOUT_FALSE.items()
        if key
        not in (
            ("nf_ho_cyclists_orange_bikes.mp4", _SMOKE),
            ("nf_ho_sun_over_valley.mp4", _SMOKE),
        )
    },
    ("nf_ho_warm_beige_clouds.mp4", _SMOKE): "warm beige clouds drifting over a pale sky "
    "(10.6 s; not on the standard set)",
    **{
        key: reason
        for key, reason in HELDOUT2_FALSE.items()
        if key[0]
        not in (
            "nf_h2_mall_atrium_above.mp4",
            "nf_h2_corner_shop_cctv.mp4",
            "nf_h2_worker_yellow_vest_room.mp4",
        )
    },
}


@cache
def analysed_native(name: str) -> Run:
    """Run a clip of the native-rate set once per session (without the person detector).

    The fire, smoke and tamper stages never read the people stage, so their events are the
    same as a camera's with its detector, at a fraction of the CPU.
    """
    path = footage_dir(native=True) / name
    if not path.is_file():
        pytest.skip(
            f"native-rate footage {path} is absent (benchmarks/footage/prepare_native.py makes it)"
        )
    return run_clip(path, people=False)


@pytest.mark.parametrize("clip", _params(FIRE, KNOWN_NATIVE_FLAME_MISSES))
def test_native_flame_within_three_seconds(clip: dict[str, Any]) -> None:
    """At a camera's own frame rate too: a flame alarm within 3 s of the flame, none before."""
    _flame_within_three_seconds(analysed_native(clip["clip"]), clip)


@pytest.mark.parametrize("clip", _params(SMOKE, KNOWN_NATIVE_SMOKE_MISSES))
def test_native_smoke_within_ten_seconds(clip: dict[str, Any]) -> None:
    """At a camera's own frame rate: a smoke alarm at most 10 s after smoke is visible."""
    _smoke_within_ten_seconds(analysed_native(clip["clip"]), clip)


def _native_false_params() -> list[Any]:
    out = []
    for clip in _MEASURED:
        if clip["kind"] not in ("nonfire", "tamper"):
            continue
        labels = clip["labels"]
        for event, excused in (
            ("flame_started", labels.get("flame_ok", False)),
            ("smoke_started", labels.get("smoke_ok", False)),
            # A tamper clip's own tamper is judged by its labels (the standard set's test).
            ("tamper_started", clip["kind"] == "tamper" or labels.get("camera_moving", False)),
        ):
            if excused:
                continue
            known = HELDOUT_NATIVE_FALSE.get((clip["clip"], event)) or (
                KNOWN_NATIVE_FALSE_FLAMES.get(clip["clip"]) if event == "flame_started" else None
            )
            marks = [pytest.mark.xfail(reason=known, strict=True)] if known else []
            out.append(pytest.param(clip, event, id=f"{clip['clip']}-{event}", marks=marks))
    return out


@pytest.mark.parametrize(("clip", "event"), _native_false_params())
def test_native_no_false_alarm(clip: dict[str, Any], event: str) -> None:
    """No flame, smoke or tamper alarm on footage without them at the source's frame rate."""
    run = analysed_native(clip["clip"])
    assert [round(t, 1) for kind, t, _ in run.events if kind == event] == []


@pytest.mark.parametrize(
    ("name", "native"),
    [
        ("fire_floor_small.mp4", False),
        ("nf_dance_sunlit_room.mp4", False),
        ("fire_vehicle_smoke.mp4", True),
        ("nf_dance_sunlit_room.mp4", True),
        ("nf_office_heater.mp4", True),
    ],
)
def test_flame_stage_replay_is_the_analyzers_flame_stage(
    name: str, native: bool, tmp_path: Path
) -> None:
    """benchmarks/flame_stage.py's cached replay raises the Analyzer's flame events exactly.

    On the native clips the next-frame cue decides (the hand-held fire's first frames, the
    office walk's false flames that the cue removes), so the pairs must be replayed as asked.
    """
    run = analysed_native(name) if native else analysed(name)
    path = footage_dir(native) / name
    cached = cache_clip(path, tmp_path / f"{name}.npz")
    again = cache_clip(path, tmp_path / f"{name}.npz")  # read back from the cache file
    assert np.array_equal(again.frames, cached.frames)
    assert np.array_equal(again.pair_of, cached.pair_of)
    flames = [(kind, round(t, 3)) for kind, t, _ in run.events if kind.startswith("flame")]
    # The face test's frames at the source's resolution, decoded where a place reaches it.
    full = FullFrames(
        path, tmp_path / f"{name}.full.npz", partial(reaching_face_test, again, FlameParams())
    )
    replayed = replay_flame(again, FlameParams(), full)
    assert [(kind, round(t, 3)) for kind, t, _ in replayed.events] == flames
    assert replayed.frames == run.frames
    # Kept on disk: a second run decodes nothing more.
    kept = FullFrames(path, tmp_path / f"{name}.full.npz", lambda: set())
    assert replay_flame(again, FlameParams(), kept).events == replayed.events
    assert kept.decodes == 0


def test_flame_stage_settings_keep_each_fields_type() -> None:
    """--set FIELD=VALUE gives the field its own type; an unknown field is refused."""
    params = with_settings(FlameParams(), ["min_flutter=0.5", "persistence=6"])
    assert params.min_flutter == 0.5
    assert params.persistence == 6
    assert isinstance(params.persistence, int)
    assert params.window == FlameParams().window
    with pytest.raises(SystemExit):
        with_settings(FlameParams(), ["no_such_field=1"])
    with pytest.raises(SystemExit):
        with_settings(FlameParams(), ["min_flutter"])


def test_manifest_clips_match_their_checksums() -> None:
    """The clips on this machine are the ones the labels were made for."""
    folder = footage_dir()
    present = [c for c in CLIPS if (folder / c["clip"]).is_file()]
    if not present:
        pytest.skip(f"no hazard footage in {folder}")
    for clip in present:
        digest = hashlib.sha256((folder / clip["clip"]).read_bytes()).hexdigest()
        assert digest == clip["sha256"], clip["clip"]


def test_manifest_is_complete() -> None:
    """Every clip names its source, commit, licence, processing and labels."""
    kinds = {c["kind"] for c in CLIPS}
    assert kinds == {"fire", "smoke", "nonfire", "tamper"}
    for clip in CLIPS:
        source = clip["source"]
        assert source["repo"].count("/") == 1
        assert len(source["commit"]) == 40
        assert source["licence"]
        assert clip["processing"]
        assert len(clip["sha256"]) == 64
        assert Path(clip["clip"]).suffix == ".mp4"
    assert sum(c["kind"] == "fire" for c in CLIPS) >= 8
    assert sum("smoke" in c["labels"] and c["kind"] != "nonfire" for c in CLIPS) >= 4
    assert sum(c["kind"] == "tamper" for c in CLIPS) >= 6


def test_heldout_clips_come_from_sources_never_tuned_on() -> None:
    """The held-out fire, smoke and non-fire clips share no repository with the clips tuned on
    (nor, for the non-fire ones, with the people clips)."""
    held = [c for c in CLIPS if c.get("heldout")]
    tuned = {c["source"]["repo"].lower() for c in CLIPS if not c.get("heldout")}
    people = json.loads((MANIFEST.parent / "people.json").read_text())["clips"]
    people_repos = {c["source"]["repository"].lower() for c in people}
    assert sum(c["kind"] == "fire" for c in held) >= 6
    assert sum(c["kind"] == "smoke" for c in held) >= 3
    # At least 20 minutes of held-out footage without fire, for the false-alarm rate.
    nonfire = [c for c in held if c["kind"] == "nonfire"]
    assert sum(c["duration"] for c in nonfire) >= 20 * 60
    for clip in held:
        assert clip["heldout"] is True
        assert clip["kind"] in ("fire", "smoke", "nonfire")
        assert clip["source"]["repo"].lower() not in tuned, clip["clip"]
    for clip in nonfire:
        assert clip["clip"].startswith(("nf_ho_", "nf_h2_", "nf_h3_")), clip["clip"]
        assert clip["source"]["repo"].lower() not in people_repos, clip["clip"]
        assert set(clip["labels"]) <= {"camera_moving", "smoke_ok", "flame_ok"}, clip["clip"]
    # Written only when true, so the tuned clips' manifest entries are as they were.
    assert all("heldout" not in c for c in CLIPS if not c.get("heldout"))


def _new_round(infix: str) -> list[dict[str, Any]]:
    """A held-out round's clips (names with `infix`), each checked to be held out, named for
    its round and from a repository that no other clip (hazard or people) comes from."""
    clips = [c for c in CLIPS if infix in c["clip"]]
    assert clips
    others = {c["source"]["repo"].lower() for c in CLIPS if infix not in c["clip"]}
    people = json.loads((MANIFEST.parent / "people.json").read_text())["clips"]
    others |= {c["source"]["repository"].lower() for c in people}
    for clip in clips:
        assert clip.get("heldout") is True, clip["clip"]
        names = tuple(f"{kind}{infix}" for kind in ("nf", "fire", "smoke"))
        assert clip["clip"].startswith(names), clip["clip"]
        assert clip["source"]["repo"].lower() not in others, clip["clip"]
    return clips


def test_heldout_clips_come_from_new_repositories_in_round2() -> None:
    """Held-out round 2 (`*_h2_*`): fresh footage, from repositories that no other clip comes from
    (tuned, held out before, or people), with at least 20 minutes without fire and fixed-camera
    fire and smoke."""
    round2 = _new_round("_h2_")
    nonfire = [c for c in round2 if c["kind"] == "nonfire"]
    assert sum(c["duration"] for c in nonfire) >= 20 * 60
    assert sum("fire" in c["labels"] for c in round2 if c["kind"] != "nonfire") >= 5
    assert sum("smoke" in c["labels"] for c in round2 if c["kind"] != "nonfire") >= 4


def test_heldout_clips_come_from_new_repositories_in_round3() -> None:
    """Held-out round 3 (`*_h3_*`): fresh footage, from repositories that no other clip comes from
    (tuned, held out before including round 2, or people), with at least 12 minutes of CCTV and
    other footage without fire, and the few fixed-camera fires and smoke of 10-60 s that could be
    found (README)."""
    round3 = _new_round("_h3_")
    for clip in round3:
        assert clip["kind"] in ("fire", "smoke", "nonfire"), clip["clip"]
        # 10-60 s, but for the one fire found starting on a shop's ceiling camera (8 s, whole).
        shortest = 8 if clip["clip"] == "fire_h3_store_aisle_battery_cctv.mp4" else 10
        assert shortest <= clip["duration"] <= 60.5, clip["clip"]
    nonfire = [c for c in round3 if c["kind"] == "nonfire"]
    assert sum(c["duration"] for c in nonfire) >= 12 * 60
    for clip in nonfire:
        assert set(clip["labels"]) <= {"camera_moving", "smoke_ok", "flame_ok"}, clip["clip"]
    hazards = [c for c in round3 if c["kind"] != "nonfire"]
    assert sum("fire" in c["labels"] for c in hazards) >= 3
    assert sum("smoke" in c["labels"] for c in hazards) >= 2


def test_a_round_not_yet_measured_is_run_only_when_named() -> None:
    """A plain hazard_footage.py run (or one for another clip) leaves an unmeasured held-out
    round out; `--only _h3_` is how it is measured, once."""
    assert unmeasured("nf_h3_shop.mp4")
    assert unmeasured("nf_h3_shop.mp4", "nf_")
    assert not unmeasured("nf_h3_shop.mp4", "_h3_")
    assert not unmeasured("nf_h2_shop.mp4")
    everything, _, _ = select_clips("", native=False, heldout=True)
    assert not [c for c in everything if unmeasured(c["clip"])]


def test_stage_replays_never_select_heldout_clips() -> None:
    """flame_stage.py and smoke_stage.py, with which thresholds are tuned, select clips through
    select_clips without `heldout`: the held-out clips are not among them."""
    clips, _, _ = select_clips("", native=False)
    assert clips
    assert not [c for c in clips if c.get("heldout")]
    everything, _, _ = select_clips("", native=False, heldout=True)
    # Every clip but a held-out round not yet measured (hazard_footage.UNMEASURED_ROUNDS).
    assert len(everything) == len(_MEASURED)


def test_no_clip_comes_from_a_reserved_source() -> None:
    """Footage reserved for the independent evaluation (TEAM.md) is never a source here."""
    for clip in CLIPS:
        where = f"{clip['source']['repo']}/{clip['source']['path']}".lower()
        assert not [r for r in RESERVED if r in where], clip["clip"]


def _cached(name: str, tmp_path: Path) -> tuple[Any, FullFrames]:
    """A standard-set clip's stage frames and its frames at the source's resolution."""
    path = footage_dir() / name
    if not path.is_file():
        pytest.skip(f"real footage {path} is absent (see benchmarks/footage/hazards.json)")
    cached = cache_clip(path, tmp_path / f"{name}.npz")
    hint = partial(reaching_face_test, cached, FlameParams(face_memory=0))
    return cached, FullFrames(path, tmp_path / f"{name}.full.npz", hint)


def test_flame_sunlit_face_is_refused_as_a_face(tmp_path: Path) -> None:
    """The dance room's laughing, sunlit face passes every flame test; the face test finds it.

    Without the face test the same frames raise the false flame measured before it (two
    alarms then; one since an alarm on is held while fire colour stays where it was).
    """
    cached, full = _cached("nf_dance_sunlit_room.mp4", tmp_path)
    detector = FlameDetector()
    refused: list[str] = []
    for index in range(len(cached.times)):
        # The standard set's 5 fps clip has no next frame to give.
        assert cached.pair_of[index] == -1
        detector.update(cached.frames[index], None, partial(full, index))
        refused.append(detector.refused)
        assert not detector.active
    # Refused as a face on most frames where the other tests let it through: the evidence
    # never builds up to an alarm.
    assert refused.count("face") >= 10
    assert refused.count("face") > refused.count("")
    without = replay_flame(cached, FlameParams(face_memory=0), full)
    assert [kind for kind, _, _ in without.events].count("flame_started") == 1
    assert replay_flame(cached, FlameParams(), full).events == []


def test_flame_taxi_sliding_into_view_is_refused(tmp_path: Path) -> None:
    """A sunlit orange taxi entering close to the camera passes the colour, hot and flicker
    tests and moves too far between analysed frames for the rigidity test; its colour slides.

    Without the slide test the same frames raise the false flame measured before it (8.4 s).
    """
    cached, full = _cached("nf_cars_close_city.mp4", tmp_path)
    detector = FlameDetector()
    refused: list[str] = []
    for index in range(len(cached.times)):
        detector.update(cached.frames[index], None, partial(full, index))
        refused.append(detector.refused)
        assert not detector.active
    assert refused.count("slides") >= 4
    without = replay_flame(cached, FlameParams(slide_reach=0), full)
    assert [(kind, round(t, 1)) for kind, t, _ in without.events][:1] == [("flame_started", 8.4)]


# Found by held-out round 2: the slide test delays a fire (it was tuned on none like it).
SLIDE_CHANGES = {
    "fire_h2_bin_fire_takes.mp4": "a bin fire in three tripod takes joined by cuts: the slide "
    "test refuses 3 of its frames before the alarm, which comes at 2.8 s instead of 1.6 s",
}


@pytest.mark.parametrize("clip", _params(FIRE, SLIDE_CHANGES))
def test_flame_slide_test_changes_no_fire(clip: dict[str, Any], tmp_path: Path) -> None:
    """A flame's colour stays where it burns: every fire clip's flame alarms are the same with
    the slide test, the hand-held ones (burning car, vehicle smoke, bush fire) included."""
    cached, full = _cached(clip["clip"], tmp_path)
    without = replay_flame(cached, FlameParams(slide_reach=0), full)
    assert replay_flame(cached, FlameParams(), full).events == without.events


@pytest.mark.parametrize("clip", FIRE, ids=[c["clip"] for c in FIRE])
def test_flame_face_test_changes_no_fire(clip: dict[str, Any], tmp_path: Path) -> None:
    """Flames are not faces: every fire clip's flame alarms are the same with the face test.

    Two of them have people in front of the fire (the petrol station's CCTV, the burning car
    with an extinguisher): a fire behind a customer still alarms.
    """
    cached, full = _cached(clip["clip"], tmp_path)
    without = replay_flame(cached, FlameParams(face_memory=0), full)
    assert replay_flame(cached, FlameParams(), full).events == without.events
