"""The large view of the selected gallery item; animated GIF and WebP play."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QHideEvent,
    QImage,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QShowEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from maskmeme_gui.qt.gallery.items import GalleryItem
from maskmeme_gui.qt.gallery.workers import PreviewFrames, PreviewJob, owned_task
from maskmeme_gui.qt.workers import WorkerPool

EMPTY_TEXT = "Select a meme or template to see it larger here."
_MIN_DECODE_SIDE = 480
_MAX_DECODE_SIDE = 2048
_MAX_UPSCALE = 2.0  # small pictures are enlarged, but not into a blur
_MARGIN = 8
_RADIUS = 6.0


class GalleryPreview(QWidget):
    """Shows one item large. Decoding runs in a thread; until it is done the thumbnail shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._pool = WorkerPool(1, "maskmeme-preview")
        # One decode at a time: a newer selection waits for it, the older result is dropped.
        self._job = PreviewJob()
        self._task = owned_task(self._job, self)
        self._task.succeeded.connect(self._loaded)
        self._task.failed.connect(self._failed)
        self._task.finished.connect(self._decode_wanted)
        self._wanted = 0  # counts show_item calls; the item shown is the latest
        self._decoding = 0  # the show_item call the running decode serves
        self._loading = False
        self._item: GalleryItem | None = None
        self._frames: list[QImage | QPixmap] = []
        self._durations: list[int] = []
        self._frame = 0
        self._title = ""
        self._details = ""
        self._message = EMPTY_TEXT
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._next_frame)

    # -- what tests and the pane read ---------------------------------------------------------

    @property
    def item(self) -> GalleryItem | None:
        return self._item

    @property
    def frame_index(self) -> int:
        return self._frame

    @property
    def frame_count(self) -> int:
        return len(self._frames)

    @property
    def details(self) -> str:
        return self._details

    @property
    def message(self) -> str:
        """The text shown instead of a picture ("" while a picture shows)."""
        return self._message

    def is_loading(self) -> bool:
        return self._loading

    def is_playing(self) -> bool:
        return self._timer.isActive()

    # -- changing what is shown ---------------------------------------------------------------

    def show_item(self, item: GalleryItem | None, thumbnail: QPixmap | None = None) -> None:
        """Show `item` (None: the empty state); `thumbnail` stands in while it decodes."""
        self._timer.stop()
        self._wanted += 1
        if self._task.is_running:
            self._task.cancel()  # its result is not wanted any more; this item follows it
        self._item = item
        self._frames, self._durations, self._frame = [], [], 0
        self._title = item.title if item is not None else ""
        self._details = ""
        self._loading = item is not None
        self._message = "" if item is not None else EMPTY_TEXT
        if thumbnail is not None:
            self._frames, self._durations = [thumbnail], [0]
        self._decode_wanted()
        self.update()

    def shutdown(self) -> None:
        """Stop decoding and wait for the thread (called when the app quits)."""
        self.show_item(None)
        self._pool.wait_for_done()

    def _decode_wanted(self) -> None:
        """Start decoding the latest item, unless that is done or under way."""
        if self._item is None or not self._loading or self._task.is_running:
            return
        self._job.path, self._job.kind = self._item.path, self._item.kind
        self._job.max_side = self._decode_side()
        self._decoding = self._wanted
        self._task.start(self._pool)

    def _decode_side(self) -> int:
        side = max(self.width(), self.height()) * self.devicePixelRatioF()
        return int(min(_MAX_DECODE_SIDE, max(_MIN_DECODE_SIDE, side)))

    def _loaded(self, result: PreviewFrames) -> None:
        if self._decoding != self._wanted:
            return  # an older selection
        self._loading = False
        self._details = result.details
        if self._item is not None and self._item.kind == "template":
            self._details = f"Built-in template · {result.details}"
        elif self._item is not None and self._item.exports:
            count = len(self._item.exports)
            self._details += f" · exported {'once' if count == 1 else f'{count} times'}"
        if result.problem or not result.frames:
            self._frames, self._durations, self._details = [], [], ""
            self._message = f"This file cannot be shown.\n{result.problem or result.details}"
        else:
            self._frames, self._durations = list(result.frames), list(result.durations)
            self._message = ""
        self._frame = 0
        self._play()
        self.update()

    def _failed(self, error: BaseException) -> None:
        if self._decoding == self._wanted:
            self._loading = False
            self._frames, self._message = [], f"This file cannot be shown.\n{error}"
            self.update()

    # -- animation ----------------------------------------------------------------------------

    def _play(self) -> None:
        if len(self._frames) > 1 and self.isVisible() and not self._loading:
            self._timer.start(self._durations[self._frame])

    def _next_frame(self) -> None:
        if len(self._frames) > 1:
            self._frame = (self._frame + 1) % len(self._frames)
            self.update()
            self._play()

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()  # nobody watches: spend no CPU
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._play()

    # -- painting -----------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(320, 260)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        palette = self.palette()
        metrics = self.fontMetrics()
        text_height = 2 * metrics.height() + 4 if self._item is not None else 0
        area = self.rect().adjusted(_MARGIN, _MARGIN, -_MARGIN, -_MARGIN - text_height)

        backdrop = QColor(palette.color(QPalette.ColorRole.Mid))
        backdrop.setAlpha(40)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(backdrop)
        painter.drawRoundedRect(QRectF(area), _RADIUS, _RADIUS)

        if self._frames:
            self._paint_frame(painter, self._frames[self._frame], area.adjusted(6, 6, -6, -6))
        if self._message:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                area.adjusted(16, 16, -16, -16),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self._message,
            )
        if self._item is not None:
            self._paint_caption(painter, area)

    def _paint_frame(self, painter: QPainter, frame: QImage | QPixmap, area: QRect) -> None:
        size = frame.deviceIndependentSize()
        if size.isEmpty():
            return
        scale = min(area.width() / size.width(), area.height() / size.height(), _MAX_UPSCALE)
        target = QRectF(0, 0, size.width() * scale, size.height() * scale)
        target.moveCenter(QRectF(area).center())
        if isinstance(frame, QImage):
            painter.drawImage(target, frame)
        else:
            painter.drawPixmap(target, frame, QRectF(frame.rect()))

    def _paint_caption(self, painter: QPainter, area: QRect) -> None:
        metrics = self.fontMetrics()
        line = QRect(area.left(), area.bottom() + 4, area.width(), metrics.height())
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        title = painter.fontMetrics().elidedText(
            self._title, Qt.TextElideMode.ElideMiddle, line.width()
        )
        painter.drawText(line, Qt.AlignmentFlag.AlignHCenter, title)
        painter.setFont(self.font())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        details = metrics.elidedText(
            "Loading…" if self.is_loading() else self._details,
            Qt.TextElideMode.ElideRight,
            line.width(),
        )
        painter.drawText(
            line.translated(0, metrics.height()), Qt.AlignmentFlag.AlignHCenter, details
        )
