"""Export of rendered memes: PNG, JPEG, WebP and GIF stills, GIF/WebP/APNG animations.

Exports never carry the source photo's metadata (EXIF GPS position, camera, author, XMP, ICC,
comments) unless the user asks for it with `ExportOptions.keep_metadata`; then only the EXIF
block given in `ExportOptions.exif` is written.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal, cast, get_args

from PIL import Image

from maskmeme_gui.fileio.atomic import WriteError, atomic_writer

# WriteError is re-exported: it is what export_image and export_animation raise on disk errors.
__all__ = [
    "EXPORT_FORMATS",
    "ExportError",
    "ExportFormat",
    "ExportOptions",
    "WriteError",
    "encode_image",
    "export_animation",
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
_ANIMATION_FORMATS = ("PNG", "WEBP", "GIF")

_PNG_COMPRESS_LEVEL = 6  # zlib's default: most of the size gain of 9 at a fraction of the time
# GIF has one transparent palette entry and no partial alpha: quantize to 255 colours, keep
# the last index for pixels that are more transparent than opaque.
_GIF_TRANSPARENT_INDEX = 255
_GIF_ALPHA_THRESHOLD = 128
_GIF_DISPOSE_TO_BACKGROUND = 2
_GIF_DRAW_OVER_PREVIOUS = 1
# A WebP file: RIFF header (12 bytes), then the first chunk: id (4), size (4), VP8X flags.
_WEBP_FIRST_CHUNK_ID = slice(12, 16)
_WEBP_VP8X_FLAGS = 20
_WEBP_ALPHA_FLAG = 0x10


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


def export_animation(
    frames: Sequence[Image.Image],
    durations: Sequence[int],
    path: str | os.PathLike[str],
    options: ExportOptions,
) -> Path:
    """Write a looping animation (GIF, WebP, or APNG for PNG) to `path` atomically.

    `durations` are per-frame display times in milliseconds.
    """
    _check_animation(frames, durations, options)
    target = Path(path)
    with atomic_writer(target) as fp:
        _save_animation(frames, durations, fp, options)
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


def _save_animation(
    frames: Sequence[Image.Image],
    durations: Sequence[int],
    fp: IO[bytes],
    options: ExportOptions,
) -> None:
    prepared = [_rgba(_prepared(frame, options)) for frame in frames]
    common: dict[str, Any] = {"save_all": True, "duration": list(durations), "loop": 0}
    metadata = _metadata_args(options)
    match options.format:
        case "PNG":
            first, *rest = prepared
            first.save(
                fp,
                "PNG",
                append_images=rest,
                compress_level=_PNG_COMPRESS_LEVEL,
                **common,
                **metadata,
            )
        case "WEBP":
            first, *rest = prepared
            buffer = io.BytesIO()
            first.save(
                buffer, "WEBP", append_images=rest, quality=options.quality, **common, **metadata
            )
            data = buffer.getvalue()
            fp.write(_with_webp_alpha_flag(data) if _min_alpha(prepared) < 255 else data)
        case "GIF":
            first, *rest = [_to_gif_palette(frame, options.background) for frame in prepared]
            first.save(fp, "GIF", append_images=rest, disposal=_gif_disposal(prepared), **common)


def _check_animation(
    frames: Sequence[Image.Image], durations: Sequence[int], options: ExportOptions
) -> None:
    if options.format not in _ANIMATION_FORMATS:
        raise ExportError(f"{options.format} cannot hold an animation; use GIF, WebP or PNG")
    if not frames:
        raise ExportError("an animation needs at least one frame")
    if len(durations) != len(frames):
        raise ExportError(f"{len(frames)} frames but {len(durations)} durations")
    if len({frame.size for frame in frames}) > 1:
        raise ExportError("all frames of an animation must have the same size")


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


def _gif_disposal(frames: Sequence[Image.Image]) -> int:
    # With transparency each frame must start from a cleared canvas, or the previous frame
    # shows through its holes; opaque frames can be drawn over the previous one, which lets
    # Pillow store only the changed rectangle.
    if _min_alpha(frames) < _GIF_ALPHA_THRESHOLD:
        return _GIF_DISPOSE_TO_BACKGROUND
    return _GIF_DRAW_OVER_PREVIOUS


def _min_alpha(frames: Sequence[Image.Image]) -> int:
    # One band's extrema are a (low, high) pair; the type covers many-band images as well.
    return min(cast(tuple[int, int], f.getchannel("A").getextrema())[0] for f in frames)


def _with_webp_alpha_flag(data: bytes) -> bytes:
    """Declare the alpha channel that libwebp's animation encoder may leave undeclared.

    The encoder crops each frame to its opaque content and then sets the VP8X alpha flag
    only if a cropped frame has transparency. Browsers still show a transparent canvas, but
    Pillow and other readers trust the flag and turn the transparent areas black.
    """
    if data[_WEBP_FIRST_CHUNK_ID] != b"VP8X":
        return data
    patched = bytearray(data)
    patched[_WEBP_VP8X_FLAGS] |= _WEBP_ALPHA_FLAG
    return bytes(patched)
