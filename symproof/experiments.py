"""The experiment of seed 000, run through the NumPy engine.

Set-up, as in the seed's TensorFlow code: topology [5, 4, 3, 2, 2], every weight 0, biases 0.1, 0.2, 0.3, 0.4 for
layers 1..4, sigmoid everywhere, the mean squared error, plain gradient descent with learning rate 0.8, targets all
ones, and a fresh N(0, 1) input column at every step. Step 0 is the initial state (`initial_params`); step k is the
state after k updates, the k-th of which used the k-th input column drawn from numpy.random.default_rng(seed).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from numpy.typing import DTypeLike

from symproof._validation import check_positive_int
from symproof.network import Network
from symproof.optimizers import SGD
from symproof.params import Params
from symproof.training import Step, train_step

__all__ = ["BIASES", "LR", "TOPOLOGY", "format_state", "initial_params", "seed000_experiment"]

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
    return _run(steps, seed, initial_params(dtype=dtype))


def _run(steps: int, seed: int, params: Params) -> Iterator[Step]:
    net = Network(TOPOLOGY, "sigmoid", "mse")
    optimizer = SGD(LR)
    rng = np.random.default_rng(seed)
    y = np.ones((TOPOLOGY[-1], 1))
    for _ in range(steps):
        step = train_step(net, params, rng.standard_normal((TOPOLOGY[0], 1)), y, optimizer)
        params = step.params
        yield step


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
