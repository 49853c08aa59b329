"""Reviews: ~2,000 of the club by its members (some with their member number), and ~800
each of two competitors, from review-site exports in three shapes (CSV with a comma, CSV
with a semicolon in Windows-1252, JSON).

Every review plants one topic, praised or criticised: the club's per hidden segment (a
family writes about replacement cars too small for child seats, a senior about never
reaching a person), the competitors' per competitor (Wegwijs is cheap and slow, RijVrij has
the best app and nobody to call). A few are in English. The stars follow the sentiment.
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from personakit.sample import _review_phrases as rp
from personakit.sample import _segments as sg
from personakit.sample._text import PersonLookup, Planted, pii_value

CLUB_REVIEWS = 2000
COMPETITOR_REVIEWS = 800
MEMBER_SHARE = 0.35  # reviews that carry the writer's member number
PII_SHARE = 0.03
SHORT_SHARE = 0.06
# Who writes reviews: seniors and families more than their share, starters less.
WRITER_P = np.array([0.28, 0.26, 0.24, 0.14, 0.08])
START = date(2025, 2, 1)
SPAN_DAYS = 365
_SLOT = re.compile(r"\{(\w+)\}")
# Dutch names, as the other sources of the club ("recensie": a review).
CLUB_FILE = "recensies.csv"
COMPETITOR_FILES = {"Wegwijs Pechhulp": "recensies_wegwijs.csv",
                    "RijVrij": "recensies_rijvrij.json"}


@dataclass
class Review:
    id: str
    day: date
    stars: int
    text: str
    topic: str
    sentiment: str
    lang: str = "nl"
    key: int | None = None
    segment: str | None = None
    competitor: str | None = None
    planted: list[Planted] = field(default_factory=list)


def _fill(rnd: random.Random, text: str) -> str:
    return _SLOT.sub(lambda m: rnd.choice(rp.SLOTS[m.group(1)]), text)


def _weighted(rnd: random.Random, topics: Sequence[tuple[str, str, float]]) -> tuple[str, str]:
    topic, sentiment, _ = rnd.choices(list(topics), weights=[t[2] for t in topics])[0]
    return topic, sentiment


def _stars(rnd: random.Random, sentiment: str) -> int:
    if sentiment == "pos":
        return rnd.choices((5, 4, 3), weights=(0.6, 0.35, 0.05))[0]
    return rnd.choices((1, 2, 3), weights=(0.5, 0.35, 0.15))[0]


def _typo(rnd: random.Random, text: str) -> str:
    words = text.split(" ")
    long = [i for i, w in enumerate(words) if len(w) > 5 and w.isalpha()]
    if not long:
        return text
    i = rnd.choice(long)
    w = words[i]
    j = rnd.randrange(1, len(w) - 2)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


def _style(rnd: random.Random, text: str) -> str:
    """How people type: lower case, no full stop, exclamation marks, a typo."""
    roll = rnd.random()
    if roll < 0.07:
        text = text.lower()
    elif roll < 0.14:
        text = text.rstrip(".")
    elif roll < 0.19:
        text = text.rstrip(".!") + "!!"
    if rnd.random() < 0.05:
        text = _typo(rnd, text)
    return text


def compose(rnd: random.Random, bank: rp.Bank, topic: str, sentiment: str,
            general: bool = True) -> str:
    """A review about *topic*: an opener, one to three sentences, a closing word."""
    if rnd.random() < SHORT_SHARE:
        return rnd.choice(rp.SHORT[sentiment])
    parts = []
    if rnd.random() < 0.3:
        parts.append(_fill(rnd, rnd.choice(rp.OPENERS)))
    sentences = list(bank[(topic, sentiment)])
    count = rnd.choices((1, 2, 3), weights=(0.5, 0.35, 0.15))[0]
    parts += [_fill(rnd, s) for s in rnd.sample(sentences, min(count, len(sentences)))]
    if general and rnd.random() < 0.1:
        other, other_sentiment = _weighted(rnd, rp.GENERAL_TOPICS)
        if other != topic:
            parts.append(_fill(rnd, rnd.choice(rp.CLUB[(other, other_sentiment)])))
    if rnd.random() < 0.35:
        parts.append(rnd.choice(rp.CLOSERS[sentiment]))
    return _style(rnd, " ".join(parts))


def _day(rnd: random.Random) -> date:
    return START + timedelta(days=rnd.randrange(SPAN_DAYS))


def _plant(rnd: random.Random, review: Review, person_of: PersonLookup, member: int) -> None:
    kinds = tuple(rp.PII_SENTENCES)
    kind = rnd.choice(kinds)
    person = person_of(member)
    value = pii_value(rnd, kind, person, "")
    if kind == "name":
        value = value.split(" ")[0] if rnd.random() < 0.6 else value
    sentence = rnd.choice(rp.PII_SENTENCES[kind]).format(value=value)
    review.text = f"{sentence} {review.text}" if rnd.random() < 0.3 else \
        f"{review.text} {sentence}"
    review.planted.append(Planted(kind, value))


def club_reviews(rng: np.random.Generator, members: pd.DataFrame,
                 people: PersonLookup) -> list[Review]:
    """The club's reviews, each by a member of a segment (the number only sometimes shown)."""
    rnd = random.Random(int(rng.integers(2**62)))
    segments = members["segment"].to_numpy()
    keys = members["klantnummer"].to_numpy()
    by_segment = [np.flatnonzero(segments == i) for i in range(len(sg.SEGMENTS))]
    writers = rng.choice(len(sg.SEGMENTS), size=CLUB_REVIEWS, p=WRITER_P / WRITER_P.sum())
    reviews = []
    for n, index in enumerate(writers, start=1):
        code = sg.SEGMENTS[int(index)].code
        pool = by_segment[int(index)] if len(by_segment[int(index)]) else np.arange(len(keys))
        member = int(pool[rnd.randrange(len(pool))])
        topics = rp.SEGMENT_TOPICS[code]
        if rnd.random() < rp.GENERAL_SHARE:
            topics = rp.GENERAL_TOPICS
        topic, sentiment = _weighted(rnd, topics)
        lang = "nl"
        if rnd.random() < rp.ENGLISH_SHARE:
            lang = "en"
            if (topic, sentiment) not in rp.ENGLISH:
                topic, sentiment = rnd.choice(sorted(rp.ENGLISH))
            text = " ".join(_fill(rnd, s) for s in rnd.sample(
                list(rp.ENGLISH[(topic, sentiment)]), rnd.choice((1, 2))))
        else:
            text = compose(rnd, rp.CLUB, topic, sentiment)
        review = Review(f"R{n:05d}", _day(rnd), _stars(rnd, sentiment), text, topic,
                        sentiment, lang, segment=code,
                        key=int(keys[member]) if rnd.random() < MEMBER_SHARE else None)
        if lang == "nl" and rnd.random() < PII_SHARE:
            _plant(rnd, review, people, member)
        reviews.append(review)
    return sorted(reviews, key=lambda r: (r.day, r.id))


def competitor_reviews(rng: np.random.Generator, competitor: str, members: pd.DataFrame,
                       people: PersonLookup) -> list[Review]:
    """Reviews of *competitor* by people who are not (or not only) our members."""
    rnd = random.Random(int(rng.integers(2**62)))
    topics = rp.COMPETITORS[competitor]["topics"]
    assert isinstance(topics, tuple)
    prefix = "W" if competitor.startswith("Wegwijs") else "V"
    reviews = []
    for n in range(1, COMPETITOR_REVIEWS + 1):
        topic, sentiment = _weighted(rnd, topics)
        text = compose(rnd, rp.COMPETITOR_BANK, topic, sentiment, general=False)
        review = Review(f"{prefix}{n:04d}", _day(rnd), _stars(rnd, sentiment), text, topic,
                        sentiment, competitor=competitor)
        if rnd.random() < PII_SHARE:
            _plant(rnd, review, people, rnd.randrange(len(members)))
        reviews.append(review)
    return sorted(reviews, key=lambda r: (r.day, r.id))


# -- writing --------------------------------------------------------------------------------
def write_club(reviews: list[Review], path: Path) -> None:
    """A review site's export: comma-separated UTF-8, member number when the writer gave it."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["review_id", "datum", "sterren", "tekst", "lidnummer"])
        for r in reviews:
            writer.writerow([r.id, r.day.isoformat(), r.stars, r.text,
                             "" if r.key is None else r.key])


def write_wegwijs(reviews: list[Review], path: Path) -> None:
    """Another site's export: semicolons, Dutch dates, Windows-1252 (Excel on Windows)."""
    with path.open("w", encoding="cp1252", errors="replace", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(["id", "datum", "beoordeling", "recensie"])
        for r in reviews:
            writer.writerow([r.id, r.day.strftime("%d-%m-%Y"), r.stars, r.text])


def write_rijvrij(reviews: list[Review], path: Path) -> None:
    """An app store's JSON export."""
    records = [{"id": r.id, "date": r.day.isoformat(), "rating": r.stars, "text": r.text}
               for r in reviews]
    path.write_text(json.dumps({"reviews": records}, ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8", newline="\n")


def review_truth(source: str, reviews: list[Review]) -> pd.DataFrame:
    """Per review: its planted topic and sentiment, the writer's segment, the language."""
    rows = [(source, r.id, "", r.segment, r.key, r.sentiment, r.topic, r.lang, r.competitor,
             r.stars) for r in reviews]
    return pd.DataFrame(rows, columns=["source", "document", "part", "segment", "key",
                                       "aspect", "topic", "lang", "competitor", "rating"])
