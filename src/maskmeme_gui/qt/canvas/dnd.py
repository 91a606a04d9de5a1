"""Drag and drop on the canvas, both ways.

In: picture files, pictures from other apps and gallery templates dropped on an open meme
become stickers where they land; with no meme open, files and templates go to the window to be
opened. Out: the finished meme, rendered by render/ on a worker from the moment the mouse goes
down, handed to a drag as a PNG.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPointF, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QGraphicsView

from maskmeme_gui.fileio.templates import get_template
from maskmeme_gui.qt.canvas.drops import DropContents, read_drop
from maskmeme_gui.qt.canvas.stickers import Loader, load_picture, load_picture_bytes

if TYPE_CHECKING:
    from PIL import Image

    from maskmeme_gui.qt.canvas.scene import DocumentScene
    from maskmeme_gui.qt.canvas.stickers import StickerAdder
    from maskmeme_gui.qt.dragout import DragRender

DROP_SPREAD = 24.0  # scene px between stickers dropped together


class CanvasTransfer(QObject):
    status_message = Signal(str)
    files_dropped = Signal(list)  # list[Path], dropped while no meme is open
    template_dropped = Signal(str)  # a gallery template's id, dropped while no meme is open
    drag_out_requested = Signal()  # a drag of the finished meme is starting

    def __init__(self, view: QGraphicsView, scene: DocumentScene, stickers: StickerAdder):
        super().__init__(view)
        self._view = view
        self._scene = scene
        self._stickers = stickers
        self.highlight = False  # a drag that can be dropped is over the canvas
        self._drag_render: DragRender | None = None
        self._revision = 0  # counts document changes: the drag-out picture's key
        # A new meme counts too: a session made later may be given the address of a closed one.
        scene.document_changed.connect(self._count_change)
        scene.canvas_changed.connect(self._count_change)

    def _count_change(self) -> None:
        self._revision += 1

    # In -------------------------------------------------------------------------------------

    def drag_enter(self, event: QDragEnterEvent) -> None:
        contents = self._contents(event)
        if contents.is_empty():
            event.ignore()
            self.status_message.emit(
                contents.refusal_message() or "Only pictures can be dropped here"
            )
            return
        event.acceptProposedAction()
        if contents.refusals:
            self.status_message.emit(contents.refusal_message())
        self._set_highlight(True)

    def drag_leave(self) -> None:
        self._set_highlight(False)

    def drop(self, event: QDropEvent) -> None:
        self._set_highlight(False)
        contents = self._contents(event)
        if contents.refusals:
            self.status_message.emit(contents.refusal_message())
        if contents.is_empty():
            event.ignore()
            return
        event.acceptProposedAction()
        if self._scene.session is None:
            # A template from the gallery starts a meme from it (its picture's URL, which
            # the gallery sends as well, would open as a plain photo).
            if contents.template_ids:
                self.template_dropped.emit(contents.template_ids[0])
            elif contents.files:
                self.files_dropped.emit(list(contents.files))
            return
        pos = self._view.mapToScene(event.position().toPoint())
        for index, (load, name) in enumerate(self._pictures(contents)):
            self._stickers.load_later(load, name, pos + QPointF(index, index) * DROP_SPREAD)

    def _pictures(self, contents: DropContents) -> list[tuple[Loader, str]]:
        """Each picture once: the gallery sends a template both as its id and as the URL of
        its picture."""
        files = {path: path.name for path in contents.files}
        for template_id in contents.template_ids:
            try:
                template = get_template(template_id)
            except KeyError as exc:
                self._stickers.report_error(exc)
                continue
            files.setdefault(template.image_path, template.name)
        pictures: list[tuple[Loader, str]] = [
            (partial(load_picture, path), name) for path, name in files.items()
        ]
        if contents.image_data is not None:
            data = contents.image_data
            pictures.append((partial(load_picture_bytes, data, "picture"), "Picture"))
        return pictures

    def _contents(self, event: QDropEvent | QDragEnterEvent) -> DropContents:
        no_meme = self._scene.session is None
        contents = read_drop(event.mimeData(), open_projects=no_meme)
        if no_meme and contents.image_data:
            # Without a meme the window opens files and templates; pictures from other apps
            # are pasted.
            contents.image_data = None
            if not contents.files and not contents.template_ids:
                contents.refusals.append("Drop picture files here, or paste a picture")
        return contents

    def _set_highlight(self, on: bool) -> None:
        if on != self.highlight:
            self.highlight = on
            self._view.viewport().update()

    # Out ------------------------------------------------------------------------------------

    def _picture(self) -> tuple[DragRender, tuple[int, int], Callable[[], Image.Image]]:
        """The drag-out renderer, the key of what the meme looks like now, and its render."""
        from maskmeme_gui.qt.dragout import DragRender
        from maskmeme_gui.render.compose import render_document

        if self._drag_render is None:
            self._drag_render = DragRender(self)
        session = self._scene.session
        assert session is not None
        snapshot = session.doc.snapshot()
        return self._drag_render, (id(session), self._revision), partial(render_document, snapshot)

    def prepare_drag_out(self) -> None:
        """The mouse went down where a drag-out may start: render the meme in a worker now."""
        if self._scene.session is not None:
            renderer, key, render = self._picture()
            renderer.prepare(key, render)

    def drag_out(self) -> None:
        session = self._scene.session
        if session is None:
            return
        from maskmeme_gui.fileio.images import ImageLoadError
        from maskmeme_gui.qt import dragout
        from maskmeme_gui.render.compose import RenderError

        self.drag_out_requested.emit()
        renderer, key, render = self._picture()
        try:
            picture = renderer.take(key, render)
        except (RenderError, ImageLoadError) as exc:
            self.status_message.emit(f"The meme cannot be dragged out: {exc}")
            return
        if self._scene.session is session:  # still the same meme after the wait
            dragout.start_meme_drag(self._view, picture, Path(session.display_name).stem)
