"""The sample organisation's interview notes and reviews: formats, links, topics, truth."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from personakit.ingest._folder import read_folder
from personakit.sample import SampleManifest, generate_sample

CUSTOMERS = 1_500


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SampleManifest]:
    root = tmp_path_factory.mktemp("sample-texts")
    return root, generate_sample(root, customers=CUSTOMERS, seed=3)


@pytest.fixture(scope="module")
def parts(sample: tuple[Path, SampleManifest]) -> pd.DataFrame:
    """The interview folder as the importer reads it."""
    return pd.DataFrame(read_folder(sample[0] / "interviews", lenient=False).table.to_pylist())


@pytest.fixture(scope="module")
def truth(sample: tuple[Path, SampleManifest]) -> pd.DataFrame:
    return pd.read_csv(sample[0] / "_truth" / "texts.csv", sep=";", dtype=str)


@pytest.fixture(scope="module")
def segments(sample: tuple[Path, SampleManifest]) -> dict[str, str]:
    frame = pd.read_csv(sample[0] / "_truth" / "segments.csv", sep=";", dtype=str)
    return dict(zip(frame["klantnummer"], frame["segment"], strict=True))


def test_thirty_interviews_in_three_formats_and_encodings(
        sample: tuple[Path, SampleManifest]) -> None:
    root, manifest = sample
    files = sorted((root / "interviews").iterdir())
    assert len(files) == 30
    assert Counter(f.suffix for f in files) == {".md": 15, ".txt": 9, ".docx": 6}
    raw = [f.read_bytes() for f in files if f.suffix == ".txt"]
    assert sum(r.startswith(b"\xff\xfe") for r in raw) == 1  # Notepad's "Unicode"
    not_utf8 = 0
    for data in raw:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            not_utf8 += 1
    assert not_utf8 == 2  # the UTF-16 one and one in Windows-1252
    entry = next(f for f in manifest.files if f.source == "interviews")
    assert (entry.path, entry.kind, entry.customer_column) == ("interviews", "interview", "key")


def test_parts_match_the_truth_and_half_carry_a_member_number(
        parts: pd.DataFrame, truth: pd.DataFrame, segments: dict[str, str],
        sample: tuple[Path, SampleManifest]) -> None:
    planted = truth[truth["source"] == "interviews"]
    assert parts.groupby("document").size().to_dict() == planted.groupby(
        "document").size().to_dict()
    assert len(parts) == next(f.rows for f in sample[1].files if f.source == "interviews")
    keyed = parts.dropna(subset=["key"]).groupby("document")["key"].first()
    assert 8 <= len(keyed) <= 22
    per_document = planted.groupby("document")["segment"].first()
    for document, key in keyed.items():
        assert segments[str(key)] == per_document[document]  # a member of that segment
    assert Counter(per_document) == dict.fromkeys(set(segments.values()), 6)


def test_answers_speak_to_every_aspect_in_varied_words(parts: pd.DataFrame,
                                                       truth: pd.DataFrame) -> None:
    planted = truth[truth["source"] == "interviews"]
    for _, rows in planted.groupby("segment"):
        assert set(rows["aspect"]) >= {"goal", "frustration", "barrier", "objection", "driver"}
    # Not templates repeated verbatim: nearly every answer is worded differently (the
    # closing "nee hoor, succes ermee" may well recur).
    answers = parts["text"]
    said = answers[(planted["aspect"] != "close").to_numpy()]
    assert said.nunique() >= 0.95 * len(said)
    assert answers.str.len().std() > 40  # short and long answers
    assert parts["question"].notna().mean() > 0.9  # each answer keeps the question asked
    fillers = answers.str.contains(r"^(?:Nou|Eh|Ja|Kijk|Tja|Goh)\b|, eh,", regex=True)
    assert 0.2 < fillers.mean() < 0.8


def test_planted_personal_data_is_in_the_free_text(sample: tuple[Path, SampleManifest],
                                                   parts: pd.DataFrame) -> None:
    root, _ = sample
    pii = pd.read_csv(root / "_truth" / "texts_pii.csv", sep=";", dtype=str)
    assert set(pii["kind"]) >= {"name", "email", "phone", "iban"}
    texts = {f"{r.document}:{r.part}": r.text for r in parts.itertuples()}
    reviews = pd.read_csv(root / "recensies.csv", dtype=str).set_index("review_id")["tekst"]
    for row in pii.itertuples():
        if row.file.startswith("interviews/"):
            assert row.value in texts[row.record], row
        elif row.file == "recensies.csv":
            assert row.value in reviews[row.record], row
    interviews = pii[pii["file"].str.startswith("interviews/")]
    assert interviews["file"].nunique() == 30  # every interview lets something slip


def test_club_reviews(sample: tuple[Path, SampleManifest], truth: pd.DataFrame,
                      segments: dict[str, str]) -> None:
    root, manifest = sample
    reviews = pd.read_csv(root / "recensies.csv", dtype={"lidnummer": "Int64"})
    assert list(reviews.columns) == ["review_id", "datum", "sterren", "tekst", "lidnummer"]
    assert len(reviews) == 2000 and reviews["review_id"].is_unique
    assert set(reviews["sterren"]) == {1, 2, 3, 4, 5}
    assert 0.25 <= reviews["lidnummer"].notna().mean() <= 0.45
    planted = truth[truth["source"] == "recensies"].set_index("document")
    for row in reviews.dropna(subset=["lidnummer"]).itertuples():
        assert segments[str(row.lidnummer)] == planted.at[row.review_id, "segment"]
    stars = reviews.set_index("review_id")["sterren"]
    positive = planted["aspect"] == "pos"
    assert stars[planted.index[positive]].mean() > 4 > 2 > stars[planted.index[~positive]].mean()
    assert 0.03 <= (planted["lang"] == "en").mean() <= 0.08
    # Each segment plants its own topics: its commonest topic is nobody else's commonest.
    top = planted.groupby("segment")["topic"].agg(lambda t: t.value_counts().index[0])
    assert top.is_unique and len(top) == 5
    entry = next(f for f in manifest.files if f.source == "recensies")
    assert (entry.kind, entry.competitor, entry.customer_column) == ("review", None,
                                                                     "lidnummer")


def test_competitor_reviews(sample: tuple[Path, SampleManifest], truth: pd.DataFrame) -> None:
    root, manifest = sample
    wegwijs = pd.read_csv(root / "recensies_wegwijs.csv", sep=";", encoding="cp1252")
    rijvrij = pd.DataFrame(json.loads((root / "recensies_rijvrij.json").read_text(
        encoding="utf-8"))["reviews"])
    assert list(wegwijs.columns) == ["id", "datum", "beoordeling", "recensie"]
    assert list(rijvrij.columns) == ["id", "date", "rating", "text"]
    assert len(wegwijs) == len(rijvrij) == 800
    entries = {f.source: f for f in manifest.files if f.competitor}
    assert {s: e.competitor for s, e in entries.items()} == {
        "recensies_wegwijs": "Wegwijs Pechhulp", "recensies_rijvrij": "RijVrij"}
    topics = truth[truth["competitor"].notna()].groupby("competitor")["topic"].agg(set)
    assert topics["Wegwijs Pechhulp"] == {"goedkoop", "lange_wachttijd", "onbereikbaar",
                                          "verborgen_kosten"}
    assert topics["RijVrij"] == {"app_top", "snel_in_de_stad", "buitenland_slecht",
                                 "geen_mens"}
    assert not topics["RijVrij"] & set(truth.loc[truth["source"] == "recensies", "topic"])
