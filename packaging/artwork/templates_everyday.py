"""Everyday templates: a commuter on a train, a cat in a tiny mask, two generations side by side
and a close portrait in an N95 mask.

Drawn with the same kit as draw_templates.py (a person in its own units, the wet eyes, the
masks), which lists these entries in its catalogue; run that script to redraw them:

    .venv/bin/python packaging/artwork/draw_templates.py --only commuter --only masked-cat
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from draw_templates import (
    TEAR_START_V,
    Art,
    Drawing,
    Entry,
    Look,
    Mask,
    Point,
    catmull_rom,
    cheek_tears,
    draw_backdrop,
    draw_body,
    draw_cloth_mask,
    draw_face,
    draw_hair_back,
    draw_hair_front,
    draw_surgical_mask,
    ellipse_points,
    eye_point,
    tear_along,
)
from PIL import Image
from shapes import (
    Place,
    bezier,
    minus,
    mirrored,
    mix,
    multiply,
    radial,
    symmetric,
    taper,
    union,
    vertical,
)

# The tears of a person looking straight out: the route the classic templates use.
CHEEK_ROUTE = [(8, TEAR_START_V), (14, 80), (30, 150), (56, 225), (86, 290)]
TOP_SLOT = (40, 24, 1160, 210)
BOTTOM_SLOT = (40, 1000, 1160, 1180)


def streak(art: Art, source: Art, clip: Mask, factor: int) -> None:
    """Copy `source` into `clip` smeared sideways: the view from a moving train."""
    width, height = source.size
    smeared = source.image.resize((max(1, width // factor), height), Image.Resampling.BOX)
    art.image.paste(smeared.resize((width, height), Image.Resampling.BILINEAR), (0, 0), clip)


def rounded_box(left: float, top: float, right: float, bottom: float, r: float) -> list[Point]:
    """A rectangle's outline with its corners rounded to radius r."""
    corners = (
        (right - r, bottom - r),
        (left + r, bottom - r),
        (left + r, top + r),
        (right - r, top + r),
    )
    return [
        (
            cx + r * math.cos(math.radians(90 * k + 6 * i)),
            cy + r * math.sin(math.radians(90 * k + 6 * i)),
        )
        for k, (cx, cy) in enumerate(corners)
        for i in range(16)
    ]


def each_side(points: Sequence[Point]) -> list[list[Point]]:
    """The right side's points and their mirror image on the left."""
    return [list(points), mirrored(points)]


# --- the commuter ----------------------------------------------------------------------------

COMMUTER_LOOK = Look(
    skin="#eec7a0",
    skin_shadow="#bf8a66",
    skin_light="#fbe1c6",
    blush="#e48f80",
    hair="#231d22",
    hair_light="#4d4450",
    hair_dark="#0f0c10",
    iris="#2c1c14",
    iris_light="#6e4a30",
    brow="#1d1719",
    top="#7c4350",
    top_shadow="#4a2430",
    hair_style="short",
)
WINDOW = (70.0, 240.0, 1130.0, 720.0)  # left, top, right, bottom
RAIL_Y = 196.0


def draw_city(window: Art) -> None:
    """Dusk over a skyline, far towers pale and near ones dark with lit windows."""
    left, top, right, bottom = WINDOW
    whole = window.rect(0, 0, window.width, window.height)
    window.paint_gradient(whole, "#5d7fae", "#f6c28e", vertical(top, bottom - 120))
    dice = random.Random(12)  # seeded: the same skyline every run
    for layer, (color, low, high, lit) in enumerate(
        (("#9aa6c4", 140, 300, 0.0), ("#4c5777", 60, 230, 0.15), ("#262c40", 20, 140, 0.3))
    ):
        x = left - 40.0
        while x < right + 40:
            wide = dice.uniform(60, 150) - layer * 12
            tall = dice.uniform(low, high) + (1 - layer) * 60
            roof = bottom - tall
            window.paint(window.rect(x, roof, x + wide, bottom + 10), color)
            if lit:
                for row in range(int(roof) + 14, int(bottom), 26):
                    for col in range(int(x) + 10, int(x + wide) - 14, 22):
                        if dice.random() < lit:
                            window.paint(window.rect(col, row, col + 10, row + 12), "#ffd98a", 0.9)
            x += wide + dice.uniform(4, 30)
    # Overhead wires: nearly level, so the sideways smear leaves them sharp.
    for y in (top + 70, top + 96):
        wire = catmull_rom([(left, y), ((left + right) / 2, y + 26), (right, y)], False, 10)
        window.paint(window.stroke(wire, 2.2), "#2b2f3d", 0.7)


def draw_carriage(art: Art) -> Mask:
    """Wall, window with the city going by, the seat's back; returns the seat back."""
    left, top, right, bottom = WINDOW
    wall = art.rect(0, 0, art.width, art.height)
    art.paint_gradient(wall, "#dfe3dc", "#b9c2bc", vertical(0, art.height))
    frame = art.polygon(rounded_box(left, top, right, bottom, 34))
    art.cast_shadow(frame, wall, (0, 8), 10, "#2a3030", 0.35)
    art.paint(frame, "#8d979a")
    glass_box = (left + 22, top + 22, right - 22, bottom - 22)
    glass = art.polygon(rounded_box(*glass_box, 18))
    city = Art(art.width, art.height, "#000000")
    draw_city(city)
    streak(art, city, glass, 24)
    # The glass: a cool sheen, darker under the frame.
    art.paint(glass, "#cfe4f0", 0.12)
    art.shade(glass, "#20262c", (0, -1), 16, 10, 0.5)
    art.shade(frame, "#c8d0d2", (0, -1), 6, 4, 0.7)

    # The seat's back: moquette with a small repeating pattern, a grey headrest cover.
    seat = art.shape([(110, 760), (360, 716), (840, 716), (1090, 760), (1120, 1240), (80, 1240)])
    art.cast_shadow(seat, wall, (0, -6), 18, "#1e2622", 0.4)
    art.paint_gradient(seat, "#2f4f7a", "#1d3254", vertical(716, 1200))
    for row, y in enumerate(range(750, 1200, 62)):
        for x in range(110 + (row % 2) * 56, 1120, 112):
            dash = art.stroke([(x, y), (x + 22, y - 8)], 6)
            art.paint(multiply(dash, seat), ("#e0a83a", "#d9576a", "#5fb3b0")[(x // 112) % 3], 0.7)
    cover = art.shape([(300, 722), (600, 712), (900, 722), (920, 800), (600, 790), (280, 800)])
    art.paint(cover, "#d6d9d6")
    art.shade(cover, "#9aa09c", (0, 1), 12, 8, 0.7)
    art.shade(seat, "#0f1a2c", (1, 0.3), 50, 40, 0.6)
    art.shade(seat, "#6f8fbf", (0, -1), 8, 6, 0.6)
    return seat


def draw_grab_handles(art: Art, xs: Sequence[float]) -> None:
    rail = art.rect(140, RAIL_Y - 9, art.width, RAIL_Y + 9)
    art.paint(art.blur(art.shift(rail, 0, 10), 6), "#20262a", 0.3)
    art.paint_gradient(rail, "#f3f5f5", "#8e989c", vertical(RAIL_Y - 9, RAIL_Y + 9))
    for x in xs:
        strap = art.rect(x - 13, RAIL_Y - 4, x + 13, RAIL_Y + 86)
        ring = minus(art.ellipse((x, RAIL_Y + 128), 44, 46), art.ellipse((x, RAIL_Y + 128), 30, 32))
        handle = union(strap, ring)
        art.paint(art.blur(art.shift(handle, 8, 14), 6), "#20262a", 0.3)
        art.paint(strap, "#e6e9ea")
        art.shade(strap, "#9ca5a8", (1, 0), 8, 5, 0.8)
        art.paint_gradient(ring, "#ffe066", "#d49b17", vertical(RAIL_Y + 82, RAIL_Y + 174))
        art.shade(ring, "#a06f0c", (1, 0.5), 8, 5, 0.7)


def draw_pole(art: Art, x: float) -> None:
    pole = art.rect(x - 16, 0, x + 16, art.height)
    art.paint(art.blur(art.shift(pole, 16, 0), 10), "#1e2622", 0.3)
    art.paint_gradient(pole, "#ffe680", "#c08a10", lambda px, _y: (px - x + 16) / 32)
    art.paint(art.rect(x - 9, 0, x - 4, art.height), "#fff6c8", 0.8)


def draw_earbuds(art: Art, pl: Place) -> None:
    for side in (-1, 1):
        bud = art.ellipse(pl.p(side * 256, 40), pl.d(19), pl.d(17))
        stem = art.stroke(pl.ps([(side * 262, 44), (side * 270, 112)]), pl.d(13))
        both = union(bud, stem)
        art.paint(art.blur(art.shift(both, pl.d(4), pl.d(6)), pl.d(3)), "#3a2a22", 0.35)
        art.paint(both, "#f7f8f8")
        art.shade(both, "#b7bec2", (side, 0.4), pl.d(7), pl.d(4), 0.8)
        art.paint(art.ellipse(pl.p(side * 250, 34), pl.d(5)), "#ffffff")


def draw_bag_strap(art: Art, pl: Place, torso: Mask) -> None:
    """A backpack strap over the near shoulder: on the way somewhere."""
    path = pl.ps(catmull_rom([(-330, 440), (-300, 560), (-290, 700), (-296, 840)], False, 10))
    strap = multiply(art.ribbon(path, taper(pl.d(70), pl.d(74), 0.02)), torso)
    art.cast_shadow(strap, torso, (pl.d(10), pl.d(10)), pl.d(8), "#0e1622", 0.5)
    art.paint(strap, "#34363a")
    art.shade(strap, "#17181a", (1, 0), pl.d(14), pl.d(8), 0.7)
    buckle = art.rect(*pl.p(-326, 660), *pl.p(-258, 686))
    art.paint(buckle, "#0e0f10")
    art.paint(art.rect(*pl.p(-318, 664), *pl.p(-266, 670)), "#8a8a80", 0.8)


def commuter() -> Drawing:
    art = Art(1200, 1200, "#dfe3dc")
    seat = draw_carriage(art)
    draw_grab_handles(art, (236, 964))
    pl = Place(600, 598, 0.74)
    look = COMMUTER_LOOK
    draw_hair_back(art, pl, look)
    body = draw_body(art, pl, look)
    art.cast_shadow(union(body["head"], body["torso"]), seat, (18, 10), 20, "#0b1424", 0.35)
    draw_bag_strap(art, pl, body["torso"])
    draw_face(art, pl, look, body["head"])
    draw_hair_front(art, pl, look, body["head"])
    draw_cloth_mask(art, pl, look, body, "#5b6270", "#343944")
    draw_earbuds(art, pl)
    draw_pole(art, 1086)
    tears = cheek_tears(pl, CHEEK_ROUTE)
    return Drawing(art.finish(), tears, {"top": TOP_SLOT, "bottom": BOTTOM_SLOT})


# --- the cat ---------------------------------------------------------------------------------
# The cat's own units: the origin between its eyes, the head about 640 wide without its ears.

FUR, FUR_LIGHT, FUR_SHADOW, STRIPE = "#e59a4f", "#f8c98e", "#b0622a", "#b75f24"
WHITE_FUR = "#fbf4e8"
CAT_HEAD = symmetric(
    [
        (0, -236),
        (112, -228),
        (206, -192),
        (266, -120),
        (298, -30),
        (312, 60),
        (310, 140),
        (280, 210),
        (200, 262),
        (100, 288),
        (0, 294),
    ]
)
# Ruffs of fur that stick out past the cheeks.
CAT_TUFTS = [[(296, 50), (352, 128), (304, 122)], [(300, 124), (342, 196), (282, 196)]]
CAT_EAR = [(96, -222), (196, -318), (262, -386), (286, -304), (292, -140)]
CAT_INNER_EAR = [(136, -216), (214, -302), (256, -346), (268, -276), (268, -168)]
CAT_EYE_DX = 130.0
CAT_EYE_R = (76.0, 70.0)
CAT_MASK = symmetric([(0, 46), (80, 52), (138, 64), (156, 110), (148, 176), (112, 214), (0, 230)])
CAT_BODY = symmetric(
    [(0, 200), (180, 204), (300, 250), (372, 350), (410, 500), (436, 700), (0, 700)]
)
CAT_ROUTE = [(22, 70), (34, 120), (56, 180), (86, 240), (116, 296)]
CAT_TEAR_WIDTH = 34.0  # big eyes, big tears: the joke is in the size


def cat_eye(side: int, u: float, v: float) -> Point:
    return side * (CAT_EYE_DX + u), v


def draw_cat_eye(art: Art, cp: Place, side: int, head: Mask) -> None:
    def at(u: float, v: float) -> Point:
        return cp.p(*cat_eye(side, u, v))

    rx, ry = CAT_EYE_R
    art.glow(art.ellipse(at(0, 30), cp.d(rx + 14), cp.d(ry)), "#d9746a", cp.d(14), 0.45, head)
    ball = art.polygon([at(x, y) for x, y in ellipse_points(0, 0, rx, ry)])
    # The sad lid: it hangs lower at the outer corner than the inner one.
    lid = art.polygon(
        [at(-rx - 20, -ry + 12), at(rx + 20, -ry + 44), at(rx + 20, -200), at(-rx - 20, -200)]
    )
    eye = minus(ball, lid)
    centre = at(-4, 4)
    art.paint_gradient(eye, "#dbe37a", "#6f9a3c", radial(centre, cp.d(rx)))
    pupil = multiply(art.ellipse(at(-6, 6), cp.d(44), cp.d(54)), eye)
    art.paint(pupil, "#140f0c")
    art.shade(eye, "#2d3a14", (0, -1), cp.d(22), cp.d(12), 0.7)
    for du, dv, radius, opacity in ((-26, -14, 19, 0.95), (14, 26, 8, 0.9), (-34, 30, 5, 0.7)):
        art.paint(multiply(art.ellipse(at(du, dv), cp.d(radius)), eye), "#ffffff", opacity)
    # Brimming: a line of water along the lower lid, and a drop gathering at its lowest point.
    water = bezier((rx - 8, 18), (40, ry + 6), (-40, ry + 6), (-rx + 8, 18), 24)
    art.paint(multiply(art.stroke([at(u, v) for u, v in water], cp.d(7)), eye), "#ffffff", 0.55)
    art.paint(art.ellipse(at(24, ry + 2), cp.d(11), cp.d(9)), "#d8ecf6", 0.75)
    art.paint(art.ellipse(at(21, ry - 1), cp.d(3.5)), "#ffffff")
    rim = [at(x, y) for x, y in ellipse_points(0, 0, rx, ry)]
    outline = minus(art.stroke([*rim, rim[0]], cp.d(9)), art.blur(lid, cp.d(0.5)))
    art.paint(outline, "#3a2415")
    lid_line = [at(-rx - 6, -ry + 20), at(0, -ry + 24), at(rx + 10, -ry + 50)]
    art.paint(multiply(art.ribbon(lid_line, taper(cp.d(6), cp.d(12), 0.1)), head), "#3a2415")
    # A pale fur brow, raised at the inner end.
    brow = [at(-70, -110), at(-10, -104), at(60, -84)]
    art.glow(art.ribbon(brow, taper(cp.d(22), cp.d(10))), FUR_LIGHT, cp.d(6), 0.8, head)


def draw_paw(art: Art, cp: Place, x: float, y: float) -> None:
    paw = art.shape(
        cp.ps(
            [(x - 86, y), (x - 70, y - 56), (x, y - 70), (x + 70, y - 56), (x + 86, y), (x, y + 30)]
        )
    )
    art.paint_gradient(paw, WHITE_FUR, "#e6d6c0", vertical(cp.p(0, y - 70)[1], cp.p(0, y + 30)[1]))
    art.shade(paw, "#b9a58a", (0.3, 1), cp.d(16), cp.d(10), 0.8)
    for dx in (-32, 0, 32):
        toe = catmull_rom([(x + dx * 1.2, y + 26), (x + dx, y), (x + dx * 0.9, y - 18)], False, 8)
        art.paint(multiply(art.stroke(cp.ps(toe), cp.d(4)), paw), "#b29d82", 0.9)


def draw_cat(art: Art, cp: Place) -> Mask:
    """The cat, up to its mask; returns its head."""
    body = art.shape(cp.ps(CAT_BODY))
    art.paint_gradient(body, FUR, FUR_SHADOW, vertical(cp.p(0, 200)[1], cp.p(0, 700)[1]))
    art.shade(body, FUR_SHADOW, (1, 0.2), cp.d(80), cp.d(60), 0.7)
    bib = multiply(
        art.shape(cp.ps(symmetric([(0, 220), (150, 260), (200, 420), (130, 640), (0, 700)]))), body
    )
    art.paint(bib, WHITE_FUR)
    art.shade(bib, "#d9c6aa", (1, 0.3), cp.d(40), cp.d(30), 0.6)
    for x, y in ((-50, 380), (40, 420), (-20, 500)):  # fur tufts: little chevrons
        tuft = [(x - 24, y - 14), (x, y), (x + 24, y - 14)]
        art.paint(multiply(art.ribbon(cp.ps(tuft), taper(cp.d(2), cp.d(4))), bib), "#dcc8ac", 0.9)

    ears = []
    for points, inner in zip(each_side(CAT_EAR), each_side(CAT_INNER_EAR), strict=True):
        ear = art.shape(cp.ps(points))
        art.paint(ear, mix(FUR, FUR_SHADOW, 0.25))
        art.paint(art.shape(cp.ps(inner)), "#f2a7a0")
        art.shade(art.shape(cp.ps(inner)), "#c8706c", (0, 1), cp.d(30), cp.d(20), 0.6)
        for k in range(3):
            tuft = [(x * (0.92 - k * 0.04), y + 10 + k * 16) for x, y in inner[:3]][::-1]
            art.paint(art.stroke(cp.ps(tuft), cp.d(3)), WHITE_FUR, 0.8)
        ears.append(ear)
    tufts = [art.polygon(cp.ps(t)) for tuft in CAT_TUFTS for t in each_side(tuft)]
    head = union(art.shape(cp.ps(CAT_HEAD)), *tufts)
    art.cast_shadow(head, body, (0, cp.d(30)), cp.d(22), "#6a3412", 0.45)
    art.paint_gradient(head, FUR_LIGHT, FUR, radial(cp.p(-60, -120), cp.d(380)))
    art.shade(head, FUR_SHADOW, (1, 0.3), cp.d(60), cp.d(40), 0.6)
    # Tabby stripes: the M on the forehead and bars on the cheeks.
    for x, lean in ((-70, -20), (0, 0), (70, 20)):
        bar = cp.ps(catmull_rom([(x + lean, -232), (x + lean / 2, -190), (x, -140)], False, 8))
        art.paint(multiply(art.ribbon(bar, taper(cp.d(22), cp.d(4), 0.05)), head), STRIPE, 0.8)
    for points in each_side([(320, 30), (270, 40), (236, 54)]) + each_side(
        [(330, 100), (286, 100), (250, 112)]
    ):
        bar = art.ribbon(cp.ps(points), taper(cp.d(18), cp.d(4), 0.05))
        art.paint(multiply(bar, head), STRIPE, 0.75)
    muzzle = art.shape(cp.ps(symmetric([(0, 20), (90, 40), (170, 110), (150, 230), (0, 280)])))
    art.paint(multiply(art.blur(muzzle, cp.d(14)), head), WHITE_FUR, 0.95)
    for side in (-1, 1):
        draw_cat_eye(art, cp, side, head)
    return head


def draw_tiny_mask(art: Art, cp: Place, head: Mask) -> None:
    mask = art.shape(cp.ps(CAT_MASK))
    art.cast_shadow(mask, head, (cp.d(4), cp.d(14)), cp.d(8), FUR_SHADOW, 0.6)
    art.paint_gradient(mask, "#eaf5fb", "#8fc3df", vertical(cp.p(0, 46)[1], cp.p(0, 230)[1]))
    art.shade(mask, "#6d9fbd", (1, 0.3), cp.d(26), cp.d(20), 0.6)
    for i in range(3):
        y = 104 + i * 36
        fold = catmull_rom(
            [(-150, y - 6), (-60, y + 8), (0, y + 12), (60, y + 8), (150, y - 6)], False, 8
        )
        art.paint(multiply(art.blur(art.stroke(cp.ps(fold), cp.d(7)), cp.d(3)), mask), "#6d9fbd")
        art.paint(multiply(art.stroke(cp.ps(fold), cp.d(2)), mask), "#ffffff", 0.6)
    art.glow(art.ellipse(cp.p(-30, 110), cp.d(50), cp.d(26)), "#ffffff", cp.d(12), 0.6, mask)
    # Each loop climbs the cheek, hooks round the base of the ear and comes back down its edge.
    hook = [(150, 72), (226, 40), (266, -50), (272, -140), (294, -124), (304, -20), (290, 90)]
    for points in each_side([*hook, (146, 176)]):
        loop = cp.ps(catmull_rom(points, False, 10))
        art.paint(art.blur(art.shift(art.stroke(loop, cp.d(6)), 2, 4), cp.d(3)), "#6a3412", 0.3)
        art.paint(art.stroke(loop, cp.d(5.5)), "#f2f7fa")
    # Whiskers poke out from under the mask's sides.
    for points in (
        each_side([(140, 120), (280, 100), (420, 110)])
        + each_side([(140, 150), (280, 160), (410, 190)])
        + each_side([(132, 180), (260, 214), (380, 262)])
    ):
        art.paint(art.stroke(cp.ps(catmull_rom(points, False, 10)), cp.d(3)), "#ffffff", 0.9)


def masked_cat() -> Drawing:
    art = Art(1200, 1200, "#e8d9c3")
    draw_backdrop(art, "#efe3d0", "#c7ab88", "#fff4e2", (600, 380), 600)
    cp = Place(600, 470, 0.9)
    table_top = cp.p(0, 600)[1]
    head = draw_cat(art, cp)
    draw_tiny_mask(art, cp, head)
    table = art.rect(0, table_top, art.width, art.height)
    art.paint_gradient(table, "#a8673a", "#6e3c1c", vertical(table_top, art.height))
    art.paint(art.rect(0, table_top, art.width, table_top + 6), "#d39a68", 0.9)
    for side in (-1, 1):
        rest = art.shape(cp.ps([(side * 120 - 86, 600), (side * 120, 530), (side * 120 + 86, 600)]))
        art.cast_shadow(rest, table, (cp.d(6), cp.d(20)), cp.d(12), "#2a160a", 0.45)
        draw_paw(art, cp, side * 120, 590)
    tears = [
        tear_along(
            cp,
            "left" if side < 0 else "right",
            [cat_eye(side, u, v) for u, v in CAT_ROUTE],
            CAT_TEAR_WIDTH,
        )
        for side in (-1, 1)
    ]
    return Drawing(art.finish(), tears, {"top": TOP_SLOT, "bottom": BOTTOM_SLOT})


# --- two generations -------------------------------------------------------------------------

ELDER_LOOK = Look(
    skin="#e9c0a2",
    skin_shadow="#b9866a",
    skin_light="#f8dcc6",
    blush="#e38b82",
    hair="#cfcbc6",
    hair_light="#f4f2ee",
    hair_dark="#8e8984",
    iris="#3d4a5a",
    iris_light="#8ba0b4",
    brow="#9a948e",
    top="#7a5a8c",
    top_shadow="#4c3560",
    hair_style="curls",
)
YOUTH_LOOK = Look(
    skin="#b07250",
    skin_shadow="#7b4630",
    skin_light="#d19570",
    blush="#b85a50",
    hair="#1e1512",
    hair_light="#4a362c",
    hair_dark="#0c0807",
    iris="#2e1a10",
    iris_light="#7a4c2a",
    brow="#1c120e",
    top="#e2b13c",
    top_shadow="#a77a1e",
    hair_style="bob",
    outfit="hoodie",
)


def draw_wrinkles(art: Art, pl: Place, look: Look, head: Mask) -> None:
    """Lines of a long life: the forehead, crow's feet, the soft bags under the eyes."""

    def line(points: Sequence[Point], width: float, opacity: float) -> None:
        curve = pl.ps(catmull_rom(points, False, 8))
        art.paint(
            multiply(art.ribbon(curve, taper(pl.d(1), pl.d(width), 0.3)), head),
            look.skin_shadow,
            opacity,
        )

    for y in (-214, -186):
        line([(-110, y + 10), (-50, y), (0, y + 4), (60, y - 2), (110, y + 8)], 5, 0.7)
    for side in (-1, 1):
        for k, dv in enumerate((-16, 6, 26)):
            start = eye_point(side, 82, dv * 0.6)
            end = eye_point(side, 112, dv * 1.4 - 4 * k)
            line([start, end], 4, 0.6)
        bag = [eye_point(side, u, v) for u, v in bezier((50, 44), (30, 62), (-20, 62), (-44, 40))]
        line(bag, 4.5, 0.5)


def dotted(art: Art, pl: Place, mask: Mask, color: str) -> None:
    """Little dots printed on a cloth mask."""
    dots = [
        art.ellipse(pl.p(x + (row % 2) * 36, y), pl.d(9))
        for row, y in enumerate(range(90, 410, 40))
        for x in range(-280, 280, 72)
    ]
    art.paint(multiply(union(*dots), mask), color, 0.9)


def two_generations() -> Drawing:
    # Wider than tall: two people side by side, with room for a caption above and below.
    art = Art(1200, 1000, "#e7e2d6")
    whole = art.rect(0, 0, art.width, art.height)
    art.paint_gradient(whole, "#f1ede3", "#c9c0ab", vertical(0, art.height))
    elder = Place(370, 500, 0.64, 3)
    youth = Place(850, 562, 0.56, -4)
    draw_hair_back(art, elder, ELDER_LOOK)
    body = draw_body(art, elder, ELDER_LOOK)
    draw_face(art, elder, ELDER_LOOK, body["head"])
    draw_wrinkles(art, elder, ELDER_LOOK, body["head"])
    draw_hair_front(art, elder, ELDER_LOOK, body["head"])
    draw_surgical_mask(art, elder, ELDER_LOOK, body, "#f1f4f6", "#a9b6c0")
    elder_body = union(body["head"], body["torso"])

    draw_hair_back(art, youth, YOUTH_LOOK)
    young = draw_body(art, youth, YOUTH_LOOK)
    art.cast_shadow(young["torso"], elder_body, (-12, 10), 24, "#241a2c", 0.35)
    draw_face(art, youth, YOUTH_LOOK, young["head"])
    draw_hair_front(art, youth, YOUTH_LOOK, young["head"])
    cloth = draw_cloth_mask(art, youth, YOUTH_LOOK, young, "#e06a5a", "#9c3a30")
    dotted(art, youth, cloth, "#fff1d6")
    tears = [*cheek_tears(elder, CHEEK_ROUTE), *cheek_tears(youth, CHEEK_ROUTE)]
    slots = {"top": (40, 20, 1160, 196), "bottom": (40, 826, 1160, 980)}
    return Drawing(art.finish(), tears, slots)


# --- the N95 portrait ------------------------------------------------------------------------

N95_LOOK = Look(
    skin="#6b4430",
    skin_shadow="#3f2518",
    skin_light="#8f6148",
    blush="#8a3f36",
    hair="#171110",
    hair_light="#3e312c",
    hair_dark="#070505",
    iris="#1e120c",
    iris_light="#5e3a22",
    brow="#120b08",
    top="#2f8c86",
    top_shadow="#1b5954",
    hair_style="short",
)
N95 = symmetric(
    [
        (0, 36),
        (90, 52),
        (180, 84),
        (246, 122),
        (270, 190),
        (262, 270),
        (226, 340),
        (150, 396),
        (0, 424),
    ]
)


def draw_n95_mask(art: Art, pl: Place, look: Look, body: dict[str, Mask]) -> Mask:
    """A moulded N95: the cup, its nose clip, the welded rim, a valve and the two head straps."""
    skin = union(body["head"], body["neck"], body["ears"])
    for points, width in (
        ([(250, 140), (286, 60), (300, -40), (290, -120)], 12),
        ([(244, 300), (282, 330), (300, 380), (296, 440)], 12),
    ):
        for strap in each_side(points):
            line = art.stroke(pl.ps(catmull_rom(strap, False, 10)), pl.d(width))
            art.cast_shadow(line, skin, (pl.d(4), pl.d(8)), pl.d(5), look.skin_shadow, 0.8)
            art.paint(line, "#e8c53a")
            art.shade(line, "#a8861a", (1, 0.3), pl.d(5), pl.d(3), 0.8)
    cup = art.shape(pl.ps(N95))
    art.cast_shadow(cup, skin, (pl.d(6), pl.d(20)), pl.d(14), "#1a0d08", 0.7)
    art.cast_shadow(cup, body["torso"], (pl.d(10), pl.d(34)), pl.d(22), "#0a1a18", 0.35)
    art.paint_gradient(cup, "#fbfaf6", "#cfcbc0", radial(pl.p(-60, 150), pl.d(340)))
    art.shade(cup, "#a9a496", (1, 0.2), pl.d(70), pl.d(50), 0.7)
    art.shade(cup, "#b8b3a6", (-1, 0), pl.d(24), pl.d(20), 0.4)
    # A welded rim just inside the edge, and a seam down the middle of the cup.
    rim = [(x * 0.94, 228 + (y - 228) * 0.92) for x, y in catmull_rom(N95)]
    art.paint(multiply(art.stroke(pl.ps([*rim, rim[0]]), pl.d(4)), cup), "#bdb8aa", 0.9)
    art.paint(multiply(art.stroke(pl.ps([*rim, rim[0]]), pl.d(1.5)), cup), "#ffffff", 0.8)
    seam = pl.ps(catmull_rom([(0, 40), (-4, 160), (-2, 300), (0, 424)], False, 10))
    art.paint(multiply(art.stroke(seam, pl.d(3)), cup), "#aaa496", 0.8)
    art.paint(multiply(art.shift(art.stroke(seam, pl.d(6)), pl.d(-5), 0), cup), "#ffffff", 0.5)
    # The soft nose clip: an aluminium strip pressed over the bridge of the nose.
    clip = pl.ps(catmull_rom([(-120, 70), (-60, 54), (0, 50), (60, 54), (120, 70)], False, 10))
    art.paint(art.ribbon(clip, taper(pl.d(18), pl.d(18), 0.15)), "#c9ced3")
    art.shade(
        art.ribbon(clip, taper(pl.d(18), pl.d(18), 0.15)), "#8a9199", (0, 1), pl.d(6), pl.d(4), 0.8
    )
    # The exhalation valve on the wearer's left: a round housing with slots.
    valve_at = (96, 286)
    valve = art.ellipse(pl.p(*valve_at), pl.d(68), pl.d(62))
    art.cast_shadow(valve, cup, (pl.d(8), pl.d(14)), pl.d(10), "#5a5548", 0.6)
    art.paint_gradient(
        valve, "#4b8fd0", "#1f4f86", radial(pl.p(valve_at[0] - 18, valve_at[1] - 28), pl.d(90))
    )
    art.shade(valve, "#9cc8f0", (-0.6, -1), pl.d(6), pl.d(4), 0.7)
    inner = art.ellipse(pl.p(*valve_at), pl.d(46), pl.d(42))
    art.paint(inner, "#2a5f99")
    for k in range(-2, 3):
        x, y = valve_at
        half = 30 - abs(k) * 6
        slot = art.stroke(pl.ps([(x - half, y + k * 14), (x + half, y + k * 14)]), pl.d(6))
        art.paint(multiply(slot, inner), "#0f2c4e", 0.9)
    return cup


def n95_portrait() -> Drawing:
    art = Art(1200, 1200, "#c9d6d4")
    whole = art.rect(0, 0, art.width, art.height)
    art.paint_gradient(whole, "#d9e3e1", "#9bb0ae", vertical(0, art.height))
    pl = Place(600, 610, 1.3)
    look = N95_LOOK
    draw_hair_back(art, pl, look)
    body = draw_body(art, pl, look)
    draw_face(art, pl, look, body["head"])
    draw_hair_front(art, pl, look, body["head"])
    draw_n95_mask(art, pl, look, body)
    tears = cheek_tears(pl, [(8, TEAR_START_V), (16, 84), (34, 150), (58, 210), (84, 262)])
    return Drawing(art.finish(), tears, {"top": TOP_SLOT, "bottom": BOTTOM_SLOT})


EVERYDAY = (
    Entry(
        "commuter",
        "Commuter",
        "On the train home, earbuds in and a cloth mask on, the city streaming past the window:"
        " crying quietly where everybody is and nobody looks.",
        ("train", "commute", "public transport", "earbuds", "cloth mask", "window"),
        ("hidden-sadness", "pandemic"),
        commuter,
    ),
    Entry(
        "masked-cat",
        "Masked cat",
        "A ginger cat in a tiny surgical mask, huge eyes brimming over: enormous feelings about"
        " a very small thing.",
        ("cat", "kitten", "pet", "tiny mask", "big eyes", "funny"),
        ("humour", "pandemic"),
        masked_cat,
    ),
    Entry(
        "two-generations",
        "Two generations",
        "A grandmother with grey curls and a grandchild in a hoodie, side by side, both masked,"
        " both crying: the same feeling at seventy and at seventeen.",
        ("grandmother", "grandchild", "family", "older", "younger", "grey hair", "side by side"),
        ("solidarity", "hidden-sadness", "pandemic"),
        two_generations,
    ),
    Entry(
        "n95-portrait",
        "N95 portrait",
        "A close portrait in a moulded N95 respirator, its straps, nose clip and valve in view,"
        " tears running over it: the long shift, the hard year.",
        ("n95", "respirator", "valve", "close-up", "portrait", "scrubs"),
        ("pandemic", "hidden-sadness"),
        n95_portrait,
    ),
)
