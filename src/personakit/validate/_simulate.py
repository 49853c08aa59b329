"""Generated answers for a round (the demo and the benchmark), through the real link path."""

from __future__ import annotations

from typing import Any

import numpy as np

from personakit.validate._questions import QUESTIONS, Question
from personakit.validate._rounds import ROLES, get_round, make_links, submit_answers
from personakit.workspace import Workspace

# Comments as staff and customers write them (sample content, not interface text).
COMMENTS: dict[str, dict[str, tuple[str, ...]]] = {
    "missing": {
        "nl": ("Ik mis hoe ze over de prijs denken.", "De rol van de app ontbreekt.",
               "Wat ze van de prijs vinden ontbreekt nog.", "Gezinssituatie ontbreekt."),
        "en": ("I miss how they feel about the price.", "The role of the app is missing.",
               "Family situation is missing.", "What they think of the price is missing."),
    },
    "reach": {
        "nl": ("Via de app, met een korte melding.", "Telefonisch, ze willen een mens spreken.",
               "Via de nieuwsbrief en de app.", "In de winkel."),
        "en": ("Through the app, with a short notification.", "By phone, they want a person.",
               "Through the newsletter and the app.", "In the shop."),
    },
    "do_differently": {
        "nl": ("Sneller terugbellen bij pech.", "De app eenvoudiger maken.",
               "Minder papieren post, meer via de app.", "Duidelijker over de prijs zijn."),
        "en": ("Call back faster after a breakdown.", "Make the app simpler.",
               "Less paper mail, more through the app.", "Be clearer about the price."),
    },
}


def _value(rng: np.random.Generator, q: Question, level: float, lang: str) -> Any:
    if q.kind == "scale":
        centre = 1 + (q.points - 1) * level
        return int(np.clip(np.rint(rng.normal(centre, q.points / 6)), 1, q.points))
    if q.kind == "choice":
        return str(rng.choice(q.options, p=[0.6, 0.25, 0.15]))
    if rng.random() < 0.5:
        return None
    return str(rng.choice(COMMENTS[q.id][lang]))


def simulated_answers(rng: np.random.Generator, persona_ids: list[str],
                      levels: dict[str, float], lang: str) -> dict[str, dict[str, Any]]:
    """One respondent's answers: every persona, every question (open ones half the time)."""
    out: dict[str, dict[str, Any]] = {}
    for pid in persona_ids:
        values = {q.id: _value(rng, q, levels[pid], lang) for q in QUESTIONS}
        out[pid] = {k: v for k, v in values.items() if v is not None}
    return out


def simulate_round(ws: Workspace, round_id: str, respondents: int = 40, *, seed: int = 42,
                   actor: str = "cli") -> int:
    """Make one link per respondent and answer through it; returns the submissions made.

    Each persona gets its own true level (how well it is recognised), so the results differ
    between personas as a real round would.
    """
    found = get_round(ws, round_id)
    rng = np.random.default_rng(seed)
    ids = [p.id for p in found.personas]
    levels = {pid: float(np.clip(rng.normal(0.65, 0.12), 0.2, 0.95)) for pid in ids}
    made = 0
    for role in ROLES:
        count = respondents // len(ROLES) + (1 if ROLES.index(role) < respondents % 3 else 0)
        if count == 0:
            continue
        for link in make_links(ws, round_id, count, role=role, actor=actor):
            lang = "nl" if rng.random() < 0.7 else "en"
            submit_answers(ws, link.token, simulated_answers(rng, ids, levels, lang), lang=lang)
            made += 1
    return made
