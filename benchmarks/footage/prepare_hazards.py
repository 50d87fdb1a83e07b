"""Re-encode the fetched hazard footage small, derive the tamper clips, write the manifest.

Run: .venv/bin/python benchmarks/footage/prepare_hazards.py RAW_DIR [CLIP ...]
     .venv/bin/python benchmarks/footage/prepare_hazards.py --extract MIRRORS RAW_DIR
     .venv/bin/python benchmarks/footage/prepare_hazards.py --repos   (the repositories to fetch)
The second form fills RAW_DIR first: every file of SOURCES at its commit, read from the fetched
repositories' git directories in MIRRORS (laid out as in prepare_people.py).
Naming clips writes only those and keeps the other manifest entries as they are. RAW_DIR holds
the files exactly as `fetch` brought them (named as in SOURCES below); the clips go to
$UNMANNED_STORE_FOOTAGE/hazards (default <repo>/../shared/footage/hazards) and the manifest,
with the sha256 of every written clip, to benchmarks/footage/hazards.json.

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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from prepare_people import source_bytes

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "benchmarks" / "footage" / "hazards.json"

NO_LICENCE = (
    "none stated in the repository (all rights reserved by default): used here only as local "
    "development footage, never redistributed or committed"
)
BGS_LICENCE = (
    "MIT (LICENSE at the repository root, (c) Andrews Cordolino Sobral); the recordings themselves "
    "are not credited there"
)
MMACTION_LICENCE = (
    "Apache-2.0 (LICENSE at the repository root); the clips are action-recognition samples whose "
    "own origin and rights are not stated"
)
GPL3_LICENCE = (
    "GPL-3.0 (LICENSE at the repository root, for the code); the clip's own origin and rights are "
    "not stated: used here only as local development footage"
)
APACHE_CCTV_LICENCE = (
    "Apache-2.0 (LICENSE at the repository root); the clip is CCTV of unstated origin"
)
YOLO_LICENCE = (
    "YOLO LICENSE v2 (darknet's, LICENSE at the repository root, for the code); the clip's own "
    "rights are not stated: used here only as local development footage"
)

LGPL_DLC_LICENCE = "LGPL-3.0 (LICENSE at the repository root); a DeepLabCut example recording"
SLEAP_LICENCE = "BSD-3-Clause-Clear (LICENSE at the repository root); SLEAP's own test recordings"
MMTRACKING_LICENCE = "Apache-2.0 (LICENSE at the repository root); demo clip of unstated origin"

TRACKTOR_LICENCE = "MIT (LICENSE at the repository root); Tracktor's example recordings"
EZTRACK_LICENCE = "GPL-3.0 (LICENSE at the repository root); ezTrack's practice recording"

APACHE_CLIP_LICENCE = "Apache-2.0 (LICENSE at the repository root); the clip's origin is not stated"

RITAM_LICENCE = (
    "MIT (LICENSE at the repository root, (c) 2024 ritambhra-thakur, for the code); the clips are "
    "stock or CCTV footage of unstated origin (watermarks noted in the scene)"
)
UCF_LICENCE = (
    NO_LICENCE + " (a UCF-Crime 'normal' surveillance video; that data set is for research)"
)
ROLAND_LICENCE = NO_LICENCE + (
    " (a collection of stock clips; some of its file names call them free for commercial use, but "
    "no licence is stated)"
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
    "nf_bgs_video.avi": Source(
        "andrewssobral/bgslibrary",
        "dataset/video.avi",
        "4622bc9cded1c5504cec6db47db07b3e3c782ecc",
        BGS_LICENCE,
    ),
    "nf_bgs_video02.avi": Source(
        "andrewssobral/bgslibrary",
        "dataset/video02.avi",
        "4622bc9cded1c5504cec6db47db07b3e3c782ecc",
        BGS_LICENCE,
    ),
    "nf_bgs_video03.avi": Source(
        "andrewssobral/bgslibrary",
        "dataset/video03.avi",
        "4622bc9cded1c5504cec6db47db07b3e3c782ecc",
        BGS_LICENCE,
    ),
    "nf_mma_demo.mp4": Source(
        "open-mmlab/mmaction2",
        "demo/demo.mp4",
        "4d6c93474730cad2f25e51109adcf96824efc7a3",
        MMACTION_LICENCE,
    ),
    "nf_mma_test.mp4": Source(
        "open-mmlab/mmaction2",
        "tests/data/test.mp4",
        "4d6c93474730cad2f25e51109adcf96824efc7a3",
        MMACTION_LICENCE,
    ),
    "nf_mma_test.avi": Source(
        "open-mmlab/mmaction2",
        "tests/data/test.avi",
        "4d6c93474730cad2f25e51109adcf96824efc7a3",
        MMACTION_LICENCE,
    ),
    "nf_mma_structuralize.mp4": Source(
        "open-mmlab/mmaction2",
        "demo/test_video_structuralize.mp4",
        "4d6c93474730cad2f25e51109adcf96824efc7a3",
        MMACTION_LICENCE,
    ),
    "nf_argos_supermarket.mp4": Source(
        "ai-rtistic/Project_Argos",
        "supermarket.mp4",
        "909e092222fefb6160eefd4f8435fd3811c50643",
        GPL3_LICENCE,
    ),
    "nf_robsannaa_mall.mp4": Source(
        "robsannaa/motion-heatmap-opencv",
        "mall.mp4",
        "248bb153ac70c51b3669095e6b6ea0b567f5cb60",
        NO_LICENCE,
    ),
    "nf_adith_cctv.mp4": Source(
        "Adith25/Computer-Vision-Movement-Detector",
        "cctv.mp4",
        "7dca77c90871eb9cd4fc4f646570266c3e0ad278",
        NO_LICENCE,
    ),
    "nf_adith_video.mp4": Source(
        "Adith25/Computer-Vision-Movement-Detector",
        "video.mp4",
        "7dca77c90871eb9cd4fc4f646570266c3e0ad278",
        NO_LICENCE,
    ),
    "nf_adith_walking.mp4": Source(
        "Adith25/Computer-Vision-Movement-Detector",
        "walking.mp4",
        "7dca77c90871eb9cd4fc4f646570266c3e0ad278",
        NO_LICENCE,
    ),
    "nf_zayed_people.mp4": Source(
        "zayed-ansari/footfall-counter",
        "people.mp4",
        "e4cf036a661a6ccf3fcbd88937f90d85e49da926",
        NO_LICENCE,
    ),
    "nf_huu_people_movement.mp4": Source(
        "huutrinh68/video_assets",
        "people_movement.mp4",
        "638f54154f86f5d1f90fe20be520284bd0db83b2",
        NO_LICENCE,
    ),
    "nf_jontet_clouds.mp4": Source(
        "jon-tet/bg-vids",
        "clouds.mp4",
        "6734eca540d6c9f39e190ea26c7e2b3837fe9c32",
        NO_LICENCE + " (stock background videos, origin not stated)",
    ),
    "nf_jontet_laptop_man.mp4": Source(
        "jon-tet/bg-vids",
        "laptop-man.mp4",
        "6734eca540d6c9f39e190ea26c7e2b3837fe9c32",
        NO_LICENCE + " (stock background videos, origin not stated)",
    ),
    "nf_jontet_people_walking.mp4": Source(
        "jon-tet/bg-vids",
        "people-walking.mp4",
        "6734eca540d6c9f39e190ea26c7e2b3837fe9c32",
        NO_LICENCE + " (stock background videos, origin not stated)",
    ),
    "nf_jontet_silhouettes.mp4": Source(
        "jon-tet/bg-vids",
        "silhouettes.mp4",
        "6734eca540d6c9f39e190ea26c7e2b3837fe9c32",
        NO_LICENCE + " (stock background videos, origin not stated)",
    ),
    "nf_jetyey_overpass.mp4": Source(
        "jetyey/M2-Motion_tracking",
        "Pedestrian overpass.mp4",
        "df9ad8e0c685f5ba56eaa5b5f4c9909549abd57b",
        NO_LICENCE,
    ),
    "nf_jetyey_traffic.mp4": Source(
        "jetyey/M2-Motion_tracking",
        "traffic.mp4",
        "df9ad8e0c685f5ba56eaa5b5f4c9909549abd57b",
        NO_LICENCE,
    ),
    "nf_feizhu_street.mp4": Source(
        "FeiZhuNiU/OpenCVPythonLearning",
        "street.mp4",
        "e373dc1d3efb46bb4fd8fb5bc10268bbea8aa697",
        NO_LICENCE,
    ),
    "nf_harshit_night.mp4": Source(
        "harshitgupta1998/Lane_detection_using_computer_vision",
        "night.mp4",
        "a0a57f2403bf0f8fc753a2de0e650f28bcbae1b4",
        NO_LICENCE + " (iStock watermark)",
    ),
    "nf_salarkhan_traffic.mp4": Source(
        "TheSalarKhan/OpenCV_Python",
        "traffic.mp4",
        "69ce8acbef808745e9e506baa754ad7819962bcb",
        NO_LICENCE,
    ),
    "nf_eagleshot_traffic.mp4": Source(
        "Eagleshot/IntroductionToYOLO",
        "traffic.mp4",
        "e576dc174a93367ea3ba996e0a718ff2bf2de260",
        NO_LICENCE,
    ),
    "nf_edtsoi_walking.mp4": Source(
        "edtsoi430/Faster-RCNN-Human-Detection",
        "videos/walking.mp4",
        "7be42530aecb24de4fc59ceeda7eba393020de1c",
        NO_LICENCE,
    ),
    "nf_puru_test.mp4": Source(
        "Puru-Singh/PeopleCounter",
        "test.mp4",
        "0768b08dbb5a45973cb99930844daeddd03fdbe8",
        NO_LICENCE,
    ),
    "nf_kgagandeep_cctv.mp4": Source(
        "KGagandeep2911/Project-524---Computer-Vision",
        "cctv.mp4",
        "ec6616c682ca0b188fc065649458f27760ff46a1",
        NO_LICENCE,
    ),
    "nf_tvquynh_walking.mp4": Source(
        "tvquynh/Tracking-Objects-in-Video-with-Particle-Filters",
        "walking.mp4",
        "26f36c0362c18a846547f7bc94b8525ff240dff0",
        NO_LICENCE,
    ),
    "nf_videogenius_solidwhiteright.mp4": Source(
        "VideoGenius/CarNDLaneDetection",
        "solidWhiteRight.mp4",
        "24ef7f0fbda752c3732295a201a2cf97f59f93ae",
        NO_LICENCE,
    ),
    "nf_anubhav_example_03.mp4": Source(
        "anubhav666/Distance-Check---People-Counter",
        "videos/example_03.mp4",
        "1bbc165cc2ee4a34fc8ea9e5d25c04f79a9a2cb0",
        GPL3_LICENCE,
    ),
    "nf_anubhav_example_05.mp4": Source(
        "anubhav666/Distance-Check---People-Counter",
        "videos/example_05.mp4",
        "1bbc165cc2ee4a34fc8ea9e5d25c04f79a9a2cb0",
        GPL3_LICENCE,
    ),
    "nf_anubhav_example_07.mp4": Source(
        "anubhav666/Distance-Check---People-Counter",
        "videos/example_07.mp4",
        "1bbc165cc2ee4a34fc8ea9e5d25c04f79a9a2cb0",
        GPL3_LICENCE,
    ),
    "nf_tangshengeng_example_01.mp4": Source(
        "tangshengeng/extract-video-feature_PyTorch",
        "videos/example_01.mp4",
        "eddadb79b120d0f0ae06d3df25f40d17f34b1790",
        NO_LICENCE,
    ),
    "nf_aboodtt_traffic.mp4": Source(
        "Aboodtt404/Moving-Object-Detection",
        "traffic.mp4",
        "44121cc3552364e5a9b791ca48fd59457a48f561",
        NO_LICENCE,
    ),
    "nf_qharryq_attic2.avi": Source(
        "qharryq/crowd-control-pi",
        "attic2.avi",
        "83d7194acb91f9213f72f4d56576a4386c884226",
        NO_LICENCE,
    ),
    "nf_qharryq_people.mp4": Source(
        "qharryq/crowd-control-pi",
        "people.mp4",
        "83d7194acb91f9213f72f4d56576a4386c884226",
        NO_LICENCE,
    ),
    "nf_sachith_cctv.mp4": Source(
        "sachith03122000/Computer-Vision-Obj-detection-and-tracking",
        "cctv.mp4",
        "9ddb1d62692b2fd8b7cc9ac1bf2ed600e5148dc7",
        NO_LICENCE,
    ),
    "nf_nguyen_test.mp4": Source(
        "nguyenquangkhai2210/Object-tracking",
        "data/video/test.mp4",
        "a1dfab393d401794cd6eef53e4184512e1d1f285",
        APACHE_CCTV_LICENCE,
    ),
    "nf_zhaolebor_traffic.mp4": Source(
        "zhaolebor/engr027-project1",
        "traffic.mp4",
        "6fa1d95db1da8419f34916ff814ea0aeab94bdfd",
        NO_LICENCE,
    ),
    "nf_zhaolebor_traffic2.mp4": Source(
        "zhaolebor/engr027-project1",
        "traffic2.mp4",
        "6fa1d95db1da8419f34916ff814ea0aeab94bdfd",
        NO_LICENCE,
    ),
    "nf_vighnesh_walking.mp4": Source(
        "vighnesh2709/pedestrian_detection_tracking",
        "walking.mp4",
        "cb492c300e8a5a91b84a1fc3bfc2df3e0414aeaa",
        NO_LICENCE,
    ),
    "nf_zobra_office.mp4": Source(
        "zobrathemanish/projectyolo",
        "office.mp4",
        "11c728f7c46640e805f06f8505dfb19b96f6a7a6",
        YOLO_LICENCE,
    ),
    "nf_aerenkaradag_pedestrians.mp4": Source(
        "aerenkaradag/yolov8_tracking",
        "pedestrians.mp4",
        "036e3c487b75713ccce242ce93882842726db6ca",
        GPL3_LICENCE,
    ),
    "nf_harshp30_pedestrians.mp4": Source(
        "harshp30/YOLOandSSDImageVideoClassifier",
        "data/pedestrians.mp4",
        "b20e20859528d2e7aa0e2f9f700d09668756ffe2",
        NO_LICENCE + " (StockFootage watermark)",
    ),
    "nf_maxiesbiza_test.mp4": Source(
        "maxiesbiza/Single-Multiple-Custom-Object-Detection-and-Tracking",
        "data/video/test.mp4",
        "ef6f6de11c3e9a4006332985d26d67174be2b383",
        NO_LICENCE,
    ),
    "nf_guillermo_test.mp4": Source(
        "guillermo2007/RecognitionCamera",
        "data/video/test.mp4",
        "f1d8c7244b999c9aeedd97b9ca61053afc2b5f09",
        NO_LICENCE,
    ),
    "nf_sj23patel_traffic.mp4": Source(
        "sj23patel/Object-Tracking",
        "traffic.mp4",
        "0f6b38183f2a4d2fafb29991d73dd4577ceeb6d1",
        "Apache-2.0 (LICENSE at the repository root); the clip's own origin is not stated",
    ),
    "nf_sj23patel_traffic2.mp4": Source(
        "sj23patel/Object-Tracking",
        "traffic2.mp4",
        "0f6b38183f2a4d2fafb29991d73dd4577ceeb6d1",
        "Apache-2.0 (LICENSE at the repository root); the clip's own origin is not stated "
        "(KAVAVIDEO watermark)",
    ),
    "nf_vijayskk_traffic.mp4": Source(
        "vijayskk/learnCV",
        "traffic.mp4",
        "d6841395cfc83a372416990fc34984acfa7966e2",
        NO_LICENCE,
    ),
    "nf_yashbansal_trafficvideo.wmv": Source(
        "yashbansal24/Vehicle_Detection_and_Counting",
        "TrafficVideo.wmv",
        "d1bfb8a06fae53fd5cbe96e4f7d0691500302681",
        NO_LICENCE,
    ),
    "nf_shivani_test.mp4": Source(
        "Shivani8693/Object-Tracking-using-deep-Learning",
        "test.mp4",
        "df482cca790c1795560664ea680f722cdb8c7ea6",
        NO_LICENCE,
    ),
    "nf_shivani_traffic.mp4": Source(
        "Shivani8693/Object-Tracking-using-deep-Learning",
        "traffic.mp4",
        "df482cca790c1795560664ea680f722cdb8c7ea6",
        NO_LICENCE,
    ),
    "nf_saisrithaja_traffic.mp4": Source(
        "Saisrithaja/traffic_analysis",
        "traffic.mp4",
        "6ccb690cb0c912e7065bb3b2af32b37a3715feca",
        NO_LICENCE,
    ),
    "nf_imageio_cockatoo.mp4": Source(
        "imageio/imageio-binaries",
        "images/cockatoo.mp4",
        "f8f64710ea88e7e4a352c0f7d8c0deac9f5fd685",
        NO_LICENCE,
    ),
    "nf_dlc_openfield.mp4": Source(
        "DeepLabCut/DeepLabCut",
        "examples/openfield-Pranav-2018-10-30/videos/m3v1mp4.mp4",
        "2df0f46c8c8c56c8238b46b3d58384163bafb2f0",
        LGPL_DLC_LICENCE,
    ),
    "nf_sleap_flies_120s.mp4": Source(
        "talmolab/sleap",
        "docs/notebooks/analysis_example/20190128_113421.120s.mp4",
        "7785f660eff1ae2ee4deaef5d5dc0e7758dbbd16",
        SLEAP_LICENCE,
    ),
    "nf_sleap_centered_pair.mp4": Source(
        "talmolab/sleap",
        "tests/data/videos/centered_pair_small.mp4",
        "7785f660eff1ae2ee4deaef5d5dc0e7758dbbd16",
        SLEAP_LICENCE,
    ),
    "nf_sleap_tracks_clip.mp4": Source(
        "talmolab/sleap",
        "tests/data/tracks/clip.mp4",
        "7785f660eff1ae2ee4deaef5d5dc0e7758dbbd16",
        SLEAP_LICENCE,
    ),
    "nf_sleap_dance.mp4": Source(
        "talmolab/sleap",
        "tests/data/videos/dance.mp4",
        "7785f660eff1ae2ee4deaef5d5dc0e7758dbbd16",
        SLEAP_LICENCE,
    ),
    "nf_sleap_small_robot.mp4": Source(
        "talmolab/sleap",
        "tests/data/videos/small_robot.mp4",
        "7785f660eff1ae2ee4deaef5d5dc0e7758dbbd16",
        SLEAP_LICENCE,
    ),
    "nf_mmtracking_demo.mp4": Source(
        "open-mmlab/mmtracking",
        "demo/demo.mp4",
        "e79491ec8f0b8c86fda947fbaaa824c66ab2a991",
        MMTRACKING_LICENCE,
    ),
    "nf_codertanish_carpark.mp4": Source(
        "codertanish7120/Car-Parking-Space",
        "carPark.mp4",
        "f27b6d72048f89dba51883e50a89b51a5e9ac4ad",
        NO_LICENCE,
    ),
    "nf_tracktor_mouse.mp4": Source(
        "vivekhsridhar/tracktor",
        "videos/mouse_video.mp4",
        "3a2537aada178fc4dc190f04e45830a368ab3b5f",
        TRACKTOR_LICENCE,
    ),
    "nf_tracktor_spider.mp4": Source(
        "vivekhsridhar/tracktor",
        "videos/spider_video.mp4",
        "3a2537aada178fc4dc190f04e45830a368ab3b5f",
        TRACKTOR_LICENCE,
    ),
    "nf_eztrack_freezing.wmv": Source(
        "denisecailab/ezTrack",
        "PracticeVideos/Freezing_calibration.wmv",
        "69af797af4268b9c36faa1ca314df539aea7389f",
        EZTRACK_LICENCE,
    ),
    "nf_jacksd_retail1.mp4": Source(
        "JackSD/People_Space_Analytics_NCS2_scripts",
        "retail1.mp4",
        "1625f5025c3783720f914f7f604420794a574bfb",
        NO_LICENCE,
    ),
    "nf_jacksd_retail2.mp4": Source(
        "JackSD/People_Space_Analytics_NCS2_scripts",
        "retail2.mp4",
        "1625f5025c3783720f914f7f604420794a574bfb",
        NO_LICENCE,
    ),
    "nf_jacksd_retail3.mp4": Source(
        "JackSD/People_Space_Analytics_NCS2_scripts",
        "retail3.mp4",
        "1625f5025c3783720f914f7f604420794a574bfb",
        NO_LICENCE,
    ),
    "nf_jacksd_cars.mp4": Source(
        "JackSD/People_Space_Analytics_NCS2_scripts",
        "cars.mp4",
        "1625f5025c3783720f914f7f604420794a574bfb",
        NO_LICENCE,
    ),
    "nf_mohamedgamal_highway.mp4": Source(
        "mohamedgamalbfcai/open-cv-tracking",
        "highway.mp4",
        "f6c33fbdf75715aaa3a6bb45e12066e9b399975d",
        NO_LICENCE,
    ),
    "nf_reckon_highway.mp4": Source(
        "Reckon762/Object-Tracking-using-GMM-Background-Subtraction-Algorithm",
        "highway.mp4",
        "01841cec538b293d4905dd0d102471f88ea38d03",
        NO_LICENCE,
    ),
    "nf_canersu_highway.mp4": Source(
        "canersu/Car-Tracking",
        "highway.mp4",
        "a36a9a1ee220cdf5206ba3e94de00eee84c6ea0e",
        NO_LICENCE,
    ),
    "nf_kraten_cars.mp4": Source(
        "kraten/vehicle-speed-check",
        "cars.mp4",
        "d830b175ba6fc6589b33b0e40667d29095786a8c",
        NO_LICENCE,
    ),
    "nf_belal_cars.mp4": Source(
        "belalibrahim/Optical-Flow",
        "cars.mp4",
        "8ca6e9d0b584036c1e80b717a9c8544be70eb6af",
        GPL3_LICENCE,
    ),
    "nf_swdee_cars.mp4": Source(
        "swdee/go-rknnlite-data",
        "cars.mp4",
        "c58e7b3b41e7e8d28492fd4e1296fe1ddc0d91e6",
        NO_LICENCE,
    ),
    "nf_swdee_dance.mp4": Source(
        "swdee/go-rknnlite-data",
        "dance.mp4",
        "c58e7b3b41e7e8d28492fd4e1296fe1ddc0d91e6",
        NO_LICENCE,
    ),
    "nf_swdee_people_walking.mp4": Source(
        "swdee/go-rknnlite-data",
        "people-walking.mp4",
        "c58e7b3b41e7e8d28492fd4e1296fe1ddc0d91e6",
        NO_LICENCE,
    ),
    "nf_heisenberg_car.mp4": Source(
        "HEiSENBERG-19/Object-Tracker-Using-OpenCV",
        "car.mp4",
        "4936395c72890bd857c11aeca6a5aa8652865a38",
        NO_LICENCE,
    ),
    "nf_swoolf_timelapse.mp4": Source(
        "swoolf/lapses",
        "timelapse.mp4",
        "9d10551ba3ab027a2c6b5a1440746e3e260d0867",
        NO_LICENCE,
    ),
    "nf_noemie_fish.mp4": Source(
        "noemiedjerian/tracking",
        "fish.mp4",
        "c5c241061b1c7462b00c0ec8028c9c4f0eaa72f9",
        NO_LICENCE,
    ),
    "nf_noemie_poissons.mp4": Source(
        "noemiedjerian/tracking",
        "poissons.mp4",
        "c5c241061b1c7462b00c0ec8028c9c4f0eaa72f9",
        NO_LICENCE,
    ),
    "nf_noemie_poissons2.mp4": Source(
        "noemiedjerian/tracking",
        "poissons2.mp4",
        "c5c241061b1c7462b00c0ec8028c9c4f0eaa72f9",
        NO_LICENCE,
    ),
    "nf_sanskar_cat.mp4": Source(
        "Sanskar-J/Image_Processing_Based_Security_System-BTP-",
        "cat.mp4",
        "83ae93e8658caf84ac2538e1274d52f5799aeeb8",
        NO_LICENCE,
    ),
    "nf_sanskar_cow.mp4": Source(
        "Sanskar-J/Image_Processing_Based_Security_System-BTP-",
        "cow.mp4",
        "83ae93e8658caf84ac2538e1274d52f5799aeeb8",
        NO_LICENCE,
    ),
    "nf_shawar8_dog.mp4": Source(
        "shawar8/Object-Detection-Tracking-with-dlib",
        "dog.mp4",
        "5b861e2c90090916f8a4ff89bcbe42524732c32a",
        NO_LICENCE,
    ),
    "nf_drdoogie_dog.mp4": Source(
        "DrDoogie/OpenCV",
        "dog.mp4",
        "5e5b79ac595c1251ddbb53918bb7aa72bac01731",
        NO_LICENCE,
    ),
    "nf_ticording_dog.mp4": Source(
        "TIcording/OpenCV-Work",
        "dog.mp4",
        "69d35c36640d2be53e11b82def9fb2a015b4cd69",
        NO_LICENCE,
    ),
    "nf_ticording_dog2.mp4": Source(
        "TIcording/OpenCV-Work",
        "dog2.mp4",
        "69d35c36640d2be53e11b82def9fb2a015b4cd69",
        NO_LICENCE,
    ),
    "nf_vlademelo_checkout.mp4": Source(
        "VladeMelo/checkout-monitoring",
        "checkout.mp4",
        "86813a45ec3da6bdff920f08fd422cb73adb7e6a",
        NO_LICENCE,
    ),
    "nf_utpal_queue.mp4": Source(
        "Utpal29/Queue-Management",
        "queue.mp4",
        "2ab5150453bcd7c418f65ccbf85d1982d48ad4f0",
        NO_LICENCE,
    ),
    "nf_domkim_cctv1.mp4": Source(
        "DomKim/grandma-cctv",
        "cctv1.mp4",
        "ac0c0c7b71759db77a540bf3e8ffc0a89e867c5e",
        NO_LICENCE,
    ),
    "nf_domkim_cctv2.mp4": Source(
        "DomKim/grandma-cctv",
        "cctv2.mp4",
        "ac0c0c7b71759db77a540bf3e8ffc0a89e867c5e",
        NO_LICENCE,
    ),
    "nf_domkim_cctv3.mp4": Source(
        "DomKim/grandma-cctv",
        "cctv3.mp4",
        "ac0c0c7b71759db77a540bf3e8ffc0a89e867c5e",
        NO_LICENCE,
    ),
    "nf_domkim_cctv4.mp4": Source(
        "DomKim/grandma-cctv",
        "cctv4.mp4",
        "ac0c0c7b71759db77a540bf3e8ffc0a89e867c5e",
        NO_LICENCE,
    ),
    "nf_domkim_cctv5.mp4": Source(
        "DomKim/grandma-cctv",
        "cctv5.mp4",
        "ac0c0c7b71759db77a540bf3e8ffc0a89e867c5e",
        NO_LICENCE,
    ),
    "nf_domkim_cctv6.mp4": Source(
        "DomKim/grandma-cctv",
        "cctv6.mp4",
        "ac0c0c7b71759db77a540bf3e8ffc0a89e867c5e",
        NO_LICENCE,
    ),
    "nf_domkim_cctv7.mp4": Source(
        "DomKim/grandma-cctv",
        "cctv7.mp4",
        "ac0c0c7b71759db77a540bf3e8ffc0a89e867c5e",
        NO_LICENCE,
    ),
    "nf_domkim_cctv8.mp4": Source(
        "DomKim/grandma-cctv",
        "cctv8.mp4",
        "ac0c0c7b71759db77a540bf3e8ffc0a89e867c5e",
        NO_LICENCE,
    ),
    "nf_gustavo_security.mp4": Source(
        "GustavoRibeiroSantos/Visual-Computing-AI",
        "security.mp4",
        "4374fcd52ed11fdfbd61d7a789a048c7aa504e4c",
        NO_LICENCE,
    ),
    "nf_gustavo_security2.mp4": Source(
        "GustavoRibeiroSantos/Visual-Computing-AI",
        "security2.mp4",
        "4374fcd52ed11fdfbd61d7a789a048c7aa504e4c",
        NO_LICENCE,
    ),
    "nf_h8_cctv1.mp4": Source(
        "H8-Assignments-Bay/p2---final-project-ftds-015-rmt-002",
        "cctv1.mp4",
        "c25b0341f09614d0daa16f7bd757449222b3adb1",
        NO_LICENCE,
    ),
    "nf_h8_cctv2.mp4": Source(
        "H8-Assignments-Bay/p2---final-project-ftds-015-rmt-002",
        "cctv2.mp4",
        "c25b0341f09614d0daa16f7bd757449222b3adb1",
        NO_LICENCE,
    ),
    "nf_lakshmi_cam1.mp4": Source(
        "LakshmiParamita/SmartDormitory7",
        "cam1.mp4",
        "91f3a2f5e61cf2c00ed8abab68df6326b93d2324",
        NO_LICENCE,
    ),
    "nf_lakshmi_cam2.mp4": Source(
        "LakshmiParamita/SmartDormitory7",
        "cam2.mp4",
        "91f3a2f5e61cf2c00ed8abab68df6326b93d2324",
        NO_LICENCE,
    ),
    "nf_chuyko_cam1.mp4": Source(
        "ChuykoMihail/ReId",
        "cam1.mp4",
        "41d09b335abf72106448c3cb0e61c55ddf62cda9",
        NO_LICENCE,
    ),
    "nf_surya_culprit.mp4": Source(
        "Surya-KF/AUTOMATOS-Automated-Surveillanceand-Messaging-System",
        "Culprit_detected.mp4",
        "d2983905f975687e03b5c037c6d18eec7b252114",
        NO_LICENCE,
    ),
    "nf_samuel_cam1.mp4": Source(
        "Samuel981/projeto-IoT-unidade2",
        "cam1.mp4",
        "ad2346c5cd5a59c737409420500861f85a25306b",
        NO_LICENCE,
    ),
    "nf_samuel_cam2.mp4": Source(
        "Samuel981/projeto-IoT-unidade2",
        "cam2.mp4",
        "ad2346c5cd5a59c737409420500861f85a25306b",
        NO_LICENCE,
    ),
    "nf_samuel_cam4.mp4": Source(
        "Samuel981/projeto-IoT-unidade2",
        "cam4.mp4",
        "ad2346c5cd5a59c737409420500861f85a25306b",
        NO_LICENCE,
    ),
    "nf_pagehwidia_cctv.mp4": Source(
        "pagehwidiastra/pengolahan_citra",
        "cctv.mp4",
        "019d5dd7ec624408408f4cd308be58e19fb7aa5e",
        NO_LICENCE,
    ),
    "nf_ebrahim_cam3.mp4": Source(
        "EbrahimHiggi/violence-detection-app",
        "cam3.mp4",
        "1f22473a77e0755767dc0692da55e72b2c7598ed",
        NO_LICENCE,
    ),
    "nf_janael_cars.mp4": Source(
        "Janaelpardisi/Car-Speed-and-Counting",
        "cars.mp4",
        "74421e09e930560212137e48e2799a73b4cc70b2",
        NO_LICENCE,
    ),
    "nf_ajhesh_cars.mp4": Source(
        "ajheshbasnet/truck-in-a-road-counter",
        "cars.mp4",
        "cfe884edf7d75d3366b4f8ae1a5e51b46aa71aa1",
        NO_LICENCE,
    ),
    "nf_kou18_cars.mp4": Source(
        "kou18/Vehicle_detection_tracking",
        "cars.mp4",
        "4e13805a0d32775bc07666493741c1bebd1be068",
        NO_LICENCE,
    ),
    "nf_vulpe_cars2.mp4": Source(
        "vulpeAlba/Task_Video_Analytics",
        "cars2.mp4",
        "2b0912487bf144e2a26a07e8765af34da05fedb7",
        NO_LICENCE,
    ),
    "nf_vulpe_pers.mp4": Source(
        "vulpeAlba/Task_Video_Analytics",
        "pers.mp4",
        "2b0912487bf144e2a26a07e8765af34da05fedb7",
        NO_LICENCE,
    ),
    "nf_zeroident_cars.mp4": Source(
        "zeroident0/Python-Video-Detector",
        "cars.mp4",
        "6f0d4e3e223c8e3e42d158d17d145490161d8f63",
        NO_LICENCE,
    ),
    "nf_alizahid_70.mp4": Source(
        "alizahidraja/Vehicle-Speed-NumberPlate-Detection",
        "70.mp4",
        "c3f1dcc5d3dd3aa8d7f77820ffde75a15afea428",
        APACHE_CLIP_LICENCE,
    ),
    "nf_alizahid_cars.mp4": Source(
        "alizahidraja/Vehicle-Speed-NumberPlate-Detection",
        "cars.mp4",
        "c3f1dcc5d3dd3aa8d7f77820ffde75a15afea428",
        APACHE_CLIP_LICENCE,
    ),
    "nf_shashank_clear.mp4": Source(
        "SHASHANKJHA10/FinalYear-Project",
        "videos/clear.mp4",
        "70da76caf0eaafa04d0cde82e124a365f7f69777",
        NO_LICENCE,
    ),
    "nf_shashank_clouds.mp4": Source(
        "SHASHANKJHA10/FinalYear-Project",
        "videos/clouds.mp4",
        "70da76caf0eaafa04d0cde82e124a365f7f69777",
        NO_LICENCE,
    ),
    "nf_shashank_haze.mp4": Source(
        "SHASHANKJHA10/FinalYear-Project",
        "videos/haze.mp4",
        "70da76caf0eaafa04d0cde82e124a365f7f69777",
        NO_LICENCE,
    ),
    "nf_shashank_mist.mp4": Source(
        "SHASHANKJHA10/FinalYear-Project",
        "videos/mist.mp4",
        "70da76caf0eaafa04d0cde82e124a365f7f69777",
        NO_LICENCE,
    ),
    "nf_shashank_thunderstorm.mp4": Source(
        "SHASHANKJHA10/FinalYear-Project",
        "videos/thunderstorm.mp4",
        "70da76caf0eaafa04d0cde82e124a365f7f69777",
        NO_LICENCE,
    ),
    "nf_shashank_squall.mp4": Source(
        "SHASHANKJHA10/FinalYear-Project",
        "videos/squall.mp4",
        "70da76caf0eaafa04d0cde82e124a365f7f69777",
        NO_LICENCE,
    ),
    "nf_shashank_dust.mp4": Source(
        "SHASHANKJHA10/FinalYear-Project",
        "videos/dust.mp4",
        "70da76caf0eaafa04d0cde82e124a365f7f69777",
        NO_LICENCE,
    ),
    # Held-out fire and smoke footage (2026-12-06): never used to tune a threshold.
    **{
        f"emoy_{n}.mp4": Source(
            "emoy-kim/FireDetection",
            f"samples/{n}.mp4",
            "2f9b4f47875df36ee8d24ea598b728f0eb279799",
            NO_LICENCE + " (the README names the FIRESENSE database, zenodo.org/record/836749, "
            "and the QuickBlaze paper's videos as the sources of most test videos)",
        )
        for n in ("test1", "test2", "test5")
    },
    "cheka_fire.mp4": Source(
        "ChekaLowQiJun/FireDetection",
        "fire.mp4",
        "a4362533e28782add9e65e1cff17d1f8449ce85a",
        NO_LICENCE + " (a fisheye CCTV time-lapse with its own on-screen clock)",
    ),
    "nisa_fire.mp4": Source(
        "NisaAshfiyani/python_firedetections",
        "fire.mp4",
        "99ab1f89fb6acba64d67a11dcdd5641112ab1cfe",
        NO_LICENCE,
    ),
    "arafat_fire.mp4": Source(
        "arafathosense/Fire-Detection-using-YOLO-Model",
        "fire.mp4",
        "7534a00673fce3150a26492f8ad1552cfb427862",
        "MIT (LICENSE at the repository root, (c) 2026 Hosen Arafat); the clip's own origin is "
        "not stated",
    ),
    "ayoub_fire.mp4": Source(
        "ayoubtrabelsitr/fireDetection",
        "fire.mp4",
        "5cdaa776fbfef8a552bbc18e3c16b475a46c84a0",
        NO_LICENCE + " (a CGTN news item: street CCTV with captions)",
    ),
    "ayoub_fire2.mp4": Source(
        "ayoubtrabelsitr/fireDetection",
        "fire2.mp4",
        "5cdaa776fbfef8a552bbc18e3c16b475a46c84a0",
        NO_LICENCE + " (iStock / Getty Images watermark)",
    ),
    "dml_fire1.mp4": Source(
        "dmlbektas/detection",
        "fire1.mp4",
        "de7e8f89097fd493321489c2abe84f9fe135ed71",
        NO_LICENCE,
    ),
    "parth_fire.mp4": Source(
        "Parththewebdev/forest-fire-detection",
        "fire.mp4",
        "bd5045d5e11d86e2a4bd1a0decc905ada68a97ef",
        NO_LICENCE + " (Pond5 watermark)",
    ),
    **{
        f"ashot_{n}.mp4": Source(
            "AshotKostanyan/firedetection",
            f"{n}.mp4",
            "ad0b8a716147d8ad85530cbb2ba991424e9c7199",
            "AGPL-3.0 (LICENSE at the repository root, for the code); the clips carry stock "
            f"watermarks ({mark}), so their own rights are not the repository's",
        )
        for n, mark in (("fire", "Pond5"), ("fire2", "Shutterstock"))
    },
    "cheah_wildfire.mp4": Source(
        "cheahber/vlm-pixtral",
        "wildfire.mp4",
        "e52e8d8e3a64d906a9cfa12e466df298cb163284",
        NO_LICENCE,
    ),
    # Held-out non-fire footage (HELDOUT_NONFIRE below): repositories no other clip comes from,
    # each file read at its snapshot's HEAD commit.
    "nfho_tyoh_shop.mp4": Source(
        "tyoh-love/Ondevice-AI",
        "shop.mp4",
        "0456eabf49f1038d81f7be30f894d99dffea5cdf",
        NO_LICENCE,
    ),
    "nfho_ritam_shoplifting1.mp4": Source(
        "ritambhra-thakur/shoplifting-ai-model",
        "shoplifting_videos/shoplifting1.mp4",
        "130aec82564ac3a9acac0d1ce57b639f24d6e167",
        RITAM_LICENCE,
    ),
    "nfho_ritam_normal.mp4": Source(
        "ritambhra-thakur/shoplifting-ai-model",
        "normal_videos/normal.mp4",
        "130aec82564ac3a9acac0d1ce57b639f24d6e167",
        RITAM_LICENCE,
    ),
    "nfho_ritam_shoplifting.mp4": Source(
        "ritambhra-thakur/shoplifting-ai-model",
        "shoplifting_videos/shoplifting.mp4",
        "130aec82564ac3a9acac0d1ce57b639f24d6e167",
        RITAM_LICENCE,
    ),
    "nfho_ritam_shoplifting2.webm": Source(
        "ritambhra-thakur/shoplifting-ai-model",
        "shoplifting_videos/shoplifting2.webm",
        "130aec82564ac3a9acac0d1ce57b639f24d6e167",
        RITAM_LICENCE,
    ),
    "nfho_tyler_shoplifting.mp4": Source(
        "tyler-ham05/cruzhacks2026",
        "shoplifting.mp4",
        "b506f9a0231ac710c9242ecf2645e2a3883dd678",
        NO_LICENCE,
    ),
    "nfho_ucf_normal_015.mp4": Source(
        "Pasha-Khawaja/Anomaly-Detection-using-surveillance-videos",
        "Normal_Videos_015_x264.mp4",
        "1494f34cf6ba5416df4add883c2e9cfa4db589ae",
        UCF_LICENCE,
    ),
    "nfho_ucf_normal_063.mp4": Source(
        "Pasha-Khawaja/Anomaly-Detection-using-surveillance-videos",
        "Normal_Videos_063_x264.mp4",
        "1494f34cf6ba5416df4add883c2e9cfa4db589ae",
        UCF_LICENCE,
    ),
    "nfho_ucf_normal_025.mp4": Source(
        "Pasha-Khawaja/Anomaly-Detection-using-surveillance-videos",
        "Normal_Videos_025_x264.mp4",
        "1494f34cf6ba5416df4add883c2e9cfa4db589ae",
        UCF_LICENCE,
    ),
    "nfho_ucf_normal_010.mp4": Source(
        "Pasha-Khawaja/Anomaly-Detection-using-surveillance-videos",
        "Normal_Videos_010_x264.mp4",
        "1494f34cf6ba5416df4add883c2e9cfa4db589ae",
        UCF_LICENCE,
    ),
    "nfho_dakseva_cctv2.mp4": Source(
        "sahilDas04/Dakseva-people-detection",
        "cctv2.mp4",
        "85a8fd119d5a2f9a9b42eb4988ffcf3938aff7a4",
        NO_LICENCE,
    ),
    "nfho_dakseva_queue-test-2.mp4": Source(
        "sahilDas04/Dakseva-people-detection",
        "queue-test-2.mp4",
        "85a8fd119d5a2f9a9b42eb4988ffcf3938aff7a4",
        NO_LICENCE,
    ),
    "nfho_dakseva_queue-test-4.webm": Source(
        "sahilDas04/Dakseva-people-detection",
        "queue-test-4.webm",
        "85a8fd119d5a2f9a9b42eb4988ffcf3938aff7a4",
        NO_LICENCE,
    ),
    "nfho_dakseva_queue-test-5.webm": Source(
        "sahilDas04/Dakseva-people-detection",
        "queue-test-5.webm",
        "85a8fd119d5a2f9a9b42eb4988ffcf3938aff7a4",
        NO_LICENCE,
    ),
    "nfho_dthru_footage.webm": Source(
        "ShubhSinghGarg/automated-drive-thru",
        "footage.webm",
        "07b3f3449d9ae5b990262ac6b5d591fb4dd200eb",
        NO_LICENCE,
    ),
    "nfho_cafesite_cafe.mp4": Source(
        "mi-1227/CafeSite",
        "cafe.mp4",
        "42d21d1e7f17b71e314d268d1e05767b7529317b",
        NO_LICENCE,
    ),
    "nfho_schoolcafe_cafe.mp4": Source(
        "KT-Money2020/School-Cafe",
        "cafe.mp4",
        "04709e8188f87d5fd7f990c9c75ce87a49268562",
        NO_LICENCE,
    ),
    "nfho_cafedel_cafe.mp4": Source(
        "Priya30goel/CafeDelight",
        "cafe.mp4",
        "e6e31104e3145690ec9cdd4e690a6101021c3cd4",
        NO_LICENCE,
    ),
    "nfho_coffee_cafe.mp4": Source(
        "22kq1a05f1/Main-Project-Coffee-Shop",
        "cafe.mp4",
        "74f1b4dcb83a20c87e15b10d28bfeee5b23e4177",
        NO_LICENCE,
    ),
    "nfho_fatima_coffee.mp4": Source(
        "FatimaMheich/Coffee-and-Talk",
        "coffee.mp4",
        "41e3724f23d6fe3e46e8a853e3261bbafa0a50ac",
        NO_LICENCE,
    ),
    "nfho_fresh_cooking.mp4": Source(
        "kristelocampo/freshly-restaurant",
        "cooking.mp4",
        "e7ddefbbb912c84af40060f45bc0388199b5093f",
        NO_LICENCE,
    ),
    "nfho_tyoh_v09.mp4": Source(
        "tyoh-love/Ondevice-AI",
        "day1/v09.mp4",
        "0456eabf49f1038d81f7be30f894d99dffea5cdf",
        NO_LICENCE,
    ),
    "nfho_tyoh_kid_talk.mp4": Source(
        "tyoh-love/Ondevice-AI",
        "kid_talk.mp4",
        "0456eabf49f1038d81f7be30f894d99dffea5cdf",
        NO_LICENCE,
    ),
    "nfho_exec_people.mp4": Source(
        "Executer13/Smart-Home-Security-System-Python-Server",
        "people.mp4",
        "f8a24deb74b07fcd414846acee8d6204ea4296ef",
        NO_LICENCE,
    ),
    "nfho_tyoh_night.mp4": Source(
        "tyoh-love/Ondevice-AI",
        "night.mp4",
        "0456eabf49f1038d81f7be30f894d99dffea5cdf",
        NO_LICENCE,
    ),
    "nfho_dsegna_backyard.mp4": Source(
        "dsegna/BTH540",
        "backyard.mp4",
        "27afca2472d48c8785808ffef5ead2a85d985c6e",
        NO_LICENCE,
    ),
    "nfho_pgent_crash_accident.mp4": Source(
        "pgentil/AccidentDetection",
        "crash_accident.mp4",
        "675aa1487ea826b0bf2a65a505aebe5c87145698",
        NO_LICENCE,
    ),
    "nfho_pgent_normal_traffic.mp4": Source(
        "pgentil/AccidentDetection",
        "normal_traffic.mp4",
        "675aa1487ea826b0bf2a65a505aebe5c87145698",
        NO_LICENCE + " (iStock watermark)",
    ),
    "nfho_safef_normal.mp4": Source(
        "Karthikeya002/SafeFusion-Project",
        "normal.mp4",
        "2e630127b6833343dce5051852cab8b04a6a2632",
        NO_LICENCE,
    ),
    "nfho_daffa_cctv.mp4": Source(
        "DaffaPutraS/praktikum_PCD_A-I",
        "cctv.mp4",
        "a7e0a84f51f4d9bd6bb34926284e96faca4185d9",
        NO_LICENCE,
    ),
    "nfho_ucf_normal_006.mp4": Source(
        "Pasha-Khawaja/Anomaly-Detection-using-surveillance-videos",
        "Normal_Videos_006_x264.mp4",
        "1494f34cf6ba5416df4add883c2e9cfa4db589ae",
        UCF_LICENCE,
    ),
    "nfho_amin_street.mp4": Source(
        "aminalrajabi/AI-Vehicle-Counting-System",
        "street.mp4",
        "7631cbffddd75c04b8bdb96e959c1790e016ad8c",
        NO_LICENCE,
    ),
    "nfho_akhil2_footage.mp4": Source(
        "Akhil-2001/Motion-Detection",
        "footage.mp4",
        "47cea62b219e9e40762ea8472f1706bdba4325e9",
        NO_LICENCE,
    ),
    "nfho_jacob_street.mp4": Source(
        "Jacob12138xieyuan/my-tensorflow-object-detection",
        "street.mp4",
        "950e608a24a9a07b14a38f893bf5803b8da56b8c",
        NO_LICENCE,
    ),
    "nfho_roland_nightcar1.mp4": Source(
        "Roland-247/video-cdn",
        "nightcar1.mp4",
        "d129c97eb0ef96730125b793387903c17b6829f5",
        ROLAND_LICENCE,
    ),
    "nfho_roland_night.mp4": Source(
        "Roland-247/video-cdn",
        "night.mp4",
        "d129c97eb0ef96730125b793387903c17b6829f5",
        ROLAND_LICENCE,
    ),
    "nfho_roland_huiyi.mp4": Source(
        "Roland-247/video-cdn",
        "huiyi.mp4",
        "d129c97eb0ef96730125b793387903c17b6829f5",
        ROLAND_LICENCE,
    ),
    "nfho_roland_Zaoan8.mp4": Source(
        "Roland-247/video-cdn",
        "Zaoan8.mp4",
        "d129c97eb0ef96730125b793387903c17b6829f5",
        ROLAND_LICENCE,
    ),
    "nfho_roland_Zaoan11.mp4": Source(
        "Roland-247/video-cdn",
        "Zaoan11.mp4",
        "d129c97eb0ef96730125b793387903c17b6829f5",
        ROLAND_LICENCE,
    ),
    "nfho_roland_Zaoan12.mp4": Source(
        "Roland-247/video-cdn",
        "Zaoan12.mp4",
        "d129c97eb0ef96730125b793387903c17b6829f5",
        ROLAND_LICENCE,
    ),
    "nfho_skycast_fog.mp4": Source(
        "kevinkong91/Skycast",
        "Skycast/fog.mp4",
        "a418ea04f3a3be196f15afe478b5b7ef798f3876",
        NO_LICENCE,
    ),
    "nfho_skycast_clear-day.mp4": Source(
        "kevinkong91/Skycast",
        "Skycast/clear-day.mp4",
        "a418ea04f3a3be196f15afe478b5b7ef798f3876",
        NO_LICENCE,
    ),
    "nfho_skycast_cloudy.mp4": Source(
        "kevinkong91/Skycast",
        "Skycast/cloudy.mp4",
        "a418ea04f3a3be196f15afe478b5b7ef798f3876",
        NO_LICENCE,
    ),
    "nfho_skycast_partly-cloudy-day.mp4": Source(
        "kevinkong91/Skycast",
        "Skycast/partly-cloudy-day.mp4",
        "a418ea04f3a3be196f15afe478b5b7ef798f3876",
        NO_LICENCE,
    ),
    "nfho_skycast_partly-cloudy-night.mp4": Source(
        "kevinkong91/Skycast",
        "Skycast/partly-cloudy-night.mp4",
        "a418ea04f3a3be196f15afe478b5b7ef798f3876",
        NO_LICENCE,
    ),
    "nfho_skycast_rain.mp4": Source(
        "kevinkong91/Skycast",
        "Skycast/rain.mp4",
        "a418ea04f3a3be196f15afe478b5b7ef798f3876",
        NO_LICENCE,
    ),
    "nfho_skycast_snow.mp4": Source(
        "kevinkong91/Skycast",
        "Skycast/snow.mp4",
        "a418ea04f3a3be196f15afe478b5b7ef798f3876",
        NO_LICENCE,
    ),
    "nfho_kiru_clear.mp4": Source(
        "Kiruthi-T/Weather-app",
        "clear.mp4",
        "a1855c56a7d108035863e1ffd519d8311e160222",
        NO_LICENCE,
    ),
    "nfho_tamil_clouds.mp4": Source(
        "TAMILSELVAN-2108/Dynamic-Weather-Dashboard",
        "clouds.mp4",
        "acf419eb2584c2b27ff1d7932148458100346648",
        NO_LICENCE,
    ),
    "nfho_tamil_rain.mp4": Source(
        "TAMILSELVAN-2108/Dynamic-Weather-Dashboard",
        "rain.mp4",
        "acf419eb2584c2b27ff1d7932148458100346648",
        NO_LICENCE,
    ),
    "nfho_longle_clear.mp4": Source(
        "longledev1/weather-app",
        "public/clear.mp4",
        "4ee8b50492e8020b1039c28283f509519c1913fe",
        NO_LICENCE,
    ),
    "nfho_longle_cloud.mp4": Source(
        "longledev1/weather-app",
        "public/cloud.mp4",
        "4ee8b50492e8020b1039c28283f509519c1913fe",
        NO_LICENCE,
    ),
    "nfho_safi_rain.mp4": Source(
        "Safi1000/Weather-Forecast-Web-App",
        "rain.mp4",
        "39ce80e53f1ced5791b9f71f79b6f1da032b453b",
        NO_LICENCE,
    ),
    "nfho_safi_thunderstorm.mp4": Source(
        "Safi1000/Weather-Forecast-Web-App",
        "thunderstorm.mp4",
        "39ce80e53f1ced5791b9f71f79b6f1da032b453b",
        NO_LICENCE,
    ),
    "nfho_achil_clear.mp4": Source(
        "ACHILLESSSSSSSS/useless_project",
        "clear.mp4",
        "275ae0777914c995e7a8280890eaa6101d09b86b",
        NO_LICENCE + " (iStock watermark)",
    ),
    "nfho_achil_cloudy.mp4": Source(
        "ACHILLESSSSSSSS/useless_project",
        "cloudy.mp4",
        "275ae0777914c995e7a8280890eaa6101d09b86b",
        NO_LICENCE,
    ),
    "nfho_achil_overcast.mp4": Source(
        "ACHILLESSSSSSSS/useless_project",
        "overcast.mp4",
        "275ae0777914c995e7a8280890eaa6101d09b86b",
        NO_LICENCE,
    ),
    "nfho_achil_scattered.mp4": Source(
        "ACHILLESSSSSSSS/useless_project",
        "scattered.mp4",
        "275ae0777914c995e7a8280890eaa6101d09b86b",
        NO_LICENCE,
    ),
    "nfho_achil_sunny.mp4": Source(
        "ACHILLESSSSSSSS/useless_project",
        "sunny.mp4",
        "275ae0777914c995e7a8280890eaa6101d09b86b",
        NO_LICENCE,
    ),
    "nfho_rzine_clouds.mp4": Source(
        "R-zine/weather-widget",
        "clouds.mp4",
        "ff42292905c099692fa9e2176121ef7c62ade144",
        NO_LICENCE,
    ),
    "nfho_rzine_fog.mp4": Source(
        "R-zine/weather-widget",
        "fog.mp4",
        "ff42292905c099692fa9e2176121ef7c62ade144",
        NO_LICENCE,
    ),
    "nfho_rzine_sunny.mp4": Source(
        "R-zine/weather-widget",
        "sunny.mp4",
        "ff42292905c099692fa9e2176121ef7c62ade144",
        NO_LICENCE,
    ),
    "nfho_ojas_sunny.mp4": Source(
        "ojas-17/Weather-App",
        "sunny.mp4",
        "80ab320ca3c6ad49b41fcc0b8c61af3b4df46f4a",
        NO_LICENCE + " (iStock watermark)",
    ),
    "nfho_sil_cafe.mp4": Source(
        "Sil-vannas/VideosPublicos",
        "cafe.mp4",
        "b3e82c39e92af3ee78562a3b4bb9e38545804bed",
        NO_LICENCE + " (iStock watermark)",
    ),
    "nfho_roland_fengjin1.mp4": Source(
        "Roland-247/video-cdn",
        "fengjin1.mp4",
        "d129c97eb0ef96730125b793387903c17b6829f5",
        ROLAND_LICENCE,
    ),
    "nfho_niv_clear_cloud.mp4": Source(
        "Nivethaa-Sakthivel/WeatherFoscating",
        "clear cloud.mp4",
        "8c26a99232603ddcdfa77a3aac24b728aaa5cfa8",
        NO_LICENCE,
    ),
    "nfho_niv_cloudy.mp4": Source(
        "Nivethaa-Sakthivel/WeatherFoscating",
        "cloudy.mp4",
        "8c26a99232603ddcdfa77a3aac24b728aaa5cfa8",
        NO_LICENCE,
    ),
    "nfho_niv_rain.mp4": Source(
        "Nivethaa-Sakthivel/WeatherFoscating",
        "rain.mp4",
        "8c26a99232603ddcdfa77a3aac24b728aaa5cfa8",
        NO_LICENCE,
    ),
    "nfho_niv_summer.mp4": Source(
        "Nivethaa-Sakthivel/WeatherFoscating",
        "summer.mp4",
        "8c26a99232603ddcdfa77a3aac24b728aaa5cfa8",
        NO_LICENCE,
    ),
    "nfho_yass_cloudy.mp4": Source(
        "Yassine366-ux/meteo-app-js-",
        "cloudy.mp4",
        "4eba030b733bbdb9d9d00cb149918e25a6074350",
        NO_LICENCE,
    ),
    "nfho_kerem_cloudy.mp4": Source(
        "keremgh4/hava-durumu",
        "cloudy.mp4",
        "0d7297e9fddf63ccc556d2ecc9b5922e1b634e4a",
        NO_LICENCE + " (iStock watermark)",
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
    # Held out: never looked at while tuning the engine; measured once, reported apart.
    heldout: bool = False


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
        # The plume is first seen at 12.7 s (frame 76 at 6 fps: a faint light patch above the
        # ridge, left of centre); before it the horizon is clear. The source's own detector
        # draws its boxes on the plume from 13.7 s.
        {"smoke": 12.7},
        "very distant thin smoke on the horizon (hard), from 12.7 s",
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

# More non-fire footage (issue 15 asks for an hour): (clip, raw file, scene, labels, start, end).
# camera_moving: the camera is carried, driven or pans with the subject, so a tamper report there
# is not counted as false.
MOVING = {"camera_moving": True}
MORE_NONFIRE: list[tuple[str, str, str, dict[str, Any], float, float | None]] = [
    (
        "nf_highway_lanes",
        "nf_bgs_video.avi",
        "highway from above, plain grey tarmac (low texture), a red car",
        {},
        0,
        None,
    ),
    (
        "nf_motorway_cctv",
        "nf_bgs_video02.avi",
        "motorway CCTV with a timestamp overlay, red car, cyclist",
        {},
        0,
        None,
    ),
    ("nf_road_trees", "nf_bgs_video03.avi", "road beside trees, cars and a white van", {}, 0, None),
    (
        "nf_arm_wrestling",
        "nf_mma_demo.mp4",
        "indoor café, arm wrestling, warm light, orange bottle, hand-held",
        MOVING,
        0,
        9,
    ),
    (
        "nf_pool",
        "nf_mma_test.mp4",
        "swimming pool being cleaned, glittering blue water, hand-held",
        MOVING,
        0,
        None,
    ),
    (
        "nf_makeup_closeup",
        "nf_mma_test.avi",
        "face filling the view, warm skin tones, hand moving",
        {},
        0,
        None,
    ),
    (
        "nf_gym_orange_wall",
        "nf_mma_structuralize.mp4",
        "indoor gym, orange wooden wall, people playing",
        {},
        0,
        None,
    ),
    (
        "nf_supermarket_cctv",
        "nf_argos_supermarket.mp4",
        "supermarket CCTV from above: shoppers, checkout, shelves",
        {},
        0,
        None,
    ),
    (
        "nf_plaza_white_above",
        "nf_robsannaa_mall.mp4",
        "white plaza from straight above, crowd (low-texture floor)",
        {},
        0,
        None,
    ),
    (
        "nf_shopfront_cctv",
        "nf_adith_cctv.mp4",
        "shop-front CCTV: glass door, orange and red goods, pavement",
        {},
        0,
        None,
    ),
    (
        "nf_runner_sunset",
        "nf_adith_video.mp4",
        "runner against an orange sunset sky, the camera follows",
        MOVING,
        0,
        None,
    ),
    ("nf_forest_road", "nf_adith_walking.mp4", "person walking on a forest road", {}, 0, None),
    (
        "nf_mall_entrance",
        "nf_zayed_people.mp4",
        "mall entrance with revolving doors, crowd, warm ceiling lights",
        {},
        0,
        None,
    ),
    (
        "nf_meeting_room",
        "nf_huu_people_movement.mp4",
        "meeting room, large dark screen, plain white walls",
        {},
        0,
        None,
    ),
    ("nf_clouds_sky", "nf_jontet_clouds.mp4", "sky with white clouds (low texture)", {}, 0, None),
    (
        "nf_laptop_warm",
        "nf_jontet_laptop_man.mp4",
        "man at a laptop, warm indoor light",
        {},
        0,
        None,
    ),
    (
        "nf_blue_lit_crowd",
        "nf_jontet_people_walking.mp4",
        "people walking in a blue-lit hall, phones",
        {},
        0,
        None,
    ),
    (
        "nf_silhouettes",
        "nf_jontet_silhouettes.mp4",
        "people silhouetted against a bright window",
        {},
        0,
        None,
    ),
    (
        "nf_overpass",
        "nf_jetyey_overpass.mp4",
        "pedestrian overpass and road from above",
        {},
        0,
        None,
    ),
    (
        "nf_junction_day",
        "nf_jetyey_traffic.mp4",
        "busy junction by day, lorries, tuk-tuks",
        {},
        0,
        None,
    ),
    ("nf_street_buses", "nf_feizhu_street.mp4", "street CCTV with buses", {}, 0, None),
    (
        "nf_night_drive",
        "nf_harshit_night.mp4",
        "night driving: dark road, lane lines in headlights",
        MOVING,
        0,
        None,
    ),
    (
        "nf_road_counting",
        "nf_salarkhan_traffic.mp4",
        "road CCTV with a vehicle-counting overlay, red car",
        {},
        0,
        None,
    ),
    (
        "nf_city_traffic_jam",
        "nf_eagleshot_traffic.mp4",
        "city traffic jam, red tail lights",
        {},
        0,
        None,
    ),
    (
        "nf_sidewalk_shops",
        "nf_edtsoi_walking.mp4",
        "pedestrians on a pavement, shops, a yellow taxi",
        {},
        0,
        None,
    ),
    (
        "nf_shopping_street",
        "nf_puru_test.mp4",
        "shopping street from above, red clothing",
        {},
        0,
        None,
    ),
    ("nf_junction_cctv", "nf_kgagandeep_cctv.mp4", "junction CCTV, autumn trees", {}, 0, None),
    ("nf_park_walk", "nf_tvquynh_walking.mp4", "park, the camera pans once", MOVING, 0, None),
    (
        "nf_dashcam_day",
        "nf_videogenius_solidwhiteright.mp4",
        "dashcam on a motorway, bright sky",
        MOVING,
        0,
        None,
    ),
    (
        "nf_crowd_crossing_above",
        "nf_anubhav_example_03.mp4",
        "crowd on a crossing from above",
        {},
        0,
        None,
    ),
    (
        "nf_plaza_umbrellas",
        "nf_anubhav_example_05.mp4",
        "wet plaza from above, umbrellas, red clothing",
        {},
        0,
        None,
    ),
    ("nf_zebra_crossing", "nf_anubhav_example_07.mp4", "zebra crossing from above", {}, 0, None),
    (
        "nf_basketball_court",
        "nf_tangshengeng_example_01.mp4",
        "indoor basketball court, warm wooden floor",
        {},
        0,
        None,
    ),
    ("nf_highway_overpass", "nf_aboodtt_traffic.mp4", "highway seen from an overpass", {}, 0, None),
    (
        "nf_attic_wood",
        "nf_qharryq_attic2.avi",
        "attic, warm wooden ceiling (low texture)",
        {},
        0,
        None,
    ),
    ("nf_stairs_above", "nf_qharryq_people.mp4", "white stairs from above, people", {}, 0, None),
    (
        "nf_entrance_cctv",
        "nf_sachith_cctv.mp4",
        "entrance CCTV with black borders, people",
        {},
        0,
        None,
    ),
    ("nf_office_cctv", "nf_nguyen_test.mp4", "office CCTV from above, desks, screens", {}, 0, None),
    ("nf_roundabout", "nf_zhaolebor_traffic.mp4", "roundabout from above", {}, 0, None),
    ("nf_roundabout2", "nf_zhaolebor_traffic2.mp4", "roundabout from above, buses", {}, 0, None),
    ("nf_garden_steps", "nf_vighnesh_walking.mp4", "person on garden steps, greenery", {}, 0, None),
    (
        "nf_office_heater",
        "nf_zobra_office.mp4",
        "hand-held walk in an office: red electric heater glow, screens",
        MOVING,
        0,
        None,
    ),
    (
        "nf_crossing_yellow",
        "nf_aerenkaradag_pedestrians.mp4",
        "crossing with yellow lines from above",
        {},
        0,
        None,
    ),
    (
        "nf_white_wall",
        "nf_harshp30_pedestrians.mp4",
        "people walking past a plain white wall (low texture)",
        {},
        5.5,
        None,
    ),
    (
        "nf_car_park_indoor",
        "nf_maxiesbiza_test.mp4",
        "underground car park, low light",
        {},
        0,
        None,
    ),
    (
        "nf_webcam_close",
        "nf_guillermo_test.mp4",
        "person at a webcam, phone and paper held to the lens",
        {},
        0,
        None,
    ),
    (
        "nf_road_red_signs",
        "nf_sj23patel_traffic.mp4",
        "road CCTV, red signs, yellow taxis, buses",
        {},
        0,
        None,
    ),
    (
        "nf_road_watermark",
        "nf_sj23patel_traffic2.mp4",
        "road from a bridge, watermark, red car",
        {},
        0,
        None,
    ),
    (
        "nf_avenue_day",
        "nf_vijayskk_traffic.mp4",
        "wide avenue by day, orange lane markings",
        {},
        0,
        None,
    ),
    (
        "nf_highway_city_cam",
        "nf_yashbansal_trafficvideo.wmv",
        "city highway camera (Mecidiyeköy), logo",
        {},
        0,
        None,
    ),
    (
        "nf_mountain_highway",
        "nf_shivani_test.mp4",
        "highway below mountains, blue sky",
        {},
        0,
        None,
    ),
    (
        "nf_flyover_traffic",
        "nf_shivani_traffic.mp4",
        "flyover traffic, rickshaws, haze",
        {},
        0,
        None,
    ),
    (
        "nf_cars_close_city",
        "nf_saisrithaja_traffic.mp4",
        "cars close to the camera in a city, yellow taxi; the view drifts",
        MOVING,
        0,
        None,
    ),
    (
        "nf_cockatoo_closeup",
        "nf_imageio_cockatoo.mp4",
        "white cockatoo right at the lens, room, hand-held",
        MOVING,
        0,
        None,
    ),
    (
        "nf_open_field_white",
        "nf_dlc_openfield.mp4",
        "white arena from above, one mouse (very low texture)",
        {},
        0,
        None,
    ),
    (
        "nf_dark_arena_flies",
        "nf_sleap_flies_120s.mp4",
        "near-black arena, infrared-like, small flies (dark, low texture)",
        {},
        0,
        None,
    ),
    (
        "nf_dark_pair_flies",
        "nf_sleap_centered_pair.mp4",
        "near-black arena, two flies close up (dark, low texture)",
        {},
        0,
        None,
    ),
    (
        "nf_dark_tracks_flies",
        "nf_sleap_tracks_clip.mp4",
        "dark arena, a few flies (dark, low texture)",
        {},
        0,
        None,
    ),
    (
        "nf_dance_sunlit_room",
        "nf_sleap_dance.mp4",
        "person dancing in a sunlit white room, emoji overlay",
        {},
        0,
        None,
    ),
    (
        "nf_orange_robot",
        "nf_sleap_small_robot.mp4",
        "orange, red and yellow toy robot on a warm background",
        {},
        0,
        None,
    ),
    (
        "nf_street_night_above",
        "nf_mmtracking_demo.mp4",
        "pedestrian street at night from above, lamps",
        {},
        0,
        None,
    ),
    (
        "nf_car_park_grid_above",
        "nf_codertanish_carpark.mp4",
        "large car park from straight above, rows of cars",
        {},
        0,
        None,
    ),
    (
        "nf_grey_arena_mouse",
        "nf_tracktor_mouse.mp4",
        "round grey arena from above, one mouse (low texture, 5.5 min)",
        {},
        0,
        None,
    ),
    (
        "nf_plain_wall_spider",
        "nf_tracktor_spider.mp4",
        "plain pale wall (very low texture), a hand near the lens at the end",
        {},
        0,
        None,
    ),
    (
        "nf_empty_chamber",
        "nf_eztrack_freezing.wmv",
        "empty lit test chamber, grey walls and grid floor (low texture)",
        {},
        0,
        None,
    ),
    (
        "nf_supermarket_produce",
        "nf_jacksd_retail1.mp4",
        "supermarket CCTV: produce section, red and orange fruit, shoppers",
        {},
        0,
        None,
    ),
    (
        "nf_store_fisheye",
        "nf_jacksd_retail2.mp4",
        "shop ceiling fisheye camera: aisles, shoppers (dark rim)",
        {},
        0,
        None,
    ),
    (
        "nf_supermarket_aisles",
        "nf_jacksd_retail3.mp4",
        "supermarket aisles from above, red clothing, trolleys",
        {},
        0,
        None,
    ),
    (
        "nf_highway_blurry",
        "nf_jacksd_cars.mp4",
        "soft-focus highway camera, tail lights",
        {},
        0,
        None,
    ),
    (
        "nf_highway_concrete",
        "nf_mohamedgamal_highway.mp4",
        "highway with a concrete barrier, grey (low texture)",
        {},
        0,
        None,
    ),
    (
        "nf_highway_green",
        "nf_reckon_highway.mp4",
        "highway through green verges, a red car",
        {},
        0,
        None,
    ),
    (
        "nf_motorway_fields",
        "nf_canersu_highway.mp4",
        "motorway between fields, overcast sky",
        {},
        0,
        None,
    ),
    (
        "nf_road_bus",
        "nf_kraten_cars.mp4",
        "urban road from above, buses, orange lane marks",
        {},
        0,
        None,
    ),
    ("nf_motorway_curve", "nf_belal_cars.mp4", "curving motorway, trees, red cars", {}, 0, None),
    ("nf_roundabout_red_cars", "nf_swdee_cars.mp4", "road by a roundabout, red cars", {}, 0, None),
    (
        "nf_street_dance_crowd",
        "nf_swdee_dance.mp4",
        "street dance group and crowd in a town square",
        {},
        0,
        None,
    ),
    (
        "nf_shopping_street_people",
        "nf_swdee_people_walking.mp4",
        "busy shopping street, people walking to the camera",
        {},
        0,
        None,
    ),
    (
        "nf_drone_car_follow",
        "nf_heisenberg_car.mp4",
        "drone following a white car on a dark road",
        MOVING,
        0,
        None,
    ),
    (
        "nf_snow_balcony_timelapse",
        "nf_swoolf_timelapse.mp4",
        "time-lapse of a snowy balcony railing and houses (light jumps)",
        {},
        4.2,
        None,
    ),
    (
        "nf_aquarium_tank",
        "nf_noemie_fish.mp4",
        "aquarium tank with small fish, bubbles, watermark",
        {},
        0,
        None,
    ),
    (
        "nf_aquarium_neon",
        "nf_noemie_poissons.mp4",
        "planted aquarium, neon fish, red-brown roots",
        {},
        0,
        None,
    ),
    (
        "nf_aquarium_reef",
        "nf_noemie_poissons2.mp4",
        "reef aquarium, yellow and orange fish, blue water",
        {},
        0,
        None,
    ),
    (
        "nf_kitten_room",
        "nf_sanskar_cat.mp4",
        "kitten on a warm wooden floor and white rug, several shots",
        MOVING,
        0,
        None,
    ),
    ("nf_cows_field", "nf_sanskar_cow.mp4", "cows grazing in a field, overcast", {}, 0, None),
    (
        "nf_dog_red_fence",
        "nf_shawar8_dog.mp4",
        "dog running through a red fence towards the camera",
        {},
        0,
        None,
    ),
    (
        "nf_orange_dog_sofa",
        "nf_drdoogie_dog.mp4",
        "orange dog on a white sofa (low texture)",
        {},
        0,
        None,
    ),
    (
        "nf_husky_close",
        "nf_ticording_dog.mp4",
        "husky close to the camera in a forest",
        {},
        0,
        None,
    ),
    (
        "nf_husky_bike",
        "nf_ticording_dog2.mp4",
        "husky running beside a bicycle, tracking shot",
        MOVING,
        0,
        None,
    ),
    (
        "nf_supermarket_checkout",
        "nf_vlademelo_checkout.mp4",
        "supermarket checkout: cashier, customers, trolley",
        {},
        0,
        None,
    ),
    (
        "nf_queue_warm",
        "nf_utpal_queue.mp4",
        "people waiting in a queue, warm indoor light, watermark",
        {},
        0,
        None,
    ),
    (
        "nf_restaurant_cctv1",
        "nf_domkim_cctv1.mp4",
        "restaurant CCTV: tables, drinks fridge with red labels, warm light",
        {},
        0,
        None,
    ),
    (
        "nf_restaurant_cctv2",
        "nf_domkim_cctv2.mp4",
        "restaurant CCTV: patterned wall, tables, plants",
        {},
        0,
        None,
    ),
    (
        "nf_restaurant_cctv3",
        "nf_domkim_cctv3.mp4",
        "restaurant CCTV: counter, lamp, red display, window light",
        {},
        0,
        None,
    ),
    (
        "nf_restaurant_cctv4",
        "nf_domkim_cctv4.mp4",
        "restaurant CCTV: long room, lit drinks fridge, diners",
        {},
        0,
        None,
    ),
    (
        "nf_restaurant_cctv5",
        "nf_domkim_cctv5.mp4",
        "restaurant CCTV: crowded tables from above",
        {},
        0,
        None,
    ),
    (
        "nf_restaurant_cctv6",
        "nf_domkim_cctv6.mp4",
        "restaurant CCTV: tables, orange items, diners from above",
        {},
        0,
        None,
    ),
    (
        "nf_restaurant_cctv7",
        "nf_domkim_cctv7.mp4",
        "restaurant CCTV: counter with screen, warm wooden interior",
        {},
        0,
        None,
    ),
    (
        "nf_restaurant_cctv8",
        "nf_domkim_cctv8.mp4",
        "restaurant entrance CCTV: queue outside, red-brown paving, sign",
        {},
        0,
        None,
    ),
    (
        "nf_parking_cctv",
        "nf_gustavo_security.mp4",
        "parking area CCTV from a first floor, yellow lines, a passer-by",
        {},
        0,
        None,
    ),
    (
        "nf_parking_cctv_long",
        "nf_gustavo_security2.mp4",
        "same parking area CCTV, cars coming and going (2.9 min)",
        {},
        0,
        None,
    ),
    ("nf_car_park_rows", "nf_h8_cctv1.mp4", "car park CCTV, rows of cars, trees", {}, 0, None),
    ("nf_car_park_red_cars", "nf_h8_cctv2.mp4", "car park CCTV, red cars, sky", {}, 0, None),
    (
        "nf_corridor_window_glare",
        "nf_lakshmi_cam1.mp4",
        "dormitory corridor towards a bright window (glare), walked",
        MOVING,
        0,
        None,
    ),
    (
        "nf_corridor_dim",
        "nf_lakshmi_cam2.mp4",
        "dim dormitory corridor, window at the end, walked",
        MOVING,
        0,
        None,
    ),
    (
        "nf_office_room_cctv",
        "nf_chuyko_cam1.mp4",
        "office room CCTV, tiled floor, a person walks through",
        {},
        0,
        None,
    ),
    (
        "nf_bw_cctv_intruder",
        "nf_surya_culprit.mp4",
        "black-and-white indoor CCTV with REC overlay, a person enters",
        {},
        0,
        None,
    ),
    (
        "nf_car_park_top1",
        "nf_samuel_cam1.mp4",
        "car park from straight above, grey tarmac (low texture); cut before a held still",
        {},
        0,
        23,
    ),
    (
        "nf_car_park_top2",
        "nf_samuel_cam2.mp4",
        "car park from straight above, red car, watermark; cut before the clip holds a still",
        {},
        0,
        21,
    ),
    (
        "nf_car_park_top4",
        "nf_samuel_cam4.mp4",
        "car park from straight above, empty bays (low texture); cut before a held still",
        {},
        0,
        39,
    ),
    (
        "nf_junction_cctv_timestamp",
        "nf_pagehwidia_cctv.mp4",
        "junction CCTV with timestamp, motorbikes, a red car, a tanker",
        {},
        0,
        None,
    ),
    (
        "nf_shop_counter_cctv",
        "nf_ebrahim_cam3.mp4",
        "shop counter CCTV: goods, pink and red packaging, warm light",
        {},
        0,
        14,
    ),
    (
        "nf_motorway_arrows",
        "nf_janael_cars.mp4",
        "motorway with painted arrows, grey tarmac",
        {},
        0,
        None,
    ),
    (
        "nf_freeway_orange_truck",
        "nf_ajhesh_cars.mp4",
        "busy freeway, an orange lorry, haze",
        {},
        0,
        None,
    ),
    (
        "nf_road_side_view",
        "nf_kou18_cars.mp4",
        "road seen side-on: grey tarmac, treeline, sky (low texture)",
        {},
        0,
        None,
    ),
    (
        "nf_highway_portrait",
        "nf_vulpe_cars2.mp4",
        "highway in portrait format, red cars, watermark",
        {},
        0,
        None,
    ),
    (
        "nf_red_running_track",
        "nf_vulpe_pers.mp4",
        "runner's legs on a red running track (red surface)",
        {},
        0,
        None,
    ),
    (
        "nf_road_concrete_wall",
        "nf_zeroident_cars.mp4",
        "road beside a concrete wall, cars; cut before the view changes",
        {},
        0,
        14,
    ),
    (
        "nf_road_grass_verge",
        "nf_alizahid_70.mp4",
        "empty road and grass verge (low texture)",
        {},
        0,
        None,
    ),
    (
        "nf_residential_road",
        "nf_alizahid_cars.mp4",
        "residential road, a yellow school bus, trees",
        {},
        0,
        None,
    ),
    (
        "nf_blue_sky_clouds",
        "nf_shashank_clear.mp4",
        "blue sky with white clouds (low texture)",
        {},
        0,
        None,
    ),
    (
        "nf_sunset_palms",
        "nf_shashank_clouds.mp4",
        "red-orange sunset over the sea, palm trees",
        {},
        0,
        None,
    ),
    (
        "nf_haze_city",
        "nf_shashank_haze.mp4",
        "hazy grey sky over a city (low texture)",
        {},
        0,
        None,
    ),
    (
        "nf_fog_swing",
        "nf_shashank_mist.mp4",
        "swing in thick fog, trees fading out (low texture)",
        {},
        0,
        None,
    ),
    (
        "nf_thunderstorm_night",
        "nf_shashank_thunderstorm.mp4",
        "dark night sky with lightning flashes",
        {},
        0,
        None,
    ),
    ("nf_storm_sea", "nf_shashank_squall.mp4", "storm at sea, white spray, boats", {}, 0, None),
    (
        "nf_dust_storm",
        "nf_shashank_dust.mp4",
        "dust storm: an orange-brown cloud of sand rolling in",
        {"smoke_ok": True},
        0,
        None,
    ),
]

CLIPS += [
    Clip(name, raw, "nonfire", 320, 5, start, end, labels, scene)
    for name, raw, scene, labels, start, end in MORE_NONFIRE
]


# Held-out fire and smoke clips (2026-12-06): from repositories the thresholds were never tuned
# on, labelled by eye before the engine was run on them, measured once with the engine as it was
# (benchmarks/hazard_footage.py reports them apart from the tuned clips). Do not tune on them:
# a clip looked at while changing the engine is no longer held out.
HELDOUT: list[Clip] = [
    Clip(
        "fire_ho_field_debris",
        "emoy_test1.mp4",
        "fire",
        352,
        10,
        labels={"fire": 0.0, "smoke": 1.2},
        scene="static camera, grass by a fence and the sea: a firefighter lights a small heap; "
        "black smoke from 1.2 s",
        heldout=True,
    ),
    Clip(
        "fire_ho_kitchen_sink",
        "emoy_test2.mp4",
        "fire",
        480,
        10,
        labels={"fire": 0.0},
        scene="indoor kitchen: flames in a sink grow to a tall fire, a person beside it",
        heldout=True,
    ),
    Clip(
        "fire_ho_bonfire_close",
        "emoy_test5.mp4",
        "fire",
        480,
        10,
        # Thin blue-grey smoke over the flames from the first frame, a white drift from 8.4 s.
        labels={"fire": 0.0, "smoke": 0.0},
        scene="garden bonfire of twigs and leaves, close up",
        heldout=True,
    ),
    Clip(
        "fire_ho_warehouse_cctv",
        "cheka_fire.mp4",
        "fire",
        640,
        10,
        # A time-lapse (its clock moves ~25 s every 0.25 s): grey smoke over the roof at 3.07 s,
        # the first flame (an orange spot at the door) at 3.27 s, then a white-hot blaze.
        labels={"fire": 3.3, "smoke": 3.1},
        scene="fisheye CCTV time-lapse of industrial units: one catches fire, black smoke, "
        "an explosion, firefighters",
        heldout=True,
    ),
    Clip(
        "fire_ho_floor_small_dark",
        "nisa_fire.mp4",
        "fire",
        478,
        10,
        labels={"fire": 0.0},
        scene="small flame on a dark indoor floor (portrait phone video)",
        heldout=True,
    ),
    Clip(
        "fire_ho_house_handheld",
        "arafat_fire.mp4",
        "fire",
        608,
        10,
        labels={"fire": 0.0, "smoke": 0.0},
        scene="house fire across a road, thick black smoke, hand-held portrait phone video",
        heldout=True,
    ),
    Clip(
        "fire_ho_street_ebike_cctv",
        "ayoub_fire.mp4",
        "fire",
        640,
        10,
        # White smoke from the e-bike's battery from 0.8 s; the first flame at 4.0 s.
        labels={"fire": 4.0, "smoke": 0.8},
        scene="street CCTV (news edit with captions): an electric bike bursts into flames",
        heldout=True,
    ),
    Clip(
        "fire_ho_bonfire_crowd",
        "ayoub_fire2.mp4",
        "fire",
        480,
        10,
        labels={"fire": 0.0, "smoke": 0.0},
        scene="tall bonfire at dusk before a crowd, bright sky, watermark",
        heldout=True,
    ),
    Clip(
        "fire_ho_forest_night",
        "dml_fire1.mp4",
        "fire",
        640,
        10,
        labels={"fire": 0.0, "smoke": 0.0},
        scene="forest fire on a hillside at night, orange-lit smoke",
        heldout=True,
    ),
    Clip(
        "fire_ho_grass_drone",
        "parth_fire.mp4",
        "fire",
        640,
        10,
        labels={"fire": 0.0, "smoke": 0.0},
        scene="drone over a grass fire line with smoke, then pine forest, watermark",
        heldout=True,
    ),
    Clip(
        "smoke_ho_plume",
        "ashot_fire.mp4",
        "smoke",
        640,
        10,
        labels={"smoke": 0.0},
        scene="large white smoke plume rising from a forested valley, blue sky, watermark",
        heldout=True,
    ),
    Clip(
        "smoke_ho_forest_drone",
        "ashot_fire2.mp4",
        "smoke",
        596,
        10,
        labels={"smoke": 0.0, "fire": 0.0},
        scene="drone over a burning forest: drifting smoke, small red flames, watermark",
        heldout=True,
    ),
    Clip(
        "smoke_ho_wildfire_drone",
        "cheah_wildfire.mp4",
        "smoke",
        640,
        10,
        # Houses and trees first; a haze at the top edge from ~7 s, a white plume from 8.0 s.
        labels={"smoke": 8.0},
        scene="drone flying over wooded houses towards a wildfire's white smoke",
        heldout=True,
    ),
]
CLIPS += HELDOUT


# Held-out fixed-camera fire and smoke footage (2026-12-07): a shop camera is fixed and usually
# indoors, and most of HELDOUT is drones, wildfires, phones and news, so these are CCTV or
# otherwise fixed cameras, indoors where one was found. Never used to tune a threshold.
SOURCES.update(
    {
        "sukhi_fire.mp4": Source(
            "sukhitashvili/violence-detection",
            "data/fire.mp4",
            "b16770faa39d5cf1284ff4175793efabfddb4dc0",
            NO_LICENCE + " (a TikTok repost of a garage's CCTV, TikTok mark in a corner)",
        ),
        "nguyen_test_fire.mp4": Source(
            "nguyentrungchihao8809/Blueprint-for-a-Full-Stack-AI-Home-Security-System",
            "test_fire.mp4",
            "9a33da14e1b213e7d6830c50f633c6a57a24105c",
            NO_LICENCE + " (CCTV of a charging lot; the file is gone from later commits)",
        ),
        **{
            f"ismay_{n}.mp4": Source(
                "ismayank/Fire",
                f"{n}.mp4",
                "da4fe9178d1073195cf4130e323001563349ff04",
                NO_LICENCE + note,
            )
            for n, note in (
                ("fire3", " (a home camera's recording, origin not stated)"),
                ("fire4", " (an AP news edit of a kitchen CCTV recording, AP logo and caption)"),
            )
        },
        "sajjad_fire1.mp4": Source(
            "Sajjadshkh/Detection_and_Alert_System",
            "videos/fire1.mp4",
            "5c998d3e614ce6ab2762fb1704782d44bdc063dc",
            NO_LICENCE + " (removed from the repository in the next commit, b541f9d)",
        ),
    }
)

# Held out, never tuned on, measured once: labelled by eye on contact sheets and frame by frame
# around each onset before the engine was ever run on them (README, "Held-out fixed-camera fire
# and smoke footage"). Do not tune on them: a clip looked at while changing the engine is no
# longer held out.
HELDOUT_FIXED: list[Clip] = [
    Clip(
        "fire_hf_garage_car_lift_cctv",
        "sukhi_fire.mp4",
        "fire",
        640,
        10,
        0.2,
        None,
        # A man under a car on a lift: the first flame on the floor at his feet at 3.2 s of the
        # file; dark smoke over the car's roof from 29.6 s (a lit brown haze beside the flames
        # and an extinguisher's cloud come earlier, from about 22 s).
        labels={"fire": 3.0, "smoke": 29.4},
        scene="fixed CCTV, indoors: a garage workshop, a car on a lift catches fire from the "
        "floor up and burns; people and an extinguisher; TikTok mark",
        heldout=True,
    ),
    Clip(
        "fire_hf_ev_charging_cctv",
        "nguyen_test_fire.mp4",
        "fire",
        640,
        10,
        0.0,
        15.4,
        # Grey smoke from under a van by the charging cable from 1.5 s; the first flame 6.6 s.
        # Cut before the edit's dissolve to a zoomed replay at 15.5 s.
        labels={"smoke": 1.5, "fire": 6.6},
        scene="fixed CCTV seen from above, outdoors: a charging lot, smoke pours from under a "
        "parked van, then a ball of flame and a fire between two vehicles",
        heldout=True,
    ),
    Clip(
        "smoke_hf_kitchen_battery_cctv",
        "ismay_fire4.mp4",
        "smoke",
        640,
        10,
        0.0,
        28.2,
        # A flash and a white cloud from the floor at 3.5 s, then grey smoke fills the room; no
        # flame in view. Cut before the edit's dissolve (28.3 s) to a later part of the night.
        labels={"smoke": 3.5},
        scene="fixed CCTV, indoors: a kitchen with a worktop; a battery bursts on the floor "
        "and smoke fills the room; news logo and caption over the first 8 s",
        heldout=True,
    ),
    Clip(
        "fire_hf_living_room_curtain",
        "ismay_fire3.mp4",
        "fire",
        640,
        10,
        # The curtain at the top left is already alight in the first frame, with a thin haze
        # under the ceiling; the smoke layer thickens and people come in from 16 s.
        labels={"fire": 0.0, "smoke": 0.0},
        scene="fixed wide-angle home camera, indoors: a living room, a curtain burns at the "
        "left edge, a woman in an armchair, the room fills with smoke",
        heldout=True,
    ),
    Clip(
        "fire_hf_floor_ignition_dark",
        "sajjad_fire1.mp4",
        "fire",
        640,
        10,
        0.0,
        45.0,
        # A lit match falls into view at 0.8 s (a few pixels); the heap on the floor catches at
        # 2.4 s and burns down by 42 s. A hairline of grey smoke rises above it from 4.9 s.
        labels={"fire": 0.8, "smoke": 4.9},
        scene="fixed camera in the dark: a dropped match lights a small heap on a smooth "
        "floor (indoors or at night, not stated); the fire lights the room",
        heldout=True,
    ),
]
CLIPS += HELDOUT_FIXED

# Held-out non-fire clips (2026-12-07), (clip, raw file, scene, labels, start, end): real footage
# from repositories no other clip comes from (the sources of SOURCES and of people.json were
# checked), labelled by eye on contact sheets; the engine was never run on them before the one
# measurement. Held out: never tuned on, measured once, reported apart. Do not tune on them: a clip
# looked at while changing the engine is no longer held out (benchmarks/footage/README.md,
# "Held-out non-fire footage (never tuned on)").
HELDOUT_NONFIRE_TABLE: list[tuple[str, str, str, dict[str, Any], float, float | None]] = [
    (
        "nf_ho_shop_fisheye_cctv",
        "nfho_tyoh_shop.mp4",
        "fisheye CCTV of a small shop and office, glass partitions, a man at a desk, people "
        "passing, timestamp overlay",
        {},
        0,
        None,
    ),
    (
        "nf_ho_convenience_store_cctv",
        "nfho_ritam_shoplifting1.mp4",
        "overhead CCTV of a convenience-store aisle: bright packets, lit drinks fridges, two "
        "shoppers",
        {},
        0,
        None,
    ),
    (
        "nf_ho_poster_shop",
        "nfho_ritam_normal.mp4",
        "stock clip, still camera: a woman browsing prints in a poster shop, red and pink goods, "
        "warm light",
        {},
        0,
        None,
    ),
    (
        "nf_ho_store_aisle_stock",
        "nfho_ritam_shoplifting.mp4",
        "stock clip (Adobe Stock watermark), still camera: a girl in a shop aisle with colourful "
        "shelves",
        {},
        0,
        None,
    ),
    (
        "nf_ho_clothing_store_cctv",
        "nfho_ritam_shoplifting2.webm",
        "staged CCTV-style stock clip (Shutterstock watermark) of a clothing store, desaturated, "
        "timestamp overlay; a man walks to the lens",
        {},
        1.5,
        None,
    ),
    (
        "nf_ho_cosmetics_store_cctv",
        "nfho_tyler_shoplifting.mp4",
        "CCTV of a cosmetics store counter (pillarboxed), lit displays, red and pink products, "
        "two shoppers",
        {},
        13.2,
        None,
    ),
    (
        "nf_ho_mall_corridor_cctv",
        "nfho_ucf_normal_015.mp4",
        "CCTV of a shopping-mall corridor, orange trolleys, shoppers, colourful shop fronts (UCF-"
        "Crime normal video)",
        {},
        0,
        None,
    ),
    (
        "nf_ho_supermarket_checkout_cctv",
        "nfho_ucf_normal_063.mp4",
        "CCTV over supermarket checkouts, crowded, red and blue clothing (UCF-Crime normal video)",
        {},
        0,
        None,
    ),
    (
        "nf_ho_office_cctv_bright_lamps",
        "nfho_ucf_normal_025.mp4",
        "CCTV of an open-plan office under bright ceiling lamps with glare (UCF-Crime normal "
        "video)",
        {},
        0,
        None,
    ),
    (
        "nf_ho_stairwell_ir_cctv",
        "nfho_ucf_normal_010.mp4",
        "night IR CCTV of a stairwell and landing, grey, a person on the stairs (UCF-Crime normal"
        " video)",
        {},
        0,
        None,
    ),
    (
        "nf_ho_office_reception_queue",
        "nfho_dakseva_cctv2.mp4",
        "stock clip, still camera: people queueing at an office reception desk, bright window",
        {},
        0,
        None,
    ),
    (
        "nf_ho_reception_desk",
        "nfho_dakseva_queue-test-2.mp4",
        "stock clip, still camera: a receptionist at a desk, customers standing close to the lens",
        {},
        0,
        None,
    ),
    (
        "nf_ho_street_queue_pink_wall",
        "nfho_dakseva_queue-test-4.webm",
        "stock clip, still camera: people in winter coats queueing by a pink wall",
        {},
        0,
        None,
    ),
    (
        "nf_ho_market_stall_crowd",
        "nfho_dakseva_queue-test-5.webm",
        "stock clip, still camera: a crowd at a market stall of cardboard boxes, warm brown tones",
        {},
        0,
        None,
    ),
    (
        "nf_ho_drive_thru_warm_windows",
        "nfho_dthru_footage.webm",
        "fixed camera along a restaurant's drive-through lane: warm-lit windows, parked cars, "
        "overcast day",
        {},
        0,
        None,
    ),
    (
        "nf_ho_cafe_cup_warm",
        "nfho_cafesite_cafe.mp4",
        "stock clip, still camera: a white coffee cup on a wooden table, warm café light, blurred"
        " people behind (no steam seen)",
        {},
        0,
        None,
    ),
    (
        "nf_ho_school_cafe_queue",
        "nfho_schoolcafe_cafe.mp4",
        "phone on a still stand: a crowded school café counter under warm string lights",
        {},
        0,
        None,
    ),
    (
        "nf_ho_cafe_interior_dolly",
        "nfho_cafedel_cafe.mp4",
        "stock clip, slow dolly through an empty café: warm pendant lamps, marble counter",
        MOVING,
        0,
        None,
    ),
    (
        "nf_ho_latte_art_closeup",
        "nfho_coffee_cafe.mp4",
        "stock clip from above: milk poured into an orange-brown latte, a hand close to the lens "
        "(cut before the closing shot)",
        {},
        0,
        26.5,
    ),
    (
        "nf_ho_espresso_bar_edit",
        "nfho_fatima_coffee.mp4",
        "hand-held promo edit with cuts in a café: coffee grinder, beans, espresso machine, a "
        "latte (title card and steam wand trimmed off)",
        MOVING,
        4.5,
        None,
    ),
    (
        "nf_ho_home_cooking_edit",
        "nfho_fresh_cooking.mp4",
        "cooking edit with cuts, close-ups of a pan: red tomato sauce, fish; steam rises from the"
        " pan after the lid is lifted (40-45 s); no flame",
        {**MOVING, "smoke_ok": True},
        0,
        51,
    ),
    (
        "nf_ho_kids_tv_living_room",
        "nfho_tyoh_v09.mp4",
        "phone propped on a table: children dancing in front of a large TV showing bright, fast-"
        "changing colours",
        {},
        1.5,
        26,
    ),
    (
        "nf_ho_child_closeup_handheld",
        "nfho_tyoh_kid_talk.mp4",
        "hand-held portrait phone video: a small child close to the lens, skin in warm indoor "
        "light, a yellow toy",
        MOVING,
        0,
        None,
    ),
    (
        "nf_ho_glass_corridor_walk",
        "nfho_exec_people.mp4",
        "gimbal shot following a woman along a glass-walled corridor, wooden bench, bright "
        "daylight",
        MOVING,
        0,
        None,
    ),
    (
        "nf_ho_night_ir_yard",
        "nfho_tyoh_night.mp4",
        "night IR CCTV of a yard with palms and a parked car, a bright lamp, a man walks past",
        {},
        0,
        None,
    ),
    (
        "nf_ho_night_ir_garden_lamp",
        "nfho_dsegna_backyard.mp4",
        "night IR camera on a garden: a bright round lamp, fence posts, nothing moving",
        {},
        0,
        None,
    ),
    (
        "nf_ho_dusk_junction_cctv",
        "nfho_pgent_crash_accident.mp4",
        "traffic CCTV of a junction at dusk: red traffic lights, tail lights, pick-ups and a "
        "lorry (from 12 s, after a collision's dust has settled)",
        {},
        12,
        None,
    ),
    (
        "nf_ho_collision_vapour",
        "nfho_pgent_normal_traffic.mp4",
        "stock clip from above (iStock watermark): a car hits another, white vapour from the "
        "crumpled bonnet for the rest of the clip; drivers get out",
        {"smoke_ok": True},
        0,
        None,
    ),
    (
        "nf_ho_junction_red_shop",
        "nfho_safef_normal.mp4",
        "portrait view from above of a junction beside a red-painted shop front, cars and a lorry",
        {},
        0,
        None,
    ),
    (
        "nf_ho_motorbikes_orange",
        "nfho_daffa_cctv.mp4",
        "fixed shot from an edited traffic video: motorbikes at a junction, riders in orange "
        "jackets, an orange scooter",
        {},
        26,
        41,
    ),
    (
        "nf_ho_street_cctv_day",
        "nfho_ucf_normal_006.mp4",
        "CCTV of a street and shops in bright sun, red roofs, cars, timestamp overlay (UCF-Crime "
        "normal video)",
        {},
        0,
        None,
    ),
    (
        "nf_ho_motorway_overpass",
        "nfho_amin_street.mp4",
        "motorway from an overpass, autumn trees, a yellow lorry",
        {},
        0,
        None,
    ),
    (
        "nf_ho_motorway_pillarboxed",
        "nfho_akhil2_footage.mp4",
        "motorway lanes from above, pillarboxed, yellow taxis",
        {},
        0,
        None,
    ),
    (
        "nf_ho_paved_path_above",
        "nfho_jacob_street.mp4",
        "fixed camera high above a paved path between flats, a man walking",
        {},
        0,
        None,
    ),
    (
        "nf_ho_night_traffic_jam",
        "nfho_roland_nightcar1.mp4",
        "portrait stock clip, still camera: a night traffic jam seen from above, rows of red tail"
        " lights, sodium street lamps, a lit building",
        {},
        0,
        None,
    ),
    (
        "nf_ho_dusk_palm_lamp",
        "nfho_roland_night.mp4",
        "portrait stock clip, still camera: a palm tree against a deep-blue dusk sky, a street "
        "lamp and the moon",
        {},
        0,
        None,
    ),
    (
        "nf_ho_umbrellas_night_rain",
        "nfho_roland_huiyi.mp4",
        "portrait stock clip: people with umbrellas in the rain at night, warm street light, a "
        "red coat",
        {},
        0,
        None,
    ),
    (
        "nf_ho_bus_yellow_bikes",
        "nfho_roland_Zaoan8.mp4",
        "portrait stock clip, still camera: a street with rows of yellow hire bikes, a bus with a"
        " red LED sign, cars",
        {},
        0,
        None,
    ),
    (
        "nf_ho_cyclist_orange_jacket",
        "nfho_roland_Zaoan11.mp4",
        "portrait stock clip: a cyclist in a red and yellow jacket on a yellow bike rides past, "
        "tree-lined road",
        MOVING,
        0,
        None,
    ),
    (
        "nf_ho_cyclists_orange_bikes",
        "nfho_roland_Zaoan12.mp4",
        "portrait stock clip, camera drifting: cyclists on orange hire bikes riding away",
        MOVING,
        0,
        None,
    ),
    (
        "nf_ho_sunrise_fog_valley",
        "nfho_skycast_fog.mp4",
        "time-lapse: the sun rising over fog in a valley, orange sky, sun glare",
        {},
        0,
        None,
    ),
    (
        "nf_ho_sun_over_valley",
        "nfho_skycast_clear-day.mp4",
        "time-lapse: low sun over a green valley, thin clouds, glare",
        {},
        0,
        None,
    ),
    (
        "nf_ho_sea_cliffs_clouds",
        "nfho_skycast_cloudy.mp4",
        "time-lapse: grey clouds racing over sea cliffs, a pale orange horizon",
        {},
        0,
        None,
    ),
    (
        "nf_ho_cumulus_timelapse",
        "nfho_skycast_partly-cloudy-day.mp4",
        "time-lapse: white cumulus boiling against a blue sky",
        {},
        0,
        None,
    ),
    (
        "nf_ho_moon_clouds",
        "nfho_skycast_partly-cloudy-night.mp4",
        "night: a bright full moon behind drifting clouds on a black sky",
        {},
        0,
        None,
    ),
    (
        "nf_ho_rain_on_window",
        "nfho_skycast_rain.mp4",
        "rain running down a window, a tree and a warm-toned street behind",
        {},
        0,
        None,
    ),
    (
        "nf_ho_snowy_forest",
        "nfho_skycast_snow.mp4",
        "snow falling in a grey winter forest",
        {},
        0,
        None,
    ),
    (
        "nf_ho_sun_clouds_glare",
        "nfho_kiru_clear.mp4",
        "time-lapse: the sun in a blue sky with small clouds, star-shaped glare",
        {},
        0,
        None,
    ),
    (
        "nf_ho_storm_cloud_timelapse",
        "nfho_tamil_clouds.mp4",
        "time-lapse: a grey storm cloud towering and boiling (fade-in and fade-out trimmed off)",
        {},
        1,
        15.5,
    ),
    (
        "nf_ho_raindrops_glass",
        "nfho_tamil_rain.mp4",
        "close-up of raindrops on a window pane, grey light",
        {},
        0,
        None,
    ),
    (
        "nf_ho_blue_sky_cumulus",
        "nfho_longle_clear.mp4",
        "time-lapse: cumulus drifting over a blue sky and a low horizon",
        {},
        0,
        None,
    ),
    (
        "nf_ho_warm_beige_clouds",
        "nfho_longle_cloud.mp4",
        "time-lapse: warm beige and cream clouds rolling slowly (low texture)",
        {},
        0,
        None,
    ),
    (
        "nf_ho_rain_window_beige",
        "nfho_safi_rain.mp4",
        "raindrops running down a window, blurred buildings behind, beige light",
        {},
        0,
        None,
    ),
    (
        "nf_ho_lightning_clouds",
        "nfho_safi_thunderstorm.mp4",
        "dark storm clouds lit from inside by lightning flashes",
        {},
        0,
        None,
    ),
    (
        "nf_ho_plain_blue_sky",
        "nfho_achil_clear.mp4",
        "stock clip (iStock watermark): a clear blue sky with faint wisps (low texture)",
        {},
        0,
        None,
    ),
    (
        "nf_ho_cumulus_horizon",
        "nfho_achil_cloudy.mp4",
        "time-lapse: white cumulus over a flat horizon",
        {},
        0,
        None,
    ),
    (
        "nf_ho_dark_storm_clouds",
        "nfho_achil_overcast.mp4",
        "time-lapse: dark grey storm clouds churning, bright gaps",
        {},
        0,
        None,
    ),
    (
        "nf_ho_pink_altocumulus",
        "nfho_achil_scattered.mp4",
        "time-lapse: rows of pink-lit altocumulus in a blue morning sky",
        {},
        0,
        None,
    ),
    (
        "nf_ho_sun_through_clouds",
        "nfho_achil_sunny.mp4",
        "time-lapse: the sun glaring through fast white clouds",
        {},
        0,
        None,
    ),
    (
        "nf_ho_sunset_tinted_clouds",
        "nfho_rzine_clouds.mp4",
        "time-lapse: grey clouds with pink and orange sunset light",
        {},
        0,
        None,
    ),
    (
        "nf_ho_mist_autumn_forest",
        "nfho_rzine_fog.mp4",
        "aerial shot drifting over an autumn forest, mist rolling between the trees (fog, not "
        "smoke)",
        MOVING,
        0,
        None,
    ),
    (
        "nf_ho_rapeseed_field_pan",
        "nfho_rzine_sunny.mp4",
        "slow pan over a yellow-orange rapeseed field under a pale sky",
        MOVING,
        0,
        None,
    ),
    (
        "nf_ho_cumulus_istock",
        "nfho_ojas_sunny.mp4",
        "time-lapse (iStock watermark): white cumulus over a deep-blue sky",
        {},
        0,
        None,
    ),
    (
        "nf_ho_coffee_cream_swirl",
        "nfho_sil_cafe.mp4",
        "macro stock clip (iStock watermark): cream billowing into coffee, orange-brown clouds "
        "filling the view like smoke (it is liquid, not smoke)",
        {},
        0,
        None,
    ),
    (
        "nf_ho_sunlit_grass_bokeh",
        "nfho_roland_fengjin1.mp4",
        "portrait hand-held macro: sunlit yellow-green grass, bright bokeh",
        MOVING,
        0,
        None,
    ),
    (
        "nf_ho_white_clouds_blue",
        "nfho_niv_clear_cloud.mp4",
        "time-lapse: white clouds crossing a deep-blue sky",
        {},
        0,
        None,
    ),
    (
        "nf_ho_dusk_blue_clouds",
        "nfho_niv_cloudy.mp4",
        "time-lapse: dark blue-grey cloud layer at dusk (low light, low texture)",
        {},
        0,
        None,
    ),
    (
        "nf_ho_rain_forest_puddle",
        "nfho_niv_rain.mp4",
        "rain falling on a forest path, bright green bokeh (fade-in trimmed off)",
        {},
        2,
        None,
    ),
    (
        "nf_ho_sun_rays_tree",
        "nfho_niv_summer.mp4",
        "golden low sun shining through a tree in a meadow, strong glare and rays",
        {},
        0,
        None,
    ),
    (
        "nf_ho_clouds_darkening",
        "nfho_yass_cloudy.mp4",
        "time-lapse: cumulus building and darkening over a blue sky",
        {},
        0,
        None,
    ),
    (
        "nf_ho_storm_clouds_istock",
        "nfho_kerem_cloudy.mp4",
        "time-lapse (iStock watermark): storm clouds rolling in, the light falling to near dark",
        {},
        0,
        None,
    ),
]
HELDOUT_NONFIRE: list[Clip] = [
    Clip(name, raw, "nonfire", 320, 5, start, end, labels, scene, heldout=True)
    for name, raw, scene, labels, start, end in HELDOUT_NONFIRE_TABLE
]
CLIPS += HELDOUT_NONFIRE


# Held-out footage, round 2 (2026-12-07): a second held-out set for measuring a change once,
# later, by someone else. From repositories no other clip comes from (neither SOURCES above nor
# people.json), each file read at its snapshot's HEAD commit; labelled by eye on contact sheets
# before anything was run on them; the engine, the benchmarks and the stage replays were never run
# on them. Do not tune on them, and do not look at the engine's output on them before that one
# measurement (benchmarks/footage/README.md, "Held-out footage, round 2 (never tuned on)").
SOURCES.update(
    {
        **{
            f"h2_wwe_{n}.mp4": Source(
                "wweavishay/foodproductdetection",
                f"{n}.mp4",
                "0b6196fbfe6a6c7dab70f08008ff1d8dafcf1819",
                NO_LICENCE,
            )
            for n in ("supermarket", "fridgefood", "fridgefood2", "products")
        },
        "h2_mahesh_cctv.mp4": Source(
            "Mahesh123z/HomeFixit",
            "cctv.mp4",
            "d2f5e31c21ba951a547fcc2ac2e6f2e3cc0c0c64",
            NO_LICENCE + " (an iStock stock clip, watermark)",
        ),
        **{
            f"h2_babu_{n}.mp4": Source(
                "babulamani95/test_videos",
                f"{n}.mp4",
                "a46ccc8b10eb501186c54823810ff6b0f9443858",
                NO_LICENCE,
            )
            for n in ("forklift3", "forklift4", "gauge3", "gaugue1", "ppe1", "ppe2", "boxes1")
        },
        **{
            f"h2_nabeel_{n}.mp4": Source(
                "NabeelSohail-30/FYP",
                f"{n}.mp4",
                "d5ab5ff2bc986edf3780ec146a6a6bb64babddce",
                NO_LICENCE + " (CCTV of unstated origin)",
            )
            for n in ("8", "snatch")
        },
        "h2_wiz_people.mp4": Source(
            "WizTechGamer/CosmicCoders",
            "videos/people.mp4",
            "ea6d0ee410656accbf66df7cae340cbb6753a2c9",
            NO_LICENCE,
        ),
        "h2_dzem_test3.mp4": Source(
            "dzemildzigal/YOLOv3-notebook-and-results",
            "test3.mp4",
            "5042519cbc0a72bbfbe72f21165a6420a60ec9d0",
            NO_LICENCE + " (an edit of two CCTV cameras of a jewellery store, origin not stated)",
        ),
        "h2_adii_dalma.mp4": Source(
            "Adii2202/NAZAR-AI",
            "ML Models/Fire/dalma_400240.mp4",
            "dd75445593d0212fa6aef95725878bfd2e068481",
            NO_LICENCE + " (origin not stated)",
        ),
        "h2_ivodur_video_noche.mp4": Source(
            "IvoDur/deteccion-humo-rosario",
            "video_noche.mp4",
            "71cf1c4c97985621b4c82059f67491dfa219d703",
            NO_LICENCE + " (the LICENSE files under models/ are TensorFlow's, for that code)",
        ),
        **{
            f"h2_hamdi_{n}.avi": Source(
                "hamdimuzakkiy/firedetection",
                f"data uji/{n}.avi",
                "b8c6ca4dcbec6d32d71a795165ea853e2bd9d6be",
                NO_LICENCE
                + " (a fire-detection test set of clips from many sources, not credited)",
            )
            for n in (
                "non_api-jalan_malam",
                "non_api-jalan_malam2",
                "non_api-kecelakaan2",
                "non_api-kecelakaan3",
                "api-kebakaran_hutan4",
            )
        },
        "h2_halim_shop.mp4": Source(
            "halimtullah/FoodPal-KE",
            "shop.mp4",
            "903c12d98ba3bf64ec65979c1339222fa68be3e6",
            "MIT (LICENSE at the repository root, (c) 2020 halimtullah and others); the clip is a "
            "stock shot whose origin is not stated",
        ),
        "h2_abdel_mall.mp4": Source(
            "abdelrhmannabildev-dev/mall-project",
            "mall.mp4",
            "797e6208a812b4c8c8af6ee2dbd27f173d0f04d3",
            NO_LICENCE,
        ),
        **{
            f"h2_manisha_{n}.mp4": Source(
                "Manisha4/Website-for-Kitchen-firm",
                f"{n}.mp4",
                "4661bb5243da694f5937edc785b1548beeee9708",
                NO_LICENCE + " (furniture makers' demonstration videos, origin not stated)",
            )
            for n in ("closet", "coffee", "slumber_desk", "sofa")
        },
        "h2_shax_people.mp4": Source(
            "Shaxboz98/odamlar-sanagich-2",
            "people.mp4",
            "3e4736967ddad4fdd8c17055c2a783337d12e073",
            NO_LICENCE,
        ),
        **{
            f"h2_neethu_{n}.mp4": Source(
                "neethu-vm/Computer-vision-OpenCV",
                f"{n}.mp4",
                "6ac2c96cd5e013276424971a64733d1dee907d44",
                NO_LICENCE + " (stock clips)",
            )
            for n in ("laugh", "people")
        },
        "h2_saum_classroom.mp4": Source(
            "saumyajha-12/People-Counter-and-Tracker",
            "classroom.mp4",
            "e4912037343e50abc3c0ff2a0c5cea6b5edff5d0",
            NO_LICENCE,
        ),
        "h2_videsigns_dam.mp4": Source(
            "videsigns/client-videos",
            "dam.mp4",
            "cfbd76c84cbfefab2527dafc065fb8d4d32b43be",
            NO_LICENCE,
        ),
        "h2_kiwana_old_building.mp4": Source(
            "kiwanacollins/people-counting-moving-up-and-down",
            "old-building-footage.mp4",
            "f1c57ca737bb234d8b8ffbb44b43c30ab976ffd8",
            NO_LICENCE,
        ),
        **{
            f"h2_daan_{n.split('/')[-1]}": Source(
                "daanvanrobays/people-counter",
                n,
                "9b030a4356da8ab0cbac9092a411b4e3391254d3",
                NO_LICENCE + note,
            )
            for n, note in (
                ("test/escalator.webm", ""),
                ("test/umbrella-1.mp4", " (an iStock stock clip, watermark)"),
                ("test/umbrella-2.mp4", " (an iStock stock clip, watermark)"),
            )
        },
        "h2_abou_walking.mp4": Source(
            "abou-zithar/Deepsort-Implementation",
            "walking.mp4",
            "65979578d349c96510383b339a3b9aab49f12644",
            NO_LICENCE,
        ),
        "h2_ivan_normal001.mp4": Source(
            "IvanG0nzalez/RobberyDetection",
            "data/raw/dataset_videos_original/Normal/Normal_Videos001_x264.mp4",
            "138e7718e985fc387b4e4e087762686fa18aa21e",
            UCF_LICENCE,
        ),
        "h2_ivan_robbery001.mp4": Source(
            "IvanG0nzalez/RobberyDetection",
            "data/raw/dataset_videos_recortados/Robbery/Robbery001_x264.mp4",
            "138e7718e985fc387b4e4e087762686fa18aa21e",
            NO_LICENCE + " (a UCF-Crime 'Robbery' surveillance video, trimmed by the repository; "
            "that data set is for research)",
        ),
        **{
            f"h2_deepak_{n}.mp4": Source(
                "Deepakmewadaa/Anomaly-detection-in-Surveillance-Videos",
                f"YOLO/PPE-detection/{n}.mp4",
                "43debed9abc095544df473c6ebc24df7a7a9de6f",
                NO_LICENCE + " (stock clips)",
            )
            for n in ("ppe-1", "ppe-3")
        },
        "h2_7uv4n_18.avi": Source(
            "7uv4n/abbnormal_event_detection_in_surveillance",
            "dataset/testing_videos/18.avi",
            "cc35c3b22abe223fc0e37d02a1613bd7966363fa",
            NO_LICENCE + " (a test video of the CUHK Avenue data set, for research)",
        ),
        "h2_leo_cafe.mp4": Source(
            "leonardoaraujo18/projeto-cafeteria",
            "videos/cafe.mp4",
            "fb7439ad6b3969ea8233add399cebb1ebc77a4f3",
            NO_LICENCE + " (a stock clip)",
        ),
        "h2_7uv4n_17.avi": Source(
            "7uv4n/abbnormal_event_detection_in_surveillance",
            "dataset/testing_videos/17.avi",
            "cc35c3b22abe223fc0e37d02a1613bd7966363fa",
            NO_LICENCE + " (a test video of the CUHK Avenue data set, for research)",
        ),
        "h2_7uv4n_test_video.mp4": Source(
            "7uv4n/abbnormal_event_detection_in_surveillance",
            "test_video.mp4",
            "cc35c3b22abe223fc0e37d02a1613bd7966363fa",
            NO_LICENCE
            + " (a news edit of a petrol station's CCTV, Broward Sheriff's Office caption)",
        ),
        **{
            f"h2_rayhon_{n}.mp4": Source(
                "Rayhonsamo2004/system_thinking_1",
                f"{n}.mp4",
                "76ea40381e6681ae0a019b28aa9ef4098db0e9e3",
                NO_LICENCE + note,
            )
            for n, note in (
                ("robbery", " (shop CCTV of unstated origin)"),
                ("shoplifting", " (a Getty Images stock clip, watermark)"),
            )
        },
        "h2_rayhon_test.mp4": Source(
            "Rayhonsamo2004/system_thinking_1",
            "uploads/test.mp4",
            "76ea40381e6681ae0a019b28aa9ef4098db0e9e3",
            NO_LICENCE + " (origin not stated)",
        ),
        "h2_vinitop_theft.mp4": Source(
            "vinitop/CityWatch",
            "theft.mp4",
            "9c020c8bf6abe547d0d0c24aaa364200cfd1d5b0",
            NO_LICENCE,
        ),
        "h2_juan_joined.mp4": Source(
            "Juan-117/Computer_vision",
            "joined.mp4",
            "d2bc933e9e6637c9bc6df9b723a73445a6eff28f",
            GPL3_LICENCE,
        ),
        "h2_ahsan_cctv.mp4": Source(
            "ahsanirfan961/Person-Tracker",
            "videos/cctv.mp4",
            "060249cc9f3426dbbe8b3b99027b8ac8195108d6",
            "MIT (LICENSE at the repository root, (c) 2024 Muhammad Ahsan and Muhammad Nabeel, "
            "for the code); the clip is CCTV of unstated origin",
        ),
        "h2_selin_door.mp4": Source(
            "selinkarabicakkk/Home-Automation-Website-",
            "videos/door.mp4",
            "4afb98df2519fa3fc36e5500c1df61d1d30c4431",
            NO_LICENCE + " (a stock doorbell-camera clip)",
        ),
        "h2_haris_people.mp4": Source(
            "harisfariyano/V-count-sistem-penghitung-pengunjung",
            "videos/people.mp4",
            "9e748388d93cb6f524eaf25e752eb35040429a93",
            NO_LICENCE,
        ),
        "h2_prs_people.mp4": Source(
            "prsclasnts/contador-mobilenetssd-fastapi",
            "videos/people.mp4",
            "f827f440e65150a862eabeddc69b48e1f9667821",
            NO_LICENCE,
        ),
        "h2_ken_night.mp4": Source(
            "ken2190/simple-tracking",
            "videos/night.mp4",
            "448cb69d218f7c62de2f836f4bc92acd728e8e25",
            "Apache-2.0 (LICENSE at the repository root, for the code); the clip's origin is not "
            "stated",
        ),
        "h2_mukh_test.mp4": Source(
            "MukhammadjonArabov/restricted_zone_detection",
            "videos/test.mp4",
            "b7b949af316bbc7f0c2ec9dbb8b1fff85ba24549",
            NO_LICENCE + " (a school corridor's CCTV, 2012, origin not stated)",
        ),
        "h2_teehihi_cam1.mp4": Source(
            "teehihi/phoenix-vision-fire-detection",
            "ai-service/assets/demo/cam1.mp4",
            "22515baf1560eff246e1c49443662a4f4da7203a",
            NO_LICENCE + " (no LICENSE file; the README shows an MIT badge; CCTV of unstated "
            "origin, timestamp overlay)",
        ),
        "h2_tchsieh_test.mp4": Source(
            "TCHsieh/EarlyFireDetection",
            "EarlyFireDetection/EarlyFireDetection/test.mp4",
            "d257ac917f38a46d0620ab65c427ec24b85d1994",
            NO_LICENCE + " (the authors' test video; the same file is in the fork "
            "kayspark/EarlyFireDetection and in nganltp/Fire-Detection)",
        ),
        "h2_nganltp_video5.mp4": Source(
            "nganltp/Fire-Detection",
            "Fireimages_data/video/video5.mp4",
            "9e394e05190d2504e41ec58c15dff9dedf3b8d5d",
            NO_LICENCE + " (origin not stated)",
        ),
    }
)

# (clip, raw file, scene, labels, start, end), written like HELDOUT_NONFIRE (5 fps, 320 px).
HELDOUT2_NONFIRE_TABLE: list[tuple[str, str, str, dict[str, Any], float, float | None]] = [
    (
        "nf_h2_supermarket_produce_walk",
        "h2_wwe_supermarket.mp4",
        "hand-held walk along a supermarket's produce aisles: red peppers, tomatoes, oranges, "
        "bananas under shop lights",
        MOVING,
        0,
        None,
    ),
    (
        "nf_h2_fridge_inside_woman",
        "h2_wwe_fridgefood.mp4",
        "stock clip, camera fixed inside a fridge: red peppers close to the lens, the door opens "
        "and the light changes, a woman takes out vegetables",
        {},
        0,
        None,
    ),
    (
        "nf_h2_fridge_inside_couple",
        "h2_wwe_fridgefood2.mp4",
        "stock clip, camera fixed inside a fridge: a yellow pepper and red vegetables close to the "
        "lens, the door opens on a couple in a bright kitchen",
        {},
        0,
        None,
    ),
    (
        "nf_h2_vegetables_table_pan",
        "h2_wwe_products.mp4",
        "stock clip panning over a row of vegetables on a turquoise table: red peppers, carrots, "
        "yellow lemons",
        MOVING,
        0,
        None,
    ),
    (
        "nf_h2_cctv_installer_edit",
        "h2_mahesh_cctv.mp4",
        "stock edit with cuts (iStock watermark), camera moving: a man in a blue cap and overalls "
        "fits a white CCTV camera under a dark ceiling",
        MOVING,
        0,
        None,
    ),
    (
        "nf_h2_warehouse_aisles_fixed",
        "h2_babu_forklift3.mp4",
        "fixed high camera over a bright warehouse floor: shelving, pallets, cardboard boxes, a "
        "worker and a forklift",
        {},
        0,
        None,
    ),
    (
        "nf_h2_warehouse_red_forklift",
        "h2_babu_forklift4.mp4",
        "portrait stock clip, fixed camera in a warehouse aisle: a red and black reach truck moves "
        "along yellow-lined floor (cut at 25.2 s, before the camera moves)",
        {},
        0,
        25.2,
    ),
    (
        "nf_h2_pressure_gauge",
        "h2_babu_gauge3.mp4",
        "fixed close-up of a white pressure gauge on a pale wall, the needle moving (low texture)",
        {},
        0,
        None,
    ),
    (
        "nf_h2_gauge_warm_red_leds",
        "h2_babu_gaugue1.mp4",
        "fixed close-up of a dark dial with an orange face, warm light and red indicator lamps "
        "behind it",
        {},
        0,
        None,
    ),
    (
        "nf_h2_worker_orange_helmet",
        "h2_babu_ppe1.mp4",
        "stock clip, still camera: a worker in a mask and blue overalls close to the lens, two "
        "more in orange helmets behind, a quarry in daylight",
        {},
        0,
        None,
    ),
    (
        "nf_h2_builders_hivis",
        "h2_babu_ppe2.mp4",
        "stock edit with a cut, camera moving: builders in yellow hi-vis vests and helmets at a "
        "timber frame in sunlight",
        MOVING,
        0,
        None,
    ),
    (
        "nf_h2_conveyor_boxes",
        "h2_babu_boxes1.mp4",
        "portrait phone clip with a cut: cardboard boxes on a blue roller conveyor in a warehouse",
        MOVING,
        0,
        None,
    ),
    (
        "nf_h2_convenience_store_cctv",
        "h2_nabeel_8.mp4",
        "ceiling CCTV of a convenience store counter: shelves of bottles and packets, a cashier "
        "and customers in dark and red clothes (faces blurred)",
        {},
        0,
        None,
    ),
    (
        "nf_h2_street_cctv_parked_cars",
        "h2_nabeel_snatch.mp4",
        "fixed CCTV over a sunlit street: parked white and red cars, pedestrians and a motorbike, "
        "washed-out light",
        {},
        0,
        None,
    ),
    (
        "nf_h2_subway_corridor_crowd",
        "h2_wiz_people.mp4",
        "fixed camera in an underground passage: commuters walking towards and away from the lens "
        "under ceiling lights",
        {},
        0,
        None,
    ),
    (
        "nf_h2_jewellery_store_cctv",
        "h2_dzem_test3.mp4",
        "CCTV of a jewellery store (the second camera of an edit): lit glass counters, a glossy "
        "dark floor, people coming in through the glass door (cut between the edit's cuts)",
        {},
        35.4,
        51.4,
    ),
    (
        "nf_h2_jewellery_robbery_cloud",
        "h2_dzem_test3.mp4",
        "CCTV of a jewellery store's counters (the first camera of an edit): hooded men "
        "smash the glass with hammers and a white cloud, an extinguisher's or a smoke "
        "grenade's (not stated), fills the room from about 6 s; no flame",
        {"smoke_ok": True},
        1,
        34.8,
    ),
    (
        "nf_h2_night_street_headlights",
        "h2_hamdi_non_api-jalan_malam.avi",
        "fixed camera on a street at night: parked cars, headlights and tail lights, "
        "people walking past",
        {},
        0,
        None,
    ),
    (
        "nf_h2_night_road_parked_cars",
        "h2_hamdi_non_api-jalan_malam2.avi",
        "fixed camera over a road at night: cars with bright headlights, lit flats behind",
        {},
        0,
        None,
    ),
    (
        "nf_h2_tunnel_cctv_crash_dust",
        "h2_hamdi_non_api-kecelakaan2.avi",
        "tunnel traffic CCTV (ochevidec.tv mark): a car hits the wall at 2 s, a haze of "
        "dust and debris over the lanes",
        {"smoke_ok": True},
        0,
        None,
    ),
    (
        "nf_h2_tunnel_cctv_bus",
        "h2_hamdi_non_api-kecelakaan3.avi",
        "tunnel traffic CCTV (ochevidec.tv mark): a bus swerves across the lanes and "
        "stops, red and white cars pass under the lamps",
        {},
        0,
        None,
    ),
    (
        "nf_h2_mall_atrium_above",
        "h2_halim_shop.mp4",
        "stock clip, still camera high over a shopping mall's atrium: shop fronts on "
        "three floors, shoppers",
        {},
        0,
        None,
    ),
    (
        "nf_h2_mall_escalators_signs",
        "h2_abdel_mall.mp4",
        "stock clip, still camera over a mall's escalators: crowds, bright coloured signs",
        {},
        0,
        None,
    ),
    (
        "nf_h2_wardrobe_bed_demo",
        "h2_manisha_closet.mp4",
        "furniture demonstration edit with cuts in a plain room: a man folds a bed out "
        "of a wooden wardrobe, a red chair",
        MOVING,
        0,
        None,
    ),
    (
        "nf_h2_lift_table_demo",
        "h2_manisha_coffee.mp4",
        "furniture demonstration edit with cuts: a coffee table lifts into a desk in a "
        "living room, people on a brown sofa",
        MOVING,
        0,
        None,
    ),
    (
        "nf_h2_wall_bed_desk_demo",
        "h2_manisha_slumber_desk.mp4",
        "furniture demonstration edit with cuts: a white wall bed folds down over a "
        "desk, a red chair, a plain wall",
        MOVING,
        0,
        None,
    ),
    (
        "nf_h2_sofa_bed_demo",
        "h2_manisha_sofa.mp4",
        "furniture demonstration edit with cuts: a woman in a red and black dress pulls "
        "a sofa out into a bed",
        MOVING,
        0,
        None,
    ),
    (
        "nf_h2_campus_path_lawn",
        "h2_shax_people.mp4",
        "fixed camera over a campus path and a lawn: people walking, buildings and "
        "parked vans behind",
        {},
        0,
        60,
    ),
    (
        "nf_h2_cafe_couple_coffee",
        "h2_neethu_laugh.mp4",
        "stock clip, still camera: a woman and a man laughing over coffee cups in a "
        "café, skin close to the lens, warm light",
        {},
        0,
        None,
    ),
    (
        "nf_h2_lobby_bench_four",
        "h2_neethu_people.mp4",
        "stock clip, still camera: four people in suits on a bench in a bright lobby",
        {},
        0,
        None,
    ),
    (
        "nf_h2_exam_classroom_cctv",
        "h2_saum_classroom.mp4",
        "ceiling CCTV of a classroom during an exam: rows of desks, students in blue uniforms",
        {},
        0,
        None,
    ),
    (
        "nf_h2_dam_spillway_spray",
        "h2_videsigns_dam.mp4",
        "fixed camera on a dam's spillway: white water and spray rising in clouds "
        "(water, not smoke)",
        {},
        0,
        None,
    ),
    (
        "nf_h2_worn_floor_from_balcony",
        "h2_kiwana_old_building.mp4",
        "hand-held from a balcony over a worn concrete walkway (the picture drifts by "
        "up to 30 px): students walk through (low texture)",
        MOVING,
        0,
        None,
    ),
    (
        "nf_h2_mall_escalator_crowd",
        "h2_daan_escalator.webm",
        "fixed camera over a mall's escalators: a crowd going up and down",
        {},
        0,
        None,
    ),
    (
        "nf_h2_umbrellas_crossing_above",
        "h2_daan_umbrella-1.mp4",
        "stock clip (iStock watermark), still camera straight down on a wet crossing: "
        "many umbrellas, pink, blue, yellow, rainbow",
        {},
        0,
        None,
    ),
    (
        "nf_h2_umbrellas_red_above",
        "h2_daan_umbrella-2.mp4",
        "stock clip (iStock watermark), still camera straight down on a wet street: "
        "red, yellow and blue umbrellas crossing",
        {},
        0,
        None,
    ),
    (
        "nf_h2_park_stairs_red",
        "h2_abou_walking.mp4",
        "fixed camera on long stone stairs in a green park: a person in red climbs away",
        {},
        0,
        None,
    ),
    (
        "nf_h2_office_cctv_desks",
        "h2_ivan_normal001.mp4",
        "CCTV of an office: desks, shelves of boxes, red chairs, a man at a computer "
        "(UCF-Crime normal video)",
        {},
        0,
        None,
    ),
    (
        "nf_h2_corner_shop_cctv",
        "h2_ivan_robbery001.mp4",
        "ceiling CCTV of a small shop's counter crowded with colourful goods; a man in "
        "an orange helmet and customers (UCF-Crime robbery video, no fire)",
        {},
        0,
        None,
    ),
    (
        "nf_h2_worker_yellow_vest_room",
        "h2_deepak_ppe-1.mp4",
        "stock clip, still camera: a worker in a yellow hi-vis vest and helmet at a "
        "table in a bright white room",
        {},
        0,
        None,
    ),
    (
        "nf_h2_workers_orange_vests",
        "h2_deepak_ppe-3.mp4",
        "stock clip, still camera: workers in orange and yellow hi-vis vests and "
        "helmets crouched indoors, close to the lens",
        {},
        0,
        None,
    ),
    (
        "nf_h2_campus_avenue_cctv",
        "h2_7uv4n_17.avi",
        "fixed camera on a campus avenue (CUHK Avenue test video 17): people walking "
        "past a glass front, a man in white",
        {},
        0,
        None,
    ),
    (
        "nf_h2_petrol_station_night_cctv",
        "h2_7uv4n_test_video.mp4",
        "petrol-station CCTV at night (a news edit; the one wide shot): a lit forecourt "
        "and pumps, a car, people fighting and running",
        {},
        26.6,
        47.2,
    ),
    (
        "nf_h2_checkout_cctv_crowd",
        "h2_rayhon_robbery.mp4",
        "ceiling CCTV over a shop counter crowded with customers, staff in red (cut "
        "before the edit turns black-and-white at 13.1 s)",
        {},
        0,
        13,
    ),
    (
        "nf_h2_phone_shop_hoodie",
        "h2_rayhon_shoplifting.mp4",
        "stock clip (Getty Images watermark), still camera: a man in a black hoodie in "
        "a bright phone shop",
        {},
        0,
        None,
    ),
    (
        "nf_h2_classroom_bag_phone",
        "h2_vinitop_theft.mp4",
        "portrait phone clip held by hand: a bag on a desk in a classroom, a red board, "
        "a boy takes a phone",
        MOVING,
        0,
        None,
    ),
    (
        "nf_h2_webcam_bookshelf",
        "h2_juan_joined.mp4",
        "webcam at a desk: a man close to the lens counting on his fingers, bookshelves behind",
        {},
        0,
        None,
    ),
    (
        "nf_h2_fisheye_lounge_cctv",
        "h2_ahsan_cctv.mp4",
        "fisheye ceiling CCTV of an office lounge: glass walls, people sitting and "
        "walking, red chairs",
        {},
        0,
        None,
    ),
    (
        "nf_h2_doorbell_red_parcels",
        "h2_selin_door.mp4",
        "stock doorbell-camera clip (fisheye): a delivery man brings red parcels to the "
        "door, a bright street behind",
        {},
        0,
        None,
    ),
    (
        "nf_h2_paving_from_above",
        "h2_haris_people.mp4",
        "fixed camera straight down on plain paving: now and then people walk through "
        "(low texture)",
        {},
        0,
        None,
    ),
    (
        "nf_h2_night_street_neon_hivis",
        "h2_prs_people.mp4",
        "fixed camera on a shopping street at night: neon shop signs, Christmas lights, "
        "workers in orange hi-vis, wet pavement",
        {},
        0,
        None,
    ),
    (
        "nf_h2_night_yard_man_to_lens",
        "h2_ken_night.mp4",
        "fixed camera at night on a dark yard with two lit sheds: a man walks out of "
        "the dark up to the lens",
        {},
        0,
        None,
    ),
    (
        "nf_h2_school_corridor_cctv",
        "h2_mukh_test.mp4",
        "CCTV of a long school corridor (timestamp overlay): bright floor and walls, a "
        "drinking fountain, pupils walking (low texture)",
        {},
        0,
        60,
    ),
    (
        "nf_h2_school_corridor_cctv_later",
        "h2_mukh_test.mp4",
        "the same school corridor CCTV a minute later: a pupil in a grey hoodie on the phone by "
        "the glass doors, then walking away",
        {},
        60.2,
        None,
    ),
    (
        "nf_h2_campus_avenue_cctv_2",
        "h2_7uv4n_18.avi",
        "the campus avenue camera again (CUHK Avenue test video 18, another recording): a man "
        "in white walking about, people passing behind",
        {},
        0,
        None,
    ),
    (
        "nf_h2_espresso_pour_dolly",
        "h2_leo_cafe.mp4",
        "portrait stock clip, slow dolly: espresso pouring from a machine into a white cup, "
        "orange-brown crema, red lamps on the machine (no steam seen)",
        MOVING,
        0,
        None,
    ),
]
HELDOUT2_NONFIRE: list[Clip] = [
    Clip(name, raw, "nonfire", 320, 5, start, end, labels, scene, heldout=True)
    for name, raw, scene, labels, start, end in HELDOUT2_NONFIRE_TABLE
]
CLIPS += HELDOUT2_NONFIRE

# Fire and smoke from fixed cameras, written like HELDOUT_FIXED (10 fps, at most 640 px wide);
# labels in seconds of the written clip, read on the first frames at full size.
HELDOUT2_FIXED: list[Clip] = [
    Clip(
        "fire_h2_hillside_plume",
        "h2_adii_dalma.mp4",
        "fire",
        640,
        10,
        # Flames on the ridge and a grey plume above them in the first frame.
        labels={"fire": 0.0, "smoke": 0.0},
        scene="fixed camera, outdoors at dusk: a fire on a wooded ridge against a pale sky, "
        "orange flames and a grey plume drifting right (letterboxed)",
        heldout=True,
    ),
    Clip(
        "fire_h2_night_fire_red_smoke",
        "h2_ivodur_video_noche.mp4",
        "fire",
        640,
        10,
        # Flames in the first frame; the smoke above them is lit red by the fire from the start.
        labels={"fire": 0.0, "smoke": 0.0},
        scene="fixed camera at night, outdoors: a fire on the ground, bright flames and embers, "
        "red-lit smoke over them, black all round",
        heldout=True,
    ),
    Clip(
        "fire_h2_storeroom_battery_cctv",
        "h2_teehihi_cam1.mp4",
        "fire",
        640,
        10,
        # White-blue smoke from something at the left edge in the first frame (a battery venting);
        # the first flame, an orange glow at the left edge, at 2.4 s (read frame by frame at 30
        # fps), then a white-hot jet of flame at 2.6 s and smoke filling the room.
        labels={"smoke": 0.0, "fire": 2.4},
        scene="fixed CCTV indoors (timestamp overlay): a storeroom by a staircase, filing "
        "cabinets and blue bags; smoke pours from the left edge, a jet of flame at 2.4 s, then "
        "fire and smoke",
        heldout=True,
    ),
    Clip(
        "fire_h2_bin_fire_takes",
        "h2_tchsieh_test.mp4",
        "fire",
        640,
        10,
        # Burning paper in a mesh bin from the first frame; three tripod takes joined with cuts
        # (about 2.3 s, 9.2 s and 12.8 s), the last one darker.
        labels={"fire": 0.0},
        scene="tripod camera indoors in dim light: paper burning in a mesh waste bin on a table, a "
        "hand beside it; three takes joined with cuts",
        heldout=True,
    ),
    Clip(
        "fire_h2_oil_tank_fire",
        "h2_nganltp_video5.mp4",
        "fire",
        640,
        10,
        # A small flame and a grey wisp on the tank's roof in the first frame; black smoke from
        # about 2 s, a fireball at the end.
        labels={"fire": 0.0, "smoke": 0.0},
        scene="fixed camera outdoors: a fire on a storage tank's roof growing into black smoke and "
        "a fireball, red fire engines in front",
        heldout=True,
    ),
    Clip(
        "fire_h2_forest_floor_fire",
        "h2_hamdi_api-kebakaran_hutan4.avi",
        "fire",
        640,
        10,
        # Flames up a tree trunk and along the ground and a grey haze in the first frame.
        labels={"fire": 0.0, "smoke": 0.0},
        scene="fixed camera outdoors: a forest fire, flames running along the ground and up a "
        "trunk, grey smoke between the trees (UltimateChase.com caption)",
        heldout=True,
    ),
    Clip(
        "fire_h2_house_fire_windows",
        "h2_rayhon_test.mp4",
        "fire",
        640,
        10,
        # Flames in the windows and on the roof and smoke above in the first frame.
        labels={"fire": 0.0, "smoke": 0.0},
        scene="fixed camera outdoors: a white wooden house burning, flames in every window and on "
        "the roof, grey smoke, a fire hose's jet at the left",
        heldout=True,
    ),
]
CLIPS += HELDOUT2_FIXED


# Held-out footage, round 3 (2026-12-07): a third held-out set for measuring one change once,
# later, by someone else. From repositories no other clip comes from (neither SOURCES above, round
# 2 included, nor people.json), each file read at the recorded commit; labelled by eye on contact
# sheets before anything was run on them; the engine, the benchmarks and the stage replays were
# never run on them. Do not tune on them, and do not look at the engine's output on them before
# that one measurement (benchmarks/footage/README.md, "Held-out footage, round 3 (never tuned
# on)"). Few fixed-camera fires of 10-60 s from new repositories could be found for this round:
# HELDOUT3_FIXED has one factory CCTV where a fire starts in view, two small fires burning from
# the first frame and one incense smoke.
SURAKSHA_LICENCE = NO_LICENCE + (
    " (copies of UCF-Crime surveillance videos, 320x240, renamed by the repository; that data set "
    "is for research)"
)
SOURCES.update(
    {
        **{
            f"h3_vivek_{n}.mp4": Source(
                "vivekisadev/surakhshaai",
                f"public/videos/{n}.mp4",
                "da683dd3aa41b7a3da03214a3ed9ad5cd10fb5ad",
                SURAKSHA_LICENCE,
            )
            for n in (
                "Shoplifting0",
                "Shoplifting1",
                "Shoplifting2",
                "Robbery1",
                "Robbery2",
                "Robbery3",
                "Stealing1",
                "Vandalism3",
                "Fighting0",
                "Fighting1",
                "Fighting2",
                "Fighting3",
            )
        },
        "h3_vivek_fire.mp4": Source(
            "vivekisadev/surakhshaai",
            "public/videos/fire.mp4",
            "da683dd3aa41b7a3da03214a3ed9ad5cd10fb5ad",
            NO_LICENCE + " (a store's ceiling CCTV of unstated origin, 1188x720, 24 fps)",
        ),
        "h3_rohit_cctv2.mp4": Source(
            "Rohitw3code/CCTV-Fight-Prediction-end-to-end-pipeline-dvc-aws-deploy",
            "cctv2.mp4",
            "7ee33a463cb0eb47be8e03e1544cf3af60173d6c",
            NO_LICENCE + " (a news site's repost of a home camera, logo and watermark)",
        ),
        "h3_allupriya_cctv1.mp4": Source(
            "Allupriya/SentryVision",
            "cctv1.mp4",
            "612dd771daeb9c25ab6b65c79bcd7e5ad13cd08c",
            NO_LICENCE + " (a home camera of unstated origin; the newest commit holds a Git LFS "
            "pointer in its place)",
        ),
        "h3_hariom_people.mp4": Source(
            "HARIOM317/Rail-Netra",
            "people.mp4",
            "73374a7ebfe10cafdd89e6b4cfd930cb4b0aa003",
            "MIT (LICENSE at the repository root, (c) 2025 Hariom Singh Rajput, added after the "
            "recorded commit, for the code); the clip is a stock shot whose origin is not stated",
        ),
        "h3_ani_fire3.mp4": Source(
            "Ani2027/TEAM_CODING_CHAMPS",
            "videos/fire3.mp4",
            "184980a2dff2bf21a69d775df0ec57cbf60f6699",
            NO_LICENCE + " (a video channel's repost of a factory's CCTV, 'Accidents & Fails' "
            "mark, with a warning card before and a subscribe card after)",
        ),
        "h3_liuhcl_fire1.mp4": Source(
            "liuhcl/pull_the_video_stream",
            "data/fire1.mp4",
            "3fe9822bb8e73a8db62fe142ace2fe52271c4213",
            NO_LICENCE + " (a Visual China Group stock clip, VCG watermark)",
        ),
        "h3_bernard_fire1.mp4": Source(
            "bernardlawes/Computer-Vision-Models-YOLO",
            "data/fire1.mp4",
            "19973462fb662b368bac2ecd0ea5aa3511add2cf",
            NO_LICENCE + " (a stock clip of unstated origin; not in the newest commit)",
        ),
        "h3_rashmi_smoke.mp4": Source(
            "rashmijannu/IoT-Based-Smart-Industrial-Safety-System",
            "media/smoke.mp4",
            "9492d270d3c6381d348965b97d78e1ae70959501",
            NO_LICENCE + " (the authors' own test of their sensor board, it seems)",
        ),
        **{
            f"h3_rajrup_{n}.mp4": Source(
                "Rajrup/Caesar-Edge",
                f"{n}.mp4",
                "7e3efdeaadd2f48ecdf6983343156c2353e54983",
                NO_LICENCE + " (the only LICENSE is deep_sort's, for that folder; the "
                "recordings' origin is not stated)",
            )
            for n in ("cam1", "cam2")
        },
    }
)

# (clip, raw file, scene, labels, start, end), written like HELDOUT_NONFIRE (5 fps, 320 px).
HELDOUT3_NONFIRE_TABLE: list[tuple[str, str, str, dict[str, Any], float, float | None]] = [
    (
        "nf_h3_jewellery_counter_cctv",
        "h3_vivek_Shoplifting0.mp4",
        "ceiling CCTV of a jewellery shop's counter (timestamp overlay): glass cases, a plant, "
        "red and gold goods, a woman behind the counter and a customer (UCF-Crime shoplifting "
        "video, no fire)",
        {},
        0,
        None,
    ),
    (
        "nf_h3_store_shelves_cctv",
        "h3_vivek_Shoplifting1.mp4",
        "high CCTV over a store's rows of shelves in flat grey light, a few shoppers walking "
        "between them (UCF-Crime shoplifting video, no fire)",
        {},
        0,
        None,
    ),
    (
        "nf_h3_shop_counter_crowd_cctv",
        "h3_vivek_Shoplifting2.mp4",
        "CCTV over a crowded shop counter, glass cases and wall shelves of small goods: "
        "customers in red, grey and green, a man in yellow behind the counter (UCF-Crime "
        "shoplifting video, no fire)",
        {},
        0,
        55,
    ),
    (
        "nf_h3_shop_counter_crowd_cctv_2",
        "h3_vivek_Shoplifting2.mp4",
        "the same shop counter a minute later: customers leaning over the glass cases, a man in "
        "yellow behind the counter",
        {},
        55,
        110,
    ),
    (
        "nf_h3_shop_counter_crowd_cctv_3",
        "h3_vivek_Shoplifting2.mp4",
        "the same shop counter at the end of the recording: the customers in red and green still "
        "at the cases",
        {},
        110,
        None,
    ),
    (
        "nf_h3_counter_bw_cctv",
        "h3_vivek_Robbery1.mp4",
        "black-and-white CCTV over a small shop's till counter, a bright window at the left, "
        "a cashier and a customer (UCF-Crime robbery video, no fire)",
        {},
        0,
        32,
    ),
    (
        "nf_h3_counter_bw_cctv_2",
        "h3_vivek_Robbery1.mp4",
        "the same black-and-white counter CCTV, second half: people at the till",
        {},
        32,
        None,
    ),
    (
        "nf_h3_convenience_counter_cctv",
        "h3_vivek_Robbery2.mp4",
        "CCTV of a convenience store's counter crowded with colourful goods, drinks and "
        "snacks, red signs, customers and staff (UCF-Crime robbery video, no fire)",
        {},
        0,
        None,
    ),
    (
        "nf_h3_night_street_bw_cctv",
        "h3_vivek_Robbery3.mp4",
        "black-and-white street CCTV at night ('Front Street' caption, timestamp overlay that "
        "jumps): a car's headlights, two people on the pavement (UCF-Crime robbery video)",
        {},
        0,
        None,
    ),
    (
        "nf_h3_yard_motorbikes_cctv",
        "h3_vivek_Stealing1.mp4",
        "CCTV of a paved yard by a gate ('CAM 2', timestamp overlay, pillarboxed): parked "
        "motorbikes, a man in a red shirt on one, people passing (UCF-Crime stealing video)",
        {},
        0,
        None,
    ),
    (
        "nf_h3_square_christmas_tree_cctv",
        "h3_vivek_Vandalism3.mp4",
        "high CCTV on a square in dull light: a Christmas tree in a red enclosure, a street "
        "lamp, passers-by (UCF-Crime vandalism video, no fire)",
        {},
        0,
        32,
    ),
    (
        "nf_h3_square_christmas_tree_cctv_2",
        "h3_vivek_Vandalism3.mp4",
        "the same square and Christmas tree, second half: people by the red enclosure",
        {},
        32,
        None,
    ),
    (
        "nf_h3_bar_counter_bw_cctv",
        "h3_vivek_Fighting0.mp4",
        "black-and-white CCTV over a bar's counter at night ('CAMERA05', timestamp overlay): "
        "glasses, a till, people reaching over (UCF-Crime fighting video; cut before the edit "
        "switches to another camera at 42.6 s)",
        {},
        0,
        42.5,
    ),
    (
        "nf_h3_station_concourse_cctv",
        "h3_vivek_Fighting1.mp4",
        "wide CCTV of a station concourse: a colourful patterned floor, a map board, ticket "
        "gates, people walking and scuffling (UCF-Crime fighting video)",
        {},
        0,
        48,
    ),
    (
        "nf_h3_station_concourse_cctv_2",
        "h3_vivek_Fighting1.mp4",
        "the same station concourse, second half: people in red and dark clothes crossing",
        {},
        48,
        None,
    ),
    (
        "nf_h3_club_crowd_fisheye_cctv",
        "h3_vivek_Fighting2.mp4",
        "fisheye CCTV over a packed bar or club at night, greenish light, a pink-lit corner "
        "(UCF-Crime fighting video)",
        {},
        0,
        32,
    ),
    (
        "nf_h3_club_crowd_fisheye_cctv_2",
        "h3_vivek_Fighting2.mp4",
        "the same packed room, second half: the crowd pushing about",
        {},
        32,
        None,
    ),
    (
        "nf_h3_restaurant_night_lamps_cctv",
        "h3_vivek_Fighting3.mp4",
        "CCTV of a restaurant or hotel lounge at night (pillarboxed): a bright chandelier and "
        "warm lamps, green tables, dark windows, a few people (UCF-Crime fighting video)",
        {},
        0,
        None,
    ),
    (
        "nf_h3_driveway_home_cctv",
        "h3_rohit_cctv2.mp4",
        "a home camera over a paved driveway by a brick wall (a news site's repost, logo and "
        "watermark): blue and black bins, a parked car, a woman in a spotted dressing gown and a "
        "man arguing",
        {},
        0,
        32.5,
    ),
    (
        "nf_h3_driveway_home_cctv_2",
        "h3_rohit_cctv2.mp4",
        "the same driveway camera, second half: the two people and a dog; cut before the "
        "advert's title card at 65.1 s",
        {},
        32.5,
        65,
    ),
    (
        "nf_h3_porch_night_cctv",
        "h3_allupriya_cctv1.mp4",
        "a porch camera at night: street lights and passing headlights beyond a lawn, a man "
        "walks up and holds something pale close to the lens",
        {},
        0,
        None,
    ),
    (
        "nf_h3_office_steps_group",
        "h3_hariom_people.mp4",
        "stock clip, slow push-in: office workers walking down steps in front of a glass building",
        MOVING,
        0,
        None,
    ),
    (
        "nf_h3_plaza_from_high_cam1",
        "h3_rajrup_cam1.mp4",
        "fixed camera high above a paved plaza with a patterned floor: many small walkers, a "
        "lawn and a monument at the top",
        {},
        0,
        None,
    ),
    (
        "nf_h3_plaza_from_high_cam2",
        "h3_rajrup_cam2.mp4",
        "a second camera over the same plaza: walkers, a white van crossing and parking",
        {},
        0,
        None,
    ),
]
HELDOUT3_NONFIRE: list[Clip] = [
    Clip(name, raw, "nonfire", 320, 5, start, end, labels, scene, heldout=True)
    for name, raw, scene, labels, start, end in HELDOUT3_NONFIRE_TABLE
]
CLIPS += HELDOUT3_NONFIRE

# Fire and smoke from fixed cameras, written like HELDOUT2_FIXED (10 fps, at most 640 px wide);
# labels in seconds of the written clip, read on the first frames and on crops frame by frame.
HELDOUT3_FIXED: list[Clip] = [
    Clip(
        "fire_h3_factory_forklift_cctv",
        "h3_ani_fire3.mp4",
        "fire",
        640,
        10,
        # CCTV from 3.1 s (after a warning card) to 59.7 s (before a subscribe card at 59.8 s).
        # A forklift carries a white bag across the hall; a burst of flame at its front at 7.97 s
        # of the file (frame by frame at 30 fps: nothing at 7.93 s), 4.9 s of the clip; the
        # forklift burns, dark smoke rises above the flames, plain at 18.5 s of the file (a
        # darker trace from about 17.5 s), 15.4 s of the clip; a fireball and an extinguisher's
        # white cloud from about 30 s of the file.
        start=3.1,
        end=59.7,
        labels={"fire": 4.9, "smoke": 15.4},
        scene="fixed CCTV indoors ('Camera 01', timestamp overlay; a channel's repost): a "
        "factory hall with white pipes and an orange crane rail; a forklift catches fire, then "
        "a fireball, people with extinguishers and a white cloud; the on-screen clock runs "
        "about 1.6 times faster than the clip (sped up or thinned by the repost)",
        heldout=True,
    ),
    Clip(
        "fire_h3_dark_room_floor_fire",
        "h3_liuhcl_fire1.mp4",
        "fire",
        640,
        10,
        # A small fire on the floor in the middle of the dark room in the first frame, flickering
        # up to about 1/10 of the picture's height; no smoke can be seen in the dark.
        labels={"fire": 0.0},
        scene="fixed camera indoors in the dark (VCG stock watermark): a small fire burning on "
        "the floor of a room in front of a window with blinds, its light on the walls and floor",
        heldout=True,
    ),
    Clip(
        "fire_h3_campfire_sunset_silhouette",
        "h3_bernard_fire1.mp4",
        "fire",
        640,
        10,
        # The campfire burns in the first frame; the orange haze is mist lit by the low sun, not
        # smoke (none is seen over the fire).
        labels={"fire": 0.0},
        scene="still camera outdoors at sunset (stock clip): a man's silhouette beside a small "
        "campfire on a meadow, orange mist, birds crossing",
        heldout=True,
    ),
    Clip(
        "smoke_h3_incense_sensor_bench",
        "h3_rashmi_smoke.mp4",
        "smoke",
        640,
        10,
        # A hand holds a glowing incense stick by a sensor board from the first frame; the first
        # thin white wisp beside the sensor is plain at 2.0 s (a trace at 1.8-1.9 s, on crops of
        # every frame), curling smoke by 4 s; another stick is brought in at the right from
        # 8.5 s. No flame.
        labels={"smoke": 2.0},
        scene="fixed camera indoors on a bench: a sensor board with red LEDs and a black buzzer, "
        "a hand holding a smouldering incense stick beside it, thin white smoke",
        heldout=True,
    ),
    Clip(
        # Shorter than the round's other clips (8.0 s, the whole file): the one fire found that
        # starts on a shop's own ceiling camera. Labelled by the developer on crops of every
        # frame (24 fps) before any run: nothing at 1.208 s; a burst of sparks and flame at the
        # foot of a shelf at 1.250 s (frame 30), burning on with an orange flame; the first grey
        # puff beside it at 1.458 s (frame 35), smoke filling the aisle's top from about 2.5 s.
        "fire_h3_store_aisle_battery_cctv",
        "h3_vivek_fire.mp4",
        "fire",
        640,
        10,
        labels={"fire": 1.25, "smoke": 1.46},
        scene="ceiling CCTV of an electronics store ('CAM 04 - NW STORE', timestamp): shelves of "
        "boxed goods under strip lights; a battery bursts into sparks and flame at the foot of "
        "a shelf and smoke fills the aisle",
        heldout=True,
    ),
]
CLIPS += HELDOUT3_FIXED


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
        **({"heldout": True} if clip.heldout else {}),
    }


def arguments(argv: list[str], usage: str | None) -> tuple[Path, set[str]] | None:
    """The raw footage folder and the clips named after it; None (said why) when unusable."""
    if len(argv) < 2:
        print(usage)
        return None
    only = set(argv[2:])
    unknown = only - {clip.name for clip in CLIPS}
    if unknown:
        print("unknown clips:", ", ".join(sorted(unknown)))
        return None
    return Path(argv[1]), only


def extract(mirrors: Path, raw_dir: Path) -> int:
    """Write every source file into raw_dir from the fetched repositories; 1 when any is missing."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    missing = 0
    for name, source in SOURCES.items():
        try:
            data = source_bytes(
                mirrors,
                {"repository": source.repo, "commit": source.commit, "path": source.path},
            )
        except FileNotFoundError as err:
            print(f"{name}: MISSING: {err}")
            missing += 1
            continue
        (raw_dir / name).write_bytes(data)
    print(f"{len(SOURCES) - missing} of {len(SOURCES)} source files in {raw_dir}")
    return 1 if missing else 0


def main(argv: list[str]) -> int:
    """Write every clip (or only the named ones) and the manifest."""
    if argv[1:] == ["--repos"]:
        print("\n".join(sorted({source.repo for source in SOURCES.values()})))
        return 0
    if len(argv) == 4 and argv[1] == "--extract":
        return extract(Path(argv[2]), Path(argv[3]))
    parsed = arguments(argv, __doc__)
    if parsed is None:
        return 2
    raw_dir, only = parsed
    out_dir = footage_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    # Clips not named keep their manifest entry, so adding footage never re-encodes the rest.
    kept = {c["clip"]: c for c in json.loads(MANIFEST.read_text())["clips"]} if only else {}
    entries = []
    for clip in CLIPS:
        if only and clip.name not in only and f"{clip.name}.mp4" in kept:
            entries.append(kept[f"{clip.name}.mp4"])
            continue
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
