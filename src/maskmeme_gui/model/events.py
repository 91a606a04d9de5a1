"""A tiny change-event hub so views can follow the document without the model knowing Qt."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DocumentChanged:
    """What changed: `kind` is one of the ``CHANGE_*`` names, `layer_ids` the layers touched."""

    kind: str
    layer_ids: tuple[str, ...] = ()


CHANGE_LAYERS = "layers"  # layers added, removed or reordered
CHANGE_TRANSFORM = "transform"  # only position/scale/rotation: views move sprites, no re-render
CHANGE_CONTENT = "content"  # what a layer looks like: its sprite must be re-rendered
CHANGE_DOCUMENT = "document"  # base image, band, canvas size
CHANGE_METADATA = "metadata"  # title, meaning tags, history

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
