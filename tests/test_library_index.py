"""The My memes index: a SQLite cache of the library that syncs with the files, searches with
FTS5, rebuilds itself from the files when damaged, and keeps favourites through a rebuild."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from maskmeme_gui.config.paths import data_dir, library_dir
from maskmeme_gui.fileio import atomic, library, library_index
from maskmeme_gui.fileio import batches as batching
from maskmeme_gui.fileio.atomic import WriteError
from maskmeme_gui.fileio.library import (
    FAVOURITES_FILE,
    LibraryError,
    favourites,
    list_library,
    record_export,
    recorded_exports,
    remove_from_library,
    rename_in_library,
    search_library,
    set_favourite,
    sync_library,
)
from maskmeme_gui.fileio.library_entries import LibraryEntry
from maskmeme_gui.fileio.library_index import INDEX_FILE, fts_query
from maskmeme_gui.fileio.newlayers import CLASSIC_SLOTS
from maskmeme_gui.fileio.project import load_project, save_project
from maskmeme_gui.fileio.starters import (
    CaptionRequest,
    add_captions,
    document_from_template,
)
from maskmeme_gui.fileio.templates import load_templates


def image(path: Path, mtime: float | None = None, colour: int = 40) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 8), (200, colour, 40)).save(path)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def project(
    path: Path, title: str, caption: str, tags: tuple[str, ...] = (), mtime: float | None = None
) -> Path:
    doc = document_from_template(load_templates()[0])
    doc.metadata.title = title
    doc.metadata.meaning_tags = list(tags)
    add_captions(doc, [CaptionRequest(caption, slot="top")], CLASSIC_SLOTS)
    save_project(doc, path)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def titles(entries: list[LibraryEntry]) -> list[str]:
    return [entry.title for entry in entries]


def index_path() -> Path:
    return data_dir() / INDEX_FILE


def forget_open_index() -> None:
    """What quitting the app does: the next `library_index()` opens the file afresh."""
    index = library_index.library_index()
    index.close()
    library_index._shared = None


@pytest.fixture(autouse=True)
def index_must_answer(
    request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> Iterator[None]:
    """Fail a test whose answers came from reading the files because the index failed."""
    yield
    if "allow_fallback" not in request.fixturenames:
        fallbacks = [r.getMessage() for r in caplog.get_records("call")]
        assert not [m for m in fallbacks if "without the index" in m]


class Trash:
    def __call__(self, path: Path) -> bool:
        path.unlink()
        return True


@pytest.fixture
def three_memes() -> list[Path]:
    return [
        project(
            library_dir() / "monday.maskmeme",
            "Monday mood",
            "Smiling on the outside",
            ("hidden-sadness",),
            mtime=1_700_000_300,
        ),
        project(
            library_dir() / "team.maskmeme",
            "Team spirit",
            "We're all in this together",
            ("solidarity", "pandemic"),
            mtime=1_700_000_200,
        ),
        image(library_dir() / "IMG_0042.png", mtime=1_700_000_100),
    ]


# -- listing and syncing ----------------------------------------------------------------------


def test_the_index_lists_the_library_newest_first_with_everything_it_knows(
    three_memes: list[Path],
) -> None:
    entries = list_library()
    assert titles(entries) == ["Monday mood", "Team spirit", "IMG_0042.png"]
    monday, team, picture = entries
    assert monday.kind == "project" and monday.captions == ("Smiling on the outside",)
    assert team.meaning_tags == ("solidarity", "pandemic")
    assert picture.kind == "image" and picture.size == three_memes[2].stat().st_size
    assert monday.modified == 1_700_000_300
    assert monday.created > 0 and len({e.version for e in entries}) == 3
    assert not any(e.favourite for e in entries)
    assert index_path().exists()
    with sqlite3.connect(index_path()) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_sync_reads_only_new_and_changed_files(
    three_memes: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    list_library()
    read: list[str] = []
    describe = library.describe_file

    def counting(path: Path) -> LibraryEntry | None:
        read.append(path.name)
        return describe(path)

    monkeypatch.setattr(library, "describe_file", counting)
    assert titles(list_library()) == ["Monday mood", "Team spirit", "IMG_0042.png"]
    assert read == []  # nothing changed: nothing read

    before = list_library()[1].version
    project(library_dir() / "team.maskmeme", "Team spirit, again", "Still together")
    image(library_dir() / "new.png", mtime=1_600_000_000)
    (library_dir() / "IMG_0042.png").unlink()
    entries = list_library()
    assert sorted(read) == ["new.png", "team.maskmeme"]
    assert titles(entries) == ["Team spirit, again", "Monday mood", "new.png"]
    assert entries[0].version != before  # a changed file gets a new version


def test_a_file_changed_with_the_same_time_but_another_length_is_read_again(
    three_memes: list[Path],
) -> None:
    list_library()
    picture = three_memes[2]
    Image.new("RGB", (30, 30), (1, 2, 3)).save(picture)
    os.utime(picture, (1_700_000_100, 1_700_000_100))
    (entry,) = [e for e in list_library() if e.path == picture]
    assert entry.size == picture.stat().st_size


def test_a_file_replaced_by_one_of_the_same_length_and_time_is_read_again(
    three_memes: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    list_library()
    picture = three_memes[2]
    # Another picture of exactly the same length, copied over with the old time kept
    # (cp -p, rsync -t): only its inode and change time tell.
    status = picture.stat()
    other = image(library_dir().parent / "other.png", colour=7)
    assert other.stat().st_size == status.st_size
    os.utime(other, ns=(status.st_atime_ns, status.st_mtime_ns))
    os.replace(other, picture)
    read: list[str] = []
    describe = library.describe_file

    def counting(path: Path) -> LibraryEntry | None:
        read.append(path.name)
        return describe(path)

    monkeypatch.setattr(library, "describe_file", counting)
    list_library()
    assert read == [picture.name]


def test_sync_reports_batches_in_the_final_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batching, "FIRST_BATCH", 2)
    monkeypatch.setattr(batching, "MAX_BATCH", 3)
    for n in range(8):
        image(library_dir() / f"{n}.png", mtime=1_700_000_000 + n)
    batches = list(sync_library())
    assert [len(b) for b in batches] == [2, 3, 3]
    flat = [entry.path.name for batch in batches for entry in batch]
    assert flat == [f"{n}.png" for n in reversed(range(8))]
    assert flat == [entry.path.name for entry in list_library()]


def test_a_stopped_sync_keeps_what_it_committed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batching, "FIRST_BATCH", 2)
    for n in range(6):
        image(library_dir() / f"{n}.png", mtime=1_700_000_000 + n)

    class Stop(Exception):
        pass

    calls = 0

    def check() -> None:
        nonlocal calls
        calls += 1
        if calls > 3:
            raise Stop

    with pytest.raises(Stop):
        for _batch in sync_library(check):
            pass
    assert len(library_index.library_index().entries()) == 2
    assert len(list_library()) == 6


def test_recorded_exports_are_indexed_and_forgotten_when_their_record_goes(
    tmp_path: Path,
) -> None:
    exported = image(tmp_path / "out" / "shared.png")
    record_export(exported)
    assert [e.path for e in list_library()] == [exported]
    remove_from_library(exported, Trash())
    assert list_library() == [] and exported.exists()
    assert search_library("shared") == []


# -- searching --------------------------------------------------------------------------------


def test_search_finds_titles_captions_and_file_names_by_word_prefix(
    three_memes: list[Path],
) -> None:
    list_library()
    assert titles(search_library("monday")) == ["Monday mood"]
    assert titles(search_library("SMIL outs")) == ["Monday mood"]  # prefixes, any case, order
    assert titles(search_library("together")) == ["Team spirit"]
    assert titles(search_library("img_0042")) == ["IMG_0042.png"]
    assert titles(search_library("0042")) == ["IMG_0042.png"]
    assert titles(search_library("monday together")) == []  # every word must match
    assert titles(search_library("   ")) == ["Monday mood", "Team spirit", "IMG_0042.png"]


def test_search_filters_by_meaning_and_favourites(three_memes: list[Path]) -> None:
    list_library()
    assert titles(search_library("", meaning_tag="solidarity")) == ["Team spirit"]
    assert titles(search_library("", meaning_tag="pandemic")) == ["Team spirit"]
    assert titles(search_library("monday", meaning_tag="solidarity")) == []
    assert search_library("", favourites_only=True) == []
    set_favourite(three_memes[2], True)
    set_favourite(three_memes[0], True)
    assert titles(search_library("", favourites_only=True)) == ["Monday mood", "IMG_0042.png"]
    set_favourite(three_memes[0], False)
    assert titles(search_library("", favourites_only=True)) == ["IMG_0042.png"]


@pytest.mark.parametrize(
    "text",
    ['"', '""', "*", "AND", "OR NOT", "-", "a -b", "NEAR(a b)", "col:val", "^x", "(", "'", "\x00"],
)
def test_fts_syntax_in_the_search_box_is_just_text(text: str, three_memes: list[Path]) -> None:
    list_library()
    # The index itself, not search_library, which would hide an error behind its fallback.
    assert isinstance(library_index.library_index().search(text), list)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_no_text_makes_the_search_raise(text: str) -> None:
    image(library_dir() / "cat.png", mtime=1_700_000_000)
    list_library()
    found = library_index.library_index().search(text)
    assert all(e.path.name == "cat.png" for e in found)
    query = fts_query(text)
    assert query is None or query.count('"') % 2 == 0


def test_search_finds_a_word_with_quotes_and_stars_in_it() -> None:
    project(library_dir() / "q.maskmeme", 'The "fine" face', "so*fine")
    list_library()
    assert titles(search_library('"fine"')) == ['The "fine" face']
    assert titles(search_library("so*fine")) == ['The "fine" face']


# -- the index is a cache ---------------------------------------------------------------------


def _damage_deleted(path: Path) -> None:
    path.unlink()


def _damage_empty(path: Path) -> None:
    path.write_bytes(b"")


def _damage_garbage(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 64)


def _damage_truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _damage_old_version(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")


def _damage_foreign_database(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE memes(whatever TEXT)")
        conn.execute("INSERT INTO memes VALUES ('not ours')")


@pytest.mark.parametrize(
    "damage",
    [
        _damage_deleted,
        _damage_empty,
        _damage_garbage,
        _damage_truncated,
        _damage_old_version,
        _damage_foreign_database,
    ],
)
def test_a_lost_or_damaged_index_is_rebuilt_from_the_files(
    damage: object, three_memes: list[Path]
) -> None:
    set_favourite(three_memes[1], True)
    list_library()
    forget_open_index()
    for suffix in ("-wal", "-shm"):
        Path(f"{index_path()}{suffix}").unlink(missing_ok=True)
    assert callable(damage)
    damage(index_path())

    list_library()
    # The index itself answers (search_library would fall back to reading the files).
    index = library_index.library_index()
    assert titles(index.entries()) == ["Monday mood", "Team spirit", "IMG_0042.png"]
    assert titles(index.search("together")) == ["Team spirit"]
    # Favourites are not in the files: they come back from favourites.json.
    assert titles(index.search("", favourites_only=True)) == ["Team spirit"]
    if damage not in (_damage_deleted, _damage_empty):
        assert index.rebuilt_because is not None
    with sqlite3.connect(index_path()) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (library_index.SCHEMA_VERSION,)


def test_a_damaged_index_says_why_it_was_rebuilt(three_memes: list[Path]) -> None:
    list_library()
    forget_open_index()
    _damage_old_version(index_path())
    list_library()
    assert "schema version 99" in (library_index.library_index().rebuilt_because or "")


@pytest.mark.parametrize(
    ("column", "damaged"),
    [
        ("captions", "not json"),
        ("captions", "[" * 100_000),
        ("tags", '{"a": 1}'),
        ("modified", "yesterday"),
        ("created", float("inf")),
        ("mtime_ns", "soon"),
        ("kind", "video"),
    ],
)
def test_a_damaged_cell_is_read_again_from_its_file_and_repaired(
    column: str, damaged: object, three_memes: list[Path], caplog: pytest.LogCaptureFixture
) -> None:
    list_library()
    forget_open_index()
    with sqlite3.connect(index_path()) as conn:
        conn.execute(f"UPDATE memes SET {column} = ? WHERE title = 'Team spirit'", (damaged,))
        # SQLite keeps any value in any column: the file passes its own check.
        assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)

    listed = list_library()

    assert titles(listed) == ["Monday mood", "Team spirit", "IMG_0042.png"]
    team = listed[1]
    assert team.captions == ("We're all in this together",)
    assert team.meaning_tags == ("solidarity", "pandemic")
    assert team.kind == "project"
    assert library_index.library_index().rebuilt_because is None  # repaired, not rebuilt
    repairs = [r for r in caplog.records if "damaged rows" in r.getMessage()]
    assert len(repairs) == 1
    with sqlite3.connect(index_path()) as conn:
        (cell,) = conn.execute(
            f"SELECT {column} FROM memes WHERE title = 'Team spirit'"
        ).fetchone()
    assert cell != damaged
    list_library()
    assert len([r for r in caplog.records if "damaged rows" in r.getMessage()]) == 1


def test_a_search_leaves_out_a_damaged_row_until_the_next_listing(
    three_memes: list[Path],
) -> None:
    list_library()
    with sqlite3.connect(index_path()) as conn:
        conn.execute("UPDATE memes SET captions = 'not json' WHERE title = 'Team spirit'")
    assert titles(search_library("")) == ["Monday mood", "IMG_0042.png"]
    list_library()
    assert titles(search_library("together")) == ["Team spirit"]


@pytest.fixture
def allow_fallback() -> None:
    """This test breaks the index on purpose: the files are read instead."""


def test_an_index_that_cannot_be_used_at_all_still_lists_and_searches(
    three_memes: list[Path], monkeypatch: pytest.MonkeyPatch, allow_fallback: None
) -> None:
    def broken(self: library_index.LibraryIndex) -> sqlite3.Connection:
        raise library_index.IndexUnavailable("disk I/O error")

    monkeypatch.setattr(library_index.LibraryIndex, "_connection", broken)
    assert titles(list_library()) == ["Monday mood", "Team spirit", "IMG_0042.png"]
    assert titles(search_library("smil")) == ["Monday mood"]
    assert [len(batch) for batch in sync_library()] == [3]


def test_the_index_serves_several_threads_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batching, "FIRST_BATCH", 5)
    for n in range(60):
        image(library_dir() / f"meme {n}.png", mtime=1_700_000_000 + n)
    errors: list[BaseException] = []
    found: list[int] = []

    def search() -> None:
        try:
            for _ in range(20):
                found.append(len(search_library("meme")))
        except BaseException as exc:
            errors.append(exc)

    readers = [threading.Thread(target=search) for _ in range(4)]
    for reader in readers:
        reader.start()
    list_library()
    for reader in readers:
        reader.join()
    assert errors == []
    # Each batch is committed whole: a reader sees 0, 5, 5+10, 5+10+20 or all 60, never a
    # batch half written.
    assert set(found) <= {0, 5, 15, 35, 60}
    assert len(search_library("meme")) == 60


def test_importing_the_library_does_not_load_the_project_reader_or_sqlite() -> None:
    code = (
        "import sys, maskmeme_gui.fileio.library\n"
        "print('maskmeme_gui.fileio.project' in sys.modules, 'sqlite3' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "False"]


# -- favourites -------------------------------------------------------------------------------


def test_favourites_are_kept_beside_the_index_as_plain_json(three_memes: list[Path]) -> None:
    set_favourite(three_memes[0], True)
    set_favourite(three_memes[0], True)  # twice is once
    assert favourites() == {str(three_memes[0])}
    assert str(three_memes[0]) in (data_dir() / FAVOURITES_FILE).read_text(encoding="utf-8")
    assert [e.favourite for e in list_library()] == [True, False, False]


def test_a_favourite_that_cannot_be_saved_is_a_library_error(
    three_memes: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    list_library()

    def refuse(target: Path, data: bytes) -> None:
        raise WriteError(target, "No space left on the disk")

    monkeypatch.setattr(library, "atomic_write", refuse)
    with pytest.raises(LibraryError, match="No space left"):
        set_favourite(three_memes[0], True)
    assert search_library("", favourites_only=True) == []


def test_a_damaged_favourites_file_counts_as_none(three_memes: list[Path]) -> None:
    (data_dir() / FAVOURITES_FILE).write_bytes(b"\xff{ not json")
    assert favourites() == set()
    set_favourite(three_memes[1], True)
    assert favourites() == {str(three_memes[1])}


@pytest.mark.parametrize(
    "garbage",
    [
        b"\xff{ not json",
        b'{"favourites": [NaN]}',
        b'{"favourites": ["\\ud800", 1, null, ""]}',
    ],
    ids=["bytes", "nan", "no-usable-names"],
)
def test_a_garbage_favourites_file_keeps_the_stars_the_index_has(
    three_memes: list[Path], garbage: bytes
) -> None:
    set_favourite(three_memes[0], True)
    set_favourite(three_memes[2], True)
    list_library()
    (data_dir() / FAVOURITES_FILE).write_bytes(garbage)

    assert [e.favourite for e in list_library()] == [True, False, True]
    # Written back: an index rebuilt later still finds them.
    assert favourites() == {str(three_memes[0]), str(three_memes[2])}
    forget_open_index()
    index_path().write_bytes(b"garbage")
    assert [e.favourite for e in list_library()] == [True, False, True]


def test_a_star_set_over_a_garbage_favourites_file_keeps_the_others(
    three_memes: list[Path],
) -> None:
    set_favourite(three_memes[0], True)
    list_library()
    (data_dir() / FAVOURITES_FILE).write_text('{"favourites": 42}', encoding="utf-8")

    set_favourite(three_memes[1], True)

    assert favourites() == {str(three_memes[0]), str(three_memes[1])}
    assert [e.favourite for e in list_library()] == [True, True, False]


def test_removing_a_favourite_forgets_the_star(three_memes: list[Path]) -> None:
    set_favourite(three_memes[2], True)
    remove_from_library(three_memes[2], Trash())
    assert favourites() == set()
    assert titles(list_library()) == ["Monday mood", "Team spirit"]


# -- renaming ---------------------------------------------------------------------------------


def test_rename_keeps_the_suffix_and_updates_the_index(three_memes: list[Path]) -> None:
    list_library()
    renamed = rename_in_library(three_memes[2], "  sunset  ")
    assert renamed == library_dir() / "sunset.png"
    assert renamed.exists() and not three_memes[2].exists()
    assert titles(search_library("sunset")) == ["sunset.png"]
    assert search_library("img_0042") == []
    # Typing the suffix too does not double it; a project keeps its .maskmeme.
    assert rename_in_library(renamed, "dusk.PNG") == library_dir() / "dusk.png"
    assert rename_in_library(three_memes[0], "mood") == library_dir() / "mood.maskmeme"


def test_rename_carries_the_favourite_and_the_export_record(three_memes: list[Path]) -> None:
    record_export(three_memes[2])
    set_favourite(three_memes[2], True)
    renamed = rename_in_library(three_memes[2], "starred")
    assert favourites() == {str(renamed)}
    assert recorded_exports() == [renamed]
    (entry,) = search_library("starred")
    assert entry.favourite
    forget_open_index()
    index_path().unlink()
    assert [e.path for e in search_library("", favourites_only=True)] == []  # empty, not gone
    list_library()
    assert [e.path for e in search_library("", favourites_only=True)] == [renamed]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "cannot be empty"),
        ("   ", "cannot be empty"),
        (".png", "cannot be empty"),
        ("a/b", "cannot contain"),
        ("a\\b", "cannot contain"),
        ("../escape", "cannot contain"),
        (".hidden", "start with a dot"),
        ("..", "start with a dot"),
        ("tab\there", "control characters"),
        ("team", None),  # only a clash when the suffixes match: team.png is free
    ],
)
def test_rename_refuses_bad_names_and_leaves_the_file(
    name: str, reason: str | None, three_memes: list[Path]
) -> None:
    picture = three_memes[2]
    if reason is None:
        assert rename_in_library(picture, name) == library_dir() / "team.png"
        return
    with pytest.raises(LibraryError, match=reason):
        rename_in_library(picture, name)
    assert picture.exists()


def test_rename_refuses_a_name_another_meme_has(three_memes: list[Path]) -> None:
    other = image(library_dir() / "taken.png", colour=200)
    before = other.read_bytes()
    with pytest.raises(LibraryError, match=r"already a meme called “taken\.png”"):
        rename_in_library(three_memes[2], "taken")
    assert three_memes[2].exists() and other.read_bytes() == before
    assert rename_in_library(three_memes[2], "IMG_0042") == three_memes[2]  # its own name


def test_an_export_is_renamed_in_its_own_folder_and_its_record_follows(tmp_path: Path) -> None:
    exported = image(tmp_path / "desktop" / "shared.png")
    record_export(exported)
    taken = image(tmp_path / "desktop" / "taken.png", colour=99)
    with pytest.raises(LibraryError, match=r"already a file called “taken\.png” in .*desktop"):
        rename_in_library(exported, "taken")
    renamed = rename_in_library(exported, "for mum")
    assert renamed == tmp_path / "desktop" / "for mum.png"
    assert renamed.exists() and not exported.exists() and taken.exists()
    assert recorded_exports() == [renamed]
    assert titles(list_library()) == ["for mum.png"]


def test_rename_refuses_a_file_that_is_not_in_my_memes(tmp_path: Path) -> None:
    elsewhere = image(tmp_path / "elsewhere.png")
    with pytest.raises(LibraryError, match="Only memes in My memes can be renamed"):
        rename_in_library(elsewhere, "other")
    assert elsewhere.exists()


def test_a_renamed_project_takes_the_new_name_as_its_title(three_memes: list[Path]) -> None:
    list_library()
    renamed = rename_in_library(three_memes[0], "party meme")
    assert renamed == library_dir() / "party meme.maskmeme"
    assert load_project(renamed).metadata.title == "party meme"
    assert "Monday mood" not in titles(list_library())
    assert titles(search_library("party")) == ["party meme"]
    # Keeping the file name still puts the name on the card, when the title was another.
    again = rename_in_library(three_memes[1], "team")
    assert again == three_memes[1]
    assert load_project(again).metadata.title == "team"
    assert titles(search_library("team")) == ["team"]


def test_a_project_whose_new_title_cannot_be_written_keeps_its_name(
    three_memes: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from maskmeme_gui.fileio import project as project_module

    def full_disk(doc: object, path: Path, **_options: object) -> None:
        raise WriteError(path, "No space left on the disk")

    monkeypatch.setattr(project_module, "save_project", full_disk)
    with pytest.raises(LibraryError, match=r"Could not rename monday\.maskmeme: .*No space left"):
        rename_in_library(three_memes[0], "party meme")
    assert three_memes[0].exists() and not (library_dir() / "party meme.maskmeme").exists()
    assert load_project(three_memes[0]).metadata.title == "Monday mood"


def test_exports_go_on_the_card_of_the_meme_they_came_from(
    three_memes: list[Path], tmp_path: Path
) -> None:
    monday = three_memes[0]
    png = image(tmp_path / "out" / "monday.png", mtime=1_700_000_400)
    jpeg = image(tmp_path / "out" / "monday.jpg", mtime=1_700_000_500)
    unsaved = image(tmp_path / "out" / "draft.png", mtime=1_700_000_600)
    record_export(png, monday)
    record_export(jpeg, monday)
    record_export(unsaved)  # from a meme never saved
    cards = library.group_exports(list_library())
    assert titles(cards) == ["draft.png", "Monday mood", "Team spirit", "IMG_0042.png"]
    assert [e.path for e in cards[1].exports] == [jpeg, png]  # newest first
    # The meme is renamed: its exports follow it.
    renamed = rename_in_library(monday, "mood")
    cards = library.group_exports(list_library())
    assert [e.path for e in cards[1].exports] == [jpeg, png] and cards[1].path == renamed
    # The meme is removed: its exports stand on their own.
    remove_from_library(renamed, Trash())
    assert titles(library.group_exports(list_library())) == [
        "draft.png",
        "monday.jpg",
        "monday.png",
        "Team spirit",
        "IMG_0042.png",
    ]


def test_a_meme_saved_after_its_export_claims_it(three_memes: list[Path], tmp_path: Path) -> None:
    early = image(tmp_path / "early.png", mtime=1_700_000_400)
    other = image(tmp_path / "other.png", mtime=1_700_000_500)
    record_export(early)  # exported before the meme had a file
    record_export(other, three_memes[1])  # another meme's, which still exists
    library.claim_exports(three_memes[0], [early, other])
    cards = library.group_exports(list_library())
    assert titles(cards) == ["Monday mood", "Team spirit", "IMG_0042.png"]
    assert [e.path for e in cards[0].exports] == [early]
    assert [e.path for e in cards[1].exports] == [other]


def test_a_rename_the_disk_refuses_is_a_library_error(
    three_memes: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(source: object, target: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(library.os, "rename", refuse)
    monkeypatch.setattr(library.os, "link", lambda *args, **kwargs: refuse(None, None))
    with pytest.raises(LibraryError, match=r"Could not rename IMG_0042\.png: Read-only"):
        rename_in_library(three_memes[2], "fresh")
    assert three_memes[2].exists()


def test_the_atomic_module_is_what_writes_favourites(
    three_memes: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[Path] = []
    original = atomic.atomic_write

    def spy(target: Path, data: bytes) -> None:
        written.append(Path(target))
        original(target, data)

    monkeypatch.setattr(library, "atomic_write", spy)
    set_favourite(three_memes[0], True)
    assert written == [data_dir() / FAVOURITES_FILE]


def test_a_rename_never_replaces_a_file_made_after_the_check(
    three_memes: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    picture = three_memes[2]
    # Another program saves "fresh.png" between the check for the name and the rename.
    made_meanwhile = image(library_dir() / "fresh.png", colour=99)
    content = made_meanwhile.read_bytes()
    monkeypatch.setattr(library.os.path, "lexists", lambda path: False)
    with pytest.raises(LibraryError, match=r"already a meme called “fresh\.png”"):
        rename_in_library(picture, "fresh")
    assert made_meanwhile.read_bytes() == content
    assert picture.exists()


def test_a_rename_where_hard_links_are_not_supported_still_renames(
    three_memes: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")  # FAT, some network disks

    monkeypatch.setattr(library.os, "link", no_links)
    renamed = rename_in_library(three_memes[2], "fresh")
    assert renamed == library_dir() / "fresh.png"
    assert renamed.exists() and not three_memes[2].exists()


def test_a_trashed_meme_whose_record_cannot_be_forgotten_is_still_removed(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    meme = image(library_dir() / "meme.png")
    record_export(meme)

    def refuse(records: object) -> None:
        raise WriteError(data_dir() / "exports.json", "No space left on the disk")

    monkeypatch.setattr(library, "_write_records", refuse)
    remove_from_library(meme, Trash())  # the file is in the trash: that is a success
    assert not meme.exists()
    assert any("No space left" in r.getMessage() for r in caplog.records)
    assert list_library() == []


def test_a_failed_transaction_sqlite_already_ended_keeps_its_own_error() -> None:
    index = library_index.library_index()
    index.entries()  # opened

    class Failure(Exception):
        pass

    with pytest.raises(Failure), index._transaction() as conn:
        conn.execute("ROLLBACK")  # as SQLite does itself after a full disk or an interrupt
        raise Failure
