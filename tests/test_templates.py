"""The built-in template catalogue: it loads, its pictures match it, broken copies are refused."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageStat

from maskmeme_gui.fileio.templates import (
    TearPosition,
    Template,
    TemplateCatalogueError,
    UnknownTemplateError,
    get_template,
    load_catalogue,
    load_templates,
)
from maskmeme_gui.locate import resource_path

TEMPLATES = load_templates()
EXPECTED_IDS = {"masked-face", "smile-mask", "photo-frame"}


def by_id(template: Template) -> str:
    return template.id


@pytest.fixture
def catalogue_copy(tmp_path: Path) -> Path:
    """A private copy of the templates folder, to break without touching the real one."""
    folder = tmp_path / "templates"
    shutil.copytree(resource_path("templates"), folder)
    return folder / "templates.json"


def rewrite(path: Path, change: Any) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


# --- the catalogue ----------------------------------------------------------------------------


def test_the_catalogue_has_the_promised_templates() -> None:
    ids = [template.id for template in TEMPLATES]
    assert len(ids) >= 3
    assert len(ids) == len(set(ids))
    assert set(ids) >= EXPECTED_IDS


def test_load_templates_is_cached_but_hands_out_its_own_list() -> None:
    first = load_templates()
    first.clear()
    again = load_templates()
    assert again == TEMPLATES
    assert all(a is b for a, b in zip(again, load_templates(), strict=True))


def test_get_template_finds_each_id() -> None:
    for template in TEMPLATES:
        assert get_template(template.id) is template


def test_an_unknown_id_names_the_ones_that_exist() -> None:
    with pytest.raises(UnknownTemplateError) as caught:
        get_template("no-such-template")
    assert isinstance(caught.value, KeyError)
    message = str(caught.value)
    assert message == caught.value.args[0]  # no KeyError quoting around it
    assert "no-such-template" in message
    for template in TEMPLATES:
        assert template.id in message


@pytest.mark.parametrize("template", TEMPLATES, ids=by_id)
def test_text_fields_are_filled_in(template: Template) -> None:
    assert template.name.strip() and template.description.strip()
    assert template.keywords and template.meaning_tags
    assert template.file == f"{template.id}.png"


@pytest.mark.parametrize("template", TEMPLATES, ids=by_id)
def test_every_template_offers_top_and_bottom_captions(template: Template) -> None:
    # `maskmeme render TEMPLATE --top ... --bottom ...` relies on both.
    assert {"top", "bottom"} <= {slot.id for slot in template.caption_slots}
    assert template.caption_slot("top").y < template.caption_slot("bottom").y
    with pytest.raises(KeyError, match="middle"):
        template.caption_slot("middle")


# --- the pictures -----------------------------------------------------------------------------


@pytest.mark.parametrize("template", TEMPLATES, ids=by_id)
def test_the_picture_exists_at_its_declared_size(template: Template) -> None:
    assert template.image_path.is_file()
    assert template.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(template.image_path) as image:
        image.verify()
    with Image.open(template.image_path) as image:
        assert image.format == "PNG"
        assert image.size == template.size
        assert min(image.size) >= 800 and max(image.size) <= 2000
    assert template.image_path.stat().st_size < 1_500_000


@pytest.mark.parametrize("template", TEMPLATES, ids=by_id)
def test_every_fraction_is_a_fraction(template: Template) -> None:
    for slot in template.caption_slots:
        for value in (slot.x, slot.y, slot.width, slot.height):
            assert 0 <= value <= 1
        # The whole box, not only its centre, fits on the canvas.
        assert slot.width / 2 <= slot.x <= 1 - slot.width / 2 + 1e-9
        assert slot.height / 2 <= slot.y <= 1 - slot.height / 2 + 1e-9
    for tear in template.tear_positions:
        assert 0 < tear.width < 0.1
        assert all(0 <= value <= 1 for value in tear.eye)
    if template.band is not None:
        assert 0 <= template.band.top <= 1 and 0 <= template.band.bottom <= 1


@pytest.mark.parametrize("template", TEMPLATES, ids=by_id)
def test_tears_start_on_the_picture_and_stay_on_it(template: Template) -> None:
    width, height = template.size
    for tear in template.tear_positions:
        eye_x, eye_y = tear.eye_pixels(template.size)
        assert tear.path[0] == (0.0, 0.0)
        for dx, dy in tear.path_pixels(template.size):
            assert 0 <= eye_x + dx <= width and 0 <= eye_y + dy <= height


@pytest.mark.parametrize("template", TEMPLATES, ids=by_id)
def test_every_crying_face_has_a_tear_per_eye_running_down_and_outwards(
    template: Template,
) -> None:
    """A picture may hold several faces (friends, a video call): each one that cries does so
    from both eyes, and every tear, not only the last one per side, follows its cheek."""
    size = template.size
    lefts = [tear for tear in template.tear_positions if tear.side == "left"]
    rights = [tear for tear in template.tear_positions if tear.side == "right"]
    assert lefts and len(lefts) == len(rights)
    partners = set()
    for left in lefts:
        lx, ly = left.eye_pixels(size)
        beside = [r for r in rights if r.eye_pixels(size)[0] > lx]
        assert beside, "a left eye has its face's right eye to its right"
        right = min(beside, key=lambda r: math.dist(r.eye_pixels(size), (lx, ly)))
        assert abs(right.eye_pixels(size)[1] - ly) < 0.05 * size[1], "two eyes of one face"
        partners.add(rights.index(right))
    assert len(partners) == len(rights), "each face's right eye belongs to one left eye"
    for tear in template.tear_positions:
        steps = list(zip(tear.path, tear.path[1:], strict=False))
        assert all(b[1] > a[1] for a, b in steps), "a tear runs downhill"
        end_dx, end_dy = tear.path[-1]
        assert end_dy > 0.08, "a tear runs a good way down the cheek"
        outwards = end_dx < 0 if tear.side == "left" else end_dx > 0
        assert outwards, f"a {tear.side} tear at {tear.eye} drifts outwards, following the cheek"


def region_spread(image: Image.Image, centre: tuple[float, float], half: float) -> float:
    x, y = centre
    box = (round(x - half), round(y - 2 * half), round(x + half), round(y + half / 2))
    return max(ImageStat.Stat(image.crop(box).convert("L")).stddev)


@pytest.mark.parametrize("template", TEMPLATES, ids=by_id)
def test_each_tear_starts_under_a_drawn_eye(template: Template) -> None:
    """Round each tear's start (the eye above it included) is detail, not flat backdrop."""
    with Image.open(template.image_path) as image:
        image.load()
    half = 0.04 * template.size[0]
    backdrop = region_spread(image, (half * 1.5, half * 2.5), half)
    assert backdrop < 8, "the corner of every template is plain backdrop"
    for tear in template.tear_positions:
        spread = region_spread(image, tear.eye_pixels(template.size), half)
        assert spread > 40, f"{tear.side} tear of {template.id}: no eye there ({spread:.1f})"


def test_tear_position_converts_to_pixels() -> None:
    tear = TearPosition(side="left", eye=(0.25, 0.5), path=((0, 0), (-0.1, 0.2)), width=0.02)
    assert tear.eye_pixels((800, 400)) == (200, 200)
    assert tear.path_pixels((800, 400)) == [(0, 0), (-40, 80)]  # both in picture heights
    assert tear.width_pixels((800, 400)) == 16


# --- broken catalogues ------------------------------------------------------------------------


def test_a_private_copy_loads_with_its_own_pictures(catalogue_copy: Path) -> None:
    copies = load_catalogue(catalogue_copy)
    assert [t.id for t in copies] == [t.id for t in TEMPLATES]
    assert all(t.image_path.parent == catalogue_copy.parent for t in copies)
    assert copies == TEMPLATES  # the folder is not part of a template's identity


def _drop_name(data: list[dict[str, Any]]) -> None:
    del data[0]["name"]


def _eye_off_the_picture(data: list[dict[str, Any]]) -> None:
    data[0]["tear_positions"][0]["eye"] = [0.5, 1.5]


def _slot_too_wide(data: list[dict[str, Any]]) -> None:
    data[0]["caption_slots"][0]["width"] = 1.2


def _slot_without_y(data: list[dict[str, Any]]) -> None:
    del data[0]["caption_slots"][1]["y"]


def _bad_side(data: list[dict[str, Any]]) -> None:
    data[0]["tear_positions"][0]["side"] = "middle"


def _size_as_text(data: list[dict[str, Any]]) -> None:
    data[0]["size"] = "1200x1200"


def _twin_ids(data: list[dict[str, Any]]) -> None:
    data[1]["id"] = data[0]["id"]


def _path_escape(data: list[dict[str, Any]]) -> None:
    data[0]["file"] = "../secrets.png"


def _missing_picture(data: list[dict[str, Any]]) -> None:
    data[0]["file"] = "gone.png"


def _keywords_not_a_list(data: list[dict[str, Any]]) -> None:
    data[0]["keywords"] = "mask"


def _negative_band(data: list[dict[str, Any]]) -> None:
    data[0]["band"] = {"top": -0.2}


BREAKAGES = {
    "missing field": (_drop_name, "'name'"),
    "eye fraction out of range": (_eye_off_the_picture, "eye y"),
    "slot wider than the canvas": (_slot_too_wide, "caption_slots[0].width"),
    "slot without y": (_slot_without_y, "caption_slots[1].y is missing"),
    "unknown side": (_bad_side, "side"),
    "size not a pair": (_size_as_text, "'size'"),
    "duplicate id": (_twin_ids, "used twice"),
    "file outside the folder": (_path_escape, "plain file name"),
    "missing picture": (_missing_picture, "gone.png is missing"),
    "keywords not a list": (_keywords_not_a_list, "'keywords'"),
    "negative band": (_negative_band, "band.top"),
}


@pytest.mark.parametrize("breakage", BREAKAGES.values(), ids=BREAKAGES.keys())
def test_a_broken_catalogue_is_refused_with_a_clear_message(
    catalogue_copy: Path, breakage: tuple[Any, str]
) -> None:
    change, words = breakage
    rewrite(catalogue_copy, change)
    with pytest.raises(TemplateCatalogueError) as caught:
        load_catalogue(catalogue_copy)
    message = str(caught.value)
    assert words in message
    assert str(catalogue_copy) in message


def test_a_catalogue_that_is_not_json_is_refused(catalogue_copy: Path) -> None:
    catalogue_copy.write_text("[{'id': ", encoding="utf-8")
    with pytest.raises(TemplateCatalogueError, match="not valid JSON"):
        load_catalogue(catalogue_copy)


@pytest.mark.parametrize("content", ["{}", "[]", '"templates"'])
def test_a_catalogue_that_is_not_a_list_of_templates_is_refused(
    catalogue_copy: Path, content: str
) -> None:
    catalogue_copy.write_text(content, encoding="utf-8")
    with pytest.raises(TemplateCatalogueError, match="non-empty list"):
        load_catalogue(catalogue_copy)


def test_a_missing_catalogue_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TemplateCatalogueError, match="cannot read"):
        load_catalogue(tmp_path / "templates.json")
