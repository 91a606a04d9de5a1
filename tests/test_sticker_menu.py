"""The sticker picker: every name whole, clear of the menu's edge, each picture readable on a
dark theme, and usable from the keyboard."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from maskmeme_gui.fileio.stickers import load_stickers
from maskmeme_gui.model.layers import StickerLayer
from maskmeme_gui.qt.canvas.stickermenu import (
    COLUMNS,
    FROM_FILE,
    MARGIN,
    StickerMenu,
    StickerTile,
)
from maskmeme_gui.qt.mainwindow import MainWindow

DARK = {
    QPalette.ColorRole.Window: "#2b2b2e",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1f1f22",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#38383c",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
}


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    before = QApplication.palette()
    if request.param == "dark":
        palette = QPalette(before)
        for role, colour in DARK.items():
            palette.setColor(role, QColor(colour))
        QApplication.setPalette(palette)
    yield request.param
    QApplication.setPalette(before)


def open_picker(window: MainWindow, qtbot: QtBot) -> StickerMenu:
    """The Sticker tool's key on the canvas, as a user without a mouse picks it."""
    window.canvas.captions.finish()
    window.canvas.setFocus()
    qtbot.waitUntil(window.canvas.hasFocus)
    QTest.keyClick(window.canvas, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: window.canvas.sticker_menu() is not None)
    menu = window.canvas.sticker_menu()
    assert menu is not None
    qtbot.waitExposed(menu)
    return menu


def test_every_sticker_name_is_written_whole_clear_of_the_edge(
    template_window: MainWindow, qtbot: QtBot, theme: str
) -> None:
    menu = open_picker(template_window, qtbot)
    tiles = menu.buttons()
    assert [tile.text() for tile in tiles] == [art.name for art in load_stickers()]
    flags = Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap
    for tile in tiles:
        box = tile.text_rect()
        needed = tile.fontMetrics().boundingRect(box, flags, tile.text())
        assert box.contains(needed), f"{tile.text()!r} needs {needed}, has {box}"
    assert min(tile.mapTo(menu, QPoint(0, 0)).y() for tile in tiles) >= MARGIN


def test_a_dark_sticker_sits_on_a_light_card_in_a_dark_theme(
    template_window: MainWindow, qtbot: QtBot, theme: str
) -> None:
    menu = open_picker(template_window, qtbot)
    cloth = next(tile for tile in menu.buttons() if tile.art.id == "cloth-mask")
    image = cloth.grab().toImage()
    card = cloth.card_rect()
    behind = image.pixelColor(card.left() + 3, card.center().y())
    # Whatever the theme, the navy mask lies on something light.
    assert behind.lightness() > 200, behind.name()
    if theme == "dark":
        assert menu.palette().color(QPalette.ColorRole.Window).lightness() < 80


def test_a_sticker_is_picked_with_the_arrow_keys_and_return(
    template_window: MainWindow, qtbot: QtBot
) -> None:
    window = template_window
    assert window.session is not None
    count = len(window.session.doc.layers)
    menu = open_picker(window, qtbot)
    tiles = menu.buttons()
    qtbot.waitUntil(tiles[0].hasFocus)
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right):
        QTest.keyClick(menu.windowHandle(), key)
    wanted = tiles[1 + 4]
    assert isinstance(wanted, StickerTile) and wanted.hasFocus()
    QTest.keyClick(menu.windowHandle(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(window.session.doc.layers) == count + 1)  # type: ignore[union-attr]
    added = window.session.doc.layers[-1]
    assert isinstance(added, StickerLayer) and added.name == wanted.art.name
    qtbot.waitUntil(lambda: window.canvas.tool() == "select")


def test_down_past_the_last_row_reaches_from_a_file(
    template_window: MainWindow, qtbot: QtBot
) -> None:
    menu = open_picker(template_window, qtbot)
    tiles = menu.buttons()
    qtbot.waitUntil(tiles[0].hasFocus)
    rows = (len(tiles) + COLUMNS - 1) // COLUMNS
    for _ in range(rows - 1):
        QTest.keyClick(menu.windowHandle(), Qt.Key.Key_Down)
    assert tiles[(rows - 1) * COLUMNS].hasFocus()
    QTest.keyClick(menu.windowHandle(), Qt.Key.Key_Down)
    action = menu.activeAction()
    assert action is not None and action.text() == FROM_FILE
