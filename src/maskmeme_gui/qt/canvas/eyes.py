"""The eyes of the faces a meme knows, drawn as markers over the picture while the Eyes tool is
picked: a ring per eye, a line between the two eyes of a face, and the first eye of a face
being marked. Clicking a marker picks its face (its rings fill): Make It Cry and Put On a Mask
then apply to that face only. Markers are chrome: they keep their size on screen and are never
exported."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsScene,
)

from maskmeme_gui.qt.canvas.chrome import CHROME_Z

if TYPE_CHECKING:
    from maskmeme_gui.model.document import MemeDocument

RADIUS_PX = 7.0  # on screen, whatever the zoom
HIT_PX = 11.0
_RING = QColor(90, 220, 255)
_PENDING = QColor(255, 210, 80)
_CHOSEN_FILL = QColor(90, 220, 255, 110)
_OUTLINE = QColor(0, 0, 0, 170)

EyeRef = tuple[int, int]  # (face index, eye index)


class EyeMarkers:
    def __init__(self, graphics: QGraphicsScene) -> None:
        self._graphics = graphics
        self._items: list[QGraphicsItem] = []
        self._rings: dict[EyeRef, QGraphicsEllipseItem] = {}
        self._pending: QGraphicsEllipseItem | None = None
        self._shown = False
        self.chosen: int | None = None

    def set_shown(self, shown: bool) -> None:
        self._shown = shown
        for item in self._all_items():
            item.setVisible(shown)

    def sync(self, doc: MemeDocument | None) -> None:
        """Markers for the faces `doc` knows now (none without a meme)."""
        for item in self._items:
            self._graphics.removeItem(item)
        self._items.clear()
        self._rings.clear()
        if doc is None:
            self.clear_pending()
            return
        ox, oy = doc.base_origin
        for face_index, face in enumerate(doc.faces or []):
            (ax, ay), (bx, by) = face.eyes
            line = QGraphicsLineItem(QLineF(ax + ox, ay + oy, bx + ox, by + oy))
            pen = QPen(_RING, 1.5, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)
            line.setPen(pen)
            self._add(line)
            for eye_index, (x, y) in enumerate(face.eyes):
                ring = _ring(QPointF(x + ox, y + oy), _RING)
                self._rings[(face_index, eye_index)] = ring
                self._add(ring)
        if self.chosen is not None and self.chosen >= len(doc.faces or []):
            self.chosen = None
        self.choose(self.chosen)

    def choose(self, face_index: int | None) -> None:
        """Pick one face (None: all of them, as when nothing is picked)."""
        self.chosen = face_index
        for (index, _eye), ring in self._rings.items():
            ring.setBrush(QBrush(_CHOSEN_FILL) if index == face_index else QBrush())

    def eye_at(self, scene_pos: QPointF, zoom: float) -> EyeRef | None:
        """The eye whose marker is under the pointer, if any."""
        slack = HIT_PX / max(zoom, 1e-6)
        best: tuple[float, EyeRef] | None = None
        for ref, ring in self._rings.items():
            distance = QLineF(ring.pos(), scene_pos).length()
            if distance <= slack and (best is None or distance < best[0]):
                best = (distance, ref)
        return None if best is None else best[1]

    def ring(self, ref: EyeRef) -> QGraphicsEllipseItem:
        return self._rings[ref]

    def show_pending(self, scene_pos: QPointF) -> None:
        self.clear_pending()
        self._pending = _ring(scene_pos, _PENDING)
        self._pending.setZValue(CHROME_Z)
        self._pending.setVisible(self._shown)
        self._graphics.addItem(self._pending)

    def pending(self) -> QPointF | None:
        return None if self._pending is None else self._pending.pos()

    def clear_pending(self) -> None:
        if self._pending is not None:
            self._graphics.removeItem(self._pending)
            self._pending = None

    def _add(self, item: QGraphicsItem) -> None:
        item.setZValue(CHROME_Z)
        item.setVisible(self._shown)
        self._graphics.addItem(item)
        self._items.append(item)

    def _all_items(self) -> list[QGraphicsItem]:
        return [*self._items, *([self._pending] if self._pending is not None else [])]


def _ring(centre: QPointF, colour: QColor) -> QGraphicsEllipseItem:
    ring = QGraphicsEllipseItem(QRectF(-RADIUS_PX, -RADIUS_PX, 2 * RADIUS_PX, 2 * RADIUS_PX))
    ring.setPos(centre)
    # The same size on screen at any zoom, like the selection handles.
    ring.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
    pen = QPen(_OUTLINE, 4.0)
    ring.setPen(pen)
    inner = QGraphicsEllipseItem(ring.rect(), ring)
    inner.setPen(QPen(colour, 2.0))
    dot = QGraphicsEllipseItem(QRectF(-1.5, -1.5, 3.0, 3.0), ring)
    dot.setPen(QPen(Qt.PenStyle.NoPen))
    dot.setBrush(colour)
    return ring
