"""Sweeping the temporary files that killed saves leave beside their targets."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from maskmeme_gui.fileio import atomic
from maskmeme_gui.fileio.atomic import (
    STALE_TEMP_SECONDS,
    atomic_write,
    is_temp_file_name,
    sweep_stale_temp_files,
)

DAY = 24 * 60 * 60

# A save killed after writing its temporary file, before the rename: what a crash leaves.
KILLED_SAVE = """
import os, sys
from maskmeme_gui.fileio.atomic import atomic_writer
with atomic_writer(sys.argv[1]) as fp:
    fp.write(b"half a meme")
    fp.flush()
    os._exit(9)
"""


def age(path: Path, seconds: float) -> Path:
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)
    return path


def killed_save(target: Path) -> Path:
    """Run a save in a child process that dies mid-way; return the temporary file it left."""
    before = set(target.parent.iterdir())
    subprocess.run([sys.executable, "-c", KILLED_SAVE, str(target)], check=False, timeout=60)
    (left,) = set(target.parent.iterdir()) - before
    return left


# A save that has written its temporary file and waits, alive, until told to go on.
PAUSED_SAVE = """
import sys
from maskmeme_gui.fileio.atomic import atomic_writer
with atomic_writer(sys.argv[1]) as fp:
    fp.write(b"a meme being written")
    fp.flush()
    print("written", flush=True)
    sys.stdin.readline()
"""


def test_a_killed_save_leaves_a_temp_file_that_the_next_sweep_removes(tmp_path: Path) -> None:
    target = tmp_path / "meme.maskmeme"
    target.write_bytes(b"the old meme")
    left = killed_save(target)
    assert is_temp_file_name(left.name)
    assert target.read_bytes() == b"the old meme"

    # Just written, but its writer is gone: no need to wait a day.
    assert sweep_stale_temp_files(tmp_path) == [left]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["meme.maskmeme"]


def test_a_running_save_keeps_its_temp_file_until_its_writer_is_gone(tmp_path: Path) -> None:
    target = tmp_path / "meme.maskmeme"
    command = [sys.executable, "-c", PAUSED_SAVE, str(target)]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE) as writer:
        try:
            assert writer.stdout is not None and writer.stdout.readline() == b"written\n"
            (temp,) = tmp_path.iterdir()
            assert sweep_stale_temp_files(tmp_path) == []
            assert temp.read_bytes() == b"a meme being written"
        finally:
            writer.kill()
            writer.wait(timeout=60)
    assert sweep_stale_temp_files(tmp_path) == [temp]
    assert list(tmp_path.iterdir()) == []


def test_a_temp_file_of_another_machine_or_boot_waits_for_its_age(tmp_path: Path) -> None:
    target = tmp_path / "meme.maskmeme"
    left = killed_save(target)
    # The name says which machine and boot, and which process, wrote it.
    written_by = re.fullmatch(
        r"\.meme\.maskmeme\.([0-9a-f]{8})-([0-9]+)-[0-9a-f]{8}\.tmp", left.name
    )
    assert written_by is not None
    tag = written_by[1]
    # The same dead pid under another boot tag: it may be a live save on another computer.
    other_tag = f"{(int(tag, 16) + 1) % 2**32:08x}"
    theirs = left.rename(left.with_name(left.name.replace(f".{tag}-", f".{other_tag}-")))
    assert is_temp_file_name(theirs.name)
    assert sweep_stale_temp_files(tmp_path) == []
    age(theirs, STALE_TEMP_SECONDS + 60)
    assert sweep_stale_temp_files(tmp_path) == [theirs]


@pytest.mark.parametrize(
    "name",
    [
        "m" * 251 + ".png",  # 255 bytes, the most a file name may take
        "é" * 125 + ".png",  # 254 bytes in 129 characters
        "😢" * 62 + "a.png",  # 253 bytes; cut between whole characters
    ],
    ids=["ascii", "accents", "emoji"],
)
def test_a_name_of_up_to_255_bytes_saves(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert list(tmp_path.iterdir()) == [target]
    left = killed_save(target)
    assert len(os.fsencode(left.name)) <= 255
    assert left.name.startswith("." + name[:50])
    assert sweep_stale_temp_files(tmp_path) == [left]


def test_the_age_is_configurable(tmp_path: Path) -> None:
    temp = age(write_temp(tmp_path / ".a.png.0123abcd.tmp"), 120)
    assert sweep_stale_temp_files(tmp_path, older_than=600) == []
    assert sweep_stale_temp_files(tmp_path, older_than=60) == [temp]


@pytest.mark.parametrize(
    "name",
    [
        "meme.maskmeme",  # the user's own files
        "meme.tmp",
        ".meme.tmp",
        ".meme.maskmeme.0123abc.tmp",  # seven hex digits
        ".meme.maskmeme.0123abcde.tmp",  # nine
        ".meme.maskmeme.0123ABCD.tmp",  # our tokens are lower case
        ".meme.maskmeme.0123abcg.tmp",
        "meme.maskmeme.0123abcd.tmp",  # no leading dot
        ".meme.maskmeme.0123abcd.tmp.bak",
        "..0123abcd.tmp",  # no target name
    ],
)
def test_only_the_exact_temp_pattern_is_swept(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"keep me")
    age(path, 10 * DAY)
    assert not is_temp_file_name(name)
    assert sweep_stale_temp_files(tmp_path, older_than=0) == []
    assert path.exists()


def test_folders_and_links_with_a_temp_name_are_left_alone(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    precious = outside / "precious.png"
    precious.write_bytes(b"precious")
    folder = tmp_path / "sweep"
    folder.mkdir()
    named_folder = folder / ".album.0123abcd.tmp"
    named_folder.mkdir()
    link = folder / ".precious.png.89abcdef.tmp"
    link.symlink_to(precious)
    age(named_folder, 10 * DAY)
    age(link, 10 * DAY)
    assert sweep_stale_temp_files(folder, older_than=0) == []
    assert named_folder.is_dir() and link.is_symlink() and precious.read_bytes() == b"precious"


def test_subfolders_are_swept_only_when_asked(tmp_path: Path) -> None:
    sub = tmp_path / "ab"
    sub.mkdir()
    top = age(write_temp(tmp_path / ".x.png.00000000.tmp"), 10 * DAY)
    deep = age(write_temp(sub / ".y.thumb.ffffffff.tmp"), 10 * DAY)
    assert sweep_stale_temp_files(tmp_path) == [top]
    assert deep.exists()
    assert sweep_stale_temp_files(tmp_path, recursive=True) == [deep]


def test_links_to_folders_are_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    theirs = age(write_temp(elsewhere / ".z.png.12345678.tmp"), 10 * DAY)
    swept = tmp_path / "swept"
    swept.mkdir()
    (swept / "link").symlink_to(elsewhere, target_is_directory=True)
    assert sweep_stale_temp_files(swept, older_than=0, recursive=True) == []
    assert theirs.exists()


def test_a_missing_folder_is_no_error(tmp_path: Path) -> None:
    assert sweep_stale_temp_files(tmp_path / "never made") == []


def test_a_file_that_cannot_be_removed_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = age(write_temp(tmp_path / ".a.png.00000001.tmp"), 10 * DAY)
    second = age(write_temp(tmp_path / ".b.png.00000002.tmp"), 10 * DAY)
    real_unlink = os.unlink

    def refuse_first(path: str | os.PathLike[str]) -> None:
        if Path(path) == first:
            raise PermissionError(13, "Permission denied", str(path))
        real_unlink(path)

    monkeypatch.setattr(atomic.os, "unlink", refuse_first)
    assert sweep_stale_temp_files(tmp_path, older_than=0) == [second]
    assert first.exists()


def test_a_finished_save_leaves_nothing_to_sweep(tmp_path: Path) -> None:
    atomic_write(tmp_path / "meme.png", b"png")
    atomic_write(tmp_path / "cache.thumb", b"jpeg", durable=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache.thumb", "meme.png"]
    assert sweep_stale_temp_files(tmp_path, older_than=0) == []


def test_a_write_that_is_not_durable_skips_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    monkeypatch.setattr(atomic.os, "fsync", synced.append)
    atomic_write(tmp_path / "cache.thumb", b"jpeg", durable=False)
    assert synced == [] and (tmp_path / "cache.thumb").read_bytes() == b"jpeg"
    atomic_write(tmp_path / "meme.png", b"png")
    assert len(synced) == 2  # the file, then its folder


def write_temp(path: Path) -> Path:
    path.write_bytes(b"half a meme")
    return path
