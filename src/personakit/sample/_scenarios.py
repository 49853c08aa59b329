"""A family of generated exports with a known truth, to test the choice of profiles.

Each scenario is a CRM export (and sometimes a survey that covers part of it) with hidden
profiles, varying what real exports vary: Likert and 0-10 scales with ceiling and floor
effects, skewed money columns, 3 to 8 profiles of unequal size, overlap, pure noise,
redundant pairs (date of birth and age, member-since and tenure, a count and its share),
missing values that depend on the profile, a survey that covers 10 % of the CRM,
categories coded as integers, high-cardinality codes, a multi-select as one cell or as 0/1
columns, personal data, Dutch or English column names, `;` cp1252 or `,` UTF-8 files.

Nothing here knows the segmentation: the files are written as a user would receive them,
and :func:`run_scenario` imports and segments them through the public path.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

Lang = Literal["nl", "en"]


@dataclass(frozen=True)
class ScenarioSpec:
    """What one generated export looks like (all counts are numbers of columns)."""

    name: str
    k: int
    n: int = 5000
    min_share: float = 0.06
    separation: float = 1.5
    likert: int = 4
    likert_bias: Literal["none", "ceiling", "floor"] = "none"
    scale10: int = 0
    money: int = 1
    numeric: int = 2
    categorical: int = 2
    coded: int = 0
    boolean: int = 1
    counts: int = 1
    multiselect: Literal["none", "cell", "columns"] = "none"
    noise: int = 0
    redundant: tuple[str, ...] = ()
    missing_by_profile: float = 0.0
    survey_coverage: float = 1.0
    high_cardinality: bool = False
    personal: bool = True
    lang: Lang = "nl"
    dialect: Literal["semicolon_cp1252", "comma_utf8"] = "semicolon_cp1252"
    seed: int = 0


@dataclass
class Scenario:
    """A generated scenario: its files, key column and the hidden truth per key."""

    spec: ScenarioSpec
    files: list[Path]
    key: str
    truth: pd.Series
    kinds: dict[str, str] = field(default_factory=dict)


def family() -> list[ScenarioSpec]:
    """The scenario family of the benchmark: 28 exports differing as real ones do."""
    s = ScenarioSpec
    return [
        s("likert_ceiling_k4", 4, n=6000, likert=6, likert_bias="ceiling",
          multiselect="cell", seed=1),
        s("likert_floor_k4", 4, likert=6, likert_bias="floor", seed=2),
        s("scale10_ceiling_k5", 5, likert=2, scale10=3, likert_bias="ceiling", seed=3),
        s("money_skewed_k3", 3, money=3, numeric=1, seed=4),
        s("k3_plain", 3, min_share=0.2, seed=5),
        s("k5_unequal", 5, min_share=0.05, seed=6),
        s("k6_mixed", 6, categorical=3, multiselect="cell", seed=7),
        s("k7_mixed", 7, n=7000, categorical=3, likert=5, seed=8),
        s("k8_smallest_5pct", 8, n=8000, min_share=0.05, categorical=3, likert=6,
          numeric=3, seed=9),
        s("overlap_k4", 4, separation=1.1, likert=6, seed=10),
        s("overlap_k6", 6, separation=1.15, n=7000, likert=6, categorical=3, seed=11),
        s("noise_columns_k4", 4, noise=8, seed=12),
        s("birthdate_and_age_k4", 4, redundant=("birthdate_age",), seed=13),
        s("birthdate_only_k4", 4, redundant=("birthdate",), seed=14),
        s("member_since_tenure_k5", 5, redundant=("member_since",), seed=15),
        s("count_and_share_k4", 4, redundant=("count_share",), seed=16),
        s("missing_by_profile_k4", 4, missing_by_profile=0.4, seed=17),
        s("survey_10pct_k4", 4, survey_coverage=0.1, likert=5, seed=18),
        s("coded_integers_k5", 5, categorical=0, coded=4, seed=19),
        s("high_cardinality_k4", 4, high_cardinality=True, seed=20),
        s("multiselect_columns_k5", 5, multiselect="columns", seed=21),
        s("multiselect_cell_k5", 5, multiselect="cell", categorical=1, seed=22),
        s("english_k5", 5, lang="en", dialect="comma_utf8", likert=5,
          multiselect="cell", seed=23),
        s("english_ceiling_k6", 6, lang="en", dialect="comma_utf8", likert=6,
          likert_bias="ceiling", scale10=1, seed=24),
        s("small_n_k3", 3, n=1500, seed=25),
        s("large_n_k6", 6, n=20000, categorical=3, seed=26),
        s("everything_k5", 5, likert=5, likert_bias="ceiling", scale10=1, money=2,
          coded=1, noise=4, redundant=("birthdate_age", "member_since", "count_share"),
          missing_by_profile=0.3, high_cardinality=True, multiselect="cell", seed=27),
        s("everything_en_k7", 7, n=8000, lang="en", dialect="comma_utf8", likert=6,
          likert_bias="floor", money=2, coded=1, noise=4,
          redundant=("birthdate", "member_since"), missing_by_profile=0.3,
          multiselect="columns", categorical=3, seed=28),
    ]


def fast_family() -> list[ScenarioSpec]:
    """A subset for the test suite: the hardest cases, smaller."""
    chosen = {"likert_ceiling_k4", "birthdate_and_age_k4", "survey_10pct_k4",
              "everything_k5", "k8_smallest_5pct"}
    return [replace(s, n=min(s.n, 4000)) if s.k < 8 else s
            for s in family() if s.name in chosen]


# Column names per language: (nl, en).
_NAMES: dict[str, tuple[str, str]] = {
    "key": ("klantnummer", "customer_id"),
    "name": ("naam", "name"),
    "email": ("e-mail", "email"),
    "phone": ("telefoon", "phone"),
    "age": ("leeftijd", "age"),
    "birth": ("geboortedatum", "date_of_birth"),
    "since": ("lid_sinds", "member_since"),
    "tenure": ("looptijd_jaren", "tenure_years"),
    "months": ("maanden_actief", "months_active"),
    "months_share": ("aandeel_maanden_actief", "share_of_months_active"),
    "code": ("productcode", "product_code"),
}
_NUMERIC = [("inkomen_per_maand", "monthly_income"), ("reisafstand_km", "travel_distance_km"),
            ("uren_per_week", "hours_per_week"), ("huishoudgrootte_score", "household_score")]
_MONEY = [("omzet_euro", "revenue_eur"), ("uitgaven_online", "online_spend"),
          ("schadebedrag", "claim_amount")]
_COUNTS = [("aantal_contacten", "number_of_contacts"), ("aantal_klachten", "complaints")]
_CATEGORICAL = [
    ("woonsituatie", "housing", [("koop", "owner"), ("huur", "rent"), ("inwonend", "lodger"),
                                 ("anders", "other")]),
    ("voorkeurskanaal", "preferred_channel", [("app", "app"), ("website", "website"),
                                              ("telefoon", "phone"), ("balie", "desk"),
                                              ("post", "mail")]),
    ("regio", "region", [("noord", "north"), ("oost", "east"), ("zuid", "south"),
                         ("west", "west"), ("midden", "central"), ("randstad", "metro")]),
]
_LIKERT = [
    ("Ik regel mijn zaken het liefst online", "I prefer to arrange things online"),
    ("Ik heb weinig tijd", "I have little time"),
    ("Ik vergelijk prijzen voordat ik iets koop", "I compare prices before I buy"),
    ("Ik wil graag persoonlijk contact", "I want personal contact"),
    ("Ik maak me zorgen over mijn geldzaken", "I worry about my finances"),
    ("Ik voel me betrokken bij mijn buurt", "I feel involved in my neighbourhood"),
]
_LIKERT_WORDS = {
    "nl": ["helemaal oneens", "oneens", "neutraal", "eens", "helemaal eens"],
    "en": ["strongly disagree", "disagree", "neutral", "agree", "strongly agree"],
}
_SCALE10 = [("tevredenheid_dienstverlening", "service_satisfaction"),
            ("kans_op_aanbeveling", "likelihood_to_recommend"),
            ("vertrouwen_in_organisatie", "trust_in_organisation")]
_BOOLEAN = [("nieuwsbrief", "newsletter", ("ja", "nee"), ("yes", "no")),
            ("automatische_incasso", "direct_debit", ("ja", "nee"), ("yes", "no"))]
_OPTIONS = [("app", "app"), ("e-mail", "email"), ("telefoon", "phone"),
            ("chat", "chat"), ("brief", "letter")]
_MULTI = ("contactkanalen", "contact_channels")
_CODED = ["klanttype", "opleidingsniveau_code", "gezinsfase_code", "segment_code"]
_CODED_EN = ["customer_type", "education_code", "life_stage_code", "segment_code"]
_NOISE = [("willekeurig", "random")]


def profile_shares(k: int, min_share: float) -> np.ndarray:
    """Unequal shares with the smallest at *min_share* (geometric, when below 1/k)."""
    if min_share * k >= 1:
        return np.full(k, 1 / k)
    low, high = 1e-6, 1.0
    for _ in range(80):
        ratio = (low + high) / 2
        shares = ratio ** np.arange(k)
        shares /= shares.sum()
        if shares[-1] < min_share:
            low = ratio
        else:
            high = ratio
    return np.asarray(shares, dtype=np.float64)


def _centres(rng: np.random.Generator, k: int, dims: int, separation: float) -> np.ndarray:
    """Profile centres per latent dimension, far enough apart to be real profiles.

    Every pair of profiles differs on several dimensions: without that no method, and no
    analyst, could tell the true number of profiles.
    """
    best: np.ndarray | None = None
    best_gap = -1.0
    for _ in range(400):
        centres = rng.choice([-1.0, 0.0, 1.0], size=(k, dims), p=[0.3, 0.4, 0.3])
        gaps = [np.abs(centres[a] - centres[b]).sum() for a in range(k) for b in range(a)]
        if min(gaps) > best_gap:
            best, best_gap = centres, min(gaps)
        if best_gap >= 4:
            break
    assert best is not None
    return best * separation


def generate(spec: ScenarioSpec, out_dir: Path) -> Scenario:
    """Write the scenario's files to *out_dir* and return them with the truth."""
    rng = np.random.default_rng(spec.seed)
    lang = 0 if spec.lang == "nl" else 1
    n, k = spec.n, spec.k
    shares = profile_shares(k, spec.min_share)
    truth = rng.permutation(np.repeat(np.arange(k), np.round(shares * n).astype(int))[:n])
    n = len(truth)
    dims = 14
    centres = _centres(rng, k, dims, spec.separation)
    dim_iter = iter(range(10_000))

    def latent() -> np.ndarray:
        """One profile-driven latent value per row, on a fresh dimension mix."""
        d = next(dim_iter)
        weights = np.zeros(dims)
        weights[d % dims] = 1.0
        weights[(d * 5 + 3) % dims] += 0.5
        means = centres @ weights / np.linalg.norm(weights)
        return np.asarray(means[truth] + rng.normal(0, 1, n), dtype=np.float64)

    crm: dict[str, object] = {}
    survey: dict[str, object] = {}
    kinds: dict[str, str] = {}
    keys = np.array([f"K{100000 + i}" for i in rng.permutation(n)])
    key = _NAMES["key"][lang]
    crm[key] = keys
    if spec.personal:
        _personal_columns(crm, rng, n, lang, spec.lang)
    reference = date(2026, 6, 30)
    age = np.clip(np.round(47 + 13 * latent()), 18, 95)
    if "birthdate" in spec.redundant or "birthdate_age" in spec.redundant:
        days = (age * 365.25 + rng.integers(0, 365, n)).astype(int)
        crm[_NAMES["birth"][lang]] = [
            (reference - timedelta(days=int(d))).isoformat() for d in days]
        kinds[_NAMES["birth"][lang]] = "birthdate"
    if "birthdate" not in spec.redundant:
        crm[_NAMES["age"][lang]] = age.astype(int)
        kinds[_NAMES["age"][lang]] = "numeric"
    if "member_since" in spec.redundant:
        tenure = np.clip(np.exp(1.6 + 0.5 * latent()), 0.1, 40)
        crm[_NAMES["since"][lang]] = [
            (reference - timedelta(days=int(y * 365.25))).isoformat() for y in tenure]
        crm[_NAMES["tenure"][lang]] = np.floor(tenure).astype(int)
        kinds[_NAMES["since"][lang]] = "date"
        kinds[_NAMES["tenure"][lang]] = "numeric"
    if "count_share" in spec.redundant:
        months = np.clip(np.round(6 + 3 * latent()), 0, 12).astype(int)
        crm[_NAMES["months"][lang]] = months
        crm[_NAMES["months_share"][lang]] = np.round(months / 12, 3)
        kinds[_NAMES["months"][lang]] = "count"
        kinds[_NAMES["months_share"][lang]] = "numeric"
    for i in range(spec.numeric):
        name = _NUMERIC[i % len(_NUMERIC)][lang] + ("" if i < len(_NUMERIC) else f"_{i}")
        crm[name] = np.round(50 + 15 * latent(), 1)
        kinds[name] = "numeric"
    for i in range(spec.money):
        name = _MONEY[i % len(_MONEY)][lang]
        crm[name] = np.round(np.exp(5 + 0.7 * latent()), 2)
        kinds[name] = "numeric"
    for i in range(spec.counts):
        name = _COUNTS[i % len(_COUNTS)][lang]
        crm[name] = rng.poisson(np.exp(0.6 + 0.7 * np.clip(latent(), -3, 3)))
        kinds[name] = "count"
    for i in range(spec.categorical):
        nl_name, en_name, levels = _CATEGORICAL[i % len(_CATEGORICAL)]
        crm[(nl_name, en_name)[lang]] = _categorical(rng, truth, k, [lv[lang] for lv in levels],
                                                     spec.separation)
        kinds[(nl_name, en_name)[lang]] = "categorical"
    for i in range(spec.coded):
        name = (_CODED, _CODED_EN)[lang][i % len(_CODED)]
        crm[name] = _categorical(rng, truth, k, [str(c) for c in range(1, 7)],
                                 spec.separation).astype(int)
        kinds[name] = "categorical"
    for i in range(spec.boolean):
        nl_name, en_name, nl_values, en_values = _BOOLEAN[i % len(_BOOLEAN)]
        yes, no = (nl_values, en_values)[lang]
        crm[(nl_name, en_name)[lang]] = np.where(latent() > 0, yes, no)
        kinds[(nl_name, en_name)[lang]] = "boolean"
    if spec.multiselect != "none":
        options = [o[lang] for o in _OPTIONS]
        chosen = np.column_stack([latent() > 0.3 for _ in options])
        if spec.multiselect == "cell":
            sep = "," if spec.dialect == "semicolon_cp1252" else ";"
            crm[_MULTI[lang]] = [sep.join(o for o, c in zip(options, row, strict=True) if c)
                                 for row in chosen]
            kinds[_MULTI[lang]] = "multiselect"
        else:
            for j, option in enumerate(options):
                name = f"{_MULTI[lang]}_{option.replace('-', '')}"
                crm[name] = chosen[:, j].astype(int)
                kinds[name] = "boolean"
    for i in range(spec.noise):
        base = _NOISE[0][lang]
        if i % 2 == 0:
            crm[f"{base}_{i}"] = np.round(rng.lognormal(2, 1, n) if i % 4 == 0
                                          else rng.normal(10, 3, n), 2)
            kinds[f"{base}_{i}"] = "numeric"
        else:
            crm[f"{base}_{i}"] = rng.choice(list("ABCDE"), n)
            kinds[f"{base}_{i}"] = "categorical"
    if spec.high_cardinality:
        name = _NAMES["code"][lang]
        crm[name] = [f"P-{c:05d}" for c in rng.integers(0, 900, n)]
        kinds[name] = "code"
    target = survey if spec.survey_coverage < 1 else crm
    for i in range(spec.likert):
        question = _LIKERT[i % len(_LIKERT)][lang]
        target[question] = _likert(latent(), spec.likert_bias, _LIKERT_WORDS[spec.lang]
                                   if i % 2 else None)
        kinds[question] = "ordinal"
    for i in range(spec.scale10):
        name = _SCALE10[i % len(_SCALE10)][lang]
        target[name] = _scale10(latent(), spec.likert_bias)
        kinds[name] = "ordinal"
    crm_frame = pd.DataFrame(crm)
    survey_frame = pd.DataFrame(survey)
    if spec.missing_by_profile > 0:
        _profile_missing(crm_frame, truth, rng, spec.missing_by_profile,
                         [c for c, kd in kinds.items() if kd in ("numeric", "categorical")
                          and c in crm_frame.columns][:4])
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = ("klanten", "customers")[lang]
    files = [_write(crm_frame, out_dir / f"{stem}.csv", spec.dialect)]
    if spec.survey_coverage < 1:
        rows = rng.random(n) < spec.survey_coverage
        survey_frame.insert(0, key, keys)
        files.append(_write(survey_frame[rows], out_dir / (("enquete", "survey")[lang] + ".csv"),
                            spec.dialect))
    return Scenario(spec, files, key, pd.Series(truth, index=keys, name="truth"), kinds)


def _personal_columns(crm: dict[str, object], rng: np.random.Generator, n: int, lang: int,
                      locale: str) -> None:
    from faker import Faker

    fake = Faker("nl_NL" if locale == "nl" else "en_GB")
    fake.seed_instance(int(rng.integers(0, 2**31)))
    names = [fake.name() for _ in range(n)]
    crm[_NAMES["name"][lang]] = names
    crm[_NAMES["email"][lang]] = [f"{nm.split()[0].lower()}{i}@example.org"
                                  for i, nm in enumerate(names)]
    crm[_NAMES["phone"][lang]] = [f"06{rng.integers(10_000_000, 99_999_999)}"
                                  for _ in range(n)]


def _categorical(rng: np.random.Generator, truth: np.ndarray, k: int, levels: list[str],
                 separation: float) -> np.ndarray:
    """A category whose level shares differ per profile (each profile has favourites)."""
    logits = rng.normal(0, 1.4 * separation, size=(k, len(levels)))
    probs = np.exp(logits)
    probs /= probs.sum(axis=1, keepdims=True)
    cum = probs.cumsum(axis=1)[truth]
    draws = (rng.random(len(truth))[:, None] > cum).sum(axis=1)
    return np.asarray(np.array(levels, dtype=object)[np.minimum(draws, len(levels) - 1)])


def _likert(z: np.ndarray, bias: str, words: list[str] | None) -> np.ndarray:
    shift = {"none": 0.0, "ceiling": 1.3, "floor": -1.3}[bias]
    steps = np.digitize(z + shift, [-1.5, -0.5, 0.5, 1.5]) + 1
    if words is None:
        return steps
    return np.asarray(np.array(words, dtype=object)[steps - 1])


def _scale10(z: np.ndarray, bias: str) -> np.ndarray:
    shift = {"none": 0.0, "ceiling": 1.8, "floor": -1.8}[bias]
    return np.asarray(np.clip(np.round(5 + 1.8 * (z + shift)), 0, 10).astype(int))


def _profile_missing(frame: pd.DataFrame, truth: np.ndarray, rng: np.random.Generator,
                     rate: float, columns: list[str]) -> None:
    """Blank some columns mostly in some profiles (who leaves income empty is informative)."""
    k = int(truth.max()) + 1
    for column in columns:
        per_profile = rng.choice([0.02, rate], size=k, p=[0.6, 0.4])
        blank = rng.random(len(truth)) < per_profile[truth]
        frame.loc[blank, column] = None


def _write(frame: pd.DataFrame, path: Path, dialect: str) -> Path:
    if dialect == "semicolon_cp1252":
        frame.to_csv(path, sep=";", index=False, encoding="cp1252", decimal=",",
                     quoting=csv.QUOTE_MINIMAL)
    else:
        frame.to_csv(path, sep=",", index=False, encoding="utf-8")
    return path


@dataclass
class ScenarioResult:
    name: str
    true_k: int
    k: int
    ari: float
    smallest: float
    seconds: float
    used: list[str]
    left_out: dict[str, str]


def run_scenario(spec: ScenarioSpec, work_dir: Path) -> tuple[ScenarioResult, Scenario]:
    """Import the scenario's files into a new workspace and segment with the defaults."""
    from sklearn.metrics import adjusted_rand_score

    from personakit.ingest import import_file
    from personakit.segment import get_segmentation, profile_members, segment_workspace
    from personakit.workspace import Workspace

    scenario = generate(spec, work_dir / "files")
    start = time.perf_counter()
    ws = Workspace.init(work_dir / "ws", language=spec.lang)
    try:
        for path in scenario.files:
            import_file(ws, path, key=scenario.key)
        seg = segment_workspace(ws, k="auto")
        seconds = time.perf_counter() - start
        members = profile_members(ws, seg.id).set_index("key")
        found = members["profile_id"].reindex(scenario.truth.index)
        ari = float(adjusted_rand_score(scenario.truth.to_numpy(), found.astype(str)))
        seg = get_segmentation(ws, seg.id)
        smallest = min(p.share for p in seg.profiles)
        return ScenarioResult(spec.name, spec.k, seg.k, ari, smallest, seconds,
                              [v for v in seg.lens if v not in seg.left_out],
                              dict(seg.left_out)), scenario
    finally:
        ws.close()


def iter_family(specs: list[ScenarioSpec], root: Path) -> Iterator[tuple[ScenarioResult,
                                                                         Scenario]]:
    for spec in specs:
        yield run_scenario(spec, root / spec.name)
