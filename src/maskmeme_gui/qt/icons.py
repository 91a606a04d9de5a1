"""Icons for actions and buttons: the desktop's icon theme where it has one, else maskmeme's own.

`QIcon.fromTheme()` alone leaves every button text-only on a desktop without a freedesktop icon
theme (Windows, macOS, a bare X11, Xvfb). maskmeme therefore ships one SVG per freedesktop name in
`resources/icons/actions/`, and `icon(name)` prefers the theme's icon (so maskmeme matches the
desktop) and falls back to ours. The app-specific actions (the tear tools, the Eyes tool, Make It
Cry, Put On a Mask) have no theme counterpart worth having, so they are always ours.

Tinting: every SVG draws its lines in one ink colour, INK, and the tear tools add a blue ACCENT.
To follow the palette (a dark palette needs light lines) the SVG text has INK replaced by the
palette's WindowText colour. Replacing the colour in the source rather than recolouring rendered
pixels keeps the accent blue and the antialiasing exact. The tinted SVG is rendered with
QSvgRenderer only when Qt asks for a size (`_TintedSvgEngine`), at exactly that size (so 2x
screens get lines drawn for 2x, never an upscaled bitmap), and each rendered size is kept. An
icon costs nothing until it is painted: the window builds its thirty-odd actions without
rendering the icons of menus nobody has opened. Icons are cached per (name, colour), so a
palette change gets fresh icons from the next call.
"""

from __future__ import annotations

import logging
import re
from functools import cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QImage,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QStyleOption

from maskmeme_gui.locate import MissingResourceError, resource_path

log = logging.getLogger(__name__)

INK = "#3b3f45"  # the line colour of every actions/*.svg: the one colour that is tinted
ACCENT = "#2f80ed"  # the tear blue of the app-specific tools: never tinted
SIZES = (16, 22, 24, 32, 48)  # the freedesktop sizes of menus, buttons and toolbars

APP_SPECIFIC = frozenset({"tear-stream", "tear-drop", "eye-marker", "make-it-cry", "put-on-mask"})
ICON_NAMES = (
    "document-open",
    "document-save",
    "document-save-as",
    "document-export",
    "document-close",
    "application-exit",
    "edit-undo",
    "edit-redo",
    "edit-copy",
    "edit-paste",
    "edit-delete",
    "edit-select-all",
    "edit-find",
    "go-up",
    "go-down",
    "zoom-in",
    "zoom-out",
    "zoom-fit-best",
    "zoom-original",
    "help-about",
    "view-refresh",
    "folder-new",
    "list-add",
    "edit-select",
    "insert-text",
    "tear-stream",
    "tear-drop",
    "eye-marker",
    "make-it-cry",
    "put-on-mask",
    "insert-image",
    "visibility",
    "hidden",
    "media-playback-start",
    "media-playback-pause",
)

# Icon names are freedesktop-style words; anything else (a path, "..") is refused rather than
# joined onto the resources folder.
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
_INK = re.compile(re.escape(INK), re.IGNORECASE)


def icon(name: str, color: QColor | str | None = None) -> QIcon:
    """The icon for a freedesktop icon name: the theme's, else maskmeme's drawn in `color`.

    `color` defaults to the application palette's WindowText, so the fallback icons read on light
    and dark palettes alike. An unknown name gives a null QIcon (callers show text instead).
    Needs a QGuiApplication, like every QIcon with pixmaps.
    """
    if name not in APP_SPECIFIC and QIcon.hasThemeIcon(name):
        # hasThemeIcon first: the theme usually wins, and then ours is never rendered.
        return QIcon.fromTheme(name)
    own = drawn_icon(name, color)
    return own if not own.isNull() else QIcon.fromTheme(name)


def drawn_icon(name: str, color: QColor | str | None = None) -> QIcon:
    """maskmeme's own icon, ignoring the theme, with its ink in `color` (default: the palette's
    WindowText); a null QIcon when there is no such SVG or it does not render."""
    if QGuiApplication.instance() is None:
        # Without this check Qt aborts the whole process on the first QPixmap.
        raise RuntimeError("maskmeme's icons need a QGuiApplication; create the application first")
    if color is None:
        ink = QGuiApplication.palette().color(QPalette.ColorRole.WindowText)
    else:
        ink = QColor(color)
    # name() drops alpha, which SVG colours cannot carry; text colours are opaque in practice.
    return _drawn_icon(name, ink.name() if ink.isValid() else INK)


@cache
def _drawn_icon(name: str, ink: str) -> QIcon:
    if not _NAME.fullmatch(name):
        return QIcon()
    try:
        resource_path("icons", "actions", f"{name}.svg")
    except MissingResourceError:
        return QIcon()
    # The file is read and parsed when the icon is first painted (`_tinted_renderer`).
    return QIcon(_TintedSvgEngine(name, ink))


@cache
def _tinted_renderer(name: str, ink: str) -> QSvgRenderer | None:
    svg = _svg_source(name)
    if svg is None:
        return None
    renderer = QSvgRenderer(QByteArray(_INK.sub(ink, svg).encode()))
    if not renderer.isValid():
        log.warning("maskmeme's icon %s.svg does not render", name)
        return None
    return renderer


class _TintedSvgEngine(QIconEngine):
    """Renders one tinted SVG at each size Qt asks for, once; other modes (disabled) are the
    style's own treatment of the normal pixmap, as for any pixmap icon."""

    def __init__(self, name: str, ink: str) -> None:
        super().__init__()
        self._name, self._ink = name, ink
        self._pixmaps: dict[tuple[int, int, QIcon.Mode], QPixmap] = {}

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        key = (size.width(), size.height(), mode)
        cached = self._pixmaps.get(key)
        if cached is None:
            side = max(1, min(size.width(), size.height()))
            renderer = _tinted_renderer(self._name, self._ink)
            if renderer is None:  # an unreadable file, logged once: an empty picture
                cached = QPixmap(side, side)
                cached.fill(Qt.GlobalColor.transparent)
                return cached
            cached = QPixmap.fromImage(_render(renderer, side))
            if mode != QIcon.Mode.Normal and QApplication.instance() is not None:
                style = QApplication.style()
                cached = style.generatedIconPixmap(mode, cached, QStyleOption())
            self._pixmaps[key] = cached
        return cached

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        pixels = QSize(round(rect.width() * ratio), round(rect.height() * ratio))
        painter.drawPixmap(rect, self.pixmap(pixels, mode, state))

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        side = min(size.width(), size.height())  # the icons are square
        return QSize(side, side)

    def availableSizes(
        self, mode: QIcon.Mode = QIcon.Mode.Normal, state: QIcon.State = QIcon.State.Off
    ) -> list[QSize]:
        return [QSize(size, size) for size in SIZES]

    def clone(self) -> QIconEngine:
        return _TintedSvgEngine(self._name, self._ink)

    def key(self) -> str:
        return "maskmeme-tinted-svg"


@cache
def _svg_source(name: str) -> str | None:
    try:
        return resource_path("icons", "actions", f"{name}.svg").read_text(encoding="utf-8")
    except MissingResourceError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        log.warning("maskmeme's icon %s.svg cannot be read: %s", name, error)
        return None


def _render(renderer: QSvgRenderer, pixels: int) -> QImage:
    # A QImage rather than a QPixmap to paint on: it renders the same on every platform plugin.
    image = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, pixels, pixels))
    finally:
        painter.end()
    return image
