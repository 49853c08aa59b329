"""Quotes: typical lines of a profile's members, scrubbed, never from small groups."""

from __future__ import annotations

import pandas as pd

from personakit.persona import PersonaInputs, PersonaSettings, synthesize
from personakit.persona._quotes import customer_lines, select_quotes
from tests.test_persona_build import make_segmentation

APP_LINES = [
    "De app werkt snel en ik regel alles zelf online, top.",
    "Via de app mijn gegevens aangepast, ging heel makkelijk online.",
    "Ik gebruik vooral de app, online regelen scheelt mij tijd.",
]
PHONE_LINES = [
    "Ik bel liever even met iemand, dan weet ik zeker dat het goed gaat.",
    "Telefonisch contact vind ik prettig, een mens aan de lijn helpt.",
    "Ik heb gebeld want met de computer kom ik er niet uit.",
]


def frames(app_members: int = 20, phone_members: int = 30) -> tuple[pd.DataFrame, pd.DataFrame]:
    texts, members = [], []
    for i in range(app_members):
        key = f"a{i}"
        members.append({"key": key, "profile_id": "seg1-0", "confidence": 0.9})
        line = APP_LINES[i % 3]
        if i == 0:
            line = "Ik ben Sanne de Vries, de app werkt snel en ik regel alles zelf online."
        texts.append({"key": key, "source": "enquete", "column": "toelichting", "text": line,
                      "date": f"2025-03-0{1 + i % 9}"})
    for i in range(phone_members):
        key = f"p{i}"
        members.append({"key": key, "profile_id": "seg1-1", "confidence": 0.9})
        texts.append({"key": key, "source": "chats", "column": "bericht",
                      "text": PHONE_LINES[i % 3], "date": None})
    return pd.DataFrame(texts), pd.DataFrame(members)


def test_quotes_are_typical_for_the_profile_and_scrubbed() -> None:
    texts, members = frames()
    quotes = select_quotes(texts, members, make_segmentation().profiles, min_group_size=10,
                           max_quotes=3, lang="nl")
    app = quotes["seg1-0"]
    assert len(app) == 3
    assert all("app" in q.text or "online" in q.text for q in app)
    assert all("Sanne" not in q.text and "Vries" not in q.text for q in app)
    assert all(q.source == "enquete" and q.date and q.typicality is not None for q in app)
    assert all("bel" in q.text.lower() or "telefon" in q.text.lower() or "mens" in q.text
               for q in quotes["seg1-1"])


def test_quotes_are_deterministic() -> None:
    texts, members = frames()
    profiles = make_segmentation().profiles
    first = select_quotes(texts, members, profiles, min_group_size=10, max_quotes=3, lang="nl")
    shuffled = texts.sample(frac=1.0, random_state=3)
    second = select_quotes(shuffled, members, profiles, min_group_size=10, max_quotes=3,
                           lang="nl")
    assert first == second


def test_no_quotes_when_fewer_people_than_the_minimum_group_size() -> None:
    texts, members = frames(app_members=9)
    quotes = select_quotes(texts, members, make_segmentation().profiles, min_group_size=10,
                           max_quotes=3, lang="nl")
    assert "seg1-0" not in quotes and quotes["seg1-1"]


def test_agent_chat_lines_are_never_quoted() -> None:
    lines = pd.DataFrame({
        "key": ["a", "a"], "source": ["chats"] * 2, "column": ["bericht"] * 2,
        "speaker": ["medewerker", "klant"],
        "text": ["Goedemiddag, waarmee kan ik u helpen vandaag?",
                 "Mijn factuur klopt niet, kunt u dat nakijken?"],
        "date": [None, None],
    })
    assert customer_lines(lines)["text"].tolist() == [
        "Mijn factuur klopt niet, kunt u dat nakijken?"]


def test_personas_carry_their_quotes_and_never_a_known_personal_value() -> None:
    texts, members = frames()
    texts.loc[1, "text"] = "Zorbla Quux hier: de app werkt snel en alles gaat online."
    inputs = PersonaInputs(texts=texts, members=members,
                           personal_values={"Zorbla Quux": "name"})
    personas = synthesize(make_segmentation(), inputs, settings=PersonaSettings(), lang="en",
                          seed=42)
    assert personas[0].quotes and personas[1].quotes
    dumped = "".join(p.model_dump_json() for p in personas)
    assert "Zorbla" not in dumped and "Sanne" not in dumped
