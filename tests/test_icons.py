"""maskmeme's fallback icons: every name has a drawn SVG that renders, icon() never comes back
empty for them offscreen (where there is no icon theme), and tinting recolours the ink only."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPainter, QPalette
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from maskmeme_gui.locate import resource_path
from maskmeme_gui.qt import icons
from maskmeme_gui.qt.icons import ACCENT, APP_SPECIFIC, ICON_NAMES, INK, drawn_icon, icon

SVG_NS = "{http://www.w3.org/2000/svg}"


def _opaque_colours(image: QImage) -> list[QColor]:
    """The colours of the fully opaque pixels: antialiased edges are blends, so left out."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    colours = []
    for y in range(image.height()):
        for x in range(image.width()):
            colour = image.pixelColor(x, y)
            if colour.alpha() == 255:
                colours.append(colour)
    return colours


def _render_svg(data: bytes, pixels: int) -> QImage:
    renderer = QSvgRenderer(QByteArray(data))
    assert renderer.isValid()
    image = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, pixels, pixels))
    painter.end()
    return image


@pytest.fixture
def dark_palette(qapp: QApplication) -> Iterator[QPalette]:
    original = QGuiApplication.palette()
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.Window, QColor("#2b2d30"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e4e6eb"))
    QApplication.setPalette(dark)
    try:
        yield dark
    finally:
        QApplication.setPalette(original)


def test_names_are_unique_and_the_tear_tools_are_app_specific() -> None:
    assert len(set(ICON_NAMES)) == len(ICON_NAMES) == 35
    assert set(ICON_NAMES) >= APP_SPECIFIC
    # The face actions have no freedesktop name: always maskmeme's own drawings.
    assert {"tear-stream", "tear-drop", "eye-marker", "make-it-cry", "put-on-mask"} <= APP_SPECIFIC


def test_every_shipped_svg_is_listed() -> None:
    # An SVG nobody can ask for is dead weight, and usually a misspelt name.
    shipped = {path.stem for path in resource_path("icons", "actions").glob("*.svg")}
    assert shipped == set(ICON_NAMES)


@pytest.mark.parametrize("name", ICON_NAMES)
def test_svg_parses_follows_the_grid_and_renders(qapp: QApplication, name: str) -> None:
    data = resource_path("icons", "actions", f"{name}.svg").read_bytes()
    root = ET.fromstring(data)
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox") == "0 0 24 24"
    # The ink colour must be there, or tinting has nothing to replace.
    assert INK.encode() in data.lower()
    image = _render_svg(data, 24)
    assert _opaque_colours(image), f"{name}.svg renders nothing opaque at 24 px"


@pytest.mark.parametrize("name", ICON_NAMES)
def test_icon_is_not_null_offscreen(qapp: QApplication, name: str) -> None:
    result = icon(name)
    assert not result.isNull()
    pixmap = result.pixmap(24, 24)
    assert not pixmap.isNull()
    assert _opaque_colours(pixmap.toImage())


def test_unknown_or_hostile_names_give_a_null_icon(qapp: QApplication) -> None:
    for name in ("no-such-icon", "../maskmeme", "", "Edit-Undo", "edit undo"):
        assert icon(name).isNull()
        assert drawn_icon(name).isNull()


def test_tint_recolours_the_ink(qapp: QApplication) -> None:
    for size in (16, 24, 48):
        colours = _opaque_colours(drawn_icon("list-add", "#ff0000").pixmap(size, size).toImage())
        assert colours
        assert {colour.name() for colour in colours} == {"#ff0000"}


def test_tint_leaves_the_tear_accent_blue(qapp: QApplication) -> None:
    def colours(name: str) -> set[str]:
        pixmap = drawn_icon(name, "#00ff00").pixmap(48, 48)
        return {colour.name() for colour in _opaque_colours(pixmap.toImage())}

    stream = colours("tear-stream")
    # The stream starts on the eyelid, where the two blend: so no exact set for this one.
    assert {"#00ff00", ACCENT} <= stream
    assert INK not in stream
    assert colours("tear-drop") == {ACCENT}


def test_default_tint_follows_the_palette(qapp: QApplication, dark_palette: QPalette) -> None:
    colours = _opaque_colours(icon("edit-undo").pixmap(24, 24).toImage())
    assert {colour.name() for colour in colours} == {"#e4e6eb"}


def test_high_density_pixmaps_are_drawn_not_scaled(qapp: QApplication) -> None:
    drawn = drawn_icon("edit-find", INK)
    for size in icons.SIZES:
        sharp = drawn.pixmap(QSize(size, size), 2.0)
        assert (sharp.width(), sharp.height()) == (2 * size, 2 * size)
        assert sharp.devicePixelRatio() == 2.0
        # Pixel for pixel what the SVG gives at that size, so no smaller pixmap was blown up.
        svg = resource_path("icons", "actions", "edit-find.svg").read_bytes()
        direct = _render_svg(svg, 2 * size).convertToFormat(sharp.toImage().format())
        assert sharp.toImage() == direct


def test_disabled_icons_look_disabled(qapp: QApplication) -> None:
    drawn = drawn_icon("edit-copy", "#000000")
    normal = drawn.pixmap(24, 24, QIcon.Mode.Normal).toImage()
    disabled = drawn.pixmap(24, 24, QIcon.Mode.Disabled).toImage()
    assert (disabled.width(), disabled.height()) == (24, 24)
    assert _opaque_colours(disabled) and normal != disabled


def test_the_theme_wins_over_ours_except_for_the_tear_tools(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    themed = QIcon(drawn_icon("list-add", "#ff0000"))  # stands in for the desktop's icon
    monkeypatch.setattr(QIcon, "hasThemeIcon", staticmethod(lambda _name: True))
    monkeypatch.setattr(QIcon, "fromTheme", staticmethod(lambda *_args: themed))
    assert icon("edit-undo").cacheKey() == themed.cacheKey()
    for name in APP_SPECIFIC:
        assert icon(name).cacheKey() != themed.cacheKey()


def test_icons_are_cached_per_colour(qapp: QApplication) -> None:
    first = drawn_icon("edit-copy", "#112233")
    assert drawn_icon("edit-copy", QColor("#112233")).cacheKey() == first.cacheKey()
    assert drawn_icon("edit-copy", "#445566").cacheKey() != first.cacheKey()
