"""Narrative, biography, one-line quote and approach, in every language, from statements.

Sentences are built from templates whose form varies per persona and section, so a page of
personas does not read as one list repeated; numbers stay in the evidence, reached through
the footnote marks ``[n]`` (the statement's number on the canvas).
"""

from __future__ import annotations

import hashlib

from personakit.i18n import LANGUAGES, format_count, t
from personakit.model import CustomerProfile, Statement
from personakit.persona._labels import level_text
from personakit.persona._semantics import boolean_level, concept_of, label, zero_level

NARRATIVE_SECTIONS = 5
PER_SECTION = 2


# Barriers said as the obstacle they are, by theme (a theme lands among the barriers,
# frustrations or fears in one direction only: less digital, more complaints, less skill);
# other variables by their label.
BARRIER_THEMES = ("digital", "complaint", "skill", "fear")


def _barrier_text(variable: str, lang: str) -> str:
    concept = concept_of(variable).name
    if concept in BARRIER_THEMES:
        return t(f"persona.approach.barrier.{concept}", lang)
    return label(variable, lang)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _pick(key: str, count: int) -> int:
    return hashlib.sha256(key.encode("utf-8")).digest()[1] % count


def narrative(first: str, statements: list[Statement], persona_key: str) -> dict[str, str]:
    """A paragraph per language: per section a lead-in and its statements, with footnotes."""
    groups: dict[str, list[tuple[int, Statement]]] = {}
    for number, statement in enumerate(statements, start=1):
        if not statement.assumption:
            groups.setdefault(statement.section, []).append((number, statement))
    chosen = [s for s in groups if s != "demographics"][:NARRATIVE_SECTIONS]
    result: dict[str, str] = {}
    for lang in LANGUAGES:
        sentences = []
        for section in chosen:
            items = groups[section][:PER_SECTION]
            joined = t("persona.narr.and", lang).join(
                f"{_lower_first(s.text[lang].rstrip('.'))} [{n}]" for n, s in items
            )
            # Two forms per section: the lead-in before or after the statements.
            form = _pick(persona_key + section, 2)
            lead = t(f"persona.narr.lead.{section}", lang, first=first)
            sentence = f"{lead} {joined}." if form == 0 else t(
                "persona.narr.after", lang, text=joined, lead=lead.rstrip(":"))
            sentences.append(sentence[:1].upper() + sentence[1:])
        result[lang] = " ".join(sentences) or t("persona.narr.empty", lang, first=first)
    return result


def strongest(statements: list[Statement]) -> Statement | None:
    """The statement with the largest effect, leaving out KPIs, demographics and notes."""
    candidates = [s for s in statements if s.section not in ("kpis", "demographics", "notes")
                  and s.evidence and s.evidence[0].effect is not None]
    return max(candidates, key=lambda s: abs(s.evidence[0].effect or 0), default=None)


def biography(first: str, age: int, profile: CustomerProfile,
              statements: list[Statement]) -> dict[str, str]:
    top = strongest(statements)
    result: dict[str, str] = {}
    for lang in LANGUAGES:
        title = profile.name.get(lang) or profile.name.get("en") or str(profile.index)
        text = t("persona.bio.intro", lang, first=first, age=age,
                 size=format_count(profile.size, lang),
                 share=f"{profile.share * 100:.0f}", profile=title)
        if top is not None:
            text += " " + t("persona.bio.top", lang, text=_lower_first(top.text[lang]))
        result[lang] = text
    return result


def _direction(statement: Statement) -> int:
    evidence = statement.evidence[0] if statement.evidence else None
    if evidence is None or evidence.effect is None:
        value, rest = (evidence.profile_value, evidence.rest_value) if evidence else (0, 0)
        return 1 if (value or 0) >= (rest or 0) else -1
    sign = 1 if evidence.effect > 0 else -1
    boolean = boolean_level(evidence.level, evidence.variable or "")
    negative = boolean is False or (boolean is None and zero_level(evidence.level))
    return -sign if negative else sign


def _concept(statement: Statement) -> str:
    evidence = statement.evidence[0] if statement.evidence else None
    if evidence is None or evidence.variable is None:
        return "generic"
    return concept_of(evidence.variable, evidence.level).name


def one_line_quote(statements: list[Statement]) -> dict[str, str]:
    """A first-person line that sums up the persona's strongest theme."""
    top = strongest(statements)
    key = "default"
    digital = {_direction(s) for s in statements if _concept(s) == "digital"}
    if top is not None:
        concept, up = _concept(top), _direction(top) > 0
        if concept == "digital" and len(digital) > 1:
            concept = "contact"  # online in one way, not in another: a channel story
        key = f"{concept}.{'up' if up else 'down'}" if concept in (
            "digital", "price", "complaint", "contact") else top.section
    return {lang: t(f"persona.quote.{key}", lang) for lang in LANGUAGES}


def approach(first: str, statements: list[Statement]) -> dict[str, dict[str, str]]:
    """How frontline staff reach this persona: channels, tone of voice, barriers to remove."""
    themes = {(_concept(s), _direction(s)) for s in statements}
    channel_levels = [
        s.evidence[0].level for s in statements
        if _concept(s) == "contact" and _direction(s) > 0 and s.evidence
        and s.evidence[0].level
        and boolean_level(s.evidence[0].level, s.evidence[0].variable or "") is None
        and not any(ch.isdigit() for ch in s.evidence[0].level)
    ]
    if channel_levels:
        channel_key = "levels"
    elif ("digital", 1) in themes:
        channel_key = "digital"
    elif ("digital", -1) in themes:
        channel_key = "personal"
    else:
        channel_key = "ask"
    tone_key = next((key for theme, key in (
        (("complaint", 1), "complaint"), (("price", 1), "price"), (("digital", 1), "digital"),
        (("digital", -1), "personal"),
    ) if theme in themes), "default")
    barrier_variables = [s.evidence[0].variable for s in statements
                         if s.section in ("barriers", "frustrations", "fears") and s.evidence
                         and s.evidence[0].variable][:3]
    result: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        result[lang] = {
            "channels": t(f"persona.approach.channels.{channel_key}", lang, first=first,
                          levels=", ".join(dict.fromkeys(
                              level_text(level, lang) for level in channel_levels))),
            "tone": t(f"persona.approach.tone.{tone_key}", lang, first=first),
            "barriers": t("persona.approach.barriers.list", lang, items="; ".join(
                dict.fromkeys(_barrier_text(v, lang) for v in barrier_variables)))
            if barrier_variables else t("persona.approach.barriers.none", lang, first=first),
        }
    return result
