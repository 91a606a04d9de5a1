"""The layers list, driven as a user would: clicks, key presses, a drop, the buttons."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QWidget
from pytestqt.qtbot import QtBot

from maskmeme_gui.model.commands import AddLayers, RestackLayers, SetLayerProperties
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import CaptionLayer, StickerLayer, TearLayer
from maskmeme_gui.qt.edit_actions import EditActions
from maskmeme_gui.qt.layers_panel import EMPTY_TEXT, LAYER_IDS_MIME, NO_MEME_TEXT, LayersPanel
from maskmeme_gui.qt.session import DocumentSession


def make_session() -> DocumentSession:
    doc = MemeDocument(
        base_size=(800, 600),
        layers=[
            CaptionLayer(id="top-caption", name="Top", text="how I look"),
            TearLayer(id="tears", name="Tears"),
            StickerLayer(id="mask", name="Mask", width=100, height=80),
            CaptionLayer(id="bottom-caption", text="how I feel"),
        ],
    )
    return DocumentSession(doc)


@pytest.fixture
def session() -> DocumentSession:
    return make_session()


@pytest.fixture
def actions(qtbot: QtBot) -> Iterator[EditActions]:
    """The window's edit actions, which the panel's buttons and menu show."""
    owner = QWidget()
    qtbot.addWidget(owner)
    yield EditActions(owner)
    owner.close()


@pytest.fixture
def panel(qtbot: QtBot, actions: EditActions, session: DocumentSession) -> LayersPanel:
    widget = LayersPanel(actions)
    qtbot.addWidget(widget)
    widget.resize(320, 300)
    actions.set_session(session)
    widget.set_session(session)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown_names(panel: LayersPanel) -> list[str]:
    model = panel.model
    return [model.data(model.index(row)) for row in range(model.rowCount())]


def doc_order(session: DocumentSession) -> list[str]:
    return [layer.id for layer in session.doc.layers]


def row_centre(panel: LayersPanel, row: int) -> QPoint:
    return panel.view.visualRect(panel.model.index(row)).center()


def click_row(panel: LayersPanel, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.mouseClick(
        panel.view.viewport(), Qt.MouseButton.LeftButton, modifier, row_centre(panel, row)
    )


def test_the_list_shows_the_top_layer_first(panel: LayersPanel, session: DocumentSession) -> None:
    assert shown_names(panel) == ["“how I feel”", "Mask", "Tears", "Top"]
    assert panel.model.layer_ids == tuple(reversed(doc_order(session)))


def test_clicking_rows_selects_layers_in_the_session(
    panel: LayersPanel, session: DocumentSession
) -> None:
    click_row(panel, 1)
    assert session.selection == ["mask"]
    click_row(panel, 3, Qt.KeyboardModifier.ControlModifier)
    assert session.selection == ["top-caption", "mask"]  # the session lists them bottom first
    click_row(panel, 0, Qt.KeyboardModifier.ShiftModifier)
    assert set(session.selection) == {"bottom-caption", "mask", "tears", "top-caption"}


def test_selecting_in_the_session_selects_rows(
    panel: LayersPanel, session: DocumentSession
) -> None:
    session.select(["tears", "bottom-caption"])
    rows = sorted(index.row() for index in panel.view.selectionModel().selectedRows())
    assert rows == [0, 2]
    session.select([])
    assert panel.view.selectionModel().selectedRows() == []


def test_the_check_box_hides_and_shows_a_layer(
    panel: LayersPanel, session: DocumentSession
) -> None:
    click_row(panel, 2)  # "Tears", now the current row
    QTest.keyClick(panel.view, Qt.Key.Key_Space)
    assert session.doc.layer("tears").visible is False
    assert session.undo_stack.count() == 1
    assert session.undo_stack.text(0) == "Hide layer"
    index = panel.model.index(2)
    assert panel.model.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked

    session.undo_stack.undo()
    assert session.doc.layer("tears").visible is True
    assert panel.model.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert session.undo_stack.count() == 1


def test_clicking_the_check_indicator_toggles_visibility(
    panel: LayersPanel, session: DocumentSession
) -> None:
    rect = panel.view.visualRect(panel.model.index(1))
    # The indicator is the first thing in the row, before the icon and the name.
    QTest.mouseClick(
        panel.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(rect.left() + 12, rect.center().y()),
    )
    assert session.doc.layer("mask").visible is False


def test_double_click_renames_a_layer(
    qtbot: QtBot, panel: LayersPanel, session: DocumentSession
) -> None:
    click_row(panel, 1)  # a double-click starts with a click
    QTest.mouseDClick(
        panel.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        row_centre(panel, 1),
    )
    editor = panel.view.findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    assert editor.text() == "Mask"
    editor.selectAll()
    QTest.keyClicks(editor, "Paper mask")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.doc.layer("mask").name == "Paper mask")  # a queued commit
    assert session.undo_stack.count() == 1
    assert session.undo_stack.text(0) == "Rename layer"
    assert shown_names(panel)[1] == "Paper mask"


def test_renaming_to_the_same_name_pushes_nothing(
    panel: LayersPanel, session: DocumentSession
) -> None:
    panel.model.setData(panel.model.index(0), "“how I feel”")
    panel.model.setData(panel.model.index(0), "  ")  # it has no name of its own already
    assert session.undo_stack.count() == 0
    panel.model.setData(panel.model.index(1), "")  # "Mask" gets its automatic name back
    assert shown_names(panel)[1] == "Sticker"


def test_raise_and_lower_buttons_restack(panel: LayersPanel, session: DocumentSession) -> None:
    session.select(["tears"])
    QTest.mouseClick(panel.raise_button, Qt.MouseButton.LeftButton)
    assert doc_order(session) == ["top-caption", "mask", "tears", "bottom-caption"]
    assert session.undo_stack.text(0) == "Raise layer"
    assert shown_names(panel)[1] == "Tears"
    assert session.selection == ["tears"]  # the moved layer stays selected
    QTest.mouseClick(panel.lower_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(panel.lower_button, Qt.MouseButton.LeftButton)
    assert doc_order(session) == ["tears", "top-caption", "mask", "bottom-caption"]
    assert not panel.lower_button.isEnabled()  # at the bottom
    assert session.undo_stack.count() == 3
    session.undo_stack.undo()
    assert doc_order(session) == ["top-caption", "tears", "mask", "bottom-caption"]


def test_raising_several_layers_is_one_undo_step(
    panel: LayersPanel, session: DocumentSession
) -> None:
    session.select(["top-caption", "tears"])
    panel.raise_button.click()
    assert doc_order(session) == ["mask", "top-caption", "tears", "bottom-caption"]
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert doc_order(session) == ["top-caption", "tears", "mask", "bottom-caption"]


def test_buttons_follow_the_selection(panel: LayersPanel, session: DocumentSession) -> None:
    assert not panel.delete_button.isEnabled()
    session.select(["bottom-caption"])  # the top layer
    assert not panel.raise_button.isEnabled()
    assert panel.lower_button.isEnabled()
    assert panel.delete_button.isEnabled() and panel.duplicate_button.isEnabled()
    assert "Ctrl+]" in panel.raise_button.toolTip()


def drop_rows(panel: LayersPanel, rows: list[int], at: QPointF) -> None:
    """The drop at the end of dragging `rows` (QApplication does not deliver a synthesised
    drop without a drag in progress, so the view gets it directly)."""
    mime = panel.model.mimeData([panel.model.index(row) for row in rows])
    event = QDropEvent(
        at, Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0)
    )
    panel.view.dropEvent(event)
    assert event.isAccepted()


def test_dragging_a_row_to_the_top_restacks_in_one_step(
    panel: LayersPanel, session: DocumentSession
) -> None:
    top = panel.view.visualRect(panel.model.index(0))
    drop_rows(panel, [3], QPointF(top.center().x(), top.top() + 2))  # above the first row
    assert doc_order(session) == ["tears", "mask", "bottom-caption", "top-caption"]
    assert shown_names(panel)[0] == "Top"
    assert session.undo_stack.count() == 1


def test_dragging_rows_below_the_last_one(panel: LayersPanel, session: DocumentSession) -> None:
    below = panel.view.visualRect(panel.model.index(3)).bottom() + 20
    drop_rows(panel, [0, 1], QPointF(50, below))
    assert doc_order(session) == ["mask", "bottom-caption", "top-caption", "tears"]
    assert session.undo_stack.count() == 1  # two layers moved, one undo step
    session.undo_stack.undo()
    assert doc_order(session) == ["top-caption", "tears", "mask", "bottom-caption"]


def test_a_drop_from_another_document_does_nothing(
    panel: LayersPanel, session: DocumentSession
) -> None:
    mime = QMimeData()
    mime.setData(LAYER_IDS_MIME, b"someone-elses-layer")
    assert not panel.model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert session.undo_stack.count() == 0


def test_duplicate_selects_the_copy_and_delete_removes(
    panel: LayersPanel, session: DocumentSession
) -> None:
    session.select(["mask"])
    panel.duplicate_button.click()
    assert len(session.doc.layers) == 5
    (copy_id,) = session.selection
    assert copy_id != "mask" and session.doc.index_of(copy_id) == session.doc.index_of("mask") + 1
    panel.delete_button.click()
    assert len(session.doc.layers) == 4 and session.selection == []
    assert session.undo_stack.text(1) == "Delete layer"


def test_rows_follow_commands_from_elsewhere(panel: LayersPanel, session: DocumentSession) -> None:
    session.push(AddLayers([TearLayer(id="new", mode="drop")]))
    assert shown_names(panel)[0] == "Tear drop"
    session.push(SetLayerProperties("new", {"name": "Big drop"}))
    assert shown_names(panel)[0] == "Big drop"
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert len(shown_names(panel)) == 4


def test_selection_and_scroll_survive_a_restack(
    qtbot: QtBot, actions: EditActions, session: DocumentSession
) -> None:
    session.doc.layers.extend(CaptionLayer(id=f"c{i}", text=f"line {i}") for i in range(30))
    panel = LayersPanel(actions)
    qtbot.addWidget(panel)
    panel.resize(300, 200)
    panel.set_session(session)
    panel.show()
    qtbot.waitExposed(panel)
    session.select(["c10", "c11"])
    bar = panel.view.verticalScrollBar()
    bar.setValue(bar.value() + 2)
    scrolled = bar.value()
    order = [layer.id for layer in session.doc.layers]
    order.remove("c3")
    session.push(RestackLayers(["c3", *order]))  # rebuilds the rows; c10 and c11 keep their places
    assert bar.value() == scrolled
    assert sorted(i.row() for i in panel.view.selectionModel().selectedRows()) == [18, 19]


def test_an_empty_meme_and_no_meme_say_so(qtbot: QtBot, actions: EditActions) -> None:
    panel = LayersPanel(actions)
    qtbot.addWidget(panel)
    assert panel.view.empty_text == NO_MEME_TEXT
    panel.set_session(DocumentSession(MemeDocument()))
    assert panel.view.empty_text == EMPTY_TEXT
    assert panel.model.rowCount() == 0
    panel.show()
    qtbot.waitExposed(panel)
    panel.view.grab()  # paints the empty-state text without errors


def test_set_session_none_clears_and_disconnects(
    panel: LayersPanel, actions: EditActions, session: DocumentSession
) -> None:
    panel.set_session(None)
    actions.set_session(None)
    assert panel.model.rowCount() == 0
    session.push(AddLayers([TearLayer(id="late")]))
    session.select(["late"])
    assert panel.model.rowCount() == 0
    assert not panel.delete_button.isEnabled()

    other = make_session()
    panel.set_session(other)
    assert panel.model.rowCount() == 4
    session.push(AddLayers([TearLayer()]))  # the old session no longer reaches the list
    assert panel.model.rowCount() == 4


def test_the_context_menu_offers_the_layer_commands(
    qtbot: QtBot, panel: LayersPanel, session: DocumentSession
) -> None:
    click_row(panel, 1)
    centre = row_centre(panel, 1)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, centre, panel.view.viewport().mapToGlobal(centre)
    )
    QApplication.sendEvent(panel.view.viewport(), event)
    menu = panel.findChild(QMenu)
    qtbot.waitUntil(menu.isVisible)
    texts = [action.text() for action in menu.actions() if not action.isSeparator()]
    assert texts[0] == "Rename"
    duplicate = next(a for a in menu.actions() if a.text() == "D&uplicate")
    assert duplicate.shortcut().toString() == "Ctrl+D"  # the window's own action
    duplicate.trigger()
    menu.close()
    assert len(session.doc.layers) == 5
