"""The document model: undoable commands, change events, the JSON schema."""

from __future__ import annotations

import contextlib
import copy
import json
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maskmeme_gui.model.band import Band
from maskmeme_gui.model.commands import (
    AddLayers,
    Command,
    DuplicateLayers,
    EditLayers,
    MoveLayers,
    RemoveLayers,
    RestackLayers,
    SetBand,
    SetLayerProperties,
    SetLayerTransform,
    SetMeaningTags,
    SetTitle,
    merge_commands,
    nudge_key,
    set_caption_text,
)
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.edits import (
    delete_layers,
    duplicate_layers,
    move_layers_into_gap,
    nudge_layers,
    order_into_gap,
    order_one_step,
    restack_layers,
)
from maskmeme_gui.model.events import Change, DocumentChanged
from maskmeme_gui.model.layers import CaptionLayer, Layer, StickerLayer, TearLayer, Transform
from maskmeme_gui.model.serialize import (
    MIGRATIONS,
    SCHEMA_VERSION,
    DocumentFormatError,
    document_from_dict,
    document_to_dict,
)


def sample_document() -> MemeDocument:
    doc = MemeDocument(base_size=(800, 600), base_asset="base.png")
    doc.assets = {"base.png": b"base-bytes", "sticker.png": b"sticker-bytes"}
    doc.layers = [
        CaptionLayer(id="top", text="when they ask how you are", transform=Transform(400, 80)),
        TearLayer(id="tears", points=[(0, 0), (4, 60), (10, 140)], transform=Transform(300, 250)),
        StickerLayer(
            id="mask", asset="sticker.png", width=64, height=48, transform=Transform(50, 50)
        ),
    ]
    doc.metadata.title = "fine"
    return doc


def random_command(rng: random.Random, doc: MemeDocument) -> Command:
    ids = [layer.id for layer in doc.layers]
    choices = ["add", "title", "tags", "band"]
    if ids:
        choices += ["move", "remove", "duplicate", "reorder", "transform", "props", "text"]
    kind = rng.choice(choices)
    some = rng.sample(ids, rng.randint(1, len(ids))) if ids else []
    one = rng.choice(ids) if ids else ""
    if kind == "add" and rng.random() < 0.5:
        sticker = StickerLayer(asset="new.png", width=10, height=10)
        return AddLayers([sticker], assets={"new.png": b"new-bytes"})
    if kind == "add":
        return AddLayers([CaptionLayer(text=f"new {rng.random():.3f}")], rng.choice([None, 0]))
    if kind == "title":
        return SetTitle(f"title {rng.randint(0, 99)}")
    if kind == "tags":
        return SetMeaningTags(rng.sample(["humour", "solidarity", "pandemic", "hidden"], 2))
    if kind == "band":
        return SetBand(Band(top=rng.choice([0.0, 0.1, 0.25]), bottom=rng.choice([0.0, 0.2])))
    if kind == "move":
        return MoveLayers(some, rng.uniform(-50, 50), rng.uniform(-50, 50))
    if kind == "remove":
        return RemoveLayers(some)
    if kind == "duplicate":
        return DuplicateLayers(some)
    if kind == "reorder":
        return RestackLayers(rng.sample(ids, len(ids)))
    if kind == "transform":
        return SetLayerTransform(one, Transform(rng.uniform(0, 800), 10, rng.uniform(0.5, 2), 15))
    if kind == "text" and isinstance(doc.layer(one), CaptionLayer):
        return set_caption_text(one, f"typed {rng.randint(0, 9)}")
    return SetLayerProperties(one, {"visible": rng.random() < 0.5, "opacity": rng.random()})


@pytest.mark.parametrize("seed", range(40))
def test_random_command_sequences_undo_to_the_start_and_redo_to_the_end(seed: int) -> None:
    rng = random.Random(seed)
    doc = sample_document()
    start = copy.deepcopy(doc)
    done: list[Command] = []
    states: list[MemeDocument] = []
    for _ in range(rng.randint(1, 25)):
        command = random_command(rng, doc)
        command.apply(doc)
        done.append(command)
        states.append(copy.deepcopy(doc))
    end = copy.deepcopy(doc)
    for index in range(len(done) - 1, -1, -1):
        assert doc == states[index]
        done[index].revert(doc)
    assert doc == start
    for command in done:
        command.apply(doc)
    assert doc == end


def test_nudges_of_the_same_layers_merge_into_one_step() -> None:
    doc = sample_document()
    first = nudge_layers(doc, ["top"], 5, 0)
    second = nudge_layers(doc, ["top"], 3, -2)
    assert first is not None and second is not None
    first.apply(doc)
    second.apply(doc)
    assert merge_commands(first, second)
    assert doc.layer("top").transform == Transform(408, 78)
    first.revert(doc)
    assert doc.layer("top").transform == Transform(400, 80)
    other = nudge_layers(doc, ["mask"], 1, 1)
    assert other is not None and not merge_commands(first, other)


def test_a_gesture_never_merges_with_another_gesture_or_a_nudge() -> None:
    doc = sample_document()
    drag, again = MoveLayers(["top"], 5, 0), MoveLayers(["top"], 3, 0)
    nudge = MoveLayers(["top"], 1, 0, merge_key=nudge_key(["top"]))
    for command in (drag, again, nudge):
        command.apply(doc)
    assert not merge_commands(drag, again)
    assert not merge_commands(drag, nudge)
    assert not merge_commands(nudge, drag)
    resize = SetLayerTransform("top", Transform(400, 80, 2.0))
    assert not merge_commands(resize, SetLayerTransform("top", Transform(400, 80, 3.0)))


def test_typing_into_a_caption_merges_but_other_edits_do_not() -> None:
    doc = sample_document()
    typing = set_caption_text("top", "I")
    typing.apply(doc)
    more = set_caption_text("top", "I am")
    more.apply(doc)
    assert merge_commands(typing, more)
    typing.revert(doc)
    assert doc.layer("top").text == "when they ask how you are"  # type: ignore[attr-defined]
    assert not merge_commands(typing, SetLayerProperties("top", {"fill": "#ff0000"}))
    other = set_caption_text("tears", "x")
    assert not merge_commands(typing, other)


def test_typing_in_a_named_editing_session_merges_only_within_it() -> None:
    doc = sample_document()
    first = set_caption_text("top", "I", editing="1")
    first.apply(doc)
    same = set_caption_text("top", "I a", editing="1")
    same.apply(doc)
    assert merge_commands(first, same)
    later = set_caption_text("top", "I am", editing="2")
    later.apply(doc)
    assert not merge_commands(first, later)
    assert not merge_commands(first, set_caption_text("top", "I am"))


def test_a_new_sticker_brings_its_picture_and_takes_it_away_on_undo() -> None:
    doc = sample_document()
    sticker = StickerLayer(asset="new.png", width=10, height=10)
    command = AddLayers([sticker], assets={"new.png": b"png", "sticker.png": b"other"})
    command.apply(doc)
    assert doc.assets["new.png"] == b"png"
    assert doc.assets["sticker.png"] == b"sticker-bytes"  # a picture already there stays
    command.revert(doc)
    assert "new.png" not in doc.assets and doc.assets["sticker.png"] == b"sticker-bytes"


def test_edits_name_the_count_and_do_nothing_without_a_selection() -> None:
    doc = sample_document()
    assert delete_layers(doc, []) is None and duplicate_layers(doc, ["gone"]) is None
    one, two = delete_layers(doc, ["top"]), delete_layers(doc, ["top", "mask"])
    assert one is not None and one.label == "Delete layer"
    assert two is not None and two.label == "Delete 2 layers"
    twins = duplicate_layers(doc, ["mask", "top"])
    assert twins is not None and twins.label == "Duplicate 2 layers"
    twins.apply(doc)
    assert [layer.id for layer in doc.layers][1] == twins.copies[0].id  # just above "top"


def test_raising_and_lowering_stop_at_the_ends_and_undo_as_one_step() -> None:
    doc = sample_document()
    assert restack_layers(doc, ["mask"], up=True) is None
    assert restack_layers(doc, ["top"], up=False) is None
    command = restack_layers(doc, ["top", "tears"], up=True)
    assert command is not None and command.label == "Raise 2 layers"
    command.apply(doc)
    assert [layer.id for layer in doc.layers] == ["mask", "top", "tears"]
    command.revert(doc)
    assert [layer.id for layer in doc.layers] == ["top", "tears", "mask"]
    assert order_one_step(["a", "b", "c"], ["b", "c"], up=True) == ["a", "b", "c"]
    assert order_one_step(["a", "b", "c"], ["a"], up=True) == ["b", "a", "c"]


@given(
    order=st.lists(st.text("abcdefgh", min_size=1, max_size=1), unique=True, min_size=1),
    data=st.data(),
)
def test_a_drop_puts_the_moving_block_in_the_gap(order: list[str], data: st.DataObject) -> None:
    moving = data.draw(st.lists(st.sampled_from(order), unique=True, min_size=1))
    gap = data.draw(st.integers(0, len(order)))
    staying = [i for i in order if i not in moving]
    below = len([i for i in order[:gap] if i not in moving])
    block = [i for i in order if i in moving]
    assert order_into_gap(order, moving, gap) == staying[:below] + block + staying[below:]


def test_a_drop_that_changes_nothing_is_no_command() -> None:
    doc = sample_document()
    assert move_layers_into_gap(doc, ["tears"], 1) is None
    command = move_layers_into_gap(doc, ["top"], 3)
    assert command is not None
    command.apply(doc)
    assert [layer.id for layer in doc.layers] == ["tears", "mask", "top"]


def test_one_change_to_several_layers_is_one_command() -> None:
    doc = sample_document()
    hide = EditLayers(
        [SetLayerProperties(i, {"visible": False}) for i in ("top", "mask")], "Hide layers"
    )
    hide.apply(doc)
    assert not doc.layer("top").visible and not doc.layer("mask").visible
    hide.revert(doc)
    assert doc.layer("top").visible and doc.layer("mask").visible


def test_setting_an_unknown_property_is_refused() -> None:
    with pytest.raises(AttributeError):
        SetLayerProperties("top", {"no_such_thing": 1}).apply(sample_document())


def test_views_hear_what_changed() -> None:
    doc = sample_document()
    heard: list[DocumentChanged] = []
    doc.events.connect(heard.append)
    MoveLayers(["top"], 1, 1).apply(doc)
    set_caption_text("top", "x").apply(doc)
    AddLayers([TearLayer(id="more")]).apply(doc)
    assert [(e.kind, e.layer_ids) for e in heard] == [
        (Change.TRANSFORM, ("top",)),
        (Change.CONTENT, ("top",)),
        (Change.LAYERS, ("more",)),
    ]
    doc.events.disconnect(heard.append)
    SetTitle("quiet").apply(doc)
    assert len(heard) == 3


def test_growing_the_top_band_keeps_layers_on_the_same_spot_of_the_photo() -> None:
    doc = sample_document()
    SetBand(Band(top=0.25)).apply(doc)
    assert doc.canvas_size == (800, 750)
    assert doc.base_origin == (0, 150)
    assert doc.layer("top").transform.y == 230


def roundtrip(doc: MemeDocument) -> MemeDocument:
    return document_from_dict(json.loads(json.dumps(document_to_dict(doc))), doc.assets)


def test_json_roundtrip_keeps_everything() -> None:
    doc = sample_document()
    doc.record("saved", "fine.maskmeme")
    assert roundtrip(doc) == doc


layer_strategy = st.one_of(
    st.builds(
        CaptionLayer,
        text=st.text(max_size=50),
        font_size=st.floats(1, 500),
        align=st.sampled_from(["left", "center", "right"]),
        transform=st.builds(Transform, st.floats(-1e4, 1e4), st.floats(-1e4, 1e4)),
    ),
    st.builds(
        TearLayer,
        points=st.lists(st.tuples(st.floats(-500, 500), st.floats(-500, 500)), max_size=20),
        seed=st.integers(0, 2**31 - 1),
        mode=st.sampled_from(["stream", "drop"]),
        opacity=st.floats(0, 1),
        start_ms=st.none() | st.integers(0, 1000),
        end_ms=st.none() | st.integers(1001, 60_000),
    ),
)


@given(st.lists(layer_strategy, max_size=6))
@settings(max_examples=60, deadline=None)
def test_any_document_survives_json(layers: list[Layer]) -> None:
    doc = MemeDocument(layers=layers)
    assert roundtrip(doc) == doc


def valid_data() -> dict[str, Any]:
    return json.loads(json.dumps(document_to_dict(sample_document())))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d.pop("schema"), "schema version"),
        (lambda d: d.update(schema=SCHEMA_VERSION + 1), "newer maskmeme"),
        (lambda d: d.update(schema=0), "not supported"),
        (lambda d: d.update(base_size=[0, 10]), "out of range"),
        (lambda d: d.update(layers="nope"), "layer list"),
        (lambda d: d["layers"][0].update(kind="hologram"), "unknown layer kind"),
        (lambda d: d["layers"][0].update(align="diagonal"), "align must be"),
        (lambda d: d["layers"][0].update(fill="red"), "not a colour"),
        (lambda d: d["layers"][0].update(opacity=7), "out of range"),
        (lambda d: d["layers"][0].update(font_size=float("nan")), "not a number"),
        (lambda d: d["layers"][1].update(points=[[1, 2, 3]]), "pair of numbers"),
        (lambda d: d["layers"][2].update(asset="gone.png"), "missing"),
        (lambda d: d["layers"][1].update(id="top"), "share an id"),
        (lambda d: d["layers"][0].update(visible="yes"), "true or false"),
        (lambda d: d.update(metadata={"title": 5}), "not text"),
        (lambda d: d["layers"][0].update(transform={"y": 1}), "malformed"),
        (lambda d: d["layers"][1].update(style="watercolour"), "style must be"),
        (lambda d: d["layers"][0].update(start_ms=1.5), "whole number of milliseconds"),
        (lambda d: d["layers"][0].update(end_ms=-10), "out of range"),
        (lambda d: d["layers"][0].update(start_ms=900, end_ms=500), "ends at 500 ms"),
    ],
)
def test_malformed_documents_raise_a_typed_error(damage: Any, message: str) -> None:
    data = valid_data()
    damage(data)
    with pytest.raises(DocumentFormatError, match=message):
        document_from_dict(data, sample_document().assets)


@given(
    st.recursive(
        st.none() | st.booleans() | st.floats() | st.text(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
    )
)
@settings(max_examples=200, deadline=None)
def test_arbitrary_json_is_either_a_document_or_a_typed_error(data: Any) -> None:
    with contextlib.suppress(DocumentFormatError):
        document_from_dict(data)


@pytest.mark.parametrize("style", ["realistic", "cartoon", "flood", "single"])
def test_a_tear_style_survives_saving(style: str) -> None:
    doc = sample_document()
    tears = doc.layer("tears")
    assert isinstance(tears, TearLayer)
    tears.style = style  # type: ignore[assignment]
    data = json.loads(json.dumps(document_to_dict(doc)))
    assert data["layers"][1]["style"] == style
    loaded = document_from_dict(data, doc.assets).layer("tears")
    assert isinstance(loaded, TearLayer) and loaded.style == style


def test_layers_saved_before_time_ranges_show_all_the_time() -> None:
    data = valid_data()
    for layer in data["layers"]:
        del layer["start_ms"], layer["end_ms"]
    doc = document_from_dict(data, sample_document().assets)
    assert all(layer.start_ms is None and layer.end_ms is None for layer in doc.layers)
    assert all(layer.shown_at(t) for layer in doc.layers for t in (None, 0, 10**6))


def test_a_time_range_survives_saving_and_says_when_the_layer_shows() -> None:
    doc = sample_document()
    doc.layers[0].start_ms, doc.layers[0].end_ms = 500, 1500
    layer = roundtrip(doc).layers[0]
    assert (layer.start_ms, layer.end_ms) == (500, 1500)
    assert [layer.shown_at(t) for t in (None, 0, 499, 500, 1499, 1500)] == [
        True, False, False, True, True, False,
    ]  # fmt: skip


def test_tears_saved_before_styles_load_as_realistic() -> None:
    data = valid_data()
    del data["layers"][1]["style"]  # the same schema: style is optional, not a new version
    loaded = document_from_dict(data, sample_document().assets).layer("tears")
    assert isinstance(loaded, TearLayer) and loaded.style == "realistic"


def test_migrations_upgrade_older_schemas(monkeypatch: pytest.MonkeyPatch) -> None:
    def rename_title(data: dict[str, Any]) -> dict[str, Any]:
        data["metadata"] = {"title": data.pop("name")}
        return data

    monkeypatch.setitem(MIGRATIONS, SCHEMA_VERSION - 1, rename_title)
    data = valid_data()
    data.pop("metadata")
    data.update(schema=SCHEMA_VERSION - 1, name="old meme")
    assert document_from_dict(data, sample_document().assets).metadata.title == "old meme"


def test_a_snapshot_is_independent_of_later_edits() -> None:
    doc = sample_document()
    heard: list[DocumentChanged] = []
    doc.events.connect(heard.append)
    copy_for_worker = doc.snapshot()
    MoveLayers(["top"], 10, 0).apply(doc)
    assert copy_for_worker.layer("top").transform == Transform(400, 80)
    assert copy_for_worker.assets["base.png"] is doc.assets["base.png"]
    MoveLayers(["top"], 1, 0).apply(copy_for_worker)
    assert len(heard) == 1  # the snapshot has no listeners
