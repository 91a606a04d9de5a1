"""The one rule for matching the search box's words, used by the library index and the gallery.

A search word matches a word of the item that starts with it ("gether" does not find
"together", "toge" does), ignoring case and accents ("cafe" finds "Café" and "café" finds
"CAFE"). Words are runs of letters and digits; everything else separates them, so
"cat_meme-2.png" has the words "cat", "meme", "2" and "png". Every search word must match
some word of the item, in any order.

The gallery matches templates and folders in memory with `matches`; the library index stores
`searchable` text for SQLite's full-text search and asks with the words of `search_words`, so
My memes, with or without the index, finds exactly what the other sections would.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """`text` without case or accents: "Ça Café" becomes "ca cafe"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_words(text: str) -> tuple[str, ...]:
    """The folded words of what the user typed, in order; () when there is none."""
    return tuple(_WORD.findall(fold(text)))


def searchable(texts: Iterable[str]) -> str:
    """An item's texts prepared for `matches`: its folded words, each after a newline."""
    return "".join(f"\n{word}" for text in texts for word in _WORD.findall(fold(text)))


def matches(words: Sequence[str], prepared: str) -> bool:
    """True when every one of `words` (from `search_words`) begins a word of `prepared`."""
    return all(f"\n{word}" in prepared for word in words)
