"""The labelled face set: load it, judge what the finder found, print the recall table.

    .venv/bin/python tests/data/faces/faceset.py

A picture counts as found when one face has BOTH eyes within `eye_tolerance` (0.25) times the
labelled eye distance of the labels. tests/test_faces.py uses the same functions.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE.parents[2] / "resources" / "templates"

Point = tuple[float, float]


@dataclass(frozen=True)
class Labelled:
    file: str
    path: Path
    eyes: tuple[Point, Point]  # smaller x first, like Face.eyes
    kind: str  # "photo" or "drawing"
    masked: bool
    note: str

    @property
    def eye_distance(self) -> float:
        return math.dist(*self.eyes)


@dataclass(frozen=True)
class Judgement:
    picture: Labelled
    found: int  # faces the finder reported
    errors: tuple[float, float] | None  # each eye's error in eye distances, of the nearest face
    hit: bool

    def describe(self) -> str:
        if self.errors is None:
            return "no face"
        left, right = self.errors
        return f"eyes off by {left:.2f} and {right:.2f} eye distances"


def load_set() -> tuple[float, list[Labelled]]:
    data = json.loads((HERE / "labels.json").read_text(encoding="utf-8"))
    pictures = []
    for record in data["pictures"]:
        name = record["file"]
        if name.startswith("templates:"):
            path = TEMPLATES / name.removeprefix("templates:")
        else:
            path = HERE / name
        (ax, ay), (bx, by) = record["eyes"]
        eyes = ((ax, ay), (bx, by)) if (ax, ay) <= (bx, by) else ((bx, by), (ax, ay))
        pictures.append(
            Labelled(name, path, eyes, record["kind"], record["masked"], record.get("note", ""))
        )
    return float(data["eye_tolerance"]), pictures


def judge(
    picture: Labelled, found_eyes: Sequence[tuple[Point, Point]], tolerance: float
) -> Judgement:
    """Hit: some found face has both eyes within tolerance; errors are the nearest face's."""
    scale = picture.eye_distance
    best: tuple[float, float] | None = None
    for eyes in found_eyes:
        errors = (
            math.dist(eyes[0], picture.eyes[0]) / scale,
            math.dist(eyes[1], picture.eyes[1]) / scale,
        )
        if best is None or max(errors) < max(best):
            best = errors
    hit = best is not None and max(best) <= tolerance
    return Judgement(picture, len(found_eyes), best, hit)


def judge_all() -> list[Judgement]:
    """Every picture of the set through the product's own path, find_faces_in_file."""
    from maskmeme_gui.fileio.face_finding import find_faces_in_file

    tolerance, pictures = load_set()
    return [
        judge(p, [face.eyes for face in find_faces_in_file(p.path).faces], tolerance)
        for p in pictures
    ]


def recall(judgements: Sequence[Judgement]) -> str:
    hits = sum(j.hit for j in judgements)
    return f"{hits}/{len(judgements)}"


def main() -> None:
    judgements = judge_all()
    print(f"{'picture':30} {'kind':8} {'faces':>5}  result")
    for j in judgements:
        verdict = "found" if j.hit else "MISSED"
        print(f"{j.picture.file:30} {j.picture.kind:8} {j.found:5}  {verdict}: {j.describe()}")
    for kind in ("photo", "drawing"):
        for masked in (False, True):
            chosen = [
                j for j in judgements if j.picture.kind == kind and j.picture.masked == masked
            ]
            label = "masked" if masked else "plain"
            print(f"recall, {kind}s, {label}: {recall(chosen)}")


if __name__ == "__main__":
    main()
