"""What a variable is about, from its name: Dutch and English cues to canvas sections.

A column called ``app_gebruik`` or ``website_visits`` says something about digital skills;
``prijs``/``korting`` about what drives a choice; ``klacht`` about frustrations. Columns no
cue matches still give a readable statement in the generic section ``notes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from personakit.model import VariableEffect


@dataclass(frozen=True)
class Concept:
    """A theme of variables: where a higher and a lower value go on the canvas."""

    name: str
    cues: tuple[str, ...]
    up: str  # section when the profile has more of it
    down: str  # section when it has less


# First match wins, so the more specific themes come first.
CONCEPTS: tuple[Concept, ...] = (
    Concept("satisfaction", ("tevreden", "satisf", "nps", "aanbevel", "recommend", "waardering",
                             "rating", "score_klant", "csat", "ces"), "kpis", "frustrations"),
    Concept("churn", ("churn", "opzeg", "opgezegd", "cancel", "verloop", "vertrek"),
            "kpis", "kpis"),
    Concept("loyalty", ("loyal", "trouw", "lidmaatschapsduur", "klant_sinds", "lid_sinds",
                        "tenure", "looptijd"), "buying", "buying"),
    Concept("complaint", ("klacht", "complain", "storing", "probleem", "problem", "fout",
                          "error", "wachttijd", "wait", "escalat", "ontevreden"),
            "frustrations", "expectations"),
    Concept("price", ("prijs", "price", "korting", "discount", "premie", "kosten", "cost",
                      "tarief", "aanbieding", "actie", "voordeel", "goedkoop", "budget",
                      "schuld", "achterstand", "inkomen_laag"), "drivers", "barriers"),
    Concept("fear", ("zorg", "worry", "angst", "fear", "onzeker", "uncertain", "risico", "risk",
                     "veilig", "safety", "privacy"), "fears", "fears"),
    Concept("goal", ("doel", "goal", "wens", "wish", "ambitie", "ambition", "droom", "dream",
                     "interesse", "interest", "motief", "motive", "werk_zoek", "uitstroom"),
            "goals", "goals"),
    Concept("digital", ("app", "website", "online", "web", "digitaal", "digital", "login",
                        "inlog", "portal", "mijn_", "selfservice", "zelfservice", "zelf_regel",
                        "internet", "smartphone", "ideal", "digid", "pagina", "sessie",
                        "session", "klik", "click", "funnel", "stap"), "skills", "barriers"),
    Concept("contact", ("contact", "telefoon", "phone", "call", "chat", "kanaal",
                        "channel", "balie", "loket", "post", "mail", "bellen", "gebeld",
                        "whatsapp", "gesprek",
                        "afspraak", "bezoek"), "channels", "channels"),
    Concept("media", ("nieuwsbrief", "newsletter", "media", "social", "facebook", "instagram",
                      "linkedin", "tiktok", "tv", "radio", "krant", "magazine", "podcast",
                      "advert", "reclame", "youtube"), "media", "media"),
    Concept("buying", ("aankoop", "purchase", "order", "bestel", "product", "abonnement",
                       "subscription", "contract", "pakket", "package", "verleng", "renew",
                       "offerte", "quote", "upgrade", "cross", "omzet", "revenue", "spend",
                       "besteding", "waarde", "value", "aantal_producten", "polis", "lid",
                       "lidmaatschap", "optie", "betaal", "incasso"),
            "buying", "buying"),
    Concept("skill", ("vaardig", "skill", "taal", "language", "opleiding", "education",
                      "diploma", "ervaring", "experience", "rijbewijs", "zelfredzaam"),
            "skills", "barriers"),
    Concept("expectation", ("verwacht", "expect", "snel", "speed", "service", "levertijd",
                            "delivery", "reactietijd", "response"), "expectations",
            "expectations"),
    Concept("demographics", ("leeftijd", "age", "geslacht", "gender", "sekse", "woonplaats",
                             "plaats", "regio", "region", "provincie", "province", "stad",
                             "city", "stedelijk", "urban", "huishouden", "household",
                             "kinderen", "children", "gezin", "family", "inkomen", "income",
                             "burgerlijke", "marital", "geboorte", "birth", "nationaliteit",
                             "herkomst"), "demographics", "demographics"),
)
GENERIC = Concept("generic", (), "notes", "notes")

# Words only: "0" and "1" may be counts (household size 1 is not "yes").
TRUE_LEVELS = frozenset({"true", "ja", "yes", "j", "y", "waar", "wel"})
FALSE_LEVELS = frozenset({"false", "nee", "no", "n", "onwaar", "niet", "geen"})


def _tokens(name: str) -> str:
    return "_" + re.sub(r"[^a-z0-9]+", "_", name.lower()) + "_"


# Short cues are whole words ("age" is not in "page"), except these, which start words.
PREFIX_CUES = frozenset({"app", "web"})


def _matches(cue: str, text: str) -> bool:
    if len(cue) > 3:
        return cue in text
    return (f"_{cue}" in text) if cue in PREFIX_CUES else (f"_{cue}_" in text)


def concept_of(variable: str, level: str | None = None) -> Concept:
    """The theme of *variable* (its level counts too: ``kanaal = app`` is digital)."""
    text = _tokens(variable)
    for concept in CONCEPTS:
        if any(_matches(cue, text) for cue in concept.cues):
            return concept
    if level is not None:
        level_text = _tokens(level)
        for concept in CONCEPTS:
            if concept.name in {"digital", "contact", "media"} and any(
                _matches(cue, level_text) for cue in concept.cues
            ):
                return concept
    return GENERIC


def _words(name: str) -> str:
    return re.sub(r"[_\s]+", " ", re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)).strip()


def label(variable: str, lang: str = "en") -> str:
    """A column's short label in *lang* (see :mod:`personakit.persona._labels`): derived
    from its name or question text, the workspace's ``[sources.NAME.labels]`` first."""
    from personakit.persona._labels import active_labels

    return active_labels().text(variable, lang)


# Dates and times as numbers ("mean of last visit") say nothing a person would recognise.
# Whole words or word endings: "leeftijd" and "update_count" are not times.
TIME_WORDS = frozenset({"tijdstip", "timestamp", "ingevuld", "time", "datetime", "moment"})
TIME_ENDINGS = ("datum", "date")
TIME_SUFFIXES = ("last", "first")


def is_time_variable(variable: str) -> bool:
    words = [w for w in _tokens(variable).split("_") if w]
    return (variable.split("__")[-1] in TIME_SUFFIXES or bool(TIME_WORDS & set(words))
            or any(w.endswith(TIME_ENDINGS) and w not in ("update", "mandate") for w in words))


# A 0/1 level is yes/no unless the column counts something ("aantal_klachten = 1").
COUNT_CUES = ("aantal", "count", "number", "num", "grootte", "size", "bezoek", "visit",
              "melding", "keer", "times", "contacten", "klachten", "kinderen", "personen")


def boolean_level(level: str | None, variable: str = "") -> bool | None:
    """True/False for yes/no levels (``ja``, ``nee``, and 1/0 of a yes/no column)."""
    if level is None:
        return None
    lowered = level.strip().lower()
    if lowered in TRUE_LEVELS:
        return True
    if lowered in FALSE_LEVELS:
        return False
    if lowered in ("1", "1.0", "0", "0.0") and not any(
            cue in variable.lower() for cue in COUNT_CUES) and "__" not in variable:
        return lowered.startswith("1")
    return None


def zero_level(level: str | None) -> bool:
    """A count's level "0": more members at zero means less of the variable."""
    try:
        return level is not None and float(level.strip().replace(",", ".")) == 0
    except ValueError:
        return False


def direction(effect: VariableEffect) -> int:
    """+1 when the profile has more of the variable (or says 'yes' more), -1 when less."""
    sign = 1 if effect.effect > 0 else -1
    boolean = boolean_level(effect.level, effect.variable)
    negative = boolean is False or (boolean is None and zero_level(effect.level))
    return -sign if negative else sign


def section_of(effect: VariableEffect) -> str:
    concept = concept_of(effect.variable, effect.level)
    return concept.up if direction(effect) > 0 else concept.down
