"""Face finding through the real models, on the labelled set in tests/data/faces/.

The finder is deterministic, so each assertion is what the set shows today with room to spare
(the recall table: `.venv/bin/python tests/data/faces/faceset.py`): every photo's eyes are
found within 0.15 eye distances or better where the tests ask for 0.25.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from PIL import Image

from maskmeme_gui import locate
from maskmeme_gui.faces import models
from maskmeme_gui.faces.find import find_faces
from maskmeme_gui.faces.models import FaceModelError, forget_networks
from maskmeme_gui.fileio.face_finding import find_faces_in_file

FACES = Path(__file__).parent / "data" / "faces"
REAL_MODELS = locate.resource_path("models")


def _load_faceset() -> ModuleType:
    spec = importlib.util.spec_from_file_location("faceset", FACES / "faceset.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["faceset"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


faceset = _load_faceset()
TOLERANCE, PICTURES = faceset.load_set()
BY_FILE = {picture.file: picture for picture in PICTURES}
# Every photo whose two eyes can be seen: plain, turned, small, and all the masked copies (the
# product's mask drawn over the cameraman's face hides nothing above it).
PHOTOS_WITH_BOTH_EYES = [p.file for p in PICTURES if p.kind == "photo" and p.file != "camera.png"]


def test_the_set_is_what_the_readme_says() -> None:
    assert TOLERANCE == 0.25
    assert len(PHOTOS_WITH_BOTH_EYES) == 7
    assert {p.kind for p in PICTURES} == {"photo", "drawing"}
    assert sum(p.masked for p in PICTURES) == len(PICTURES) // 2
    for picture in PICTURES:
        assert picture.path.is_file(), picture.file
        with Image.open(picture.path) as image:
            width, height = image.size
        for x, y in picture.eyes:
            assert 0 < x < width and 0 < y < height, picture.file
        if picture.path.parent == FACES:
            assert picture.path.stat().st_size <= 200 * 1024, picture.file


@pytest.mark.parametrize("name", PHOTOS_WITH_BOTH_EYES)
def test_every_photo_face_is_found_with_both_eyes_in_place(name: str) -> None:
    picture = BY_FILE[name]
    found = find_faces_in_file(picture.path)
    with Image.open(picture.path) as image:
        assert found.size == image.size
    judgement = faceset.judge(picture, [face.eyes for face in found.faces], TOLERANCE)
    assert judgement.hit, f"{name}: {judgement.describe()}"
    assert len(found.faces) == 1, f"{name}: {len(found.faces)} faces for one"


def test_the_profile_is_found_with_its_visible_eye_in_place() -> None:
    # The cameraman's far eye is hidden; only the one that can be seen is asserted.
    picture = BY_FILE["camera.png"]
    faces = find_faces_in_file(picture.path).faces
    assert len(faces) == 1
    error = faceset.judge(picture, [faces[0].eyes], TOLERANCE).errors[0]
    assert error <= TOLERANCE


def test_a_found_face_is_consistent() -> None:
    face = find_faces_in_file(BY_FILE["astronaut.jpg"].path).faces[0]
    x, y, w, h = face.box
    (lx, ly), (rx, ry) = face.eyes
    assert lx < rx
    for px, py in (*face.eyes, face.nose, face.mouth):
        assert x <= px <= x + w and y <= py <= y + h
    assert max(ly, ry) < face.nose[1] < face.mouth[1]  # eyes, then nose, then mouth
    assert 0.5 < face.score <= 1.0
    assert abs(face.tilt) < 10


def test_the_turned_face_has_its_tilt() -> None:
    face = find_faces_in_file(BY_FILE["astronaut-tilted.jpg"].path).faces[0]
    upright = find_faces_in_file(BY_FILE["astronaut.jpg"].path).faces[0]
    # Image.rotate(20) turns counter-clockwise; tilt is clockwise on screen.
    assert face.tilt - upright.tilt == pytest.approx(-20, abs=4)


def test_a_picture_is_searched_at_its_full_size_or_reduced_alike(tmp_path: Path) -> None:
    """A 3x larger copy goes through the reduced decode; its eyes come back at its scale."""
    picture = BY_FILE["astronaut.jpg"]
    with Image.open(picture.path) as image:
        image.resize((image.width * 3, image.height * 3), Image.Resampling.BICUBIC).save(
            tmp_path / "large.jpg", quality=92
        )
    found = find_faces_in_file(tmp_path / "large.jpg")
    assert found.size == (1536, 1536)
    scaled = faceset.Labelled(
        "large.jpg",
        tmp_path / "large.jpg",
        tuple((x * 3, y * 3) for x, y in picture.eyes),
        "photo",
        False,
        "",
    )
    judgement = faceset.judge(scaled, [face.eyes for face in found.faces], TOLERANCE)
    assert judgement.hit, judgement.describe()


@pytest.mark.parametrize(
    "picture",
    [
        pytest.param(lambda: Image.new("RGB", (640, 480), "white"), id="white"),
        pytest.param(lambda: Image.new("RGB", (640, 480), "black"), id="black"),
        pytest.param(lambda: Image.new("L", (31, 17), 128), id="tiny-grey"),
        pytest.param(
            lambda: Image.fromarray(
                np.random.default_rng(7).integers(0, 256, (480, 640, 3), dtype=np.uint8)
            ),
            id="noise",
        ),
        pytest.param(
            lambda: Image.fromarray(
                np.random.default_rng(11).integers(0, 256, (1600, 2400, 3), dtype=np.uint8)
            ).convert("RGBA"),
            id="large-noise-rgba",
        ),
    ],
)
def test_no_face_in_a_picture_without_one(picture: object) -> None:
    assert find_faces(picture()) == []  # type: ignore[operator]


# --- the models cannot run ---------------------------------------------------------------------


@pytest.fixture
def models_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of resources/models/ that the finder loads instead of the real one."""
    root = tmp_path / "resources"
    shutil.copytree(REAL_MODELS, root / "models")
    forget_networks()
    monkeypatch.setattr(locate, "resources_root", lambda: root)
    yield root / "models"
    forget_networks()  # the next test loads the real models again


def _one_sentence(message: str) -> None:
    assert message and "\n" not in message and "Traceback" not in message
    assert len(message) < 400


@pytest.mark.parametrize("name", [models.DETECTOR_FILE, models.LANDMARKS_FILE, models.IRIS_FILE])
@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_a_damaged_model_is_one_readable_error(models_in: Path, name: str, damage: str) -> None:
    path = models_in / name
    data = path.read_bytes()
    path.write_bytes(
        {"truncated": data[: len(data) // 2], "garbage": bytes(range(256)) * 64, "empty": b""}[
            damage
        ]
    )
    with pytest.raises(FaceModelError) as caught:
        find_faces(Image.new("RGB", (64, 64)))
    message = str(caught.value)
    _one_sentence(message)
    assert message.startswith(f"the face-finding model {name} is damaged")


@pytest.mark.parametrize("name", [models.DETECTOR_FILE, models.LANDMARKS_FILE, models.IRIS_FILE])
def test_a_missing_model_is_one_readable_error(models_in: Path, name: str) -> None:
    (models_in / name).unlink()
    with pytest.raises(FaceModelError) as caught:
        find_faces_in_file(BY_FILE["astronaut.jpg"].path)
    message = str(caught.value)
    _one_sentence(message)
    assert message == f"maskmeme's resource models/{name} is missing"


def test_the_models_load_again_once_they_are_back(models_in: Path) -> None:
    (models_in / models.DETECTOR_FILE).write_bytes(b"")
    with pytest.raises(FaceModelError):
        find_faces(Image.new("RGB", (64, 64)))
    shutil.copyfile(REAL_MODELS / models.DETECTOR_FILE, models_in / models.DETECTOR_FILE)
    forget_networks()
    assert len(find_faces_in_file(BY_FILE["astronaut.jpg"].path).faces) == 1


def _run(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)


def test_without_opencv_face_finding_is_one_readable_error() -> None:
    result = _run(
        "import sys\n"
        "sys.modules['cv2'] = None\n"  # any import of OpenCV now raises ImportError
        "from PIL import Image\n"
        "from maskmeme_gui.faces.find import find_faces\n"
        "from maskmeme_gui.faces.models import FaceModelError\n"
        "try:\n"
        "    find_faces(Image.new('RGB', (64, 64)))\n"
        "except FaceModelError as exc:\n"
        "    print(exc)\n"
    )
    assert result.returncode == 0, result.stderr
    message = result.stdout.strip()
    _one_sentence(message)
    assert message.startswith("face finding needs OpenCV, which is not installed")


def test_importing_face_finding_does_not_load_opencv() -> None:
    result = _run(
        "import sys\n"
        "import maskmeme_gui.faces, maskmeme_gui.faces.find, maskmeme_gui.faces.models\n"
        "import maskmeme_gui.fileio.face_finding, maskmeme_gui.fileio.face_layers\n"
        "assert 'maskmeme_gui.faces.find' in sys.modules\n"
        "print(sorted(m for m in sys.modules if m == 'cv2' or m.startswith('cv2.')))\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
