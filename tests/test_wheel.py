"""The wheel carries every asset: build it, install it into a fresh venv without Qt, render."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import PIL
import pytest

import maskmeme_gui

CHECKOUT = Path(maskmeme_gui.__file__).resolve().parents[2]


def _run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True, cwd=cwd)
    assert result.returncode == 0, f"{command}: {result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out, CHECKOUT)
    (built,) = out.glob("maskmeme-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_holds_the_resources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "maskmeme_gui/resources/fonts/Anton-Regular.ttf",
        "maskmeme_gui/resources/fonts/Anton-OFL.txt",
        "maskmeme_gui/resources/fonts/DejaVuSans.ttf",
        "maskmeme_gui/resources/templates/templates.json",
    ):
        assert required in names


@pytest.mark.slow
def test_the_installed_wheel_renders_a_meme_without_qt(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    _run(python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", wheel)
    # Pillow, appdirs, NumPy and OpenCV come from this environment through a .pth file, so the
    # test needs no network; PySide6 is deliberately not made available.
    shared = tmp_path / "shared"
    shared.mkdir()
    site = Path(PIL.__file__).parents[1]
    for name in (
        "PIL",
        "pillow.libs",
        "appdirs.py",
        "numpy",
        "numpy.libs",
        "cv2",
        "opencv_python_headless.libs",
    ):
        if (site / name).exists():
            (shared / name).symlink_to(site / name)
    purelib = _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
    Path(purelib.stdout.strip(), "shared.pth").write_text(f"{shared}\n")

    assert subprocess.run([python, "-c", "import PySide6"], capture_output=True).returncode != 0
    out = tmp_path / "meme.jpg"
    maskmeme = env_dir / "bin" / "maskmeme"
    _run(
        maskmeme,
        "render",
        "masked-face",
        "-o",
        out,
        "--top",
        "fine",
        "--width",
        "400",
        cwd=tmp_path,
    )
    assert out.stat().st_size > 5000
    listing = _run(maskmeme, "templates", cwd=tmp_path)
    assert "masked-face" in listing.stdout
    # The face-finding models travel in the wheel too: the meme just drawn has a face.
    found = json.loads(_run(maskmeme, "faces", "--json", out, cwd=tmp_path).stdout)
    assert found["width"] == 400 and found["faces"]
