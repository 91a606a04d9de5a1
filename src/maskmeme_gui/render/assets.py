"""Decoding the image bytes a document carries (its base photo and sticker bitmaps).

The bytes went through the safe loader (fileio/images.py) when they entered the document, so
here they are trusted; decoding is still bounded by Pillow's pixel limit. Decoded images are
cached by their bytes (bytes objects cache their hash, so the key costs nothing after the first
look-up), so re-rendering a sprite or a preview does not decode the same photo again.
"""

from __future__ import annotations

import contextlib
import io
from functools import lru_cache

from PIL import Image, ImageOps


@lru_cache(maxsize=8)
def _decode(data: bytes, draft_size: tuple[int, int] | None) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    if draft_size is not None and image.format == "JPEG":
        # A JPEG can decode straight at 1/2, 1/4 or 1/8 size: far faster for previews.
        image.draft("RGB", draft_size)
    image.load()
    # A malformed EXIF block: show the pixels as stored rather than nothing.
    with contextlib.suppress(ValueError, TypeError, OSError, SyntaxError):
        image = ImageOps.exif_transpose(image)
    return _normalise_mode(image)


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
    if size is None:
        return _decode(data, None)
    image = _decode(data, size)
    if image.size == size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
