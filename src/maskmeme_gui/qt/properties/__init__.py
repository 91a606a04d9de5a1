"""The properties panel and its editors (see panel.py)."""

from maskmeme_gui.qt.properties.panel import PropertiesPanel

__all__ = ["PropertiesPanel"]
