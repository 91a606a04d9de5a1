"""The render budget: documents past it are refused in one sentence within a second, documents
within it render, in a subprocess capped at 2.5 GB as a user's machine would be."""

from __future__ import annotations

import io
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from maskmeme_gui.fileio.project import save_project
from maskmeme_gui.model.band import Band
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import (
    CaptionLayer,
    Layer,
    StickerLayer,
    TearLayer,
    Transform,
)
from maskmeme_gui.qt.mainwindow import MainWindow
from maskmeme_gui.render.budget import (
    MAX_FONT_PIXELS,
    MAX_OUTPUT_PIXELS,
    MAX_SPRITE_PIXELS,
    MAX_STREAM_WIDTHS,
    MAX_STROKE_PIXELS,
    RenderBudgetError,
    check_document,
    check_layer,
)
from maskmeme_gui.render.compose import render_document

MEMORY_CAP = 2_500_000_000
# Far more than a refusal needs (its import is most of it), far less than a runaway render.
REFUSAL_TIMEOUT_S = 30


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def maskmeme_capped(*args: str | Path, timeout: float) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "maskmeme_gui", *map(str, args)]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, preexec_fn=_capped
    )


def _png(size: tuple[int, int], color: tuple[int, int, int] = (90, 120, 160)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def _document(
    size: tuple[int, int] = (800, 600), layers: list[Layer] | None = None, band: Band | None = None
) -> MemeDocument:
    doc = MemeDocument(base_size=size, base_asset="base.png", assets={"base.png": _png((64, 48))})
    doc.assets["sticker.png"] = _png((32, 32), (20, 200, 40))
    doc.layers.extend(layers or [])
    if band is not None:
        doc.band = band
    return doc


def _centred(**values: float) -> Transform:
    return Transform(x=400, y=300, **values)


def _zigzag(count: int) -> list[tuple[float, float]]:
    return [(float((i * 37) % 400 - 200), float((i * 53) % 300 - 150)) for i in range(count)]


# The documents the hostile-user campaign found, each within the loader's limits.
PAST_THE_BUDGET: dict[str, tuple[MemeDocument, str]] = {
    "sticker 40 000 px wide": (
        _document(layers=[StickerLayer(asset="sticker.png", width=40_000, height=30_000)]),
        "it would take",
    ),
    "caption at size 40 000": (
        _document(layers=[CaptionLayer(text="hi", size_mode="fixed", font_size=40_000)]),
        "its font size is 40 000 pixels",
    ),
    "caption at size 40 000 in a 40 000 box at scale 20": (
        _document(
            layers=[
                CaptionLayer(
                    text="hi",
                    font_size=40_000,
                    box_width=40_000,
                    box_height=40_000,
                    transform=_centred(scale=20),
                )
            ]
        ),
        "its font size is 800 000 pixels",
    ),
    "caption stroke 40 000": (
        _document(layers=[CaptionLayer(text="hi", stroke_width=40_000, transform=_centred())]),
        "its outline is",
    ),
    "tear 40 000 wide at scale 20": (
        _document(
            layers=[TearLayer(points=[(0, 0), (0, 50)], width=40_000, transform=_centred(scale=20))]
        ),
        "it would take",
    ),
    "20 000 x 20 000 canvas with bands": (
        _document((20_000, 20_000), band=Band(top=0.2, bottom=0.2)),
        "over the limit of 100 000 000",
    ),
    "10 000-character caption at size 2 000": (
        _document(
            layers=[
                CaptionLayer(
                    text=("cry " * 2500), size_mode="fixed", font_size=2000, transform=_centred()
                )
            ]
        ),
        "letters at 2 000 pixels would take too long",
    ),
    "tear path of 5 000 points": (
        _document(layers=[TearLayer(points=_zigzag(5000), transform=_centred())]),
        "times as long as the tears are wide",
    ),
}


@pytest.fixture
def no_previews(monkeypatch: pytest.MonkeyPatch) -> None:
    """Projects saved here keep no preview: drawing one is a render of its own, in this
    process, and only the capped one is under test."""
    monkeypatch.setattr("maskmeme_gui.fileio.project._render_preview", lambda _doc: None)


@pytest.mark.parametrize("case", list(PAST_THE_BUDGET))
@pytest.mark.usefixtures("no_previews")
def test_a_document_past_the_budget_is_refused_with_exit_3_quickly(
    case: str, tmp_path: Path
) -> None:
    doc, words = PAST_THE_BUDGET[case]
    project = tmp_path / "hostile.maskmeme"
    save_project(doc, project)
    result = maskmeme_capped(
        "render", project, "-o", tmp_path / "out.png", timeout=REFUSAL_TIMEOUT_S
    )
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "too large to draw" in result.stderr and words in result.stderr, result.stderr
    assert not (tmp_path / "out.png").exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--width", "20000"], "20 000 x 20 000 pixels"),
        (["--top", "ab " * 33_334], "the --top caption has 100002 characters"),
        (["--bottom", "x" * 10_001], "the --bottom caption has 10001 characters"),
    ],
    ids=["width 20000", "100 000-character top", "10 001-character bottom"],
)
def test_the_command_line_refuses_what_is_past_the_budget(
    args: list[str], words: str, tmp_path: Path
) -> None:
    result = maskmeme_capped(
        "render", "masked-face", *args, "-o", tmp_path / "w.jpg", timeout=REFUSAL_TIMEOUT_S
    )
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert words in result.stderr
    assert not (tmp_path / "w.jpg").exists()


def test_one_word_of_10_000_letters_renders(tmp_path: Path) -> None:
    # Broken into lines piece by piece: each piece costs its own length, not the word's.
    result = maskmeme_capped(
        "render", "masked-face", "--top", "a" * 10_000, "-o", tmp_path / "w.png", timeout=60
    )
    assert result.returncode == 0, result.stderr
    with Image.open(tmp_path / "w.png") as image:
        assert image.size[0] > 0


@pytest.mark.parametrize("size", [(1, 20_000), (40, 20_000)])
def test_a_tall_narrow_photo_gets_tears_inside_the_budget(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    # No face on it: the typical portrait's tears, whose length follows the height.
    photo = tmp_path / "tall.png"
    photo.write_bytes(_png(size))
    result = maskmeme_capped("render", photo, "-o", tmp_path / "out.png", timeout=60)
    assert result.returncode == 0, result.stderr
    with Image.open(tmp_path / "out.png") as image:
        assert image.size == size


def test_breaking_a_long_word_measures_each_piece_not_the_whole_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import maskmeme_gui.render.text as text

    shaped: list[int] = []
    shape = text.font_runs
    monkeypatch.setattr(
        text, "font_runs", lambda piece, face: (shaped.append(len(piece)), shape(piece, face))[1]
    )
    layout = text.layout_caption(CaptionLayer(text="a" * 10_000))
    assert len(layout.lines) > 1
    # Searching every piece's end over the rest of the word shaped 2.5 million letters.
    assert sum(shaped) < 10 * 10_000


@pytest.mark.usefixtures("no_previews")
def test_a_picture_of_exactly_the_most_pixels_renders_under_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Thin and long, so it is cheap to encode: 20 000 x 5 000 is the limit exactly.
    side = MAX_OUTPUT_PIXELS // 20_000
    at_limit = tmp_path / "at.maskmeme"
    save_project(_document((20_000, side)), at_limit)
    result = maskmeme_capped("render", at_limit, "-o", tmp_path / "at.jpg", timeout=60)
    assert result.returncode == 0, result.stderr
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)  # the test reads it, not the app
    with Image.open(tmp_path / "at.jpg") as image:
        assert image.size == (20_000, side)


def test_one_row_past_the_most_pixels_is_refused() -> None:
    with pytest.raises(RenderBudgetError, match="20 000 x 5 001 pixels"):
        render_document(_document((20_000, MAX_OUTPUT_PIXELS // 20_000 + 1)))


@pytest.mark.parametrize(
    ("at_limit", "past_limit"),
    [
        (
            CaptionLayer(text="a", size_mode="fixed", font_size=MAX_FONT_PIXELS, stroke_width=0),
            CaptionLayer(
                text="a", size_mode="fixed", font_size=MAX_FONT_PIXELS + 1, stroke_width=0
            ),
        ),
        (
            CaptionLayer(text="a", font_size=1000, stroke_width=MAX_STROKE_PIXELS / 1000),
            CaptionLayer(text="a", font_size=1000, stroke_width=(MAX_STROKE_PIXELS + 1) / 1000),
        ),
        (
            StickerLayer(asset="sticker.png", width=5000, height=MAX_SPRITE_PIXELS // 5000),
            StickerLayer(asset="sticker.png", width=5000, height=MAX_SPRITE_PIXELS // 5000 + 1),
        ),
        (
            TearLayer(points=[(0, 0), (0, 10 * MAX_STREAM_WIDTHS)], width=10),
            TearLayer(points=[(0, 0), (0, 10 * MAX_STREAM_WIDTHS + 20)], width=10),
        ),
    ],
    ids=["font size", "outline", "sprite pixels", "stream length"],
)
def test_each_layer_limit_takes_its_limit_and_refuses_past_it(
    at_limit: Layer, past_limit: Layer
) -> None:
    check_layer(at_limit, 1.0)
    with pytest.raises(RenderBudgetError, match="over the limit of"):
        check_layer(past_limit, 1.0)


def test_a_turned_sticker_counts_the_pixels_of_its_turned_box() -> None:
    side = 6000  # 36 megapixels upright, 72 turned by 45 degrees
    upright = StickerLayer(asset="sticker.png", width=side, height=side)
    check_layer(upright, 1.0)
    turned = StickerLayer(
        asset="sticker.png", width=side, height=side, transform=Transform(rotation=45)
    )
    with pytest.raises(RenderBudgetError, match="it would take"):
        check_layer(turned, 1.0)


def test_the_layers_together_are_bounded_too() -> None:
    side = 6000
    layers: list[Layer] = [
        StickerLayer(asset="sticker.png", width=side, height=side) for _ in range(3)
    ]
    with pytest.raises(RenderBudgetError, match="too large to draw together"):
        check_document(_document(), 1.0, layers)


# ---- random documents within the loader's limits -------------------------------------------

_scales = st.floats(0.05, 20.0)
_transforms = st.builds(
    Transform,
    x=st.floats(-1000, 1000),
    y=st.floats(-1000, 1000),
    scale=_scales,
    rotation=st.floats(0, 360),
)
_captions = st.builds(
    CaptionLayer,
    text=st.text(max_size=60),
    size_mode=st.sampled_from(["fit", "fixed"]),
    font_size=st.floats(1, 40_000),
    box_width=st.floats(1, 40_000),
    box_height=st.floats(1, 40_000),
    stroke_width=st.floats(0, 40_000),
    line_spacing=st.floats(0, 5),
    transform=_transforms,
)
_tears = st.builds(
    TearLayer,
    mode=st.sampled_from(["stream", "drop"]),
    points=st.lists(st.tuples(st.floats(-2000, 2000), st.floats(-2000, 2000)), max_size=40),
    width=st.floats(0, 40_000),
    style=st.sampled_from(["realistic", "cartoon", "flood", "single"]),
    flow=st.booleans(),
    transform=_transforms,
)
_stickers = st.builds(
    StickerLayer,
    asset=st.just("sticker.png"),
    width=st.integers(1, 40_000),
    height=st.integers(1, 40_000),
    transform=_transforms,
)


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    size=st.tuples(st.integers(1, 20_000), st.integers(1, 20_000)),
    layers=st.lists(st.one_of(_captions, _tears, _stickers), max_size=3),
    scale=st.sampled_from([0.01, 0.02, 0.05]),
)
def test_a_random_document_renders_or_is_refused_by_the_budget(
    size: tuple[int, int], layers: list[Layer], scale: float
) -> None:
    doc = _document(size, layers)
    try:
        image = render_document(doc, scale)
    except RenderBudgetError as refusal:
        assert "over the limit of" in str(refusal)
    else:
        assert image.size == (max(1, round(size[0] * scale)), max(1, round(size[1] * scale)))


@pytest.mark.usefixtures("no_previews")
def test_in_the_window_a_layer_past_the_budget_says_so_in_one_sentence(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    huge = CaptionLayer(name="Shout", text="hi", font_size=40_000, transform=_centred())
    fine = CaptionLayer(name="Whisper", text="hi", transform=_centred())
    project = tmp_path / "huge.maskmeme"
    save_project(_document(layers=[huge, fine]), project)
    window.open_path(project)
    status = window.statusBar()
    qtbot.waitUntil(lambda: "too large to draw" in status.currentMessage())
    assert status.currentMessage() == (
        "The layer Shout is too large to draw: its font size is 40 000 pixels, over the "
        "limit of 5 000."
    )
    scene = window.canvas.document_scene()
    qtbot.waitUntil(lambda: scene.layer_items[fine.id].sprite is not None)
    # The status bar moves on; selecting the layer says it again.
    window.show_status("Opened huge.maskmeme")
    panel = window.layers
    shout_row = 1  # the list shows the top layer first
    QTest.mouseClick(
        panel.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        panel.view.visualRect(panel.model.index(shout_row)).center(),
    )
    qtbot.waitUntil(lambda: "Shout is too large to draw" in status.currentMessage())


@pytest.mark.usefixtures("no_previews")
def test_copying_a_meme_past_the_budget_says_why_in_a_message(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, title, text: shown.append((title, text))
    )
    project = tmp_path / "wide.maskmeme"
    save_project(_document((20_000, 20_000), band=Band(top=0.2)), project)
    window.open_path(project)
    qtbot.waitUntil(lambda: window.session is not None)
    window.actions_by_id["copy_image"].trigger()
    qtbot.waitUntil(lambda: bool(shown))
    title, text = shown[0]
    assert title == "Cannot copy the meme"
    assert text.startswith("The meme is too large to draw at 20 000 x 24 000 pixels")


@pytest.mark.usefixtures("no_previews")
def test_the_gallery_preview_of_an_animation_past_the_budget_says_why(tmp_path: Path) -> None:
    from maskmeme_gui.qt.gallery.workers import decode_preview

    tear = TearLayer(points=_zigzag(5000), flow=True, transform=_centred())
    project = tmp_path / "flood.maskmeme"
    save_project(_document(layers=[tear]), project)
    preview = decode_preview(project, "project", 400)
    assert preview.frames == []
    assert preview.problem is not None
    assert "times as long as the tears are wide" in preview.problem
