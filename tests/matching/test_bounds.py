"""One-byte upper bounds of scores (the certificate scan's block skipping) never undercut."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tandem.matching.solvers._cache import UPPER, upper_codes

scores = st.one_of(st.floats(0.0, 1.0, width=32), st.just(float("nan")))


@settings(max_examples=200, deadline=None)
@given(
    block=hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2), elements=scores),
    min_score=st.floats(0.0, 1.0),
    single=st.booleans(),
)
def test_codes_bound_every_acceptable_score_from_above_within_one_254th(block, min_score, single):
    block = block.astype(np.float32) if single else block
    codes = upper_codes(block, min_score)
    acceptable = block >= min_score
    assert codes.dtype == np.uint8 and codes.shape == block.shape
    assert np.array_equal(codes > 0, acceptable)
    bound = UPPER[codes[acceptable]]
    values = block[acceptable].astype(np.float64)
    assert np.all(bound >= values)
    assert np.all(bound - values <= 1 / 254 + 1e-6)


def test_the_bounds_of_the_edges_of_the_range_are_exact():
    codes = upper_codes(np.array([[0.0, 1.0, 0.5, np.nan]]), 0.0)
    assert UPPER[codes[0, :3]].tolist() == [1 / 254, 1.0, 128 / 254]
    assert codes[0, 3] == 0
