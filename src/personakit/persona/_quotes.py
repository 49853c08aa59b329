"""Quotes: the most typical open answers and chat lines of a profile, with PII removed.

Typicality is TF-IDF similarity to the profile's centroid minus similarity to the rest's
centroid: a line that sounds like this profile and not like everyone else.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from personakit.model import CustomerProfile, Quote
from personakit.privacy import Recognizer, scrub

MIN_CHARS, MAX_CHARS = 25, 280
MAX_TEXTS = 40_000  # enough to find typical lines; keeps TF-IDF well under a second
SPEAKER_COLUMNS = ("speaker", "role", "afzender", "sender", "author", "van")
CUSTOMER_SPEAKERS = frozenset({"klant", "customer", "client", "burger", "user", "gebruiker"})


def customer_lines(texts: pd.DataFrame) -> pd.DataFrame:
    """Open answers and the customer's own chat lines (never an agent's)."""
    for column in SPEAKER_COLUMNS:
        if column in texts.columns:
            spoken = texts[column].astype(str).str.strip().str.lower()
            texts = texts[spoken.isin(CUSTOMER_SPEAKERS) | texts[column].isna()]
    text = texts["text"].astype(str).str.strip()
    return texts.assign(text=text)[text.str.len().between(MIN_CHARS, MAX_CHARS)]


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
    if texts is None or members is None or texts.empty or members.empty:
        return {}
    lines = customer_lines(texts)
    lines = lines.assign(key=lines["key"].astype(str)).merge(
        members.assign(key=members["key"].astype(str))[["key", "profile_id"]], on="key"
    )
    if len(lines) > MAX_TEXTS:
        lines = lines.sample(MAX_TEXTS, random_state=0)
    lines = lines.sort_values(["profile_id", "key", "text"]).reset_index(drop=True)
    if lines.empty:
        return {}
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(sublinear_tf=True, min_df=2, max_features=20_000).fit_transform(
        lines["text"]
    ) if len(lines) > 2 else None
    chosen: dict[str, list[Quote]] = {}
    for profile in profiles:
        mask = (lines["profile_id"] == profile.id).to_numpy()
        authors = lines.loc[mask, "key"].nunique()
        # Quotes only from a pool of enough different people (minimum group size).
        if profile.size < min_group_size or authors < min_group_size or matrix is None:
            continue
        scores = _typicality(matrix, mask)
        chosen[profile.id] = _pick(lines[mask], scores, max_quotes, lang, extra)
    return chosen


def _typicality(matrix: object, mask: np.ndarray) -> np.ndarray:
    rows = matrix[mask]  # type: ignore[index]
    rest = matrix[~mask]  # type: ignore[index]
    own = _unit(np.asarray(rows.mean(axis=0)).ravel())
    other = _unit(np.asarray(rest.mean(axis=0)).ravel()) if rest.shape[0] else own * 0
    return np.asarray(rows @ own - 0.5 * (rows @ other)).ravel()


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def _pick(lines: pd.DataFrame, scores: np.ndarray, limit: int, lang: str,
          extra: Sequence[Recognizer]) -> list[Quote]:
    order = np.lexsort((lines["text"].to_numpy(), -scores))
    quotes: list[Quote] = []
    seen: set[str] = set()
    authors: set[str] = set()
    for position in order[: limit * 20]:
        row = lines.iloc[int(position)]
        result = scrub(str(row["text"]), lang, extra=extra)
        normalised = " ".join(result.text.lower().split())
        # Distinct texts from distinct people; a line that is mostly placeholders says little.
        if normalised in seen or row["key"] in authors or len(result.findings) > 2:
            continue
        seen.add(normalised)
        authors.add(str(row["key"]))
        quotes.append(Quote(text=result.text, source=str(row.get("source", "")),
                            date=_date(row.get("date")),
                            typicality=round(float(scores[int(position)]), 4)))
        if len(quotes) == limit:
            break
    return quotes


def _date(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return None
    try:
        return str(pd.Timestamp(value).date())  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return str(value)[:10]
