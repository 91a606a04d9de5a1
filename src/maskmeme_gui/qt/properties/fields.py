"""Small editor widgets for the properties panel.

Scrolling the panel over a spin box, combo box or slider must scroll the panel, not change a
value the user never looked at: these widgets take the wheel only when they have the focus.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QIcon, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QPlainTextEdit,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QToolButton,
    QWidget,
)

from maskmeme_gui.qt.icons import icon


@contextmanager
def signals_blocked(objects: Iterable[QObject]) -> Iterator[None]:
    """Mirror the model into widgets without the widgets reporting it back as an edit."""
    blocked = [(obj, obj.blockSignals(True)) for obj in objects]
    try:
        yield
    finally:
        for obj, was_blocked in blocked:
            obj.blockSignals(was_blocked)


def show_plain_text(edit: QPlainTextEdit, text: str) -> None:
    """Show the model's text, leaving the field alone while it already says that: rewriting it
    would move the cursor under the user's fingers. A change from elsewhere (an undo while
    typing, the canvas) keeps the cursor where it was, not at the start."""
    if edit.toPlainText() == text:
        return
    cursor = edit.textCursor()
    position = cursor.position()
    edit.setPlainText(text)
    cursor.setPosition(min(position, len(text)))
    edit.setTextCursor(cursor)


class NumberBox(QDoubleSpinBox):
    """A number with a unit; reports every change as the user types or clicks the arrows."""

    def __init__(
        self,
        minimum: float,
        maximum: float,
        *,
        decimals: int = 0,
        step: float = 1.0,
        suffix: str = "",
        prefix: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setRange(minimum, maximum)
        self.setDecimals(decimals)
        self.setSingleStep(step)
        self.setSuffix(suffix)
        self.setPrefix(prefix)
        self.setKeyboardTracking(True)
        self.setAccelerated(True)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def show_value(self, value: float) -> None:
        """Show the model's value, leaving the text alone while it already says that value:
        rewriting it would move the cursor under the user's fingers."""
        if round(value, self.decimals()) != round(self.value(), self.decimals()):
            self.setValue(value)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class ChoiceCombo(QComboBox):
    """A drop-down list of named values; `activated` reports only the user's picks."""

    def __init__(self, choices: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for value, text in choices:
            self.addItem(text, value)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def value(self) -> str:
        return str(self.currentData())

    def set_value(self, value: str) -> None:
        index = self.findData(value)
        if index >= 0:
            self.setCurrentIndex(index)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class _FocusWheelSlider(QSlider):
    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class PercentSlider(QWidget):
    """A 0-100 % slider with a spin box for exact values.

    `value_changed` reports each change (while dragging, when tracking is on); `gesture_ended`
    says one drag is over, so the panel can make each drag one undo step.
    """

    value_changed = Signal(int)
    gesture_ended = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slider = _FocusWheelSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, 100)
        self.slider.setPageStep(10)
        self.slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.spin = QSpinBox(self)
        self.spin.setRange(0, 100)
        self.spin.setSuffix(" %")
        self.spin.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.spin.setFixedWidth(self.spin.fontMetrics().horizontalAdvance("100 %") + 16)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        self.slider.valueChanged.connect(self._from_slider)
        self.slider.sliderMoved.connect(self._show_in_spin)
        self.slider.sliderReleased.connect(self.gesture_ended)
        self.spin.valueChanged.connect(self._from_spin)

    def value(self) -> int:
        return self.slider.value()

    def set_value(self, value: int) -> None:
        if value != self.slider.value():
            self.slider.setValue(value)

    def set_tracking(self, tracking: bool) -> None:
        """Without tracking a drag reports its value once, on release."""
        self.slider.setTracking(tracking)

    def _show_in_spin(self, value: int) -> None:
        self.spin.blockSignals(True)
        self.spin.setValue(value)
        self.spin.blockSignals(False)

    def _from_slider(self, value: int) -> None:
        self._show_in_spin(value)
        self.value_changed.emit(value)

    def _from_spin(self, value: int) -> None:
        self.slider.setValue(value)


@dataclass(frozen=True)
class Choice:
    value: str
    text: str
    icon: str = ""  # a freedesktop icon name (qt/icons.py); the text shows when there is none
    tip: str = ""


class ChoiceButtons(QWidget):
    """A row of exclusive toggle buttons (alignment, letter case...). `chosen` is emitted only
    when the user picks a button; `set_value` just shows the model."""

    chosen = Signal(str)

    def __init__(self, choices: Sequence[Choice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._buttons: dict[str, QToolButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for choice in choices:
            button = QToolButton(self)
            button.setCheckable(True)
            button.setText(choice.text)
            picture = icon(choice.icon) if choice.icon else QIcon()
            if not picture.isNull():
                button.setIcon(picture)
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            button.setToolTip(choice.tip or choice.text)
            button.setAccessibleName(choice.text)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.clicked.connect(lambda _checked=False, value=choice.value: self._pick(value))
            self._group.addButton(button)
            self._buttons[choice.value] = button
            layout.addWidget(button)

    def button(self, value: str) -> QToolButton:
        return self._buttons[value]

    def value(self) -> str | None:
        return next((v for v, b in self._buttons.items() if b.isChecked()), None)

    def set_value(self, value: str) -> None:
        if value in self._buttons:
            self._buttons[value].setChecked(True)

    def _pick(self, value: str) -> None:
        self.chosen.emit(value)
