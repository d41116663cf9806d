"""Random training problems for the engine's tests: a network, its parameters, and a batch with fitting targets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st
from numpy.typing import NDArray

from symproof import Network, Params


@dataclass(frozen=True)
class Problem:
    network: Network
    params: Params
    x: NDArray[Any]
    y: NDArray[Any]


def targets(loss: str, n_out: int, batch: int, rng: np.random.Generator) -> NDArray[Any]:
    """Return targets a loss accepts: probabilities for bce, probability columns for softmax_ce, reals otherwise."""
    if loss == "bce":
        return rng.uniform(0.0, 1.0, size=(n_out, batch))
    if loss == "softmax_ce":
        return rng.dirichlet(np.ones(n_out), size=batch).T
    return rng.standard_normal((n_out, batch))


@st.composite
def problems(
    draw: st.DrawFn, activation: str, loss: str, *, max_depth: int = 3, max_width: int = 4, max_batch: int = 3
) -> Problem:
    """Draw a random problem; the continuous values come from a Generator seeded by Hypothesis."""
    depth = draw(st.integers(1, max_depth))
    topology = tuple(draw(st.lists(st.integers(1, max_width), min_size=depth + 1, max_size=depth + 1)))
    batch = draw(st.integers(1, max_batch))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    params = Params.normal(topology, rng, weight_std=draw(st.sampled_from([0.5, 1.0, 2.0])))
    x = rng.standard_normal((topology[0], batch))
    return Problem(Network(topology, activation, loss), params, x, targets(loss, topology[-1], batch, rng))
