"""Listings hand over their entries in batches: a small first one, then ever larger ones.

The first batch fills the view at once; each later batch makes the view lay out all its rows
again, so doubling the batches keeps a folder of n files at about log2(n) layouts. Folder
listings and the library index's syncs both batch this way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

FIRST_BATCH = 60
"""Entries in the first batch: enough to fill the view at once."""
MAX_BATCH = 500
"""Largest batch: inserting one costs the GUI thread about 50 µs a file, so about 25 ms."""

T = TypeVar("T")


def batched(items: Iterable[T]) -> Iterator[list[T]]:
    """`items` in batches of FIRST_BATCH, then twice as many each time, up to MAX_BATCH."""
    batch: list[T] = []
    # Read when called, not when imported, so a test can make the batches small.
    limit = FIRST_BATCH
    for item in items:
        batch.append(item)
        if len(batch) >= limit:
            yield batch
            batch, limit = [], min(2 * limit, MAX_BATCH)
    if batch:
        yield batch
