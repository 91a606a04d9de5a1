"""The My memes index: one SQLite file in `data_dir()` that makes listing and searching fast.

The index is a cache, never the only copy. Every row is read again from its file when the
file's modification time or length changes, rows of vanished files are dropped, and an index
file that is missing, empty, garbage, damaged or of another schema version is deleted and made
again, empty, when it is first opened; the next `sync` fills it from the files. Favourites are
the one thing the files do not carry: `fileio.library` keeps them in a JSON file beside the
index as well and hands them to every sync, so a rebuilt index gets them back. (Were that file
lost too, the memes would still all be there, just no longer starred.)

Full-text search is FTS5 over file names, titles, captions and meaning tags. User text never
reaches the FTS5 query syntax unescaped: each word becomes a quoted prefix phrase, so `"`, `*`,
`AND`, `-` or `NEAR(` are just characters to look for.

Threads: sqlite3 connections must not cross threads, so each thread gets its own connection.
WAL mode lets the gallery read while a sync in a worker writes; writes wait for each other
(sqlite's busy timeout). Importing this module costs nothing beyond `sqlite3`: the project
reader is only imported, by `fileio.library`, when a project needs reading.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from maskmeme_gui.config.paths import data_dir
from maskmeme_gui.fileio.library import LibraryEntry

_log = logging.getLogger(__name__)

INDEX_FILE = "library-index.sqlite3"
SCHEMA_VERSION = 1
APPLICATION_ID = 0x4D4D4931  # "MMI1": tells our index from any other SQLite file
FIRST_BATCH = 60
"""Entries in the first batch a sync reports: enough to fill the view at once."""
MAX_BATCH = 500
_BUSY_TIMEOUT_S = 10.0
_SIDE_FILES = ("-wal", "-shm", "-journal")

_SCHEMA = """
CREATE TABLE memes(
    path TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    captions TEXT NOT NULL,          -- JSON list of strings
    tags TEXT NOT NULL,              -- JSON list; meme_tags has them one a row, for filtering
    created REAL NOT NULL,
    modified REAL NOT NULL,
    mtime_ns INTEGER NOT NULL,       -- with size: what a sync compares with the file
    size INTEGER NOT NULL,
    thumbnail_key TEXT NOT NULL,
    favourite INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX memes_newest ON memes(mtime_ns DESC, path);
CREATE TABLE meme_tags(
    path TEXT NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY(path, tag)
) WITHOUT ROWID;
CREATE INDEX meme_tags_by_tag ON meme_tags(tag);
CREATE VIRTUAL TABLE memes_text USING fts5(
    name, title, captions, tags, tokenize = 'unicode61 remove_diacritics 2'
);
"""
_TABLES = frozenset({"memes", "meme_tags", "memes_text"})
_COLUMNS = "path, kind, title, captions, tags, created, modified, size, thumbnail_key, favourite"

Describe = Callable[[Path], LibraryEntry | None]
"""Reads one file into an entry; None when it vanished or is not a meme."""


@dataclass(frozen=True)
class FileStamp:
    """A file as a sync sees it before reading it: where, and which version."""

    path: Path
    mtime_ns: int
    size: int


def fts_query(text: str) -> str | None:
    """The FTS5 query for a search box's text: every word, as a prefix, in any order.

    Each word is quoted (inner quotes doubled), so nothing the user types is FTS5 syntax.
    None when there is no word to look for.
    """
    words = text.replace("\x00", " ").split()
    if not words:
        return None
    return " ".join('"' + word.replace('"', '""') + '"*' for word in words)


class IndexUnavailable(Exception):
    """The index could not be read or written (the disk failed under it)."""


class LibraryIndex:
    """The index file at `path`; see the module docstring."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._open_lock = threading.Lock()
        self._checked = False
        self.rebuilt_because: str | None = None
        """Why the file found at the first open was thrown away, or None (tests, logs)."""

    # -- reading ------------------------------------------------------------------------------

    def entries(self) -> list[LibraryEntry]:
        """Every indexed meme, newest first (as of the last sync)."""
        return self.search("")

    def search(
        self, text: str, meaning_tag: str | None = None, favourites_only: bool = False
    ) -> list[LibraryEntry]:
        """The memes matching every word of `text` (as word prefixes), newest first.

        Words are looked for in file names, titles, captions and meaning tags; `meaning_tag`
        keeps only memes carrying that tag, `favourites_only` only the favourites.
        """
        query = fts_query(text)
        sql = [f"SELECT {_COLUMNS} FROM memes m WHERE 1"]
        params: list[Any] = []
        if query is not None:
            sql.append("AND m.rowid IN (SELECT rowid FROM memes_text WHERE memes_text MATCH ?)")
            params.append(query)
        if meaning_tag is not None:
            sql.append("AND EXISTS (SELECT 1 FROM meme_tags t WHERE t.path = m.path AND t.tag = ?)")
            params.append(meaning_tag)
        if favourites_only:
            sql.append("AND m.favourite = 1")
        sql.append("ORDER BY m.mtime_ns DESC, m.path")
        with _errors():
            rows = self._connection().execute(" ".join(sql), params).fetchall()
        return [_entry(row) for row in rows]

    def entry(self, path: Path) -> LibraryEntry | None:
        with _errors():
            cursor = self._connection().execute(
                f"SELECT {_COLUMNS} FROM memes WHERE path = ?", (str(path),)
            )
            row = cursor.fetchone()
        return None if row is None else _entry(row)

    # -- keeping up with the files ------------------------------------------------------------

    def sync(
        self,
        files: Sequence[FileStamp],
        describe: Describe,
        is_favourite: Callable[[Path], bool],
        check: Callable[[], None] = lambda: None,
    ) -> Iterator[list[LibraryEntry]]:
        """Make the index match `files` (newest first), reporting the entries in batches.

        Only files whose modification time or length changed are read again (with
        `describe`, outside any transaction); rows of files not in `files` are dropped, and
        every row's favourite flag is set from `is_favourite`. Each batch is committed before
        it is yielded, in the order of `files`, so a caller can show entries as they come.
        `check` is called between files and may raise to stop; what was committed stays.
        """
        with _errors():
            rows = self._connection().execute(f"SELECT {_COLUMNS}, mtime_ns FROM memes")
            entries = ((row[-1], _entry(row[:-1])) for row in rows.fetchall())
            known = {str(e.path): (mtime_ns, e.size, e) for mtime_ns, e in entries}
        wanted = {str(stamp.path) for stamp in files}
        gone = [path for path in known if path not in wanted]
        if gone:
            with self._transaction() as conn:
                for path in gone:
                    _delete(conn, path)
        start, limit = 0, FIRST_BATCH
        while start < len(files):
            chunk = files[start : start + limit]
            start, limit = start + len(chunk), min(2 * limit, MAX_BATCH)
            batch = self._sync_chunk(chunk, known, describe, is_favourite, check)
            if batch:
                yield batch

    def _sync_chunk(
        self,
        chunk: Sequence[FileStamp],
        known: dict[str, tuple[int, int, LibraryEntry]],
        describe: Describe,
        is_favourite: Callable[[Path], bool],
        check: Callable[[], None],
    ) -> list[LibraryEntry]:
        changed: list[tuple[FileStamp, LibraryEntry | None]] = []
        flipped: list[LibraryEntry] = []
        batch: list[LibraryEntry] = []
        for stamp in chunk:
            check()
            favourite = is_favourite(stamp.path)
            old = known.get(str(stamp.path))
            if old is not None and old[:2] == (stamp.mtime_ns, stamp.size):
                entry = old[2]
                if entry.favourite != favourite:
                    entry = replace(entry, favourite=favourite)
                    flipped.append(entry)
            else:
                read = describe(stamp.path)
                entry = None if read is None else replace(read, favourite=favourite)
                changed.append((stamp, entry))
            if entry is not None:
                batch.append(entry)
        if changed or flipped:
            with self._transaction() as conn:
                for stamp, fresh in changed:
                    if fresh is None:
                        _delete(conn, str(stamp.path))
                    else:
                        _store(conn, fresh, stamp)
                conn.executemany(
                    "UPDATE memes SET favourite = ? WHERE path = ?",
                    [(int(e.favourite), str(e.path)) for e in flipped],
                )
        return batch

    def store(self, entry: LibraryEntry, stamp: FileStamp) -> None:
        """Put one freshly read file in the index (after the app itself renamed it)."""
        with self._transaction() as conn:
            _store(conn, entry, stamp)

    def forget(self, path: Path) -> None:
        with self._transaction() as conn:
            _delete(conn, str(path))

    def set_favourite(self, path: Path, favourite: bool) -> None:
        with self._transaction() as conn:
            conn.execute(
                "UPDATE memes SET favourite = ? WHERE path = ?", (int(favourite), str(path))
            )

    def close(self) -> None:
        """Close this thread's connection (those of other threads close with their threads)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # -- connections --------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with _errors():
            conn = self._connection()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            with self._open_lock:
                if not self._checked:
                    self._prepare_file()
                    self._checked = True
            with _errors():
                conn = _connect(self.path)
            self._local.conn = conn
        return conn

    def _prepare_file(self) -> None:
        """Check the file once; anything but our own healthy index is thrown away."""
        problem = _problem_with(self.path)
        if problem is None:
            return
        if problem != "empty":
            _log.warning("rebuilding the library index %s: %s", self.path, problem)
            self.rebuilt_because = problem
        with _errors():
            for suffix in ("", *_SIDE_FILES):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            conn = _connect(self.path)
            try:
                conn.executescript(_SCHEMA)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            finally:
                conn.close()


@contextmanager
def _errors() -> Iterator[None]:
    """SQLite and disk errors become IndexUnavailable, with the reason."""
    try:
        yield
    except (sqlite3.Error, OSError) as exc:
        raise IndexUnavailable(f"The library index {INDEX_FILE} failed: {exc}") from exc


def _entry(row: Sequence[Any]) -> LibraryEntry:
    path, kind, title, captions, tags, created, modified, size, key, favourite = row
    return LibraryEntry(
        Path(path),
        kind,
        title,
        tuple(json.loads(captions)),
        tuple(json.loads(tags)),
        modified,
        size=size,
        created=created,
        thumbnail_key=key,
        favourite=bool(favourite),
    )


def _connect(path: Path) -> sqlite3.Connection:
    # Autocommit mode: transactions are the explicit `with conn:` blocks.
    conn = sqlite3.connect(path, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")  # a cache: losing the last commit costs a re-read
    return conn


def _problem_with(path: Path) -> str | None:
    """Why the file at `path` is not a usable index: None, "empty", or a reason."""
    try:
        if not path.exists() or path.stat().st_size == 0:
            return "empty"
    except OSError as exc:
        return f"cannot be read: {exc}"
    try:
        conn = sqlite3.connect(path, timeout=_BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        return f"cannot be opened: {exc}"
    try:
        (app_id,) = conn.execute("PRAGMA application_id").fetchone()
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        if app_id != APPLICATION_ID:
            return "not a maskmeme library index"
        if version != SCHEMA_VERSION:
            return f"schema version {version}, expected {SCHEMA_VERSION}"
        names = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not names >= _TABLES:
            return "tables are missing"
        (verdict,) = conn.execute("PRAGMA quick_check").fetchone()
        if verdict != "ok":
            return f"damaged ({verdict})"
        conn.execute("SELECT count(*) FROM memes_text").fetchone()
    except sqlite3.Error as exc:
        return f"damaged ({exc})"
    finally:
        conn.close()
    return None


def _store(conn: sqlite3.Connection, entry: LibraryEntry, stamp: FileStamp) -> None:
    path = str(stamp.path)
    _delete(conn, path)
    cursor = conn.execute(
        "INSERT INTO memes(path, kind, title, captions, tags, created, modified, mtime_ns,"
        " size, thumbnail_key, favourite) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            path,
            entry.kind,
            entry.title,
            json.dumps(list(entry.captions), ensure_ascii=False),
            json.dumps(list(entry.meaning_tags), ensure_ascii=False),
            entry.created,
            entry.modified,
            stamp.mtime_ns,
            stamp.size,
            entry.thumbnail_key,
            int(entry.favourite),
        ),
    )
    conn.executemany(
        "INSERT OR IGNORE INTO meme_tags(path, tag) VALUES (?, ?)",
        [(path, tag) for tag in entry.meaning_tags],
    )
    conn.execute(
        "INSERT INTO memes_text(rowid, name, title, captions, tags) VALUES (?, ?, ?, ?, ?)",
        (
            cursor.lastrowid,
            stamp.path.name,
            entry.title,
            "\n".join(entry.captions),
            " ".join(entry.meaning_tags),
        ),
    )


def _delete(conn: sqlite3.Connection, path: str) -> None:
    row = conn.execute("SELECT rowid FROM memes WHERE path = ?", (path,)).fetchone()
    if row is None:
        return
    conn.execute("DELETE FROM memes_text WHERE rowid = ?", row)
    conn.execute("DELETE FROM meme_tags WHERE path = ?", (path,))
    conn.execute("DELETE FROM memes WHERE path = ?", (path,))


# -- the index of the current data folder -----------------------------------------------------

_shared: LibraryIndex | None = None
_shared_lock = threading.Lock()


def library_index() -> LibraryIndex:
    """The index in the current `data_dir()` (one object for all threads)."""
    global _shared
    path = data_dir() / INDEX_FILE
    with _shared_lock:
        if _shared is None or _shared.path != path:
            _shared = LibraryIndex(path)
        return _shared


def stamps_newest_first(stamps: Iterable[FileStamp]) -> list[FileStamp]:
    """The order My memes shows: newest first, then by path (as `LibraryIndex.search`)."""
    return sorted(stamps, key=lambda s: (-s.mtime_ns, str(s.path)))
