"""The factored (linear-algebra) scores equal the criterion-by-criterion definition."""

from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.matching import factored
from tandem.matching.constraints import HardRules
from tandem.matching.features import PersonRecord, build_features
from tandem.matching.scoring import CRITERIA, FeatureScores, ScoringConfig
from tandem.matching.text import EmbeddingSimilarity

AT = datetime(2025, 3, 1, tzinfo=UTC)
SKILLS = ["SQL", "Python", "negotiation", "public speaking", "Excel", "design"]
LANGS = ["English", "French", "Hindi"]
INTERESTS = ["chess", "running", "music", "cooking"]
ZONES = ["Europe/Paris", "America/New_York", "Asia/Kolkata", "UTC+05:45", "Nowhere/Bad", None]
WORDS = ["lead", "team", "data", "sql", "speaking", "sales", "product", "growth"]


def people(draw, n, first_id, mentor):
    out = []
    for k in range(n):
        chosen = draw(st.lists(st.sampled_from(SKILLS), max_size=4, unique=True))
        out.append(
            PersonRecord(
                id=first_id + k,
                level=draw(st.one_of(st.none(), st.integers(1, 8).map(float), st.just(2.5))),
                department=draw(st.sampled_from([None, "Sales", "Data", "Legal"])),
                time_zone=draw(st.sampled_from(ZONES)),
                languages=draw(st.sets(st.sampled_from(LANGS), max_size=2)),
                meeting_format=draw(st.sampled_from(["either", "virtual", "in_person"])),
                interests=draw(st.sets(st.sampled_from(INTERESTS), max_size=3)),
                skills={s: draw(st.integers(1, 5)) if mentor else 1 for s in chosen},
                text=" ".join(draw(st.lists(st.sampled_from(WORDS), max_size=6))),
                management_chain=tuple(draw(st.lists(st.integers(1, 14), max_size=3))),
                eligible=draw(st.booleans()) or draw(st.booleans()),
            )
        )
    return out


@st.composite
def problems(draw):
    n, m = draw(st.integers(1, 7)), draw(st.integers(1, 6))
    mentees = people(draw, n, 1, mentor=False)
    # Mentor ids overlap mentee ids sometimes: the same person on both sides.
    mentors = people(draw, m, draw(st.sampled_from([1, 4, 100])), mentor=True)
    pairs = st.dictionaries(st.integers(0, n - 1), st.lists(st.integers(0, m - 1), max_size=2))
    features = build_features(mentees, mentors, draw(pairs), draw(pairs), at=AT)
    weights = draw(
        st.dictionaries(st.sampled_from(CRITERIA), st.sampled_from([0.0, 0.5, 1.0, 3.0]))
    )
    weights = {**weights, draw(st.sampled_from(CRITERIA)): 1.0}
    rules = HardRules(
        min_level_gap=draw(st.sampled_from([None, 0.0, 1.0])),
        max_level_gap=draw(st.sampled_from([None, 3.0])),
    )
    config = ScoringConfig(
        weights=weights,
        seniority_range=draw(st.sampled_from([(1.0, 3.0), (-3.0, -1.0), (0.0, 0.0)])),
        department=draw(st.sampled_from(["different", "same"])),
        rules=rules,
    )
    return features, config


def assert_same_scores(fast, reference):
    assert fast.shape == reference.shape
    assert (np.isnan(fast) == np.isnan(reference)).all()
    allowed = ~np.isnan(reference)
    np.testing.assert_allclose(fast[allowed], reference[allowed], rtol=0, atol=1e-6)


@settings(max_examples=50, deadline=None)
@given(problems())
def test_factored_blocks_equal_the_reference_definition_on_random_profiles(problem):
    features, config = problem
    scores = FeatureScores(features, config)
    n = scores.shape[0]
    assert_same_scores(scores.block(0, n), scores.reference_block(0, n))
    assert_same_scores(scores.block(n - 1, n), scores.reference_block(n - 1, n))


@settings(max_examples=30, deadline=None)
@given(problems(), st.integers(1, 3))
def test_rows_in_any_order_and_small_chunks_equal_the_reference(problem, chunk_rows):
    features, config = problem
    scores = FeatureScores(features, config)
    scores.factored.chunk_rows = chunk_rows
    n = scores.shape[0]
    everything = scores.reference_block(0, n)
    order = np.arange(n)[::-1]
    assert_same_scores(scores.rows(order), everything[order])
    repeated = np.array([0, min(1, n - 1), 0, n - 1])  # spans 0..3 but is not 0, 1, 2, 3
    assert_same_scores(scores.rows(repeated), everything[repeated])


@settings(max_examples=30, deadline=None)
@given(problems())
def test_every_fallback_path_gives_the_same_scores(problem):
    features, config = problem
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(factored, "DENSE_BUDGET", 0)  # no dense mentor parts at all
        patch.setattr("tandem.matching.scoring._TABLE_MAX", 0)  # no tables either
        scores = FeatureScores(features, config)
        n = scores.shape[0]
        assert_same_scores(scores.block(0, n), scores.reference_block(0, n))


def fake_embedder(texts):
    rng = np.random.default_rng(len(texts))
    return np.array([[len(t) % 5 - 2.0, *rng.normal(size=3)] for t in texts])


def test_signed_embeddings_are_clipped_at_zero_like_the_definition():
    mentees = [PersonRecord(id=i, text=f"goal {'x' * i}") for i in range(1, 6)]
    mentors = [PersonRecord(id=10 + i, text=f"bio {'y' * i}") for i in range(4)]
    features = build_features(mentees, mentors, at=AT)
    config = ScoringConfig(weights={"goals_text": 2.0, "format": 1.0})
    scores = FeatureScores(features, config, EmbeddingSimilarity(fake_embedder))
    assert scores.factored.text_product is not None
    assert_same_scores(scores.block(0, 5), scores.reference_block(0, 5))


def test_a_large_realistic_block_equals_the_reference_within_one_millionth():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from profiles import real_features

    features = real_features(600, 300, seed=3)
    config = ScoringConfig(rules=HardRules(min_level_gap=0.0))
    scores = FeatureScores(features, config)
    assert scores.factored.fallback == []
    assert_same_scores(scores.block(0, 600), scores.reference_block(0, 600))


def test_reference_rows_are_the_pair_scores_of_the_definition():
    features = build_features(
        [PersonRecord(id=1, level=2.0, languages={"French"}), PersonRecord(id=2, level=5.0)],
        [PersonRecord(id=3, level=4.0, languages={"French"}), PersonRecord(id=4, level=6.0)],
        at=AT,
    )
    scores = FeatureScores(features)
    rows = scores.reference_rows(np.array([1, 0]))
    assert rows.dtype == np.float64
    np.testing.assert_array_equal(rows, scores.reference_block(0, 2)[[1, 0]])
    pairs = scores.pair_scores(np.array([0, 0]), np.array([0, 1]))
    np.testing.assert_allclose(rows[1], pairs, rtol=0, atol=1e-12)
    assert_same_scores(scores.rows(np.array([1, 0])), rows)


def test_a_block_scored_on_two_threads_equals_it_scored_on_one_bit_for_bit(monkeypatch):
    import sys
    from pathlib import Path

    from tandem.matching import factored

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from profiles import real_features

    scores = FeatureScores(real_features(900, 400, seed=4))
    scores.factored.chunk_rows = 64  # several chunks per block
    monkeypatch.setattr(factored, "THREADS", 2)
    threaded = scores.block(0, 900)
    monkeypatch.setattr(factored, "THREADS", 1)
    assert np.array_equal(threaded, scores.block(0, 900), equal_nan=True)
