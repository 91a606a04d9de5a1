"""Flowing tears: a seamless, seeded loop in a sprite that never moves; still when asked for no
time or with flow off; saved with the project."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageStat

from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import FLOW_BASE_MS, TEAR_STYLES, TearLayer, TearStyle
from maskmeme_gui.model.serialize import DocumentFormatError, document_from_dict, document_to_dict
from maskmeme_gui.render.sprite import Sprite
from maskmeme_gui.render.tears import render_tears
from maskmeme_gui.render.tearstyles.flow import (
    FALL_END,
    GROW_END,
    SWELL_END,
    cycle_position,
    running,
)

WATER = 40  # alpha above the faint shadow a drop casts


def face_tear(style: TearStyle = "realistic", **fields: Any) -> TearLayer:
    """A tear as Make It Cry places it for eyes 200 px apart: 24 px wide, down the cheek."""
    points = [(0.0, 0.0), (6.0, 58.0), (16.0, 128.0), (22.0, 198.0), (20.0, 268.0)]
    fields.setdefault("flow", True)
    return TearLayer(points=points, width=24.0, seed=7, style=style, **fields)


def at(layer: TearLayer, u: float) -> Sprite:
    """The layer at `u` of its cycle."""
    return render_tears(layer, time_ms=u * layer.flow_period_ms)


def same_pixels(a: Sprite, b: Sprite) -> bool:
    return (
        a.anchor == b.anchor
        and a.image.size == b.image.size
        and a.image.tobytes() == (b.image.tobytes())
    )


def solid_box(sprite: Sprite) -> tuple[int, int, int, int]:
    box = sprite.image.getchannel("A").point(lambda a: 255 if a > WATER else 0).getbbox()
    assert box is not None, "nothing was drawn"
    return box


def alpha_sum(sprite: Sprite) -> float:
    return float(ImageStat.Stat(sprite.image.getchannel("A")).sum[0])


def on_skin(sprite: Sprite) -> Image.Image:
    background = Image.new("RGBA", sprite.image.size, (217, 164, 127, 255))
    return Image.alpha_composite(background, sprite.image).convert("RGB")


def mean_difference(a: Sprite, b: Sprite) -> float:
    """How different two frames look on skin, 0..255."""
    return sum(ImageStat.Stat(ImageChops.difference(on_skin(a), on_skin(b))).mean) / 3


# --- still unless flowing ----------------------------------------------------------------------


@pytest.mark.parametrize("style", TEAR_STYLES)
@pytest.mark.parametrize("mode", ["stream", "drop"])
def test_with_flow_off_time_changes_nothing(style: TearStyle, mode: str) -> None:
    layer = face_tear(style, flow=False, mode=mode)
    still = render_tears(layer)
    for time_ms in (0, 700, 1999):
        assert same_pixels(render_tears(layer, time_ms=time_ms), still)


@pytest.mark.parametrize("style", TEAR_STYLES)
@pytest.mark.parametrize("mode", ["stream", "drop"])
def test_flowing_with_no_time_is_the_still_tear_in_the_flowing_frame(
    style: TearStyle, mode: str
) -> None:
    still = render_tears(face_tear(style, flow=False, mode=mode))
    paused = render_tears(face_tear(style, mode=mode))
    playing = render_tears(face_tear(style, mode=mode), time_ms=500)
    assert (paused.image.size, paused.anchor) == (playing.image.size, playing.anchor)
    x = round(paused.anchor[0] - still.anchor[0])
    y = round(paused.anchor[1] - still.anchor[1])
    inner = paused.image.crop((x, y, x + still.image.width, y + still.image.height))
    assert inner.tobytes() == still.image.tobytes()
    # ...and nothing else: the rest of the frame is transparent.
    assert alpha_sum(paused) == alpha_sum(still)


# --- the loop ----------------------------------------------------------------------------------


@pytest.mark.parametrize("style", TEAR_STYLES)
@pytest.mark.parametrize(("speed", "loop_ms"), [(1.0, 2000), (2.0, 2000), (4.0, 2000),
                                                (0.5, 4000), (0.25, 8000)])  # fmt: skip
def test_the_loop_is_seamless(style: TearStyle, speed: float, loop_ms: int) -> None:
    layer = face_tear(style, flow_speed=speed, flow_phase=0.3)
    assert same_pixels(render_tears(layer, time_ms=0), render_tears(layer, time_ms=loop_ms))


@pytest.mark.parametrize("style", TEAR_STYLES)
def test_no_jump_where_the_loop_closes(style: TearStyle) -> None:
    """The last moment before the loop closes looks like its first; a quarter cycle does not."""
    layer = face_tear(style)
    first = render_tears(layer, time_ms=0)
    last = render_tears(layer, time_ms=FLOW_BASE_MS - 20)
    middle = render_tears(layer, time_ms=FLOW_BASE_MS // 4)
    assert mean_difference(first, last) < 0.25 * mean_difference(first, middle)


def test_a_speed_that_does_not_divide_the_loop_jumps() -> None:
    layer = face_tear(flow_speed=1.5)
    assert layer.flow_period_ms == pytest.approx(2000 / 1.5)
    assert not same_pixels(render_tears(layer, time_ms=0), render_tears(layer, time_ms=2000))
    assert same_pixels(render_tears(layer, time_ms=0), render_tears(layer, time_ms=4000))


def test_the_cycle_position_is_exact_over_whole_cycles() -> None:
    assert cycle_position(0, 1.0, 0.5) == cycle_position(2000, 1.0, 0.5) == 0.5
    assert cycle_position(500, 1.0, 0.0) == 0.25
    assert cycle_position(500, 2.0, 0.75) == 0.25
    assert cycle_position(-500, 1.0, 0.0) == 0.75
    assert cycle_position(3000, 0.25, 0.0) == 0.375


def test_phase_is_a_shift_in_time() -> None:
    shifted = face_tear(flow_phase=0.25)
    assert same_pixels(render_tears(shifted, time_ms=0), render_tears(face_tear(), time_ms=500))
    assert not same_pixels(render_tears(shifted, time_ms=0), render_tears(face_tear(), time_ms=0))


# --- seeded --------------------------------------------------------------------------------------


@pytest.mark.parametrize("style", TEAR_STYLES)
def test_same_layer_same_time_same_pixels(style: TearStyle) -> None:
    for time_ms in (130, 910, 1530):
        assert same_pixels(render_tears(face_tear(style), time_ms=time_ms),
                           render_tears(face_tear(style), time_ms=time_ms))  # fmt: skip
    other_seed = replace(face_tear(style), seed=8)
    assert not same_pixels(render_tears(other_seed, time_ms=910),
                           render_tears(face_tear(style), time_ms=910))  # fmt: skip


# --- a sprite that stays put -------------------------------------------------------------------


@pytest.mark.parametrize("style", TEAR_STYLES)
@pytest.mark.parametrize("mode", ["stream", "drop"])
def test_the_sprite_keeps_its_size_and_anchor_and_nothing_is_cut(
    style: TearStyle, mode: str
) -> None:
    layer = face_tear(style, mode=mode, flow_phase=0.1)
    still = render_tears(layer)
    for step in range(24):
        sprite = at(layer, step / 24)
        assert (sprite.image.size, sprite.anchor) == (still.image.size, still.anchor)
        box = sprite.image.getbbox()
        if box is not None:
            width, height = sprite.image.size
            assert box[0] >= 1 and box[1] >= 1 and box[2] <= width - 1 and box[3] <= height - 1


# --- what flows --------------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["cartoon", "single"])
def test_the_stream_runs_down_from_the_eye(style: TearStyle) -> None:
    layer = face_tear(style)
    fronts = [solid_box(at(layer, u))[3] for u in (0.1, 0.2, 0.3, 0.4)]
    assert fronts == sorted(fronts) and fronts[0] + 60 < fronts[-1]
    assert solid_box(at(layer, 0.25))[3] < solid_box(at(layer, 0.75))[3] - 20


def test_the_realistic_stream_runs_down_over_its_trail() -> None:
    layer = face_tear()
    trail = at(layer, 0.0)  # nothing runs yet: the wet trail alone
    sums = [alpha_sum(at(layer, u)) for u in (0.05, 0.15, 0.25, 0.35, GROW_END)]
    assert alpha_sum(trail) < sums[0]
    assert sums == sorted(sums)
    assert solid_box(at(layer, 0.5))[3] == pytest.approx(solid_box(render_tears(layer))[3], abs=3)


def end_drop_width(sprite: Sprite) -> int:
    """The widest solid row of the sprite's lowest fifth of the path."""
    mask = sprite.image.getchannel("A").point(lambda a: 255 if a > 128 else 0)
    _, top, _, bottom = solid_box(sprite)
    rows = range(bottom - (bottom - top) // 5, bottom)
    return max((box[2] - box[0]) for y in rows
               if (box := mask.crop((0, y, mask.width, y + 1)).getbbox()) is not None)  # fmt: skip


def test_the_end_drop_swells_then_falls() -> None:
    layer = face_tear("cartoon")
    path_end = solid_box(at(layer, GROW_END + 0.01))[3]
    assert end_drop_width(at(layer, SWELL_END - 0.01)) > 1.2 * end_drop_width(
        at(layer, GROW_END + 0.01)
    )
    falling = at(layer, (SWELL_END + FALL_END) / 2)
    assert solid_box(falling)[3] > path_end + 20  # a drop below the end of the path
    # Gone, and a smaller drop stays at the end.
    after = at(layer, FALL_END + 0.02)
    assert solid_box(after)[3] <= path_end + 2
    assert end_drop_width(after) < 0.8 * end_drop_width(at(layer, SWELL_END - 0.01))


def test_beads_run_down_and_come_back_where_they_were() -> None:
    bead = (0.3, 0.25, 0.6)
    positions = [running(bead, run)[0] for run in (0.0, 0.1, 0.2)]
    assert positions == sorted(positions) and positions[0] < positions[-1]
    assert running(bead, 1.0) == pytest.approx(running(bead, 0.0))
    # Out of sight at the ends of its run, so the jump from the bottom to the top is not seen.
    assert running((0.85 - 1e-9, 0.25, 0.6), 0.0)[1] == pytest.approx(0.0, abs=1e-6)


def test_a_flood_pours_at_full_length_with_running_streaks() -> None:
    layer = face_tear("flood")
    boxes = [solid_box(at(layer, u)) for u in (0.0, 0.3, 0.6, 0.9)]
    assert len({box[1] for box in boxes}) == 1  # from the eye at every moment...
    bottoms = [box[3] for box in boxes]
    assert max(bottoms) - min(bottoms) <= 2 * layer.width  # ...only the splash below moves
    assert mean_difference(at(layer, 0.0), at(layer, 0.1)) > 0.5


def test_a_lone_drop_swells_and_comes_back() -> None:
    layer = face_tear(mode="drop")
    rest, full = solid_box(at(layer, 0.0)), solid_box(at(layer, 0.5))
    assert full[2] - full[0] > rest[2] - rest[0]


def test_nothing_wet_stays_empty_when_flowing() -> None:
    sprite = render_tears(face_tear(length=0.0), time_ms=900)
    assert sprite.image.getbbox() is None


# --- saved with the project --------------------------------------------------------------------


def saved(layer: TearLayer) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(document_to_dict(MemeDocument(layers=[layer]))))
    return data


def test_flow_survives_saving() -> None:
    layer = face_tear(flow=True, flow_speed=2.5, flow_phase=0.5)
    loaded = document_from_dict(saved(layer)).layers[0]
    assert isinstance(loaded, TearLayer)
    assert (loaded.flow, loaded.flow_speed, loaded.flow_phase) == (True, 2.5, 0.5)


def test_tears_saved_before_flow_load_still() -> None:
    data = saved(face_tear(flow=True, flow_speed=3.0, flow_phase=0.2))
    for key in ("flow", "flow_speed", "flow_phase"):
        del data["layers"][0][key]
    loaded = document_from_dict(data).layers[0]
    assert isinstance(loaded, TearLayer)
    assert (loaded.flow, loaded.flow_speed, loaded.flow_phase) == (False, 1.0, 0.0)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("flow", "yes", "true or false"),
        ("flow", 1, "true or false"),
        ("flow_speed", 0.1, "out of range"),
        ("flow_speed", 5, "out of range"),
        ("flow_speed", "fast", "not a number"),
        ("flow_phase", -0.1, "out of range"),
        ("flow_phase", 1.5, "out of range"),
    ],
)
def test_bad_flow_values_are_refused(key: str, value: Any, message: str) -> None:
    data = saved(face_tear())
    data["layers"][0][key] = value
    with pytest.raises(DocumentFormatError, match=message):
        document_from_dict(data)


def test_the_default_tear_does_not_flow() -> None:
    layer = TearLayer()
    assert (layer.flow, layer.flow_speed, layer.flow_phase) == (False, 1.0, 0.0)
    assert layer.flow_period_ms == FLOW_BASE_MS


def test_flowing_sprites_are_new_images() -> None:
    """The cached still tear under a flowing one is never handed out to be drawn on."""
    layer = face_tear()
    first = render_tears(layer)
    first.image.paste((255, 0, 0, 255), (0, 0, first.image.width, first.image.height))
    again = render_tears(layer)
    assert again.image.getpixel((0, 0)) != (255, 0, 0, 255)
    assert isinstance(again.image, Image.Image)
