"""Realistic tears for photos: a thin wet streak that runs down the skin.

From the eye the streak widens within two widths to `width`, then thins to about three
quarters of it down the cheek, meandering a little as water does on skin. A few small beads
swell along it, each with its own glint, and a drop hangs at the wet end. The highlight is a
white line on the side facing the light, flickering as light does on a rippled film.

The same sprite has to read as water on bare skin and over a mask's cloth, without knowing
which is underneath: the stream's middle is darkened with a deep shade of its tint (a streak
soaked into cloth; a slightly deeper skin tone on skin), its far edge carries a thin soft
shadow, and the glowing halo is kept small, since on a light mask it made the tear a pale
strip. The darkening stays under a fifth of a light surface's brightness, a film, never ink.

The end drop is at most `END_DROP_MAX` times `width` across. Tears placed from a face get
`width` = 0.12 x the distance between the eyes, and an eye is about 0.45 x that distance wide,
so the drop stays under 1.15 x 0.12 / 0.45 = 0.31 of the eye's width: a third of the eye,
never a pendant larger than it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, replace

from PIL import ImageDraw

from maskmeme_gui.render.sprite import Sprite
from maskmeme_gui.render.tearstyles.flow import SWELL, falling_drop, running
from maskmeme_gui.render.tearstyles.kit import (
    Frame,
    Point,
    TearPainter,
    TearRequest,
    clamp,
    draw_disc,
    draw_tube,
    frame_for,
    lerp,
    normals,
    offset,
    sample_targets,
    smooth_curve,
    smooth_max,
    smoothstep,
    teardrop_outline,
    value_noise,
)
from maskmeme_gui.render.tearstyles.water import (
    Bead,
    WaterLook,
    WaterShape,
    draw_bead_glow,
    draw_bead_lights,
    placed,
    shade_water,
    shaded_drop,
)

END_DROP_MIN = 0.95  # the end drop's width, in stream widths, is seeded between these two
END_DROP_MAX = 1.15
CHEEK_WIDTH = 0.76  # what the streak thins to down the cheek, in widths
BEAD_SPACING = 7.0  # one bead about every this many widths of path, on average
STREAK_FLOOR = 0.7  # the highlight line never fades below this share of its strength
STREAK_LEAST = 0.45  # output pixels: the line's least half-width, a crisp line on a thin tear
# The stream soaks in: a deep core and a firmer far edge read as water on a mask's cloth too,
# with less of the pale glow that made it look like a strip of plastic there.
SOAKING = WaterLook(
    wet=0.08, damp=0.13, far=0.2, far_blur=0.05, far_least=0.9, halo=0.04, halo_gloss=0.06
)


@dataclass(frozen=True)
class _Look:
    """The seeded character of one stream, in units of its width so it survives zooming."""

    phases: tuple[float, float]
    drop_size: float
    gleam: Callable[[float], float]  # highlight strength 0..1 along the path, in widths
    meander: Callable[[float], float]  # sideways drift 0..1 along the path, in widths
    beads: tuple[tuple[float, float, float], ...]  # (fraction of the path, swell, spread)


def _look(rng: random.Random, widths_long: float) -> _Look:
    # Fixed-count draws first, so the number of beads never shifts the other features.
    phases = (rng.uniform(0, math.tau), rng.uniform(0, math.tau))
    drop_size = rng.uniform(END_DROP_MIN, END_DROP_MAX)
    knots = min(256, 2 + int(widths_long / 1.5))
    gleam = value_noise(rng, knots=knots, spacing=1.5)
    meander = value_noise(rng, knots=min(256, 2 + int(widths_long / 4)), spacing=4.0)
    count = round(widths_long / BEAD_SPACING * rng.uniform(0.5, 1.5))
    beads = tuple(
        (rng.uniform(0.15, 0.85), rng.uniform(0.14, 0.3), rng.uniform(0.5, 0.8))
        for _ in range(count)
    )
    return _Look(phases, drop_size, gleam, meander, beads)


def end_drop_width(width: float, drop_size: float) -> float:
    """The end drop's width for a stream `width` wide: `drop_size` widths, `drop_size` being
    seeded between END_DROP_MIN and END_DROP_MAX."""
    return width * clamp(drop_size, END_DROP_MIN, END_DROP_MAX)


def paint_stream(request: TearRequest) -> Sprite:
    width = request.width
    curve = smooth_curve(request.path, width)
    look = _look(request.rng, curve.total / width)
    end = curve.total * request.wet
    # The drop hangs at the wet end; a short or growing stream is all drop, growing with it.
    full_radius = end_drop_width(width, look.drop_size) / 2
    flow = request.flow
    drop_radius = (
        min(full_radius * (flow.swell if flow else 1.0), end / 2) if end > 0 else width * 0.4
    )
    drop_at = max(0.0, end - drop_radius)
    if flow is not None:
        # Beads run down, and swell out of sight before they reach the running drop.
        moved = [running(bead, flow.run) for bead in look.beads]
        ahead = drop_at - 2 * drop_radius - width
        look = replace(look, beads=tuple(
            (f, swell * (1.0 - smoothstep(ahead - 2 * width, ahead, f * curve.total)), spread)
            for f, swell, spread in moved
        ))  # fmt: skip
    falling = falling_drop(curve, drop_at, full_radius * (1 + SWELL), width, flow)
    spacing = clamp(width * 0.2, 0.75, 12.0)
    arcs = sample_targets(drop_at, spacing)
    line = curve.at(arcs)
    sides = normals(line)
    # Water finds its own way over the skin: the streak drifts a little either side of the
    # path, never at the eye, where it starts, nor into the drop.
    drift = [
        (look.meander(s / width) - 0.5) * 0.3 * width * smoothstep(0.0, 3.0 * width, s)
        * (1.0 - smoothstep(drop_at - 3 * drop_radius, drop_at, s))
        for s in arcs
    ]  # fmt: skip
    centres = [offset(p, n, d) for p, n, d in zip(line, sides, drift, strict=True)]
    radii = [_radius(s, width, curve.total, drop_at, drop_radius, look) for s in arcs]
    drop = Bead(centres[-1], radii[-1])

    extra = [(falling.centre, falling.radius)] if falling else []
    frame = frame_for([*centres, *(c for c, _ in extra)], [*radii, *(r for _, r in extra)], width)
    body = frame.new_work_mask()
    draw_tube(ImageDraw.Draw(body), frame, centres, radii, [255] * len(arcs))
    highlight = frame.new_work_mask()
    draw = ImageDraw.Draw(highlight)
    stop = drop_at - drop_radius
    _draw_streak(draw, frame, arcs, centres, radii, sides, look, width, stop, request.gloss)
    glow = frame.new_work_mask()
    glow_draw = ImageDraw.Draw(glow)
    for fraction, swell, _spread in look.beads:
        s = fraction * curve.total
        if 2.5 * width < s < drop_at - 2 * drop_radius - width:
            i = min(len(arcs) - 1, round(s / spacing))
            strength = swell / 0.3
            draw_bead_lights(
                draw, frame, centres[i], radii[i], request.gloss * 0.9 * strength, least=0.6
            )
            draw_bead_glow(glow_draw, frame, centres[i], radii[i], 0.6 * strength)
    draw_bead_lights(draw, frame, drop.centre, drop.radius, request.gloss, least=0.6)
    draw_bead_glow(glow_draw, frame, drop.centre, drop.radius, 1.0)
    if falling is not None:
        # In the air: no shadow on the skin, only its water and its lights, fading as it goes.
        draw_disc(ImageDraw.Draw(body), frame, falling.centre, falling.radius,
                  round(255 * falling.opacity))  # fmt: skip
        draw_bead_lights(draw, frame, falling.centre, falling.radius,
                         request.gloss * falling.opacity, least=0.6)  # fmt: skip
    shape = WaterShape(
        frame.reduce(body),
        frame.reduce(highlight),
        frame.reduce(glow),
        placed(frame, [drop]),
        width,
    )
    return frame.sprite(shade_water(shape, request.tint, request.gloss, SOAKING))


def _radius(
    s: float, width: float, total: float, drop_at: float, drop_radius: float, look: _Look
) -> float:
    """Half the streak's width at arc length `s`: it wells from the eye, thins down the cheek,
    swells into beads and flares into the drop."""
    welling = 0.15 + 0.85 * smoothstep(-0.5 * width, 2.0 * width, s)
    thinning = 1.0 - (1.0 - CHEEK_WIDTH) * smoothstep(2.0 * width, 12.0 * width, s)
    wobble = 1.0 + 0.07 * math.sin(s / width * 1.1 + look.phases[0])
    wobble += 0.05 * math.sin(s / width * 2.7 + look.phases[1])
    radius = 0.5 * width * welling * thinning * wobble
    for fraction, swell, spread in look.beads:
        along = (s - fraction * total) / (spread * width)
        radius += 0.5 * width * swell * math.exp(-along * along)
    radius = min(radius, 0.5 * width)  # a bead is never wider than the stream at the eye
    # Into the drop the width flares like the neck of a falling drop.
    neck = 2.4 * drop_radius
    flare = drop_radius * clamp((s - (drop_at - neck)) / neck, 0.0, 1.0) ** 1.5 if neck else 0.0
    return smooth_max(radius, flare, 0.1 * width)


def _draw_streak(
    draw: ImageDraw.ImageDraw,
    frame: Frame,
    arcs: list[float],
    centres: list[Point],
    radii: list[float],
    sides: list[Point],
    look: _Look,
    width: float,
    stop: float,
    gloss: float,
) -> None:
    """The specular line on the light side, from just below the eye to above the drop (which
    has its own). It breaks up and flickers like light on a rippled film."""
    picked = [i for i, s in enumerate(arcs) if width * 0.5 < s < stop]
    if len(picked) < 2:
        return
    gleams = [look.gleam(arcs[i] / width) for i in picked]
    strengths = [
        (STREAK_FLOOR + (1 - STREAK_FLOOR) * smoothstep(0.35, 0.75, g))
        * smoothstep(0.5 * width, 2.0 * width, arcs[i])
        for g, i in zip(gleams, picked, strict=True)
    ]
    draw_tube(
        draw,
        frame,
        [offset(centres[i], sides[i], radii[i] * 0.45) for i in picked],
        [
            max(STREAK_LEAST, radii[i] * (0.12 + 0.12 * g))
            for i, g in zip(picked, gleams, strict=True)
        ],
        [round(255 * gloss * strength) for strength in strengths],
    )


def paint_drop(request: TearRequest) -> Sprite:
    """A teardrop `width` wide: pointed top, round bottom, its box centred on the origin."""
    rng, width = request.rng, request.width
    height = width * rng.uniform(1.3, 1.45)
    lean = rng.uniform(-0.06, 0.06) * width  # no two hand-placed drops hang exactly alike
    outline = teardrop_outline(width, height, lean)
    frame = frame_for(outline, [0.0] * len(outline), width)
    body = frame.new_work_mask()
    ImageDraw.Draw(body).polygon([frame.work(p) for p in outline], fill=255)
    # The round bottom of the teardrop is close to a circle as wide as the drop.
    belly = Bead((0.0, height * 0.5 - width * 0.5), width * 0.5)
    highlight = frame.new_work_mask()
    draw = ImageDraw.Draw(highlight)
    draw_bead_lights(draw, frame, belly.centre, belly.radius, request.gloss)
    # A thin glint runs up the light side of the neck.
    tip = outline[0]
    neck = [
        lerp(tip, (belly.centre[0] - width * 0.33, belly.centre[1] - width * 0.2), t)
        for t in (0.35, 0.55, 0.75)
    ]
    draw_tube(draw, frame, neck, [width * 0.02, width * 0.035, width * 0.03],
              [round(200 * request.gloss)] * 3)  # fmt: skip
    return shaded_drop(frame, body, highlight, belly, width, request.tint, request.gloss)


PAINTER = TearPainter(stream=paint_stream, drop=paint_drop)
