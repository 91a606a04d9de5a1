"""Playing an animated meme: which frame shows, for how long, and the bar under the canvas that
plays, pauses and scrubs it. Only the frames' durations are known here; what a frame looks like
is the canvas's business (it follows `frame_changed`)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QToolButton, QWidget

from maskmeme_gui.qt.following import follow_session
from maskmeme_gui.qt.icons import icon
from maskmeme_gui.qt.workers import Task

if TYPE_CHECKING:
    from maskmeme_gui.model.events import DocumentChanged
    from maskmeme_gui.qt.session import DocumentSession
    from maskmeme_gui.render.timeline import Timeline


class Playback(QObject):
    """The current frame of a looping animation, advanced by a timer while playing."""

    frame_changed = Signal(int, int)  # frame index, its start time in ms
    playing_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._durations: tuple[int, ...] = ()
        self._starts: tuple[int, ...] = ()
        self._frame = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # Frames of 20 ms and less must not lag behind a coarse timer's 5 % slack.
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._advance)

    @property
    def frame_count(self) -> int:
        return len(self._durations)

    @property
    def frame(self) -> int:
        return self._frame

    @property
    def loop_ms(self) -> int:
        return sum(self._durations)

    @property
    def is_playing(self) -> bool:
        return self._timer.isActive()

    def time_of(self, frame: int) -> int:
        return self._starts[frame] if self._starts else 0

    def set_frames(self, durations_ms: Sequence[int]) -> None:
        """A new animation (no frames: a still meme), shown from its first frame, paused."""
        self.pause()
        self._durations = tuple(max(1, d) for d in durations_ms)
        self._starts = tuple(itertools.accumulate(self._durations, initial=0))[:-1]
        self._frame = 0
        if self._durations:
            self.frame_changed.emit(0, 0)

    def play(self) -> None:
        if self.frame_count > 1 and not self.is_playing:
            self._timer.start(self._durations[self._frame])
            self.playing_changed.emit(True)

    def pause(self) -> None:
        if self.is_playing:
            self._timer.stop()
            self.playing_changed.emit(False)

    def toggle(self) -> None:
        self.pause() if self.is_playing else self.play()

    def seek(self, frame: int) -> None:
        """Show `frame`; playing goes on from it."""
        if not self._durations:
            return
        self._frame = frame % self.frame_count
        self.frame_changed.emit(self._frame, self._starts[self._frame])
        if self.is_playing:
            self._timer.start(self._durations[self._frame])

    def _advance(self) -> None:
        self._frame = (self._frame + 1) % self.frame_count
        self._timer.start(self._durations[self._frame])
        self.frame_changed.emit(self._frame, self._starts[self._frame])


class PlaybackBar(QWidget):
    """Play/pause, the frame scrubber and the time, shown only while the meme is animated."""

    def __init__(self, playback: Playback, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.playback = playback
        self.play_button = QToolButton(self)
        self.play_button.setAutoRaise(True)
        self.play_button.clicked.connect(playback.toggle)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setAccessibleName("Frame")
        self.slider.valueChanged.connect(self._slider_moved)
        self.time_label = QLabel(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.play_button)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.time_label)
        playback.frame_changed.connect(self._show_frame)
        playback.playing_changed.connect(self._show_playing)
        self._show_playing(False)
        self.hide()

    def follow(self) -> None:
        """Show the bar for an animation, hide it for a still meme."""
        count = self.playback.frame_count
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, count - 1))
        self.slider.setValue(self.playback.frame)
        self.slider.blockSignals(False)
        self._show_time()
        self.setVisible(count > 1)

    def _slider_moved(self, frame: int) -> None:
        if frame != self.playback.frame:
            self.playback.seek(frame)

    def _show_frame(self, frame: int, _start_ms: int) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(frame)
        self.slider.blockSignals(False)
        self._show_time()

    def _show_time(self) -> None:
        playback = self.playback
        now = playback.time_of(playback.frame) / 1000
        self.time_label.setText(f"{now:.2f} / {playback.loop_ms / 1000:.2f} s")

    def _show_playing(self, playing: bool) -> None:
        if playing:
            name, tip = "media-playback-pause", "Pause"
        else:
            name, tip = "media-playback-start", "Play"
        self.play_button.setIcon(icon(name))
        self.play_button.setToolTip(tip)
        self.play_button.setAccessibleName(tip)


class MemePlayer(QObject):
    """Follows the open meme's timeline: works it out in a worker (an animated base is decoded
    for it) whenever the base or the layers change, and feeds `playback` and the canvas."""

    timeline_known = Signal()
    said = Signal(str)  # one sentence for the status bar

    def __init__(
        self,
        playback: Playback,
        show_time: Callable[[int | None, bool], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.playback = playback
        self._show_time = show_time
        self.session: DocumentSession | None = None
        self._timeline: Timeline | None = None
        self._task: Task | None = None
        playback.frame_changed.connect(self._frame_changed)

    @property
    def timeline(self) -> Timeline | None:
        return self._timeline

    def set_session(self, session: DocumentSession | None) -> None:
        follow_session(self.session, session, changed=self._on_changed)
        self.session = session
        self._timeline = None
        self.playback.set_frames(())
        self._show_time(None, False)
        self._work_out()

    def _on_changed(self, event: DocumentChanged) -> None:
        from maskmeme_gui.model.events import Change

        if event.kind in (Change.LAYERS, Change.CONTENT, Change.DOCUMENT):
            self._work_out()

    def _work_out(self) -> None:
        if self._task is not None:
            self._task.succeeded.disconnect(self._known)
            self._task = None
        if self.session is None:
            return
        snapshot = self.session.doc.snapshot()

        def work(_control: object) -> Timeline:
            from maskmeme_gui.render.timeline import timeline

            return timeline(snapshot)

        task = Task(work)
        # Bound to this object: a window closed mid-way drops the answer.
        task.succeeded.connect(self._known)
        self._task = task
        task.start()

    def _known(self, timeline: Timeline) -> None:
        self._task = None
        if self.session is None:
            return
        old, self._timeline = self._timeline, timeline
        if timeline.truncated and (old is None or not old.truncated):
            self.said.emit(
                f"This animation is longer than maskmeme keeps: its first {timeline.frame_count}"
                f" frames ({timeline.loop_ms / 1000:.2f} s) play and export"
            )
        if old is None or old.durations_ms != timeline.durations_ms:
            was_playing = self.playback.is_playing
            self.playback.set_frames(timeline.durations_ms if timeline.is_animated else ())
            if not timeline.is_animated:
                self._show_time(None, False)
            elif was_playing:
                self.playback.play()
        elif timeline.is_animated:
            # Same frames, new look (a layer changed): show the current frame anew.
            self._frame_changed(self.playback.frame, self.playback.time_of(self.playback.frame))
        self.timeline_known.emit()

    def _frame_changed(self, _frame: int, start_ms: int) -> None:
        timeline = self._timeline
        if timeline is not None and timeline.is_animated:
            self._show_time(start_ms, timeline.base_is_animated)
