"""A save killed at any moment leaves the target as the complete old or the complete new file.

A child process saves two documents in turn to the same target, as fast as it can, and says
when each save is done; the test lets a random number of saves finish, then kills it with
SIGKILL a random part of a save's time later (so mid-save), 50 times, and checks the target
after each kill. Counting finished saves rather than timing them makes both outcomes happen
however slow the machine is.
"""

from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from maskmeme_gui.fileio.project import load_project, save_project
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import CaptionLayer, StickerLayer, Transform

KILLS = 50
SEED = 20240501
MAX_SAVES_BEFORE_KILL = 3

CHILD = """
import sys
from pathlib import Path

from maskmeme_gui.fileio.project import load_project, save_project

old, new, target = (Path(arg) for arg in sys.argv[1:4])
documents = [load_project(new), load_project(old)]
print("ready", flush=True)
while True:
    for doc in documents:
        save_project(doc, target)
        print("saved", flush=True)
"""


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def noise(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    return Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))


def large_ish_document(rng: random.Random, title: str) -> MemeDocument:
    """About 3 MB, most of it in a hidden sticker: writing dominates a save, not rendering."""
    doc = MemeDocument(base_size=(320, 240), base_asset="photo.png")
    doc.assets = {
        "photo.png": png(Image.linear_gradient("L").resize((320, 240)).convert("RGB")),
        "mask.png": png(noise(rng, (64, 48))),
        # Noise does not compress: a large file, so a kill often lands inside the write.
        "ballast.png": png(noise(rng, (1000, 1000))),
    }
    doc.layers = [
        CaptionLayer(id="caption", text=title, transform=Transform(160, 40)),
        StickerLayer(
            id="mask", asset="mask.png", width=64, height=48, transform=Transform(160, 150)
        ),
        StickerLayer(id="ballast", asset="ballast.png", width=1000, height=1000, visible=False),
    ]
    doc.metadata.title = title
    return doc


def temp_files(folder: Path, target: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(f".{target.name}.")]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killing_a_save_never_leaves_a_broken_file(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    old, new = large_ish_document(rng, "old meme"), large_ish_document(rng, "new meme")
    sources = tmp_path / "sources"
    sources.mkdir()
    old_path, new_path = sources / "old.maskmeme", sources / "new.maskmeme"
    save_project(old, old_path)
    save_project(new, new_path)
    # What the child saves: the documents as read back (320 comes back as 320.0, for example).
    old, new = load_project(old_path), load_project(new_path)
    save_project(old, old_path)
    save_project(new, new_path)
    expected = {old_path.read_bytes(): "old", new_path.read_bytes(): "new"}
    folder = tmp_path / "target"
    folder.mkdir()
    target = folder / "meme.maskmeme"
    began = time.monotonic()
    save_project(old, target)
    save_s = time.monotonic() - began  # about how long one save takes on this machine now

    seen: dict[str, int] = {"old": 0, "new": 0}
    killed_mid_save = 0
    started = time.monotonic()
    for _ in range(KILLS):
        saves = rng.randint(0, MAX_SAVES_BEFORE_KILL)
        run_and_kill(old_path, new_path, target, saves, rng.uniform(0, save_s))
        # Saving is deterministic, so the bytes themselves must be one of the two files.
        outcome = expected.get(target.read_bytes())
        assert outcome is not None, "the target is neither the complete old nor new file"
        assert load_project(target) == (old if outcome == "old" else new)
        seen[outcome] += 1
        leftovers = temp_files(folder, target)
        killed_mid_save += bool(leftovers)
        # A killed process cannot clean up its temporary file; nothing else may be there.
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            [target.name, *(p.name for p in leftovers)]
        )
        for leftover in leftovers:
            leftover.unlink()
    elapsed = time.monotonic() - started

    print(f"{KILLS} kills in {elapsed:.1f} s: {seen}, {killed_mid_save} during a write")
    # Both outcomes and kills inside the write itself, or the test proved nothing.
    assert seen["old"] > 0
    assert seen["new"] > 0
    assert killed_mid_save > 0


def run_and_kill(old: Path, new: Path, target: Path, saves: int, delay: float) -> None:
    """Start the saving child, let `saves` saves finish, and kill it `delay` seconds later."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(old), str(new), str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        if line.strip() != "ready":
            child.kill()
            _, errors = child.communicate(timeout=10)
            pytest.fail(f"the saving process did not start: {errors}")
        for _ in range(saves):
            assert child.stdout.readline().strip() == "saved"
        time.sleep(delay)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate(timeout=10)
    assert child.returncode == -signal.SIGKILL, "the child stopped before it was killed"
