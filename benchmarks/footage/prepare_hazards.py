"""Re-encode the fetched hazard footage small, derive the tamper clips, write the manifest.

Run: .venv/bin/python benchmarks/footage/prepare_hazards.py RAW_DIR
RAW_DIR holds the files exactly as `fetch` brought them (named as in SOURCES below); the clips
go to $UNMANNED_STORE_FOOTAGE/hazards (default <repo>/../shared/footage/hazards) and the
manifest, with the sha256 of every written clip, to benchmarks/footage/hazards.json.

No footage is committed: only this script, the manifest and the labels (times in seconds of the
re-encoded clip, which starts where the trim starts). Labels are the author's, from looking at the
frames: `fire` is the first frame with a visible flame, `smoke` the first with visible smoke.

The tamper clips are made from real non-fire clips by physically motivated operations, because no
real tamper footage with a licence was found: a hand or a cloth held over the lens (an occluder
that fills the view, lit or dark, with low texture), bubble wrap (strong diffusion plus bright
specular dots), defocus (a Gaussian blur ramp, as turning the focus ring), moved (the crop window
pans to another part of a larger frame and stays), frozen (one frame repeated).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
import hashlib
import json
import os
from pathlib import Path
import sys
from typing import Any

import cv2
from cv2.typing import MatLike
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "benchmarks" / "footage" / "hazards.json"

NO_LICENCE = (
    "none stated in the repository (all rights reserved by default): used here only as local "
    "development footage, never redistributed or committed"
)


@dataclass(frozen=True)
class Source:
    repo: str
    path: str
    commit: str
    licence: str


SOURCES: dict[str, Source] = {
    "punpayut_small_fire.mp4": Source(
        "punpayut/Fire-Detection",
        "small_fire.mp4",
        "d7120465c4992fcd7f399d0508aa7f9663ddca12",
        "MIT (LICENSE at the repository root; the clip carries an iStock watermark, so its "
        "original rights are unclear)",
    ),
    "punpayut_smoke.mp4": Source(
        "punpayut/Fire-Detection",
        "smoke.mp4",
        "d7120465c4992fcd7f399d0508aa7f9663ddca12",
        "MIT (LICENSE at the repository root; iStock watermark, original rights unclear)",
    ),
    **{
        f"loka_{n}.mp4": Source(
            "lokabhiramchintada/Integrated-Fire-Detection-and-Personnel-Accountability-System",
            f"{n}.mp4",
            "f6dec66fe349bf310d4f85b001e5629e787578ee",
            "Apache-2.0 (LICENSE at the repository root)",
        )
        for n in ("fire1", "fire2", "fire3", "test1")
    },
    "spacewalk_input.mp4": Source(
        "spacewalk01/yolov5-fire-detection",
        "input.mp4",
        "0ff3cdfb79a8de6d89650155eec3a6665c2939c8",
        "MIT (LICENSE at the repository root)",
    ),
    "anizamey_fire1.mp4": Source(
        "anizamey/Smart-Fire-Detection-and-Emergency-Response-System-",
        "fire1.mp4",
        "4429e70d20e52a7acbd655f8b33b209c7f663c85",
        NO_LICENCE,
    ),
    "gaurav_fire1.mp4": Source(
        "Gauravmk23/Forest-fire-detection",
        "fire1.mp4",
        "26822218e35f53efcfb4bfbf2c446db99ba5c373",
        NO_LICENCE,
    ),
    "godfather_fire.mp4": Source(
        "GodfatherMSA/Fire_Detection_yolov11s",
        "fire.mp4",
        "f4a27d577ca2517898a661d412826b4b352ed17d",
        NO_LICENCE,
    ),
    "l0kxh_fire1.mp4": Source(
        "l0kxh/Intelligent-video-surveillance-system",
        "fire1.mp4",
        "4530d6811d6132af068b9f15043c45776e734bb1",
        NO_LICENCE + " (a CGTN news item)",
    ),
    "l0kxh_fire3.mp4": Source(
        "l0kxh/Intelligent-video-surveillance-system",
        "fire3.mp4",
        "4530d6811d6132af068b9f15043c45776e734bb1",
        NO_LICENCE,
    ),
    "liao_fire.mp4": Source(
        "liaoqingjian/Jetson_Nano_yolov11",
        "fire.mp4",
        "2ad7dad2287e5b730e1e23710ec2854181da85e6",
        NO_LICENCE,
    ),
    "liao_hat.mp4": Source(
        "liaoqingjian/Jetson_Nano_yolov11",
        "hat.mp4",
        "2ad7dad2287e5b730e1e23710ec2854181da85e6",
        NO_LICENCE,
    ),
    "limjongun_fire.mp4": Source(
        "Limjongun/Fire-Detector",
        "fire.mp4",
        "0076a35b0e3fb4f95c1dad2b989db87a0d496f11",
        NO_LICENCE,
    ),
    "pratik_fire.mp4": Source(
        "pratik7k/fire_detection",
        "fire.mp4",
        "e9b7dd2ce1d0acf0e23e147aad6f446e01aa8925",
        NO_LICENCE,
    ),
    "saikat_fire.mp4": Source(
        "saikat445/Fire_detection",
        "fire.mp4",
        "d0b0b48fbf054c95b7753c1f9fc81933533427b9",
        NO_LICENCE,
    ),
    "saikat_candle.mp4": Source(
        "saikat445/Fire_detection",
        "candle.mp4",
        "d0b0b48fbf054c95b7753c1f9fc81933533427b9",
        NO_LICENCE,
    ),
    "deepankar_smoke.mp4": Source(
        "deepankarvarma/Forestfire-Smoke-Detection--OpenCV--Keras",
        "smoke.mp4",
        "bf38c6c00fb50456ed968142db64a31dec336a0c",
        NO_LICENCE,
    ),
    "teerapong_Video3.mp4": Source(
        "TeerapongP/machine-learning-detection-fireforest",
        "Video3.mp4",
        "f4f6763e390e3c9bb3b42fc05113ab13693f0fbc",
        NO_LICENCE,
    ),
    "teerapong_smoke.mp4": Source(
        "TeerapongP/machine-learning-detection-fireforest",
        "smoke.mp4",
        "f4f6763e390e3c9bb3b42fc05113ab13693f0fbc",
        NO_LICENCE,
    ),
    "teerapong_nonfire.mp4": Source(
        "TeerapongP/machine-learning-detection-fireforest",
        "nonfire.mp4",
        "f4f6763e390e3c9bb3b42fc05113ab13693f0fbc",
        NO_LICENCE,
    ),
    **{
        f"gitihm_{n}.mp4": Source(
            "gitihm/detectsmoke", f"{n}.mp4", "ff10edefefc152e7ca544d6bc27f9aa91c53b284", NO_LICENCE
        )
        for n in ("111", "112", "smoke")
    },
    "nf_4ku_traffic.mp4": Source(
        "4ku/yolov4_tensorrt",
        "data/traffic.mp4",
        "684f11487b48a39af24d4d28ced98a2afbe2f15a",
        NO_LICENCE,
    ),
    "nf_borislav_traffic.mp4": Source(
        "BorislavY/Traffic_Surveillance",
        "traffic.mp4",
        "f8d2246faf2f87fade053bd7703c4d15e053c0c7",
        NO_LICENCE,
    ),
    "nf_ckuhn_traffic.mp4": Source(
        "cKuhn517/cvTrafficCam",
        "traffic.mp4",
        "f82ae0180c8dd759af360a725d11bd6880443bb1",
        "MIT (LICENSE at the repository root)",
    ),
    "nf_mihail_traffic.mp4": Source(
        "mihailrc/computerVisionWorkshop",
        "inference/videos/traffic.mp4",
        "1aa7fead1ef0a2b9c345ed9f5f4bd88d4637f76f",
        NO_LICENCE + " (the only LICENSE is deep_sort_pytorch's, for that folder)",
    ),
    "nf_nasr_parking.mp4": Source(
        "nasrfathy1/Count-Car-In-Parking-",
        "parking.mp4",
        "96ae89b5d200473a949813e68a20cea62b70ebf2",
        NO_LICENCE,
    ),
    "nf_levantan_parking.mp4": Source(
        "levantan1401/processing_smart_park",
        "parking.mp4",
        "ba79cbacfb6c92f3421c0d618459cbfa1ad6391a",
        NO_LICENCE,
    ),
    "nf_uswa_sunset.mp4": Source(
        "uswarather/sunset", "sunset.mp4", "beba3ab6d6b34d5264582d84350a91d5061ecd6b", NO_LICENCE
    ),
    "nf_rndexe_sunset.mp4": Source(
        "rndexe/vids", "sunset.mp4", "9d82cb81001b3afd42b867b0961da1c4cfcd41e3", NO_LICENCE
    ),
    **{
        f"nf_sharath_{n}.mp4": Source(
            "sharath-yanamandra/security-cameras-locally",
            f"{n}.mp4",
            "cac51610580e23e74066fc829ac6506858c8988d",
            NO_LICENCE + " (the parking clip carries a Getty Images watermark)",
        )
        for n in (
            "parking",
            "people_gathering",
            "people_sitting_on_stairs",
            "people_standing_on_stairs",
        )
    },
    "nf_haven_cooking.mp4": Source(
        "havengrill/root", "cooking.mp4", "c13d6ab43f49689674b474c774227e0ea10526cd", NO_LICENCE
    ),
    "nf_haven_birthday.mp4": Source(
        "havengrill/root", "birthday.mp4", "c13d6ab43f49689674b474c774227e0ea10526cd", NO_LICENCE
    ),
    "nf_rfmanz_night.mp4": Source(
        "rfmanz/surveillance", "night.mp4", "3f54ebfa30f9133a4844035f0fef438d58ce97d6", NO_LICENCE
    ),
    **{
        f"nf_wxhxxd_{n}.mp4": Source(
            "wxhxxd/smart-home-ai",
            f"{n}.mp4",
            "e525b30dc3ca1ced660196845538ba3375239cda",
            NO_LICENCE,
        )
        for n in ("morning", "afternoon", "night")
    },
    "nf_yinbo_3611.mp4": Source(
        "YinboChen/computer_vision_final_projectRCNN",
        "patches/3611.mp4",
        "ad7ce8d3e41dc62d0e9df7dceca5242d0348d6ae",
        NO_LICENCE,
    ),
    "nf_utkarsh_store.mp4": Source(
        "utkarshsharma14/Purplle-VibeSense",
        "store.mp4",
        "772c9f86e5f759bfefc024499544e30486e7e3bf",
        NO_LICENCE,
    ),
    "nf_sajad_vdo2.mp4": Source(
        "sajadulakash/polygon-based-traffic-monitor",
        "vdo2.mp4",
        "f5a5a17e26bbd10b03aeedd5a0429386516ef812",
        NO_LICENCE,
    ),
    "nf_deepu_accident.mp4": Source(
        "deepufrk/Object_Detection",
        "Car accident Caught CCTV India -2.mp4",
        "3313ca373d3c3b8439df075d98863fe758f4674e",
        "GPL-3.0 (LICENSE at the repository root; the clip itself is a CCTV recording of "
        "unclear origin)",
    ),
}

Op = Callable[[MatLike, float], MatLike]


@dataclass
class Clip:
    """One clip to write; times in seconds of the raw file; labels in seconds of the output."""

    name: str
    raw: str
    kind: str  # fire | smoke | nonfire | tamper
    width: int
    fps: float
    start: float = 0.0
    end: float | None = None
    labels: dict[str, Any] = field(default_factory=dict)
    scene: str = ""
    op: Op | None = None
    op_text: str = ""


def _occluder(colour: tuple[int, int, int], t0: float, t1: float, texture: float) -> Op:
    """A hand or cloth swung over the lens in 0.4 s, held, then taken away in 0.4 s."""

    def apply(frame: MatLike, t: float) -> MatLike:
        cover = min(1.0, max(0.0, (t - t0) / 0.4), max(0.0, (t1 + 0.4 - t) / 0.4))
        if cover <= 0:
            return frame
        h, w = frame.shape[:2]
        rng = np.random.default_rng(int(t * 100))
        # Out of focus (a hand at 2 cm is far inside the lens's near limit): a smooth shade
        # with a gentle gradient from the light that leaks round the edge.
        gradient = np.linspace(0.8, 1.15, w, dtype=np.float32)[None, :, None]
        sheet = np.ones((h, w, 3), np.float32) * np.array(colour, np.float32) * gradient
        sheet += rng.normal(0, texture, (h, w, 1)).astype(np.float32)
        edge = int(w * cover)
        out = frame.astype(np.float32)
        out[:, :edge] = sheet[:, :edge]
        return np.clip(out, 0, 255).astype(np.uint8)

    return apply


def _bubble_wrap(t0: float, t1: float) -> Op:
    """Bubble wrap pressed on the lens: the scene diffused to a blur, with bright bubble rims."""

    def apply(frame: MatLike, t: float) -> MatLike:
        if not t0 <= t <= t1:
            return frame
        h, w = frame.shape[:2]
        blurred = cv2.GaussianBlur(frame, (0, 0), w / 40)
        out = cv2.addWeighted(blurred, 0.55, np.full_like(frame, 200), 0.45, 0)
        step = max(8, w // 14)
        for y in range(step // 2, h, step):
            for x in range(step // 2 + (y // step % 2) * step // 2, w, step):
                cv2.circle(out, (x, y), step // 3, (235, 235, 235), max(1, w // 320))
        return out

    return apply


def _defocus(t0: float, t1: float, sigma: float) -> Op:
    """The focus ring turned over 1 s, held, and turned back over 1 s."""

    def apply(frame: MatLike, t: float) -> MatLike:
        amount = min(1.0, max(0.0, t - t0), max(0.0, t1 + 1.0 - t))
        if amount <= 0:
            return frame
        s = sigma * amount * frame.shape[1] / 640
        return cv2.GaussianBlur(frame, (0, 0), max(0.3, s))

    return apply


def _moved(t0: float, shift: float) -> Op:
    """The camera knocked: the view pans by `shift` of the width over 0.6 s and stays there.

    The output is a 70 % crop of the raw frame, so the pan shows real scene, not a border.
    """

    def apply(frame: MatLike, t: float) -> MatLike:
        h, w = frame.shape[:2]
        cw, ch = int(w * 0.7), int(h * 0.7)
        done = min(1.0, max(0.0, (t - t0) / 0.6))
        x = int((w - cw) * 0.1 + w * shift * done)
        y = int((h - ch) * 0.5 + h * 0.1 * done)
        x, y = min(max(0, x), w - cw), min(max(0, y), h - ch)
        return frame[y : y + ch, x : x + cw]

    return apply


def _frozen(t0: float, t1: float) -> Op:
    held: dict[str, MatLike] = {}

    def apply(frame: MatLike, t: float) -> MatLike:
        if t0 <= t <= t1:
            if "frame" not in held:
                held["frame"] = frame.copy()
            return held["frame"]
        return frame

    return apply


CLIPS: list[Clip] = [
    # Fire: first visible flame in seconds of the output clip.
    Clip(
        "fire_bin_indoor",
        "pratik_fire.mp4",
        "fire",
        360,
        10,
        0,
        22,
        {"fire": 4.0, "smoke": 3.0},
        "indoor living room, bin fire grows then dies, dim",
    ),
    Clip(
        "fire_floor_small",
        "saikat_fire.mp4",
        "fire",
        352,
        10,
        0,
        None,
        {"fire": 0.0},
        "small fire on an indoor floor, orange, dies down",
    ),
    Clip(
        "fire_flames_dark",
        "anizamey_fire1.mp4",
        "fire",
        204,
        10,
        0,
        None,
        {"fire": 0.0},
        "orange flames against black (night), no white core",
    ),
    Clip(
        "fire_fullview_night",
        "gaurav_fire1.mp4",
        "fire",
        640,
        10,
        0,
        None,
        {"fire": 0.0},
        "fire filling the whole view at night",
    ),
    Clip(
        "fire_bush_far",
        "godfather_fire.mp4",
        "fire",
        360,
        10,
        0,
        None,
        {"fire": 0.0, "smoke": 0.0},
        "distant bush fire with smoke, handheld",
    ),
    Clip(
        "fire_station_van",
        "l0kxh_fire1.mp4",
        "fire",
        640,
        10,
        0,
        42,
        {"fire": 4.0, "smoke": 13.0},
        "petrol-station CCTV (news edit with cuts): van catches fire",
    ),
    Clip(
        "fire_station_cctv",
        "l0kxh_fire3.mp4",
        "fire",
        640,
        10,
        0,
        39,
        {"fire": 17.5},
        "petrol-station CCTV: motorbike fire with people in front, extinguisher",
    ),
    Clip(
        "fire_vehicle_news",
        "liao_fire.mp4",
        "fire",
        640,
        10,
        0,
        None,
        {"fire": 0.0},
        "vehicle fire, news edit with cuts and captions",
    ),
    Clip(
        "fire_vehicle_smoke",
        "limjongun_fire.mp4",
        "fire",
        406,
        10,
        0,
        None,
        {"fire": 0.0, "smoke": 0.0},
        "vehicle fire with a thick black smoke column",
    ),
    Clip(
        "fire_room_flash",
        "loka_fire1.mp4",
        "fire",
        640,
        10,
        0,
        None,
        {"fire": 0.0},
        "indoor room fire filling the view, overexposed",
    ),
    Clip(
        "fire_office_cctv",
        "loka_fire2.mp4",
        "fire",
        640,
        10,
        0,
        None,
        {"fire": 0.0},
        "indoor office CCTV: fire with people running in front",
    ),
    Clip(
        "fire_truck_highway",
        "loka_fire3.mp4",
        "fire",
        640,
        10,
        0,
        None,
        {"fire": 0.0, "smoke": 0.0},
        "highway CCTV: distant truck fire, black smoke",
    ),
    Clip(
        "fire_night_car",
        "loka_test1.mp4",
        "fire",
        640,
        10,
        0,
        None,
        {"fire": 0.0},
        "night street CCTV: car fire, glare",
    ),
    Clip(
        "fire_grass_line",
        "punpayut_small_fire.mp4",
        "fire",
        640,
        10,
        0,
        None,
        {"fire": 0.0, "smoke": 0.0},
        "low grass fire line in woodland, smoke",
    ),
    Clip(
        "fire_car_extinguisher",
        "spacewalk_input.mp4",
        "fire",
        640,
        10,
        0,
        None,
        {"fire": 1.0, "smoke": 0.0},
        "burning car, person with extinguisher in front",
    ),
    # Smoke.
    Clip(
        "smoke_field",
        "punpayut_smoke.mp4",
        "smoke",
        640,
        10,
        0,
        None,
        {"smoke": 0.0, "fire": 0.0},
        "field fire smoke drifting, small flames far away",
    ),
    Clip(
        "smoke_plume_far",
        "teerapong_smoke.mp4",
        "smoke",
        640,
        10,
        0,
        None,
        {"smoke": 0.0},
        "distant white smoke plume over dry land",
    ),
    Clip(
        "smoke_horizon",
        "deepankar_smoke.mp4",
        "smoke",
        640,
        6,
        0,
        None,
        {"smoke": 0.0},
        "very distant thin smoke on the horizon (hard)",
    ),
    Clip(
        "smoke_drone_black",
        "teerapong_Video3.mp4",
        "smoke",
        640,
        10,
        0,
        None,
        {"smoke": 0.0},
        "drone view: black smoke over buildings",
    ),
    # Non-fire: the false-alarm set (smoke_ok: real smoke or steam in view, not counted false;
    # camera_moving: the camera really pans or is carried, so tamper there is not counted).
    Clip(
        "nf_forest_trail",
        "teerapong_nonfire.mp4",
        "nonfire",
        320,
        5,
        labels={"camera_moving": True},
        scene="sunlit forest, walked with a handheld camera",
    ),
    Clip(
        "nf_helmet_indoor",
        "liao_hat.mp4",
        "nonfire",
        320,
        5,
        scene="indoor, yellow helmet, red captions, person close",
    ),
    Clip(
        "nf_face_close1",
        "gitihm_111.mp4",
        "nonfire",
        320,
        5,
        scene="person right at the lens, red print shirt",
    ),
    Clip("nf_face_close2", "gitihm_112.mp4", "nonfire", 320, 5, scene="person at the lens"),
    Clip(
        "nf_vaping",
        "gitihm_smoke.mp4",
        "nonfire",
        320,
        5,
        labels={"smoke_ok": True},
        scene="person smoking/vaping close to the camera",
    ),
    Clip(
        "nf_highway",
        "nf_4ku_traffic.mp4",
        "nonfire",
        320,
        5,
        scene="highway, red trucks and tail lights",
    ),
    Clip(
        "nf_crossing",
        "nf_borislav_traffic.mp4",
        "nonfire",
        320,
        5,
        scene="crossing from above, red cars",
    ),
    Clip(
        "nf_junction_evening",
        "nf_ckuhn_traffic.mp4",
        "nonfire",
        320,
        5,
        scene="junction in warm evening light, orange and red cars",
    ),
    Clip("nf_motorway", "nf_mihail_traffic.mp4", "nonfire", 320, 5, scene="motorway"),
    Clip(
        "nf_car_park_cuts", "nf_nasr_parking.mp4", "nonfire", 320, 5, scene="car park, several cuts"
    ),
    Clip(
        "nf_car_park_above",
        "nf_levantan_parking.mp4",
        "nonfire",
        320,
        5,
        scene="car park from straight above (low texture)",
    ),
    Clip("nf_sunset_sea", "nf_rndexe_sunset.mp4", "nonfire", 320, 5, scene="sunset over the sea"),
    Clip(
        "nf_sunset_orange",
        "nf_uswa_sunset.mp4",
        "nonfire",
        320,
        5,
        scene="deep orange sunset filling the view",
    ),
    Clip(
        "nf_cars_close",
        "nf_sharath_parking.mp4",
        "nonfire",
        320,
        5,
        labels={"camera_moving": True},
        scene="silver cars parking, plain tarmac, the camera zooms",
    ),
    Clip(
        "nf_atrium_people",
        "nf_sharath_people_gathering.mp4",
        "nonfire",
        320,
        5,
        scene="atrium, people standing",
    ),
    Clip(
        "nf_stairs_red",
        "nf_sharath_people_sitting_on_stairs.mp4",
        "nonfire",
        320,
        5,
        scene="stairs, red pillar, people",
    ),
    Clip(
        "nf_stairs_yellow",
        "nf_sharath_people_standing_on_stairs.mp4",
        "nonfire",
        320,
        5,
        scene="stairs, yellow wall, people",
    ),
    Clip(
        "nf_grill",
        "nf_haven_cooking.mp4",
        "nonfire",
        320,
        5,
        labels={"smoke_ok": True},
        scene="cooking on a grill, steam and smoke, no open flame in view",
    ),
    Clip(
        "nf_restaurant",
        "nf_haven_birthday.mp4",
        "nonfire",
        320,
        5,
        scene="restaurant table, warm light, people",
    ),
    Clip(
        "nf_candle",
        "saikat_candle.mp4",
        "nonfire",
        320,
        5,
        labels={"flame_ok": True},
        scene="a lit candle on a desk: a real flame, not counted either way",
    ),
    Clip(
        "nf_night_ir",
        "nf_rfmanz_night.mp4",
        "nonfire",
        320,
        5,
        scene="night infrared garden camera, trees, low texture",
    ),
    Clip(
        "nf_window_morning",
        "nf_wxhxxd_morning.mp4",
        "nonfire",
        320,
        5,
        scene="room with a window, morning sky",
    ),
    Clip(
        "nf_window_sunset",
        "nf_wxhxxd_afternoon.mp4",
        "nonfire",
        320,
        5,
        scene="dim room, orange-red sunset through the window",
    ),
    Clip(
        "nf_window_night",
        "nf_wxhxxd_night.mp4",
        "nonfire",
        320,
        5,
        scene="dark room, moon and stars through the window",
    ),
    Clip(
        "nf_room_handheld",
        "nf_yinbo_3611.mp4",
        "nonfire",
        320,
        5,
        labels={"camera_moving": True},
        scene="hand-held walk through a room, red cloth",
    ),
    Clip(
        "nf_people_close",
        "nf_utkarsh_store.mp4",
        "nonfire",
        320,
        5,
        scene="two people close to the camera, warm sunlit park",
    ),
    Clip(
        "nf_busy_street",
        "nf_sajad_vdo2.mp4",
        "nonfire",
        320,
        5,
        scene="busy street from above, red buses and rickshaws",
    ),
    Clip(
        "nf_road_cctv",
        "nf_deepu_accident.mp4",
        "nonfire",
        320,
        5,
        scene="road CCTV, a red car, motorbikes, a crowd gathers",
    ),
    # Tamper, derived (see the module docstring). Times in seconds of the output clip.
    Clip(
        "tamper_hand_dark",
        "nf_sharath_people_gathering.mp4",
        "tamper",
        640,
        10,
        labels={"tamper": "covered", "start": 8.0, "end": 14.4},
        scene="atrium",
        op=_occluder((40, 55, 80), 8.0, 14.0, 3.0),
        op_text="skin-toned dark occluder swung over the lens 8.0-14.0 s (0.4 s swing)",
    ),
    Clip(
        "tamper_cloth_bright",
        "nf_borislav_traffic.mp4",
        "tamper",
        640,
        10,
        labels={"tamper": "covered", "start": 10.0, "end": 20.4},
        scene="crossing",
        op=_occluder((170, 185, 200), 10.0, 20.0, 4.0),
        op_text="bright beige cloth (mean ~185, not dark) held over the lens 10-20 s",
    ),
    Clip(
        "tamper_bubble_wrap",
        "nf_ckuhn_traffic.mp4",
        "tamper",
        640,
        10,
        0,
        45,
        labels={"tamper": "covered", "start": 20.0, "end": 35.0},
        scene="junction",
        op=_bubble_wrap(20.0, 35.0),
        op_text="bubble wrap: blur sigma w/40, 45 % white, bubble rims, 20-35 s",
    ),
    Clip(
        "tamper_defocus_stairs",
        "nf_sharath_people_sitting_on_stairs.mp4",
        "tamper",
        640,
        10,
        labels={"tamper": "defocused", "start": 9.0, "end": 19.0},
        scene="stairs",
        op=_defocus(8.0, 18.0, 6.0),
        op_text="Gaussian blur ramp to sigma 6 px (at 640 px) over 8-9 s, held, back 18-19 s",
    ),
    Clip(
        "tamper_defocus_car_park",
        "nf_levantan_parking.mp4",
        "tamper",
        640,
        10,
        labels={"tamper": "defocused", "start": 13.0, "end": 26.0},
        scene="car park from above",
        op=_defocus(12.0, 25.0, 5.0),
        op_text="Gaussian blur ramp to sigma 5 px (at 640 px) 12-13 s, held, back 25-26 s",
    ),
    Clip(
        "tamper_moved_crossing",
        "nf_borislav_traffic.mp4",
        "tamper",
        640,
        10,
        labels={"tamper": "moved", "start": 12.6},
        scene="crossing",
        op=_moved(12.0, 0.25),
        op_text="70 % crop window panned by 25 % width (and 10 % height) over 12.0-12.6 s",
    ),
    Clip(
        "tamper_moved_junction",
        "nf_ckuhn_traffic.mp4",
        "tamper",
        640,
        10,
        0,
        40,
        labels={"tamper": "moved", "start": 15.6},
        scene="junction",
        op=_moved(15.0, 0.28),
        op_text="70 % crop window panned by 28 % width over 15.0-15.6 s",
    ),
    Clip(
        "tamper_frozen",
        "nf_ckuhn_traffic.mp4",
        "tamper",
        640,
        10,
        40,
        75,
        labels={"tamper": "frozen", "start": 10.0, "end": 30.0},
        scene="junction",
        op=_frozen(10.0, 30.0),
        op_text="one frame repeated 10-30 s (output time)",
    ),
]


def footage_dir() -> Path:
    """Where the clips live (outside git)."""
    base = os.environ.get("UNMANNED_STORE_FOOTAGE")
    return (Path(base) if base else ROOT.parent / "shared" / "footage") / "hazards"


def write_clip(clip: Clip, raw_dir: Path, out_dir: Path) -> dict[str, Any]:
    """Trim, resample, scale, apply the tamper operation, and encode one clip."""
    capture = cv2.VideoCapture(str(raw_dir / clip.raw))
    if not capture.isOpened():
        raise FileNotFoundError(raw_dir / clip.raw)
    target = out_dir / f"{clip.name}.mp4"
    writer: cv2.VideoWriter | None = None
    due = clip.start
    frames = 0
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        t = capture.get(cv2.CAP_PROP_POS_MSEC) / 1000.0
        if clip.end is not None and t > clip.end:
            break
        if t + 1e-6 < due:
            continue
        due += 1.0 / clip.fps
        if clip.op is not None:
            # Output time, so the labels match the written clip frame for frame.
            frame = clip.op(frame, frames / clip.fps)
        h, w = frame.shape[:2]
        width = min(clip.width, w) // 2 * 2
        size = (width, max(2, round(h * width / w / 2) * 2))
        frame = cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
        if writer is None:
            writer = cv2.VideoWriter(str(target), cv2.VideoWriter_fourcc(*"mp4v"), clip.fps, size)
        writer.write(frame)
        frames += 1
    capture.release()
    if writer is None:
        raise ValueError(f"{clip.raw}: no frames")
    writer.release()
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    source = SOURCES[clip.raw]
    processing = (
        f"trimmed {clip.start:g}-{'end' if clip.end is None else f'{clip.end:g}'} s, "
        f"resampled to {clip.fps:g} fps, scaled to {size[0]}x{size[1]}, MPEG-4 Part 2 (mp4v)"
    )
    if clip.op_text:
        processing += f"; DERIVED tamper: {clip.op_text}"
    return {
        "clip": f"{clip.name}.mp4",
        "kind": clip.kind,
        "scene": clip.scene,
        "labels": clip.labels,
        "duration": round(frames / clip.fps, 2),
        "source": {
            "repo": source.repo,
            "path": source.path,
            "commit": source.commit,
            "licence": source.licence,
        },
        "processing": processing,
        "sha256": digest,
    }


def main(argv: list[str]) -> int:
    """Write every clip and the manifest."""
    if len(argv) != 2:
        print(__doc__)
        return 2
    raw_dir = Path(argv[1])
    out_dir = footage_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    for clip in CLIPS:
        entry = write_clip(clip, raw_dir, out_dir)
        print(entry["clip"], entry["duration"], "s")
        entries.append(entry)
    MANIFEST.write_text(
        json.dumps(
            {
                "about": "Hazard footage (fire, smoke, non-fire, tamper); see "
                "benchmarks/footage/prepare_hazards.py. Clips are not committed.",
                "clips": entries,
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
