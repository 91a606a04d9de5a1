"""The window without a mouse: the save-changes question's mnemonics, adding captions, tears
and stickers from the Tools menu's actions, each landing somewhere sensible with the focus
where the user goes on."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from dialogs import answer_when_shown
from maskmeme_gui.fileio.starters import PHOTO_EYES
from maskmeme_gui.fileio.templates import get_template
from maskmeme_gui.model.layers import CaptionLayer, Layer, TearLayer
from maskmeme_gui.qt import save_question
from maskmeme_gui.qt.mainwindow import MainWindow
from test_faces_window import ASTRONAUT, blank_wall, open_and_find

ASK_TO_SAVE = save_question.ask_to_save  # the real question, before a fixture answers it
Alt = Qt.KeyboardModifier.AltModifier
Ctrl = Qt.KeyboardModifier.ControlModifier


def test_alt_d_in_the_save_question_closes_without_saving(
    template_window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = template_window
    window.canvas.add_caption("unsaved")
    monkeypatch.setattr(save_question, "ask_to_save", ASK_TO_SAVE)
    seen: list[list[str]] = []
    tries: list[None] = []

    def press_alt_d() -> bool:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return False
        if not seen:
            seen.append(sorted(button.text() for button in box.buttons()))
        tries.append(None)
        if len(tries) > 100:  # Alt+D did nothing: give up, so the test fails instead of hanging
            box.reject()
            return True
        box.activateWindow()
        if QApplication.activeWindow() is box:
            QTest.keyClick(box, Qt.Key.Key_D, Alt)
        return False  # until the box is gone

    answer_when_shown(press_alt_d)
    window.canvas.setFocus()
    QTest.keySequence(window.canvas, window.actions_by_id["close"].shortcut())  # Close Meme
    qtbot.waitUntil(lambda: window.session is None)
    assert seen == [["&Cancel", "&Don't Save", "&Save"]]


def canvas_with_focus(window: MainWindow, qtbot: QtBot) -> None:
    window.canvas.captions.finish()
    window.canvas.setFocus()
    qtbot.waitUntil(window.canvas.hasFocus)


L = TypeVar("L", bound=Layer)


def layers_of(window: MainWindow, kind: type[L]) -> list[L]:
    assert window.session is not None
    return [layer for layer in window.session.doc.layers if isinstance(layer, kind)]


def test_ctrl_t_adds_a_caption_in_the_templates_free_slot_ready_to_type(
    template_window: MainWindow, qtbot: QtBot
) -> None:
    window = template_window
    session = window.session
    assert session is not None
    top = layers_of(window, CaptionLayer)[0]
    canvas_with_focus(window, qtbot)
    session.select([top.id])
    QTest.keyClick(window.canvas, Qt.Key.Key_Delete)  # the template's top slot is free again
    qtbot.waitUntil(lambda: len(layers_of(window, CaptionLayer)) == 1)

    QTest.keyClick(window.canvas, Qt.Key.Key_T, Ctrl)  # Tools → Add Caption
    qtbot.waitUntil(lambda: len(layers_of(window, CaptionLayer)) == 2)
    added = layers_of(window, CaptionLayer)[-1]
    slot = get_template("masked-face").caption_slot("top")
    width, height = session.doc.canvas_size
    assert (added.transform.x, added.transform.y) == pytest.approx(
        (slot.x * width, slot.y * height)
    )
    assert session.selection == [added.id]
    editor = window.canvas.caption_editor()
    assert editor is not None and editor.layer_id == added.id
    qtbot.waitUntil(editor.hasFocus)
    QTest.keyClicks(window.canvas, "NOBODY SEES")  # the canvas hands keys to its editor
    qtbot.waitUntil(lambda: session.doc.layer(added.id).text == "NOBODY SEES")  # type: ignore[attr-defined]


def test_ctrl_t_on_a_photo_puts_the_caption_at_the_top_centre(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    photo = tmp_path / "street.png"
    Image.new("RGB", (800, 600), (90, 120, 150)).save(photo)
    window.open_path(photo)
    qtbot.waitUntil(lambda: window.session is not None)
    canvas_with_focus(window, qtbot)
    QTest.keyClick(window.canvas, Qt.Key.Key_T, Ctrl)
    qtbot.waitUntil(lambda: len(layers_of(window, CaptionLayer)) == 1)
    added = layers_of(window, CaptionLayer)[0]
    assert added.transform.x == pytest.approx(400)
    assert added.transform.y < 600 * 0.2
    editor = window.canvas.caption_editor()
    assert editor is not None
    qtbot.waitUntil(editor.hasFocus)


def add_tears_by_keyboard(window: MainWindow, qtbot: QtBot) -> None:
    """Alt+T opens the Tools menu, E picks Add T&ears."""
    canvas_with_focus(window, qtbot)
    QTest.keyClick(window, Qt.Key.Key_T, Alt)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert menu is not None
    QTest.keyClick(menu, Qt.Key.Key_E)


def test_add_tears_from_the_tools_menu_by_its_mnemonic(
    template_window: MainWindow, qtbot: QtBot
) -> None:
    window = template_window
    session = window.session
    assert session is not None
    before = {layer.id for layer in session.doc.layers}
    add_tears_by_keyboard(window, qtbot)
    qtbot.waitUntil(lambda: len(session.doc.layers) > len(before))
    added = [layer for layer in session.doc.layers if layer.id not in before]
    assert added and all(isinstance(layer, TearLayer) for layer in added)
    assert sorted(session.selection) == sorted(layer.id for layer in added)
    # Under the template's eyes.
    template = get_template("masked-face")
    eyes = sorted(p.eye_pixels(session.doc.base_size) for p in template.tear_positions)
    ox, oy = session.doc.base_origin
    starts = sorted((layer.transform.x - ox, layer.transform.y - oy) for layer in added)
    assert [(round(x), round(y)) for x, y in starts] == [(round(x), round(y)) for x, y in eyes]
    qtbot.waitUntil(window.canvas.hasFocus)


def test_add_tears_on_a_photo_runs_from_the_eyes_found(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: window.is_ready, timeout=20_000)
    open_and_find(window, qtbot, ASTRONAUT)
    session = window.session
    assert session is not None and session.doc.faces
    add_tears_by_keyboard(window, qtbot)
    qtbot.waitUntil(lambda: len(layers_of(window, TearLayer)) == 2)
    [face] = session.doc.faces
    for tear, eye in zip(layers_of(window, TearLayer), face.eyes, strict=True):
        assert abs(tear.transform.x - eye[0]) < 0.2 * face.eye_distance
        assert 0 < tear.transform.y - eye[1] < 0.3 * face.eye_distance
    assert len(session.selection) == 2


def test_add_tears_on_a_photo_without_faces_puts_them_where_eyes_usually_are(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    qtbot.waitUntil(lambda: window.is_ready, timeout=20_000)
    open_and_find(window, qtbot, blank_wall(tmp_path))
    session = window.session
    assert session is not None and session.doc.faces == []
    add_tears_by_keyboard(window, qtbot)
    qtbot.waitUntil(lambda: len(layers_of(window, TearLayer)) == 2)
    width, height = session.doc.base_size
    starts = sorted(
        (tear.transform.x / width, tear.transform.y / height)
        for tear in layers_of(window, TearLayer)
    )
    assert [(round(x, 2), round(y, 2)) for x, y in starts] == list(PHOTO_EYES)
