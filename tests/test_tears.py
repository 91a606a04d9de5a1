"""The procedural tears: deterministic, translucent, glossy, and shaped like tears."""

from __future__ import annotations

import colorsys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops

from golden import assert_matches_golden
from maskmeme_gui.model.layers import TearLayer, Transform
from maskmeme_gui.render.sprite import Sprite
from maskmeme_gui.render.tears import MIN_WIDTH, render_tears

SKIN = (217, 164, 127)
SOLID = 110  # alpha of the rim and highlights, above the soft cast shadow


def vertical_stream(path_length: float = 400.0, **fields: Any) -> TearLayer:
    """A stream straight down from the origin, 20 px wide unless told otherwise."""
    fields.setdefault("width", 20.0)
    points = [(0.0, path_length * i / 4) for i in range(5)]
    return TearLayer(points=points, **fields)


def on_skin(sprite: Sprite) -> Image.Image:
    background = Image.new("RGBA", sprite.image.size, (*SKIN, 255))
    return Image.alpha_composite(background, sprite.image).convert("RGB")


def solid_mask(sprite: Sprite) -> Image.Image:
    return sprite.image.getchannel("A").point(lambda a: 255 if a > SOLID else 0)


def solid_box(sprite: Sprite) -> tuple[int, int, int, int]:
    box = solid_mask(sprite).getbbox()
    assert box is not None, "nothing was drawn"
    return box


def row_width(mask: Image.Image, y: int) -> int:
    box = mask.crop((0, y, mask.width, y + 1)).getbbox()
    return 0 if box is None else box[2] - box[0]


def darkest_channel_max(image: Image.Image) -> int:
    """How bright the brightest near-white pixel is: high only where light is nearly white."""
    red, green, blue = image.split()
    return ImageChops.darker(ImageChops.darker(red, green), blue).getextrema()[1]  # type: ignore[return-value]


def hue(rgb: tuple[int, int, int]) -> float:
    return colorsys.rgb_to_hsv(*(c / 255 for c in rgb))[0] * 360


def test_same_seed_same_pixels_and_other_seeds_differ() -> None:
    for mode in ("stream", "drop"):
        first = render_tears(vertical_stream(mode=mode, seed=7))
        again = render_tears(vertical_stream(mode=mode, seed=7))
        other = render_tears(vertical_stream(mode=mode, seed=8))
        assert first.image.tobytes() == again.image.tobytes()
        assert first.anchor == again.anchor
        assert first.image.tobytes() != other.image.tobytes()


def test_the_body_is_translucent_and_keeps_the_skin_hue() -> None:
    sprite = render_tears(vertical_stream())
    x, top = round(sprite.anchor[0]), round(sprite.anchor[1])
    rows = range(top + 100, top + 300, 10)
    alphas = sorted(sprite.image.getpixel((x, y))[3] for y in rows)  # type: ignore[index]
    assert alphas[len(alphas) // 2] < 100
    composited = on_skin(sprite)
    for y in rows:
        assert abs(hue(composited.getpixel((x, y))) - hue(SKIN)) < 12  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", ["stream", "drop"])
def test_a_highlight_much_brighter_than_the_tint(mode: str) -> None:
    glossy = on_skin(render_tears(vertical_stream(mode=mode, width=40, gloss=1.0)))
    matte = on_skin(render_tears(vertical_stream(mode=mode, width=40, gloss=0.0)))
    # The default tint #bfe3ff has a darkest channel of 191; a highlight is nearly white.
    assert darkest_channel_max(glossy) > 235
    assert darkest_channel_max(matte) < darkest_channel_max(glossy) - 40


def test_the_stream_tapers_from_the_eye() -> None:
    sprite = render_tears(vertical_stream())
    mask, top = solid_mask(sprite), round(sprite.anchor[1])
    assert 0 < row_width(mask, top + 8) < row_width(mask, top + 300)


def test_the_end_drop_is_wider_than_the_stream_above_it() -> None:
    sprite = render_tears(vertical_stream())
    mask, bottom = solid_mask(sprite), solid_box(sprite)[3]
    drop = max(row_width(mask, y) for y in range(bottom - 30, bottom))
    assert drop > row_width(mask, bottom - 80) * 1.3


@pytest.mark.parametrize("wet", [0.25, 0.5, 0.75, 1.0])
def test_length_draws_that_fraction_of_the_path(wet: float) -> None:
    sprite = render_tears(vertical_stream(length=wet))
    drawn = solid_box(sprite)[3] - sprite.anchor[1]
    assert drawn == pytest.approx(400 * wet, abs=12)


def test_the_anchor_is_the_first_point() -> None:
    layer = TearLayer(points=[(0, 0), (30, 90), (20, 200)], width=16)
    sprite = render_tears(layer)
    left, top, right, _ = solid_box(sprite)
    ax, ay = sprite.anchor
    assert abs(top - ay) <= 4
    first_row = solid_mask(sprite).crop((0, top, sprite.image.width, top + 3)).getbbox()
    assert first_row is not None
    assert first_row[0] - 3 <= ax <= first_row[2] + 3
    assert left < ax < right


def test_the_anchor_centres_a_drop() -> None:
    sprite = render_tears(TearLayer(mode="drop", width=40))
    left, top, right, bottom = solid_box(sprite)
    assert (left + right) / 2 == pytest.approx(sprite.anchor[0], abs=3)
    assert (top + bottom) / 2 == pytest.approx(sprite.anchor[1], abs=3)


@pytest.mark.parametrize("mode", ["stream", "drop"])
def test_scale_two_is_twice_the_size(mode: str) -> None:
    layer = vertical_stream(200, mode=mode, width=16, transform=Transform(50, 50, scale=1.5))
    small, large = render_tears(layer, 1.0), render_tears(layer, 2.0)
    for one, two in zip(solid_box(small)[2:], solid_box(large)[2:], strict=True):
        assert two / one == pytest.approx(2.0, rel=0.15)
    assert large.anchor[1] / small.anchor[1] == pytest.approx(2.0, rel=0.15)


def test_drop_mode_is_a_teardrop() -> None:
    sprite = render_tears(TearLayer(mode="drop", width=60, seed=3))
    mask = solid_mask(sprite)
    left, top, right, bottom = solid_box(sprite)
    height = bottom - top
    assert height > (right - left) * 1.15
    widths = [row_width(mask, y) for y in range(top, bottom)]
    widest = max(range(height), key=widths.__getitem__)
    assert widest > height / 2  # the round part is at the bottom
    assert widths[height // 8] < widths[height - height // 8]  # pointed top, round bottom


@pytest.mark.parametrize(
    "points",
    [[], [(0.0, 0.0)], [(5.0, 5.0)] * 6, [(0.0, 0.0), (0.0, 0.1), (0.0, 0.0)]],
    ids=["empty", "one", "repeated", "jitter"],
)
def test_degenerate_paths_give_valid_sprites(points: list[tuple[float, float]]) -> None:
    sprite = render_tears(TearLayer(points=points))
    assert sprite.image.mode == "RGBA"
    assert sprite.image.width >= 1 and sprite.image.height >= 1


def test_nothing_wet_draws_nothing() -> None:
    sprite = render_tears(vertical_stream(length=0.0))
    assert sprite.image.getbbox() is None


def test_zero_width_falls_back_to_the_minimum() -> None:
    sprite = render_tears(vertical_stream(width=0.0))
    mask = solid_mask(sprite)
    assert max(row_width(mask, y) for y in range(mask.height)) >= MIN_WIDTH


def test_stream_matches_golden() -> None:
    layer = TearLayer(points=[(0, 0), (-4, 60), (6, 130), (2, 190)], width=16, seed=11)
    assert_matches_golden(render_tears(layer).image, "tears_stream")


def test_drop_matches_golden() -> None:
    assert_matches_golden(
        render_tears(TearLayer(mode="drop", width=48, seed=11)).image, "tears_drop"
    )


coordinates = st.floats(-120, 120, allow_nan=False)
point_lists = st.lists(st.tuples(coordinates, coordinates), max_size=8).flatmap(
    # Repeats and back-and-forth paths are what a shaky hand and a stalled mouse produce.
    lambda points: st.lists(st.sampled_from(points), max_size=10) if points else st.just([])
)


@settings(max_examples=80, deadline=None)
@given(
    mode=st.sampled_from(["stream", "drop"]),
    points=point_lists,
    width=st.floats(-5, 40, allow_nan=False),
    scale=st.floats(0.05, 3.0),
    length=st.floats(0.0, 1.0),
    gloss=st.floats(0.0, 1.0),
    seed=st.integers(0, 2**32),
)
def test_any_small_tear_renders(
    mode: str,
    points: list[tuple[float, float]],
    width: float,
    scale: float,
    length: float,
    gloss: float,
    seed: int,
) -> None:
    layer = TearLayer(
        mode=mode,  # type: ignore[arg-type]
        points=points,
        width=width,
        length=length,
        gloss=gloss,
        seed=seed,
    )
    sprite = render_tears(layer, scale)
    assert sprite.image.mode == "RGBA"
    assert sprite.image.width >= 1 and sprite.image.height >= 1
    assert all(c == c for c in sprite.anchor)  # not NaN
