"""Views follow the open meme's session: this moves a view's slots from the session it followed
to the next one (or to none), the same way for every view.

Kept apart from qt/session.py, which loads the model: the window's views are made before any
meme is open, and before the model is imported.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from maskmeme_gui.qt.session import DocumentSession

Slot = Callable[..., object]


def follow_session(old: DocumentSession | None, new: DocumentSession | None, **slots: Slot) -> None:
    """Disconnect each `signal_name=slot` from `old` and connect it to `new`."""
    if old is not None:
        for name, slot in slots.items():
            # The old session may be deleted already: Qt then dropped the connection itself.
            with contextlib.suppress(RuntimeError, TypeError):
                getattr(old, name).disconnect(slot)
    if new is not None:
        for name, slot in slots.items():
            getattr(new, name).connect(slot)
