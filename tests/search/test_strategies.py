"""Strategies: eager validation of bounds, draws within bounds, and shrinking towards small networks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symproof.search import strategies as sps


@pytest.mark.parametrize(
    ("build", "fragment"),
    [
        (lambda: sps.topologies(min_depth=3, max_depth=2), "min_depth must be <= max_depth"),
        (lambda: sps.topologies(min_width=0), "min_width must be a positive integer"),
        (lambda: sps.activations(names=["swish"]), "names must be one of"),
        (lambda: sps.losses(names=[]), "names must name at least one"),
        (lambda: sps.learning_rates(min_value=0.0), "min_value must be positive"),
        (lambda: sps.learning_rates(min_value=0.5, max_value=0.1), "min_value must be <= max_value"),
        (lambda: sps.batch_sizes(min_size=2, max_size=1), "min_size must be <= max_size"),
        (lambda: sps.optimizers(names=["lbfgs"]), "names must be one of"),
        (lambda: sps.weight_inits(kinds=["ones"]), "kinds must be one of"),
        (lambda: sps.first_m_random(3, 4, rest="zero"), "m must be in 0..3"),
        (lambda: sps.only_random(3, 0), "j must be in 1..3"),
        (lambda: sps.bias_inits(0), "depth must be a positive integer"),
        (lambda: sps.inputs(2, scale=-1.0), "scale must be positive"),
        (lambda: sps.targets(0, 1), "n_out must be a positive integer"),
        (lambda: sps.block_inits((2, 2), max_blocks=0), "max_blocks must be a positive integer"),
        (lambda: sps.weight_inits(min_value=3, max_value=-2), "min_value must be <= max_value"),
        (lambda: sps.bias_inits(2, min_value=1, max_value=-1), "min_value must be <= max_value"),
    ],
)
def test_bounds_are_validated_when_the_strategy_is_built(build: object, fragment: str) -> None:
    with pytest.raises((ValueError, TypeError), match=fragment):
        build()  # type: ignore[operator]


@given(sps.topologies(min_depth=2, max_depth=3, min_width=2, max_width=4))
def test_topologies_respect_bounds(topology: tuple[int, ...]) -> None:
    assert 3 <= len(topology) <= 4
    assert all(2 <= n <= 4 for n in topology)


@given(st.data())
def test_first_m_random_and_only_random(data: st.DataObject) -> None:
    depth = data.draw(st.integers(1, 5))
    m = data.draw(st.integers(0, depth))
    specs = data.draw(sps.first_m_random(depth, m, rest="constant"))
    assert [w.kind for w in specs] == ["random"] * m + ["constant"] * (depth - m)
    j = data.draw(st.integers(1, depth))
    only = data.draw(sps.only_random(depth, j, rest="zero"))
    assert [w.kind == "random" for w in only] == [l == j for l in range(1, depth + 1)]


@given(sps.bias_inits(4))
def test_bias_inits_are_one_kind_per_network(biases: tuple[object, ...]) -> None:
    assert len(biases) == 4
    assert len({b.kind for b in biases}) == 1  # type: ignore[attr-defined]


@given(sps.inputs(3, max_batch=2, scale=4.0, max_abs=2.0), st.data())
def test_inputs_and_targets(x: np.ndarray, data: st.DataObject) -> None:
    assert x.shape[0] == 3
    assert 1 <= x.shape[1] <= 2
    assert np.isfinite(x).all()
    assert np.abs(x).max() <= 2.0
    y = data.draw(sps.targets(3, 2, equal=True))
    assert np.array_equal(y, np.repeat(y[:1], 3, axis=0))


@given(sps.block_inits((3, 4, 2)))
def test_block_inits_are_block_constant(block: object) -> None:
    from symproof.structure.predicates import is_block_constant

    params = block.params()  # type: ignore[attr-defined]
    for l, w in enumerate(params.weights):
        assert is_block_constant(w, block.partition(l), block.partition(l + 1), tol=0.0)  # type: ignore[attr-defined]
