"""Suggested profile names (nl and en) from the strongest distinguishing features.

Templated, not generated: a short lexicon turns common variables into words ("jong",
"waardevol"), everything else reads as "hoog {variabele}" or the level itself. The user
renames a profile with ``personakit rename``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from personakit.i18n import LANGUAGES, t
from personakit.model import VariableEffect

MAX_PARTS = 3
# A feature names a profile only if it is clearly different from the rest (medium effect).
MIN_EFFECT = 0.4
MIN_LIFT = 1.3

# (pattern on the column name, key of the phrase for a high value, for a low value)
LEXICON: tuple[tuple[str, str, str], ...] = (
    (r"leeftijd|(^|_)age($|_)|geboortejaar", "segment.name.old", "segment.name.young"),
    (r"omzet|revenue|waarde|value|clv|besteding|spend|premie|bedrag",
     "segment.name.high_value", "segment.name.low_value"),
    (r"inkomen|income|salaris", "segment.name.high_income", "segment.name.low_income"),
    (r"tevreden|satisf|nps|aanbevel", "segment.name.satisfied", "segment.name.dissatisfied"),
    (r"lid_?jaren|jaren_?lid|tenure|lidmaatschap|member|klant_?sinds|jaren",
     "segment.name.loyal", "segment.name.new"),
    (r"bezoek|visit|sessie|session|login|gebruik|usage|frequent",
     "segment.name.frequent", "segment.name.infrequent"),
    (r"contact|chat|klacht|complaint|gesprek|call", "segment.name.many_contacts",
     "segment.name.few_contacts"),
    (r"kind|child", "segment.name.children", "segment.name.no_children"),
)
CHANNEL = re.compile(r"kana(a)?l|channel|device|apparaat|media", re.I)


NAME_WORDS = 40


def readable(column: str, limit: int | None = None) -> str:
    """``web__stap__offerte`` -> ``web stap offerte`` (cut at *limit* characters)."""
    text = re.sub(r"_+", " ", column).strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    return text


def feature_phrase(effect: VariableEffect, lang: str) -> str | None:
    """A short phrase for one distinguishing feature, or None if it is not strong enough."""
    if effect.kind == "mean":
        if abs(effect.effect) < MIN_EFFECT:
            return None
        high = effect.effect > 0
        for pattern, high_key, low_key in LEXICON:
            if re.search(pattern, effect.variable, re.I):
                return t(high_key if high else low_key, lang)
        key = "segment.name.high" if high else "segment.name.low"
        return t(key, lang, variable=readable(effect.variable, NAME_WORDS))
    if effect.effect < MIN_EFFECT or (effect.lift is not None and effect.lift < MIN_LIFT):
        return None
    level = effect.level or ""
    if level == "1":
        return t("segment.name.yes", lang, variable=readable(effect.variable, NAME_WORDS))
    if level.startswith("("):
        return None
    if CHANNEL.search(effect.variable):
        return t("segment.name.channel_user", lang, option=level)
    return level


def suggest_names(effects: Sequence[Sequence[VariableEffect]],
                  skip: set[str] | None = None) -> list[dict[str, str]]:
    """Per profile ``{"nl": ..., "en": ...}``; duplicates get a number, empty a fallback.

    Variables in *skip* (dates, redundant copies) never name a profile.
    """
    names: list[dict[str, str]] = []
    for index, profile in enumerate(effects):
        usable = [e for e in profile if e.variable not in (skip or set())]
        names.append({lang: _name(usable, lang, index) for lang in LANGUAGES})
    for lang in LANGUAGES:
        seen: dict[str, int] = {}
        for name in names:
            count = seen.get(name[lang], 0) + 1
            seen[name[lang]] = count
            if count > 1:
                name[lang] = f"{name[lang]} ({count})"
    return names


def _name(effects: Sequence[VariableEffect], lang: str, index: int) -> str:
    parts: list[str] = []
    used: set[str] = set()
    for effect in effects:
        if effect.q_value >= 0.05 or effect.variable in used:
            continue
        phrase = feature_phrase(effect, lang)
        if phrase and phrase.lower() not in (p.lower() for p in parts):
            parts.append(phrase)
            used.add(effect.variable)
        if len(parts) == MAX_PARTS:
            break
    if not parts:
        return t("segment.name.fallback", lang, number=index + 1)
    text = ", ".join(parts)
    return text[0].upper() + text[1:]
