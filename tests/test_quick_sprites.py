"""Typing a caption of a big meme: each keystroke shows on the canvas at once as a quick sprite
drawn at the view's size, and the full sprite replaces it when it is ready. Driven through the
window: a click into the caption's field in the Text tab (on the canvas itself the in-place
editor draws the typed text), then key presses; the full renders are held back on their worker
so the tests can look at the canvas in between."""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest
from PIL import Image, ImageChops, ImageStat
from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import CaptionLayer, Layer, Transform
from maskmeme_gui.qt.canvas import sprites
from maskmeme_gui.qt.canvas.sprites import QUICK_BELOW, SpritePixmaps, content_key
from maskmeme_gui.qt.imageconv import qimage_to_pil
from maskmeme_gui.render.compose import render_document

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from maskmeme_gui.qt.canvas import CanvasView
    from maskmeme_gui.qt.mainwindow import MainWindow

SIZE = (3000, 2000)
CENTRE = (1500.0, 320.0)


def big_meme() -> MemeDocument:
    photo = Image.linear_gradient("L").resize(SIZE).convert("RGB")
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=85)
    doc = MemeDocument(
        base_size=SIZE, base_asset="base.jpg", assets={"base.jpg": buffer.getvalue()}
    )
    doc.layers.append(
        CaptionLayer(
            text="",
            transform=Transform(*CENTRE),
            box_width=2600,
            box_height=420,
            font_size=320,
        )
    )
    return doc


class HeldRenders:
    """Full sprite renders wait on their worker until released; records the text of each one
    that starts."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._monkeypatch = monkeypatch
        self.released = threading.Event()
        self.started: list[str] = []

    def hold(self) -> None:
        real = sprites.render_sprite_images

        def held(layer: Layer, assets: object, time_ms: int | None = None) -> object:
            assert isinstance(layer, CaptionLayer)
            self.started.append(layer.text)
            self.released.wait(timeout=30)
            return real(layer, assets, time_ms)  # type: ignore[arg-type]

        self._monkeypatch.setattr(sprites, "render_sprite_images", held)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldRenders]:
    renders = HeldRenders(monkeypatch)
    yield renders
    renders.released.set()  # a failed test must not leave a worker waiting


@pytest.fixture
def big(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """The window showing a 3000 x 2000 meme with an empty caption, fitted and drawn."""
    window.set_document(big_meme())
    qtbot.waitUntil(lambda: not window.canvas.renders_pending(), timeout=20_000)
    return window


def caption_of(window: MainWindow) -> CaptionLayer:
    return caption_on(window.canvas)


def caption_on(canvas: CanvasView) -> CaptionLayer:
    session = canvas.session()
    assert session is not None
    layer = session.doc.layers[0]
    assert isinstance(layer, CaptionLayer)
    return layer


def shown(window: MainWindow) -> SpritePixmaps:
    sprite = window.canvas.document_scene().layer_items[caption_of(window).id].sprite
    assert sprite is not None
    return sprite


def start_typing(qtbot: QtBot, window: MainWindow) -> QWidget:
    """Click into the caption's field in the Text tab; the field, which has the keys."""
    window.edit_tabs.setCurrentWidget(window.text_list)
    field = window.text_list.field(caption_of(window).id)
    qtbot.waitUntil(field.isVisible)
    qtbot.mouseClick(field.viewport(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(field.hasFocus)
    return field


def shows_full(window: MainWindow) -> Callable[[], bool]:
    """The caption's item shows the full sprite of the caption as it is now."""
    return lambda: (
        shown(window).key == content_key(caption_of(window)) and shown(window).resolution == 1.0
    )


def caption_on_screen(canvas: CanvasView) -> Image.Image:
    """The viewport's pixels over the caption's box, without the selection's outline."""
    scene = canvas.document_scene()
    item = scene.layer_items[caption_on(canvas).id]
    box: QRect = canvas.mapFromScene(item.mapToScene(item.outline())).boundingRect()
    scene.hide_chrome()
    grabbed = qimage_to_pil(canvas.viewport().grab().toImage()).convert("RGB")
    scene.follow_chrome()
    return grabbed.crop((box.left(), box.top(), box.right(), box.bottom()))


def box_at_zoom(canvas: CanvasView, zoom: float) -> tuple[int, int, int, int]:
    """The caption's box on a render at `zoom`, matching `caption_on_screen`'s crop."""
    item = canvas.document_scene().layer_items[caption_on(canvas).id]
    box = canvas.mapFromScene(item.mapToScene(item.outline())).boundingRect()
    corner = canvas.mapToScene(box.topLeft())
    left, top = round(corner.x() * zoom), round(corner.y() * zoom)
    return left, top, left + box.width() - 1, top + box.height() - 1


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    return max(ImageStat.Stat(ImageChops.difference(a, b)).mean)


def test_each_keystroke_shows_on_the_canvas_before_the_full_render_is_done(
    qtbot: QtBot, big: MainWindow, held: HeldRenders
):
    canvas, session = big.canvas, big.session
    assert session is not None
    zoom = canvas.zoom_factor()
    assert zoom < QUICK_BELOW
    blank = caption_on_screen(canvas)
    held.hold()
    QTest.keyClicks(start_typing(qtbot, big), "so tired")
    layer = caption_of(big)
    assert layer.text == "so tired"
    qtbot.waitUntil(lambda: shown(big).key == content_key(layer))
    # Drawn at the view's size while the full render is still held on its worker.
    quick = shown(big)
    # (math, not pytest.approx: a worker may be importing NumPy for the face search)
    assert math.isclose(quick.resolution, zoom * canvas.devicePixelRatioF())
    assert not held.released.is_set()
    typed = caption_on_screen(canvas)
    assert mean_difference(blank, typed) > 10  # the words are there, white on black
    # As the export will look, brought down to the view's size.
    export = render_document(session.doc)
    on_screen = export.resize(
        (round(export.width * zoom), round(export.height * zoom)), Image.Resampling.BOX
    )
    expected = on_screen.crop(box_at_zoom(canvas, zoom))
    assert typed.size == expected.size
    assert mean_difference(typed, expected) < 5

    held.released.set()
    qtbot.waitUntil(shows_full(big), timeout=20_000)
    assert held.started[-1] == "so tired"
    # The full sprite took its place, and the canvas is the export again.
    assert mean_difference(typed, caption_on_screen(canvas)) < 6
    grabbed = qimage_to_pil(canvas.grab_at_actual_size()).convert("RGB")
    assert mean_difference(grabbed, render_document(big.session.doc)) <= 2.0  # type: ignore[union-attr]


def test_the_full_render_of_an_older_text_never_replaces_a_newer_quick_one(
    qtbot: QtBot, big: MainWindow, held: HeldRenders
):
    canvas = big.canvas
    layer = caption_of(big)
    held.hold()
    field = start_typing(qtbot, big)
    QTest.keyClicks(field, "a")
    # Typing pauses: the full render of "a" starts, and is held.
    qtbot.waitUntil(lambda: held.started == ["a"])
    old_look = content_key(layer)
    QTest.keyClicks(field, "b")
    qtbot.waitUntil(lambda: shown(big).key == content_key(layer))
    assert shown(big).resolution < 1.0
    looks: list[str] = []
    canvas.document_scene().sprite_shown.connect(lambda: looks.append(shown(big).key))
    held.released.set()
    qtbot.waitUntil(shows_full(big), timeout=20_000)
    assert old_look not in looks
    assert held.started == ["a", "ab"]


def test_at_full_size_typing_renders_only_the_newest_text(
    qtbot: QtBot, big: MainWindow, held: HeldRenders
):
    canvas = big.canvas
    canvas.zoom_actual()
    canvas.centerOn(*CENTRE)
    layer = caption_of(big)
    held.hold()
    field = start_typing(qtbot, big)
    QTest.keyClicks(field, "a")
    qtbot.waitUntil(lambda: held.started == ["a"])
    QTest.keyClicks(field, "bc")  # while "a" renders: "ab" waits, and is overtaken by "abc"
    resolutions: list[float] = []
    canvas.document_scene().sprite_shown.connect(lambda: resolutions.append(shown(big).resolution))
    held.released.set()
    qtbot.waitUntil(shows_full(big), timeout=20_000)
    assert layer.text == "abc"
    assert held.started == ["a", "abc"]
    assert resolutions == [1.0]  # at 100 % no quick sprite: the full one is as quick
