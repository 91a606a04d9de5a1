"""The sticker tool's popup: the built-in stickers as a grid of large thumbnails (a mask is
hard to recognise at menu-icon size), then "From a file…" for any picture.

Every name is written whole, on two lines where it needs them: the tiles are as wide as the
longest name needs. Each picture sits on a light card, so a dark sticker (the navy cloth mask)
reads on a dark theme as well as on a light one. The arrow keys move between the tiles and
Return or Space picks one, so the picker works without a mouse.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QIcon,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QGridLayout,
    QMenu,
    QWidget,
    QWidgetAction,
)

if TYPE_CHECKING:
    from maskmeme_gui.fileio.stickers import StickerArt

COLUMNS = 4
THUMBNAIL_PX = 64
NAME_LINES = 2
MARGIN = 12  # round the grid: the first row keeps clear of the menu's edge
_PAD = 6  # inside a tile, round its card and its name
_CARD = QColor("#f6f7f9")  # light in every theme: dark pictures stay visible on dark menus
_CARD_EDGE = QColor(0, 0, 0, 56)
_TEXT_FLAGS = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
FROM_FILE = "From a File…"
# The arrow keys' steps through the tiles, which lie in rows of COLUMNS.
_ARROWS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1,
           Qt.Key.Key_Up: -COLUMNS, Qt.Key.Key_Down: COLUMNS}  # fmt: skip


def name_width(names: Sequence[str], metrics: QFontMetrics) -> int:
    """The narrowest width that writes each name whole in at most NAME_LINES lines (two:
    split between words where the longer line is shortest)."""

    def two_lines(name: str) -> int:
        words = name.split()
        splits = (
            max(
                metrics.horizontalAdvance(" ".join(words[:i])),
                metrics.horizontalAdvance(" ".join(words[i:])),
            )
            for i in range(1, len(words))
        )
        return min([metrics.horizontalAdvance(name), *splits])

    return max((two_lines(name) for name in names), default=0)


class StickerTile(QAbstractButton):
    """One sticker: its picture on a light card, its whole name under it."""

    def __init__(self, art: StickerArt, text_width: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("stickerButton")
        self.art = art
        self._icon = QIcon(str(art.image_path))
        self.setText(art.name)
        self.setToolTip(art.name)
        self.setAccessibleName(art.name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        card = THUMBNAIL_PX + 2 * _PAD
        width = max(card, text_width) + 2 * _PAD
        text_height = NAME_LINES * self.fontMetrics().lineSpacing()
        self.setFixedSize(width, _PAD + card + _PAD + text_height + _PAD)

    def card_rect(self) -> QRect:
        side = THUMBNAIL_PX + 2 * _PAD
        return QRect((self.width() - side) // 2, _PAD, side, side)

    def text_rect(self) -> QRect:
        """Where the name is written (wrapped, never elided)."""
        top = self.card_rect().bottom() + 1 + _PAD
        return QRect(_PAD, top, self.width() - 2 * _PAD, self.height() - top - _PAD)

    def sizeHint(self) -> QSize:
        return self.size()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.HoverEnter:
            # One tile is current, whether the mouse or the arrow keys got there last.
            self.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.type() in (QEvent.Type.HoverEnter, QEvent.Type.HoverLeave):
            self.update()
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
        elif event.key() in _ARROWS:
            event.ignore()  # the grid moves between tiles (a button would move along a chain)
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        highlight = palette.color(QPalette.ColorRole.Highlight)
        if self.hasFocus() or self.underMouse() or self.isDown():
            fill = QColor(highlight)
            fill.setAlpha(90 if self.isDown() else 48)
            painter.setPen(highlight if self.hasFocus() else Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 6, 6)
        card = self.card_rect()
        painter.setPen(_CARD_EDGE)
        painter.setBrush(_CARD)
        painter.drawRoundedRect(card.adjusted(0, 0, -1, -1), 6, 6)
        picture = card.adjusted(_PAD, _PAD, -_PAD, -_PAD)
        self._icon.paint(painter, picture, Qt.AlignmentFlag.AlignCenter)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        painter.drawText(self.text_rect(), _TEXT_FLAGS, self.text())
        painter.end()


class _TileGrid(QWidget):
    """The tiles in rows of COLUMNS; the arrow keys move the focus between them."""

    def __init__(self, stickers: Sequence[StickerArt], parent: QWidget) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN // 2)
        layout.setSpacing(4)
        width = name_width([art.name for art in stickers], self.fontMetrics())
        self.tiles = [StickerTile(art, width, self) for art in stickers]
        for index, tile in enumerate(self.tiles):
            layout.addWidget(tile, index // COLUMNS, index % COLUMNS)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFocusProxy(self.tiles[0])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        focused = next((i for i, tile in enumerate(self.tiles) if tile.hasFocus()), None)
        step = _ARROWS.get(Qt.Key(event.key()))
        if focused is not None and step is not None and 0 <= focused + step < len(self.tiles):
            self.tiles[focused + step].setFocus(Qt.FocusReason.TabFocusReason)
            return
        super().keyPressEvent(event)  # past the last row: on to the menu's own entries


class StickerMenu(QMenu):
    sticker_chosen = Signal(object)  # StickerArt
    file_requested = Signal()

    def __init__(self, stickers: Sequence[StickerArt], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("stickerMenu")
        self._grid: _TileGrid | None = None
        self._tiles_action = QWidgetAction(self)
        if stickers:
            self._grid = _TileGrid(stickers, self)
            for tile in self._grid.tiles:
                tile.clicked.connect(lambda _checked=False, art=tile.art: self._choose(art))
            self._tiles_action.setDefaultWidget(self._grid)
            self.addAction(self._tiles_action)
        else:
            self.addAction("No built-in stickers found").setEnabled(False)
        self.addSeparator()
        self.addAction(QIcon.fromTheme("document-open"), FROM_FILE).triggered.connect(
            self.file_requested
        )
        # Ready for the arrow keys: the first tile has the focus once the menu shows.
        self.aboutToShow.connect(lambda: QTimer.singleShot(0, self._focus_first))

    def buttons(self) -> list[StickerTile]:
        return [] if self._grid is None else list(self._grid.tiles)

    def _focus_first(self) -> None:
        if self._grid is not None and self.isVisible():
            # The menu's own keys then go on from the tiles: Down past the last row reaches
            # "From a File…".
            self.setActiveAction(self._tiles_action)
            self._grid.tiles[0].setFocus(Qt.FocusReason.PopupFocusReason)

    def _choose(self, art: StickerArt) -> None:
        self.sticker_chosen.emit(art)
        self.close()
