"""Quotes: typical of their persona against everyone, 3 to 5, never on two personas, never
identifying anyone (issue 10, point 5)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

from personakit.i18n import LANGUAGES
from personakit.model import Persona, Segmentation
from personakit.persona import PersonaInputs, PersonaSettings, synthesize
from personakit.persona._quotes import (
    QuoteSelection,
    choose_quotes,
    is_near_duplicate,
    normalise,
)
from personakit.track import current_personas
from personakit.workspace import Workspace
from tests.test_persona_build import make_segmentation
from tests.test_persona_canvas import demo_ws  # noqa: F401  (the demo workspace fixture)

EVERYONE = "Goedemorgen, ik heb een vraag over mijn rekening van deze maand."
TYPICAL = {
    "seg1-0": ["De app werkt snel, ik regel alles zelf online.",
               "Via de app mijn adres aangepast, online ging dat vlot.",
               "Online regelen in de app scheelt mij veel tijd.",
               "In de app zie ik meteen mijn facturen, top online.",
               "Zonder de app zou ik het niet online kunnen regelen."],
    "seg1-1": ["Ik bel liever met een medewerker, dan weet ik het zeker.",
               "Telefonisch contact met een echte medewerker vind ik prettig.",
               "Ik heb gebeld omdat ik liever een medewerker spreek.",
               "Bellen met een medewerker werkt voor mij het best.",
               "Een medewerker aan de telefoon helpt mij het snelst."],
}


def frames(per_profile: int = 30, *, confidence: float = 0.9) -> tuple[pd.DataFrame,
                                                                        pd.DataFrame]:
    texts, members = [], []
    for profile, lines in TYPICAL.items():
        for i in range(per_profile):
            key = f"{profile}-{i}"
            members.append({"key": key, "profile_id": profile, "confidence": confidence})
            texts.append({"key": key, "source": "enquete", "column": "Toelichting",
                          "text": lines[i % len(lines)], "date": None})
            # Everyone says this, most often of all lines: frequent, typical of no one.
            texts.append({"key": key, "source": "chats", "column": "bericht",
                          "text": EVERYONE, "date": None})
    return pd.DataFrame(texts), pd.DataFrame(members)


def choose(texts: pd.DataFrame, members: pd.DataFrame, **kwargs: Any) -> QuoteSelection:
    return choose_quotes(texts, members, make_segmentation().profiles, min_group_size=10,
                         max_quotes=5, lang="nl", **kwargs)


def test_typical_not_frequent_three_to_five_each() -> None:
    texts, members = frames()
    quotes = choose(texts, members).quotes
    for profile, lines in TYPICAL.items():
        got = [q.text for q in quotes[profile]]
        assert 3 <= len(got) <= 5
        assert set(got) <= set(lines)
        assert EVERYONE not in got


def test_the_same_line_said_in_every_profile_goes_to_one_persona_only() -> None:
    texts, members = frames()
    shared = "Ik regel mijn zaken het liefst zelf, dat scheelt mij veel gedoe."
    extra = pd.DataFrame([{"key": k, "source": "enquete", "column": "Toelichting",
                           "text": shared, "date": None} for k in members["key"]])
    quotes = choose(pd.concat([texts, extra]), members).quotes
    everywhere = [q.text for qs in quotes.values() for q in qs]
    assert len(everywhere) == len({normalise(text) for text in everywhere})


def test_near_duplicates_count_as_one() -> None:
    assert is_near_duplicate("Mijn ketting is eraf en ik sta in Haarlem, kunnen jullie helpen?",
                             "Mijn ketting is eraf en ik sta in Leiden, kunnen jullie helpen?")
    assert is_near_duplicate("Stuur de factuur op papier, ik heb geen e-mail. Bedankt.",
                             "Mijn auto is oud. Stuur de factuur op papier, ik heb geen e-mail.")
    assert is_near_duplicate("Bel me op [telefoon], graag snel terug!",
                             "bel me op [telefoon] graag snel terug")
    assert not is_near_duplicate("De app werkt snel, ik regel alles zelf online.",
                                 "Ik bel liever met een medewerker, dan weet ik het zeker.")


def test_near_duplicate_lines_of_one_profile_give_one_quote() -> None:
    cities = ["Haarlem", "Leiden", "Utrecht", "Gouda", "Breda", "Delft", "Zwolle", "Assen"]
    texts, members = frames()
    variants = pd.DataFrame([{
        "key": f"seg1-1-{i}", "source": "chats", "column": "bericht", "date": None,
        "text": f"Mijn telefoon is kapot en ik sta in {cities[i % 8]}, kunt u bellen?"}
        for i in range(30)])
    quotes = choose(pd.concat([texts, variants]), members).quotes
    variant_quotes = [q for q in quotes["seg1-1"] if "kapot" in q.text]
    assert len(variant_quotes) <= 1


def test_lines_of_members_with_no_assignment_confidence_are_never_quoted() -> None:
    texts, members = frames()
    doubtful = members["key"].str.startswith("seg1-0") & (members.index % 2 == 0)
    members.loc[doubtful, "confidence"] = 0.0
    quotes = choose(texts, members).quotes
    doubtful_texts = set(texts[texts["key"].isin(members.loc[doubtful, "key"])]["text"])
    confident_texts = set(texts[texts["key"].isin(members.loc[~doubtful, "key"])]["text"])
    assert all(q.text in confident_texts or q.text not in doubtful_texts
               for q in quotes["seg1-0"])
    assert all(q.typicality and q.typicality > 0 for q in quotes["seg1-0"])


@pytest.mark.parametrize("line", [
    "De app werkt snel, mijn ordernummer is 20250312 online.",
    "De app werkt snel online, mijn kenteken is AB-123-C.",
    "Ik ben Sanne de Vries, de app werkt snel en ik regel alles online.",
])
def test_identifying_lines_are_never_quoted(line: str) -> None:
    texts, members = frames()
    texts.loc[texts["key"].str.startswith("seg1-0") & (texts["column"] == "Toelichting"),
              "text"] = line
    quotes = choose(texts, members).quotes
    assert all("20250312" not in q.text and "AB-123-C" not in q.text and "Sanne" not in q.text
               for qs in quotes.values() for q in qs)


def test_fewer_than_three_says_why_in_both_languages() -> None:
    texts, members = frames()
    texts = texts[~texts["key"].str.startswith("seg1-0") | texts["text"].isin(
        TYPICAL["seg1-0"][:2])]
    selection = choose(texts, members)
    assert len(selection.quotes["seg1-0"]) == 2
    note = selection.notes["seg1-0"]
    assert set(note) == set(LANGUAGES) and "3" in note["nl"] and "2" in note["en"]
    assert "seg1-1" not in selection.notes


def test_no_texts_at_all_says_which_data_would_give_quotes() -> None:
    persona = synthesize(make_segmentation(), PersonaInputs(), settings=PersonaSettings(
        min_group_size=10), lang="nl", seed=1)[0]
    assert not persona.quotes
    assert "open" in persona.quote_note["nl"] and "open" in persona.quote_note["en"]


def test_answers_to_a_goal_question_fill_goals_in_own_words() -> None:
    texts, members = frames()
    texts.loc[texts["column"] == "Toelichting", "column"] = "Wat vindt u het belangrijkst?"
    selection = choose(texts, members, section_of=lambda source, column: (
        "goals" if "belangrijk" in column else None))
    voices = selection.voices
    quotes = selection.quotes
    assert all(q.section == "goals" for qs in voices.values() for q in qs)
    used = [normalise(q.text) for qs in [*quotes.values(), *voices.values()] for q in qs]
    assert len(used) == len(set(used))
    segmentation = Segmentation.model_validate({**make_segmentation().model_dump(),
                                                "id": "seg1"})
    persona = synthesize(segmentation, PersonaInputs(texts=texts, members=members),
                         settings=PersonaSettings(min_group_size=10), lang="nl", seed=1)[0]
    own = [s for s in persona.statements if s.id == "voice:goals"]
    assert own and own[0].section == "goals" and own[0].evidence[0].kind == "quote"
    assert own[0].text["nl"].startswith("In eigen woorden")
    assert "goals" not in persona.gaps


@pytest.fixture(scope="module")
def demo_personas(demo_ws: Workspace) -> Iterator[list[Persona]]:  # noqa: F811
    yield list(current_personas(demo_ws))


@pytest.mark.slow
def test_demo_quotes_are_distinct_across_personas(demo_personas: list[Persona]) -> None:
    seen: list[tuple[str, str]] = []
    for persona in demo_personas:
        texts = [q.text for q in persona.quotes]
        texts += [e.text or "" for s in persona.statements
                  for e in s.evidence if e.kind == "quote"]
        for text in texts:
            for name, other in seen:
                assert not is_near_duplicate(text, other), (persona.name, name, text)
            seen.append((persona.name, text))


@pytest.mark.slow
def test_demo_personas_have_three_to_five_quotes(demo_personas: list[Persona]) -> None:
    # Every demo profile has open answers and chats from far more than ten people.
    for persona in demo_personas:
        count = len(persona.quotes)
        assert 3 <= count <= 5, (persona.name, count)
        assert not persona.quote_note
