"""Faces in the window: found when a photo opens, then Make It Cry, Put On a Mask and the Eyes
tool, driven through the real window's keys, menus and mouse."""

from __future__ import annotations

import math
import shutil
import threading
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QPointF, Qt
from pytestqt.qtbot import QtBot

from maskmeme_gui.faces import models
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.faces import Face
from maskmeme_gui.model.layers import StickerLayer, TearLayer
from maskmeme_gui.qt.mainwindow import MainWindow
from maskmeme_gui.qt.session import DocumentSession
from test_canvas import drag, steps

ASTRONAUT = Path(__file__).parent / "data" / "faces" / "astronaut.jpg"
# Her eye centres, read off the picture by hand.
ASTRONAUT_EYES = ((203.0, 101.0), (247.0, 103.0))


@pytest.fixture
def window(window: MainWindow, qtbot: QtBot) -> MainWindow:
    """The shown window, once ready: faces are looked for only after its first paint."""
    qtbot.waitUntil(lambda: window.is_ready, timeout=20_000)
    return window


def open_and_find(window: MainWindow, qtbot: QtBot, path: Path) -> None:
    with qtbot.waitSignal(window.faces.faces_known, timeout=30_000):
        window.open_path(path)


def blank_wall(folder: Path) -> Path:
    """A photo with no face on it."""
    wall = folder / "wall.png"
    Image.new("RGB", (640, 480), (190, 170, 150)).save(wall)
    return wall


def wall_with_two_marked_faces(window: MainWindow, qtbot: QtBot, folder: Path) -> DocumentSession:
    """A photo without a face, then, with the Eyes tool, the eyes of a face on the left and of
    one on the right clicked."""
    open_and_find(window, qtbot, blank_wall(folder))
    session = window.session
    assert session is not None
    canvas = window.canvas
    window.actions_by_id["eyes"].trigger()
    for x, y in ((100.0, 200.0), (160.0, 200.0), (420.0, 220.0), (480.0, 220.0)):
        qtbot.mouseClick(
            canvas.viewport(), Qt.MouseButton.LeftButton, pos=canvas.mapFromScene(QPointF(x, y))
        )
    assert len(session.doc.faces or []) == 2
    return session


def messages(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def press_keys(window: MainWindow, qtbot: QtBot, keys: str) -> None:
    window.canvas.setFocus()
    action = next(a for a in window.actions_by_id.values() if a.shortcut().toString() == keys)
    assert action.isEnabled()
    action.trigger()


def test_opening_a_photo_finds_her_eyes_without_marking_the_meme_changed(
    window: MainWindow, qtbot: QtBot
) -> None:
    open_and_find(window, qtbot, ASTRONAUT)
    session = window.session
    assert session is not None and session.doc.faces is not None
    [face] = session.doc.faces
    for found, known in zip(face.eyes, ASTRONAUT_EYES, strict=True):
        assert math.dist(found, known) <= 0.25 * face.eye_distance
    assert "Found 1 face" in messages(window)
    assert not session.is_dirty and not session.undo_stack.canUndo()


def test_make_it_cry_adds_a_tear_under_each_eye_as_one_undo_step(
    window: MainWindow, qtbot: QtBot
) -> None:
    open_and_find(window, qtbot, ASTRONAUT)
    session = window.session
    assert session is not None and session.doc.faces
    window.actions_by_id["make_it_cry"].trigger()
    tears = [layer for layer in session.doc.layers if isinstance(layer, TearLayer)]
    assert len(tears) == 2
    [face] = session.doc.faces
    for tear, eye in zip(tears, face.eyes, strict=True):
        # It starts just under its eye and runs down the cheek, thin as a tear on this face.
        assert abs(tear.transform.x - eye[0]) < 0.2 * face.eye_distance
        assert 0 < tear.transform.y - eye[1] < 0.3 * face.eye_distance
        assert max(y for _x, y in tear.points) > face.eye_distance
        assert tear.width < 0.2 * face.eye_distance
    assert session.undo_stack.count() == 1 and session.is_dirty
    window.actions_by_id["undo"].trigger()
    assert not any(isinstance(layer, TearLayer) for layer in session.doc.layers)


def test_the_shortcuts_of_make_it_cry_and_put_on_a_mask(window: MainWindow, qtbot: QtBot) -> None:
    open_and_find(window, qtbot, ASTRONAUT)
    session = window.session
    assert session is not None
    window.canvas.setFocus()
    qtbot.keyClick(
        window.canvas,
        Qt.Key.Key_T,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.keyClick(
        window.canvas,
        Qt.Key.Key_M,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    kinds = [type(layer) for layer in session.doc.layers]
    # The mask goes under the tears, so the tears run over it.
    assert kinds == [StickerLayer, TearLayer, TearLayer]
    mask = session.doc.layers[0]
    assert isinstance(mask, StickerLayer)
    [face] = session.doc.faces or []
    # Over the nose and mouth, as wide as the cheeks, turned with the face.
    assert abs(mask.transform.x - face.nose[0]) < 0.3 * face.eye_distance
    assert face.nose[1] - face.eye_distance < mask.transform.y < face.mouth[1] + face.eye_distance
    assert 1.8 * face.eye_distance < mask.width * mask.transform.scale < 4 * face.eye_distance
    assert abs(mask.transform.rotation - face.tilt) < 0.01
    assert session.undo_stack.count() == 2


def test_a_photo_without_a_face_says_so_and_the_eyes_tool_marks_them(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    open_and_find(window, qtbot, blank_wall(tmp_path))
    session = window.session
    assert session is not None and session.doc.faces == []
    assert "No face found" in messages(window)
    window.actions_by_id["make_it_cry"].trigger()
    assert not session.doc.layers and "No face found" in messages(window)

    window.actions_by_id["eyes"].trigger()
    canvas = window.canvas
    for x, y in ((260.0, 200.0), (380.0, 204.0)):
        qtbot.mouseClick(
            canvas.viewport(), Qt.MouseButton.LeftButton, pos=canvas.mapFromScene(QPointF(x, y))
        )
    [face] = session.doc.faces or []
    assert face.picked
    assert math.dist(face.eyes[0], (260, 200)) < 2 and math.dist(face.eyes[1], (380, 204)) < 2
    assert session.undo_stack.undoText() == "Mark eyes"

    # Drag the right eye's marker: one undo step moves it.
    start = canvas.mapFromScene(QPointF(380.0, 204.0))
    end = canvas.mapFromScene(QPointF(400.0, 230.0))
    drag(canvas, steps(start, end))
    [moved] = session.doc.faces or []
    assert math.dist(moved.eyes[1], (400, 230)) < 3
    assert session.undo_stack.undoText() == "Move eye"
    window.actions_by_id["make_it_cry"].trigger()
    assert sum(isinstance(layer, TearLayer) for layer in session.doc.layers) == 2


def test_faces_are_saved_with_the_meme(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    from maskmeme_gui.fileio.project import load_project, save_project

    open_and_find(window, qtbot, ASTRONAUT)
    session = window.session
    assert session is not None
    path = tmp_path / "crying.maskmeme"
    save_project(session.doc, path)
    assert load_project(path).faces == session.doc.faces


def test_a_damaged_model_means_one_sentence_and_no_dialog(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "models"
    broken.mkdir()
    (broken / models.DETECTOR_FILE).write_bytes(b"not a network")
    for intact in (models.LANDMARKS_FILE, models.IRIS_FILE):
        shutil.copy(Path(models.__file__).parents[3] / "resources" / "models" / intact, broken)
    monkeypatch.setattr(models, "resource_path", lambda *parts: broken / parts[-1])
    models.forget_networks()
    try:
        with qtbot.waitSignal(
            window.statusBar().messageChanged,
            timeout=30_000,
            check_params_cb=lambda m: "cannot be found" in m,
        ):
            window.open_path(ASTRONAUT)
        assert "centerface.onnx is damaged" in messages(window)
        assert window.session is not None and window.session.doc.faces is None
    finally:
        models.forget_networks()


def test_make_it_cry_waits_for_the_faces_when_asked_too_early(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from maskmeme_gui.fileio import face_finding

    asked = threading.Event()
    find = face_finding.find_faces_in_document

    def find_once_asked(doc: MemeDocument) -> list[Face]:
        assert asked.wait(30)
        return find(doc)

    monkeypatch.setattr(face_finding, "find_faces_in_document", find_once_asked)
    window.open_path(ASTRONAUT)
    qtbot.waitUntil(lambda: window.session is not None, timeout=20_000)
    session = window.session
    assert session is not None and session.doc.faces is None and window.faces.is_searching
    window.actions_by_id["make_it_cry"].trigger()
    assert "Looking for faces" in messages(window) and not session.doc.layers
    asked.set()
    qtbot.waitUntil(
        lambda: sum(isinstance(layer, TearLayer) for layer in session.doc.layers) == 2,
        timeout=30_000,
    )
    assert session.undo_stack.count() == 1


def test_a_face_picked_with_the_eyes_tool_is_the_only_one_that_cries(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    session = wall_with_two_marked_faces(window, qtbot, tmp_path)
    canvas = window.canvas
    # Clicking a marker picks its face: only that face cries.
    qtbot.mouseClick(
        canvas.viewport(), Qt.MouseButton.LeftButton, pos=canvas.mapFromScene(QPointF(480, 220))
    )
    assert canvas.chosen_face() == 1
    window.actions_by_id["make_it_cry"].trigger()
    tears = [layer for layer in session.doc.layers if isinstance(layer, TearLayer)]
    assert len(tears) == 2 and all(tear.transform.x > 400 for tear in tears)
    # Back to Select: nothing is picked any more, every face counts.
    window.actions_by_id["select"].trigger()
    assert canvas.chosen_face() is None
    window.actions_by_id["put_on_mask"].trigger()
    assert sum(isinstance(layer, StickerLayer) for layer in session.doc.layers) == 2


def test_which_mask_lists_the_masks_and_puts_on_the_one_picked(
    window: MainWindow, qtbot: QtBot
) -> None:
    open_and_find(window, qtbot, ASTRONAUT)
    session = window.session
    assert session is not None
    tools = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Tools")
    assert tools is not None
    entries = {action.text(): action for action in tools.actions()}
    assert entries["Put On a &Mask"].menu() is None  # a command, not a submenu
    which = entries["Which &Mask"].menu()
    assert which is not None
    which.aboutToShow.emit()
    choices = {action.text(): action for action in which.actions()}
    assert list(choices) == ["Surgical mask", "Cloth mask", "The Selected Sticker"]
    assert choices["Surgical mask"].isChecked()
    choices["Cloth mask"].trigger()
    [mask] = [layer for layer in session.doc.layers if isinstance(layer, StickerLayer)]
    assert mask.name == "Cloth mask"
    # The pick is remembered: the shortcut's action now puts on the cloth mask too.
    window.actions_by_id["put_on_mask"].trigger()
    masks = [layer for layer in session.doc.layers if isinstance(layer, StickerLayer)]
    assert [m.name for m in masks] == ["Cloth mask", "Cloth mask"]


def test_a_template_is_not_searched_for_faces(window: MainWindow, qtbot: QtBot) -> None:
    from maskmeme_gui.qt.gallery.items import GalleryItem

    item = GalleryItem("template", Path("unused.png"), "masked-face", "Masked face")
    window.gallery.open_requested.emit(item)
    qtbot.waitUntil(lambda: window.session is not None)
    session = window.session
    assert session is not None
    # A drawing with its own tears: no search starts, so the faces stay "not looked for".
    assert not window.faces.is_searching
    assert session.doc.faces is None


def test_a_wrongly_found_face_can_be_forgotten(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication, QMenu

    session = wall_with_two_marked_faces(window, qtbot, tmp_path)
    canvas = window.canvas
    pos = canvas.mapFromScene(QPointF(100.0, 200.0))
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, pos, canvas.viewport().mapToGlobal(pos)
    )
    QApplication.sendEvent(canvas.viewport(), event)
    menu = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible())
    [forget] = [action for action in menu.actions() if action.text() == "Forget This Face"]
    assert len(menu.actions()) == 1  # over a marker, the tool's own entry only
    forget.trigger()
    menu.close()
    [kept] = session.doc.faces or []
    assert kept.eyes[0][0] > 400
    assert session.undo_stack.undoText() == "Forget face"


def test_tears_flow_is_one_switch_for_every_tear(window: MainWindow, qtbot: QtBot) -> None:
    open_and_find(window, qtbot, ASTRONAUT)
    session = window.session
    assert session is not None
    window.actions_by_id["make_it_cry"].trigger()
    tears = [layer for layer in session.doc.layers if isinstance(layer, TearLayer)]
    # Half a cycle apart, so that once they flow the two eyes do not cry in lockstep.
    assert [tear.flow_phase for tear in tears] == [0.0, 0.5]
    switch = window.actions_by_id["tears_flow"]
    assert switch.isCheckable() and not switch.isChecked()
    switch.trigger()
    assert all(tear.flow for tear in tears) and switch.isChecked()
    assert session.undo_stack.undoText() == "Make tears flow"
    window.actions_by_id["undo"].trigger()
    assert not any(tear.flow for tear in tears) and not switch.isChecked()
