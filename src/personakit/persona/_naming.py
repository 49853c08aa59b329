"""A fictional name, age and gender that fit the profile, never a real member's name."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
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
