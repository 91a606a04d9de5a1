"""What the built-in catalogues (templates, stickers) share: reading their JSON with a typed
error, and finding an entry by id with a message that lists the ids there are."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

from maskmeme_gui.quoting import quoted


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


Entry = TypeVar("Entry", bound=_HasId)


def read_catalogue_json(path: Path, what: str, error: type[Exception]) -> Any:
    """The decoded JSON of a catalogue file; `error` names the file and the problem."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"cannot read the {what} catalogue {path}: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise error(f"{path} is not valid JSON: {exc}") from exc


def find_by_id(entries: Sequence[Entry], entry_id: str, what: str, error: type[Exception]) -> Entry:
    for entry in entries:
        if entry.id == entry_id:
            return entry
    available = ", ".join(entry.id for entry in entries)
    raise error(f"unknown {what} {quoted(entry_id)}; available: {available}")


class InvalidEntry(Exception):
    """One defect in one catalogue entry; `parse_entries` adds which file and entry."""


def parse_entries(
    data: Any,
    source: str,
    what: str,
    build: Callable[[Any], Entry],
    error: type[Exception],
) -> list[Entry]:
    """Each entry of a decoded catalogue built by `build` (which raises InvalidEntry); ids
    must be unique, and every defect becomes `error` naming the file and the entry."""
    if not isinstance(data, list) or not data:
        raise error(f"{source}: expected a non-empty list of {what}s")
    entries: list[Entry] = []
    seen: set[str] = set()
    for index, raw in enumerate(data):
        where = f"{source}: {what} #{index + 1}"
        if isinstance(raw, Mapping) and isinstance(raw.get("id"), str):
            where = f"{source}: {what} {raw['id']!r}"
        try:
            entry = build(raw)
        except InvalidEntry as exc:
            raise error(f"{where}: {exc}") from None
        if entry.id in seen:
            raise error(f"{where}: the id is used twice")
        seen.add(entry.id)
        entries.append(entry)
    return entries
