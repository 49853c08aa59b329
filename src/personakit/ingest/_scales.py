"""Known answer scales (Likert and friends), Dutch and English, low to high.

Each scale is a list of rungs; a rung lists the spellings that mean the same step. A column
whose answers all fall on one scale is ordinal, with the scale's order as its levels.
"""

from __future__ import annotations

from collections.abc import Iterable

Scale = list[tuple[str, ...]]

_NEUTRAL = ("neutraal", "neutral", "niet mee eens, niet mee oneens", "niet eens, niet oneens",
            "neither agree nor disagree", "geen mening", "neither", "noch eens noch oneens")

SCALES: dict[str, Scale] = {
    "agree": [
        ("helemaal mee oneens", "helemaal oneens", "zeer mee oneens", "zeer oneens",
         "strongly disagree"),
        ("mee oneens", "oneens", "disagree"),
        ("enigszins mee oneens", "beetje mee oneens", "somewhat disagree"),
        _NEUTRAL,
        ("enigszins mee eens", "beetje mee eens", "somewhat agree"),
        ("mee eens", "eens", "agree"),
        ("helemaal mee eens", "helemaal eens", "zeer mee eens", "zeer eens", "strongly agree"),
    ],
    "satisfied": [
        ("zeer ontevreden", "heel ontevreden", "very dissatisfied", "very unsatisfied"),
        ("ontevreden", "dissatisfied", "unsatisfied"),
        ("neutraal", "neutral", "niet tevreden, niet ontevreden",
         "neither satisfied nor dissatisfied"),
        ("tevreden", "satisfied"),
        ("zeer tevreden", "heel tevreden", "very satisfied"),
    ],
    "frequency": [
        ("nooit", "never"),
        ("zelden", "bijna nooit", "rarely", "seldom", "almost never"),
        ("soms", "af en toe", "sometimes", "occasionally"),
        ("vaak", "regelmatig", "often", "frequently"),
        ("heel vaak", "meestal", "zeer vaak", "very often", "usually", "mostly"),
        ("altijd", "always"),
    ],
    "important": [
        ("helemaal niet belangrijk", "not at all important", "totaal niet belangrijk"),
        ("niet belangrijk", "unimportant", "not important", "slightly important"),
        ("neutraal", "neutral", "enigszins belangrijk", "moderately important"),
        ("belangrijk", "important"),
        ("zeer belangrijk", "heel belangrijk", "very important", "extremely important"),
    ],
    "likely": [
        ("zeer onwaarschijnlijk", "heel onwaarschijnlijk", "very unlikely"),
        ("onwaarschijnlijk", "unlikely"),
        ("neutraal", "neutral", "misschien", "maybe"),
        ("waarschijnlijk", "likely"),
        ("zeer waarschijnlijk", "heel waarschijnlijk", "very likely"),
    ],
    "quality": [
        ("zeer slecht", "heel slecht", "very poor", "very bad"),
        ("slecht", "poor", "bad"),
        ("matig", "redelijk", "gemiddeld", "fair", "average"),
        ("goed", "good"),
        ("zeer goed", "heel goed", "uitstekend", "very good", "excellent"),
    ],
    "easy": [
        ("zeer moeilijk", "heel moeilijk", "very difficult", "very hard"),
        ("moeilijk", "difficult", "hard"),
        ("neutraal", "neutral", "niet makkelijk, niet moeilijk"),
        ("makkelijk", "gemakkelijk", "easy"),
        ("zeer makkelijk", "heel makkelijk", "zeer gemakkelijk", "very easy"),
    ],
}

# Answers outside the order ("don't know"): allowed in an ordinal column, not a level.
NO_ANSWER = {"weet niet", "weet ik niet", "geen antwoord", "n.v.t.", "nvt", "niet van toepassing",
             "don't know", "dont know", "not applicable", "n/a", "prefer not to say",
             "zeg ik liever niet"}


def _norm(value: str) -> str:
    return " ".join(value.strip().lower().replace("’", "'").split())


def match_scale(values: Iterable[str]) -> list[str] | None:
    """The ordered levels (as spelled in the data) when all *values* sit on one scale."""
    spelled: dict[str, str] = {}
    for value in set(values):
        spelled.setdefault(_norm(value), value.strip())
    answers = {v for v in spelled if v not in NO_ANSWER}
    if len(answers) < 2:
        return None
    for scale in SCALES.values():
        rungs = [rung for rung in scale if any(s in answers for s in rung)]
        covered = {s for rung in scale for s in rung}
        if answers <= covered and len(rungs) >= 2:
            return _levels(scale, rungs, spelled)
    return None


def _levels(scale: Scale, used: list[tuple[str, ...]], spelled: dict[str, str]) -> list[str]:
    """Levels low to high; rungs not seen in the data are left out (never invented)."""
    levels: list[str] = []
    for rung in scale:
        if rung not in used:
            continue
        for spelling in rung:
            if spelling in spelled:
                levels.append(spelled[spelling])
    return levels
