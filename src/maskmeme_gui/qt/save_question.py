"""The question asked before unsaved changes would be lost: Save, Don't Save or Cancel, each
with a mnemonic (Alt+S, Alt+D, Alt+C), as desktop editors ask it."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

Answer = QMessageBox.StandardButton

BUTTON_TEXTS = {
    Answer.Save: "&Save",
    Answer.Discard: "&Don't Save",
    Answer.Cancel: "&Cancel",
}


def save_changes_box(parent: QWidget | None, name: str) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Save changes?",
        f"“{name}” has changes that are not saved.",
        parent=parent,
    )
    for button, text in BUTTON_TEXTS.items():
        box.addButton(button).setText(text)
    box.setDefaultButton(Answer.Save)
    box.setEscapeButton(Answer.Cancel)
    box.setObjectName("saveChangesBox")
    return box


def ask_to_save(parent: QWidget | None, name: str) -> Answer:
    """Save, Discard (Don't Save) or Cancel; closing the box is Cancel."""
    box = save_changes_box(parent, name)
    box.exec()
    clicked = box.clickedButton()
    answer = Answer.Cancel if clicked is None else box.standardButton(clicked)
    box.deleteLater()
    return answer
