"""The timeline, rendering at a time, and animated export, through the real loader."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

from maskmeme_gui.fileio import animation_export
from maskmeme_gui.fileio.animation_export import export_meme
from maskmeme_gui.fileio.export import ExportError, ExportOptions
from maskmeme_gui.fileio.images import load_image
from maskmeme_gui.fileio.newlayers import CLASSIC_SLOTS
from maskmeme_gui.fileio.project import load_project, save_project
from maskmeme_gui.fileio.starters import CaptionRequest, add_captions, document_from_photo
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import CaptionLayer, Transform
from maskmeme_gui.render.compose import render_document, render_frames
from maskmeme_gui.render.timeline import gif_delays, sampled_durations, timeline

DURATIONS = [100, 50, 70, 100, 120, 100, 90, 100, 100, 200]


def ball_frames(
    count: int = len(DURATIONS), size: tuple[int, int] = (320, 240)
) -> list[Image.Image]:
    """A yellow ball crossing a blue sky: every frame differs from the one before."""
    frames = []
    for i in range(count):
        image = Image.new("RGB", size, (40, 90, 160))
        x = 10 + i * (size[0] - 70) // max(1, count - 1)
        ImageDraw.Draw(image).ellipse((x, 90, x + 60, 150), fill=(250, 200, 50))
        frames.append(image)
    return frames


@pytest.fixture
def animated_gif(tmp_path: Path) -> Path:
    path = tmp_path / "ball.gif"
    first, *rest = ball_frames()
    first.save(path, save_all=True, append_images=rest, duration=DURATIONS, loop=0)
    return path


@pytest.fixture
def still_photo(tmp_path: Path) -> Path:
    path = tmp_path / "sky.png"
    ball_frames(1)[0].save(path)
    return path


def captioned(path: Path) -> MemeDocument:
    doc = document_from_photo(path)
    add_captions(doc, [CaptionRequest("when it loops", "top")], CLASSIC_SLOTS)
    return doc


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    return max(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean)


def test_an_animated_base_brings_its_frames_durations_and_loop(animated_gif: Path) -> None:
    line = timeline(captioned(animated_gif))
    assert line.is_animated and line.base_is_animated
    assert list(line.durations_ms) == DURATIONS
    assert line.loop_ms == sum(DURATIONS)
    assert line.frame_times_ms[:4] == (0, 100, 150, 220)
    assert [line.frame_at(t) for t in (0, 99, 100, 149, 150, line.loop_ms, line.loop_ms + 149)] == [
        0, 0, 1, 1, 2, 0, 1,
    ]  # fmt: skip


def test_rendering_at_a_time_shows_that_frame_and_wraps(animated_gif: Path) -> None:
    doc = captioned(animated_gif)
    first, second = render_document(doc, time_ms=0), render_document(doc, time_ms=100)
    assert ImageChops.difference(first, second).getbbox() is not None
    assert ImageChops.difference(render_document(doc), first).getbbox() is None
    wrapped = render_document(doc, time_ms=sum(DURATIONS) + 100)
    assert ImageChops.difference(wrapped, second).getbbox() is None


def test_every_frame_drawn_at_once_is_the_frame_drawn_alone(animated_gif: Path) -> None:
    doc = captioned(animated_gif)
    line = timeline(doc)
    frames = list(render_frames(doc, 0.5))
    assert len(frames) == line.frame_count
    for time_ms, frame in zip(line.frame_times_ms, frames, strict=True):
        assert ImageChops.difference(render_document(doc, 0.5, time_ms), frame).getbbox() is None


def test_a_still_meme_is_one_frame_that_does_not_move(still_photo: Path) -> None:
    line = timeline(captioned(still_photo))
    assert not line.is_animated and line.frame_count == 1


def test_a_timed_caption_animates_a_still_and_shows_only_in_its_range(still_photo: Path) -> None:
    doc = document_from_photo(still_photo)
    doc.layers.append(
        CaptionLayer(text="NOW", transform=Transform(160, 120), start_ms=800, end_ms=1600)
    )
    line = timeline(doc)
    assert line.is_animated and not line.base_is_animated
    assert line.loop_ms == doc.loop_ms == 2000
    assert set(line.durations_ms) == {80} and line.frame_count == 25
    bare = render_document(doc, time_ms=0)
    assert ImageChops.difference(render_document(doc, time_ms=799), bare).getbbox() is None
    assert ImageChops.difference(render_document(doc, time_ms=800), bare).getbbox() is not None
    assert ImageChops.difference(render_document(doc, time_ms=1600), bare).getbbox() is None
    # The still (no time) shows every layer, whatever its range.
    assert ImageChops.difference(render_document(doc), bare).getbbox() is not None


@pytest.mark.parametrize("loop_ms", [2000, 1000, 3330, 90, 5])
def test_sampled_frames_are_whole_gif_ticks_that_add_up_to_the_loop(loop_ms: int) -> None:
    durations = sampled_durations(loop_ms)
    assert all(d % 10 == 0 and d >= 10 for d in durations)
    assert sum(durations) == max(10, round(loop_ms / 10) * 10)
    assert max(durations) - min(durations) <= 10


def test_gif_delays_keep_the_loop_and_never_drift() -> None:
    durations = [33, 33, 34, 33, 33, 34, 45, 67, 16]
    delays = gif_delays(durations)
    assert all(d % 10 == 0 for d in delays)
    elapsed = shown = 0
    for duration, delay in zip(durations, delays, strict=True):
        elapsed, shown = elapsed + duration, shown + delay
        assert abs(shown - elapsed) <= 5
    assert sum(delays) == round(sum(durations) / 10) * 10


@pytest.mark.parametrize(("fmt", "suffix"), [("GIF", ".gif"), ("WEBP", ".webp"), ("PNG", ".png")])
def test_an_animated_gif_exports_animated_with_its_timing(
    animated_gif: Path, tmp_path: Path, fmt: str, suffix: str
) -> None:
    doc = captioned(animated_gif)
    out = tmp_path / f"meme{suffix}"
    result = export_meme(doc, out, ExportOptions(format=fmt))  # type: ignore[arg-type]
    assert result.animated and result.frame_count == len(DURATIONS) and not result.message
    loaded = load_image(out)
    assert loaded.durations == DURATIONS
    with Image.open(out) as image:
        assert image.info.get("loop") == 0
    tolerance = {"GIF": 1.0, "WEBP": 3.0, "PNG": 0.0}[fmt]
    for frame, drawn in zip(loaded.frames, render_frames(doc), strict=True):
        assert mean_difference(frame, drawn) <= tolerance


def test_a_jpeg_of_an_animation_is_the_current_frame_and_says_so(
    animated_gif: Path, tmp_path: Path
) -> None:
    doc = captioned(animated_gif)
    out = tmp_path / "meme.jpg"
    result = export_meme(doc, out, ExportOptions(format="JPEG"), time_ms=160)
    assert not result.animated and result.frame_count == 1
    assert "only the frame at 0.16 s" in result.message
    written = load_image(out).image
    assert mean_difference(written, render_document(doc, time_ms=160)) < 3
    assert mean_difference(written, render_document(doc, time_ms=0)) > 3


def test_a_still_meme_exports_as_before_without_a_message(
    still_photo: Path, tmp_path: Path
) -> None:
    result = export_meme(captioned(still_photo), tmp_path / "m.gif", ExportOptions(format="GIF"))
    assert not result.animated and result.message == ""
    assert load_image(tmp_path / "m.gif").is_animated is False


def test_the_same_meme_exports_the_same_bytes(animated_gif: Path, tmp_path: Path) -> None:
    doc = captioned(animated_gif)
    for fmt in ("GIF", "WEBP", "PNG"):
        a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        export_meme(doc, a, ExportOptions(format=fmt))  # type: ignore[arg-type]
        export_meme(doc.snapshot(), b, ExportOptions(format=fmt))  # type: ignore[arg-type]
        assert a.read_bytes() == b.read_bytes()


def test_an_animation_past_the_limits_is_refused_in_one_sentence(
    animated_gif: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(animation_export, "MAX_EXPORT_PIXELS", 500_000)
    out = tmp_path / "big.gif"
    with pytest.raises(ExportError) as refused:
        export_meme(captioned(animated_gif), out, ExportOptions(format="GIF"))
    message = str(refused.value)
    assert "10 frames of 320 x 240 pixels" in message and message.count(".") == 1
    assert not out.exists()
    monkeypatch.setattr(animation_export, "MAX_EXPORT_FRAMES", 5)
    with pytest.raises(ExportError, match="10 frames and maskmeme exports at most 5"):
        export_meme(captioned(animated_gif), out, ExportOptions(format="GIF"))


def noisy_gif(path: Path) -> Path:
    """A busy 16-frame animation that makes a large GIF."""
    frames = []
    for i in range(16):
        image = Image.effect_noise((400, 300), 60 + i).convert("RGB")
        ImageDraw.Draw(image).rectangle((i * 20, 0, i * 20 + 40, 300), fill=(200, 30, 30))
        frames.append(
            Image.merge(
                "RGB", (image.getchannel(0), image.getchannel(0).rotate(i), image.getchannel(0))
            )
        )
    first, *rest = frames
    first.save(path, save_all=True, append_images=rest, duration=80, loop=0)
    return path


@pytest.mark.parametrize("fmt", ["GIF", "WEBP"])
def test_fit_under_makes_the_file_fit_and_says_what_changed(tmp_path: Path, fmt: str) -> None:
    doc = document_from_photo(noisy_gif(tmp_path / "noise.gif"))
    full = export_meme(doc, tmp_path / "full", ExportOptions(format=fmt))  # type: ignore[arg-type]
    limit = full.file_bytes // 4
    out = tmp_path / "fit"
    result = export_meme(doc, out, ExportOptions(format=fmt), fit_under_bytes=limit)  # type: ignore[arg-type]
    assert out.stat().st_size == result.file_bytes <= limit
    assert result.changes and "To fit, maskmeme changed:" in result.message
    assert result.animated and load_image(out).is_animated


def test_fit_under_an_impossible_size_is_refused(animated_gif: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="cannot fit under"):
        export_meme(
            captioned(animated_gif),
            tmp_path / "x.gif",
            ExportOptions(format="GIF"),
            fit_under_bytes=500,
        )
    assert not (tmp_path / "x.gif").exists()


def test_a_project_keeps_the_animated_original(animated_gif: Path, tmp_path: Path) -> None:
    doc = captioned(animated_gif)
    doc.layers[0].start_ms = 300
    save_project(doc, tmp_path / "meme.maskmeme")
    again = load_project(tmp_path / "meme.maskmeme")
    assert again.assets[again.base_asset or ""] == animated_gif.read_bytes()
    assert timeline(again) == timeline(doc)
    assert again.layers[0].start_ms == 300


# ---- The command line ----------------------------------------------------------------------


def maskmeme(*args: str | Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "maskmeme_gui", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("suffix", [".gif", ".webp", ".png"])
def test_the_command_keeps_an_animated_input_animated(
    animated_gif: Path, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"meme{suffix}"
    result = maskmeme("render", animated_gif, "-o", out, "--top", "again", "--tears", "none")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    loaded = load_image(out)
    assert loaded.durations == DURATIONS
    with Image.open(out) as image:
        assert image.info.get("loop") == 0


def test_the_command_writes_one_frame_to_a_jpeg_and_says_so(
    animated_gif: Path, tmp_path: Path
) -> None:
    out = tmp_path / "meme.jpg"
    result = maskmeme("render", animated_gif, "-o", out, "--tears", "none")
    assert result.returncode == 0
    assert result.stderr.strip().splitlines() == [
        "maskmeme: JPEG cannot hold an animation, so the file has only the frame at 0.00 s; "
        "export a GIF, WebP or PNG to keep it moving."
    ]
    assert not load_image(out).is_animated


def test_the_command_fits_under_a_size_and_says_what_changed(tmp_path: Path) -> None:
    source = noisy_gif(tmp_path / "noise.gif")
    out = tmp_path / "small.gif"
    result = maskmeme("render", source, "-o", out, "--tears", "none", "--fit-under", "0.1")
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size <= 100_000
    assert "To fit, maskmeme changed:" in result.stderr
    assert load_image(out).is_animated


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--duration", "0"], 2, "--duration must be between 0.1 and 60 seconds"),
        (["--fit-under", "-1"], 2, "--fit-under must be a positive"),
        (["--fit-under", "0.0001"], 3, "cannot fit under 0.0001 MB"),
    ],
)
def test_the_command_refuses_bad_animation_requests_in_one_line(
    animated_gif: Path, tmp_path: Path, args: list[str], code: int, words: str
) -> None:
    out = tmp_path / "meme.gif"
    result = maskmeme("render", animated_gif, "-o", out, "--tears", "none", *args)
    assert result.returncode == code
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr
    assert not out.exists()


@pytest.mark.parametrize("suffix", [".gif", ".webp", ".png"])
def test_animate_makes_the_tears_of_a_still_photo_flow(
    still_photo: Path, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"crying{suffix}"
    result = maskmeme(
        "render", still_photo, "-o", out, "--eyes", "0.4,0.4,0.6,0.4", "--animate",
        "--duration", "1",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    loaded = load_image(out)
    assert loaded.is_animated and sum(loaded.durations) == 1000
    assert set(loaded.durations) <= {80, 90}


def test_an_apng_has_a_lower_pixel_limit_than_gif_and_webp() -> None:
    from maskmeme_gui.fileio.animation_export import animation_limit_problem

    # 200 frames of 720 x 720: within the limit for GIF and WebP, past the one for APNG.
    assert animation_limit_problem(200, (720, 720), "GIF") is None
    assert animation_limit_problem(200, (720, 720), "WEBP") is None
    problem = animation_limit_problem(200, (720, 720), "PNG")
    assert problem is not None and "animated PNG" in problem and "GIF or WebP" in problem
    assert animation_limit_problem(100, (720, 720), "PNG") is None
