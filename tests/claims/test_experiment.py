"""Seed 000's experiment through the engine: the zero/nonzero pattern of every matrix after every step, and its
print-out (step 0 the initial state, then step k after k updates, every matrix labelled)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from symproof import Structure, classify, is_zero
from symproof.claims.experiment import BIASES, TOPOLOGY, format_state, initial_params, seed000_experiment

DEPTH = len(TOPOLOGY) - 1


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_zeros_recede_one_matrix_per_step_from_the_output(seed: int, dtype: str) -> None:
    for k, step in enumerate(seed000_experiment(steps=6, seed=seed, dtype=dtype), start=1):
        # After step k, W_l is nonzero exactly for the last k matrices, l > L - k.
        nonzero = [not is_zero(w) for w in step.params.weights]
        assert nonzero == [l > DEPTH - k for l in range(1, DEPTH + 1)], f"step {k}"
        # The gradient of b_l is delta_l, nonzero from step L - l + 1 on, the step in which W_l itself first moves.
        # (In float32 the update of b_1 at step 4, ~1e-12, is below the resolution of 0.1 and is lost: the gradient,
        # not the bias, is what carries the pattern in both dtypes.)
        moving = [not is_zero(g) for g in step.grads.biases]
        assert moving == [l >= DEPTH - k + 1 for l in range(1, DEPTH + 1)], f"step {k}"
        expected = [Structure.ZERO] * DEPTH
        for l in range(max(1, DEPTH - k + 1), DEPTH + 1):
            expected[l - 1] = Structure.ROW_EQUAL if l == 1 else Structure.CONSTANT
        assert [classify(w) for w in step.params.weights] == expected, f"step {k}"


def test_printout_labels_every_matrix_with_its_name_and_shape() -> None:
    steps = list(seed000_experiment(steps=2))
    text = format_state(2, steps[1].params)
    assert text.startswith("step 2: after 2 updates\nW1 (5x4):\n[[0. 0. 0. 0.]\n")
    assert text.endswith("\n------------------")
    assert text.count("[[") == 2 * DEPTH
    labels = [line for line in text.splitlines() if line.endswith("):")]
    assert labels == [
        "W1 (5x4):",
        "b1 (4x1):",
        "W2 (4x3):",
        "b2 (3x1):",
        "W3 (3x2):",
        "b3 (2x1):",
        "W4 (2x2):",
        "b4 (2x1):",
    ]
    assert format_state(1, steps[0].params).startswith("step 1: after 1 update\n")


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_step_0_is_the_initial_state_and_draws_no_input(dtype: str) -> None:
    params = initial_params(dtype=dtype)
    assert all(is_zero(w) for w in params.weights)
    for b, value, width in zip(params.biases, BIASES, TOPOLOGY[1:], strict=True):
        assert np.array_equal(b, np.full((width, 1), value, dtype=dtype))
    assert format_state(0, params).startswith("step 0: initial state\nW1 (5x4):\n")
    # The first update uses the first input of the seed's generator: step 0 consumed none.
    first = next(seed000_experiment(steps=1, seed=3, dtype=dtype))
    assert np.array_equal(first.forward.a(0), np.random.default_rng(3).standard_normal((TOPOLOGY[0], 1)).astype(dtype))


def test_bad_arguments_are_refused_at_the_call() -> None:
    with pytest.raises(ValueError, match="steps must be a positive integer; got 0"):
        seed000_experiment(steps=0)
    with pytest.raises(ValueError, match="seed must be a non-negative integer; got -1"):
        seed000_experiment(seed=-1)


def test_first_step_matches_the_seed_set_up_by_hand() -> None:
    """lr 0.8, biases 0.1..0.4, targets 1, sigmoid, the seed's MSE (mean over 2 outputs): W_4 after step 1."""
    step = next(seed000_experiment(steps=1))
    sigma = lambda t: 1 / (1 + math.exp(-t))  # noqa: E731
    a3, out = sigma(0.3), sigma(0.4)
    delta4 = 2 * (out - 1.0) / 2 * out * (1 - out)
    assert step.params.weights[3] == pytest.approx(np.full((2, 2), -0.8 * a3 * delta4), rel=1e-14)
    assert step.params.biases[3] == pytest.approx(np.full((2, 1), 0.4 - 0.8 * delta4), rel=1e-14)
    assert step.loss == pytest.approx((out - 1.0) ** 2, rel=1e-14)


def test_every_step_draws_fresh_inputs() -> None:
    inputs = [step.forward.a(0) for step in seed000_experiment(steps=3, seed=4)]
    assert not np.array_equal(inputs[0], inputs[1])
    assert not np.array_equal(inputs[1], inputs[2])
    assert inputs[0].shape == (5, 1)
