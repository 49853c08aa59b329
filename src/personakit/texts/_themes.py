"""Themes in texts, with their evidence per profile and persona (issue 11, point 3).

How a run goes (:func:`theme_texts`; :func:`find_themes` reads and stores the workspace):

1. **Passages.** A short text is themed as it is; a long document (an interview) is split
   at sentence ends into passages of about ``passage_chars``. A text is *in* a theme when
   one of its passages is.
2. **Representation.** ``embedding``: each passage's all-MiniLM-L6-v2 sentence embedding
   (:mod:`personakit.texts._embed`, offline) beside its TF-IDF word profile reduced to 100
   dimensions (LSA), weighted by ``embedding_weight``; ``tfidf``: the TF-IDF word
   profile, factorised by NMF. The model is English-trained: alone it found the planted
   Dutch topics of ``benchmarks/bench_themes.py`` far worse than TF-IDF + NMF; beside the
   word profile it did better than either on the sample organisation's Dutch reviews and
   on English (figures in :class:`~personakit.texts.ThemeSettings`), so ``auto`` embeds
   Dutch and English with the word profile beside it, and falls back to TF-IDF + NMF
   without the model package (the run's ``method`` and ``method_reason`` say which and
   why).
3. **Number of themes** (``k``, unless given): for each k in ``min_themes`` ..
   ``max_themes`` the passages of a seeded sample are clustered twice, on two disjoint
   halves, and both clusterings label the whole sample; their agreement (adjusted mutual
   information, three such pairs) is the k's stability. The most stable k wins; among k
   within ``STABILITY_TOLERANCE`` of it the smallest (Lange et al., 2004: themes that come
   back whichever half of the texts is read are real). k never exceeds the passages over
   the minimum theme size.
4. **Themes.** k-means (``embedding``) or NMF (``tfidf``, a passage's largest weight)
   with the workspace's seed. A cluster of fewer texts than the minimum theme size (never
   below ``min_group_size``) is dissolved: its texts stay unthemed and are counted.
5. **Name.** The terms that set a theme apart: class-based TF-IDF (a term's frequency in
   the theme's passages times ``log(1 + A / f)``, A the mean number of words per theme, f
   the term's frequency in all themes); the label is its first ``label_terms`` terms,
   each translated with the persona glossary where known (``bezorging`` reads ``delivery``
   in English), else left as written.
6. **Snippets.** The passages closest to the theme's centre (cosine to the mean; for NMF
   the largest weight), one per text, near-duplicates left out, cut at a word, and never
   one in which a personal-data recogniser still finds something.
7. **Sentiment.** Per passage: the review's rating where there is one, else the lexicon
   of :mod:`personakit.texts._sentiment`; a theme's is the mean of its passages.
8. **Canvas section.** Negative themes (mean at or below ``-sentiment_band``) are
   ``barriers`` when at least ``MARKER_SHARE`` of their passages name an obstacle ("lukt
   niet", "ingewikkeld", "can't"), else ``frustrations``. Otherwise a theme whose passages
   voice a wish that often ("zou graag", "would like", "ontbreekt") speaks to
   ``expectations``; a positive one to ``goals`` when it names aims that often ("wil",
   "zodat", "so that"), else ``drivers``; a neutral one without wishes to none.
9. **Prevalence.** Per profile (and its persona), among the texts linked to people by a
   customer key or by a person: the share of the profile's texts in the theme with its 95 %
   Wilson interval, the share among everyone else's, the lift, and the two-sided p-value
   of the pooled two-proportion z test. Nothing for a profile with fewer texts than
   ``min_group_size``. Texts given a persona by their content (next point) are left out
   of these figures: their persona came from the same words that make the theme.
10. **Texts linked to nobody** get the persona their content resembles most: a logistic
    regression on the linked texts' representations (accuracy measured on a seeded fifth
    held out), applied when its probability is at least ``min_confidence``; the others
    stay unassigned. Both are counted on the run.
11. **Competitors.** Reviews of sources marked ``competitor`` are themed with ours; each
    theme gets a share for ``ours`` and for ``competitor:NAME`` among the texts of the
    kinds competitors have (reviews against reviews).
12. **Reproducible.** Texts are ordered by id before anything else; sampling, k-means,
    NMF, the SVD and the classifier use the seed; the embedding runs batch by batch with a
    one-thread BLAS. The same texts, settings and seed give the same themes (a test checks
    it); the run records the settings, the seed and a hash of its inputs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import secrets
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, overload

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF, TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import (
    ENGLISH_STOP_WORDS,
    CountVectorizer,
    TfidfTransformer,
)
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import adjusted_mutual_info_score
from sklearn.preprocessing import normalize
from sqlalchemy import select
from threadpoolctl import threadpool_limits

from personakit.errors import InputError, PersonakitError
from personakit.model import Segmentation
from personakit.texts._embed import load_embedder
from personakit.texts._model import (
    ContentLink,
    Snippet,
    TextItem,
    Theme,
    ThemeModel,
    ThemeShare,
)
from personakit.texts._sentiment import rating_scale, text_sentiment
from personakit.texts._settings import ThemeSettings, theme_settings
from personakit.texts._tables import theme_revisions
from personakit.workspace import Workspace

log = logging.getLogger(__name__)

OURS = "ours"  # ThemeShare.profile_id of our own texts beside the competitors'
COMPETITOR = "competitor:"  # ThemeShare.profile_id prefix of a competitor's texts
PERSONA = "persona:"  # ThemeShare.profile_id of texts linked to a persona but no profile
STABILITY_REPEATS = 3
STABILITY_TOLERANCE = 0.02
LSA_DIMENSIONS = 100
MARKER_SHARE = 0.2
HOLDOUT_SHARE = 0.2
KMEANS_INITS = 4
PHRASE_SHARE = 0.05  # a phrase names a theme when at least this share of its passages use it
PHRASE_TERMS = 20  # ... and both its words are among the theme's this many key terms
PHRASE_DICE = 0.3  # ... and its words go together (see class_phrases)
MAX_LOOKED = 400  # candidate snippets looked at per theme, closest first
Progress = Callable[[str, int, int], None]  # (stage, done, total)
Floats = npt.NDArray[np.float64]
Labels = npt.NDArray[np.int64]

NL_STOP = frozenset("""
aan al alle alleen als altijd ander andere anders af bij ben bent ben ik beetje best bij
daar daarom dan dat de deze die dit doe doen doet door dus echt een eens eigenlijk en er
ergens even gaan gaat gedaan geen geweest graag had hadden heb hebben hebt heeft hem
het hier hij hoe hun iemand iets ik in is ja je jij jou jouw jullie kan keer kon kun
kunnen laat maar me meer men met mij mijn moet moeten na naar nee niet niets nog nou nu
of om omdat ons onze ook op over te tegen toch toen tot u uit uw van veel voor waar
want waren was wat we wel welke werd wie wij wil worden wordt zal ze zei zelf zich zie
zij zijn zo zoals zou zouden zullen zit zeer erg heel steeds weer wij hun haar dus toe
ligt komt kwam krijg kreeg gewoon nooit hele helemaal gaan ging mee gaat krijgen sinds
jaar jaren dag dagen week weken paar twee drie wordt werd maken gemaakt kunt vind vond
elk elke elkaar alles niks zegt zeggen zeg ziet zien zag staat stond moest moesten legde
geworden geven gaf gegeven laten liet terwijl waarom misschien wanneer ooit eerst daarna
vier vijf zes zeven acht negen tien twintig dertig veertig vijftig honderd werden wilt
""".split())
STOP_WORDS = sorted(NL_STOP | ENGLISH_STOP_WORDS | {"don", "didn", "doesn", "isn", "ve", "ll"})
_PLACEHOLDER = re.compile(r"\[[^\]\n]{1,40}\]")  # [naam], [e-mail]: redactions, not words
_TOKEN = r"(?u)\b[^\W\d_]{3,}\b"
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n\s*\n")
_MARKERS = {
    "wish": re.compile(r"\b(zou(den)? (graag|fijn|handig|mooi)|graag zou|wil graag|zou moeten|"
                       r"hoop|hopelijk|wens|ontbreekt|mis ik|missen|zou het fijn|"
                       r"would (like|love|be nice|be great)|wish|hope|should|please add|"
                       r"missing|i'd like|it would help)\b"),
    "obstacle": re.compile(r"\b(lukt (niet|het niet)|kan niet|kon niet|kunnen niet|moeilijk|"
                           r"ingewikkeld|lastig|onduidelijk|snap|begrijp (het )?niet|weet niet "
                           r"hoe|drempel|onmogelijk|niet bereikbaar|can't|cannot|couldn't|"
                           r"unable|difficult|hard to|unclear|confusing|complicated|"
                           r"impossible|don't know how)\b"),
    "goal": re.compile(r"\b(wil|willen|doel|zodat|om te|belangrijk|moet kunnen|want to|"
                       r"wants|goal|so that|need to|important|in order to)\b"),
}


# -- passages ---------------------------------------------------------------------------------

@dataclass
class Passages:
    """The units themed: spans of the texts (``item`` is the text's position)."""

    item: list[int] = field(default_factory=list)
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


def split_passages(text: str, max_chars: int) -> list[tuple[int, int]]:
    """(start, end) spans of *text*: itself when short, else runs of whole sentences of at
    most *max_chars* (a longer sentence is cut at a space)."""
    if len(text) <= max_chars:
        return [(0, len(text))] if text.strip() else []
    bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
    spans: list[tuple[int, int]] = []
    start = end = 0
    for cut in bounds[1:]:
        if cut - start > max_chars and end > start:
            spans.append((start, end))
            start = end
        while cut - start > max_chars:  # one sentence longer than a passage
            space = text.rfind(" ", start + max_chars // 2, start + max_chars)
            stop = space if space > start else start + max_chars
            spans.append((start, stop))
            start = stop
        end = cut
    if end > start:
        spans.append((start, end))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def passages_of(items: Sequence[TextItem], max_chars: int) -> Passages:
    found = Passages()
    for i, item in enumerate(items):
        for start, end in split_passages(item.text, max_chars):
            found.item.append(i)
            found.start.append(start)
            found.end.append(end)
            found.text.append(item.text[start:end])
    return found


# -- representation ---------------------------------------------------------------------------

@dataclass
class Features:
    """What the clustering reads: ``dense`` rows (embedding) or ``tfidf`` (NMF)."""

    method: str
    model: str
    counts: sp.csr_matrix
    vocabulary: npt.NDArray[np.str_]
    tfidf: sp.csr_matrix
    dense: Floats | None = None
    embedded: int = 0
    embed_seconds: float | None = None
    texts_per_second: float | None = None


def _word_profile(texts: Sequence[str]) -> tuple[sp.csr_matrix, npt.NDArray[np.str_],
                                                  sp.csr_matrix]:
    min_df = 2 if len(texts) >= 20 else 1
    vectorizer = CountVectorizer(
        preprocessor=lambda s: _PLACEHOLDER.sub(" ", s.lower()), token_pattern=_TOKEN,
        stop_words=STOP_WORDS, min_df=min_df, max_df=0.5 if len(texts) >= 20 else 1.0)
    try:
        counts = vectorizer.fit_transform(texts).tocsr()
    except ValueError as exc:  # no word left after stop words
        raise InputError("texts.themes.error.no_words") from exc
    tfidf = TfidfTransformer(sublinear_tf=True).fit_transform(counts).tocsr()
    return counts, vectorizer.get_feature_names_out(), tfidf


def represent(texts: Sequence[str], method: str, settings: ThemeSettings, seed: int,
              progress: Progress | None = None) -> Features:
    """The passages' word profile, and for ``embedding`` the dense representation."""
    counts, vocabulary, tfidf = _word_profile(texts)
    words = f"TF-IDF (sublinear, min_df 2, max_df 0.5, {len(vocabulary)} terms)"
    if method == "tfidf":
        return Features("tfidf", words + " + NMF", counts, vocabulary, tfidf)
    embedder = load_embedder(settings.max_tokens)
    assert embedder is not None  # the caller chose the method knowing the model is there
    # Each distinct passage is embedded once ("Prima!", a forwarded template, a review
    # posted twice): the embedding is most of a run's time.
    distinct: dict[str, int] = {}
    where = np.array([distinct.setdefault(text, len(distinct)) for text in texts])
    done = [0]

    def step(n: int) -> None:
        done[0] += n
        if progress is not None:
            progress("embed", done[0], len(distinct))

    vectors = embedder.encode(list(distinct), progress=step).astype(np.float64)[where]
    weight = settings.embedding_weight
    dense = vectors
    model = embedder.name
    if weight < 1:
        dims = min(LSA_DIMENSIONS, tfidf.shape[1] - 1, tfidf.shape[0] - 1)
        if dims >= 2:
            lsa = normalize(TruncatedSVD(dims, random_state=seed).fit_transform(tfidf))
            dense = np.hstack([math.sqrt(weight) * vectors, math.sqrt(1 - weight) * lsa])
            model += f" + {words} LSA {dims}, weight {weight:g}"
    stats = embedder.stats
    return Features("embedding", model, counts, vocabulary, tfidf, dense, stats.texts,
                    stats.seconds, stats.texts_per_second)


# -- clustering -------------------------------------------------------------------------------

class _Clusterer:
    """k themes from rows: k-means on dense rows, NMF (largest weight) on TF-IDF."""

    def __init__(self, method: str, k: int, seed: int, n_init: int = KMEANS_INITS) -> None:
        self.method, self.k, self.seed, self.n_init = method, k, seed, n_init

    def fit(self, rows: Any) -> _Clusterer:
        # Half samples of short texts repeat themselves: k-means may find fewer distinct
        # centres and NMF stop at its iteration limit. Both still label every row, and
        # the stability rule is what judges the result.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            if self.method == "embedding":
                self.model_: Any = KMeans(self.k, n_init=self.n_init,
                                          random_state=self.seed).fit(rows)
            else:
                self.model_ = NMF(self.k, init="nndsvda", random_state=self.seed,
                                  max_iter=400).fit(rows)
        return self

    def _transform(self, rows: Any) -> Floats:
        with warnings.catch_warnings():  # NMF's transform iterates too (see fit)
            warnings.simplefilter("ignore", ConvergenceWarning)
            return np.asarray(self.model_.transform(rows), dtype=np.float64)

    def predict(self, rows: Any) -> Labels:
        if self.method == "embedding":
            return np.asarray(self.model_.predict(rows), dtype=np.int64)
        weights = self._transform(rows)
        labels = np.asarray(weights.argmax(axis=1), dtype=np.int64)
        return np.where(weights.max(axis=1) > 0, labels, -1)

    def weights(self, rows: Any) -> Floats:
        """Closeness of each row to each theme (cosine to the centre, or NMF weight)."""
        if self.method == "embedding":
            centres = normalize(self.model_.cluster_centers_)
            return np.asarray(normalize(rows) @ centres.T, dtype=np.float64)
        return self._transform(rows)


def _rows(features: Features) -> Any:
    return features.dense if features.method == "embedding" else features.tfidf


def stability(rows: Any, method: str, k: int, seed: int) -> float:
    """Mean AMI of clusterings fitted on two disjoint halves of *rows*, both labelling all
    of *rows* (``STABILITY_REPEATS`` pairs, seeded)."""
    n = rows.shape[0]
    rng = np.random.default_rng(seed + k)
    scores = []
    for repeat in range(STABILITY_REPEATS):
        order = rng.permutation(n)
        halves = order[: n // 2], order[n // 2:]
        labels = [_Clusterer(method, k, seed + 10 * repeat + side, n_init=1)
                  .fit(rows[half]).predict(rows) for side, half in enumerate(halves)]
        scores.append(adjusted_mutual_info_score(labels[0], labels[1]))
    return float(np.mean(scores))


def choose_k(rows: Any, method: str, candidates: Sequence[int], seed: int,
             sample: int, progress: Progress | None = None) -> tuple[int, dict[int, float]]:
    """The stability rule of the module docstring: (k, stability per candidate)."""
    n = rows.shape[0]
    if n > sample:
        rows = rows[np.sort(np.random.default_rng(seed).choice(n, sample, replace=False))]
    scores: dict[int, float] = {}
    for k in candidates:
        scores[k] = round(stability(rows, method, k, seed), 4)
        if progress is not None:
            progress("cluster", len(scores), len(candidates))
    best = max(scores.values())
    return min(k for k, s in scores.items() if s >= best - STABILITY_TOLERANCE), scores


def cluster(features: Features, k: int, seed: int, fit_sample: int
            ) -> tuple[Labels, Floats]:
    """Labels of every passage and each passage's closeness to each theme."""
    rows = _rows(features)
    n = rows.shape[0]
    fit_rows = rows
    if n > fit_sample:
        chosen = np.sort(np.random.default_rng(seed).choice(n, fit_sample, replace=False))
        fit_rows = rows[chosen]
    model = _Clusterer(features.method, k, seed).fit(fit_rows)
    return model.predict(rows), model.weights(rows)


def membership(labels: Labels, passages: Passages, n_items: int, k: int,
               min_size: int) -> tuple[npt.NDArray[np.bool_], Labels, Labels]:
    """(texts x themes) membership, passage labels with too-small themes dissolved (-1),
    and the clustering's number of each theme kept: themes are renumbered by size, largest
    first."""
    member = np.zeros((n_items, k), dtype=bool)
    ok = labels >= 0
    member[np.asarray(passages.item)[ok], labels[ok]] = True
    sizes = member.sum(axis=0)
    kept = [t for t in np.argsort(-sizes, kind="stable") if sizes[t] >= min_size]
    renumber = np.full(k + 1, -1, dtype=np.int64)
    renumber[np.asarray(kept, dtype=np.int64)] = np.arange(len(kept))
    new_labels = renumber[np.where(ok, labels, k)]
    kept_numbers = np.asarray(kept, dtype=np.int64)
    return member[:, kept_numbers], new_labels, kept_numbers


# -- naming -----------------------------------------------------------------------------------

def class_terms(counts: sp.csr_matrix, labels: Labels, k: int,
                vocabulary: npt.NDArray[np.str_], limit: int) -> list[list[str]]:
    """The *limit* terms of highest class-based TF-IDF per theme."""
    ok = labels >= 0
    onehot = sp.csr_matrix((np.ones(int(ok.sum())), (labels[ok], np.flatnonzero(ok))),
                           shape=(k, counts.shape[0]))
    tf = np.asarray((onehot @ counts).todense(), dtype=np.float64)
    words = tf.sum(axis=1, keepdims=True)
    average = words.mean() if k else 0.0
    frequency = np.maximum(tf.sum(axis=0, keepdims=True), 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = np.where(words > 0, tf / words, 0.0) * np.log1p(average / frequency)
    found = []
    for row in weight:
        order = np.argsort(-row, kind="stable")[:limit]
        found.append([str(vocabulary[i]) for i in order if row[i] > 0])
    return found


def class_phrases(texts: Sequence[str], labels: Labels, k: int, words: sp.csr_matrix,
                  vocabulary: npt.NDArray[np.str_]) -> list[list[str]]:
    """Per theme its set phrases ("lange wachttijd", "vervangend vervoer"), most typical
    of the theme first: two words side by side that at least ``PHRASE_SHARE`` of its
    passages use, and that go together (Dice coefficient of the two words' passages in
    the theme at least ``PHRASE_DICE``: "incasso klopt" is a chance pairing, "vervangend
    vervoer" is not). *words* are the passages' word counts over *vocabulary*."""
    empty: list[list[str]] = [[] for _ in range(k)]
    if k == 0 or len(texts) < 2:
        return empty
    vectorizer = CountVectorizer(analyzer=_pairs, min_df=2, binary=True)
    try:
        counts = vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # no phrase used twice
        return empty
    names = vectorizer.get_feature_names_out()
    ranked = class_terms(counts, labels, k, names, 10)
    index = {str(term): i for i, term in enumerate(names)}
    word_index = {str(term): i for i, term in enumerate(vocabulary)}
    found: list[list[str]] = []
    for theme, phrases in enumerate(ranked):
        rows = np.flatnonzero(labels == theme)
        if not len(rows):
            found.append([])
            continue
        used = np.asarray(counts[rows].sum(axis=0)).ravel()
        alone = np.asarray((words[rows] > 0).sum(axis=0)).ravel()
        kept = []
        for phrase in phrases:
            pair = used[index[phrase]]
            first, second = (word_index.get(w) for w in phrase.split())
            if pair < PHRASE_SHARE * len(rows) or first is None or second is None:
                continue
            if 2 * pair / max(alone[first] + alone[second], 1) >= PHRASE_DICE:
                kept.append(phrase)
        found.append(kept)
    return found


_STOP = frozenset(STOP_WORDS)
_CLAUSE = re.compile(r"[^\w\s'-]+|\n")


def _pairs(text: str) -> list[str]:
    """Two words side by side in one clause, neither a stop word ("lange wachttijd")."""
    pairs = []
    for clause in _CLAUSE.split(_PLACEHOLDER.sub(".", text.lower())):
        words = re.findall(_TOKEN, clause)
        pairs += [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)
                  if a not in _STOP and b not in _STOP]
    return pairs


def label_parts(terms: Sequence[str], phrases: Sequence[str], wide: Sequence[str],
                count: int) -> list[str]:
    """A theme's label: its common phrases that say one of its first *count* key terms and
    whose words are both among its *wide* key terms ("lange wachttijd", not "binnen
    tien"), then the key terms no phrase already says; at most *count* parts, at most two
    of them phrases."""
    top, key = set(wide), set(terms[:count])
    parts: list[str] = []
    said: set[str] = set()
    for phrase in phrases:
        words = set(phrase.split())
        if len([p for p in parts if " " in p]) >= 2 or not words <= top or not words & key:
            continue
        if said & set(words):
            continue
        parts.append(phrase)
        said |= words
    parts += [term for term in terms if term not in said]
    return parts[:count]


def theme_label(terms: Sequence[str], lang: str, count: int) -> str:
    """The first *count* terms in *lang*, translated by the glossary where known."""
    from personakit.persona._labels import level_text

    shown = list(dict.fromkeys(level_text(term, lang) for term in terms[:count]))
    return ", ".join(shown)


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > limit // 2 else limit - 1].rstrip(" ,;:") + "…"


def theme_snippets(theme: int, closeness: Floats, labels: Labels, passages: Passages,
                   items: Sequence[TextItem], terms: Sequence[str],
                   settings: ThemeSettings) -> list[Snippet]:
    """The theme's most typical passages (see the module docstring): closest to its
    centre first, naming one of its key terms, one per text, no two that read alike."""
    from personakit.persona._quotes import is_near_duplicate
    from personakit.privacy import find_pii

    rows = np.flatnonzero(labels == theme)
    rows = rows[np.argsort(-closeness[rows, theme], kind="stable")]
    key_terms = set(terms[: settings.label_terms * 2])
    seen_items: set[int] = set()
    found: list[Snippet] = []
    for row in rows[:MAX_LOOKED]:
        item_no, text = passages.item[row], passages.text[row]
        words = set(_normal(text).split())
        if item_no in seen_items or not words & key_terms or find_pii(text):
            continue
        shown = shorten(text, settings.snippet_chars)
        if any(is_near_duplicate(shown, s.text) for s in found):
            continue
        seen_items.add(item_no)
        item = items[item_no]
        offset = passages.start[row] + (len(text) - len(text.lstrip()))
        found.append(Snippet(item_id=item.id, text=shown, start=offset,
                             end=min(passages.end[row], offset + len(shown.rstrip("…"))),
                             source=item.source, date=item.date))
        if len(found) >= settings.snippets:
            break
    return found


# -- sentiment and section --------------------------------------------------------------------

def passage_sentiments(passages: Passages, items: Sequence[TextItem]) -> Floats:
    scales = {source: rating_scale(i.rating for i in items if i.source == source)
              for source in {i.source for i in items if i.rating is not None}}
    return np.array([
        text_sentiment(text, items[n].lang, items[n].rating, scales.get(items[n].source))
        for n, text in zip(passages.item, passages.text, strict=True)], dtype=np.float64)


def canvas_section(sentiment: float, marks: dict[str, float], band: float) -> str | None:
    """The section rule of the module docstring (*marks*: share of passages per marker)."""
    if sentiment <= -band:
        return "barriers" if marks["obstacle"] >= MARKER_SHARE else "frustrations"
    if marks["wish"] >= MARKER_SHARE:
        return "expectations"
    if sentiment >= band:
        return "goals" if marks["goal"] >= MARKER_SHARE else "drivers"
    return None


def marker_shares(texts: Sequence[str]) -> dict[str, float]:
    lowered = [t.lower() for t in texts]
    n = max(len(lowered), 1)
    return {name: sum(bool(p.search(t)) for t in lowered) / n for name, p in _MARKERS.items()}


# -- prevalence -------------------------------------------------------------------------------

def two_proportion_p(k1: int, n1: int, k2: int, n2: int) -> float | None:
    """Two-sided p-value of the pooled two-proportion z test (as ``segment._stats``)."""
    if n1 <= 0 or n2 <= 0:
        return None
    pooled = (k1 + k2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 1.0
    return math.erfc(abs(k1 / n1 - k2 / n2) / se / math.sqrt(2))


def group_shares(member: npt.NDArray[np.bool_], groups: Sequence[str | None],
                 personas: dict[str, str | None], min_group_size: int
                 ) -> list[list[ThemeShare]]:
    """Per theme, one :class:`ThemeShare` per group of at least *min_group_size* texts
    (texts whose group is ``None`` are outside the population)."""
    from personakit.segment._stats import wilson

    names = np.array([g or "" for g in groups], dtype=object)
    inside = np.array([g is not None for g in groups], dtype=bool)
    total_n = int(inside.sum())
    total_in = member[inside].sum(axis=0)
    out: list[list[ThemeShare]] = [[] for _ in range(member.shape[1])]
    for group in sorted({g for g in groups if g is not None}):
        rows = names == group
        n = int(rows.sum())
        if n < min_group_size:
            continue
        hits = member[rows].sum(axis=0)
        rest_n = total_n - n
        for theme, x in enumerate(hits.tolist()):
            rest_x = int(total_in[theme]) - x
            low, high = wilson(x, n)
            rest = rest_x / rest_n if rest_n > 0 else None
            share = x / n
            out[theme].append(ThemeShare(
                profile_id=group, persona_id=personas.get(group), texts=n, in_theme=x,
                share=share, low=low, high=high, rest_share=rest,
                lift=share / rest if rest else None,
                p_value=two_proportion_p(x, n, rest_x, rest_n),
                rest_texts=rest_n if rest_n > 0 else None,
                rest_in_theme=rest_x if rest_n > 0 else None))
    return out


def is_linked(item: TextItem) -> bool:
    """Linked to people by a key or by a person (not by its content, not a competitor)."""
    return (item.competitor is None and item.linked_by != "content"
            and (item.profile_id is not None or item.persona_id is not None))


def profile_group(item: TextItem) -> str | None:
    if not is_linked(item):
        return None
    return item.profile_id or f"{PERSONA}{item.persona_id}"


def competitor_groups(items: Sequence[TextItem]) -> list[str | None]:
    """``ours`` / ``competitor:NAME`` for texts of the kinds competitors have, else None."""
    kinds = {i.kind for i in items if i.competitor}
    if not kinds:
        return [None] * len(items)
    return [(COMPETITOR + i.competitor if i.competitor else OURS) if i.kind in kinds else None
            for i in items]


# -- texts linked to nobody -------------------------------------------------------------------

def item_rows(rows: Any, passages: Passages, n_items: int) -> Any:
    """One row per text: the sum of its passages' rows, L2-normalised."""
    owner = np.asarray(passages.item)
    pool = sp.csr_matrix((np.ones(len(owner)), (owner, np.arange(len(owner)))),
                         shape=(n_items, len(owner)))
    summed = pool @ rows
    return normalize(summed)


def assign_by_content(items: Sequence[TextItem], rows: Any, settings: ThemeSettings,
                      min_group_size: int, seed: int
                      ) -> tuple[list[ContentLink], float | None, int]:
    """(links, held-out accuracy, texts left unassigned) for the texts linked to nobody."""
    open_rows = [i for i, it in enumerate(items) if it.competitor is None
                 and it.profile_id is None and it.persona_id is None]
    linked = [i for i, it in enumerate(items) if is_linked(it) and it.persona_id]
    classes, counts = np.unique([items[i].persona_id for i in linked], return_counts=True)
    usable = set(classes[counts >= min_group_size].tolist())
    linked = [i for i in linked if items[i].persona_id in usable]
    if not open_rows or len(usable) < 2:
        return [], None, len(open_rows)
    y = np.array([items[i].persona_id for i in linked], dtype=object)
    x = rows[np.asarray(linked)]
    accuracy = _holdout_accuracy(x, y, seed)
    model = LogisticRegression(max_iter=1000, random_state=seed).fit(x, y)
    probabilities = model.predict_proba(rows[np.asarray(open_rows)])
    profile_of = {it.persona_id: it.profile_id for it in items if is_linked(it)}
    links = []
    for row, p in zip(open_rows, probabilities, strict=True):
        best = int(np.argmax(p))
        if p[best] >= settings.min_confidence:
            persona = str(model.classes_[best])
            links.append(ContentLink(item_id=items[row].id, persona_id=persona,
                                     profile_id=profile_of.get(persona),
                                     confidence=round(float(p[best]), 4)))
    return links, accuracy, len(open_rows) - len(links)


def _holdout_accuracy(x: Any, y: npt.NDArray[Any], seed: int) -> float | None:
    rng = np.random.default_rng(seed)
    test = rng.random(len(y)) < HOLDOUT_SHARE
    if test.sum() == 0 or len(set(y[~test].tolist())) < 2:
        return None
    model = LogisticRegression(max_iter=1000, random_state=seed).fit(x[~test], y[~test])
    return round(float((model.predict(x[test]) == y[test]).mean()), 4)


# -- one run ----------------------------------------------------------------------------------

def choose_method(items: Sequence[TextItem], asked: str, settings: ThemeSettings
                  ) -> tuple[str, str]:
    """(method, reason): see ``ThemeSettings.method``."""
    from personakit.texts._embed import model_dir

    if asked == "tfidf":
        return "tfidf", "asked"
    if model_dir() is None:
        return "tfidf", "no_model"
    if asked == "embedding":
        return "embedding", "asked"
    if len(items) > settings.embedding_max_texts:
        return "tfidf", "size"
    known = sum(i.lang in settings.embedding_languages for i in items)
    if known < settings.embedding_share * len(items):
        return "tfidf", "languages"
    return "embedding", "auto"


def input_hash(items: Sequence[TextItem], settings: ThemeSettings, method: str,
               k: int | None, seed: int) -> str:
    digest = hashlib.sha256()
    for item in items:
        digest.update(json.dumps([item.id, item.text, item.lang, item.rating, item.profile_id,
                                  item.persona_id, item.competitor, item.kind],
                                 ensure_ascii=False).encode())
    digest.update(json.dumps([settings.model_dump(), method, k, seed]).encode())
    return digest.hexdigest()


def _candidates(settings: ThemeSettings, passages: int, min_size: int) -> list[int]:
    top = min(settings.max_themes, passages // max(min_size, 1))
    return list(range(settings.min_themes, top + 1))


def theme_texts(items: Sequence[TextItem], *, settings: ThemeSettings | None = None,
                method: str = "auto", k: int | None = None, seed: int = 0,
                min_group_size: int = 10, progress: Progress | None = None) -> ThemeModel:
    """Themes of *items* (no workspace needed; :func:`find_themes` reads and stores one)."""
    # One BLAS/OpenMP thread: the SVD, k-means and NMF here work on small matrices, where
    # threads cost more than they give (measured on 2 cores under load: k-means on 500
    # passages 14 ms against 250 ms, the SVD 0.07 s against 1.5 s). The embedding runs
    # its batches side by side itself.
    with threadpool_limits(limits=1):
        return _theme_texts(items, settings or ThemeSettings(), method, k, seed,
                            min_group_size, progress)


def _theme_texts(items: Sequence[TextItem], settings: ThemeSettings, method: str,
                 k: int | None, seed: int, min_group_size: int,
                 progress: Progress | None) -> ThemeModel:
    started = time.perf_counter()
    ordered = sorted(items, key=lambda i: i.id)
    used, reason = choose_method(ordered, method, settings)
    passages = passages_of(ordered, settings.passage_chars)
    min_size = settings.theme_size(len(ordered), min_group_size)
    candidates = [k] if k is not None else _candidates(settings, len(passages.text), min_size)
    if len(ordered) < 2 * min_size or not candidates or candidates[0] > len(passages.text):
        raise InputError("texts.themes.error.too_few", texts=len(ordered),
                         minimum=2 * min_size)
    features = represent(passages.text, used, settings, seed, progress)
    if progress is not None:
        progress("cluster", 0, len(candidates))
    chosen, scores = (candidates[0], {}) if k is not None else choose_k(
        _rows(features), used, candidates, seed, settings.selection_sample, progress)
    labels, closeness = cluster(features, chosen, seed, settings.fit_sample)
    member, labels, kept = membership(labels, passages, len(ordered), chosen, min_size)
    closeness = closeness[:, kept]
    if progress is not None:
        progress("describe", 0, member.shape[1])
    themes = describe(ordered, passages, features, labels, closeness, member, settings,
                      min_group_size)
    links, accuracy, unassigned = assign_by_content(
        ordered, item_rows(_rows(features), passages, len(ordered)), settings,
        min_group_size, seed)
    languages: dict[str, int] = {}
    for item in ordered:
        languages[item.lang] = languages.get(item.lang, 0) + 1
    return ThemeModel(
        id=f"{datetime.now(UTC):%Y%m%d%H%M%S}-{secrets.token_hex(3)}",
        created_at=datetime.now(UTC), method="embedding" if used == "embedding" else "tfidf",
        model=features.model, seed=seed, items=len(ordered), themes=themes,
        unthemed=int((~member.any(axis=1)).sum()), seconds=time.perf_counter() - started,
        method_reason=reason, passages=len(passages.text), embedded=features.embedded,
        embed_seconds=features.embed_seconds,
        texts_per_second=features.texts_per_second, k_scores=scores,
        settings=settings.model_dump(), input_hash=input_hash(ordered, settings, used, k, seed),
        min_group_size=min_group_size, languages=languages, content_links=links,
        assign_accuracy=accuracy, unassigned=unassigned)


def describe(items: Sequence[TextItem], passages: Passages, features: Features,
             labels: Labels, closeness: Floats, member: npt.NDArray[np.bool_],
             settings: ThemeSettings, min_group_size: int) -> list[Theme]:
    """Name, snippets, sentiment, section and prevalence of each theme."""
    k = member.shape[1]
    terms = class_terms(features.counts, labels, k, features.vocabulary, settings.terms)
    phrases = class_phrases(passages.text, labels, k, features.counts,
                            features.vocabulary)
    wide = class_terms(features.counts, labels, k, features.vocabulary, PHRASE_TERMS)
    sentiments = passage_sentiments(passages, items)
    profiles = group_shares(member, [profile_group(i) for i in items],
                            {profile_group(i) or "": i.persona_id for i in items},
                            min_group_size)
    rivals = group_shares(member, competitor_groups(items), {}, min_group_size)
    themes = []
    for t in range(k):
        rows = np.flatnonzero(labels == t)
        texts = [passages.text[r] for r in rows]
        mood = float(np.mean(sentiments[rows])) if len(rows) else 0.0
        names = {i.competitor for i, inside in zip(items, member[:, t], strict=True) if inside}
        themes.append(Theme(
            id=f"t{t + 1}",
            label={lang: theme_label(label_parts(terms[t], phrases[t], wide[t],
                                                 settings.label_terms),
                                     lang, settings.label_terms)
                   for lang in ("nl", "en")},
            terms=terms[t], size=int(member[:, t].sum()),
            snippets=theme_snippets(t, closeness, labels, passages, items, terms[t],
                                    settings),
            sentiment=round(mood, 3),
            section=canvas_section(mood, marker_shares(texts), settings.sentiment_band),
            competitor=next(iter(names)) if len(names) == 1 else None,
            shares=profiles[t] + rivals[t],
            item_ids=[items[int(i)].id for i in np.flatnonzero(member[:, t])]))
    return themes


# -- the workspace ----------------------------------------------------------------------------

def workspace_items(ws: Workspace) -> list[TextItem]:
    """The workspace's redacted texts with their links (``personakit.texts.text_items``)."""
    from personakit.texts._linking import text_items

    return text_items(ws)


def find_themes(ws: Workspace, *, items: Sequence[TextItem] | None = None,
                method: str = "auto", k: int | None = None, seed: int | None = None,
                actor: str = "cli", save: bool = True,
                progress: Progress | None = None) -> ThemeModel:
    """Theme the workspace's texts (or *items*) and store the run as revision 1."""
    settings = theme_settings(ws)
    texts = list(items) if items is not None else workspace_items(ws)
    if not texts:
        raise InputError("texts.themes.error.no_texts")
    run = theme_texts(texts, settings=settings, method=method if method != "auto"
                      else settings.method, k=k,
                      seed=ws.config.workspace.seed if seed is None else seed,
                      min_group_size=ws.config.workspace.min_group_size, progress=progress)
    return save_theme_run(ws, run, actor=actor) if save else run


@overload
def refresh_themes(ws: Workspace, *, actor: str = ..., progress: Progress | None = ...,
                   strict: Literal[True],
                   segmentation: Segmentation | None = ...) -> ThemeModel: ...
@overload
def refresh_themes(ws: Workspace, *, actor: str = ..., progress: Progress | None = ...,
                   strict: bool = ...,
                   segmentation: Segmentation | None = ...) -> ThemeModel | None: ...
def refresh_themes(ws: Workspace, *, actor: str = "pipeline",
                   progress: Progress | None = None, strict: bool = False,
                   segmentation: Segmentation | None = None) -> ThemeModel | None:
    """The pipeline's theming step: theme the workspace's texts unless the newest run was
    made from the same texts, links, settings and seed (then it is kept, with an analyst's
    renames and merges). ``None`` when there are no texts, or too few to theme; with
    *strict* those are errors, as for :func:`find_themes`. With *segmentation* (the
    pipeline, before its build) the texts are linked to its profiles and their personas-to-be
    through its members, so the run's shares and its assignment by content speak of them."""
    items = workspace_items(ws)
    if segmentation is not None:
        from personakit.segment import profile_members
        from personakit.texts._canvas import relink

        try:
            members = profile_members(ws, segmentation.id)
        except PersonakitError:  # a segmentation never stored has no member list
            members = None
        items = relink(items, segmentation, members)
    if not items:
        if strict:
            raise InputError("texts.themes.error.no_texts")
        return None
    settings = theme_settings(ws)
    seed = ws.config.workspace.seed
    ordered = sorted(items, key=lambda i: i.id)
    used, _ = choose_method(ordered, settings.method, settings)
    current = current_themes(ws)
    if current is not None and current.input_hash == input_hash(ordered, settings, used,
                                                                None, seed):
        return current
    try:
        return find_themes(ws, items=items, seed=seed, actor=actor, progress=progress)
    except InputError as exc:
        if exc.key == "texts.themes.error.too_few" and not strict:
            return None
        raise


def save_theme_run(ws: Workspace, run: ThemeModel, *, actor: str = "cli") -> ThemeModel:
    """Store *run* as revision 1 of its id in ``theme_revisions`` (audited)."""
    from personakit.access import audit

    saved = run.model_copy(update={"revision": 1, "author": actor})
    with ws.transaction() as st:
        st.connection.execute(theme_revisions.insert().values(
            run_id=run.id, revision=1, author=actor, created_at=run.created_at,
            content=saved.model_dump(mode="json", exclude={"revision", "author"})))
        audit(ws, actor, "texts.themes.run", run.id,
              {"method": run.method, "themes": len(run.themes), "items": run.items,
               "seed": run.seed, "input_hash": run.input_hash}, connection=st.connection)
    return saved


def current_themes(ws: Workspace) -> ThemeModel | None:
    """The newest theme run at its newest revision (an analyst's renames and merges
    included), or ``None`` before any."""
    with ws.engine.connect() as con:
        newest = con.execute(select(theme_revisions.c.run_id)
                             .where(theme_revisions.c.revision == 1)
                             .order_by(theme_revisions.c.id.desc()).limit(1)).first()
        if newest is None:
            return None
        row = con.execute(select(theme_revisions)
                          .where(theme_revisions.c.run_id == newest.run_id)
                          .order_by(theme_revisions.c.revision.desc()).limit(1)).one()
    content = {k: v for k, v in dict(row.content).items() if k not in ("revision", "author")}
    return ThemeModel.model_validate({**content, "revision": row.revision,
                                      "author": row.author})
