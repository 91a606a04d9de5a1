"""The My memes index: one SQLite file in `data_dir()` that makes listing and searching fast.

The index is a cache, never the only copy. Every row is read again from its file when the
file's version (modification and change time, length, inode) changes, rows of vanished files
are dropped, and an index file that is missing, empty, garbage, damaged or of another schema
version is deleted and made again, empty, when it is first opened; the next `sync` fills it
from the files. Favourites are the one thing the files do not carry: `fileio.library` keeps
them in a JSON file beside the index as well and hands them to every sync, so a rebuilt index
gets them back. (Were that file lost too, the memes would still all be there, just no longer
starred.)

Full-text search is FTS5 over file names, titles, captions and meaning tags, stored as
`fileio.search` prepares them, so a search matches as the gallery's other sections do (word
starts, no case, no accents). User text never reaches the FTS5 query syntax unescaped: only
its words (letters and digits) are looked for, each as a quoted prefix, so `"`, `*`, `AND`,
`-` or `NEAR(` are not syntax.

Threads: sqlite3 connections must not cross threads, so each thread gets its own connection.
WAL mode lets the gallery read while a sync in a worker writes; writes wait for each other
(sqlite's busy timeout). Several maskmeme processes may share the file: the first to find it
unusable rebuilds it under its lock (`fileio.locks`), and the others then use that rebuild.
Importing this module costs nothing beyond `sqlite3`: the project reader is only imported, by
`fileio.library`, when a project needs reading.
"""

from __future__ import annotations

import json
import logging
import math
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from maskmeme_gui.config.paths import data_dir
from maskmeme_gui.fileio.batches import batched
from maskmeme_gui.fileio.library_entries import FileStamp, LibraryEntry, file_version
from maskmeme_gui.fileio.locks import file_lock
from maskmeme_gui.fileio.search import search_words, searchable
from maskmeme_gui.fileio.side_files import DamagedJson, parse_json

_log = logging.getLogger(__name__)

INDEX_FILE = "library-index.sqlite3"
SCHEMA_VERSION = 2
"""2: the file's inode and change time join its version; the searched text is folded."""
APPLICATION_ID = 0x4D4D4931  # "MMI1": tells our index from any other SQLite file
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
    mtime_ns INTEGER NOT NULL,       -- with size, inode and ctime_ns: the file's version,
    size INTEGER NOT NULL,           -- what a sync compares with the file
    inode INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    favourite INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX memes_newest ON memes(mtime_ns DESC, path);
CREATE TABLE meme_tags(
    path TEXT NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY(path, tag)
) WITHOUT ROWID;
CREATE INDEX meme_tags_by_tag ON meme_tags(tag);
-- Holds fileio.search.searchable() text: the words already folded, so the tokenizer only
-- splits them and matching follows fileio.search's one rule.
CREATE VIRTUAL TABLE memes_text USING fts5(
    name, title, captions, tags, tokenize = 'unicode61 remove_diacritics 2'
);
"""
_TABLES = frozenset({"memes", "meme_tags", "memes_text"})
_COLUMNS = "path, kind, title, captions, tags, created, modified, mtime_ns, size, inode, ctime_ns,"
_COLUMNS += " favourite"

Describe = Callable[[Path], LibraryEntry | None]
"""Reads one file into an entry; None when it vanished or is not a meme."""


def fts_query(text: str) -> str | None:
    """The FTS5 query for a search box's text: every word, as a prefix, in any order.

    The words are those of `fileio.search.search_words` (letters and digits, folded), each
    quoted, so nothing the user types is FTS5 syntax. None when there is no word to look for.
    """
    words = search_words(text)
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)


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
        # A damaged row is left out here; the next sync reads its file again and repairs it.
        return [entry for _version, entry in _readable(rows).values()]

    # -- keeping up with the files ------------------------------------------------------------

    def sync(
        self,
        files: Sequence[FileStamp],
        describe: Describe,
        favourites: Callable[[], Callable[[Path], bool]],
        check: Callable[[], None] = lambda: None,
    ) -> Iterator[list[LibraryEntry]]:
        """Make the index match `files` (newest first), reporting the entries in batches.

        Only files whose version (modification and change time, length, inode) changed are
        read again (with `describe`, outside any transaction); rows of files not in `files`
        are dropped. `favourites()` gives the current test for a star; it is asked once per
        batch, inside the batch's write transaction, so a star set meanwhile is never
        overwritten with an older one. Each batch is committed before it is yielded, in the
        order of `files`, so a caller can show entries as they come. `check` is called between
        files and may raise to stop; what was committed stays.
        """
        with _errors():
            rows = self._connection().execute(f"SELECT {_COLUMNS} FROM memes").fetchall()
        # A damaged row is not known: its file is read again below, and the row replaced.
        known = _readable(rows)
        if len(known) < len(rows):
            _log.warning(
                "repairing %d damaged rows of the library index %s from their files",
                len(rows) - len(known),
                self.path,
            )
        wanted = {str(stamp.path) for stamp in files}
        gone = [row[0] for row in rows if row[0] not in wanted]
        if gone:
            with self._transaction() as conn:
                for path in gone:
                    _delete(conn, path)
        for chunk in batched(files):
            batch = self._sync_chunk(chunk, known, describe, favourites, check)
            if batch:
                yield batch

    def _sync_chunk(
        self,
        chunk: Sequence[FileStamp],
        known: dict[str, tuple[tuple[int, int, int, int], LibraryEntry]],
        describe: Describe,
        favourites: Callable[[], Callable[[Path], bool]],
        check: Callable[[], None],
    ) -> list[LibraryEntry]:
        read: dict[str, tuple[FileStamp, LibraryEntry | None]] = {}
        found: list[LibraryEntry] = []
        for stamp in chunk:
            check()
            old = known.get(str(stamp.path))
            if old is not None and old[0] == stamp.version:
                found.append(old[1])
            else:
                entry = describe(stamp.path)
                read[str(stamp.path)] = (stamp, entry)
                if entry is not None:
                    found.append(entry)
        with self._transaction() as conn:
            # The stars are read under the write lock: one set before is in the favourites
            # file already (library.set_favourite writes it before it updates the index), and
            # one set after waits for this commit, then updates the row itself.
            is_favourite = favourites()
            batch = [replace(e, favourite=is_favourite(e.path)) for e in found]
            for stamp, fresh in read.values():
                if fresh is None:
                    _delete(conn, str(stamp.path))
            for entry in batch:
                fresh_read = read.get(str(entry.path))
                if fresh_read is not None:
                    _store(conn, entry, fresh_read[0])
            conn.executemany(
                "UPDATE memes SET favourite = ? WHERE path = ? AND favourite != ?",
                [
                    (int(e.favourite), str(e.path), int(e.favourite))
                    for e in batch
                    if str(e.path) not in read
                ],
            )
        return batch

    def favourites(self) -> list[Path]:
        """The starred memes, as of the last sync or star."""
        with _errors():
            rows = self._connection().execute("SELECT path FROM memes WHERE favourite = 1")
            return [Path(path) for (path,) in rows.fetchall()]

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
                # SQLite may have rolled back already (a full disk, an interrupt): a second
                # ROLLBACK would raise and hide the first error.
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            with self._open_lock:
                if not self._checked:
                    # Under the index's lock: another maskmeme that found the same damage
                    # waits, then finds this one's rebuild and uses it, rather than throw it
                    # away in turn or add its tables to it.
                    with _errors(), file_lock(self.path):
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


def _readable(
    rows: Sequence[Sequence[Any]],
) -> dict[str, tuple[tuple[int, int, int, int], LibraryEntry]]:
    """The rows that can be read, by path, in their order: each file's version and entry."""
    readable = {}
    for row in rows:
        try:
            readable[row[0]] = _read_row(row)
        except _UnreadableRow:
            continue
    return readable


class _UnreadableRow(ValueError):
    """A row whose cells do not hold what the index writes: SQLite keeps any value in any
    column, and `quick_check` does not look at values, so a damaged cell passes it."""


def _read_row(row: Sequence[Any]) -> tuple[tuple[int, int, int, int], LibraryEntry]:
    """The file version a row records and its entry; _UnreadableRow when a cell is damaged."""
    path, kind, title, captions, tags, created, modified, mtime_ns, size, inode, ctime_ns = row[:11]
    favourite = row[11]
    stamp = (mtime_ns, size, inode, ctime_ns)
    if not (
        isinstance(path, str)
        and kind in ("project", "image")
        and isinstance(title, str)
        and all(type(n) is int for n in stamp)
        and all(type(t) in (int, float) and math.isfinite(t) for t in (created, modified))
        and favourite in (0, 1)
    ):
        raise _UnreadableRow(path)
    return stamp, LibraryEntry(
        Path(path),
        kind,
        title,
        _texts(captions, path),
        _texts(tags, path),
        modified,
        size=size,
        created=created,
        version=file_version(mtime_ns, size, inode, ctime_ns),
        favourite=bool(favourite),
    )


def _texts(cell: object, path: object) -> tuple[str, ...]:
    try:
        texts = parse_json(cell) if isinstance(cell, str) else None
    except DamagedJson as exc:
        raise _UnreadableRow(path) from exc
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        raise _UnreadableRow(path)
    return tuple(texts)


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
        " size, inode, ctime_ns, favourite) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            stamp.inode,
            stamp.ctime_ns,
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
            searchable([stamp.path.name]),
            searchable([entry.title]),
            searchable(entry.captions),
            searchable(entry.meaning_tags),
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
