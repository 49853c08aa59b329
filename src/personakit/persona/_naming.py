"""A fictional name, age and gender that fit the profile, never a real member's name."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from typing import Any

from faker import Faker

from personakit.model import CustomerProfile

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
FEMALE = frozenset({"v", "vrouw", "vrouwelijk", "f", "female", "woman", "w"})
MALE = frozenset({"m", "man", "mannelijk", "male"})
AGE_CUES = ("leeftijd", "age")
GENDER_CUES = ("geslacht", "gender", "sekse", "sex")
# Surnames in Faker's nl_NL list that read as medieval or foreign titles on a persona.
_ODD = re.compile(r"[,']|\b(van|von|de|der|den|le|la|die|the)\b.*\b(van|von|und|zu)\b", re.I)


def _has_cue(name: str, cues: tuple[str, ...]) -> bool:
    # The first word decides: "leeftijd" and "age_group" are ages, "auto_leeftijd" is not.
    first = re.split(r"[^a-z]+", name.lower().split("__")[-1].strip("_"))[0]
    return first in cues


def profile_age(profile: CustomerProfile) -> float | None:
    """Mean age of the profile from an age effect, else from its typical member."""
    for effect in profile.effects:
        if effect.kind == "mean" and _has_cue(effect.variable, AGE_CUES):
            return effect.profile_value
    for key, value in profile.typical.items():
        if _has_cue(key, AGE_CUES) and isinstance(value, int | float):
            return float(value)
    return None


def profile_gender(profile: CustomerProfile) -> str | None:
    """``female``/``male`` when one gender makes up the majority of the profile, else None."""
    shares: dict[str, float] = {}
    for effect in profile.effects:
        if effect.kind == "share" and effect.level and _has_cue(effect.variable, GENDER_CUES):
            shares[effect.level.strip().lower()] = effect.profile_value
    for level, share in sorted(shares.items(), key=lambda kv: -kv[1]):
        if share > 0.5:
            return _gender(level)
    for key, value in profile.typical.items():
        if _has_cue(key, GENDER_CUES) and isinstance(value, str):
            return _gender(value.strip().lower())
    return None


def _gender(level: str) -> str | None:
    return "female" if level in FEMALE else "male" if level in MALE else None


def normalise(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


def real_name_set(rows: Iterable[Iterable[Any]]) -> set[str]:
    """Every real full name: each name column's value and each row's name columns joined."""
    names: set[str] = set()
    for row in rows:
        parts = [str(v) for v in row if v is not None and str(v).strip() and str(v) != "nan"]
        names.update(normalise(p) for p in parts)
        if len(parts) > 1:
            names.add(normalise(" ".join(parts)))
    return names


def choose_identity(
    profile: CustomerProfile, *, lang: str, seed: int, taken: set[str], real: set[str]
) -> tuple[str, int, str]:
    """(name, age, gender) for the persona of *profile*, the same for the same seed."""
    rng = random.Random(f"{seed}-{profile.index}-identity")
    gender = profile_gender(profile) or rng.choice(("female", "male"))
    mean_age = profile_age(profile)
    age = int(round(mean_age)) if mean_age is not None else rng.randint(28, 62)
    fake = Faker(LOCALES.get(lang, "nl_NL"))
    fake.seed_instance(f"{seed}-{profile.index}-name")
    for _attempt in range(200):
        first = fake.first_name_female() if gender == "female" else fake.first_name_male()
        last = fake.last_name()
        name = f"{first} {last}"
        if _ODD.search(last) or len(last) > 14 or " " in first:
            continue
        # Never a real member's name, and no two personas sharing a first name.
        if normalise(first) in taken or normalise(name) in real or normalise(
            f"{last} {first}"
        ) in real:
            continue
        taken.add(normalise(first))
        return name, age, gender
    raise RuntimeError("no free persona name after 200 draws")  # pragma: no cover


# -- profile names (issue 10, point 3) ------------------------------------------------------
NAME_MIN_EFFECT = 0.3
NAME_MAX_WORDS = 4
# Themes read from a column's words beyond the canvas concepts; first match wins.
EXTRA_THEMES: tuple[tuple[str, str], ...] = (
    (r"leeftijd|(^|_)age($|_)", "age"),
    (r"huishoud|household|gezin|family|kinderen|children", "family"),
    (r"buitenland|abroad|reis|travel", "travel"),
    (r"duurza|sustainab|elektrisch|electric", "sustainability"),
)
DEMOGRAPHIC_THEMES = frozenset({"age", "family", "demographics"})


def _theme(effect: Any) -> tuple[str, int] | None:
    from personakit.persona._semantics import concept_of, direction

    text = f"{effect.variable} {effect.level or ''}".lower()
    way = direction(effect)
    for pattern, theme in EXTRA_THEMES:
        if re.search(pattern, text):
            return theme, way
    concept = concept_of(effect.variable, effect.level).name
    if concept == "generic":
        return None
    return concept, way


def _themes(effects: Iterable[Any], skip: set[str]) -> list[tuple[str, int]]:
    """Distinct (theme, direction) of the strong effects: behaviour and needs first,
    demographics after them (seed 004: too much demographics is the fourth mistake)."""
    strong = sorted((e for e in effects if e.variable not in skip and e.q_value < 0.01
                     and abs(e.effect) >= NAME_MIN_EFFECT
                     and not (e.kind == "share" and e.effect < 0 and e.level not in (
                         "0", "1", "ja", "nee", "yes", "no"))),
                    key=lambda e: -abs(e.effect))
    seen: list[tuple[str, int]] = []
    for effect in strong:
        theme = _theme(effect)
        if theme is not None and theme[0] not in (s[0] for s in seen):
            seen.append(theme)
    return ([s for s in seen if s[0] not in DEMOGRAPHIC_THEMES]
            + [s for s in seen if s[0] in DEMOGRAPHIC_THEMES])


def _phrase(kind: str, theme: tuple[str, int], lang: str) -> str | None:
    from personakit.i18n import catalogue, t

    key = f"voice.name.{kind}.{theme[0]}.{'up' if theme[1] > 0 else 'down'}"
    return t(key, lang) if key in catalogue() else None


def _candidates(themes: list[tuple[str, int]], lang: str) -> list[str]:
    """Names from the themes, best first: the adjective of one theme and the noun of
    another, the strongest themes first; a noun that has its own adjective ("trouwe
    klanten") takes no second one unless nothing else fits."""
    scored: list[tuple[float, str]] = []
    for i, noun_theme in enumerate(themes):
        noun = _phrase("noun", noun_theme, lang)
        if noun is None:
            continue
        scored.append((i + 1.5, noun))
        for j, adjective_theme in enumerate(themes):
            adjective = _phrase("adj", adjective_theme, lang)
            if j == i or adjective is None or adjective.lower() in noun.lower():
                continue
            name = f"{adjective} {noun}"
            if len(name.split()) <= NAME_MAX_WORDS:
                scored.append((i + j + (1.5 if " " in noun else 0.0), name))
    if not scored:
        scored.append((0.0, _default_noun(lang)))
    ordered = [name for _, name in sorted(scored, key=lambda item: item[0])]
    return [name[:1].upper() + name[1:] for name in ordered]


def _default_noun(lang: str) -> str:
    from personakit.i18n import t

    return t("voice.name.noun.default", lang)


def profile_names(effects: Sequence[Sequence[Any]],
                  skip: set[str] | None = None) -> list[dict[str, str]]:
    """Per profile ``{"nl": ..., "en": ...}``: at most four words, distinct, behaviour and
    needs before demographics ("Digitale zelfregelaars" / "Digital self-managers")."""
    from personakit.i18n import LANGUAGES, t

    themes = [_themes(profile, skip or set()) for profile in effects]
    names: list[dict[str, str]] = [{} for _ in effects]
    for lang in LANGUAGES:
        taken: set[str] = set()
        # Profiles with the clearest themes choose first, so they keep their best name.
        for index in sorted(range(len(effects)), key=lambda i: -len(themes[i])):
            options = _candidates(themes[index], lang)
            name = next((o for o in options if o.casefold() not in taken), None)
            if name is None:
                name = t("voice.name.fallback", lang, number=index + 1)
            taken.add(name.casefold())
            names[index][lang] = name
    return names
