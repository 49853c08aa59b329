"""A realistic journey for the journey-map tests: five personas of a club's web funnel
(home → product page → quote → checkout → confirmation), their funnel figures with Wilson
intervals, touchpoint entries (some backed by evidence, some assumptions) and where to act.

The figures follow the sample organisation's funnel (``personakit.sample._segments``), so
the drop-off a reader sees is the one the demo shows.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from personakit.journey import (
    EVERYONE,
    ActionPoint,
    FunnelReport,
    Journey,
    PersonaFunnel,
    PersonaTouchpoint,
    SessionAssignment,
    Share,
    Stage,
    StepStat,
    Touchpoint,
)
from personakit.model import Evidence

__all__ = ["NAMES", "PERSONAS", "actions", "funnel", "journey", "wilson"]

# id, name, sessions, conversion into step 2..5 (as the sample's FUNNEL_NEXT)
PERSONAS: list[tuple[str, str, int, tuple[float, float, float, float]]] = [
    ("default-0", "Sanne Jansen", 2600, (0.80, 0.60, 0.70, 0.85)),
    ("default-1", "Ruud Bakker", 1800, (0.70, 0.65, 0.60, 0.80)),
    ("default-2", "Ingrid Smit", 420, (0.45, 0.35, 0.40, 0.60)),
    ("default-3", "Mo El Amrani", 1500, (0.75, 0.70, 0.65, 0.85)),
    ("default-4", "Lotte Visser", 1100, (0.60, 0.40, 0.35, 0.70)),
]
NAMES = {pid: name for pid, name, _, _ in PERSONAS}
STEPS = ("home", "product", "offerte", "afrekenen", "bevestiging")
ENTRY = {
    "default-0": (0.35, 0.30, 0.15, 0.10, 0.10),
    "default-1": (0.20, 0.30, 0.15, 0.20, 0.15),
    "default-2": (0.05, 0.20, 0.40, 0.30, 0.05),
    "default-3": (0.20, 0.40, 0.15, 0.10, 0.15),
    "default-4": (0.45, 0.25, 0.10, 0.05, 0.15),
}
SOURCES = ("advertentie", "organisch", "direct", "nieuwsbrief", "verwijzing")
DEVICE = {
    "default-0": (0.80, 0.15, 0.05), "default-1": (0.45, 0.40, 0.15),
    "default-2": (0.15, 0.45, 0.40), "default-3": (0.40, 0.50, 0.10),
    "default-4": (0.88, 0.10, 0.02),
}


def wilson(k: int, n: int) -> tuple[float, float]:
    """95 % Wilson interval of k out of n."""
    if n == 0:
        return 0.0, 1.0
    z, p = 1.96, k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def journey(*, offline: bool = False) -> Journey:
    """The club's journey; *offline* adds a welcome letter the analytics do not see."""
    stages = [Stage(id="orientation", label={"nl": "Oriëntatie", "en": "Orientation"}),
              Stage(id="choice", label={"nl": "Keuze", "en": "Choice"}),
              Stage(id="purchase", label={"nl": "Aankoop", "en": "Purchase"})]
    touchpoints = [
        Touchpoint(id="home", stage="orientation", step="home",
                   label={"nl": "Homepage", "en": "Home page"}),
        Touchpoint(id="product", stage="orientation", step="product",
                   label={"nl": "Productpagina", "en": "Product page"}),
        Touchpoint(id="offerte", stage="choice", step="offerte",
                   label={"nl": "Offerte berekenen", "en": "Calculate a quote"}),
        Touchpoint(id="afrekenen", stage="purchase", step="afrekenen",
                   label={"nl": "Afrekenen", "en": "Checkout"}),
        Touchpoint(id="bevestiging", stage="purchase", step="bevestiging",
                   label={"nl": "Bevestiging", "en": "Confirmation"}),
    ]
    if offline:
        stages.append(Stage(id="use", label={"nl": "Gebruik", "en": "Use"}))
        touchpoints.append(Touchpoint(id="welkom", stage="use", channel="letter",
                                      label={"nl": "Welkomstbrief", "en": "Welcome letter"}))
    return Journey(name="default", label={"nl": "Lid worden", "en": "Becoming a member"},
                   stages=stages, touchpoints=touchpoints, personas=_entries(), source="web",
                   revision=3, author="analist",
                   created_at=datetime(2026, 1, 12, 9, 30, tzinfo=UTC))


def _statistic(variable: str, label_nl: str, label_en: str, profile: float,
               rest: float, n: int) -> Evidence:
    return Evidence(kind="statistic", variable=variable, level="ja", profile_value=profile,
                    rest_value=rest, effect=0.62, lift=profile / rest, ci_low=profile - 0.04,
                    ci_high=profile + 0.04, q_value=2.7e-12, n=n,
                    label={"nl": label_nl, "en": label_en})


def _entries() -> dict[str, dict[str, PersonaTouchpoint]]:
    phone = _statistic("belt_liever", "Belt liever", "Prefers to call", 0.58, 0.21, 420)
    return {
        "default-2": {
            "offerte": PersonaTouchpoint(
                expectation={"nl": "Eerst iemand spreken voordat ze iets invult",
                             "en": "To talk to someone before filling anything in"},
                barrier={"nl": "Lang formulier met vakjargon",
                         "en": "Long form full of jargon"},
                message={"nl": "We rekenen het graag samen met u uit",
                         "en": "We are happy to work it out with you"},
                cta={"nl": "Bel mij terug", "en": "Call me back"},
                tone={"nl": "Rustig, u-vorm, geen jargon",
                      "en": "Calm, formal, no jargon"},
                evidence=[phone], statements=["stat:belt_liever=ja"]),
            "product": PersonaTouchpoint(
                expectation={"nl": "Duidelijk wat er wel en niet gedekt is",
                             "en": "Clear cover: what is in and what is not"},
                barrier={"nl": "Kleine letters en lange pagina's",
                         "en": "Small print and long pages"},
                assumption=True, author="redacteur"),
        },
        "default-4": {
            "afrekenen": PersonaTouchpoint(
                expectation={"nl": "Afrekenen met iDEAL op de telefoon, zonder account",
                             "en": "Pay by iDEAL on the phone, without an account"},
                barrier={"nl": "Verplicht een account aanmaken voor het afrekenen",
                         "en": "Having to create an account before paying"},
                message={"nl": "In twee stappen lid, account kan later",
                         "en": "Join in two steps, the account can wait"},
                cta={"nl": "Direct lid worden", "en": "Join now"},
                tone={"nl": "Kort en luchtig, je-vorm", "en": "Short and light, informal"},
                assumption=True, author="redacteur"),
        },
        "default-1": {
            "offerte": PersonaTouchpoint(
                expectation={"nl": "Gezinskorting meteen in de prijs",
                             "en": "The family discount shown in the price"},
                barrier={"nl": "Korting pas zichtbaar na het afrekenen",
                         "en": "Discount only shown after checkout"},
                evidence=[_statistic("gezinslid", "Gezinslidmaatschap", "Family membership",
                                     0.64, 0.18, 1800)]),
        },
    }


def _steps(sessions: int, rates: tuple[float, ...]) -> list[StepStat]:
    stats, reached, previous, seconds = [], sessions, sessions, (0.0, 48.0, 95.0, 130.0, 40.0)
    for i, step in enumerate(STEPS):
        if i:
            reached = round(previous * rates[i - 1])
        stat = StepStat(touchpoint=step, step=step, reached=reached,
                        share_of_start=reached / sessions)
        if i:
            low, high = wilson(reached, previous)
            stat.conversion = reached / previous
            stat.conversion_low, stat.conversion_high = low, high
            stat.drop_off = 1 - stat.conversion
            stat.median_seconds = seconds[i]
        stats.append(stat)
        previous = reached
    return stats


def _mix(shares: tuple[float, ...], keys: tuple[str, ...], n: int) -> dict[str, Share]:
    out = {}
    for key, share in zip(keys, shares, strict=True):
        k = round(share * n)
        low, high = wilson(k, n)
        out[key] = Share(n=k, share=share, low=low, high=high)
    return out


def _everyone(funnels: list[PersonaFunnel]) -> PersonaFunnel:
    total = sum(f.sessions for f in funnels)
    steps = []
    for i, step in enumerate(STEPS):
        reached = sum(f.steps[i].reached for f in funnels)
        stat = StepStat(touchpoint=step, step=step, reached=reached,
                        share_of_start=reached / total)
        if i:
            before = sum(f.steps[i - 1].reached for f in funnels)
            stat.conversion = reached / before
            stat.drop_off = 1 - stat.conversion
        steps.append(stat)
    return PersonaFunnel(persona_id=EVERYONE, name="", sessions=total, steps=steps)


def funnel() -> FunnelReport:
    funnels = [PersonaFunnel(persona_id=pid, name=name, sessions=sessions,
                             customers=sessions * 2 // 3, anonymous_sessions=sessions // 12,
                             entry=_mix(ENTRY[pid], SOURCES, sessions),
                             device=_mix(DEVICE[pid], ("mobiel", "desktop", "tablet"), sessions),
                             steps=_steps(sessions, rates))
               for pid, name, sessions, rates in PERSONAS]
    total = sum(f.sessions for f in funnels)
    return FunnelReport(
        journey="default", source="web", snapshot="9f3c2a1b7d4e", build_id=2,
        start=datetime(2025, 11, 2, tzinfo=UTC),
        end=datetime(2026, 1, 31, tzinfo=UTC), events=31_442, sessions=total + 210,
        assignment=SessionAssignment(by_key=6200, by_visitor=600, by_behaviour=620,
                                     unassigned=210, holdout_accuracy=0.81),
        personas=[_everyone(funnels), *funnels], min_group_size=10, seconds=0.4)


ACTIONS = {
    "default-2": ({"nl": "Regelt zaken liever telefonisch dan online",
                   "en": "Would rather arrange things by phone than online"},
                  {"nl": "Terugbelknop en telefoonnummer op de homepage voor laag-digitale "
                         "leden",
                   "en": "A call-back button and the phone number on the home page for "
                         "members who are less at home online"}),
    "default-4": ({"nl": "Verplicht een account aanmaken voor het afrekenen",
                   "en": "Having to create an account before paying"},
                  {"nl": "Afrekenen zonder account mogelijk maken, met iDEAL op mobiel",
                   "en": "Allow checkout without an account, with iDEAL on mobile"}),
    "default-1": ({"nl": "Korting pas zichtbaar na het afrekenen",
                   "en": "Discount only shown after checkout"},
                  {"nl": "Gezinskorting tonen in de offerte",
                   "en": "Show the family discount in the quote"}),
}


def actions(report: FunnelReport | None = None) -> list[ActionPoint]:
    """Per persona the step with the largest gap against the others (none for Sanne and Mo,
    who convert as well as the others or better), ranked by the sessions it would win back."""
    report = report or funnel()
    people = [f for f in report.personas if f.persona_id != EVERYONE]
    found = []
    for persona in people:
        best: tuple[float, int] | None = None
        for i in range(1, len(STEPS)):
            mine = persona.steps[i].conversion or 0.0
            reached = sum(f.steps[i].reached for f in people if f is not persona)
            before = sum(f.steps[i - 1].reached for f in people if f is not persona)
            gap = mine - reached / before
            if best is None or gap < best[0]:
                best = (gap, i)
        if best is None or best[0] >= 0 or persona.persona_id not in ACTIONS:
            continue
        gap, i = best
        n_mine = persona.steps[i - 1].reached
        before = sum(f.steps[i - 1].reached for f in people if f is not persona)
        others = gap * -1 + (persona.steps[i].conversion or 0.0)
        se = math.sqrt(others * (1 - others) / before + (others + gap) * (1 - others - gap)
                       / n_mine)
        barrier, action = ACTIONS[persona.persona_id]
        found.append(ActionPoint(
            persona_id=persona.persona_id, name=persona.name,
            from_touchpoint=STEPS[i - 1], to_touchpoint=STEPS[i],
            conversion=persona.steps[i].conversion or 0.0, others=others, gap=gap,
            gap_low=gap - 1.96 * se, gap_high=gap + 1.96 * se,
            sessions_lost=round(-gap * n_mine), customers=round(-gap * n_mine * 0.6),
            barrier=barrier, barrier_statement="stat:belt_liever=ja" if barrier else None,
            action=action,
            evidence=[_statistic("belt_liever", "Belt liever", "Prefers to call", 0.58, 0.21,
                                 420)] if persona.persona_id == "default-2" else []))
    found.sort(key=lambda a: -a.sessions_lost)
    return [a.model_copy(update={"rank": i}) for i, a in enumerate(found, start=1)]
