"""The experiment of seed 000, run through the NumPy engine.

Set-up, as in the seed's TensorFlow code: topology [5, 4, 3, 2, 2], every weight 0, biases 0.1, 0.2, 0.3, 0.4 for
layers 1..4, sigmoid everywhere, the mean squared error, plain gradient descent with learning rate 0.8, targets all
ones, and a fresh N(0, 1) input column at every step.
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

__all__ = ["BIASES", "LR", "TOPOLOGY", "format_step", "seed000_experiment"]

TOPOLOGY: tuple[int, ...] = (5, 4, 3, 2, 2)
BIASES: tuple[float, ...] = (0.1, 0.2, 0.3, 0.4)
LR = 0.8


def seed000_experiment(*, steps: int = 6, seed: int = 0, dtype: DTypeLike = np.float64) -> Iterator[Step]:
    """Yield the steps of the seed-000 experiment; inputs come from numpy.random.default_rng(seed)."""
    check_positive_int("steps", steps)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer; got {seed!r}")
    net = Network(TOPOLOGY, "sigmoid", "mse")
    params = Params.constant(TOPOLOGY, weights=0.0, biases=BIASES, dtype=dtype)
    optimizer = SGD(LR)
    rng = np.random.default_rng(seed)
    y = np.ones((TOPOLOGY[-1], 1))
    for _ in range(steps):
        step = train_step(net, params, rng.standard_normal((TOPOLOGY[0], 1)), y, optimizer)
        params = step.params
        yield step


def format_step(index: int, step: Step) -> str:
    """Return the step's weights and biases printed as the seed prints them."""
    lines = [f"step:{index}"]
    lines += [np.array2string(w, precision=8) for w in step.params.weights]
    lines += [np.array2string(b, precision=8) for b in step.params.biases]
    lines.append("------------------")
    return "\n".join(lines)
