"""The Export dialog: where the meme goes, in which format and size, and the export itself.

The document is snapshotted on the UI thread; rendering and writing run in a `Task`, so the
window stays responsive and the export can be cancelled between steps. The write is atomic:
a cancelled or failed export leaves no partial file and any old file untouched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSlider,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from maskmeme_gui.config.settings import Settings
from maskmeme_gui.fileio.animation_export import CHAT_LIMITS, ExportResult, export_meme
from maskmeme_gui.fileio.export import (
    EXPORT_FORMATS,
    ExportError,
    ExportFormat,
    ExportOptions,
    WriteError,
)
from maskmeme_gui.fileio.export_choices import (
    EXTENSIONS,
    LOSSY_FORMATS,
    MAX_WIDTH,
    MIN_WIDTH,
    PRESET_WIDTHS,
    export_format_named,
    export_size,
    free_file_name,
    known_format,
    last_export_of,
    max_export_width,
    pixel_size_text,
    with_format_extension,
)
from maskmeme_gui.fileio.images import ImageLoadError, load_image_bytes
from maskmeme_gui.fileio.settings_file import save_settings
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.events import Change, DocumentChanged
from maskmeme_gui.qt.dragout import meme_file_stem
from maskmeme_gui.qt.session import DocumentSession
from maskmeme_gui.qt.workers import Task, TaskControl
from maskmeme_gui.render.compose import RenderError

log = logging.getLogger(__name__)

FORMAT_LABELS: dict[ExportFormat, str] = {
    "PNG": "PNG — sharpest text, bigger file",
    "JPEG": "JPEG — photos, small file",
    "WEBP": "WebP — small file, modern apps",
    "GIF": "GIF — old chat apps, 256 colours",
}
FILE_FILTERS: dict[ExportFormat, str] = {
    "PNG": "PNG image (*.png)",
    "JPEG": "JPEG image (*.jpg *.jpeg)",
    "WEBP": "WebP image (*.webp)",
    "GIF": "GIF image (*.gif)",
}
_CUSTOM_PREFIX = "custom:"


# -- what to export ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportPlan:
    """Everything the worker needs, decided on the UI thread."""

    path: Path
    options: ExportOptions
    scale: float
    output_size: tuple[int, int]
    keep_metadata: bool = False
    time_ms: int | None = None  # the frame a still export of an animated meme shows
    fit_under_bytes: int | None = None  # a chat app's upload limit the file must fit


def default_export_folder(settings: Settings) -> Path:
    last = Path(settings.last_export_folder) if settings.last_export_folder else None
    if last is not None and last.is_dir():
        return last
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    if pictures and Path(pictures).is_dir():
        return Path(pictures)
    return Path.home()


def run_export(snapshot: MemeDocument, plan: ExportPlan, control: TaskControl) -> ExportResult:
    """The worker's part: metadata, render, write, with a cancel check between the steps (and
    between the frames of an animation).

    Progress reports are `(step, steps, text)`, sent as each step starts.
    """
    steps = 3 if plan.keep_metadata else 2
    step = 0
    options = plan.options
    if plan.keep_metadata:
        control.report((step, steps, "Reading the photo's metadata…"))
        options = replace(options, keep_metadata=True, exif=_base_exif(snapshot))
        control.check()
        step += 1
    control.report((step, steps, f"Rendering {pixel_size_text(plan.output_size)}…"))

    def frame_done(done: int, total: int) -> None:
        control.report((done, total, f"Frame {done} of {total}…"))

    return export_meme(
        snapshot, plan.path, options, time_ms=plan.time_ms,
        fit_under_bytes=plan.fit_under_bytes, progress=frame_done, check=control.check,
    )  # fmt: skip


def _base_exif(doc: MemeDocument) -> bytes | None:
    if doc.base_asset is None or doc.base_asset not in doc.assets:
        return None
    return load_image_bytes(doc.assets[doc.base_asset], doc.base_asset).exif


def error_message(exc: BaseException) -> str | None:
    """The sentence to show for an expected export failure; None for a bug."""
    if isinstance(exc, WriteError | ImageLoadError):
        return str(exc)
    if isinstance(exc, ExportError | RenderError):
        text = str(exc)
        return f"Could not export: {text}" if text else "Could not export the meme."
    if isinstance(exc, MemoryError):
        return "There is not enough memory to export at this size; choose a smaller size."
    return None


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)  # so the label's Alt+letter focuses the field
    return label


def add_to_library(path: Path, meme: Path | None) -> None:
    """Show the export in the gallery's "My memes" (when the library module is installed), on
    the card of `meme`, the project file it was exported from (None: not saved yet)."""
    try:
        from maskmeme_gui.fileio.library import record_export
    except ImportError:
        return
    try:
        record_export(path, meme)
    except OSError:
        # The file is exported; a library index that cannot be written is no reason to fail.
        log.warning("could not add %s to the library", path, exc_info=True)


# -- the dialog -------------------------------------------------------------------------------


class ExportDialog(QDialog):
    exported = Signal(Path)
    noted = Signal(str)  # after `exported`: what the file left out or changed, in one sentence

    def __init__(
        self,
        session: DocumentSession,
        settings: Settings,
        parent: QWidget | None = None,
        time_ms: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.time_ms = time_ms  # where the canvas's timeline stands
        self._task: Task | None = None
        self._chosen_in_file_dialog: Path | None = None  # its own dialog asked about overwriting
        self._cancelling = False
        self._connected = True
        self.setWindowTitle("Export meme")
        self._build()
        self._restore_choices()
        session.changed.connect(self._on_document_changed)

    # Building ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.path_edit = QLineEdit()
        self.path_edit.setClearButtonEnabled(True)
        self.path_edit.setMinimumWidth(460)
        self.path_edit.textEdited.connect(self._on_path_edited)
        self.path_edit.textChanged.connect(self._update_buttons)
        self.browse_button = QPushButton("Browse…")
        self.browse_button.setAutoDefault(False)  # Enter in the name field exports
        self.browse_button.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)

        self.format_combo = QComboBox()
        for fmt in EXPORT_FORMATS:
            self.format_combo.addItem(FORMAT_LABELS[fmt], fmt)
        self.format_combo.currentIndexChanged.connect(self._on_format_changed)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(_label("Save &as:", self.path_edit), path_row)
        form.addRow(_label("&Format:", self.format_combo), self.format_combo)
        form.addRow("Size:", self._build_size())
        quality = self._build_quality()
        form.addRow(_label("&Quality:", self.quality_spin), quality)
        self.fit_combo = QComboBox()
        self.fit_combo.addItem("No limit", None)
        for name, limit in sorted(CHAT_LIMITS.items(), key=lambda item: item[1]):
            self.fit_combo.addItem(name, limit)
        self.fit_combo.setToolTip(
            "Make the file small enough to send: fewer colours or a lower quality first, then a "
            "smaller picture, then fewer frames"
        )
        form.addRow(_label("&Fit under:", self.fit_combo), self.fit_combo)
        self.metadata_check = QCheckBox("&Keep the photo's metadata (location, camera)")
        form.addRow("Privacy:", self.metadata_check)

        self.message_icon = QLabel()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.message_icon.setPixmap(icon.pixmap(20, 20))
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        status_row = QHBoxLayout()
        status_row.addWidget(self.message_icon, 0, Qt.AlignmentFlag.AlignTop)
        status_row.addWidget(self.message_label, 1)
        self._show_message("")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(
            "&Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)

        # One container, so a running export disables the whole form in one call and
        # re-enabling it restores each field's own state.
        self.form_box = QWidget()
        self.form_box.setLayout(form)
        form.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form_box)
        layout.addSpacing(6)
        layout.addLayout(status_row)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.buttons)
        self.progress_bar.hide()
        self.export_button.setDefault(True)  # only once it is inside the dialog, or Qt forgets

    def _build_size(self) -> QWidget:
        self.size_group = QButtonGroup(self)
        self.original_radio = QRadioButton()
        self.preset_radios = {width: QRadioButton(f"{width} px wide") for width in PRESET_WIDTHS}
        self.custom_radio = QRadioButton("Custom width:")
        self.custom_width = QSpinBox()
        self.custom_width.setSuffix(" px")
        self.custom_width.setAccelerated(True)
        self.custom_width.setRange(MIN_WIDTH, MAX_WIDTH)
        self.result_label = QLabel()

        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        for radio in (self.original_radio, *self.preset_radios.values(), self.custom_radio):
            self.size_group.addButton(radio)
        for radio in (self.original_radio, *self.preset_radios.values()):
            column.addWidget(radio)
        custom_row = QHBoxLayout()
        custom_row.addWidget(self.custom_radio)
        custom_row.addWidget(self.custom_width)
        custom_row.addStretch(1)
        column.addLayout(custom_row)
        column.addWidget(self.result_label)
        self.size_group.buttonToggled.connect(self._update_size)
        self.custom_width.valueChanged.connect(self._update_size)
        return box

    def _build_quality(self) -> QWidget:
        self.quality_slider = QSlider(Qt.Orientation.Horizontal)
        self.quality_slider.setRange(1, 100)
        self.quality_spin = QSpinBox()
        self.quality_spin.setRange(1, 100)
        self.quality_slider.valueChanged.connect(self.quality_spin.setValue)
        self.quality_spin.valueChanged.connect(self.quality_slider.setValue)
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.quality_slider, 1)
        row.addWidget(self.quality_spin)
        self.quality_box = box
        return box

    def _restore_choices(self) -> None:
        previous = last_export_of(self.session.doc)
        previous_format = known_format(previous) if previous is not None else None
        self._select_format(
            previous_format or export_format_named(self.settings.last_export_format)
        )
        self.quality_spin.setValue(self.settings.last_export_quality)
        self._restore_size(self.settings.last_export_size)
        if previous is not None:
            path = with_format_extension(previous, self.export_format)
        else:
            stem = meme_file_stem(self.session.doc.metadata.title)
            folder = default_export_folder(self.settings)
            path = free_file_name(folder, stem, EXTENSIONS[self.export_format])
        self.path_edit.setText(str(path))
        # Ready to type a new name, as in a save dialog: the name selected, the folder kept.
        self.path_edit.setFocus()
        self.path_edit.setSelection(len(str(path)) - len(path.name), len(path.stem))
        self._update_size()
        self._update_format_controls()

    def _restore_size(self, choice: str) -> None:
        canvas = self.session.doc.canvas_size
        self.custom_width.setRange(MIN_WIDTH, max_export_width(canvas))
        self.custom_width.setValue(canvas[0])
        if choice.startswith(_CUSTOM_PREFIX) and choice[len(_CUSTOM_PREFIX) :].isdigit():
            self.custom_radio.setChecked(True)
            self.custom_width.setValue(int(choice[len(_CUSTOM_PREFIX) :]))
        elif choice.isdigit() and int(choice) in self.preset_radios:
            self.preset_radios[int(choice)].setChecked(True)
        else:
            self.original_radio.setChecked(True)

    # Reading the choices ----------------------------------------------------------------------

    @property
    def export_format(self) -> ExportFormat:
        fmt: ExportFormat = self.format_combo.currentData()  # each item's data is its format
        return fmt

    @property
    def target_width(self) -> int | None:
        """The chosen output width; None keeps the canvas size."""
        if self.custom_radio.isChecked():
            return self.custom_width.value()
        for width, radio in self.preset_radios.items():
            if radio.isChecked():
                return width
        return None

    @property
    def size_choice(self) -> str:
        """The size choice as Settings keeps it: "original", "1080", "720" or "custom:N"."""
        if self.custom_radio.isChecked():
            return f"{_CUSTOM_PREFIX}{self.custom_width.value()}"
        width = self.target_width
        return "original" if width is None else str(width)

    def target_path(self) -> Path | None:
        """The file to write: relative names go to the default folder; the extension follows
        the format."""
        text = self.path_edit.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = default_export_folder(self.settings) / path
        return with_format_extension(path, self.export_format)

    def plan(self) -> ExportPlan | None:
        path = self.target_path()
        if path is None:
            return None
        canvas = self.session.doc.canvas_size
        width = self.target_width
        options = ExportOptions(
            format=self.export_format, quality=self.quality_spin.value(), width=width
        )
        return ExportPlan(
            path=path,
            options=options,
            scale=1.0 if width is None else width / canvas[0],
            output_size=export_size(canvas, width),
            keep_metadata=self._can_keep_metadata and self.metadata_check.isChecked(),
            time_ms=self.time_ms,
            fit_under_bytes=self.fit_combo.currentData(),
        )

    @property
    def _can_keep_metadata(self) -> bool:
        return self.session.doc.base_asset is not None and self.export_format != "GIF"

    @property
    def is_exporting(self) -> bool:
        return self._task is not None

    # Reacting to the user ---------------------------------------------------------------------

    def _select_format(self, fmt: ExportFormat) -> None:
        self.format_combo.setCurrentIndex(self.format_combo.findData(fmt))

    def _on_format_changed(self) -> None:
        text = self.path_edit.text().strip()
        if text:
            self.path_edit.setText(str(with_format_extension(Path(text), self.export_format)))
        self._update_format_controls()

    def _on_path_edited(self, text: str) -> None:
        self._chosen_in_file_dialog = None
        fmt = known_format(Path(text.strip()))
        if fmt is not None and fmt != self.export_format:
            self._select_format(fmt)

    def _update_format_controls(self) -> None:
        fmt = self.export_format
        self.quality_box.setEnabled(fmt in LOSSY_FORMATS)
        self.quality_box.setToolTip(
            "" if fmt in LOSSY_FORMATS else f"{fmt} files keep every pixel: no quality to choose."
        )
        self.metadata_check.setEnabled(self._can_keep_metadata)
        self.metadata_check.setToolTip(
            "GIF files cannot hold a photo's metadata."
            if fmt == "GIF"
            else "Off by default: a photo's EXIF data can reveal where, when and with which "
            "camera it was taken."
        )

    def _update_size(self) -> None:
        canvas = self.session.doc.canvas_size
        self.original_radio.setText(f"Original ({pixel_size_text(canvas)})")
        self.custom_width.setMaximum(max_export_width(canvas))
        self.custom_width.setEnabled(self.custom_radio.isChecked())
        size = export_size(canvas, self.target_width)
        note = " (enlarged: may look soft)" if size[0] > canvas[0] else ""
        self.result_label.setText(f"The image will be {pixel_size_text(size)}{note}.")

    def _update_buttons(self) -> None:
        self.export_button.setEnabled(not self.is_exporting and bool(self.path_edit.text().strip()))

    def _on_document_changed(self, event: DocumentChanged) -> None:
        if event.kind is Change.DOCUMENT:
            self._update_size()

    def _browse(self) -> None:
        current = self.target_path() or default_export_folder(self.settings)
        fmt = self.export_format
        filters = [FILE_FILTERS[f] for f in EXPORT_FORMATS]
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self, "Export meme", str(current), ";;".join(filters), FILE_FILTERS[fmt]
        )
        if not chosen:
            return
        path = Path(chosen)
        by_filter = next((f for f, label in FILE_FILTERS.items() if label == chosen_filter), fmt)
        fmt = known_format(path) or by_filter
        self._select_format(fmt)
        path = with_format_extension(path, fmt)
        self.path_edit.setText(str(path))
        # The file dialog asked about replacing only the exact name it returned.
        self._chosen_in_file_dialog = path if str(path) == chosen else None

    # Exporting --------------------------------------------------------------------------------

    def start_export(self) -> None:
        if self.is_exporting:
            return
        plan = self.plan()
        if plan is None or not self._may_write(plan.path):
            return
        snapshot = self.session.doc.snapshot()
        task = Task(lambda control: run_export(snapshot, plan, control))
        task.progress.connect(self._on_progress)
        task.succeeded.connect(self._on_exported)
        task.failed.connect(self._on_failed)
        task.cancelled.connect(self._on_cancelled)
        self._task = task
        self._set_busy(True)
        self._show_message("")
        task.start()

    def _may_write(self, path: Path) -> bool:
        if path.is_dir():
            self._show_message(f"{path} is a folder; type a file name after it.", warning=True)
            return False
        if not path.exists() or path == self._chosen_in_file_dialog:
            return True
        answer = QMessageBox.question(
            self,
            "Replace file?",
            f"“{path.name}” already exists in {path.parent}.\nDo you want to replace it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def cancel_export(self) -> None:
        """Stop the running export at its next step; nothing is written."""
        if self._task is not None:
            self._task.cancel()
            self._cancelling = True
            self.cancel_button.setEnabled(False)
            self._show_message("Cancelling…")

    def reject(self) -> None:
        # While exporting, Cancel (button, Esc, window close) stops the export, not the dialog.
        if self.is_exporting:
            self.cancel_export()
        else:
            super().reject()

    def done(self, result: int) -> None:
        if self._connected:
            self.session.changed.disconnect(self._on_document_changed)
            self._connected = False
        super().done(result)

    def _on_progress(self, progress: tuple[int, int, str]) -> None:
        step, steps, text = progress
        self.progress_bar.setRange(0, steps)
        self.progress_bar.setValue(step)
        if not self._cancelling:
            self._show_message(text)

    def _on_exported(self, result: ExportResult) -> None:
        self._finish_task()
        path = result.path
        self._remember_choices(path)
        self.session.doc.record("exported", str(path))
        add_to_library(path, self.session.path)
        self.exported.emit(path)
        if result.message:
            self.noted.emit(f"Exported {path.name}: {result.message}")
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._finish_task()
        message = error_message(exc)
        if message is None:
            self._show_message("The export failed because of an unexpected problem.", warning=True)
            raise exc  # the app's error handler logs it and offers the details
        self._show_message(message, warning=True)

    def _on_cancelled(self) -> None:
        self._finish_task()
        self._show_message("Export cancelled; no file was written.")

    def _finish_task(self) -> None:
        self._task = None
        self._cancelling = False
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        self.form_box.setEnabled(not busy)
        self.cancel_button.setEnabled(True)
        self.progress_bar.setVisible(busy)
        self.progress_bar.setValue(0)
        self._update_buttons()

    def _show_message(self, text: str, warning: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))
        self.message_icon.setVisible(warning and bool(text))

    def _remember_choices(self, path: Path) -> None:
        self.settings.last_export_folder = str(path.parent)
        self.settings.last_export_format = self.export_format
        self.settings.last_export_size = self.size_choice
        self.settings.last_export_quality = self.quality_spin.value()
        try:
            save_settings(self.settings)
        except OSError:
            log.warning("could not save the export settings", exc_info=True)
