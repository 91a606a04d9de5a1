"""The canvas editor, driven as a user drives it: mouse presses, moves and releases on the
viewport, key presses, synthesised drag-and-drop events, the wheel; then the document and the
undo stack are checked. Runs offscreen."""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QContextMenuEvent, QDragEnterEvent, QDropEvent, QMouseEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget

from dialogs import answer_save_question
from maskmeme_gui.config.settings import Settings
from maskmeme_gui.fileio.newlayers import PLACEHOLDER_TEXT
from maskmeme_gui.model.band import Band
from maskmeme_gui.model.commands import SetBand, SetLayerProperties, set_caption_text
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import CaptionLayer, StickerLayer, TearLayer, Transform
from maskmeme_gui.qt.canvas import CanvasView, tools
from maskmeme_gui.qt.canvas.chrome import ROTATE
from maskmeme_gui.qt.canvas.drops import TEMPLATE_MIME
from maskmeme_gui.qt.canvas.stickermenu import FROM_FILE
from maskmeme_gui.qt.clipboard import TransferImage
from maskmeme_gui.qt.edit_actions import EditActions
from maskmeme_gui.qt.imageconv import qimage_to_pil
from maskmeme_gui.qt.mainwindow import MainWindow
from maskmeme_gui.qt.session import DocumentSession
from maskmeme_gui.render import compose
from maskmeme_gui.render.compose import render_document

Left = Qt.MouseButton.LeftButton
NoButton = Qt.MouseButton.NoButton
NoMod = Qt.KeyboardModifier.NoModifier
Shift = Qt.KeyboardModifier.ShiftModifier
Ctrl = Qt.KeyboardModifier.ControlModifier


# --- documents ---------------------------------------------------------------------------------


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def face_photo(size: tuple[int, int] = (1200, 900)) -> bytes:
    """Photo-like: smooth light, a face, a mask, two eyes (sharp edges too)."""
    width, height = size
    light = Image.linear_gradient("L").resize(size)
    image = Image.merge("RGB", (light, light.transpose(Image.Transpose.FLIP_TOP_BOTTOM), light))
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.3, height * 0.15, width * 0.7, height * 0.95), fill=(214, 170, 140))
    draw.rectangle((width * 0.32, height * 0.55, width * 0.68, height * 0.85), fill=(120, 170, 200))
    for eye_x in (0.4, 0.6):
        draw.ellipse((width * eye_x - 20, height * 0.4 - 10, width * eye_x + 20, height * 0.4 + 10),
                     fill=(40, 30, 30))  # fmt: skip
    return png_bytes(image)


def badge(size: tuple[int, int] = (200, 120)) -> Image.Image:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(image).rounded_rectangle(
        (5, 5, size[0] - 5, size[1] - 5), 30, fill=(255, 80, 80, 255), outline=(0, 0, 0), width=6
    )
    return image


def make_doc() -> MemeDocument:
    """A base photo, a caption, a tear stream, and a turned, translucent sticker."""
    doc = MemeDocument(
        base_size=(1200, 900),
        base_asset="base.png",
        assets={"base.png": face_photo(), "badge.png": png_bytes(badge())},
    )
    doc.layers += [
        CaptionLayer(
            text="when they ask how you are",
            transform=Transform(600, 110),
            box_width=1000,
            box_height=170,
        ),
        TearLayer(
            points=[(0, 0), (-5, 40), (-12, 90), (-20, 150)],
            width=26,
            transform=Transform(480, 375),
            seed=3,
        ),
        StickerLayer(
            asset="badge.png",
            width=200,
            height=120,
            opacity=0.6,
            transform=Transform(900, 700, 1.0, 20.0),
        ),
    ]
    return doc


@pytest.fixture
def session(qtbot) -> DocumentSession:
    return DocumentSession(make_doc())


@pytest.fixture
def edit_actions(qtbot) -> Iterator[EditActions]:
    """The window's edit actions, as the window makes them for its canvas."""
    owner = QWidget()
    qtbot.addWidget(owner)
    yield EditActions(owner)
    owner.close()


@pytest.fixture
def empty_view(qtbot, edit_actions: EditActions) -> Iterator[CanvasView]:
    canvas = CanvasView(edit_actions)
    qtbot.addWidget(canvas)
    canvas.resize(900, 700)
    canvas.show()
    qtbot.waitExposed(canvas)
    canvas.activateWindow()
    qtbot.waitActive(canvas)
    yield canvas
    # Renders still running would otherwise finish during the next test.
    canvas.wait_for_renders()


@pytest.fixture
def view(
    qtbot, empty_view: CanvasView, edit_actions: EditActions, session: DocumentSession
) -> CanvasView:
    empty_view.set_session(session)
    edit_actions.set_session(session)
    wait_idle(qtbot, empty_view)
    return empty_view


@pytest.fixture
def window(qtbot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """The canvas in the main window, where the window-wide edit shortcuts live."""
    # Closing it with changes would ask whether to save them.
    answer_save_question(monkeypatch, QMessageBox.StandardButton.Discard)
    win = MainWindow(Settings())
    qtbot.addWidget(win)
    win.set_document(make_doc())
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitActive(win)
    win.canvas.setFocus()
    qtbot.waitUntil(lambda: not win.canvas.renders_pending(), timeout=20_000)
    return win


# --- driving it ----------------------------------------------------------------------------------


def wait_idle(qtbot, view: CanvasView) -> None:
    qtbot.waitUntil(lambda: not view.renders_pending(), timeout=20_000)


def at(view: CanvasView, x: float, y: float) -> QPoint:
    """The viewport pixel showing scene point (x, y)."""
    return view.mapFromScene(QPointF(x, y))


def mouse(
    widget: QWidget,
    kind: QMouseEvent.Type,
    pos: QPoint,
    button: Qt.MouseButton = Left,
    buttons: Qt.MouseButton = Left,
    modifiers: Qt.KeyboardModifier = NoMod,
) -> None:
    local = QPointF(pos)
    event = QMouseEvent(kind, local, widget.mapToGlobal(local), button, buttons, modifiers)
    QApplication.sendEvent(widget, event)


def drag(
    view: CanvasView,
    points: list[QPoint],
    modifiers: Qt.KeyboardModifier = NoMod,
    button: Qt.MouseButton = Left,
) -> None:
    viewport = view.viewport()
    mouse(viewport, QMouseEvent.Type.MouseButtonPress, points[0], button, button, modifiers)
    for point in points[1:]:
        mouse(viewport, QMouseEvent.Type.MouseMove, point, NoButton, button, modifiers)
    mouse(viewport, QMouseEvent.Type.MouseButtonRelease, points[-1], button, NoButton, modifiers)


def steps(start: QPoint, end: QPoint, count: int = 12) -> list[QPoint]:
    return [
        QPoint(
            round(start.x() + (end.x() - start.x()) * i / count),
            round(start.y() + (end.y() - start.y()) * i / count),
        )
        for i in range(count + 1)
    ]


def hold_and_move(view: CanvasView, start: QPoint, offset: QPoint) -> QPoint:
    """Press at `start` and move by `offset` without letting go; returns where the pointer is."""
    viewport = view.viewport()
    mouse(viewport, QMouseEvent.Type.MouseButtonPress, start)
    for point in steps(start, start + offset)[1:]:
        mouse(viewport, QMouseEvent.Type.MouseMove, point, NoButton)
    return start + offset


def click(view: CanvasView, pos: QPoint, modifiers: Qt.KeyboardModifier = NoMod) -> None:
    QTest.mouseClick(view.viewport(), Left, modifiers, pos)


def drop_event(view: CanvasView, mime: QMimeData, pos: QPoint) -> tuple[bool, bool]:
    """Enter then drop, as Qt delivers them; (enter accepted, drop accepted)."""
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(pos, actions, mime, Left, NoMod)
    QApplication.sendEvent(view.viewport(), enter)
    drop = QDropEvent(QPointF(pos), actions, mime, Left, NoMod)
    QApplication.sendEvent(view.viewport(), drop)
    return enter.isAccepted(), drop.isAccepted()


def url_mime(*urls: QUrl) -> QMimeData:
    mime = QMimeData()
    mime.setUrls(list(urls))
    return mime


def caption(session: DocumentSession) -> CaptionLayer:
    layer = session.doc.layers[0]
    assert isinstance(layer, CaptionLayer)
    return layer


def messages(view: CanvasView) -> list[str]:
    seen: list[str] = []
    view.status_message.connect(seen.append)
    return seen


# --- moving --------------------------------------------------------------------------------------


def test_view_starts_fitted_with_one_item_per_layer(view: CanvasView, session: DocumentSession):
    assert view.zoom_factor() == pytest.approx((700 - 64) / 900, rel=0.02)
    assert view.tool() == "select"
    assert not view.horizontalScrollBar().isVisible()
    assert not view.verticalScrollBar().isVisible()


def test_drag_moves_the_caption_by_the_drag_distance_in_one_undo_step(
    qtbot, view: CanvasView, session: DocumentSession
):
    layer = caption(session)
    before = layer.transform
    start = at(view, before.x, before.y)
    end = start + QPoint(120, 64)
    drag(view, steps(start, end))
    zoom = view.zoom_factor()
    assert session.selection == [layer.id]
    assert layer.transform.x == pytest.approx(before.x + 120 / zoom, abs=1e-6)
    assert layer.transform.y == pytest.approx(before.y + 64 / zoom, abs=1e-6)
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert layer.transform == before


def test_two_drags_are_two_undo_steps(view: CanvasView, session: DocumentSession):
    layer = caption(session)
    start = at(view, layer.transform.x, layer.transform.y)
    drag(view, steps(start, start + QPoint(40, 0)))
    after_first = layer.transform
    start = at(view, layer.transform.x, layer.transform.y)
    drag(view, steps(start, start + QPoint(0, 40)))
    assert session.undo_stack.count() == 2
    session.undo_stack.undo()
    assert layer.transform == after_first


def test_a_click_without_moving_selects_and_changes_nothing(
    view: CanvasView, session: DocumentSession
):
    layer = session.doc.layers[2]
    click(view, at(view, layer.transform.x, layer.transform.y))
    assert session.selection == [layer.id]
    assert session.undo_stack.count() == 0


def test_escape_cancels_a_drag_and_puts_the_item_back(view: CanvasView, session: DocumentSession):
    layer = caption(session)
    item = view.document_scene().layer_items[layer.id]
    start = at(view, layer.transform.x, layer.transform.y)
    end = hold_and_move(view, start, QPoint(80, 80))
    viewport = view.viewport()
    assert item.pos() != QPointF(layer.transform.x, layer.transform.y)
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert item.pos() == QPointF(layer.transform.x, layer.transform.y)
    mouse(viewport, QMouseEvent.Type.MouseButtonRelease, end, Left, NoButton)
    assert session.undo_stack.count() == 0


def test_arrow_nudges_merge_into_one_undo_step(view: CanvasView, session: DocumentSession):
    layer = caption(session)
    before = layer.transform
    session.select([layer.id])
    for _ in range(3):
        QTest.keyClick(view, Qt.Key.Key_Right)
    QTest.keyClick(view, Qt.Key.Key_Down, Shift)
    assert (layer.transform.x, layer.transform.y) == (before.x + 3, before.y + 10)
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert layer.transform == before


def test_moving_only_moves_the_item(view: CanvasView, session: DocumentSession):
    layer = caption(session)
    item = view.document_scene().layer_items[layer.id]
    sprite = item.sprite
    session.select([layer.id])
    QTest.keyClick(view, Qt.Key.Key_Left)
    assert not view.renders_pending()
    assert item.sprite is sprite
    assert item.pos() == QPointF(layer.transform.x, layer.transform.y)


# --- resize and rotate ---------------------------------------------------------------------------


def test_shift_alt_on_a_corner_scales_uniformly_about_the_centre(
    qtbot, view: CanvasView, session: DocumentSession
):
    layer = caption(session)
    session.select([layer.id])
    chrome = view.document_scene().chrome[layer.id]
    corner = view.mapFromScene(chrome.handle_points()["bottom-right"])
    centre = at(view, layer.transform.x, layer.transform.y)
    target = centre + (corner - centre) * 1.5
    drag(view, steps(corner, target), Shift | Qt.KeyboardModifier.AltModifier)
    assert layer.transform.scale == pytest.approx(1.5, rel=0.02)
    assert (layer.transform.x, layer.transform.y) == (600, 110)
    assert session.undo_stack.count() == 1
    wait_idle(qtbot, view)
    item = view.document_scene().layer_items[layer.id]
    assert item.sprite_scale() == layer.transform.scale  # re-rendered at the new size
    assert item.scale() == 1.0


def test_rotate_handle_turns_and_shift_snaps_to_15_degrees(
    view: CanvasView, session: DocumentSession
):
    layer = caption(session)
    session.select([layer.id])
    knob = view.mapFromScene(view.document_scene().chrome[layer.id].handle_points()[ROTATE])
    centre = at(view, layer.transform.x, layer.transform.y)
    # A quarter turn clockwise, a little short: Shift snaps it to exactly 90.
    radius = (knob - centre).manhattanLength()
    path = [
        centre + QPoint(round(radius * math.sin(a)), -round(radius * math.cos(a)))
        for a in [math.radians(d) for d in range(0, 88, 4)]
    ]
    viewport = view.viewport()
    mouse(viewport, QMouseEvent.Type.MouseButtonPress, knob, Left, Left, Shift)
    assert viewport.cursor().shape() == Qt.CursorShape.ClosedHandCursor
    for point in path:
        mouse(viewport, QMouseEvent.Type.MouseMove, point, NoButton, Left, Shift)
    mouse(viewport, QMouseEvent.Type.MouseButtonRelease, path[-1], Left, NoButton, Shift)
    assert layer.transform.rotation == 90.0
    assert session.undo_stack.count() == 1
    assert view.document_scene().layer_items[layer.id].rotation() == 90.0


# --- keys ----------------------------------------------------------------------------------------


def test_delete_duplicate_raise_lower_from_the_keyboard(qtbot, window: MainWindow):
    view, session = window.canvas, window.session
    assert session is not None
    doc = session.doc
    cap = caption(session)
    session.select([cap.id])
    QTest.keyClick(view, Qt.Key.Key_D, Ctrl)
    assert len(doc.layers) == 4
    copy_id = session.selection[0]
    assert copy_id != cap.id and doc.index_of(copy_id) == 1
    assert session.undo_stack.undoText() == "Duplicate layer"
    QTest.keyClick(view, Qt.Key.Key_BracketRight, Ctrl)
    assert doc.index_of(copy_id) == 2
    QTest.keyClick(view, Qt.Key.Key_BracketLeft, Ctrl)
    QTest.keyClick(view, Qt.Key.Key_BracketLeft, Ctrl)
    assert doc.index_of(copy_id) == 0
    QTest.keyClick(view, Qt.Key.Key_BracketLeft, Ctrl)  # already at the bottom: disabled
    assert doc.index_of(copy_id) == 0
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert copy_id not in [layer.id for layer in doc.layers]
    assert copy_id not in view.document_scene().layer_items
    assert session.undo_stack.undoText() == "Delete layer"
    session.undo_stack.undo()
    assert doc.index_of(copy_id) == 0
    assert view.document_scene().layer_items[copy_id].zValue() == 0


def test_backspace_deletes_and_ctrl_a_selects_all_and_escape_clears(qtbot, window: MainWindow):
    view, session = window.canvas, window.session
    assert session is not None
    QTest.keyClick(view, Qt.Key.Key_A, Ctrl)
    assert len(session.selection) == 3
    chrome = view.document_scene().chrome
    assert all(len(item.handle_points()) == 0 for item in chrome.values())
    QTest.keyClick(view, Qt.Key.Key_Backspace)
    assert session.doc.layers == []
    assert session.undo_stack.undoText() == "Delete 3 layers"
    session.undo_stack.undo()
    session.select([session.doc.layers[1].id])
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert session.selection == []
    assert view.document_scene().chrome == {}


# --- selection -----------------------------------------------------------------------------------


def test_selection_follows_the_session_and_clicks_set_it(
    view: CanvasView, session: DocumentSession
):
    tear = session.doc.layers[1]
    session.select([tear.id])
    assert set(view.document_scene().chrome) == {tear.id}
    sticker = session.doc.layers[2]
    click(view, at(view, sticker.transform.x, sticker.transform.y))
    assert session.selection == [sticker.id]
    assert set(view.document_scene().chrome) == {sticker.id}
    click(view, at(view, 1150, 850))  # the bare photo
    assert session.selection == []


def test_ctrl_click_adds_to_the_selection(view: CanvasView, session: DocumentSession):
    cap, sticker = session.doc.layers[0], session.doc.layers[2]
    click(view, at(view, cap.transform.x, cap.transform.y))
    click(view, at(view, sticker.transform.x, sticker.transform.y), Ctrl)
    assert session.selection == [cap.id, sticker.id]


def test_rubber_band_selects_what_it_touches(view: CanvasView, session: DocumentSession):
    drag(view, steps(at(view, 5, 300), at(view, 700, 500)))
    assert session.selection == [session.doc.layers[1].id]


# --- tools ---------------------------------------------------------------------------------------


def test_caption_tool_click_then_typing_edits_the_new_caption(
    qtbot, view: CanvasView, session: DocumentSession
):
    view.set_tool("caption")
    click(view, at(view, 600, 500))
    layer = session.doc.layers[-1]
    assert isinstance(layer, CaptionLayer)
    assert layer.text == PLACEHOLDER_TEXT
    assert (layer.transform.x, layer.transform.y) == pytest.approx((600, 500), abs=1.5)
    assert layer.box_width == pytest.approx(0.8 * 1200)
    assert view.tool() == "select"
    editor = view.caption_editor()
    assert editor is not None and editor.isVisible()
    QTest.keyClicks(view, "hello")
    assert layer.text == "hello"
    QTest.keyClick(view, Qt.Key.Key_Return, Shift)
    QTest.keyClicks(view, "world")
    assert layer.text == "hello\nworld"
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert view.caption_editor() is None
    assert session.undo_stack.count() == 2  # add, then all the typing
    wait_idle(qtbot, view)
    assert view.document_scene().layer_items[layer.id].sprite is not None


def test_double_click_opens_the_editor_and_escape_finishes(
    view: CanvasView, session: DocumentSession
):
    layer = caption(session)
    QTest.mouseDClick(view.viewport(), Left, NoMod, at(view, 600, 110))
    editor = view.caption_editor()
    assert editor is not None
    assert editor.toPlainText() == layer.text
    QTest.keyClicks(view, "x")
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert view.caption_editor() is None
    assert layer.text == "x"


def test_tear_stream_drag_adds_one_smoothed_stream(view: CanvasView, session: DocumentSession):
    view.set_tool("tear-stream")
    start = at(view, 700, 360)
    # A wobbly hand: every pixel reported, with jitter.
    raw = [start + QPoint((i % 3) - 1, i) for i in range(0, 160)]
    viewport = view.viewport()
    mouse(viewport, QMouseEvent.Type.MouseButtonPress, raw[0])
    for point in raw[1:]:
        mouse(viewport, QMouseEvent.Type.MouseMove, point, NoButton)
    preview = [i for i in view.scene().items() if i.zValue() >= 1e6]
    assert preview, "a live preview path shows while dragging"
    mouse(viewport, QMouseEvent.Type.MouseButtonRelease, raw[-1], Left, NoButton)
    assert not [
        i
        for i in view.scene().items()
        if i.zValue() >= 1e6 and i not in view.document_scene().chrome.values()
    ]
    layer = session.doc.layers[-1]
    assert isinstance(layer, TearLayer) and layer.mode == "stream"
    assert session.undo_stack.count() == 1
    first = view.mapToScene(raw[0])
    assert (layer.transform.x, layer.transform.y) == (first.x(), first.y())
    assert layer.points[0] == (0.0, 0.0)
    assert 4 < len(layer.points) < len(raw)
    end = view.mapToScene(raw[-1]) - first
    assert layer.points[-1] == pytest.approx((end.x(), end.y()))
    # The hand wobbled over 2 screen pixels; the smoothed path over less than half of that.
    xs = [x for x, _ in layer.points[1:-1]]
    assert max(xs) - min(xs) < 1.0 / view.zoom_factor()
    assert layer.width == pytest.approx(0.022 * 1200)
    assert view.tool() == "tear-stream"  # stays on for the other eye
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert view.tool() == "select"


def test_tear_stream_click_without_drag_adds_nothing(view: CanvasView, session: DocumentSession):
    view.set_tool("tear-stream")
    click(view, at(view, 700, 360))
    assert len(session.doc.layers) == 3
    assert session.undo_stack.count() == 0


def test_tear_drop_click_adds_a_drop(view: CanvasView, session: DocumentSession):
    view.set_tool("tear-drop")
    point = at(view, 720, 420)
    click(view, point)
    layer = session.doc.layers[-1]
    assert isinstance(layer, TearLayer) and layer.mode == "drop"
    scene = view.mapToScene(point)
    assert (layer.transform.x, layer.transform.y) == (scene.x(), scene.y())
    assert layer.width == pytest.approx(0.03 * 1200)
    assert view.tool() == "select"


def open_canvas_menu(qtbot, view: CanvasView, pos: QPoint) -> QMenu:
    """Right-click: QTest sends the mouse events, the window system would add this one."""
    viewport = view.viewport()
    QTest.mouseClick(viewport, Qt.MouseButton.RightButton, pos=pos)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


def menu_texts(menu: QMenu, enabled_only: bool = False) -> list[str]:
    """The entries as the user reads them (mnemonic markers dropped)."""
    return [
        a.text().replace("&", "")
        for a in menu.actions()
        if not a.isSeparator() and (a.isEnabled() or not enabled_only)
    ]


def choose(menu: QMenu, text: str) -> None:
    (action,) = [a for a in menu.actions() if a.text().replace("&", "") == text]
    assert action.isEnabled()
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def test_the_context_menu_selects_the_layer_under_the_mouse_and_acts_on_it(
    qtbot, view: CanvasView, session: DocumentSession, edit_actions: EditActions
):
    layer = caption(session)
    menu = open_canvas_menu(qtbot, view, at(view, layer.transform.x, layer.transform.y))
    assert session.selection == [layer.id]
    assert menu_texts(menu) == [
        "Edit Caption Text", "Duplicate", "Delete", "Raise Layer", "Lower Layer", "Select All"
    ]  # fmt: skip
    # The window's own actions, so the menu shows their shortcuts and enabled state.
    assert edit_actions["duplicate"] in menu.actions()
    assert edit_actions["duplicate"].shortcut().toString() == "Ctrl+D"
    count = len(session.doc.layers)
    choose(menu, "Duplicate")
    qtbot.waitUntil(lambda: len(session.doc.layers) == count + 1)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)


def test_the_context_menu_on_the_photo_offers_only_select_all(
    qtbot, view: CanvasView, session: DocumentSession
):
    session.select([])
    menu = open_canvas_menu(qtbot, view, at(view, 5, 5))
    assert menu_texts(menu, enabled_only=True) == ["Select All"]
    choose(menu, "Select All")
    qtbot.waitUntil(lambda: len(session.selection) == len(session.doc.layers))


def test_sticker_tool_offers_a_menu_and_returns_to_select(
    qtbot, view: CanvasView, session: DocumentSession
):
    tools: list[str] = []
    view.tool_changed.connect(tools.append)
    view.set_tool("sticker")
    menu = view.sticker_menu()
    assert menu is not None
    assert FROM_FILE in [action.text() for action in menu.actions()]
    menu.close()
    qtbot.waitUntil(lambda: view.tool() == "select")
    assert tools == ["sticker", "select"]


def test_choosing_a_built_in_sticker_adds_it_in_the_middle_of_the_view(
    qtbot, view: CanvasView, session: DocumentSession
):
    view.set_tool("sticker")
    menu = view.sticker_menu()
    assert menu is not None
    buttons = menu.buttons()
    assert buttons, "the built-in stickers are offered"
    name = buttons[0].toolTip()
    QTest.mouseClick(buttons[0], Left)
    qtbot.waitUntil(lambda: len(session.doc.layers) == 4)
    layer = session.doc.layers[-1]
    assert isinstance(layer, StickerLayer)
    assert layer.name == name
    centre = view.mapToScene(view.viewport().rect().center())
    assert (layer.transform.x, layer.transform.y) == (centre.x(), centre.y())
    qtbot.waitUntil(lambda: view.tool() == "select")


def test_unknown_tool_is_an_error(view: CanvasView):
    with pytest.raises(ValueError, match="unknown tool"):
        view.set_tool("lasso")


def test_a_new_tool_is_one_class_and_one_registry_entry(
    monkeypatch: pytest.MonkeyPatch, view: CanvasView, session: DocumentSession
):
    """No change to the view: it asks the registry for the tool, the tool for the gesture."""
    pressed: list[tuple[float, float]] = []
    finished: list[bool] = []

    class PinGesture:
        def move(self, scene_pos: QPointF, view_pos: QPoint, modifiers: object) -> None:
            pressed.append((scene_pos.x(), scene_pos.y()))

        def finish(self) -> None:
            finished.append(True)

        def cancel(self) -> None:
            finished.append(False)

    class PinTool(tools.Tool):
        id = "pin"
        hint = "Click to pin"
        cursor = Qt.CursorShape.PointingHandCursor

        def press(self, scene_pos: QPointF, view_pos: QPoint, modifiers: object) -> PinGesture:
            pressed.append((scene_pos.x(), scene_pos.y()))
            return PinGesture()

    monkeypatch.setitem(tools.TOOLS, PinTool.id, PinTool)
    seen = messages(view)
    view.set_tool("pin")
    assert view.tool() == "pin" and seen[-1] == "Click to pin"
    assert view.viewport().cursor().shape() == Qt.CursorShape.PointingHandCursor
    drag(view, steps(at(view, 100, 100), at(view, 200, 150), 4))
    assert pressed[0] == pytest.approx((100, 100), abs=2)
    assert pressed[-1] == pytest.approx((200, 150), abs=2)
    assert finished == [True]
    assert session.undo_stack.count() == 0  # the tool pushed nothing


def test_add_caption_fills_top_then_bottom_then_centre(empty_view: CanvasView):
    session = DocumentSession(MemeDocument(base_size=(1000, 800)))
    empty_view.set_session(session)
    ys = []
    for text in ("one", "two", "three"):
        layer_id = empty_view.add_caption(text)
        assert session.selection == [layer_id]
        layer = session.doc.layer(layer_id)
        assert isinstance(layer, CaptionLayer)
        assert (layer.box_width, layer.box_height) == pytest.approx((800, 144))
        ys.append(layer.transform.y / 800)
    assert ys == pytest.approx([0.11, 0.89, 0.5])


def test_add_sticker_from_bytes_stores_a_png_asset_and_fits_big_pictures(
    view: CanvasView, session: DocumentSession
):
    big = png_bytes(badge((3000, 1800)))
    layer_id = view.add_sticker_from_bytes(big, "huge.png", QPointF(300, 300))
    layer = session.doc.layer(layer_id)
    assert isinstance(layer, StickerLayer)
    assert layer.asset.startswith("sticker-") and layer.asset.endswith(".png")
    assert Image.open(io.BytesIO(session.doc.assets[layer.asset])).format == "PNG"
    assert (layer.width, layer.height) == (3000, 1800)
    assert layer.width * layer.transform.scale <= 1200 / 3 + 1e-6
    assert (layer.transform.x, layer.transform.y) == (300, 300)
    assert session.selection == [layer_id]
    # The picture came in with the layer, in one command: undo takes both away.
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert layer.asset not in session.doc.assets
    session.undo_stack.redo()
    assert Image.open(io.BytesIO(session.doc.assets[layer.asset])).format == "PNG"


def test_add_sticker_from_bad_bytes_says_why(view: CanvasView, session: DocumentSession):
    seen = messages(view)
    assert view.add_sticker_from_bytes(b"not a picture", "note.png") is None
    assert seen and "note.png" in seen[-1]
    assert len(session.doc.layers) == 3


# --- drag and drop -------------------------------------------------------------------------------


def test_dropping_a_png_file_adds_a_sticker_at_the_drop_point(
    qtbot, view: CanvasView, session: DocumentSession, tmp_path: Path
):
    path = tmp_path / "crying.png"
    badge().save(path)
    point = at(view, 400, 600)
    entered, dropped = drop_event(view, url_mime(QUrl.fromLocalFile(str(path))), point)
    assert entered and dropped
    qtbot.waitUntil(lambda: len(session.doc.layers) == 4)
    layer = session.doc.layers[-1]
    assert isinstance(layer, StickerLayer)
    scene = view.mapToScene(point)
    assert (layer.transform.x, layer.transform.y) == (scene.x(), scene.y())
    assert layer.name == "crying"
    assert session.selection == [layer.id]


def test_dropping_raw_png_data_adds_a_sticker(qtbot, view: CanvasView, session: DocumentSession):
    mime = QMimeData()
    mime.setData("image/png", png_bytes(badge()))
    entered, dropped = drop_event(view, mime, at(view, 300, 300))
    assert entered and dropped
    qtbot.waitUntil(lambda: len(session.doc.layers) == 4)
    assert isinstance(session.doc.layers[-1], StickerLayer)


def test_dropping_a_gallery_template_adds_its_picture(
    qtbot, view: CanvasView, session: DocumentSession, tmp_path: Path, monkeypatch
):
    picture = tmp_path / "masked.png"
    badge((300, 300)).save(picture)

    class FakeTemplate:
        image_path = picture
        name = "Masked face"

    monkeypatch.setattr(
        "maskmeme_gui.qt.canvas.dnd.get_template", lambda template_id: FakeTemplate()
    )
    # As the gallery sends it: the template's id and the URL of its picture.
    mime = url_mime(QUrl.fromLocalFile(str(picture)))
    mime.setData(TEMPLATE_MIME, b"masked-face")
    entered, dropped = drop_event(view, mime, at(view, 600, 450))
    assert entered and dropped
    qtbot.waitUntil(lambda: len(session.doc.layers) == 4)
    layer = session.doc.layers[-1]
    assert isinstance(layer, StickerLayer) and (layer.width, layer.height) == (300, 300)
    view.wait_for_renders()
    assert len(session.doc.layers) == 4  # the picture once, not once per way it was sent
    mime = QMimeData()
    mime.setData(TEMPLATE_MIME, b"masked-face")
    drop_event(view, mime, at(view, 600, 450))
    qtbot.waitUntil(lambda: len(session.doc.layers) == 5)
    assert session.doc.layers[-1].name == "Masked face"


@pytest.mark.parametrize(
    ("make_url", "expected"),
    [
        (lambda tmp: QUrl.fromLocalFile(str(_write(tmp / "photo.txt", b"hi"))),
         "photo.txt is not an image"),
        (lambda tmp: QUrl.fromLocalFile(str(tmp)), "is a folder"),
        (lambda tmp: QUrl("https://example.com/cat.png"), "on the web"),
    ],
    ids=["text file", "folder", "web address"],
)  # fmt: skip
def test_dropping_what_is_not_a_local_picture_is_refused_with_a_message(
    view: CanvasView, session: DocumentSession, tmp_path: Path, make_url, expected: str
):
    seen = messages(view)
    entered, dropped = drop_event(view, url_mime(make_url(tmp_path)), at(view, 400, 400))
    assert not entered and not dropped
    assert any(expected in message for message in seen)
    assert len(session.doc.layers) == 3
    assert session.undo_stack.count() == 0


def test_dropping_a_broken_png_reports_the_loader_message(
    qtbot, view: CanvasView, session: DocumentSession, tmp_path: Path
):
    seen = messages(view)
    path = _write(tmp_path / "broken.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    drop_event(view, url_mime(QUrl.fromLocalFile(str(path))), at(view, 400, 400))
    qtbot.waitUntil(lambda: any("broken.png" in message for message in seen))
    assert len(session.doc.layers) == 3


def test_without_a_meme_dropped_files_go_to_the_window(empty_view: CanvasView, tmp_path: Path):
    photo = tmp_path / "me.jpg"
    Image.new("RGB", (40, 30)).save(photo)
    project = _write(tmp_path / "old.maskmeme", b"PK")
    dropped: list[list[Path]] = []
    empty_view.files_dropped.connect(dropped.append)
    mime = url_mime(QUrl.fromLocalFile(str(photo)), QUrl.fromLocalFile(str(project)))
    entered, accepted = drop_event(empty_view, mime, QPoint(100, 100))
    assert entered and accepted
    assert dropped == [[photo, project]]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- zoom and pan --------------------------------------------------------------------------------


def wheel(view: CanvasView, pos: QPoint, clicks: int, modifiers: Qt.KeyboardModifier) -> None:
    local = QPointF(pos)
    event = QWheelEvent(
        local,
        view.viewport().mapToGlobal(local),
        QPoint(),
        QPoint(0, 120 * clicks),
        NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)


def test_ctrl_wheel_zooms_around_the_pointer(view: CanvasView):
    zooms: list[float] = []
    view.zoom_changed.connect(zooms.append)
    before = view.zoom_factor()
    pointer = at(view, 900, 700)
    wheel(view, pointer, 3, Ctrl)
    assert view.zoom_factor() == pytest.approx(before * 1.25**3)
    assert zooms[-1] == pytest.approx(view.zoom_factor())
    under = view.mapToScene(pointer)
    assert (under.x(), under.y()) == pytest.approx((900, 700), abs=2 / view.zoom_factor())


def test_zoom_limits_fit_and_actual_size(view: CanvasView):
    fitted = view.zoom_factor()
    view.zoom_actual()
    assert view.zoom_factor() == 1.0
    for _ in range(40):
        view.zoom_in()
    assert view.zoom_factor() == 32.0
    for _ in range(60):
        view.zoom_out()
    assert view.zoom_factor() == 0.02
    view.zoom_fit()
    assert view.zoom_factor() == pytest.approx(fitted)


def test_resizing_refits_unless_the_user_zoomed(qtbot, view: CanvasView):
    view.resize(600, 500)
    qtbot.waitUntil(lambda: view.zoom_factor() == pytest.approx((600 - 64) / 1200, rel=0.02))
    view.zoom_actual()
    view.resize(800, 650)
    qtbot.waitUntil(lambda: view.viewport().height() > 500)  # the resize has been handled
    assert view.zoom_factor() == 1.0


def test_middle_button_and_space_drag_pan(view: CanvasView):
    view.zoom_actual()
    bar = view.horizontalScrollBar()
    start_value = bar.value()
    middle = Qt.MouseButton.MiddleButton
    drag(view, steps(QPoint(400, 300), QPoint(300, 300)), button=middle)
    assert bar.value() == start_value + 100
    QTest.keyPress(view, Qt.Key.Key_Space)
    drag(view, steps(QPoint(300, 300), QPoint(350, 300)))
    QTest.keyRelease(view, Qt.Key.Key_Space)
    assert bar.value() == start_value + 50
    assert view.session().undo_stack.count() == 0  # type: ignore[union-attr]


# --- sessions and rendering ----------------------------------------------------------------------


def test_content_change_re_renders_only_that_layer(
    qtbot, view: CanvasView, session: DocumentSession, monkeypatch
):
    rendered: list[str] = []
    real = compose.render_layer

    def counting(layer, scale=1.0, assets=None, time_ms=None):
        rendered.append(layer.id)
        return real(layer, scale, assets, time_ms)

    monkeypatch.setattr(compose, "render_layer", counting)
    layer = caption(session)
    session.push(set_caption_text(layer.id, "changed"))
    wait_idle(qtbot, view)
    assert rendered == [layer.id]
    session.select([layer.id])
    QTest.keyClick(view, Qt.Key.Key_Up)  # a move: no render at all
    session.push(SetLayerProperties(layer.id, {"opacity": 0.5}))  # looks the same: cached
    wait_idle(qtbot, view)
    assert rendered == [layer.id]
    assert view.document_scene().layer_items[layer.id].opacity() == 0.5
    session.undo_stack.undo()  # back to the old opacity
    session.undo_stack.undo()
    session.undo_stack.undo()  # the old text again: its sprite is still cached
    wait_idle(qtbot, view)
    assert rendered == [layer.id]


def test_replacing_the_session_disconnects_the_old_one(qtbot, view: CanvasView):
    old = view.session()
    assert old is not None
    view.set_session(None)
    assert view.document_scene().layer_items == {}
    old.push(set_caption_text(old.doc.layers[0].id, "after"))
    assert view.document_scene().layer_items == {}
    other = DocumentSession(make_doc())
    view.set_session(other)
    assert set(view.document_scene().layer_items) == {layer.id for layer in other.doc.layers}
    view.close()
    other.push(set_caption_text(other.doc.layers[0].id, "closed"))
    assert view.document_scene().layer_items == {}


def test_the_canvas_at_100_percent_matches_the_export(view: CanvasView, session: DocumentSession):
    grabbed = qimage_to_pil(view.grab_at_actual_size()).convert("RGB")
    exported = render_document(session.doc)
    assert grabbed.size == exported.size
    difference = ImageStat.Stat(ImageChops.difference(grabbed, exported)).mean
    assert max(difference) <= 2.0, difference


def test_grab_leaves_out_the_selection_chrome(view: CanvasView, session: DocumentSession):
    plain = qimage_to_pil(view.grab_at_actual_size())
    session.select([layer.id for layer in session.doc.layers])
    assert view.document_scene().chrome
    assert ImageChops.difference(plain, qimage_to_pil(view.grab_at_actual_size())).getbbox() is None
    assert all(chrome.isVisible() for chrome in view.document_scene().chrome.values())


def test_empty_canvas_paints_its_start_hint(empty_view: CanvasView):
    from maskmeme_gui.qt.canvas.emptystate import start_hint

    picture = empty_view.grab()
    assert not picture.isNull()
    assert empty_view.session() is None
    # The three ways in, each with its key where it has one.
    assert "Ctrl+V" in start_hint() and "template" in start_hint() and "Ctrl+N" in start_hint()


# --- more gestures -------------------------------------------------------------------------------


def test_dragging_several_selected_layers_moves_them_together(
    view: CanvasView, session: DocumentSession
):
    tear, sticker = session.doc.layers[1], session.doc.layers[2]
    before = {layer.id: layer.transform for layer in (tear, sticker)}
    session.select([tear.id, sticker.id])
    start = at(view, sticker.transform.x, sticker.transform.y)
    drag(view, steps(start, start + QPoint(-50, -30)))
    dx, dy = -50 / view.zoom_factor(), -30 / view.zoom_factor()
    for layer in (tear, sticker):
        assert layer.transform.x == pytest.approx(before[layer.id].x + dx)
        assert layer.transform.y == pytest.approx(before[layer.id].y + dy)
    assert session.undo_stack.count() == 1
    assert set(view.document_scene().chrome) == {tear.id, sticker.id}
    assert all(chrome.isVisible() for chrome in view.document_scene().chrome.values())


def test_the_pointer_shape_tells_what_a_press_would_do(view: CanvasView, session: DocumentSession):
    layer = caption(session)
    session.select([layer.id])
    viewport = view.viewport()

    def hover(point: QPoint) -> Qt.CursorShape:
        mouse(viewport, QMouseEvent.Type.MouseMove, point, NoButton, NoButton)
        return viewport.cursor().shape()

    handles = view.document_scene().chrome[layer.id].handle_points()
    assert hover(view.mapFromScene(handles["top-left"])) == Qt.CursorShape.SizeFDiagCursor
    assert hover(view.mapFromScene(handles["top-right"])) == Qt.CursorShape.SizeBDiagCursor
    assert hover(view.mapFromScene(handles[ROTATE])) == Qt.CursorShape.OpenHandCursor
    assert hover(at(view, 600, 110)) == Qt.CursorShape.SizeAllCursor
    assert hover(at(view, 1150, 850)) == Qt.CursorShape.ArrowCursor
    view.set_tool("caption")
    assert viewport.cursor().shape() == Qt.CursorShape.IBeamCursor


def test_clicking_elsewhere_finishes_caption_editing(view: CanvasView, session: DocumentSession):
    view.edit_caption(caption(session).id)
    assert view.caption_editor() is not None
    click(view, at(view, 1150, 850))
    assert view.caption_editor() is None


def test_undoing_a_new_caption_while_typing_closes_the_editor(
    view: CanvasView, session: DocumentSession
):
    view.set_tool("caption")
    click(view, at(view, 600, 500))
    editor = view.caption_editor()
    assert editor is not None
    QTest.keyClicks(view, "oops")
    session.undo_stack.undo()  # the typing
    session.undo_stack.undo()  # the new caption
    assert len(session.doc.layers) == 3
    assert view.caption_editor() is None


# --- drag out ------------------------------------------------------------------------------------


@pytest.fixture
def drags_out(monkeypatch) -> list[tuple[QWidget, Image.Image, str]]:
    """The drags started, with the PNG they carry decoded."""
    started: list[tuple[QWidget, Image.Image, str]] = []

    def record(source: QWidget, picture: TransferImage, name: str) -> None:
        started.append((source, Image.open(io.BytesIO(picture.png)).convert("RGB"), name))

    monkeypatch.setattr("maskmeme_gui.qt.dragout.start_meme_drag", record)
    return started


def test_alt_drag_hands_the_finished_meme_to_a_drag(
    view: CanvasView, session: DocumentSession, drags_out
):
    requested: list[bool] = []
    view.drag_out_requested.connect(lambda: requested.append(True))
    start = at(view, 300, 600)
    drag(view, steps(start, start + QPoint(40, 0)), Qt.KeyboardModifier.AltModifier)
    assert requested == [True]
    [(source, image, _name)] = drags_out
    assert source is view
    expected = render_document(session.doc).convert("RGB")
    assert ImageChops.difference(image, expected).getbbox() is None
    assert session.undo_stack.count() == 0


def test_a_slow_drag_out_render_runs_in_a_worker_while_the_window_stays_live(
    qtbot, view: CanvasView, session: DocumentSession, drags_out, monkeypatch
):
    released = threading.Event()
    outcome: list[bool] = []
    real_render = compose.render_document

    def slow_render(doc: MemeDocument, *args: object) -> Image.Image:
        # Released only by a timer on the GUI thread: it fires only if that thread is free.
        outcome.append(released.wait(timeout=20))
        return real_render(doc, *args)

    monkeypatch.setattr(compose, "render_document", slow_render)
    QTimer.singleShot(50, released.set)
    grip = view.findChild(QWidget, "dragGrip")
    drag(_GripAsView(grip), steps(QPoint(10, 10), QPoint(40, 10)))  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: len(drags_out) == 1, timeout=20000)
    assert outcome == [True]  # the GUI thread ran its timer during the render
    assert drags_out[0][1].size == tuple(session.doc.canvas_size)


def test_an_edit_after_the_press_is_in_the_dragged_picture(
    qtbot, view: CanvasView, session: DocumentSession, drags_out
):
    grip = view.findChild(QWidget, "dragGrip")
    assert grip is not None
    mouse(grip, QMouseEvent.Type.MouseButtonPress, QPoint(10, 10))  # starts the render
    layer = caption(session)
    session.push(set_caption_text(layer.id, "CHANGED AFTER THE PRESS"))
    for point in steps(QPoint(10, 10), QPoint(40, 10))[1:]:
        mouse(grip, QMouseEvent.Type.MouseMove, point, NoButton, Left)
    mouse(grip, QMouseEvent.Type.MouseButtonRelease, QPoint(40, 10), Left, NoButton)
    qtbot.waitUntil(lambda: len(drags_out) == 1)
    expected = render_document(session.doc).convert("RGB")
    assert ImageChops.difference(drags_out[0][1], expected).getbbox() is None


def test_the_corner_grip_drags_the_meme_out_too(view: CanvasView, drags_out):
    grip = view.findChild(QWidget, "dragGrip")
    assert grip is not None and grip.isVisible()
    assert "Alt" in grip.toolTip()
    drag(_GripAsView(grip), steps(QPoint(10, 10), QPoint(40, 10)))  # type: ignore[arg-type]
    assert len(drags_out) == 1


class _GripAsView:
    """Lets `drag` press and move on any widget (it sends to `viewport()`)."""

    def __init__(self, widget: QWidget) -> None:
        self._widget = widget

    def viewport(self) -> QWidget:
        return self._widget


# --- the document changing underneath ------------------------------------------------------------


def test_a_caption_band_grows_the_canvas_and_keeps_layers_on_the_photo(
    qtbot, view: CanvasView, session: DocumentSession
):
    cap = caption(session)
    session.push(SetBand(Band(top=0.2)))
    wait_idle(qtbot, view)
    assert session.doc.canvas_size == (1200, 1080)
    assert view.document_scene().layer_items[cap.id].pos() == QPointF(600, 110 + 180)
    assert view.zoom_factor() == pytest.approx((700 - 64) / 1080, rel=0.02)
    grabbed = qimage_to_pil(view.grab_at_actual_size()).convert("RGB")
    difference = ImageStat.Stat(ImageChops.difference(grabbed, render_document(session.doc)))
    assert max(difference.mean) <= 2.0


def test_a_layer_that_cannot_be_drawn_is_reported_not_fatal(qtbot, empty_view: CanvasView):
    seen = messages(empty_view)
    doc = MemeDocument(base_size=(400, 300))
    doc.layers.append(StickerLayer(name="Lost", asset="gone.png", width=10, height=10))
    empty_view.set_session(DocumentSession(doc))
    qtbot.waitUntil(lambda: any("Lost" in message for message in seen))
    assert not empty_view.renders_pending()


def test_a_sprite_finished_for_an_older_look_is_dropped(
    qtbot, view: CanvasView, session: DocumentSession
):
    layer = caption(session)
    for text in ("one", "two", "three"):
        session.push(set_caption_text(layer.id, text))
    wait_idle(qtbot, view)
    shown = view.document_scene().layer_items[layer.id].sprite
    assert shown is not None
    expected = compose.render_layer(layer, 1.0, session.doc.assets)
    assert (shown.size.width(), shown.size.height()) == expected.image.size
    grabbed = qimage_to_pil(view.grab_at_actual_size()).convert("RGB")
    assert (
        max(ImageStat.Stat(ImageChops.difference(grabbed, render_document(session.doc))).mean) <= 2
    )


def test_once_the_zoom_settles_the_view_blits_pre_scaled_pictures_in_place(
    qtbot, view: CanvasView, session: DocumentSession
):
    """Zoomed out, each picture is scaled once to the zoom and then only copied: it must land
    exactly where the resampled drawing was."""
    session.select([])
    view.zoom_in()
    upright = [i for i in view.document_scene().layer_items.values() if i.rotation() == 0]
    density = view.zoom_factor() * view.viewport().devicePixelRatioF()
    # The first copies at this zoom are made after its first paint, once its scroll bars are in.
    qtbot.waitUntil(
        lambda: all(
            i._exact is not None and i._exact_density == pytest.approx(density)
            for i in [view.document_scene().background, *upright]
        )
    )
    for item in [view.document_scene().background, *view.document_scene().layer_items.values()]:
        item._exact = None
    resampled = qimage_to_pil(view.viewport().grab().toImage()).convert("RGB")
    qtbot.waitUntil(
        lambda: all(i._exact is not None for i in [view.document_scene().background, *upright])
    )
    blitted = qimage_to_pil(view.viewport().grab().toImage()).convert("RGB")
    assert max(ImageStat.Stat(ImageChops.difference(resampled, blitted)).mean) < 1.5


# --- the document changing during a gesture ------------------------------------------------------


def test_a_change_of_the_document_during_a_drag_leaves_the_item_where_the_model_says(
    view: CanvasView, session: DocumentSession
):
    layer = caption(session)
    session.select([layer.id])
    session.nudge_selection(5, 0)
    item = view.document_scene().layer_items[layer.id]
    start = at(view, layer.transform.x, layer.transform.y)
    end = hold_and_move(view, start, QPoint(60, 0))
    viewport = view.viewport()
    session.undo_stack.undo()  # the nudge, undone from elsewhere while the button is down
    mouse(viewport, QMouseEvent.Type.MouseButtonRelease, end, Left, NoButton)
    assert item.pos() == QPointF(layer.transform.x, layer.transform.y)


def test_keys_wait_while_a_drag_holds_the_items(qtbot, window: MainWindow):
    view, session = window.canvas, window.session
    assert session is not None
    layer = caption(session)
    session.select([layer.id])
    item = view.document_scene().layer_items[layer.id]
    start = at(view, layer.transform.x, layer.transform.y)
    end = hold_and_move(view, start, QPoint(60, 0))
    viewport = view.viewport()
    for key, modifiers in ((Qt.Key.Key_Right, NoMod), (Qt.Key.Key_D, Ctrl), (Qt.Key.Key_Z, Ctrl)):
        QTest.keyClick(view, key, modifiers)
    assert len(session.doc.layers) == 3 and session.undo_stack.count() == 0
    mouse(viewport, QMouseEvent.Type.MouseButtonRelease, end, Left, NoButton)
    assert session.undo_stack.count() == 1  # the drag, and nothing else
    assert item.pos() == QPointF(layer.transform.x, layer.transform.y)
    QTest.keyClick(view, Qt.Key.Key_Right)  # once it is over, keys edit again
    assert session.undo_stack.count() == 2


def test_layer_keys_work_from_the_properties_panel(qtbot, window: MainWindow):
    session = window.session
    assert session is not None
    session.select([caption(session).id])
    window.edit_tabs.setCurrentWidget(window.properties)
    window.properties.setFocus()
    focused = QApplication.focusWidget()
    assert focused is not None and window.properties.isAncestorOf(focused)
    QTest.keyClick(focused, Qt.Key.Key_D, Ctrl)
    assert len(session.doc.layers) == 4


def test_a_caption_or_drop_clicked_in_the_grey_lands_on_the_picture(
    qtbot, view: CanvasView, session: DocumentSession
):
    width, height = session.doc.canvas_size
    view.set_tool("caption")
    outside = at(view, -80, height / 2)  # in the grey, left of the picture
    click(view, outside)
    caption_layer = session.doc.layers[-1]
    assert isinstance(caption_layer, CaptionLayer)
    left = caption_layer.transform.x - caption_layer.box_width / 2
    assert left >= -0.5 and caption_layer.transform.x <= width
    QTest.keyClick(view.viewport(), Qt.Key.Key_Escape)
    view.set_tool("tear-drop")
    click(view, at(view, width + 60, height + 60))  # below and right of the picture
    drop = session.doc.layers[-1]
    assert drop.transform.x <= width and drop.transform.y <= height
