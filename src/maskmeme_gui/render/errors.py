"""What the renderer raises when a document cannot be drawn."""


class RenderError(ValueError):
    """The document refers to something the renderer cannot draw (e.g. a missing asset)."""
