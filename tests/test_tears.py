"""The procedural tears: deterministic, translucent, glossy, and shaped like tears."""

from __future__ import annotations

import colorsys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops

from golden import assert_matches_golden
from maskmeme_gui.model.layers import TEAR_STYLES, TearLayer, TearStyle, Transform
from maskmeme_gui.render.sprite import Sprite
from maskmeme_gui.render.tears import MIN_WIDTH, PAINTERS, render_tears
from maskmeme_gui.render.tearstyles import flood, realistic, single

SKIN = (217, 164, 127)
WATER = 40  # alpha of the wet film, above the faint shadow a drop casts


def vertical_stream(path_length: float = 400.0, **fields: Any) -> TearLayer:
    """A stream straight down from the origin, 20 px wide unless told otherwise."""
    fields.setdefault("width", 20.0)
    points = [(0.0, path_length * i / 4) for i in range(5)]
    return TearLayer(points=points, **fields)


def on_skin(sprite: Sprite) -> Image.Image:
    background = Image.new("RGBA", sprite.image.size, (*SKIN, 255))
    return Image.alpha_composite(background, sprite.image).convert("RGB")


def solid_mask(sprite: Sprite) -> Image.Image:
    return sprite.image.getchannel("A").point(lambda a: 255 if a > WATER else 0)


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


@pytest.mark.parametrize("style", TEAR_STYLES)
def test_same_seed_same_pixels_and_other_seeds_differ(style: TearStyle) -> None:
    for mode in ("stream", "drop"):
        first = render_tears(vertical_stream(mode=mode, seed=7, style=style))
        again = render_tears(vertical_stream(mode=mode, seed=7, style=style))
        other = render_tears(vertical_stream(mode=mode, seed=8, style=style))
        assert first.image.tobytes() == again.image.tobytes()
        assert first.anchor == again.anchor
        assert first.image.tobytes() != other.image.tobytes()


def test_every_style_has_a_painter() -> None:
    assert set(PAINTERS) == set(TEAR_STYLES)
    assert TearLayer().style == "realistic"


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


def end_drop_width(sprite: Sprite, width: float) -> int:
    """The widest row of the last 1.5 widths of a stream: its end drop."""
    mask, bottom = solid_mask(sprite), solid_box(sprite)[3]
    return max(row_width(mask, y) for y in range(bottom - round(1.5 * width), bottom))


def test_the_end_drop_is_wider_than_the_stream_above_it() -> None:
    sprite = render_tears(vertical_stream())
    mask, bottom = solid_mask(sprite), solid_box(sprite)[3]
    assert end_drop_width(sprite, 20) > row_width(mask, bottom - 80) * 1.2


# Tears placed from a face are 0.12 eye distances wide at the eye, and an eye is 0.45 eye
# distances wide: an end drop within 1.25 widths is within 0.15 eye distances, a third of an eye.
END_DROP_LIMIT = 1.25


@pytest.mark.parametrize("width", [6.5, 12.0, 20.0, 48.0, 90.0])
def test_the_realistic_end_drop_is_at_most_a_third_of_the_eye(width: float) -> None:
    for seed in range(1, 13):
        sprite = render_tears(vertical_stream(30 * width, width=width, seed=seed))
        # One pixel of anti-aliasing either side is not the drop.
        assert end_drop_width(sprite, width) <= END_DROP_LIMIT * width + 2
        assert end_drop_width(sprite, width) >= 0.7 * width  # but there is a drop


def test_the_end_drop_bound_in_eye_widths() -> None:
    assert realistic.END_DROP_MAX <= END_DROP_LIMIT
    assert realistic.END_DROP_MAX * 0.12 / 0.45 < 1 / 3
    for size in (0.0, 1.0, 5.0):
        assert realistic.end_drop_width(10.0, size) <= realistic.END_DROP_MAX * 10.0


def test_the_realistic_stream_has_no_dark_outline_on_light_skin() -> None:
    """Along the side facing the light, the edge of the water is never darker than the water
    inside it: light skin shows no dark ring around the tear."""
    sprite = render_tears(vertical_stream(width=30, gloss=0.0))
    light = (235, 200, 175)
    background = Image.new("RGBA", sprite.image.size, (*light, 255))
    picture = Image.alpha_composite(background, sprite.image).convert("L")
    x, top = round(sprite.anchor[0]), round(sprite.anchor[1])
    for y in range(top + 120, top + 300, 20):
        row = [picture.getpixel((x + dx, y)) for dx in range(-25, 26)]
        darkest = min(row)
        assert darkest >= 0.8 * sum(light) / 3  # a film, not a line of ink


LIGHT_MASK = (152, 184, 203)
DARK_MASK = (60, 80, 128)


def over(sprite: Sprite, colour: tuple[int, int, int]) -> Image.Image:
    background = Image.new("RGBA", sprite.image.size, (*colour, 255))
    return Image.alpha_composite(background, sprite.image).convert("L")


@pytest.mark.parametrize("width", [7.0, 20.0])
def test_the_realistic_stream_reads_over_a_light_and_a_dark_mask(width: float) -> None:
    """Water soaked into cloth: a darker streak over a light mask, a bright glint over a dark
    one, along most of the stream (not only where the film happens to catch the light)."""
    sprite = render_tears(vertical_stream(20 * width, width=width, seed=5))
    x, top = round(sprite.anchor[0]), round(sprite.anchor[1])
    rows = range(top + round(3 * width), top + round(16 * width), max(1, round(width / 2)))
    reach = round(width)
    light, dark = over(sprite, LIGHT_MASK), over(sprite, DARK_MASK)
    light_level = Image.new("RGB", (1, 1), LIGHT_MASK).convert("L").getpixel((0, 0))
    dark_level = Image.new("RGB", (1, 1), DARK_MASK).convert("L").getpixel((0, 0))
    darker = sorted(light_level - min(light.getpixel((x + dx, y)) for dx in range(-reach, reach))
                    for y in rows)  # fmt: skip
    brighter = sorted(max(dark.getpixel((x + dx, y)) for dx in range(-reach, reach)) - dark_level
                      for y in rows)  # fmt: skip
    assert darker[len(darker) // 4] >= 21  # type: ignore[operator]
    assert brighter[len(brighter) // 4] >= 60  # type: ignore[operator]


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
    assert left <= ax <= right


def test_the_anchor_centres_a_drop() -> None:
    sprite = render_tears(TearLayer(mode="drop", width=40))
    left, top, right, bottom = solid_box(sprite)
    # A tenth of the width: the fine tip fades into the skin, the shaded side reads heavier.
    assert (left + right) / 2 == pytest.approx(sprite.anchor[0], abs=4)
    assert (top + bottom) / 2 == pytest.approx(sprite.anchor[1], abs=4)


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


def golden_name(style: TearStyle, mode: str) -> str:
    return f"tears_{mode}" if style == "realistic" else f"tears_{style}_{mode}"


@pytest.mark.parametrize("style", TEAR_STYLES)
def test_stream_matches_golden(style: TearStyle) -> None:
    layer = TearLayer(
        points=[(0, 0), (-4, 60), (6, 130), (2, 190)], width=16, seed=11, style=style
    )
    assert_matches_golden(render_tears(layer).image, golden_name(style, "stream"))


@pytest.mark.parametrize("style", TEAR_STYLES)
def test_drop_matches_golden(style: TearStyle) -> None:
    layer = TearLayer(mode="drop", width=48, seed=11, style=style)
    assert_matches_golden(render_tears(layer).image, golden_name(style, "drop"))


# --- the other styles ------------------------------------------------------------------------


def test_cartoon_is_opaque_blue_with_a_dark_outline_and_white_highlights() -> None:
    sprite = render_tears(vertical_stream(width=30, style="cartoon", gloss=1.0))
    image = sprite.image
    x, top = round(sprite.anchor[0]), round(sprite.anchor[1])
    y = top + 150
    row = [image.getpixel((x + dx, y)) for dx in range(-30, 31)]
    inked = [p for p in row if p[3] == 255]  # type: ignore[index]
    assert len(inked) >= 30  # bold: as wide as the stream and its outline, and opaque
    edge, middle = inked[0], row[30]
    assert sum(edge[:3]) < 250  # type: ignore[index]  # a dark outline
    assert middle[2] > middle[0] + 60  # type: ignore[index]  # blue inside
    assert darkest_channel_max(image.convert("RGB")) > 240  # white highlights


def test_flood_pours_wider_than_the_eye_stream_and_does_not_narrow() -> None:
    width = 16.0
    sprite = render_tears(vertical_stream(width=width, style="flood"))
    mask, top = solid_mask(sprite), round(sprite.anchor[1])
    near_eye = row_width(mask, top + 10)
    lower = row_width(mask, top + 300)
    assert near_eye >= flood.FLOOD_WIDTH * width * 0.9
    assert lower >= near_eye
    # It pours from the lid: nothing is drawn above the start, where the eye is.
    assert solid_box(sprite)[1] >= top - outline_px(width)


def outline_px(width: float) -> float:
    return max(1.2, width * 0.13) + 2


@pytest.mark.parametrize("path_length", [120.0, 400.0, 900.0])
def test_single_is_one_drop_under_the_eye_whatever_the_path(path_length: float) -> None:
    width = 20.0
    sprite = render_tears(vertical_stream(path_length, width=width, style="single"))
    box = solid_box(sprite)
    below_eye = box[3] - sprite.anchor[1]
    drop_height = single.DROP_WIDTH * width * 1.5
    assert below_eye <= (single.SINGLE_AT * width) + drop_height
    assert box[2] - box[0] <= single.DROP_WIDTH * width + 4


def test_single_drop_grows_down_with_the_wet_length() -> None:
    layer = vertical_stream(400, width=20.0, style="single", length=0.05)
    short = solid_box(render_tears(layer))[3]
    layer.length = 1.0
    assert solid_box(render_tears(layer))[3] > short


coordinates = st.floats(-120, 120, allow_nan=False)
point_lists = st.lists(st.tuples(coordinates, coordinates), max_size=8).flatmap(
    # Repeats and back-and-forth paths are what a shaky hand and a stalled mouse produce.
    lambda points: st.lists(st.sampled_from(points), max_size=10) if points else st.just([])
)


@settings(max_examples=80, deadline=None)
@given(
    style=st.sampled_from(TEAR_STYLES),
    mode=st.sampled_from(["stream", "drop"]),
    points=point_lists,
    width=st.floats(-5, 40, allow_nan=False),
    scale=st.floats(0.05, 3.0),
    length=st.floats(0.0, 1.0),
    gloss=st.floats(0.0, 1.0),
    seed=st.integers(0, 2**32),
)
def test_any_small_tear_renders(
    style: TearStyle,
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
        style=style,
    )
    sprite = render_tears(layer, scale)
    assert sprite.image.mode == "RGBA"
    assert sprite.image.width >= 1 and sprite.image.height >= 1
    assert all(c == c for c in sprite.anchor)  # not NaN
