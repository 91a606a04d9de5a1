"""The gallery pane: built-in templates, My memes and the user's folders."""

from maskmeme_gui.qt.canvas.drops import TEMPLATE_MIME
from maskmeme_gui.qt.gallery.model import GalleryItem
from maskmeme_gui.qt.gallery.pane import GalleryPane

__all__ = ["TEMPLATE_MIME", "GalleryItem", "GalleryPane"]
