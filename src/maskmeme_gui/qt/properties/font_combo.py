"""The caption font picker: bundled Anton first, then DejaVu Sans, then the system's families,
each shown in its own face; type to filter ("sans", "mono"...). Symbol fonts (Dingbats,
Symbol, emoji) are left out: they write pictures, not words, and their names would show as
pictures too.

Listing the system's fonts asks fontconfig, which can take seconds on a first run while it
builds its cache, so the list is fetched once per process in a worker thread; the bundled
fonts are there from the start.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QWheelEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QSizePolicy, QWidget

from maskmeme_gui.qt.workers import Task
from maskmeme_gui.render.fonts import (
    DEFAULT_FONT_ID,
    FALLBACK_FONT_ID,
    font_path,
    get_font,
    list_font_ids,
)

BUNDLED_FONT_IDS = (DEFAULT_FONT_ID, FALLBACK_FONT_ID)
FONT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


@cache
def font_display_name(font_id: str) -> str:
    """What the user calls a font: a bundled font's or a font file's own family name, or the
    system family name that the id already is."""
    if font_id in BUNDLED_FONT_IDS or Path(font_id).suffix.lower() in {".ttf", ".otf", ".ttc"}:
        try:
            return get_font(font_id, 16).getname()[0] or font_id
        except OSError:
            return Path(font_id).stem
    return font_id


@cache
def is_symbol_font(font_id: str) -> bool:
    """A system family of pictures rather than letters: no caption font."""
    if font_id in BUNDLED_FONT_IDS or Path(font_id).suffix:
        return False
    return QFontDatabase.WritingSystem.Symbol in QFontDatabase.writingSystems(font_id)


@cache
def _qt_family(font_id: str) -> str | None:
    """The family Qt knows the font by, for previews; bundled fonts are registered first."""
    if font_id in BUNDLED_FONT_IDS:
        font_index = QFontDatabase.addApplicationFont(str(font_path(font_id)))
        families = QFontDatabase.applicationFontFamilies(font_index) if font_index >= 0 else []
        return families[0] if families else None
    # A font of another script would show its (Latin) name in boxes: preview only fonts that
    # write Latin; the others are listed by name in the plain face.
    if QFontDatabase.WritingSystem.Latin in QFontDatabase.writingSystems(font_id):
        return font_id
    return None


class _FontCatalogue(QObject):
    """The process-wide font list, fetched once off the GUI thread."""

    ready = Signal(tuple)

    def __init__(self) -> None:
        super().__init__()
        self.font_ids: tuple[str, ...] | None = None
        self._task: Task | None = None

    def request(self) -> None:
        if self.font_ids is not None or self._task is not None:
            return
        self._task = Task(lambda _control: list_font_ids())
        self._task.succeeded.connect(self._store)
        self._task.start()

    def _store(self, font_ids: tuple[str, ...]) -> None:
        self.font_ids = font_ids
        self.ready.emit(font_ids)


@cache
def _catalogue() -> _FontCatalogue:
    return _FontCatalogue()


class FontCombo(QComboBox):
    """Emits `font_chosen(font_id)` when the user picks a font from the list or types a name
    that is in it; anything else typed is put back to the current font on leaving the box."""

    font_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Our own field rather than lineEdit(), which is typed as possibly None.
        self._search = QLineEdit(self)
        self.setLineEdit(self._search)  # which makes the combo editable
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMaxVisibleItems(16)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._search.setPlaceholderText("Type to search fonts")
        completer = QCompleter(self.model(), self)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self._current_id = DEFAULT_FONT_ID
        self._add_fonts(BUNDLED_FONT_IDS)
        self.activated.connect(self._on_activated)
        self._search.editingFinished.connect(self._show_current)
        catalogue = _catalogue()
        if catalogue.font_ids is not None:
            self._add_fonts(catalogue.font_ids)
        else:
            catalogue.ready.connect(self._add_fonts)
            catalogue.request()

    def font_id(self) -> str:
        return self._current_id

    def system_fonts_loaded(self) -> bool:
        """Whether the system's font list (fetched in the background) has arrived."""
        return _catalogue().font_ids is not None

    def set_font_id(self, font_id: str) -> None:
        """Show `font_id`, adding it to the list when the list does not have it."""
        if font_id == self._current_id and self._search.hasFocus():
            return  # the user may be typing a search: leave their text alone
        self._current_id = font_id
        if self.findData(font_id, FONT_ID_ROLE) < 0:
            self.addItem(font_display_name(font_id))
            self.setItemData(self.count() - 1, font_id, FONT_ID_ROLE)
            self._mark_missing()
        self._show_current()

    def _mark_missing(self) -> None:
        """Once the system's list is known, say which fonts (from a meme made elsewhere) this
        computer lacks: such captions render in Anton here."""
        installed = _catalogue().font_ids
        if installed is None:
            return
        for index in range(self.count()):
            font_id = self.itemData(index, FONT_ID_ROLE)
            if font_id not in installed:
                self.setItemText(index, f"{font_display_name(font_id)} (not installed)")

    def _show_current(self) -> None:
        index = self.findData(self._current_id, FONT_ID_ROLE)
        if index != self.currentIndex():
            self.setCurrentIndex(index)
        elif index >= 0 and self.currentText() != self.itemText(index):
            self.setEditText(self.itemText(index))

    def _add_fonts(self, font_ids: tuple[str, ...]) -> None:
        known = {font_display_name(self.itemData(i, FONT_ID_ROLE)).casefold()
                 for i in range(self.count())}  # fmt: skip
        self.blockSignals(True)
        try:
            for font_id in font_ids:
                if is_symbol_font(font_id):
                    continue
                name = font_display_name(font_id)
                if name.casefold() in known or self.findData(font_id, FONT_ID_ROLE) >= 0:
                    continue  # the system's copy of a bundled font
                known.add(name.casefold())
                self.addItem(name)
                index = self.count() - 1
                self.setItemData(index, font_id, FONT_ID_ROLE)
                family = _qt_family(font_id)
                if family is not None:
                    self.setItemData(index, QFont(family), Qt.ItemDataRole.FontRole)
            self._mark_missing()
            self._show_current()
        finally:
            self.blockSignals(False)

    def _on_activated(self, index: int) -> None:
        font_id = self.itemData(index, FONT_ID_ROLE)
        if font_id is None:
            return
        self._current_id = font_id
        self._show_current()
        self.font_chosen.emit(font_id)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()
