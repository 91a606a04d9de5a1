"""The layers list: the document's layers top first, with visibility toggles, renaming,
drag-and-drop reordering and the window's Raise / Lower / Duplicate / Delete actions."""

from maskmeme_gui.qt.layers_panel.icons import layer_icon
from maskmeme_gui.qt.layers_panel.model import LAYER_IDS_MIME
from maskmeme_gui.qt.layers_panel.panel import EMPTY_TEXT, LayersPanel
from maskmeme_gui.qt.layers_panel.view import NO_MEME_TEXT, LayerListView

__all__ = [
    "EMPTY_TEXT",
    "LAYER_IDS_MIME",
    "NO_MEME_TEXT",
    "LayerListView",
    "LayersPanel",
    "layer_icon",
]
