"""Project files (`*.maskmeme`): a zip holding the document, its pictures and a preview.

Layout, in this order:

    mimetype        stored, no extra field: "application/x-maskmeme" (file managers and
                    `is_project_file` recognise the file by bytes 30.. alone, as for ODF/EPUB)
    document.json   the document (model.serialize), UTF-8, deflated
    assets/NAME     the base image and sticker bitmaps as the document holds them, less the
                    details a camera wrote into them (fileio.photo_details) unless kept
    preview.png     the meme at most 512 px on its long side, for galleries (optional)

Writing is atomic (fileio.atomic). Reading treats the file as hostile: nothing is extracted to
disk, the zip directory is sized up before zipfile parses it, every entry name, size and
compression ratio is checked before it is read, entries are read in bounded chunks, and every
picture goes through the safe image loader. Whatever is wrong, the caller gets one
`ProjectError` naming the file and the problem in plain words.
"""

from __future__ import annotations

import json
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from maskmeme_gui.fileio.atomic import WriteError, atomic_writer
from maskmeme_gui.fileio.export import ExportOptions, encode_image
from maskmeme_gui.fileio.images import ImageLoadError, load_image_bytes
from maskmeme_gui.fileio.photo_details import without_photo_details
from maskmeme_gui.fileio.problems import FileProblem, reason_for_os_error
from maskmeme_gui.fileio.suffixes import PROJECT_SUFFIX
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import CaptionLayer
from maskmeme_gui.model.serialize import (
    SCHEMA_VERSION,
    DocumentFormatError,
    document_from_dict,
    document_to_dict,
    migrate,
)
from maskmeme_gui.quoting import unsavable_text
from maskmeme_gui.render.compose import render_document

__all__ = [
    "MAX_ENTRIES",
    "MAX_ENTRY_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "MIMETYPE",
    "PROJECT_SUFFIX",
    "ProjectError",
    "ProjectSummary",
    "WriteError",
    "is_project_file",
    "load_project",
    "read_project_summary",
    "safe_asset_name",
    "save_project",
]

MIMETYPE = "application/x-maskmeme"

MIMETYPE_ENTRY = "mimetype"
DOCUMENT_ENTRY = "document.json"
PREVIEW_ENTRY = "preview.png"
ASSETS_FOLDER = "assets/"

# Caps on what a project may hold. They are far above any real meme (a phone photo is a few MB,
# a document a few KB) and low enough that a hostile file cannot exhaust memory. Saving refuses
# to write a file that loading would reject. Read at call time, so tests may lower them.
MAX_ENTRIES = 1000
MAX_ENTRY_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_RATIO = 100
"""Largest uncompressed/compressed size ratio of a deflated entry (zip bombs reach 1000:1)."""
RATIO_FREE_BYTES = 1024 * 1024
"""Entries up to this size may have any ratio: they cannot hurt, and repetitive JSON or a
one-colour bitmap compress far better than 100:1."""
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
MAX_PREVIEW_BYTES = 8 * 1024 * 1024
# A directory record is 46 bytes plus the name; our names are short. Checked before zipfile
# parses the directory, because zipfile parses all of it whatever the entry count says.
MAX_DIRECTORY_BYTES = MAX_ENTRIES * 1024
MAX_NAME_LENGTH = 255
PREVIEW_SIDE = 512

_CHUNK = 64 * 1024
_DEFLATE_LEVEL = 6  # zlib's default; the trial compression in _compression_for uses it too
# Zip's earliest date: the archive's bytes then depend only on the document.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_FILE_MODE = 0o644 << 16
_ENCRYPTED_FLAGS = 0x1 | 0x40
_UTF8_NAME_FLAG = 0x800
_DRIVE_LETTER = re.compile(r"^[A-Za-z]:")
_UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')

# Zip structures (APPNOTE.TXT 4.3): local file header, end of central directory, and the zip64
# end record and its locator, which an archive with more than 65 535 entries needs.
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_LOCAL_SIGNATURE = b"PK\x03\x04"
_END_RECORD = struct.Struct("<4s4H2LH")
_END_SIGNATURE = b"PK\x05\x06"
_END64_LOCATOR = struct.Struct("<4sLQL")
_END64_LOCATOR_SIGNATURE = b"PK\x06\x07"
_END64_RECORD = struct.Struct("<4sQ2H2L4Q")
_END64_SIGNATURE = b"PK\x06\x06"
_MAX_COMMENT = 0xFFFF

# Already-compressed formats: deflating them again costs time and gains nothing.
_COMPRESSED_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")

# What zipfile, zlib, json and struct raise on damaged or hostile bytes.
_DAMAGE_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    struct.error,
    UnicodeDecodeError,
    ValueError,
    KeyError,
    IndexError,
    OverflowError,
    NotImplementedError,
    RecursionError,
)


class ProjectError(FileProblem):
    """A project could not be read or written; `str()` is a sentence fit to show the user."""


@dataclass(frozen=True)
class ProjectSummary:
    """What a gallery or the library index needs, read without decoding any picture."""

    title: str
    captions: list[str]
    meaning_tags: list[str]
    modified: str
    preview_png: bytes | None
    created: str = ""


# ---------------------------------------------------------------------------------------------
# Saving


def save_project(
    doc: MemeDocument, path: str | os.PathLike[str], *, keep_photo_details: bool = False
) -> None:
    """Write `doc` to `path` atomically: afterwards the file is the old one or the new one.

    The pictures are written without the details cameras and editors put in them (place,
    camera, author, comments: see `fileio.photo_details`) unless `keep_photo_details`. The
    document in memory keeps them, so an export can still copy them if the user asks.

    Raises `WriteError` when the disk refuses (its message says why, e.g. "No space left on the
    disk") and `ProjectError` when the document cannot be encoded; the old file is then intact.
    Pass a `snapshot()` when editing goes on in another thread.
    """
    target = Path(path)
    doc = _with_safe_asset_names(doc)
    if not keep_photo_details:
        doc = _without_photo_details(doc, target)
    document_json = _encode_document(doc, target)
    _check_fits_caps(doc, document_json, target)
    preview = _render_preview(doc)
    try:
        with atomic_writer(target) as fp:
            _write_archive(fp, document_json, doc.assets, preview)
    except (WriteError, ProjectError):
        raise
    except (ValueError, TypeError, OverflowError, zipfile.LargeZipFile, zlib.error) as exc:
        raise ProjectError(target, f"it could not be saved ({exc})") from exc
    except MemoryError as exc:
        raise ProjectError(target, "it could not be saved: there is not enough memory") from exc


def safe_asset_name(name: str) -> str:
    """`name` made fit to be a single zip entry name under assets/ on every system.

    No folders, no `..`, no characters Windows forbids, no leading dot, at most 255 characters.
    A name that is already safe is returned unchanged.
    """
    cleaned = _UNSAFE_NAME_CHARS.sub("_", name).strip().lstrip(".").strip()
    if not cleaned:
        cleaned = "asset"
    if len(cleaned) > MAX_NAME_LENGTH:
        stem, dot, extension = cleaned.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            cleaned = stem[: MAX_NAME_LENGTH - len(extension) - 1] + "." + extension
        else:
            cleaned = cleaned[:MAX_NAME_LENGTH]
    return cleaned


def _with_safe_asset_names(doc: MemeDocument) -> MemeDocument:
    """`doc` itself if every asset name is safe, else a copy with renamed assets and references."""
    renames = _asset_renames(list(doc.assets))
    if not renames:
        return doc
    renamed = doc.snapshot()
    renamed.assets = {renames.get(name, name): data for name, data in doc.assets.items()}
    if renamed.base_asset is not None:
        renamed.base_asset = renames.get(renamed.base_asset, renamed.base_asset)
    for layer in renamed.layers:
        asset = getattr(layer, "asset", None)
        if isinstance(asset, str) and asset in renames:
            layer.asset = renames[asset]  # type: ignore[attr-defined]
    return renamed


def _without_photo_details(doc: MemeDocument, target: Path) -> MemeDocument:
    """`doc` itself if no picture holds details to drop, else a copy whose pictures hold none."""
    assets = {}
    for name, data in doc.assets.items():
        try:
            assets[name] = without_photo_details(data)
        except ImageLoadError as exc:
            # A picture loading would refuse (see _check_fits_caps for the same rule).
            raise ProjectError(
                target, f"it could not be saved (the picture {name!r} is damaged: {exc.reason})"
            ) from exc
    if all(assets[name] is data for name, data in doc.assets.items()):
        return doc
    clean = doc.snapshot()
    clean.assets = assets
    return clean


def _asset_renames(names: list[str]) -> dict[str, str]:
    taken = {name for name in names if safe_asset_name(name) == name}
    renames: dict[str, str] = {}
    for name in names:
        if name in taken:
            continue
        candidate = base = safe_asset_name(name)
        stem, dot, extension = base.rpartition(".")
        if not dot:
            stem, extension = base, ""
        counter = 2
        while candidate in taken:
            candidate = f"{stem}-{counter}{dot}{extension}"
            counter += 1
        taken.add(candidate)
        renames[name] = candidate
    return renames


def _encode_document(doc: MemeDocument, target: Path) -> bytes:
    """document.json's bytes, after checking that `load_project` will accept the document."""
    for layer in doc.layers:
        problem = isinstance(layer, CaptionLayer) and unsavable_text("the caption", layer.text)
        if problem:
            raise ProjectError(target, f"it could not be saved: {problem}")
    try:
        data = document_to_dict(doc)
        # The reader's own validation, with stand-ins for the pictures (decoding them all on
        # every autosave would cost too much; they passed the safe loader when they came in).
        document_from_dict(data, dict.fromkeys(doc.assets, b""))
        text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:  # in a title, a tag or a layer's name
        shown = exc.object[max(0, exc.start - 20) : exc.end + 20]
        problem = unsavable_text("the text", shown) or str(exc)
        raise ProjectError(target, f"it could not be saved: {problem}") from exc
    except (ValueError, TypeError, RecursionError) as exc:
        # DocumentFormatError is a ValueError, so the invalid document lands here too.
        raise ProjectError(
            target, f"it could not be saved (the document is invalid: {exc})"
        ) from exc


def _check_fits_caps(doc: MemeDocument, document_json: bytes, target: Path) -> None:
    """Refuse to write a file that `load_project` would refuse to open."""
    sizes = [len(document_json), *(len(data) for data in doc.assets.values())]
    problem = None
    if len(doc.assets) + 3 > MAX_ENTRIES:
        problem = f"it would hold more than {MAX_ENTRIES} pictures"
    elif len(document_json) > MAX_DOCUMENT_BYTES:
        problem = "the document is too large"
    elif max(sizes) > MAX_ENTRY_BYTES:
        problem = f"a picture is larger than {_megabytes(MAX_ENTRY_BYTES)}"
    elif sum(sizes) > MAX_TOTAL_BYTES:
        problem = f"the meme and its pictures are larger than {_megabytes(MAX_TOTAL_BYTES)}"
    if problem is not None:
        raise ProjectError(target, f"it could not be saved ({problem})")


def _render_preview(doc: MemeDocument) -> bytes | None:
    """A small PNG of the meme, or None: a picture the renderer chokes on must not block saving."""
    try:
        scale = min(1.0, PREVIEW_SIDE / max(doc.canvas_size))
        preview = encode_image(render_document(doc, scale), ExportOptions(format="PNG"))
    except Exception:
        return None
    return preview if len(preview) <= MAX_PREVIEW_BYTES else None


def _write_archive(
    fp: IO[bytes], document_json: bytes, assets: dict[str, bytes], preview: bytes | None
) -> None:
    with zipfile.ZipFile(fp, "w") as archive:
        # First and stored, so the file type shows in the first bytes (see is_project_file).
        _add_entry(archive, MIMETYPE_ENTRY, MIMETYPE.encode("ascii"), zipfile.ZIP_STORED)
        _add_entry(archive, DOCUMENT_ENTRY, document_json, _compression_for(document_json))
        for name in sorted(assets):
            data = assets[name]
            _add_entry(archive, ASSETS_FOLDER + name, data, _compression_for(data))
        if preview is not None:
            _add_entry(archive, PREVIEW_ENTRY, preview, zipfile.ZIP_STORED)


def _add_entry(archive: zipfile.ZipFile, name: str, data: bytes, compression: int) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = compression
    info.external_attr = _FILE_MODE
    level = _DEFLATE_LEVEL if compression == zipfile.ZIP_DEFLATED else None
    archive.writestr(info, data, compresslevel=level)


def _compression_for(data: bytes) -> int:
    is_webp = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    if data.startswith(_COMPRESSED_MAGIC) or is_webp:
        return zipfile.ZIP_STORED
    if len(data) > RATIO_FREE_BYTES and len(data) > _ratio_limit(
        len(zlib.compress(data, _DEFLATE_LEVEL))
    ):
        # A one-colour BMP deflates 1000:1; stored, it cannot look like a zip bomb to the reader.
        return zipfile.ZIP_STORED
    return zipfile.ZIP_DEFLATED


def _megabytes(count: int) -> str:
    return f"{count // (1024 * 1024)} MB"


# ---------------------------------------------------------------------------------------------
# Reading


def load_project(path: str | os.PathLike[str]) -> MemeDocument:
    """Read a project file, or raise `ProjectError`. Nothing is written anywhere."""
    source = Path(path)
    with _opened_project(source) as archive:
        data = _read_document_data(archive)
        assets = {
            name: _read_picture(archive, name) for name in _present_asset_names(archive, data)
        }
        return _build_document(archive, data, assets)


def read_project_summary(path: str | os.PathLike[str]) -> ProjectSummary:
    """Title, captions, tags, times and preview of a project, without decoding its pictures.

    The document is validated as in `load_project`; the pictures are only checked to be there.
    """
    source = Path(path)
    with _opened_project(source) as archive:
        data = _read_document_data(archive)
        # Placeholders: document_from_dict checks that every picture it refers to exists.
        placeholders = dict.fromkeys(_present_asset_names(archive, data), b"")
        doc = _build_document(archive, data, placeholders)
        return ProjectSummary(
            title=doc.metadata.title,
            captions=[layer.text for layer in doc.layers if isinstance(layer, CaptionLayer)],
            meaning_tags=list(doc.metadata.meaning_tags),
            modified=doc.metadata.modified,
            preview_png=_read_preview(archive),
            created=doc.metadata.created,
        )


def is_project_file(path: str | os.PathLike[str]) -> bool:
    """True if the file starts like a maskmeme project; reads only its first few bytes."""
    source = Path(path)
    try:
        # Opening a FIFO would block until something writes to it.
        if not stat.S_ISREG(source.stat().st_mode):
            return False
        with source.open("rb") as fp:
            return _starts_with_mimetype(fp)
    except OSError:
        return False


@dataclass
class _Archive:
    """An opened, pre-checked project: its path for messages, the zip, its entries by name."""

    path: Path
    zip: zipfile.ZipFile
    entries: dict[str, zipfile.ZipInfo]

    def fail(self, reason: str) -> ProjectError:
        return ProjectError(self.path, reason)


@contextmanager
def _opened_project(path: Path) -> Iterator[_Archive]:
    """Open and vet the archive; inside the block, damage of any kind becomes `ProjectError`."""
    with _open_for_reading(path) as fp:
        try:
            _check_directory_size(fp, path)
            with zipfile.ZipFile(fp) as zf:
                archive = _Archive(path, zf, _checked_entries(zf, path))
                _check_mimetype(archive, fp)
                yield archive
        except ProjectError:
            raise
        except MemoryError as exc:
            raise ProjectError(path, "there is not enough memory to open it") from exc
        except OSError as exc:
            raise ProjectError(path, _reason_for_os_error(exc)) from exc
        except _DAMAGE_ERRORS as exc:
            raise ProjectError(path, f"the file is damaged ({_damage_detail(exc)})") from exc


@contextmanager
def _open_for_reading(path: Path) -> Iterator[IO[bytes]]:
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise ProjectError(path, "it is a folder, not a maskmeme project")
        # Opening a FIFO or a device would block or read forever.
        if not stat.S_ISREG(mode):
            raise ProjectError(path, "it is not a regular file")
        fp = path.open("rb")
    except OSError as exc:
        raise ProjectError(path, _reason_for_os_error(exc)) from exc
    with fp:
        yield fp


def _check_directory_size(fp: IO[bytes], path: Path) -> None:
    """Reject a zip whose directory is too big before zipfile parses all of it."""
    found = _directory_extent(fp)
    if found is None:
        detail = "it is truncated" if _starts_with_mimetype(fp) else "not a zip archive"
        raise ProjectError(path, f"the file is damaged ({detail})")
    count, size = found
    if count > MAX_ENTRIES:
        raise ProjectError(
            path, f"it has too many entries ({count:,}; the limit is {MAX_ENTRIES:,})"
        )
    if size > MAX_DIRECTORY_BYTES:
        raise ProjectError(path, "the file is damaged (its table of contents is too large)")


def _directory_extent(fp: IO[bytes]) -> tuple[int, int] | None:
    """(entry count, directory size) from the end records, found the way zipfile finds them."""
    file_size = fp.seek(0, os.SEEK_END)
    tail_start = max(0, file_size - _END_RECORD.size - _MAX_COMMENT)
    fp.seek(tail_start)
    tail = fp.read()
    size = _END_RECORD.size
    if len(tail) >= size and tail[-size : -size + 4] == _END_SIGNATURE and tail[-2:] == b"\0\0":
        position = len(tail) - size
    else:
        position = tail.rfind(_END_SIGNATURE)
        if position < 0 or position + size > len(tail):
            return None
    record = _END_RECORD.unpack_from(tail, position)
    count, directory_size = record[4], record[5]
    zip64 = _zip64_extent(fp, tail_start + position)
    return zip64 if zip64 is not None else (count, directory_size)


def _zip64_extent(fp: IO[bytes], end_record_offset: int) -> tuple[int, int] | None:
    # Like zipfile: the zip64 record sits right before its locator, right before the end record.
    locator_offset = end_record_offset - _END64_LOCATOR.size
    record_offset = locator_offset - _END64_RECORD.size
    if record_offset < 0:
        return None
    fp.seek(record_offset)
    raw = fp.read(_END64_RECORD.size + _END64_LOCATOR.size)
    if raw[_END64_RECORD.size :][:4] != _END64_LOCATOR_SIGNATURE:
        return None
    record = _END64_RECORD.unpack_from(raw)
    if record[0] != _END64_SIGNATURE:
        return None
    return record[7], record[8]


def _checked_entries(zf: zipfile.ZipFile, path: Path) -> dict[str, zipfile.ZipInfo]:
    """The entries by name, after checking every name, size and ratio the directory declares."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise ProjectError(path, f"it has too many entries (more than {MAX_ENTRIES:,})")
    entries: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        if info.filename in entries:
            raise ProjectError(path, f"the file is damaged (the entry {info.filename!r} repeats)")
        _check_entry(info, path)
        entries[info.filename] = info
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise ProjectError(path, f"its content is too large (over {_megabytes(MAX_TOTAL_BYTES)})")
    return entries


def _check_entry(info: zipfile.ZipInfo, path: Path) -> None:
    name = info.filename
    if not _is_safe_entry_name(name):
        raise ProjectError(path, f"it contains an entry with an unsafe name ({name!r})")
    if info.flag_bits & _ENCRYPTED_FLAGS:
        raise ProjectError(path, "it is encrypted, which maskmeme projects never are")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ProjectError(path, f"the entry {name!r} uses a compression maskmeme does not know")
    if info.file_size > MAX_ENTRY_BYTES:
        raise ProjectError(
            path, f"the entry {name!r} is too large (over {_megabytes(MAX_ENTRY_BYTES)})"
        )
    if info.compress_type == zipfile.ZIP_STORED and info.file_size != info.compress_size:
        raise ProjectError(path, f"the file is damaged (the entry {name!r} has two sizes)")
    if info.file_size > _ratio_limit(info.compress_size):
        raise ProjectError(path, _bomb_reason(name))


def _is_safe_entry_name(name: str) -> bool:
    parts = name.split("/")
    return not (
        not name
        or len(name) > 2 * MAX_NAME_LENGTH
        or name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or _DRIVE_LETTER.match(name)
        or ".." in parts
    )


def _ratio_limit(compressed_size: int) -> int:
    """The most bytes an entry of `compressed_size` bytes may unpack to."""
    return max(compressed_size * MAX_RATIO, RATIO_FREE_BYTES)


def _bomb_reason(name: str) -> str:
    return f"the entry {name!r} unpacks to far more than it holds (a zip bomb?)"


def _check_mimetype(archive: _Archive, fp: IO[bytes]) -> None:
    info = archive.entries.get(MIMETYPE_ENTRY)
    if info is None:
        raise archive.fail("it is not a maskmeme project (it has no mimetype entry)")
    header = _first_local_header(fp)
    name_at_start = header[1] if header is not None else None
    first_listed = archive.zip.infolist()[0]
    another_entry_first = name_at_start != MIMETYPE_ENTRY and name_at_start in archive.entries
    if first_listed is not info or another_entry_first:
        raise archive.fail("it is not a valid maskmeme project (the mimetype entry is not first)")
    if info.header_offset != 0 or name_at_start != MIMETYPE_ENTRY:
        # Bytes inserted or lost before the table of contents shift every offset it holds.
        raise archive.fail(f"the file is damaged ({_MISPLACED})")
    expected = MIMETYPE.encode("ascii")
    if (
        info.compress_type != zipfile.ZIP_STORED
        or info.file_size != len(expected)
        or _read_entry(archive, info, len(expected)) != expected
    ):
        raise archive.fail(f"it is not a maskmeme project (its mimetype is not {MIMETYPE})")


def _starts_with_mimetype(fp: IO[bytes]) -> bool:
    header = _first_local_header(fp)
    if header is None:
        return False
    fields, name, content_offset = header
    method, compressed_size = fields[3], fields[7]
    if name != MIMETYPE_ENTRY or method != zipfile.ZIP_STORED:
        return False
    expected = MIMETYPE.encode("ascii")
    fp.seek(content_offset)
    return compressed_size == len(expected) and fp.read(len(expected)) == expected


def _first_local_header(fp: IO[bytes]) -> tuple[tuple[Any, ...], str, int] | None:
    """The first local header's fields, its name and where its content starts; None if absent."""
    fp.seek(0)
    raw = fp.read(_LOCAL_HEADER.size)
    if len(raw) < _LOCAL_HEADER.size or raw[:4] != _LOCAL_SIGNATURE:
        return None
    fields = _LOCAL_HEADER.unpack(raw)
    flags, name_length, extra_length = fields[2], fields[9], fields[10]
    # Decoded as zipfile decodes names, so the two can be compared.
    encoding = "utf-8" if flags & _UTF8_NAME_FLAG else "cp437"
    name = fp.read(name_length).decode(encoding, "replace")
    return fields, name, _LOCAL_HEADER.size + name_length + extra_length


def _read_entry(archive: _Archive, info: zipfile.ZipInfo, cap: int) -> bytes:
    """The entry's bytes, read in chunks and cut off as soon as they exceed what is allowed.

    The sizes in the directory were checked already, but they are the file's own claims: the
    stream is counted too, so a header that lies about the size cannot slip a bomb past.
    """
    name = info.filename
    if info.file_size > cap:
        raise archive.fail(f"the entry {name!r} is too large (over {cap:,} bytes)")
    limit = info.file_size
    ratio_limit = _ratio_limit(info.compress_size)
    chunks: list[bytes] = []
    total = 0
    with archive.zip.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            total += len(chunk)
            if total > limit:
                raise archive.fail(
                    f"the file is damaged (the entry {name!r} is longer than it says)"
                )
            if info.compress_type == zipfile.ZIP_DEFLATED and total > ratio_limit:
                raise archive.fail(_bomb_reason(name))
            chunks.append(chunk)
    if total != limit:
        raise archive.fail(f"the file is damaged (the entry {name!r} is shorter than it says)")
    return b"".join(chunks)


def _read_document_data(archive: _Archive) -> dict[str, Any]:
    """document.json parsed and migrated to the current schema."""
    info = archive.entries.get(DOCUMENT_ENTRY)
    if info is None:
        raise archive.fail("the file is damaged (it has no document.json)")
    raw = _read_entry(archive, info, MAX_DOCUMENT_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise archive.fail("the document inside is damaged (it is not UTF-8 text)") from exc
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise archive.fail(f"the document inside is damaged (it is not valid JSON: {exc})") from exc
    if not isinstance(data, dict):
        raise archive.fail("the document inside is damaged (it is not a JSON object)")
    _check_schema_is_known(archive, data)
    try:
        return migrate(data)
    except DocumentFormatError as exc:
        raise archive.fail(str(exc)) from exc


def _check_schema_is_known(archive: _Archive, data: dict[str, Any]) -> None:
    version = data.get("schema")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise archive.fail(
            f"it was made by a newer maskmeme (document schema {version}, this version reads "
            f"up to {SCHEMA_VERSION}); please update maskmeme to open it"
        )


def _present_asset_names(archive: _Archive, data: dict[str, Any]) -> list[str]:
    """The pictures the document lists that the archive holds; the rest count as missing."""
    names = data.get("assets")
    if not isinstance(names, list):
        return []
    present = []
    for name in names:
        if not isinstance(name, str):
            continue
        if safe_asset_name(name) != name:
            raise archive.fail(f"the picture name {name!r} is not allowed in a project")
        if ASSETS_FOLDER + name in archive.entries:
            present.append(name)
    return present


def _read_picture(archive: _Archive, name: str) -> bytes:
    data = _read_entry(archive, archive.entries[ASSETS_FOLDER + name], MAX_ENTRY_BYTES)
    try:
        load_image_bytes(data, name)
    except ImageLoadError as exc:
        raise archive.fail(f"the picture {name!r} inside it cannot be used ({exc.reason})") from exc
    return data


def _build_document(
    archive: _Archive, data: dict[str, Any], assets: dict[str, bytes]
) -> MemeDocument:
    try:
        return document_from_dict(data, assets)
    except DocumentFormatError as exc:
        raise archive.fail(f"the document inside is not valid: {exc}") from exc


def _read_preview(archive: _Archive) -> bytes | None:
    info = archive.entries.get(PREVIEW_ENTRY)
    if info is None or info.file_size > MAX_PREVIEW_BYTES:
        return None
    data = _read_entry(archive, info, MAX_PREVIEW_BYTES)
    # Only a PNG is passed on; the gallery decodes it with the safe loader anyway.
    return data if data.startswith(_COMPRESSED_MAGIC[0]) else None


def _reason_for_os_error(exc: OSError) -> str:
    if not exc.errno:
        # zipfile and zlib report bad data as OSError without an errno.
        return f"the file is damaged ({_damage_detail(exc)})"
    return reason_for_os_error(exc, "a maskmeme project")


# zipfile's messages name its internals; these say the same in the user's words.
_MISPLACED = "its table of contents does not match its content"
_ZIP_MESSAGES = (
    ("CRC", "a part of it does not match its checksum"),
    ("not a zip file", "not a zip archive"),
    ("truncated", "it is truncated"),
    ("file name in directory", _MISPLACED),
    ("bad magic number", "its table of contents is corrupt"),
    ("bad offset", "its table of contents is corrupt"),
    ("extra field", "an entry's header is corrupt"),
    ("zip file version", "it needs a zip feature maskmeme does not support"),
)


def _damage_detail(exc: BaseException) -> str:
    if isinstance(exc, zipfile.BadZipFile | NotImplementedError):
        text = str(exc).lower()
        for clue, detail in _ZIP_MESSAGES:
            if clue.lower() in text:
                return detail
        return "it is not a valid zip archive"
    if isinstance(exc, EOFError | struct.error):
        return "it is truncated"
    if isinstance(exc, zlib.error):
        return "compressed data is corrupt"
    if isinstance(exc, RecursionError):
        return "it is nested too deeply"
    # The exception stays attached as __cause__ for the log.
    return "its data is inconsistent"
