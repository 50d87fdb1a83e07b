"""People rules on tracks: line crossings, zone occupancy, loitering, crowding, intrusion.

Everything is judged on a track's foot point (the bottom centre of its box: where the person
stands on the floor), smoothed along the track. A line is crossed when the foot goes from
clearly one side to clearly the other, "clearly" being a band measured in the person's own
box height: a foot's jitter grows with the person's size on screen, and a fixed band in
pixels is either too wide for a distant person or too narrow for a near one.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
import itertools
import math
from typing import Any

from .config import CameraConfig, Line, Point, Zone
from .events import Detection
from .tracker import Track, paced_frames

# A foot within this distance of a line keeps its previous side, so a person dithering on the
# line is not counted in and out on every frame. Fraction of the frame (line_side), and of the
# person's box height (crossings).
_LINE_MARGIN = 0.02
BAND = 0.1
# A person near the camera is half the picture tall; a band of 10-15 % of that kept a real
# crossing from counting until seconds later. Fraction of the frame's height.
BAND_MAX = 0.04
# A steady walker's foot (tracker.STEADY_STEP: two long steps in about the same direction)
# does not dither on the line, and its band is this share of the usual one (0.03 of the
# height: what a walker's foot strays, median). Over the 20 labelled clips 21 crossings
# counted 0.2-1 s sooner and three more counted at all (a woman on the gym floor lost just
# past the line, her foot inside the full band; two at crossings labelled optional); no
# count lost, none false. 0.1 and 0: one more matched on the concourse.
STEADY_BAND = 0.3
# ... when its last step went across the line: at least this share of the step is across it
# (someone walking along the line, a foot either side of it, keeps the usual band).
ACROSS_SHARE = 0.5
# How far past a line's ends (fraction of its length) a crossing still counts.
_LINE_SLACK = 0.1
# A track first seen on a line, or just past it, counts as coming from the other side once
# this many of its foot points (the first included) went steadily away from the line, none
# stepping back by more than ACROSS_SLIP of the band (measured on the 18 labelled clips,
# in process). Judging on two points: a box that jumped once (a second box on one person,
# two people splitting) counted false crossings (the crowded hall: 3 -> 5 false); three:
# the school corridor 9 -> 10 matched, no false count anywhere. A track first seen on the
# line is still judged when it leaves the band (waiting a frame for a third point: +2 false).
ACROSS_POINTS = 3
ACROSS_SLIP = 0.25
# "Just past": within this fraction of the person's height. 0.3 and 0.5: the concourse
# 30 -> 31 matched, no new false count; 0.8: 3 more false counts on the overhead passage.
NEAR = 0.3
# People first seen just past a line in the camera's first moments crossed it before anyone
# looked (counting them: 9 more false counts over the set).
START_SECONDS = 0.5
# A box touching the picture's left or right side (fraction of the width): someone walking
# in there, not someone the detector lost (without this: 3 more false counts, hall and
# concourse).
EDGE = 0.01
# A track first seen past a line takes over the crossing of a track lost on the other side
# when it is born within HANDOVER_SECONDS of that track's last sighting, its first foot
# within HANDOVER_DISTANCE of the lost track's last one and both within HANDOVER_DISTANCE of
# the line (in the person's heights), at a similar height: the detector lost the person at
# the line and the tracker started them afresh past it, so neither track crossed.
HANDOVER_SECONDS = 1.0
HANDOVER_DISTANCE = 1.0
# The lost track must have been walking towards the line: over its last two steps its foot
# came this much of its height nearer (a standing person's foot strays 0.03 of it, median).
HANDOVER_APPROACH = 0.1
# A steady walker the detector loses just before a line is counted when where they were
# heading (their last step at its own pace, carried on for the time unseen) is clearly past
# it (the steady band), at most COAST_FRAMES analysed frames after the last sighting, inside
# the picture. Such a person used to be counted when found again, often more than 1 s late
# (a late count then took the next person's label), or never. Over the 20 labelled clips (in
# process): 127 -> 131 of 146 matched, 10 -> 8 false; the angled clips 118 -> 122 of 131,
# 5 -> 3 false. 2 frames: 128 / 10; 4: 131 / 8; 5: 131 / 9. Not seen from straight above,
# where a box centre's heading added 2 false counts on the passage.
COAST_FRAMES = 3
# ... unless someone tracked and seen now stands within COAST_CLEAR of their height of where
# they were heading: the tracker has most likely found the person under another id, which
# counts them itself (with YOLOX-nano, a group on the gym floor counted one person twice:
# 5 -> 6 false; 0.5 and 1.0 removed it, 1.0 also cost FastestDet 3 of its 4 gains).
COAST_CLEAR = 0.5
# A track counted over a line is not counted back over it within REVERSE_SECONDS unless its
# foot is at least REVERSE_HEIGHTS of its height past the line: a box that jumps between a
# person's parts, or to a shelf beside them, is not someone turning round, and nobody turns
# round and walks a step back in that time. In process: nothing changes at 5 fps; at 10 fps
# 132 / 24 -> 131 / 16 (matched / false of 146), the six 6-8 fps copies 775 / 101 -> 772 / 91.
REVERSE_SECONDS = 1.0
REVERSE_HEIGHTS = 0.25
# After closing, an intrusion alarm wakes the owner and may send someone to the shop, so a
# track raises it only once it is a person beyond reasonable doubt: the detector has been
# this sure of it at least once, and it has walked at least INTRUDER_TRAVEL of its own height
# from where it was first seen. Measured in process on 24 real clips without people (roads,
# car parks, a night infrared garden, aquariums, a kitten, a cockatoo, flies, clouds; 13.7
# min; tests/engine/test_engine_intrusion_footage.py): without it all 24 raised an intrusion
# (147 tracks: trees in infrared, a traffic light, road signs, parked cars, fish); with it 7
# (16 tracks: a red car driving, fish, a kitten, a cockatoo and flies, which move and score
# like people to FastestDet). On the 6 labelled clips where someone is there after closing,
# every one still raises it, at 1.0-1.8 s instead of 0.2-1.6 s (the kitchen's cook, who
# hardly moves at his station, at 11.8 s, when the next person walks in). Replayed on the
# same tracks, score 0.75 or 0.8: one of the 6 lost (the car park's pedestrian, seen from a
# moving camera); travel 1.0: four lost; 0.3: 13 of the 24 raise it.
INTRUDER_SCORE = 0.7
INTRUDER_TRAVEL = 0.5


def point_in_polygon(point: Point, polygon: tuple[Point, ...]) -> bool:
    """Even-odd ray casting; zones have a handful of vertices, so pure Python is cheapest."""
    x, y = point
    inside = False
    j = len(polygon) - 1
    for i, (xi, yi) in enumerate(polygon):
        xj, yj = polygon[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def signed_distance(line: Line, point: Point, aspect: float = 1.0) -> tuple[float, float]:
    """(position along p1→p2 as a fraction of it, distance to the viewer's left).

    The distance is in units of the frame's height: x is stretched by the aspect ratio
    (width / height) so that distances are the same in every direction on screen.
    """
    (x1, y1), (x2, y2) = line.p1, line.p2
    dx, dy = (x2 - x1) * aspect, y2 - y1
    length = math.hypot(dx, dy)
    px, py = (point[0] - x1) * aspect, point[1] - y1
    along = (px * dx + py * dy) / (length * length)
    # Screen y grows downwards, so a negative cross product is the viewer's left.
    return along, -(dx * py - dy * px) / length


def line_gap(line: Line, point: Point, aspect: float = 1.0) -> float | None:
    """Signed distance to the line (signed_distance), None beyond its ends, where it counts
    nothing."""
    along, distance = signed_distance(line, point, aspect)
    return distance if -_LINE_SLACK <= along <= 1 + _LINE_SLACK else None


def line_side(line: Line, point: Point, margin: float = _LINE_MARGIN, aspect: float = 1.0) -> int:
    """+1 left of p1→p2 on screen, -1 right, 0 within margin of the line or beyond its ends."""
    distance = line_gap(line, point, aspect)
    if distance is None or abs(distance) < margin:
        return 0
    return 1 if distance > 0 else -1


@dataclass(slots=True)
class _Presence:
    since: float
    loitering: bool = False


class Rules:
    """Stateful rules for one camera; update() runs once per analysed frame."""

    def __init__(self, config: CameraConfig) -> None:
        """Start with zero counts."""
        self.config = config
        self.counts: dict[str, dict[str, int]] = {ln.id: {"in": 0, "out": 0} for ln in config.lines}
        self._sides: dict[tuple[int, str], int] = {}
        # (track id, line id) of lost tracks whose crossing a newer track took over.
        self._handed: set[tuple[int, str]] = set()
        # (track id, line id) of lost tracks counted on the way they were heading
        # (COAST_FRAMES), and the side they were counted into: reaching it is not counted again.
        self._coasted: dict[tuple[int, str], int] = {}
        self._lost: list[Track] = []
        # (track id, line id): when that track was last counted over that line.
        self._counted: dict[tuple[int, str], float] = {}
        self._started: float | None = None
        self._presence: dict[tuple[int, str], _Presence] = {}
        self.occupancy: dict[str, int] = {z.id: 0 for z in config.zones}
        self.people = 0
        self.crowded = False
        self._crowd_since: float | None = None
        self._intruders: set[int] = set()
        # Tracks that have walked INTRUDER_TRAVEL from where they were first seen.
        self._walked: set[int] = set()
        self.closed = False
        # Width / height of the picture, so distances to lines are the same in all directions.
        self.aspect = 16 / 9

    def reconfigure(self, config: CameraConfig) -> None:
        """Apply new lines/zones/thresholds; counts of lines that keep their id survive."""
        self.config = config
        self.counts = {ln.id: self.counts.get(ln.id, {"in": 0, "out": 0}) for ln in config.lines}
        zone_ids = {z.id for z in config.zones}
        line_ids = {ln.id for ln in config.lines}
        self._sides = {k: v for k, v in self._sides.items() if k[1] in line_ids}
        self._handed = {k for k in self._handed if k[1] in line_ids}
        self._coasted = {k: v for k, v in self._coasted.items() if k[1] in line_ids}
        self._counted = {k: v for k, v in self._counted.items() if k[1] in line_ids}
        self._presence = {k: v for k, v in self._presence.items() if k[1] in zone_ids}
        self.occupancy = {z.id: self.occupancy.get(z.id, 0) for z in config.zones}

    def set_closed(self, closed: bool) -> None:
        """After-hours flag; reopening forgets who was reported."""
        if closed != self.closed:
            self._intruders.clear()
        self.closed = closed

    def update(
        self,
        tracks: list[Track],
        ended: list[Track],
        now: float,
        visible: list[Track] | None = None,
        figures: Collection[int] = (),
    ) -> list[Detection]:
        """Evaluate the rules on this frame's confirmed tracks.

        visible: the tracks actually seen now or a moment ago (default: all of them); they
        are the people in view, the zones' occupancy, crowding and intrusion. Tracks not
        seen for a moment still carry their line side and zone stay, so a missed detection
        does not restart a loitering timer or lose half a crossing.
        figures: ids of tracks that have shown no life yet (still.StillWatch.figures): they
        are in no zone, crowd or intrusion and not in view until they do.
        """
        seen = [t for t in (tracks if visible is None else visible) if t.id not in figures]
        people = [t for t in tracks if t.id not in figures]
        if self._started is None:
            self._started = now
        out: list[Detection] = []
        self._lost = [t for t in tracks if t.misses > 0]
        for track in tracks:
            if track.misses == 0:
                out.extend(self._crossings(track, now))
            elif (
                track.misses <= paced_frames(COAST_FRAMES, track.pace)
                and track.steady
                and not track.overhead
            ):
                out.extend(self._coast(track, now, tracks))
        out.extend(self._zones(people, seen, now))
        for track in ended:
            out.extend(self._forget(track, now))
        out.extend(self._crowding(seen, now))
        out.extend(self._intrusion(seen, now))
        return out

    def _crossings(self, track: Track, now: float) -> list[Detection]:
        out: list[Detection] = []
        for line in self.config.lines:
            along, distance = signed_distance(line, track.foot_smooth, self.aspect)
            band = min(BAND * track.height_smooth, BAND_MAX)
            if track.steady and self._across(track, line):
                band *= STEADY_BAND
            if not -_LINE_SLACK <= along <= 1 + _LINE_SLACK or abs(distance) < band:
                continue
            side = 1 if distance > 0 else -1
            key = (track.id, line.id)
            previous = self._sides.get(key)
            if key in self._coasted:
                # Counted on its heading while lost: seen again short of the line, it takes
                # that side uncounted, and reaching the side it was counted into is not
                # counted again.
                self._sides[key] = side
                if side == self._coasted[key]:
                    del self._coasted[key]
                continue
            if key in self._handed:
                # Another track took this one's crossing over: wherever it is seen again,
                # that is its side, uncounted.
                self._handed.discard(key)
                previous = None
            elif previous is None and track.path:
                handed = self._handover(track, line, side, band)
                if handed is not None:
                    previous = handed
                else:
                    previous = self._first_side(track, line, side, band)
                    if previous == 0:
                        continue
            if (
                previous is not None
                and previous != side
                and now - self._counted.get(key, -math.inf) < REVERSE_SECONDS
                and abs(distance) < REVERSE_HEIGHTS * track.height_smooth
            ):
                continue  # the box jumped back over the line it was just counted over
            self._sides[key] = side
            if previous is None or previous == side:
                continue
            out.append(self._count(line, side, track, now))
        return out

    def _count(self, line: Line, side: int, track: Track, now: float) -> Detection:
        """One crossing into `side` of the line: the count and its event."""
        direction = "in" if side == 1 else "out"
        self.counts[line.id][direction] += 1
        self._counted[(track.id, line.id)] = now
        return Detection(
            f"crossing_{direction}",
            now,
            line=line.id,
            track_id=track.id,
            counts=dict(self.counts[line.id]),
        )

    def _coast(self, track: Track, now: float, tracks: list[Track]) -> list[Detection]:
        """Count a lost steady walker whose heading takes them clearly past a line."""
        out: list[Detection] = []
        (ax, ay), (bx, by) = track.path[-2], track.path[-1]
        # The last step at its own pace, carried on for the time unseen.
        reach = (now - track.last_seen) / max(track.step_seconds, 1e-6)
        ahead = (bx + (bx - ax) * reach, by + (by - ay) * reach)
        if not (0.0 <= ahead[0] <= 1.0 and 0.0 <= ahead[1] <= 1.0):
            return out
        clear = COAST_CLEAR * track.height_smooth
        for other in tracks:
            if other is not track and other.misses == 0 and other.path:
                ox, oy = other.path[-1]
                if math.hypot((ox - ahead[0]) * self.aspect, oy - ahead[1]) < clear:
                    return out
        for line in self.config.lines:
            key = (track.id, line.id)
            previous = self._sides.get(key)
            if (
                previous is None
                or key in self._handed
                or key in self._coasted
                or not self._across(track, line)
            ):
                continue
            along, distance = signed_distance(line, ahead, self.aspect)
            band = min(BAND * track.height_smooth, BAND_MAX) * STEADY_BAND
            if not -_LINE_SLACK <= along <= 1 + _LINE_SLACK or previous * distance > -band:
                continue
            side = -previous
            self._sides[key] = side
            self._coasted[key] = side
            out.append(self._count(line, side, track, now))
        return out

    def _across(self, track: Track, line: Line) -> bool:
        """Whether the track's last step went across the line more than along it.

        Only asked of a steady track, which has at least three foot points.
        """
        (ax, ay), (bx, by) = track.path[-2], track.path[-1]
        step = math.hypot((bx - ax) * self.aspect, by - ay)
        _, before = signed_distance(line, (ax, ay), self.aspect)
        _, now = signed_distance(line, (bx, by), self.aspect)
        return abs(now - before) >= ACROSS_SHARE * step

    def _first_side(self, track: Track, line: Line, side: int, band: float) -> int | None:
        """The side a track without one came from; 0: not yet known (judge on the next frame).

        A track reaches the rules once confirmed, a frame or two after it was first seen:
        where its feet were then is the side it came from. Unless the detector missed the
        person for the frames before (in a crowd, two people in one box): a track first seen
        on the line, or just past it, that walks steadily away from the line came from the
        other side. Not at the picture's edge (people walk in there) and not in the camera's
        first moments (people already past the line crossed it before anyone looked).
        """
        distances = [signed_distance(line, point, self.aspect) for point in track.path]
        first_along, first = distances[0]
        if not -_LINE_SLACK <= first_along <= 1 + _LINE_SLACK:
            return None
        came = (1 if first > 0 else -1) if abs(first) >= band else None
        if came is not None and (
            came != side
            or abs(first) >= NEAR * track.height_smooth
            or track.first_seen - (self._started or 0.0) < START_SECONDS
        ):
            return came
        box = track.first_box
        if box is not None and (box[0] <= EDGE or box[0] + box[2] >= 1 - EDGE):
            return came
        if len(distances) < 1 + paced_frames(ACROSS_POINTS - 1, track.pace):
            return 0 if came is not None else None
        steps = [side * (b[1] - a[1]) for a, b in itertools.pairwise(distances)]
        if min(steps) < -ACROSS_SLIP * band:
            return came
        return -side

    def _handover(self, track: Track, line: Line, side: int, band: float) -> int | None:
        """The side the track came from if it continues a lost track (see HANDOVER_SECONDS).

        The other side when that track was lost there; this side, uncounted, when it was
        already counted on its heading (COAST_FRAMES); None when it continues no lost track.

        The lost track is handed over (at most once): if it is seen again, it takes its side
        there without counting, so one person crossing is one count whichever track goes on.
        """
        along, first = signed_distance(line, track.path[0], self.aspect)
        if side * first < -band or not -_LINE_SLACK <= along <= 1 + _LINE_SLACK:
            return None
        best: tuple[float, Track] | None = None
        for lost in self._lost:
            key = (lost.id, line.id)
            height = lost.height_smooth
            coasted = self._coasted.get(key) == side
            if (
                (self._sides.get(key) != -side and not coasted)
                or key in self._handed
                or not lost.path
                or not 0 < track.first_seen - lost.last_seen <= HANDOVER_SECONDS
                or not 0.5 <= track.height_smooth / max(height, 1e-6) <= 2.0
            ):
                continue
            reach = HANDOVER_DISTANCE * max(height, track.height_smooth)
            (lx, ly), (fx, fy) = lost.path[-1], track.path[0]
            apart = math.hypot((fx - lx) * self.aspect, fy - ly)
            _, last = signed_distance(line, lost.path[-1], self.aspect)
            back = 1 + paced_frames(2, lost.pace)
            _, before = signed_distance(line, lost.path[-min(len(lost.path), back)], self.aspect)
            # The lost track was walking towards the line (someone standing by it, hidden a
            # moment by a passer-by, is not the newcomer: a false count on the corridor).
            if (
                max(apart, abs(last), abs(first)) > reach
                or side * (last - before) < HANDOVER_APPROACH * height
            ):
                continue
            if best is None or apart < best[0]:
                best = (apart, lost)
        if best is None:
            return None
        key = (best[1].id, line.id)
        coasted_to = self._coasted.get(key)
        self._handed.add(key)
        return side if coasted_to == side else -side

    def _zones(self, tracks: list[Track], seen: list[Track], now: float) -> list[Detection]:
        out: list[Detection] = []
        for zone in self.config.zones:
            inside = {t.id for t in tracks if point_in_polygon(t.foot_smooth, zone.polygon)}
            self.occupancy[zone.id] = sum(
                1 for t in seen if point_in_polygon(t.foot_smooth, zone.polygon)
            )
            for track_id in sorted(inside):
                key = (track_id, zone.id)
                presence = self._presence.get(key)
                if presence is None:
                    self._presence[key] = _Presence(now)
                    out.append(self._zone_event("person_entered_zone", zone, track_id, now))
                elif (
                    zone.loiter_seconds > 0
                    and not presence.loitering
                    and now - presence.since >= zone.loiter_seconds
                ):
                    presence.loitering = True
                    out.append(
                        self._zone_event(
                            "loitering_started",
                            zone,
                            track_id,
                            now,
                            {"seconds": round(now - presence.since, 1)},
                        )
                    )
            alive = {t.id for t in tracks}
            for key in [k for k in self._presence if k[1] == zone.id and k[0] not in inside]:
                # A confirmed track that left the zone ends its stay; one merely missed for a
                # frame is not in `tracks`, so only drop it when the tracker drops it.
                if key[0] in alive:
                    out.extend(self._leave(key, zone, now))
        return out

    def _leave(self, key: tuple[int, str], zone: Zone, now: float) -> list[Detection]:
        presence = self._presence.pop(key)
        if not presence.loitering:
            return []
        return [
            self._zone_event(
                "loitering_ended", zone, key[0], now, {"seconds": round(now - presence.since, 1)}
            )
        ]

    def _zone_event(
        self,
        kind: str,
        zone: Zone,
        track_id: int,
        now: float,
        data: dict[str, Any] | None = None,
    ) -> Detection:
        return Detection(
            kind,
            now,
            zone=zone.id,
            track_id=track_id,
            counts={"occupancy": self.occupancy[zone.id]},
            data=data or {},
        )

    def _forget(self, track: Track, now: float) -> list[Detection]:
        out: list[Detection] = []
        zones = {z.id: z for z in self.config.zones}
        for key in [k for k in self._presence if k[0] == track.id]:
            out.extend(self._leave(key, zones[key[1]], now))
        for key in [k for k in self._sides if k[0] == track.id]:
            del self._sides[key]
        self._handed = {k for k in self._handed if k[0] != track.id}
        self._coasted = {k: v for k, v in self._coasted.items() if k[0] != track.id}
        self._counted = {k: v for k, v in self._counted.items() if k[0] != track.id}
        self._intruders.discard(track.id)
        self._walked.discard(track.id)
        return out

    def _crowding(self, tracks: list[Track], now: float) -> list[Detection]:
        limit = self.config.thresholds.crowding_people
        self.people = len(tracks)
        if limit <= 0:
            return []
        over = self.people > limit
        if over == self.crowded:
            self._crowd_since = None
            return []
        if self._crowd_since is None:
            self._crowd_since = now
        if now - self._crowd_since < self.config.thresholds.crowding_seconds:
            return []
        self.crowded = over
        self._crowd_since = None
        kind = "crowding_started" if over else "crowding_ended"
        return [Detection(kind, now, counts={"people": self.people, "limit": limit})]

    def _intrusion(self, tracks: list[Track], now: float) -> list[Detection]:
        for track in tracks:
            if track.id not in self._walked and self._travel(track) >= INTRUDER_TRAVEL:
                # Kept while the shop is open too: someone who walked in before closing and
                # is still there when it closes is reported at closing.
                self._walked.add(track.id)
        if not self.closed:
            return []
        out: list[Detection] = []
        for track in tracks:
            if (
                track.id in self._intruders
                or track.id not in self._walked
                or track.best_score < INTRUDER_SCORE
            ):
                continue
            self._intruders.add(track.id)
            out.append(
                Detection("intrusion", now, track_id=track.id, counts={"people": self.people})
            )
        return out

    def _travel(self, track: Track) -> float:
        """How far the track's foot is from where it was first seen, in its own heights."""
        if track.first_foot is None or track.height_smooth <= 0:
            return 0.0
        (ax, ay), (bx, by) = track.first_foot, track.foot_smooth
        return math.hypot((bx - ax) * self.aspect, by - ay) / track.height_smooth

    def state(self) -> dict[str, Any]:
        """Counts and alarms for the state endpoint."""
        return {
            "lines": {k: dict(v) for k, v in self.counts.items()},
            "zones": dict(self.occupancy),
            "people": self.people,
            "crowded": self.crowded,
            "loitering": sorted({k[1] for k, v in self._presence.items() if v.loitering}),
            "closed": self.closed,
        }
