"""Saved memes keep no secrets: the place, camera and author a photo names stay out of the
project, unless the user chooses to keep them; the pictures still look the same."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms, PngImagePlugin
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from maskmeme_gui.fileio.images import load_image, load_image_bytes
from maskmeme_gui.fileio.photo_details import without_photo_details
from maskmeme_gui.fileio.project import ProjectError, save_project
from maskmeme_gui.fileio.settings_file import load_settings
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import StickerLayer
from maskmeme_gui.qt.mainwindow import MainWindow

MAKE, SERIAL, ARTIST = "SpyCorp", "SN-0042-7781", "Jane Photographer"
XMP_CREATOR, COMMENT = "xmp-creator-jane", "taken at home, do not share"
SECRETS = [text.encode() for text in (MAKE, SERIAL, ARTIST, XMP_CREATOR, COMMENT)]
GPS = {1: "N", 2: (52.0, 31.0, 12.5), 3: "E", 4: (13.0, 24.0, 36.0)}
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    'syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>'
    f"{XMP_CREATOR}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
).encode()
SIZE = (96, 64)  # as stored; orientation 6 shows it turned a quarter, 64 x 96
ORIENTATION = 6
ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def camera_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = MAKE
    exif[ExifTags.Base.Artist] = ARTIST
    exif[ExifTags.Base.Orientation] = ORIENTATION
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = SERIAL
    exif[ExifTags.IFD.GPSInfo] = GPS
    return exif


def camera_picture() -> Image.Image:
    noise = Image.effect_noise(SIZE, 70)
    return Image.merge("RGB", (noise, noise.transpose(Image.Transpose.ROTATE_180), noise))


def photo_bytes(fmt: str) -> bytes:
    """A picture as a phone or an editor saves it: GPS, camera, serial number, author,
    comment, and XMP where the format has it."""
    picture, buffer = camera_picture(), io.BytesIO()
    exif = camera_exif()
    if fmt == "JPEG":
        picture.save(buffer, "JPEG", quality=90, exif=exif, xmp=XMP, comment=COMMENT,
                     icc_profile=ICC)  # fmt: skip
    elif fmt == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", COMMENT)
        text.add_itxt("XML:com.adobe.xmp", XMP.decode())
        picture.save(buffer, "PNG", exif=exif, pnginfo=text, icc_profile=ICC)
    elif fmt == "WEBP":
        picture.save(buffer, "WEBP", lossless=True, exif=exif, xmp=XMP, icc_profile=ICC)
    elif fmt == "GIF":
        frames = [picture.convert("P"), picture.transpose(Image.Transpose.FLIP_LEFT_RIGHT)]
        frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], loop=0,
                       duration=120, comment=COMMENT, xmp=XMP)  # fmt: skip
    else:
        picture.save(buffer, "TIFF", tiffinfo={271: MAKE, 315: ARTIST, 274: ORIENTATION})
    return buffer.getvalue()


def leaks(data: bytes) -> list[bytes]:
    """The secrets in `data`, and b"GPS" if its EXIF has a position."""
    found = [secret for secret in SECRETS if secret in data]
    with Image.open(io.BytesIO(data)) as im:
        if im.getexif().get_ifd(ExifTags.IFD.GPSInfo):
            found.append(b"GPS")
    return found


def pictures_in(project: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(project) as archive:
        return {
            name.removeprefix("assets/"): archive.read(name)
            for name in archive.namelist()
            if name.startswith("assets/")
        }


def save_through_the_window(
    window: MainWindow, target: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, bytes]:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.actions_by_id["save"].trigger()
    assert target.exists()
    return pictures_in(target)


def open_photo(window: MainWindow, qtbot: QtBot, path: Path) -> None:
    window.open_path(path)
    qtbot.waitUntil(lambda: window.session is not None)


def drop_file(window: MainWindow, path: Path) -> None:
    """Drag a file from the file manager and drop it in the middle of the canvas."""
    viewport = window.canvas.viewport()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    centre, copy = viewport.rect().center(), Qt.DropAction.CopyAction
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(viewport, QDragEnterEvent(centre, copy, mime, left, none))
    QApplication.sendEvent(viewport, QDropEvent(QPointF(centre), copy, mime, left, none))


# -- through the window ---------------------------------------------------------------------


def test_a_meme_saved_from_a_phone_photo_holds_no_place_camera_or_author(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(photo_bytes("JPEG"))
    assert len(leaks(photo.read_bytes())) == 6  # the fixture carries every secret

    open_photo(window, qtbot, photo)
    pictures = save_through_the_window(window, tmp_path / "meme.maskmeme", monkeypatch)

    base = pictures["base.jpeg"]
    assert leaks(base) == []
    # Losslessly: still the same JPEG, decoding to the very same pixels, shown upright.
    original, kept = load_image(photo), load_image_bytes(base, "base.jpeg")
    assert kept.format == "JPEG"
    assert kept.size == original.size == (SIZE[1], SIZE[0])
    assert kept.image.tobytes() == original.image.tobytes()
    with Image.open(io.BytesIO(base)) as reopened:
        assert reopened.info.get("icc_profile") == ICC  # colours stay as the camera meant
    # The meme in the window keeps them: an export may still copy them if the user asks.
    assert window.session is not None
    assert window.session.doc.assets["base.jpeg"] == photo.read_bytes()


def test_a_photo_dropped_as_a_sticker_is_saved_without_its_details(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backdrop = tmp_path / "wall.png"
    Image.new("RGB", (400, 300), (150, 170, 190)).save(backdrop)
    open_photo(window, qtbot, backdrop)
    dropped = tmp_path / "friend.jpg"
    dropped.write_bytes(photo_bytes("JPEG"))
    session = window.session
    assert session is not None

    drop_file(window, dropped)
    qtbot.waitUntil(lambda: any(isinstance(lay, StickerLayer) for lay in session.doc.layers))
    pictures = save_through_the_window(window, tmp_path / "sticker.maskmeme", monkeypatch)

    sticker = next(layer for layer in session.doc.layers if isinstance(layer, StickerLayer))
    assert [(name, leaks(data)) for name, data in pictures.items()] == [
        (name, []) for name in pictures
    ]
    shown = load_image_bytes(pictures[sticker.asset], sticker.asset).image
    assert shown.tobytes() == load_image(dropped).image.tobytes()  # same pixels, upright


def test_the_user_may_keep_photo_details_in_saved_memes(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(photo_bytes("JPEG"))
    keep = window.actions_by_id["keep_photo_details"]
    assert not keep.isChecked()  # off unless the user asks

    keep.trigger()
    assert load_settings().keep_photo_details  # remembered for the next start
    open_photo(window, qtbot, photo)
    pictures = save_through_the_window(window, tmp_path / "kept.maskmeme", monkeypatch)

    assert pictures["base.jpeg"] == photo.read_bytes()
    assert len(leaks(pictures["base.jpeg"])) == 6


# -- each format ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF", "TIFF"])
def test_every_format_loses_its_details_and_keeps_its_pixels(fmt: str) -> None:
    data = photo_bytes(fmt)
    assert leaks(data)

    clean = without_photo_details(data)

    assert leaks(clean) == []
    before, after = load_image_bytes(data, "before"), load_image_bytes(clean, "after")
    assert after.format == before.format
    assert after.durations == before.durations
    assert [frame.tobytes() for frame in after.frames] == [f.tobytes() for f in before.frames]
    assert without_photo_details(clean) == clean  # nothing left to drop


def test_the_extra_pictures_of_a_multi_picture_jpeg_are_dropped() -> None:
    first, second = photo_bytes("JPEG"), photo_bytes("JPEG")
    clean = without_photo_details(first + second)  # what trails the picture, as in an MPO

    assert leaks(clean) == []
    assert len(clean) < len(first)


def test_a_picture_without_details_is_left_as_it_is() -> None:
    buffer = io.BytesIO()
    camera_picture().save(buffer, "JPEG")
    plain = buffer.getvalue()

    assert without_photo_details(plain) is plain


@pytest.mark.parametrize(("cut", "kept_as"), [(1, "GIF"), (2, "PNG")])
def test_a_truncated_animation_keeps_the_frames_the_loader_shows(cut: int, kept_as: str) -> None:
    # Without its trailer (cut 1) the GIF is still followed; cut inside the last frame's
    # data, it is written again from the frames that decoded.
    data = photo_bytes("GIF")[:-cut]
    shown = load_image_bytes(data, "cut.gif")
    assert shown.is_animated

    clean = load_image_bytes(without_photo_details(data), "clean")

    assert leaks(without_photo_details(data)) == []
    assert clean.format == kept_as
    assert [frame.tobytes() for frame in clean.frames] == [f.tobytes() for f in shown.frames]
    assert clean.durations == shown.durations


def test_a_damaged_picture_is_refused_at_save_in_words(tmp_path: Path) -> None:
    broken = photo_bytes("JPEG")[:200]  # its details cut off halfway, no pixels at all
    doc = MemeDocument(base_size=(64, 96), base_asset="base.jpeg", assets={"base.jpeg": broken})
    target = tmp_path / "meme.maskmeme"

    with pytest.raises(ProjectError, match=r"the picture 'base\.jpeg' is damaged"):
        save_project(doc, target)
    assert not target.exists()


def test_an_autosave_keeps_the_photo_as_the_user_had_it(tmp_path: Path) -> None:
    from maskmeme_gui.fileio.autosave import write_autosave
    from maskmeme_gui.fileio.project import load_project
    from maskmeme_gui.fileio.starters import document_from_image_bytes

    original = photo_bytes("JPEG")
    doc = document_from_image_bytes(original, "holiday.jpg")
    autosave = tmp_path / "autosave.maskmeme"
    write_autosave(doc, autosave, None)
    # Recovered, the meme still has its photo's details; its next save leaves them out.
    recovered = load_project(autosave)
    assert recovered.assets[recovered.base_asset] == original
    saved = tmp_path / "saved.maskmeme"
    save_project(recovered, saved)
    assert not any(leaks(data) for data in pictures_in(saved).values())
