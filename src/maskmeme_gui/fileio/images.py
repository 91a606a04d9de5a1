"""The one safe way for an image to enter maskmeme.

Every picture (opened file, drop, clipboard, sticker asset) goes through `load_image` or
`load_image_bytes`. Both return a fully decoded `LoadedImage` (RGB, or RGBA when it can be
transparent) or raise `ImageLoadError`, whose message names the file and says in plain words
what is wrong. No other exception leaves this module, whatever the bytes contain. Thumbnails go
through `load_image_reduced`: the same checks, the first frame only, never decoded at full size.

Thread safety: the loaders touch no global state (no warning filters, no Pillow settings), so
worker threads may decode thumbnails concurrently.
"""

from __future__ import annotations

import io
import math
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from PIL import (  # noqa: F401 (the plugins register themselves on import)
    BmpImagePlugin,
    ExifTags,
    GifImagePlugin,
    Image,
    ImageFile,
    JpegImagePlugin,
    PngImagePlugin,
    TiffImagePlugin,
    UnidentifiedImageError,
    WebPImagePlugin,
)

from maskmeme_gui.fileio.problems import FileProblem, reason_for_os_error
from maskmeme_gui.render.assets import use_decoder, use_frame_decoder

# Importing just these plugins (above) registers them, so Pillow never loads its other thirty
# decoders: they are never tried on a user's file, and start-up skips importing them.
ALLOWED_FORMATS: tuple[str, ...] = ("PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF")

# Read at call time, so tests (and a future setting) may change them.
MAX_PIXELS = 80_000_000
"""Largest canvas (width x height) accepted for any image or animation frame."""
MAX_FRAMES = 300
"""Animations longer than this are cut short (see `LoadedImage.animation_truncated`)."""
MAX_ANIMATION_PIXELS = 110_000_000
"""Budget of decoded pixels over all frames of one animation (about 440 MB as RGBA while it
decodes; kept as RGB when opaque): enough for 200 frames of 720 x 720, a long chat GIF."""

_ANIMATED_FORMATS = frozenset({"GIF", "WEBP", "PNG"})
# Modes that Image.thumbnail resamples well; palette, bilevel and 16-bit pictures are converted
# to RGBA first.
_RESAMPLE_MODES = frozenset({"RGB", "RGBA", "L", "LA", "CMYK", "YCbCr"})
# Reduced decodes resample from at least 1.5 times the target size (JPEG DCT scaling, then
# Image.reduce, then LANCZOS). On a 12-megapixel photo made 160 pixels wide, 1.5 instead of
# Pillow's default 2 takes the resampling from 1.5 ms to 0.6 ms (a twelfth of the whole
# thumbnail) and moves pixels by 0.4 levels of 255 on average against a full-size resize.
_REDUCING_GAP = 1.5
# Phones save multi-picture JPEGs (MPO); Pillow reports them as "MPO" even when opened as JPEG.
# The first picture is the photo; the others are previews or depth maps.
_FORMAT_ALIASES = {"MPO": "JPEG"}

_SUPPORTED_NAMES = "PNG, JPEG, WebP, GIF, BMP or TIFF"
_DAMAGED = "the file is truncated or damaged"
_NOT_AN_IMAGE = f"it is not an image maskmeme can open; use {_SUPPORTED_NAMES}"
_OUT_OF_MEMORY = "there is not enough memory to open it"
_SNIFF_BYTES = 512
# A WebP file: RIFF header (12 bytes), then the first chunk: id (4), size (4), VP8X flags.
_WEBP_VP8X_FLAGS = 20
_WEBP_ALPHA_FLAG = 0x10
_WEBP_ANIMATION_FLAG = 0x02

# Browsers play GIF/WebP frame delays of 10 ms or less at 100 ms; matching them keeps an
# animation at the speed its author saw.
_IGNORED_DELAY_MS = 10
_DEFAULT_FRAME_MS = 100

# The EXIF orientation table of ImageOps.exif_transpose. It is applied by hand so one reading
# of the EXIF block serves every frame, and a malformed block cannot fail the load.
_TRANSPOSE_FOR_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


class ImageLoadError(FileProblem):
    """An image could not be loaded; `str()` is a sentence fit to show the user."""


@dataclass(frozen=True)
class LoadedImage:
    """A decoded picture, ready for rendering.

    `image` is `frames[0]`. A still picture without transparency is RGB (a 12-megapixel photo
    costs a quarter more memory and time as RGBA, for an alpha channel that says nothing);
    a picture with transparency and every frame of an animation are RGBA. Every frame has the
    same size and carries no metadata
    (`info` is empty); the source's EXIF block, if any, is kept apart in `exif`, with its
    orientation tag removed because the pixels are already upright.
    """

    image: Image.Image
    frames: list[Image.Image]
    durations: list[int]
    """Display time of each frame in milliseconds."""
    format: str
    source_path: Path | None
    exif: bytes | None = None
    animation_truncated: bool = False
    """True when frames were left out: a cap was reached, or a later frame was damaged."""

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size

    @property
    def is_animated(self) -> bool:
        return len(self.frames) > 1


def load_image(
    path: str | os.PathLike[str], draft: tuple[int, int] | None = None
) -> LoadedImage:
    """Decode the image file at `path`, or raise `ImageLoadError`. With `draft`, a JPEG may be
    decoded at a reduced scale, as in `load_image_bytes`."""
    source = Path(path)
    with _open_for_reading(source) as fp:
        return _decode(fp, source, source_path=source, draft=draft)


def load_image_bytes(data: bytes, name: str, draft: tuple[int, int] | None = None) -> LoadedImage:
    """Decode an in-memory image (clipboard, drop, project asset); `name` is shown in errors.

    With `draft`, a JPEG may be decoded at 1/2, 1/4 or 1/8 of its size, no smaller than
    `draft` (for previews: several times faster); other formats ignore it.
    """
    return _decode(io.BytesIO(data), Path(name), source_path=None, draft=draft)


def load_image_reduced(path: str | os.PathLike[str], max_side: int) -> Image.Image:
    """The first frame of the image file at `path`, upright, at most `max_side` pixels long.

    RGB, or RGBA when the picture can be transparent or is animated (as `LoadedImage.image`).
    The same checks as `load_image` (format allowlist, pixel limit before any decoding, EXIF
    orientation, damage becomes `ImageLoadError`), but the picture is never decoded at full
    size when that can be avoided: a JPEG is decoded at a reduced DCT scale (1/2 to 1/8) and
    other formats are shrunk with `Image.reduce` before the final LANCZOS pass, so a thumbnail
    of a 12-megapixel photo costs a fraction of a full decode.
    """
    if max_side < 1:
        raise ValueError(f"max_side must be at least 1, not {max_side}")
    source = Path(path)
    with _open_for_reading(source) as fp, _opened_by_pillow(fp, source) as im:
        orientation = _read_orientation(im)
        mode = _output_mode(im)
        box = (max_side, max_side)
        if im.mode in _RESAMPLE_MODES:
            # thumbnail() picks the JPEG draft scale, then reduce(), then LANCZOS, in place.
            im.thumbnail(box, Image.Resampling.LANCZOS, reducing_gap=_REDUCING_GAP)
            im.load()  # a picture already small enough is not loaded by thumbnail()
            return _upright(im, orientation, mode)
        # Palette, bilevel and 16-bit pictures resample badly, so they are converted first,
        # but a strip at a time, each strip reduced at once: converted whole, an 80-megapixel
        # palette PNG would take 320 MB as RGBA before shrinking.
        target = _fit_size(im.size, box)
        return _upright(_converted_in_strips(im, target, mode), orientation, mode)


@dataclass(frozen=True)
class ImageProbe:
    """What the header says: enough to lay a meme out before the pixels are decoded."""

    format: str
    size: tuple[int, int]  # upright, after the EXIF orientation
    mode: str


def probe_image(path: str | os.PathLike[str]) -> ImageProbe:
    """Read only the header, through the same allowlist and size limit as `load_image`.

    It proves nothing about the pixels: decode with `load_image` before trusting the file.
    """
    source = Path(path)
    with _open_for_reading(source) as fp, _opened_by_pillow(fp, source) as im:
        width, height = im.size
        if _read_orientation(im) >= 5:  # orientations 5-8 turn the picture a quarter
            width, height = height, width
        return ImageProbe(_format_name(im), (width, height), im.mode)


def orientation_of(data: bytes, name: str) -> int:
    """The EXIF orientation (1 to 8) the loader turns the picture in `data` by; reads no pixels
    unless the format keeps its EXIF after them."""
    with _opened_by_pillow(io.BytesIO(data), Path(name)) as im:
        return _read_orientation(im)


def _decode(
    fp: IO[bytes], name: Path, source_path: Path | None, draft: tuple[int, int] | None = None
) -> LoadedImage:
    with _opened_by_pillow(fp, name) as im:
        if draft is not None and im.format == "JPEG":
            im.draft("RGB", draft)
        return _read_frames(im, name, source_path)


def _decode_for_render(data: bytes, draft: tuple[int, int] | None) -> Image.Image:
    return load_image_bytes(data, "a picture in the meme", draft).image


def _frames_for_render(data: bytes) -> tuple[list[Image.Image], list[int], bool]:
    loaded = load_image_bytes(data, "a picture in the meme")
    return loaded.frames, loaded.durations, loaded.animation_truncated


# Every picture the renderer decodes goes through this loader too (see render/assets.py).
use_decoder(_decode_for_render)
use_frame_decoder(_frames_for_render)


@contextmanager
def _open_for_reading(path: Path) -> Iterator[IO[bytes]]:
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise ImageLoadError(path, "it is a folder, not an image file")
        # Opening a FIFO or a device would block or read forever.
        if not stat.S_ISREG(mode):
            raise ImageLoadError(path, "it is not a regular file")
        fp = path.open("rb")
    except OSError as exc:
        raise ImageLoadError(path, reason_for_os_error(exc, "an image file")) from exc
    with fp:
        yield fp


@contextmanager
def _opened_by_pillow(fp: IO[bytes], name: Path) -> Iterator[ImageFile.ImageFile]:
    """Open with the allowlisted decoders only, turning every failure into `ImageLoadError`."""
    head = b""
    try:
        head = fp.read(_SNIFF_BYTES)
        if not head:
            raise ImageLoadError(name, "the file is empty")
        fp.seek(0)
        if _is_animated_webp_without_alpha_flag(head):
            fp = _with_webp_alpha_flag(fp)
        with Image.open(fp, formats=ALLOWED_FORMATS) as im:
            _check_size(im.size, name)
            yield im
    except ImageLoadError:
        raise
    except UnidentifiedImageError as exc:
        raise ImageLoadError(name, _unidentified_reason(head)) from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # The warning arrives as an exception when the process runs with warnings as errors.
        raise ImageLoadError(name, _too_large_reason(None)) from exc
    except MemoryError as exc:
        raise ImageLoadError(name, _OUT_OF_MEMORY) from exc
    except OSError as exc:
        # Pillow reports bad data as OSError without an errno; real I/O errors carry one.
        reason = reason_for_os_error(exc, "an image file") if exc.errno else _DAMAGED
        raise ImageLoadError(name, reason) from exc
    except Exception as exc:
        # Hostile data makes Pillow's parsers raise ValueError, SyntaxError, struct.error,
        # EOFError, ZeroDivisionError, ...; to the user they all mean the same thing.
        raise ImageLoadError(name, _DAMAGED) from exc


def _read_frames(im: ImageFile.ImageFile, name: Path, source_path: Path | None) -> LoadedImage:
    im.load()
    orientation = _read_orientation(im)
    exif = _exif_without_orientation(im)
    first = _upright(im, orientation, _output_mode(im))
    frames, durations = [first], [_frame_duration(im.info)]
    truncated = False
    fmt = _format_name(im)
    if fmt in _ANIMATED_FORMATS:
        truncated = _read_later_frames(im, name, orientation, frames, durations)
    return LoadedImage(
        image=first,
        format=fmt,
        source_path=source_path,
        frames=frames,
        durations=durations,
        exif=exif,
        animation_truncated=truncated,
    )


# Errors that condemn the whole file even when they strike a later frame.
_FATAL_ERRORS = (
    ImageLoadError,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
    MemoryError,
)


def _read_later_frames(
    im: ImageFile.ImageFile,
    name: Path,
    orientation: int,
    frames: list[Image.Image],
    durations: list[int],
) -> bool:
    """Append frames 1.. to `frames`/`durations`; return True if some were left out."""
    canvas = frames[0].size
    frame_pixels = canvas[0] * canvas[1]
    budget = MAX_ANIMATION_PIXELS - frame_pixels
    for index in range(1, MAX_FRAMES):
        if frame_pixels > budget:
            break
        try:
            if not _seek(im, index):
                return False
            # A GIF frame may lie outside the logical screen, which makes Pillow grow the canvas.
            _check_size(im.size, name)
            frame = _upright(im, orientation, frames[0].mode)
        except _FATAL_ERRORS:
            raise
        except Exception:
            # Like a browser, show the frames that decoded rather than nothing at all.
            return True
        frames.append(frame if frame.size == canvas else frame.crop((0, 0, *canvas)))
        durations.append(_frame_duration(im.info))
        budget -= frame_pixels
    return _has_more_frames(im)


def _seek(im: ImageFile.ImageFile, index: int) -> bool:
    """Go to frame `index`; False if the animation has no such frame."""
    try:
        im.seek(index)
    except EOFError:
        return False
    return True


def _has_more_frames(im: ImageFile.ImageFile) -> bool:
    try:
        return _seek(im, im.tell() + 1)
    except Exception:
        # Something follows the frames kept, even if it would not have decoded.
        return True


def _is_animated_webp_without_alpha_flag(head: bytes) -> bool:
    if not (head.startswith(b"RIFF") and head[8:16] == b"WEBPVP8X" and len(head) > 20):
        return False
    flags = head[_WEBP_VP8X_FLAGS]
    return bool(flags & _WEBP_ANIMATION_FLAG) and not flags & _WEBP_ALPHA_FLAG


def _with_webp_alpha_flag(fp: IO[bytes]) -> IO[bytes]:
    """A copy of an animated WebP that declares its alpha channel.

    libwebp's animation encoder crops frames to their opaque content and then may not set
    the alpha flag, although the canvas around them is transparent (as browsers show it).
    Pillow trusts the flag and would paint those areas black. Pillow reads the whole WebP
    into memory anyway, so the copy costs little.
    """
    data = bytearray(fp.read())
    data[_WEBP_VP8X_FLAGS] |= _WEBP_ALPHA_FLAG
    return io.BytesIO(data)


def _check_size(size: tuple[int, int], name: Path) -> None:
    if size[0] * size[1] > _pixel_limit():
        raise ImageLoadError(name, _too_large_reason(size))


def _pixel_limit() -> int:
    # Never accept a size that Pillow itself flagged as a possible decompression bomb.
    pillow_limit = Image.MAX_IMAGE_PIXELS
    return MAX_PIXELS if pillow_limit is None else min(MAX_PIXELS, pillow_limit)


def _too_large_reason(size: tuple[int, int] | None) -> str:
    limit = f"the limit is {_pixel_limit():,} pixels"
    if size is None:
        return f"the picture is too large to open safely ({limit})"
    return f"the picture is too large to open safely ({size[0]} x {size[1]} pixels; {limit})"


def _upright(im: Image.Image, orientation: int, mode: str) -> Image.Image:
    converted = _to_mode(im, mode)
    method = _TRANSPOSE_FOR_ORIENTATION.get(orientation)
    if method is not None:
        converted = converted.transpose(method)
    # Metadata travels in LoadedImage.exif only, so nothing private leaks through a copy.
    converted.info = {}
    return converted


def _to_mode(im: Image.Image, mode: str, grey: tuple[float, float] | None = None) -> Image.Image:
    """`im` in `mode`; `grey` is the (low, high) range of a wide grey picture this is part of."""
    if im.mode == mode and not getattr(im, "is_animated", False):
        # Already right: skip the 12-megapixel copy that convert() would make. An animation's
        # frame must be copied, since seeking to the next frame overwrites these pixels.
        return im
    if _is_wide_grey(im):
        return _wide_grey_to_l(im, grey).convert(mode)
    return im.convert(mode)


def _is_wide_grey(im: Image.Image) -> bool:
    return im.mode in ("I", "F") or im.mode.startswith("I;16")


_STRIP_PIXELS = 2_000_000  # converted at a time: 8 MB as RGBA


def _fit_size(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The size Image.thumbnail gives a picture of `size` fitted into `box`."""
    width, height = size
    x, y = min(box[0], width), min(box[1], height)
    aspect = width / height

    def nearest(value: float, error: Callable[[int], float]) -> int:
        return max(min(math.floor(value), math.ceil(value), key=error), 1)

    if x / y >= aspect:
        x = nearest(y * aspect, lambda n: abs(aspect - n / y))
    else:
        y = nearest(x / aspect, lambda n: 0 if n == 0 else abs(aspect - x / n))
    return x, y


def _converted_in_strips(im: Image.Image, target: tuple[int, int], mode: str) -> Image.Image:
    """`im` in `mode` at the `target` size, made as Image.thumbnail makes it (reduce, then
    LANCZOS) but a strip of rows at a time, so only a strip is ever held in the wider mode.

    Strips are a whole number of reduction blocks high, so the reduced picture is the same as
    that of the whole picture converted at once.
    """
    im.load()
    width, height = im.size
    factor = (
        max(1, int(width / target[0] / _REDUCING_GAP)),
        max(1, int(height / target[1] / _REDUCING_GAP)),
    )
    grey = _grey_scale(im) if _is_wide_grey(im) else None
    rows = factor[1] * max(1, _STRIP_PIXELS // (width * factor[1]))
    reduced = Image.new(mode, (-(-width // factor[0]), -(-height // factor[1])))
    for top in range(0, height, rows):
        strip = _to_mode(im.crop((0, top, width, min(height, top + rows))), mode, grey)
        if factor != (1, 1):
            strip = strip.reduce(factor)
        reduced.paste(strip, (0, top // factor[1]))
    if reduced.size == target:
        return reduced
    # As Image.resize does after its reduce: the last block may be partial, so the picture
    # ends a fraction of a pixel before the reduced image does.
    extent = (0, 0, width / factor[0], height / factor[1])
    return reduced.resize(target, Image.Resampling.LANCZOS, box=extent)


def _output_mode(im: Image.Image) -> str:
    """RGBA for animations and pictures that can be transparent, else RGB."""
    transparent = "A" in im.getbands() or "transparency" in im.info
    return "RGBA" if transparent or getattr(im, "is_animated", False) else "RGB"


def _grey_scale(im: Image.Image) -> tuple[float, float]:
    """The range a wide grey picture is scaled from: its nominal one, or its values' own."""
    if im.mode.startswith("I;16"):
        return 0, 65535  # every 16-bit value is in range: no need to widen it all to look
    # One band's extrema are a (low, high) pair; the type covers many-band images as well.
    low, high = cast(tuple[float, float], im.getextrema())
    nominal_max = 1.0 if im.mode == "F" else 65535
    if low >= 0 and high <= nominal_max:
        return 0, nominal_max
    return low, high


def _wide_grey_to_l(im: Image.Image, grey: tuple[float, float] | None = None) -> Image.Image:
    """Scale 16-bit, 32-bit and float grey to 8 bits; Pillow's own conversion clips at 255."""
    low, high = grey if grey is not None else _grey_scale(im)
    if im.mode.startswith("I;16"):
        im = im.convert("I")
    span = (high - low) or 1
    # Pillow truncates when it narrows I/F to L, so add 0.5 to round.
    return im.point(lambda value: (value - low) * 255 / span + 0.5).convert("L")


def _read_orientation(im: Image.Image) -> int:
    try:
        orientation = im.getexif().get(ExifTags.Base.Orientation, 1)
        return orientation if orientation in _TRANSPOSE_FOR_ORIENTATION else 1
    except Exception:
        # Malformed EXIF is common in edited photos; an unrotated picture beats no picture.
        return 1


def _exif_without_orientation(im: Image.Image) -> bytes | None:
    try:
        exif = im.getexif()
        if not exif:
            return None
        exif.pop(ExifTags.Base.Orientation, None)
        return exif.tobytes()
    except Exception:
        # Unreadable EXIF is dropped: it could only be copied on export, never shown.
        return None


def _frame_duration(info: dict[str | tuple[int, int], Any]) -> int:
    duration = info.get("duration")
    if isinstance(duration, int | float) and duration > _IGNORED_DELAY_MS:
        return round(duration)
    return _DEFAULT_FRAME_MS


def _format_name(im: Image.Image) -> str:
    fmt = im.format or "?"
    return _FORMAT_ALIASES.get(fmt, fmt)


def _unidentified_reason(head: bytes) -> str:
    if _looks_like_allowed_format(head):
        return _DAMAGED
    foreign = _foreign_format_name(head)
    if foreign is not None:
        return f"{foreign} files are not supported; use {_SUPPORTED_NAMES}"
    return _NOT_AN_IMAGE


def _looks_like_allowed_format(head: bytes) -> bool:
    return (
        head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM"))
        or head.startswith((b"II*\x00", b"MM\x00*"))
        or (head.startswith(b"RIFF") and head[8:12] == b"WEBP")
    )


_HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"})
_AVIF_BRANDS = frozenset({b"avif", b"avis"})


def _foreign_format_name(head: bytes) -> str | None:
    """Name formats people commonly mistake for supported images, for a clearer message."""
    if b"<svg" in head.lower() and head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "SVG"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIF_BRANDS:
            return "HEIC"
        if brand in _AVIF_BRANDS:
            return "AVIF"
    if head.startswith(b"%PDF"):
        return "PDF"
    if head.startswith(b"8BPS"):
        return "Photoshop (PSD)"
    if head.startswith((b"\xff\x0a", b"\x00\x00\x00\x0cJXL ")):
        return "JPEG XL"
    return None
