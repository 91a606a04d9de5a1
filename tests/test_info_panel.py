"""The info panel, driven as a user would: clicking caption ideas and tag boxes, undoing, and
swapping the open meme underneath it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QDateTime, QEvent, QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QScrollArea
from pytestqt.qtbot import QtBot

from maskmeme_gui.knowledge import load_knowledge
from maskmeme_gui.model.commands import SetMeaningTags, SetTitle
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.qt.info_panel import (
    ADD_CAPTION_TIP,
    NO_SESSION_HINT,
    InfoPanel,
    _TimelineEntry,
    describe_time,
)
from maskmeme_gui.qt.session import DocumentSession

DOCK_WIDTH = 320


@pytest.fixture
def panel(qtbot: QtBot) -> InfoPanel:
    widget = InfoPanel()
    qtbot.addWidget(widget)
    widget.resize(DOCK_WIDTH, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def session() -> Iterator[DocumentSession]:
    opened = DocumentSession(MemeDocument())
    yield opened
    opened.close()


def click_box(qtbot: QtBot, box: QCheckBox) -> None:
    # On the indicator: the box may be wider than its label, and only those two take clicks.
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


# Knowledge tabs ---------------------------------------------------------------------------------


def test_the_timeline_shows_every_period_in_bold_beside_its_text(panel: InfoPanel) -> None:
    entries = panel.findChildren(_TimelineEntry)
    history = load_knowledge().history
    assert [entry.period.text() for entry in entries] == [item.period for item in history]
    assert all(entry.period.font().bold() for entry in entries)
    assert [entry.text.text() for entry in entries] == [item.text for item in history]


def test_clicking_a_caption_idea_emits_it(qtbot: QtBot, panel: InfoPanel) -> None:
    panel.tabs.setCurrentIndex(1)
    section = panel.meaning_section("hidden-sadness")
    assert section.body.isVisible()  # the first meaning starts open
    button = section.idea_buttons[1]
    assert button.toolTip() == ADD_CAPTION_TIP
    with qtbot.waitSignal(panel.caption_idea_chosen) as chosen:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert chosen.args == [load_knowledge().meaning("hidden-sadness").caption_ideas[1]]


def test_a_closed_meaning_opens_from_its_header_and_its_ideas_work_by_keyboard(
    qtbot: QtBot, panel: InfoPanel
) -> None:
    panel.tabs.setCurrentIndex(1)
    section = panel.meaning_section("humour")
    assert not section.body.isVisible()
    qtbot.mouseClick(section.header, Qt.MouseButton.LeftButton)
    assert section.body.isVisible()
    button = section.idea_buttons[0]
    button.setFocus()
    with qtbot.waitSignal(panel.caption_idea_chosen) as chosen:
        qtbot.keyClick(button, Qt.Key.Key_Space)
    assert chosen.args == [load_knowledge().meaning("humour").caption_ideas[0]]
    qtbot.mouseClick(section.header, Qt.MouseButton.LeftButton)
    assert not section.body.isVisible()


@pytest.mark.parametrize("tab", [0, 1, 2])
def test_every_tab_fits_a_320_pixel_dock_without_a_horizontal_scroll_bar(
    qtbot: QtBot, panel: InfoPanel, session: DocumentSession, tab: int
) -> None:
    panel.set_session(session)
    session.doc.record("saved", "a-very-long-file-name-that-would-never-fit-the-dock.maskmeme")
    for meaning in load_knowledge().meanings:
        section = panel.meaning_section(meaning.id)
        section.header.setChecked(True)
    panel.tabs.setCurrentIndex(tab)
    assert panel.minimumSizeHint().width() <= DOCK_WIDTH
    page = panel.tabs.currentWidget()
    if isinstance(page, QScrollArea):
        qtbot.waitUntil(lambda: page.widget().width() <= page.viewport().width())
        assert page.horizontalScrollBar().maximum() == 0
    else:
        assert panel.file_history.horizontalScrollBar().maximum() == 0


# This meme: tags --------------------------------------------------------------------------------


def test_without_a_meme_the_tags_are_disabled_and_say_why(panel: InfoPanel) -> None:
    panel.tabs.setCurrentIndex(2)
    assert panel.tags_hint.text() == NO_SESSION_HINT
    assert panel.tag_boxes.keys() == {meaning.id for meaning in load_knowledge().meanings}
    assert not any(box.isEnabled() or box.isChecked() for box in panel.tag_boxes.values())
    assert not panel.history_section.isVisible()


def test_checking_a_tag_pushes_an_undoable_command(
    qtbot: QtBot, panel: InfoPanel, session: DocumentSession
) -> None:
    panel.set_session(session)
    panel.tabs.setCurrentIndex(2)
    box = panel.tag_boxes["solidarity"]
    assert box.isEnabled() and not box.isChecked()

    click_box(qtbot, box)
    assert session.undo_stack.count() == 1
    assert session.doc.metadata.meaning_tags == ["solidarity"]
    assert box.isChecked()

    session.undo_stack.undo()
    assert session.doc.metadata.meaning_tags == []
    assert not box.isChecked()
    session.undo_stack.redo()
    assert box.isChecked()


def test_tags_keep_the_panel_order_and_tags_it_does_not_know(
    qtbot: QtBot, panel: InfoPanel, session: DocumentSession
) -> None:
    session.doc.metadata.meaning_tags = ["from-a-newer-version", "pandemic"]
    panel.set_session(session)
    panel.tabs.setCurrentIndex(2)
    assert panel.tag_boxes["pandemic"].isChecked()

    click_box(qtbot, panel.tag_boxes["hidden-sadness"])
    assert session.doc.metadata.meaning_tags == [
        "hidden-sadness",
        "pandemic",
        "from-a-newer-version",
    ]
    panel.tag_boxes["pandemic"].setFocus()
    qtbot.keyClick(panel.tag_boxes["pandemic"], Qt.Key.Key_Space)
    assert session.doc.metadata.meaning_tags == ["hidden-sadness", "from-a-newer-version"]
    assert session.undo_stack.count() == 2


def test_tags_changed_elsewhere_show_up(panel: InfoPanel, session: DocumentSession) -> None:
    panel.set_session(session)
    session.push(SetMeaningTags(["humour", "permission"]))
    checked = {meaning_id for meaning_id, box in panel.tag_boxes.items() if box.isChecked()}
    assert checked == {"humour", "permission"}
    assert session.undo_stack.count() == 1  # redrawing the boxes pushed nothing


# This meme: history -----------------------------------------------------------------------------


def test_the_edit_history_lists_the_undo_stack(
    qtbot: QtBot, panel: InfoPanel, session: DocumentSession
) -> None:
    panel.set_session(session)
    panel.tabs.setCurrentIndex(2)
    session.push(SetTitle("Monday"))
    click_box(qtbot, panel.tag_boxes["humour"])
    model = panel.undo_view.model()
    rows = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert rows == ["Start", "Rename meme", "Tag as “Humour and sarcasm”"]


def test_the_file_history_shows_creation_saves_and_exports(
    panel: InfoPanel, session: DocumentSession
) -> None:
    panel.set_session(session)
    rows = panel.file_history
    assert rows.topLevelItemCount() == 1
    assert rows.topLevelItem(0).text(0).startswith("Created today at ")

    session.doc.record("saved", "monday.maskmeme")
    session.doc.record("exported", "monday.png")
    texts = [rows.topLevelItem(i).text(0) for i in range(rows.topLevelItemCount())]
    assert texts[1].startswith("Saved today at ") and texts[1].endswith("\nmonday.maskmeme")
    assert texts[2].startswith("Exported today at ") and texts[2].endswith("\nmonday.png")


def test_a_recorded_creation_is_not_shown_twice(panel: InfoPanel) -> None:
    doc = MemeDocument()
    doc.record("created", "from template masked-face")
    session = DocumentSession(doc)
    panel.set_session(session)
    rows = panel.file_history
    assert rows.topLevelItemCount() == 1
    assert rows.topLevelItem(0).text(0).endswith("\nfrom template masked-face")
    session.close()


def test_times_read_as_local_and_relative() -> None:
    now = QDateTime.currentDateTime()
    utc = now.toUTC().toString(Qt.DateFormat.ISODate)
    assert describe_time(utc).startswith("today at ")
    yesterday = now.addDays(-1).toUTC().toString(Qt.DateFormat.ISODate)
    assert describe_time(yesterday).startswith("yesterday at ")
    assert describe_time("2021-03-04T09:10:00+00:00").startswith("on ")
    assert describe_time("last Tuesday") == "last Tuesday"  # a hand-edited file: shown as is


# Following the session --------------------------------------------------------------------------


def test_set_session_none_stops_following_the_old_meme(
    panel: InfoPanel, session: DocumentSession
) -> None:
    panel.set_session(session)
    session.push(SetMeaningTags(["humour"]))
    panel.set_session(None)
    assert panel.session is None
    assert panel.undo_view.stack() is None
    assert panel.tags_hint.text() == NO_SESSION_HINT
    assert not panel.tag_boxes["humour"].isChecked()

    session.push(SetMeaningTags(["solidarity", "pandemic"]))
    session.doc.record("saved", "old.maskmeme")
    assert not any(box.isChecked() or box.isEnabled() for box in panel.tag_boxes.values())
    assert panel.file_history.topLevelItemCount() == 0


def test_a_new_session_replaces_the_old_one(panel: InfoPanel, session: DocumentSession) -> None:
    panel.set_session(session)
    other = DocumentSession(MemeDocument())
    panel.set_session(other)
    assert panel.undo_view.stack() is other.undo_stack
    session.push(SetMeaningTags(["humour"]))
    assert not panel.tag_boxes["humour"].isChecked()
    other.push(SetMeaningTags(["pandemic"]))
    assert panel.tag_boxes["pandemic"].isChecked()
    other.close()


def test_a_deleted_session_is_forgotten(qtbot: QtBot, panel: InfoPanel) -> None:
    doomed = DocumentSession(MemeDocument())
    panel.set_session(doomed)
    doomed.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qtbot.waitUntil(lambda: panel.session is None)
    assert not panel.tag_boxes["humour"].isEnabled()
    fresh = DocumentSession(MemeDocument())
    panel.set_session(fresh)  # must not touch the deleted one
    assert panel.tag_boxes["humour"].isEnabled()
    fresh.close()


def test_closing_the_panel_lets_go_of_the_session(
    panel: InfoPanel, session: DocumentSession
) -> None:
    panel.set_session(session)
    panel.close()
    assert panel.session is None
    session.push(SetMeaningTags(["humour"]))
    assert not panel.tag_boxes["humour"].isChecked()
