"""Exporting a meme with its timeline: animated GIF, WebP and APNG, or one frame of it.

`export_meme(doc, path, options)` is the one call for the window and the command line. An
animated meme (an animated base, flowing tears, timed layers; see `render.timeline`) written
to a format that animates keeps every frame, its duration and endless looping; written to
JPEG (or as a still), it is the frame at `time_ms` and the result says so. A still meme is
written as before. The outcome is an `ExportResult` the window can show as it is.

GIF is written by this module itself (Pillow's own GIF writer gives every frame its own 256
colours, so unchanged pixels can never be left transparent, and merges repeated frames):
one palette of at most 255 colours shared by every frame, built from the first frame and the
parts of the others that change; the first frame dithered in full; every later frame only
as the rectangle that changed, re-quantised there, with its unchanged pixels transparent so
the dithered base underneath stays still.

Memory is bounded: `MAX_EXPORT_FRAMES` frames and `MAX_EXPORT_PIXELS` pixels over all
frames; past them the export is refused in one sentence before anything is drawn.
"""

from __future__ import annotations

import io
import math
import os
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PIL import GifImagePlugin, Image, ImageChops

from maskmeme_gui.fileio.atomic import atomic_write
from maskmeme_gui.fileio.export import ExportError, ExportFormat, ExportOptions, encode_image
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.render.compose import output_size, render_document, render_frames
from maskmeme_gui.render.timeline import Timeline, gif_delays, timeline

ANIMATED_FORMATS: tuple[ExportFormat, ...] = ("GIF", "WEBP", "PNG")
MAX_EXPORT_FRAMES = 1000
"""The most frames an exported animation may have."""
MAX_EXPORT_PIXELS = 250_000_000
"""The most pixels over all frames of an exported animation (the frames are kept while the
file is encoded: about 750 MB as RGB at the limit, less for GIF, which keeps one byte each)."""

MAX_APNG_PIXELS = 60_000_000
"""Pillow's APNG writer keeps its own copy of every frame and reads them twice: measured, a
200-frame 720 x 720 APNG peaked at 1.3 GB, so APNG gets a lower limit than GIF and WebP."""

MB = 1_000_000
CHAT_LIMITS: dict[str, int] = {
    "Discord (10 MB)": 10 * MB,  # a free account's upload limit since 2024 (8 MB before)
    "X / Twitter GIF (15 MB)": 15 * MB,
    "WhatsApp (16 MB)": 16 * MB,
    "Email or Slack preview (5 MB)": 5 * MB,
}
"""Presets for "fit under N MB": the upload limits of common chat apps, smallest first in the
menu is up to the window."""

GIF_COLOURS = 255  # the 256th palette entry is the transparent one
_CHANGE_THRESHOLD = 2  # a channel must move by more than this for a pixel to count as changed
_PALETTE_SAMPLE_PIXELS = 150_000  # median cut over more pixels costs more than it finds
_WEBP_ANIMATION_QUALITY = 80  # the most an animation uses: 92 doubles the size, looks the same
_PNG_COMPRESS_LEVEL = 6
_GIF_DO_NOT_DISPOSE = 1
_MIN_FIT_WIDTH = 120
_MAX_FIT_ATTEMPTS = 12

Progress = Callable[[int, int], None]
"""Called with (frames drawn, frames in all) while an animation is drawn."""
Check = Callable[[], None]
"""Called between frames; raises to stop the export (the window's `TaskControl.check`)."""


@dataclass(frozen=True)
class ExportResult:
    """What was written, and what the user should be told (`message`, possibly empty)."""

    path: Path
    format: ExportFormat
    animated: bool
    frame_count: int
    size: tuple[int, int]
    file_bytes: int
    changes: tuple[str, ...] = ()
    """What "fit under" changed, in words ("width 720 → 480 px"), in the order it changed it."""
    notes: tuple[str, ...] = ()
    """Sentences for the user, e.g. that a JPEG holds only the current frame."""

    @property
    def message(self) -> str:
        parts = list(self.notes)
        if self.changes:
            parts.append(f"To fit, maskmeme changed: {', '.join(self.changes)}.")
        return " ".join(parts)


@dataclass(frozen=True)
class _Settings:
    scale: float
    colours: int  # GIF
    quality: int  # WebP
    frame_step: int  # keep every n-th frame


def export_meme(
    doc: MemeDocument,
    path: str | os.PathLike[str],
    options: ExportOptions,
    *,
    time_ms: int | None = None,
    fit_under_bytes: int | None = None,
    progress: Progress | None = None,
    check: Check | None = None,
) -> ExportResult:
    """Write `doc` to `path` in `options.format`, animated when both allow it.

    `time_ms` is the frame a still export shows (None: the still, see `render_document`);
    `fit_under_bytes` makes the file smaller (colours or quality, then size, then frames)
    until it fits, or raises `ExportError` if it cannot. Raises `ExportError` for a request
    past the limits and `WriteError` when the disk refuses; a failed export leaves no file.
    """
    line = timeline(doc)
    target = Path(path)
    if fit_under_bytes is not None and fit_under_bytes < 1:
        raise ExportError("the size to fit under must be at least one byte")
    if line.is_animated and options.format in ANIMATED_FORMATS:
        return _export_animation(doc, line, target, options, fit_under_bytes, progress, check)
    notes: tuple[str, ...] = ()
    if line.is_animated:
        shown = line.wrap(time_ms) if time_ms is not None else 0
        time_ms = shown
        notes = (
            f"{options.format} cannot hold an animation, so the file has only the frame at "
            f"{shown / 1000:.2f} s; export a GIF, WebP or PNG to keep it moving.",
        )
    return _export_still(doc, target, options, time_ms, fit_under_bytes, notes, check)


def animation_limit_problem(
    frame_count: int, size: tuple[int, int], fmt: ExportFormat | None = None
) -> str | None:
    """The one sentence that says which limit an animation of this shape is past, or None."""
    pixels = frame_count * size[0] * size[1]
    if fmt == "PNG" and pixels > MAX_APNG_PIXELS:
        return (
            f"The animation is {frame_count} frames of {size[0]} x {size[1]} pixels, over the "
            f"limit of {MAX_APNG_PIXELS // 1_000_000} million pixels for an animated PNG; "
            "export it as GIF or WebP, or narrower."
        )
    if frame_count > MAX_EXPORT_FRAMES:
        return (
            f"The animation has {frame_count} frames and maskmeme exports at most "
            f"{MAX_EXPORT_FRAMES}; shorten it."
        )
    if pixels > MAX_EXPORT_PIXELS:
        return (
            f"The animation is {frame_count} frames of {size[0]} x {size[1]} pixels, over "
            f"maskmeme's limit of {MAX_EXPORT_PIXELS // 1_000_000} million pixels in all "
            "frames; export it narrower or shorter."
        )
    return None


# ---- Stills -----------------------------------------------------------------------------


def _export_still(
    doc: MemeDocument,
    target: Path,
    options: ExportOptions,
    time_ms: int | None,
    fit_under: int | None,
    notes: tuple[str, ...],
    check: Check | None,
) -> ExportResult:
    scale = _scale_for(doc, options)
    image = render_document(doc, scale, time_ms)
    if check is not None:
        check()  # a cancel while drawing stops before anything is written
    still_options = replace(options, width=None)
    data = encode_image(image, still_options)
    changes: list[str] = []
    width = image.width
    while fit_under is not None and len(data) > fit_under:
        if options.format in ("JPEG", "WEBP") and still_options.quality > 60:
            quality = 60 if still_options.quality > 75 else 40
            changes.append(f"quality {still_options.quality} → {quality}")
            still_options = replace(still_options, quality=quality)
        else:
            new_width = _fit_width(width, len(data), fit_under)
            changes.append(f"width {width} → {new_width} px")
            width = new_width
            image = render_document(doc, width / doc.canvas_size[0], time_ms)
        data = encode_image(image, still_options)
    atomic_write(target, data)
    return ExportResult(
        target, options.format, False, 1, image.size, len(data), tuple(changes), notes
    )


def _fit_width(width: int, size: int, limit: int) -> int:
    """A smaller width that should bring `size` under `limit` (size grows with the area), no
    narrower than `_MIN_FIT_WIDTH`; refused when the width is there already."""
    if width <= _MIN_FIT_WIDTH:
        raise ExportError(
            f"the meme cannot fit under {_megabytes(limit)} even at {width} pixels wide"
        )
    return max(_MIN_FIT_WIDTH, int(width * min(0.85, math.sqrt(limit / size) * 0.9)))


def _megabytes(count: int) -> str:
    return f"{count / MB:g} MB"


def _scale_for(doc: MemeDocument, options: ExportOptions) -> float:
    return options.width / doc.canvas_size[0] if options.width else 1.0


# ---- Animations -------------------------------------------------------------------------


def _export_animation(
    doc: MemeDocument,
    line: Timeline,
    target: Path,
    options: ExportOptions,
    fit_under: int | None,
    progress: Progress | None,
    check: Check | None,
) -> ExportResult:
    settings = _Settings(
        scale=_scale_for(doc, options),
        colours=GIF_COLOURS,
        quality=min(options.quality, _WEBP_ANIMATION_QUALITY),
        frame_step=1,
    )
    problem = animation_limit_problem(
        line.frame_count, output_size(doc, settings.scale), options.format
    )
    if problem is not None:
        raise ExportError(problem)
    frames = _draw(doc, line, settings.scale, progress, check)
    data, count = _encode(frames, line.durations_ms, options.format, settings)
    changes: list[str] = []
    attempts = 0
    while fit_under is not None and len(data) > fit_under:
        attempts += 1
        if attempts > _MAX_FIT_ATTEMPTS:
            raise ExportError(f"the meme cannot fit under {_megabytes(fit_under)}")
        settings, change, redraw = _smaller(settings, options.format, frames, len(data), fit_under)
        changes.append(change)
        if redraw:
            frames = _draw(doc, line, settings.scale, progress, check)
        if check is not None:
            check()
        data, count = _encode(frames, line.durations_ms, options.format, settings)
    atomic_write(target, data)
    return ExportResult(
        target, options.format, True, count, frames[0].size, len(data), tuple(changes)
    )


def _draw(
    doc: MemeDocument,
    line: Timeline,
    scale: float,
    progress: Progress | None,
    check: Check | None,
) -> list[Image.Image]:
    frames = []
    for index, frame in enumerate(render_frames(doc, scale, line), start=1):
        frames.append(frame)
        if progress is not None:
            progress(index, line.frame_count)
        if check is not None:
            check()
    return frames


def _smaller(
    settings: _Settings, fmt: ExportFormat, frames: list[Image.Image], size: int, limit: int
) -> tuple[_Settings, str, bool]:
    """The next, smaller settings, what changed in words, and whether frames must be redrawn.

    Cheapest to the eye first: fewer colours (GIF) or a lower quality (WebP), down to a
    floor; then a smaller picture; and when the picture is already small, fewer frames.
    """
    if fmt == "GIF" and settings.colours > 64:
        colours = 128 if settings.colours > 128 else 64
        return replace(settings, colours=colours), f"colours {settings.colours} → {colours}", False
    if fmt == "WEBP" and settings.quality > 50:
        quality = 60 if settings.quality > 60 else 50
        return replace(settings, quality=quality), f"quality {settings.quality} → {quality}", False
    width = frames[0].width
    before = math.ceil(len(frames) / settings.frame_step)
    if width > _MIN_FIT_WIDTH or before <= 2:
        new_width = _fit_width(width, size, limit)
        scale = settings.scale * new_width / width
        return replace(settings, scale=scale), f"width {width} → {new_width} px", True
    step = settings.frame_step * 2
    after = math.ceil(len(frames) / step)
    return replace(settings, frame_step=step), f"frames {before} → {after}", False


def _encode(
    frames: list[Image.Image], durations: Sequence[int], fmt: ExportFormat, settings: _Settings
) -> tuple[bytes, int]:
    """The file's bytes and its frame count."""
    kept, kept_durations = _every_nth(frames, durations, settings.frame_step)
    match fmt:
        case "GIF":
            return encode_gif(kept, gif_delays(kept_durations), settings.colours), len(kept)
        case "WEBP":
            return encode_webp(kept, kept_durations, settings.quality), len(kept)
        case _:
            return encode_apng(kept, kept_durations), len(kept)


def _every_nth(
    frames: list[Image.Image], durations: Sequence[int], step: int
) -> tuple[list[Image.Image], list[int]]:
    """Every `step`-th frame, each shown for the frames it stands for: the loop keeps time."""
    if step == 1:
        return frames, list(durations)
    kept = frames[::step]
    return kept, [sum(durations[i : i + step]) for i in range(0, len(frames), step)]


def encode_webp(frames: Sequence[Image.Image], durations: Sequence[int], quality: int) -> bytes:
    """An endlessly looping animated WebP; `kmin=0, kmax=0` lets every frame after the first
    be a difference from the one before (no key frames): about half the size and time."""
    buffer = io.BytesIO()
    first, *rest = frames
    first.save(
        buffer,
        "WEBP",
        save_all=True,
        append_images=rest,
        duration=list(durations),
        loop=0,
        quality=quality,
        kmin=0,
        kmax=0,
        method=4,
    )
    return buffer.getvalue()


def encode_apng(frames: Sequence[Image.Image], durations: Sequence[int]) -> bytes:
    """An endlessly looping APNG (Pillow stores each frame as its changed rectangle)."""
    buffer = io.BytesIO()
    first, *rest = frames
    first.save(
        buffer,
        "PNG",
        save_all=True,
        append_images=rest,
        duration=list(durations),
        loop=0,
        compress_level=_PNG_COMPRESS_LEVEL,
    )
    return buffer.getvalue()


# ---- GIF --------------------------------------------------------------------------------


def encode_gif(frames: Sequence[Image.Image], delays: Sequence[int], colours: int = 255) -> bytes:
    """An endlessly looping GIF of opaque RGB `frames`, with `delays` in milliseconds (whole
    multiples of 10: see `render.timeline.gif_delays`). One frame is written per frame given,
    even when nothing changed (a 1x1 transparent frame then), so the timing stays as given."""
    if not 2 <= colours <= GIF_COLOURS:
        raise ExportError(f"a GIF palette has 2 to {GIF_COLOURS} colours, not {colours}")
    rgb = [frame if frame.mode == "RGB" else frame.convert("RGB") for frame in frames]
    palette = _shared_palette(rgb, colours)
    transparent = len(palette.getpalette() or []) // 3  # the first index the palette leaves free
    out = io.BytesIO()
    out.write(_gif_header(rgb[0].size, palette))
    reference = rgb[0].copy()  # what the viewer shows so far, before quantising
    first = rgb[0].quantize(palette=palette, dither=Image.Dither.FLOYDSTEINBERG)
    _write_gif_frame(out, first, (0, 0), delays[0], None)
    for frame, delay in zip(rgb[1:], delays[1:], strict=True):
        changed = _changed_mask(reference, frame)
        box = changed.getbbox()
        if box is None:
            blank = Image.new("P", (1, 1), transparent)
            _write_gif_frame(out, blank, (0, 0), delay, transparent)
            continue
        part = frame.crop(box)
        mask = changed.crop(box)
        reference.paste(part, box[:2], mask)
        paletted = part.quantize(palette=palette, dither=Image.Dither.FLOYDSTEINBERG)
        paletted.paste(transparent, mask=ImageChops.invert(mask))
        _write_gif_frame(out, paletted, box[:2], delay, transparent)
    out.write(b";")
    return out.getvalue()


def _changed_mask(before: Image.Image, after: Image.Image) -> Image.Image:
    """255 where any channel moved by more than `_CHANGE_THRESHOLD`, else 0."""
    red, green, blue = ImageChops.difference(before, after).split()
    most = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    return most.point([0] * (_CHANGE_THRESHOLD + 1) + [255] * (255 - _CHANGE_THRESHOLD))


def _shared_palette(frames: Sequence[Image.Image], colours: int) -> Image.Image:
    """A P image whose palette (at most `colours` entries) is median-cut from the first frame
    and what changes in the others, sampled down to about `_PALETTE_SAMPLE_PIXELS`."""
    first = frames[0]
    boxes = [_changed_mask(first, frame).getbbox() for frame in frames[1:]]
    changed = [(frame, box) for frame, box in zip(frames[1:], boxes, strict=True) if box]
    total = first.width * first.height + sum(
        (box[2] - box[0]) * (box[3] - box[1]) for _frame, box in changed
    )
    factor = max(1, math.ceil(math.sqrt(total / _PALETTE_SAMPLE_PIXELS)))
    # Each part is reduced as soon as it is cut, so the sample never holds whole frames.
    pieces = [_reduced(first, factor)] + [
        _reduced(frame.crop(box), factor) for frame, box in changed
    ]
    # One column as wide as the first frame: a narrower changed part is stretched across it,
    # which weighs what moves (tears, mostly) a little more than its area would.
    width = pieces[0].width
    sample = Image.new("RGB", (width, sum(piece.height for piece in pieces)))
    top = 0
    for piece in pieces:
        if piece.width != width:
            piece = piece.resize((width, piece.height), Image.Resampling.NEAREST)
        sample.paste(piece, (0, top))
        top += piece.height
    quantized = sample.quantize(colours, method=Image.Quantize.MEDIANCUT)
    entries = (quantized.getpalette() or [])[: 3 * colours]
    palette = Image.new("P", (1, 1))
    palette.putpalette(entries)
    return palette


def _reduced(image: Image.Image, factor: int) -> Image.Image:
    return image.reduce(factor) if factor > 1 and min(image.size) >= factor else image


def _gif_header(size: tuple[int, int], palette: Image.Image) -> bytes:
    entries = palette.getpalette() or []
    bits = max(1, math.ceil(math.log2(len(entries) // 3 + 1)))  # room for the transparent one
    table = bytes(entries) + bytes(3 * (2**bits) - len(entries))
    screen = struct.pack("<HHBBB", size[0], size[1], 0x80 | (bits - 1) << 4 | (bits - 1), 0, 0)
    loop = b"!\xff\x0bNETSCAPE2.0\x03\x01" + struct.pack("<H", 0) + b"\x00"
    return b"GIF89a" + screen + table + loop


def _write_gif_frame(
    out: io.BytesIO,
    image: Image.Image,
    offset: tuple[int, int],
    delay: int,
    transparent: int | None,
) -> None:
    params: dict[str, Any] = {"duration": delay, "disposal": _GIF_DO_NOT_DISPOSE}
    if transparent is not None:
        params["transparency"] = transparent
    for chunk in GifImagePlugin.getdata(image, offset, **params):
        out.write(chunk)
