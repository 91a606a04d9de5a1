"""The properties panel, driven as a user would: typing, dragging sliders, clicking buttons,
and following undo and edits made elsewhere without pushing anything back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QFontDatabase, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QColorDialog,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QWidget,
)
from pytestqt.qtbot import QtBot

from maskmeme_gui.model.band import Band
from maskmeme_gui.model.commands import (
    MoveLayers,
    SetBand,
    SetLayerProperties,
    SetLayerTransform,
)
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import CaptionLayer, StickerLayer, TearLayer, Transform
from maskmeme_gui.qt.color_button import ColorButton
from maskmeme_gui.qt.properties import PropertiesPanel
from maskmeme_gui.qt.properties.font_combo import FONT_ID_ROLE
from maskmeme_gui.qt.session import DocumentSession
from maskmeme_gui.render.fonts import list_font_ids


def make_session() -> DocumentSession:
    doc = MemeDocument(
        base_size=(800, 600),
        layers=[
            CaptionLayer(id="cap", text="how I look", transform=Transform(400, 80)),
            TearLayer(id="stream", points=[(0, 0), (0, 40)], gloss=0.8, length=1.0),
            TearLayer(id="drop", mode="drop"),
            StickerLayer(id="mask", width=200, height=120, transform=Transform(300, 300, 0.5)),
        ],
    )
    return DocumentSession(doc)


@pytest.fixture
def session() -> DocumentSession:
    return make_session()


@pytest.fixture
def panel(qtbot: QtBot, session: DocumentSession) -> PropertiesPanel:
    widget = PropertiesPanel()
    qtbot.addWidget(widget)
    widget.resize(320, 900)
    widget.set_session(session)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    return widget


def caption(session: DocumentSession) -> CaptionLayer:
    layer = session.doc.layer("cap")
    assert isinstance(layer, CaptionLayer)
    return layer


def shown(widget: QWidget) -> bool:
    return not widget.isHidden()


def focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def click_check_box(box: QCheckBox) -> None:
    """Click the box itself (a check box in a form is wider than its box and label)."""
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(8, box.height() // 2))  # fmt: skip


def drag_slider(slider: QSlider, fractions: list[float]) -> None:
    """Press on the handle, move through `fractions` of the groove, release."""
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    handle = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
    )
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     handle.center())  # fmt: skip
    for fraction in fractions:
        x = round(handle.width() / 2 + fraction * (slider.width() - handle.width()))
        QTest.mouseMove(slider, QPoint(x, handle.center().y()))
    QTest.mouseRelease(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       QPoint(x, handle.center().y()))  # fmt: skip


# --- what is shown --------------------------------------------------------------------------


def test_nothing_selected_says_how_to_start(panel: PropertiesPanel) -> None:
    assert panel.pages.currentWidget() is panel.empty_label
    assert "Select a layer to edit it" in panel.empty_label.text()
    assert "Caption (T)" in panel.empty_label.text()
    assert panel.header.isHidden()


def test_selecting_a_caption_shows_its_properties(
    panel: PropertiesPanel, session: DocumentSession
) -> None:
    session.select(["cap"])
    assert panel.pages.currentWidget() is panel.scroll_area
    assert shown(panel.caption_text) and shown(panel.caption_style) and shown(panel.layer)
    assert not shown(panel.tear_style) and not shown(panel.sticker)
    assert panel.caption_text.text_edit.toPlainText() == "how I look"
    assert panel.caption_text.font_combo.font_id() == "anton"
    assert panel.caption_text.font_combo.currentText() == "Anton"
    style = panel.caption_style
    assert style.fill.color() == "#ffffff" and style.stroke.color() == "#000000"
    assert style.stroke_width.value() == pytest.approx(8.0)
    assert style.align.value() == "center" and style.letter_case.value() == "upper"
    assert style.size_mode.value() == "fit"
    assert style.form.labelForField(style.font_size).text() == "Max size"
    assert panel.layer.pos_x.value() == 400 and panel.layer.pos_y.value() == 80
    assert panel.title_label.text() == "“how I look”"


def test_selecting_tears_and_stickers_shows_their_groups(
    panel: PropertiesPanel, session: DocumentSession
) -> None:
    session.select(["stream"])
    assert shown(panel.tear_style) and not shown(panel.caption_text)
    assert panel.tear_style.gloss.value() == 80
    assert panel.tear_style.form.isRowVisible(panel.tear_style.length)
    session.select(["drop"])
    assert not panel.tear_style.form.isRowVisible(panel.tear_style.length)  # drops have no path
    session.select(["mask"])
    assert shown(panel.sticker) and not shown(panel.tear_style)
    assert "200 \N{MULTIPLICATION SIGN} 120 px" in panel.sticker.size_label.text()
    assert panel.layer.scale.value() == 50


def test_several_layers_show_only_what_they_share(
    panel: PropertiesPanel, session: DocumentSession
) -> None:
    session.select(["cap", "mask"])
    assert panel.title_label.text() == "2 layers selected"
    assert shown(panel.layer) and not shown(panel.caption_text) and not shown(panel.sticker)
    assert not panel.layer.form.isRowVisible(panel.layer.rotation)
    assert panel.layer.visible.checkState() == Qt.CheckState.Checked


# --- editing --------------------------------------------------------------------------------


def test_typing_updates_the_caption_live_and_is_one_undo_step(
    qtbot: QtBot, panel: PropertiesPanel, session: DocumentSession
) -> None:
    session.select(["cap"])
    editor = panel.caption_text.text_edit
    focus(qtbot, editor)
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    QTest.keyClicks(editor, ", sad")
    assert caption(session).text == "how I look, sad"
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QTest.keyClicks(editor, "inside")
    assert caption(session).text == "how I look, sad\ninside"
    assert session.undo_stack.count() == 1
    assert session.undo_stack.text(0) == "Edit caption text"

    session.undo_stack.undo()
    assert caption(session).text == "how I look"
    assert editor.toPlainText() == "how I look"
    assert session.undo_stack.count() == 1  # following the undo pushed nothing
    session.undo_stack.redo()
    assert editor.toPlainText() == "how I look, sad\ninside"


def test_leaving_the_text_box_starts_a_new_undo_step(
    qtbot: QtBot, panel: PropertiesPanel, session: DocumentSession
) -> None:
    session.select(["cap"])
    editor = panel.caption_text.text_edit
    focus(qtbot, editor)
    QTest.keyClicks(editor, "A")
    focus(qtbot, panel.caption_style.font_size)
    focus(qtbot, editor)
    QTest.keyClicks(editor, "B")
    assert session.undo_stack.count() == 2


def test_a_slider_drag_is_one_undo_step(
    qtbot: QtBot, panel: PropertiesPanel, session: DocumentSession
) -> None:
    session.select(["cap"])
    slider = panel.layer.opacity.slider
    drag_slider(slider, [0.9, 0.7, 0.5, 0.4])
    layer = caption(session)
    assert layer.opacity == pytest.approx(0.4, abs=0.02)
    assert panel.layer.opacity.spin.value() == round(layer.opacity * 100)
    assert session.undo_stack.count() == 1
    assert session.undo_stack.text(0) == "Change opacity"
    drag_slider(slider, [0.6, 0.8])
    assert session.undo_stack.count() == 2  # a second drag is a second step
    session.undo_stack.undo()
    assert caption(session).opacity == pytest.approx(0.4, abs=0.02)
    assert slider.value() == round(caption(session).opacity * 100)


def test_choosing_a_colour_pushes_one_command(
    panel: PropertiesPanel, session: DocumentSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    session.select(["cap"])
    monkeypatch.setattr(
        QColorDialog, "getColor", staticmethod(lambda *args, **kwargs: QColor(255, 0, 0, 128))
    )
    QTest.mouseClick(panel.caption_style.fill, Qt.MouseButton.LeftButton)
    assert caption(session).fill == "#ff000080"
    assert session.undo_stack.count() == 1
    panel.caption_style.stroke.set_color("#202020")
    assert caption(session).stroke == "#202020"
    assert session.undo_stack.count() == 2
    session.undo_stack.undo()
    assert panel.caption_style.stroke.color() == "#000000"
    assert session.undo_stack.count() == 2


def test_a_cancelled_colour_dialog_changes_nothing(
    panel: PropertiesPanel, session: DocumentSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    session.select(["cap"])
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *args, **kwargs: QColor()))
    panel.caption_style.fill.click()
    assert session.undo_stack.count() == 0


def test_style_buttons_each_make_one_step(panel: PropertiesPanel, session: DocumentSession) -> None:
    session.select(["cap"])
    style = panel.caption_style
    QTest.mouseClick(style.align.button("left"), Qt.MouseButton.LeftButton)
    QTest.mouseClick(style.align.button("right"), Qt.MouseButton.LeftButton)
    QTest.mouseClick(style.letter_case.button("as_typed"), Qt.MouseButton.LeftButton)
    QTest.mouseClick(style.size_mode.button("fixed"), Qt.MouseButton.LeftButton)
    click_check_box(style.shadow)
    layer = caption(session)
    assert (layer.align, layer.letter_case, layer.size_mode) == ("right", "as_typed", "fixed")
    assert layer.shadow is not None
    assert session.undo_stack.count() == 5
    assert style.form.labelForField(style.font_size).text() == "Text size"
    session.undo_stack.undo()
    assert not style.shadow.isChecked()


def test_typing_a_number_updates_live(
    qtbot: QtBot, panel: PropertiesPanel, session: DocumentSession
) -> None:
    session.select(["cap"])
    box = panel.caption_style.stroke_width
    focus(qtbot, box)
    box.selectAll()
    QTest.keyClicks(box, "12.5")
    assert caption(session).stroke_width == pytest.approx(0.125)
    assert box.text() == "12.5 %"  # the model's echo did not rewrite the text being typed
    QTest.keyClick(box, Qt.Key.Key_Up)
    assert caption(session).stroke_width == pytest.approx(0.13)
    assert session.undo_stack.count() == 1


def test_the_font_list_loads_and_picks_a_font(
    qtbot: QtBot, panel: PropertiesPanel, session: DocumentSession
) -> None:
    session.select(["cap"])
    combo = panel.caption_text.font_combo
    assert combo.itemText(0) == "Anton" and combo.itemText(1) == "DejaVu Sans"
    qtbot.waitUntil(combo.system_fonts_loaded)
    names = [combo.itemText(i).casefold() for i in range(combo.count())]
    assert names.count("dejavu sans") == 1  # the system's copy is not listed twice
    focus(qtbot, combo)
    combo.lineEdit().selectAll()
    QTest.keyClicks(combo.lineEdit(), "DejaVu Sans")
    QTest.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    assert caption(session).font_id == "dejavu-sans"
    assert session.undo_stack.text(0) == "Change font"


def test_unknown_font_text_is_put_back(
    qtbot: QtBot, panel: PropertiesPanel, session: DocumentSession
) -> None:
    session.select(["cap"])
    combo = panel.caption_text.font_combo
    focus(qtbot, combo)
    combo.lineEdit().selectAll()
    QTest.keyClicks(combo.lineEdit(), "No Such Font 123")
    QTest.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    focus(qtbot, panel.caption_text.text_edit)
    assert combo.currentText() == "Anton"
    assert caption(session).font_id == "anton"
    assert session.undo_stack.count() == 0


def test_a_font_from_another_computer_is_listed(
    panel: PropertiesPanel, session: DocumentSession
) -> None:
    caption(session).font_id = "Some Font Nobody Has"
    session.select(["cap"])
    combo = panel.caption_text.font_combo
    assert combo.itemData(combo.currentIndex(), FONT_ID_ROLE) == "Some Font Nobody Has"
    assert session.undo_stack.count() == 0


def test_transform_fields_make_one_step_per_editing_session(
    qtbot: QtBot, panel: PropertiesPanel, session: DocumentSession
) -> None:
    session.select(["cap"])
    rotation = panel.layer.rotation
    focus(qtbot, rotation)
    for _ in range(3):
        QTest.keyClick(rotation, Qt.Key.Key_Up)
    assert caption(session).transform.rotation == pytest.approx(3.0)
    focus(qtbot, panel.layer.pos_x)
    panel.layer.pos_x.selectAll()
    QTest.keyClicks(panel.layer.pos_x, "123")
    transform = caption(session).transform
    assert (transform.x, transform.y, transform.rotation) == (123, 80, pytest.approx(3.0))
    assert session.undo_stack.count() == 2
    session.undo_stack.undo()
    assert panel.layer.pos_x.value() == 400


def test_canvas_edits_update_the_fields_without_commands(
    panel: PropertiesPanel, session: DocumentSession
) -> None:
    session.select(["cap"])
    session.push(MoveLayers(["cap"], 10, 5))
    assert (panel.layer.pos_x.value(), panel.layer.pos_y.value()) == (410, 85)
    session.push(SetLayerTransform("cap", Transform(410, 85, 2.0, -30)))
    assert panel.layer.scale.value() == 200 and panel.layer.rotation.value() == -30
    session.push(SetLayerProperties("cap", {"text": "typed on the canvas", "fill": "#00ff00"}))
    assert panel.caption_text.text_edit.toPlainText() == "typed on the canvas"
    assert panel.caption_style.fill.color() == "#00ff00"
    assert session.undo_stack.count() == 3
    for _ in range(3):
        session.undo_stack.undo()
    assert panel.layer.pos_x.value() == 400
    assert panel.caption_text.text_edit.toPlainText() == "how I look"
    assert session.undo_stack.count() == 3


def test_a_band_change_moves_the_shown_position(
    panel: PropertiesPanel, session: DocumentSession
) -> None:
    session.select(["cap"])
    session.push(SetBand(Band(top=0.1)))  # layers keep their spot on the photo: they move down
    assert panel.layer.pos_y.value() == 80 + 60
    assert session.undo_stack.count() == 1


def test_an_undo_between_edits_starts_a_new_step(
    qtbot: QtBot, panel: PropertiesPanel, session: DocumentSession
) -> None:
    session.select(["cap"])
    editor = panel.caption_text.text_edit
    focus(qtbot, editor)
    QTest.keyClicks(editor, "X")
    session.push(MoveLayers(["cap"], 1, 1))  # e.g. an arrow-key nudge on the canvas
    QTest.keyClicks(editor, "Y")
    assert session.undo_stack.count() == 3


def test_tear_controls(qtbot: QtBot, panel: PropertiesPanel, session: DocumentSession) -> None:
    session.select(["stream"])
    tears = panel.tear_style
    seed = session.doc.layer("stream").seed
    tears.new_shape.click()
    assert session.doc.layer("stream").seed != seed
    drag_slider(tears.length.slider, [0.5, 0.3])
    assert session.doc.layer("stream").length == pytest.approx(0.3, abs=0.02)
    focus(qtbot, tears.tear_width)
    QTest.keyClick(tears.tear_width, Qt.Key.Key_Up)
    assert session.doc.layer("stream").width == 19
    tears.tint.set_color("#ffd0d0")
    assert session.doc.layer("stream").tint == "#ffd0d0"
    assert session.undo_stack.count() == 4


def test_reset_size_puts_a_sticker_back_to_its_own_size(
    panel: PropertiesPanel, session: DocumentSession
) -> None:
    session.select(["mask"])
    assert panel.sticker.reset_size.isEnabled()
    panel.sticker.reset_size.click()
    assert session.doc.layer("mask").transform == Transform(300, 300, 1.0)
    assert not panel.sticker.reset_size.isEnabled()
    assert panel.layer.scale.value() == 100


def test_several_layers_change_together_in_one_step(
    panel: PropertiesPanel, session: DocumentSession
) -> None:
    session.select(["cap", "mask"])
    drag_slider(panel.layer.opacity.slider, [0.8, 0.6, 0.5])
    assert session.doc.layer("cap").opacity == pytest.approx(0.5, abs=0.02)
    assert session.doc.layer("mask").opacity == session.doc.layer("cap").opacity
    assert session.undo_stack.count() == 1
    click_check_box(panel.layer.visible)
    assert not session.doc.layer("cap").visible and not session.doc.layer("mask").visible
    assert session.undo_stack.count() == 2
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert session.doc.layer("mask").opacity == 1.0
    assert session.undo_stack.count() == 2


def test_mixed_visibility_shows_partly_checked(
    panel: PropertiesPanel, session: DocumentSession
) -> None:
    session.doc.layer("mask").visible = False
    session.select(["cap", "mask"])
    assert panel.layer.visible.checkState() == Qt.CheckState.PartiallyChecked
    click_check_box(panel.layer.visible)
    assert session.doc.layer("cap").visible and session.doc.layer("mask").visible


def test_the_wheel_scrolls_the_panel_not_an_unfocused_field(
    panel: PropertiesPanel, session: DocumentSession
) -> None:
    session.select(["cap"])
    box = panel.caption_style.line_spacing
    assert not box.hasFocus()
    centre = QPointF(box.rect().center())
    wheel = QWheelEvent(
        centre, box.mapToGlobal(centre), QPoint(), QPoint(0, 120), Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(box, wheel)
    assert session.undo_stack.count() == 0


def test_set_session_none_clears_and_disconnects(
    panel: PropertiesPanel, session: DocumentSession
) -> None:
    session.select(["cap"])
    panel.set_session(None)
    assert panel.pages.currentWidget() is panel.empty_label
    assert "No meme open" in panel.empty_label.text()
    assert panel.empty_label.contentsMargins().top() >= 16  # not pressed against the tabs
    session.select(["stream"])
    session.push(SetLayerProperties("stream", {"gloss": 0.1}))
    assert panel.pages.currentWidget() is panel.empty_label
    assert session.undo_stack.count() == 1

    other = make_session()
    panel.set_session(other)
    other.select(["cap"])
    assert panel.pages.currentWidget() is panel.scroll_area
    session.select(["mask"])  # the old session no longer reaches the panel
    assert shown(panel.caption_text)


def test_color_button_reads_and_writes_document_colours(qtbot: QtBot) -> None:
    button = ColorButton("#11223344")
    qtbot.addWidget(button)
    assert button.color() == "#11223344"
    assert "27 %" in button.text()  # alpha 0x44 of 255
    with qtbot.waitSignal(button.color_changed) as changed:
        button.set_color("#FFFFFF")
    assert changed.args == ["#ffffff"]
    with qtbot.assertNotEmitted(button.color_changed):
        button.set_color("#ffffff")


def test_symbol_fonts_are_not_offered_for_captions(
    qtbot: QtBot, panel: PropertiesPanel, session: DocumentSession
) -> None:
    session.select(["cap"])
    combo = panel.caption_text.font_combo
    qtbot.waitUntil(combo.system_fonts_loaded)
    listed = {combo.itemData(i, FONT_ID_ROLE) for i in range(combo.count())}
    systems = {family: QFontDatabase.writingSystems(family) for family in list_font_ids()[2:]}
    symbols = {f for f, found in systems.items() if QFontDatabase.WritingSystem.Symbol in found}
    writing = {f for f, found in systems.items() if QFontDatabase.WritingSystem.Symbol not in found}
    if not symbols:
        pytest.skip("this computer has no symbol fonts")
    assert not listed & symbols
    names = {combo.itemText(i).casefold() for i in range(combo.count())}
    assert {family.casefold() for family in writing} <= names
    # Listed fonts of other scripts show their names in the plain face, never as pictures.
    for index in range(combo.count()):
        family = combo.itemData(index, FONT_ID_ROLE)
        preview = combo.itemData(index, Qt.ItemDataRole.FontRole)
        if preview is not None and family in systems:
            assert QFontDatabase.WritingSystem.Latin in systems[family]
