"""Viewports for item views, made in Python rather than left to Qt."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QWidget


def plain_viewport() -> QWidget:
    """A viewport for an item view, set up as Qt sets up its own. Made here, it has a Python
    wrapper from the start: the first viewport() of Qt's own would make PySide load every
    QWidget subclass it knows to type the pointer, ~5 ms of the window's start-up."""
    viewport = QWidget()
    viewport.setObjectName("qt_scrollarea_viewport")
    viewport.setBackgroundRole(QPalette.ColorRole.Base)
    viewport.setAutoFillBackground(True)
    viewport.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
    return viewport
