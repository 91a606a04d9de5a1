"""`maskmeme render` and `maskmeme templates`, driven as a user would: in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

from maskmeme_gui.fileio.newlayers import CLASSIC_SLOTS
from maskmeme_gui.fileio.project import save_project
from maskmeme_gui.fileio.starters import (
    CaptionRequest,
    add_captions,
    document_from_template,
)
from maskmeme_gui.fileio.templates import get_template, load_templates
from maskmeme_gui.render.compose import render_document


def maskmeme(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "maskmeme_gui", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=120)


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int, words: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert words in lines[0]


@pytest.fixture
def portrait(tmp_path: Path) -> Path:
    """A photo-like portrait: a face-coloured oval with two dark eyes on a blue backdrop."""
    image = Image.new("RGB", (600, 800), (70, 110, 160))
    draw = ImageDraw.Draw(image)
    draw.ellipse((130, 120, 470, 620), fill=(222, 180, 150))
    for x in (240, 360):
        draw.ellipse((x - 22, 320, x + 22, 350), fill=(60, 40, 30))
    path = tmp_path / "portrait.jpg"
    image.save(path, quality=90)
    return path


def test_templates_lists_every_built_in_template() -> None:
    result = maskmeme("templates")
    assert result.returncode == 0
    for template in load_templates():
        assert template.id in result.stdout


@pytest.mark.parametrize("template", [t.id for t in load_templates()])
def test_render_from_each_template(template: str, tmp_path: Path) -> None:
    out = tmp_path / "meme.png"
    result = maskmeme("render", template, "-o", out, "--top", "I'm fine", "--width", "360")
    assert result.returncode == 0, result.stderr
    with Image.open(out) as image:
        assert image.format == "PNG"
        assert image.width == 360


def test_render_a_photo_with_captions_tears_and_quality(portrait: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain.jpg"
    assert maskmeme("render", portrait, "-o", plain, "--tears", "none").returncode == 0
    out = tmp_path / "meme.jpg"
    result = maskmeme(
        "render", portrait, "-o", out,
        "--top", "how I look", "--bottom", "how I feel",
        "--caption", "(not fine)", "--at", "0.5,0.55",
        "--eyes", "0.4,0.42,0.6,0.42", "--quality", "80",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    with Image.open(out) as meme, Image.open(plain) as bare:
        assert meme.size == (600, 800)
        # The captions change the top band; the tears change the cheeks under the eyes.
        top = meme.crop((0, 0, 600, 160)).convert("L")
        assert top.getextrema()[1] > 240 and top.getextrema()[0] < 30
        cheek_box = (200, 360, 280, 500)
        difference = ImageChops.difference(
            meme.crop(cheek_box).convert("L"), bare.crop(cheek_box).convert("L")
        )
        assert ImageStat.Stat(difference).mean[0] > 2


def test_the_same_command_gives_the_same_pixels(tmp_path: Path) -> None:
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    for out in (first, second):
        assert maskmeme("render", "masked-face", "-o", out, "--width", "300").returncode == 0
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["render", "masked-face"], "required"),
        (["render", "masked-face", "-o", "x.png", "--tears", "sideways"], "invalid choice"),
        (["render", "masked-face", "-o", "x.png", "--caption", "hi"], "--at"),
        (["render", "masked-face", "-o", "x.png", "--caption", "hi", "--at", "2,3"], "fractions"),
        (["render", "masked-face", "-o", "x.bmpx"], "x.bmpx"),
        (["render", "masked-face", "-o", "x.png", "--template", "nope"], "nope"),
        (["render", "masked-face", "-o", "x.png", "--quality", "0"], "quality"),
        (["render", "masked-face", "-o", "x.png", "--eyes", "0.5"], "--eyes"),
        (["render"], "required"),
    ],
)
def test_bad_usage_exits_2_with_one_line(args: list[str], words: str, tmp_path: Path) -> None:
    assert_one_line_error(maskmeme(*args, cwd=tmp_path), 2, words)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("random.png", bytes(range(256)) * 10, "random.png"),
        ("empty.jpg", b"", "empty.jpg"),
        ("notes.txt", b"just some words", "notes.txt"),
    ],
)
def test_a_bad_input_file_exits_3_with_one_line(
    name: str, content: bytes, words: str, tmp_path: Path
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    result = maskmeme("render", bad, "-o", tmp_path / "out.png")
    assert_one_line_error(result, 3, words)
    assert not (tmp_path / "out.png").exists()


def test_a_missing_input_or_unknown_template_exits_3(tmp_path: Path) -> None:
    result = maskmeme("render", "no-such-thing", "-o", tmp_path / "out.png", cwd=tmp_path)
    assert_one_line_error(result, 3, "no-such-thing")


def test_a_directory_as_input_exits_3(tmp_path: Path) -> None:
    result = maskmeme("render", tmp_path, "-o", tmp_path / "out.png")
    assert_one_line_error(result, 3, str(tmp_path.name))


def test_an_unwritable_output_exits_4(tmp_path: Path) -> None:
    result = maskmeme("render", "masked-face", "-o", tmp_path / "missing" / "out.png")
    assert_one_line_error(result, 4, "out.png")


def test_render_a_saved_project_as_it_was_saved(tmp_path: Path) -> None:
    doc = document_from_template(get_template("masked-face"))
    add_captions(doc, [CaptionRequest("saved caption", "top")], tuple(CLASSIC_SLOTS))
    project = tmp_path / "meme.maskmeme"
    save_project(doc, project)
    out = tmp_path / "meme.png"
    result = maskmeme("render", project, "-o", out)
    assert result.returncode == 0, result.stderr
    with Image.open(out) as rendered:
        expected = render_document(doc)
        assert rendered.size == expected.size
        difference = ImageChops.difference(rendered.convert("RGB"), expected)
        assert max(ImageStat.Stat(difference).mean) < 1


def test_a_damaged_project_exits_3_with_one_line(tmp_path: Path) -> None:
    project = tmp_path / "broken.maskmeme"
    project.write_bytes(b"PK\x03\x04 not really a zip")
    result = maskmeme("render", project, "-o", tmp_path / "out.png")
    assert_one_line_error(result, 3, "broken.maskmeme")


def test_faces_on_a_picture_without_a_face_prints_none(tmp_path: Path) -> None:
    blank = tmp_path / "wall.png"
    Image.new("RGB", (320, 240), (200, 190, 170)).save(blank)
    result = maskmeme("faces", blank)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "no face found in wall.png"
    as_json = maskmeme("faces", "--json", blank)
    assert json.loads(as_json.stdout) == {"width": 320, "height": 240, "faces": []}


def test_faces_reports_the_size_as_shown_after_exif_orientation(tmp_path: Path) -> None:
    photo = tmp_path / "turned.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # stored landscape, shown a quarter turn round: portrait
    Image.new("RGB", (300, 200), (120, 130, 140)).save(photo, exif=exif)
    result = maskmeme("faces", "--json", photo)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert (found["width"], found["height"]) == (200, 300)


def test_faces_on_a_bad_file_exits_3_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "notes.jpg"
    bad.write_text("not a picture")
    assert_one_line_error(maskmeme("faces", bad), 3, "notes.jpg")


def test_render_says_in_one_line_when_no_face_is_found_and_still_cries(
    portrait: Path, tmp_path: Path
) -> None:
    out = tmp_path / "meme.png"
    blank = tmp_path / "blank.png"
    Image.new("RGB", (600, 800), (70, 110, 160)).save(blank)
    result = maskmeme("render", blank, "-o", out)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no face found in blank.png" in lines[0]
    with Image.open(out) as meme:
        # The typical portrait's tears are there: the picture is no longer one colour.
        assert meme.convert("L").getextrema()[0] != meme.convert("L").getextrema()[1]


def test_an_unknown_mask_is_bad_usage(portrait: Path, tmp_path: Path) -> None:
    result = maskmeme("render", portrait, "-o", tmp_path / "m.png", "--mask", "party-hat")
    assert_one_line_error(result, 2, "--mask takes auto, none or a mask: surgical-mask")


ASTRONAUT = Path(__file__).parent / "data" / "faces" / "astronaut.jpg"


def test_faces_json_finds_the_astronauts_eyes_left_to_right() -> None:
    result = maskmeme("faces", "--json", ASTRONAUT)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert (found["width"], found["height"]) == (512, 512)
    [face] = found["faces"]
    assert set(face) >= {"box", "eyes", "score"} and len(face["box"]) == 4
    (lx, ly), (rx, ry) = face["eyes"]
    distance = ((rx - lx) ** 2 + (ry - ly) ** 2) ** 0.5
    for (x, y), (kx, ky) in zip(face["eyes"], ((203, 101), (247, 103)), strict=True):
        assert ((x - kx) ** 2 + (y - ky) ** 2) ** 0.5 <= 0.25 * distance
    assert lx < rx


def test_render_puts_the_mask_and_styled_tears_on_the_face_it_finds() -> None:
    from maskmeme_gui.headless import build_document, build_parser
    from maskmeme_gui.model.layers import StickerLayer, TearLayer

    args = build_parser().parse_args(
        ["render", str(ASTRONAUT), "-o", "unused.png", "--mask", "cloth-mask",
         "--tear-style", "cartoon"]
    )  # fmt: skip
    doc = build_document(args)
    mask, *tears = doc.layers
    assert isinstance(mask, StickerLayer) and mask.name == "Cloth mask"
    assert len(tears) == 2 and all(isinstance(t, TearLayer) for t in tears)
    assert {t.style for t in tears if isinstance(t, TearLayer)} == {"cartoon"}
    # Each tear starts just under an eye, not where a typical portrait's eyes would be.
    assert abs(tears[0].transform.x - 203) < 12 and abs(tears[1].transform.x - 247) < 12


def test_a_photo_with_damaged_exif_renders_without_pillow_s_warnings(tmp_path: Path) -> None:
    import io
    import struct

    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (180, 140, 120)).save(buffer, "JPEG")
    good = buffer.getvalue()
    # An EXIF segment whose first directory lies past its end.
    exif = b"Exif\x00\x00MM\x00\x2a\x00\x00\xff\xff\xff\xf0" + b"\x00" * 24
    photo = tmp_path / "damaged-exif.jpg"
    photo.write_bytes(good[:2] + b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif + good[2:])
    for args in (["render", photo, "-o", tmp_path / "out.png"], ["faces", photo, "--json"]):
        result = maskmeme(*args)
        assert result.returncode == 0, result.stderr
        assert "Warning" not in result.stderr and "PIL" not in result.stderr
