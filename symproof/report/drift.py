"""Floating-point drift of neurons that are identical in exact arithmetic, in either arithmetic of `symproof.engine.fp`.

A constant-init network (W_l filled with c_l, b_l with d_l) fed targets that are equal across the outputs keeps, in
exact arithmetic, W_1 row-equal, every later W_l and every b_l constant, and all neurons of each layer identical.
Rounding may break these equalities; `measure_drift` trains such networks and returns the largest relative deviation
it sees, over all layers and steps, for each run. In the reproducible arithmetic the bound is 0 and so is every
measurement (`symproof.structure.predicates`); under BLAS (`fp.arithmetic("fast")`) the drift depends on the kernel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import DTypeLike

from symproof.engine.activations import ACTIVATIONS
from symproof.engine.losses import LOSSES
from symproof.engine.network import Network
from symproof.engine.optimizers import OPTIMIZERS, make_optimizer
from symproof.engine.params import Params
from symproof.engine.training import Divergence, iterate
from symproof.structure.predicates import is_constant, is_row_equal, neurons_identical

__all__ = ["DriftRun", "measure_drift"]

_LR = {"sgd": 0.2, "momentum": 0.05, "adam": 0.01}


@dataclass(frozen=True)
class DriftRun:
    """One training run: its configuration and the largest relative deviation measured over all steps."""

    topology: tuple[int, ...]
    activation: str
    loss: str
    optimizer: str
    dtype: str
    steps: int
    drift: float
    finite: bool


def _targets(loss: str, n_out: int, batch: int, rng: np.random.Generator) -> Any:
    row = rng.uniform(0.0, 1.0, size=(1, batch))
    if loss == "softmax_ce":
        row = np.full((1, batch), 1.0 / n_out)
    return np.repeat(row, n_out, axis=0)


def _one_run(
    rng: np.random.Generator, activation: str, loss: str, optimizer: str, dtype: DTypeLike, steps: int
) -> DriftRun:
    depth = int(rng.integers(2, 5))
    topology = tuple(int(n) for n in rng.integers(1, 7, size=depth + 1))
    batch = int(rng.integers(1, 9))
    net = Network(topology, activation, loss)
    params = Params.constant(
        topology,
        weights=list(rng.uniform(-1.0, 1.0, size=depth)),
        biases=list(rng.uniform(-1.0, 1.0, size=depth)),
        dtype=dtype,
    )
    x = rng.standard_normal((topology[0], batch))
    y = _targets(loss, topology[-1], batch, rng)
    opt = make_optimizer(optimizer, _LR[optimizer])
    drift, finite = 0.0, True
    try:
        for step in iterate(net, params, x, y, opt, steps=steps):
            params = step.params
            checks = [is_row_equal(params.weights[0], tol=0.0)]
            checks += [is_constant(w, tol=0.0) for w in params.weights[1:]]
            checks += [is_constant(b, tol=0.0) for b in params.biases]
            checks += [neurons_identical(step.forward, layer, tol=0.0) for layer in range(1, depth + 1)]
            drift = max(drift, *(c.relative for c in checks))
    except Divergence:  # an inf or a nan: the run leaves the comparison
        finite = False
    return DriftRun(topology, activation, loss, optimizer, np.dtype(dtype).name, steps, drift, finite)


def measure_drift(
    *, runs_per_setting: int = 2, steps: int = 200, dtypes: tuple[str, ...] = ("float64", "float32"), seed: int = 0
) -> list[DriftRun]:
    """Return one DriftRun per (activation, loss, optimizer, dtype, repetition), all seeded from `seed`."""
    rng = np.random.default_rng(seed)
    return [
        _one_run(rng, activation, loss, optimizer, dtype, steps)
        for dtype in dtypes
        for activation in ACTIVATIONS
        for loss in LOSSES
        for optimizer in OPTIMIZERS
        for _ in range(runs_per_setting)
    ]
