"""Short bilingual labels of columns, from their names (issue 10, point 1).

A built-in glossary translates common Dutch words of column names into English and back;
words it does not know are kept as they are. Not yet wired into statements or names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# (nl, en): general vocabulary of customer data, not tuned to one organisation.
GLOSSARY: tuple[tuple[str, str], ...] = (
    ("aantal", "number of"), ("leeftijd", "age"), ("klacht", "complaint"),
    ("klachten", "complaints"), ("pech", "breakdown"), ("lid sinds", "member since"),
    ("inkomen", "income"), ("woonplaats", "place of residence"), ("provincie", "province"),
    ("geslacht", "gender"), ("kanaal", "channel"), ("voorkeur", "preference"),
    ("tevredenheid", "satisfaction"), ("digitale vaardigheid", "digital skills"),
    ("contacten", "contacts"), ("maand", "month"), ("jaar", "year"), ("jaren", "years"),
    ("per", "per"), ("gebruik", "use"), ("bezoeken", "visits"), ("auto", "car"),
    ("omzet", "revenue"), ("huishoudgrootte", "household size"), ("looptijd", "term"),
    ("nieuwsbrief", "newsletter"), ("betaalwijze", "payment method"),
    ("voorkeurskanaal", "preferred channel"), ("brandstof", "fuel"),
    ("pechmeldingen", "breakdown reports"), ("buitenland", "abroad"),
)
NL_TO_EN = dict(GLOSSARY)
EN_TO_NL = {en: nl for nl, en in GLOSSARY}


@dataclass(frozen=True)
class Label:
    """A column's short label in Dutch and English."""

    nl: str
    en: str

    def text(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


def words_of(name: str) -> list[str]:
    """``NumberOfComplaints`` and ``aantal_klachten`` as lower-case words."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    return [w for w in re.split(r"[^0-9a-zA-Z\u00C0-\u024F]+", spaced.lower()) if w]


def _translate(words: list[str], table: dict[str, str]) -> str:
    out: list[str] = []
    i = 0
    while i < len(words):
        pair = " ".join(words[i:i + 2])
        if i + 1 < len(words) and pair in table:
            out.append(table[pair])
            i += 2
            continue
        out.append(table.get(words[i], words[i]))
        i += 1
    return " ".join(out)


def derive_label(name: str) -> Label:
    """The label of column *name* in both languages, from its words and the glossary."""
    words = words_of(name)
    text = " ".join(words)
    return Label(nl=_translate(words, EN_TO_NL) or text, en=_translate(words, NL_TO_EN) or text)
