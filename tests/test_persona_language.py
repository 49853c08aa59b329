"""A built demo's personas in nl and en: labels instead of column names, no words of the
other language, names of at most four words (issue 10, points 1-3)."""

from __future__ import annotations

import re

import pytest

from personakit.model import Persona, Statement
from personakit.persona._labels import derive_label, words_of
from personakit.track import current_personas
from personakit.workspace import Workspace

pytestmark = pytest.mark.slow

# Frequent function words: one of these in a sentence gives the other language away.
DUTCH_WORDS = frozenset("de het een en van niet dat die voor met zijn wordt bij naar ook "
                        "gemiddeld tegen anderen vaker meestal kiest zelden eens".split())
ENGLISH_WORDS = frozenset("the and with for that this average against others often "
                          "mostly chooses agree rarely".split())


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> list[Persona]:
    from personakit.pipeline import run_demo

    root = tmp_path_factory.mktemp("voice") / "ws"
    run_demo(root, customers=800, seed=7, language="nl", formats=())
    with Workspace.open(root) as ws:
        return current_personas(ws)


def _columns(personas: list[Persona]) -> set[str]:
    # Columns only: a theme's figure (variable "theme:t3@negative") names no column.
    return {e.variable for p in personas for s in p.statements for e in s.evidence
            if e.kind == "statistic" and e.variable and not e.variable.startswith("theme:")}


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-zà-ÿ]+", text.lower()))


def _statements(personas: list[Persona], lang: str) -> list[str]:
    return [_unquoted(s, lang) for p in personas for s in p.statements
            if s.evidence and s.evidence[0].kind == "statistic"]


def _unquoted(statement: Statement, lang: str) -> str:
    """A theme's label is the customers' own words in quotes (data, as a quote is): only
    the sentence around it is in the output language."""
    text = statement.text[lang]
    if str(statement.evidence[0].variable or "").startswith("theme:"):
        text = re.sub(r"‘[^’]*’", "‘…’", text)
    return text


def test_no_raw_column_name_where_a_label_exists(demo: list[Persona]) -> None:
    # A column shows in its own language only as its label (a question in quotes), and
    # never in the other language.
    columns = {c for c in _columns(demo) if derive_label(c).text("en") != c}
    assert columns
    for text in _statements(demo, "en"):
        for column in columns:
            assert column not in text, (column, text)
    for text in _statements(demo, "nl"):
        for column in (c for c in columns if derive_label(c).nl.lower() != c.lower()):
            assert column not in text.replace(f"‘{column}’", ""), (column, text)


def test_english_statements_have_no_dutch_words(demo: list[Persona]) -> None:
    sample_words = {w for c in _columns(demo) for w in words_of(c)
                    if len(w) > 4 and w not in ENGLISH_WORDS and derive_label(c).en != c}
    sample_words -= {w for c in _columns(demo) for w in words_of(derive_label(c).en)}
    for text in _statements(demo, "en"):
        found = _words(text) & (DUTCH_WORDS | sample_words)
        assert not found, (found, text)


def test_dutch_statements_have_no_english_words(demo: list[Persona]) -> None:
    for text in _statements(demo, "nl"):
        found = _words(text) & ENGLISH_WORDS
        assert not found, (found, text)


def test_profile_names_are_short_distinct_and_not_questions(demo: list[Persona]) -> None:
    for lang in ("nl", "en"):
        names = [p.title[lang] for p in demo]
        assert len(set(names)) == len(names), names
        assert all(len(n.split()) <= 4 for n in names), names
        assert not any("…" in n or "," in n for n in names), names


def test_statement_forms_by_kind_of_evidence(demo: list[Persona]) -> None:
    nl = " ".join(_statements(demo, "nl"))
    en = " ".join(_statements(demo, "en"))
    assert "op de 10" in nl and "in 10" in en  # shares
    assert "(helemaal) eens" in nl and "agree (strongly)" in en  # Likert agreement
    assert "gemiddeld" in nl and "on average" in en  # typical values
