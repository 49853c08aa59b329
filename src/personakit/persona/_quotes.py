"""Quotes: the open answers and chat lines most typical of a persona, with PII removed.

Typicality is measured against the whole population, not by frequency: every term gets its
lift, ``log`` of its mean TF-IDF weight among the profile's lines over that among everyone
else's (smoothed), times its weight in the profile. A line scores the sum of its terms'
TF-IDF weights times those term weights, times its author's assignment probability: a line
in words this profile uses and others do not, written by a clear member. A line everyone
writes scores about zero.

Quotes are allotted over all personas at once, most typical (relative to the persona's best)
first: a quote, or a near-duplicate of it (same words after normalisation, or a shared
sentence or clause), is never on two personas, and one persona's quotes come from different people.
A line that names a person, carries more than two pieces of personal data or an
identifier-like code (an order number, a licence plate) is never quoted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from personakit.i18n import LANGUAGES, t
from personakit.model import CustomerProfile, Quote
from personakit.privacy import Recognizer, scrub

MIN_CHARS, MAX_CHARS = 25, 280
MAX_TEXTS = 40_000  # enough to find typical lines; keeps TF-IDF well under a second
MAX_SCANNED = 3_000  # distinct lines per profile looked at, most typical first
CANDIDATES = 60  # suitable quotes kept per profile before allotting
MAX_FINDINGS = 2  # a line with more personal data than this is about one person
NEAR_DUPLICATE = 0.6  # Jaccard similarity of word sets at which two quotes count as one
SHARED_CLAUSE_WORDS = 5  # a shared sentence or clause this long makes two quotes one
SPEAKER_COLUMNS = ("speaker", "role", "afzender", "sender", "author", "van")
CUSTOMER_SPEAKERS = frozenset({"klant", "customer", "client", "burger", "user", "gebruiker"})
ID_LIKE = re.compile(
    r"\d{5,}"  # account, order and case numbers
    r"|\b(?=\w*\d)(?=\w*[a-zA-Z])\w{6,}\b"  # codes mixing letters and digits
    r"|\b[A-Za-z0-9]{1,3}-[A-Za-z0-9]{2,3}-[A-Za-z0-9]{1,3}\b"  # Dutch licence plates
)
PLACEHOLDER = re.compile(r"\[[^\]]*\]")
QUOTE_CHARS = 160  # a longer answer is quoted by its first sentences up to this length
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\s*\n+\s*")

SectionOf = Callable[[str, str], str | None]  # (source, column) → canvas section


def customer_lines(texts: pd.DataFrame) -> pd.DataFrame:
    """Open answers and the customer's own chat lines (never an agent's)."""
    for column in SPEAKER_COLUMNS:
        if column in texts.columns:
            spoken = texts[column].astype(str).str.strip().str.lower()
            texts = texts[spoken.isin(CUSTOMER_SPEAKERS) | texts[column].isna()]
    text = texts["text"].astype(str).str.strip()
    return texts.assign(text=text)[text.str.len().between(MIN_CHARS, MAX_CHARS)]


@dataclass
class QuoteSelection:
    """The quotes of every profile, their own-words answers per section, and why few."""

    quotes: dict[str, list[Quote]] = field(default_factory=dict)
    voices: dict[str, list[Quote]] = field(default_factory=dict)
    notes: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class _Candidate:
    profile: str
    quote: Quote
    author: str
    relative: float
    signature: tuple[frozenset[str], frozenset[str]]


def select_quotes(
    texts: pd.DataFrame | None,
    members: pd.DataFrame | None,
    profiles: Sequence[CustomerProfile],
    *,
    min_group_size: int,
    max_quotes: int,
    lang: str,
    extra: Sequence[Recognizer] = (),
) -> dict[str, list[Quote]]:
    """Up to *max_quotes* scrubbed quotes per profile id (none for small profiles)."""
    return choose_quotes(texts, members, profiles, min_group_size=min_group_size,
                         max_quotes=max_quotes, lang=lang, extra=extra).quotes


def choose_quotes(
    texts: pd.DataFrame | None,
    members: pd.DataFrame | None,
    profiles: Sequence[CustomerProfile],
    *,
    min_group_size: int,
    max_quotes: int,
    lang: str,
    min_quotes: int = 3,
    extra: Sequence[Recognizer] = (),
    section_of: SectionOf | None = None,
) -> QuoteSelection:
    """Quotes for every profile, distinct over all profiles; a note where fewer than
    *min_quotes*; with *section_of*, one own-words answer per canvas section as well."""
    eligible = [p for p in sorted(profiles, key=lambda p: p.index) if p.size >= min_group_size]
    lines = _lines(texts, members)
    candidates: dict[str, list[_Candidate]] = {}
    short: dict[str, str] = {}
    if texts is None or texts.empty:
        short = dict.fromkeys((p.id for p in eligible), "none_in_data")
    elif members is None or members.empty:
        short = dict.fromkeys((p.id for p in eligible), "no_members")
    else:
        matrix = _matrix(lines)
        for profile in eligible:
            mask = (lines["profile_id"] == profile.id).to_numpy()
            # Quotes only from a pool of enough different people (minimum group size).
            if lines.loc[mask, "key"].nunique() < min_group_size or matrix is None:
                short[profile.id] = "too_few_people"
                continue
            scores = _typicality(matrix, mask, lines["confidence"].to_numpy())
            candidates[profile.id] = _candidates(profile.id, lines[mask], scores[mask],
                                                 lang, extra, section_of)
    # The first quotes, then one own-words answer per canvas section, then the rest: a
    # section filled in the customer's words is worth more than a fifth quote.
    state = _Allotment()
    _allot(candidates, min(min_quotes, max_quotes), state)
    if section_of is not None:
        _allot(candidates, 1, state, by_section=True)
    _allot(candidates, max_quotes, state)
    selection = QuoteSelection(quotes=_strip(state.result(), "quotes:"),
                               voices=_strip(state.result(), "voices:"))
    for profile in eligible:
        count = len(selection.quotes.get(profile.id, []))
        if count < min_quotes:
            reason = short.get(profile.id, "few")
            selection.notes[profile.id] = {
                code: t(f"canvas.quotes.{reason}", code, n=min_group_size, count=count,
                        min=min_quotes) for code in LANGUAGES}
    return selection


def _lines(texts: pd.DataFrame | None, members: pd.DataFrame | None) -> pd.DataFrame:
    if texts is None or members is None or texts.empty or members.empty:
        return pd.DataFrame(columns=["key", "profile_id", "text", "confidence"])
    lines = customer_lines(texts)
    keep = [c for c in ("key", "profile_id", "confidence") if c in members.columns]
    lines = lines.assign(key=lines["key"].astype(str)).merge(
        members.assign(key=members["key"].astype(str))[keep], on="key")
    if "confidence" not in lines.columns:
        lines = lines.assign(confidence=1.0)
    lines = lines.assign(confidence=pd.to_numeric(lines["confidence"], errors="coerce")
                         .fillna(0.0).clip(0.0, 1.0))
    # Sorted before sampling: the same data in another order gives the same quotes.
    lines = lines.sort_values(["profile_id", "key", "text"]).reset_index(drop=True)
    if len(lines) > MAX_TEXTS:
        lines = lines.sample(MAX_TEXTS, random_state=0).sort_values(
            ["profile_id", "key", "text"]).reset_index(drop=True)
    return lines


def _matrix(lines: pd.DataFrame) -> Any:
    if len(lines) <= 2:
        return None
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        return TfidfVectorizer(sublinear_tf=True, min_df=2, max_features=20_000).fit_transform(
            lines["text"])
    except ValueError:  # no term in two lines: nothing is typical of anyone
        return None


def _typicality(matrix: Any, mask: np.ndarray, confidence: np.ndarray) -> np.ndarray:
    """Per line: sum over its terms of TF-IDF × term lift of this profile, × confidence."""
    own = np.asarray(matrix[mask].mean(axis=0)).ravel()
    if (~mask).any():
        rest = np.asarray(matrix[~mask].mean(axis=0)).ravel()
        overall = np.asarray(matrix.mean(axis=0)).ravel()
        # Smoothing at a typical term weight keeps rare terms from huge lifts.
        smooth = float(np.median(overall[overall > 0])) if (overall > 0).any() else 1.0
        weights = own * np.log((own + smooth) / (rest + smooth))
    else:
        weights = own  # one profile only: typical is simply close to its centroid
    scores: np.ndarray = np.asarray(matrix @ weights).ravel() * confidence
    return scores


def _candidates(profile: str, lines: pd.DataFrame, scores: np.ndarray, lang: str,
                extra: Sequence[Recognizer], section_of: SectionOf | None) -> list[_Candidate]:
    order = np.lexsort((lines["text"].to_numpy(), -scores))
    found: list[_Candidate] = []
    seen: set[str] = set()
    best = float(scores[order[0]]) if len(order) else 0.0
    for position in order[:MAX_SCANNED * 4]:
        score = float(scores[int(position)])
        if score <= 0 or len(found) >= CANDIDATES or len(seen) >= MAX_SCANNED:
            break
        row = lines.iloc[int(position)]
        raw = " ".join(str(row["text"]).lower().split())
        if raw in seen:
            continue
        seen.add(raw)
        quote = _quote(row, score, lang, extra, section_of)
        if quote is None:
            continue
        signature = _signature(quote.text)
        if any(_near(signature, c.signature) for c in found):
            continue
        found.append(_Candidate(profile, quote, str(row["key"]), score / best, signature))
    return found


def _quote(row: pd.Series, score: float, lang: str, extra: Sequence[Recognizer],
           section_of: SectionOf | None) -> Quote | None:
    text = str(row["text"])
    result = scrub(text, lang, extra=extra)
    # A line that names someone, or says much about one person, identifies them.
    if (len(result.findings) > MAX_FINDINGS or any(f.kind == "name" for f in result.findings)
            or ID_LIKE.search(PLACEHOLDER.sub(" ", result.text))):
        return None
    shown = quotable(result.text)
    if shown is None:
        return None
    source, column = str(row.get("source", "")), str(row.get("column", "") or "")
    section = section_of(source, column) if section_of is not None and column else None
    return Quote(text=shown, source=source, date=_date(row.get("date")),
                 typicality=round(score, 4), column=column or None,
                 section=section)  # type: ignore[arg-type]


def quotable(text: str, limit: int = QUOTE_CHARS) -> str | None:
    """What of a scrubbed answer is quoted: a short one whole; a long or multi-line one by
    its first sentences up to *limit* characters (at least one sentence), leaving out every
    sentence with a placeholder of removed personal data ("Mijn BSN is [BSN]" says nothing
    about a persona). ``None`` when no sentence of at least ``MIN_CHARS`` is left."""
    flat = " ".join(text.split())
    if len(flat) <= limit and "\n" not in text.strip() and not PLACEHOLDER.search(flat):
        return flat if len(flat) >= MIN_CHARS else None
    kept: list[str] = []
    for sentence in (" ".join(s.split()) for s in SENTENCE_END.split(text.strip())):
        if not sentence or PLACEHOLDER.search(sentence):
            continue
        if kept and len(" ".join([*kept, sentence])) > limit:
            break
        kept.append(sentence)
        if len(" ".join(kept)) >= limit:
            break
    quote = " ".join(kept)
    return quote if len(quote) >= MIN_CHARS else None


def normalise(text: str) -> str:
    """Lower case, no accents, placeholders or digits, single spaces."""
    folded = unicodedata.normalize("NFKD", PLACEHOLDER.sub(" ", text))
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^a-z]+", " ", plain).split())


def _signature(text: str) -> tuple[frozenset[str], frozenset[str]]:
    clauses = [normalise(s) for s in re.split(r"[.!?\n:;,]+", text)]
    long = frozenset(s for s in clauses if len(s.split()) >= SHARED_CLAUSE_WORDS)
    return frozenset(normalise(text).split()), long


def _near(a: tuple[frozenset[str], frozenset[str]],
          b: tuple[frozenset[str], frozenset[str]]) -> bool:
    """Near-duplicates: a shared sentence, or mostly the same words."""
    if a[1] & b[1]:
        return True
    union = a[0] | b[0]
    return bool(union) and len(a[0] & b[0]) / len(union) >= NEAR_DUPLICATE


def is_near_duplicate(first: str, second: str) -> bool:
    """Whether two quotes would read as the same quote (see the module docstring)."""
    return _near(_signature(first), _signature(second))


@dataclass
class _Allotment:
    """Quotes given out so far: per profile, their authors, and every quote's signature."""

    chosen: dict[str, list[Quote]] = field(default_factory=dict)
    authors: dict[str, set[str]] = field(default_factory=dict)
    taken: list[tuple[frozenset[str], frozenset[str]]] = field(default_factory=list)

    def result(self) -> dict[str, list[Quote]]:
        return {k: sorted(v, key=lambda q: (-(q.typicality or 0), q.text))
                for k, v in self.chosen.items() if v}


def _allot(candidates: dict[str, list[_Candidate]], limit: int, state: _Allotment, *,
           by_section: bool = False) -> None:
    """Most typical first over all profiles (relative to each profile's best), until each
    has *limit* (per section with *by_section*); never a near-duplicate of a given quote."""
    pool = [c for items in candidates.values() for c in items
            if not by_section or c.quote.section is not None]
    pool.sort(key=lambda c: (-c.relative, c.profile, c.quote.text))
    key = "voices" if by_section else "quotes"
    for candidate in pool:
        mine = state.chosen.setdefault(f"{key}:{candidate.profile}", [])
        group = [q for q in mine if q.section == candidate.quote.section] if by_section else mine
        authors = state.authors.setdefault(candidate.profile, set())
        if len(group) >= limit or candidate.author in authors:
            continue
        if any(_near(candidate.signature, other) for other in state.taken):
            continue
        mine.append(candidate.quote)
        state.taken.append(candidate.signature)
        authors.add(candidate.author)


def _strip(chosen: dict[str, list[Quote]], prefix: str) -> dict[str, list[Quote]]:
    return {k.removeprefix(prefix): v for k, v in chosen.items() if k.startswith(prefix)}


def _date(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return None
    try:
        return str(pd.Timestamp(value).date())  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return str(value)[:10]
