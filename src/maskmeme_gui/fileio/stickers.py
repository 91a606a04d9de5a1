"""The built-in sticker catalogue: `resources/stickers/stickers.json` and its pictures.

Each record names a transparent PNG beside the catalogue and says how big it is:

    {"id": "surgical-mask", "name": "Surgical mask", "file": "surgical-mask.png",
     "size": [512, 320], "keywords": ["mask", "face mask", ...]}

A bubble may add `text_box`: the blank room for a caption inside it, as [left, top, right,
bottom] fractions of the picture. A mask may add `face_box`, the part of it that covers a face
(its ear loops left out), in the same fractions: "Put on a mask" fits that part to the face.

The pictures are drawn by `packaging/artwork/draw_stickers.py`, which writes this catalogue
from the same table. The catalogue is validated when it is read, pictures included (each must
be a PNG of the declared size), so a broken install raises `StickerCatalogueError` naming the
file, the sticker and the field, instead of failing later on the canvas.
"""

from __future__ import annotations

import math
import re
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from maskmeme_gui.fileio.catalogue import (
    InvalidEntry,
    find_by_id,
    parse_entries,
    read_catalogue_json,
)
from maskmeme_gui.locate import resource_path

CATALOGUE_NAME = "stickers.json"
MAX_IMAGE_SIDE = 4096  # a built-in sticker larger than this is a typo in the catalogue
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

Box = tuple[float, float, float, float]


class StickerCatalogueError(ValueError):
    """The sticker catalogue is unreadable or describes a sticker that cannot be used."""


class UnknownStickerError(KeyError):
    """No built-in sticker has the requested id. `args[0]` is a readable message."""

    def __str__(self) -> str:
        # KeyError would show the message with quotes around it.
        return str(self.args[0]) if self.args else super().__str__()


@dataclass(frozen=True)
class StickerArt:
    """One built-in sticker: a transparent PNG and what to call and find it by."""

    id: str
    name: str
    file: str
    size: tuple[int, int]
    keywords: tuple[str, ...]
    text_box: Box | None = None  # fractions of the picture: left, top, right, bottom
    face_box: Box | None = None  # the same fractions, for the part of a mask on the face
    # The catalogue's folder: the picture is looked up beside the catalogue it came from.
    folder: Path = field(default=Path(), compare=False, repr=False)

    @property
    def image_path(self) -> Path:
        return self.folder / self.file

    def read_bytes(self) -> bytes:
        """The PNG file's bytes, ready to store in a document as the layer's asset."""
        try:
            return self.image_path.read_bytes()
        except OSError as exc:
            raise StickerCatalogueError(
                f"cannot read the picture of sticker {self.id!r} ({self.image_path}): "
                f"{exc.strerror or exc}"
            ) from exc

    def matches(self, text: str) -> bool:
        """Whether a search for `text` should find this sticker (its name, id or keywords)."""
        needle = text.strip().casefold()
        haystack = (self.id, self.name, *self.keywords)
        return not needle or any(needle in item.casefold() for item in haystack)


@cache
def _builtin_stickers() -> tuple[StickerArt, ...]:
    return tuple(load_catalogue(resource_path("stickers", CATALOGUE_NAME)))


def load_stickers() -> list[StickerArt]:
    """The built-in stickers, in catalogue order (read and checked once, then cached)."""
    return list(_builtin_stickers())


def get_sticker(sticker_id: str) -> StickerArt:
    return find_by_id(_builtin_stickers(), sticker_id, "sticker", UnknownStickerError)


def load_catalogue(path: Path) -> list[StickerArt]:
    """Read and validate a catalogue file; its pictures must sit in the same folder."""
    data = read_catalogue_json(path, "sticker", StickerCatalogueError)
    stickers = parse_catalogue(data, folder=path.parent, source=str(path))
    for sticker in stickers:
        problem = _picture_problem(sticker)
        if problem:
            raise StickerCatalogueError(f"{path}: sticker {sticker.id!r}: {problem}")
    return stickers


def parse_catalogue(data: Any, folder: Path, source: str = "catalogue") -> list[StickerArt]:
    """Stickers from already-decoded JSON; raises StickerCatalogueError on any defect."""
    return parse_entries(
        data, source, "sticker", lambda entry: _sticker(entry, folder), StickerCatalogueError
    )


def _sticker(entry: Any, folder: Path) -> StickerArt:
    if not isinstance(entry, Mapping):
        raise InvalidEntry("each sticker must be an object")
    sticker_id = _text(entry, "id")
    if not _ID.fullmatch(sticker_id):
        raise InvalidEntry(f"'id' must be lower-case words joined by hyphens, not {sticker_id!r}")
    file = _text(entry, "file")
    if Path(file).name != file or file.startswith(".") or "\\" in file:
        raise InvalidEntry(f"'file' must be a plain file name, not {file!r}")
    if not file.lower().endswith(".png"):
        raise InvalidEntry(f"'file' must be a PNG picture, not {file!r}")
    text_box = entry.get("text_box")
    face_box = entry.get("face_box")
    return StickerArt(
        id=sticker_id,
        name=_text(entry, "name"),
        file=file,
        size=_size(entry.get("size")),
        keywords=_keywords(entry.get("keywords")),
        text_box=None if text_box is None else _box(text_box, "text_box"),
        face_box=None if face_box is None else _box(face_box, "face_box"),
        folder=folder,
    )


def _text(obj: Mapping[str, Any], key: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InvalidEntry(f"'{key}' is missing or not a non-empty string")
    return value


def _size(value: Any) -> tuple[int, int]:
    if (
        not _is_pair(value)
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        or not all(0 < v <= MAX_IMAGE_SIDE for v in value)
    ):
        raise InvalidEntry(f"'size' must be [width, height] in pixels, not {value!r}")
    return value[0], value[1]


def _keywords(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InvalidEntry(f"'keywords' must be a list of non-empty strings, not {value!r}")
    return tuple(value)


def _box(value: Any, key: str) -> Box:
    if (
        not isinstance(value, list)
        or len(value) != 4
        or not all(_is_number(v) and 0.0 <= v <= 1.0 for v in value)
        or not (value[0] < value[2] and value[1] < value[3])
    ):
        raise InvalidEntry(
            f"'{key}' must be [left, top, right, bottom], fractions of the picture with"
            f" left < right and top < bottom, not {value!r}"
        )
    left, top, right, bottom = (float(v) for v in value)
    return left, top, right, bottom


def _is_pair(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str) and len(value) == 2


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _picture_problem(sticker: StickerArt) -> str | None:
    """Why the sticker's picture cannot be used, or None. Reads only the PNG header."""
    try:
        with sticker.image_path.open("rb") as stream:
            header = stream.read(24)
    except FileNotFoundError:
        return f"its picture {sticker.file} is missing"
    except OSError as exc:
        return f"cannot read its picture {sticker.file}: {exc.strerror or exc}"
    # A PNG starts with its signature and then the IHDR chunk: width and height, big-endian.
    if len(header) < 24 or not header.startswith(_PNG_SIGNATURE) or header[12:16] != b"IHDR":
        return f"its picture {sticker.file} is not a PNG file"
    width, height = struct.unpack(">II", header[16:24])
    if (width, height) != sticker.size:
        declared = f"{sticker.size[0]}x{sticker.size[1]}"
        return f"its picture {sticker.file} is {width}x{height}, the catalogue says {declared}"
    return None
