"""The built-in stickers: the catalogue loads, the pictures are what it says, damage is caught."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from maskmeme_gui.fileio.stickers import (
    CATALOGUE_NAME,
    StickerArt,
    StickerCatalogueError,
    UnknownStickerError,
    get_sticker,
    load_catalogue,
    load_stickers,
)
from maskmeme_gui.locate import resource_path

ROOT = Path(__file__).resolve().parents[1]
DRAW_SCRIPT = ROOT / "packaging" / "artwork" / "draw_stickers.py"


def builtin_ids() -> list[str]:
    return [sticker.id for sticker in load_stickers()]


# --- the shipped catalogue -------------------------------------------------------------------


def test_catalogue_loads_with_at_least_eight_stickers() -> None:
    stickers = load_stickers()
    assert len(stickers) >= 8
    assert all(isinstance(sticker, StickerArt) for sticker in stickers)
    for sticker in stickers:
        assert sticker.name.strip()
        assert sticker.keywords, f"{sticker.id} has no keywords to search by"


def test_ids_and_files_are_unique() -> None:
    stickers = load_stickers()
    ids = [sticker.id for sticker in stickers]
    assert len(set(ids)) == len(ids)
    assert len({sticker.file for sticker in stickers}) == len(stickers)


def test_load_stickers_reads_the_catalogue_once() -> None:
    first, second = load_stickers(), load_stickers()
    assert first == second
    assert first is not second  # callers get their own list...
    assert all(a is b for a, b in zip(first, second, strict=True))  # ...of the same records


@pytest.mark.parametrize("sticker_id", builtin_ids())
def test_picture_is_transparent_png_of_declared_size(sticker_id: str) -> None:
    sticker = get_sticker(sticker_id)
    assert sticker.image_path.is_file()
    with Image.open(sticker.image_path) as image:
        assert image.format == "PNG"
        assert image.mode == "RGBA"
        assert image.size == sticker.size
        assert 384 <= max(image.size) <= 640  # about 512 on the long side
        alpha = image.getchannel("A")
    width, height = image.size
    corners = [(0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1)]
    assert [alpha.getpixel(corner) for corner in corners] == [0, 0, 0, 0]
    # Clear all round the border: nothing of the drawing (outline, shadow) is cut off.
    border = [alpha.crop(box) for box in ((0, 0, width, 1), (0, height - 1, width, height))]
    border += [alpha.crop(box) for box in ((0, 0, 1, height), (width - 1, 0, width, height))]
    assert all(strip.getextrema() == (0, 0) for strip in border)
    # Real transparency, not a flat cut-out: clear pixels, solid pixels and soft edges.
    histogram = alpha.histogram()
    pixels = width * height
    assert histogram[0] > pixels * 0.1
    assert histogram[255] > pixels * 0.1
    assert sum(histogram[1:255]) > 0


def test_read_bytes_gives_the_png_file() -> None:
    sticker = load_stickers()[0]
    data = sticker.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert data == sticker.image_path.read_bytes()


def test_get_sticker_finds_by_id_and_names_the_choices_when_unknown() -> None:
    first = load_stickers()[0]
    assert get_sticker(first.id) is first
    with pytest.raises(UnknownStickerError) as caught:
        get_sticker("no-such-sticker")
    assert "no-such-sticker" in str(caught.value)
    assert first.id in str(caught.value)


def test_the_essentials_are_there() -> None:
    ids = set(builtin_ids())
    assert {"surgical-mask", "teardrop", "tear-streams", "speech-bubble"} <= ids


def test_bubbles_leave_room_for_a_caption() -> None:
    bubble = get_sticker("speech-bubble")
    assert bubble.text_box is not None
    left, top, right, bottom = bubble.text_box
    assert 0 <= left < right <= 1 and 0 <= top < bottom <= 1
    # The middle of the room is blank paper: opaque and near white.
    with Image.open(bubble.image_path) as image:
        width, height = image.size
        middle = image.getpixel(
            (round((left + right) / 2 * width), round((top + bottom) / 2 * height))
        )
    assert middle[3] == 255 and min(middle[:3]) > 220


def test_search_matches_name_id_and_keywords() -> None:
    mask = get_sticker("surgical-mask")
    assert mask.matches("MASK")
    assert mask.matches("pleat")
    assert mask.matches("")
    assert not mask.matches("heart")


def test_catalogue_matches_the_drawing_script(monkeypatch: pytest.MonkeyPatch) -> None:
    """The JSON is the script's output: a new sticker in the script means re-running it."""
    if not DRAW_SCRIPT.is_file():
        pytest.skip("the artwork scripts are not part of this installation")
    spec = importlib.util.spec_from_file_location("draw_stickers", DRAW_SCRIPT)
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    # Registered while it runs: its dataclasses look their module up by name; it imports its
    # neighbour shapes.py as a script would.
    monkeypatch.setitem(sys.modules, spec.name, script)
    monkeypatch.syspath_prepend(str(DRAW_SCRIPT.parent))
    spec.loader.exec_module(script)
    drawn = [(s.id, s.name, s.keywords) for s in script.STICKERS]
    assert drawn == [(s.id, s.name, s.keywords) for s in load_stickers()]


# --- damaged copies of the catalogue ---------------------------------------------------------


@pytest.fixture
def copy_dir(tmp_path: Path) -> Path:
    """A private copy of the shipped stickers folder, free to damage."""
    target = tmp_path / "stickers"
    shutil.copytree(resource_path("stickers"), target)
    return target


def records(folder: Path) -> list[dict[str, Any]]:
    return json.loads((folder / CATALOGUE_NAME).read_text(encoding="utf-8"))


def rewrite(folder: Path, change: Callable[[list[dict[str, Any]]], object]) -> Path:
    data = records(folder)
    change(data)
    path = folder / CATALOGUE_NAME
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_an_intact_copy_loads(copy_dir: Path) -> None:
    stickers = load_catalogue(copy_dir / CATALOGUE_NAME)
    assert [s.id for s in stickers] == builtin_ids()
    assert all(s.image_path.parent == copy_dir for s in stickers)


def test_unreadable_json_is_a_catalogue_error(copy_dir: Path) -> None:
    path = copy_dir / CATALOGUE_NAME
    path.write_text('[{"id": "heart",', encoding="utf-8")
    with pytest.raises(StickerCatalogueError, match="not valid JSON"):
        load_catalogue(path)


def test_missing_catalogue_is_a_catalogue_error(tmp_path: Path) -> None:
    with pytest.raises(StickerCatalogueError, match="cannot read the sticker catalogue"):
        load_catalogue(tmp_path / CATALOGUE_NAME)


def set_field(key: str, value: object) -> Callable[[list[dict[str, Any]]], object]:
    return lambda data: data[0].__setitem__(key, value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda data: data.clear(), "non-empty list of stickers"),
        (lambda data: data.append("heart"), "must be an object"),
        (lambda data: data[0].pop("id"), "'id' is missing"),
        (set_field("id", "Surgical Mask"), "lower-case words joined by hyphens"),
        (lambda data: data[1].__setitem__("id", data[0]["id"]), "the id is used twice"),
        (lambda data: data[0].pop("name"), "'name' is missing"),
        (set_field("file", "../../evil.png"), "plain file name"),
        (set_field("file", "notes.txt"), "must be a PNG"),
        (set_field("size", [512]), "'size' must be"),
        (set_field("size", [0, 320]), "'size' must be"),
        (set_field("size", ["512", "320"]), "'size' must be"),
        (set_field("keywords", "mask"), "'keywords' must be a list"),
        (set_field("keywords", ["mask", ""]), "'keywords' must be a list"),
        (set_field("text_box", [0.8, 0.1, 0.2, 0.9]), "'text_box' must be"),
        (set_field("text_box", [0.1, 0.1, 1.5, 0.9]), "'text_box' must be"),
    ],
)
def test_broken_record_is_a_catalogue_error_naming_the_problem(
    copy_dir: Path, change: Callable[[list[dict[str, Any]]], object], message: str
) -> None:
    path = rewrite(copy_dir, change)
    with pytest.raises(StickerCatalogueError, match=message) as caught:
        load_catalogue(path)
    assert str(path) in str(caught.value)


def test_wrong_declared_size_is_caught_from_the_png_header(copy_dir: Path) -> None:
    first = records(copy_dir)[0]
    width, height = first["size"]
    path = rewrite(copy_dir, set_field("size", [width + 1, height]))
    with pytest.raises(StickerCatalogueError, match=f"is {width}x{height}, the catalogue says"):
        load_catalogue(path)


def test_missing_picture_is_a_catalogue_error(copy_dir: Path) -> None:
    first = records(copy_dir)[0]
    (copy_dir / first["file"]).unlink()
    with pytest.raises(StickerCatalogueError, match=f"{first['id']}.*is missing"):
        load_catalogue(copy_dir / CATALOGUE_NAME)


def test_picture_that_is_not_a_png_is_a_catalogue_error(copy_dir: Path) -> None:
    first = records(copy_dir)[0]
    (copy_dir / first["file"]).write_bytes(b"GIF89a not really a sticker")
    with pytest.raises(StickerCatalogueError, match="is not a PNG file"):
        load_catalogue(copy_dir / CATALOGUE_NAME)


def test_read_bytes_of_a_vanished_picture_is_a_catalogue_error(copy_dir: Path) -> None:
    sticker = load_catalogue(copy_dir / CATALOGUE_NAME)[0]
    sticker.image_path.unlink()
    with pytest.raises(StickerCatalogueError, match=sticker.id):
        sticker.read_bytes()
