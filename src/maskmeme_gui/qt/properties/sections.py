"""The groups of the properties panel, one per concern: a caption's text and style, a tear's
look, a sticker's size, and what every layer has (visibility, opacity, placement).

A section shows the selected layers (`show_layers`, with its widgets' signals blocked so that
mirroring the model is never mistaken for an edit) and reports what the user changes as
`edited(field, changes, undo_label)`; `finished` says one editing gesture is over. The panel
turns these into commands, so sections never touch the session.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, ClassVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from maskmeme_gui.model.layers import (
    FLOW_SPEED_MAX,
    FLOW_SPEED_MIN,
    TEAR_STYLE_NAMES,
    TEAR_STYLES,
    CaptionLayer,
    Layer,
    Shadow,
    StickerLayer,
    TearLayer,
    Transform,
)
from maskmeme_gui.qt.color_button import ColorButton
from maskmeme_gui.qt.icons import icon
from maskmeme_gui.qt.properties.fields import (
    Choice,
    ChoiceButtons,
    ChoiceCombo,
    NumberBox,
    PercentSlider,
    show_plain_text,
    signals_blocked,
)
from maskmeme_gui.qt.properties.font_combo import FontCombo

MAX_STROKE_PERCENT = 25.0
TEXT_BOX_LINES = 4

SelectedLayers = Callable[[], list[Layer]]


class Section(QGroupBox):
    edited = Signal(str, dict, str)  # field, changes to the layer, undo label
    finished = Signal()  # the editing gesture is over: the next edit is a new undo step

    kinds: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, title: str, selected: SelectedLayers, parent: QWidget | None = None):
        super().__init__(title, parent)
        self._selected = selected
        self._value_widgets: list[QObject] = []
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setContentsMargins(8, 6, 8, 8)
        self.form.setHorizontalSpacing(8)
        self.form.setVerticalSpacing(6)

    def applies_to(self, layers: Sequence[Layer]) -> bool:
        return len(layers) == 1 and layers[0].kind in self.kinds

    def show_layers(self, layers: Sequence[Layer]) -> None:
        with signals_blocked(self._value_widgets):
            self._show(layers)

    def _show(self, layers: Sequence[Layer]) -> None:
        raise NotImplementedError

    def _row(self, label: str, widget: QWidget, *value_widgets: QObject) -> QWidget:
        """Add a row; `value_widgets` (default: the widget) mirror the model."""
        self.form.addRow(label, widget)
        self._value_widgets.extend(value_widgets or (widget,))
        return widget

    def _set_row_label(self, widget: QWidget, text: str) -> None:
        label = self.form.labelForField(widget)
        if isinstance(label, QLabel):
            label.setText(text)

    def _edit(self, field: str, changes: dict[str, Any], label: str) -> None:
        self.edited.emit(field, changes, label)

    def _edit_once(self, field: str, changes: dict[str, Any], label: str) -> None:
        """A click-like edit (a toggle, a colour, a choice): one undo step each."""
        self.edited.emit(field, changes, label)
        self.finished.emit()

    def _transform(self) -> Transform:
        return self._selected()[0].transform


# --- captions ----------------------------------------------------------------------------------


class CaptionTextSection(Section):
    kinds = frozenset({CaptionLayer.kind})

    def __init__(self, selected: SelectedLayers, parent: QWidget | None = None) -> None:
        super().__init__("Text", selected, parent)
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setPlaceholderText("Type the caption…")
        self.text_edit.setTabChangesFocus(True)
        line = self.text_edit.fontMetrics().lineSpacing()
        self.text_edit.setFixedHeight(line * TEXT_BOX_LINES + 12)
        self.font_combo = FontCombo(self)
        self.font_combo.setToolTip("The caption's font; type to search")
        self.form.addRow(self.text_edit)
        self._value_widgets.append(self.text_edit)
        self._row("Font", self.font_combo)
        self.text_edit.textChanged.connect(
            lambda: self._edit("text", {"text": self.text_edit.toPlainText()}, "Edit caption text")
        )
        self.font_combo.font_chosen.connect(
            lambda font_id: self._edit_once("font", {"font_id": font_id}, "Change font")
        )

    def _show(self, layers: Sequence[Layer]) -> None:
        layer = layers[0]
        assert isinstance(layer, CaptionLayer)
        show_plain_text(self.text_edit, layer.text)
        self.font_combo.set_font_id(layer.font_id)


class CaptionStyleSection(Section):
    kinds = frozenset({CaptionLayer.kind})

    def __init__(self, selected: SelectedLayers, parent: QWidget | None = None) -> None:
        super().__init__("Style", selected, parent)
        self.size_mode = ChoiceButtons(
            [
                Choice("fit", "Auto-fit", tip="Shrink the text until it fits its box"),
                Choice("fixed", "Fixed", tip="Always the same size"),
            ],
            self,
        )
        self.font_size = NumberBox(4, 999, suffix=" px", parent=self)
        self.fill = ColorButton("#ffffff", self, title="Fill colour")
        self.stroke = ColorButton("#000000", self, title="Outline colour")
        self.stroke_width = NumberBox(
            0, MAX_STROKE_PERCENT, decimals=1, step=0.5, suffix=" %", parent=self
        )
        self.stroke_width.setToolTip("The outline's width, as a share of the text size")
        self.align = ChoiceButtons(
            [
                Choice("left", "Left", "format-justify-left", "Align left"),
                Choice("center", "Centre", "format-justify-center", "Centre"),
                Choice("right", "Right", "format-justify-right", "Align right"),
            ],
            self,
        )
        self.letter_case = ChoiceButtons(
            [
                Choice("upper", "UPPER", tip="All capitals, the classic meme look"),
                Choice("lower", "lower", tip="All small letters"),
                Choice("as_typed", "As typed", tip="Exactly as typed"),
            ],
            self,
        )
        self.line_spacing = NumberBox(
            0.5, 3.0, decimals=2, step=0.05, suffix=" \N{MULTIPLICATION SIGN}", parent=self
        )
        self.shadow = QCheckBox("Drop shadow", self)

        self._row("Size", self.size_mode)
        self._row("Max size", self.font_size)
        self._row("Fill", self.fill)
        self._row("Outline", self.stroke)
        self._row("Outline width", self.stroke_width)
        self._row("Align", self.align)
        self._row("Letters", self.letter_case)
        self._row("Line spacing", self.line_spacing)
        self._row("", self.shadow)

        self.size_mode.chosen.connect(
            lambda mode: self._edit_once("size_mode", {"size_mode": mode}, "Change text sizing")
        )
        self.font_size.valueChanged.connect(
            lambda value: self._edit("font_size", {"font_size": value}, "Change text size")
        )
        self.fill.color_changed.connect(
            lambda color: self._edit_once("fill", {"fill": color}, "Change text colour")
        )
        self.stroke.color_changed.connect(
            lambda color: self._edit_once("stroke", {"stroke": color}, "Change outline colour")
        )
        self.stroke_width.valueChanged.connect(
            lambda percent: self._edit(
                "stroke_width", {"stroke_width": percent / 100}, "Change outline width"
            )
        )
        self.align.chosen.connect(
            lambda align: self._edit_once("align", {"align": align}, "Align caption")
        )
        self.letter_case.chosen.connect(
            lambda case: self._edit_once("letter_case", {"letter_case": case}, "Change letters")
        )
        self.line_spacing.valueChanged.connect(
            lambda value: self._edit("line_spacing", {"line_spacing": value}, "Change line spacing")
        )
        self.shadow.toggled.connect(self._toggle_shadow)

    def _toggle_shadow(self, on: bool) -> None:
        label = "Add shadow" if on else "Remove shadow"
        self._edit_once("shadow", {"shadow": Shadow() if on else None}, label)

    def _show(self, layers: Sequence[Layer]) -> None:
        layer = layers[0]
        assert isinstance(layer, CaptionLayer)
        fitting = layer.size_mode == "fit"
        self.size_mode.set_value(layer.size_mode)
        self._set_row_label(self.font_size, "Max size" if fitting else "Text size")
        self.font_size.setToolTip(
            "The largest size auto-fit may use" if fitting else "The text's size in pixels"
        )
        self.font_size.show_value(layer.font_size)
        self.fill.set_color(layer.fill)
        self.stroke.set_color(layer.stroke)
        self.stroke_width.show_value(layer.stroke_width * 100)
        self.align.set_value(layer.align)
        self.letter_case.set_value(layer.letter_case)
        self.line_spacing.show_value(layer.line_spacing)
        self.shadow.setChecked(layer.shadow is not None)


# --- tears -------------------------------------------------------------------------------------


class TearStyleSection(Section):
    kinds = frozenset({TearLayer.kind})

    def __init__(self, selected: SelectedLayers, parent: QWidget | None = None) -> None:
        super().__init__("Style", selected, parent)
        self.style_combo = ChoiceCombo([(s, TEAR_STYLE_NAMES[s]) for s in TEAR_STYLES], self)
        self.style_combo.setToolTip(
            "Realistic: a wet streak for photos; Cartoon: bold outlined streams; "
            "Flood: anime waterfalls; Single tear: one glistening drop under the eye"
        )
        self.tear_width = NumberBox(1, 400, decimals=1, suffix=" px", parent=self)
        self.tear_width.setToolTip("How wide the tear is at the eye")
        self.gloss = PercentSlider(self)
        self.gloss.setToolTip("0 % matte, 100 % very wet and shiny")
        self.tint = ColorButton("#bfe3ff", self, title="Tint")
        self.length = PercentSlider(self)
        self.length.setToolTip("How much of the stream's path is wet")
        self.new_shape = QPushButton(icon("view-refresh"), "New shape", self)
        self.new_shape.setToolTip("Draw the tears again with a different random shape")
        self.flow = QCheckBox("Flow", self)
        self.flow.setToolTip(
            "Animate the tears: the stream runs down, the drop swells and falls, again and again"
        )
        self.flow_speed = NumberBox(
            FLOW_SPEED_MIN, FLOW_SPEED_MAX, decimals=2, step=0.25,
            suffix=" \N{MULTIPLICATION SIGN}", parent=self,
        )  # fmt: skip
        self.flow_speed.setToolTip(
            "Cycles every 2 seconds: 1 \N{MULTIPLICATION SIGN} is one tear every 2 s. Whole "
            "numbers loop seamlessly in a 2 s animation"
        )
        self.flow_phase = PercentSlider(self)
        self.flow_phase.setToolTip(
            "How far into its cycle the tear starts, so two eyes need not cry in step"
        )

        self._row("Style", self.style_combo)
        self._row("Width", self.tear_width)
        self._row("Gloss", self.gloss)
        self._row("Tint", self.tint)
        self._row("Wet length", self.length)
        self.form.addRow("", self.new_shape)
        self._row("", self.flow)
        self._row("Speed", self.flow_speed)
        self._row("Phase", self.flow_phase)

        self.style_combo.activated.connect(
            lambda index: self._edit_once(
                "style", {"style": self.style_combo.itemData(index)}, "Change tear style"
            )
        )
        self.tear_width.valueChanged.connect(
            lambda value: self._edit("width", {"width": value}, "Change tear width")
        )
        self.gloss.value_changed.connect(
            lambda percent: self._edit("gloss", {"gloss": percent / 100}, "Change gloss")
        )
        self.gloss.gesture_ended.connect(self.finished)
        self.tint.color_changed.connect(
            lambda color: self._edit_once("tint", {"tint": color}, "Change tear tint")
        )
        self.length.value_changed.connect(
            lambda percent: self._edit("length", {"length": percent / 100}, "Change wet length")
        )
        self.length.gesture_ended.connect(self.finished)
        self.new_shape.clicked.connect(
            lambda: self._edit_once("seed", {"seed": random.randrange(1, 2**31)}, "New tear shape")
        )
        self.flow.clicked.connect(
            lambda on: self._edit_once(
                "flow", {"flow": on}, "Make tears flow" if on else "Stop tears flowing"
            )
        )
        self.flow_speed.valueChanged.connect(
            lambda value: self._edit("flow_speed", {"flow_speed": value}, "Change flow speed")
        )
        self.flow_phase.value_changed.connect(
            lambda percent: self._edit(
                "flow_phase", {"flow_phase": percent / 100}, "Change flow phase"
            )
        )
        self.flow_phase.gesture_ended.connect(self.finished)

    def _show(self, layers: Sequence[Layer]) -> None:
        layer = layers[0]
        assert isinstance(layer, TearLayer)
        self.style_combo.set_value(layer.style)
        self.tear_width.show_value(layer.width)
        self.gloss.set_value(round(layer.gloss * 100))
        self.tint.set_color(layer.tint)
        self.length.set_value(round(layer.length * 100))
        self.form.setRowVisible(self.length, layer.mode == "stream")
        self.flow.setChecked(layer.flow)
        self.flow_speed.show_value(layer.flow_speed)
        self.flow_phase.set_value(round(layer.flow_phase * 100))
        self.flow_speed.setEnabled(layer.flow)
        self.flow_phase.setEnabled(layer.flow)


# --- stickers ----------------------------------------------------------------------------------


class StickerSection(Section):
    kinds = frozenset({StickerLayer.kind})

    def __init__(self, selected: SelectedLayers, parent: QWidget | None = None) -> None:
        super().__init__("Sticker", selected, parent)
        self.size_label = QLabel(self)
        self.size_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reset_size = QPushButton(icon("zoom-original"), "Reset size", self)
        self.reset_size.setToolTip("Show the sticker at the size of its own picture")
        self._row("Picture", self.size_label)
        self.form.addRow("", self.reset_size)
        self.reset_size.clicked.connect(
            lambda: self._edit_once(
                "scale", {"transform": replace(self._transform(), scale=1.0)}, "Reset sticker size"
            )
        )

    def _show(self, layers: Sequence[Layer]) -> None:
        layer = layers[0]
        assert isinstance(layer, StickerLayer)
        scale = layer.transform.scale
        self.size_label.setText(
            f"{layer.width} \N{MULTIPLICATION SIGN} {layer.height} px, shown at {scale * 100:.0f} %"
        )
        self.reset_size.setEnabled(abs(scale - 1.0) > 1e-6)


# --- every layer -------------------------------------------------------------------------------


MAX_SHOWN_S = 600.0  # ten minutes: longer than any animation a meme file can hold


def _milliseconds(seconds: float) -> int | None:
    """A time box's value in the model's terms: its lowest value (0) is None, the loop's end."""
    return round(seconds * 1000) or None


class _TwoStateCheckBox(QCheckBox):
    """Shows "mixed" for several layers, but a click only ever turns it on or off."""

    def nextCheckState(self) -> None:
        on = self.checkState() != Qt.CheckState.Checked
        self.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


class LayerSection(Section):
    """Visibility, opacity and placement; with several layers selected, only what they share
    (visibility and opacity), applied to all of them."""

    def __init__(self, selected: SelectedLayers, parent: QWidget | None = None) -> None:
        super().__init__("Layer", selected, parent)
        self.visible = _TwoStateCheckBox("Visible", self)
        self.opacity = PercentSlider(self)
        self.rotation = NumberBox(-180, 180, decimals=1, suffix="°", parent=self)
        self.rotation.setWrapping(True)
        self.rotation.setToolTip("Clockwise, in degrees")
        self.scale = NumberBox(1, 5000, decimals=1, step=5, suffix=" %", parent=self)
        self.pos_x = NumberBox(-99999, 99999, prefix="X ", suffix=" px", parent=self)
        self.pos_y = NumberBox(-99999, 99999, prefix="Y ", suffix=" px", parent=self)
        self.pos_x.setToolTip("The layer's centre, in pixels from the left edge")
        self.pos_y.setToolTip("The layer's centre, in pixels from the top edge")
        self.position = self._side_by_side(self.pos_x, self.pos_y)
        # When the layer shows in an animation: the lowest value of each box means "from the
        # start" or "to the end" of the loop (None in the model).
        self.shown_from = NumberBox(0, MAX_SHOWN_S, decimals=2, step=0.1, suffix=" s", parent=self)
        self.shown_from.setSpecialValueText("start")
        self.shown_from.setToolTip("When the layer appears in an animation")
        self.shown_to = NumberBox(0, MAX_SHOWN_S, decimals=2, step=0.1, suffix=" s", parent=self)
        self.shown_to.setSpecialValueText("end")
        self.shown_to.setToolTip("When the layer disappears again")
        self.shown = self._side_by_side(self.shown_from, QLabel("to", self), self.shown_to)

        self._row("", self.visible)
        self._row("Opacity", self.opacity)
        self._row("Rotation", self.rotation)
        self._row("Scale", self.scale)
        self._row("Position", self.position, self.pos_x, self.pos_y)
        self._row("Shown from", self.shown, self.shown_from, self.shown_to)

        self.visible.clicked.connect(self._toggle_visible)
        self.opacity.value_changed.connect(
            lambda percent: self._edit("opacity", {"opacity": percent / 100}, "Change opacity")
        )
        self.opacity.gesture_ended.connect(self.finished)
        self.rotation.valueChanged.connect(
            lambda degrees: self._edit_transform("rotation", "Rotate layer", rotation=degrees)
        )
        self.scale.valueChanged.connect(
            lambda percent: self._edit_transform("scale", "Resize layer", scale=percent / 100)
        )
        self.pos_x.valueChanged.connect(lambda x: self._edit_transform("x", "Move layer", x=x))
        self.pos_y.valueChanged.connect(lambda y: self._edit_transform("y", "Move layer", y=y))
        self.shown_from.valueChanged.connect(self._edit_shown_from)
        self.shown_to.valueChanged.connect(self._edit_shown_to)

    def _edit_shown_from(self, seconds: float) -> None:
        start = _milliseconds(seconds)
        changes: dict[str, Any] = {"start_ms": start}
        end = _milliseconds(self.shown_to.value())
        if start is not None and end is not None and end <= start:
            changes["end_ms"] = None  # an end before the start would never show the layer
        self._edit("shown", changes, "Set when the layer shows")

    def _edit_shown_to(self, seconds: float) -> None:
        end = _milliseconds(seconds)
        start = _milliseconds(self.shown_from.value())
        if end is not None and start is not None and end <= start:
            return  # the box is being typed into; a later digit will make it valid
        self._edit("shown", {"end_ms": end}, "Set when the layer shows")

    def _side_by_side(self, *widgets: QWidget) -> QWidget:
        """One form row holding several fields."""
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for widget in widgets:
            layout.addWidget(widget)
        return row

    def applies_to(self, layers: Sequence[Layer]) -> bool:
        return bool(layers)

    def _toggle_visible(self, on: bool) -> None:
        self._edit_once("visible", {"visible": on}, "Show layer" if on else "Hide layer")

    def _edit_transform(self, field: str, label: str, **values: float) -> None:
        self._edit(field, {"transform": replace(self._transform(), **values)}, label)

    def _show(self, layers: Sequence[Layer]) -> None:
        several = len(layers) > 1
        visible = {layer.visible for layer in layers}
        if len(visible) > 1:
            self.visible.setCheckState(Qt.CheckState.PartiallyChecked)
        else:
            self.visible.setCheckState(
                Qt.CheckState.Checked if visible.pop() else Qt.CheckState.Unchecked
            )
        opacities = [layer.opacity for layer in layers]
        self.opacity.set_value(round(sum(opacities) / len(opacities) * 100))
        self._set_row_label(self.opacity, "Opacity" if len(set(opacities)) == 1 else "Opacity ≈")
        # One release, one step: several layers change in one go only when the drag ends.
        self.opacity.set_tracking(not several)
        for widget in (self.rotation, self.scale, self.position, self.shown):
            self.form.setRowVisible(widget, not several)
        if several:
            return
        layer = layers[0]
        self.shown_from.show_value((layer.start_ms or 0) / 1000)
        self.shown_to.show_value((layer.end_ms or 0) / 1000)
        transform = layer.transform
        self.rotation.show_value((transform.rotation + 180) % 360 - 180)
        self.scale.show_value(transform.scale * 100)
        self.pos_x.show_value(transform.x)
        self.pos_y.show_value(transform.y)
