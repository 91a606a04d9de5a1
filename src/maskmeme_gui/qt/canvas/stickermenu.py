"""The sticker tool's popup: the built-in stickers as a grid of large thumbnails (a mask is
hard to recognise at menu-icon size), then "From a file…" for any picture."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QGridLayout, QMenu, QToolButton, QWidget, QWidgetAction

if TYPE_CHECKING:
    from maskmeme_gui.fileio.stickers import StickerArt

COLUMNS = 4
THUMBNAIL_PX = 56
_BUTTON_WIDTH = 104
FROM_FILE = "From a File…"


class StickerMenu(QMenu):
    sticker_chosen = Signal(object)  # StickerArt
    file_requested = Signal()

    def __init__(self, stickers: Sequence[StickerArt], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("stickerMenu")
        if stickers:
            grid = QWidget(self)
            layout = QGridLayout(grid)
            layout.setContentsMargins(8, 8, 8, 4)
            layout.setSpacing(2)
            for index, art in enumerate(stickers):
                layout.addWidget(self._button(art), index // COLUMNS, index % COLUMNS)
            palette = QWidgetAction(self)
            palette.setDefaultWidget(grid)
            self.addAction(palette)
        else:
            self.addAction("No built-in stickers found").setEnabled(False)
        self.addSeparator()
        self.addAction(QIcon.fromTheme("document-open"), FROM_FILE).triggered.connect(
            self.file_requested
        )

    def buttons(self) -> list[QToolButton]:
        return self.findChildren(QToolButton, "stickerButton")

    def _button(self, art: StickerArt) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName("stickerButton")
        button.setIcon(QIcon(str(art.image_path)))
        button.setIconSize(QSize(THUMBNAIL_PX, THUMBNAIL_PX))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        button.setAutoRaise(True)
        # One size for all, so the names line up whatever each picture's shape.
        button.setFixedSize(_BUTTON_WIDTH, THUMBNAIL_PX + button.fontMetrics().lineSpacing() + 16)
        text = button.fontMetrics().elidedText(art.name, Qt.TextElideMode.ElideRight, 96)
        button.setText(text)
        button.setToolTip(art.name)
        button.setAccessibleName(art.name)
        button.clicked.connect(lambda: self._choose(art))
        return button

    def _choose(self, art: StickerArt) -> None:
        self.sticker_chosen.emit(art)
        self.close()
