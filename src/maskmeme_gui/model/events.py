"""A tiny change-event hub so views can follow the document without the model knowing Qt."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum


class Change(Enum):
    """What kind of change a document event reports; each kind tells views what to redo."""

    LAYERS = "layers"  # layers added, removed or reordered
    TRANSFORM = "transform"  # only position/scale/rotation: views move sprites, no re-render
    CONTENT = "content"  # what a layer looks like: its sprite must be re-rendered
    DOCUMENT = "document"  # base image, band, canvas size
    METADATA = "metadata"  # title, meaning tags, history
    FACES = "faces"  # the faces found or marked in the base picture


@dataclass(frozen=True)
class DocumentChanged:
    """What changed, and the layers it touched (none for document and metadata changes)."""

    kind: Change
    layer_ids: tuple[str, ...] = ()


Listener = Callable[[DocumentChanged], None]


@dataclass(eq=False)
class EventHub:
    _listeners: list[Listener] = field(default_factory=list)

    def connect(self, listener: Listener) -> None:
        if listener not in self._listeners:
            self._listeners.append(listener)

    def disconnect(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def emit(self, event: DocumentChanged) -> None:
        # Copy: a listener may disconnect itself while being notified.
        for listener in list(self._listeners):
            listener(event)
