"""The meme's knowledge: the bundled text is complete and our own, and the loader rejects broken
files with a message that says where the problem is."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from maskmeme_gui.knowledge import (
    Knowledge,
    KnowledgeError,
    load_knowledge,
    parse_knowledge,
    read_knowledge,
)
from maskmeme_gui.locate import MissingResourceError, resource_path

REQUIRED_MEANINGS = ("hidden-sadness", "solidarity", "permission", "humour", "pandemic")
# The article the product grew from; it lives beside the checkout, not inside it.
SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seed"
SHINGLE = 8


@pytest.fixture
def bundled() -> dict[str, Any]:
    return json.loads(resource_path("knowledge", "meme.json").read_text(encoding="utf-8"))


@pytest.fixture
def write_copy(tmp_path: Path, bundled: dict[str, Any]) -> Callable[..., Path]:
    """Writes a temp copy of the bundled file after `edit` changed its decoded JSON."""

    def write(edit: Callable[[dict[str, Any]], object]) -> Path:
        data = json.loads(json.dumps(bundled))
        edit(data)
        path = tmp_path / "meme.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        return path

    return write


# The bundled content ---------------------------------------------------------------------------


def test_the_bundled_knowledge_loads_once_and_is_cached() -> None:
    knowledge = load_knowledge()
    assert isinstance(knowledge, Knowledge)
    assert load_knowledge() is knowledge


def test_the_five_meanings_are_there_with_explanations_and_caption_ideas() -> None:
    knowledge = load_knowledge()
    assert {meaning.id for meaning in knowledge.meanings} >= set(REQUIRED_MEANINGS)
    for meaning_id in REQUIRED_MEANINGS:
        meaning = knowledge.meaning(meaning_id)
        assert meaning.title
        sentences = re.findall(r"[.!?](?:\s|$)", meaning.explanation)
        assert 2 <= len(sentences) <= 3, meaning.explanation
        assert 3 <= len(meaning.caption_ideas) <= 5
        assert all(idea.strip() for idea in meaning.caption_ideas)


def test_the_history_is_a_short_timeline_with_the_periods_the_facts_support() -> None:
    history = load_knowledge().history
    assert 4 <= len(history) <= 6
    periods = [item.period for item in history]
    assert "For over a decade" in periods
    assert "2020" in periods
    assert periods.index("For over a decade") < periods.index("2020")
    text = " ".join(item.text for item in history).lower()
    for fact in ("mask", "tears", "pandemic", "joke"):
        assert fact in text
    # Modest: no year other than 2020 and no invented day-precise dates.
    assert set(re.findall(r"\b(?:19|20)\d\d\b", text + " ".join(periods))) == {"2020"}


def test_an_unknown_meaning_id_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        load_knowledge().meaning("no-such-meaning")


def test_template_tags_name_known_meanings() -> None:
    # Templates are tagged by meaning id; a tag the panel does not know shows no checkbox.
    from maskmeme_gui.fileio.templates import load_templates

    try:
        templates = load_templates()
    except MissingResourceError:
        pytest.skip("the template catalogue is not bundled yet")
    known = {meaning.id for meaning in load_knowledge().meanings}
    for template in templates:
        assert set(template.meaning_tags) <= known, template.id


# The text is the project's own writing ---------------------------------------------------------


def _words(text: str) -> list[str]:
    # Case, punctuation and curly or straight apostrophes make no difference to a copy.
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "").replace("'", ""))


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_the_shingle_check_catches_a_copied_phrase_however_it_is_dressed() -> None:
    seed = _shingles(_words("It\u2019s been around for over a decade, but it wasn't until 2020."))
    assert _shingles(_words("IT'S BEEN AROUND -- for over a decade; but")) & seed
    assert not _shingles(_words("It has circulated for over a decade, but not until")) & seed


def test_no_eight_word_sequence_of_the_seed_article_appears_in_the_knowledge(
    bundled: dict[str, Any],
) -> None:
    seed_files = sorted(SEED_DIR.glob("*.txt"))
    if not seed_files:
        pytest.skip(f"the seed article is not next to this checkout ({SEED_DIR})")
    seed = set().union(*(_shingles(_words(f.read_text(encoding="utf-8"))) for f in seed_files))
    for text in _strings(bundled):
        copied = _shingles(_words(text)) & seed
        assert not copied, f"{' '.join(next(iter(copied)))!r} is copied from the seed: {text!r}"


# Validation -------------------------------------------------------------------------------------


def test_a_valid_copy_reads_the_same_as_the_bundled_file(write_copy: Callable[..., Path]) -> None:
    assert read_knowledge(write_copy(lambda data: None)) == load_knowledge()


def _drop_title(data: dict[str, Any]) -> None:
    del data["meanings"][1]["title"]


def _bad_id(data: dict[str, Any]) -> None:
    data["meanings"][0]["id"] = "Hidden Sadness"


def _duplicate_id(data: dict[str, Any]) -> None:
    data["meanings"][1]["id"] = data["meanings"][0]["id"]


def _two_ideas(data: dict[str, Any]) -> None:
    data["meanings"][2]["caption_ideas"] = ["One", "Two"]


def _long_idea(data: dict[str, Any]) -> None:
    data["meanings"][3]["caption_ideas"][0] = "word " * 20


def _repeated_idea(data: dict[str, Any]) -> None:
    ideas = data["meanings"][3]["caption_ideas"]
    ideas[1] = ideas[0]


def _misspelt_key(data: dict[str, Any]) -> None:
    data["meanings"][4]["captions"] = data["meanings"][4].pop("caption_ideas")


def _empty_history_text(data: dict[str, Any]) -> None:
    data["history"][2]["text"] = "   "


def _no_history(data: dict[str, Any]) -> None:
    data["history"] = []


def _future_version(data: dict[str, Any]) -> None:
    data["version"] = 2


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (_drop_title, "meaning 'solidarity'.title is missing"),
        (_bad_id, "must be lower-case words joined by hyphens"),
        (_duplicate_id, "'hidden-sadness' is used twice"),
        (_two_ideas, "meaning 'permission'.caption_ideas must be a list of 3 to 5"),
        (_long_idea, "meaning 'humour'.caption_ideas[0] is 100 characters long"),
        (_repeated_idea, "lists the same caption twice"),
        (_misspelt_key, "unknown key(s) 'captions'"),
        (_empty_history_text, "history[2].text is missing or not a non-empty string"),
        (_no_history, "'history' must be a non-empty list"),
        (_future_version, "'version' must be 1, not 2"),
    ],
)
def test_a_defect_is_a_knowledge_error_naming_the_file_and_the_place(
    write_copy: Callable[..., Path], edit: Callable[[dict[str, Any]], None], message: str
) -> None:
    path = write_copy(edit)
    with pytest.raises(KnowledgeError) as caught:
        read_knowledge(path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


def test_broken_json_and_a_missing_file_are_knowledge_errors(tmp_path: Path) -> None:
    broken = tmp_path / "meme.json"
    shutil.copy(resource_path("knowledge", "meme.json"), broken)
    broken.write_text(broken.read_text(encoding="utf-8")[:-40], encoding="utf-8")
    with pytest.raises(KnowledgeError, match="is not valid JSON"):
        read_knowledge(broken)
    with pytest.raises(KnowledgeError, match="cannot read the meme knowledge file"):
        read_knowledge(tmp_path / "absent.json")


@pytest.mark.parametrize("data", [[], "text", None, {"version": 1, "history": [{}]}])
def test_data_of_the_wrong_shape_is_a_knowledge_error(data: Any) -> None:
    with pytest.raises(KnowledgeError, match=r"^test: "):
        parse_knowledge(data, source="test")
