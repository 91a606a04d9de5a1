"""The canvas's Qt-free rules: how new layers are placed and sized, stroke smoothing, angles,
and how a drag's contents are sorted."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QUrl

from maskmeme_gui.fileio.images import load_image
from maskmeme_gui.fileio.newlayers import (
    normalised_angle,
    prepare_sticker,
    smooth_stroke,
    snapped_angle,
    sticker_layer,
    tear_drop,
    tear_stream,
)
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import path_length
from maskmeme_gui.qt.canvas.drops import TEMPLATE_MIME, read_drop


def test_smoothing_keeps_the_ends_and_thins_the_points():
    raw = [(0.3 * math.sin(i), float(i)) for i in range(200)]
    smoothed = smooth_stroke(raw, spacing=10)
    assert smoothed[0] == raw[0] and smoothed[-1] == raw[-1]
    assert 15 <= len(smoothed) <= 21
    gaps = [math.dist(a, b) for a, b in itertools.pairwise(smoothed)]
    assert min(gaps[:-1]) >= 10
    assert max(abs(x) for x, _ in smoothed[1:-1]) < 0.1  # the wobble averaged out
    assert path_length(smoothed) == pytest.approx(199, rel=0.01)


@pytest.mark.parametrize("points", [[], [(1.0, 2.0)], [(0.0, 0.0), (0.1, 0.1)]])
def test_smoothing_tiny_strokes_is_safe(points):
    assert smooth_stroke(points, spacing=5) == points


def test_angles_read_as_people_expect():
    assert normalised_angle(370) == 10
    assert normalised_angle(-190) == 170
    assert normalised_angle(180) == 180
    assert normalised_angle(-180) == 180
    assert snapped_angle(52, 15) == 45
    assert snapped_angle(53, 15) == 60


def test_tears_scale_with_the_canvas():
    doc = MemeDocument(base_size=(2000, 1000))
    stream = tear_stream(doc, [(100, 50), (104, 90), (110, 150)], seed=7)
    assert (stream.transform.x, stream.transform.y) == (100, 50)
    assert stream.points == [(0, 0), (4, 40), (10, 100)]
    assert stream.width == pytest.approx(44)
    drop = tear_drop(doc, 30, 40, seed=8)
    assert drop.mode == "drop" and drop.width == pytest.approx(60) and drop.seed == 8


def test_stickers_are_stored_by_content_and_shrunk_to_a_third(tmp_path: Path):
    path = tmp_path / "cat photo.JPG"
    Image.new("RGB", (3000, 600), "orange").save(path, "JPEG")
    first = prepare_sticker(load_image(path), path.name)
    again = prepare_sticker(load_image(path), "other name.png")
    assert first.asset == again.asset
    assert first.name == "cat photo"
    assert first.png.startswith(b"\x89PNG")
    layer = sticker_layer(MemeDocument(base_size=(900, 900)), first, 10, 20)
    assert (layer.width, layer.height) == (3000, 600)
    assert layer.transform.scale == pytest.approx(300 / 3000)
    small = prepare_sticker(load_image(_png(tmp_path / "dot.png", (20, 20))), "dot.png")
    assert sticker_layer(MemeDocument(), small, 0, 0).transform.scale == 1.0


def _png(path: Path, size: tuple[int, int]) -> Path:
    Image.new("RGBA", size, (255, 0, 0, 128)).save(path)
    return path


def _mime(*urls: QUrl) -> QMimeData:
    mime = QMimeData()
    mime.setUrls(list(urls))
    return mime


def test_a_mixed_drop_takes_the_pictures_and_names_the_rest(qapp, tmp_path: Path):
    picture = _png(tmp_path / "a.PNG", (4, 4))
    note = tmp_path / "note.txt"
    note.write_text("hi")
    contents = read_drop(
        _mime(QUrl.fromLocalFile(str(picture)), QUrl.fromLocalFile(str(note))),
        open_projects=False,
    )
    assert contents.files == [picture]
    assert contents.refusals == ["note.txt is not an image maskmeme can open"]


def test_a_browser_drag_gives_the_picture_not_a_complaint(qapp):
    mime = _mime(QUrl("https://example.com/cry.png"))
    mime.setData("image/png", b"\x89PNG fake")
    contents = read_drop(mime, open_projects=False)
    assert contents.image_data == b"\x89PNG fake"
    assert contents.refusals == []


def test_projects_open_only_when_no_meme_is_open(qapp, tmp_path: Path):
    project = tmp_path / "mine.maskmeme"
    project.write_bytes(b"PK")
    url = QUrl.fromLocalFile(str(project))
    assert read_drop(_mime(url), open_projects=True).files == [project]
    refused = read_drop(_mime(url), open_projects=False)
    assert refused.is_empty() and "File ▸ Open" in refused.refusal_message()


def test_gallery_templates_travel_by_id(qapp):
    mime = QMimeData()
    mime.setData(TEMPLATE_MIME, b"masked-face\nsecond\n")
    assert read_drop(mime, open_projects=False).template_ids == ["masked-face", "second"]


def test_missing_files_are_named(qapp, tmp_path: Path):
    contents = read_drop(_mime(QUrl.fromLocalFile(str(tmp_path / "gone.png"))), open_projects=True)
    assert contents.is_empty()
    assert "gone.png does not exist" in contents.refusal_message()
