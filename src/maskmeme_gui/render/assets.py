"""Decoding the image bytes a document carries (its base photo and sticker bitmaps).

The safe loader (fileio/images.py) registers itself here with `use_decoder`, so every picture
the renderer decodes goes through it too (render/ may not import fileio/, which imports
render/). Without it, as in render/'s own tests, Pillow decodes directly. Decoded images are
cached by their bytes (bytes objects cache their hash, so the key costs nothing after the first
look-up): re-rendering a sprite or a preview does not decode the same photo again, and the
loader hands its own decoded picture over with `remember_decoded`, so a photo is decoded once.
"""

from __future__ import annotations

import contextlib
import io
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageOps, ImageSequence

_CACHE_SIZE = 8
_cache: OrderedDict[tuple[bytes, tuple[int, int] | None], Image.Image] = OrderedDict()
_cache_lock = threading.Lock()  # the canvas renders sprites on several threads


def _cached(key: tuple[bytes, tuple[int, int] | None]) -> Image.Image | None:
    with _cache_lock:
        image = _cache.get(key)
        if image is not None:
            _cache.move_to_end(key)
        return image


def _store(key: tuple[bytes, tuple[int, int] | None], image: Image.Image) -> None:
    with _cache_lock:
        _cache[key] = image
        _cache.move_to_end(key)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)


def remember_decoded(data: bytes, image: Image.Image) -> None:
    """Keep an already decoded, upright picture of `data` (RGB or RGBA) for later renders."""
    _store((data, None), _normalise_mode(image))


def clear_decoded() -> None:
    with _cache_lock:
        _cache.clear()
        _frames_cache.clear()


Decoder = Callable[[bytes, tuple[int, int] | None], Image.Image]


def use_decoder(decoder: Decoder) -> None:
    """Decode every asset with `decoder(data, draft_size)` from now on: upright RGB or RGBA."""
    global _decoder
    _decoder = decoder
    clear_decoded()


def _pillow_decode(data: bytes, draft_size: tuple[int, int] | None) -> Image.Image:
    image: Image.Image = Image.open(io.BytesIO(data))
    if draft_size is not None and image.format == "JPEG":
        # A JPEG can decode straight at 1/2, 1/4 or 1/8 size: far faster for previews.
        image.draft("RGB", draft_size)
    image.load()
    # A malformed EXIF block: show the pixels as stored rather than nothing.
    with contextlib.suppress(ValueError, TypeError, OSError, SyntaxError):
        image = ImageOps.exif_transpose(image)
    return image


_decoder: Decoder = _pillow_decode


def _normalise_mode(image: Image.Image) -> Image.Image:
    # Opaque photos stay RGB: converting a 12-megapixel photo to RGBA and back costs more than
    # drawing every layer on it.
    if image.mode in ("RGB", "RGBA"):
        return image
    has_alpha = "A" in image.getbands() or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")


def decode_asset(data: bytes, size: tuple[int, int] | None = None) -> Image.Image:
    """The asset as RGB (opaque) or RGBA, resized to `size` if given.

    Do not modify the result: it may be the cached image itself.
    """
    full = _cached((data, None))
    if full is None and size is not None:
        full = _cached((data, size))
    if full is None:
        full = _normalise_mode(_decoder(data, size))
        # A draft-decoded JPEG is only good for this size, so it is kept under the size.
        _store((data, size), full)
    if size is None or full.size == size:
        return full
    return full.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def decode_asset_owned(data: bytes, size: tuple[int, int] | None = None) -> Image.Image:
    """The asset as `decode_asset` gives it, but an image the caller owns and may draw on.

    A cached picture is copied (or resized, which makes a new image anyway). A picture decoded
    here at the wanted size is handed over as it is and not cached: a one-shot render
    (`maskmeme render`) would otherwise pay for a copy of 12 megapixels it never uses again,
    while the editor's photo is cached already (the loader's `remember_decoded`, the canvas's
    `decode_asset`).
    """
    full = _cached((data, None))
    if full is None and size is not None:
        full = _cached((data, size))
    if full is None:
        full = _normalise_mode(_decoder(data, size))
        if size is None or full.size == size:
            return full
        _store((data, size), full)  # a draft-decoded JPEG, as decode_asset keeps it
    if size is None or full.size == size:
        return full.copy()
    return full.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


# ---- Animated pictures -------------------------------------------------------------------


@dataclass(frozen=True)
class DecodedFrames:
    """Every frame of a picture, upright, all of one size (RGBA for an animation), and how long
    each shows in milliseconds. A still picture is one frame."""

    frames: tuple[Image.Image, ...]
    durations: tuple[int, ...]
    truncated: bool = False  # the loader's limits left later frames out

    @property
    def is_animated(self) -> bool:
        return len(self.frames) > 1


# (frames, durations, whether frames were left out to stay within limits)
FrameDecoder = Callable[[bytes], tuple[list[Image.Image], list[int], bool]]

# Decoded animations kept for later frames: at most this many pixels over all of them (about
# 600 MB as RGBA), and always the latest one, so playing or exporting one animation never
# decodes it twice while a second open meme cannot double the memory.
FRAME_CACHE_PIXELS = 150_000_000
_frames_cache: OrderedDict[bytes, DecodedFrames] = OrderedDict()
_decoding_lock = threading.Lock()
_DEFAULT_FRAME_MS = 100


def _pillow_frames(data: bytes) -> tuple[list[Image.Image], list[int], bool]:
    frames, durations = [], []
    with Image.open(io.BytesIO(data)) as image:
        for frame in ImageSequence.Iterator(image):
            frames.append(frame.convert("RGBA"))
            duration = frame.info.get("duration")
            durations.append(round(duration) if duration else _DEFAULT_FRAME_MS)
    return frames, durations, False


_frame_decoder: FrameDecoder = _pillow_frames


def use_frame_decoder(decoder: FrameDecoder) -> None:
    """Decode animations with `decoder(data) -> (frames, durations, truncated)` from now on."""
    global _frame_decoder
    _frame_decoder = decoder
    with _cache_lock:
        _frames_cache.clear()


def may_be_animated(data: bytes) -> bool:
    """Whether the encoded picture can hold more than one frame (GIF, APNG, animated WebP),
    from its header only: a JPEG or a plain PNG is never decoded to find out."""
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return True
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        first_data = data.find(b"IDAT")
        return data.find(b"acTL", 8, first_data if first_data > 0 else len(data)) > 0
    if data[:4] == b"RIFF" and data[8:16] == b"WEBPVP8X" and len(data) > 20:
        return bool(data[20] & 0x02)
    return False


def decode_frames(data: bytes) -> DecodedFrames:
    """Every frame of `data` (cached, see `FRAME_CACHE_PIXELS`); do not modify the frames."""
    with _cache_lock:
        found = _frames_cache.get(data)
        if found is not None:
            _frames_cache.move_to_end(data)
            return found
    if not may_be_animated(data):  # a still stays in the stills' cache only
        return DecodedFrames((decode_asset(data),), (_DEFAULT_FRAME_MS,))
    # One animation decodes at a time: the timeline, the canvas's frames and an export often
    # ask for the same one at once, and two decodes side by side would double the peak.
    with _decoding_lock:
        with _cache_lock:
            found = _frames_cache.get(data)
        if found is not None:
            return found
        return _decode_and_keep(data)


def _decode_and_keep(data: bytes) -> DecodedFrames:
    frames, durations, truncated = _frame_decoder(data)
    _opaque_as_rgb(frames)
    decoded = DecodedFrames(tuple(frames), tuple(durations), truncated)
    # The first frame is the still: the loader need not decode every frame again for it.
    _store((data, None), decoded.frames[0])
    with _cache_lock:
        _frames_cache[data] = decoded
        _frames_cache.move_to_end(data)
        while len(_frames_cache) > 1 and _cached_pixels() > FRAME_CACHE_PIXELS:
            _frames_cache.popitem(last=False)
    return decoded


def _opaque_as_rgb(frames: list[Image.Image]) -> None:
    """Keep an animation without transparency as RGB, a quarter less memory than RGBA (most
    GIFs are opaque). Frame by frame, in place, so only one extra frame exists at a time."""
    if not all(_is_opaque_rgba(frame) for frame in frames):
        return
    for index, frame in enumerate(frames):
        frames[index] = frame.convert("RGB")


def _is_opaque_rgba(frame: Image.Image) -> bool:
    if frame.mode != "RGBA":
        return False
    low, _high = frame.getchannel("A").getextrema()
    return low == 255


def _cached_pixels() -> int:
    return sum(
        len(entry.frames) * entry.frames[0].width * entry.frames[0].height
        for entry in _frames_cache.values()
    )
