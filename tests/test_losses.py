"""Losses: values against their textbook forms, deltas against differences, stability for large logits."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symproof import LOSSES, get_loss
from symproof.activations import get_activation
from symproof.losses import softmax
from tests._problems import targets

sigmoid = get_activation("sigmoid")


def textbook(name: str, z: np.ndarray, y: np.ndarray) -> float:
    """Return the loss written as in the literature, valid for moderate z."""
    batch = z.shape[1]
    if name == "mse":
        return float(np.mean((sigmoid.f(z) - y) ** 2))
    if name == "quadratic":
        return float(sum(0.5 * np.linalg.norm(sigmoid.f(z[:, k]) - y[:, k]) ** 2 for k in range(batch)) / batch)
    if name == "bce":
        a = 1 / (1 + np.exp(-z))
        return float(-np.sum(y * np.log(a) + (1 - y) * np.log(1 - a)) / batch)
    p = np.exp(z) / np.exp(z).sum(axis=0)
    return float(-np.sum(y * np.log(p)) / batch)


def evaluate(name: str, z: np.ndarray, y: np.ndarray) -> float:
    loss = get_loss(name)
    a = loss.link(z) if loss.link is not None else sigmoid.f(z)
    return loss.value(z, a, y)


def delta(name: str, z: np.ndarray, y: np.ndarray) -> np.ndarray:
    loss = get_loss(name)
    a = loss.link(z) if loss.link is not None else sigmoid.f(z)
    return loss.delta(z, a, y, None if loss.link is not None else sigmoid.df(z))


@pytest.mark.parametrize("name", sorted(LOSSES))
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 4), batch=st.integers(1, 4))
def test_value_matches_textbook_form(name: str, seed: int, n: int, batch: int) -> None:
    rng = np.random.default_rng(seed)
    z, y = 3 * rng.standard_normal((n, batch)), targets(name, n, batch, rng)
    assert evaluate(name, z, y) == pytest.approx(textbook(name, z, y), rel=1e-12, abs=1e-14)


@pytest.mark.parametrize("name", sorted(LOSSES))
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 4), batch=st.integers(1, 4))
def test_delta_is_the_derivative_of_the_value(name: str, seed: int, n: int, batch: int) -> None:
    rng = np.random.default_rng(seed)
    z, y = 3 * rng.standard_normal((n, batch)), rng.standard_normal((n, batch))  # any real target
    h, expected = 1e-6, np.zeros_like(z)
    for index in np.ndindex(z.shape):
        up, down = z.copy(), z.copy()
        up[index] += h
        down[index] -= h
        expected[index] = (evaluate(name, up, y) - evaluate(name, down, y)) / (2 * h)
    scale = max(1.0, abs(evaluate(name, z, y)))
    assert np.allclose(delta(name, z, y), expected, rtol=1e-6, atol=1e-8 * scale)


@pytest.mark.parametrize("name", ["bce", "softmax_ce"])
def test_large_logits_stay_finite(name: str) -> None:
    z = np.array([[1e4, -1e4], [-1e4, 1e4]])
    y = np.array([[0.0, 1.0], [1.0, 0.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        value = evaluate(name, z, y)
        gradient = delta(name, z, y)
    assert np.isfinite(value) and value == pytest.approx(2e4, rel=1e-12)
    assert np.isfinite(gradient).all()


def test_softmax_columns_are_distributions() -> None:
    p = softmax(np.array([[1000.0, 0.0], [0.0, -1000.0], [-5.0, 3.0]]))
    assert np.allclose(p.sum(axis=0), 1.0, rtol=0, atol=1e-15)
    assert (p >= 0).all()
