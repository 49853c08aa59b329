"""Draft what each persona meets at the journey's touchpoints, from the evidence.

Where the journey has no entry for a persona at a touchpoint, :func:`fill_journey` drafts
one at two places: the **entry** touchpoint (the first step of the persona's funnel: what
they expect when they arrive, how they come in, the tone and channel that fit) and the
**action point** (the barrier from :func:`~personakit.journey.where_to_act`, the message and
call to action that take it away). Every drafted text carries its evidence (funnel figures
with n and interval, ids of the canvas statements it came from); a draft without evidence
is marked as an assumption. An entry a person wrote is never touched; an earlier draft is
drafted again.
"""

from __future__ import annotations

from personakit.i18n import LANGUAGES, format_percent, t
from personakit.journey._act import THEMES, explaining_statement, statement_theme, step_kind
from personakit.journey._model import (
    ActionPoint,
    FunnelReport,
    Journey,
    PersonaFunnel,
    PersonaTouchpoint,
    Touchpoint,
)
from personakit.model import Evidence, Persona, Statement
from personakit.workspace import Workspace

Texts = dict[str, str]
APPROACH_SECTIONS = ("channels", "tone")  # canvas sections the approach is drawn from


def approach_texts(persona: Persona) -> dict[str, dict[str, str]]:
    """The persona's approach (channels, tone, barriers) per language; an edited approach
    (``extra["approach"]``) first, the build language's as a fallback."""
    bilingual = persona.extra.get("approach")
    result: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        chosen = bilingual.get(lang) if isinstance(bilingual, dict) else None
        result[lang] = dict(chosen if isinstance(chosen, dict) else persona.approach)
    return result


def _field(approach: dict[str, dict[str, str]], key: str) -> Texts:
    return {lang: text for lang in LANGUAGES if (text := approach[lang].get(key, ""))}


def label_of(touchpoint: Touchpoint, lang: str) -> str:
    return touchpoint.label.get(lang) or next(iter(touchpoint.label.values()), "") \
        or touchpoint.step or touchpoint.id


def kind_of(touchpoint: Touchpoint) -> str:
    return step_kind(touchpoint.id, touchpoint.step, touchpoint.label.get("en"),
                     touchpoint.label.get("nl"))


def entry_source(funnel: PersonaFunnel | None) -> tuple[str, Evidence] | None:
    """The persona's commonest entry source and its share as evidence (shares hidden
    below the minimum group size do not count)."""
    if funnel is None:
        return None
    shown = [(name, share) for name, share in funnel.entry.items() if share.share is not None]
    if not shown:
        return None
    name, share = max(shown, key=lambda item: (item[1].n, item[0]))
    evidence = Evidence(
        kind="statistic", variable="entry", level=name, profile_value=share.share,
        ci_low=share.low, ci_high=share.high, n=share.n,
        label={lang: t("journey.act.entry_label", lang, source=name,
                       share=format_percent(share.share, lang)) for lang in LANGUAGES})
    return name, evidence


def _statement_texts(statement: Statement | None) -> Texts:
    return dict(statement.text) if statement is not None else {}


def _backing(statements: list[Statement]) -> tuple[list[Evidence], list[str]]:
    evidence = [s.evidence[0] for s in statements if s.evidence]
    return evidence, [s.id for s in statements]


def _expectation(persona: Persona, kind: str) -> Statement | None:
    """The canvas expectation for a step of *kind*: one whose theme fits it, else the
    first expectation."""
    expectations = [s for s in persona.statements if s.section == "expectations"]
    fitting, _ = explaining_statement(persona.model_copy(update={"statements": expectations}),
                                      kind)
    return fitting or next(iter(expectations), None)


def _approach_backing(persona: Persona) -> list[Statement]:
    return [s for s in persona.statements if s.section in APPROACH_SECTIONS and s.evidence][:2]


def draft_entry(persona: Persona, touchpoint: Touchpoint, *, funnel: PersonaFunnel | None,
                action: ActionPoint | None, at_entry: bool) -> PersonaTouchpoint | None:
    """The drafted entry of *persona* at *touchpoint* (``None`` where nothing is known)."""
    at_action = action is not None and action.to_touchpoint == touchpoint.id
    if not (at_entry or at_action):
        return None
    approach = approach_texts(persona)
    kind = kind_of(touchpoint)
    expectation = _expectation(persona, kind)
    used = [s for s in [expectation, *_approach_backing(persona)] if s is not None]
    evidence, ids = _backing(used)
    entry = PersonaTouchpoint(expectation=_statement_texts(expectation),
                              tone=_field(approach, "tone"), channel=_field(approach, "channels"))
    if at_entry:
        found = entry_source(funnel)
        if found is not None:
            evidence.insert(0, found[1])
    if at_action and action is not None:
        if expectation is not None and expectation.id == action.barrier_statement:
            entry = entry.model_copy(update={"expectation": {}})  # said once, as the barrier
        entry = _at_action(entry, persona, action, touchpoint, kind, evidence, ids)
    return entry.model_copy(update={"evidence": evidence, "statements": list(dict.fromkeys(ids)),
                                    "assumption": not evidence, "author": None})


def _at_action(entry: PersonaTouchpoint, persona: Persona, action: ActionPoint,
               touchpoint: Touchpoint, kind: str, evidence: list[Evidence],
               ids: list[str]) -> PersonaTouchpoint:
    """Barrier, message and call to action where the persona drops off."""
    barrier_statement = next((s for s in persona.statements
                              if s.id == action.barrier_statement), None)
    theme = "none"
    if barrier_statement is not None:
        theme = statement_theme(barrier_statement) or "none"
        ids.insert(0, barrier_statement.id)
    theme = theme if theme in THEMES.values() else "none"
    evidence[:0] = action.evidence[:1] + (barrier_statement.evidence[:1]
                                          if barrier_statement else [])
    first = persona.name.split(" ")[0]
    barrier = action.barrier or {
        lang: t("journey.act.barrier_figures", lang, step=label_of(touchpoint, lang),
                persona=format_percent(action.conversion, lang),
                others=format_percent(action.others, lang)) for lang in LANGUAGES}
    cta_key = "personal" if theme == "digital" else kind
    return entry.model_copy(update={
        "barrier": barrier,
        "message": {lang: t(f"journey.act.message.{theme}", lang, name=first,
                            step=label_of(touchpoint, lang)) for lang in LANGUAGES},
        "cta": {lang: t(f"journey.act.cta.{cta_key}", lang) for lang in LANGUAGES},
    })


def _entry_touchpoint(journey: Journey, funnel: PersonaFunnel | None) -> str | None:
    """Where the persona comes in: the first step of its funnel that anyone reached, else
    the journey's first touchpoint."""
    if funnel is not None:
        reached = next((s.touchpoint for s in funnel.steps if s.reached > 0), None)
        if reached is not None:
            return reached
    return journey.touchpoints[0].id if journey.touchpoints else None


def fill_journey(ws: Workspace, journey: Journey, report: FunnelReport | None,
                 actions: list[ActionPoint]) -> Journey:
    """*journey* with drafted entries for every current persona where it has none (or only
    an earlier draft); a person's entries stay exactly as written."""
    from personakit.track import current_personas

    by_persona = {a.persona_id: a for a in actions}
    personas = {p: dict(entries) for p, entries in journey.personas.items()}
    for persona in current_personas(ws):
        funnel = report.funnel(persona.id) if report is not None else None
        entries = personas.setdefault(persona.id, {})
        start = _entry_touchpoint(journey, funnel)
        for touchpoint in journey.touchpoints:
            existing = entries.get(touchpoint.id)
            if existing is not None and existing.author is not None:
                continue  # a person wrote it
            drafted = draft_entry(persona, touchpoint, funnel=funnel,
                                  action=by_persona.get(persona.id),
                                  at_entry=touchpoint.id == start)
            if drafted is not None:
                entries[touchpoint.id] = drafted
            else:
                entries.pop(touchpoint.id, None)  # an earlier draft the data no longer back
        if not entries:
            personas.pop(persona.id)
    return journey.model_copy(update={"personas": personas})
