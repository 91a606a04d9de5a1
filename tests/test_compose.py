"""The compositor: the exported pixels are the background with every layer's sprite on it, and
rendering never changes the decoded pictures that later renders reuse."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import CaptionLayer, Shadow, TearLayer, Transform
from maskmeme_gui.render.assets import (
    clear_decoded,
    decode_asset,
    decode_asset_owned,
    remember_decoded,
)
from maskmeme_gui.render.compose import (
    composite_layer,
    render_background,
    render_document,
    render_layer,
)

SIZE = (320, 240)


def encoded(image: Image.Image, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def photo() -> Image.Image:
    return Image.linear_gradient("L").resize(SIZE).convert("RGB")


def document(data: bytes, **changes: object) -> MemeDocument:
    doc = MemeDocument(base_size=SIZE, base_asset="base.png", assets={"base.png": data})
    for name, value in changes.items():
        setattr(doc, name, value)
    doc.layers = [
        CaptionLayer(
            text="over the photo", box_width=300, box_height=80, transform=Transform(160, 60)
        ),
        TearLayer(points=[(0, 0), (4, 60), (-2, 120)], width=14, transform=Transform(100, 90)),
    ]
    return doc


def same(a: Image.Image, b: Image.Image) -> bool:
    return a.size == b.size and ImageChops.difference(a, b).getbbox() is None


@pytest.fixture(autouse=True)
def no_cached_pictures() -> None:
    clear_decoded()


def test_rendering_leaves_the_remembered_photo_alone() -> None:
    data = encoded(photo())
    remember_decoded(data, photo())
    render_document(document(data))
    assert same(decode_asset(data, SIZE), photo())


def test_rendering_twice_gives_the_same_pixels() -> None:
    doc = document(encoded(photo()))
    first = render_document(doc)
    assert same(render_document(doc), first)  # the second render finds the photo cached
    clear_decoded()
    assert same(render_document(doc), first)


def test_the_export_carries_none_of_the_photos_metadata() -> None:
    source = photo()
    source.info["comment"] = b"taken at home"
    data = encoded(source, "JPEG")
    assert render_document(document(data, base_asset="base.png")).info == {}


def test_a_transparent_photo_shows_the_background_colour() -> None:
    clear = Image.new("RGBA", SIZE, (255, 0, 0, 0))
    doc = document(encoded(clear), background="#00ff00")
    doc.layers = []
    assert render_document(doc).getpixel((5, 5)) == (0, 255, 0)
    assert same(render_document(doc), render_background(doc))


def test_an_owned_picture_is_never_the_cached_one() -> None:
    data = encoded(photo())
    decoded = decode_asset_owned(data, SIZE)  # decoded afresh: handed over, not cached
    decoded.paste((255, 0, 0), (0, 0, 50, 50))
    assert same(decode_asset(data, SIZE), photo())
    owned = decode_asset_owned(data, SIZE)  # found in the cache: a copy
    owned.paste((255, 0, 0), (0, 0, 50, 50))
    assert same(decode_asset(data, SIZE), photo())
    assert decode_asset_owned(data, (160, 120)).size == (160, 120)


@pytest.mark.parametrize(
    "style",
    [
        {},
        {"fill": "#ffd54fc0", "stroke": "#202020", "stroke_width": 0.12},
        {"stroke_width": 0.0, "fill": "#ff0000"},
        {"stroke": "#0000ff80"},
        {"shadow": Shadow()},
        {"opacity": 0.6},
        {"text": "tiny outline", "font_size": 12.0, "size_mode": "fixed"},
    ],
    ids=[
        "classic",
        "translucent-fill",
        "no-outline",
        "translucent-outline",
        "shadow",
        "faded",
        "thin-outline",
    ],
)
def test_captions_export_as_their_sprites_look(style: dict[str, object]) -> None:
    """The export pastes a caption from its masks (text.flat_caption) where it can; the pixels
    are those of the sprite the canvas shows, composited."""
    doc = document(encoded(photo()))
    changes: dict[str, object] = {"text": "not crying", "box_width": 280, "box_height": 90}
    doc.layers = [CaptionLayer(**{**changes, **style}, transform=Transform(160, 120))]
    expected = render_background(doc)
    composite_layer(expected, doc.layers[0], render_layer(doc.layers[0]), 1.0)
    difference = ImageChops.difference(render_document(doc), expected)
    assert max(high for _, high in difference.getextrema()) <= 1
