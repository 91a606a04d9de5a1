"""Where the main window opens: its saved place where that still fits the screen, else a size
that fits the screen's free area (without the panels of the desktop), centred on it."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

PREFERRED = QSize(1400, 900)
SCREEN_SHARE = 0.92  # leave a margin round a window that has to shrink to fit
# Room for the window manager's title bar and borders, which geometry() leaves out.
FRAME = QSize(16, 48)


def fits(window: QRect, available: QRect) -> bool:
    """Whether a window at `window` (its frame added) lies wholly in `available`."""
    framed = window.adjusted(-FRAME.width() // 2, -FRAME.height(), FRAME.width() // 2, 0)
    return available.contains(framed)


def first_geometry(available: QRect) -> QRect:
    """The preferred size, shrunk to fit `available` with a margin, centred in it."""
    width = min(PREFERRED.width(), int(available.width() * SCREEN_SHARE) - FRAME.width())
    height = min(PREFERRED.height(), int(available.height() * SCREEN_SHARE) - FRAME.height())
    rect = QRect(0, 0, max(width, 320), max(height, 240))
    rect.moveCenter(available.center())
    rect.translate(0, FRAME.height() // 2)  # the title bar goes above the window's own top
    return rect
