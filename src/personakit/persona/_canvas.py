"""The persona canvas: which evidence fills which section, and what an empty section needs.

The mapping rule (documented in ``docs/canvas-mapping.md``), first that applies wins:

1. **The user's mapping** in ``personakit.toml``: ``[sources.NAME.canvas]`` maps a column
   (a survey question, a CRM field, an open question) to a section.
2. **Item wording**: the words of the column name or question text are matched against
   bilingual cues per section (``WORDING``). Each cue scores 2 (it names the section's
   subject: "ergernis", "verwacht", "kanaal") or 1 (it hints at it: "belangrijk",
   "probleem"); the section with the highest score wins, ties go to the more specific
   section (``PRECEDENCE``). Items whose name marks them as a KPI (satisfaction, churn) or a
   demographic keep that place.
3. **The column-name concepts** of ``_semantics`` (direction-aware: "less digital" is a
   barrier, "more discount" a driver); what no rule places lands in "other characteristics".

Open answers follow the same rule on their question: the persona's most typical answer to
"Wat vindt u het belangrijkst?" fills *goals* in the customer's own words (see
``voice_statements``; issue 11 will add themes from open answers at the same place).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from personakit.i18n import LANGUAGES, t
from personakit.model import CustomerProfile, Evidence, Quote, Statement, VariableEffect
from personakit.persona._semantics import concept_of, is_time_variable, label, section_of
from personakit.persona._statements import (
    PersonaSettings,
    _cap_total,
    profile_statements,
    statement_id,
)
from personakit.templates import CanvasTemplate, get_template

# The canvas of DESIGN.md (process step 6) is the built-in ``b2c`` template (issue 14):
# its sections, wording cues and tie order live in ``personakit/templates/b2c.toml``.
# Cue notation: "word=" only the whole word; a cue of four letters or fewer starts a word;
# a longer cue may stand anywhere in a word (Dutch compounds: "voorkeurskanaal",
# "wachttijd"); a cue with a space is a phrase of whole words.
B2C: CanvasTemplate = get_template("b2c")
CANVAS: tuple[str, ...] = B2C.canvas
STRONG, WEAK = 2, 1
WORDING: dict[str, tuple[tuple[str, int], ...]] = B2C.wording()
# Ties go to the more specific section. Channel words ("contact", "app", "website") and
# "wil"/"important" turn up in questions about anything, so those two sections come last:
# "Wat is lastig aan de website?" is a barrier, "My goal when I contact you" a goal.
PRECEDENCE: tuple[str, ...] = B2C.tie_order
# Items whose name marks them as a KPI or a demographic stay there ("tevredenheid over de
# wachttijd" is a KPI, not a frustration).
KEEP_CONCEPTS = frozenset({"satisfaction", "churn", "demographics"})


def words(text: str) -> list[str]:
    """Lower-case words without accents: ``"Wat vindt u het belangrijkst?"`` → 5 words."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    folded = unicodedata.normalize("NFKD", spaced)
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    return [w for w in re.split(r"[^0-9a-z]+", plain) if w]


def _cue_matches(cue: str, tokens: list[str], phrase: str) -> bool:
    if " " in cue:
        return f" {cue} " in phrase
    if cue.endswith("="):
        return cue[:-1] in tokens
    if len(cue) <= 4:
        return any(w.startswith(cue) for w in tokens)
    return any(cue in w for w in tokens)


def wording_scores(text: str, template: CanvasTemplate = B2C) -> dict[str, int]:
    """Score per section of the words of *text* (sections without a matching cue left out)."""
    tokens = words(text)
    phrase = f" {' '.join(tokens)} "
    scores: dict[str, int] = {}
    for section, cues in template.wording_table.items():
        score = sum(weight for cue, weight in cues if _cue_matches(cue, tokens, phrase))
        if score:
            scores[section] = score
    return scores


def wording_section(text: str, template: CanvasTemplate = B2C) -> str | None:
    """The canvas section *text* (a column name or question) is about, or None."""
    scores = wording_scores(text, template)
    if not scores:
        return None
    ties = template.tie_order
    return max(scores, key=lambda s: (scores[s], -ties.index(s)))


@dataclass(frozen=True)
class CanvasMapping:
    """The user's ``[sources.NAME.canvas]`` tables: source → column → section."""

    columns: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def section_for(self, variable: str, source: str | None = None) -> str | None:
        """The user's section for *variable* (``col`` or a linked ``source__col__…``)."""
        for name, table in sorted(self.columns.items()):
            if source is not None and name != source:
                continue
            for column, section in table.items():
                linked = variable.startswith(f"{name}__{column}")
                if variable == column or linked:
                    return section
        return None


def item_text(variable: str) -> str:
    """The words the wording rule reads: the column (or question) without a source prefix."""
    parts = [p for p in variable.split("__") if p]
    return " ".join(parts[1:] if len(parts) >= 2 else parts)


def variable_section(variable: str, mapping: CanvasMapping = CanvasMapping(),
                     template: CanvasTemplate = B2C) -> str | None:
    """The section of *variable* by rule 1 or 2, or None when only the concepts decide."""
    chosen = mapping.section_for(variable)
    if chosen is not None:
        return chosen
    if concept_of(variable).name in KEEP_CONCEPTS:
        return None
    return wording_section(item_text(variable), template)


def canvas_section(effect: VariableEffect, mapping: CanvasMapping = CanvasMapping(),
                   template: CanvasTemplate = B2C) -> str:
    """Where *effect* goes on the canvas (the rule of the module docstring); a concept's
    section the template lacks goes where the template's ``fallback`` says."""
    return variable_section(effect.variable, mapping, template) or template.place(
        section_of(effect))


def text_section(source: str, column: str, mapping: CanvasMapping = CanvasMapping(),
                 template: CanvasTemplate = B2C) -> str | None:
    """The canvas section an open question's answers speak to, or None (a chat line)."""
    chosen = mapping.section_for(column, source)
    if chosen is not None:
        return chosen if chosen in template.canvas else None
    return wording_section(column, template)


def canvas_statements(profile: CustomerProfile, settings: PersonaSettings,
                      excluded: set[str] | frozenset[str] = frozenset(),
                      mapping: CanvasMapping = CanvasMapping(),
                      template: CanvasTemplate = B2C) -> list[Statement]:
    """``profile_statements`` with every statement in its canvas section, limits applied
    per canvas section (strongest first), in canvas order."""
    unlimited = dataclasses.replace(settings, max_statements=10**6, max_per_section=10**6,
                                    max_demographics=10**6)
    effects = {statement_id(e): e for e in profile.effects}
    placed: list[tuple[float, Statement]] = []
    for statement in profile_statements(profile, unlimited, excluded):
        effect = effects.get(statement.id)
        if effect is not None:
            section = canvas_section(effect, mapping, template)
            statement = statement.model_copy(update={"section": section})
        elif statement.section not in template.order:
            statement = statement.model_copy(
                update={"section": template.place(statement.section)})
        strength = abs(effect.effect) if effect is not None else 0.0
        placed.append((strength, statement))
    return _limit(placed, settings, template.order)


def _limit(placed: list[tuple[float, Statement]], settings: PersonaSettings,
           order: tuple[str, ...] = B2C.order) -> list[Statement]:
    chosen: list[Statement] = []
    skipped: list[Statement] = []
    per_section: dict[str, int] = {}
    for _, statement in sorted(placed, key=lambda p: -p[0]):
        limit = (settings.max_demographics if statement.section == "demographics"
                 else settings.max_per_section)
        if statement.section != "kpis" and per_section.get(statement.section, 0) >= limit:
            skipped.append(statement)
            continue
        per_section[statement.section] = per_section.get(statement.section, 0) + 1
        chosen.append(statement)
    # Too few after the per-section limits (every column in one section, as in a file of
    # coded columns): the strongest left-over statements fill up to the minimum.
    missing = min(settings.min_statements, settings.max_statements) - len(chosen)
    chosen += skipped[:max(missing, 0)]
    chosen = _cap_total(chosen, settings.max_statements)
    return sorted(chosen, key=lambda s: order.index(s.section))


def voice_statements(statements: list[Statement], voices: Iterable[Quote],
                     limit: int) -> list[Statement]:
    """Statements in the customer's own words: a typical answer to an open question whose
    wording (or the user's mapping) names a canvas section, one per section, where that
    section has room. Extension point for themes from open answers (issue 11)."""
    counts: dict[str, int] = {}
    for statement in statements:
        counts[statement.section] = counts.get(statement.section, 0) + 1
    added: list[Statement] = []
    for quote in voices:
        if quote.section is None or counts.get(quote.section, 0) >= limit:
            continue
        counts[quote.section] = counts.get(quote.section, 0) + 1
        added.append(Statement(
            id=f"voice:{quote.section}", section=quote.section,
            text={lang: t("canvas.voice", lang, text=quote.text) for lang in LANGUAGES},
            evidence=[_quote_evidence(quote)], author="personakit",
        ))
    return added


def _quote_evidence(quote: Quote) -> Evidence:
    return Evidence(kind="quote", text=quote.text, source=quote.source, date=quote.date,
                    variable=quote.column)


def measured_sections(profiles: Iterable[CustomerProfile], text_columns: Iterable[tuple[str, str]],
                      mapping: CanvasMapping = CanvasMapping(),
                      excluded: set[str] | frozenset[str] = frozenset(),
                      template: CanvasTemplate = B2C) -> dict[str, list[str]]:
    """Per canvas section, the variables and open questions in the data that speak to it."""
    found: dict[str, list[str]] = {}
    for profile in profiles:
        for effect in profile.effects:
            # Only what could become a statement (as in profile_statements).
            if effect.variable in excluded or is_time_variable(effect.variable):
                continue
            section = canvas_section(effect, mapping, template)
            names = found.setdefault(section, [])
            if section in template.canvas and effect.variable not in names:
                names.append(effect.variable)
    for source, column in text_columns:
        answered = text_section(source, column, mapping, template)
        if answered is not None and column not in found.setdefault(answered, []):
            found[answered].append(column)
    return {s: v for s, v in found.items() if s in template.canvas and v}


MAX_NAMED = 2  # variables named in "measured (…), but no difference"


def canvas_gaps(statements: list[Statement], measured: Mapping[str, list[str]],
                template: CanvasTemplate = B2C) -> dict[str, dict[str, str]]:
    """Every canvas section without a statement, with what would fill it, in every language.

    A section the data measures says so ("measured …, but this group does not differ");
    one the data does not measure says which data would fill it.
    """
    filled = {s.section for s in statements}
    gaps: dict[str, dict[str, str]] = {}
    for section in template.canvas:
        if section in filled:
            continue
        variables = measured.get(section, [])
        if variables:
            gaps[section] = {lang: _measured_text(template, lang, ", ".join(
                label(v, lang) for v in variables[:MAX_NAMED]) + (
                    ", …" if len(variables) > MAX_NAMED else "")) for lang in LANGUAGES}
        else:
            gaps[section] = {lang: t("canvas.gap.none", lang, what=_need(template, section, lang))
                             for lang in LANGUAGES}
    return gaps


def _measured_text(template: CanvasTemplate, lang: str, items: str) -> str:
    if not template.people:  # the b2c canvas: "… than other customers"
        return t("canvas.gap.measured", lang, items=items)
    return t("templates.gap.measured", lang, items=items, people=template.people[lang])


def _need(template: CanvasTemplate, section: str, lang: str) -> str:
    found = template.section(section)
    if found is not None and found.need:
        return found.need[lang]
    return t(f"canvas.need.{section}", lang)
