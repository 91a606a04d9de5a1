"""The meme's history and meanings, read from `resources/knowledge/meme.json`.

The text is data so writers can change it without touching code. It is validated when read:
a broken file raises `KnowledgeError` naming the file, the entry and the field, instead of
showing a half-empty info panel. Unknown keys are errors too, so a misspelt field name cannot
silently drop a caption idea.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from maskmeme_gui.locate import resource_path

SUPPORTED_VERSION = 1
MIN_CAPTION_IDEAS = 3
MAX_CAPTION_IDEAS = 5
# A caption idea becomes a one-line meme caption and a button in a narrow dock: keep it short.
MAX_CAPTION_IDEA_LENGTH = 40
# Meaning ids are saved in meme files as tags, so they must stay plain and stable.
_MEANING_ID = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


class KnowledgeError(ValueError):
    """The knowledge file is unreadable or its content is not usable."""


@dataclass(frozen=True)
class HistoryItem:
    period: str  # as loose as the facts allow: "For over a decade", "2020"
    text: str


@dataclass(frozen=True)
class Meaning:
    id: str  # the tag stored in a meme's metadata
    title: str
    explanation: str
    caption_ideas: tuple[str, ...]


@dataclass(frozen=True)
class Knowledge:
    history: tuple[HistoryItem, ...]
    meanings: tuple[Meaning, ...]

    def meaning(self, meaning_id: str) -> Meaning:
        for meaning in self.meanings:
            if meaning.id == meaning_id:
                return meaning
        raise KeyError(meaning_id)


@cache
def load_knowledge() -> Knowledge:
    """The bundled knowledge (read once, then cached)."""
    return read_knowledge(resource_path("knowledge", "meme.json"))


def read_knowledge(path: Path) -> Knowledge:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError(f"cannot read the meme knowledge file {path}: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise KnowledgeError(f"{path} is not valid JSON: {exc}") from exc
    return parse_knowledge(data, source=str(path))


def parse_knowledge(data: Any, source: str = "knowledge") -> Knowledge:
    """Knowledge from already-decoded JSON; raises KnowledgeError on any defect."""
    try:
        root = _object(data, "the file", {"version", "history", "meanings"})
        if root.get("version") != SUPPORTED_VERSION:
            raise _Invalid(f"'version' must be {SUPPORTED_VERSION}, not {root.get('version')!r}")
        history = tuple(
            _history_item(item, f"history[{i}]") for i, item in enumerate(_entries(root, "history"))
        )
        meanings = tuple(
            _meaning(item, f"meanings[{i}]") for i, item in enumerate(_entries(root, "meanings"))
        )
        _check_unique_ids(meanings)
    except _Invalid as exc:
        raise KnowledgeError(f"{source}: {exc}") from None
    return Knowledge(history=history, meanings=meanings)


class _Invalid(Exception):
    """One defect; parse_knowledge adds which file."""


def _history_item(item: Any, where: str) -> HistoryItem:
    obj = _object(item, where, {"period", "text"})
    return HistoryItem(period=_text(obj, "period", where), text=_text(obj, "text", where))


def _meaning(item: Any, where: str) -> Meaning:
    obj = _object(item, where, {"id", "title", "explanation", "caption_ideas"})
    meaning_id = _text(obj, "id", where)
    if not _MEANING_ID.fullmatch(meaning_id):
        raise _Invalid(
            f"{where}.id {meaning_id!r} must be lower-case words joined by hyphens, "
            "like 'hidden-sadness'"
        )
    where = f"meaning {meaning_id!r}"
    return Meaning(
        id=meaning_id,
        title=_text(obj, "title", where),
        explanation=_text(obj, "explanation", where),
        caption_ideas=_caption_ideas(obj, where),
    )


def _caption_ideas(obj: Mapping[str, Any], where: str) -> tuple[str, ...]:
    ideas = obj.get("caption_ideas")
    if not isinstance(ideas, list) or not MIN_CAPTION_IDEAS <= len(ideas) <= MAX_CAPTION_IDEAS:
        raise _Invalid(
            f"{where}.caption_ideas must be a list of {MIN_CAPTION_IDEAS} to "
            f"{MAX_CAPTION_IDEAS} captions"
        )
    for index, idea in enumerate(ideas):
        if not isinstance(idea, str) or not idea.strip():
            raise _Invalid(f"{where}.caption_ideas[{index}] must be a non-empty string")
        if len(idea) > MAX_CAPTION_IDEA_LENGTH:
            raise _Invalid(
                f"{where}.caption_ideas[{index}] is {len(idea)} characters long; "
                f"a caption idea must fit in {MAX_CAPTION_IDEA_LENGTH}"
            )
    if len(set(ideas)) != len(ideas):
        raise _Invalid(f"{where}.caption_ideas lists the same caption twice")
    return tuple(ideas)


def _check_unique_ids(meanings: tuple[Meaning, ...]) -> None:
    seen: set[str] = set()
    for meaning in meanings:
        if meaning.id in seen:
            raise _Invalid(f"the meaning id {meaning.id!r} is used twice")
        seen.add(meaning.id)


def _object(value: Any, where: str, keys: set[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _Invalid(f"{where} must be an object")
    unknown = sorted(set(value) - keys)
    if unknown:
        raise _Invalid(f"{where} has unknown key(s) {', '.join(map(repr, unknown))}")
    return value


def _entries(obj: Mapping[str, Any], key: str) -> list[Any]:
    value = obj.get(key)
    if not isinstance(value, list) or not value:
        raise _Invalid(f"'{key}' must be a non-empty list")
    return value


def _text(obj: Mapping[str, Any], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(f"{where}.{key} is missing or not a non-empty string")
    return value
