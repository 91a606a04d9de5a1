"""Maintainer tool: render maskmeme's app icon from its SVG sources into every format we ship.

    python packaging/icons/build_icons.py           # rewrite resources/icons/
    python packaging/icons/build_icons.py --check   # exit 1 if the committed files are stale

Sources (drawn by hand, see the comments inside them):
    resources/icons/maskmeme.svg        the master, used from 32 px up
    resources/icons/maskmeme-small.svg  the same face on a 16 px grid, used for 16, 22 and 24 px

Outputs, all committed so that neither the app, the tests nor `make dist` need an SVG renderer:
    resources/icons/hicolor/NxN/apps/io.github.maskmeme.maskmeme.png   N = 16 .. 512
    resources/icons/maskmeme.ico    Windows: 16 .. 256 px, for the PyInstaller .exe
    resources/icons/maskmeme.icns   macOS: 16 .. 1024 px, for the .app bundle

Needs `rsvg-convert` (Debian: librsvg2-bin), the renderer GNOME itself uses for icons, and
Pillow (already a dependency of the app).
"""

from __future__ import annotations

import argparse
import io
import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops, ImageStat

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"
APP_ID = "io.github.maskmeme.maskmeme"
MASTER = ICONS / "maskmeme.svg"
SMALL = ICONS / "maskmeme-small.svg"

HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
SMALL_SIZES = frozenset({16, 22, 24})
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest size an .ico can hold
# Apple's PNG-carrying icns element types and their pixel sizes. ic11..ic14 are the @2x
# (Retina) variants. Pillow's own ICNS writer leaves out 16 px, so the file is written here.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def hicolor_path(root: Path, size: int) -> Path:
    return root / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def rasterise(svg: Path, size: int, workdir: Path) -> Image.Image:
    exe = shutil.which("rsvg-convert")
    if exe is None:
        sys.exit("build_icons: rsvg-convert is missing (Debian: apt-get install librsvg2-bin)")
    out = workdir / f"{svg.stem}-{size}.png"
    subprocess.run(
        [exe, "--width", str(size), "--height", str(size), "--format", "png", "-o", out, svg],
        check=True,
    )
    with Image.open(out) as image:
        return image.convert("RGBA")


def png_bytes(image: Image.Image) -> bytes:
    # Re-encoded by Pillow without metadata, so the bytes depend only on the pixels.
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def icns_bytes(images: dict[int, Image.Image]) -> bytes:
    """An .icns file: b"icns", total length, then (type, length, PNG data) per element."""
    elements = b""
    for kind, size in ICNS_TYPES:
        data = png_bytes(images[size])
        elements += kind + struct.pack(">I", 8 + len(data)) + data
    return b"icns" + struct.pack(">I", 8 + len(elements)) + elements


def build(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        sizes = sorted({*HICOLOR_SIZES, *ICO_SIZES, *(size for _, size in ICNS_TYPES)})
        images = {
            size: rasterise(SMALL if size in SMALL_SIZES else MASTER, size, workdir)
            for size in sizes
        }
    for size in HICOLOR_SIZES:
        target = hicolor_path(out, size)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png_bytes(images[size]))
    largest = images[max(ICO_SIZES)]
    largest.save(
        out / "maskmeme.ico",
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != largest.width],
    )
    (out / "maskmeme.icns").write_bytes(icns_bytes(images))


def same_pixels(a: Image.Image, b: Image.Image) -> bool:
    """Equal up to antialiasing noise: another librsvg or cairo version may shade edge pixels a
    little differently, while any change to the drawing moves the mean far more than 1/255."""
    if a.size != b.size:
        return False
    diff = ImageChops.difference(a.convert("RGBA"), b.convert("RGBA"))
    return max(ImageStat.Stat(diff).mean) <= 1.0


def icns_elements(data: bytes) -> dict[bytes, Image.Image]:
    """The pictures of an .icns file by element type (the inverse of icns_bytes)."""
    elements, offset = {}, 8
    while offset < len(data):
        kind = data[offset : offset + 4]
        (length,) = struct.unpack(">I", data[offset + 4 : offset + 8])
        elements[kind] = Image.open(io.BytesIO(data[offset + 8 : offset + length]))
        offset += length
    return elements


def ico_frames(path: Path) -> dict[int, Image.Image]:
    with Image.open(path) as ico:
        return {size[0]: ico.ico.getimage(size).copy() for size in ico.info["sizes"]}


def same_sets(new: Mapping[Any, Image.Image], old: Mapping[Any, Image.Image]) -> bool:
    return new.keys() == old.keys() and all(same_pixels(new[k], old[k]) for k in new)


def stale_files(fresh: Path) -> list[Path]:
    """Files under resources/icons/ whose pictures differ from a fresh build in `fresh`.

    Pixels are compared, not bytes: another zlib may encode the same picture differently."""
    pairs: list[tuple[Path, Callable[[Path], Mapping[Any, Image.Image]]]] = [
        (hicolor_path(ICONS, size).relative_to(ICONS), lambda p: {0: Image.open(p)})
        for size in HICOLOR_SIZES
    ]
    pairs += [
        (Path("maskmeme.ico"), ico_frames),
        (Path("maskmeme.icns"), lambda p: icns_elements(p.read_bytes())),
    ]
    stale = []
    for name, pictures in pairs:
        try:
            current = same_sets(pictures(fresh / name), pictures(ICONS / name))
        except OSError:  # missing or not a picture at all
            current = False
        if not current:
            stale.append(ICONS / name)
    return stale


def check() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp))
        stale = stale_files(Path(tmp))
    for path in stale:
        print(f"stale: {path.relative_to(ROOT)}", file=sys.stderr)
    if stale:
        print("run: python packaging/icons/build_icons.py", file=sys.stderr)
    return 1 if stale else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    if parser.parse_args().check:
        return check()
    build(ICONS)
    print(f"wrote {len(HICOLOR_SIZES)} PNGs, maskmeme.ico and maskmeme.icns in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
