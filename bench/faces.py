"""Benchmark: find the faces in a 12-megapixel portrait JPEG, against a full Pillow decode.

The photo: scikit-image's astronaut (tests/data/faces/astronaut.jpg) enlarged to 3000x3000 in
the middle of a photo-like 4000x3000 picture, JPEG quality 90, in a temporary folder; her face
is about 520 px wide. Measured in the same run:

- find: `find_faces_in_file` (reduced decode, detector, face mesh twice), median over warm runs;
- floor: `Image.open` + `load()` of the same file at full size, median over as many runs,
  taking turns with the finder's;
- first call: a fresh process imports `maskmeme_gui.fileio.face_finding` (as the app has by
  then), then times its first `find_faces_in_file`, which loads OpenCV and the three models; the
  median of three such processes, and the first one's apart (its libraries may come from disk);
- memory: in the median fresh process, peak resident size (VmHWM, Linux) after the first call minus
  the peak before it.

Targets: find at most 150 ms, at most 2 times the floor, first call at most 1 s, at most
200 MB more memory.

    make bench        (or: .venv/bin/python bench/faces.py [--runs N])
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from maskmeme_gui.faces.find import find_faces
from maskmeme_gui.fileio.face_finding import FACE_DRAFT, find_faces_in_file
from maskmeme_gui.fileio.images import load_image
from photo import photo_like

ASTRONAUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "faces" / "astronaut.jpg"
SIZE = (4000, 3000)
PORTRAIT_SIDE = 3000
TARGET_MS = 150.0
TARGET_RATIO = 2.0
TARGET_FIRST_S = 1.0
TARGET_MB = 200.0
FRESH_PROCESSES = 3

FIRST_CALL = """
import json, sys, time
from pathlib import Path


def peak_kb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return -1


start = time.perf_counter()
from maskmeme_gui.fileio.face_finding import find_faces_in_file
imported = time.perf_counter()
before = peak_kb()
start_call = time.perf_counter()
found = find_faces_in_file(sys.argv[1])
first = time.perf_counter() - start_call
after = peak_kb()
print(json.dumps({
    "import_s": imported - start, "first_s": first, "faces": len(found.faces),
    "before_kb": before, "after_kb": after,
}))
"""


def make_portrait(path: Path) -> None:
    picture = photo_like(SIZE)
    with Image.open(ASTRONAUT) as astronaut:
        big = astronaut.convert("RGB").resize(
            (PORTRAIT_SIDE, PORTRAIT_SIDE), Image.Resampling.BICUBIC
        )
    picture.paste(big, ((SIZE[0] - PORTRAIT_SIDE) // 2, 0))
    picture.save(path, quality=90)


def floor(photo: Path) -> None:
    with Image.open(photo) as image:
        image.load()


def find(photo: Path) -> None:
    found = find_faces_in_file(photo)
    if len(found.faces) != 1:
        raise SystemExit(f"expected the astronaut's face, found {len(found.faces)}")


def decode_only(photo: Path) -> None:
    load_image(photo, draft=FACE_DRAFT)


def medians(jobs: list[Callable[[Path], None]], photo: Path, runs: int) -> list[float]:
    """Each job's median time; the jobs take turns, so a busy moment hits them alike."""
    times: list[list[float]] = [[] for _ in jobs]
    for _ in range(runs):
        for job, own in zip(jobs, times, strict=True):
            start = time.perf_counter()
            job(photo)
            own.append(time.perf_counter() - start)
    return [statistics.median(own) for own in times]


def first_call(photo: Path) -> dict[str, float]:
    bench = Path(__file__).resolve().parent
    result = subprocess.run(
        [sys.executable, "-c", FIRST_CALL, str(photo)],
        capture_output=True,
        text=True,
        check=True,
        cwd=bench,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = max(7, parser.parse_args().runs)
    with tempfile.TemporaryDirectory() as scratch:
        photo = Path(scratch) / "portrait.jpg"
        make_portrait(photo)
        # Before this process loads anything. The first of these may read OpenCV's 110 MB of
        # libraries from disk; the median is a start with them in the page cache.
        fresh = [first_call(photo) for _ in range(FRESH_PROCESSES)]
        cold = sorted(fresh, key=lambda run: run["first_s"])[FRESH_PROCESSES // 2]
        find(photo)  # this process's own model loading
        floor(photo)
        find_time, floor_time, decode_time = medians([find, floor, decode_only], photo, runs)
        reduced = load_image(photo, draft=FACE_DRAFT).image
        (faces_time,) = medians([lambda _: find_faces(reduced) and None], photo, runs)
    ratio = find_time / floor_time
    extra_mb = (cold["after_kb"] - cold["before_kb"]) / 1024
    print(
        f"faces in a 12 MP portrait JPEG: median {find_time * 1000:.0f} ms over {runs} runs "
        f"({verdict(find_time * 1000 <= TARGET_MS)} the target of {TARGET_MS:.0f} ms)"
    )
    print(
        f"  of which: the reduced decode ({reduced.width}x{reduced.height}) "
        f"{decode_time * 1000:.0f} ms, find_faces on it {faces_time * 1000:.0f} ms"
    )
    print(f"floor (Image.open + load, full size): median {floor_time * 1000:.0f} ms")
    print(f"ratio {ratio:.2f} ({verdict(ratio <= TARGET_RATIO)} the target of {TARGET_RATIO})")
    print(
        f"first call in a fresh process, loading OpenCV and the three models: median "
        f"{cold['first_s'] * 1000:.0f} ms of {FRESH_PROCESSES} processes "
        f"({verdict(cold['first_s'] <= TARGET_FIRST_S)} the target of {TARGET_FIRST_S:.0f} s); "
        f"the first process {fresh[0]['first_s'] * 1000:.0f} ms; importing face_finding "
        f"before it: {cold['import_s'] * 1000:.0f} ms"
    )
    print(f"memory: peak {cold['after_kb'] / 1024:.0f} MB after the first call, "
          f"{cold['before_kb'] / 1024:.0f} MB before: {extra_mb:.0f} MB more "
          f"({verdict(extra_mb <= TARGET_MB)} the target of {TARGET_MB:.0f} MB)")  # fmt: skip


if __name__ == "__main__":
    main()
