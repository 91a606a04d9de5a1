"""Animated memes on the canvas: the bar under it plays, pauses and scrubs, and the canvas
shows each frame of the base and the layers shown at that time."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from maskmeme_gui.model.commands import SetLayerProperties
from maskmeme_gui.model.layers import CaptionLayer
from maskmeme_gui.qt.mainwindow import MainWindow

COLOURS = [(220, 40, 40), (40, 200, 60), (40, 80, 220), (230, 200, 40)]


@pytest.fixture
def gif(tmp_path: Path) -> Path:
    """Four frames of one colour each, 100, 200, 100 and 300 ms."""
    path = tmp_path / "blink.gif"
    frames = [Image.new("RGB", (160, 120), colour) for colour in COLOURS]
    frames[0].save(
        path, save_all=True, append_images=frames[1:], duration=[100, 200, 100, 300], loop=0
    )
    return path


def open_and_time(window: MainWindow, qtbot: QtBot, path: Path) -> None:
    with qtbot.waitSignal(window.player.timeline_known, timeout=20_000):
        window.open_path(path)


def open_with_caption(window: MainWindow, qtbot: QtBot, path: Path, text: str) -> CaptionLayer:
    """The animation open, with a caption added in the first free classic slot."""
    from maskmeme_gui.fileio.newlayers import caption_in_free_slot
    from maskmeme_gui.model.commands import AddLayers

    open_and_time(window, qtbot, path)
    session = window.session
    assert session is not None
    caption = caption_in_free_slot(session.doc, text)
    session.push(AddLayers([caption]))
    return caption


def centre_colour(window: MainWindow) -> tuple[int, int, int]:
    canvas = window.canvas
    image = canvas.viewport().grab().toImage()
    centre = canvas.mapFromScene(80.0, 60.0)
    colour = image.pixelColor(centre)
    return colour.red(), colour.green(), colour.blue()


def close_to(colour: tuple[int, int, int], wanted: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 12 for a, b in zip(colour, wanted, strict=True))


def test_an_animated_gif_plays_and_scrubs_on_the_canvas(
    window: MainWindow, qtbot: QtBot, gif: Path
) -> None:
    open_and_time(window, qtbot, gif)
    bar, playback = window.playback_bar, window.playback
    assert bar.isVisible() and playback.frame_count == 4
    assert bar.time_label.text() == "0.00 / 0.70 s"
    qtbot.waitUntil(lambda: close_to(centre_colour(window), COLOURS[0]), timeout=10_000)
    bar.slider.setValue(2)  # scrub to the third frame
    assert playback.frame == 2 and bar.time_label.text() == "0.30 / 0.70 s"
    qtbot.waitUntil(lambda: close_to(centre_colour(window), COLOURS[2]), timeout=10_000)
    # Play: the frames follow one another and come round again.
    seen: list[int] = []
    playback.frame_changed.connect(lambda frame, _start: seen.append(frame))
    qtbot.mouseClick(bar.play_button, Qt.MouseButton.LeftButton)
    assert playback.is_playing and bar.play_button.toolTip() == "Pause"
    qtbot.waitUntil(lambda: len(seen) >= 5, timeout=10_000)
    assert seen[:5] == [3, 0, 1, 2, 3]
    window.actions_by_id["play_pause"].trigger()
    assert not playback.is_playing and bar.play_button.toolTip() == "Play"


def test_a_still_photo_has_no_playback_bar(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    still = tmp_path / "still.png"
    Image.new("RGB", (160, 120), COLOURS[0]).save(still)
    open_and_time(window, qtbot, still)
    assert not window.playback_bar.isVisible()
    assert not window.actions_by_id["play_pause"].isEnabled()


def test_a_layer_shows_only_within_its_time_range(
    window: MainWindow, qtbot: QtBot, gif: Path
) -> None:
    caption = open_with_caption(window, qtbot, gif, "NOW")
    session = window.session
    assert session is not None
    with qtbot.waitSignal(window.player.timeline_known, timeout=20_000):
        session.push(
            SetLayerProperties(caption.id, {"start_ms": 300, "end_ms": 400}, label="Time range")
        )
    item = window.canvas.document_scene().layer_items[caption.id]
    window.playback_bar.slider.setValue(0)
    assert not item.isVisible()
    window.playback_bar.slider.setValue(2)  # 300 ms
    assert item.isVisible()
    window.playback_bar.slider.setValue(3)  # 400 ms
    assert not item.isVisible()


def export_from_window(
    window: MainWindow, qtbot: QtBot, path: Path, fit_under: str = "No limit"
) -> list[str]:
    """File → Export, a size limit picked, the path typed, Export clicked, as a user would;
    returns what the export said for the status bar (the face search may say something else
    there at any moment, so the sentence is taken from the dialog's signal)."""
    from maskmeme_gui.qt.export_dialog import ExportDialog

    window.actions_by_id["export"].trigger()
    dialog = next(w for w in window.findChildren(ExportDialog) if w.isVisible())
    dialog.fit_combo.setCurrentIndex(dialog.fit_combo.findText(fit_under))
    dialog.path_edit.setFocus()
    dialog.path_edit.selectAll()
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.path_edit, str(path))
    said: list[str] = []
    shown: list[str] = []
    dialog.noted.connect(said.append)
    window.statusBar().messageChanged.connect(shown.append)
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert all(sentence in shown for sentence in said)  # each reached the status bar
    return said


def test_an_animated_gif_exports_animated_and_a_jpeg_says_it_kept_one_frame(
    window: MainWindow, qtbot: QtBot, gif: Path, tmp_path: Path
) -> None:
    open_and_time(window, qtbot, gif)
    out = tmp_path / "out.gif"
    export_from_window(window, qtbot, out)
    with Image.open(out) as written:
        assert written.n_frames == 4
        durations = []
        for index in range(written.n_frames):
            written.seek(index)
            durations.append(written.info["duration"])
        assert durations == [100, 200, 100, 300]
    # Paused on the third frame, a JPEG holds that frame and the status bar says so.
    window.playback_bar.slider.setValue(2)
    jpeg = tmp_path / "out.jpg"
    [message] = export_from_window(window, qtbot, jpeg)
    with Image.open(jpeg) as still:
        assert close_to(still.convert("RGB").getpixel((80, 60)), COLOURS[2])
    assert "cannot hold an animation" in message and "0.30 s" in message


def test_when_a_layer_shows_is_set_in_properties(
    window: MainWindow, qtbot: QtBot, gif: Path
) -> None:
    caption = open_with_caption(window, qtbot, gif, "NOW")
    session = window.session
    assert session is not None
    session.select([caption.id])
    window.edit_tabs.setCurrentWidget(window.properties)
    section = window.properties.layer
    qtbot.waitUntil(section.shown_from.isVisible)
    assert section.shown_from.text() == "start" and section.shown_to.text() == "end"
    for box, seconds in ((section.shown_from, "0.3"), (section.shown_to, "0.6")):
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(box, seconds)
        qtbot.keyClick(box, Qt.Key.Key_Tab)
    layer = session.doc.layer(caption.id)
    assert (layer.start_ms, layer.end_ms) == (300, 600)
    # The canvas follows: hidden on the first frame, shown on the third (300 ms).
    item = window.canvas.document_scene().layer_items[caption.id]
    qtbot.waitUntil(lambda: window.playback.frame_count == 4, timeout=20_000)
    window.playback_bar.slider.setValue(0)
    assert not item.isVisible()
    window.playback_bar.slider.setValue(2)
    assert item.isVisible()
    window.actions_by_id["undo"].trigger()
    layer = session.doc.layer(caption.id)
    assert layer.end_ms is None


def test_fit_under_a_chat_limit_shrinks_the_export_and_says_how(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from maskmeme_gui.qt import export_dialog

    # A small limit stands in for a chat app's, so that a test-sized animation exceeds it.
    monkeypatch.setattr(export_dialog, "CHAT_LIMITS", {"A tiny chat (100 KB)": 100_000})
    noisy = tmp_path / "grainy.gif"
    frames = []
    for index in range(4):
        light = Image.linear_gradient("L").resize((320, 240)).convert("RGB")
        frame = Image.blend(light, Image.effect_noise((320, 240), 40).convert("RGB"), 0.5)
        x = 40 + 40 * index  # a ball rolls across the grain
        ImageDraw.Draw(frame).ellipse((x, 80, x + 80, 160), fill=(200, 60, 60))
        frames.append(frame)
    frames[0].save(noisy, save_all=True, append_images=frames[1:], duration=100, loop=0)
    assert noisy.stat().st_size > 100_000
    open_and_time(window, qtbot, noisy)
    out = tmp_path / "small.gif"
    [message] = export_from_window(window, qtbot, out, fit_under="A tiny chat (100 KB)")
    assert out.stat().st_size <= 100_000
    with Image.open(out) as written:
        assert written.n_frames >= 1
    assert "To fit, maskmeme changed:" in message


def test_an_animation_past_the_frame_limit_plays_its_first_frames_and_says_so(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    from maskmeme_gui.fileio.images import MAX_FRAMES

    long_gif = tmp_path / "long.gif"
    frames = [Image.new("RGB", (32, 24), COLOURS[i % 2]) for i in range(MAX_FRAMES + 20)]
    frames[0].save(long_gif, save_all=True, append_images=frames[1:], duration=40, loop=0)
    said: list[str] = []
    window.player.said.connect(said.append)
    open_and_time(window, qtbot, long_gif)
    assert window.playback.frame_count == MAX_FRAMES
    [message] = said
    assert f"its first {MAX_FRAMES} frames" in message and "play and export" in message


def test_a_paused_frame_on_the_canvas_matches_its_export(
    window: MainWindow, qtbot: QtBot, gif: Path
) -> None:
    """WYSIWYG at a time: the base's third frame with a flowing tear at that moment."""
    from PIL import ImageChops, ImageStat

    from maskmeme_gui.fileio.newlayers import tear_stream
    from maskmeme_gui.model.commands import AddLayers
    from maskmeme_gui.qt.imageconv import qimage_to_pil
    from maskmeme_gui.render.compose import render_document

    open_and_time(window, qtbot, gif)
    session = window.session
    assert session is not None
    tear = tear_stream(session.doc, [(60.0, 20.0), (64.0, 60.0), (70.0, 100.0)], seed=7)
    tear.flow = True
    with qtbot.waitSignal(window.player.timeline_known, timeout=20_000):
        session.push(AddLayers([tear]))
    window.playback_bar.slider.setValue(2)
    time_ms = window.playback.time_of(2)
    exported = render_document(session.doc, 1.0, time_ms).convert("RGB")
    canvas = window.canvas

    def difference() -> float:
        grabbed = qimage_to_pil(canvas.grab_at_actual_size()).convert("RGB")
        return max(ImageStat.Stat(ImageChops.difference(grabbed, exported)).mean)

    # The frame and the tear's sprite at that time are drawn in workers: wait for them.
    qtbot.waitUntil(lambda: not canvas.renders_pending() and difference() <= 2.0, timeout=20_000)


def test_editing_while_playing_keeps_playing(window: MainWindow, qtbot: QtBot, gif: Path) -> None:
    from maskmeme_gui.fileio.newlayers import caption_in_free_slot
    from maskmeme_gui.model.commands import AddLayers

    open_and_time(window, qtbot, gif)
    session = window.session
    assert session is not None
    window.actions_by_id["play_pause"].trigger()
    assert window.playback.is_playing
    caption = caption_in_free_slot(session.doc, "STILL FINE")
    with qtbot.waitSignal(window.player.timeline_known, timeout=20_000):
        session.push(AddLayers([caption]))
    # The timeline was worked out again (same frames): the animation plays on, caption and all.
    assert window.playback.is_playing and window.playback.frame_count == 4
    item = window.canvas.document_scene().layer_items[caption.id]
    assert item.isVisible()
    seen: list[int] = []
    window.playback.frame_changed.connect(lambda frame, _start: seen.append(frame))
    qtbot.waitUntil(lambda: len(seen) >= 2, timeout=10_000)
