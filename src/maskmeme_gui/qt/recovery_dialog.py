"""The dialog that offers, at start, the unsaved memes a crash or a kill left behind."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from maskmeme_gui.fileio.autosave import Autosave, discard_autosave

THUMBNAIL_SIDE = 96
_AUTOSAVE_ROLE = Qt.ItemDataRole.UserRole + 1


class RecoveryDialog(QDialog):
    """Lists `autosaves`; Recover hands the selected one to `recover` (which returns whether it
    opened it), Discard deletes it. The dialog closes itself once the list is empty."""

    def __init__(
        self,
        autosaves: list[Autosave],
        recover: Callable[[Autosave], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._recover = recover
        self.setWindowTitle("Recover unsaved memes")
        intro = QLabel(
            "maskmeme did not close properly last time. These memes had changes that were not "
            "saved. Recover one to keep editing it, or discard it."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setIconSize(QSize(THUMBNAIL_SIDE, THUMBNAIL_SIDE))
        for autosave in autosaves:
            self.list.addItem(_item_for(autosave))
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.list.itemDoubleClicked.connect(lambda _item: self.recover_current())

        buttons = QDialogButtonBox()
        self.recover_button = QPushButton("&Recover")
        self.discard_button = QPushButton("&Discard")
        self.discard_all_button = QPushButton("Discard &all")
        self.later_button = QPushButton("Decide &later")
        for button, role in (
            (self.recover_button, QDialogButtonBox.ButtonRole.AcceptRole),
            (self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole),
            (self.discard_all_button, QDialogButtonBox.ButtonRole.DestructiveRole),
            (self.later_button, QDialogButtonBox.ButtonRole.RejectRole),
        ):
            buttons.addButton(button, role)
        # The box would close the dialog on Accept/Reject roles; it closes only when done.
        self.recover_button.clicked.connect(self.recover_current)
        self.discard_button.clicked.connect(self.discard_current)
        self.discard_all_button.clicked.connect(self.discard_all)
        self.later_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(520, 420)
        self.list.setCurrentRow(0)
        self._update_buttons()

    def autosaves(self) -> list[Autosave]:
        return [self.list.item(row).data(_AUTOSAVE_ROLE) for row in range(self.list.count())]

    def current(self) -> Autosave | None:
        item = self.list.currentItem()
        if item is None:
            return None
        autosave: Autosave = item.data(_AUTOSAVE_ROLE)  # every item carries its autosave
        return autosave

    def recover_current(self) -> None:
        autosave = self.current()
        if autosave is None or autosave.problem is not None:
            return
        if self._recover(autosave):
            self._drop_current()

    def discard_current(self) -> None:
        autosave = self.current()
        if autosave is None:
            return
        discard_autosave(autosave.path)
        self._drop_current()

    def discard_all(self) -> None:
        for autosave in self.autosaves():
            discard_autosave(autosave.path)
        self.list.clear()
        self.accept()

    def _drop_current(self) -> None:
        self.list.takeItem(self.list.currentRow())
        if self.list.count() == 0:
            self.accept()
        self._update_buttons()

    def _update_buttons(self) -> None:
        autosave = self.current()
        self.recover_button.setEnabled(autosave is not None and autosave.problem is None)
        self.discard_button.setEnabled(autosave is not None)
        self.discard_all_button.setEnabled(self.list.count() > 0)


def _item_for(autosave: Autosave) -> QListWidgetItem:
    when = autosave.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
    lines = [autosave.title, f"Autosaved {when}"]
    if autosave.original is not None:
        lines.append(f"Saved before as {autosave.original.name}")
    if autosave.problem is not None:
        lines.append(f"Cannot be recovered: {autosave.problem}")
    item = QListWidgetItem("\n".join(lines))
    item.setData(_AUTOSAVE_ROLE, autosave)
    item.setToolTip(str(autosave.path))
    thumbnail = _thumbnail(autosave.preview_png)
    if thumbnail is not None:
        item.setIcon(thumbnail)
    return item


def _thumbnail(png: bytes | None) -> QIcon | None:
    if not png:
        return None
    # PySide's stub asks for bytes; 6.11 itself takes only str for the format.
    image = QImage.fromData(png, "PNG")  # type: ignore[arg-type]
    if image.isNull():
        return None
    side = THUMBNAIL_SIDE
    scaled = image.scaled(
        side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    return QIcon(QPixmap.fromImage(scaled))
