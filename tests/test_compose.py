"""The compositor: the exported pixels are the background with every layer's sprite on it, and
rendering never changes the decoded pictures that later renders reuse."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import CaptionLayer, TearLayer, Transform
from maskmeme_gui.render.assets import (
    clear_decoded,
    decode_asset,
    decode_asset_owned,
    remember_decoded,
)
from maskmeme_gui.render.compose import render_background, render_document

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
