"""The main window: gallery on the left, the canvas in the centre, layers, properties and the
info panel on the right; menus and the toolbar built from qt/actions.py."""

from __future__ import annotations

import base64
import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QResizeEvent,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from maskmeme_gui import __version__
from maskmeme_gui.config.paths import library_dir
from maskmeme_gui.config.settings import Settings
from maskmeme_gui.fileio.atomic import WriteError
from maskmeme_gui.fileio.settings_file import save_settings
from maskmeme_gui.fileio.suffixes import PROJECT_SUFFIX
from maskmeme_gui.qt import actions as A
from maskmeme_gui.qt import save_question
from maskmeme_gui.qt.canvas.view import CanvasView
from maskmeme_gui.qt.edit_actions import EditActions
from maskmeme_gui.qt.faces import FaceTools
from maskmeme_gui.qt.gallery.pane import GalleryPane
from maskmeme_gui.qt.housekeeping import WARM_UP_MODULES, sweep_leftovers, warm_up
from maskmeme_gui.qt.layers_panel import LayersPanel
from maskmeme_gui.qt.menus import build_actions, build_menus_and_toolbar
from maskmeme_gui.qt.placement import PREFERRED, first_geometry, fits
from maskmeme_gui.qt.playback import MemePlayer, Playback, PlaybackBar
from maskmeme_gui.qt.properties import PropertiesPanel
from maskmeme_gui.qt.text_list import TextList
from maskmeme_gui.qt.undo_keys import UndoKeysPassThrough
from maskmeme_gui.qt.workers import Task

if TYPE_CHECKING:
    from maskmeme_gui.fileio.autosave import Autosave
    from maskmeme_gui.model.document import MemeDocument
    from maskmeme_gui.model.events import DocumentChanged
    from maskmeme_gui.qt.autosave import AutosaveController
    from maskmeme_gui.qt.clipboard import TransferImage
    from maskmeme_gui.qt.info_panel import InfoPanel
    from maskmeme_gui.qt.new_meme_dialog import NewMeme
    from maskmeme_gui.qt.recovery_dialog import RecoveryDialog
    from maskmeme_gui.qt.session import DocumentSession

OPEN_FILTER = (
    "Memes and images (*.maskmeme *.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff);;"
    "maskmeme projects (*.maskmeme);;All files (*)"
)
MAX_RECENT_MENU = 10
TOOLBAR_SLACK = 24  # the toolbar's handle and margins
log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    first_painted = Signal()
    ready = Signal()  # once: painted, with the template gallery filled
    opened = Signal()  # a document finished loading and is shown

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.session: DocumentSession | None = None
        self.autosave: AutosaveController | None = None
        self._painted = False
        self.is_ready = False
        self.setAcceptDrops(True)
        self.undo_group = QUndoGroup(self)

        self.edit_actions = EditActions(self)
        self.canvas = CanvasView(self.edit_actions, self)
        self.playback = Playback(self)
        self.player = MemePlayer(self.playback, self.canvas.document_scene().show_time, self)
        self.playback_bar = PlaybackBar(self.playback)
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        centre_layout.addWidget(self.canvas, 1)
        centre_layout.addWidget(self.playback_bar)
        self.setCentralWidget(centre)
        self.gallery = GalleryPane(settings, self)
        self._info: InfoPanel | None = None  # built when first shown (see `info`)
        self._info_page = QWidget()
        self.layers = LayersPanel(self.edit_actions, self)
        self.properties = PropertiesPanel(self)
        self.faces = FaceTools(lambda: self.is_ready, self.canvas.chosen_face, self)
        self._build_docks()
        self.actions_by_id: dict[str, QAction] = {}
        self.tool_group = build_actions(self)
        self.toolbar: QToolBar  # set by build_menus_and_toolbar
        self.recent_menu = build_menus_and_toolbar(self)
        # The toolbar's width with names beside the icons, for fit_toolbar (the font is fixed).
        self._toolbar_wide = self.toolbar.sizeHint().width()
        self._build_status_bar()
        self._connect_views()
        self._restore_layout()
        self._update_title()
        self._update_enabled()

    # Layout ---------------------------------------------------------------------------------

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)  # saveState() needs names
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.gallery_dock = self._dock("Gallery", "gallery_dock", self.gallery, left)
        editing = QTabWidget()
        editing.setDocumentMode(True)
        # First: the meme's words, all in one place, whatever is selected on the canvas.
        self.text_list = TextList(self.canvas.add_caption)
        editing.addTab(self.text_list, "Text")
        editing.addTab(self.properties, "Properties")
        QVBoxLayout(self._info_page).setContentsMargins(0, 0, 0, 0)
        editing.addTab(self._info_page, "About the meme")
        editing.currentChanged.connect(
            lambda index: editing.widget(index) is self._info_page and self.info
        )
        self.edit_tabs = editing
        # Delete, Ctrl+D...: the layer keys work from the Properties and About tabs as well.
        editing.addActions(self.edit_actions.scoped("layers"))
        self.layers_dock = self._dock("Layers", "layers_dock", self.layers, right)
        self.side_dock = self._dock("Details", "details_dock", editing, right)
        self.resizeDocks([self.gallery_dock], [300], Qt.Orientation.Horizontal)
        self.resizeDocks([self.layers_dock, self.side_dock], [340, 340], Qt.Orientation.Horizontal)
        self.resizeDocks([self.layers_dock, self.side_dock], [220, 500], Qt.Orientation.Vertical)

    def _build_status_bar(self) -> None:
        self.zoom_label = QLabel("")
        self.zoom_label.setMinimumWidth(60)
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.statusBar().showMessage("Pick a template, open a photo or paste one to start", 0)

    def _connect_views(self) -> None:
        self.canvas.status_message.connect(self.show_status)
        self.canvas.zoom_changed.connect(lambda f: self.zoom_label.setText(f"{f * 100:.0f} %"))
        self.canvas.files_dropped.connect(self.open_paths)
        self.canvas.template_dropped.connect(self.open_template)
        # The canvas goes back to Select after adding something; the toolbar follows it.
        self.canvas.tool_changed.connect(lambda tool: self.actions_by_id[tool].setChecked(True))
        self.gallery.open_requested.connect(self.open_gallery_item)
        self.gallery.status_message.connect(self.show_status)
        self.gallery.file_renamed.connect(self._file_renamed)
        self.gallery.file_removed.connect(self._file_removed)
        self.first_painted.connect(self._check_ready)
        self.gallery.templates_ready.connect(self._check_ready)
        self.faces.status.connect(self.show_status)
        # Undo and redo reach the meme from the Properties fields too, as in other editors:
        # without this, a focused number box takes Ctrl+Z for its own text.
        self._undo_keys = UndoKeysPassThrough(self.side_dock, self)
        self.player.timeline_known.connect(self.playback_bar.follow)
        self.player.said.connect(self.show_status)
        self.player.timeline_known.connect(self._update_enabled)

    def _check_ready(self) -> None:
        if self.is_ready or not (self._painted and self.gallery.templates_filled()):
            return
        self.is_ready = True
        self.ready.emit()
        # After the signal: whoever waits for `ready` sees the window as it started.
        Task(lambda _control: warm_up(WARM_UP_MODULES)).start()
        Task(lambda _control: sweep_leftovers()).start()
        self.faces.look_for_faces()  # a photo opened before the first paint

    # Sessions -------------------------------------------------------------------------------

    def set_document(self, doc: MemeDocument, path: Path | None = None) -> None:
        """Show `doc` (the caller has already asked whether to save the current one)."""
        # Imported with the first meme: the window shows before the model and its undo and
        # autosave machinery are loaded.
        from maskmeme_gui.qt.autosave import AutosaveController
        from maskmeme_gui.qt.session import DocumentSession

        old = self.session
        if self.autosave is not None:
            self.autosave.discard()  # the old meme was saved or the user let it go
        session = DocumentSession(doc, path, self)
        self.session = session
        self.autosave = AutosaveController(session)
        self.undo_group.addStack(session.undo_stack)
        self.undo_group.setActiveStack(session.undo_stack)
        session.dirty_changed.connect(lambda _dirty: self._update_title())
        session.path_changed.connect(lambda _path: self._update_title())
        session.changed.connect(self._on_document_changed)
        session.selection_changed.connect(self._show_properties_of_picked)
        for view in self._session_views():
            view.set_session(session)
        self.faces.set_session(session)
        self.player.set_session(session)
        self._show_tears_flow()
        if old is not None:
            self.undo_group.removeStack(old.undo_stack)
            old.close()
            old.deleteLater()
        self._update_title()
        self._update_enabled()

    def _show_properties_of_picked(self, ids: list[str]) -> None:
        """A tear or sticker picked while the Text tab is in front brings its Properties
        forward: the Text tab has nothing to show for it."""
        from maskmeme_gui.model.layers import CaptionLayer

        if self.session is None or self.edit_tabs.currentWidget() is not self.text_list:
            return
        layers = [self.session.doc.layer(layer_id) for layer_id in ids]
        if any(not isinstance(layer, CaptionLayer) for layer in layers):
            self.edit_tabs.setCurrentWidget(self.properties)

    @property
    def info(self) -> InfoPanel:
        """The "About the meme" panel, built the first time it is shown or asked for: its
        history and meanings pages are many widgets the window does not need to open."""
        if self._info is None:
            from maskmeme_gui.qt.info_panel import InfoPanel

            self._info = InfoPanel(self._info_page)
            layout = self._info_page.layout()
            assert layout is not None
            layout.addWidget(self._info)
            self._info.caption_idea_chosen.connect(self.add_caption_idea)
            self._info.set_session(self.session)
        return self._info

    def _session_views(
        self,
    ) -> list[EditActions | CanvasView | LayersPanel | PropertiesPanel | TextList | InfoPanel]:
        views: list[EditActions | CanvasView | LayersPanel | PropertiesPanel | TextList | InfoPanel]
        views = [self.edit_actions, self.canvas, self.layers, self.properties, self.text_list]
        return views if self._info is None else [*views, self._info]

    def _on_document_changed(self, event: DocumentChanged) -> None:
        from maskmeme_gui.model.events import Change

        if event.kind is Change.METADATA:
            self._update_title()
        elif event.kind in (Change.LAYERS, Change.CONTENT):
            self._show_tears_flow()

    def toggle_tears_flow(self) -> None:
        """Tears Flow: every tear runs down (the meme becomes an animation), or none does."""
        if self.session is None:
            return
        from maskmeme_gui.model.layers import TearLayer

        if not any(isinstance(layer, TearLayer) for layer in self.session.doc.layers):
            self.show_status("No tears to flow yet: Make It Cry or paint some first")
        self.session.set_tears_flow(self.actions_by_id["tears_flow"].isChecked())
        self._show_tears_flow()

    def toggle_keep_photo_details(self) -> None:
        """Whether saved memes keep the place, camera and author their pictures name."""
        keep = self.actions_by_id["keep_photo_details"].isChecked()
        self.settings.keep_photo_details = keep
        self._save_settings()
        self.show_status(
            "Saved memes keep their photos' place, camera and author"
            if keep
            else "Saved memes leave out their photos' place, camera and author"
        )

    def _show_tears_flow(self) -> None:
        from maskmeme_gui.model.edits import tears_flowing

        action = self.actions_by_id["tears_flow"]
        action.setChecked(self.session is not None and tears_flowing(self.session.doc))

    def close_meme(self) -> bool:
        if not self.maybe_save():
            return False
        if self.autosave is not None:
            self.autosave.discard()
            self.autosave = None
        if self.session is not None:
            for view in self._session_views():
                view.set_session(None)
            self.faces.set_session(None)
            self.player.set_session(None)
            self.playback_bar.follow()
            self.zoom_label.setText("")  # no meme, no zoom to speak of
            self.undo_group.removeStack(self.session.undo_stack)
            self.session.close()
            self.session.deleteLater()
            self.session = None
        self._update_title()
        self._update_enabled()
        return True

    def _update_title(self) -> None:
        if self.session is None:
            self.setWindowTitle("maskmeme")
            self.setWindowModified(False)
            return
        self.setWindowTitle(f"{self.session.display_name}[*] — maskmeme")
        self.setWindowModified(self.session.is_dirty)

    def _update_enabled(self) -> None:
        has_doc = self.session is not None
        for name in ("save", "save_as", "export", "copy_image", "close", "zoom_in", "zoom_out",
                     "zoom_fit", "zoom_actual"):  # fmt: skip
            self.actions_by_id[name].setEnabled(has_doc)
        for spec in (*A.TOOL_ACTIONS, *A.ADD_ACTIONS, *A.FACE_ACTIONS):
            self.actions_by_id[spec.id].setEnabled(has_doc)
        self.actions_by_id["play_pause"].setEnabled(has_doc and self.playback.frame_count > 1)

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    # Opening --------------------------------------------------------------------------------

    def open_dialog(self) -> None:
        start = (
            str(Path(self.settings.recent_files[0]).parent) if self.settings.recent_files else ""
        )
        paths, _ = QFileDialog.getOpenFileNames(self, "Open a photo or a meme", start, OPEN_FILTER)
        self.open_paths([Path(p) for p in paths])

    def open_paths(self, paths: list[Path]) -> None:
        """Open the first of `paths` (maskmeme edits one meme at a time)."""
        if not paths:
            return
        if len(paths) > 1:
            self.show_status(f"Opening {paths[0].name}; maskmeme edits one meme at a time")
        self.open_path(Path(paths[0]))

    def take_handed_over_files(self, paths: list[Path]) -> None:
        """A second start of maskmeme gave its files to this window: come to the front and
        open them."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        self.open_paths(paths)

    def open_path(self, path: Path) -> None:
        """Read an image or a saved meme in the background, then show it."""
        if not self.maybe_save():
            return
        self.show_status(f"Opening {path.name}…")
        self._read_in_background(lambda: read_document(path), path)

    def _read_in_background(
        self, reader: Callable[[], tuple[MemeDocument, Path | None]], source: Path | None
    ) -> None:
        task = Task(lambda _control: reader())
        task.succeeded.connect(lambda result: self._document_read(result, source))
        task.failed.connect(self._document_not_read)
        task.start()

    def _document_read(self, result: tuple[MemeDocument, Path | None], source: Path | None) -> None:
        doc, path = result
        self.set_document(doc, path)
        if source is not None:
            self._remember(source)
            self.show_status(f"Opened {source.name}")
        self.opened.emit()

    def _document_not_read(self, error: BaseException) -> None:
        from maskmeme_gui.fileio.images import ImageLoadError
        from maskmeme_gui.fileio.project import ProjectError

        if not isinstance(error, ImageLoadError | ProjectError):
            raise error  # a bug: the error reporter logs it and shows the details
        self.statusBar().clearMessage()
        self.error_box("Cannot open this file", str(error))

    def open_gallery_item(self, item: object) -> None:
        template_id = getattr(item, "template_id", None)
        if template_id:
            self.open_template(template_id)
            return
        path = getattr(item, "path", None)
        if path is not None:
            self.open_path(Path(path))

    def open_template(self, template_id: str) -> None:
        """Start a new meme from a built-in template (after asking to save the current one)."""
        if not self.maybe_save():
            return
        from maskmeme_gui.fileio.newlayers import PLACEHOLDER_TEXT, waiting_caption
        from maskmeme_gui.fileio.starters import document_ready_from_template
        from maskmeme_gui.fileio.templates import UnknownTemplateError, get_template

        try:
            template = get_template(template_id)
        except UnknownTemplateError as exc:
            self.show_status(str(exc))
            return
        doc = document_ready_from_template(template, PLACEHOLDER_TEXT)
        doc.record("created", f"from the template {template_id}")
        self.set_document(doc)
        # The first caption is ready to type over, as the template's layout intends.
        first = waiting_caption(doc)
        if first is not None and self.session is not None:
            self.session.select([first.id])
            self.canvas.edit_caption(first.id)
        self.show_status(f"New meme from “{doc.metadata.title}”: type the top caption")

    def new_meme(self) -> None:
        """File → New: the user picks a template, a blank canvas or the clipboard's picture."""
        from maskmeme_gui.qt.new_meme_dialog import NewMemeDialog

        dialog = NewMemeDialog(self.gallery.model.thumbnail, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(self.start_new_meme)
        dialog.open()

    def start_new_meme(self, choice: NewMeme) -> None:
        """Start what File → New chose, after asking to save the open meme."""
        if choice.kind == "template":
            self.open_template(choice.template_id)
        elif choice.kind == "clipboard":
            if self.maybe_save():
                self._new_from_clipboard()
        elif self.maybe_save():
            from maskmeme_gui.fileio.starters import blank_document

            doc = blank_document(choice.size, choice.background)
            doc.record("created", "on a blank canvas")
            self.set_document(doc)
            width, height = choice.size
            self.show_status(f"New blank meme, {width} x {height}: add a caption with Ctrl+T")

    def fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = [Path(p) for p in self.settings.recent_files[:MAX_RECENT_MENU]]
        for path in recent:
            action = self.recent_menu.addAction(path.name)
            action.setToolTip(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        if not recent:
            self.recent_menu.addAction("No recent files").setEnabled(False)

    # Recovery -------------------------------------------------------------------------------

    def offer_recovery(self) -> RecoveryDialog | None:
        """Offer, without blocking, the unsaved memes that an earlier run left behind."""
        from maskmeme_gui.fileio.autosave import recoverable_autosaves
        from maskmeme_gui.qt.recovery_dialog import RecoveryDialog

        try:
            autosaves = recoverable_autosaves()
        except OSError as exc:
            self.show_status(f"Unsaved memes from last time cannot be looked for: {exc}")
            return None
        if not autosaves:
            return None
        dialog = RecoveryDialog(autosaves, self.recover_autosave, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def recover_autosave(self, autosave: Autosave) -> bool:
        """Open an autosave as unsaved work; False if the user kept the current meme or the
        autosave cannot be read."""
        if not self.maybe_save():
            return False
        from maskmeme_gui.fileio.project import ProjectError, load_project

        # Read here, not in a worker: the user is waiting for this one file and nothing else.
        try:
            doc = load_project(autosave.path)
        except ProjectError as exc:
            self.error_box("The meme cannot be recovered", str(exc))
            return False
        self.set_document(doc, autosave.original)
        assert self.session is not None and self.autosave is not None
        # Never clean until saved: the recovered changes are not in any file the user chose.
        self.session.undo_stack.resetClean()
        try:
            self.autosave.adopt(autosave.path)
        except WriteError as exc:
            # The old autosave stays where it is and is offered again next time; editing
            # goes on and autosaves under this run's name.
            self.show_status(f"The recovered autosave could not be taken over: {exc}")
            return True
        self.show_status(f"Recovered “{self.session.display_name}”: save it to keep it")
        return True

    # Saving ---------------------------------------------------------------------------------

    def maybe_save(self) -> bool:
        """Ask to save unsaved changes; False if the user cancelled (or the save failed)."""
        if self.session is None or not self.session.is_dirty:
            return True
        answer = save_question.ask_to_save(self, self.session.display_name)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def save(self) -> bool:
        if self.session is None:
            return False
        if self.session.path is None:
            return self.save_as()
        return self._save_to(self.session.path)

    def save_as(self) -> bool:
        if self.session is None:
            return False
        from maskmeme_gui.qt.dragout import meme_file_stem

        name = meme_file_stem(self.session.doc.metadata.title) + PROJECT_SUFFIX
        start = str(self.session.path or library_dir() / name)
        path, _ = QFileDialog.getSaveFileName(
            self, "Save meme", start, f"maskmeme project (*{PROJECT_SUFFIX})"
        )
        if not path:
            return False
        target = Path(path)
        if target.suffix.lower() != PROJECT_SUFFIX:
            target = target.with_name(target.name + PROJECT_SUFFIX)
        if target.stem != meme_file_stem(self.session.doc.metadata.title):
            self.session.name_after_file(target)  # the user named it: the card says so too
        return self._save_to(target)

    def _save_to(self, path: Path) -> bool:
        assert self.session is not None
        from maskmeme_gui.fileio.project import ProjectError, save_project

        doc = self.session.doc
        doc.record("saved", path.name)
        try:
            save_project(doc, path, keep_photo_details=self.settings.keep_photo_details)
        except (WriteError, ProjectError, OSError) as exc:
            doc.metadata.history.pop()  # it was not saved after all
            self.error_box("The meme was not saved", str(exc))
            return False
        self.session.mark_saved(path)
        self._remember(path)
        self._claim_exports(doc, path)
        self.gallery.refresh_library()
        self.show_status(f"Saved {path.name}")
        return True

    def _claim_exports(self, doc: MemeDocument, path: Path) -> None:
        """Exports made before the meme had a file show on its card from now on."""
        from maskmeme_gui.fileio.export_choices import exports_of
        from maskmeme_gui.fileio.library import claim_exports

        try:
            claim_exports(path, exports_of(doc))
        except OSError as exc:  # they still show in My memes, on cards of their own
            log.warning("exports of %s not linked to it: %s", path.name, exc)

    def error_box(self, title: str, message: str) -> None:
        # Written down as well, so that a bug report has the file and the reason to attach.
        log.warning("%s: %s", title, message)
        QMessageBox.warning(self, title, message)

    # Export, clipboard, paste ---------------------------------------------------------------

    def export_dialog(self) -> None:
        if self.session is None:
            return
        from maskmeme_gui.qt.export_dialog import ExportDialog

        playback = self.playback
        now = playback.time_of(playback.frame) if playback.frame_count > 1 else None
        dialog = ExportDialog(self.session, self.settings, self, time_ms=now)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exported.connect(self._exported)
        dialog.noted.connect(self.show_status)
        dialog.open()

    def _exported(self, path: Path) -> None:
        self.show_status(f"Exported {Path(path).name}")
        self.gallery.refresh_library()
        self.gallery.reveal(Path(path))

    def copy_image(self) -> None:
        if self.session is None:
            return
        from maskmeme_gui.qt.clipboard import transfer_image
        from maskmeme_gui.render.compose import render_document

        snapshot = self.session.doc.snapshot()
        self.show_status("Copying the meme…")
        task = Task(lambda _control: transfer_image(render_document(snapshot)))
        task.succeeded.connect(self._copied)
        task.failed.connect(self._not_copied)
        task.start()

    def _not_copied(self, error: BaseException) -> None:
        from maskmeme_gui.render.compose import RenderError

        if not isinstance(error, RenderError):
            raise error  # a bug: the error reporter logs it and shows the details
        self.statusBar().clearMessage()
        self.error_box("Cannot copy the meme", str(error))

    def _copied(self, image: TransferImage) -> None:
        from maskmeme_gui.qt.clipboard import copy_image_to_clipboard

        copy_image_to_clipboard(image)
        self.show_status("The meme is on the clipboard")

    def paste(self) -> None:
        if self.session is not None:
            from maskmeme_gui.qt.clipboard import image_from_clipboard

            pasted = image_from_clipboard()
            if pasted is None:
                self.show_status("The clipboard holds no image")
                return
            self.canvas.add_sticker_from_bytes(*pasted, None)
            return
        self._new_from_clipboard()

    def _new_from_clipboard(self) -> None:
        """A new meme on the clipboard's picture (the caller asked about unsaved changes)."""
        from maskmeme_gui.fileio.starters import document_from_image_bytes
        from maskmeme_gui.qt.clipboard import image_from_clipboard

        pasted = image_from_clipboard()
        if pasted is None:
            self.show_status("The clipboard holds no image")
            return
        data, name = pasted

        def read() -> tuple[MemeDocument, Path | None]:
            doc = document_from_image_bytes(data, name)
            doc.record("created", "from a pasted image")
            return doc, None

        self._read_in_background(read, None)

    def add_caption_idea(self, text: str) -> None:
        if self.session is None:
            self.show_status("Open a meme or pick a template first, then add the caption")
            return
        self.canvas.captions.fill_placeholder_or_add(text)

    # Drops on the window (the canvas handles drops on itself) --------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        from maskmeme_gui.qt.canvas.drops import PROJECT_MIME

        mime = event.mimeData()
        if mime.hasFormat(PROJECT_MIME):
            # A saved meme from the gallery: its URL is a rendered PNG, for other apps.
            self.open_paths([Path(bytes(mime.data(PROJECT_MIME).data()).decode("utf-8"))])
            event.acceptProposedAction()
            return
        paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        if not paths:
            self.show_status("Only files on this computer can be opened")
            return
        event.acceptProposedAction()
        self.open_paths(paths)

    # Window life ----------------------------------------------------------------------------

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About maskmeme",
            f"<h3>maskmeme {__version__}</h3><p>View and make “crying behind a mask” memes.</p>"
            "<p>Captions in Anton (SIL Open Font License); artwork drawn by the project.</p>",
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_toolbar()

    def fit_toolbar(self) -> None:
        """Names beside the icons where the window is wide enough for all of them, under the
        icons where not: the buttons narrow instead of going into the toolbar's overflow."""
        beside = self.width() >= self._toolbar_wide + TOOLBAR_SLACK
        self.toolbar.setToolButtonStyle(
            Qt.ToolButtonStyle.ToolButtonTextBesideIcon
            if beside
            else Qt.ToolButtonStyle.ToolButtonTextUnderIcon
        )

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)
        return super().event(event)

    def _restore_layout(self) -> None:
        # Docks first: restoring them after the geometry would shrink the window by the width
        # of any dock the user had closed.
        if self.settings.window_state:
            self.restoreState(QByteArray(base64.b64decode(self.settings.window_state)))
        restored = bool(self.settings.window_geometry) and self.restoreGeometry(
            QByteArray(base64.b64decode(self.settings.window_geometry))
        )
        screen = self.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        kept = restored and (self.isMaximized() or self.isFullScreen())
        if available is not None and not kept and not (
            restored and fits(self.geometry(), available)
        ):
            # A first start, or a layout saved on a bigger screen than this one.
            self.setGeometry(first_geometry(available))
        elif not restored:
            self.resize(PREFERRED)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        if self.autosave is not None:
            self.autosave.discard()  # saved, or closed without saving: nothing to recover
        self.settings.window_geometry = base64.b64encode(self.saveGeometry().data()).decode()
        self.settings.window_state = base64.b64encode(self.saveState().data()).decode()
        self._save_settings()
        event.accept()

    def _save_settings(self) -> None:
        # Losing the window layout or the recent list is no reason to stop the user.
        with contextlib.suppress(OSError):
            save_settings(self.settings)

    def _file_renamed(self, old: Path, new: Path) -> None:
        if self.session is not None and self.session.path == old:
            self.session.file_moved(new)
        if self.settings.move_recent(old, new):
            self._save_settings()

    def _file_removed(self, path: Path) -> None:
        if self.session is not None and self.session.path == path:
            self.session.file_lost()
            self.show_status(f"{path.name} was removed: save the open meme to keep it")
        if self.settings.move_recent(path, None):
            self._save_settings()

    def _remember(self, path: Path) -> None:
        self.settings.add_recent(path)
        self._save_settings()


def read_document(path: Path) -> tuple[MemeDocument, Path | None]:
    """A saved meme (and its path, to save back to) or a new meme on a picture (no path)."""
    from maskmeme_gui.fileio.project import load_project
    from maskmeme_gui.fileio.starters import document_from_photo

    if path.suffix.lower() == PROJECT_SUFFIX:
        return load_project(path), path
    doc = document_from_photo(path)
    doc.record("created", f"from {path.name}")
    return doc, None
