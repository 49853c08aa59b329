"""The 2026 member survey, as a survey tool exports it (UTF-8 with BOM, ``,``, quoted text)."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pandas as pd

from personakit.sample import _phrases as ph
from personakit.sample import _segments as sg
from personakit.sample._people import bsns
from personakit.sample._text import PersonLookup, Planted, compose, plant

LIKERT = ("Helemaal mee oneens", "Mee oneens", "Neutraal", "Mee eens", "Helemaal mee eens")
ATTITUDE_ITEMS = (
    "Ik regel mijn zaken het liefst online via app of website",
    "Bij mijn lidmaatschap let ik vooral op de prijs",
    "Bij problemen wil ik een medewerker persoonlijk spreken",
    "Ik vind het belangrijk dat mobiliteit duurzamer wordt",
    "Ik reis graag met de auto naar het buitenland",
)
SATISFACTION = "Rapportcijfer tevredenheid (1-10)"
NPS = "Hoe waarschijnlijk is het dat u ons aanbeveelt (0-10)"
CHANNELS_QUESTION = "Via welke kanalen neemt u contact met ons op"
OPEN_IMPORTANT = "Wat vindt u het belangrijkst aan uw lidmaatschap"
OPEN_IMPROVE = "Wat kunnen wij verbeteren"
SURVEY_CHANNELS = ("app", "e-mail", "telefoon", "chat", "balie")
# Chance that a respondent of each segment ticks each channel (order of SURVEY_CHANNELS).
SURVEY_CHANNEL_P = np.array([
    [0.90, 0.45, 0.10, 0.55, 0.02],
    [0.45, 0.75, 0.40, 0.20, 0.05],
    [0.05, 0.35, 0.90, 0.03, 0.40],
    [0.50, 0.65, 0.50, 0.15, 0.05],
    [0.80, 0.25, 0.05, 0.75, 0.01],
])
PII_SHARE = 0.07  # of non-empty open answers (issue 4's privacy stage must catch them)
ITEM_SKIP = 0.03


def respondents(rng: np.random.Generator, segment: np.ndarray) -> np.ndarray:
    """Row numbers of the members who answered (about 10 %, seniors more often)."""
    return np.flatnonzero(rng.random(len(segment)) < sg.SURVEY_RESPONSE_P[segment])


def _likert(rng: np.random.Generator, seg: np.ndarray) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    labels = np.array(LIKERT, dtype=object)
    for j, item in enumerate(ATTITUDE_ITEMS):
        latent = rng.normal(sg.ATTITUDE_MEAN[seg, j], 0.8)
        level = np.clip(np.rint(latent), -2, 2).astype(int) + 2
        answer = labels[level]
        answer[rng.random(len(seg)) < ITEM_SKIP] = ""
        out[item] = answer
    return out


def _scores(rng: np.random.Generator, seg: np.ndarray, complaints: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
    happy = rng.normal(sg.SATISFACTION_MEAN[seg] - 0.4 * np.minimum(complaints, 3), 1.1)
    satisfaction = np.clip(np.rint(happy), 1, 10).astype(int)
    nps = np.clip(np.rint(happy + rng.normal(0.6, 1.0, size=len(seg))), 0, 10).astype(int)
    return satisfaction, nps


def _channels(rng: np.random.Generator, seg: np.ndarray) -> list[str]:
    ticked = rng.random((seg.shape[0], len(SURVEY_CHANNELS))) < SURVEY_CHANNEL_P[seg]
    return [";".join(c for c, t in zip(SURVEY_CHANNELS, row, strict=True) if t)
            for row in ticked]


def _open_answer(rnd: random.Random, bank: tuple[tuple[str, ...], ...], seg: int,
                 city: str) -> str:
    roll = rnd.random()
    if roll < 0.08:
        return ""
    if roll < 0.18:
        return rnd.choice(ph.SHORT_ANSWERS)
    others = [b for j, b in enumerate(bank) if j != seg]
    return compose(rnd, bank[seg], others, city)


def survey_frame(rng: np.random.Generator, members: pd.DataFrame, rows: np.ndarray,
                 people: PersonLookup
                 ) -> tuple[pd.DataFrame, list[tuple[str, str, str, Planted]]]:
    """Answers of the members at *rows*, and every personal-data item planted in them."""
    seg = members["segment"].to_numpy()[rows]
    n = len(rows)
    rnd = random.Random(int(rng.integers(2**62)))
    ids = [f"R{100_001 + i}" for i in range(n)]
    started = (np.datetime64("2026-01-12T08:00:00")
               + rng.integers(0, 14 * 86_400, size=n).astype("timedelta64[s]"))
    order = np.argsort(started, kind="stable")
    seg, started = seg[order], np.sort(started)
    rows = rows[order]
    satisfaction, nps = _scores(rng, seg, members["complaints"].to_numpy()[rows])
    frame = pd.DataFrame({
        "Respondent ID": ids,
        "Ingevuld op": np.datetime_as_string(started, unit="s"),
        "Klantnummer": members["klantnummer"].to_numpy()[rows],
        **_likert(rng, seg),
        SATISFACTION: satisfaction,
        NPS: nps,
        CHANNELS_QUESTION: _channels(rng, seg),
    })
    frame["Ingevuld op"] = frame["Ingevuld op"].str.replace("T", " ")
    planted: list[tuple[str, str, str, Planted]] = []
    bsn_pool = bsns(rng, max(8, n // 10))
    for column, bank in ((OPEN_IMPORTANT, ph.IMPORTANT), (OPEN_IMPROVE, ph.IMPROVE)):
        texts = []
        for i in range(n):
            text = _open_answer(rnd, bank, int(seg[i]), people.city(int(rows[i])))
            if text and rnd.random() < PII_SHARE:
                kind = rnd.choice(ph.PII_KINDS)
                text, item = plant(rnd, text, kind, people(int(rows[i])), rnd.choice(bsn_pool))
                planted.append(("enquete_2026.csv", ids[i], column, item))
            texts.append(text)
        frame[column] = texts
    return frame, planted


def unknown_respondents(rng: np.random.Generator, frame: pd.DataFrame, known_max: int,
                        share: float = 0.01) -> pd.DataFrame:
    """Give ~1 % of respondents a customer number the CRM does not know (typos, ex-members),
    so linking reports a realistic match rate below 100 %."""
    count = max(1, round(share * len(frame)))
    rows = np.sort(rng.choice(len(frame), size=count, replace=False))
    fresh = known_max + 1 + rng.choice(10 * len(frame) + 10, size=count, replace=False)
    frame.loc[rows, "Klantnummer"] = fresh
    return frame


def write_survey(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, sep=",", index=False, encoding="utf-8-sig", lineterminator="\r\n")
