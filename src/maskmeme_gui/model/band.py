"""The caption band: strips above and below the picture, for captions off the photo.

Its own module, apart from the document, because the template catalogue describes bands too and
is read before the window's first paint, when the document model is not loaded yet.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Band:
    """White (or any colour) strips above and below the picture.

    Heights are fractions of the base image's height, so a band looks the same at any size.
    Frozen, so a template's band can be handed to each document made from it.
    """

    top: float = 0.0
    bottom: float = 0.0
    color: str = "#ffffff"

    def is_empty(self) -> bool:
        return self.top <= 0 and self.bottom <= 0
