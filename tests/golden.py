"""Compare rendered images with the reference PNGs in tests/data/golden/.

Run the tests with MASKMEME_UPDATE_GOLDEN=1 to (re)write the references from the current output
instead of comparing; look at the new PNGs before committing them.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

GOLDEN_DIR = Path(__file__).parent / "data" / "golden"
FAILED_DIR = Path(tempfile.gettempdir()) / "maskmeme-golden"


def assert_matches_golden(image: Image.Image, name: str, tolerance: float = 2.0) -> None:
    """`image` must match tests/data/golden/<name>.png: the mean absolute difference of every
    channel at most `tolerance` levels (of 255). Single pixels may differ by more, since
    anti-aliasing shifts a little between FreeType and Pillow versions.

    Colours are compared premultiplied, so fully transparent pixels match whatever their RGB.
    On a mismatch the actual image and the difference are saved for a look.
    """
    filename = name if name.endswith(".png") else f"{name}.png"
    path = GOLDEN_DIR / filename
    actual = image.convert("RGBA")
    if os.environ.get("MASKMEME_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        actual.save(path)
        return
    if not path.exists():
        pytest.fail(f"no golden image {path}: run with MASKMEME_UPDATE_GOLDEN=1 to create it")
    with Image.open(path) as stored:
        expected = stored.convert("RGBA")
    if expected.size != actual.size:
        pytest.fail(f"{filename}: size {actual.size} differs from the golden {expected.size}")
    difference = ImageChops.difference(actual.convert("RGBa"), expected.convert("RGBa"))
    worst = max(ImageStat.Stat(difference).mean)
    if worst > tolerance:
        FAILED_DIR.mkdir(parents=True, exist_ok=True)
        stem = Path(filename).stem
        actual.save(FAILED_DIR / f"{stem}.actual.png")
        Image.merge("RGB", difference.split()[:3]).save(FAILED_DIR / f"{stem}.diff.png")
        pytest.fail(
            f"{filename}: mean difference {worst:.2f} > {tolerance} levels; "
            f"actual and diff saved in {FAILED_DIR}"
        )
