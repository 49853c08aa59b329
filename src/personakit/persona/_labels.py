"""Bilingual labels of columns and survey items, derived by rule (issue 10, point 1).

Every column gets a short label in Dutch and English; a survey item written in the first
person ("Ik regel mijn zaken het liefst online", "I prefer to pay by card") also gets a
statement form in the third person without a subject ("regelt zaken het liefst online",
"prefers to pay by card"), which statements put after the persona's name or a share.

How a label is made (no translation model: none ships offline in a package):

1. The text is split into words (``aantal_klachten``, ``NumberOfComplaints``) and its
   language guessed from the glossary and function words.
2. A first-person item is turned into the third person in its own language by rule:
   the subject ``ik``/``I`` goes, the finite verb is conjugated (``ik regel`` → ``regelt``,
   ``ik ben`` → ``is``, ``I prefer`` → ``prefers``, ``I am`` → ``is``) and comes first,
   ``mijn`` becomes an article or goes (gender-neutral), ``my`` becomes ``their``.
3. The other language is made from the glossary (:mod:`personakit.persona._glossary`):
   short names word by word; statements by a few sentence patterns (``het liefst`` ↔
   ``prefers to``, ``graag`` ↔ ``likes to``, modal + infinitive). A text is translated
   only when every word is known and the pattern fits.
4. When it is not, the other language never shows the foreign words: the label becomes a
   neutral description by kind, naming the topics the glossary does know ("the survey
   statement on price and membership", "the question on channels and contact"), or, with
   no known topic, "a survey statement" / "a survey question" / "a column". Codes and
   numbers (``xq17``, ``NPS``) count as language-neutral in short names.

``[sources.NAME.labels]`` in ``personakit.toml`` overrides any part of a label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any

from personakit.persona._glossary import (
    EN_PREFERRED,
    NOT_TOPICS,
    PHRASES,
    WORDS,
    pairs,
    verb_entries,
)

NL_TO_EN: dict[str, str] = dict(pairs(WORDS))
EN_TO_NL: dict[str, str] = dict(pairs(EN_PREFERRED))
for _nl, _en in pairs(WORDS):
    EN_TO_NL.setdefault(_en, _nl)
NL_PHRASES = dict(pairs(PHRASES))
UNITS = {  # a trailing unit word of a column name: the unit of its values
    "jaren": "years", "jaar": "years", "years": "years", "maanden": "months",
    "months": "months", "weken": "weeks", "weeks": "weeks", "dagen": "days", "days": "days",
    "uren": "hours", "uur": "hours", "hours": "hours", "minuten": "minutes",
    "minutes": "minutes", "euro": "euro", "eur": "euro", "pct": "percent",
    "procent": "percent", "percent": "percent",
}

NL_FUNCTION = frozenset(
    "de het een en of van in op met voor naar bij door over uit aan als dan dat die dit deze "
    "ik mijn je jij u uw we wij ons onze hij zij ze zijn haar hun is ben was wordt word "
    "niet geen wel ook nog al heel zeer vaak graag liefst meer minder waar wat welke hoe "
    "waarom wanneer wie hoeveel om te tot tegen na zonder omdat".split())
EN_FUNCTION = frozenset(
    "the a an and or of in on with for to at by about from as than that this these those "
    "i my me you your we our us he she they their them is am are was be been not no "
    "also very often more less what which how why when who much many".split())
SCALE = re.compile(r"\s*\(\s*(-?\d+)\s*[-–]\s*(-?\d+)\s*\)\s*$")
QUESTION_WORDS_NL = frozenset("hoe wat welke welk waarom wanneer wie hoeveel waar waarmee "
                              "waardoor in hoeverre".split())
QUESTION_WORDS_EN = frozenset("how what which why when who where whom whose do does did "
                              "are is would could".split())
SHORT_WORDS = 4


@dataclass(frozen=True)
class Label:
    """A column's label in both languages, and its statement form if it is a survey item.

    ``kind`` is ``"name"`` (a column name), ``"statement"`` (a first-person survey item)
    or ``"question"`` (a survey question). ``scale`` is ``"1-10"`` style when the text
    ends with one.
    """

    nl: str
    en: str
    statement_nl: str | None = None
    statement_en: str | None = None
    kind: str = "name"
    scale: str | None = None
    unit: str | None = None

    def text(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en

    def statement(self, lang: str) -> str | None:
        return self.statement_nl if lang == "nl" else self.statement_en

    def as_dict(self) -> dict[str, str | None]:
        return {"nl": self.nl, "en": self.en, "statement_nl": self.statement_nl,
                "statement_en": self.statement_en, "kind": self.kind}


# -- words -------------------------------------------------------------------------------
def words_of(name: str) -> list[str]:
    """``NumberOfComplaints`` and ``aantal_klachten`` as lower-case words."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    return [w for w in re.split(r"[^0-9a-zA-Z'\u00C0-\u024F-]+", spaced.lower())
            if w.strip("-'")]


def _is_code(word: str) -> bool:
    """Codes and numbers read the same in both languages (``xq17``, ``2024``)."""
    return bool(re.search(r"\d", word)) or len(word) <= 2


def guess_language(words: list[str]) -> str:
    """``nl`` or ``en``: which language's glossary and function words cover more."""
    nl = sum(w in NL_TO_EN or w in NL_FUNCTION or w in _NL_VERB_FORMS for w in words)
    en = sum(w in EN_TO_NL or w in EN_FUNCTION or w in _EN_VERB_FORMS for w in words)
    return "en" if en > nl else "nl"


def _translate_words(words: list[str], table: Mapping[str, str],
                     phrases: Mapping[str, str] | None = None) -> tuple[str, bool]:
    """Word by word (longest phrase first); complete is False if a word was unknown."""
    out: list[str] = []
    complete = True
    i = 0
    while i < len(words):
        for size in (4, 3, 2):
            chunk = " ".join(words[i:i + size])
            if i + size <= len(words) and (chunk in table or (phrases and chunk in phrases)):
                out.append(table.get(chunk) or (phrases or {})[chunk])
                i += size
                break
        else:
            word = words[i]
            if word in table:
                out.append(table[word])
            elif word in _NL_VERB_FORMS and table is NL_TO_EN:
                out.append(_EN_FORMS[_NL_VERB_FORMS[word]])
            else:
                out.append(word)
                complete = complete and _is_code(word)
            i += 1
    return " ".join(out), complete


# -- verbs -------------------------------------------------------------------------------
NL_IRREGULAR = {  # infinitive: (ik-form, third person)
    "zijn": ("ben", "is"), "hebben": ("heb", "heeft"), "kunnen": ("kan", "kan"),
    "willen": ("wil", "wil"), "zullen": ("zal", "zal"), "mogen": ("mag", "mag"),
    "gaan": ("ga", "gaat"), "doen": ("doe", "doet"), "staan": ("sta", "staat"),
    "zien": ("zie", "ziet"), "komen": ("kom", "komt"), "moeten": ("moet", "moet"),
}
EN_IRREGULAR = {"be": "is", "have": "has", "do": "does", "go": "goes", "can": "can",
                "will": "will", "may": "may", "must": "must", "should": "should",
                "would": "would", "could": "could", "might": "might", "shall": "shall"}
EN_ADVERBS = frozenset("often always never usually sometimes rarely mostly really also mainly "
                       "mostly seldom generally".split())
EN_MODAL_TO = {"want": "wants to", "like": "likes to", "prefer": "prefers to",
               "need": "needs to", "try": "tries to"}


def nl_stem(infinitive: str) -> str:
    """The ik-form of a regular Dutch verb: ``regelen`` → ``regel``, ``maken`` → ``maak``,
    ``bellen`` → ``bel``, ``reizen`` → ``reis``, ``leven`` → ``leef``."""
    if infinitive in NL_IRREGULAR:
        return NL_IRREGULAR[infinitive][0]
    stem = infinitive[:-2] if infinitive.endswith("en") else infinitive[:-1]
    if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
        return stem[:-1]  # bellen → bel
    if stem.endswith("z"):
        stem = stem[:-1] + "s"
    elif stem.endswith("v"):
        stem = stem[:-1] + "f"
    # An open syllable keeps its long vowel: maken → maak, lopen → loop (not regel, leer).
    if (len(stem) >= 3 and stem[-2] in "aeou" and stem[-1] not in "aeiouy"
            and stem[-3] not in "aeiou" and not stem.endswith(("el", "er", "em"))):
        stem = stem[:-1] + stem[-2] + stem[-1]
    return stem


def nl_third(stem: str) -> str:
    """``regel`` → ``regelt``, ``let`` → ``let``, ``vind`` → ``vindt``."""
    for ik, third in NL_IRREGULAR.values():
        if stem == ik:
            return third
    return stem if stem.endswith("t") else stem + "t"


def en_third(base: str) -> str:
    """``prefer`` → ``prefers``, ``try`` → ``tries``, ``go`` → ``goes``, ``be`` → ``is``."""
    first, _, rest = base.partition(" ")
    if first in EN_IRREGULAR:
        third = EN_IRREGULAR[first]
    elif re.search(r"[^aeiou]y$", first):
        third = first[:-1] + "ies"
    elif first.endswith(("s", "sh", "ch", "x", "z", "o")):
        third = first + "es"
    else:
        third = first + "s"
    return f"{third} {rest}".strip()


_VERBS = [(inf, base) for inf, _, base, _ in verb_entries()]
_STEMS = {inf: stem for inf, stem, _, _ in verb_entries() if stem}
_NOUNS = {inf: noun for inf, _, _, noun in verb_entries() if noun}
_NL_VERB_FORMS: dict[str, str] = {}  # any form (inf, ik, third) → infinitive
_EN_FORMS: dict[str, str] = {}  # nl infinitive → en base
_EN_VERB_FORMS: dict[str, str] = {}  # en base or third → nl infinitive
for _inf, _base in _VERBS:
    _stem = _STEMS.get(_inf) or nl_stem(_inf)
    for _form in (_inf, _stem, nl_third(_stem)):
        _NL_VERB_FORMS.setdefault(_form, _inf)
    _EN_FORMS[_inf] = _base
    _EN_VERB_FORMS.setdefault(_base.split()[0], _inf)
    _EN_VERB_FORMS.setdefault(en_third(_base).split()[0], _inf)
EN_BASE_OF_THIRD = {en_third(b).split()[0]: b.split()[0] for _, b in _VERBS}


# -- first person to third person ----------------------------------------------------------
HET_WORDS = frozenset("lidmaatschap abonnement contract pakket account huis werk geld "
                      "bedrijf product wachtwoord adres team gezin huishouden inkomen "
                      "salaris budget kind leven dorp land".split())


def _nl_possessive(next_word: str | None) -> str:
    """``mijn`` without a gender: plural nouns lose it, others take their article."""
    if next_word is None:
        return ""
    if next_word in HET_WORDS:
        return "het"
    if re.search(r"(en|s)$", next_word) and not next_word.endswith(("ss", "heid")):
        return ""
    return "de"


def third_person_nl(text: str) -> str | None:
    """A Dutch first-person item in the third person without a subject, or None."""
    words = text.strip().rstrip(".!").split()
    lowered = [w.lower() for w in words]
    if "ik" not in lowered:
        return None
    i = lowered.index("ik")
    if i == 0 and len(words) > 1:
        verb_at = 1  # "Ik regel ..."
    elif i > 0:
        verb_at = i - 1  # inversion: "Bij problemen wil ik ..."
    else:
        return None
    verb = lowered[verb_at]
    third = nl_third(verb)
    rest = [w for j, w in enumerate(words) if j not in (i, verb_at)]
    if verb_at == i - 1 and verb_at > 0:
        rest = words[:verb_at] + words[i + 1:]
        rest = [rest[0].lower() if not _is_proper(rest[0]) else rest[0], *rest[1:]]
    out: list[str] = []
    for j, word in enumerate(rest):
        low = word.lower()
        if low == "mijn":
            article = _nl_possessive(rest[j + 1].lower() if j + 1 < len(rest) else None)
            if article:
                out.append(article)
        elif low in ("ik",):
            out.append("hij of zij")
        elif low in ("mij", "me"):
            out.append("hem of haar")
        elif low in ("mijzelf", "mezelf"):
            out.append("zichzelf")
        else:
            out.append(word)
    return " ".join([third, *out])


def _is_proper(word: str) -> bool:
    return word[:1].isupper() and word.lower() not in NL_TO_EN and word.lower() not in (
        NL_FUNCTION | EN_FUNCTION)


def third_person_en(text: str) -> str | None:
    """An English first-person item in the third person without a subject, or None."""
    words = text.strip().rstrip(".!").split()
    lowered = [w.lower() for w in words]
    contracted = {"i'm": ("i", "am"), "i've": ("i", "have"), "i'd": ("i", "would"),
                  "i'll": ("i", "will")}
    expanded: list[str] = []
    for word, low in zip(words, lowered, strict=True):
        expanded += list(contracted[low]) if low in contracted else [word]
    lowered = [w.lower() for w in expanded]
    if "i" not in lowered:
        return None
    candidates = [k for k, w in enumerate(lowered) if w == "i"]
    # "When I have a problem, I want to call": the subject after the comma leads.
    i = next((k for k in candidates if k > 0 and expanded[k - 1].endswith(",")),
             candidates[0])
    j = i + 1
    while j < len(expanded) and lowered[j] in EN_ADVERBS:
        j += 1  # "I often shop online": the adverb stays before the verb
    if j >= len(expanded):
        return None
    verb = lowered[j]
    third = {"am": "is", "don't": "doesn't"}.get(verb) or en_third(verb)
    main = [*expanded[i + 1:j], third, *expanded[j + 1:]]
    if i > 0:
        # "When I have problems, I want ...": the clause goes after the main verb.
        lead = " ".join(expanded[:i]).rstrip(",")
        main.append(lead[:1].lower() + lead[1:])
    return _en_pronouns(" ".join(main))


def _en_pronouns(text: str) -> str:
    swaps = {"my": "their", "me": "them", "myself": "themselves", "mine": "theirs",
             "i": "they", "am": "are"}
    return " ".join(swaps.get(w.lower(), w) if w.lower() in swaps else w for w in text.split())


# -- statements across languages ----------------------------------------------------------
def statement_nl_to_en(third: str) -> str | None:
    """A Dutch third-person statement in English, or None when a pattern or word fails."""
    words = third.lower().split()
    if not words or words[0] not in _NL_VERB_FORMS:
        return None
    verb = _EN_FORMS[_NL_VERB_FORMS[words[0]]]
    rest = words[1:]
    lead = en_third(verb)
    for adverb, phrase in ((("het", "liefst"), "prefers to"), (("graag",), "likes to")):
        at = _find(rest, list(adverb))
        if at is not None:
            rest = rest[:at] + rest[at + len(adverb):]
            lead = f"{phrase} {verb}"
            break
    else:
        if verb.split()[0] in ("want", "can", "must", "will", "may") and rest and (
                rest[-1] in _NL_VERB_FORMS):
            infinitive = _EN_FORMS[_NL_VERB_FORMS[rest[-1]]]
            lead = (f"wants to {infinitive}" if verb == "want"
                    else f"{en_third(verb)} {infinitive}")
            rest = rest[:-1]
    if any(w in ("bij", "dat", "om", "omdat", "als", "wanneer", "die", "te") for w in rest):
        return None  # word order differs there: a word-by-word result would mislead
    text, complete = _translate_words(rest, NL_TO_EN, NL_PHRASES)
    return f"{lead} {text}".strip() if complete else None


def statement_en_to_nl(third: str) -> str | None:
    """An English third-person statement in Dutch, or None when a pattern or word fails."""
    words = third.lower().split()
    if len(words) < 2:
        return None
    lead_nl: list[str]
    tail: list[str] = []
    if words[0] in ("prefers", "likes", "wants") and words[1] == "to" and len(words) > 2:
        infinitive = _EN_VERB_FORMS.get(words[2])
        if infinitive is None:
            return None
        stem = nl_third(_STEMS.get(infinitive) or nl_stem(infinitive))
        if words[0] == "wants":
            lead_nl, tail = ["wil"], [infinitive]
        else:
            lead_nl = [stem, "het liefst" if words[0] == "prefers" else "graag"]
        rest = words[3:]
    elif words[0] in EN_BASE_OF_THIRD or words[0] == "is":
        infinitive = _EN_VERB_FORMS.get(EN_BASE_OF_THIRD.get(words[0], "be"), "zijn")
        lead_nl, rest = [nl_third(_STEMS.get(infinitive) or nl_stem(infinitive))], words[1:]
    else:
        return None
    base = _EN_FORMS.get(infinitive, "")
    particle = base.split()[1:]
    if particle and rest[:len(particle)] == particle:
        rest = rest[len(particle):]  # "speak to a staff member": the "to" is the verb's
    if any(w in ("that", "when", "if", "because", "who", "which") for w in rest):
        return None
    text, complete = _translate_words(rest, EN_TO_NL)
    if complete and text.split()[:1] in (["naar"], ["door"], ["op"]):
        return None  # a preposition whose Dutch depends on the verb
    return " ".join([*lead_nl, text, *tail]).replace("  ", " ").strip() if complete else None


def _find(words: list[str], part: list[str]) -> int | None:
    for i in range(len(words) - len(part) + 1):
        if words[i:i + len(part)] == part:
            return i
    return None


def topics(words: list[str], source: str, target: str, limit: int = 3) -> list[str]:
    """The known content words of a text, in *target* (for a neutral description)."""
    table = NL_TO_EN if source == "nl" else EN_TO_NL
    function = NL_FUNCTION if source == "nl" else EN_FUNCTION
    out: list[str] = []
    for word in words:
        if source == "nl" and word in _NL_VERB_FORMS and _NL_VERB_FORMS[word] in _NOUNS:
            noun = _NOUNS[_NL_VERB_FORMS[word]]
            translated = noun if target == "en" else EN_TO_NL.get(noun, word)
            out += [] if translated in out else [translated]
            continue
        if word in function or word not in table or len(word) < 3 or word in NOT_TOPICS or (
                source == "en" and EN_TO_NL.get(word) in NOT_TOPICS):
            continue
        translated = table[word] if source != target else word
        if translated not in out and translated not in (
                EN_FUNCTION if target == "en" else NL_FUNCTION):
            out.append(translated)
    return out[:limit]


def _described(kind: str, found: list[str], lang: str) -> str:
    from personakit.i18n import t

    joined = t("voice.and", lang).join([", ".join(found[:-1]), found[-1]]) if len(
        found) > 1 else (found[0] if found else "")
    key = f"voice.label.{kind}.{'topic' if found else 'plain'}"
    return t(key, lang, topic=joined)


# -- deriving a label ----------------------------------------------------------------------
def derive_label(name: str) -> Label:
    """The label of column *name* (or survey text) in both languages."""
    parts = [p for p in name.split("__") if p]
    if len(parts) >= 2:
        return _linked_label(parts)
    scale_match = SCALE.search(name)
    scale = f"{scale_match.group(1)}-{scale_match.group(2)}" if scale_match else None
    text = SCALE.sub("", name).strip() if scale_match else name.strip()
    words = words_of(text)
    if not words:
        return Label(nl=name, en=name)
    source = guess_language(words)
    if len(words) > SHORT_WORDS or text.endswith("?") or (
            {"ik", "i"} & set(words) and len(words) >= 3):
        return _sentence_label(text, words, source, scale)
    unit = UNITS.get(words[-1]) if len(words) > 1 else None
    if unit is not None:
        label = _short_label(words[:-1], scale)
        nl_unit = words[-1] if source == "nl" else _unit_word(unit, "nl")
        en_unit = _unit_word(unit, "en") if source == "nl" else words[-1]
        return replace(label, nl=f"{label.nl} ({nl_unit})", en=f"{label.en} ({en_unit})",
                       unit=unit)
    return _short_label(words, scale)


def _unit_word(unit: str, lang: str) -> str:
    from personakit.i18n import t

    return t(f"voice.unit.{unit}", lang, value="").strip()


def _with_scale(text: str, scale: str | None) -> str:
    return f"{text} ({scale})" if scale else text


# Abbreviations read the same in both languages, in capitals ("nps" is NPS).
ACRONYMS = frozenset({"nps", "csat", "ces", "kpi", "clv", "roi", "bsn", "iban", "sms", "crm",
                      "cbs", "wmo", "ww", "zzp", "b2b", "b2c"})


def _short_label(words: list[str], scale: str | None) -> Label:
    if all(w in ACRONYMS or _is_code(w) for w in words) and any(w in ACRONYMS for w in words):
        text = " ".join(w.upper() if w in ACRONYMS else w for w in words)
        return Label(nl=_with_scale(text, scale), en=_with_scale(text, scale), scale=scale)
    en, en_ok = _translate_words(words, NL_TO_EN, NL_PHRASES)
    nl, nl_ok = _translate_words(words, EN_TO_NL)
    own = " ".join(words)
    source = guess_language(words)
    if source == "nl":
        nl = own
        en = en if en_ok else _described("column", topics(words, "nl", "en"), "en")
    else:
        en = own
        nl = nl if nl_ok else _described("column", topics(words, "en", "nl"), "nl")
    return Label(nl=_with_scale(nl, scale), en=_with_scale(en, scale), scale=scale)


def _is_question(text: str, words: list[str], source: str) -> bool:
    starts = QUESTION_WORDS_NL if source == "nl" else QUESTION_WORDS_EN
    first_two = " ".join(words[:2])
    if text.rstrip().endswith("?"):
        return True
    if {"ik", "i"} & set(words):
        return False
    return words[0] in starts or first_two in starts or any(
        w in ("u", "uw", "you", "your") for w in words)


def _sentence_label(text: str, words: list[str], source: str, scale: str | None) -> Label:
    other = "en" if source == "nl" else "nl"
    first_person = third_person_nl(text) if source == "nl" else third_person_en(text)
    if first_person is not None and not _is_question(text, words, source):
        own = first_person
        crossed = (statement_nl_to_en(own) if source == "nl" else statement_en_to_nl(own))
        found = topics(words, source, other)
        described = _described("statement", found, other)
        statement_other = crossed
        by_lang = {source: (own, own), other: (crossed or described, statement_other)}
        return Label(nl=by_lang["nl"][0], en=by_lang["en"][0],
                     statement_nl=by_lang["nl"][1], statement_en=by_lang["en"][1],
                     kind="statement", scale=scale)
    own = text.rstrip("?").strip()
    found = topics(words, source, other)
    quoted = f"‘{own}’" if source == "nl" else f"'{own}'"
    labels = {source: _with_scale(quoted, scale),
              other: _with_scale(_described("question", found, other), scale)}
    return Label(nl=labels["nl"], en=labels["en"], kind="question", scale=scale)


LINKED_STATS = ("distinct", "mean", "sum", "max", "min")


def _linked_label(parts: list[str]) -> Label:
    """``web__stap__offerte`` → "stap: offerte (web)"; ``chats__n`` → records in chats."""
    from personakit.i18n import t

    source, rest = parts[0], parts[1:]
    if rest == ["n"]:
        return Label(nl=t("persona.label.count", "nl", source=source),
                     en=t("persona.label.count", "en", source=source))
    inner = derive_label(rest[0])
    if len(rest) == 2 and rest[1] in LINKED_STATS:
        return Label(**{lang: t(f"persona.label.{rest[1]}", lang, column=inner.text(lang),
                                source=source) for lang in ("nl", "en")})
    if len(rest) == 2:
        # A level is a data value: translated when every word is known, else as it is
        # ("organisch"), never the neutral "a column".
        return Label(nl=f"{inner.nl}: {level_text(rest[1], 'nl')} ({source})",
                     en=f"{inner.en}: {level_text(rest[1], 'en')} ({source})")
    return Label(nl=f"{inner.nl} ({source})", en=f"{inner.en} ({source})")


def level_text(level: str, lang: str) -> str:
    """A data value in *lang*: translated when every word is known, else as it is."""
    words = words_of(level)
    if not words:
        return level
    table = NL_TO_EN if lang == "en" else EN_TO_NL
    source = guess_language(words)
    if (source == "nl") == (lang == "nl"):
        return level
    text, complete = _translate_words(words, table, NL_PHRASES if lang == "en" else None)
    return text if complete else level


# -- the labels of a workspace -------------------------------------------------------------
def apply_override(label: Label, override: Any) -> Label:
    """*label* with the user's ``[sources.NAME.labels]`` entry (a string or a table)."""
    if isinstance(override, str):
        return replace(label, nl=override, en=override)
    fields = override if isinstance(override, Mapping) else override.model_dump()
    given = {k: v for k, v in fields.items() if v is not None and k in (
        "nl", "en", "statement_nl", "statement_en")}
    if given.get("statement_nl") or given.get("statement_en"):
        given.setdefault("kind", "statement")
    return replace(label, **given)


class Labels:
    """Labels of a set of columns: derived once per name, the user's overrides first."""

    def __init__(self, overrides: Mapping[str, Any] | None = None) -> None:
        self._overrides = dict(overrides or {})
        self._cache: dict[str, Label] = {}

    def __call__(self, column: str) -> Label:
        if column not in self._cache:
            label = derive_label(column)
            base = column.split("__")[-1] if "__" in column else column
            override = self._overrides.get(column, self._overrides.get(base))
            self._cache[column] = apply_override(label, override) if override else label
        return self._cache[column]

    def text(self, column: str, lang: str) -> str:
        return self(column).text(lang)

    def table(self, columns: Iterable[str]) -> dict[str, dict[str, str | None]]:
        return {c: self(c).as_dict() for c in columns}


def workspace_labels(config: Any) -> Labels:
    """The labels of a workspace: the overrides of every source, by column name."""
    overrides: dict[str, Any] = {}
    for source_name, source in getattr(config, "sources", {}).items():
        for column, override in getattr(source, "labels", {}).items():
            overrides.setdefault(column, override)
            overrides[f"{source_name}__{column}"] = override
    return Labels(overrides)


_ACTIVE: ContextVar[Labels | None] = ContextVar("personakit_labels", default=None)
_DERIVED = Labels()


def active_labels() -> Labels:
    """The labels of the synthesis under way (see :func:`using_labels`), else derived ones."""
    return _ACTIVE.get() or _DERIVED


@contextmanager
def using_labels(labels: Labels) -> Iterator[Labels]:
    """Make *labels* the ones every statement, name and narrative of this run uses."""
    token = _ACTIVE.set(labels)
    try:
        yield labels
    finally:
        _ACTIVE.reset(token)
