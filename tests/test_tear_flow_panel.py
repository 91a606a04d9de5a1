"""The tear section's Flow, Speed and Phase, driven in the real window: open a meme with tears,
select one, switch flowing on, change speed and phase, undo step by step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from maskmeme_gui.model.layers import TearLayer
from maskmeme_gui.qt.mainwindow import MainWindow
from maskmeme_gui.qt.properties.sections import TearStyleSection
from test_properties import drag_slider


@pytest.fixture
def window(template_window: MainWindow, qtbot: QtBot) -> MainWindow:
    """The masked-face template open, its tears selected, the Properties tab showing."""
    window = template_window
    assert window.session is not None
    window.session.select([first_tears(window).id])
    window.edit_tabs.setCurrentWidget(window.properties)
    qtbot.waitUntil(window.properties.tear_style.flow.isVisible)
    return window


def first_tears(window: MainWindow) -> TearLayer:
    assert window.session is not None
    return next(layer for layer in window.session.doc.layers if isinstance(layer, TearLayer))


def section(window: MainWindow) -> TearStyleSection:
    return window.properties.tear_style


def test_flow_speed_and_phase_one_undo_step_each(window: MainWindow, qtbot: QtBot) -> None:
    session = window.session
    assert session is not None
    tears = section(window)
    assert not tears.flow.isChecked()
    assert not tears.flow_speed.isEnabled() and not tears.flow_phase.isEnabled()
    for widget, label in ((tears.flow_speed, "Speed"), (tears.flow_phase, "Phase")):
        row_label = tears.form.labelForField(widget)
        assert row_label is not None and row_label.text() == label
    steps = session.undo_stack.count()

    QTest.mouseClick(tears.flow, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(8, tears.flow.height() // 2))  # fmt: skip
    assert first_tears(window).flow
    assert session.undo_stack.count() == steps + 1
    assert session.undo_stack.text(steps) == "Make tears flow"
    assert tears.flow_speed.isEnabled() and tears.flow_phase.isEnabled()

    # Two arrow presses in one focus merge into one step, as the other number fields do.
    tears.flow_speed.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(tears.flow_speed.hasFocus)
    QTest.keyClick(tears.flow_speed, Qt.Key.Key_Up)
    QTest.keyClick(tears.flow_speed, Qt.Key.Key_Up)
    assert first_tears(window).flow_speed == pytest.approx(1.5)
    assert session.undo_stack.count() == steps + 2
    assert session.undo_stack.text(steps + 1) == "Change flow speed"

    # One drag of the phase slider is one step.
    drag_slider(tears.flow_phase.slider, [0.2, 0.4, 0.5])
    assert first_tears(window).flow_phase == pytest.approx(0.5, abs=0.02)
    assert session.undo_stack.count() == steps + 3
    assert session.undo_stack.text(steps + 2) == "Change flow phase"

    session.undo_stack.undo()
    assert first_tears(window).flow_phase == 0.0
    assert tears.flow_phase.value() == 0  # the panel follows the undo...
    assert session.undo_stack.count() == steps + 3  # ...without pushing anything back
    session.undo_stack.undo()
    assert first_tears(window).flow_speed == 1.0
    assert tears.flow_speed.value() == 1.0
    session.undo_stack.undo()
    assert not first_tears(window).flow
    assert not tears.flow.isChecked() and not tears.flow_speed.isEnabled()


def test_the_section_shows_the_selected_tears_flow(window: MainWindow) -> None:
    from maskmeme_gui.model.commands import SetLayerProperties

    session = window.session
    assert session is not None
    layer = first_tears(window)
    session.push(SetLayerProperties(
        layer.id, {"flow": True, "flow_speed": 2.0, "flow_phase": 0.25}, "Make tears flow"
    ))  # fmt: skip
    tears = section(window)
    assert tears.flow.isChecked()
    assert tears.flow_speed.value() == 2.0
    assert tears.flow_phase.value() == 25
