"""The main window's actions, menus and toolbar, built from the action table (qt/actions.py):
the edit actions come from the window's EditActions, the rest are made here with the window's
slots; undo and redo come from the window's QUndoGroup."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QToolButton

from maskmeme_gui.qt.actions import (
    ADD_ACTIONS,
    EDIT_ACTIONS,
    FACE_ACTIONS,
    FILE_ACTIONS,
    HELP_ACTIONS,
    TOOL_ACTIONS,
    UNDO_ACTIONS,
    VIEW_ACTIONS,
    make_action,
    set_up_action,
)

if TYPE_CHECKING:
    from maskmeme_gui.qt.mainwindow import MainWindow


def build_actions(window: MainWindow) -> QActionGroup:
    """Fill `window.actions_by_id`; returns the group that keeps one tool checked."""
    slots: dict[str, Callable[[], object]] = {
        "new": window.new_meme,
        "open": window.open_dialog,
        "save": window.save,
        "save_as": window.save_as,
        "export": window.export_dialog,
        "copy_image": window.copy_image,
        "close": window.close_meme,
        "quit": window.close,
        "paste": window.paste,
        "zoom_in": window.canvas.zoom_in,
        "zoom_out": window.canvas.zoom_out,
        "zoom_fit": window.canvas.zoom_fit,
        "zoom_actual": window.canvas.zoom_actual,
        "play_pause": window.playback.toggle,
        "about": window.about,
        "make_it_cry": window.faces.make_it_cry,
        "put_on_mask": window.faces.put_on_mask,
        "tears_flow": window.toggle_tears_flow,
        "keep_photo_details": window.toggle_keep_photo_details,
        "add_caption": window.canvas.add_caption_to_type,
        "add_tears": partial(add_tears, window),
    }
    window.actions_by_id.update(window.edit_actions.by_id)
    for spec in (*FILE_ACTIONS, *EDIT_ACTIONS, *VIEW_ACTIONS, *HELP_ACTIONS, *ADD_ACTIONS,
                 *FACE_ACTIONS):  # fmt: skip
        if spec.id in slots:
            window.actions_by_id[spec.id] = make_action(window, spec, slots[spec.id])
    tool_group = QActionGroup(window)
    for spec in TOOL_ACTIONS:
        action = make_action(window, spec, partial(window.canvas.set_tool, spec.id))
        tool_group.addAction(action)
        window.actions_by_id[spec.id] = action
    window.actions_by_id["select"].setChecked(True)
    window.actions_by_id["keep_photo_details"].setChecked(window.settings.keep_photo_details)
    undo = window.undo_group.createUndoAction(window, "&Undo")
    redo = window.undo_group.createRedoAction(window, "&Redo")
    for action, spec in zip((undo, redo), UNDO_ACTIONS, strict=True):
        set_up_action(action, spec)
    window.actions_by_id["undo"], window.actions_by_id["redo"] = undo, redo
    return tool_group


def build_menus_and_toolbar(window: MainWindow) -> QMenu:
    """The menu bar and the toolbar; returns the Open Recent menu, filled when shown."""
    get = window.actions_by_id.__getitem__
    file_menu = window.menuBar().addMenu("&File")
    file_menu.addAction(get("new"))
    file_menu.addAction(get("open"))
    recent_menu = file_menu.addMenu("Open &Recent")
    recent_menu.aboutToShow.connect(window.fill_recent_menu)
    file_menu.addSeparator()
    for name in ("save", "save_as", "export", "copy_image"):
        file_menu.addAction(get(name))
    file_menu.addSeparator()
    file_menu.addAction(get("keep_photo_details"))
    file_menu.addSeparator()
    file_menu.addAction(get("close"))
    file_menu.addAction(get("quit"))

    edit_menu = window.menuBar().addMenu("&Edit")
    edit_entries = ("undo", "redo", None, "paste", "copy_image", None, "duplicate", "delete", None,
                    "select_all", "raise", "lower", "edit_text")  # fmt: skip
    for entry in edit_entries:
        edit_menu.addSeparator() if entry is None else edit_menu.addAction(get(entry))

    view_menu = window.menuBar().addMenu("&View")
    for name in ("zoom_in", "zoom_out", "zoom_fit", "zoom_actual"):
        view_menu.addAction(get(name))
    view_menu.addSeparator()
    view_menu.addAction(get("play_pause"))
    view_menu.addSeparator()
    for dock in (window.gallery_dock, window.layers_dock, window.side_dock):
        view_menu.addAction(dock.toggleViewAction())

    tools_menu = window.menuBar().addMenu("&Tools")
    for spec in ADD_ACTIONS:
        tools_menu.addAction(get(spec.id))
    tools_menu.addSeparator()
    for spec in TOOL_ACTIONS:
        tools_menu.addAction(get(spec.id))
    tools_menu.addSeparator()
    tools_menu.addAction(get("make_it_cry"))
    tools_menu.addAction(get("put_on_mask"))
    mask_menu = tools_menu.addMenu("Which &Mask")
    tools_menu.addAction(get("tears_flow"))
    mask_menu.aboutToShow.connect(partial(fill_mask_menu, window, mask_menu))
    help_menu = window.menuBar().addMenu("&Help")
    help_menu.addAction(get("about"))

    toolbar = window.addToolBar("Tools")
    window.toolbar = toolbar
    toolbar.setObjectName("tools_toolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for name in ("open", "save", "export"):
        toolbar.addAction(get(name))
    toolbar.addSeparator()
    # The menu's actions say what they undo ("Undo Move"); the toolbar keeps short names.
    for name, text in (("undo", "Undo"), ("redo", "Redo")):
        short = QAction(get(name).icon(), text, window)
        keys = get(name).shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        short.setToolTip(f"{text} ({keys})")
        short.triggered.connect(get(name).trigger)
        short.setEnabled(get(name).isEnabled())
        get(name).changed.connect(lambda s=short, n=name: s.setEnabled(get(n).isEnabled()))
        toolbar.addAction(short)
    toolbar.addSeparator()
    for spec in TOOL_ACTIONS:
        toolbar.addAction(get(spec.id))
    toolbar.addSeparator()
    toolbar.addAction(get("make_it_cry"))
    # A click puts on the chosen mask; the arrow beside it chooses another.
    mask_button = QToolButton(toolbar)
    mask_button.setDefaultAction(get("put_on_mask"))
    mask_button.setMenu(mask_menu)
    mask_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
    mask_button.setToolButtonStyle(toolbar.toolButtonStyle())
    toolbar.toolButtonStyleChanged.connect(mask_button.setToolButtonStyle)
    toolbar.addWidget(mask_button)
    toolbar.addSeparator()
    toolbar.addAction(get("zoom_fit"))
    return recent_menu


def add_tears(window: MainWindow) -> None:
    """Add Tears, then the canvas takes the keys: the arrows move the new tears."""
    window.faces.add_tears()
    window.canvas.setFocus(Qt.FocusReason.OtherFocusReason)


def fill_mask_menu(window: MainWindow, menu: QMenu) -> None:
    """The masks Put On a Mask can use: the built-in ones, or the selected sticker. Picking one
    puts it on at once and makes it the mask Ctrl+Shift+M uses."""
    from maskmeme_gui.fileio.stickers import load_stickers
    from maskmeme_gui.qt.faces import SELECTED_STICKER

    menu.clear()
    faces = window.faces
    masks = [(s.id, s.name) for s in load_stickers() if s.face_box is not None]
    for choice, name in [*masks, (SELECTED_STICKER, "The Selected Sticker")]:
        action = menu.addAction(name)
        action.setCheckable(True)
        action.setChecked(choice == faces.mask_choice)
        action.triggered.connect(partial(faces.put_on_mask, choice))
