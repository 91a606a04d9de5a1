"""Templates of people in company: friends leaning together, a brave face in a mirror, a nurse
after a shift, a video call. Drawn with the kit in draw_templates.py, which lists them in its
catalogue (`all_entries`); run that script to redraw them, e.g. `--only video-call`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from draw_templates import (
    COMEDY,
    NECK,
    STICK_TOP,
    TEAR_START_V,
    TORSO,
    Art,
    Drawing,
    Entry,
    Look,
    Mask,
    Point,
    Tear,
    catmull_rom,
    cheek_tears,
    draw_backdrop,
    draw_body,
    draw_cloth_mask,
    draw_comedy_mask,
    draw_face,
    draw_hair_back,
    draw_hair_front,
    draw_stick_and_hand,
    draw_surgical_mask,
    ellipse_points,
    eye_point,
)
from PIL import Image, ImageChops, ImageOps
from shapes import SS, Place, minus, mix, multiply, radial, symmetric, taper, union, vertical

Box = tuple[float, float, float, float]  # left, top, right, bottom
# A tear route in an eye's own (u, v), the masked face's: down the cheek, drifting outwards.
CHEEK_ROUTE: list[Point] = [(8, TEAR_START_V), (12, 80), (26, 150), (50, 225), (82, 295)]


def finish(art: Art, bits: int = 7) -> Image.Image:
    """The picture with the lowest bits of each channel dropped: steps no eye sees on these
    soft gradients, which keep a PNG of several people under 400 KB (the app's bundle is near
    its size limit). Six small portraits need two bits dropped, one large picture one."""
    return ImageOps.posterize(art.finish(), bits)


def inset(art: Art, sub: Art, left: float, top: float, clip: Mask) -> None:
    """Lay a picture drawn on its own canvas onto this one at (left, top), inside `clip`: a
    mirror's glass or a video tile, whose drawings must not spill out."""
    layer = Image.new("RGBA", art.size, (0, 0, 0, 0))
    layer.paste(sub.image, (round(left * SS), round(top * SS)))
    layer.putalpha(ImageChops.multiply(layer.getchannel("A"), clip))
    art.image.alpha_composite(layer)


def rounded_box(art: Art, left: float, top: float, right: float, bottom: float, r: float) -> Mask:
    corners = [art.ellipse((x, y), r) for x in (left + r, right - r) for y in (top + r, bottom - r)]
    return union(
        art.rect(left + r, top, right - r, bottom),
        art.rect(left, top + r, right, bottom - r),
        *corners,
    )


def moved(tears: Sequence[Tear], dx: float, dy: float) -> list[Tear]:
    """Tears found on a picture drawn on its own canvas, placed where that canvas is inset."""
    return [Tear(t.side, (t.eye[0] + dx, t.eye[1] + dy), t.path, t.width) for t in tears]


def draw_person(art: Art, pl: Place, look: Look) -> dict[str, Mask]:
    """Hair, body, the crying face: everything but the mask."""
    draw_hair_back(art, pl, look)
    body = draw_body(art, pl, look)
    draw_face(art, pl, look, body["head"])
    draw_hair_front(art, pl, look, body["head"])
    return body


def polka_dots(art: Art, pl: Place, clip: Mask, color: str, opacity: float) -> None:
    """A printed cotton: staggered dots, clipped to the mask they are printed on."""
    dots = [
        art.ellipse(pl.p(x + (22 if row % 2 else -22), 40 + row * 46), pl.d(9))
        for row in range(9)
        for x in range(-264, 300, 88)
    ]
    art.paint(multiply(union(*dots), clip), color, opacity)


# --- the N95 respirator ----------------------------------------------------------------------
# In the person's units, like the surgical and cloth masks: a moulded cup from the bridge of the
# nose to under the chin, two head straps, a metal nose clip and an exhalation valve.

N95 = symmetric(
    [
        (0, 30),
        (70, 40),
        (150, 70),
        (218, 116),
        (250, 176),
        (248, 250),
        (214, 318),
        (150, 366),
        (72, 392),
        (0, 398),
    ]
)
N95_STRAPS = (
    [(236, 130), (262, 70), (276, 0), (270, -60)],  # over the ears, round the crown
    [(232, 290), (228, 340), (184, 392), (100, 424)],  # under the jaw, behind the neck
)


def draw_n95(art: Art, pl: Place, look: Look, body: dict[str, Mask], strap: str) -> Mask:
    skin = union(body["head"], body["neck"])
    mask = art.shape(pl.ps(N95))
    # The seal presses into the skin: red marks just outside the rim, on the nose and cheeks.
    rim = pl.ps(catmull_rom(N95))
    marks = minus(art.stroke([*rim, rim[0]], pl.d(26)), mask)
    art.glow(multiply(marks, skin), "#c7463f", pl.d(5), 0.55, skin)

    upper, lower = N95_STRAPS
    for points, behind in ((upper, art.blank()), (lower, body["neck"])):
        for side in (-1, 1):
            line = pl.ps(catmull_rom([(side * x, y) for x, y in points], False, 10))
            band = minus(art.stroke(line, pl.d(13)), behind)
            art.paint(art.blur(art.shift(band, 2, 5), pl.d(4)), "#3a2a2a", 0.3)
            art.glow(art.stroke(line, pl.d(26)), "#c7463f", pl.d(6), 0.3, body["head"])
            art.paint(band, strap)
            art.paint(multiply(art.stroke(line, pl.d(4)), band), mix(strap, "#ffffff", 0.45), 0.6)

    art.cast_shadow(mask, skin, (pl.d(6), pl.d(18)), pl.d(12), look.skin_shadow, 0.75)
    art.cast_shadow(mask, body["torso"], (pl.d(8), pl.d(30)), pl.d(20), "#1d1420", 0.3)
    art.paint_gradient(mask, "#fbf9f2", "#cfc8b4", radial(pl.p(-60, 160), pl.d(330)))
    art.shade(mask, "#a39b85", (1, 0.4), pl.d(50), pl.d(36), 0.7)
    art.shade(mask, "#ffffff", (-1, -0.5), pl.d(12), pl.d(10), 0.6)
    # The moulded ridge down the middle and the welded rim round the edge.
    ridge = pl.ps(catmull_rom([(0, 34), (-4, 150), (0, 260), (0, 396)], False, 10))
    art.paint(multiply(art.blur(art.stroke(ridge, pl.d(8)), pl.d(4)), mask), "#a39b85", 0.55)
    art.paint(multiply(art.shift(art.stroke(ridge, pl.d(6)), pl.d(-8), 0), mask), "#ffffff", 0.4)
    inner = [(x * 0.92, 214 + (y - 214) * 0.92) for x, y in catmull_rom(N95)]
    art.paint(multiply(art.stroke(pl.ps([*inner, inner[0]]), pl.d(3)), mask), "#b5ad97", 0.8)
    clip = pl.ps(catmull_rom([(-70, 52), (0, 44), (70, 52)], False, 8))
    art.paint(art.stroke(clip, pl.d(12)), "#9aa3ab")
    art.paint(art.stroke(clip, pl.d(4)), "#e4e9ee", 0.8)

    valve = art.ellipse(pl.p(118, 250), pl.d(58), pl.d(52))
    art.cast_shadow(valve, mask, (pl.d(6), pl.d(12)), pl.d(8), "#3a3226", 0.5)
    art.paint_gradient(valve, "#8fc3d6", "#3e7f98", radial(pl.p(100, 226), pl.d(80)))
    art.shade(valve, "#1f4f63", (1, 0.6), pl.d(10), pl.d(8), 0.6)
    for dy in (-22, -8, 6, 20):
        slot = art.stroke(pl.ps([(90, 250 + dy), (146, 250 + dy)]), pl.d(6))
        art.paint(multiply(slot, valve), "#1f4f63", 0.8)
    return mask


# --- leaning-friends -------------------------------------------------------------------------

FRIEND_DEEP = Look(
    skin="#7a4a32",
    skin_shadow="#4c2a1c",
    skin_light="#a16a4c",
    blush="#9c4a40",
    hair="#1c1412",
    hair_light="#4a3a34",
    hair_dark="#0c0807",
    iris="#24140c",
    iris_light="#6a4022",
    brow="#150d0a",
    top="#3f6e9c",
    top_shadow="#22405f",
    hair_style="short",
)
FRIEND_LIGHT = Look(
    skin="#f0cfae",
    skin_shadow="#c4906e",
    skin_light="#fde6d2",
    blush="#e98a80",
    hair="#23201f",
    hair_light="#56504c",
    hair_dark="#0d0c0c",
    iris="#2c1c12",
    iris_light="#7a5232",
    brow="#1f1a18",
    top="#e7c45a",
    top_shadow="#b08a2a",
    hair_style="bob",
)


def leaning_friends() -> Drawing:
    art = Art(1200, 1200, "#eed2bc")
    draw_backdrop(art, "#f4dfca", "#d49f86", "#fff3e4", (600, 520), 640)
    # Each friend leans in towards the other, about the point between their eyes.
    left = Place(410, 640, 0.8, 12)
    right = Place(810, 680, 0.78, -13)

    body = draw_person(art, left, FRIEND_DEEP)
    draw_surgical_mask(art, left, FRIEND_DEEP, body, "#f3f6f8", "#aeb9c4")
    body = draw_person(art, right, FRIEND_LIGHT)
    cloth = draw_cloth_mask(art, right, FRIEND_LIGHT, body, "#d9605a", "#9a3632")
    polka_dots(art, right, cloth, "#fff4e8", 0.8)

    tears = [*cheek_tears(left, CHEEK_ROUTE), *cheek_tears(right, CHEEK_ROUTE)]
    slots: dict[str, Box] = {"top": (40, 24, 1160, 210), "bottom": (40, 1010, 1160, 1180)}
    return Drawing(finish(art), tears, slots)


# --- brave-face ------------------------------------------------------------------------------
# Seen from behind, someone holds a grinning theatre mask up beside their head, its smile turned
# to the world (to us); the mirror in front of them shows the face the smile hides.

BRAVE_LOOK = Look(
    skin="#e7b894",
    skin_shadow="#b57a58",
    skin_light="#f8d6bc",
    blush="#e07f74",
    hair="#8a4a2a",
    hair_light="#c07a4e",
    hair_dark="#4a2414",
    iris="#2a4028",
    iris_light="#6e8a4e",
    brow="#6a3420",
    top="#6c7f9a",
    top_shadow="#3d4b60",
    hair_style="bob",
)
GLASS = (250.0, 200.0, 1060.0, 990.0)  # left, top, right, bottom: the mirror's glass
# The back of a bob: a rounded crown, cut straight at the jaw.
BOB_BACK = symmetric(
    [(0, -372), (170, -352), (272, -272), (312, -150), (320, 0), (326, 150), (316, 244), (0, 262)]
)

BOB_STRANDS = [(-262, 18), (-176, -22), (-96, 26), (-24, -14), (54, 22), (132, -26), (214, 16)]


def draw_back_of_head(art: Art, pl: Place, look: Look) -> Mask:
    """Shoulders, the nape and the back of the hair: the person as the mirror's viewer sees them."""
    torso = art.shape(pl.ps(TORSO))
    top_y = pl.p(0, 380)[1]
    art.paint_gradient(torso, look.top, look.top_shadow, vertical(top_y, top_y + pl.d(420)))
    art.shade(torso, look.top_shadow, (1, 0.2), pl.d(60), pl.d(50), 0.7)
    art.shade(torso, mix(look.top, "#ffffff", 0.3), (-0.6, -1), pl.d(14), pl.d(14), 0.5)
    neck = art.polygon(pl.ps(catmull_rom([(-104, 100), (104, 100), *NECK[2:]])))
    art.paint(neck, mix(look.skin, look.skin_shadow, 0.35))
    art.shade(neck, look.skin_shadow, (1, 0), pl.d(40), pl.d(24), 0.6)
    collar = catmull_rom([(-150, 386), (-70, 372), (0, 368), (70, 372), (150, 386)], False, 8)
    art.paint(multiply(art.stroke(pl.ps(collar), pl.d(24)), torso), look.top_shadow, 0.6)

    hair = art.shape(pl.ps(BOB_BACK))
    art.cast_shadow(hair, union(neck, torso), (pl.d(8), pl.d(26)), pl.d(18), "#1d1420", 0.45)
    art.paint_gradient(
        hair, look.hair, look.hair_dark, vertical(*[pl.p(0, y)[1] for y in (-380, 260)])
    )
    art.shade(hair, look.hair_dark, (1, 0.4), pl.d(60), pl.d(40), 0.75)
    # Strands fall from the crown to the cut edge, each bending its own way.
    for i, (x, bend) in enumerate(BOB_STRANDS):
        strand = catmull_rom(
            [(x * 0.3, -300), (x * 0.75 + bend, -100), (x * 0.95 - bend / 2, 90), (x, 236)],
            False,
            10,
        )
        color = look.hair_light if i % 2 else look.hair_dark
        art.paint(multiply(art.ribbon(pl.ps(strand), taper(pl.d(2), pl.d(8))), hair), color, 0.35)
    art.glow(
        art.ellipse(pl.p(-110, -250), pl.d(130), pl.d(70)), look.hair_light, pl.d(40), 0.5, hair
    )
    return union(hair, neck, torso)


COMEDY_EYE_HOLE = [(30, -64), (60, -92), (104, -86), (112, -62), (70, -58)]


def draw_mask_back(art: Art, mp: Place, onto: Mask) -> Mask:
    """The plain inside of the theatre mask, as seen from behind the face that holds it."""
    back = art.polygon(mp.ps(catmull_rom(COMEDY)))
    art.cast_shadow(back, onto, (mp.d(12), mp.d(20)), mp.d(16), "#1a0f12", 0.45)
    art.paint_gradient(back, "#e9dcc4", "#b9a17c", radial(mp.p(30, 40), mp.d(260)))
    art.shade(back, "#8e7654", (-1, -0.5), mp.d(30), mp.d(24), 0.6)
    for side in (-1, 1):
        hole = art.polygon(mp.ps([(side * x, y) for x, y in COMEDY_EYE_HOLE]))
        art.paint(hole, "#2a1c18", 0.85)
    rim = mp.ps(catmull_rom(COMEDY))
    art.paint(art.stroke([*rim, rim[0]], mp.d(12)), "#b08a3a")
    return back


def brave_face() -> Drawing:
    art = Art(1200, 1200, "#3a4652")
    draw_backdrop(art, "#46525e", "#232a31", "#6a7a88", (700, 500), 700)
    left, top, right, bottom = GLASS
    glass = rounded_box(art, left, top, right, bottom, 60)
    frame = rounded_box(art, left - 30, top - 30, right + 30, bottom + 30, 86)
    whole = art.rect(0, 0, art.width, art.height)
    art.cast_shadow(frame, whole, (12, 24), 24, "#10151a", 0.55)
    art.paint_gradient(frame, "#c9a66a", "#6f5128", radial((left + 40, top + 40), 1100))
    art.shade(frame, "#4a3418", (1, 1), 10, 8, 0.7)
    art.shade(frame, "#f3dca4", (-1, -1), 6, 5, 0.7)

    # The room behind us, as the mirror shows it, with the person facing it.
    room = Art(round(right - left), round(bottom - top), "#a9b8c0")
    draw_backdrop(room, "#c2ced3", "#7f929c", "#e4ecee", (300, 240), 520)
    door = room.rect(40, 60, 190, 900)
    room.paint(door, "#d9d2c4")
    room.shade(door, "#8f877a", (1, 0), 10, 8, 0.6)
    room.paint(room.ellipse((166, 520), 10), "#b08a3a")
    pl = Place(430, 350, 0.74)
    body = draw_person(room, pl, BRAVE_LOOK)
    draw_cloth_mask(room, pl, BRAVE_LOOK, body, "#4f6f9a", "#2f4669")
    # Reflected, the theatre mask shows its plain back beside the face, on its stick.
    rp = Place(*pl.p(372, 150), pl.k * 0.74, 10)
    hand = Place(*rp.p(STICK_TOP[0] + 12, 400), rp.k * 1.3, rp.angle)
    draw_stick_and_hand(room, hand, BRAVE_LOOK, BRAVE_LOOK.top_shadow)
    draw_mask_back(room, rp, union(body["head"], body["torso"]))
    inset(art, room, left, top, glass)
    # Glass: a cool veil and two streaks of light across it.
    art.paint(glass, "#dfeef5", 0.08)
    for x0, w in ((left + 520, 70), (left + 640, 26)):
        streak = art.polygon([(x0, top), (x0 + w, top), (x0 + w - 420, bottom), (x0 - 420, bottom)])
        art.paint(multiply(art.blur(streak, 10), glass), "#ffffff", 0.12)
    art.paint(art.stroke([(left + 8, top + 60), (left + 8, bottom - 60)], 3), "#ffffff", 0.35)

    # In front of the mirror: the back of the person's head, and the smile held up to us.
    me = Place(270, 930, 0.76)
    onto = draw_back_of_head(art, me, BRAVE_LOOK)
    mp = Place(810, 880, 0.74, 14)
    hp = Place(*mp.p(STICK_TOP[0] + 12, 400), mp.k * 1.3, mp.angle)
    draw_stick_and_hand(art, hp, BRAVE_LOOK, BRAVE_LOOK.top_shadow)
    draw_comedy_mask(art, mp, union(onto, glass))

    tears = moved(cheek_tears(pl, CHEEK_ROUTE), left, top)
    slots: dict[str, Box] = {"top": (40, 16, 1160, 160), "bottom": (40, 1036, 1160, 1184)}
    return Drawing(finish(art), tears, slots)


# --- end-of-shift ----------------------------------------------------------------------------

NURSE_LOOK = Look(
    skin="#b07a55",
    skin_shadow="#7a4a30",
    skin_light="#d49c74",
    blush="#b85a4e",
    hair="#2a1a14",
    hair_light="#5a4034",
    hair_dark="#120a08",
    iris="#2e1a10",
    iris_light="#7a4c2a",
    brow="#24150e",
    top="#3e9a9a",
    top_shadow="#22615f",
    hair_style="short",
)
CAP = [
    (-262, -20),
    (-280, -150),
    (-236, -286),
    (-120, -372),
    (0, -392),
    (120, -372),
    (236, -286),
    (280, -150),
    (262, -20),
    (236, -60),
    (200, -176),
    (100, -214),
    (0, -222),
    (-100, -214),
    (-200, -176),
    (-236, -60),
]
CAP_BAND = [
    (-250, -60),
    (-210, -170),
    (-110, -206),
    (0, -214),
    (110, -206),
    (210, -170),
    (250, -60),
]


def draw_scrub_cap(art: Art, pl: Place, look: Look, head: Mask, color: str, shade: str) -> None:
    cap = art.shape(pl.ps(CAP))
    art.cast_shadow(cap, head, (pl.d(6), pl.d(18)), pl.d(12), look.skin_shadow, 0.6)
    art.paint_gradient(
        cap, mix(color, "#ffffff", 0.15), shade, vertical(*[pl.p(0, y)[1] for y in (-400, -40)])
    )
    art.shade(cap, shade, (1, 0.5), pl.d(50), pl.d(34), 0.7)
    # A cheerful print: little crosses, the kind nurses choose for themselves.
    for row, y in enumerate(range(-350, -200, 52)):
        for x in range(-260, 280, 70):
            cx, cy = x + (35 if row % 2 else 0), y
            plus = union(
                art.rect(*pl.p(cx - 12, cy - 4), *pl.p(cx + 12, cy + 4)),
                art.rect(*pl.p(cx - 4, cy - 12), *pl.p(cx + 4, cy + 12)),
            )
            art.paint(multiply(plus, cap), "#f6f1e6", 0.75)
    # The brim is the cap's edge turned up: the same cloth, a seam along its top.
    brim = catmull_rom(CAP_BAND, False, 10)
    band = multiply(art.ribbon(pl.ps(brim), taper(pl.d(34), pl.d(34), 0.1)), cap)
    art.cast_shadow(band, cap, (0, pl.d(-6)), pl.d(6), shade, 0.6)
    art.paint(band, mix(color, shade, 0.25))
    art.shade(band, shade, (0, 1), pl.d(10), pl.d(6), 0.6)
    seam = [(x, y - 16) for x, y in brim]
    art.paint(multiply(art.stroke(pl.ps(seam), pl.d(3)), cap), shade, 0.8)
    art.glow(art.ellipse(pl.p(-100, -320), pl.d(110), pl.d(40)), "#ffffff", pl.d(30), 0.3, cap)


def draw_scrubs(art: Art, pl: Place, look: Look, body: dict[str, Mask]) -> None:
    """The V-neck of the scrub top, a stethoscope round the neck and an ID badge."""
    torso = body["torso"]
    vee = art.polygon(pl.ps([(-116, 398), (116, 398), (0, 560)]))
    opening = multiply(vee, torso)
    art.paint(opening, mix(look.skin, look.skin_shadow, 0.45))
    art.shade(opening, look.skin_shadow, (0, -1), pl.d(30), pl.d(20), 0.6)
    edge = pl.ps([(-122, 396), (0, 566), (122, 396)])
    art.paint(multiply(art.stroke(edge, pl.d(16)), torso), look.top_shadow, 0.8)

    tube = catmull_rom(
        [(-200, 540), (-176, 450), (-130, 396), (0, 376), (130, 396), (166, 450), (172, 510)],
        False,
        12,
    )
    line = pl.ps(tube)
    art.cast_shadow(art.stroke(line, pl.d(20)), torso, (pl.d(6), pl.d(12)), pl.d(8), "#10201f", 0.4)
    art.paint(art.stroke(line, pl.d(20)), "#2b2f36")
    art.paint(art.shift(art.stroke(line, pl.d(6)), pl.d(-4), pl.d(-4)), "#6b7380", 0.7)
    # The metal ear tubes hang on one side, the chest piece on the other.
    ear_tubes = art.stroke(
        pl.ps(catmull_rom([(172, 506), (184, 560), (168, 614)], False, 8)), pl.d(10)
    )
    art.paint(ear_tubes, "#b8c0c8")
    art.paint(art.shift(ear_tubes, pl.d(-3), 0), "#eef2f5", 0.5)
    chest = art.ellipse(pl.p(-204, 570), pl.d(44))
    art.cast_shadow(chest, torso, (pl.d(6), pl.d(10)), pl.d(8), "#10201f", 0.5)
    art.paint_gradient(chest, "#f1f4f7", "#8a96a3", radial(pl.p(-220, 552), pl.d(64)))
    art.paint(minus(chest, art.ellipse(pl.p(-204, 570), pl.d(32))), "#5d6875", 0.6)

    card = art.polygon(pl.ps([(216, 450), (306, 446), (310, 572), (220, 576)]))
    art.cast_shadow(card, torso, (pl.d(5), pl.d(10)), pl.d(6), "#10201f", 0.45)
    art.paint(card, "#f7f6f1")
    art.paint(art.polygon(pl.ps([(232, 468), (276, 466), (278, 520), (234, 522)])), "#9db7c9")
    art.paint(art.ellipse(pl.p(255, 486), pl.d(11)), "#5f7f95")
    for y, right in ((538, 292), (556, 270)):
        art.paint(art.stroke(pl.ps([(234, y), (right, y)]), pl.d(6)), "#7a8590", 0.8)
    art.paint(art.stroke(pl.ps([(262, 410), (262, 452)]), pl.d(8)), "#c04a48")


def draw_tired_eyes(art: Art, pl: Place, look: Look, head: Mask) -> None:
    """Bags under the eyes: a long shift shows there first."""
    for side in (-1, 1):
        bag = catmull_rom(
            [eye_point(side, u, v) for u, v in ((56, 38), (20, 58), (-24, 56), (-52, 34))],
            False,
            10,
        )
        art.glow(
            art.ribbon(pl.ps(bag), taper(pl.d(6), pl.d(14))), look.skin_shadow, pl.d(8), 0.5, head
        )


def draw_clock(art: Art, centre: Point, radius: float, hours: float) -> None:
    face = art.ellipse(centre, radius)
    art.cast_shadow(face, art.rect(0, 0, art.width, art.height), (4, 8), 8, "#1d2a2a", 0.3)
    art.paint(face, "#f7f7f2")
    art.paint(minus(face, art.ellipse(centre, radius - 9)), "#4a5a5c")
    cx, cy = centre
    for i in range(12):
        tick = Place(cx, cy, 1.0, i * 30)
        art.paint(art.stroke(tick.ps([(0, -radius + 16), (0, -radius + 26)]), 4), "#4a5a5c")
    for turns, length, width in ((hours / 12, 0.5, 8), (hours % 1, 0.75, 5)):
        hand = Place(cx, cy, 1.0, turns * 360)
        art.paint(art.stroke(hand.ps([(0, 6), (0, -radius * length)]), width), "#2a3233")
    art.paint(art.ellipse(centre, 6), "#c04a48")


def end_of_shift() -> Drawing:
    art = Art(1200, 1200, "#cfe0da")
    draw_backdrop(art, "#dceae4", "#9fbfb4", "#f2f8f5", (600, 460), 640)
    # A handrail along the corridor wall behind.
    rail = art.rect(0, 742, 1200, 770)
    art.paint(rail, "#8fb0a6")
    art.shade(rail, "#ffffff", (0, -1), 4, 3, 0.5)
    draw_clock(art, (1040, 380), 86, 7 + 5 / 60)
    pl = Place(590, 585, 0.98, -4)
    look = NURSE_LOOK
    body = draw_body(art, pl, look)
    draw_face(art, pl, look, body["head"])
    draw_tired_eyes(art, pl, look, body["head"])
    draw_scrub_cap(art, pl, look, body["head"], "#2f5d8a", "#1b3a5c")
    draw_scrubs(art, pl, look, body)
    draw_n95(art, pl, look, body, "#d8b23c")
    tears = cheek_tears(pl, CHEEK_ROUTE)
    slots: dict[str, Box] = {"top": (40, 24, 1160, 186), "bottom": (40, 1010, 1160, 1180)}
    return Drawing(finish(art), tears, slots)


# --- video-call ------------------------------------------------------------------------------

CALL_TILE = (372.0, 376.0)  # width, height
CALL_TOP, CALL_GAP, CALL_MARGIN = 180.0, 16.0, 24.0


def tile_look(
    skin: tuple[str, str, str, str], hair: tuple[str, str, str], style: str, top: tuple[str, str]
) -> Look:
    return Look(
        skin=skin[0],
        skin_shadow=skin[1],
        skin_light=skin[2],
        blush=skin[3],
        hair=hair[0],
        hair_light=hair[1],
        hair_dark=hair[2],
        iris="#2e1c12",
        iris_light="#7a5030",
        brow=mix(hair[2], "#000000", 0.2),
        top=top[0],
        top_shadow=top[1],
        hair_style=style,
    )


PALE = ("#f6d5bd", "#cf9a7c", "#fff0e4", "#ef9088")
OLIVE = ("#d9a97c", "#a6744e", "#efc9a2", "#d77a68")
BROWN = ("#9c6444", "#673c26", "#c08462", "#a9524a")
DEEP = ("#5e3a28", "#3a2014", "#84563e", "#8a4036")
BLACK_HAIR = ("#1d1816", "#4e4440", "#0a0808")
BROWN_HAIR = ("#6a4230", "#9a6a4c", "#38221a")
GREY_HAIR = ("#b9b6b2", "#e6e3de", "#7d7a76")
BLONDE_HAIR = ("#d7b36a", "#f1d89a", "#9c7a38")


@dataclass(frozen=True)
class Caller:
    look: Look
    mask: str  # "cloth", "surgical" or "n95"
    mask_color: tuple[str, str]
    room: tuple[str, str, str]
    prop: str  # what hangs on the wall behind: see draw_room
    crying: bool


CALLERS = (
    Caller(
        tile_look(PALE, BROWN_HAIR, "bob", ("#5d8a6a", "#35573f")),
        "cloth",
        ("#e8a23c", "#a86a1c"),
        ("#e9ddc9", "#bda88a", "#fff6e6"),
        "shelf-right",
        False,
    ),
    Caller(
        tile_look(DEEP, BLACK_HAIR, "curls", ("#c95a4a", "#86332a")),
        "surgical",
        ("#a6d4ea", "#6d9fbd"),
        ("#c9d6e6", "#8ea2bd", "#eef3fa"),
        "window",
        True,
    ),
    Caller(
        tile_look(OLIVE, GREY_HAIR, "short", ("#4a5a7a", "#2a354a")),
        "n95",
        ("#e0c040", "#a08420"),
        ("#d9e6d0", "#9fb78f", "#f2f8ec"),
        "frame",
        False,
    ),
    Caller(
        tile_look(BROWN, BLACK_HAIR, "short", ("#e3d9c6", "#a89c86")),
        "n95",
        ("#4f86b8", "#2e5a82"),
        ("#e6d1d6", "#b4919a", "#faeef0"),
        "shelf-left",
        True,
    ),
    Caller(
        tile_look(PALE, BLONDE_HAIR, "short", ("#8a5aa0", "#573866")),
        "surgical",
        ("#f2f4f6", "#b2bcc6"),
        ("#d5e4ea", "#98b4c0", "#f0f7fa"),
        "plant",
        False,
    ),
    Caller(
        tile_look(OLIVE, BLACK_HAIR, "bob", ("#2f6f8f", "#1b4459")),
        "cloth",
        ("#3d4a5c", "#1e2733"),
        ("#ece2cf", "#c2ad87", "#fff8ea"),
        "frame",
        True,
    ),
)


BOOKS = ("#b5574a", "#4f7a9a", "#d8b25a", "#6a8a5a")


def draw_room(tile: Art, wall_shadow: str, prop: str) -> None:
    """One thing on the wall behind a caller, so each tile is somebody's own room."""
    w, h = tile.width, tile.height
    if prop.startswith("shelf"):
        x0 = 0.62 if prop == "shelf-right" else 0.0
        tile.paint(tile.rect(w * x0, h * 0.28, w * (x0 + 0.38), h * 0.3), wall_shadow)
        for i, (x, tall) in enumerate(((0.04, 44), (0.08, 56), (0.13, 48), (0.18, 36))):
            left = w * (x0 + x if x0 else 0.34 - x)
            tile.paint(tile.rect(left, h * 0.28 - tall, left + w * 0.04, h * 0.28), BOOKS[i], 0.85)
    elif prop == "window":
        pane = tile.rect(w * 0.03, h * 0.06, w * 0.3, h * 0.52)
        tile.paint_gradient(pane, "#f4fbff", "#bcd9ea", vertical(h * 0.06, h * 0.52))
        for bar in (
            tile.rect(w * 0.155, h * 0.06, w * 0.175, h * 0.52),
            tile.rect(w * 0.03, h * 0.28, w * 0.3, h * 0.3),
        ):
            tile.paint(bar, "#ffffff")
        tile.shade(pane, "#7a96a8", (-1, -1), 6, 4, 0.6)
    elif prop == "frame":
        art = tile.rect(w * 0.72, h * 0.1, w * 0.95, h * 0.34)
        tile.cast_shadow(art, tile.rect(0, 0, w, h), (3, 5), 4, "#202020", 0.3)
        tile.paint(art, "#f5efe2")
        hills = tile.polygon(
            [
                (w * 0.74, h * 0.32),
                (w * 0.8, h * 0.2),
                (w * 0.85, h * 0.27),
                (w * 0.89, h * 0.16),
                (w * 0.93, h * 0.32),
            ]
        )
        tile.paint(hills, "#7da07a")
        tile.paint(tile.ellipse((w * 0.77, h * 0.15), h * 0.025), "#e8b74a")
    else:  # a plant on a little shelf
        tile.paint(tile.rect(0, h * 0.8, 92, h * 0.83), wall_shadow)
        tile.paint(
            tile.polygon([(4, h * 0.62), (64, h * 0.62), (56, h * 0.8), (12, h * 0.8)]), "#b86a4a"
        )
        for x, y, angle in ((20, 0.46, -30), (44, 0.4, 10), (30, 0.52, 40), (62, 0.5, 60)):
            leaf = Place(x, h * y, 1.0, angle)
            tile.paint(tile.polygon(leaf.ps(ellipse_points(0, 0, 10, 34, 24))), "#4f8a56")


def draw_caller(caller: Caller) -> tuple[Art, list[Tear]]:
    width, height = CALL_TILE
    tile = Art(round(width), round(height), caller.room[0])
    draw_backdrop(
        tile, caller.room[0], caller.room[1], caller.room[2], (width * 0.4, height * 0.3), width
    )
    draw_room(tile, caller.room[1], caller.prop)
    pl = Place(width / 2, 178, 0.36)
    body = draw_person(tile, pl, caller.look)
    color, shadow = caller.mask_color
    if caller.mask == "cloth":
        draw_cloth_mask(tile, pl, caller.look, body, color, shadow)
    elif caller.mask == "surgical":
        draw_surgical_mask(tile, pl, caller.look, body, color, shadow)
    else:
        draw_n95(tile, pl, caller.look, body, color)
    return tile, cheek_tears(pl, CHEEK_ROUTE) if caller.crying else []


def draw_name_label(
    art: Art, left: float, bottom: float, words: Sequence[float], muted: bool
) -> None:
    """A name tag as the call app draws it: a dark pill, a microphone, the name as word shapes."""
    width = 56 + sum(words) + 10 * len(words)
    pill = rounded_box(art, left, bottom - 40, left + width, bottom, 12)
    art.paint(pill, "#14171c", 0.72)
    mic = rounded_box(art, left + 16, bottom - 32, left + 28, bottom - 14, 6)
    art.paint(mic, "#ffffff", 0.9)
    art.paint(art.stroke([(left + 22, bottom - 12), (left + 22, bottom - 7)], 2.5), "#ffffff", 0.9)
    if muted:
        art.paint(art.stroke([(left + 12, bottom - 34), (left + 33, bottom - 8)], 3.5), "#e5534b")
    x = left + 46
    for word in words:
        art.paint(rounded_box(art, x, bottom - 26, x + word, bottom - 16, 5), "#f2f2f2", 0.9)
        x += word + 10


def video_call() -> Drawing:
    art = Art(1200, 1200, "#1f2329")
    width, height = CALL_TILE
    tears: list[Tear] = []
    names = ((62, 40), (48,), (70, 30), (54, 44), (40, 58), (66,))
    for i, caller in enumerate(CALLERS):
        left = CALL_MARGIN + (i % 3) * (width + CALL_GAP)
        top = CALL_TOP + (i // 3) * (height + CALL_GAP)
        tile, cries = draw_caller(caller)
        box = rounded_box(art, left, top, left + width, top + height, 18)
        inset(art, tile, left, top, box)
        tears += moved(cries, left, top)
        draw_name_label(art, left + 14, top + height - 14, names[i], muted=i % 2 == 0)
        if i == 3:  # the one speaking: the app rings the tile
            ring = minus(
                box, rounded_box(art, left + 5, top + 5, left + width - 5, top + height - 5, 14)
            )
            art.paint(ring, "#5ad17a")

    # The call's controls along the bottom: microphone, camera, share, people, hang up.
    bar_y = 994  # between the tiles and the bottom caption
    for i, x in enumerate((420, 500, 580, 660)):
        button = art.ellipse((x, bar_y), 30)
        art.paint(button, "#3a4049")
        icon = (
            rounded_box(art, x - 7, bar_y - 16, x + 7, bar_y + 6, 7),
            union(
                rounded_box(art, x - 16, bar_y - 10, x + 6, bar_y + 10, 4),
                art.polygon([(x + 6, bar_y), (x + 17, bar_y - 9), (x + 17, bar_y + 9)]),
            ),
            minus(
                rounded_box(art, x - 16, bar_y - 12, x + 16, bar_y + 12, 4),
                rounded_box(art, x - 12, bar_y - 8, x + 12, bar_y + 8, 2),
            ),
            union(
                art.ellipse((x - 6, bar_y - 6), 7),
                art.ellipse((x + 8, bar_y - 4), 6),
                art.ellipse((x - 6, bar_y + 12), 12, 6),
                art.ellipse((x + 9, bar_y + 11), 10, 5),
            ),
        )[i]
        art.paint(icon, "#eef1f4")
    hang_up = rounded_box(art, 720, bar_y - 26, 820, bar_y + 26, 26)
    art.paint(hang_up, "#e5534b")
    handset = Place(770, bar_y + 2, 1.0, 0)
    art.paint(
        art.ribbon(
            handset.ps(catmull_rom([(-24, 4), (-12, -8), (12, -8), (24, 4)], False, 8)),
            taper(10, 10, 0.2),
        ),
        "#ffffff",
    )

    slots: dict[str, Box] = {"top": (40, 16, 1160, 164), "bottom": (40, 1036, 1160, 1184)}
    return Drawing(finish(art, bits=6), tears, slots)


ENTRIES = (
    Entry(
        "leaning-friends",
        "Leaning friends",
        "Two friends in masks, one surgical and one cloth, leaning their heads together, both"
        " crying: you are not alone in it.",
        ("friends", "together", "leaning", "cloth mask", "surgical mask", "support"),
        ("solidarity", "hidden-sadness"),
        leaning_friends,
    ),
    Entry(
        "brave-face",
        "Brave face",
        "Seen from behind, someone holds a grinning theatre mask up to the world while the mirror"
        " in front of them shows their own face, masked and crying: the brave face and the real"
        " one.",
        ("mirror", "theatre mask", "brave face", "fake smile", "reflection", "pretending"),
        ("hidden-sadness", "permission"),
        brave_face,
    ),
    Entry(
        "end-of-shift",
        "End of shift",
        "A nurse at the end of a long shift, in scrubs and a patterned cap, the N95's marks on"
        " the face and tired eyes that finally cry.",
        ("nurse", "health worker", "N95", "respirator", "scrubs", "tired", "night shift"),
        ("pandemic", "hidden-sadness", "permission"),
        end_of_shift,
    ),
    Entry(
        "video-call",
        "Video call",
        "Six masked faces on a video call, in cloth, paper and N95 masks; three of them are"
        " quietly crying while the call goes on.",
        ("video call", "meeting", "remote", "grid", "colleagues", "N95", "cloth mask"),
        ("solidarity", "pandemic", "humour"),
        video_call,
    ),
)
