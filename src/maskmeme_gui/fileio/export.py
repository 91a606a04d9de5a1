"""Export of rendered memes as PNG, JPEG, WebP and GIF stills (animations: animation_export.py).

Exports never carry the source photo's metadata (EXIF GPS position, camera, author, XMP, ICC,
comments) unless the user asks for it with `ExportOptions.keep_metadata`; then only the EXIF
block given in `ExportOptions.exif` is written.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal, get_args

from PIL import Image

from maskmeme_gui.fileio.atomic import WriteError, atomic_writer

# WriteError is re-exported: it is what export_image raises on disk errors.
__all__ = [
    "EXPORT_FORMATS",
    "ExportError",
    "ExportFormat",
    "ExportOptions",
    "WriteError",
    "encode_image",
    "export_image",
    "format_for_path",
]

ExportFormat = Literal["PNG", "JPEG", "WEBP", "GIF"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = get_args(ExportFormat)

_FORMAT_FOR_EXTENSION: dict[str, ExportFormat] = {
    ".png": "PNG",
    ".apng": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".webp": "WEBP",
    ".gif": "GIF",
}

_PNG_COMPRESS_LEVEL = 6  # zlib's default: most of the size gain of 9 at a fraction of the time
# GIF has one transparent palette entry and no partial alpha: quantize to 255 colours, keep
# the last index for pixels that are more transparent than opaque.
_GIF_TRANSPARENT_INDEX = 255
_GIF_ALPHA_THRESHOLD = 128


class ExportError(ValueError):
    """The export request itself is invalid; `str()` is fit to show the user."""


@dataclass(frozen=True)
class ExportOptions:
    """How to write an export; invalid values raise `ExportError` on creation."""

    format: ExportFormat = "PNG"
    quality: int = 92
    """1-100, for JPEG and WebP."""
    background: tuple[int, int, int] = (255, 255, 255)
    """Colour under transparent areas in formats without full alpha (JPEG, GIF)."""
    width: int | None = None
    """Resize to this width, keeping the aspect ratio; None keeps the rendered size."""
    keep_metadata: bool = False
    exif: bytes | None = None
    """EXIF block written only when `keep_metadata` is set (e.g. `LoadedImage.exif`)."""

    def __post_init__(self) -> None:
        if self.format not in EXPORT_FORMATS:
            raise ExportError(f"cannot export to {self.format}; use {', '.join(EXPORT_FORMATS)}")
        if not 1 <= self.quality <= 100:
            raise ExportError(f"quality must be between 1 and 100, not {self.quality}")
        if self.width is not None and self.width < 1:
            raise ExportError(f"width must be at least 1 pixel, not {self.width}")


def format_for_path(path: str | os.PathLike[str]) -> ExportFormat:
    """The export format a file name asks for, from its extension."""
    target = Path(path)
    extension = target.suffix.lower()
    if extension in _FORMAT_FOR_EXTENSION:
        return _FORMAT_FOR_EXTENSION[extension]
    problem = (
        f"cannot export to '{target.suffix}' files" if extension else "the name has no extension"
    )
    raise ExportError(f"{target.name}: {problem}; use .png, .jpg, .webp or .gif")


def encode_image(image: Image.Image, options: ExportOptions) -> bytes:
    """The exported file's bytes, for the clipboard or a drag out of the app."""
    buffer = io.BytesIO()
    _save_still(image, buffer, options)
    return buffer.getvalue()


def export_image(image: Image.Image, path: str | os.PathLike[str], options: ExportOptions) -> Path:
    """Write `image` to `path` atomically; raises `WriteError` if the disk refuses."""
    target = Path(path)
    with atomic_writer(target) as fp:
        _save_still(image, fp, options)
    return target




def _save_still(image: Image.Image, fp: IO[bytes], options: ExportOptions) -> None:
    prepared = _prepared(image, options)
    metadata = _metadata_args(options)
    match options.format:
        case "JPEG":
            flat = _flattened(prepared, options.background)
            # Huffman optimisation would save ~5 % of the size at twice the encoding time.
            flat.save(fp, "JPEG", quality=options.quality, **metadata)
        case "PNG":
            prepared.save(fp, "PNG", compress_level=_PNG_COMPRESS_LEVEL, **metadata)
        case "WEBP":
            prepared.save(fp, "WEBP", quality=options.quality, **metadata)
        case "GIF":
            _to_gif_palette(_rgba(prepared), options.background).save(fp, "GIF")






def _prepared(image: Image.Image, options: ExportOptions) -> Image.Image:
    """The image at the export size in RGB or RGBA, with no metadata of its own.

    An opaque RGB meme stays RGB: converting 12 megapixels to RGBA and back costs more than
    encoding them. The caller's image is never modified.
    """
    prepared = image if image.mode in ("RGB", "RGBA") else image.convert("RGBA")
    if options.width is not None and options.width != prepared.width:
        size = _scaled_size(prepared.size, options.width)
        prepared = prepared.resize(size, Image.Resampling.LANCZOS)
    if prepared.info:
        # Pillow's encoders copy parts of `info` (ICC profile, XMP, comments) into the file.
        prepared = prepared.copy() if prepared is image else prepared
        prepared.info = {}
    return prepared


def _rgba(image: Image.Image) -> Image.Image:
    return image if image.mode == "RGBA" else image.convert("RGBA")


def _scaled_size(size: tuple[int, int], width: int) -> tuple[int, int]:
    return width, max(1, round(size[1] * width / size[0]))


def _metadata_args(options: ExportOptions) -> dict[str, bytes]:
    if options.keep_metadata and options.exif:
        return {"exif": options.exif}
    return {}


def _flattened(rgba: Image.Image, background: tuple[int, int, int]) -> Image.Image:
    if rgba.mode == "RGB":
        return rgba
    canvas = Image.new("RGBA", rgba.size, (*background, 255))
    return Image.alpha_composite(canvas, rgba).convert("RGB")


def _to_gif_palette(rgba: Image.Image, background: tuple[int, int, int]) -> Image.Image:
    # Half-transparent pixels that stay visible are blended onto the background colour.
    paletted = _flattened(rgba, background).quantize(colors=_GIF_TRANSPARENT_INDEX)
    transparent = rgba.getchannel("A").point(
        lambda alpha: 255 if alpha < _GIF_ALPHA_THRESHOLD else 0
    )
    if transparent.getbbox() is None:
        return paletted
    palette = paletted.getpalette() or []
    palette += [0, 0, 0] * (256 - len(palette) // 3)
    paletted.putpalette(palette)
    paletted.paste(_GIF_TRANSPARENT_INDEX, mask=transparent)
    paletted.info["transparency"] = _GIF_TRANSPARENT_INDEX
    return paletted






