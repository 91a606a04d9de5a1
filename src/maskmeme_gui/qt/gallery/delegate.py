"""How gallery rows look: thumbnail cards, full-width section headers, and notes."""

from __future__ import annotations

import math

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from maskmeme_gui.qt.gallery.model import Role

THUMBNAIL = 160
"""Longest side of a thumbnail, in device-independent pixels."""
_PAD = 8  # around the thumbnail inside its card
_CARD = THUMBNAIL + 2 * _PAD
_MIN_CARD = 100  # narrower cards would make a narrow pane a column of postage stamps
_TEXT_GAP = 6
_RADIUS = 6.0
_HEADER_PAD = 10
_ARROW = 10
_NOTE_PAD = 8
_STAR_GAP = 4  # between a favourite's star and its title, under the picture
_STAR_FILL = QColor(255, 196, 0)  # gold on any theme: it must read as "favourite" at a glance


def star_path(box: QRectF) -> QPainterPath:
    """A five-pointed star filling `box` (the Favourites button draws the same one)."""
    centre = box.center()
    outer = min(box.width(), box.height()) / 2
    inner = outer * 0.45
    path = QPainterPath()
    for point in range(10):
        radius = outer if point % 2 == 0 else inner
        angle = math.radians(-90 + 36 * point)
        corner = QPointF(
            centre.x() + radius * math.cos(angle), centre.y() + radius * math.sin(angle)
        )
        if point == 0:
            path.moveTo(corner)
        else:
            path.lineTo(corner)
    path.closeSubpath()
    return path


AnyIndex = QModelIndex | QPersistentModelIndex


class GalleryDelegate(QStyledItemDelegate):
    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view

    # -- sizes --------------------------------------------------------------------------------

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        kind = index.data(Role.ROW_KIND)
        if kind == "item":
            return self.card_size(option)
        width = self.full_width()
        if kind == "header":
            return QSize(width, option.fontMetrics.height() + 2 * _HEADER_PAD)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        bounds = option.fontMetrics.boundingRect(
            QRect(0, 0, width - 2 * self._indent(), 10_000), Qt.TextFlag.TextWordWrap, text
        )
        return QSize(width, bounds.height() + 2 * _NOTE_PAD)

    def card_size(self, option: QStyleOptionViewItem) -> QSize:
        """Cards share the width evenly, never wider than their natural size.

        A 300-pixel pane gets two smaller cards rather than one with empty space beside it;
        thumbnails shrink to fit the card, and never grow past their natural size.
        """
        spacing = self._view.spacing()
        room = self.layout_width() - spacing - 1
        columns = max(1, math.ceil(room / (_CARD + spacing)))
        while columns > 1 and room // columns - spacing < _MIN_CARD:
            columns -= 1
        width = max(_MIN_CARD, room // columns - spacing)
        thumbnail = min(THUMBNAIL, width - 2 * _PAD)
        return QSize(width, thumbnail + 2 * _PAD + _TEXT_GAP + option.fontMetrics.height())

    def full_width(self) -> int:
        """Wide enough to take a line of its own, narrow enough for no horizontal scroll bar."""
        return max(THUMBNAIL, self.layout_width() - 2 * self._view.spacing() - 1)

    def layout_width(self) -> int:
        """The width QListView lays rows out in.

        When it wraps items it keeps room for a vertical scroll bar that may yet appear, so
        this is the same whether or not the bar is shown, and rows never jump when it does.
        """
        view = self._view
        width = view.maximumViewportSize().width()
        if view.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded:
            bar = view.verticalScrollBar()
            width -= view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, bar)
        return width

    def _indent(self) -> int:
        return _HEADER_PAD + _ARROW + 6

    # -- painting -----------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        kind = index.data(Role.ROW_KIND)
        if kind == "item":
            self._paint_card(painter, option, index)
        elif kind == "header":
            self._paint_header(painter, option, index)
        else:
            self._paint_note(painter, option, index)
        painter.restore()

    def _paint_card(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        palette = option.palette
        card = QRectF(option.rect).adjusted(1, 1, -1, -1)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected or hovered:
            fill = QColor(palette.color(QPalette.ColorRole.Highlight))
            fill.setAlpha(90 if selected else 30)
            painter.setPen(
                QPen(palette.color(QPalette.ColorRole.Highlight), 1.5)
                if selected
                else Qt.PenStyle.NoPen
            )
            painter.setBrush(fill)
            painter.drawRoundedRect(card, _RADIUS, _RADIUS)

        side = min(THUMBNAIL, option.rect.width() - 2 * _PAD)
        box = QRect(
            option.rect.x() + (option.rect.width() - side) // 2, option.rect.y() + _PAD, side, side
        )
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        picture = QRectF(box)
        if pixmap is None:
            self._paint_loading(painter, box, palette)
        else:
            size = pixmap.deviceIndependentSize()
            scale = min(1.0, side / max(size.width(), size.height(), 1))
            picture = QRectF(0, 0, size.width() * scale, size.height() * scale)
            picture.moveCenter(QRectF(box).center())
            painter.drawPixmap(picture, pixmap, QRectF(pixmap.rect()))

        metrics = option.fontMetrics
        text_rect = QRect(
            option.rect.x() + 4, box.bottom() + _TEXT_GAP, option.rect.width() - 8, metrics.height()
        )
        # A favourite's star goes before its title, under the picture: on the picture it hid
        # the top caption, which is what most memes are about.
        star = metrics.height() + 2 if index.data(Role.FAVOURITE) else 0
        room = text_rect.width() - (star + _STAR_GAP if star else 0)
        elide = (
            Qt.TextElideMode.ElideMiddle
            if index.data(Role.SECTION_KIND) == "folder"
            else Qt.TextElideMode.ElideRight
        )
        title = metrics.elidedText(index.data() or "", elide, room)
        if star:
            width = star + _STAR_GAP + metrics.horizontalAdvance(title)
            left = text_rect.center().x() - width / 2
            self._paint_star(painter, QRectF(left, text_rect.center().y() - star / 2, star, star))
            text_rect.setLeft(round(left + star + _STAR_GAP))
            align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        else:
            align = Qt.AlignmentFlag.AlignCenter
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(text_rect, align, title)

    @staticmethod
    def _paint_star(painter: QPainter, star: QRectF) -> None:
        painter.setPen(QPen(QColor(0, 0, 0, 150), 1.0))  # an outline keeps it on light themes
        painter.setBrush(_STAR_FILL)
        painter.drawPath(star_path(star))

    @staticmethod
    def _paint_loading(painter: QPainter, box: QRect, palette: QPalette) -> None:
        shade = QColor(palette.color(QPalette.ColorRole.Mid))
        shade.setAlpha(45)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(shade)
        painter.drawRoundedRect(QRectF(box).adjusted(6, 6, -6, -6), _RADIUS, _RADIUS)

    def _paint_header(
        self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        palette = option.palette
        rect = option.rect
        collapsed = bool(index.data(Role.COLLAPSED))
        arrow = QStyleOptionViewItem(option)
        arrow.rect = QRect(
            rect.x() + _HEADER_PAD // 2, rect.center().y() - _ARROW // 2, _ARROW, _ARROW
        )
        primitive = (
            QStyle.PrimitiveElement.PE_IndicatorArrowRight
            if collapsed
            else QStyle.PrimitiveElement.PE_IndicatorArrowDown
        )
        self._view.style().drawPrimitive(primitive, arrow, painter, self._view)

        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        text_rect = rect.adjusted(self._indent(), 0, -_HEADER_PAD, 0)
        count = self._count_text(index)
        count_width = option.fontMetrics.horizontalAdvance(count) + _HEADER_PAD
        title = painter.fontMetrics().elidedText(
            index.data() or "", Qt.TextElideMode.ElideMiddle, text_rect.width() - count_width
        )
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, title
        )

        painter.setFont(option.font)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, count
        )

        line = QColor(palette.color(QPalette.ColorRole.Mid))
        line.setAlpha(120)
        painter.setPen(QPen(line, 1))
        painter.drawLine(rect.left() + 2, rect.bottom(), rect.right() - 2, rect.bottom())

    @staticmethod
    def _count_text(index: AnyIndex) -> str:
        count = index.data(Role.COUNT) or 0
        matches = index.data(Role.MATCHES)
        if matches is not None:
            return f"{matches} of {count}"
        return str(count) if count else ""

    def _paint_note(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        font = QFont(option.font)
        font.setItalic(True)
        painter.setFont(font)
        painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
        rect = option.rect.adjusted(self._indent(), _NOTE_PAD, -_HEADER_PAD, -_NOTE_PAD)
        painter.drawText(
            rect, Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, index.data() or ""
        )
