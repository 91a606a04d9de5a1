"""Copy and paste of images, and the meme dragged out of the app as a PNG file."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDrag, QGuiApplication, QImage, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from maskmeme_gui.config.paths import cache_dir
from maskmeme_gui.config.settings import Settings
from maskmeme_gui.fileio.atomic import WriteError
from maskmeme_gui.fileio.images import load_image_bytes
from maskmeme_gui.qt import dragout
from maskmeme_gui.qt.canvas.drops import PROJECT_MIME
from maskmeme_gui.qt.clipboard import (
    TransferImage,
    copy_image_to_clipboard,
    image_from_clipboard,
    transfer_image,
)
from maskmeme_gui.qt.dragout import (
    DRAG_THUMBNAIL_PX,
    KEPT_DRAG_FILES,
    meme_drag_mime,
    meme_file_stem,
    start_meme_drag,
)
from maskmeme_gui.qt.gallery import GalleryPane
from maskmeme_gui.qt.workers import Task

PASTED_NAME = re.compile(r"Pasted image \d{4}-\d\d-\d\d \d\d\.\d\d\.\w+")
"""What an image that came with no name of its own is called."""


def meme(size: tuple[int, int] = (300, 200)) -> Image.Image:
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    image.paste((220, 30, 40), (10, 10, 60, 50))
    return image


def set_clipboard(mime: QMimeData) -> None:
    QGuiApplication.clipboard().setMimeData(mime)


@pytest.fixture(autouse=True)
def empty_clipboard(qtbot: QtBot) -> Iterator[None]:
    QGuiApplication.clipboard().clear()
    yield
    # The offscreen platform crashes at exit if it still holds mime data made in Python.
    QGuiApplication.clipboard().clear()


# -- clipboard --------------------------------------------------------------------------------


def test_copied_meme_pastes_back_with_the_same_pixels() -> None:
    original = meme()
    copy_image_to_clipboard(original)
    pasted = image_from_clipboard()
    assert pasted is not None
    data, name = pasted
    assert PASTED_NAME.fullmatch(name) and name.endswith(".png")
    loaded = load_image_bytes(data, name)
    assert loaded.image.size == original.size
    assert loaded.image.convert("RGB").tobytes() == original.tobytes()


def test_image_encoded_in_a_worker_is_copied_as_is(qtbot: QtBot) -> None:
    original = meme((120, 90))
    task = Task(lambda _control: transfer_image(original))
    with qtbot.waitSignal(task.succeeded, timeout=10_000) as blocker:
        task.start()
    encoded = blocker.args[0]
    assert isinstance(encoded, TransferImage)
    copy_image_to_clipboard(encoded)
    data, name = image_from_clipboard()
    assert data == encoded.png and name.endswith(".png")
    assert load_image_bytes(encoded.png, "x.png").image.convert("RGB").tobytes() == (
        original.tobytes()
    )


def test_copy_offers_qt_image_data_and_png_bytes() -> None:
    copy_image_to_clipboard(meme((64, 48)))
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasImage()
    png = bytes(mime.data("image/png").data())
    with Image.open(io.BytesIO(png)) as decoded:
        assert (decoded.format, decoded.size) == ("PNG", (64, 48))


def test_bare_bitmap_on_the_clipboard_becomes_png_bytes() -> None:
    bitmap = QImage(40, 30, QImage.Format.Format_RGB32)
    bitmap.fill(Qt.GlobalColor.darkCyan)
    QGuiApplication.clipboard().setImage(bitmap)
    pasted = image_from_clipboard()
    assert pasted is not None
    assert load_image_bytes(*pasted).image.size == (40, 30)


def test_encoded_gif_keeps_its_bytes_and_kind() -> None:
    frames = [Image.new("RGB", (20, 20), colour) for colour in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)
    mime = QMimeData()
    mime.setData("image/gif", buffer.getvalue())
    set_clipboard(mime)
    data, name = image_from_clipboard()
    assert data == buffer.getvalue() and PASTED_NAME.fullmatch(name) and name.endswith(".gif")
    assert len(load_image_bytes(data, name).frames) == 2


def test_copied_image_file_pastes_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "holiday.png"
    meme((50, 40)).save(path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "missing.png")), QUrl.fromLocalFile(str(path))])
    set_clipboard(mime)
    assert image_from_clipboard() == (path.read_bytes(), "holiday.png")


def test_copied_non_image_file_is_handed_on_for_the_loader_to_name(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a picture")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    set_clipboard(mime)
    assert image_from_clipboard() == (b"not a picture", "notes.txt")


@pytest.mark.parametrize("kind", ["empty", "text", "folder", "remote"])
def test_nothing_to_paste(kind: str, tmp_path: Path) -> None:
    mime = QMimeData()
    if kind == "text":
        mime.setText("just words")
    elif kind == "folder":
        mime.setUrls([QUrl.fromLocalFile(str(tmp_path))])
    elif kind == "remote":
        mime.setUrls([QUrl("https://example.com/meme.png")])
    set_clipboard(mime)
    assert image_from_clipboard() is None


# -- drag out ---------------------------------------------------------------------------------


def test_drag_mime_points_to_a_fresh_png_of_the_meme() -> None:
    image = meme((300, 200))
    mime = meme_drag_mime(image, "Crying behind the mask")
    urls = mime.urls()
    assert len(urls) == 1 and urls[0].isLocalFile()
    path = Path(urls[0].toLocalFile())
    assert path == cache_dir() / "drag" / "Crying behind the mask.png"
    with Image.open(path) as written:
        assert (written.format, written.size) == ("PNG", (300, 200))
        assert written.convert("RGB").tobytes() == image.tobytes()
    assert bytes(mime.data("image/png").data()) == path.read_bytes()
    assert mime.hasImage()
    assert "text/uri-list" in mime.formats()


def test_drag_takes_an_image_encoded_beforehand() -> None:
    encoded = transfer_image(meme((30, 20)))
    mime = meme_drag_mime(encoded, "ready")
    assert Path(mime.urls()[0].toLocalFile()).read_bytes() == encoded.png


def test_drag_file_names_are_safe_and_not_doubled() -> None:
    path = Path(meme_drag_mime(meme(), 'a/b: "c"?.png').urls()[0].toLocalFile())
    assert path.name == "a b c.png"
    assert Path(meme_drag_mime(meme(), "").urls()[0].toLocalFile()).name == "meme.png"


@pytest.mark.parametrize(
    ("title", "stem"),
    [
        ("Crying behind a mask", "Crying behind a mask"),
        ("  why: so / sad?  ", "why so sad"),
        ("...", "meme"),
        ("CON", "meme"),
        ("x" * 200, "x" * 80),
        ("émoji 😢 ok", "émoji 😢 ok"),
    ],
)
def test_meme_file_stem(title: str, stem: str) -> None:
    assert meme_file_stem(title) == stem


def test_only_the_newest_drag_files_are_kept() -> None:
    for number in range(KEPT_DRAG_FILES + 3):
        newest = Path(meme_drag_mime(meme((20, 20)), f"meme {number}").urls()[0].toLocalFile())
    files = sorted((cache_dir() / "drag").iterdir())
    assert len(files) == KEPT_DRAG_FILES
    assert newest in files


def test_unwritable_cache_still_drags_the_image(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path, _data: bytes) -> None:
        raise WriteError(path, "No space left on the disk")

    monkeypatch.setattr(dragout, "atomic_write", refuse)
    mime = meme_drag_mime(meme(), "full disk")
    assert mime.urls() == []
    assert mime.hasImage() and mime.hasFormat("image/png")


def test_start_meme_drag_copies_with_a_small_thumbnail(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[tuple[QDrag, Qt.DropAction]] = []

    def fake_exec(drag: QDrag, action: Qt.DropAction) -> Qt.DropAction:
        started.append((drag, action))  # QDrag.exec would wait for a real mouse release
        return Qt.DropAction.CopyAction

    monkeypatch.setattr(QDrag, "exec", fake_exec)
    source = QWidget()
    qtbot.addWidget(source)
    result = start_meme_drag(source, meme((600, 300)), "wide meme")
    assert result == Qt.DropAction.CopyAction
    drag, action = started[0]
    assert action == Qt.DropAction.CopyAction
    assert drag.source() is source
    assert (drag.pixmap().width(), drag.pixmap().height()) == (DRAG_THUMBNAIL_PX, 64)
    assert Path(drag.mimeData().urls()[0].toLocalFile()).name == "wide meme.png"


# -- a saved meme dragged out of the gallery ----------------------------------------------------


@pytest.fixture
def saved_meme() -> Path:
    from maskmeme_gui.config.paths import library_dir
    from maskmeme_gui.fileio.project import save_project
    from maskmeme_gui.fileio.starters import document_from_template
    from maskmeme_gui.fileio.templates import get_template

    doc = document_from_template(get_template("masked-face"))
    doc.metadata.title = "Monday again"
    path = library_dir() / "monday.maskmeme"
    path.parent.mkdir(parents=True, exist_ok=True)
    save_project(doc, path)
    return path


@pytest.fixture
def gallery(qtbot: QtBot) -> Iterator[GalleryPane]:
    pane = GalleryPane(Settings())
    qtbot.addWidget(pane)
    pane.resize(400, 700)
    pane.show()
    yield pane
    pane.shutdown()


def drag_from_gallery(
    qtbot: QtBot, pane: GalleryPane, path: Path, monkeypatch: pytest.MonkeyPatch
) -> list[QDrag]:
    """Press on the item showing `path` and move away; the drags that started."""
    pane.refresh_library()
    qtbot.waitUntil(lambda: pane.model.index_of_path(path).isValid(), timeout=10000)
    started: list[QDrag] = []
    monkeypatch.setattr(QDrag, "exec", lambda drag, *_args: started.append(drag))
    index = pane.filter.mapFromSource(pane.model.index_of_path(path))
    pane.view.scrollTo(index)
    viewport = pane.view.viewport()
    start = pane.view.visualRect(index).center()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    away = start + QPoint(QApplication.startDragDistance() * 3, 0)
    move = QMouseEvent(
        QEvent.Type.MouseMove, QPointF(away), QPointF(viewport.mapToGlobal(away)),
        Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(viewport, move)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=away)
    return started


def test_a_saved_meme_dragged_from_the_gallery_is_a_png_of_the_finished_meme(
    qtbot: QtBot, gallery: GalleryPane, saved_meme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from maskmeme_gui.fileio.project import load_project
    from maskmeme_gui.render.compose import render_document

    started = drag_from_gallery(qtbot, gallery, saved_meme, monkeypatch)
    qtbot.waitUntil(lambda: bool(started), timeout=10000)
    mime = started[0].mimeData()
    [url] = mime.urls()
    png = Path(url.toLocalFile())
    assert png.suffix == ".png" and png.stem == "Monday again"
    with Image.open(png) as dragged:
        expected = render_document(load_project(saved_meme))
        assert dragged.size == expected.size
    assert bytes(mime.data(PROJECT_MIME).data()).decode() == str(saved_meme)


def test_a_damaged_saved_meme_is_not_dragged_and_the_status_bar_says_why(
    qtbot: QtBot, gallery: GalleryPane, monkeypatch: pytest.MonkeyPatch
) -> None:
    from maskmeme_gui.config.paths import library_dir

    broken = library_dir() / "broken.maskmeme"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_bytes(b"PK\x03\x04 not really a meme")
    said: list[str] = []
    gallery.status_message.connect(said.append)
    started = drag_from_gallery(qtbot, gallery, broken, monkeypatch)
    qtbot.waitUntil(lambda: any("cannot be dragged out" in line for line in said), timeout=10000)
    assert "broken.maskmeme" in said[-1]
    assert started == []


def test_a_saved_meme_dropped_back_on_the_window_opens_the_project(
    qtbot: QtBot, saved_meme: Path
) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDropEvent

    from maskmeme_gui.qt.mainwindow import MainWindow

    window = MainWindow(Settings())
    qtbot.addWidget(window)
    mime = meme_drag_mime(meme(), "Monday again")  # what the gallery's drag carries
    mime.setData(PROJECT_MIME, str(saved_meme).encode())
    for target in (window, window.canvas):
        event = QDropEvent(
            QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )  # fmt: skip
        target.dropEvent(event)
        qtbot.waitUntil(lambda: window.session is not None, timeout=10000)
        assert window.session is not None and window.session.path == saved_meme
        window.close_meme()
    window.gallery.shutdown()
