"""Undoable edits. Each command is plain Python: `apply` and `revert` change the document and
tell its listeners.

Merging has one policy, `merge_commands`: a command merges into the one before it only when
both carry the same `merge_key`, so typing a word into a caption or nudging with the arrow keys
is one undo step, while a gesture (a drag, a resize, a stroke) has no key and so never merges
with another gesture. The Qt side wraps every command in one generic QUndoCommand adapter
(qt/undo.py), which asks `merge_commands`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, replace
from typing import Any, Protocol

from maskmeme_gui.model.band import Band
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.events import Change
from maskmeme_gui.model.faces import Face
from maskmeme_gui.model.layers import Layer, Transform, new_layer_id

# Properties that only move a layer; everything else changes what it looks like.
_PLACEMENT_PROPERTIES = frozenset({"transform"})
_PRESENTATION_PROPERTIES = frozenset({"visible", "opacity", "name"})


class Command(Protocol):
    label: str
    # Commands with the same key fold into one undo step; None never merges.
    merge_key: str | None

    def apply(self, doc: MemeDocument) -> None: ...

    def revert(self, doc: MemeDocument) -> None: ...


def merge_commands(earlier: Command, later: Command) -> bool:
    """Fold `later` into `earlier` (both applied already) when the merge policy allows: the same
    kind of command with the same non-empty `merge_key`. True when merged."""
    # `absorb(later)`: how a mergeable command takes in the next one of its kind and key.
    absorb = getattr(earlier, "absorb", None)
    if (
        absorb is None
        or earlier.merge_key is None
        or later.merge_key != earlier.merge_key
        or type(later) is not type(earlier)
    ):
        return False
    absorb(later)
    return True


class _NoMerge:
    merge_key: str | None = None


@dataclass
class AddLayers(_NoMerge):
    """Insert layers; `index` None means on top. `assets` are pictures the layers need (a
    sticker's PNG): the document gets those it lacks, and loses them again on undo."""

    layers: list[Layer]
    index: int | None = None
    label: str = "Add layer"
    assets: dict[str, bytes] = field(default_factory=dict, repr=False)
    _new_assets: list[str] = field(default_factory=list, repr=False)

    def apply(self, doc: MemeDocument) -> None:
        self._new_assets = [name for name in self.assets if name not in doc.assets]
        for name in self._new_assets:
            doc.assets[name] = self.assets[name]
        at = len(doc.layers) if self.index is None else self.index
        doc.layers[at:at] = self.layers
        doc.notify(Change.LAYERS, tuple(layer.id for layer in self.layers))

    def revert(self, doc: MemeDocument) -> None:
        ids = {layer.id for layer in self.layers}
        doc.layers[:] = [layer for layer in doc.layers if layer.id not in ids]
        for name in self._new_assets:
            doc.assets.pop(name, None)
        doc.notify(Change.LAYERS, tuple(ids))


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
        doc.notify(Change.LAYERS, tuple(self.layer_ids))

    def revert(self, doc: MemeDocument) -> None:
        for index, layer in self._removed:
            doc.layers.insert(index, layer)
        doc.notify(Change.LAYERS, tuple(self.layer_ids))


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
        doc.notify(Change.LAYERS, tuple(twin.id for twin in self.copies))

    def revert(self, doc: MemeDocument) -> None:
        ids = {twin.id for twin in self.copies}
        doc.layers[:] = [layer for layer in doc.layers if layer.id not in ids]
        doc.notify(Change.LAYERS, tuple(ids))


@dataclass
class RestackLayers(_NoMerge):
    """Put the layers in `order` (ids, bottom first): raise, lower and drag in the layer list."""

    order: list[str]
    label: str = "Move layers"
    _old: list[str] = field(default_factory=list, repr=False)

    def apply(self, doc: MemeDocument) -> None:
        self._old = [layer.id for layer in doc.layers]
        self._arrange(doc, self.order)

    def revert(self, doc: MemeDocument) -> None:
        self._arrange(doc, self._old)

    @staticmethod
    def _arrange(doc: MemeDocument, order: list[str]) -> None:
        by_id = {layer.id: layer for layer in doc.layers}
        if sorted(by_id) != sorted(order):
            raise ValueError("a new stacking order must name every layer once")
        moved = tuple(i for i, layer in zip(order, doc.layers, strict=True) if i != layer.id)
        doc.layers[:] = [by_id[i] for i in order]
        doc.notify(Change.LAYERS, moved)


@dataclass
class MoveLayers:
    """Shift layers by (dx, dy). A drag is one MoveLayers; nudges carry `nudge_key` so a run
    of arrow presses on the same layers is one undo step."""

    layer_ids: list[str]
    dx: float
    dy: float
    label: str = "Move"
    merge_key: str | None = None
    # Undo restores these exactly: subtracting the offset again would drift in floating point.
    _before: dict[str, Transform] = field(default_factory=dict, repr=False)

    def apply(self, doc: MemeDocument) -> None:
        self._before = {layer_id: doc.layer(layer_id).transform for layer_id in self.layer_ids}
        for layer_id, transform in self._before.items():
            doc.layer(layer_id).transform = transform.moved(self.dx, self.dy)
        doc.notify(Change.TRANSFORM, tuple(self.layer_ids))

    def revert(self, doc: MemeDocument) -> None:
        for layer_id, transform in self._before.items():
            doc.layer(layer_id).transform = transform
        doc.notify(Change.TRANSFORM, tuple(self.layer_ids))

    def absorb(self, later: MoveLayers) -> None:
        self.dx += later.dx
        self.dy += later.dy


def nudge_key(layer_ids: list[str]) -> str:
    return "nudge:" + ",".join(layer_ids)


@dataclass
class SetLayerTransform:
    """Resize or rotate (or move) one layer to a new transform, e.g. at the end of a handle drag."""

    layer_id: str
    new: Transform
    label: str = "Transform"
    merge_key: str | None = None
    old: Transform | None = field(default=None, repr=False)

    def apply(self, doc: MemeDocument) -> None:
        layer = doc.layer(self.layer_id)
        if self.old is None:
            self.old = layer.transform
        layer.transform = replace(self.new)
        doc.notify(Change.TRANSFORM, (self.layer_id,))

    def revert(self, doc: MemeDocument) -> None:
        assert self.old is not None, "revert before apply"
        doc.layer(self.layer_id).transform = replace(self.old)
        doc.notify(Change.TRANSFORM, (self.layer_id,))

    def absorb(self, later: SetLayerTransform) -> None:
        self.new = later.new


@dataclass
class SetLayerProperties:
    """Change any fields of one layer (style, text, visibility...). The old values are taken
    when it is first applied. Edits of the same fields of the same layer merge when `merge_key`
    is set by the caller (the properties panel sets it per editing session; it names the
    layer, so edits of two layers never share a key)."""

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

    def absorb(self, later: SetLayerProperties) -> None:
        for name, value in later._old.items():
            self._old.setdefault(name, value)
        self.changes.update(later.changes)


def _change_kind(names: set[str]) -> Change:
    if names <= _PLACEMENT_PROPERTIES:
        return Change.TRANSFORM
    return Change.CONTENT


def set_caption_text(layer_id: str, text: str, editing: str = "") -> SetLayerProperties:
    """Typing into one caption is one undo step until another command comes between. An editor
    that knows when its own editing sessions end (a field losing the focus) names each one in
    `editing`, so that typing into the same caption again later is a step of its own."""
    key = f"text:{layer_id}:{editing}" if editing else f"text:{layer_id}"
    return SetLayerProperties(layer_id, {"text": text}, "Edit caption text", key)


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
        doc.notify(Change.DOCUMENT)

    def revert(self, doc: MemeDocument) -> None:
        assert self.old is not None, "revert before apply"
        for layer in doc.layers:
            layer.transform = self._transforms.get(layer.id, layer.transform)
        doc.band = replace(self.old)
        doc.notify(Change.DOCUMENT)


@dataclass
class SetTitle(_NoMerge):
    title: str
    label: str = "Rename meme"
    _old: str = field(default="", repr=False)

    def apply(self, doc: MemeDocument) -> None:
        self._old = doc.metadata.title
        doc.metadata.title = self.title
        doc.notify(Change.METADATA)

    def revert(self, doc: MemeDocument) -> None:
        doc.metadata.title = self._old
        doc.notify(Change.METADATA)


@dataclass
class SetMeaningTags(_NoMerge):
    tags: list[str]
    label: str = "Change meaning tags"
    _old: list[str] = field(default_factory=list, repr=False)

    def apply(self, doc: MemeDocument) -> None:
        self._old = list(doc.metadata.meaning_tags)
        doc.metadata.meaning_tags = list(self.tags)
        doc.notify(Change.METADATA)

    def revert(self, doc: MemeDocument) -> None:
        doc.metadata.meaning_tags = list(self._old)
        doc.notify(Change.METADATA)


@dataclass
class EditLayers(_NoMerge):
    """Several commands as one undo step (the same change made to every selected layer)."""

    commands: list[Command]
    label: str

    def apply(self, doc: MemeDocument) -> None:
        for command in self.commands:
            command.apply(doc)

    def revert(self, doc: MemeDocument) -> None:
        for command in reversed(self.commands):
            command.revert(doc)


@dataclass
class SetFaces(_NoMerge):
    """Replace the faces the meme knows (an eye moved, eyes marked, a face removed)."""

    faces: list[Face]
    label: str = "Change faces"
    _old: list[Face] | None = field(default=None, repr=False)

    def apply(self, doc: MemeDocument) -> None:
        self._old = doc.faces
        doc.faces = list(self.faces)
        doc.notify(Change.FACES)

    def revert(self, doc: MemeDocument) -> None:
        doc.faces = self._old
        doc.notify(Change.FACES)
