"""Where to act: per persona the step where they drop off most against the other personas,
the barrier from their canvas that explains it, and what to do (seed 004 step 5, seed 002
step 7: "identify the quick wins first").

The rule, per persona and per step transition (previous step -> step):

* the persona's conversion against that of the sessions of all other personas together,
  as a difference of two proportions with Newcombe's 95 % interval (hybrid Wilson score,
  method 10 of Newcombe 1998: unlike the Wald interval it stays inside [-1, 1] and keeps its
  coverage near 0 and 1, where funnel steps live);
* only transitions where both groups have at least the minimum group size at the previous
  step, and whose whole interval lies below 0, count;
* of those, the one with the lowest difference is the persona's action point; sessions
  lost = sessions at the previous step x the difference.

Action points are ranked by sessions lost (then customers): the quick wins first.
"""

from __future__ import annotations

import math
from typing import Any

from personakit.i18n import LANGUAGES, format_percent, t
from personakit.journey._model import (
    EVERYONE,
    UNASSIGNED,
    ActionPoint,
    FunnelReport,
    Journey,
    PersonaFunnel,
    StepStat,
)
from personakit.model import Evidence, Persona, Statement
from personakit.persona._semantics import boolean_level, concept_of, zero_level
from personakit.segment._stats import wilson
from personakit.workspace import Workspace

Z95 = 1.959963984540054  # two-sided 95 %

# What a step is, from its touchpoint id, analytics step and labels (Dutch and English word
# stems; the first kind with a match wins, so "bestelling bevestigd" is a confirmation).
# A stem starting with "_" must start a word ("_form" is not in "information"); the others
# may sit inside a Dutch compound ("contactformulier", "online betalen").
STEP_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("confirmation", ("bevestig", "_confirm", "bedankt", "_thank", "_success", "voltooid",
                      "_complete", "afgerond", "gelukt")),
    ("checkout", ("afreken", "_checkout", "_check_out", "betaal", "betal", "_payment", "_pay",
                  "kassa", "_cart", "winkelmand", "winkelwagen", "bestel", "_order", "_ideal",
                  "_purchase", "aankoop")),
    ("form", ("formulier", "_form", "aanvraag", "_apply", "_application", "offerte", "_quote",
              "aanmeld", "_regist", "_signup", "_sign_up", "inschrijv", "gegevens",
              "_details", "_account", "login", "inlog", "machtig", "_upload")),
    ("information", ("home", "product", "info", "landing", "_zoek", "_search", "vergelijk",
                     "_compar", "_faq", "artikel", "_article", "pagina", "_page",
                     "overzicht", "_catalog", "_categor", "prijzen", "_pricing", "tarie",
                     "nieuws", "_news", "_blog", "dienst", "_service")),
)

# Which barrier themes explain a drop-off at which kind of step, most telling first:
# checkout, payment and form steps ask digital skill and money; information steps must meet
# expectations (seed 004: "Checkout-flow versimpelen voor laag-digitale gebruikers").
EXPLAINS: dict[str, tuple[str, ...]] = {
    "checkout": ("digital", "price", "fear", "complaint"),
    "form": ("digital", "fear", "price", "complaint"),
    "information": ("expectation", "complaint", "digital", "price"),
    "confirmation": ("expectation", "complaint", "fear"),
    "other": ("digital", "price", "fear", "complaint", "expectation"),
}
# The persona._semantics concept of a statement -> the barrier theme it speaks to.
THEMES = {"digital": "digital", "skill": "digital", "price": "price", "fear": "fear",
          "complaint": "complaint", "satisfaction": "complaint", "expectation": "expectation"}
OBSTACLE_SECTIONS = ("barriers", "frustrations", "fears")
SECTION_THEME = {"fears": "fear", "frustrations": "complaint"}


# -- statistics ----------------------------------------------------------------------------

def difference_interval(x1: int, n1: int, x2: int, n2: int,
                        z: float = Z95) -> tuple[float, float, float]:
    """``p1 - p2`` with Newcombe's hybrid score interval: (difference, low, high)."""
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1, z)
    l2, u2 = wilson(x2, n2, z)
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return d, max(-1.0, low), min(1.0, high)


# -- what a step is, what explains a drop-off ----------------------------------------------

def step_kind(*names: str | None) -> str:
    """``checkout``, ``form``, ``information``, ``confirmation`` or ``other`` from the
    touchpoint's id, step and labels."""
    text = "_" + "_".join(n.lower().replace(" ", "_").replace("-", "_") for n in names if n)
    for kind, stems in STEP_KINDS:
        if any(stem in text for stem in stems):
            return kind
    return "other"


def _direction(evidence: Evidence) -> int:
    """+1 when the persona has more of the variable (or says yes more), -1 when less."""
    if evidence.effect is None or evidence.effect == 0:
        return 0
    sign = 1 if evidence.effect > 0 else -1
    boolean = boolean_level(evidence.level, evidence.variable or "")
    negative = boolean is False or (boolean is None and zero_level(evidence.level))
    return -sign if negative else sign


def statement_theme(statement: Statement) -> str | None:
    """The barrier theme a canvas statement speaks to, or ``None`` if it is no obstacle.

    Barriers, frustrations and fears are obstacles. Elsewhere on the canvas, doing less
    online (or having less of a skill) is one wherever the statement sits (a survey item
    may be mapped to channels), and so is caring more about price than others (drivers,
    buying); expectations are what an information step must meet.
    """
    evidence = next((e for e in statement.evidence if e.variable), None)
    concept = concept_of(evidence.variable or "", evidence.level).name if evidence else "generic"
    if concept == "generic" or (evidence is not None and evidence.kind == "quote"):
        concept = concept_of(" ".join(statement.text.values())).name
    theme = THEMES.get(concept)
    direction = _direction(evidence) if evidence is not None else 0
    if statement.section in OBSTACLE_SECTIONS:
        return theme or SECTION_THEME.get(statement.section, "generic")
    if theme == "digital" and direction < 0:
        return theme
    if theme == "price" and direction > 0 and statement.section in ("drivers", "buying"):
        return theme
    if statement.section == "expectations":
        return "expectation"
    return None


def _strength(statement: Statement) -> float:
    return max((abs(e.effect) for e in statement.evidence if e.effect is not None), default=0.0)


def explaining_statement(persona: Persona, kind: str,
                         source: str | None = None) -> tuple[Statement | None, str]:
    """The canvas statement that best explains a drop-off at a step of *kind*, and its
    theme (``none`` when the canvas has no barrier of a fitting theme). Statements about
    the analytics *source* itself (``web__stap__afrekenen``: fewer checkouts) restate the
    drop-off rather than explain it, so they are left out."""
    order = EXPLAINS[kind]
    scored = []
    for position, statement in enumerate(persona.statements):
        if source and any((e.variable or "").startswith(f"{source}__")
                          for e in statement.evidence):
            continue
        theme = statement_theme(statement)
        if theme in order:
            # A measured difference explains before one customer's words (a quote has no
            # size); then the theme that fits the step best, then the strongest.
            measured = _strength(statement) > 0
            scored.append((not measured, order.index(theme), -_strength(statement), position,
                           statement, theme))
    if not scored:
        return None, "none"
    best = min(scored, key=lambda s: s[:4])
    return best[4], best[5]


# -- where to act --------------------------------------------------------------------------

def _personas(report: FunnelReport) -> list[PersonaFunnel]:
    return [p for p in report.personas if p.persona_id not in (EVERYONE, UNASSIGNED)]


def _reached(funnel: PersonaFunnel) -> dict[str, int]:
    return {s.touchpoint: s.reached for s in funnel.steps}


def _label(journey: Journey | None, step: StepStat, lang: str) -> str:
    if journey is not None:
        found = next((tp for tp in journey.touchpoints if tp.id == step.touchpoint), None)
        if found is not None and found.label:
            return found.label.get(lang) or next(iter(found.label.values()))
    return step.step or step.touchpoint


def _kind(journey: Journey | None, step: StepStat) -> str:
    labels: list[str] = []
    if journey is not None:
        found = next((tp for tp in journey.touchpoints if tp.id == step.touchpoint), None)
        if found is not None:
            labels = [found.label.get("en", ""), found.label.get("nl", "")]
    return step_kind(step.touchpoint, step.step, *labels)


def _gaps(funnel: PersonaFunnel, others: list[PersonaFunnel],
          minimum: int) -> list[dict[str, Any]]:
    """Every significant negative gap of *funnel* against *others* together."""
    rest = [_reached(o) for o in others]
    found = []
    for before, after in zip(funnel.steps, funnel.steps[1:], strict=False):
        n1, x1 = before.reached, after.reached
        n2 = sum(r.get(before.touchpoint, 0) for r in rest)
        x2 = sum(r.get(after.touchpoint, 0) for r in rest)
        if n1 < minimum or n2 < minimum or x1 > n1 or x2 > n2:
            continue
        gap, low, high = difference_interval(x1, n1, x2, n2)
        if high < 0:
            found.append({"before": before, "after": after, "n": n1, "x": x1, "n_rest": n2,
                          "x_rest": x2, "gap": gap, "low": low, "high": high})
    return found


def where_to_act(ws: Workspace, report: FunnelReport,
                 journey: Journey | None = None) -> list[ActionPoint]:
    """Per persona with a significant drop-off against the others: where, why and what to
    do; ranked by sessions lost, then customers (quick wins first). Personas without a
    significant gap get no action point: nothing is invented."""
    from personakit.track import current_personas

    if journey is None:
        from personakit.journey._define import known_journey

        journey = known_journey(ws, report.journey)
    personas = {p.id: p for p in current_personas(ws)}
    minimum = max(report.min_group_size, ws.config.workspace.min_group_size)
    funnels = _personas(report)
    points = []
    for funnel in funnels:
        others = [f for f in funnels if f.persona_id != funnel.persona_id]
        gaps = _gaps(funnel, others, minimum)
        if gaps:
            worst = min(gaps, key=lambda g: (g["gap"], g["after"].touchpoint))
            points.append(_action_point(funnel, personas.get(funnel.persona_id), worst,
                                        report, journey))
    ranked = sorted(points, key=lambda a: (-a.sessions_lost, -a.customers, a.persona_id))
    return [a.model_copy(update={"rank": i}) for i, a in enumerate(ranked, start=1)]


def _action_point(funnel: PersonaFunnel, persona: Persona | None, gap: dict[str, Any],
                  report: FunnelReport, journey: Journey | None) -> ActionPoint:
    before: StepStat = gap["before"]
    after: StepStat = gap["after"]
    lost = round(gap["n"] * -gap["gap"])
    customers = round(lost * funnel.customers / funnel.sessions) if funnel.sessions else 0
    kind = _kind(journey, after)
    statement, theme = explaining_statement(persona, kind, report.source) if persona \
        else (None, "none")
    name = persona.name if persona else (funnel.name or funnel.persona_id)
    first = name.split(" ")[0]
    key = "journey.act.action.none" if theme in ("none", "generic") else \
        f"journey.act.action.{kind}.{theme}"
    action = {lang: t(key, lang, name=first, step=_label(journey, after, lang))
              for lang in LANGUAGES}
    evidence = [gap_evidence(gap, report, journey)]
    if statement is not None:
        evidence += statement.evidence[:1]
    return ActionPoint(
        persona_id=funnel.persona_id, name=name, from_touchpoint=before.touchpoint,
        to_touchpoint=after.touchpoint, conversion=gap["x"] / gap["n"],
        others=gap["x_rest"] / gap["n_rest"], gap=gap["gap"], gap_low=gap["low"],
        gap_high=gap["high"], sessions_lost=lost, customers=customers,
        barrier=dict(statement.text) if statement else {},
        barrier_statement=statement.id if statement else None,
        action=action, evidence=evidence)


def gap_evidence(gap: dict[str, Any], report: FunnelReport,
                 journey: Journey | None) -> Evidence:
    """The funnel figure behind an action point, as canvas evidence: the persona's and the
    others' conversion, the difference with its 95 % interval, and n at the previous step."""
    before: StepStat = gap["before"]
    after: StepStat = gap["after"]
    label = {lang: t("journey.act.evidence_label", lang,
                     before=_label(journey, before, lang), after=_label(journey, after, lang),
                     persona=format_percent(gap["x"] / gap["n"], lang),
                     others=format_percent(gap["x_rest"] / gap["n_rest"], lang))
             for lang in LANGUAGES}
    return Evidence(kind="statistic", variable=after.step, profile_value=gap["x"] / gap["n"],
                    rest_value=gap["x_rest"] / gap["n_rest"], effect=gap["gap"],
                    ci_low=gap["low"], ci_high=gap["high"], n=gap["n"], source=report.source,
                    label=label)
