"""The canvas's tools, one class each, found by id in `TOOLS`.

A tool owns what a press does with it (usually: start a gesture), its pointer shape and the
hint the status bar shows while it is picked. Adding a tool is one class here and one line in
`TOOLS`; the view only asks the current tool. What only an open meme needs (the model, the
gestures) is imported by the methods that use it, so the window shows without them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from maskmeme_gui.qt.canvas.chrome import SelectionChrome
    from maskmeme_gui.qt.canvas.gestures import Gesture
    from maskmeme_gui.qt.canvas.view import CanvasView

Modifiers = Qt.KeyboardModifier
LAYER_SLACK_PX = 4.0  # clicks this close to a layer's box still pick it


class Tool:
    id: ClassVar[str]
    hint: ClassVar[str] = ""
    cursor: ClassVar[Qt.CursorShape | None] = None

    def __init__(self, canvas: CanvasView) -> None:
        self.canvas = canvas

    def activate(self) -> None:
        """The tool was picked."""

    def deactivate(self) -> None:
        """Another tool was picked."""

    def press(self, scene_pos: QPointF, view_pos: QPoint, modifiers: Modifiers) -> Gesture | None:
        """A left-button press on an open meme; returns the gesture it starts, if any."""
        return None

    def hover_cursor(self, view_pos: QPoint) -> Qt.CursorShape | None:
        """The pointer's shape over `view_pos` with no button down (None: the default)."""
        return self.cursor

    def takes_alt_press(self, view_pos: QPoint) -> bool:
        """Whether an Alt+press at `view_pos` is the tool's own rather than a drag of the meme
        out of the window."""
        return False

    def context_entries(self, scene_pos: QPointF) -> list[tuple[str, Callable[[], object]]]:
        """Menu entries of the tool's own for a right-click at `scene_pos` (none: the canvas
        shows its usual menu of layer edits)."""
        return []

    def _done(self) -> None:
        """Back to Select after one use, as the one-shot tools do."""
        self.canvas.set_tool(SelectTool.id)


class SelectTool(Tool):
    """Select, move, resize and rotate layers; a drag on empty canvas is a rubber band."""

    id = "select"

    def press(self, scene_pos: QPointF, view_pos: QPoint, modifiers: Modifiers) -> Gesture | None:
        from maskmeme_gui.qt.canvas.gestures import (
            MoveGesture,
            ResizeGesture,
            RotateGesture,
            RubberBandGesture,
        )
        from maskmeme_gui.qt.canvas.handles import ROTATE, handle_cursor

        canvas, scene = self.canvas, self.canvas.document_scene()
        session = scene.session
        assert session is not None
        handle = self.handle_at(view_pos)
        if handle is not None:
            name, chrome = handle
            gesture: Gesture
            if name == ROTATE:
                gesture = RotateGesture(
                    session, chrome.item, scene_pos, scene.follow_chrome, canvas.status_message.emit
                )
                canvas.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            else:
                gesture = ResizeGesture(
                    session, chrome, name, scene_pos, canvas.status_message.emit
                )
                canvas.viewport().setCursor(handle_cursor(name, chrome.item.rotation()))
            return gesture
        hit = scene.layer_at(scene_pos, LAYER_SLACK_PX / canvas.zoom_factor())
        toggle = bool(modifiers & (Modifiers.ControlModifier | Modifiers.ShiftModifier))
        if hit is None:
            before = session.selection if toggle else []
            if not toggle:
                session.select([])
            return RubberBandGesture(
                canvas.viewport(),
                view_pos,
                lambda rect: canvas.mapToScene(rect).boundingRect(),
                lambda area: session.select(before + scene.layers_in(area)),
            )
        if toggle:
            chosen = set(session.selection) ^ {hit}
            session.select(list(chosen))
            if hit not in chosen:
                return None
        elif hit not in session.selection:
            session.select([hit])
        items = [scene.layer_items[i] for i in session.selection if i in scene.layer_items]
        # The layers moving under the pointer are feedback enough: hiding the chrome while
        # they move halves what each move repaints over a big photo.
        scene.hide_chrome()
        return MoveGesture(
            session,
            items,
            scene_pos,
            QApplication.startDragDistance() / canvas.zoom_factor(),
            canvas.status_message.emit,
        )

    def hover_cursor(self, view_pos: QPoint) -> Qt.CursorShape | None:
        canvas = self.canvas
        handle = self.handle_at(view_pos)
        if handle is not None:
            from maskmeme_gui.qt.canvas.handles import handle_cursor

            name, chrome = handle
            return handle_cursor(name, chrome.item.rotation())
        slack = LAYER_SLACK_PX / canvas.zoom_factor()
        if canvas.document_scene().layer_at(canvas.mapToScene(view_pos), slack) is not None:
            return Qt.CursorShape.SizeAllCursor
        return None

    def takes_alt_press(self, view_pos: QPoint) -> bool:
        return self.handle_at(view_pos) is not None  # Alt on a handle resizes about the centre

    def handle_at(self, view_pos: QPoint) -> tuple[str, SelectionChrome] | None:
        """The handle nearest the pointer within reach, and the chrome it belongs to."""
        if not self.canvas.document_scene().chrome:
            return None
        from maskmeme_gui.qt.canvas.chrome import HIT_PX

        best: tuple[str, SelectionChrome] | None = None
        nearest = HIT_PX * 1.4
        for chrome in self.canvas.document_scene().chrome.values():
            for name, point in chrome.handle_points().items():
                distance = (self.canvas.mapFromScene(point) - view_pos).manhattanLength()
                if distance <= nearest:
                    best, nearest = (name, chrome), distance
        return best


class CaptionTool(Tool):
    id = "caption"
    hint = "Click where the new caption should go"
    cursor = Qt.CursorShape.IBeamCursor

    def press(self, scene_pos: QPointF, view_pos: QPoint, modifiers: Modifiers) -> Gesture | None:
        from maskmeme_gui.fileio.newlayers import PLACEHOLDER_TEXT

        captions = self.canvas.captions
        layer_id = captions.add(PLACEHOLDER_TEXT, scene_pos)
        self._done()
        if layer_id is not None:
            captions.edit(layer_id)
        return None


class _TearTool(Tool):
    cursor = Qt.CursorShape.CrossCursor
    # Seeds for the tears' shapes: each new tear looks a little different.
    _seeds = random.Random()

    def _new_seed(self) -> int:
        return self._seeds.randrange(1, 2**31)


class TearStreamTool(_TearTool):
    id = "tear-stream"
    hint = "Drag down from an eye to paint a tear stream; Esc when done"

    def press(self, scene_pos: QPointF, view_pos: QPoint, modifiers: Modifiers) -> Gesture | None:
        from maskmeme_gui.qt.canvas.gestures import StrokeGesture

        canvas = self.canvas
        return StrokeGesture(
            canvas.document_scene().graphics, scene_pos, canvas.zoom_factor(), self._add
        )

    def _add(self, points: list[tuple[float, float]]) -> None:
        session = self.canvas.session()
        if session is None:
            return
        from maskmeme_gui.fileio.newlayers import tear_stream
        from maskmeme_gui.model.commands import AddLayers

        layer = tear_stream(session.doc, points, self._new_seed())
        session.push(AddLayers([layer], label="Add tears"))
        session.select([layer.id])


class TearDropTool(_TearTool):
    id = "tear-drop"
    hint = "Click where a tear drop should fall"

    def press(self, scene_pos: QPointF, view_pos: QPoint, modifiers: Modifiers) -> Gesture | None:
        session = self.canvas.session()
        assert session is not None
        from maskmeme_gui.fileio.newlayers import tear_drop
        from maskmeme_gui.model.commands import AddLayers

        layer = tear_drop(session.doc, scene_pos.x(), scene_pos.y(), self._new_seed())
        session.push(AddLayers([layer], label="Add tear drop"))
        session.select([layer.id])
        self._done()
        return None


class StickerTool(Tool):
    """Opens the sticker menu at once; the tool is done when the menu closes."""

    id = "sticker"
    hint = "Pick a sticker, or add any image file"

    def __init__(self, canvas: CanvasView) -> None:
        super().__init__(canvas)
        canvas.stickers.menu_closed.connect(self._menu_closed)

    def activate(self) -> None:
        canvas = self.canvas
        if canvas.session() is None:
            canvas.status_message.emit("Open a meme or pick a template first")
            self._done()
            return
        canvas.stickers.open_menu(canvas.view_centre())

    def _menu_closed(self) -> None:
        # After the menu's action (if any) ran; not at all if the canvas closed meanwhile.
        QTimer.singleShot(0, self.canvas, self._done_unless_switched)

    def _done_unless_switched(self) -> None:
        if self.canvas.tool() == self.id:
            self._done()


class EyesTool(Tool):
    """Shows the eyes of the faces the meme knows: drag a marker to move an eye, or click two
    eyes of a face the finder missed."""

    id = "eyes"
    hint = "Click each eye of a face to mark it, or drag an eye marker to move it"
    cursor = Qt.CursorShape.CrossCursor

    def activate(self) -> None:
        self.canvas.document_scene().eyes.set_shown(True)

    def deactivate(self) -> None:
        eyes = self.canvas.document_scene().eyes
        eyes.clear_pending()
        eyes.choose(None)
        eyes.set_shown(False)

    def press(self, scene_pos: QPointF, view_pos: QPoint, modifiers: Modifiers) -> Gesture | None:
        from maskmeme_gui.model.commands import SetFaces
        from maskmeme_gui.model.faces import face_from_eyes
        from maskmeme_gui.qt.canvas.gestures import EyeDragGesture

        canvas, session = self.canvas, self.canvas.session()
        assert session is not None
        eyes = canvas.document_scene().eyes
        hit = eyes.eye_at(scene_pos, canvas.zoom_factor())
        if hit is not None:
            eyes.choose(hit[0])
            canvas.status_message.emit(
                "Face picked: Make It Cry and Put On a Mask apply to it; click beside the faces "
                "to pick none"
            )
            return EyeDragGesture(session, eyes.ring(hit), hit, canvas.status_message.emit)
        if eyes.chosen is not None:
            eyes.choose(None)
            canvas.status_message.emit(self.hint)
            return None
        ox, oy = session.doc.base_origin
        first = eyes.pending()
        if first is None:
            eyes.show_pending(scene_pos)
            canvas.status_message.emit("Now click the face's other eye")
            return None
        eyes.clear_pending()
        face = face_from_eyes(
            (first.x() - ox, first.y() - oy), (scene_pos.x() - ox, scene_pos.y() - oy)
        )
        session.push(SetFaces([*(session.doc.faces or []), face], label="Mark eyes"))
        canvas.status_message.emit("Eyes marked: Make It Cry and Put On a Mask use them")
        return None

    def hover_cursor(self, view_pos: QPoint) -> Qt.CursorShape | None:
        canvas = self.canvas
        if canvas.document_scene().eyes.eye_at(canvas.mapToScene(view_pos), canvas.zoom_factor()):
            return Qt.CursorShape.SizeAllCursor
        return self.cursor

    def context_entries(self, scene_pos: QPointF) -> list[tuple[str, Callable[[], object]]]:
        canvas = self.canvas
        hit = canvas.document_scene().eyes.eye_at(scene_pos, canvas.zoom_factor())
        if hit is None:
            return []
        return [("Forget This Face", lambda: self._forget(hit[0]))]

    def _forget(self, face_index: int) -> None:
        """Drop a face the finder was wrong about: Make It Cry and the masks leave it alone."""
        from maskmeme_gui.model.commands import SetFaces

        session = self.canvas.session()
        if session is None or not session.doc.faces or face_index >= len(session.doc.faces):
            return
        faces = [face for i, face in enumerate(session.doc.faces) if i != face_index]
        self.canvas.document_scene().eyes.choose(None)
        session.push(SetFaces(faces, label="Forget face"))


TOOLS: dict[str, type[Tool]] = {
    tool.id: tool
    for tool in (SelectTool, CaptionTool, TearStreamTool, TearDropTool, StickerTool, EyesTool)
}
