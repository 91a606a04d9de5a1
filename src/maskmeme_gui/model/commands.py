"""Undoable edits. Each command is plain Python: `apply` and `revert` change the document and
tell its listeners; `merge` folds a following command of the same gesture into this one, so
typing a word or nudging a caption with the arrow keys is one undo step.

The Qt side wraps every command in one generic QUndoCommand adapter (qt/undo.py).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, replace
from typing import Any, Protocol

from maskmeme_gui.model.band import Band
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.events import (
    CHANGE_CONTENT,
    CHANGE_DOCUMENT,
    CHANGE_LAYERS,
    CHANGE_METADATA,
    CHANGE_TRANSFORM,
)
from maskmeme_gui.model.layers import Layer, Transform, new_layer_id

# Properties that only move a layer; everything else changes what it looks like.
_PLACEMENT_PROPERTIES = frozenset({"transform"})
_PRESENTATION_PROPERTIES = frozenset({"visible", "opacity", "name"})


class Command(Protocol):
    label: str

    def apply(self, doc: MemeDocument) -> None: ...

    def revert(self, doc: MemeDocument) -> None: ...

    def merge(self, other: Command) -> bool:
        """Absorb `other` (which was applied right after self); False if they do not combine."""
        ...


class _NoMerge:
    def merge(self, other: Command) -> bool:
        return False


@dataclass
class AddLayers(_NoMerge):
    """Insert layers; `index` None means on top."""

    layers: list[Layer]
    index: int | None = None
    label: str = "Add layer"

    def apply(self, doc: MemeDocument) -> None:
        at = len(doc.layers) if self.index is None else self.index
        doc.layers[at:at] = self.layers
        doc.notify(CHANGE_LAYERS, tuple(layer.id for layer in self.layers))

    def revert(self, doc: MemeDocument) -> None:
        ids = {layer.id for layer in self.layers}
        doc.layers[:] = [layer for layer in doc.layers if layer.id not in ids]
        doc.notify(CHANGE_LAYERS, tuple(ids))


@dataclass
class RemoveLayers(_NoMerge):
    layer_ids: list[str]
    label: str = "Delete layers"
    _removed: list[tuple[int, Layer]] = field(default_factory=list, repr=False)

    def apply(self, doc: MemeDocument) -> None:
        self._removed = [
            (index, layer) for index, layer in enumerate(doc.layers) if layer.id in self.layer_ids
        ]
        doc.layers[:] = [layer for layer in doc.layers if layer.id not in self.layer_ids]
        doc.notify(CHANGE_LAYERS, tuple(self.layer_ids))

    def revert(self, doc: MemeDocument) -> None:
        for index, layer in self._removed:
            doc.layers.insert(index, layer)
        doc.notify(CHANGE_LAYERS, tuple(self.layer_ids))


@dataclass
class DuplicateLayers(_NoMerge):
    """Copies each layer just above itself, shifted so the copy is visible."""

    layer_ids: list[str]
    offset: float = 24.0
    label: str = "Duplicate layers"
    copies: list[Layer] = field(default_factory=list, repr=False)

    def apply(self, doc: MemeDocument) -> None:
        if not self.copies:  # redo must bring back the same ids
            for layer_id in self.layer_ids:
                original = doc.layer(layer_id)
                twin = copy.deepcopy(original)
                twin.id = new_layer_id()
                twin.transform = original.transform.moved(self.offset, self.offset)
                self.copies.append(twin)
        for original_id, twin in zip(self.layer_ids, self.copies, strict=True):
            doc.layers.insert(doc.index_of(original_id) + 1, twin)
        doc.notify(CHANGE_LAYERS, tuple(twin.id for twin in self.copies))

    def revert(self, doc: MemeDocument) -> None:
        ids = {twin.id for twin in self.copies}
        doc.layers[:] = [layer for layer in doc.layers if layer.id not in ids]
        doc.notify(CHANGE_LAYERS, tuple(ids))


@dataclass
class ReorderLayer(_NoMerge):
    """Move one layer to `new_index` in the stack (0 = bottom)."""

    layer_id: str
    new_index: int
    label: str = "Reorder layer"
    _old_index: int = field(default=-1, repr=False)

    def apply(self, doc: MemeDocument) -> None:
        self._old_index = doc.index_of(self.layer_id)
        layer = doc.layers.pop(self._old_index)
        doc.layers.insert(max(0, min(self.new_index, len(doc.layers))), layer)
        doc.notify(CHANGE_LAYERS, (self.layer_id,))

    def revert(self, doc: MemeDocument) -> None:
        layer = doc.layers.pop(doc.index_of(self.layer_id))
        doc.layers.insert(self._old_index, layer)
        doc.notify(CHANGE_LAYERS, (self.layer_id,))


@dataclass
class MoveLayers:
    """Shift layers by (dx, dy); consecutive moves of the same layers merge into one step."""

    layer_ids: list[str]
    dx: float
    dy: float
    label: str = "Move"
    # Undo restores these exactly: subtracting the offset again would drift in floating point.
    _before: dict[str, Transform] = field(default_factory=dict, repr=False)

    def apply(self, doc: MemeDocument) -> None:
        self._before = {layer_id: doc.layer(layer_id).transform for layer_id in self.layer_ids}
        for layer_id, transform in self._before.items():
            doc.layer(layer_id).transform = transform.moved(self.dx, self.dy)
        doc.notify(CHANGE_TRANSFORM, tuple(self.layer_ids))

    def revert(self, doc: MemeDocument) -> None:
        for layer_id, transform in self._before.items():
            doc.layer(layer_id).transform = transform
        doc.notify(CHANGE_TRANSFORM, tuple(self.layer_ids))

    def merge(self, other: Command) -> bool:
        if not isinstance(other, MoveLayers) or other.layer_ids != self.layer_ids:
            return False
        self.dx += other.dx
        self.dy += other.dy
        return True


@dataclass
class SetLayerTransform:
    """Resize or rotate (or move) one layer to a new transform, e.g. at the end of a handle drag."""

    layer_id: str
    new: Transform
    label: str = "Transform"
    old: Transform | None = field(default=None, repr=False)

    def apply(self, doc: MemeDocument) -> None:
        layer = doc.layer(self.layer_id)
        if self.old is None:
            self.old = layer.transform
        layer.transform = replace(self.new)
        doc.notify(CHANGE_TRANSFORM, (self.layer_id,))

    def revert(self, doc: MemeDocument) -> None:
        assert self.old is not None, "revert before apply"
        doc.layer(self.layer_id).transform = replace(self.old)
        doc.notify(CHANGE_TRANSFORM, (self.layer_id,))

    def merge(self, other: Command) -> bool:
        if not isinstance(other, SetLayerTransform) or other.layer_id != self.layer_id:
            return False
        self.new = other.new
        return True


@dataclass
class SetLayerProperties:
    """Change any fields of one layer (style, text, visibility...). The old values are taken
    when it is first applied. Edits of the same fields of the same layer merge when `merge_key`
    is set by the caller (the properties panel sets it per editing session)."""

    layer_id: str
    changes: dict[str, Any]
    label: str = "Change layer"
    merge_key: str | None = None
    _old: dict[str, Any] = field(default_factory=dict, repr=False)

    def _set(self, doc: MemeDocument, values: dict[str, Any]) -> None:
        layer = doc.layer(self.layer_id)
        valid = {f.name for f in fields(layer)}
        for name, value in values.items():
            if name not in valid or name in {"id"}:
                raise AttributeError(f"{type(layer).__name__} has no property {name!r}")
            setattr(layer, name, copy.deepcopy(value))
        doc.notify(_change_kind(set(values)), (self.layer_id,))

    def apply(self, doc: MemeDocument) -> None:
        layer = doc.layer(self.layer_id)
        if not self._old:
            self._old = {name: copy.deepcopy(getattr(layer, name)) for name in self.changes}
        self._set(doc, self.changes)

    def revert(self, doc: MemeDocument) -> None:
        self._set(doc, self._old)

    def merge(self, other: Command) -> bool:
        if (
            not isinstance(other, SetLayerProperties)
            or self.merge_key is None
            or other.merge_key != self.merge_key
            or other.layer_id != self.layer_id
        ):
            return False
        for name, value in other._old.items():
            self._old.setdefault(name, value)
        self.changes.update(other.changes)
        return True


def _change_kind(names: set[str]) -> str:
    if names <= _PLACEMENT_PROPERTIES:
        return CHANGE_TRANSFORM
    return CHANGE_CONTENT


def set_caption_text(layer_id: str, text: str) -> SetLayerProperties:
    """Typing into one caption is one undo step until another command comes between."""
    return SetLayerProperties(layer_id, {"text": text}, "Edit caption text", f"text:{layer_id}")


@dataclass
class SetBand(_NoMerge):
    new: Band
    label: str = "Change caption band"
    old: Band | None = field(default=None, repr=False)
    _transforms: dict[str, Transform] = field(default_factory=dict, repr=False)

    def apply(self, doc: MemeDocument) -> None:
        if self.old is None:
            self.old = doc.band
        self._transforms = {layer.id: layer.transform for layer in doc.layers}
        # Layers stay on the same spot of the photo when the top band grows or shrinks.
        height = doc.base_size[1]
        dy = round(self.new.top * height) - round(self.old.top * height)
        for layer in doc.layers:
            layer.transform = layer.transform.moved(0, dy)
        doc.band = replace(self.new)
        doc.notify(CHANGE_DOCUMENT)

    def revert(self, doc: MemeDocument) -> None:
        assert self.old is not None, "revert before apply"
        for layer in doc.layers:
            layer.transform = self._transforms.get(layer.id, layer.transform)
        doc.band = replace(self.old)
        doc.notify(CHANGE_DOCUMENT)


@dataclass
class SetTitle(_NoMerge):
    title: str
    label: str = "Rename meme"
    _old: str = field(default="", repr=False)

    def apply(self, doc: MemeDocument) -> None:
        self._old = doc.metadata.title
        doc.metadata.title = self.title
        doc.notify(CHANGE_METADATA)

    def revert(self, doc: MemeDocument) -> None:
        doc.metadata.title = self._old
        doc.notify(CHANGE_METADATA)


@dataclass
class SetMeaningTags(_NoMerge):
    tags: list[str]
    label: str = "Change meaning tags"
    _old: list[str] = field(default_factory=list, repr=False)

    def apply(self, doc: MemeDocument) -> None:
        self._old = list(doc.metadata.meaning_tags)
        doc.metadata.meaning_tags = list(self.tags)
        doc.notify(CHANGE_METADATA)

    def revert(self, doc: MemeDocument) -> None:
        doc.metadata.meaning_tags = list(self._old)
        doc.notify(CHANGE_METADATA)
