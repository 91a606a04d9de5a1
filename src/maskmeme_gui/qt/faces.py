"""Faces in the window: looked for in a worker when a photo opens, then Make It Cry and Put On a
Mask place tears and masks from them, each as one undo step.

Nothing here loads OpenCV or the models: the worker's function does, the first time a photo
opens, after the window's first paint.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from maskmeme_gui.qt.workers import Task

if TYPE_CHECKING:
    from maskmeme_gui.model.faces import Face
    from maskmeme_gui.qt.session import DocumentSession

DEFAULT_MASK = "surgical-mask"
SELECTED_STICKER = ""  # the mask choice that fits the selected sticker instead of a built-in
NO_FACE = "No face found: mark the eyes with the Eyes tool (E), then Make It Cry"


class FaceTools(QObject):
    """Follows the open meme; `ready` says whether face finding may start (the window has
    painted), `chosen_face` which face the user picked (with the Eyes tool), if any; `status`
    shows one sentence in the status bar."""

    status = Signal(str)
    faces_known = Signal()  # the meme's faces were found (or found missing)

    def __init__(
        self,
        ready: Callable[[], bool],
        chosen_face: Callable[[], int | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._ready = ready
        self._chosen_face = chosen_face
        self.session: DocumentSession | None = None
        self._search: Task | None = None
        self._waiting: Callable[[], None] | None = None  # asked for before the faces were known
        self.mask_choice = DEFAULT_MASK

    @property
    def is_searching(self) -> bool:
        return self._search is not None

    def set_session(self, session: DocumentSession | None) -> None:
        self._drop_search()  # its answer is about the previous meme
        self._waiting = None
        self.session = session
        self.look_for_faces()

    def _drop_search(self) -> None:
        if self._search is not None:
            self._search.succeeded.disconnect(self._found)
            self._search.failed.disconnect(self._not_found)
            self._search = None

    def look_for_faces(self) -> None:
        """Start finding the open photo's faces, unless known, running, or not ready to."""
        session = self.session
        if session is None or self._search is not None or not self._ready():
            return
        doc = session.doc
        if doc.faces is not None or doc.base_asset is None or _is_template(doc.metadata.source):
            return
        snapshot = doc.snapshot()
        self.status.emit("Looking for faces…")

        def find(_control: object) -> list[Face]:
            from maskmeme_gui.fileio.face_finding import find_faces_in_document

            return find_faces_in_document(snapshot)

        task = Task(find)
        # Bound to this object, not lambdas: a window closed mid-search drops the answer.
        task.succeeded.connect(self._found)
        task.failed.connect(self._not_found)
        self._search = task
        task.start()

    def _found(self, faces: list[Face]) -> None:
        self._drop_search()
        session = self.session
        if session is None:
            return
        doc = session.doc
        if doc.faces is not None:  # the user marked eyes meanwhile: theirs count
            return
        from maskmeme_gui.model.events import Change

        # Found faces are what the picture shows, not an edit: no undo step, no unsaved mark.
        doc.faces = faces
        doc.notify(Change.FACES)
        if not faces:
            self.status.emit(NO_FACE)
        else:
            count = "1 face" if len(faces) == 1 else f"{len(faces)} faces"
            self.status.emit(
                f"Found {count}: Make It Cry (Ctrl+Shift+T) adds tears, Put On a Mask "
                "(Ctrl+Shift+M) a mask; the Eyes tool (E) moves the eyes"
            )
        self.faces_known.emit()
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            waiting()

    def _not_found(self, error: BaseException) -> None:
        from maskmeme_gui.faces.models import FaceModelError
        from maskmeme_gui.fileio.images import ImageLoadError

        self._drop_search()
        self._waiting = None
        if not isinstance(error, FaceModelError | ImageLoadError):
            raise error  # a bug: the error reporter logs it and shows the details
        self.status.emit(f"Faces cannot be found here ({error}); use the Eyes tool (E)")

    def make_it_cry(self) -> None:
        """Tear streams from both eyes of every face (or of the face picked with the Eyes
        tool), as one undo step."""
        faces = self._faces_or_say_why(self.make_it_cry)
        session = self.session
        if not faces or session is None:
            return
        from maskmeme_gui.fileio.face_layers import tears_for_face
        from maskmeme_gui.model.commands import AddLayers
        from maskmeme_gui.model.layers import Layer

        layers = [layer for face in faces for layer in tears_for_face(session.doc, face)]
        session.push(AddLayers(list[Layer](layers), label="Make it cry"))
        session.select([layer.id for layer in layers])

    def add_tears(self) -> None:
        """Add Tears: from the eyes of the faces found, as Make It Cry; for a meme without
        faces, from a template's own eyes or where eyes usually are. Selected, as one step."""
        session = self.session
        if session is None:
            return
        if session.doc.faces is None:
            self.look_for_faces()
            if self._search is not None:
                self._waiting = self.add_tears
                self.status.emit("Looking for faces…")
                return
        if session.doc.faces:
            self.make_it_cry()
            return
        from maskmeme_gui.fileio.newlayers import default_tears
        from maskmeme_gui.model.commands import AddLayers
        from maskmeme_gui.model.layers import Layer

        layers = default_tears(session.doc, random.randrange(1, 2**31))
        session.push(AddLayers(list[Layer](layers), label="Add tears"))
        session.select([layer.id for layer in layers])

    def put_on_mask(self, choice: str | None = None) -> None:
        """The chosen mask (a built-in's id, or the selected sticker) on every face (or the
        face picked with the Eyes tool), below the tears, as one undo step."""
        faces = self._faces_or_say_why(lambda: self.put_on_mask(choice))
        session = self.session
        if not faces or session is None:
            return
        from maskmeme_gui.fileio.face_layers import builtin_mask, mask_for_face
        from maskmeme_gui.fileio.newlayers import PreparedSticker
        from maskmeme_gui.fileio.stickers import get_sticker
        from maskmeme_gui.model.commands import AddLayers
        from maskmeme_gui.model.layers import Layer, StickerLayer, TearLayer

        choice = self.mask_choice if choice is None else choice
        doc = session.doc
        if choice == SELECTED_STICKER:
            picked = [
                layer for layer in session.selected_layers() if isinstance(layer, StickerLayer)
            ]
            if len(picked) != 1:
                self.status.emit("Select one sticker to use it as the mask")
                return
            layer = picked[0]
            sticker = PreparedSticker(
                layer.asset, doc.assets[layer.asset], (layer.width, layer.height), layer.name
            )
            face_box = None
        else:
            art = get_sticker(choice)
            sticker, face_box = builtin_mask(art), art.face_box
        self.mask_choice = choice
        masks = [mask_for_face(doc, face, sticker, face_box) for face in faces]
        below_tears = next(
            (i for i, layer in enumerate(doc.layers) if isinstance(layer, TearLayer)), None
        )
        session.push(
            AddLayers(
                list[Layer](masks),
                index=below_tears,
                label="Put on a mask" if len(masks) == 1 else "Put on masks",
                assets={sticker.asset: sticker.png},
            )
        )
        session.select([mask.id for mask in masks])

    def _faces_or_say_why(self, again: Callable[[], None]) -> list[Face]:
        """The faces an action applies to; none, with the reason in the status bar, while they
        are still being looked for (`again` then runs when they are known) or if there are
        none."""
        session = self.session
        if session is None:
            return []
        faces = session.doc.faces
        if faces is None:
            self.look_for_faces()
            if self._search is not None:
                self._waiting = again
                self.status.emit("Looking for faces…")
            return []
        if not faces:
            self.status.emit(NO_FACE)
        chosen = self._chosen_face()
        return [faces[chosen]] if chosen is not None and chosen < len(faces) else faces


def _is_template(source: str) -> bool:
    """A built-in template is a drawing with its own tears: no faces to look for."""
    from maskmeme_gui.fileio.starters import TEMPLATE_SOURCE

    return source.startswith(TEMPLATE_SOURCE)
