"""The built-in template catalogue: `resources/templates/templates.json` and its pictures.

Positions are fractions, memegen style, so one template fits any output size:

- caption slots: centre x/y and box width/height, fractions of the whole canvas, the template's
  band included (captions often sit in the band);
- tear eyes: where a tear starts, just under the eye, fractions of the picture;
- tear paths: [dx, dy] offsets from the eye, fractions of the picture's HEIGHT for both axes (so a
  path keeps its shape whatever the aspect ratio), first point [0, 0];
- tear width: a fraction of the picture's width;
- band: heights of the strips the document adds above and below the picture, fractions of the
  picture's height.

`side` is the side of the picture the eye is on, as the viewer sees it.

The catalogue is validated when it is read: a broken file raises `TemplateCatalogueError` naming
the file, the template and the field, instead of failing later inside the editor.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from maskmeme_gui.fileio.catalogue import (
    InvalidEntry,
    find_by_id,
    parse_entries,
    read_catalogue_json,
)
from maskmeme_gui.locate import resource_path
from maskmeme_gui.model.band import Band

Side = Literal["left", "right"]
SIDES: tuple[Side, ...] = ("left", "right")
CATALOGUE_NAME = "templates.json"
MAX_IMAGE_SIDE = 10_000  # a template picture larger than this is a typo in the catalogue


class TemplateCatalogueError(ValueError):
    """The template catalogue is unreadable or describes a template that cannot be used."""


class UnknownTemplateError(KeyError):
    """No built-in template has the requested id. `args[0]` is a readable message."""

    def __str__(self) -> str:
        # KeyError would show the message with quotes around it.
        return str(self.args[0]) if self.args else super().__str__()


@dataclass(frozen=True)
class CaptionSlot:
    """A caption box: centre and size, fractions of the canvas (band included)."""

    id: str
    x: float
    y: float
    width: float
    height: float

    def box(self, canvas_size: tuple[int, int]) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) in pixels of a canvas of that size."""
        width, height = canvas_size
        half_w, half_h = self.width * width / 2, self.height * height / 2
        return (
            self.x * width - half_w,
            self.y * height - half_h,
            self.x * width + half_w,
            self.y * height + half_h,
        )


@dataclass(frozen=True)
class TearPosition:
    """Where a tear starts under one eye and the way it runs down the cheek (see module doc)."""

    side: Side
    eye: tuple[float, float]
    path: tuple[tuple[float, float], ...]
    width: float

    def eye_pixels(self, image_size: tuple[int, int]) -> tuple[float, float]:
        return self.eye[0] * image_size[0], self.eye[1] * image_size[1]

    def path_pixels(self, image_size: tuple[int, int]) -> list[tuple[float, float]]:
        """The path as pixel offsets from the eye, for a picture of that size."""
        height = image_size[1]
        return [(dx * height, dy * height) for dx, dy in self.path]

    def width_pixels(self, image_size: tuple[int, int]) -> float:
        return self.width * image_size[0]


@dataclass(frozen=True)
class Template:
    id: str
    name: str
    description: str
    keywords: tuple[str, ...]
    file: str
    size: tuple[int, int]
    caption_slots: tuple[CaptionSlot, ...]
    tear_positions: tuple[TearPosition, ...]
    band: Band | None = None
    meaning_tags: tuple[str, ...] = ()
    # The catalogue's folder: the picture is looked up beside the catalogue it came from.
    folder: Path = field(default=Path(), compare=False, repr=False)

    @property
    def image_path(self) -> Path:
        return self.folder / self.file

    def read_bytes(self) -> bytes:
        return self.image_path.read_bytes()

    def caption_slot(self, slot_id: str) -> CaptionSlot:
        for slot in self.caption_slots:
            if slot.id == slot_id:
                return slot
        available = ", ".join(slot.id for slot in self.caption_slots)
        raise KeyError(f"template {self.id!r} has no caption slot {slot_id!r}; it has {available}")


@cache
def _builtin_templates() -> tuple[Template, ...]:
    return tuple(load_catalogue(resource_path("templates", CATALOGUE_NAME)))


def load_templates() -> list[Template]:
    """The built-in templates, in catalogue order (read once, then cached)."""
    return list(_builtin_templates())


def get_template(template_id: str) -> Template:
    return find_by_id(_builtin_templates(), template_id, "template", UnknownTemplateError)


def load_catalogue(path: Path) -> list[Template]:
    """Read and validate a catalogue file; its pictures must sit in the same folder."""
    data = read_catalogue_json(path, "template", TemplateCatalogueError)
    templates = parse_catalogue(data, folder=path.parent, source=str(path))
    for template in templates:
        if not template.image_path.is_file():
            raise TemplateCatalogueError(
                f"{path}: template {template.id!r}: its picture {template.file} is missing"
            )
    return templates


def parse_catalogue(data: Any, folder: Path, source: str = "catalogue") -> list[Template]:
    """Templates from already-decoded JSON; raises TemplateCatalogueError on any defect."""
    return parse_entries(
        data, source, "template", lambda entry: _template(entry, folder), TemplateCatalogueError
    )


def _template(entry: Any, folder: Path) -> Template:
    obj = _mapping(entry, "the template")
    file = _text(obj, "file")
    if Path(file).name != file or file.startswith("."):
        raise InvalidEntry(f"'file' must be a plain file name, not {file!r}")
    band = obj.get("band")
    return Template(
        id=_text(obj, "id"),
        name=_text(obj, "name"),
        description=_text(obj, "description"),
        keywords=_texts(obj, "keywords"),
        file=file,
        size=_size(obj),
        caption_slots=tuple(
            _caption_slot(item, f"caption_slots[{i}]")
            for i, item in enumerate(_list(obj, "caption_slots"))
        ),
        tear_positions=tuple(
            _tear_position(item, f"tear_positions[{i}]")
            for i, item in enumerate(_list(obj, "tear_positions"))
        ),
        band=None if band is None else _band(band),
        meaning_tags=_texts(obj, "meaning_tags"),
        folder=folder,
    )


def _caption_slot(item: Any, where: str) -> CaptionSlot:
    obj = _mapping(item, where)
    return CaptionSlot(
        id=_text(obj, "id", where),
        x=_fraction(obj, "x", where),
        y=_fraction(obj, "y", where),
        width=_fraction(obj, "width", where, positive=True),
        height=_fraction(obj, "height", where, positive=True),
    )


def _tear_position(item: Any, where: str) -> TearPosition:
    obj = _mapping(item, where)
    side = _text(obj, "side", where)
    if side not in SIDES:
        raise InvalidEntry(f"{where}.side must be 'left' or 'right', not {side!r}")
    eye = _point(obj.get("eye"), f"{where}.eye")
    for axis, value in zip("xy", eye, strict=True):
        if not 0.0 <= value <= 1.0:
            raise InvalidEntry(
                f"{where}.eye {axis} must be a fraction between 0 and 1, not {value}"
            )
    path = tuple(
        _point(point, f"{where}.path[{i}]") for i, point in enumerate(_list(obj, "path", where))
    )
    if len(path) < 2:
        raise InvalidEntry(f"{where}.path needs at least two points")
    if any(abs(dx) > 1.0 or abs(dy) > 1.0 for dx, dy in path):
        raise InvalidEntry(f"{where}.path offsets must be fractions between -1 and 1")
    return TearPosition(
        side=side,
        eye=eye,
        path=path,
        width=_fraction(obj, "width", where, positive=True),
    )


def _band(item: Any) -> Band:
    obj = _mapping(item, "band")
    top = _fraction(obj, "top", "band", required=False)
    bottom = _fraction(obj, "bottom", "band", required=False)
    return Band(top=top, bottom=bottom)


def _size(obj: Mapping[str, Any]) -> tuple[int, int]:
    size = obj.get("size")
    if (
        not isinstance(size, Sequence)
        or isinstance(size, str)
        or len(size) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in size)
        or not all(0 < v <= MAX_IMAGE_SIDE for v in size)
    ):
        raise InvalidEntry(f"'size' must be [width, height] in pixels, not {size!r}")
    return size[0], size[1]


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidEntry(f"{where} must be an object")
    return value


def _list(obj: Mapping[str, Any], key: str, where: str = "") -> list[Any]:
    value = obj.get(key)
    if not isinstance(value, list):
        raise InvalidEntry(f"{_field(where, key)} must be a list")
    return value


def _text(obj: Mapping[str, Any], key: str, where: str = "") -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InvalidEntry(f"{_field(where, key)} is missing or not a non-empty string")
    return value


def _texts(obj: Mapping[str, Any], key: str) -> tuple[str, ...]:
    values = _list(obj, key)
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise InvalidEntry(f"'{key}' must be a list of non-empty strings")
    return tuple(values)


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidEntry(f"{where} must be a number, not {value!r}")
    return float(value)


def _fraction(
    obj: Mapping[str, Any], key: str, where: str, *, positive: bool = False, required: bool = True
) -> float:
    if key not in obj and not required:
        return 0.0
    name = _field(where, key)
    if key not in obj:
        raise InvalidEntry(f"{name} is missing")
    value = _number(obj[key], name)
    if not 0.0 <= value <= 1.0 or (positive and value == 0.0):
        low = "above 0" if positive else "from 0"
        raise InvalidEntry(f"{name} must be a fraction {low} up to 1, not {value}")
    return value


def _point(value: Any, where: str) -> tuple[float, float]:
    if not isinstance(value, list) or len(value) != 2:
        raise InvalidEntry(f"{where} must be a pair [x, y]")
    return _number(value[0], where), _number(value[1], where)


def _field(where: str, key: str) -> str:
    return f"{where}.{key}" if where else f"'{key}'"
