"""Colours as the document stores them (#rrggbb or #rrggbbaa) turned into Pillow's tuples."""

from __future__ import annotations

from functools import cache

RGBA = tuple[int, int, int, int]


@cache
def parse_color(text: str) -> RGBA:
    digits = text.lstrip("#")
    if len(digits) == 6:
        digits += "ff"
    if len(digits) != 8:
        raise ValueError(f"{text!r} is not a colour like #rrggbb or #rrggbbaa")
    value = int(digits, 16)
    return (value >> 24) & 255, (value >> 16) & 255, (value >> 8) & 255, value & 255
