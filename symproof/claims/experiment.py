"""The experiment of seed 000, run through the NumPy engine.

Set-up, as in the seed's TensorFlow code: topology [5, 4, 3, 2, 2], every weight 0, biases 0.1, 0.2, 0.3, 0.4 for
layers 1..4, sigmoid everywhere, the mean squared error, plain gradient descent with learning rate 0.8, targets all
ones, and a fresh N(0, 1) input column at every step. Step 0 is the initial state (`initial_params`); step k is the
state after k updates, the k-th of which used the k-th input column drawn from numpy.random.default_rng(seed).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from numpy.typing import DTypeLike

from symproof.engine._validation import check_positive_int
from symproof.engine.network import Network
from symproof.engine.optimizers import SGD
from symproof.engine.params import Params
from symproof.engine.training import Step, iterate

__all__ = ["BIASES", "LR", "TOPOLOGY", "format_state", "initial_params", "seed000_experiment", "seed000_steps"]

TOPOLOGY: tuple[int, ...] = (5, 4, 3, 2, 2)
BIASES: tuple[float, ...] = (0.1, 0.2, 0.3, 0.4)
LR = 0.8


def initial_params(*, dtype: DTypeLike = np.float64) -> Params:
    """Return the parameters of step 0: every weight 0, the biases of layers 1..4 equal to `BIASES`."""
    return Params.constant(TOPOLOGY, weights=0.0, biases=BIASES, dtype=dtype)


def seed000_experiment(*, steps: int = 6, seed: int = 0, dtype: DTypeLike = np.float64) -> Iterator[Step]:
    """Return an iterator over the `steps` updates of the seed-000 experiment, from `initial_params` on: the k-th
    step it yields holds the parameters after k updates. Inputs come from numpy.random.default_rng(seed). The
    arguments are checked at the call, before any step is run."""
    check_positive_int("steps", steps)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer; got {seed!r}")
    return seed000_steps(initial_params(dtype=dtype), np.random.default_rng(seed), steps=steps)


def seed000_steps(params: Params, rng: np.random.Generator, *, steps: int) -> Iterator[Step]:
    """Return an iterator over `steps` updates of the seed's set-up from `params`, with a fresh N(0, 1) input column
    drawn from `rng` at every step (the first one now)."""

    def column(step: int = 1) -> Any:
        return rng.standard_normal((TOPOLOGY[0], 1))

    net, y = Network(TOPOLOGY, "sigmoid", "mse"), np.ones((TOPOLOGY[-1], 1))
    return iterate(net, params, column(), y, SGD(LR), steps=steps, inputs=column)


def format_state(step: int, params: Params) -> str:
    """Return the parameters after `step` updates (0: the initial state), layer by layer, each matrix labelled with
    its name and shape (``W1 (5x4):``, then ``b1 (4x1):``, ...), and a closing rule."""
    lines = [f"step {step}: " + ("initial state" if step == 0 else f"after {step} update{'s' if step > 1 else ''}")]
    for layer, (w, b) in enumerate(zip(params.weights, params.biases, strict=True), start=1):
        for name, matrix in ((f"W{layer}", w), (f"b{layer}", b)):
            lines.append(f"{name} ({'x'.join(map(str, matrix.shape))}):")
            lines.append(np.array2string(matrix, precision=8))
    lines.append("------------------")
    return "\n".join(lines)
