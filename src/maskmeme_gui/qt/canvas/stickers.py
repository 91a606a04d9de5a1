"""Adding stickers to the canvas: the built-in catalogue's menu, a picture file, dropped or
pasted bytes. Pictures are decoded and checked by the safe loader on a worker; the sticker
layer and its PNG asset go into the document as one command when the picture is ready."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QPointF, Signal
from PySide6.QtWidgets import QFileDialog, QGraphicsView

from maskmeme_gui.fileio.suffixes import IMAGE_SUFFIXES
from maskmeme_gui.qt.workers import TaskGroup

if TYPE_CHECKING:
    from maskmeme_gui.fileio.images import LoadedImage
    from maskmeme_gui.fileio.newlayers import PreparedSticker
    from maskmeme_gui.fileio.stickers import StickerArt
    from maskmeme_gui.qt.canvas.scene import DocumentScene
    from maskmeme_gui.qt.canvas.stickermenu import StickerMenu

log = logging.getLogger("maskmeme.canvas")

Loader = Callable[[], "LoadedImage"]
NO_MEME = "Open a meme or pick a template first"


class StickerAdder(QObject):
    status_message = Signal(str)
    menu_closed = Signal()  # the sticker menu went away, with or without a choice

    def __init__(self, view: QGraphicsView, scene: DocumentScene) -> None:
        super().__init__(view)
        self._view = view
        self._scene = scene  # whose session is the meme stickers go into
        self._loads = TaskGroup(self, name="stickers")
        self._menu: StickerMenu | None = None

    def forget_loads(self) -> None:
        """Another meme is open: pictures still loading for the last one are not added."""
        self._loads.forget_all()

    def pending(self) -> bool:
        return self._loads.pending() > 0

    def wait(self) -> None:
        self._loads.wait()

    def menu(self) -> StickerMenu | None:
        """The sticker menu while it is open."""
        return self._menu

    def open_menu(self, centre: QPointF) -> None:
        """The catalogue at the middle of the view; a choice lands at `centre` (scene)."""
        from maskmeme_gui.qt.canvas.stickermenu import StickerMenu

        menu = StickerMenu(_builtin_stickers(), self._view)
        menu.sticker_chosen.connect(lambda art: self.add_builtin(art, centre))
        menu.file_requested.connect(lambda: self.choose_file(centre))
        menu.aboutToHide.connect(self._menu_hidden)
        self._menu = menu
        corner = self._view.mapToGlobal(self._view.rect().center())
        size = menu.sizeHint()
        menu.popup(corner - QPoint(size.width() // 2, size.height() // 2))

    def _menu_hidden(self) -> None:
        menu, self._menu = self._menu, None
        if menu is not None:
            menu.deleteLater()
        self.menu_closed.emit()

    def add_builtin(self, art: StickerArt, centre: QPointF) -> None:
        self.load_later(partial(load_picture, art.image_path), art.name, centre)

    def choose_file(self, centre: QPointF) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in sorted(IMAGE_SUFFIXES))
        chosen, _ = QFileDialog.getOpenFileName(
            self._view, "Add a sticker", "", f"Images ({patterns});;All files (*)"
        )
        if chosen:
            path = Path(chosen)
            self.load_later(partial(load_picture, path), path.name, centre)

    def add_from_bytes(self, data: bytes, name: str, pos: QPointF) -> str | None:
        """Check the picture with the safe loader and add it as a sticker at `pos` now.
        Returns the new layer's id, or None after saying why not (status_message)."""
        if self._scene.session is None:
            self.status_message.emit(NO_MEME)
            return None
        from maskmeme_gui.fileio.images import ImageLoadError, load_image_bytes
        from maskmeme_gui.fileio.newlayers import prepare_sticker

        try:
            prepared = prepare_sticker(load_image_bytes(data, name), name)
        except ImageLoadError as exc:
            self.status_message.emit(str(exc))
            return None
        return self._add(prepared, pos)

    def load_later(self, load: Loader, name: str, pos: QPointF) -> None:
        """Decode on a worker; add the sticker when it is ready (if the meme is still open)."""
        from maskmeme_gui.fileio.newlayers import prepare_sticker

        session = self._scene.session

        def add(prepared: PreparedSticker) -> None:
            if self._scene.session is session:
                self._add(prepared, pos)

        self._loads.submit(lambda: prepare_sticker(load(), name), add, self.report_error)

    def _add(self, prepared: PreparedSticker, pos: QPointF) -> str | None:
        session = self._scene.session
        if session is None:
            return None
        from maskmeme_gui.fileio.newlayers import sticker_layer
        from maskmeme_gui.model.commands import AddLayers

        layer = sticker_layer(session.doc, prepared, pos.x(), pos.y())
        # The asset is named by its content, so the same picture added twice is stored once.
        assets = {prepared.asset: prepared.png}
        session.push(AddLayers([layer], label="Add sticker", assets=assets))
        session.select([layer.id])
        return layer.id

    def report_error(self, error: Exception) -> None:
        from maskmeme_gui.fileio.images import ImageLoadError

        if not isinstance(error, ImageLoadError | OSError | KeyError | ValueError):
            log.warning("adding a sticker failed", exc_info=error)
        message = error.args[0] if isinstance(error, KeyError) and error.args else str(error)
        self.status_message.emit(str(message))


def _builtin_stickers() -> list[StickerArt]:
    """The built-in sticker catalogue, or nothing if this build has none (it is optional)."""
    try:
        from maskmeme_gui.fileio.stickers import load_stickers
    except ImportError:
        return []
    try:
        return list(load_stickers())
    except (OSError, ValueError) as exc:
        log.warning("the sticker catalogue cannot be read: %s", exc)
        return []


# The safe loader (and Pillow) is imported when the first picture is read, not with the window.
def load_picture(path: Path) -> LoadedImage:
    from maskmeme_gui.fileio.images import load_image

    return load_image(path)


def load_picture_bytes(data: bytes, name: str) -> LoadedImage:
    from maskmeme_gui.fileio.images import load_image_bytes

    return load_image_bytes(data, name)
