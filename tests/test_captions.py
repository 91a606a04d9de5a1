"""Caption layout and drawing: letter case, auto-fit, balanced wrapping, alignment, stroke,
font fallback, right-to-left and complex scripts, emoji, and golden images."""

from __future__ import annotations

import shutil
from dataclasses import replace
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageStat

from golden import assert_matches_golden
from maskmeme_gui.model.layers import (
    ALIGNS,
    LETTER_CASES,
    SIZE_MODES,
    CaptionLayer,
    Shadow,
    Transform,
)
from maskmeme_gui.render import fonts
from maskmeme_gui.render.fonts import (
    HAS_RAQM,
    color_emoji_face,
    font_path,
    font_runs,
    get_font,
    list_font_ids,
    primary_face,
)
from maskmeme_gui.render.sprite import Sprite
from maskmeme_gui.render.text import (
    CaptionLayout,
    draw_caption,
    layout_caption,
    render_caption,
    scaled_layout,
)

ANTON = "Anton-Regular.ttf"
DEJAVU = "DejaVuSans.ttf"
EPSILON = 0.01

needs_raqm = pytest.mark.skipif(not HAS_RAQM, reason="Pillow was built without libraqm")


def caption(**changes: Any) -> CaptionLayer:
    defaults: dict[str, Any] = {"text": "I'm fine", "box_width": 600.0, "box_height": 160.0}
    return CaptionLayer(**{**defaults, **changes})


def fixed(text: str, size: float, **changes: Any) -> CaptionLayer:
    return caption(text=text, size_mode="fixed", font_size=size, letter_case="as_typed", **changes)


def ink_in_box(layout: CaptionLayout, sprite: Sprite) -> tuple[int, int, int, int]:
    """The drawn pixels' bounding box in box coordinates."""
    bbox = sprite.image.getchannel("A").getbbox()
    assert bbox is not None, "nothing was drawn"
    left, top = layout.box_origin
    return bbox[0] - left, bbox[1] - top, bbox[2] - left, bbox[3] - top


def alpha_mean_difference(a: Image.Image, b: Image.Image) -> float:
    return ImageStat.Stat(ImageChops.difference(a.getchannel("A"), b.getchannel("A"))).mean[0]


def assert_inside_box(layout: CaptionLayout) -> None:
    width, height = layout.box_size
    stroke = layout.stroke_width
    for line in layout.lines:
        assert line.x - stroke >= -EPSILON
        assert line.x + line.width + stroke <= width + EPSILON
    if layout.lines:
        assert layout.lines[0].y - stroke >= -EPSILON
        last = layout.lines[-1]
        assert last.y + last.height + stroke <= height + EPSILON


# --- letter case -----------------------------------------------------------------------------


def test_captions_are_upper_case_by_default() -> None:
    layout = layout_caption(caption(text="I'm fine, straße"))
    assert layout.text == "I'M FINE, STRASSE"
    assert [line.text for line in layout.lines] == ["I'M FINE, STRASSE"]


@pytest.mark.parametrize(
    ("letter_case", "expected"),
    [("upper", "CRYING ΣΑΣ"), ("lower", "crying σας"), ("as_typed", "Crying ΣΑΣ")],
)
def test_each_letter_case(letter_case: str, expected: str) -> None:
    assert LETTER_CASES == ("upper", "lower", "as_typed")
    assert layout_caption(caption(text="Crying ΣΑΣ", letter_case=letter_case)).text == expected


def test_caseless_scripts_are_left_alone() -> None:
    assert layout_caption(caption(text="שלום 你好")).text == "שלום 你好"


# --- fitting ---------------------------------------------------------------------------------


def test_shorter_text_gets_a_larger_size() -> None:
    short = layout_caption(caption(text="sad", font_size=500))
    long = layout_caption(caption(text="sad behind the mask all day long", font_size=500))
    assert short.font_size > long.font_size
    assert short.fits and long.fits


@pytest.mark.parametrize(
    ("text", "box"),
    [
        ("I'm fine", (600, 160)),
        ("when you smile through the pain but the mask hides it anyway", (500, 300)),
        ("top\nmiddle\nbottom", (300, 420)),
        ("why", (120, 400)),
        ("Ä Ö Ü gÿpq", (400, 100)),
    ],
)
def test_fitted_text_stays_inside_the_box(text: str, box: tuple[int, int]) -> None:
    layer = caption(text=text, box_width=box[0], box_height=box[1], font_size=400)
    layout = layout_caption(layer)
    assert layout.fits
    assert layout.font_size < 400
    assert_inside_box(layout)
    sprite = draw_caption(layout, layer)
    left, top, right, bottom = ink_in_box(layout, sprite)
    # The ink keeps to the box but for a pixel or two of anti-aliasing and glyph overhang.
    assert left >= -2 and top >= -2
    assert right <= box[0] + 2 and bottom <= box[1] + 2
    # ...and nothing touches the sprite's edge, so nothing was cut off.
    bbox = sprite.image.getchannel("A").getbbox()
    assert bbox is not None
    assert bbox[0] > 0 and bbox[1] > 0
    assert bbox[2] < sprite.image.width and bbox[3] < sprite.image.height


@pytest.mark.parametrize(
    "text", ["I am fine really I promise", "sad", "it's just allergies\nI swear"]
)
def test_fit_picks_the_largest_size_that_fits(text: str) -> None:
    layer = caption(text=text, box_width=500, box_height=220, font_size=400)
    size = layout_caption(layer).font_size
    at_size = replace(layer, size_mode="fixed", font_size=size)
    one_larger = replace(layer, size_mode="fixed", font_size=size + 1)
    assert layout_caption(at_size).fits
    assert not layout_caption(one_larger).fits


def test_fit_never_exceeds_the_font_size() -> None:
    layout = layout_caption(caption(text="ok", font_size=40, box_width=1000, box_height=1000))
    assert layout.font_size == 40


def test_a_word_too_long_even_at_the_minimum_size_is_broken() -> None:
    word = "A" * 120
    layout = layout_caption(caption(text=word, box_width=200, box_height=400, font_size=64))
    assert not layout.fits
    assert layout.font_size == 8
    assert len(layout.lines) > 1
    assert "".join(line.text for line in layout.lines) == word
    for line in layout.lines:
        assert line.width + 2 * layout.stroke_width <= 200 + EPSILON


# --- wrapping --------------------------------------------------------------------------------


def test_breaks_are_balanced() -> None:
    stroke = round(0.08 * 40)
    # Wide enough for four words: a greedy wrap would leave "FIVE" alone on the last line.
    room = get_font("anton", 40).getlength("ONE TWO THREE FOUR") + 2 * stroke + 1
    layout = layout_caption(fixed("ONE TWO THREE FOUR FIVE", 40, box_width=room, box_height=400))
    assert [line.text for line in layout.lines] == ["ONE TWO THREE", "FOUR FIVE"]
    first, last = layout.lines
    assert abs(first.width - last.width) < get_font("anton", 40).getlength("THREE")


def test_no_orphan_word_on_the_last_line() -> None:
    text = "I AM FINE REALLY I PROMISE"
    room = get_font("anton", 50).getlength("I AM FINE REALLY I") + 2 * round(0.08 * 50) + 1
    layout = layout_caption(fixed(text, 50, box_width=room, box_height=400))
    assert len(layout.lines) == 2
    assert len(layout.lines[-1].text.split()) >= 2
    assert " ".join(line.text for line in layout.lines) == text


def test_explicit_newlines_are_honoured() -> None:
    layout = layout_caption(caption(text="top\n\nbottom\r\nend", box_width=900, box_height=900))
    assert [line.text for line in layout.lines] == ["TOP", "", "BOTTOM", "END"]
    tops = [line.y for line in layout.lines]
    gaps = {round(b - a, 6) for a, b in pairwise(tops)}
    assert gaps == {round(layout.line_height, 6)}


def test_blocks_are_centred_vertically() -> None:
    layout = layout_caption(caption(text="one\ntwo", box_width=600, box_height=600))
    first, last = layout.lines
    above = first.y
    below = layout.box_size[1] - (last.y + last.height)
    assert above == pytest.approx(below)


def test_chinese_and_japanese_break_between_characters() -> None:
    text = "我很好真的我保证没事"
    layout = layout_caption(fixed(text, 40, box_width=150, box_height=800))
    assert len(layout.lines) > 1
    assert "".join(line.text for line in layout.lines) == text


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "\t"])
def test_blank_text_lays_out_nothing(text: str) -> None:
    layer = caption(text=text)
    layout = layout_caption(layer)
    assert layout.lines == ()
    assert layout.fits
    sprite = draw_caption(layout, layer)
    assert sprite.image.getchannel("A").getbbox() is None
    assert sprite.image.width >= 600 and sprite.image.height >= 160


# --- geometry and style ----------------------------------------------------------------------


def test_alignment_moves_the_lines() -> None:
    x = {}
    for align in ALIGNS:
        layout = layout_caption(caption(text="sad", align=align, box_width=600, box_height=200))
        line = layout.lines[0]
        x[align] = line.x
        if align == "left":
            assert line.x == layout.stroke_width
        elif align == "right":
            assert line.x + line.width == pytest.approx(600 - layout.stroke_width)
        else:
            assert line.x + line.width / 2 == pytest.approx(300)
    assert x["left"] < x["center"] < x["right"]


def test_aligned_sprites_differ_where_the_ink_is() -> None:
    lefts = []
    for align in ALIGNS:
        layer = caption(text="sad", align=align, box_width=600, box_height=200)
        layout = layout_caption(layer)
        lefts.append(ink_in_box(layout, draw_caption(layout, layer))[0])
    assert lefts == sorted(lefts)
    assert len(set(lefts)) == 3


def test_stroke_width_is_proportional_to_the_size() -> None:
    for size in (20, 50, 100):
        assert layout_caption(fixed("sad", size)).stroke_width == round(0.08 * size)
    assert layout_caption(fixed("sad", 100, stroke_width=0.0)).stroke_width == 0


def darkest_over_grey(sprite: Sprite) -> int:
    grey = Image.new("RGBA", sprite.image.size, (128, 128, 128, 255))
    return min(Image.alpha_composite(grey, sprite.image).convert("L").getextrema())  # type: ignore[type-var]


def test_the_stroke_is_drawn_only_when_it_has_width() -> None:
    assert darkest_over_grey(render_caption(fixed("sad", 80))) < 10
    assert darkest_over_grey(render_caption(fixed("sad", 80, stroke_width=0.0))) >= 127


def test_fixed_mode_uses_the_given_size_times_the_scale() -> None:
    layer = fixed("sad", 40)
    assert layout_caption(layer).font_size == 40
    doubled = layout_caption(layer, scale=2.0)
    assert doubled.font_size == 80
    assert doubled.box_size == (1200, 320)
    halved = layout_caption(replace(layer, transform=Transform(scale=0.5)))
    assert halved.font_size == 20
    assert halved.box_size == (300, 80)


def test_fixed_mode_reports_overflow() -> None:
    layout = layout_caption(fixed("so many words that cannot fit", 120, box_height=100))
    assert not layout.fits
    assert len(layout.lines) > 1


def test_the_anchor_is_the_box_centre() -> None:
    layer = caption(text="sad", shadow=Shadow())
    layout = layout_caption(layer)
    sprite = draw_caption(layout, layer)
    assert sprite.image.size == layout.sprite_size
    assert sprite.anchor == (layout.box_origin[0] + 300, layout.box_origin[1] + 80)
    assert sprite.image.width >= 600 and sprite.image.height >= 160


def test_a_translucent_fill_shows_the_stroke_beneath() -> None:
    for fill, expected in (("#ffffff80", 128), ("#ffffff", 255)):
        layer = fixed("I", 120, fill=fill)
        layout = layout_caption(layer)
        line = layout.lines[0]
        sprite = draw_caption(layout, layer)
        left, top = layout.box_origin
        centre = (round(left + line.x + line.width / 2), round(top + line.baseline - 40))
        red, green, blue, alpha = sprite.image.getpixel(centre)  # type: ignore[misc]
        assert alpha == 255
        assert abs(red - expected) <= 2 and red == green == blue


def test_the_shadow_falls_down_and_to_the_right() -> None:
    plain = fixed("sad", 80)
    shadowed = replace(plain, shadow=Shadow(color="#000000ff", offset=0.1, blur=0.02))
    plain_layout, shadow_layout = layout_caption(plain), layout_caption(shadowed)
    assert shadow_layout.shadow_offset == 8
    plain_ink = ink_in_box(plain_layout, draw_caption(plain_layout, plain))
    shadow_ink = ink_in_box(shadow_layout, draw_caption(shadow_layout, shadowed))
    assert shadow_ink[0] == pytest.approx(plain_ink[0], abs=2)
    assert shadow_ink[2] >= plain_ink[2] + 6
    assert shadow_ink[3] >= plain_ink[3] + 6


# --- fonts and scripts -----------------------------------------------------------------------


def run_fonts(text: str) -> dict[str, str]:
    layout = layout_caption(fixed(text, 60, box_width=2000, box_height=300))
    return {run.text: run.face.path.name for line in layout.lines for run in line.runs}


def ink_of(text: str) -> tuple[tuple[int, int], bytes]:
    layer = fixed(text, 60, stroke_width=0.0)
    alpha = render_caption(layer).image.getchannel("A")
    bbox = alpha.getbbox()
    assert bbox is not None
    cropped = alpha.crop(bbox)
    return cropped.size, cropped.tobytes()


def test_missing_glyphs_fall_back_to_dejavu() -> None:
    assert run_fonts("→ ★ ñ \ue000") == {"→": DEJAVU, "★": DEJAVU, "ñ": ANTON, "\ue000": ANTON}
    notdef = ink_of("\ue000")  # a private-use character: Anton draws its .notdef box
    for ch in "→★":
        assert ink_of(ch) != notdef


def test_font_ids_resolve_to_files() -> None:
    assert font_path("anton").name == ANTON
    assert font_path("dejavu-sans").name == DEJAVU
    assert font_path("No Such Font Family 123").name == ANTON
    assert font_path(str(font_path("dejavu-sans"))).name == DEJAVU
    font = get_font("anton", 30)
    assert font.size == 30
    assert get_font("anton", 30) is font
    assert list_font_ids()[:2] == ("anton", "dejavu-sans")


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig is not installed")
def test_system_families_come_from_fontconfig() -> None:
    family = next((f for f in list_font_ids()[2:] if f.casefold() == "dejavu sans"), None)
    if family is None:
        pytest.skip("DejaVu Sans is not installed system-wide")
    assert "dejavu" in font_path(family).name.casefold()


def test_fontconfig_missing_falls_back_to_anton(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(*_args: object, **_kwargs: object) -> None:
        raise FileNotFoundError("fc-match")

    monkeypatch.setattr(fonts.subprocess, "run", missing)
    font_path.cache_clear()
    list_font_ids.cache_clear()
    try:
        assert font_path("Some Installed Family").name == ANTON
        assert list_font_ids() == ("anton", "dejavu-sans")
    finally:
        font_path.cache_clear()
        list_font_ids.cache_clear()


@needs_raqm
def test_hebrew_is_drawn_right_to_left() -> None:
    word = "שלום"
    layer = fixed(word, 60, stroke_width=0.0)
    layout = layout_caption(layer)
    sprite = draw_caption(layout, layer)
    line = layout.lines[0]
    (run,) = line.runs
    assert run.direction == "rtl"
    # Pillow's basic layout draws strictly left to right: the reversed string drawn that way
    # is what correct right-to-left output looks like, and the typed order is not.
    basic = ImageFont.truetype(str(run.face.path), 60, layout_engine=ImageFont.Layout.BASIC)
    position = (layout.box_origin[0] + line.x + run.x, layout.box_origin[1] + line.baseline)

    def drawn_left_to_right(text: str) -> Image.Image:
        image = Image.new("RGBA", sprite.image.size, (0, 0, 0, 0))
        ImageDraw.Draw(image).text(position, text, font=basic, fill="white", anchor="ls")
        return image

    assert alpha_mean_difference(sprite.image, drawn_left_to_right(word[::-1])) < 0.5
    assert alpha_mean_difference(sprite.image, drawn_left_to_right(word)) > 2


@needs_raqm
def test_arabic_letters_join() -> None:
    def width(text: str) -> float:
        return layout_caption(fixed(text, 60)).lines[0].width

    word = "سلام"
    assert layout_caption(fixed(word, 60)).lines[0].runs[0].direction == "rtl"
    assert width(word) < sum(width(letter) for letter in word) - 5
    # The lam-alef ligature (RUF001: these letters are meant, not look-alikes of Latin ones).
    assert width("لا") < width("ل") + width("ا")  # noqa: RUF001


def test_right_to_left_paragraphs_put_the_first_word_on_the_right() -> None:
    (line,) = layout_caption(fixed("שלום עולם", 60, box_width=1000)).lines
    assert [run.text for run in line.runs] == ["עולם", "שלום"]
    (mixed,) = layout_caption(fixed("A שלום עולם B", 60, box_width=1000)).lines
    assert [run.text for run in mixed.runs] == ["A", "עולם", "שלום", "B"]
    assert [run.direction for run in mixed.runs] == ["ltr", "rtl", "rtl", "ltr"]


@needs_raqm
def test_devanagari_is_shaped() -> None:
    (run,) = font_runs("क्ष", primary_face("anton"))
    if run.face.path.name == ANTON:
        pytest.skip("no font with Devanagari is installed (e.g. fonts-lohit-deva)")

    def width(text: str) -> float:
        return layout_caption(fixed(text, 60)).lines[0].width

    # क + ् + ष form one conjunct glyph, narrower than the two consonants side by side.
    assert width("क्ष") < width("क") + width("ष") - 5
    assert render_caption(fixed("नमस्ते", 60)).image.getchannel("A").getbbox() is not None


def test_colour_emoji() -> None:
    if color_emoji_face() is None:
        pytest.skip("no colour emoji font is installed (e.g. fonts-noto-color-emoji)")
    layout = layout_caption(fixed("sad 😢", 80, box_width=800))
    emoji = [run for line in layout.lines for run in line.runs if run.face.color]
    assert [run.text for run in emoji] == ["😢"]
    sprite = render_caption(fixed("😢", 80))
    saturated = (
        sprite.image.convert("RGB")
        .convert("HSV")
        .getchannel("S")
        .point(lambda value: 255 if value > 128 else 0)
    )
    opaque = sprite.image.getchannel("A").point(lambda value: 255 if value > 200 else 0)
    colourful = ImageChops.multiply(saturated, opaque).histogram()[255]
    assert colourful > 100
    small = render_caption(fixed("😢", 40)).image.getchannel("A").getbbox()
    large = sprite.image.getchannel("A").getbbox()
    assert small is not None and large is not None
    assert (large[3] - large[1]) == pytest.approx(2 * (small[3] - small[1]), rel=0.1)


# --- anything goes ---------------------------------------------------------------------------

_AWKWARD = list("AZaz0 ß→★ñ😢👍🏽🇫🇷\u200d\u0301\u0308\ufe0f\n\t\u00a0שלוםمرحباनमस्ते日本語")  # noqa: RUF001
_TEXT = st.one_of(
    st.text(st.one_of(st.sampled_from(_AWKWARD), st.characters()), max_size=40),
    st.text(st.sampled_from("AB"), min_size=60, max_size=200),  # a very long word
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=_TEXT,
    box_width=st.floats(1, 1200),
    box_height=st.floats(1, 600),
    font_size=st.floats(1, 250),
    size_mode=st.sampled_from(SIZE_MODES),
    align=st.sampled_from(ALIGNS),
    letter_case=st.sampled_from(LETTER_CASES),
    scale=st.floats(0.05, 2),
)
def test_any_text_in_any_box_lays_out_and_draws(
    text: str,
    box_width: float,
    box_height: float,
    font_size: float,
    size_mode: str,
    align: str,
    letter_case: str,
    scale: float,
) -> None:
    layer = CaptionLayer(
        text=text,
        box_width=box_width,
        box_height=box_height,
        font_size=font_size,
        size_mode=size_mode,  # type: ignore[arg-type]
        align=align,  # type: ignore[arg-type]
        letter_case=letter_case,  # type: ignore[arg-type]
    )
    layout = layout_caption(layer, scale)
    sprite = draw_caption(layout, layer)
    assert sprite.image.size == layout.sprite_size
    assert sprite.image.width >= layout.box_size[0] >= 1
    assert sprite.image.height >= layout.box_size[1] >= 1
    if layout.fits:
        assert_inside_box(layout)


# --- golden images ---------------------------------------------------------------------------


def on_gradient(sprite: Sprite, size: tuple[int, int]) -> Image.Image:
    """The sprite centred on a photo-like gradient, the way a meme shows it."""
    width, height = size
    horizontal = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize(size)
    vertical = Image.linear_gradient("L").resize(size)
    background = Image.merge("RGB", (horizontal, vertical, Image.new("L", size, 120)))
    left = round(width / 2 - sprite.anchor[0])
    top = round(height / 2 - sprite.anchor[1])
    background.paste(sprite.image, (left, top), sprite.image)
    return background


@pytest.mark.parametrize(
    ("name", "layer"),
    [
        ("caption_classic", caption(text="I'm fine", box_width=360, box_height=110)),
        (
            "caption_two_lines_shadow",
            caption(
                text="smile they said\nit'll be fun",
                box_width=320,
                box_height=150,
                shadow=Shadow(),
            ),
        ),
        (
            "caption_left_translucent",
            caption(
                text="Totally not crying",
                box_width=300,
                box_height=90,
                align="left",
                letter_case="as_typed",
                fill="#ffd54fc0",
                stroke="#202020",
                stroke_width=0.12,
            ),
        ),
    ],
)
def test_golden_captions(name: str, layer: CaptionLayer) -> None:
    sprite = render_caption(layer)
    image = on_gradient(sprite, (round(layer.box_width) + 40, round(layer.box_height) + 40))
    assert_matches_golden(image, name)


def test_a_quick_look_keeps_the_full_layout_and_its_ink_matches():
    """Laid out afresh at a small scale, a big caption fits another size by rounding; the
    preview the canvas shows while typing keeps the full-size layout, so the full sprite that
    replaces it does not jump."""
    layer = caption(text="so tired", box_width=2600, box_height=420, font_size=320)
    full, factor = layout_caption(layer), 0.228
    assert abs(layout_caption(layer, factor).font_size - full.font_size * factor) > 1
    quick = scaled_layout(full, factor)
    assert abs(quick.font_size - full.font_size * factor) <= 0.5
    assert [line.text for line in quick.lines] == [line.text for line in full.lines]
    for small, big in zip(quick.lines, full.lines, strict=True):
        assert (small.x, small.baseline) == pytest.approx((big.x * factor, big.baseline * factor))
    assert quick.anchor == pytest.approx((full.anchor[0] * factor, full.anchor[1] * factor), abs=1)
    # On a grey ground, anchored at the same point: the full sprite brought down to the size.
    big_sprite = render_caption(layer)
    width, height = big_sprite.image.size
    ground = on_grey(big_sprite, (width, height), big_sprite.anchor)
    expected = ground.resize((round(width * factor), round(height * factor)), Image.Resampling.BOX)
    centre = (big_sprite.anchor[0] * factor, big_sprite.anchor[1] * factor)
    shown = on_grey(draw_caption(quick, layer), expected.size, centre)
    assert max(ImageStat.Stat(ImageChops.difference(shown, expected)).mean) < 4


def on_grey(sprite: Sprite, size: tuple[int, int], centre: tuple[float, float]) -> Image.Image:
    ground = Image.new("RGBA", size, (90, 90, 90, 255))
    corner = (round(centre[0] - sprite.anchor[0]), round(centre[1] - sprite.anchor[1]))
    ground.alpha_composite(sprite.image, corner)
    return ground.convert("RGB")
