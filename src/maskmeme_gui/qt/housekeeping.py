"""What the window does once it is ready, on worker threads: import the modules the first open,
paste or export needs, and sweep what killed saves left behind."""

from __future__ import annotations

import importlib

from maskmeme_gui.config.paths import library_dir

# The window shows before Pillow, the renderer, the project reader, the dialogs, the model and
# the canvas's editing tools are imported: the methods that need them import them, and once the
# window is ready a background thread imports them all (WARM_UP_MODULES), so the first click
# does not wait for them either.
WARM_UP_MODULES = (
    "maskmeme_gui.render.compose",
    "maskmeme_gui.fileio.project",
    "maskmeme_gui.fileio.starters",
    "maskmeme_gui.model.commands",
    "maskmeme_gui.qt.autosave",
    "maskmeme_gui.qt.canvas.gestures",
    "maskmeme_gui.qt.canvas.chrome",
    "maskmeme_gui.fileio.newlayers",
    "maskmeme_gui.qt.canvas.stickermenu",
    "maskmeme_gui.qt.canvas.textedit",
    "maskmeme_gui.qt.clipboard",
    "maskmeme_gui.qt.export_dialog",
)


def warm_up(modules: tuple[str, ...]) -> None:
    """Import what the first open, paste or export needs, off the GUI thread."""
    for name in modules:
        importlib.import_module(name)


def sweep_leftovers() -> None:
    """Remove what saves killed half-way left behind (temporary files beside their targets whose
    writer has ended, or a day old), and bring the thumbnail cache under its size cap."""
    from maskmeme_gui.config.paths import config_dir, data_dir
    from maskmeme_gui.fileio.atomic import sweep_stale_temp_files
    from maskmeme_gui.fileio.autosave import autosave_dir
    from maskmeme_gui.fileio.thumbnails import default_cache

    for folder in (library_dir(), autosave_dir(), data_dir(), config_dir()):
        sweep_stale_temp_files(folder)
    default_cache().sweep()
