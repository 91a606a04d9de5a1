"""Atomic writes: a failed save leaves the old file byte-identical and no temporary file."""

from __future__ import annotations

import errno
import os
import pickle
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from maskmeme_gui.fileio.atomic import WriteError, atomic_write, atomic_writer

OLD = b"the old meme, which must survive any failure\n" * 100
NEW = b"the new meme\n" * 1000


class Interrupted(Exception):
    """Stands for any bug in the code that produces the content."""


def names_in(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir())


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def current_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    path = tmp_path / "meme.maskmeme"
    path.write_bytes(OLD)
    return path


def assert_untouched(old_file: Path) -> None:
    assert old_file.read_bytes() == OLD
    assert names_in(old_file.parent) == [old_file.name]


def fail_with(code: int) -> Callable[..., None]:
    """A stand-in for an os function that fails with `code`."""

    def fail(*args: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


def test_new_file_gets_the_content_and_umask_permissions(tmp_path: Path) -> None:
    target = tmp_path / "meme.png"

    atomic_write(target, NEW)

    assert target.read_bytes() == NEW
    assert mode_of(target) == 0o666 & ~current_umask()
    assert names_in(tmp_path) == ["meme.png"]


def test_replacing_keeps_the_old_permission_bits(old_file: Path) -> None:
    os.chmod(old_file, 0o640)

    atomic_write(old_file, NEW)

    assert old_file.read_bytes() == NEW
    assert mode_of(old_file) == 0o640
    assert names_in(old_file.parent) == [old_file.name]


def test_writer_streams_several_writes(old_file: Path) -> None:
    with atomic_writer(old_file) as fp:
        fp.write(b"first ")
        fp.write(b"second")

    assert old_file.read_bytes() == b"first second"


def test_old_file_is_untouched_until_the_block_ends(old_file: Path) -> None:
    with atomic_writer(old_file) as fp:
        fp.write(NEW)
        fp.flush()
        assert old_file.read_bytes() == OLD


def test_saving_through_a_link_updates_its_target(tmp_path: Path, old_file: Path) -> None:
    link = tmp_path / "link.maskmeme"
    link.symlink_to(old_file)

    atomic_write(link, NEW)

    assert link.is_symlink()
    assert old_file.read_bytes() == NEW


def test_full_disk_at_fsync_leaves_the_old_file(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "fsync", fail_with(errno.ENOSPC))

    with pytest.raises(WriteError) as caught:
        atomic_write(old_file, NEW)

    assert str(caught.value) == f"Could not save {old_file}: No space left on the disk"
    assert caught.value.errno == errno.ENOSPC
    assert caught.value.path == old_file
    assert isinstance(caught.value, OSError)
    assert_untouched(old_file)


def test_write_error_survives_pickling(tmp_path: Path) -> None:
    error = WriteError(tmp_path / "meme.png", "No space left on the disk", errno.ENOSPC)

    copy = pickle.loads(pickle.dumps(error))

    assert (copy.path, copy.reason, copy.errno) == (error.path, error.reason, errno.ENOSPC)
    assert str(copy) == str(error)


def test_failed_rename_leaves_the_old_file(old_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "replace", fail_with(errno.EACCES))

    with pytest.raises(WriteError, match="Permission denied"):
        atomic_write(old_file, NEW)

    assert_untouched(old_file)


def test_unlisted_error_uses_the_system_wording(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "replace", fail_with(errno.EXDEV))

    with pytest.raises(WriteError) as caught:
        atomic_write(old_file, NEW)

    assert caught.value.reason == os.strerror(errno.EXDEV)
    assert_untouched(old_file)


def test_exception_while_producing_content_propagates_and_leaves_the_old_file(
    old_file: Path,
) -> None:
    with pytest.raises(Interrupted), atomic_writer(old_file) as fp:
        fp.write(NEW[:100])
        raise Interrupted

    assert_untouched(old_file)


def test_disk_error_while_writing_becomes_a_write_error(old_file: Path) -> None:
    with pytest.raises(WriteError, match="No space left on the disk"), atomic_writer(old_file):
        raise OSError(errno.ENOSPC, "No space left on device")

    assert_untouched(old_file)


def test_interrupt_leaves_the_old_file(old_file: Path) -> None:
    with pytest.raises(KeyboardInterrupt), atomic_writer(old_file) as fp:
        fp.write(NEW)
        raise KeyboardInterrupt

    assert_untouched(old_file)


def test_missing_folder_is_a_write_error(tmp_path: Path) -> None:
    target = tmp_path / "gone" / "meme.png"

    with pytest.raises(WriteError) as caught:
        atomic_write(target, NEW)

    assert str(caught.value) == f"Could not save {target}: The folder does not exist"


def test_folder_in_the_way_is_a_write_error(tmp_path: Path) -> None:
    target = tmp_path / "meme.png"
    target.mkdir()

    with pytest.raises(WriteError, match="A folder with that name already exists"):
        atomic_write(target, NEW)

    assert names_in(tmp_path) == ["meme.png"]
    assert target.is_dir()


def test_folder_that_cannot_be_fsynced_does_not_fail_the_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def fsync_files_only(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync_files_only)
    target = tmp_path / "meme.png"

    atomic_write(target, NEW)

    assert target.read_bytes() == NEW
