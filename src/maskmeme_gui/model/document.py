"""The meme document: a base image, an ordered stack of layers, an optional band, metadata."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime

from maskmeme_gui.model.band import Band
from maskmeme_gui.model.events import Change, DocumentChanged, EventHub
from maskmeme_gui.model.faces import Face
from maskmeme_gui.model.layers import Layer

DEFAULT_LOOP_MS = 2000
"""How long a still meme's animation (flowing tears, timed layers) runs before it repeats."""


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class HistoryEntry:
    at: str
    event: str  # "created", "saved", "exported", "opened"
    detail: str = ""


@dataclass
class Metadata:
    title: str = ""
    meaning_tags: list[str] = field(default_factory=list)
    created: str = field(default_factory=now_iso)
    # Left out of equality: undoing an edit restores the meme, not the clock.
    modified: str = field(default_factory=now_iso, compare=False)
    source: str = ""  # where the base came from: a template id or a file name
    history: list[HistoryEntry] = field(default_factory=list)


@dataclass
class MemeDocument:
    """Everything needed to render one meme; `assets` hold encoded image bytes by name."""

    base_size: tuple[int, int] = (1080, 1080)
    base_asset: str | None = None  # key in `assets`; None means a plain background
    background: str = "#202020"
    band: Band = field(default_factory=Band)
    layers: list[Layer] = field(default_factory=list)
    assets: dict[str, bytes] = field(default_factory=dict)
    metadata: Metadata = field(default_factory=Metadata)
    # The faces in the base picture, in its pixels; None until they have been looked for.
    faces: list[Face] | None = None
    # The loop length of a still base's animation; an animated base brings its own.
    loop_ms: int = DEFAULT_LOOP_MS
    events: EventHub = field(default_factory=EventHub, compare=False, repr=False)

    @property
    def band_pixels(self) -> tuple[int, int]:
        """The band heights in canvas pixels (top, bottom)."""
        height = self.base_size[1]
        return round(self.band.top * height), round(self.band.bottom * height)

    @property
    def canvas_size(self) -> tuple[int, int]:
        top, bottom = self.band_pixels
        return self.base_size[0], self.base_size[1] + top + bottom

    @property
    def base_origin(self) -> tuple[int, int]:
        """Where the base image's top-left corner sits on the canvas."""
        return 0, self.band_pixels[0]

    def snapshot(self) -> MemeDocument:
        """An independent copy for a worker thread (export, autosave) while editing goes on.

        Layers and metadata are copied; the band and asset bytes are immutable and shared; no
        listeners.
        """
        return MemeDocument(
            base_size=self.base_size,
            base_asset=self.base_asset,
            background=self.background,
            band=self.band,
            layers=copy.deepcopy(self.layers),
            assets=dict(self.assets),
            metadata=copy.deepcopy(self.metadata),
            faces=None if self.faces is None else list(self.faces),  # faces are frozen
            loop_ms=self.loop_ms,
        )

    def layer(self, layer_id: str) -> Layer:
        for layer in self.layers:
            if layer.id == layer_id:
                return layer
        raise KeyError(layer_id)

    def index_of(self, layer_id: str) -> int:
        for index, layer in enumerate(self.layers):
            if layer.id == layer_id:
                return index
        raise KeyError(layer_id)

    def notify(self, kind: Change, layer_ids: tuple[str, ...] = ()) -> None:
        self.metadata.modified = now_iso()
        self.events.emit(DocumentChanged(kind, layer_ids))

    def record(self, event: str, detail: str = "") -> None:
        self.metadata.history.append(HistoryEntry(now_iso(), event, detail))
        self.events.emit(DocumentChanged(Change.METADATA))
