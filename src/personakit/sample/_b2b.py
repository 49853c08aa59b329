"""The sample organisation's business customers (issue 14, seed 002: "people buy"): contacts
at companies with a fleet contract, from the CRM, and a customer survey among them.

Four hidden groups of buyers: cost guardians (buyers and gatekeepers at large
organisations, price and contract terms), strategic decision makers (owners and directors
of small firms, return on investment and references), hands-on users (fleet managers in
transport and construction, reliability and the risk of switching) and sustainable
innovators (influencers in services and ICT, sustainability, LinkedIn and webinars). The
survey's items are worded so that they land in the b2b template's sections (decision
criteria, objections, goals, channels, information sources).
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
    template="b2b", organisation="Mobiliteitsclub Zakelijk (wagenparkklanten)", version=1,
    register="crm_zakelijk.csv", register_source="crm_zakelijk", key="contactnummer",
    survey="klantonderzoek_zakelijk_2026.csv", survey_source="klantonderzoek_zakelijk",
    survey_key="Contactnummer", truth="b2b_groups",
)
RESPONSE = 0.8
ROLE_COLUMN = "rol_in_inkoop"
ROLES = ("beslisser", "gebruiker", "beïnvloeder", "poortwachter", "inkoper")
JOBS = {"beslisser": ("Directeur", "Eigenaar", "Financieel directeur"),
        "gebruiker": ("Wagenparkbeheerder", "Planner", "Vestigingsmanager"),
        "beïnvloeder": ("Duurzaamheidsmanager", "IT-manager", "HR-adviseur"),
        "poortwachter": ("Officemanager", "Managementassistent"),
        "inkoper": ("Inkoper", "Categorymanager")}
SECTORS = ("bouw", "transport en logistiek", "zakelijke dienstverlening", "zorg", "handel",
           "ICT", "overheid")
# Each item's intended section in the b2b template (checked by the tests).
ITEMS = {
    "Bij de keuze voor een leverancier weegt de prijs het zwaarst": "decision_criteria",
    "Betrouwbaarheid en een goede SLA geven bij ons de doorslag": "decision_criteria",
    "Een aantoonbare terugverdientijd is voor mij een harde eis": "decision_criteria",
    "Duurzaamheid is een belangrijk criterium bij onze keuze": "decision_criteria",
    "Ik heb twijfels over de risico's van overstappen naar een andere leverancier":
        "objections",
    "Een langlopend contract is voor ons een bezwaar": "objections",
    "Ons doel is minder stilstand van het wagenpark": "goals",
}
CHANNEL_Q = "Voorkeurskanaal voor contact met ons"
CHANNELS = ("accountmanager", "telefoon", "e-mail", "klantportal")
OBJECTION_Q = "Grootste bezwaar tegen een nieuwe leverancier"
OBJECTIONS = ("prijs", "overstaprisico", "contractduur", "implementatietijd", "geen")
SOURCES_Q = "Informatiebronnen bij een aankoop"
SOURCES = ("vakblad", "beurs", "LinkedIn", "referenties", "webinar", "aanbestedingsplatform")
OPEN_CRITERIA = "Wat gaf de doorslag bij uw laatste keuze voor een leverancier?"
OPEN_OBJECTIONS = "Welke bezwaren of twijfels had u bij de aankoop?"
OPEN_GOALS = "Wat wilt u met uw wagenpark bereiken?"


# English labels where the glossary has no words for the Dutch columns (issue 10's
# [sources.NAME.labels]; the demo writes them into personakit.toml, a user's own win).
LABELS = {
    SPEC.register_source: {
        ROLE_COLUMN: {"en": "role in the buying unit"}, "functie": {"en": "job title"},
        "sector": {"en": "sector"}, "vestigingen": {"en": "sites"},
        "bedrijfsgrootte_medewerkers": {"en": "company size (employees)"},
        "contactnummer": {"en": "contact number"},
    },
    SPEC.survey_source: {
        "Bij de keuze voor een leverancier weegt de prijs het zwaarst":
            {"en": "'When choosing a supplier, price weighs heaviest'"},
        "Betrouwbaarheid en een goede SLA geven bij ons de doorslag":
            {"en": "'Reliability and a good SLA tip the balance for us'"},
        "Een aantoonbare terugverdientijd is voor mij een harde eis":
            {"en": "'A demonstrable payback time is a hard requirement for me'"},
        "Duurzaamheid is een belangrijk criterium bij onze keuze":
            {"en": "'Sustainability is an important criterion in our choice'"},
        "Ik heb twijfels over de risico's van overstappen naar een andere leverancier":
            {"en": "has doubts about the risks of switching supplier",
             "statement_en": "has doubts about the risks of switching to another supplier"},
        "Een langlopend contract is voor ons een bezwaar":
            {"en": "'A long-term contract is an objection for us'"},
        "Ons doel is minder stilstand van het wagenpark":
            {"en": "'Our goal is less downtime of the fleet'"},
        OBJECTION_Q: {"en": "biggest objection to a new supplier"},
        SOURCES_Q: {"en": "information sources for a purchase"},
        CHANNEL_Q: {"en": "preferred channel for contact with us"},
        OPEN_CRITERIA: {"en": "what tipped the balance in the last choice of supplier"},
        OPEN_OBJECTIONS: {"en": "objections or doubts about the purchase"},
        OPEN_GOALS: {"en": "what they want to achieve with their fleet"},
    },
}

@dataclass(frozen=True)
class Buyer:
    """One hidden group of business buyers and what sets it apart (chances in the orders
    above; agreement per ITEMS item from -2 to 2)."""

    code: str
    name_nl: str
    name_en: str
    share: float
    roles: tuple[float, ...]
    employees: float  # median company size (log-normal)
    sectors: tuple[float, ...]
    agreement: tuple[float, ...]
    channel: tuple[float, ...]
    objection: tuple[float, ...]
    sources: tuple[float, ...]  # chance of ticking each source
    years: float  # mean years as a customer
    age: float  # mean age of the contact


GROUPS = (
    Buyer("cost", "Kostenbewakers", "Cost guardians", 0.30,
          (0.05, 0.05, 0.05, 0.25, 0.60), 1200, (0.1, 0.1, 0.05, 0.2, 0.25, 0.05, 0.25),
          (1.5, 0.2, 0.4, -0.4, -0.5, 1.3, -0.2), (0.1, 0.05, 0.5, 0.35),
          (0.55, 0.1, 0.25, 0.05, 0.05), (0.3, 0.15, 0.1, 0.3, 0.1, 0.85), 7, 48),
    Buyer("strategic", "Strategische beslissers", "Strategic decision makers", 0.25,
          (0.85, 0.0, 0.05, 0.0, 0.10), 30, (0.35, 0.1, 0.25, 0.0, 0.3, 0.0, 0.0),
          (0.6, 1.0, 1.6, -0.6, 0.3, -0.2, 1.0), (0.75, 0.2, 0.05, 0.0),
          (0.3, 0.3, 0.05, 0.15, 0.2), (0.1, 0.15, 0.2, 0.85, 0.05, 0.0), 9, 55),
    Buyer("users", "Praktische gebruikers", "Hands-on users", 0.25,
          (0.0, 0.8, 0.1, 0.1, 0.0), 150, (0.3, 0.5, 0.05, 0.05, 0.1, 0.0, 0.0),
          (0.0, 1.6, -0.4, -0.7, 1.4, 0.3, 1.6), (0.15, 0.6, 0.15, 0.1),
          (0.1, 0.6, 0.1, 0.15, 0.05), (0.65, 0.5, 0.05, 0.3, 0.05, 0.05), 11, 44),
    Buyer("sustainable", "Duurzame vernieuwers", "Sustainable innovators", 0.20,
          (0.1, 0.2, 0.7, 0.0, 0.0), 600, (0.0, 0.0, 0.3, 0.15, 0.0, 0.35, 0.2),
          (-0.8, 0.5, 0.2, 1.8, -0.6, 0.2, 0.0), (0.05, 0.05, 0.3, 0.6),
          (0.1, 0.05, 0.1, 0.5, 0.25), (0.1, 0.1, 0.8, 0.15, 0.75, 0.05), 2, 36),
)

# Open answers per group, in the contacts' own words.
CRITERIA = (
    ("De prijs per voertuig lag duidelijk onder die van de andere aanbieders.",
     "De offerte paste binnen het budget en de aanbesteding was helder.",
     "Uiteindelijk was het de laagste totale kostprijs over vier jaar."),
    ("Ik heb gekeken wat het ons oplevert: de terugverdientijd was kort.",
     "Een referentie van een bevriende ondernemer gaf de doorslag.",
     "De accountmanager begreep wat ons bedrijf nodig heeft."),
    ("Dat de hulp bij pech echt binnen een uur ter plaatse is.",
     "Betrouwbaarheid: onze chauffeurs mogen niet stil komen te staan.",
     "De vorige leverancier liet ons te vaak wachten."),
    ("Het aanbod voor elektrische voertuigen en laadpassen.",
     "Dat we de CO2-uitstoot van ons wagenpark kunnen rapporteren.",
     "Een modern klantportaal met goede data."),
)
OBJECTION_TEXTS = (
    ("De looptijd van het contract was eigenlijk te lang.",
     "Het prijsverschil moest intern goed worden verantwoord.",
     "We twijfelden of de opzegtermijn niet te streng was."),
    ("Ik twijfelde of de investering zich wel terugverdient.",
     "Het kost tijd om alles over te zetten, en die tijd heb ik niet.",
     "Ik wilde eerst een referentie spreken."),
    ("Ik was bang dat de overstap zou zorgen voor stilstand.",
     "De chauffeurs moeten weer aan een nieuwe werkwijze wennen.",
     "Het risico dat het in de eerste maanden misgaat."),
    ("De implementatie van de koppeling met onze systemen duurde lang.",
     "Of de duurzaamheidscijfers wel betrouwbaar zijn.",
     "Weinig twijfels, wel veel vragen over de data."),
)
GOALS = (
    ("Lagere kosten per kilometer voor het hele wagenpark.",
     "Grip op de uitgaven en minder losse facturen.",
     "Eén contract voor alle vestigingen."),
    ("Een wagenpark dat het bedrijf laat groeien zonder gedoe.",
     "Medewerkers die altijd op tijd bij de klant zijn.",
     "Minder tijd kwijt aan regelwerk, meer aan ondernemen."),
    ("Geen stilstand meer, zodat de planning klopt.",
     "Dat een chauffeur bij pech binnen het uur weer rijdt.",
     "Voertuigen die gewoon altijd inzetbaar zijn."),
    ("Een volledig elektrisch wagenpark in 2030.",
     "Onze CO2-uitstoot elk jaar aantoonbaar omlaag.",
     "Slim laden en betere data over ons rijgedrag."),
)


def contact_frame(rng: np.random.Generator, contacts: int) -> pd.DataFrame:
    """The CRM's contacts with the hidden group of each (column ``_group``)."""
    from personakit.sample._people import first_names, surnames

    group = group_of_each(rng, [g.share for g in GROUPS], contacts)
    role = pick_each(rng, group, ROLES, [g.roles for g in GROUPS])
    size = np.exp(rng.normal(np.log([GROUPS[g].employees for g in group]), 0.6))
    age = rng.normal([GROUPS[g].age for g in group], 7).clip(24, 66).round().astype(np.int64)
    first = first_names(rng, 2026 - age, rng.random(contacts) < 0.45)
    tussen, last = surnames(rng, contacts)
    return pd.DataFrame({
        "contactnummer": np.arange(70_001, 70_001 + contacts),
        "voornaam": first,
        "achternaam": [f"{t} {n}".strip() for t, n in zip(tussen, last, strict=True)],
        "leeftijd": age,
        ROLE_COLUMN: role,
        "functie": [str(rng.choice(JOBS[r])) for r in role],
        "bedrijfsgrootte_medewerkers": np.maximum(size.round(), 5).astype(np.int64),
        "sector": pick_each(rng, group, SECTORS, [g.sectors for g in GROUPS]),
        "vestigingen": np.maximum(1, np.rint(size / 150 + rng.exponential(0.6, contacts))
                                  ).astype(np.int64),
        "klant_sinds_jaren": rng.exponential([GROUPS[g].years for g in group]).round()
                                .astype(np.int64),
        "_group": group,
    })


def b2b_survey_frame(rng: np.random.Generator, contacts: pd.DataFrame) -> pd.DataFrame:
    """The customer survey of the ~80 % who answered."""
    rows = responded(rng, len(contacts), RESPONSE)
    groups: IntArray = contacts["_group"].to_numpy()[rows]
    frame = pd.DataFrame({SPEC.survey_key: contacts[SPEC.key].to_numpy()[rows]})
    for j, item in enumerate(ITEMS):
        frame[item] = agree_each(rng, groups, [g.agreement[j] for g in GROUPS])
    frame[CHANNEL_Q] = pick_each(rng, groups, CHANNELS, [g.channel for g in GROUPS])
    frame[OBJECTION_Q] = pick_each(rng, groups, OBJECTIONS, [g.objection for g in GROUPS])
    frame[SOURCES_Q] = tick_each(rng, groups, SOURCES, [g.sources for g in GROUPS])
    for column, bank in ((OPEN_CRITERIA, CRITERIA), (OPEN_OBJECTIONS, OBJECTION_TEXTS),
                         (OPEN_GOALS, GOALS)):
        frame[column] = answer_each(rng, groups, bank)
    return frame


def generate_b2b_sample(out_dir: str | Path, *, contacts: int = 800,
                        seed: int = 42) -> SampleManifest:
    """Write the business-customer sample (CRM contacts, survey, hidden groups) to *out_dir*;
    the same *seed* and *contacts* give byte-identical files."""
    _check(contacts, seed)
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2)]
    people = contact_frame(rngs[0], contacts)
    survey = b2b_survey_frame(rngs[1], people)
    segments = segments_of([(g.code, g.name_nl, g.name_en) for g in GROUPS],
                           people["_group"].to_numpy())
    return write_sample(Path(out_dir), SPEC, people, survey, segments, seed=seed,
                        labels=LABELS)
