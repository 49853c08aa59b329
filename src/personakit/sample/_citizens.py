"""A municipality's clients (issue 14, seed 001): people on welfare, the client record
system's export and the intake questionnaire ("startfoto") they filled in.

The columns and questions follow the dimensions Rotterdam's case managers map: life domains,
language and circumstances; barriers and economic incentives; attitude, motivation and
behaviour; human capital and search behaviour; social capital; and the two perspectives,
development (task- or people-oriented route) and outflow (the labour-market profiles
selling, transport, making and helping). Four hidden groups: ready to work, stability
first, language is the key, experienced but stuck. The municipality is made up; its
answers are in Dutch, the personas come out in Dutch and English.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from personakit.sample._employees import _check
from personakit.sample._model import SampleManifest
from personakit.sample._template_sample import (
    IntArray,
    SampleSpec,
    agree_each,
    answer_each,
    group_of_each,
    pick_each,
    responded,
    segments_of,
    tick_each,
    write_sample,
)

SPEC = SampleSpec(
    template="citizen", organisation="Gemeente Maasstad, Werk en Inkomen", version=1,
    register="klantvolgsysteem.csv", register_source="klantvolgsysteem", key="clientnummer",
    survey="startfoto_2026.csv", survey_source="startfoto", survey_key="Clientnummer",
    truth="citizen_groups",
)
RESPONSE = 0.85
HEALTH = ("goed", "wisselend", "beperkt belastbaar")
HOUSEHOLDS = ("alleenstaand", "alleenstaande ouder", "samenwonend", "samenwonend met kinderen")
LANGUAGE_LEVELS = ("A1", "A2", "B1", "B2", "moedertaal")
EDUCATION = ("geen of basisonderwijs", "vmbo of mbo-1", "mbo-2 tot 4", "hbo of wo")
ROUTES = ("taakgericht", "mensgericht")
PROFILES = ("Verkopen", "Vervoeren", "Maken", "Helpen")  # Rotterdam's outflow profiles
DISTRICTS = ("Noord", "Zuid", "West", "Oost", "Centrum", "Haven")
# Each item's intended section in the citizen template (checked by the tests).
ITEMS = {
    "Mijn gezondheid en thuissituatie vragen nu al mijn aandacht": "life_domains",
    "Door het verlies van toeslagen levert werken mij te weinig op": "incentives",
    "Vervoer of kinderopvang is voor mij een drempel om te werken": "incentives",
    "Mijn motivatie om zo snel mogelijk aan het werk te gaan is groot": "attitude",
    "Ik solliciteer elke week op vacatures": "human_capital",
    "Ik kan goed omgaan met een computer en digitale formulieren": "human_capital",
    "In mijn netwerk zijn mensen die me helpen om werk te vinden": "social_capital",
    "Vrijwilligerswerk of hulp aan familie en vrienden hoort bij mijn week": "social_capital",
    "Ik wil een traject volgen om mezelf verder te ontwikkelen": "development",
    "Ik zie voor mezelf goede kansen op de arbeidsmarkt": "outflow",
}
CONTACT_Q = "Hoe wilt u het liefst contact met uw klantmanager?"
CONTACTS = ("persoonlijk gesprek", "telefoon", "e-mail", "app", "brief")
BARRIERS_Q = "Belemmeringen om te werken"
BARRIERS = ("gezondheid", "schulden", "taal", "kinderopvang", "vervoer", "leeftijd",
            "geen werkervaring")
OPEN_HOME = "Vertel iets over uw omstandigheden thuis"
OPEN_BARRIER = "Wat is voor u de grootste drempel naar werk?"
OPEN_PROSPECTS = "Welke kansen ziet u voor uzelf op de arbeidsmarkt?"


# English labels where the glossary has no words for the Dutch columns (issue 10's
# [sources.NAME.labels]; the demo writes them into personakit.toml, a user's own win).
LABELS = {
    SPEC.register_source: {
        "clientnummer": {"en": "client number"}, "gezinssituatie": {"en": "household"},
        "taalniveau_nederlands": {"en": "Dutch language level"}, "schulden": {"en": "debts"},
        "werkervaring_jaren": {"en": "work experience (years)"},
        "maanden_in_de_bijstand": {"en": "months on welfare"},
        "ontwikkelroute": {"en": "development route"},
        "arbeidsmarktprofiel": {"en": "labour-market profile"},
    },
    SPEC.survey_source: {
        "Mijn gezondheid en thuissituatie vragen nu al mijn aandacht":
            {"en": "'My health and situation at home take all my attention now'"},
        "Door het verlies van toeslagen levert werken mij te weinig op":
            {"en": "'Losing allowances means working pays me too little'"},
        "Vervoer of kinderopvang is voor mij een drempel om te werken":
            {"en": "'Transport or childcare is a barrier to working for me'"},
        "Mijn motivatie om zo snel mogelijk aan het werk te gaan is groot":
            {"en": "'My motivation to start work as soon as possible is high'"},
        "Ik solliciteer elke week op vacatures":
            {"en": "applies for vacancies every week",
             "statement_en": "applies for vacancies every week"},
        "Ik kan goed omgaan met een computer en digitale formulieren":
            {"en": "handles a computer and digital forms well",
             "statement_en": "handles a computer and digital forms well"},
        "In mijn netwerk zijn mensen die me helpen om werk te vinden":
            {"en": "'People in my network help me find work'"},
        "Vrijwilligerswerk of hulp aan familie en vrienden hoort bij mijn week":
            {"en": "'Volunteering or helping family and friends is part of my week'"},
        "Ik wil een traject volgen om mezelf verder te ontwikkelen":
            {"en": "wants to follow a programme to develop further",
             "statement_en": "wants to follow a programme to develop further"},
        "Ik zie voor mezelf goede kansen op de arbeidsmarkt":
            {"en": "sees good chances on the labour market",
             "statement_en": "sees good chances for themselves on the labour market"},
        CONTACT_Q: {"en": "preferred contact with the client manager"},
        BARRIERS_Q: {"en": "barriers to working"},
        OPEN_HOME: {"en": "circumstances at home"},
        OPEN_BARRIER: {"en": "the biggest barrier to work"},
        OPEN_PROSPECTS: {"en": "chances on the labour market"},
    },
}

@dataclass(frozen=True)
class Client:
    """One hidden group of clients and what sets it apart (chances in the orders above;
    agreement per ITEMS item from -2 to 2)."""

    code: str
    name_nl: str
    name_en: str
    share: float
    age: tuple[float, float]
    months: float  # mean months on benefits
    household: tuple[float, ...]
    language: tuple[float, ...]
    debts: float
    health: tuple[float, ...]
    education: tuple[float, ...]
    experience: float  # mean years of work experience (capped by age)
    route: tuple[float, ...]
    profile: tuple[float, ...]
    agreement: tuple[float, ...]
    contact: tuple[float, ...]
    barriers: tuple[float, ...]  # chance of ticking each barrier


GROUPS = (
    Client("ready", "Snel aan de slag", "Ready to work", 0.30, (31, 8), 6,
           (0.55, 0.1, 0.25, 0.1), (0.0, 0.02, 0.08, 0.2, 0.7), 0.15, (0.8, 0.15, 0.05),
           (0.05, 0.2, 0.5, 0.25), 8, (0.85, 0.15), (0.35, 0.4, 0.2, 0.05),
           (-1.2, -0.5, -0.8, 1.6, 1.4, 1.4, 0.8, -0.3, 0.2, 1.3),
           (0.05, 0.15, 0.35, 0.4, 0.05), (0.05, 0.1, 0.02, 0.05, 0.15, 0.02, 0.1)),
    Client("stability", "Eerst stabiliteit", "Stability first", 0.28, (45, 9), 60,
           (0.45, 0.35, 0.1, 0.1), (0.0, 0.05, 0.2, 0.15, 0.6), 0.75, (0.15, 0.45, 0.4),
           (0.35, 0.45, 0.15, 0.05), 5, (0.15, 0.85), (0.1, 0.1, 0.3, 0.5),
           (1.5, 1.0, 0.6, -0.6, -1.4, -0.8, -0.5, 0.2, -0.3, -1.3),
           (0.6, 0.3, 0.0, 0.0, 0.1), (0.8, 0.7, 0.05, 0.3, 0.2, 0.1, 0.3)),
    Client("language", "Taal als sleutel", "Language is the key", 0.22, (34, 8), 24,
           (0.3, 0.15, 0.15, 0.4), (0.45, 0.35, 0.15, 0.05, 0.0), 0.3, (0.7, 0.25, 0.05),
           (0.25, 0.2, 0.25, 0.3), 4, (0.5, 0.5), (0.05, 0.2, 0.45, 0.3),
           (0.3, 0.2, 0.8, 1.5, -0.2, 0.0, -1.3, 0.9, 1.6, 0.2),
           (0.55, 0.1, 0.0, 0.3, 0.05), (0.15, 0.2, 0.9, 0.45, 0.3, 0.02, 0.5)),
    Client("experienced", "Ervaren maar vastgelopen", "Experienced but stuck", 0.20, (57, 4),
           30, (0.4, 0.05, 0.45, 0.1), (0.0, 0.0, 0.05, 0.15, 0.8), 0.3, (0.3, 0.35, 0.35),
           (0.1, 0.3, 0.45, 0.15), 28, (0.6, 0.4), (0.45, 0.3, 0.15, 0.1),
           (0.4, 1.4, -0.3, 0.3, 0.8, -1.0, 1.0, 1.2, -0.8, -0.8),
           (0.35, 0.45, 0.0, 0.0, 0.2), (0.45, 0.25, 0.02, 0.02, 0.1, 0.85, 0.02)),
)

# Open answers per group, in the clients' own words.
HOME = (
    ("Ik woon op mezelf en heb thuis weinig dat me tegenhoudt.",
     "Thuis is alles op orde, ik kan zo beginnen.",
     "Ik woon samen en mijn partner werkt al."),
    ("Ik heb schulden en daar ben ik elke dag mee bezig.",
     "Mijn gezondheid is wisselend, sommige dagen lukt er weinig.",
     "Ik zorg alleen voor mijn kinderen en dat kost veel energie."),
    ("Ik ben drie jaar geleden met mijn gezin naar Nederland gekomen.",
     "Thuis spreken we Arabisch, ik oefen Nederlands met de buren.",
     "Mijn kinderen gaan naar school, overdag heb ik tijd."),
    ("Na dertig jaar bij hetzelfde bedrijf ben ik ontslagen.",
     "Mijn vrouw werkt nog, maar het geld is krap.",
     "Mijn rug speelt op, zwaar werk gaat niet meer."),
)
BARRIER = (
    ("Eigenlijk niets, ik zoek alleen nog de goede baan.",
     "Ik heb geen auto, dus werk moet met de fiets bereikbaar zijn.",
     "Soms weet ik niet waar ik moet beginnen met zoeken."),
    ("Eerst mijn schulden regelen, anders heeft werken geen zin.",
     "Als ik ga werken raak ik mijn toeslagen kwijt.",
     "Mijn gezondheid, ik weet niet hoeveel uur ik aankan."),
    ("De taal, ik begrijp nog niet alles op het werk.",
     "Mijn diploma wordt hier niet erkend.",
     "Kinderopvang regelen is ingewikkeld en duur."),
    ("Werkgevers vinden mij te oud, zeggen ze niet, maar ik merk het.",
     "Alles gaat digitaal, solliciteren via een website vind ik lastig.",
     "Ik ben bang dat ik er financieel op achteruit ga."),
)
PROSPECTS = (
    ("Ik kan meteen aan de slag in de logistiek of als chauffeur.",
     "In de winkel of het magazijn, daar is genoeg werk.",
     "Ik wil een vaste baan, het liefst binnen een paar maanden."),
    ("Ik weet het niet, eerst moet ik mijn leven op orde hebben.",
     "Misschien later iets in de zorg, als het beter met me gaat.",
     "Vrijwilligerswerk lijkt me een goede eerste stap."),
    ("In mijn land was ik monteur, dat wil ik hier ook weer doen.",
     "Ik wil een opleiding volgen in de zorg.",
     "Met een taaltraject erbij kan ik in de bouw beginnen."),
    ("Ik heb veel ervaring in de verkoop, maar niemand belt terug.",
     "Via mijn oude collega's hoor ik soms van een vacature.",
     "Eerlijk gezegd zie ik weinig kansen op mijn leeftijd."),
)


def client_frame(rng: np.random.Generator, clients: int) -> pd.DataFrame:
    """The client record system's export with the hidden group of each (column ``_group``)."""
    from personakit.sample._people import first_names, surnames

    group = group_of_each(rng, [g.share for g in GROUPS], clients)
    age = np.array([rng.normal(*GROUPS[g].age) for g in group]).clip(18, 66).round()
    female = rng.random(clients) < 0.5
    first = first_names(rng, (2026 - age).astype(np.int64), female)
    tussen, last = surnames(rng, clients)
    experience = np.minimum(rng.exponential([GROUPS[g].experience for g in group]).round(),
                            age - 16)
    return pd.DataFrame({
        "clientnummer": np.arange(500_001, 500_001 + clients),
        "voornaam": first,
        "achternaam": [f"{t} {n}".strip() for t, n in zip(tussen, last, strict=True)],
        "leeftijd": age.astype(int),
        "geslacht": np.where(female, "vrouw", "man"),
        "wijk": [str(d) for d in rng.choice(DISTRICTS, size=clients)],
        "gezinssituatie": pick_each(rng, group, HOUSEHOLDS, [g.household for g in GROUPS]),
        "taalniveau_nederlands": pick_each(rng, group, LANGUAGE_LEVELS,
                                           [g.language for g in GROUPS]),
        "schulden": _yes_no(rng, group, [g.debts for g in GROUPS]),
        "gezondheid": pick_each(rng, group, HEALTH, [g.health for g in GROUPS]),
        "opleidingsniveau": pick_each(rng, group, EDUCATION, [g.education for g in GROUPS]),
        "werkervaring_jaren": experience.astype(int),
        "maanden_in_de_bijstand": np.maximum(
            1, rng.exponential([GROUPS[g].months for g in group]).round()).astype(int),
        "ontwikkelroute": pick_each(rng, group, ROUTES, [g.route for g in GROUPS]),
        "arbeidsmarktprofiel": pick_each(rng, group, PROFILES, [g.profile for g in GROUPS]),
        "_group": group,
    })


def _yes_no(rng: np.random.Generator, groups: IntArray, chances: list[float]) -> list[str]:
    draws = rng.random(len(groups))
    return ["ja" if d < chances[g] else "nee" for d, g in zip(draws, groups, strict=True)]


def citizen_survey_frame(rng: np.random.Generator, clients: pd.DataFrame) -> pd.DataFrame:
    """The intake questionnaire of the ~85 % who filled it in."""
    rows = responded(rng, len(clients), RESPONSE)
    groups: IntArray = clients["_group"].to_numpy()[rows]
    frame = pd.DataFrame({SPEC.survey_key: clients[SPEC.key].to_numpy()[rows]})
    for j, item in enumerate(ITEMS):
        frame[item] = agree_each(rng, groups, [g.agreement[j] for g in GROUPS])
    frame[CONTACT_Q] = pick_each(rng, groups, CONTACTS, [g.contact for g in GROUPS])
    frame[BARRIERS_Q] = tick_each(rng, groups, BARRIERS, [g.barriers for g in GROUPS])
    for column, bank in ((OPEN_HOME, HOME), (OPEN_BARRIER, BARRIER),
                         (OPEN_PROSPECTS, PROSPECTS)):
        frame[column] = answer_each(rng, groups, bank)
    return frame


def generate_citizen_sample(out_dir: str | Path, *, clients: int = 1200,
                            seed: int = 42) -> SampleManifest:
    """Write the municipality's client sample (client records, intake questionnaire, hidden
    groups) to *out_dir*; the same *seed* and *clients* give byte-identical files."""
    _check(clients, seed)
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2)]
    people = client_frame(rngs[0], clients)
    survey = citizen_survey_frame(rngs[1], people)
    segments = segments_of([(g.code, g.name_nl, g.name_en) for g in GROUPS],
                           people["_group"].to_numpy())
    return write_sample(Path(out_dir), SPEC, people, survey, segments, seed=seed,
                        labels=LABELS)
