"""The language of a text: function words first, character trigrams when they are few.

Small and offline (no model download, issue 11): the commonest function words of Dutch,
English, German and French settle almost every text of a sentence or more; a short text
("Top service!") is decided by how its letter trigrams resemble each language's, and one
with no evidence at all gets the caller's default. Measured on the sample organisation's
reviews, interviews and chats (``benchmarks/bench_texts_pii.py`` prints it).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import cache

LANGUAGES = ("nl", "en", "de", "fr")
# A language wins on function words when it has at least this many and this margin.
MIN_WORD_HITS = 2
WORD_MARGIN = 1.5
# Without that, letter trigrams decide, but only against the default language by this
# margin and on this many letters: "Super, dank je!" stays Dutch in a Dutch workspace.
TRIGRAM_MARGIN = 1.2
MIN_TRIGRAM_LETTERS = 20

_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "nl": frozenset("""
de het een en van ik je jij u is niet dat die op te in met voor maar zijn er om ook als
bij nog wel naar dan wat heb heeft hebben was waren werd wordt worden kan kunnen moet
moeten zou zouden geen meer al mijn onze ons jullie hun zij ze wij we hij zij dit deze
daar hier waar hoe wanneer omdat want dus toch even heel erg echt gewoon nooit altijd
veel weinig alles iets niets niks mij me zich zelf uit over tot door na tegen zonder
sinds tijdens ben bent gaat ging gaan doen deed gedaan krijg kreeg gekregen goed slecht
jaar keer alleen waarom of nu toen wie welke weer ja nee helemaal eigenlijk zeker
dank bedankt fijn prima graag snel duidelijk helaas jammer lang laat klant monteur
""".split()),
    "en": frozenset("""
the a an and of i you he she it we they is are was were be been being not that this
these those on to in with for but there as at by from or so if then than what which
who whom how when where why have has had do does did can could will would should must
my your our their his her its me him us them no yes very really just all any some
more most much many only also still again too about after before into over under
out up down off get got getting been am don't didn't can't won't i'm it's great
""".split()),
    "de": frozenset("""
der die das und ist nicht ich du sie er es wir ihr ein eine einen einem einer mit
auf für von zu den dem des im in ist war waren sind wird werden auch noch nur aber
wenn dann weil dass sehr schon immer wieder mein meine unser unsere kein keine hat
haben hatte gibt bei aus nach über oder wie was wo warum gut schlecht viel mehr
""".split()),
    "fr": frozenset("""
le la les un une des et est sont était pas ne je tu il elle nous vous ils elles de du
au aux en dans avec pour sur par que qui quoi mais ou donc car ce cette ces mon ma mes
notre nos leur leurs très bien mal tout tous toute plus moins aussi encore jamais
toujours avoir été fait faire peut sans chez comme
""".split()),
}
# Typical running text per language, from which each language's trigram profile is built.
_PROFILE_TEXT = {
    "nl": """
ik ben al jaren lid en de hulp was snel geregeld. de monteur was vriendelijk en wist
precies wat hij moest doen. helaas duurde het wachten lang, de app gaf geen melding.
het lidmaatschap is wel duur geworden, de prijs gaat elk jaar omhoog. goede service,
aanrader. mijn auto had pech op de snelweg en binnen een uur stond er iemand. het
inloggen lukt niet na de laatste update. vriendelijke medewerkers aan de telefoon.
we gaan elk jaar op vakantie met de caravan, pechhulp in het buitenland is onmisbaar.
de fietsservice is handig, de band was zo geplakt. slechte bereikbaarheid, lang wachten.
""",
    "en": """
i have been a member for years and the help arrived quickly. the mechanic was friendly
and knew exactly what to do. unfortunately the waiting time was long and the app did not
send a notification. the membership has become expensive, the price goes up every year.
great service, highly recommended. my car broke down on the motorway and within an hour
someone was there. logging in does not work after the latest update. friendly staff.
""",
    "de": """
ich bin seit jahren mitglied und die hilfe kam schnell. der mechaniker war freundlich und
wusste genau was zu tun ist. leider war die wartezeit lang und die app hat keine
nachricht geschickt. die mitgliedschaft ist teuer geworden, der preis steigt jedes jahr.
""",
    "fr": """
je suis membre depuis des années et l'aide est arrivée rapidement. le mécanicien était
aimable et savait exactement quoi faire. malheureusement l'attente était longue et
l'application n'a pas envoyé de notification. l'adhésion est devenue chère.
""",
}
_WORD = re.compile(r"[a-zà-ÿ']+")
_PLACEHOLDER = re.compile(r"\[[^\]]{1,20}\]")


def _trigrams(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for word in _WORD.findall(text.lower()):
        padded = f" {word} "
        counts.update(padded[i:i + 3] for i in range(len(padded) - 2))
    return counts


@cache
def _profiles() -> dict[str, tuple[Counter[str], float]]:
    out = {}
    for lang, text in _PROFILE_TEXT.items():
        counts = _trigrams(text)
        for word in _FUNCTION_WORDS[lang]:
            counts.update(_trigrams(word))
        out[lang] = (counts, math.sqrt(sum(v * v for v in counts.values())))
    return out


def language_scores(text: str) -> dict[str, float]:
    """Function-word hits per language (the placeholders of redaction left out)."""
    words = _WORD.findall(_PLACEHOLDER.sub(" ", text).lower())
    return {lang: float(sum(1 for w in words if w in _FUNCTION_WORDS[lang]))
            for lang in LANGUAGES}


def trigram_scores(text: str) -> dict[str, float]:
    """Cosine similarity of *text*'s letter trigrams with each language's."""
    counts = _trigrams(_PLACEHOLDER.sub(" ", text))
    norm = math.sqrt(sum(v * v for v in counts.values()))
    if not norm:
        return dict.fromkeys(LANGUAGES, 0.0)
    return {lang: sum(v * profile.get(g, 0) for g, v in counts.items()) / (norm * size)
            for lang, (profile, size) in _profiles().items()}


def _by_trigrams(text: str, default: str) -> str:
    letters = sum(1 for c in text if c.isalpha())
    if letters < MIN_TRIGRAM_LETTERS:
        return default
    scores = trigram_scores(text)
    best = max(scores, key=lambda lang: scores[lang])
    if best != default and scores[best] >= TRIGRAM_MARGIN * scores.get(default, 0.0):
        return best
    return default


def detect_language(text: str, default: str = "nl") -> str:
    """``nl``, ``en``, ``de`` or ``fr`` for *text*; *default* when nothing tells."""
    scores = language_scores(text)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (first, top), (_, second) = ranked[0], ranked[1]
    if top >= MIN_WORD_HITS and top >= WORD_MARGIN * second:
        return first
    return _by_trigrams(text, default)
