"""The window's actions, declared once: menus, the toolbar, the canvas's and the layer list's
context menus and the layer list's buttons all show these actions, and this table is the only
place a shortcut is defined.

Shortcuts use QKeySequence.StandardKey where the platform has one, so they follow each desktop's
conventions (Ctrl+Z / Cmd+Z, Ctrl+Shift+Z or Ctrl+Y for redo, ...). Actions marked `canvas_only`
take their keys only while the canvas has focus (arrows and Return mean other things in lists
and text fields).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
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
    more_keys: tuple[str, ...] = ()  # further shortcuts for the same action
    canvas_only: bool = False


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
    ActionSpec(
        "delete",
        "&Delete",
        SK.Delete,
        "edit-delete",
        "Delete the selected layers",
        more_keys=("Backspace",),
    ),
    ActionSpec("duplicate", "D&uplicate", "Ctrl+D", "edit-copy", "Duplicate the selected layers"),
    ActionSpec("select_all", "Select &All", SK.SelectAll, "edit-select-all"),
    ActionSpec("raise", "&Raise Layer", "Ctrl+]", "go-up", "Move the selection up the stack"),
    ActionSpec("lower", "&Lower Layer", "Ctrl+[", "go-down", "Move the selection down the stack"),
    ActionSpec(
        "edit_text",
        "&Edit Caption Text",
        "Return",
        "insert-text",
        "Type into the caption",
        more_keys=("Enter",),
        canvas_only=True,
    ),
)
# Arrow keys nudge the selection by a pixel, with Shift by ten: (id, key, dx, dy).
NUDGES = (
    ("left", "Left", -1, 0),
    ("right", "Right", 1, 0),
    ("up", "Up", 0, -1),
    ("down", "Down", 0, 1),
)
NUDGE_FAR = 10
NUDGE_ACTIONS = tuple(
    spec
    for name, key, _dx, _dy in NUDGES
    for spec in (
        ActionSpec(f"nudge_{name}", f"Nudge {name.title()}", key, canvas_only=True),
        ActionSpec(
            f"nudge_{name}_far",
            f"Nudge {name.title()} {NUDGE_FAR} px",
            f"Shift+{key}",
            canvas_only=True,
        ),
    )
)
VIEW_ACTIONS = (
    ActionSpec("zoom_in", "Zoom &In", SK.ZoomIn, "zoom-in"),
    ActionSpec("zoom_out", "Zoom &Out", SK.ZoomOut, "zoom-out"),
    ActionSpec("zoom_fit", "&Fit to Window", "Ctrl+0", "zoom-fit-best"),
    ActionSpec("zoom_actual", "&Actual Size (100 %)", "Ctrl+1", "zoom-original"),
)
TOOL_ACTIONS = (
    ActionSpec("select", "Select", "V", "edit-select", "Select, move, resize and rotate", True),
    ActionSpec("caption", "Caption", "T", "insert-text", "Click to add a caption", True),
    ActionSpec("tear-stream", "Tears", "B", "tear-stream", "Drag to paint a tear stream", True),
    ActionSpec("tear-drop", "Tear Drop", "D", "tear-drop", "Click to add a tear drop", True),
    ActionSpec("sticker", "Sticker", "S", "insert-image", "Add a sticker", True),
)
HELP_ACTIONS = (ActionSpec("about", "&About maskmeme", None, "help-about"),)


def make_action(parent: QWidget, spec: ActionSpec, slot: Callable[[], object] | None) -> QAction:
    action = QAction(icon(spec.icon), spec.text, parent)
    action.setObjectName(f"action_{spec.id}")
    keys = [QKeySequence(spec.shortcut)] if spec.shortcut is not None else []
    action.setShortcuts([*keys, *(QKeySequence(key) for key in spec.more_keys)])
    if spec.canvas_only:
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    tip = spec.tip or spec.text.replace("&", "").rstrip("…")
    action.setStatusTip(tip)
    if keys:
        # Tooltips of toolbar and panel buttons name the key, as the menus do.
        tip = f"{tip} ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})"
    action.setToolTip(tip)
    action.setCheckable(spec.checkable)
    if slot is not None:
        action.triggered.connect(lambda _checked=False: slot())
    return action
