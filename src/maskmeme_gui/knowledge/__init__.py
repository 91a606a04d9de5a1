"""The meme's history and meanings as data (resources/knowledge/meme.json) and its loader."""

from maskmeme_gui.knowledge.loader import (
    HistoryItem,
    Knowledge,
    KnowledgeError,
    Meaning,
    load_knowledge,
    parse_knowledge,
    read_knowledge,
)

__all__ = [
    "HistoryItem",
    "Knowledge",
    "KnowledgeError",
    "Meaning",
    "load_knowledge",
    "parse_knowledge",
    "read_knowledge",
]
