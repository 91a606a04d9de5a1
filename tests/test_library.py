""" "My memes": folder listings, recorded exports, removal through an injected trash."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PIL import Image

from maskmeme_gui.config.paths import data_dir, library_dir
from maskmeme_gui.fileio import library
from maskmeme_gui.fileio.atomic import WriteError
from maskmeme_gui.fileio.library import (
    EXPORTS_FILE,
    LibraryError,
    describe_file,
    entry_kind,
    is_library_file,
    list_folder,
    list_library,
    natural_key,
    record_export,
    recorded_exports,
    remove_from_library,
)
from maskmeme_gui.fileio.library_entries import LibraryEntry
from maskmeme_gui.fileio.newlayers import CLASSIC_SLOTS
from maskmeme_gui.fileio.project import save_project
from maskmeme_gui.fileio.starters import (
    CaptionRequest,
    add_captions,
    document_from_template,
)
from maskmeme_gui.fileio.templates import load_templates


def image(path: Path, mtime: float | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 8), (200, 40, 40)).save(path)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def project(path: Path, title: str, caption: str) -> Path:
    doc = document_from_template(load_templates()[0])
    doc.metadata.title = title
    doc.metadata.meaning_tags = ["solidarity"]
    add_captions(doc, [CaptionRequest(caption, slot="top")], CLASSIC_SLOTS)
    save_project(doc, path)
    return path


class Trash:
    """Stands in for QFile.moveToTrash: records and removes the file."""

    def __init__(self, works: bool = True) -> None:
        self.works = works
        self.moved: list[Path] = []

    def __call__(self, path: Path) -> bool:
        if not self.works:
            return False
        self.moved.append(path)
        path.unlink()
        return True


# -- what counts as a meme file ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.png", "image"),
        ("B.JPG", "image"),
        ("c.jpeg", "image"),
        ("d.webp", "image"),
        ("e.gif", "image"),
        ("f.bmp", "image"),
        ("g.tif", "image"),
        ("h.TIFF", "image"),
        ("meme.maskmeme", "project"),
        ("notes.txt", None),
        ("archive.zip", None),
        ("png", None),
    ],
)
def test_entry_kind_goes_by_extension(name: str, kind: str | None) -> None:
    assert entry_kind(name) == kind


def test_natural_order_puts_2_before_10_and_ignores_case() -> None:
    names = ["meme 10.png", "Meme 2.png", "meme 1.png", "apple.png", "Zebra.png"]
    assert sorted(names, key=natural_key) == [
        "apple.png",
        "meme 1.png",
        "Meme 2.png",
        "meme 10.png",
        "Zebra.png",
    ]


# -- folder listings --------------------------------------------------------------------------


def test_list_folder_shows_images_and_projects_only(tmp_path: Path) -> None:
    for name in ("b 10.png", "b 2.jpg", "a.gif", "A.webp"):
        image(tmp_path / name)
    (tmp_path / "notes.txt").write_text("not a meme")
    (tmp_path / ".hidden.png").write_bytes(b"")
    (tmp_path / ".photo.png.1a2b3c4d.tmp").write_bytes(b"")  # an atomic write in progress
    (tmp_path / "sub.png").mkdir()  # a folder with an image's name
    image(tmp_path / "sub" / "deeper.png")
    names = [entry.path.name for entry in list_folder(tmp_path)]
    assert names == ["a.gif", "A.webp", "b 2.jpg", "b 10.png"]


def test_list_folder_entries_carry_kind_title_and_time(tmp_path: Path) -> None:
    path = image(tmp_path / "cat.png", mtime=1_700_000_000)
    (entry,) = list_folder(tmp_path)
    assert entry.path == path and entry.path.is_absolute()
    assert entry.kind == "image"
    assert entry.title == "cat.png"
    assert entry.captions == () and entry.meaning_tags == ()
    assert entry.modified == 1_700_000_000


def test_list_folder_raises_for_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        list(list_folder(tmp_path / "gone"))


def test_list_folder_is_lazy_and_skips_files_that_vanish(tmp_path: Path) -> None:
    for name in ("1.png", "2.png", "3.png"):
        image(tmp_path / name)
    entries = list_folder(tmp_path)
    first = next(entries)
    (tmp_path / "2.png").unlink()
    assert [first.path.name, *(e.path.name for e in entries)] == ["1.png", "3.png"]


def test_a_listing_again_reads_only_the_files_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("same.png", "rewritten.png", "copied.png"):
        image(tmp_path / name, mtime=1_700_000_000)
    known = {entry.path: entry for entry in list_folder(tmp_path)}
    read: list[str] = []
    describe = library.describe_file

    def counting(path: Path) -> LibraryEntry | None:
        read.append(path.name)
        return describe(path)

    monkeypatch.setattr(library, "describe_file", counting)
    assert list(list_folder(tmp_path, known)) == list(known.values())
    assert read == []  # nothing changed: only looked at
    # Rewritten in place with a new time, and replaced by a copy of the same length and
    # time (cp -p): both read again.
    Image.new("RGB", (8, 8), (9, 9, 9)).save(tmp_path / "rewritten.png")
    copy = tmp_path / "copy.tmp"
    copy.write_bytes((tmp_path / "copied.png").read_bytes())
    os.utime(copy, (1_700_000_000, 1_700_000_000))
    os.replace(copy, tmp_path / "copied.png")
    entries = list(list_folder(tmp_path, known))
    assert sorted(read) == ["copied.png", "rewritten.png"]
    assert [e.version != known[e.path].version for e in entries] == [True, True, False]


def test_a_project_is_listed_with_its_title_captions_and_tags(tmp_path: Path) -> None:
    path = project(tmp_path / "brave.maskmeme", "Brave face", "I'm fine, really")
    entry = describe_file(path)
    assert entry is not None
    assert entry.kind == "project"
    assert entry.title == "Brave face"
    assert entry.captions == ("I'm fine, really",)
    assert entry.meaning_tags == ("solidarity",)


def test_a_damaged_project_is_listed_by_its_name(tmp_path: Path) -> None:
    path = tmp_path / "broken.maskmeme"
    path.write_bytes(b"not a zip at all")
    entry = describe_file(path)
    assert entry is not None and entry.kind == "project" and entry.title == "broken"


def test_describe_file_refuses_other_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    assert describe_file(tmp_path / "notes.txt") is None
    assert describe_file(tmp_path / "missing.png") is None


# -- My memes ---------------------------------------------------------------------------------


def test_an_empty_library_lists_nothing() -> None:
    assert list_library() == []


def test_the_library_lists_its_folder_and_recorded_exports_newest_first(tmp_path: Path) -> None:
    old = image(library_dir() / "old.png", mtime=1_600_000_000)
    new = image(library_dir() / "new.png", mtime=1_700_000_000)
    exported = image(tmp_path / "exports" / "shared.jpg", mtime=1_650_000_000)
    record_export(exported)
    assert [e.path for e in list_library()] == [new, exported, old]


def test_an_export_into_the_library_folder_is_listed_once() -> None:
    path = image(library_dir() / "meme.png")
    record_export(path)
    assert [e.path for e in list_library()] == [path]


def test_exports_that_vanished_are_left_out(tmp_path: Path) -> None:
    gone = image(tmp_path / "gone.png")
    record_export(gone)
    gone.unlink()
    assert list_library() == []
    assert recorded_exports() == [gone]  # kept: the disk may only be unplugged


def test_record_export_keeps_one_record_per_file_most_recent_first(tmp_path: Path) -> None:
    a, b = image(tmp_path / "a.png"), image(tmp_path / "b.png")
    record_export(a)
    record_export(b)
    record_export(a)
    assert recorded_exports() == [a, b]


def test_record_export_stores_absolute_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    image(tmp_path / "rel.png")
    record_export("rel.png")
    assert recorded_exports() == [tmp_path / "rel.png"]


def test_records_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library, "MAX_RECORDED_EXPORTS", 3)
    for n in range(5):
        record_export(tmp_path / f"{n}.png")
    assert recorded_exports() == [tmp_path / f"{n}.png" for n in (4, 3, 2)]


@pytest.mark.parametrize(
    "content",
    [b"{ not json", b"[1, 2, 3]", b'{"exports": 7}', b'{"exports": [3, {"path": 4}]}', b"\xff\xfe"],
)
def test_a_damaged_record_file_counts_as_no_records(content: bytes, tmp_path: Path) -> None:
    (data_dir() / EXPORTS_FILE).write_bytes(content)
    assert recorded_exports() == []
    assert list_library() == []
    record_export(image(tmp_path / "fresh.png"))  # and the next export writes a good file
    assert recorded_exports() == [tmp_path / "fresh.png"]


def test_the_record_file_is_plain_json() -> None:
    record_export("/somewhere/meme.png")
    data = json.loads((data_dir() / EXPORTS_FILE).read_text(encoding="utf-8"))
    assert data["exports"][0]["path"] == os.path.abspath("/somewhere/meme.png")
    assert "exported" in data["exports"][0]


# -- removing ---------------------------------------------------------------------------------


def test_removing_a_library_file_moves_it_to_the_trash() -> None:
    path = image(library_dir() / "meme.png")
    record_export(path)
    trash = Trash()
    assert is_library_file(path)
    remove_from_library(path, trash)
    assert trash.moved == [path]
    assert list_library() == [] and recorded_exports() == []


def test_removing_an_export_forgets_it_and_keeps_the_file(tmp_path: Path) -> None:
    path = image(tmp_path / "shared.png")
    record_export(path)
    trash = Trash()
    assert not is_library_file(path)
    remove_from_library(path, trash)
    assert trash.moved == []
    assert path.exists()
    assert list_library() == []


def test_a_refusing_trash_leaves_everything_as_it_was() -> None:
    path = image(library_dir() / "meme.png")
    with pytest.raises(LibraryError, match=r"Could not move meme\.png to the trash"):
        remove_from_library(path, Trash(works=False))
    assert path.exists()
    assert [e.path for e in list_library()] == [path]


def test_a_trash_error_becomes_a_library_error() -> None:
    path = image(library_dir() / "meme.png")

    def broken_trash(target: Path) -> bool:
        raise PermissionError(13, "Permission denied")

    with pytest.raises(LibraryError, match="Permission denied"):
        remove_from_library(path, broken_trash)


def test_removing_something_not_in_the_library_says_so(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="not in My memes"):
        remove_from_library(image(tmp_path / "stray.png"), Trash())


def test_a_record_file_that_cannot_be_written_is_a_library_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = image(tmp_path / "shared.png")
    record_export(path)

    def refuse(target: Path, data: bytes) -> None:
        raise WriteError(target, "The disk is read-only")

    monkeypatch.setattr(library, "atomic_write", refuse)
    with pytest.raises(LibraryError, match="read-only"):
        remove_from_library(path, Trash())
    with pytest.raises(WriteError):
        record_export(path)
