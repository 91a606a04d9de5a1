"""File → New: start a meme from a template, a blank canvas or the clipboard's picture.

The dialog only asks; the window starts the meme (after asking whether to save the open one),
so the three ways share the window's own paths for opening a template and a pasted picture.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from maskmeme_gui.fileio.starters import BLANK_PRESETS
from maskmeme_gui.fileio.templates import load_templates
from maskmeme_gui.qt.clipboard import clipboard_has_image
from maskmeme_gui.qt.color_button import ColorButton
from maskmeme_gui.qt.gallery.items import GalleryItem

NewKind = Literal["template", "blank", "clipboard"]
THUMBNAIL_PX = 96
BLANK_COLOUR = "#ffffff"


@dataclass(frozen=True)
class NewMeme:
    """What the user chose: a template's id, or a blank canvas's size and colour, or the
    clipboard's picture."""

    kind: NewKind
    template_id: str = ""
    size: tuple[int, int] = BLANK_PRESETS[0].size
    background: str = BLANK_COLOUR


class NewMemeDialog(QDialog):
    chosen = Signal(object)  # NewMeme, once accepted

    def __init__(
        self, thumbnail: Callable[[GalleryItem], QPixmap | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newMemeDialog")
        self.setWindowTitle("New Meme")
        self.from_template = QRadioButton("From a &template")
        self.blank = QRadioButton("&Blank canvas")
        self.from_clipboard = QRadioButton("From the &clipboard's picture")
        group = QButtonGroup(self)
        for button in (self.from_template, self.blank, self.from_clipboard):
            group.addButton(button)

        self.templates = QListWidget()
        self.templates.setViewMode(QListView.ViewMode.IconMode)
        self.templates.setIconSize(QSize(THUMBNAIL_PX, THUMBNAIL_PX))
        self.templates.setResizeMode(QListView.ResizeMode.Adjust)
        self.templates.setMovement(QListView.Movement.Static)
        self.templates.setWordWrap(True)
        self.templates.setGridSize(QSize(THUMBNAIL_PX + 40, THUMBNAIL_PX + 44))
        self.templates.setMinimumSize(4 * (THUMBNAIL_PX + 40) + 24, 2 * (THUMBNAIL_PX + 44) + 8)
        self.templates.setAccessibleName("Templates")
        for template in load_templates():
            item = GalleryItem("template", template.image_path, template.id, template.name)
            pixmap = thumbnail(item)
            picture = QIcon(pixmap) if pixmap is not None else QIcon(str(template.image_path))
            row = QListWidgetItem(picture, template.name)
            row.setData(Qt.ItemDataRole.UserRole, template.id)
            row.setToolTip(template.description)
            self.templates.addItem(row)
        self.templates.setCurrentRow(0)
        self.templates.itemDoubleClicked.connect(lambda _item: self.accept())

        self.size_choice = QComboBox()
        for preset in BLANK_PRESETS:
            width, height = preset.size
            self.size_choice.addItem(f"{preset.name} — {width} x {height}", preset.size)
        self.colour = ColorButton(BLANK_COLOUR, title="Background")
        blank_form = QFormLayout()
        blank_form.setContentsMargins(24, 0, 0, 0)
        size_label = QLabel("&Size:")
        size_label.setBuddy(self.size_choice)
        colour_label = QLabel("C&olour:")
        colour_label.setBuddy(self.colour)
        blank_form.addRow(size_label, self.size_choice)
        blank_form.addRow(colour_label, self.colour)

        has_picture = clipboard_has_image()
        self.from_clipboard.setEnabled(has_picture)
        self.clipboard_note = QLabel(
            "" if has_picture else "The clipboard holds no picture: copy one first."
        )
        self.clipboard_note.setContentsMargins(24, 0, 0, 0)
        self.clipboard_note.setVisible(not has_picture)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.create_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText("C&reate")
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.from_template)
        layout.addWidget(self.templates, 1)
        layout.addWidget(self.blank)
        layout.addLayout(blank_form)
        layout.addWidget(self.from_clipboard)
        layout.addWidget(self.clipboard_note)
        layout.addWidget(buttons)

        # Choosing inside a part picks that part.
        self.templates.itemSelectionChanged.connect(lambda: self.from_template.setChecked(True))
        self.size_choice.activated.connect(lambda _index: self.blank.setChecked(True))
        self.colour.color_changed.connect(lambda _colour: self.blank.setChecked(True))
        self.from_template.setChecked(True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The arrow keys go through the templates at once; Alt+B, Alt+C pick the other ways.
        self.templates.setFocus(Qt.FocusReason.OtherFocusReason)

    def choice(self) -> NewMeme:
        if self.from_clipboard.isChecked():
            return NewMeme("clipboard")
        if self.blank.isChecked():
            width, height = self.size_choice.currentData()
            return NewMeme("blank", size=(int(width), int(height)), background=self.colour.color())
        current = self.templates.currentItem()
        template_id = "" if current is None else str(current.data(Qt.ItemDataRole.UserRole))
        return NewMeme("template", template_id=template_id)

    def accept(self) -> None:
        choice = self.choice()
        if choice.kind == "template" and not choice.template_id:
            return  # no template picked yet
        super().accept()
        self.chosen.emit(choice)
