"""A small colour-picker button: a swatch (over a checkerboard, so transparency shows) and the
colour's hex code; a click opens QColorDialog with an alpha channel.

Colours are the document's strings, "#rrggbb" or "#rrggbbaa". Qt reads eight hex digits as
#aarrggbb, so the strings are parsed with the renderer's own parser, never by QColor.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QColorDialog, QSizePolicy, QToolButton, QWidget

from maskmeme_gui.render.colors import parse_color

_SWATCH = QSize(28, 16)
_CHECKER = 4  # px per checkerboard square


def color_to_text(color: QColor) -> str:
    """The document's form of a colour: #rrggbb when opaque, else #rrggbbaa."""
    rgb = f"#{color.red():02x}{color.green():02x}{color.blue():02x}"
    return rgb if color.alpha() == 255 else f"{rgb}{color.alpha():02x}"


def text_to_color(text: str) -> QColor:
    return QColor(*parse_color(text))


def swatch_icon(color: QColor, size: QSize = _SWATCH) -> QIcon:
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.white)
    painter = QPainter(pixmap)
    if color.alpha() < 255:
        for row in range(0, size.height(), _CHECKER):
            for column in range(0, size.width(), _CHECKER):
                if (row // _CHECKER + column // _CHECKER) % 2:
                    painter.fillRect(column, row, _CHECKER, _CHECKER, QColor("#c8c8c8"))
    painter.fillRect(pixmap.rect(), color)
    painter.setPen(QColor(0, 0, 0, 110))
    painter.drawRect(QRect(0, 0, size.width() - 1, size.height() - 1))
    painter.end()
    return QIcon(pixmap)


class ColorButton(QToolButton):
    """Shows a colour; clicking lets the user pick another (alpha included).

    `color_changed` follows Qt's convention for setters: it is emitted whenever the colour
    changes, by the dialog or by `set_color`; code that only mirrors the model blocks signals.
    """

    color_changed = Signal(str)

    def __init__(
        self, color: str = "#000000", parent: QWidget | None = None, *, title: str = "Colour"
    ) -> None:
        super().__init__(parent)
        self._color = ""
        self._title = title
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setIconSize(_SWATCH)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.clicked.connect(self.choose)
        self.set_color(color)

    def color(self) -> str:
        return self._color

    def set_color(self, color: str) -> None:
        normalized = color_to_text(text_to_color(color))
        if normalized == self._color:
            return
        self._color = normalized
        qcolor = text_to_color(normalized)
        self.setIcon(swatch_icon(qcolor))
        self.setText(_describe(qcolor))
        self.setToolTip(f"{self._title}: {_describe(qcolor)} — click to choose another colour")
        self.setAccessibleName(f"{self._title} {_describe(qcolor)}")
        self.color_changed.emit(normalized)

    def choose(self) -> None:
        picked = QColorDialog.getColor(
            text_to_color(self._color),
            self,
            f"Choose the {self._title.lower()}",
            QColorDialog.ColorDialogOption.ShowAlphaChannel,
        )
        if picked.isValid():
            self.set_color(color_to_text(picked))


def _describe(color: QColor) -> str:
    code = f"#{color.red():02X}{color.green():02X}{color.blue():02X}"
    if color.alpha() == 255:
        return code
    return f"{code} · {round(color.alpha() / 255 * 100)} %"
