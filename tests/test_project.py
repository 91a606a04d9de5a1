"""Project files: round trips, the zip layout, hostile archives, and failed saves."""

from __future__ import annotations

import errno
import io
import json
import os
import random
import struct
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from maskmeme_gui.fileio import project
from maskmeme_gui.fileio.atomic import WriteError
from maskmeme_gui.fileio.images import load_image_bytes
from maskmeme_gui.fileio.project import (
    MIMETYPE,
    PROJECT_SUFFIX,
    ProjectError,
    ProjectSummary,
    is_project_file,
    load_project,
    read_project_summary,
    safe_asset_name,
    save_project,
)
from maskmeme_gui.model.band import Band
from maskmeme_gui.model.document import HistoryEntry, MemeDocument
from maskmeme_gui.model.layers import CaptionLayer, StickerLayer, TearLayer, Transform
from maskmeme_gui.model.serialize import SCHEMA_VERSION, document_to_dict

Entry = tuple[str, bytes, int]
STORED = zipfile.ZIP_STORED
DEFLATED = zipfile.ZIP_DEFLATED


# ---------------------------------------------------------------------------------------------
# Building documents and archives


def encoded(image: Image.Image, fmt: str, **params: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def photo_jpeg(size: tuple[int, int] = (320, 240)) -> bytes:
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    return encoded(image, "JPEG", quality=85)


def mask_png(size: tuple[int, int] = (64, 48)) -> bytes:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    image.paste((235, 240, 245, 255), (4, size[1] // 3, size[0] - 4, size[1] - 4))
    return encoded(image, "PNG")


def sample_document() -> MemeDocument:
    """A base photo, a caption, a tear stream and a mask sticker: every kind of content."""
    doc = MemeDocument(base_size=(320, 240), base_asset="photo.jpg")
    doc.assets = {"photo.jpg": photo_jpeg(), "mask.png": mask_png()}
    doc.band = Band(top=0.2, bottom=0.0, color="#ffffff")
    doc.layers = [
        CaptionLayer(id="top", text="when they ask how you are", transform=Transform(160, 24)),
        TearLayer(
            id="tears",
            points=[(0.0, 0.0), (4.5, 60.0), (10.0, 140.25)],
            width=14.0,
            seed=7,
            transform=Transform(120, 150),
        ),
        StickerLayer(
            id="mask", asset="mask.png", width=64, height=48, transform=Transform(160, 170, 1.5)
        ),
    ]
    doc.metadata.title = "Fine, thanks"
    doc.metadata.meaning_tags = ["hidden-sadness", "pretending"]
    doc.metadata.source = "photo.jpg"
    doc.metadata.history = [HistoryEntry("2024-05-01T10:00:00+00:00", "created", "from a photo")]
    return doc


def small_document() -> MemeDocument:
    """A tiny project for tests that save or load it hundreds of times."""
    doc = MemeDocument(base_size=(24, 16), base_asset="base.png")
    doc.assets = {"base.png": encoded(Image.new("RGB", (24, 16), (90, 120, 150)), "PNG")}
    doc.layers = [CaptionLayer(id="c", text="ok", box_width=20, box_height=8)]
    doc.metadata.title = "tiny"
    return doc


def saved_bytes(doc: MemeDocument, folder: Path) -> bytes:
    path = folder / f"reference{PROJECT_SUFFIX}"
    save_project(doc, path)
    data = path.read_bytes()
    path.unlink()
    return data


def entries_of(data: bytes) -> list[Entry]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            (info.filename, archive.read(info), info.compress_type) for info in archive.infolist()
        ]


def zip_bytes(entries: Iterable[Entry]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, compression in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compression
            archive.writestr(info, data)
    return buffer.getvalue()


def replaced(
    entries: list[Entry], name: str, data: bytes, compression: int = DEFLATED
) -> list[Entry]:
    return [(n, data, compression) if n == name else (n, d, c) for n, d, c in entries]


def without(entries: list[Entry], name: str) -> list[Entry]:
    return [entry for entry in entries if entry[0] != name]


def document_json(**changes: Any) -> bytes:
    data = document_to_dict(sample_document())
    data.update(changes)
    return json.dumps(data).encode("utf-8")


@pytest.fixture(scope="module")
def valid_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return saved_bytes(sample_document(), tmp_path_factory.mktemp("reference"))


@pytest.fixture
def valid_entries(valid_bytes: bytes) -> list[Entry]:
    return entries_of(valid_bytes)


# ---------------------------------------------------------------------------------------------
# Checking that a hostile file is refused and nothing on disk changes


def disk_state(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` and in its parent and the working folder, with contents."""
    state = {str(p): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    for other in (folder.parent, Path.cwd()):
        state.update({str(p): b"" for p in other.iterdir()})
    return state


def assert_refused(tmp_path: Path, data: bytes, *fragments: str) -> ProjectError:
    path = tmp_path / f"meme{PROJECT_SUFFIX}"
    path.write_bytes(data)
    before = disk_state(tmp_path)
    with pytest.raises(ProjectError) as caught:
        load_project(path)
    message = str(caught.value)
    assert message.startswith(f"meme{PROJECT_SUFFIX}: "), message
    for fragment in fragments:
        assert fragment in message, message
    assert caught.value.path == path
    assert disk_state(tmp_path) == before
    return caught.value


# ---------------------------------------------------------------------------------------------
# Round trip and layout


def test_round_trip_keeps_the_document_and_the_asset_bytes(tmp_path: Path) -> None:
    doc = sample_document()
    path = tmp_path / "meme.maskmeme"

    save_project(doc, path)
    loaded = load_project(path)

    assert loaded == doc
    assert loaded.metadata.modified == doc.metadata.modified
    for name, data in doc.assets.items():
        assert loaded.assets[name] == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["meme.maskmeme"]


def test_saving_does_not_change_the_document(tmp_path: Path) -> None:
    doc = sample_document()
    before = document_to_dict(doc)
    save_project(doc, tmp_path / "meme.maskmeme")
    assert document_to_dict(doc) == before


def test_the_archive_has_the_documented_layout(valid_bytes: bytes) -> None:
    entries = entries_of(valid_bytes)
    names = [name for name, _, _ in entries]
    assert names == [
        "mimetype",
        "document.json",
        "assets/mask.png",
        "assets/photo.jpg",
        "preview.png",
    ]
    compression = {name: method for name, _, method in entries}
    assert compression["mimetype"] == STORED
    assert compression["document.json"] == DEFLATED
    # PNG and JPEG are compressed already; deflating them again would only cost time.
    assert compression["assets/mask.png"] == STORED
    assert compression["assets/photo.jpg"] == STORED
    document = json.loads(dict((n, d) for n, d, _ in entries)["document.json"].decode("utf-8"))
    assert document["schema"] == SCHEMA_VERSION


def test_the_first_bytes_identify_the_file(valid_bytes: bytes) -> None:
    signature, method = valid_bytes[:4], struct.unpack_from("<H", valid_bytes, 8)[0]
    compressed, size, name_length, extra_length = struct.unpack_from("<LLHH", valid_bytes, 18)
    assert signature == b"PK\x03\x04"
    assert method == 0  # stored
    assert (name_length, extra_length) == (8, 0)
    assert compressed == size == len(MIMETYPE)
    assert valid_bytes[30:38] == b"mimetype"
    assert valid_bytes[38 : 38 + len(MIMETYPE)] == MIMETYPE.encode("ascii")


def test_other_picture_formats_are_deflated(tmp_path: Path) -> None:
    doc = small_document()
    doc.assets["sticker.bmp"] = encoded(Image.new("RGB", (30, 30), "red"), "BMP")
    doc.layers.append(StickerLayer(id="s", asset="sticker.bmp", width=30, height=30))
    path = tmp_path / "meme.maskmeme"

    save_project(doc, path)

    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("assets/sticker.bmp").compress_type == DEFLATED
        assert archive.getinfo("assets/base.png").compress_type == STORED
    assert load_project(path) == doc


def test_a_picture_that_deflates_like_a_bomb_is_stored_so_it_loads(tmp_path: Path) -> None:
    doc = small_document()
    doc.assets["white.bmp"] = encoded(Image.new("RGB", (1000, 800), "white"), "BMP")
    doc.layers.append(StickerLayer(id="s", asset="white.bmp", width=1000, height=800))
    path = tmp_path / "meme.maskmeme"

    save_project(doc, path)

    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("assets/white.bmp").compress_type == STORED
    assert load_project(path) == doc


def test_the_same_document_gives_the_same_bytes(tmp_path: Path) -> None:
    doc = sample_document()
    assert saved_bytes(doc, tmp_path) == saved_bytes(doc, tmp_path)


def test_the_preview_is_a_small_png_of_the_meme(valid_bytes: bytes) -> None:
    preview = dict((n, d) for n, d, _ in entries_of(valid_bytes))["preview.png"]
    image = load_image_bytes(preview, "preview.png")
    assert image.format == "PNG"
    # 320 x 288 (with the band) fits in 512 px: the preview is the meme at full size.
    assert image.size == sample_document().canvas_size


def test_a_large_meme_gets_a_preview_of_at_most_512_pixels(tmp_path: Path) -> None:
    doc = MemeDocument(base_size=(1600, 900), background="#336699")
    path = tmp_path / "big.maskmeme"

    save_project(doc, path)

    preview = read_project_summary(path).preview_png
    assert preview is not None
    assert load_image_bytes(preview, "preview.png").size == (512, 288)


def test_a_render_failure_only_skips_the_preview(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_renderer(*args: object) -> None:
        raise RuntimeError("the renderer has a bug")

    monkeypatch.setattr(project, "render_document", broken_renderer)
    doc = sample_document()
    path = tmp_path / "meme.maskmeme"

    save_project(doc, path)

    with zipfile.ZipFile(path) as archive:
        assert "preview.png" not in archive.namelist()
    assert load_project(path) == doc
    assert read_project_summary(path).preview_png is None


def test_summary_reads_what_the_gallery_and_library_need(tmp_path: Path) -> None:
    doc = sample_document()
    doc.layers.append(CaptionLayer(id="bottom", text="i'm fine"))
    path = tmp_path / "meme.maskmeme"
    save_project(doc, path)

    summary = read_project_summary(path)

    assert isinstance(summary, ProjectSummary)
    assert summary.title == "Fine, thanks"
    assert summary.captions == ["when they ask how you are", "i'm fine"]
    assert summary.meaning_tags == ["hidden-sadness", "pretending"]
    assert summary.modified == doc.metadata.modified
    assert summary.created == doc.metadata.created
    assert summary.preview_png is not None
    assert summary.preview_png.startswith(b"\x89PNG")


def test_summary_does_not_decode_the_pictures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "meme.maskmeme"
    save_project(sample_document(), path)

    def no_decoding(*args: object) -> None:
        raise AssertionError("the summary must stay cheap")

    monkeypatch.setattr(project, "load_image_bytes", no_decoding)
    assert read_project_summary(path).title == "Fine, thanks"


def test_summary_refuses_hostile_files_like_load(
    tmp_path: Path, valid_entries: list[Entry]
) -> None:
    path = tmp_path / "meme.maskmeme"
    path.write_bytes(zip_bytes([*valid_entries, ("../evil", b"x", STORED)]))
    with pytest.raises(ProjectError, match="unsafe name"):
        read_project_summary(path)
    path.write_bytes(zip_bytes(replaced(valid_entries, "document.json", document_json(schema=99))))
    with pytest.raises(ProjectError, match="newer maskmeme"):
        read_project_summary(path)


def test_summary_reports_a_missing_picture(tmp_path: Path, valid_entries: list[Entry]) -> None:
    path = tmp_path / "meme.maskmeme"
    path.write_bytes(zip_bytes(without(valid_entries, "assets/photo.jpg")))
    with pytest.raises(ProjectError, match=r"photo\.jpg"):
        read_project_summary(path)


def test_is_project_file_looks_at_the_magic(tmp_path: Path, valid_bytes: bytes) -> None:
    cases = {
        "project.maskmeme": valid_bytes,
        "renamed.png": valid_bytes,
        "photo.maskmeme": photo_jpeg(),
        "empty.maskmeme": b"",
        "plain.zip": zip_bytes([("document.json", b"{}", DEFLATED)]),
        "wrong.zip": zip_bytes([("mimetype", b"application/epub+zip", STORED)]),
        "deflated.zip": zip_bytes([("mimetype", MIMETYPE.encode(), DEFLATED)]),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    found = {name for name in cases if is_project_file(tmp_path / name)}
    assert found == {"project.maskmeme", "renamed.png"}
    assert not is_project_file(tmp_path / "missing.maskmeme")
    assert not is_project_file(tmp_path)
    os.mkfifo(tmp_path / "pipe.maskmeme")
    assert not is_project_file(tmp_path / "pipe.maskmeme")  # and does not block


# ---------------------------------------------------------------------------------------------
# Asset names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("photo.jpg", "photo.jpg"),
        ("../../etc/passwd", "_.._etc_passwd"),
        ("a/b.png", "a_b.png"),
        ("C:\\Users\\me.png", "C__Users_me.png"),
        ("..", "asset"),
        (".hidden.png", "hidden.png"),
        ("", "asset"),
        ("x" * 300 + ".png", "x" * 251 + ".png"),
    ],
)
def test_safe_asset_name(name: str, expected: str) -> None:
    assert safe_asset_name(name) == expected
    assert safe_asset_name(expected) == expected


def test_unsafe_asset_names_are_renamed_with_their_references(tmp_path: Path) -> None:
    doc = sample_document()
    doc.assets = {"../../base.jpg": doc.assets["photo.jpg"], "a/mask.png": doc.assets["mask.png"]}
    doc.assets["a_mask.png"] = mask_png((10, 10))  # the name the unsafe one would take
    doc.base_asset = "../../base.jpg"
    doc.layers[2].asset = "a/mask.png"  # type: ignore[attr-defined]
    doc.layers.append(StickerLayer(id="small", asset="a_mask.png", width=10, height=10))
    path = tmp_path / "meme.maskmeme"

    save_project(doc, path)
    loaded = load_project(path)

    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == [
            "assets/_.._base.jpg",
            "assets/a_mask-2.png",
            "assets/a_mask.png",
            "document.json",
            "mimetype",
            "preview.png",
        ]
    assert loaded.base_asset == "_.._base.jpg"
    assert loaded.assets["_.._base.jpg"] == doc.assets["../../base.jpg"]
    assert loaded.layers[2].asset == "a_mask-2.png"  # type: ignore[attr-defined]
    assert loaded.assets["a_mask-2.png"] == doc.assets["a/mask.png"]
    assert loaded.layers[3].asset == "a_mask.png"  # type: ignore[attr-defined]
    assert doc.base_asset == "../../base.jpg"  # the caller's document is left alone
    assert sorted(p.name for p in tmp_path.iterdir()) == ["meme.maskmeme"]


# ---------------------------------------------------------------------------------------------
# Hostile and damaged files


@pytest.mark.parametrize(
    "name",
    ["../evil", "assets/../../evil.png", "/etc/evil", "C:evil", "c:/windows/evil", "a\\..\\evil"],
)
def test_unsafe_entry_names_are_refused(
    tmp_path: Path, valid_entries: list[Entry], name: str
) -> None:
    data = zip_bytes([*valid_entries, (name, b"owned", STORED)])
    assert_refused(tmp_path, data, "unsafe name", repr(name))


def test_a_document_naming_a_picture_outside_assets_is_refused(
    tmp_path: Path, valid_entries: list[Entry]
) -> None:
    doc = json.loads(document_json())
    doc["assets"].append("../x.png")
    entries = replaced(valid_entries, "document.json", json.dumps(doc).encode())
    assert_refused(tmp_path, zip_bytes(entries), "the picture name '../x.png' is not allowed")


def deflated_zeros(size: int) -> tuple[bytes, int]:
    """A raw deflate stream of `size` zero bytes, built in chunks; and the CRC of the bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(1024 * 1024)
    parts, crc = [], 0
    for _ in range(size // len(chunk)):
        parts.append(compressor.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    parts.append(compressor.flush())
    return b"".join(parts), crc


def raw_entry_zip(entries: list[Entry], raw_name: str, raw: bytes, crc: int, size: int) -> bytes:
    """`entries`, then `raw_name` holding an already-deflated stream, in a valid zip."""
    buffer = io.BytesIO(zip_bytes(entries))
    with zipfile.ZipFile(buffer, "a") as archive:
        info = zipfile.ZipInfo(raw_name, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = STORED  # written as stored, then relabelled below
        archive.writestr(info, raw)
    data = bytearray(buffer.getvalue())
    local, central = local_header_offset(data, raw_name), central_header_offset(data, raw_name)
    for offset in (local + 8, central + 10):
        struct.pack_into("<H", data, offset, DEFLATED)
    for crc_offset in (local + 14, central + 16):
        struct.pack_into("<LLL", data, crc_offset, crc, len(raw), size)
    return bytes(data)


def local_header_offset(data: bytes | bytearray, name: str) -> int:
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        return archive.getinfo(name).header_offset


def central_header_offset(data: bytes | bytearray, name: str) -> int:
    position = 0
    while True:
        position = bytes(data).index(b"PK\x01\x02", position)
        name_length = struct.unpack_from("<H", data, position + 28)[0]
        if bytes(data[position + 46 : position + 46 + name_length]) == name.encode():
            return position
        position += 4


def set_uncompressed_size(data: bytes, name: str, size: int) -> bytes:
    """The archive with the size `name` declares (local header and directory) set to `size`."""
    patched = bytearray(data)
    struct.pack_into("<L", patched, local_header_offset(data, name) + 22, size)
    struct.pack_into("<L", patched, central_header_offset(data, name) + 24, size)
    return bytes(patched)


BOMB_SIZE = 128 * 1024 * 1024


@pytest.fixture(scope="module")
def zeros_stream() -> tuple[bytes, int]:
    return deflated_zeros(BOMB_SIZE)


def test_a_zip_bomb_is_refused_by_its_declared_ratio(
    tmp_path: Path, valid_entries: list[Entry], zeros_stream: tuple[bytes, int]
) -> None:
    raw, crc = zeros_stream
    entries = without(valid_entries, "assets/photo.jpg")
    data = raw_entry_zip(entries, "assets/photo.jpg", raw, crc, BOMB_SIZE)
    # The archive itself is sound: only its ratio gives it away.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo("assets/photo.jpg").file_size == BOMB_SIZE
    assert_refused(tmp_path, data, "zip bomb", "assets/photo.jpg")


def test_a_zip_bomb_with_a_lying_size_is_stopped_while_reading(
    tmp_path: Path, valid_entries: list[Entry], zeros_stream: tuple[bytes, int]
) -> None:
    raw, crc = zeros_stream
    entries = without(valid_entries, "assets/photo.jpg")
    honest = raw_entry_zip(entries, "assets/photo.jpg", raw, crc, BOMB_SIZE)
    # The headers now claim 1 000 bytes: every check of the directory passes.
    lying = set_uncompressed_size(honest, "assets/photo.jpg", 1000)

    tracemalloc.start()
    try:
        assert_refused(tmp_path, lying, "damaged")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024, f"{peak:,} bytes held while refusing a lying bomb"


def test_a_lying_size_is_caught_by_the_chunk_count(
    tmp_path: Path, valid_entries: list[Entry], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should zipfile ever hand out more than the declared size, the reader's own count stops it."""
    real_open = zipfile.ZipFile.open

    def open_ignoring_declared_size(self: zipfile.ZipFile, name: Any, *args: Any, **kw: Any) -> Any:
        stream = real_open(self, name, *args, **kw)
        stream._left = 10**12  # type: ignore[attr-defined]
        return stream

    doc = json.loads(document_json())
    compact = json.dumps(doc).encode()
    data = zip_bytes(replaced(valid_entries, "document.json", compact + b" " * 5000))
    lying = set_uncompressed_size(data, "document.json", len(compact))
    monkeypatch.setattr(zipfile.ZipFile, "open", open_ignoring_declared_size)
    assert_refused(tmp_path, lying, "longer than it says", "document.json")


def test_an_entry_over_the_size_cap_is_refused_before_reading(
    tmp_path: Path, valid_entries: list[Entry], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(project, "MAX_ENTRY_BYTES", 1000)
    assert_refused(tmp_path, zip_bytes(valid_entries), "too large")


def test_a_total_over_the_cap_is_refused(
    tmp_path: Path, valid_entries: list[Entry], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(project, "MAX_TOTAL_BYTES", 2000)
    assert_refused(tmp_path, zip_bytes(valid_entries), "too large")


def many_entries_zip(count: int, declared_count: int | None = None) -> bytes:
    """A zip64 archive of `count` empty stored entries, built directly for speed."""
    local_parts, central_parts = [], []
    offset = 0
    for index in range(count):
        name = f"{index:06d}".encode()
        local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 33, 0, 0, 0, len(name), 0)
        central = struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 0, 0, 33, 0, 0, 0, len(name), 0, 0, 0, 0,
            0, offset,
        )  # fmt: skip
        local_parts.append(local + name)
        central_parts.append(central + name)
        offset += len(local) + len(name)
    directory = b"".join(central_parts)
    declared = count if declared_count is None else declared_count
    end64_offset = offset + len(directory)
    end64 = struct.pack(
        "<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, declared, declared, len(directory), offset
    )
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, end64_offset, 1)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return b"".join(local_parts) + directory + end64 + locator + end


@pytest.fixture(scope="module")
def hundred_thousand_entries() -> bytes:
    data = many_entries_zip(100_000)
    # A genuine archive, which zipfile would read in full.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert len(archive.infolist()) == 100_000
    return data


def test_100000_entries_are_refused_from_the_directory_count(
    tmp_path: Path, hundred_thousand_entries: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def must_not_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the directory was parsed before the entry count was checked")

    monkeypatch.setattr(zipfile, "ZipFile", must_not_parse)
    assert_refused(tmp_path, hundred_thousand_entries, "too many entries", "100,000")


def test_a_directory_lying_about_its_count_is_refused_by_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def must_not_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("zipfile would have parsed every record of the directory")

    data = many_entries_zip(100_000, declared_count=3)
    monkeypatch.setattr(zipfile, "ZipFile", must_not_parse)
    assert_refused(tmp_path, data, "damaged", "table of contents")


def test_a_few_too_many_entries_are_refused(
    tmp_path: Path, valid_entries: list[Entry], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(project, "MAX_ENTRIES", 6)
    extra = [(f"extra/{i}", b"", STORED) for i in range(2)]
    assert_refused(tmp_path, zip_bytes([*valid_entries, *extra]), "too many entries")


def test_a_missing_mimetype_is_refused(tmp_path: Path, valid_entries: list[Entry]) -> None:
    data = zip_bytes(without(valid_entries, "mimetype"))
    assert_refused(tmp_path, data, "not a maskmeme project", "no mimetype")


def test_a_late_mimetype_is_refused(tmp_path: Path, valid_entries: list[Entry]) -> None:
    data = zip_bytes([*valid_entries[1:], valid_entries[0]])
    assert_refused(tmp_path, data, "mimetype entry is not first")


def test_a_mimetype_first_on_disk_but_not_in_the_directory_is_refused(
    tmp_path: Path, valid_entries: list[Entry]
) -> None:
    data = bytearray(zip_bytes(valid_entries))
    start = data.index(b"PK\x01\x02")
    end = data.index(b"PK\x05\x06")
    records = []
    position = start
    while position < end:
        lengths = struct.unpack_from("<3H", data, position + 28)
        size = 46 + sum(lengths)
        records.append(bytes(data[position : position + size]))
        position += size
    data[start:end] = b"".join([*records[1:], records[0]])
    assert_refused(tmp_path, bytes(data), "mimetype entry is not first")


@pytest.mark.parametrize(
    ("content", "compression"),
    [
        (b"application/zip", STORED),
        (b"application/x-maskmemeX", STORED),
        (MIMETYPE.encode(), DEFLATED),
        (b"", STORED),
    ],
)
def test_a_wrong_mimetype_is_refused(
    tmp_path: Path, valid_entries: list[Entry], content: bytes, compression: int
) -> None:
    data = zip_bytes(replaced(valid_entries, "mimetype", content, compression))
    assert_refused(tmp_path, data, "not a maskmeme project", MIMETYPE)


@pytest.mark.parametrize("cut", [0, 1, 10, 29, 40, 200, 0.5, -200, -22, -1])
def test_a_truncated_archive_is_refused(tmp_path: Path, valid_bytes: bytes, cut: float) -> None:
    end = int(len(valid_bytes) * cut) if isinstance(cut, float) else cut
    assert_refused(tmp_path, valid_bytes[:end], "the file is damaged")


def test_cutting_the_archive_anywhere_is_refused(tmp_path: Path, valid_bytes: bytes) -> None:
    rng = random.Random(4)
    for end in rng.sample(range(len(valid_bytes)), 25):
        assert_refused(tmp_path, valid_bytes[:end])


def test_a_file_that_is_not_a_zip_says_so(tmp_path: Path) -> None:
    assert_refused(tmp_path, photo_jpeg(), "the file is damaged (not a zip archive)")


def test_a_truncated_project_says_so(tmp_path: Path, valid_bytes: bytes) -> None:
    assert_refused(tmp_path, valid_bytes[:-30], "the file is damaged (it is truncated)")


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    assert_refused(tmp_path, b"", "damaged")


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"schema": 99}, "it was made by a newer maskmeme"),
        ({"schema": 0}, "schema 0 is not supported"),
        ({"schema": "1"}, "no schema version"),
        ({"schema": None}, "no schema version"),
        ({"layers": "nope"}, "the layer list is malformed"),
        ({"base_size": [0, 10]}, "out of range"),
    ],
)
def test_a_wrong_schema_or_invalid_document_is_refused(
    tmp_path: Path, valid_entries: list[Entry], changes: dict[str, Any], fragment: str
) -> None:
    data = zip_bytes(replaced(valid_entries, "document.json", document_json(**changes)))
    assert_refused(tmp_path, data, fragment)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b'{"schema": 1, "base_size": [10, 10],', "not valid JSON"),
        (b"", "not valid JSON"),
        (b"[1, 2, 3]", "not a JSON object"),
        (b'{"schema": 1, "title": "caf\xe9"}', "not UTF-8"),
        ('{"schema": 1}'.encode("utf-16"), "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
        (b'{"schema": 1e999999}', "no schema version"),
    ],
)
def test_a_broken_document_json_is_refused(
    tmp_path: Path, valid_entries: list[Entry], content: bytes, fragment: str
) -> None:
    data = zip_bytes(replaced(valid_entries, "document.json", content))
    assert_refused(tmp_path, data, "the document", fragment)


def test_a_missing_document_is_refused(tmp_path: Path, valid_entries: list[Entry]) -> None:
    assert_refused(tmp_path, zip_bytes(without(valid_entries, "document.json")), "document.json")


def test_an_asset_that_is_not_an_image_is_refused(
    tmp_path: Path, valid_entries: list[Entry]
) -> None:
    noise = random.Random(1).randbytes(5000)
    data = zip_bytes(replaced(valid_entries, "assets/mask.png", noise))
    assert_refused(tmp_path, data, "the picture 'mask.png'", "not an image")


def test_a_damaged_image_asset_is_refused(tmp_path: Path, valid_entries: list[Entry]) -> None:
    data = zip_bytes(replaced(valid_entries, "assets/photo.jpg", photo_jpeg()[:300]))
    assert_refused(tmp_path, data, "the picture 'photo.jpg'")


@pytest.mark.parametrize("asset", ["photo.jpg", "mask.png"])
def test_a_missing_referenced_asset_is_refused(
    tmp_path: Path, valid_entries: list[Entry], asset: str
) -> None:
    data = zip_bytes(without(valid_entries, f"assets/{asset}"))
    assert_refused(tmp_path, data, "missing", asset)


def test_a_repeated_entry_is_refused(tmp_path: Path, valid_entries: list[Entry]) -> None:
    evil = document_json(metadata={"title": "the second copy wins in naive readers"})
    with pytest.warns(UserWarning, match="Duplicate name"):
        data = zip_bytes([*valid_entries, ("document.json", evil, DEFLATED)])
    assert_refused(tmp_path, data, "repeats", "document.json")


def test_an_unknown_compression_is_refused(tmp_path: Path, valid_entries: list[Entry]) -> None:
    data = zip_bytes(replaced(valid_entries, "document.json", document_json(), zipfile.ZIP_BZIP2))
    assert_refused(tmp_path, data, "compression")


def test_an_encrypted_entry_is_refused(tmp_path: Path, valid_bytes: bytes) -> None:
    data = bytearray(valid_bytes)
    # Flag bit 0: traditional PKWARE encryption, in the local header and the directory.
    struct.pack_into("<H", data, local_header_offset(data, "document.json") + 6, 1)
    struct.pack_into("<H", data, central_header_offset(data, "document.json") + 8, 1)
    assert_refused(tmp_path, bytes(data), "encrypted")


def test_a_corrupted_entry_fails_its_checksum(tmp_path: Path, valid_bytes: bytes) -> None:
    data = bytearray(valid_bytes)
    photo = local_header_offset(data, "assets/photo.jpg") + 30 + len("assets/photo.jpg") + 500
    data[photo] ^= 0xFF
    assert_refused(tmp_path, bytes(data), "damaged", "checksum")


def test_unreadable_paths_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="does not exist"):
        load_project(tmp_path / "missing.maskmeme")
    with pytest.raises(ProjectError, match="folder"):
        load_project(tmp_path)
    os.mkfifo(tmp_path / "pipe.maskmeme")
    with pytest.raises(ProjectError, match="not a regular file"):
        load_project(tmp_path / "pipe.maskmeme")


def test_a_project_error_pickles() -> None:
    import pickle

    error = ProjectError(Path("/x/meme.maskmeme"), "the file is damaged (not a zip archive)")
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == "meme.maskmeme: the file is damaged (not a zip archive)"


@pytest.fixture(scope="module")
def small_valid_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return saved_bytes(small_document(), tmp_path_factory.mktemp("small"))


def mutate(data: bytes, action: str, position: int, payload: bytes) -> bytes:
    at = position % (len(data) + 1)
    if action == "flip":
        if not data:
            return data
        at = min(at, len(data) - 1)
        return data[:at] + bytes([data[at] ^ (payload[0] or 1)]) + data[at + 1 :]
    if action == "insert":
        return data[:at] + payload + data[at:]
    if action == "delete":
        return data[:at] + data[at + len(payload) :]
    if action == "overwrite":
        return data[:at] + payload + data[at + len(payload) :]
    return data[:at]  # truncate


mutations = st.lists(
    st.tuples(
        st.sampled_from(["flip", "insert", "delete", "overwrite", "truncate"]),
        st.integers(min_value=0, max_value=10**6),
        st.binary(min_size=1, max_size=8),
    ),
    min_size=1,
    max_size=4,
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(changes=mutations)
def test_mutated_projects_load_or_raise_project_error(
    tmp_path: Path, small_valid_bytes: bytes, changes: list[tuple[str, int, bytes]]
) -> None:
    data = small_valid_bytes
    for action, position, payload in changes:
        data = mutate(data, action, position, payload)
    path = tmp_path / "mutated.maskmeme"
    path.write_bytes(data)
    try:
        result: object = load_project(path)
    except ProjectError as error:
        result = error
        assert str(error).startswith("mutated.maskmeme: ")
    assert isinstance(result, MemeDocument | ProjectError)
    try:
        summary: object = read_project_summary(path)
    except ProjectError as error:
        summary = error
    assert isinstance(summary, ProjectSummary | ProjectError)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mutated.maskmeme"]


# ---------------------------------------------------------------------------------------------
# Failed saves


@pytest.fixture
def old_project(tmp_path: Path) -> tuple[Path, bytes]:
    path = tmp_path / "meme.maskmeme"
    save_project(small_document(), path)
    return path, path.read_bytes()


def fail_with(code: int) -> Callable[..., None]:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


def assert_old_file_kept(path: Path, old: bytes) -> None:
    assert path.read_bytes() == old
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


@pytest.mark.parametrize("function", ["fsync", "replace"])
def test_a_full_disk_keeps_the_old_file(
    old_project: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch, function: str
) -> None:
    path, old = old_project
    monkeypatch.setattr(os, function, fail_with(errno.ENOSPC))

    with pytest.raises(WriteError) as caught:
        save_project(sample_document(), path)

    monkeypatch.undo()
    assert "No space left on the disk" in str(caught.value)
    assert path.name in str(caught.value)
    assert_old_file_kept(path, old)
    # The same bytes, so it still opens (small_document() now would carry a newer time).
    assert load_project(path).metadata.title == small_document().metadata.title


@pytest.mark.parametrize(
    ("error", "expected", "fragment"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), WriteError, "No space left"),
        (OSError(errno.EIO, "Input/output error"), WriteError, "disk reported an error"),
        (ValueError("compressor exploded"), ProjectError, "compressor exploded"),
    ],
)
def test_a_failure_midway_through_the_zip_keeps_the_old_file(
    old_project: tuple[Path, bytes],
    monkeypatch: pytest.MonkeyPatch,
    error: Exception,
    expected: type[Exception],
    fragment: str,
) -> None:
    path, old = old_project
    real_writestr = zipfile.ZipFile.writestr
    calls = []

    def writestr_then_fail(self: zipfile.ZipFile, *args: Any, **kwargs: Any) -> None:
        calls.append(args[0])
        if len(calls) == 3:  # after mimetype and document.json: some bytes are on disk
            raise error
        real_writestr(self, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", writestr_then_fail)

    with pytest.raises(expected) as caught:
        save_project(sample_document(), path)

    assert fragment in str(caught.value)
    assert len(calls) == 3
    assert_old_file_kept(path, old)


def test_a_failed_first_save_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "fsync", fail_with(errno.ENOSPC))
    with pytest.raises(WriteError, match="No space left on the disk"):
        save_project(sample_document(), tmp_path / "new.maskmeme")
    assert list(tmp_path.iterdir()) == []


def test_saving_into_a_missing_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="folder does not exist"):
        save_project(small_document(), tmp_path / "gone" / "meme.maskmeme")


def test_a_document_load_would_refuse_is_not_saved(old_project: tuple[Path, bytes]) -> None:
    path, old = old_project
    doc = small_document()
    doc.layers.append(StickerLayer(id="ghost", asset="not-there.png", width=5, height=5))

    with pytest.raises(ProjectError, match=r"not-there\.png"):
        save_project(doc, path)

    assert_old_file_kept(path, old)


def test_a_document_over_the_caps_is_not_saved(
    old_project: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, old = old_project
    monkeypatch.setattr(project, "MAX_ENTRY_BYTES", 1000)
    with pytest.raises(ProjectError, match="could not be saved"):
        save_project(sample_document(), path)
    assert_old_file_kept(path, old)


@pytest.mark.parametrize(
    "template_id", ["masked-face", "smile-mask", "photo-frame", "band-classic"]
)
def test_a_template_with_its_tears_and_captions_saves_and_loads(
    tmp_path: Path, template_id: str
) -> None:
    # The tears' seeds come from a hash: every one must be in the range a saved file allows.
    from maskmeme_gui.fileio.starters import (
        CaptionRequest,
        add_captions,
        add_tears,
        document_from_template,
    )
    from maskmeme_gui.fileio.templates import get_template

    template = get_template(template_id)
    doc = document_from_template(template)
    add_captions(doc, [CaptionRequest("top", slot="top")], tuple(template.caption_slots))
    add_tears(doc, list(template.tear_positions), "both")
    assert any(layer.kind == "tears" for layer in doc.layers)
    path = tmp_path / f"{template_id}.maskmeme"
    project.save_project(doc, path)
    assert project.load_project(path).layers == doc.layers
