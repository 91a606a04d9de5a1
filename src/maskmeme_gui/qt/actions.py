"""The window's actions, declared once: menus, the toolbar, the canvas's and the layer list's
context menus and the layer list's buttons all show these actions, and this table is the only
place a shortcut is defined.

Shortcuts use QKeySequence.StandardKey where the platform has one, so they follow each desktop's
conventions (Ctrl+Z / Cmd+Z, Ctrl+Shift+Z or Ctrl+Y for redo, ...).

An action's `scope` says where its keys work: "window" anywhere in the window; "layers" while
the canvas or the layer list has focus (Delete or Ctrl+A in the gallery mean the gallery's own
things); "canvas" only on the canvas (arrows and Return move between rows of a list);
"gallery" in the gallery pane, "gallery-list" on its list of memes only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from maskmeme_gui.qt.icons import icon

Shortcut = QKeySequence.StandardKey | str | None
Scope = Literal["window", "layers", "canvas", "gallery", "gallery-list"]


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    shortcut: Shortcut = None
    icon: str = ""  # a freedesktop icon-theme name
    tip: str = ""
    checkable: bool = False
    more_keys: tuple[str, ...] = ()  # further shortcuts for the same action
    scope: Scope = "window"


SK = QKeySequence.StandardKey

FILE_ACTIONS = (
    ActionSpec(
        "new",
        "&New…",
        SK.New,
        "document-new",
        "Start a meme from a template, a blank canvas or the clipboard's picture",
    ),
    ActionSpec("open", "&Open…", SK.Open, "document-open", "Open a photo or a saved meme"),
    ActionSpec("save", "&Save", SK.Save, "document-save", "Save the meme into My memes"),
    ActionSpec("save_as", "Save &As…", SK.SaveAs, "document-save-as"),
    ActionSpec(
        "export", "&Export…", "Ctrl+E", "document-export", "Export as PNG, JPEG, WebP or GIF"
    ),
    ActionSpec("copy_image", "Copy &Image", "Ctrl+Shift+C", "edit-copy", "Copy the finished meme"),
    ActionSpec(
        "keep_photo_details",
        "Keep Photo &Details in Saved Memes",
        None,
        "",
        "Save the place, camera and author a photo names along with the meme",
        checkable=True,
    ),
    ActionSpec("close", "&Close Meme", SK.Close, "document-close"),
    ActionSpec("quit", "&Quit", SK.Quit, "application-exit"),
)
# Undo and redo come from the window's QUndoGroup; these give them their keys and icons.
UNDO_ACTIONS = (
    ActionSpec("undo", "&Undo", SK.Undo, "edit-undo"),
    ActionSpec("redo", "&Redo", SK.Redo, "edit-redo", more_keys=("Ctrl+Y",)),
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
        scope="layers",
    ),
    ActionSpec(
        "duplicate",
        "D&uplicate",
        "Ctrl+D",
        "edit-copy",
        "Duplicate the selected layers",
        scope="layers",
    ),
    ActionSpec("select_all", "Select &All", SK.SelectAll, "edit-select-all", scope="layers"),
    ActionSpec(
        "raise",
        "&Raise Layer",
        "Ctrl+]",
        "go-up",
        "Move the selection up the stack",
        scope="layers",
    ),
    ActionSpec(
        "lower",
        "&Lower Layer",
        "Ctrl+[",
        "go-down",
        "Move the selection down the stack",
        scope="layers",
    ),
    ActionSpec(
        "edit_text",
        "&Edit Caption Text",
        "Return",
        "insert-text",
        "Type into the caption",
        more_keys=("Enter",),
        scope="canvas",
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
        ActionSpec(f"nudge_{name}", f"Nudge {name.title()}", key, scope="canvas"),
        ActionSpec(
            f"nudge_{name}_far",
            f"Nudge {name.title()} {NUDGE_FAR} px",
            f"Shift+{key}",
            scope="canvas",
        ),
    )
)
VIEW_ACTIONS = (
    ActionSpec("zoom_in", "Zoom &In", SK.ZoomIn, "zoom-in"),
    ActionSpec("zoom_out", "Zoom &Out", SK.ZoomOut, "zoom-out"),
    ActionSpec("zoom_fit", "&Fit to Window", "Ctrl+0", "zoom-fit-best"),
    ActionSpec("zoom_actual", "&Actual Size (100 %)", "Ctrl+1", "zoom-original"),
    ActionSpec(
        "play_pause", "&Play / Pause", "K", "media-playback-start", "Play or pause an animation"
    ),
)
TOOL_ACTIONS = (
    ActionSpec("select", "Select", "V", "edit-select", "Select, move, resize and rotate", True),
    ActionSpec("caption", "Caption", "T", "insert-text", "Click to add a caption", True),
    ActionSpec("tear-stream", "Tears", "B", "tear-stream", "Drag to paint a tear stream", True),
    ActionSpec("tear-drop", "Tear Drop", "D", "tear-drop", "Click to add a tear drop", True),
    ActionSpec("sticker", "Sticker", "S", "insert-image", "Add a sticker", True),
    ActionSpec(
        "eyes", "Eyes", "E", "eye-marker", "Show, move or mark the eyes of faces", True
    ),
)
# Adding without the mouse: each lands somewhere sensible, selected, ready for the next key.
ADD_ACTIONS = (
    ActionSpec(
        "add_caption",
        "&Add Caption",
        "Ctrl+T",
        "insert-text",
        "A caption in the first free caption place, ready to type",
    ),
    ActionSpec(
        "add_tears",
        "Add T&ears",
        None,
        "tear-stream",
        "Tears from the eyes of the faces, or where eyes usually are",
    ),
)
# What the faces found in a photo make possible (qt/faces.py).
FACE_ACTIONS = (
    ActionSpec(
        "make_it_cry",
        "Make It &Cry",
        "Ctrl+Shift+T",
        "make-it-cry",
        "Tears from both eyes of every face",
    ),
    ActionSpec(
        "put_on_mask",
        "Put On a &Mask",
        "Ctrl+Shift+M",
        "put-on-mask",
        "A mask over the nose and mouth of every face",
    ),
    ActionSpec(
        "tears_flow",
        "Tears &Flow",
        "Ctrl+Shift+F",
        "",
        "Make every tear run down, and the meme an animation",
        checkable=True,
    ),
)
HELP_ACTIONS = (ActionSpec("about", "&About maskmeme", None, "help-about"),)
GALLERY_ACTIONS = (
    ActionSpec("gallery_search", "Search the Gallery", SK.Find, scope="gallery"),
    ActionSpec("gallery_refresh", "Refresh", SK.Refresh, scope="gallery"),
    ActionSpec("gallery_remove", "Remove from Library…", SK.Delete, scope="gallery-list"),
    ActionSpec("gallery_rename", "Rename…", "F2", scope="gallery-list"),
)


def make_action(parent: QWidget, spec: ActionSpec, slot: Callable[[], object] | None) -> QAction:
    action = QAction(spec.text, parent)
    set_up_action(action, spec)
    if slot is not None:
        action.triggered.connect(lambda _checked=False: slot())
    return action


def set_up_action(action: QAction, spec: ActionSpec) -> None:
    """Give `action` what the table says: name, icon, keys, where they work, tips."""
    action.setObjectName(f"action_{spec.id}")
    if spec.icon:
        action.setIcon(icon(spec.icon))
    # A standard key's first binding only: X11 also binds Ctrl+D to Delete, which would make
    # Duplicate's Ctrl+D ambiguous (neither would fire).
    keys = [] if spec.shortcut is None else [QKeySequence(spec.shortcut)]
    for more in spec.more_keys:
        if QKeySequence(more) not in keys:  # a platform's standard keys may have it already
            keys.append(QKeySequence(more))
    action.setShortcuts(keys)
    contexts = {"window": Qt.ShortcutContext.WindowShortcut,
                "gallery-list": Qt.ShortcutContext.WidgetShortcut}  # fmt: skip
    # Elsewhere the keys work where the widgets that add the action have focus (see `scope`).
    action.setShortcutContext(
        contexts.get(spec.scope, Qt.ShortcutContext.WidgetWithChildrenShortcut)
    )
    tip = spec.tip or spec.text.replace("&", "").rstrip("…")
    action.setStatusTip(tip)
    if keys:
        # Tooltips of toolbar and panel buttons name the key, as the menus do.
        tip = f"{tip} ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})"
    action.setToolTip(tip)
    action.setCheckable(spec.checkable)


def key_text(action_id: str) -> str:
    """The first key of a window action as the platform writes it ("Ctrl+V"), for hints."""
    spec = next(spec for spec in (*FILE_ACTIONS, *EDIT_ACTIONS) if spec.id == action_id)
    if spec.shortcut is None:
        return ""
    return QKeySequence(spec.shortcut).toString(QKeySequence.SequenceFormat.NativeText)
