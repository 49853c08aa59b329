"""Open answers and chat lines from the phrase banks, with planted personal data.

Per-row work here is plain Python on a seeded :class:`random.Random` (fast per call); only
respondents and chat customers get text, about a tenth and a quarter of the members.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from personakit.sample import _phrases as ph
from personakit.sample._people import spaced_iban

_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Person:
    """What a writer may reveal about themselves in an answer or a chat."""

    name: str
    email: str
    phone: str
    street: str
    number: str
    postcode: str
    iban: str
    city: str


@dataclass(frozen=True)
class Planted:
    """One personal-data item placed in a text, exactly as it appears there."""

    kind: str
    value: str


def fill(rnd: random.Random, template: str, city: str) -> str:
    """Fill the ``{slot}`` fields of a phrase."""

    def one(match: re.Match[str]) -> str:
        slot = match.group(1)
        if slot == "stad":
            return city
        if slot == "dossier":
            return f"{rnd.randrange(1_000_000, 9_999_999)}"
        return rnd.choice(ph.SLOTS[slot])

    return _SLOT.sub(one, template)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def compose(rnd: random.Random, own: Sequence[str], others: Sequence[Sequence[str]],
            city: str) -> str:
    """An answer of 1-3 sentences from the segment's bank, sometimes another segment's."""
    count = rnd.choices((1, 2, 3), weights=(0.45, 0.4, 0.15))[0]
    sentences = rnd.sample(list(own), count)
    if rnd.random() < 0.15:  # people are more than their segment
        sentences[-1] = rnd.choice(rnd.choice(others))
    texts = [fill(rnd, s, city) for s in sentences]
    if rnd.random() < 0.2:
        texts[0] = rnd.choice(ph.OPENERS) + _lower_first(texts[0])
    if rnd.random() < 0.15:
        texts.append(rnd.choice(ph.CLOSERS))
    joiner = "\n" if rnd.random() < 0.12 else " "
    return joiner.join(texts)


def pii_value(rnd: random.Random, kind: str, person: Person, bsn: str) -> str:
    """The item as a person would type it."""
    if kind == "name":
        return person.name
    if kind == "email":
        return person.email
    if kind == "phone":
        return person.phone
    if kind == "iban":
        return spaced_iban(person.iban) if rnd.random() < 0.6 else person.iban
    if kind == "bsn":
        return bsn
    if kind == "postcode":
        code = person.postcode if " " in person.postcode else (
            f"{person.postcode[:4]} {person.postcode[4:]}")
        return f"{code} {person.number}"
    return f"{person.street} {person.number}"


def plant(rnd: random.Random, text: str, kind: str, person: Person, bsn: str
          ) -> tuple[str, Planted]:
    """Add a sentence carrying one personal-data item to *text*."""
    value = pii_value(rnd, kind, person, bsn)
    sentence = rnd.choice(ph.PII_SENTENCES[kind]).format(value=value)
    joined = f"{text} {sentence}" if text and kind != "name" else (
        f"{text}\n{sentence}" if text else sentence)
    return joined, Planted(kind, value)


class PersonLookup:
    """The :class:`Person` behind a member row, built only for members who write."""

    def __init__(self, members: pd.DataFrame, city_names: Sequence[str]) -> None:
        self._cols = {c: members[c].to_numpy() for c in (
            "voornaam", "tussenvoegsel", "achternaam", "email", "telefoon", "straat",
            "huisnummer", "postcode", "iban", "city")}
        self._city_names = city_names

    def city(self, i: int) -> str:
        return self._city_names[int(self._cols["city"][i])]

    def __call__(self, i: int) -> Person:
        c = self._cols
        tussen = c["tussenvoegsel"][i]
        name = " ".join(p for p in (c["voornaam"][i], tussen, c["achternaam"][i]) if p)
        return Person(name=name, email=c["email"][i], phone=c["telefoon"][i],
                      street=c["straat"][i], number=c["huisnummer"][i],
                      postcode=c["postcode"][i], iban=c["iban"][i], city=self.city(i))
