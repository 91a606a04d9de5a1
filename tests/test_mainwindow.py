"""The main window driven as a user would: start-up, opening, drops, undo, saving, closing."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QImage, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from dialogs import answer_save_question
from maskmeme_gui.config.settings import Settings
from maskmeme_gui.fileio.newlayers import PLACEHOLDER_TEXT
from maskmeme_gui.fileio.project import load_project
from maskmeme_gui.fileio.settings_file import load_settings
from maskmeme_gui.model.commands import MoveLayers
from maskmeme_gui.model.layers import CaptionLayer, TearLayer
from maskmeme_gui.qt.mainwindow import MainWindow
from maskmeme_gui.render.compose import render_document


@pytest.fixture(autouse=True)
def discard_on_close(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing a window with changes asks a modal question; tests that care answer it."""
    answer_save_question(monkeypatch, QMessageBox.StandardButton.Discard)


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "holiday.jpg"
    Image.new("RGB", (640, 480), (200, 150, 120)).save(path)
    return path


def open_template(window: MainWindow, qtbot: QtBot, template_id: str = "masked-face") -> None:
    from maskmeme_gui.qt.gallery.items import GalleryItem

    item = GalleryItem("template", Path("unused.png"), template_id, "Masked face")
    window.gallery.open_requested.emit(item)
    qtbot.waitUntil(lambda: window.session is not None)


def drop_urls(widget: QWidget, urls: list[QUrl]) -> None:
    mime = QMimeData()
    mime.setUrls(urls)
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QDropEvent(
        centre, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    widget.dropEvent(event)


def test_a_template_dragged_from_the_gallery_onto_the_empty_canvas_starts_a_meme_from_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    qtbot.waitUntil(window.gallery.templates_filled)
    model = window.gallery.model
    row = next(
        r
        for r in range(model.rowCount())
        if getattr(model.item_at(model.index(r)), "template_id", None) == "smile-mask"
    )
    mime = model.mimeData([model.index(row)])  # what the gallery's drag carries
    assert mime.hasUrls()  # its picture's URL too, which must not open as a photo
    viewport = window.canvas.viewport()
    centre = QPointF(viewport.width() / 2, viewport.height() / 2)
    event = QDropEvent(
        centre, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    window.canvas.dropEvent(event)
    qtbot.waitUntil(lambda: window.session is not None)
    doc = window.session.doc
    assert doc.metadata.source == "template:smile-mask"


def test_a_fresh_start_shows_templates_and_how_to_begin(window: MainWindow, qtbot: QtBot) -> None:
    assert window.session is None
    assert window.windowTitle() == "maskmeme"
    qtbot.waitUntil(window.gallery.templates_filled)
    assert window.gallery.item_count() >= 3
    assert not window.actions_by_id["save"].isEnabled()
    assert "template" in window.statusBar().currentMessage()


def test_about_the_meme_is_built_when_its_tab_opens_and_follows_the_open_meme(
    window: MainWindow, qtbot: QtBot
) -> None:
    from maskmeme_gui.qt.info_panel import InfoPanel

    tabs = window.edit_tabs
    about = tabs.widget(2)
    assert tabs.tabText(2) == "About the meme"
    assert about.findChild(InfoPanel) is None  # nothing built before anyone looks
    open_template(window, qtbot)
    tab_bar = tabs.tabBar()
    qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton, pos=tab_bar.tabRect(2).center())
    panel = about.findChild(InfoPanel)
    assert panel is not None
    qtbot.waitUntil(lambda: panel.isVisibleTo(window))
    assert panel.session is window.session
    window.close_meme()
    assert panel.session is None


def test_picking_a_template_opens_a_new_meme(window: MainWindow, qtbot: QtBot) -> None:
    open_template(window, qtbot)
    assert window.session is not None
    assert window.windowTitle().startswith("Masked face")
    assert window.actions_by_id["export"].isEnabled()


@pytest.mark.parametrize("template_id", ["masked-face", "band-classic"])
def test_a_template_opens_ready_with_its_captions_and_tears(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, template_id: str
) -> None:
    open_template(window, qtbot, template_id)
    session = window.session
    assert session is not None and not window.isWindowModified()
    captions = [x for x in session.doc.layers if isinstance(x, CaptionLayer)]
    tears = [x for x in session.doc.layers if isinstance(x, TearLayer)]
    assert [c.text for c in captions] == [PLACEHOLDER_TEXT, PLACEHOLDER_TEXT]
    assert len(tears) == 2
    # The top caption is selected with its text selected: typing replaces the placeholder.
    assert session.selection == [captions[0].id]
    editor = window.canvas.caption_editor()
    assert editor is not None and editor.layer_id == captions[0].id
    QTest.keyClicks(window.canvas, "fine")
    assert captions[0].text == "fine"
    # The tears are the command line's, pixel for pixel.
    out = tmp_path / "cli.png"
    subprocess.run(
        [sys.executable, "-m", "maskmeme_gui", "render", template_id, "-o", str(out)],
        check=True,
        capture_output=True,
    )
    without_captions = session.doc.snapshot()
    without_captions.layers = [x for x in without_captions.layers if isinstance(x, TearLayer)]
    ours = render_document(without_captions).convert("RGB")
    with Image.open(out) as theirs:
        assert ImageChops.difference(ours, theirs.convert("RGB")).getbbox() is None


def test_edits_mark_the_title_and_undo_clears_it(window: MainWindow, qtbot: QtBot) -> None:
    open_template(window, qtbot)
    assert window.session is not None
    template_layers = list(window.session.doc.layers)
    assert not window.isWindowModified()  # a template opens ready, and unchanged
    window.canvas.add_caption("how are you?")
    assert window.isWindowModified()
    caption = window.session.doc.layers[-1]
    assert isinstance(caption, CaptionLayer) and caption.text == "how are you?"
    window.actions_by_id["undo"].trigger()
    assert window.session.doc.layers == template_layers
    assert not window.isWindowModified()
    window.actions_by_id["redo"].trigger()
    assert window.session.doc.layers[-1].id == caption.id


def test_dropping_a_photo_on_the_window_opens_it(
    window: MainWindow, photo: Path, qtbot: QtBot
) -> None:
    drop_urls(window, [QUrl.fromLocalFile(str(photo))])
    qtbot.waitUntil(lambda: window.session is not None)
    assert window.session.doc.base_size == (640, 480)
    assert "holiday" in window.windowTitle()


def test_dropping_junk_says_why_and_opens_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture")
    drop_urls(window, [QUrl.fromLocalFile(str(notes))])
    qtbot.waitUntil(lambda: bool(warnings))
    assert window.session is None
    assert "notes.txt" in warnings[0]
    drop_urls(window, [QUrl("https://example.com/cat.png")])
    assert window.session is None
    assert "this computer" in window.statusBar().currentMessage()


def test_paste_starts_a_meme_then_adds_a_sticker(window: MainWindow, qtbot: QtBot) -> None:
    picture = QImage(120, 80, QImage.Format.Format_RGB32)
    picture.fill(Qt.GlobalColor.darkCyan)
    QGuiApplication.clipboard().setImage(picture)
    window.actions_by_id["paste"].trigger()
    qtbot.waitUntil(lambda: window.session is not None)
    assert window.session.doc.base_size == (120, 80)
    window.actions_by_id["paste"].trigger()
    assert [layer.kind for layer in window.session.doc.layers] == ["sticker"]


def test_a_pasted_meme_is_titled_by_when_it_was_pasted(window: MainWindow, qtbot: QtBot) -> None:
    picture = QImage(90, 60, QImage.Format.Format_RGB32)
    picture.fill(Qt.GlobalColor.darkMagenta)
    QGuiApplication.clipboard().setImage(picture)
    before = datetime.now().replace(second=0, microsecond=0)
    QTest.keySequence(window.canvas, QKeySequence.StandardKey.Paste)
    qtbot.waitUntil(lambda: window.session is not None)
    after = datetime.now()
    title = window.session.doc.metadata.title
    when = datetime.strptime(title, "Pasted image %Y-%m-%d %H.%M")
    assert before <= when <= after
    assert window.windowTitle().startswith(f"{title}[*]")


def test_copy_image_puts_the_meme_on_the_clipboard(window: MainWindow, qtbot: QtBot) -> None:
    open_template(window, qtbot)
    QGuiApplication.clipboard().clear()
    window.actions_by_id["copy_image"].trigger()
    qtbot.waitUntil(lambda: not QGuiApplication.clipboard().image().isNull())
    assert QGuiApplication.clipboard().image().width() == window.session.doc.canvas_size[0]


def test_save_writes_a_project_and_clears_the_mark(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_template(window, qtbot)
    window.canvas.add_caption("saved words")
    target = tmp_path / "mine"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.actions_by_id["save"].trigger()
    saved = tmp_path / "mine.maskmeme"
    assert saved.exists()
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("mine.maskmeme")
    doc = load_project(saved)
    assert any(getattr(layer, "text", "") == "saved words" for layer in doc.layers)
    assert str(saved) in load_settings().recent_files


def test_save_as_under_a_name_of_ones_own_names_the_meme(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_template(window, qtbot)
    offered: list[str] = []

    def choose(name: str) -> None:
        def answer(*args: object, **_kw: object) -> tuple[str, str]:
            offered.append(Path(str(args[2])).name)
            return str(tmp_path / name), ""

        monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)

    choose("Masked face.maskmeme")  # the name offered, kept: the title stays as it was
    window.actions_by_id["save_as"].trigger()
    assert offered == ["Masked face.maskmeme"]
    assert load_project(tmp_path / "Masked face.maskmeme").metadata.title == "Masked face"
    choose("party meme")
    window.actions_by_id["save_as"].trigger()
    saved = tmp_path / "party meme.maskmeme"
    assert load_project(saved).metadata.title == "party meme"  # what its card in My memes shows
    assert window.windowTitle().startswith("party meme.maskmeme[*]")
    assert not window.isWindowModified()


def test_a_failed_save_keeps_the_meme_unsaved(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_template(window, qtbot)
    window.canvas.add_caption("precious")
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "no" / "x.maskmeme"), "")
    )
    window.actions_by_id["save"].trigger()
    assert messages
    assert window.isWindowModified()
    assert all(entry.event != "saved" for entry in window.session.doc.metadata.history)


@pytest.mark.parametrize(
    ("answer", "closes"),
    [(QMessageBox.StandardButton.Discard, True), (QMessageBox.StandardButton.Cancel, False)],
)
def test_closing_with_changes_asks_first(
    window: MainWindow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    answer: QMessageBox.StandardButton,
    closes: bool,
) -> None:
    open_template(window, qtbot)
    window.canvas.add_caption("unsaved")
    asked = answer_save_question(monkeypatch, answer)
    assert window.close() is closes
    assert asked == [window.session.display_name if window.session else ""]


def test_opening_a_saved_meme_and_moving_a_layer(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_template(window, qtbot)
    window.canvas.add_caption("move me")
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "m.maskmeme"), "")
    )
    window.save()
    window.close_meme()
    assert window.session is None
    window.open_path(tmp_path / "m.maskmeme")
    qtbot.waitUntil(lambda: window.session is not None)
    session = window.session
    assert session is not None and not window.isWindowModified()
    caption = session.doc.layers[0]
    session.push(MoveLayers([caption.id], 10, 0))
    assert window.isWindowModified()


def test_a_caption_idea_from_the_info_panel_lands_on_the_canvas(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.info.caption_idea_chosen.emit("smiling on the outside")
    assert window.session is None
    assert "first" in window.statusBar().currentMessage()
    open_template(window, qtbot)
    assert window.session is not None
    count = len(window.session.doc.layers)
    window.info.caption_idea_chosen.emit("smiling on the outside")
    captions = [x for x in window.session.doc.layers if isinstance(x, CaptionLayer)]
    # It takes the place of the template's first placeholder rather than piling on top.
    assert captions[0].text == "smiling on the outside"
    assert len(window.session.doc.layers) == count
    assert window.session.selection == [captions[0].id]
    window.info.caption_idea_chosen.emit("and crying inside")
    assert [c.text for c in captions] == ["smiling on the outside", "and crying inside"]
    window.info.caption_idea_chosen.emit("third")
    assert len(window.session.doc.layers) == count + 1


def test_window_layout_is_remembered(qtbot: QtBot) -> None:
    first = MainWindow(Settings())
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 500)  # within the offscreen screen, which restoreGeometry respects
    first.gallery_dock.hide()
    first.close()
    second = MainWindow(load_settings())
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (700, 500)
    assert not second.gallery_dock.isVisible()


def test_an_exception_in_a_slot_shows_a_dialog_and_the_app_goes_on(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from maskmeme_gui.config.paths import log_dir
    from maskmeme_gui.qt.errors import ErrorReporter, setup_logging

    setup_logging()
    reporter = ErrorReporter(window)
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "open", lambda self: shown.append(self))
    try:
        raise ValueError("boom")
    except ValueError:
        reporter._excepthook(*sys.exc_info())  # what Qt calls for an exception in a slot
    qtbot.waitUntil(lambda: bool(shown))
    assert "boom" in shown[0].informativeText()
    assert "Traceback" in shown[0].detailedText()
    assert window.isVisible()
    assert "ValueError: boom" in (log_dir() / "maskmeme.log").read_text(encoding="utf-8")


def test_exit_after_startup_quits_with_status_0() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "maskmeme_gui", "--exit-after-startup"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines() == ["ready"]  # the start-up benchmark's finish line


def test_window_arguments_files_options_and_mistakes(capsys: pytest.CaptureFixture[str]) -> None:
    from maskmeme_gui.qt.app import parse_gui_args

    args = parse_gui_args(["a.png", "--", "--odd-name.png", "-"])
    assert args.files == [Path("a.png"), Path("--odd-name.png"), Path("-")]
    assert not args.exit_after_startup
    with pytest.raises(SystemExit) as unknown:
        parse_gui_args(["--frobnicate", "a.png"])
    assert unknown.value.code == 2
    assert "unknown option --frobnicate" in capsys.readouterr().err
    with pytest.raises(SystemExit) as helped:
        parse_gui_args(["a.png", "--help"])
    assert helped.value.code == 0
    assert "--exit-after-startup" in capsys.readouterr().out


def test_files_on_the_command_line_are_opened(photo: Path, qtbot: QtBot) -> None:
    from maskmeme_gui.qt.app import parse_gui_args

    args = parse_gui_args([str(photo), "--exit-after-startup"])
    assert args.files == [photo] and args.exit_after_startup
    win = MainWindow(Settings())
    qtbot.addWidget(win)
    win.open_paths(args.files)
    qtbot.waitUntil(lambda: win.session is not None)
    assert win.session.doc.metadata.source == photo.name


def test_a_document_handed_over_by_the_desktop_opens(
    window: MainWindow, photo: Path, qtbot: QtBot
) -> None:
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    from maskmeme_gui.qt.app import FileOpenRelay

    relay = FileOpenRelay(window)
    QApplication.instance().installEventFilter(relay)
    try:
        QApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(photo)))
        qtbot.waitUntil(lambda: window.session is not None)
    finally:
        QApplication.instance().removeEventFilter(relay)
    assert window.session.doc.metadata.source == photo.name


def test_the_app_has_its_own_icon(qtbot: QtBot) -> None:
    from maskmeme_gui.qt.app import app_icon

    icon = app_icon()
    assert not icon.isNull()
    assert {size.width() for size in icon.availableSizes()} >= {16, 48, 256}


def test_the_toolbar_follows_the_canvas_tool(window: MainWindow, qtbot: QtBot) -> None:
    open_template(window, qtbot)
    window.actions_by_id["caption"].trigger()
    assert window.canvas.tool() == "caption"
    window.canvas.set_tool("select")
    assert window.actions_by_id["select"].isChecked()


def test_the_open_meme_follows_its_file_renamed_or_removed_in_the_gallery(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_gallery_names import open_saved_meme

    old = open_saved_meme(window, qtbot, "monday")
    assert window.settings.recent_files[0] == str(old)

    new = old.with_name("tuesday.maskmeme")
    old.rename(new)
    window.gallery.file_renamed.emit(old, new)  # what the gallery says after its Rename
    assert window.session.path == new and not window.session.is_dirty
    assert "tuesday.maskmeme" in window.windowTitle()
    assert window.settings.recent_files[0] == str(new)

    new.unlink()
    window.gallery.file_removed.emit(new)  # ... and after Remove from Library
    assert window.session.path is None and window.session.is_dirty
    assert str(new) not in window.settings.recent_files
    asked: list[str] = []

    def no_choice(*args: object) -> tuple[str, str]:
        asked.append(str(args[1]))
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(no_choice))
    assert not window.save()  # asks where, rather than bring the removed file back
    assert asked and not new.exists()


def test_the_first_window_fits_the_screen_and_a_too_big_saved_one_is_refitted(
    qtbot: QtBot,
) -> None:
    from PySide6.QtCore import QRect

    from maskmeme_gui.qt.placement import fits

    first = MainWindow(Settings())
    qtbot.addWidget(first)
    screen = first.screen()
    assert screen is not None
    available = screen.availableGeometry()  # 800 x 800 on the offscreen platform
    assert fits(first.geometry(), available), (first.geometry(), available)
    # A layout saved on a bigger screen: the window comes back fitted, not cut off.
    big = MainWindow(Settings())
    qtbot.addWidget(big)
    big.setGeometry(QRect(0, 0, 1400, 900))
    saved = Settings(window_geometry=base64.b64encode(bytes(big.saveGeometry())).decode())
    again = MainWindow(saved)
    qtbot.addWidget(again)
    assert fits(again.geometry(), available)
    # One that fits is restored where it was.
    small = MainWindow(Settings())
    qtbot.addWidget(small)
    small.setGeometry(QRect(100, 120, 600, 500))
    kept = MainWindow(
        Settings(window_geometry=base64.b64encode(bytes(small.saveGeometry())).decode())
    )
    qtbot.addWidget(kept)
    assert kept.geometry() == QRect(100, 120, 600, 500)


def test_ctrl_z_in_a_properties_field_undoes_the_meme(
    template_window: MainWindow, qtbot: QtBot
) -> None:
    from maskmeme_gui.model.layers import TearLayer

    window = template_window
    session = window.session
    assert session is not None
    tear = next(layer for layer in session.doc.layers if isinstance(layer, TearLayer))
    width_before = tear.width
    session.select([tear.id])
    window.edit_tabs.setCurrentWidget(window.properties)
    field = window.properties.tear_style.tear_width
    qtbot.waitUntil(field.isVisible)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, "5")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert session.doc.layer(tear.id).width == 5
    # As in other editors: Ctrl+Z, with the field still focused, undoes the meme's change.
    for _ in range(2):
        qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.doc.layer(tear.id).width == width_before
    QTest.keySequence(field, window.actions_by_id["redo"].shortcut())
    assert session.doc.layer(tear.id).width != width_before  # and the redo keys redo it


def test_a_second_start_hands_its_file_to_the_open_window_and_exits(
    window: MainWindow, qtbot: QtBot, photo: Path
) -> None:
    import subprocess
    import sys

    from maskmeme_gui.qt.single_instance import FirstInstance

    first = FirstInstance(window)
    first.files_handed_over.connect(window.take_handed_over_files)
    assert first.is_listening
    second = subprocess.Popen([sys.executable, "-m", "maskmeme_gui", str(photo)])
    try:
        # The second start gives the photo to this window (the event loop runs meanwhile)...
        qtbot.waitUntil(lambda: window.session is not None, timeout=30_000)
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=30_000)
    finally:
        if second.poll() is None:
            second.kill()
    # ...and exits without a window of its own.
    assert second.returncode == 0
    assert window.session is not None and window.session.doc.metadata.source == photo.name



def test_the_toolbar_keeps_every_button_on_a_narrow_window(
    window: MainWindow, qtbot: QtBot
) -> None:
    toolbar = window.toolbar
    fit = toolbar.widgetForAction(window.actions_by_id["zoom_fit"])
    assert fit is not None
    window.resize(1100, 700)
    # Names go under the icons, so the last button stays out of the overflow menu.
    qtbot.waitUntil(lambda: fit.isVisible() and fit.geometry().right() <= toolbar.width())
    assert toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextUnderIcon
    window.resize(1700, 900)
    qtbot.waitUntil(
        lambda: toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    )


def test_the_open_window_ignores_what_no_maskmeme_would_send(qtbot: QtBot) -> None:
    from PySide6.QtNetwork import QLocalSocket

    from maskmeme_gui.qt.single_instance import FirstInstance, server_name

    first = FirstInstance()
    handed: list[list[Path]] = []
    first.files_handed_over.connect(handed.append)
    garbage = [b"[" * 100_000, b'["a\\u0000b"]', b'["\\ud800"]', b"\xff\xfe", b'{"a": 1}']
    for line in [*garbage, b'["/tmp/meme.png"]']:
        socket = QLocalSocket()
        socket.connectToServer(server_name())
        assert socket.waitForConnected(2000)
        socket.write(line + b"\n")
        assert socket.waitForBytesWritten(2000)
        socket.disconnectFromServer()
    # All were connected before the good one, so by the time it is handed over the others are
    # taken in too; then every connection is read to its end.
    qtbot.waitUntil(lambda: bool(handed))
    qtbot.waitUntil(lambda: not first._buffers)
    assert handed == [[Path("/tmp/meme.png")]]
