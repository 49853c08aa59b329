"""The sample organisation's employees (issue 14): an HR export and an employee survey.

Four hidden groups after seed 003 ("de ene groep heeft behoefte aan duidelijkheid en
structuur, de andere aan autonomie en vertrouwen"): structure seekers, innovators,
connectors and autonomous professionals. They differ in age, years in service, department,
change readiness, preferred communication, learning style, workplace and devices, and
write their own open answers. One department is a small team (``Juridische zaken``, six
people) so the per-department privacy rule has something to protect.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from personakit.errors import InputError
from personakit.i18n import both
from personakit.sample._model import SampleFile, SampleManifest, SampleSegment

EMPLOYEE_GENERATOR_VERSION = 1
MIN_EMPLOYEES, MAX_EMPLOYEES = 100, 200_000
ORGANISATION = "Mobiliteitsclub Nederland (medewerkers)"
HR_FILE, SURVEY_FILE = "hr_export.csv", "medewerkeronderzoek_2026.csv"
SMALL_TEAM, SMALL_TEAM_SIZE = "Juridische zaken", 6
RESPONSE = 0.85
LIKERT = ("Helemaal mee oneens", "Mee oneens", "Neutraal", "Mee eens", "Helemaal mee eens")
ITEMS = (
    "Ik ben trots op mijn werk bij de club",
    "Ik sta open voor veranderingen in mijn werk",
    "Ik heb behoefte aan duidelijke structuur en richting",
    "Ik wil mijn werk zelf kunnen indelen",
    "Ik werk graag samen met collega's van andere teams",
    "Ik lees het intranet dagelijks",
)
CHANNEL_Q = "Voorkeurskanaal interne communicatie"
LEARNING_Q = "Leerstijl"
WORKPLACE_Q = "Werkplek meestal"
DEVICES_Q = "Apparaten op het werk"
OPEN_DAY = "Beschrijf je werkdag in een paar zinnen"
OPEN_FRUSTRATION = "Wat frustreert je in je werk"
OPEN_HAPPY = "Waar word je blij van in je werk"
CHANNELS = ("leidinggevende", "teamoverleg", "intranet", "e-mail", "app")
LEARNING = ("door te doen", "e-learning", "klassikale training", "zelf lezen")
WORKPLACES = ("op locatie", "kantoor", "hybride", "thuis")
DEVICES = ("smartphone", "laptop", "vaste computer", "tablet")
DEPARTMENTS = ("Wegenwacht", "Klantenservice", "ICT", "Marketing", "HR", "Financiën", "Beleid")


@dataclass(frozen=True)
class Group:
    """One hidden group and what sets it apart (probabilities in the orders above)."""

    code: str
    name_nl: str
    name_en: str
    share: float
    age: tuple[float, float]
    service: float  # mean years in service (capped by age)
    hours: tuple[float, ...]  # chance of 24, 32, 36, 40 hours
    departments: tuple[float, ...]
    attitude: tuple[float, ...]  # mean agreement per ITEMS, -2..2
    channel: tuple[float, ...]
    learning: tuple[float, ...]
    workplace: tuple[float, ...]
    devices: tuple[float, ...]  # chance of ticking each device


GROUPS = (
    Group("structure", "Structuurzoekers", "Structure seekers", 0.32, (52, 7), 21,
          (0.1, 0.2, 0.3, 0.4), (0.45, 0.4, 0.02, 0.02, 0.04, 0.04, 0.03),
          (0.8, -1.2, 1.4, -0.8, -0.2, -0.6), (0.55, 0.3, 0.05, 0.08, 0.02),
          (0.7, 0.05, 0.2, 0.05), (0.7, 0.25, 0.05, 0.0), (0.9, 0.15, 0.5, 0.1)),
    Group("innovators", "Vernieuwers", "Innovators", 0.25, (29, 4), 3,
          (0.05, 0.15, 0.2, 0.6), (0.05, 0.1, 0.4, 0.3, 0.05, 0.05, 0.05),
          (0.6, 1.5, -0.6, 0.8, 0.6, 1.0), (0.05, 0.1, 0.25, 0.1, 0.5),
          (0.15, 0.6, 0.05, 0.2), (0.05, 0.25, 0.6, 0.1), (0.95, 0.95, 0.05, 0.4)),
    Group("connectors", "Verbinders", "Connectors", 0.23, (40, 8), 10,
          (0.15, 0.35, 0.3, 0.2), (0.1, 0.45, 0.05, 0.1, 0.2, 0.05, 0.05),
          (1.2, 0.4, 0.2, -0.2, 1.5, 0.0), (0.2, 0.6, 0.1, 0.05, 0.05),
          (0.2, 0.1, 0.65, 0.05), (0.1, 0.75, 0.15, 0.0), (0.6, 0.8, 0.4, 0.1)),
    Group("autonomous", "Zelfstandige professionals", "Autonomous professionals", 0.20,
          (46, 8), 12, (0.1, 0.3, 0.3, 0.3), (0.02, 0.03, 0.15, 0.1, 0.1, 0.3, 0.3),
          (0.2, 0.3, -1.0, 1.6, -0.4, -0.2), (0.05, 0.05, 0.2, 0.65, 0.05),
          (0.05, 0.2, 0.05, 0.7), (0.0, 0.15, 0.35, 0.5), (0.7, 1.0, 0.05, 0.3)),
)
ROLES = {"Wegenwacht": ("Monteur", "Senior monteur", "Teamleider"),
         "Klantenservice": ("Medewerker klantenservice", "Senior medewerker", "Teamleider")}
OFFICE_ROLES = ("Medewerker", "Adviseur", "Specialist", "Teamleider")

# Open answers per group, in the employees' own words; a few sentences each.
DAY = (
    ("Ik begin om half acht met de dagstart en weet dan precies welke ritten ik heb.",
     "Mijn dag loopt volgens een vast rooster, dat vind ik prettig.",
     "Eerst de planning doornemen, dan de klussen één voor één afwerken."),
    ("Geen dag is hetzelfde: ik schakel tussen projecten en probeer nieuwe tools uit.",
     "Ik start met een korte stand-up en werk daarna in sprints aan de app.",
     "Veel overleggen op Teams, daartussen bouw en test ik."),
    ("Mijn dag bestaat vooral uit gesprekken met collega's en leden.",
     "Ik help collega's waar het vastloopt en overleg veel met andere teams.",
     "Na het teamoverleg pak ik samen met anderen de vragen van de dag op."),
    ("Ik plan mijn eigen dag en werk vaak thuis aan analyses.",
     "Ik werk zelfstandig aan dossiers en stem af als het nodig is.",
     "Rustig thuis werken aan rapportages, met af en toe een overleg."),
)
FRUSTRATION = (
    ("Dat er steeds weer iets verandert zonder dat iemand uitlegt waarom.",
     "Nieuwe systemen die ingevoerd worden voordat ze werken.",
     "Onduidelijke instructies van bovenaf."),
    ("Trage besluitvorming en te veel lagen voordat iets mag.",
     "Verouderde systemen waar we nog steeds mee moeten werken.",
     "Dat goede ideeën blijven liggen."),
    ("Als teams langs elkaar heen werken.",
     "Dat ik informatie bij drie afdelingen moet ophalen.",
     "Te weinig tijd voor echt contact met collega's."),
    ("Vergaderingen die niets opleveren.",
     "Micromanagement en steeds verantwoording moeten afleggen.",
     "Te veel onderbrekingen als ik op kantoor ben."),
)
HAPPY = (
    ("Een dag waarop alles volgens plan loopt en ik leden goed heb geholpen.",
     "Collega's op wie ik kan bouwen en een leidinggevende die duidelijk is.",
     "Als ik mijn vakmanschap kan inzetten."),
    ("Iets nieuws bouwen en zien dat het werkt.",
     "Leren van nieuwe technieken en die meteen toepassen.",
     "Ruimte om te experimenteren."),
    ("Samen met het team een probleem oplossen.",
     "Een leuke lunch met collega's en waardering voor elkaar.",
     "Als ik iemand echt verder heb geholpen."),
    ("Vertrouwen krijgen en zelf mijn werk mogen indelen.",
     "Een analyse afronden waar het bestuur op beslist.",
     "Rust en ruimte om me te verdiepen."),
)


def _check(employees: int, seed: int) -> None:
    if not MIN_EMPLOYEES <= employees <= MAX_EMPLOYEES:
        raise InputError("sample.error.customers", value=employees, minimum=MIN_EMPLOYEES,
                         maximum=MAX_EMPLOYEES)
    if seed < 0:
        raise InputError("sample.error.seed", value=seed)


def employee_frame(rng: np.random.Generator, employees: int) -> pd.DataFrame:
    """The HR export with the hidden group of each employee (column ``_group``)."""
    group = rng.choice(len(GROUPS), size=employees, p=[g.share for g in GROUPS])
    age = np.array([rng.normal(*GROUPS[g].age) for g in group]).clip(19, 66).round()
    service = np.minimum(rng.exponential([GROUPS[g].service for g in group]).round(),
                         age - 18)
    hours = np.array([rng.choice((24, 32, 36, 40), p=GROUPS[g].hours) for g in group])
    department = np.array([DEPARTMENTS[rng.choice(len(DEPARTMENTS), p=GROUPS[g].departments)]
                           for g in group], dtype=object)
    department[rng.choice(employees, size=SMALL_TEAM_SIZE, replace=False)] = SMALL_TEAM
    roles = [str(rng.choice(ROLES.get(d, OFFICE_ROLES))) for d in department]
    from personakit.sample._people import first_names, surnames

    female = rng.random(employees) < 0.5
    first = first_names(rng, (2026 - age).astype(np.int64), female)
    tussen, last = surnames(rng, employees)
    return pd.DataFrame({
        "personeelsnummer": np.arange(20_001, 20_001 + employees),
        "voornaam": first,
        "achternaam": [f"{t} {n}".strip() for t, n in zip(tussen, last, strict=True)],
        "leeftijd": age.astype(int), "dienstjaren": service.astype(int),
        "uren_per_week": hours, "afdeling": department, "functie": roles, "_group": group,
    })


def _pick(rng: np.random.Generator, options: tuple[str, ...], p: tuple[float, ...]) -> str:
    return str(options[rng.choice(len(options), p=p)])


def _open(rnd: random.Random, bank: tuple[tuple[str, ...], ...], group: int) -> str:
    if rnd.random() < 0.15:
        return ""
    own = bank[group]
    first = rnd.choice(own)
    if rnd.random() < 0.4:
        return f"{first} {rnd.choice([s for s in own if s != first])}"
    return first


def survey_frame(rng: np.random.Generator, staff: pd.DataFrame) -> pd.DataFrame:
    """The employee survey of the ~85 % who answered."""
    rows = np.flatnonzero(rng.random(len(staff)) < RESPONSE)
    groups = staff["_group"].to_numpy()[rows]
    labels = np.array(LIKERT, dtype=object)
    frame = pd.DataFrame({"Personeelsnummer": staff["personeelsnummer"].to_numpy()[rows]})
    for j, item in enumerate(ITEMS):
        latent = rng.normal([GROUPS[g].attitude[j] for g in groups], 0.8)
        frame[item] = labels[np.clip(np.rint(latent), -2, 2).astype(int) + 2]
    frame[CHANNEL_Q] = [_pick(rng, CHANNELS, GROUPS[g].channel) for g in groups]
    frame[LEARNING_Q] = [_pick(rng, LEARNING, GROUPS[g].learning) for g in groups]
    frame[WORKPLACE_Q] = [_pick(rng, WORKPLACES, GROUPS[g].workplace) for g in groups]
    frame[DEVICES_Q] = [";".join(d for d, p in zip(DEVICES, GROUPS[g].devices, strict=True)
                                 if rng.random() < p) for g in groups]
    rnd = random.Random(int(rng.integers(2**62)))
    for column, bank in ((OPEN_DAY, DAY), (OPEN_FRUSTRATION, FRUSTRATION), (OPEN_HAPPY, HAPPY)):
        frame[column] = [_open(rnd, bank, int(g)) for g in groups]
    return frame


def _file(root: Path, relative: str, rows: int, source: str | None, key: str | None,
          fmt: tuple[str, str, str | None]) -> SampleFile:
    from personakit.sample._generate import _sha256

    return SampleFile(path=relative, source=source, key=key, customer_column=key, rows=rows,
                      encoding=fmt[0], delimiter=fmt[1], decimal=fmt[2], line_ending="CRLF",
                      sha256=_sha256(root / relative),
                      description=both(f"templates.sample.file.{Path(relative).stem}"))


def generate_employee_sample(out_dir: str | Path, *, employees: int = 600,
                             seed: int = 42) -> SampleManifest:
    """Write the employee sample (HR export, survey, hidden groups) to *out_dir*; the same
    *seed* and *employees* give byte-identical files."""
    _check(employees, seed)
    root = Path(out_dir)
    (root / "_truth").mkdir(parents=True, exist_ok=True)
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2)]
    staff = employee_frame(rngs[0], employees)
    staff.drop(columns="_group").to_csv(root / HR_FILE, sep=";", decimal=",", index=False,
                                        encoding="utf-8-sig", lineterminator="\r\n")
    survey = survey_frame(rngs[1], staff)
    survey.to_csv(root / SURVEY_FILE, sep=";", index=False, encoding="utf-8-sig",
                  lineterminator="\r\n")
    codes = np.array([g.code for g in GROUPS], dtype=object)
    truth = pd.DataFrame({"personeelsnummer": staff["personeelsnummer"],
                          "groep": codes[staff["_group"].to_numpy()]})
    truth.to_csv(root / "_truth" / "groups.csv", sep=";", index=False, encoding="utf-8",
                 lineterminator="\r\n")
    fmt = ("utf-8-sig", ";", ",")
    sizes = np.bincount(staff["_group"].to_numpy(), minlength=len(GROUPS))
    manifest = SampleManifest(
        organisation=ORGANISATION, seed=seed, customers=employees,
        generator_version=EMPLOYEE_GENERATOR_VERSION, reference_date="2026-03-01",
        files=[_file(root, HR_FILE, employees, "hr", "personeelsnummer", fmt),
               _file(root, SURVEY_FILE, len(survey), "medewerkeronderzoek", "Personeelsnummer",
                     fmt)],
        truth=[_file(root, "_truth/groups.csv", employees, None, "personeelsnummer",
                     ("utf-8", ";", None))],
        segments=[SampleSegment(code=g.code, name={"nl": g.name_nl, "en": g.name_en},
                                size=int(n)) for g, n in zip(GROUPS, sizes, strict=True)],
    )
    (root / "sample.json").write_text(
        json.dumps({**manifest.model_dump(mode="json"), "template": "employee"},
                   ensure_ascii=False, indent=2) + "\n", encoding="utf-8", newline="\n")
    return manifest
