"""Cycle collection on the GUI thread only (qt/collector.py)."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from maskmeme_gui.qt.collector import GuiThreadCollector


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def cycle(collected_on: list[str]) -> None:
    """Two objects that refer to each other: only the cycle collector can free them."""
    a, b = Node(), Node()
    a.other, b.other = b, a
    weakref.finalize(a, lambda: collected_on.append(threading.current_thread().name))


def allocate_past_the_threshold() -> list[object]:
    # Well past it: the count is allocations less deallocations, and objects left by earlier
    # tests may be freed before the collector looks.
    return [[] for _ in range(5 * gc.get_threshold()[0])]


@pytest.fixture
def automatic_collection_restored() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    if was_enabled:
        gc.enable()


def test_a_due_collection_frees_cycles_on_the_calling_thread(
    automatic_collection_restored: None,
) -> None:
    gc.disable()
    gc.collect()
    collector = GuiThreadCollector()
    assert collector.collect_if_due() is None  # nothing allocated since: nothing due
    collected_on: list[str] = []
    cycle(collected_on)
    kept = allocate_past_the_threshold()
    assert collector.collect_if_due() is not None
    assert collected_on == [threading.current_thread().name]
    assert kept


def test_once_started_the_timer_collects_and_automatic_collection_is_off(
    qtbot: QtBot, automatic_collection_restored: None
) -> None:
    collector = GuiThreadCollector()
    collector.start()
    assert not gc.isenabled()
    collected_on: list[str] = []
    cycle(collected_on)
    kept = allocate_past_the_threshold()
    qtbot.waitUntil(lambda: bool(collected_on), timeout=5000)
    assert collected_on == [threading.main_thread().name]
    assert kept
