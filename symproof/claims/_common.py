"""Checks and conditions shared by the claims: structure of a trained network, and non-vanishing activations.

Beside each condition, the `scenarios()` options that draw inside the part of it a strategy can build
(`symproof.search.within`), and the test of the rest: `within(space, **NON_VANISHING_WITHIN)` draws a claim's space
with relu left out, biases zero or constant and equal targets, and tests only activations and error at the start.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import strategies as st

from symproof.engine.activations import ACTIVATIONS
from symproof.engine.inits import BiasInit
from symproof.engine.losses import get_loss
from symproof.engine.training import Step
from symproof.search.scenario import Scenario
from symproof.search.strategies import ACTIVATION_ORDER, LOSS_ORDER, bias_inits
from symproof.search.within import Within
from symproof.structure.predicates import Check, is_constant, is_row_equal, is_zero, neurons_identical
from symproof.verdict.claim import Condition
from symproof.verdict.searched import all_of


def collapsed(step: Step, first: int) -> Check:
    """Return whether W_first is row-equal, every later W constant, and every hidden layer >= first one neuron.

    `first` is the index of the first matrix after the "real input layer" (1 when every matrix is non-random).
    """
    weights = step.params.weights
    depth = len(weights)
    checks = [is_row_equal(weights[first - 1])] if first <= depth else []
    checks += [is_constant(w) for w in weights[first:]]
    checks += [neurons_identical(step.forward, l) for l in range(first, depth)]
    return all_of("collapsed", checks)


def nonzero_pattern(step: Step) -> list[bool]:
    """Return, per weight matrix after the step, whether it has any nonzero entry."""
    return [not is_zero(w) for w in step.params.weights]


# "Nonzero" in floating point: a bias of 2e-309 makes tanh(b) nonzero, yet the gradient, a product of such factors,
# underflows to exactly 0 (Hypothesis found this). Above 1e-50, a product of up to eight factors stays normal.
NONVANISHING = 1e-50


def stuck_free(scenario: Scenario) -> bool:
    """Return whether no activation vanishes at the start: |f(b_l)| and |f'(b_l)| exceed NONVANISHING."""
    params = scenario.initial
    f = ACTIVATIONS[scenario.activation]
    output_fixed = get_loss(scenario.loss).link is not None
    for l, b in enumerate(params.biases, start=1):
        last = l == len(params.biases)
        if last and output_fixed:
            continue
        if np.any(np.abs(f.df(b)) <= NONVANISHING) or (not last and np.any(np.abs(f.f(b)) <= NONVANISHING)):
            return False
    return True


# An output and a target that agree in exact arithmetic (softmax over n equal outputs is 1/n, and so is a softmax
# target normalised from n equal values) can differ in floating point by their own rounding: each is within 4 unit
# roundoffs of its exact value (a correctly rounded sum, an exp within 1.1 ulps, one division). A difference within
# 8 unit roundoffs of the larger is therefore rounding, not error; Hypothesis found a gradient that rounds to exactly
# 0 on such a one-ulp "error".
ERROR_ROUNDING = 8 * float(np.finfo(np.float64).eps / 2)


def has_error(scenario: Scenario) -> bool:
    """Return whether the network's first output differs from the target by more than rounding (softmax over equal
    outputs, for one, already equals equal targets, and then no gradient flows at all)."""
    params, x, y, _ = scenario.build()
    return output_error(scenario.network().forward(params, x).output, y)


def output_error(output: np.ndarray, y: np.ndarray) -> bool:
    """Return whether `output` differs from `y` by more than ERROR_ROUNDING relative to the larger, anywhere."""
    return bool(np.any(np.abs(output - y) > ERROR_ROUNDING * np.maximum(np.abs(output), np.abs(y))))


def hidden_collapsed(step: Step) -> Check:
    """Return whether every hidden layer's neurons are identical."""
    depth = len(step.params.weights)
    return all_of("hidden-collapsed", [neurons_identical(step.forward, l) for l in range(1, depth)])


def constant_biases(scenario: Scenario) -> bool:
    """Return whether every bias vector starts constant (zero or one constant per layer)."""
    return all(b.kind != "random" for b in scenario.biases)


def live_with_error(scenario: Scenario) -> bool:
    """Return whether no activation vanishes at the start and the first output differs from the target."""
    return stuck_free(scenario) and has_error(scenario)


SYMMETRIC_START = Condition(
    "biases zero or one constant per layer, and targets equal across outputs",
    lambda s: constant_biases(s) and s.targets == "equal",
)
NON_VANISHING = Condition(
    "an activation whose derivative never vanishes (not relu), biases zero or one constant per layer with "
    "|f(b)| > 1e-50 at every layer, targets equal across outputs, and an initial output that differs from the target",
    lambda s: s.activation != "relu" and constant_biases(s) and s.targets == "equal" and live_with_error(s),
)
SMOOTH_AND_LIVE = Condition(
    "an activation whose derivative never vanishes (not relu), and |f(b_l)| > 1e-50 at every layer at the start",
    lambda s: s.activation != "relu" and stuck_free(s),
)
LIVE_WITH_ERROR = Condition(
    "an activation whose derivative never vanishes (not relu), |f(b_l)| > 1e-50 at every layer at the start, and an "
    "initial output that differs from the target",
    lambda s: s.activation != "relu" and live_with_error(s),
)


def symmetric_biases(depth: int) -> st.SearchStrategy[tuple[BiasInit, ...]]:
    """Return bias inits that are zero or one constant per layer: the default bias search without random biases."""
    return bias_inits(depth, kinds=("zero", "constant"))


def within(
    space: Callable[..., st.SearchStrategy[Scenario]], rest: Callable[[Scenario], bool] | None = None, **options: Any
) -> Within:
    """Return how to draw a claim's `space` inside its condition: `space(**options)`, with `rest` left to test."""
    return Within(lambda: space(**options), rest)


# The options that build each condition's constructible part, and the test of the rest (see `within`).
NOT_RELU = [name for name in ACTIVATION_ORDER if name != "relu"]
NOT_SOFTMAX = [name for name in LOSS_ORDER if name != "softmax_ce"]
SYMMETRIC_START_WITHIN: dict[str, Any] = {"biases": symmetric_biases, "targets": ["equal"]}
NON_VANISHING_WITHIN: dict[str, Any] = {"activation": NOT_RELU, **SYMMETRIC_START_WITHIN, "rest": live_with_error}
SMOOTH_AND_LIVE_WITHIN: dict[str, Any] = {"activation": NOT_RELU, "rest": stuck_free}
LIVE_WITH_ERROR_WITHIN: dict[str, Any] = {"activation": NOT_RELU, "rest": live_with_error}
