"""The info panel (right dock): the meme's history, its meanings with caption ideas, and the open
meme's own meaning tags and edit history.

The first two tabs show the bundled knowledge (knowledge/), which never changes while the app
runs. The third follows the session: its checkboxes and history list are redrawn from
`session.doc` on every "metadata" change (so undo unchecks a box), and ticking a box pushes a
`SetMeaningTags` command instead of writing to the document.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QDate, QDateTime, QLocale, QPointF, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from maskmeme_gui.knowledge import HistoryItem, Knowledge, Meaning, load_knowledge
from maskmeme_gui.model.commands import SetMeaningTags
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.events import Change, DocumentChanged
from maskmeme_gui.qt.following import follow_session
from maskmeme_gui.qt.session import DocumentSession

NO_SESSION_HINT = "Open or start a meme to tag it"
TAGS_HINT = "What does this meme say? Tags are saved with the meme."
ADD_CAPTION_TIP = "Add this caption"

# Link-like caption ideas: they read as text, but are real buttons (Tab, Space, Enter work).
_STYLE = """
QPushButton#captionIdea {
    text-align: left;
    border: none;
    border-radius: 3px;
    padding: 3px 6px;
    color: palette(link);
}
QPushButton#captionIdea:hover, QPushButton#captionIdea:focus {
    background: palette(alternate-base);
    text-decoration: underline;
}
QPushButton#captionIdea:pressed { background: palette(midlight); }
QToolButton#meaningHeader {
    border: none;
    border-radius: 3px;
    padding: 4px 2px;
}
QToolButton#meaningHeader:hover { background: palette(alternate-base); }
"""

_MARGIN = 12
_RAIL_WIDTH = 22  # the timeline's line and dots sit in this left gutter


class InfoPanel(QWidget):
    """Tabs "History", "Meanings" and "This meme"; see the module docstring."""

    caption_idea_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._knowledge = load_knowledge()
        self._session: DocumentSession | None = None
        self.setStyleSheet(_STYLE)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(_scrolling(_about_page(self._knowledge)), "History")
        self.tabs.addTab(_scrolling(self._meanings_page()), "Meanings")
        self.tabs.addTab(self._this_meme_page(), "This meme")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._show_meme()

    # Session ---------------------------------------------------------------------------------

    @property
    def session(self) -> DocumentSession | None:
        return self._session

    def set_session(self, session: DocumentSession | None) -> None:
        """Follow another open meme, or none; stops listening to the previous one."""
        if session is self._session:
            return
        follow_session(
            self._session,
            session,
            changed=self._on_document_changed,
            destroyed=self._on_session_destroyed,
        )
        self._session = session
        # PySide's stub leaves out None, which Qt takes as "show no stack".
        self.undo_view.setStack(None if session is None else session.undo_stack)  # type: ignore[arg-type]
        self._show_meme()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.set_session(None)
        super().closeEvent(event)

    def _on_session_destroyed(self) -> None:
        # The owner deleted the session without telling us: forget it, never touch it again.
        self._session = None
        self._show_meme()

    def _on_document_changed(self, event: DocumentChanged) -> None:
        if event.kind is Change.METADATA:
            self._show_meme()

    # Meanings tab ----------------------------------------------------------------------------

    def _meanings_page(self) -> QWidget:
        page = QWidget()
        layout = _page_layout(page)
        layout.addWidget(_wrapped("Click a caption idea to put it on your meme.", dim=True))
        for index, meaning in enumerate(self._knowledge.meanings):
            section = _MeaningSection(meaning, expanded=index == 0)
            section.idea_clicked.connect(self.caption_idea_chosen)
            layout.addWidget(section)
        layout.addStretch(1)
        return page

    def meaning_section(self, meaning_id: str) -> _MeaningSection:
        return next(
            section
            for section in self.findChildren(_MeaningSection)
            if section.meaning.id == meaning_id
        )

    # This meme tab ---------------------------------------------------------------------------

    def _this_meme_page(self) -> QWidget:
        page = QWidget()
        layout = _page_layout(page)

        layout.addWidget(_heading("Meaning tags"))
        self.tags_hint = _wrapped(NO_SESSION_HINT, dim=True)
        layout.addWidget(self.tags_hint)
        self.tag_boxes: dict[str, QCheckBox] = {}
        for meaning in self._knowledge.meanings:
            box = QCheckBox(meaning.title)
            box.setToolTip(meaning.explanation)
            # clicked, not toggled: redrawing the boxes from the document must not push edits.
            box.clicked.connect(partial(self._set_tag, meaning.id))
            layout.addWidget(box)
            self.tag_boxes[meaning.id] = box
        layout.addSpacing(6)

        # Hidden while no meme is open: empty boxes would only look broken.
        self.history_section = QWidget()
        history = QVBoxLayout(self.history_section)
        history.setContentsMargins(0, 0, 0, 0)
        history.setSpacing(layout.spacing())
        history.addWidget(_heading("Edit history"))
        self.undo_view = QUndoView()
        self.undo_view.setEmptyLabel("Start")
        self.undo_view.setToolTip("Click a step to go back to it")
        history.addWidget(self.undo_view, 3)
        history.addSpacing(6)

        history.addWidget(_heading("File history"))
        self.file_history = QTreeWidget()
        self.file_history.setHeaderHidden(True)
        self.file_history.setRootIsDecorated(False)
        # A tree, not a list: its column fits the dock, so long file names are elided instead
        # of growing a horizontal scroll bar.
        self.file_history.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.file_history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.file_history.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.file_history.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.file_history.setAlternatingRowColors(True)  # tells two-line entries apart
        history.addWidget(self.file_history, 2)
        layout.addWidget(self.history_section, 1)
        # Takes the free space only while the history section is hidden (it has no stretch).
        layout.addStretch(0)
        return page

    def _show_meme(self) -> None:
        doc = None if self._session is None else self._session.doc
        self.tags_hint.setText(NO_SESSION_HINT if doc is None else TAGS_HINT)
        tags = set() if doc is None else set(doc.metadata.meaning_tags)
        for meaning_id, box in self.tag_boxes.items():
            box.setEnabled(doc is not None)
            box.setChecked(meaning_id in tags)
        self.history_section.setVisible(doc is not None)
        self.file_history.clear()
        if doc is not None:
            for event, at, detail in file_history(doc):
                text = f"{event.capitalize()} {describe_time(at)}"
                item = QTreeWidgetItem(self.file_history, [f"{text}\n{detail}" if detail else text])
                item.setToolTip(0, f"{event.capitalize()} {at}\n{detail}".strip())

    def _set_tag(self, meaning_id: str) -> None:
        if self._session is None:
            return
        checked = self.tag_boxes[meaning_id].isChecked()
        current = self._session.doc.metadata.meaning_tags
        chosen = set(current) | {meaning_id} if checked else set(current) - {meaning_id}
        known = [meaning.id for meaning in self._knowledge.meanings]
        # Known tags in the panel's order; tags this version does not know are kept as they were.
        tags = [i for i in known if i in chosen] + [t for t in current if t not in known]
        title = self._knowledge.meaning(meaning_id).title
        label = f"Tag as “{title}”" if checked else f"Untag “{title}”"
        self._session.push(SetMeaningTags(tags, label=label))


class _MeaningSection(QWidget):
    """A meaning as a collapsible section: title, explanation, caption idea buttons."""

    idea_clicked = Signal(str)

    def __init__(self, meaning: Meaning, *, expanded: bool) -> None:
        super().__init__()
        self.meaning = meaning
        self.header = QToolButton()
        self.header.setObjectName("meaningHeader")
        self.header.setText(meaning.title)
        self.header.setCheckable(True)
        self.header.setAutoRaise(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        font = self.header.font()
        font.setBold(True)
        self.header.setFont(font)

        self.body = QWidget()
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(_RAIL_WIDTH, 0, 0, 6)
        body_layout.setSpacing(2)
        body_layout.addWidget(_wrapped(meaning.explanation))
        body_layout.addSpacing(4)
        body_layout.addWidget(_wrapped("Caption ideas", dim=True))
        self.idea_buttons: list[QPushButton] = []
        for idea in meaning.caption_ideas:
            button = QPushButton(idea)
            button.setObjectName("captionIdea")
            button.setToolTip(ADD_CAPTION_TIP)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(partial(self.idea_clicked.emit, idea))
            body_layout.addWidget(button)
            self.idea_buttons.append(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.body)
        self.header.toggled.connect(self._expand)
        self.header.setChecked(expanded)
        self._expand(expanded)

    def _expand(self, expanded: bool) -> None:
        self.header.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded)


class _TimelineEntry(QWidget):
    """A period in bold above its text, with a dot on a vertical line in the left gutter."""

    def __init__(self, item: HistoryItem, *, first: bool, last: bool) -> None:
        super().__init__()
        self._first, self._last = first, last
        self.period = QLabel(item.period)
        font = self.period.font()
        font.setBold(True)
        self.period.setFont(font)
        self.text = _wrapped(item.text)
        layout = QVBoxLayout(self)
        # The bottom margin is the gap to the next entry, so the line runs through it unbroken.
        layout.setContentsMargins(_RAIL_WIDTH, 0, 0, 0 if last else 14)
        layout.setSpacing(2)
        layout.addWidget(self.period)
        layout.addWidget(self.text)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x = _RAIL_WIDTH / 2 - 2
        dot_y = self.period.geometry().center().y() + 0.5
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 2))
        top = dot_y if self._first else 0.0
        bottom = dot_y if self._last else float(self.height())
        if bottom > top:
            painter.drawLine(QPointF(x, top), QPointF(x, bottom))
        accent = self.palette().color(QPalette.ColorRole.Highlight)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Base), 2))
        painter.setBrush(accent)
        painter.drawEllipse(QPointF(x, dot_y), 5, 5)


def _about_page(knowledge: Knowledge) -> QWidget:
    page = QWidget()
    layout = _page_layout(page)
    title = QLabel("Crying behind a mask")
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setWeight(QFont.Weight.DemiBold)
    title.setFont(font)
    layout.addWidget(title)
    layout.addWidget(_wrapped("Where the picture comes from and how it is used.", dim=True))
    layout.addSpacing(6)
    timeline = QVBoxLayout()
    timeline.setSpacing(0)
    for index, item in enumerate(knowledge.history):
        last = index == len(knowledge.history) - 1
        timeline.addWidget(_TimelineEntry(item, first=index == 0, last=last))
    layout.addLayout(timeline)
    layout.addStretch(1)
    return page


def file_history(doc: MemeDocument) -> list[tuple[str, str, str]]:
    """(event, ISO time, detail) rows: the document's history, opening with its creation.

    Older files and new memes do not record "created" in their history; the metadata always
    holds the creation time, so that row is added from there unless the history has one.
    """
    rows = [(entry.event, entry.at, entry.detail) for entry in doc.metadata.history]
    if not any(event == "created" for event, _, _ in rows):
        rows.insert(0, ("created", doc.metadata.created, ""))
    return rows


def describe_time(iso: str) -> str:
    """An ISO time from the document as the user's local time: "today at 14:05", "3/4/26 9:10".

    A time that does not parse (a hand-edited file) is shown as it is rather than hidden.
    """
    moment = QDateTime.fromString(iso, Qt.DateFormat.ISODate)
    if not moment.isValid():
        return iso
    local = moment.toLocalTime()
    locale = QLocale()
    clock = locale.toString(local.time(), QLocale.FormatType.ShortFormat)
    days_ago = local.date().daysTo(QDate.currentDate())
    if days_ago == 0:
        return f"today at {clock}"
    if days_ago == 1:
        return f"yesterday at {clock}"
    return f"on {locale.toString(local.date(), QLocale.FormatType.ShortFormat)} at {clock}"


def _scrolling(page: QWidget) -> QScrollArea:
    """A page that scrolls vertically only: its labels wrap to the dock's width instead."""
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


def _page_layout(page: QWidget) -> QVBoxLayout:
    layout = QVBoxLayout(page)
    layout.setContentsMargins(_MARGIN, _MARGIN, _MARGIN, _MARGIN)
    layout.setSpacing(8)
    return layout


def _wrapped(text: str, *, dim: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if dim:
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label
