"""Captions: layout first (letter case, wrapping, the fitted size, positions), then drawing.

The layout is a value a test can read and `draw_caption` only paints what it says. Everything is
in output pixels: the layer's box and font size times `pixel_scale(layer.transform, scale)`.
Words are measured and wrapped in logical (typed) order; each line is then put in visual order
run by run, and raqm shapes every run (Arabic joining, Devanagari conjuncts, bidi inside a run).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from PIL import Image, ImageChops, ImageDraw, ImageFilter

from maskmeme_gui.model.layers import CaptionLayer, LetterCase
from maskmeme_gui.render.budget import check_caption_ink
from maskmeme_gui.render.colors import RGBA, parse_color
from maskmeme_gui.render.fonts import (
    HAS_RAQM,
    FontFace,
    FontRun,
    clusters,
    font_runs,
    load_font,
    primary_face,
)
from maskmeme_gui.render.sprite import FlatSprite, Sprite, pixel_scale

Direction = Literal["ltr", "rtl"]

MIN_FONT_SIZE = 8.0  # canvas pixels: "fit" shrinks no further (scaled like the box)

_LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_WORD_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")  # whitespace except the no-break spaces
_BALANCE_PRECISION = 0.5  # px: how close balancing gets to the narrowest possible longest line


@dataclass(frozen=True)
class TextRun:
    """Text drawn in one call with one face. `x` is from the line's left edge."""

    text: str
    face: FontFace
    x: float
    width: float
    direction: Direction


@dataclass(frozen=True)
class LaidLine:
    """One line, positioned in box pixels (origin at the box's top-left corner)."""

    text: str  # logical order, as typed after letter case
    runs: tuple[TextRun, ...]  # visual order, left to right
    x: float
    y: float  # top of the line: the baseline minus the font's ascent
    width: float
    height: float  # the font's ascent + descent
    baseline: float


@dataclass(frozen=True)
class CaptionLayout:
    text: str  # after letter case and NFC normalisation
    font_size: int
    stroke_width: int
    line_height: float  # baseline to baseline
    lines: tuple[LaidLine, ...]
    box_size: tuple[int, int]
    box_origin: tuple[int, int]  # the box's top-left corner within the sprite
    sprite_size: tuple[int, int]  # the box plus room for the ink (stroke, shadow) outside it
    shadow_offset: int
    shadow_blur: float
    fits: bool  # False when the text overflows the box or a word had to be broken

    @property
    def anchor(self) -> tuple[float, float]:
        """The box centre within the sprite: the point that sits on the layer's position."""
        return (
            self.box_origin[0] + self.box_size[0] / 2,
            self.box_origin[1] + self.box_size[1] / 2,
        )


def apply_letter_case(text: str, letter_case: LetterCase) -> str:
    # str.upper knows the special cases (ß -> SS) and leaves caseless scripts alone.
    if letter_case == "upper":
        return text.upper()
    if letter_case == "lower":
        return text.lower()
    return text


def layout_caption(layer: CaptionLayer, scale: float = 1.0) -> CaptionLayout:
    factor = pixel_scale(layer.transform, scale)
    text = unicodedata.normalize("NFC", apply_letter_case(layer.text, layer.letter_case))
    setter = _Typesetter(layer, factor, text)
    upper = _pixels(layer.font_size * factor)
    if layer.size_mode == "fixed":
        attempt = setter.attempt(upper)
    else:
        attempt = _largest_fitting(setter, min(upper, _pixels(MIN_FONT_SIZE * factor)), upper)
    return setter.finish(attempt)


def draw_caption(layout: CaptionLayout, layer: CaptionLayer) -> Sprite:
    _check_ink(layout, layer)
    fill, stroke = parse_color(layer.fill), parse_color(layer.stroke)
    stroke_layer = Image.new("RGBA", layout.sprite_size, (0, 0, 0, 0))
    if fill[3] == 255:
        # An opaque fill covers the stroke beneath it either way: one layer, no compositing
        # (a 12-megapixel meme's caption sprite is millions of pixels).
        fill_layer = stroke_layer
    else:
        # A translucent fill must show the stroke beneath it instead of replacing it, so the
        # fill goes on a layer of its own that is then composited over the stroke.
        fill_layer = Image.new("RGBA", layout.sprite_size, (0, 0, 0, 0))
    if layout.stroke_width:
        _draw_runs(layout, stroke_layer, stroke, layout.stroke_width)
    _draw_runs(layout, fill_layer, fill, 0)
    image = (
        stroke_layer
        if fill_layer is stroke_layer
        else Image.alpha_composite(stroke_layer, fill_layer)
    )
    if layer.shadow is not None:
        image = _under_shadow(
            image, parse_color(layer.shadow.color), layout.shadow_offset, layout.shadow_blur
        )
    return Sprite(image, layout.anchor)


def _draw_runs(
    layout: CaptionLayout, target: Image.Image, color: tuple[int, int, int, int], stroke: int
) -> None:
    """Every run of every line in one colour: the outline pass (`stroke` > 0) or the fill."""
    draw = ImageDraw.Draw(target)
    left, top = layout.box_origin
    for line in layout.lines:
        for run in line.runs:
            position = (left + line.x + run.x, top + line.baseline)
            if run.face.color:
                if not stroke:  # colour emoji carry their own colours and get no outline
                    _draw_color_run(target, run, position, layout.font_size)
                continue
            draw.text(
                position,
                run.text,
                font=load_font(run.face.path, layout.font_size),
                fill=color,
                anchor="ls",
                direction=_raqm_direction(run.direction),
                stroke_width=stroke,
            )


def _check_ink(layout: CaptionLayout, layer: CaptionLayer) -> None:
    glyphs = sum(len(run.text) for line in layout.lines for run in line.runs)
    check_caption_ink(layer, glyphs, layout.font_size)


@dataclass(frozen=True)
class CaptionInk:
    """What the caption covers, before any colour, in sprite pixels: coverage masks ("L",
    255 = fully covered) of the outline and of the fill."""

    stroke: Image.Image | None  # None without an outline
    fill: Image.Image
    color_glyphs: bool  # colour runs (emoji) are not in the masks: only the sprite has them


def ink_caption(layout: CaptionLayout) -> CaptionInk:
    """Every run drawn as coverage: one-channel masks take a quarter of the blending work of
    drawing each run onto RGBA, and the colours are applied once per mask."""
    # Image.new without a colour: zeroed memory comes from the system untouched, while a colour
    # (even 0) is written into every byte first.
    stroke = Image.new("L", layout.sprite_size) if layout.stroke_width else None
    fill = Image.new("L", layout.sprite_size)
    stroke_draw = ImageDraw.Draw(stroke) if stroke is not None else None
    fill_draw = ImageDraw.Draw(fill)
    color_glyphs = False
    left, top = layout.box_origin
    for line in layout.lines:
        for run in line.runs:
            if run.face.color:
                color_glyphs = True
                continue
            position = (left + line.x + run.x, top + line.baseline)
            font = load_font(run.face.path, layout.font_size)
            direction = _raqm_direction(run.direction)
            if stroke_draw is not None:
                stroke_draw.text(
                    position,
                    run.text,
                    font=font,
                    fill=255,
                    anchor="ls",
                    direction=direction,
                    stroke_width=layout.stroke_width,
                )
            fill_draw.text(
                position, run.text, font=font, fill=255, anchor="ls", direction=direction
            )
    return CaptionInk(stroke, fill, color_glyphs)


def flat_caption(layout: CaptionLayout, layer: CaptionLayer) -> FlatSprite | None:
    """The caption's sprite as colour and coverage (`FlatSprite`), made from the masks without
    the RGBA sprite: the same pixels on an opaque picture, at half the cost for a 12-megapixel
    meme's caption. None when only the sprite can say it (a shadow, colour glyphs, a
    translucent outline)."""
    fill, stroke = parse_color(layer.fill), parse_color(layer.stroke)
    if layer.shadow is not None or (layout.stroke_width and stroke[3] < 255):
        return None
    _check_ink(layout, layer)
    ink = ink_caption(layout)
    if ink.color_glyphs:
        return None
    cover = ink.fill if ink.stroke is None else ink.stroke
    box = cover.getbbox()
    if box is None:
        return FlatSprite(Image.new("RGB", (1, 1)), Image.new("L", (1, 1)), (0, 0))
    fill_cover = _faded(ink.fill.crop(box), fill[3])
    if ink.stroke is None:
        return FlatSprite(Image.new("RGB", fill_cover.size, fill[:3]), fill_cover, box[:2])
    stroke_cover = ink.stroke.crop(box)
    # Where the outline covers fully, the sprite's colour is the fill blended over the outline
    # colour and its alpha is the outline's; the fill's edge lies well inside the outline
    # unless the outline is about a pixel wide, where only the sprite is exact.
    partly = stroke_cover.point([255 if value < 255 else 0 for value in range(256)])
    if ImageChops.darker(partly, fill_cover).getbbox() is not None:
        return None
    tables = [_blend_table(under, over) for under, over in zip(stroke[:3], fill[:3], strict=True)]
    if tables[0] == tables[1] == tables[2]:
        # Grey outline and fill (the classic black and white): one band, copied three times.
        grey = fill_cover if tables[0] == tuple(range(256)) else fill_cover.point(tables[0])
        return FlatSprite(grey.convert("RGB"), stroke_cover, box[:2])
    color = Image.merge("RGB", [fill_cover.point(table) for table in tables])
    return FlatSprite(color, stroke_cover, box[:2])


def _faded(mask: Image.Image, alpha: int) -> Image.Image:
    return mask if alpha == 255 else mask.point(_blend_table(0, alpha))


@functools.lru_cache(maxsize=64)
def _blend_table(under: int, over: int) -> tuple[int, ...]:
    """Blends from `under` (0) to `over` (255) with Pillow's own rounding (its BLEND macro),
    so a blend made with this table gives the pixels Pillow's drawing gives."""
    blends = []
    for amount in range(256):
        total = under * (255 - amount) + over * amount + 128
        blends.append(((total >> 8) + total) >> 8)
    return tuple(blends)


def render_caption(layer: CaptionLayer, scale: float = 1.0) -> Sprite:
    return draw_caption(layout_caption(layer, scale), layer)


def scaled_layout(layout: CaptionLayout, factor: float) -> CaptionLayout:
    """The same layout `factor` times as large: its lines, breaks and places kept, the font
    and outline sized to match. Laid out afresh at that size, a caption could fit another size
    or wrap elsewhere, by rounding; this one shows what the full-size layout will draw."""

    def run(piece: TextRun) -> TextRun:
        return dataclasses.replace(piece, x=piece.x * factor, width=piece.width * factor)

    lines = tuple(
        LaidLine(
            text=line.text,
            runs=tuple(run(piece) for piece in line.runs),
            x=line.x * factor,
            y=line.y * factor,
            width=line.width * factor,
            height=line.height * factor,
            baseline=line.baseline * factor,
        )
        for line in layout.lines
    )
    box_w, box_h = layout.box_size
    origin_x, origin_y = layout.box_origin
    sprite_w, sprite_h = layout.sprite_size
    stroke = layout.stroke_width
    return dataclasses.replace(
        layout,
        font_size=_pixels(layout.font_size * factor),
        stroke_width=max(1, round(stroke * factor)) if stroke else 0,
        line_height=layout.line_height * factor,
        lines=lines,
        box_size=(_pixels(box_w * factor), _pixels(box_h * factor)),
        box_origin=(round(origin_x * factor), round(origin_y * factor)),
        # A spare pixel each way for the rounding of the outline and the origin.
        sprite_size=(math.ceil(sprite_w * factor) + 2, math.ceil(sprite_h * factor) + 2),
        shadow_offset=round(layout.shadow_offset * factor),
        shadow_blur=layout.shadow_blur * factor,
    )


# --- measuring and wrapping ------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    """An unbreakable piece of a line: a word, a CJK character or a piece of a broken word."""

    text: str
    glued: bool = False  # follows the previous token without a space


class _Measure:
    """Widths for one layout call: the size search measures each word once per size."""

    def __init__(self, primary: FontFace) -> None:
        self.primary = primary
        self._runs: dict[str, tuple[FontRun, ...]] = {}
        self._widths: dict[tuple[FontRun, int], float] = {}

    def runs(self, text: str) -> tuple[FontRun, ...]:
        if text not in self._runs:
            self._runs[text] = font_runs(text, self.primary)
        return self._runs[text]

    def run_width(self, run: FontRun, size: int) -> float:
        key = (run, size)
        if key not in self._widths:
            font, factor = run.face.sized(size)
            self._widths[key] = font.getlength(run.text) * factor
        return self._widths[key]

    def width(self, text: str, size: int) -> float:
        return sum(self.run_width(run, size) for run in self.runs(text))

    def space(self, size: int) -> float:
        return self.run_width(FontRun(" ", self.primary), size)


@dataclass
class _Paragraph:
    """One paragraph's tokens measured at one size."""

    tokens: list[_Token]
    widths: list[float]
    space: float

    def span_width(self, start: int, end: int) -> float:
        gaps = sum(1 for token in self.tokens[start + 1 : end] if not token.glued)
        return sum(self.widths[start:end]) + gaps * self.space

    def greedy(self, limit: float) -> list[tuple[int, int]]:
        """Line ranges, each filled as far as `limit` allows (a too-wide token sits alone)."""
        lines: list[tuple[int, int]] = []
        start, width = 0, 0.0
        for index, token in enumerate(self.tokens):
            if index == start:
                width = self.widths[index]
                continue
            added = self.widths[index] + (0.0 if token.glued else self.space)
            if width + added > limit:
                lines.append((start, index))
                start, width = index, self.widths[index]
            else:
                width += added
        if self.tokens:
            lines.append((start, len(self.tokens)))
        return lines

    def balanced(self, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The same number of lines with the longest line as short as possible, so the last
        line is no lonely word when the words can share the lines more evenly."""
        if len(lines) < 2:
            return lines
        low = max(self.widths)
        high = max(self.span_width(start, end) for start, end in lines)
        while high - low > _BALANCE_PRECISION:
            middle = (low + high) / 2
            if len(self.greedy(middle)) <= len(lines):
                high = middle
            else:
                low = middle
        return self.greedy(high)


@dataclass
class _Attempt:
    """The text wrapped at one size."""

    size: int
    stroke: int
    paragraphs: list[_Paragraph]
    lines: list[list[tuple[int, int]]]  # per paragraph
    broke_words: bool
    height: float
    box_height: int

    @property
    def fits(self) -> bool:
        return not self.broke_words and self.height <= self.box_height


class _Typesetter:
    """Everything about one caption that does not depend on the font size."""

    def __init__(self, layer: CaptionLayer, factor: float, text: str) -> None:
        self.layer = layer
        self.text = text
        self.box = (_pixels(layer.box_width * factor), _pixels(layer.box_height * factor))
        self.measure = _Measure(primary_face(layer.font_id))
        self.paragraphs = [_tokens(paragraph) for paragraph in _LINE_BREAK.split(text)]
        if not any(self.paragraphs):
            self.paragraphs = []  # blank text has no lines at all, not one empty line

    def stroke(self, size: int) -> int:
        return max(0, round(self.layer.stroke_width * size))

    def line_metrics(self, size: int) -> tuple[int, int, float]:
        ascent, descent = load_font(self.measure.primary.path, size).getmetrics()
        return ascent, descent, (ascent + descent) * max(0.0, self.layer.line_spacing)

    def attempt(self, size: int) -> _Attempt:
        stroke = self.stroke(size)
        room = self.box[0] - 2 * stroke
        space = self.measure.space(size)
        paragraphs, lines, broke_words = [], [], False
        for tokens in self.paragraphs:
            widths = [self.measure.width(token.text, size) for token in tokens]
            if any(width > room for width in widths):
                broke_words = True
                tokens = [piece for token in tokens for piece in self._fitted(token, size, room)]
                widths = [self.measure.width(token.text, size) for token in tokens]
            paragraph = _Paragraph(tokens, widths, space)
            paragraphs.append(paragraph)
            lines.append(paragraph.greedy(room))
        ascent, descent, pitch = self.line_metrics(size)
        count = sum(len(paragraph_lines) or 1 for paragraph_lines in lines)
        height = (count - 1) * pitch + ascent + descent + 2 * stroke if count else 0.0
        return _Attempt(size, stroke, paragraphs, lines, broke_words, height, self.box[1])

    def _fitted(self, token: _Token, size: int, room: float) -> list[_Token]:
        """The token as is, or broken between characters into pieces no wider than `room`."""
        if self.measure.width(token.text, size) <= room:
            return [token]
        parts = clusters(token.text)

        def fits(begin: int, end: int) -> bool:
            return self.measure.width("".join(parts[begin:end]), size) <= room

        pieces: list[_Token] = []
        start = 0
        while start < len(parts):
            # Gallop to the first length that is too wide, then search below it: each piece
            # costs its own length, not the word's (a 10 000-letter word took minutes).
            low, step = start + 1, 1  # at least one character per piece
            while low + step <= len(parts) and fits(start, low + step):
                low, step = low + step, step * 2
            high = min(len(parts), low + step - 1)
            while low < high:
                middle = (low + high + 1) // 2
                if fits(start, middle):
                    low = middle
                else:
                    high = middle - 1
            pieces.append(_Token("".join(parts[start:low]), glued=token.glued or bool(pieces)))
            start = low
        return pieces

    def finish(self, attempt: _Attempt) -> CaptionLayout:
        size, stroke = attempt.size, attempt.stroke
        width, height = self.box
        ascent, descent, pitch = self.line_metrics(size)
        top = (height - attempt.height) / 2 + stroke
        lines: list[LaidLine] = []
        for paragraph, ranges in zip(attempt.paragraphs, attempt.lines, strict=True):
            direction = _strong_direction(" ".join(t.text for t in paragraph.tokens)) or "ltr"
            for start, end in paragraph.balanced(ranges) or [(0, 0)]:
                tokens = paragraph.tokens[start:end]
                runs, line_width = self._visual_runs(tokens, size, direction)
                y = top + len(lines) * pitch
                lines.append(
                    LaidLine(
                        text=_joined(tokens),
                        runs=runs,
                        x=self._line_x(line_width, stroke),
                        y=y,
                        width=line_width,
                        height=ascent + descent,
                        baseline=y + ascent,
                    )
                )
        shadow_offset, shadow_blur = self._shadow_geometry(size)
        ink = _ink_bounds(lines, size, stroke)
        if ink is not None and self.layer.shadow is not None:
            ink = _union(ink, _shadow_bounds(ink, shadow_offset, shadow_blur))
        # Overflowing text ("fixed" mode) is cut half a line beyond the box, so a long text at
        # a large size cannot ask for an enormous sprite; text that fits is never cut.
        reach = math.ceil(size / 2 + stroke + abs(shadow_offset) + 3 * shadow_blur)
        left, top_edge, right, bottom = _intersection(
            _union((0, 0, width, height), ink), (-reach, -reach, width + reach, height + reach)
        )
        # One spare pixel: sub-pixel positioning can reach past a glyph's reported box.
        left, top_edge = math.floor(left) - 1, math.floor(top_edge) - 1
        right, bottom = math.ceil(right) + 1, math.ceil(bottom) + 1
        return CaptionLayout(
            text=self.text,
            font_size=size,
            stroke_width=stroke,
            line_height=pitch,
            lines=tuple(lines),
            box_size=self.box,
            box_origin=(-left, -top_edge),
            sprite_size=(right - left, bottom - top_edge),
            shadow_offset=shadow_offset,
            shadow_blur=shadow_blur,
            fits=attempt.fits,
        )

    def _line_x(self, line_width: float, stroke: int) -> float:
        if self.layer.align == "left":
            return float(stroke)
        if self.layer.align == "right":
            return self.box[0] - stroke - line_width
        return (self.box[0] - line_width) / 2

    def _shadow_geometry(self, size: int) -> tuple[int, float]:
        shadow = self.layer.shadow
        if shadow is None:
            return 0, 0.0
        return round(shadow.offset * size), max(0.0, shadow.blur * size)

    def _visual_runs(
        self, tokens: list[_Token], size: int, paragraph: Direction
    ) -> tuple[tuple[TextRun, ...], float]:
        """The line's runs left to right, and the line's width. Spaces between words take part
        in the reordering (as neutrals) but are not drawn."""
        pieces: list[tuple[FontRun | None, float]] = []
        for index, token in enumerate(tokens):
            if index and not token.glued:
                pieces.append((None, self.measure.space(size)))
            pieces.extend(
                (run, self.measure.run_width(run, size)) for run in self.measure.runs(token.text)
            )
        directions = _resolved_directions(
            [_strong_direction(run.text) if run else None for run, _ in pieces], paragraph
        )
        runs: list[TextRun] = []
        x = 0.0
        for index in _visual_order(directions, paragraph):
            run, width = pieces[index]
            if run is not None:
                runs.append(TextRun(run.text, run.face, x, width, directions[index]))
            x += width
        return tuple(runs), x


def _largest_fitting(setter: _Typesetter, lower: int, upper: int) -> _Attempt:
    """Binary search for the largest size whose wrapped text fits: size + 1 would not."""
    attempt = setter.attempt(upper)
    if attempt.fits or upper <= lower:
        return attempt
    best = setter.attempt(lower)
    if not best.fits:
        return best
    too_big = upper
    while too_big - best.size > 1:
        middle = setter.attempt((best.size + too_big) // 2)
        if middle.fits:
            best = middle
        else:
            too_big = middle.size
    return best


def _tokens(paragraph: str) -> list[_Token]:
    tokens: list[_Token] = []
    for word in _WORD_SPACE.split(paragraph):
        # Control characters and lone surrogates have nothing to draw (and break shaping).
        visible = "".join(ch for ch in word if unicodedata.category(ch) not in ("Cc", "Cs"))
        if visible:
            tokens.extend(_word_tokens(visible))
    return tokens


def _word_tokens(word: str) -> list[_Token]:
    """A word as tokens: Chinese and Japanese have no spaces and break between characters
    (never before punctuation); everything else keeps the word whole."""
    tokens: list[_Token] = []
    previous_wide = False
    for cluster in clusters(word):
        wide = _is_wide_letter(cluster)
        if not tokens:
            tokens.append(_Token(cluster))
        elif (wide or previous_wide) and not unicodedata.category(cluster[0]).startswith("P"):
            tokens.append(_Token(cluster, glued=True))
        else:
            tokens[-1] = _Token(tokens[-1].text + cluster, tokens[-1].glued)
        previous_wide = wide
    return tokens


def _is_wide_letter(cluster: str) -> bool:
    base = cluster[0]
    return unicodedata.east_asian_width(base) in ("W", "F") and unicodedata.category(
        base
    ).startswith("L")


def _joined(tokens: list[_Token]) -> str:
    return "".join(
        token.text if token.glued or i == 0 else " " + token.text for i, token in enumerate(tokens)
    )


def _pixels(value: float) -> int:
    return max(1, round(value))


# --- bidi at run level -----------------------------------------------------------------------


def _strong_direction(text: str) -> Direction | None:
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def _resolved_directions(
    directions: list[Direction | None], paragraph: Direction
) -> list[Direction]:
    """Neutral pieces (spaces, symbols, emoji) take the direction of the strong pieces around
    them when both sides agree, else the paragraph's (Unicode bidi rules N1 and N2)."""
    resolved: list[Direction] = []
    for index, direction in enumerate(directions):
        if direction is None:
            before = next((d for d in reversed(directions[:index]) if d), paragraph)
            after = next((d for d in directions[index + 1 :] if d), paragraph)
            direction = before if before == after else paragraph
        resolved.append(direction)
    return resolved


def _visual_order(directions: list[Direction], paragraph: Direction) -> list[int]:
    """Piece indices left to right: Unicode bidi rule L2 over embedding levels 0 to 2."""
    base = 1 if paragraph == "rtl" else 0
    levels = [base if direction == paragraph else base + 1 for direction in directions]
    order = list(range(len(directions)))
    for level in range(max(levels, default=0), 0, -1):
        index = 0
        while index < len(order):
            if levels[order[index]] < level:
                index += 1
                continue
            end = index
            while end < len(order) and levels[order[end]] >= level:
                end += 1
            order[index:end] = reversed(order[index:end])
            index = end
    return order


def _raqm_direction(direction: Direction) -> Direction | None:
    # Without raqm Pillow refuses any direction; the runs are already in visual order.
    return direction if HAS_RAQM else None


# --- ink geometry and drawing ----------------------------------------------------------------

_Box = tuple[float, float, float, float]


def _ink_bounds(lines: list[LaidLine], size: int, stroke: int) -> _Box | None:
    bounds: _Box | None = None
    for line in lines:
        for run in line.runs:
            font, factor = run.face.sized(size)
            left, top, right, bottom = font.getbbox(
                run.text,
                direction=None if run.face.color else _raqm_direction(run.direction),
                anchor="ls",
                stroke_width=0 if run.face.color else stroke,
            )
            x, y = line.x + run.x, line.baseline
            box = (x + left * factor, y + top * factor, x + right * factor, y + bottom * factor)
            bounds = box if bounds is None else _union(bounds, box)
    return bounds


def _union(a: _Box, b: _Box | None) -> _Box:
    if b is None:
        return a
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def _intersection(a: _Box, b: _Box) -> _Box:
    return max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])


def _shadow_bounds(ink: _Box, offset: int, blur: float) -> _Box:
    # A Gaussian's visible tail ends about three radii out.
    reach = math.ceil(3 * blur)
    return (
        ink[0] + offset - reach,
        ink[1] + offset - reach,
        ink[2] + offset + reach,
        ink[3] + offset + reach,
    )


def _draw_color_run(
    target: Image.Image, run: TextRun, position: tuple[float, float], size: int
) -> None:
    """Colour glyphs drawn at the font's own size (bitmap fonts know no other) and scaled."""
    font, factor = run.face.sized(size)
    left, top, right, bottom = font.getbbox(run.text, anchor="ls")
    if right <= left or bottom <= top:
        return
    glyphs = Image.new("RGBA", (int(right - left), int(bottom - top)), (0, 0, 0, 0))
    ImageDraw.Draw(glyphs).text(
        (-left, -top), run.text, font=font, anchor="ls", embedded_color=True
    )
    scaled_size = (max(1, round(glyphs.width * factor)), max(1, round(glyphs.height * factor)))
    scaled = glyphs.resize(scaled_size, Image.Resampling.LANCZOS)
    x, y = position
    target.alpha_composite(scaled, (round(x + left * factor), round(y + top * factor)))


def _under_shadow(image: Image.Image, color: RGBA, offset: int, blur: float) -> Image.Image:
    red, green, blue, alpha = color
    silhouette = image.getchannel("A").point([value * alpha // 255 for value in range(256)])
    shifted = Image.new("L", image.size)
    shifted.paste(silhouette, (offset, offset))
    if blur > 0:
        shifted = shifted.filter(ImageFilter.GaussianBlur(blur))
    shadow = Image.new("RGBA", image.size, (red, green, blue, 0))
    shadow.putalpha(shifted)
    return Image.alpha_composite(shadow, image)
