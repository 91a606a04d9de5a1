"""The window's actions, declared once: menus and the toolbar are built from this table.

Shortcuts use QKeySequence.StandardKey where the platform has one, so they follow each desktop's
conventions (Ctrl+Z / Cmd+Z, Ctrl+Shift+Z or Ctrl+Y for redo, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from maskmeme_gui.qt.icons import icon

Shortcut = QKeySequence.StandardKey | str | None


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    shortcut: Shortcut = None
    icon: str = ""  # a freedesktop icon-theme name
    tip: str = ""
    checkable: bool = False


SK = QKeySequence.StandardKey

FILE_ACTIONS = (
    ActionSpec("open", "&Open…", SK.Open, "document-open", "Open a photo or a saved meme"),
    ActionSpec("save", "&Save", SK.Save, "document-save", "Save the meme into My memes"),
    ActionSpec("save_as", "Save &As…", SK.SaveAs, "document-save-as"),
    ActionSpec(
        "export", "&Export…", "Ctrl+E", "document-export", "Export as PNG, JPEG, WebP or GIF"
    ),
    ActionSpec("copy_image", "Copy &Image", "Ctrl+Shift+C", "edit-copy", "Copy the finished meme"),
    ActionSpec("close", "&Close Meme", SK.Close, "document-close"),
    ActionSpec("quit", "&Quit", SK.Quit, "application-exit"),
)
EDIT_ACTIONS = (
    ActionSpec(
        "paste", "&Paste", SK.Paste, "edit-paste", "Paste an image as a new meme or sticker"
    ),
    ActionSpec("delete", "&Delete", SK.Delete, "edit-delete", "Delete the selected layers"),
    ActionSpec("duplicate", "D&uplicate", "Ctrl+D", "edit-copy", "Duplicate the selected layers"),
    ActionSpec("select_all", "Select &All", SK.SelectAll, "edit-select-all"),
    ActionSpec("raise", "&Raise Layer", "Ctrl+]", "go-up", "Move the selection up the stack"),
    ActionSpec("lower", "&Lower Layer", "Ctrl+[", "go-down", "Move the selection down the stack"),
)
VIEW_ACTIONS = (
    ActionSpec("zoom_in", "Zoom &In", SK.ZoomIn, "zoom-in"),
    ActionSpec("zoom_out", "Zoom &Out", SK.ZoomOut, "zoom-out"),
    ActionSpec("zoom_fit", "&Fit to Window", "Ctrl+0", "zoom-fit-best"),
    ActionSpec("zoom_actual", "&Actual Size (100 %)", "Ctrl+1", "zoom-original"),
)
TOOL_ACTIONS = (
    ActionSpec("select", "Select", "V", "edit-select", "Select, move, resize and rotate (V)", True),
    ActionSpec("caption", "Caption", "T", "insert-text", "Click to add a caption (T)", True),
    ActionSpec("tear-stream", "Tears", "B", "tear-stream", "Drag to paint a tear stream (B)", True),
    ActionSpec("tear-drop", "Tear Drop", "D", "tear-drop", "Click to add a tear drop (D)", True),
    ActionSpec("sticker", "Sticker", "S", "insert-image", "Add a sticker (S)", True),
)
HELP_ACTIONS = (ActionSpec("about", "&About maskmeme", None, "help-about"),)


def make_action(parent: QWidget, spec: ActionSpec, slot: Callable[[], object] | None) -> QAction:
    action = QAction(icon(spec.icon), spec.text, parent)
    action.setObjectName(f"action_{spec.id}")
    if spec.shortcut is not None:
        action.setShortcut(QKeySequence(spec.shortcut))
    tip = spec.tip or spec.text.replace("&", "").rstrip("…")
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.setCheckable(spec.checkable)
    if slot is not None:
        action.triggered.connect(lambda _checked=False: slot())
    return action
