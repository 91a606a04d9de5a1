"""A photo-like picture for the benchmarks: smooth light, grain and edges, so that it decodes,
scales and encodes like a real 12-megapixel photo rather than like a flat test card."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFilter

SIZE = (4000, 3000)


def photo_like(size: tuple[int, int] = SIZE) -> Image.Image:
    small = Image.linear_gradient("L").resize((400, 300)).rotate(20)
    light = Image.merge("RGB", (small, small.rotate(90).resize(small.size), small.transpose(0)))
    base = light.resize(size, Image.Resampling.BICUBIC)
    grain = Image.effect_noise(size, 28).convert("RGB")
    photo = Image.blend(base, grain, 0.18).filter(ImageFilter.GaussianBlur(0.8))
    draw = ImageDraw.Draw(photo)
    width, height = size
    draw.ellipse((width * 0.325, height / 6, width * 0.675, height * 5 / 6), fill=(214, 170, 140))
    draw.rectangle(
        (width * 0.3375, height / 2, width * 0.6625, height * 0.767), fill=(120, 170, 200)
    )
    return photo
