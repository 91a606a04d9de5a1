"""Pictures without the details a camera or an editor wrote into them.

A phone photo says where it was taken (GPS), with which camera (make, model, serial number), by
whom (artist, XMP creator, IPTC) and often carries comments and thumbnails of the uncropped
picture. None of that is needed to show it, so a project keeps only what the pixels need.

`without_photo_details` works on the file's own structure, so the picture's encoded bytes stay
as they were and decode to the same pixels:

- JPEG: only the segments a decoder needs (frame, tables, scans), the JFIF header, the ICC
  profile and Adobe's colour transform are kept. EXIF, XMP, IPTC (Photoshop), comments, other
  application segments and whatever follows the picture's end (the extra pictures of an MPO)
  are dropped.
- PNG: only the chunks that say how to draw it (and APNG's frames) are kept; text, eXIf, tIME
  and private chunks are dropped.
- WebP: EXIF, XMP and unknown chunks are dropped (the ICC profile stays).
- GIF: comments, plain text and application extensions other than looping and ICC are dropped.
- TIFF keeps its details in the same tags as its layout, so it is written again from its
  decoded pixels, without tags of its own. BMP holds no such details.

The loader turns pictures upright by their EXIF orientation (or XMP's). So that a picture shows
the same way without them, a minimal EXIF block holding only that orientation is written back.
A file whose structure cannot be followed (a truncated one the loader still shows) is written
again from its decoded frames as a PNG, animated if they are several.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from functools import cache, lru_cache

from PIL import Image

from maskmeme_gui.fileio.images import LoadedImage, load_image_bytes, orientation_of

__all__ = ["without_photo_details"]

_NAME = "a picture in the meme"
_EXIF_HEADER = b"Exif\x00\x00"
_ORIENTATION_TAG = 0x0112
_UPRIGHT = 1


class _Unparsable(ValueError):
    """The file's structure does not match its format."""


# Saving runs again after every edit (autosave), usually on the same few pictures.
@lru_cache(maxsize=4)
def without_photo_details(data: bytes) -> bytes:
    """`data` without camera, place, author, comment or editing details; the same pixels.

    Returns `data` itself when it holds nothing to drop.
    """
    stripper = _stripper_for(data)
    if stripper is None:
        return data
    try:
        return stripper(data)
    except (_Unparsable, IndexError, struct.error):
        return _png_of(load_image_bytes(data, _NAME))


def _stripper_for(data: bytes) -> Callable[[bytes], bytes] | None:
    if data.startswith(b"\xff\xd8"):
        return _jpeg
    if data.startswith(_PNG_SIGNATURE):
        return _png
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp
    if data.startswith((b"GIF87a", b"GIF89a")):
        return _gif
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return _tiff
    return None


def _orientation(data: bytes) -> int:
    """The orientation the loader turns `data` by (read before its details are dropped)."""
    return orientation_of(data, _NAME)


@cache
def _minimal_exif(orientation: int) -> bytes:
    """A TIFF-structured EXIF block holding only `orientation` (without the JPEG header)."""
    exif = Image.Exif()
    exif[_ORIENTATION_TAG] = orientation
    return exif.tobytes().removeprefix(_EXIF_HEADER)


def _is_minimal_exif(payload: bytes) -> bool:
    return any(payload == _minimal_exif(orientation) for orientation in range(2, 9))


# -- JPEG ---------------------------------------------------------------------------------------

_SOI, _EOI, _SOS, _COM, _TEM = 0xD8, 0xD9, 0xDA, 0xFE, 0x01
_APP0, _APP1, _APP2, _APP14, _APP15 = 0xE0, 0xE1, 0xE2, 0xEE, 0xEF
# Application segments a decoder uses: JFIF's header, the ICC profile, Adobe's colour transform
# (which says whether a CMYK picture is inverted or YCCK).
_KEPT_APPS = {_APP0: b"JFIF\x00", _APP2: b"ICC_PROFILE\x00", _APP14: b"Adobe"}


def _jpeg(data: bytes) -> bytes:
    kept: list[bytes] = [bytes((0xFF, _SOI))]
    dropped = False
    pos = 2
    while True:
        marker, pos = _next_marker(data, pos)
        if marker == _EOI:
            kept.append(bytes((0xFF, _EOI)))
            dropped |= pos < len(data)  # an MPO's other pictures, or trailing data
            break
        if marker == _TEM or 0xD0 <= marker <= 0xD7:
            kept.append(bytes((0xFF, marker)))
            continue
        (length,) = struct.unpack_from(">H", data, pos)
        end = pos + length
        if length < 2 or end > len(data):
            raise _Unparsable("a JPEG segment runs past the end")
        segment = bytes((0xFF, marker)) + data[pos:end]
        if marker == _SOS:
            scan_end = _entropy_end(data, end)
            kept.append(segment + data[end:scan_end])
            pos = scan_end
            if pos >= len(data):
                break
            continue
        if _jpeg_keeps(marker, data[pos + 2 : end]):
            kept.append(segment)
        else:
            dropped = True
        pos = end
    if not dropped:
        return data
    orientation = _orientation(data)
    if orientation != _UPRIGHT:
        app1 = _EXIF_HEADER + _minimal_exif(orientation)
        after_jfif = 2 if len(kept) > 1 and kept[1][1] == _APP0 else 1
        kept.insert(after_jfif, bytes((0xFF, _APP1)) + struct.pack(">H", len(app1) + 2) + app1)
    return b"".join(kept)


def _next_marker(data: bytes, pos: int) -> tuple[int, int]:
    """The marker at `pos` (after any fill bytes) and the position after it."""
    if pos >= len(data) or data[pos] != 0xFF:
        raise _Unparsable("a JPEG segment does not start with a marker")
    while pos < len(data) and data[pos] == 0xFF:
        pos += 1
    if pos >= len(data):
        raise _Unparsable("a JPEG file ends inside a marker")
    return data[pos], pos + 1


def _entropy_end(data: bytes, pos: int) -> int:
    """Where the compressed data of a scan ends: at the next marker that is not a restart."""
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= len(data):
            return len(data)
        following = data[pos + 1]
        if following == 0 or 0xD0 <= following <= 0xD7:
            pos += 2
        elif following == 0xFF:
            pos += 1
        else:
            return pos


def _jpeg_keeps(marker: int, payload: bytes) -> bool:
    if marker == _APP1:
        return payload.startswith(_EXIF_HEADER) and _is_minimal_exif(payload[len(_EXIF_HEADER) :])
    if _APP0 <= marker <= _APP15:
        signature = _KEPT_APPS.get(marker)
        return signature is not None and payload.startswith(signature)
    return marker != _COM


# -- PNG ----------------------------------------------------------------------------------------

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# What a viewer needs to draw the picture and its APNG frames; everything else is dropped.
_PNG_KEPT = frozenset(
    {
        b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT",
        b"sRGB", b"cICP", b"mDCv", b"cLLi", b"bKGD", b"hIST", b"pHYs", b"sPLT",
        b"acTL", b"fcTL", b"fdAT",
    }
)  # fmt: skip


def _png(data: bytes) -> bytes:
    kept: list[bytes] = [_PNG_SIGNATURE]
    dropped = False
    pos = len(_PNG_SIGNATURE)
    while True:
        (length,) = struct.unpack_from(">I", data, pos)
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise _Unparsable("a PNG chunk runs past the end")
        if kind in _PNG_KEPT or (kind == b"eXIf" and _is_minimal_exif(data[pos + 8 : end - 4])):
            kept.append(data[pos:end])
        else:
            dropped = True
        pos = end
        if kind == b"IEND":
            dropped |= pos < len(data)
            break
    if not dropped:
        return data
    orientation = _orientation(data)
    if orientation != _UPRIGHT:
        # eXIf must come before the pixels; right after the header it does.
        kept.insert(2, _png_chunk(b"eXIf", _minimal_exif(orientation)))
    return b"".join(kept)


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload)
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


# -- WebP ---------------------------------------------------------------------------------------

_WEBP_KEPT = frozenset({b"VP8X", b"VP8 ", b"VP8L", b"ALPH", b"ANIM", b"ANMF", b"ICCP"})
_VP8X_EXIF_FLAG = 0x08
_VP8X_XMP_FLAG = 0x04


def _webp(data: bytes) -> bytes:
    (riff_size,) = struct.unpack_from("<I", data, 4)
    end_of_file = min(len(data), 8 + riff_size)
    chunks: list[bytearray] = []
    dropped = end_of_file < len(data)
    pos = 12
    while pos + 8 <= end_of_file:
        kind = data[pos : pos + 4]
        (size,) = struct.unpack_from("<I", data, pos + 4)
        end = pos + 8 + size + (size & 1)
        if pos + 8 + size > end_of_file:
            raise _Unparsable("a WebP chunk runs past the end")
        if kind in _WEBP_KEPT or (kind == b"EXIF" and _is_minimal_exif(data[pos + 8 : end])):
            chunks.append(bytearray(data[pos:end]))
        else:
            dropped = True
        pos = end
    if not dropped:
        return data
    if chunks and chunks[0][:4] == b"VP8X":
        flags = chunks[0][8] & ~(_VP8X_EXIF_FLAG | _VP8X_XMP_FLAG)
        orientation = _orientation(data)
        if orientation != _UPRIGHT:
            chunks = [c for c in chunks if c[:4] != b"EXIF"]
            exif = _minimal_exif(orientation)
            padding = b"\x00" * (len(exif) & 1)
            chunks.append(bytearray(b"EXIF" + struct.pack("<I", len(exif)) + exif + padding))
            flags |= _VP8X_EXIF_FLAG
        chunks[0][8] = flags
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


# -- GIF ----------------------------------------------------------------------------------------

_GIF_EXTENSION, _GIF_IMAGE, _GIF_TRAILER = 0x21, 0x2C, 0x3B
_GIF_GRAPHIC_CONTROL, _GIF_APPLICATION = 0xF9, 0xFF
# Looping (Netscape's and its twin) and an ICC profile; XMP and the rest are dropped.
_GIF_KEPT_APPLICATIONS = (b"NETSCAPE2.0", b"ANIMEXTS1.0", b"ICCRGBG1012")


def _gif(data: bytes) -> bytes:
    flags = data[10]
    pos = 13 + (3 << ((flags & 0x07) + 1) if flags & 0x80 else 0)
    kept = [data[:pos]]
    dropped = False
    while True:
        if pos == len(data):  # many GIFs lack the trailer; decoders do without it
            kept.append(bytes((_GIF_TRAILER,)))
            dropped = True
            break
        introducer = data[pos]
        if introducer == _GIF_TRAILER:
            kept.append(data[pos : pos + 1])
            dropped |= pos + 1 < len(data)
            break
        if introducer == _GIF_IMAGE:
            image_flags = data[pos + 9]
            start = pos
            pos += 10 + (3 << ((image_flags & 0x07) + 1) if image_flags & 0x80 else 0)
            end = _after_sub_blocks(data, pos + 1)  # + the LZW code size
            kept.append(data[start:end])
        elif introducer == _GIF_EXTENSION:
            label = data[pos + 1]
            end = _after_sub_blocks(data, pos + 2)
            if label == _GIF_GRAPHIC_CONTROL or (
                label == _GIF_APPLICATION and data[pos + 3 : pos + 14] in _GIF_KEPT_APPLICATIONS
            ):
                kept.append(data[pos:end])
            else:
                dropped = True
        else:
            raise _Unparsable("a GIF block of an unknown kind")
        pos = end
    return b"".join(kept) if dropped else data


def _after_sub_blocks(data: bytes, pos: int) -> int:
    while (size := data[pos]) != 0:
        pos += 1 + size
    return pos + 1


# -- TIFF and the rest --------------------------------------------------------------------------


def _tiff(data: bytes) -> bytes:
    buffer = io.BytesIO()
    # A copy: the decoded picture may still be the TIFF file, whose tags Pillow would write.
    picture = load_image_bytes(data, _NAME).image.copy()
    picture.save(buffer, "TIFF", compression="tiff_adobe_deflate")
    return buffer.getvalue()


def _png_of(loaded: LoadedImage) -> bytes:
    """The decoded frames as a PNG, animated (APNG) if there are several."""
    buffer = io.BytesIO()
    first, *later = loaded.frames
    if later:
        first.save(buffer, "PNG", save_all=True, append_images=later,
                   duration=loaded.durations, loop=0)  # fmt: skip
    else:
        first.save(buffer, "PNG")
    return buffer.getvalue()
