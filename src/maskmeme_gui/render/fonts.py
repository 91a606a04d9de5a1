"""Font ids to font files, cached FreeType fonts, and per-character fallback.

A font id is a bundled id ("anton", the default, or "dejavu-sans", the fallback), a font file
path, or a system family name that fontconfig resolves. Anything unknown or unloadable quietly
becomes Anton: a caption must always render. A bundled font that is missing or damaged is a
broken installation (`ResourceError`), not a font to replace.

Characters the chosen font lacks are looked up in DejaVu Sans, then in whichever system font
fontconfig offers for them; emoji go to a colour emoji font when one is installed. Coverage
comes from each font's own `cmap` table, read here because Pillow has no API for it.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import threading
import unicodedata
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import ImageFont, features

from maskmeme_gui.locate import DamagedResourceError, resource_path

DEFAULT_FONT_ID = "anton"
FALLBACK_FONT_ID = "dejavu-sans"
_BUNDLED_FILES = {DEFAULT_FONT_ID: "Anton-Regular.ttf", FALLBACK_FONT_ID: "DejaVuSans.ttf"}

HAS_RAQM = features.check("raqm")
_LAYOUT_ENGINE = ImageFont.Layout.RAQM if HAS_RAQM else ImageFont.Layout.BASIC

# The first fontconfig call may have to build its cache; after that calls take milliseconds.
_FONTCONFIG_TIMEOUT = 15.0

_ZWJ = "\u200d"
_TEXT_PRESENTATION = "\ufe0e"
_EMOJI_PRESENTATION = "\ufe0f"
_KEYCAP = "\u20e3"
_SKIN_TONES = range(0x1F3FB, 0x1F3FF + 1)
_REGIONAL_INDICATORS = range(0x1F1E6, 0x1F1FF + 1)
_EMOJI_PLANE_BLOCKS = range(0x1F000, 0x1FAFF + 1)
# Characters below U+1F000 that Unicode shows as emoji by default (emoji-data.txt,
# Emoji_Presentation=Yes); the rest of that area is text unless followed by U+FE0F.
_BMP_EMOJI_RANGES = (
    (0x231A, 0x231B), (0x23E9, 0x23EC), (0x23F0, 0x23F0), (0x23F3, 0x23F3),
    (0x25FD, 0x25FE), (0x2614, 0x2615), (0x2648, 0x2653), (0x267F, 0x267F),
    (0x2693, 0x2693), (0x26A1, 0x26A1), (0x26AA, 0x26AB), (0x26BD, 0x26BE),
    (0x26C4, 0x26C5), (0x26CE, 0x26CE), (0x26D4, 0x26D4), (0x26EA, 0x26EA),
    (0x26F2, 0x26F3), (0x26F5, 0x26F5), (0x26FA, 0x26FA), (0x26FD, 0x26FD),
    (0x2705, 0x2705), (0x270A, 0x270B), (0x2728, 0x2728), (0x274C, 0x274C),
    (0x274E, 0x274E), (0x2753, 0x2755), (0x2757, 0x2757), (0x2795, 0x2797),
    (0x27B0, 0x27B0), (0x27BF, 0x27BF), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50),
    (0x2B55, 0x2B55),
)  # fmt: skip
# Codepoints no font should be searched for: controls, surrogates, private use, unassigned.
_UNSEARCHABLE_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn"})


@dataclass(frozen=True)
class FontFace:
    """One font file as the renderer uses it.

    Colour bitmap fonts (CBDT, sbix) only load at the size of their bitmaps: `bitmap_size` is
    that size, and text drawn with them is scaled to the line's size afterwards.
    """

    path: Path
    color: bool = False
    bitmap_size: int | None = None

    def sized(self, size: int) -> tuple[ImageFont.FreeTypeFont, float]:
        """The font for text of `size` pixels and the factor from its pixels to the output."""
        if self.bitmap_size is None:
            return load_font(self.path, size), 1.0
        return load_font(self.path, self.bitmap_size), size / self.bitmap_size


@dataclass(frozen=True)
class FontRun:
    """A stretch of text drawn with one face."""

    text: str
    face: FontFace


_FONTS_PER_THREAD = 512
_thread_fonts = threading.local()


def load_font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    """A cached font object. Each thread gets its own: a FreeType face must never be used by
    two threads at once, and the canvas, the export and the thumbnails render in parallel."""
    cache: OrderedDict[tuple[Path, int], ImageFont.FreeTypeFont] | None = getattr(
        _thread_fonts, "cache", None
    )
    if cache is None:
        cache = _thread_fonts.cache = OrderedDict()
    key = (path, max(1, int(size)))
    font = cache.get(key)
    if font is None:
        font = ImageFont.truetype(os.fspath(path), key[1], layout_engine=_LAYOUT_ENGINE)
        cache[key] = font
        if len(cache) > _FONTS_PER_THREAD:
            cache.popitem(last=False)
    else:
        cache.move_to_end(key)
    return font


def get_font(font_id: str, size: int) -> ImageFont.FreeTypeFont:
    """The font an id stands for at `size` pixels (Anton when the id is unknown)."""
    return load_font(font_path(font_id), size)


@cache
def _bundled_path(font_id: str) -> Path:
    """A bundled font's file, checked once; `ResourceError` when it is missing or damaged."""
    path = resource_path("fonts", _BUNDLED_FILES[font_id])
    if not _loads_as_text_font(path):
        raise DamagedResourceError(f"maskmeme's font {path.name} is damaged")
    return path


@cache
def font_path(font_id: str) -> Path:
    """The file of a bundled id, a font file path, or a system family; Anton when unusable."""
    if font_id in _BUNDLED_FILES:
        return _bundled_path(font_id)
    candidate = Path(font_id) if _is_file(font_id) else _system_family_file(font_id)
    if candidate is not None and _loads_as_text_font(candidate):
        return candidate
    return _bundled_path(DEFAULT_FONT_ID)


def _is_file(name: str) -> bool:
    try:
        return Path(name).is_file()
    except (OSError, ValueError):  # a name too long to be a path, or holding a NUL
        return False


def primary_face(font_id: str) -> FontFace:
    return FontFace(font_path(font_id))


@cache
def list_font_ids() -> tuple[str, ...]:
    """The bundled ids, then the system's font families (none when fontconfig is missing)."""
    listing = _fontconfig("fc-list", ":", "family") or ""
    families = {
        _fc_unescape(re.split(r"(?<!\\),", line)[0]).strip() for line in listing.splitlines()
    }
    families.discard("")
    return (*_BUNDLED_FILES, *sorted(families, key=str.casefold))


def font_runs(text: str, primary: FontFace) -> tuple[FontRun, ...]:
    """`text` split into runs that each use the first face able to draw all of their clusters."""
    fallback = FontFace(_bundled_path(FALLBACK_FONT_ID))
    chain = (primary,) if primary == fallback else (primary, fallback)
    runs: list[FontRun] = []
    for cluster in clusters(text):
        current = runs[-1].face if runs else None
        face = _face_for_cluster(cluster, chain, current)
        if face == current:
            runs[-1] = FontRun(runs[-1].text + cluster, face)
        else:
            runs.append(FontRun(cluster, face))
    return tuple(runs)


def clusters(text: str) -> list[str]:
    """User-perceived characters, closely enough for choosing fonts and breaking long words:
    a base with its marks, variation selectors and skin tones, emoji joined by ZWJ, and flags."""
    out: list[str] = []
    for ch in text:
        if out and (_extends_cluster(ch) or out[-1].endswith(_ZWJ) or _completes_flag(out[-1], ch)):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def covers(face: FontFace, text: str) -> bool:
    """Whether the face has a glyph for every visible character of `text`. A font whose cmap
    cannot be read is trusted (it was chosen by name); fallbacks must have a readable one."""
    coverage = _coverage(face.path)
    return coverage is None or all(ord(ch) in coverage for ch in text if not _is_invisible(ch))


@cache
def color_emoji_face() -> FontFace | None:
    """The installed colour emoji font, or None (emoji then fall back like any character)."""
    for pattern in ("emoji:color=true", "Noto Color Emoji"):
        match = _fc_match(pattern)
        if match is None:
            continue
        face = _color_face(match[1])
        if face is not None and _proven(face) and covers(face, "\N{CRYING FACE}"):
            return face
    return None


def _extends_cluster(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Mc", "Me", "Cf") or ord(ch) in _SKIN_TONES


def _completes_flag(previous: str, ch: str) -> bool:
    return (
        len(previous) == 1
        and ord(previous) in _REGIONAL_INDICATORS
        and ord(ch) in _REGIONAL_INDICATORS
    )


def _is_invisible(ch: str) -> bool:
    # Joiners, variation selectors and bidi marks steer shaping; fonts need not have glyphs.
    return unicodedata.category(ch) == "Cf" or "\ufe00" <= ch <= "\ufe0f"


def _is_neutral(cluster: str) -> bool:
    return all(unicodedata.bidirectional(ch) not in ("L", "R", "AL") for ch in cluster)


def _wants_emoji(cluster: str) -> bool:
    if _TEXT_PRESENTATION in cluster:
        return False
    if _EMOJI_PRESENTATION in cluster or _KEYCAP in cluster:
        return True
    base = ord(cluster[0])
    return base in _EMOJI_PLANE_BLOCKS or any(lo <= base <= hi for lo, hi in _BMP_EMOJI_RANGES)


def _face_for_cluster(
    cluster: str, chain: tuple[FontFace, ...], current: FontFace | None
) -> FontFace:
    emoji = color_emoji_face()
    if emoji is not None and _wants_emoji(cluster) and covers(emoji, cluster[0]):
        return emoji
    # Spaces, digits and punctuation stay with their neighbours so that a right-to-left run
    # keeps its punctuation and raqm orders it; only a colour font would draw them oddly.
    if (
        current is not None
        and not current.color
        and _is_neutral(cluster)
        and covers(current, cluster)
    ):
        return current
    for face in chain:
        if covers(face, cluster):
            return face
    return _system_face_for(cluster) or chain[0]


# Faces fontconfig has already offered as fallbacks, tried before asking it again.
_system_fallbacks: list[FontFace] = []


def _system_face_for(cluster: str) -> FontFace | None:
    for known in _system_fallbacks:
        if covers(known, cluster):
            return known
    face = _fc_face_for_char(cluster[0])
    if face is None or not covers(face, cluster):
        return None
    _system_fallbacks.append(face)
    return face


@cache
def _fc_face_for_char(ch: str) -> FontFace | None:
    if unicodedata.category(ch) in _UNSEARCHABLE_CATEGORIES:
        return None
    match = _fc_match(f":charset={ord(ch):x}")
    if match is None or not _loads_as_text_font(match[1]):
        return None
    face = FontFace(match[1])
    return face if _proven(face) else None


def _proven(face: FontFace) -> bool:
    # A fallback with an unreadable cmap would "cover" everything and swallow all later text.
    return _coverage(face.path) is not None


# --- fontconfig ------------------------------------------------------------------------------


def _fontconfig(*command: str) -> str | None:
    try:
        result = subprocess.run(
            command, capture_output=True, timeout=_FONTCONFIG_TIMEOUT, check=False
        )
    except (OSError, ValueError, subprocess.SubprocessError):  # ValueError: a NUL in the id
        return None
    return os.fsdecode(result.stdout) if result.returncode == 0 else None


def _fc_match(pattern: str) -> tuple[list[str], Path] | None:
    """The families and file fontconfig picks for `pattern`. It always picks *something*, so
    callers check that the families or the coverage are what they asked for."""
    output = _fontconfig("fc-match", "-f", "%{family}\n%{file}", pattern)
    if not output or "\n" not in output:
        return None
    families, file = output.split("\n", 1)
    if not file:
        return None
    names = [_fc_unescape(name).strip() for name in re.split(r"(?<!\\),", families)]
    return names, Path(file)


def _system_family_file(family: str) -> Path | None:
    match = _fc_match(re.sub(r"([\\\-:,])", r"\\\1", family))
    if match is None:
        return None
    names, file = match
    wanted = family.strip().casefold()
    return file if any(name.casefold() == wanted for name in names) else None


def _fc_unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _loads_as_text_font(path: Path) -> bool:
    # Two unrelated sizes: bitmap-only fonts load at their strike sizes and nowhere else.
    try:
        load_font(path, 16)
        load_font(path, 97)
    except (OSError, ValueError):
        return False
    return True


# --- sfnt tables -----------------------------------------------------------------------------


class _Coverage:
    """The codepoints a font maps to real glyphs, as sorted inclusive ranges."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [start for start, _ in merged]
        self._ends = [end for _, end in merged]

    def __contains__(self, codepoint: int) -> bool:
        index = bisect_right(self._starts, codepoint) - 1
        return index >= 0 and codepoint <= self._ends[index]


def _read_tables(path: Path, wanted: Iterable[str]) -> dict[str, bytes]:
    """The first font's tables named in `wanted` that exist (a collection's first font)."""
    with path.open("rb") as file:
        head = file.read(12)
        offset = 0
        if head[:4] == b"ttcf":
            file.seek(12)
            (offset,) = struct.unpack(">I", file.read(4))
            file.seek(offset)
            head = file.read(12)
        (count,) = struct.unpack_from(">H", head, 4)
        file.seek(offset + 12)
        directory = file.read(16 * count)
        locations = {}
        for index in range(count):
            tag, _checksum, start, length = struct.unpack_from(">4sIII", directory, 16 * index)
            locations[tag.decode("latin-1")] = (start, length)
        tables = {}
        for tag in wanted:
            if tag in locations:
                start, length = locations[tag]
                file.seek(start)
                tables[tag] = file.read(length)
        return tables


@cache
def _coverage(path: Path) -> _Coverage | None:
    """None when the cmap cannot be read: such a font is then trusted to draw everything."""
    try:
        cmap = _read_tables(path, ["cmap"]).get("cmap")
        return _Coverage(_cmap_ranges(cmap)) if cmap else None
    except (OSError, struct.error, ValueError):
        return None


def _cmap_ranges(cmap: bytes) -> Iterator[tuple[int, int]]:
    _version, count = struct.unpack_from(">HH", cmap, 0)
    subtables = {}
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * index)
        subtables[(platform, encoding)] = offset
    # Full-repertoire Unicode tables first; symbol (3, 0) tables are left to FreeType.
    for key in ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0)):
        if key not in subtables:
            continue
        offset = subtables[key]
        (table_format,) = struct.unpack_from(">H", cmap, offset)
        reader = _CMAP_READERS.get(table_format)
        if reader is not None:
            return reader(cmap, offset)
    raise ValueError("no Unicode cmap this module can read")


def _cmap_format4(cmap: bytes, offset: int) -> Iterator[tuple[int, int]]:
    (seg_x2,) = struct.unpack_from(">H", cmap, offset + 6)
    segments = seg_x2 // 2
    ends = struct.unpack_from(f">{segments}H", cmap, offset + 14)
    starts = struct.unpack_from(f">{segments}H", cmap, offset + 16 + seg_x2)
    deltas = struct.unpack_from(f">{segments}H", cmap, offset + 16 + 2 * seg_x2)
    range_offsets_at = offset + 16 + 3 * seg_x2
    range_offsets = struct.unpack_from(f">{segments}H", cmap, range_offsets_at)
    for index, (start, end, delta, range_offset) in enumerate(
        zip(starts, ends, deltas, range_offsets, strict=True)
    ):
        if start > end:
            continue
        if range_offset == 0:
            # Glyph = codepoint + delta (mod 2^16): only the one codepoint landing on 0 is absent.
            missing = -delta & 0xFFFF
            if start <= missing <= end:
                yield from ((a, b) for a, b in ((start, missing - 1), (missing + 1, end)) if a <= b)
            else:
                yield start, end
            continue
        glyphs_at = range_offsets_at + 2 * index + range_offset
        glyphs = struct.unpack_from(f">{end - start + 1}H", cmap, glyphs_at)
        for codepoint, glyph in enumerate(glyphs, start):
            if glyph and (glyph + delta) & 0xFFFF:
                yield codepoint, codepoint


def _cmap_format6(cmap: bytes, offset: int) -> Iterator[tuple[int, int]]:
    first, count = struct.unpack_from(">HH", cmap, offset + 6)
    glyphs = struct.unpack_from(f">{count}H", cmap, offset + 10)
    yield from ((first + index, first + index) for index, glyph in enumerate(glyphs) if glyph)


def _cmap_format12(cmap: bytes, offset: int) -> Iterator[tuple[int, int]]:
    (groups,) = struct.unpack_from(">I", cmap, offset + 12)
    for index in range(groups):
        start, end, glyph = struct.unpack_from(">III", cmap, offset + 16 + 12 * index)
        # Only a group starting at glyph 0 maps a codepoint (its first) to .notdef.
        first = start + 1 if glyph == 0 else start
        if first <= end:
            yield first, end


def _cmap_format13(cmap: bytes, offset: int) -> Iterator[tuple[int, int]]:
    (groups,) = struct.unpack_from(">I", cmap, offset + 12)
    for index in range(groups):
        start, end, glyph = struct.unpack_from(">III", cmap, offset + 16 + 12 * index)
        if glyph:
            yield start, end


_CMAP_READERS = {4: _cmap_format4, 6: _cmap_format6, 12: _cmap_format12, 13: _cmap_format13}


def _color_face(path: Path) -> FontFace | None:
    try:
        tables = _read_tables(path, ["CBLC", "sbix", "COLR"])
        if "CBLC" in tables:
            return FontFace(path, color=True, bitmap_size=_largest_cblc_strike(tables["CBLC"]))
        if "sbix" in tables:
            return FontFace(path, color=True, bitmap_size=_largest_sbix_strike(tables["sbix"]))
    except (OSError, struct.error, IndexError, ValueError):  # a damaged font: no emoji then
        return None
    return FontFace(path, color=True) if "COLR" in tables else None


def _largest_cblc_strike(cblc: bytes) -> int:
    (count,) = struct.unpack_from(">I", cblc, 4)
    # Each 48-byte BitmapSize record ends with ppemX, ppemY, bitDepth, flags.
    return max(cblc[8 + 48 * index + 45] for index in range(count))


def _largest_sbix_strike(sbix: bytes) -> int:
    (count,) = struct.unpack_from(">I", sbix, 4)
    offsets = struct.unpack_from(f">{count}I", sbix, 8)
    return max(int(struct.unpack_from(">H", sbix, offset)[0]) for offset in offsets)
