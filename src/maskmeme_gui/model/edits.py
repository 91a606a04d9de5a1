"""The edits made to a selection of layers, each defined once: the canvas, the layer list and
the window's menus all reach them through the document session (qt/session.py).

Each function returns the one command to push, or None when there is nothing to do (an empty
selection, a layer already at the top). Labels name the count, as the Edit menu shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from maskmeme_gui.model.commands import (
    Command,
    DuplicateLayers,
    EditLayers,
    MoveLayers,
    RemoveLayers,
    RestackLayers,
    SetLayerProperties,
    nudge_key,
)
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import TearLayer


def _label(verb: str, count: int) -> str:
    return f"{verb} layer" if count == 1 else f"{verb} {count} layers"


def _alive(doc: MemeDocument, layer_ids: Sequence[str]) -> list[str]:
    """The ids that name layers of `doc`, bottom first."""
    wanted = set(layer_ids)
    return [layer.id for layer in doc.layers if layer.id in wanted]


def delete_layers(doc: MemeDocument, layer_ids: Sequence[str]) -> Command | None:
    ids = _alive(doc, layer_ids)
    return RemoveLayers(ids, _label("Delete", len(ids))) if ids else None


def duplicate_layers(doc: MemeDocument, layer_ids: Sequence[str]) -> DuplicateLayers | None:
    """The copies' ids are in the command's `copies` once it has been applied."""
    ids = _alive(doc, layer_ids)
    return DuplicateLayers(ids, label=_label("Duplicate", len(ids))) if ids else None


def nudge_layers(
    doc: MemeDocument, layer_ids: Sequence[str], dx: float, dy: float
) -> Command | None:
    """Arrow keys: a run of nudges of the same layers merges into one undo step."""
    ids = _alive(doc, layer_ids)
    if not ids or (dx == 0 and dy == 0):
        return None
    return MoveLayers(ids, dx, dy, _label("Nudge", len(ids)), merge_key=nudge_key(ids))


def order_one_step(order: Sequence[str], moving: Sequence[str], up: bool) -> list[str]:
    """`order` (bottom first) with each moving layer past its unselected neighbour; a block
    moves together and stops at the top (or bottom), never passing another moving layer."""
    wanted = set(moving)
    stack = list(order)
    step = 1 if up else -1
    for layer_id in sorted(wanted & set(stack), key=stack.index, reverse=up):
        index = stack.index(layer_id)
        neighbour = index + step
        if 0 <= neighbour < len(stack) and stack[neighbour] not in wanted:
            stack[index], stack[neighbour] = stack[neighbour], stack[index]
    return stack


def order_into_gap(order: Sequence[str], moving: Sequence[str], gap: int) -> list[str]:
    """`order` (bottom first) with the moving layers, in their stacking order, put into the gap
    before position `gap` (`gap` = len(order) is the top)."""
    wanted = set(moving)
    below = [i for i in order[:gap] if i not in wanted]
    above = [i for i in order[gap:] if i not in wanted]
    return [*below, *(i for i in order if i in wanted), *above]


def restack_layers(doc: MemeDocument, layer_ids: Sequence[str], up: bool) -> Command | None:
    """Raise (or lower) the layers one place; None when they are already at the end."""
    verb = "Raise" if up else "Lower"
    return _restacked(doc, layer_ids, verb, lambda order, ids: order_one_step(order, ids, up))


def move_layers_into_gap(doc: MemeDocument, layer_ids: Sequence[str], gap: int) -> Command | None:
    """A drop in the layer list: the layers go into the gap before stack position `gap`."""
    return _restacked(doc, layer_ids, "Move", lambda order, ids: order_into_gap(order, ids, gap))


def _restacked(
    doc: MemeDocument,
    layer_ids: Sequence[str],
    verb: str,
    arrange: Callable[[list[str], list[str]], list[str]],
) -> Command | None:
    order = [layer.id for layer in doc.layers]
    ids = _alive(doc, layer_ids)
    new = arrange(order, ids)
    return None if new == order else RestackLayers(new, _label(verb, len(ids)))


def tears_flowing(doc: MemeDocument) -> bool:
    """Whether the meme has tears and all of them flow."""
    tears = [layer for layer in doc.layers if isinstance(layer, TearLayer)]
    return bool(tears) and all(layer.flow for layer in tears)


def set_tears_flow(doc: MemeDocument, flow: bool) -> Command | None:
    """Every tear layer made to flow (or to stand still), as one step; None without tears to
    change."""
    changes: list[Command] = [
        SetLayerProperties(layer.id, {"flow": flow})
        for layer in doc.layers
        if isinstance(layer, TearLayer) and layer.flow != flow
    ]
    if not changes:
        return None
    return EditLayers(changes, "Make tears flow" if flow else "Stop the tears flowing")
