"""Constructed personas, journeys and funnels for the journey tests (no analytics needed).

Three personas of a club's web shop: Ingrid, who does little online (a digital barrier),
Ruud, who watches the price, and Mo, with nothing in the way. The funnel goes home →
product → quote → checkout → confirmation.
"""

from __future__ import annotations

from personakit.journey import (
    EVERYONE,
    UNASSIGNED,
    FunnelReport,
    Journey,
    PersonaFunnel,
    Share,
    Stage,
    StepStat,
    Touchpoint,
)
from personakit.model import Evidence, Persona, Statement
from personakit.track import record_build
from personakit.workspace import Workspace

__all__ = ["STEPS", "club_personas", "funnel", "journey", "persona", "record_personas", "report",
           "statement"]

STEPS = ("home", "product", "offerte", "afrekenen", "bevestiging")
LABELS = {"home": ("startpagina", "home page"), "product": ("productpagina", "product page"),
          "offerte": ("offerte", "quote"), "afrekenen": ("afrekenen", "checkout"),
          "bevestiging": ("bevestiging", "confirmation")}


def statement(sid: str, section: str, en: str, nl: str, *, variable: str | None = None,
              level: str | None = None, effect: float | None = None,
              kind: str = "statistic") -> Statement:
    evidence = [Evidence(kind=kind, variable=variable, level=level, effect=effect, n=120,
                         profile_value=0.2, rest_value=0.5)] if variable else []
    return Statement(id=sid, section=section, text={"en": en, "nl": nl}, evidence=evidence,
                     assumption=not evidence)


def persona(pid: str, name: str, statements: list[Statement], *, tone: str = "Calm",
            channels: str = "By phone") -> Persona:
    approach = {"en": {"channels": channels, "tone": tone, "barriers": "none found"},
                "nl": {"channels": f"{channels} (nl)", "tone": f"{tone} (nl)",
                       "barriers": "geen gevonden"}}
    return Persona(id=pid, profile_id=f"seg-{pid}", segmentation_id="seg", name=name, size=300,
                   share=0.3, statements=statements, approach=approach["en"],
                   extra={"approach": approach})


def club_personas() -> list[Persona]:
    ingrid = persona("p-ingrid", "Ingrid Smit", [
        statement("s-app", "barriers", "Uses the app less than others.",
                  "Gebruikt de app minder dan anderen.", variable="app_gebruik", effect=-0.8),
        statement("s-verw", "expectations", "Expects a person to explain the options.",
                  "Verwacht dat iemand de mogelijkheden uitlegt.",
                  variable="Wat verwacht u van ons", kind="quote"),
        statement("s-bel", "channels", "Calls more often than others.",
                  "Belt vaker dan anderen.", variable="aantal_contacten", effect=0.9),
    ], tone="Patient and personal", channels="By phone or in person")
    ruud = persona("p-ruud", "Ruud Bakker", [
        statement("s-prijs", "drivers", "Looks at the price first.", "Let eerst op de prijs.",
                  variable="let_op_prijs", effect=1.2),
        statement("s-age", "demographics", "Is 45 on average.", "Is gemiddeld 45.",
                  variable="leeftijd", effect=0.1),
    ])
    mo = persona("p-mo", "Mo El Amrani", [
        statement("s-web", "skills", "Arranges everything online.", "Regelt alles online.",
                  variable="website_bezoeken", effect=1.1),
    ], tone="Short and direct", channels="Online")
    return [ingrid, ruud, mo]


def record_personas(ws: Workspace, personas: list[Persona] | None = None) -> list[Persona]:
    chosen = personas if personas is not None else club_personas()
    version = record_build(ws, chosen, segmentation_id="seg", inputs={}, settings={}, seed=1,
                           author="test")
    return version.personas


def journey(name: str = "web") -> Journey:
    return Journey(
        name=name, label={"en": "Joining online", "nl": "Online lid worden"}, source="web",
        stages=[Stage(id="orientation", label={"en": "Orientation", "nl": "Oriëntatie"}),
                Stage(id="purchase", label={"en": "Purchase", "nl": "Aankoop"})],
        touchpoints=[Touchpoint(id=s, stage="orientation" if i < 2 else "purchase",
                                label={"nl": LABELS[s][0], "en": LABELS[s][1]}, step=s)
                     for i, s in enumerate(STEPS)])


def funnel(pid: str, name: str, reached: list[int], *,
           entry: dict[str, int] | None = None) -> PersonaFunnel:
    steps = [StepStat(touchpoint=s, step=s, reached=r) for s, r in zip(STEPS, reached,
                                                                      strict=True)]
    shares = {k: Share(n=v, share=v / reached[0], low=None, high=None)
              for k, v in (entry or {}).items()}
    return PersonaFunnel(persona_id=pid, name=name, sessions=reached[0],
                         customers=reached[0] // 2, steps=steps, entry=shares)


def report(funnels: list[PersonaFunnel], *, minimum: int = 10) -> FunnelReport:
    everyone = [sum(f.steps[i].reached for f in funnels) for i in range(len(STEPS))]
    return FunnelReport(journey="web", source="web", snapshot="snap", build_id=1,
                        personas=[funnel(EVERYONE, "", everyone), *funnels,
                                  funnel(UNASSIGNED, "", [2000, 1990, 1980, 1970, 1960])],
                        min_group_size=minimum)
