"""User input in messages: short, on one line, every character visible.

A message quotes what the user typed or a file held (a font name, a template id, a file name)
so the user can tell which one is meant. Such text may be thousands of characters long or hold
line breaks and characters that cannot be shown; quoting it whole would bury the message.
"""

from __future__ import annotations

SHOWN_CHARACTERS = 60
"""The most characters of the user's text a message shows, around an ellipsis."""


def shortened(text: str, limit: int = SHOWN_CHARACTERS) -> str:
    """`text`, or its start and end around "…" when it is longer than `limit` characters."""
    if len(text) <= limit:
        return text
    head = (limit - 1) // 2
    tail = limit - 1 - head
    return f"{text[:head]}…{text[len(text) - tail :]}"


def quoted(text: str, limit: int = SHOWN_CHARACTERS) -> str:
    """`text` in quotes for a message: shortened, with control characters and lone surrogates
    written as escapes (\\n, \\x00, \\ud800) and, when shortened, its length."""
    shown = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in shortened(text, limit))
    return f'"{shown}"' if len(text) <= limit else f'"{shown}" ({len(text)} characters)'


def unsavable_text(what: str, text: str) -> str | None:
    """A sentence saying that `text` (`what`: "the caption") holds a character no file can hold,
    or None. Such a character is a lone surrogate: half of a UTF-16 pair whose other half is
    missing, as a damaged file or a command-line argument that is not UTF-8 can hold."""
    for ch in text:
        if "\ud800" <= ch <= "\udfff":
            return (
                f"{what} {quoted(text)} contains a character that cannot be saved "
                f"(U+{ord(ch):04X}: half of a character pair, or a byte that is not UTF-8)"
            )
    return None
