"""symproof.claims._logistic: the two halves of a side-by-side pair train as the two networks would, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symproof.claims._logistic import side_by_side
from symproof.engine.network import Network
from symproof.engine.optimizers import SGD
from symproof.engine.params import Params
from symproof.engine.training import iterate


@given(st.integers(1, 4), st.integers(1, 3), st.integers(1, 5), st.floats(0.0, 1.0), st.integers(0, 2**32 - 1))
def test_the_halves_of_a_pair_train_as_the_two_networks_bit_for_bit(
    n_in: int, n_out: int, batch: int, decay: float, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    first, second = Params.constant((n_in, n_out)), Params.normal((n_in, n_out), rng)
    x, y = rng.standard_normal((n_in, batch)), rng.uniform(0.1, 0.9, size=(n_out, batch))
    optimizer, steps = SGD(0.5, weight_decay=decay), 7
    alone = [
        list(iterate(Network((n_in, n_out), "sigmoid", "bce"), p, x, y, optimizer, steps=steps))
        for p in (first, second)
    ]
    pair = list(
        iterate(
            Network((n_in, 2 * n_out), "sigmoid", "bce"),
            side_by_side(first, second),
            x,
            np.vstack([y, y]),
            optimizer,
            steps=steps,
        )
    )
    for k, step in enumerate(pair):
        w, b = step.params.weights[0], step.params.biases[0]
        for h, run in enumerate(alone):
            half = slice(h * n_out, (h + 1) * n_out)
            assert np.array_equal(w[:, half], run[k].params.weights[0]) and np.array_equal(
                b[half], run[k].params.biases[0]
            )
            assert np.array_equal(step.forward.zs[0][half], run[k].forward.zs[0])


def test_only_single_layers_go_side_by_side() -> None:
    deep = Params.constant((2, 3, 1))
    with pytest.raises(ValueError, match=r"side_by_side needs Params without a hidden layer \(depth 1\); got depths 2"):
        side_by_side(deep, Params.constant((2, 1)))
