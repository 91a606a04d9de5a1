"""Python's cycle collector, run on the GUI thread only.

Left automatic, a collection starts in whichever thread happens to allocate past the collector's
threshold, often a thumbnail or render worker, and frees there the Qt objects caught in cycles,
though a Qt object may only be destroyed in its own thread (seen: a hang, a worker thread
destroying an object of the GUI thread while the GUI thread waited for the GIL). So maskmeme
turns automatic collection off, and a timer collects on the GUI thread whenever the allocation
counts have passed the collector's thresholds: the rule Python itself follows, a tick late.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250


class GuiThreadCollector(QObject):
    """Owns cycle collection while it runs: `start()` turns automatic collection off."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect_if_due)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def collect_if_due(self) -> int | None:
        """Collect the oldest generation whose count has passed its threshold, as the automatic
        collector would have; the generation collected, or None when none was due."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[0] <= thresholds[0]:
            return None
        generation = max(g for g in range(3) if g == 0 or counts[g] > thresholds[g])
        gc.collect(generation)
        return generation
