"""The document as JSON-ready data, with a schema version and migrations.

Asset bytes are not part of the JSON: the project file stores them beside it (assets/NAME) and
the JSON lists their names. Anything unknown or malformed raises `DocumentFormatError`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import Field, fields
from typing import Any

from maskmeme_gui.model.band import Band
from maskmeme_gui.model.document import DEFAULT_LOOP_MS, HistoryEntry, MemeDocument, Metadata
from maskmeme_gui.model.faces import Face
from maskmeme_gui.model.layers import (
    ALIGNS,
    FLOW_SPEED_MAX,
    FLOW_SPEED_MIN,
    LAYER_KINDS,
    LETTER_CASES,
    SIZE_MODES,
    TEAR_MODES,
    TEAR_STYLES,
    Layer,
    Shadow,
    Transform,
)
from maskmeme_gui.quoting import quoted, shortened

SCHEMA_VERSION = 1
MAX_LAYERS = 500
MAX_FACES = 200
MAX_TEAR_POINTS = 5000
MAX_TEXT = 10_000
MAX_CANVAS_SIDE = 20_000
# Lengths, positions and scales are bounded so a hostile file cannot ask for a gigantic sprite.
MAX_LENGTH = 2 * MAX_CANVAS_SIDE
MAX_LAYER_SCALE = 20.0
MAX_TIME_MS = 3_600_000  # a layer's time range lies within an hour
MIN_LOOP_MS, MAX_LOOP_MS = 100, 60_000
MAX_FONT_ID = 1024  # a family name or a font file's path; a path this long is no real font


class DocumentFormatError(ValueError):
    """The document data is not a maskmeme document this version can read."""


Migration = Callable[[dict[str, Any]], dict[str, Any]]
# MIGRATIONS[n] turns schema n into schema n + 1. Version 1 is the first published schema.
MIGRATIONS: dict[int, Migration] = {}


def document_to_dict(doc: MemeDocument) -> dict[str, Any]:
    meta = doc.metadata
    return {
        "schema": SCHEMA_VERSION,
        "base_size": list(doc.base_size),
        "base_asset": doc.base_asset,
        "background": doc.background,
        "band": {"top": doc.band.top, "bottom": doc.band.bottom, "color": doc.band.color},
        "layers": [_layer_to_dict(layer) for layer in doc.layers],
        "assets": sorted(doc.assets),
        "faces": None if doc.faces is None else [_face_to_dict(face) for face in doc.faces],
        "loop_ms": doc.loop_ms,
        "metadata": {
            "title": meta.title,
            "meaning_tags": list(meta.meaning_tags),
            "created": meta.created,
            "modified": meta.modified,
            "source": meta.source,
            "history": [
                {"at": entry.at, "event": entry.event, "detail": entry.detail}
                for entry in meta.history
            ],
        },
    }


def _face_to_dict(face: Face) -> dict[str, Any]:
    return {
        "box": list(face.box),
        "eyes": [list(face.eyes[0]), list(face.eyes[1])],
        "nose": list(face.nose),
        "mouth": list(face.mouth),
        "score": face.score,
        "picked": face.picked,
    }


def _layer_to_dict(layer: Layer) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": layer.kind}
    for f in fields(layer):
        value = getattr(layer, f.name)
        if isinstance(value, Transform):
            value = {"x": value.x, "y": value.y, "scale": value.scale, "rotation": value.rotation}
        elif isinstance(value, Shadow):
            value = {"color": value.color, "offset": value.offset, "blur": value.blur}
        elif f.name == "points":
            value = [[x, y] for x, y in value]
        data[f.name] = value
    return data


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("schema")
    if not isinstance(version, int) or isinstance(version, bool):
        raise DocumentFormatError("the document has no schema version")
    if version > SCHEMA_VERSION:
        raise DocumentFormatError(
            f"the document was made by a newer maskmeme (schema {version}); please update"
        )
    while version < SCHEMA_VERSION:
        if version not in MIGRATIONS:
            raise DocumentFormatError(f"schema {version} is not supported")
        data = MIGRATIONS[version](data)
        version += 1
        data["schema"] = version
    return data


def document_from_dict(data: Any, assets: dict[str, bytes] | None = None) -> MemeDocument:
    """Build a document from JSON data; `assets` are the bytes the data's asset names refer to."""
    if not isinstance(data, dict):
        raise DocumentFormatError("the document is not a JSON object")
    data = migrate(dict(data))
    assets = dict(assets or {})
    try:
        return _build_document(data, assets)
    except DocumentFormatError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DocumentFormatError(f"the document is malformed ({exc})") from exc


def _build_document(data: dict[str, Any], assets: dict[str, bytes]) -> MemeDocument:
    width, height = _pair(data["base_size"], "base_size", int)
    if not (0 < width <= MAX_CANVAS_SIDE and 0 < height <= MAX_CANVAS_SIDE):
        raise DocumentFormatError(f"the canvas size {width}x{height} is out of range")
    names = data.get("assets", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise DocumentFormatError("the asset list is malformed")
    missing = [name for name in names if name not in assets]
    if missing:
        raise DocumentFormatError(f"the asset {missing[0]!r} is missing")
    base_asset = data.get("base_asset")
    if base_asset is not None and base_asset not in assets:
        raise DocumentFormatError(f"the base image {base_asset!r} is missing")
    layers_data = data["layers"]
    if not isinstance(layers_data, list) or len(layers_data) > MAX_LAYERS:
        raise DocumentFormatError("the layer list is malformed or too long")
    layers = [_layer_from_dict(item) for item in layers_data]
    if len({layer.id for layer in layers}) != len(layers):
        raise DocumentFormatError("two layers share an id")
    for layer in layers:
        asset = getattr(layer, "asset", None)
        if asset is not None and asset not in assets:
            raise DocumentFormatError(f"the sticker image {asset!r} is missing")
    band = data.get("band") or {}
    meta = data.get("metadata") or {}
    return MemeDocument(
        base_size=(width, height),
        base_asset=base_asset,
        background=_color(data.get("background", "#202020")),
        band=Band(
            top=_fraction(band.get("top", 0.0)),
            bottom=_fraction(band.get("bottom", 0.0)),
            color=_color(band.get("color", "#ffffff")),
        ),
        layers=layers,
        assets={name: assets[name] for name in names},
        faces=_faces(data.get("faces")),
        loop_ms=_loop_ms(data.get("loop_ms", DEFAULT_LOOP_MS)),
        metadata=Metadata(
            title=_str(meta.get("title", "")),
            meaning_tags=[_str(tag) for tag in meta.get("meaning_tags", [])],
            created=_str(meta.get("created", "")),
            modified=_str(meta.get("modified", "")),
            source=_str(meta.get("source", "")),
            history=[
                HistoryEntry(_str(h["at"]), _str(h["event"]), _str(h.get("detail", "")))
                for h in meta.get("history", [])
            ],
        ),
    )


_CHOICES: dict[str, tuple[str, ...]] = {
    "align": ALIGNS,
    "letter_case": LETTER_CASES,
    "size_mode": SIZE_MODES,
    "mode": TEAR_MODES,
    "style": TEAR_STYLES,  # missing in files from before tear styles: the default, realistic
}


def _faces(raw: Any) -> list[Face] | None:
    """Faces saved with the meme (absent in projects from before face finding: not looked for)."""
    if raw is None:
        return None
    if not isinstance(raw, list) or len(raw) > MAX_FACES:
        raise DocumentFormatError("the face list is malformed or too long")
    faces = []
    for item in raw:
        if not isinstance(item, dict):
            raise DocumentFormatError("a face is not a JSON object")
        box = item["box"]
        if not isinstance(box, list) or len(box) != 4:
            raise DocumentFormatError("a face's box must be four numbers")
        eyes = item["eyes"]
        if not isinstance(eyes, list) or len(eyes) != 2:
            raise DocumentFormatError("a face must have two eyes")
        faces.append(
            Face(
                box=(_number(box[0]), _number(box[1]), _number(box[2]), _number(box[3])),
                eyes=(_pair(eyes[0], "an eye", float), _pair(eyes[1], "an eye", float)),
                nose=_pair(item["nose"], "a nose", float),
                mouth=_pair(item["mouth"], "a mouth", float),
                score=_fraction(item.get("score", 1.0)),
                picked=_flag(item.get("picked", False)),
            )
        )
    return faces


def _layer_from_dict(item: Any) -> Layer:
    if not isinstance(item, dict):
        raise DocumentFormatError("a layer is not a JSON object")
    kind = item.get("kind")
    cls = LAYER_KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise DocumentFormatError(f"unknown layer kind {kind!r}")
    values = {f.name: _field_value(f, item[f.name]) for f in fields(cls) if f.name in item}
    layer = cls(**values)
    start, end = layer.start_ms, layer.end_ms
    if start is not None and end is not None and end <= start:
        raise DocumentFormatError(
            f"a layer's time range ends at {end} ms, before it starts at {start} ms"
        )
    return layer


def _transform(raw: Any) -> Transform:
    return Transform(
        x=_number(raw["x"], low=-MAX_LENGTH, high=MAX_LENGTH),
        y=_number(raw["y"], low=-MAX_LENGTH, high=MAX_LENGTH),
        scale=_number(raw.get("scale", 1.0), low=1e-2, high=MAX_LAYER_SCALE),
        rotation=_number(raw.get("rotation", 0.0)) % 360.0,
    )


def _shadow(raw: Any) -> Shadow | None:
    if raw is None:
        return None
    return Shadow(_color(raw["color"]), _fraction(raw["offset"]), _fraction(raw["blur"]))


def _points(raw: Any) -> list[tuple[float, float]]:
    if not isinstance(raw, list) or len(raw) > MAX_TEAR_POINTS:
        raise DocumentFormatError("a tear path is malformed or too long")
    return [_pair(point, "a tear point", float) for point in raw]


def _text(raw: Any) -> str:
    text = _str(raw)
    if len(text) > MAX_TEXT:
        raise DocumentFormatError("a caption is too long")
    return text


def _font_id(raw: Any) -> str:
    """A font id names a file or a family: it is refused here, as input, when no file or
    family could have that name, so it never reaches the disk or fontconfig."""
    font_id = _str(raw)
    if not (0 < len(font_id) <= MAX_FONT_ID and font_id.isprintable()):
        raise DocumentFormatError(f"the font {quoted(font_id)} is not a font name or file")
    return font_id


def _time_ms(raw: Any) -> int | None:
    """A point on the timeline (absent or null in files from before time ranges: open)."""
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise DocumentFormatError(f"{raw!r} is not a whole number of milliseconds")
    return int(_number(raw, low=0, high=MAX_TIME_MS))


def _loop_ms(raw: Any) -> int:
    """The still meme's loop length (absent in files from before animation: the default)."""
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise DocumentFormatError(f"the loop length {raw!r} is not a whole number of milliseconds")
    return int(_number(raw, low=MIN_LOOP_MS, high=MAX_LOOP_MS))


def _flag(raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise DocumentFormatError(f"{raw!r} is not true or false")
    return raw


def _field_value(f: Field[Any], raw: Any) -> Any:
    if f.name in _CHOICES:
        if raw not in _CHOICES[f.name]:
            raise DocumentFormatError(f"{f.name} must be one of {', '.join(_CHOICES[f.name])}")
        return raw
    reader = _FIELD_READERS.get(f.name) or _TYPE_READERS.get(str(f.type))
    if reader is None:
        raise DocumentFormatError(f"cannot read the field {f.name!r}")
    return reader(raw)


def _number(raw: Any, low: float = -1e6, high: float = 1e6) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise DocumentFormatError(f"{shortened(repr(raw))} is not a number")
    if not low <= raw <= high:
        raise DocumentFormatError(f"{raw!r} is out of range")
    return float(raw)


def _fraction(raw: Any) -> float:
    return _number(raw, low=0.0, high=1.0)


def _str(raw: Any) -> str:
    if not isinstance(raw, str):
        raise DocumentFormatError(f"{shortened(repr(raw))} is not text")
    return raw


def _color(raw: Any) -> str:
    text = _str(raw)
    digits = text[1:]
    if not (text.startswith("#") and len(digits) in (6, 8)):
        raise DocumentFormatError(f"{quoted(text)} is not a colour like #rrggbb")
    try:
        int(digits, 16)
    except ValueError:
        raise DocumentFormatError(f"{quoted(text)} is not a colour like #rrggbb") from None
    return text


def _pair(raw: Any, what: str, kind: type) -> tuple[Any, Any]:
    if not isinstance(raw, list | tuple) or len(raw) != 2:
        raise DocumentFormatError(f"{what} must be a pair of numbers")
    low, high = -MAX_LENGTH, MAX_LENGTH
    return kind(_number(raw[0], low, high)), kind(_number(raw[1], low, high))


# Fields that need more than a type check; the rest are checked by their declared type.
_FIELD_READERS: dict[str, Callable[[Any], Any]] = {
    "transform": _transform,
    "shadow": _shadow,
    "points": _points,
    "text": _text,
    "font_id": _font_id,
    "fill": _color,
    "stroke": _color,
    "tint": _color,
    "opacity": _fraction,
    "gloss": _fraction,
    "length": _fraction,
    # Missing in files from before flowing tears: still tears (flow off), the default speed.
    "flow_speed": lambda raw: _number(raw, low=FLOW_SPEED_MIN, high=FLOW_SPEED_MAX),
    "flow_phase": _fraction,
    "seed": lambda raw: int(_number(raw, low=0, high=2**31 - 1)),
    "start_ms": _time_ms,
    "end_ms": _time_ms,
}
_TYPE_READERS: dict[str, Callable[[Any], Any]] = {
    "str": _str,
    "bool": _flag,
    "int": lambda raw: int(_number(raw, low=0, high=MAX_LENGTH)),
    "float": lambda raw: _number(raw, low=0, high=MAX_LENGTH),
}
