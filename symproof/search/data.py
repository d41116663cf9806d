"""The data of a scenario, and the jitter of generic claims.

`with_data` draws a scenario's inputs and targets as Hypothesis floats, one row per class of neurons the scenario
ties (inputs in [-DATA_BOUND, DATA_BOUND], targets in [0, 1]; a softmax target is a probability column), so that a
counterexample in the data shrinks. `generic` adds a continuous jitter to learning rates, weight decay, constants and
data, from a Generator seeded by the scenario, so that measure-zero coincidences have probability zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from hypothesis import strategies as st
from numpy.typing import NDArray

from symproof.search.scenario import Scenario

__all__ = ["DATA_BOUND", "GENERIC_JITTER", "generic", "with_data"]

# Bounds of the data that `scenarios` draws: inputs in [-DATA_BOUND, DATA_BOUND], targets in [0, 1].
DATA_BOUND = 3.0
# The relative jitter `generic` applies to learning rates and constants.
GENERIC_JITTER = 1e-3
_X_VALUES = st.floats(-DATA_BOUND, DATA_BOUND)
_Y_VALUES = st.floats(0.0, 1.0)


def with_data(draw: st.DrawFn, s: Scenario) -> Scenario:
    """Return `s` with Hypothesis-drawn inputs and targets, one row per class (tied rows stay equal)."""
    x_values, y_values = _X_VALUES, _Y_VALUES
    x_rows = [tuple(draw(x_values) for _ in range(s.batch)) for _ in range(int(s._labels(0).max()) + 1)]
    y_rows = [tuple(draw(y_values) for _ in range(s.batch)) for _ in range(int(s._labels(s.depth).max()) + 1)]
    return _tied(s, x_rows, y_rows)


def _tied(s: Scenario, x_rows: Sequence[Sequence[float]], y_rows: Sequence[Sequence[float]]) -> Scenario:
    """Return `s` with its data built from one row per class; softmax targets become probability columns."""
    x = np.array(x_rows, dtype=np.float64)[s._labels(0)]
    y = np.array(y_rows, dtype=np.float64)[s._labels(s.depth)]
    if s.loss == "softmax_ce":
        total = y.sum(axis=0, keepdims=True)  # a few terms, summed in a fixed order: the same on every machine
        y = np.where(total > 0, y / np.where(total > 0, total, 1.0), 1.0 / y.shape[0])
        if len(y_rows) == 1:
            # Equal targets are 1/n exactly, as softmax over equal outputs is: v / fl(n v) can differ from fl(1/n)
            # by an ulp, a rounding-only "error" whose gradient can round to exactly 0.
            y = np.full_like(y, 1.0 / y.shape[0])
    return replace(s, x=tuple(map(tuple, x.tolist())), y=tuple(map(tuple, y.tolist())))


def _jittered(scenario: Scenario) -> Scenario:
    rng = np.random.default_rng([scenario.seed, 0x6E6E])
    scale = 1.0 + rng.uniform(-GENERIC_JITTER, GENERIC_JITTER, size=2 + 2 * scenario.depth)
    weights = tuple(
        replace(w, value=w.value * scale[2 + l]) if w.kind == "constant" else w for l, w in enumerate(scenario.weights)
    )
    biases = tuple(
        replace(b, value=b.value * scale[2 + scenario.depth + l]) if b.kind == "constant" else b
        for l, b in enumerate(scenario.biases)
    )
    jittered = replace(
        scenario,
        lr=scenario.lr * scale[0],
        weight_decay=scenario.weight_decay * scale[1],
        weights=weights,
        biases=biases,
    )
    if scenario.x is None or scenario.y is None:
        return jittered
    # Data: one continuous shift per class, so tied rows stay tied; targets stay in [0, 1].
    x_classes, y_classes = int(scenario._labels(0).max()) + 1, int(scenario._labels(scenario.depth).max()) + 1
    x_rows = _class_rows(np.array(scenario.x), scenario._labels(0), x_classes)
    y_rows = _class_rows(np.array(scenario.y), scenario._labels(scenario.depth), y_classes)
    x_rows = x_rows + rng.uniform(-GENERIC_JITTER, GENERIC_JITTER, size=x_rows.shape)
    y_rows = y_rows * (1.0 - 2.0 * GENERIC_JITTER) + rng.uniform(0.0, 2.0 * GENERIC_JITTER, size=y_rows.shape)
    return _tied(jittered, x_rows.tolist(), y_rows.tolist())


def _class_rows(data: NDArray[Any], labels: NDArray[Any], classes: int) -> NDArray[Any]:
    """Return one row of `data` per class of `labels` (the first row of each class)."""
    return np.stack([data[int(np.flatnonzero(labels == k)[0])] for k in range(classes)])


def generic(strategy: st.SearchStrategy[Scenario]) -> st.SearchStrategy[Scenario]:
    """Return `strategy` with every learning rate, weight decay and constant multiplied by 1 + U(-1e-3, 1e-3), every
    input class shifted by U(-1e-3, 1e-3), and every target class moved by as much within [0, 1].

    For generic claims: the jitter comes from a Generator seeded by the scenario, so values keep Hypothesis' shape
    and shrinking while coincidences of measure zero (lr 0.5 with a bias of 0.5 making the output error flip sign
    exactly, so that a weight returns to exactly 0) have probability zero. Zero constants stay zero; zero data do not.
    """
    return strategy.map(_jittered)
