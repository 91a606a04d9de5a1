"""Exit codes and messages that tell the truth about hostile input: bad input is exit 3, a broken
installation exit 5, names up to 255 bytes work, and no message repeats a huge argument."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from maskmeme_gui.fileio.animation_export import export_meme
from maskmeme_gui.fileio.export import ExportOptions
from maskmeme_gui.fileio.newlayers import CLASSIC_SLOTS
from maskmeme_gui.fileio.project import ProjectError, load_project, save_project
from maskmeme_gui.fileio.starters import CaptionRequest, add_captions, document_from_template
from maskmeme_gui.fileio.templates import get_template
from maskmeme_gui.locate import resources_root
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import CaptionLayer
from maskmeme_gui.qt.mainwindow import MainWindow
from maskmeme_gui.render.fonts import font_path
from test_cli import assert_one_line_error, maskmeme

HUGE = "x" * 5000
NAME_255 = "m" * 251 + ".png"  # the most bytes a file name may take
MESSAGE_CHARACTERS = 500  # "maskmeme: " and a sentence quoting a short part of the input


def captioned(text: str = "saved caption", font_id: str = "anton") -> MemeDocument:
    doc = document_from_template(get_template("masked-face"))
    add_captions(doc, [CaptionRequest(text, "top")], tuple(CLASSIC_SLOTS))
    for layer in doc.layers:
        if isinstance(layer, CaptionLayer):
            layer.font_id = font_id
    return doc


def project_with_font(tmp_path: Path, font_id: str) -> Path:
    """A project file naming `font_id`, as a hand-edited or damaged file can."""
    return edited_project(tmp_path, b'"font_id":"anton"', f'"font_id":"{font_id}"'.encode())


def edited_project(tmp_path: Path, old: bytes, new: bytes) -> Path:
    """A saved project whose document.json has `old` replaced by `new`."""
    good = tmp_path / "good.maskmeme"
    save_project(captioned(), good)
    project = tmp_path / "edited.maskmeme"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(project, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "document.json":
                data = data.replace(old, new)
                assert new in data
            target.writestr(info, data)
    good.unlink()
    return project


def assert_short_bad_input(result: subprocess.CompletedProcess[str], words: str) -> None:
    assert_one_line_error(result, 3, words)
    assert len(result.stderr) < MESSAGE_CHARACTERS
    assert "Errno" not in result.stderr


def test_a_project_with_a_5000_character_font_is_bad_input(tmp_path: Path) -> None:
    result = maskmeme("render", project_with_font(tmp_path, HUGE), "-o", tmp_path / "out.png")
    assert_short_bad_input(result, "(5000 characters) is not a font name or file")
    assert not (tmp_path / "out.png").exists()


def test_a_5000_character_input_is_bad_input(tmp_path: Path) -> None:
    result = maskmeme("render", HUGE, "-o", tmp_path / "out.png", cwd=tmp_path)
    assert_short_bad_input(result, "the file name is too long")


@pytest.mark.parametrize("option", ["--template", "--tears"])
def test_a_5000_character_option_is_quoted_short(option: str, tmp_path: Path) -> None:
    result = maskmeme("render", "masked-face", option, HUGE, "-o", tmp_path / "out.png")
    assert_one_line_error(result, 2, "")
    assert len(result.stderr) < MESSAGE_CHARACTERS


def test_a_5000_character_output_is_exit_4_in_short_words(tmp_path: Path) -> None:
    result = maskmeme("render", "masked-face", "-o", tmp_path / (HUGE + ".png"))
    assert_one_line_error(result, 4, "The file name is too long")
    assert len(result.stderr) < MESSAGE_CHARACTERS


def test_an_output_name_of_255_bytes_is_written(tmp_path: Path) -> None:
    result = maskmeme("render", "masked-face", "-o", tmp_path / NAME_255)
    assert result.returncode == 0, result.stderr
    with Image.open(tmp_path / NAME_255) as image:
        assert image.format == "PNG"
    assert [p.name for p in tmp_path.iterdir()] == [NAME_255]


def test_a_caption_that_is_not_utf8_is_refused_in_words(tmp_path: Path) -> None:
    # The bytes of U+D800 in UTF-8 form, which no UTF-8 text may hold: Python's argv keeps
    # them as lone surrogates.
    top = b"hi \xed\xa0\x80 there"
    command = [sys.executable, "-m", "maskmeme_gui", "render", "masked-face", "--top"]
    result = subprocess.run(
        [*command, top, "-o", tmp_path / "out.png"], capture_output=True, timeout=120
    )
    stderr = result.stderr.decode("utf-8", "backslashreplace")
    assert result.returncode == 3, stderr
    assert "the caption" in stderr and "contains a character that cannot be saved" in stderr
    assert "codec" not in stderr and "Traceback" not in stderr
    assert not (tmp_path / "out.png").exists()


@pytest.mark.parametrize("damage", ["missing", "damaged"])
def test_a_missing_or_damaged_bundled_font_is_an_installation_problem(
    damage: str, tmp_path: Path
) -> None:
    """A copy of the resources with Anton gone or cut short, found as a bundle's would be."""
    resources = tmp_path / "bundle" / "maskmeme_gui" / "resources"
    resources.mkdir(parents=True)
    for folder in resources_root().iterdir():
        if folder.name != "fonts":
            (resources / folder.name).symlink_to(folder, target_is_directory=folder.is_dir())
    fonts = resources / "fonts"
    fonts.mkdir()
    for font in (resources_root() / "fonts").iterdir():
        (fonts / font.name).write_bytes(font.read_bytes())
    anton = fonts / "Anton-Regular.ttf"
    if damage == "missing":
        anton.unlink()
    else:
        anton.write_bytes(anton.read_bytes()[:1000])
    run_in_bundle = (
        "import sys; sys._MEIPASS = sys.argv.pop(1); from maskmeme_gui.cli import main; "
        "sys.exit(main(sys.argv[1:]))"
    )
    out = tmp_path / "out.png"
    command = [sys.executable, "-c", run_in_bundle, str(tmp_path / "bundle")]
    result = subprocess.run(
        [*command, "render", "masked-face", "--top", "hi", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert_one_line_error(result, 5, "Anton-Regular.ttf")
    assert "installation" in result.stderr and damage in result.stderr
    assert not out.exists()


def test_a_font_id_no_file_can_have_renders_in_anton() -> None:
    # Only a document made in memory can hold one (a project naming it is refused above).
    assert font_path(HUGE) == font_path("anton")
    assert font_path("anton\0") == font_path("anton")


def test_a_project_and_an_export_of_255_bytes_are_written(tmp_path: Path) -> None:
    doc = captioned()
    project = tmp_path / ("p" * 246 + ".maskmeme")
    save_project(doc, project)
    assert load_project(project).layers[0].text == "saved caption"  # type: ignore[attr-defined]
    export = tmp_path / NAME_255
    export_meme(doc, export, ExportOptions(format="PNG"))
    with Image.open(export) as image:
        assert image.size == doc.canvas_size
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([project.name, export.name])


def test_saving_a_caption_with_a_lone_surrogate_says_so_in_words(tmp_path: Path) -> None:
    target = tmp_path / "meme.maskmeme"
    save_project(captioned(), target)
    old = target.read_bytes()
    with pytest.raises(ProjectError) as refused:
        save_project(captioned("hi \ud800 there"), target)
    message = str(refused.value)
    assert 'the caption "hi \\ud800 there" contains a character that cannot be saved' in message
    assert "codec" not in message and "surrogates not allowed" not in message
    assert target.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["meme.maskmeme"]


def test_the_window_saves_under_a_255_byte_name(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.open_path(edited_project(tmp_path, b"saved caption", b"long name"))
    qtbot.waitUntil(lambda: window.session is not None)
    target = tmp_path / ("w" * 246 + ".maskmeme")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    window.actions_by_id["save_as"].trigger()
    assert messages == []
    assert load_project(target).layers[0].text == "long name"  # type: ignore[attr-defined]
    assert not window.isWindowModified()


def test_the_window_says_in_words_why_a_caption_cannot_be_saved(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # JSON may spell a lone surrogate (\ud800), so a damaged file can bring one in.
    project = edited_project(tmp_path, b"saved caption", b"hi \\ud800 there")
    old = project.read_bytes()
    window.open_path(project)
    qtbot.waitUntil(lambda: window.session is not None)
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    window.actions_by_id["save"].trigger()
    qtbot.waitUntil(lambda: bool(messages))
    assert "contains a character that cannot be saved" in messages[0]
    assert "codec" not in messages[0]
    assert project.read_bytes() == old
