"""Losses: values against their textbook forms, deltas against differences, stability for large logits."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from symproof import LOSSES, get_loss
from symproof.engine.activations import get_activation
from symproof.engine.losses import softmax
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
    value = evaluate(name, z, y)
    assert type(value) is float  # a Python float, as documented: np.float64 would print as np.float64(...)
    assert value == pytest.approx(textbook(name, z, y), rel=1e-12, abs=1e-14)


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


def symbolic_loss(name: str, z: sympy.Matrix, a: sympy.Matrix, y: sympy.Matrix) -> sympy.Expr:
    """Return the loss as written in the module docstring, on symbols; mse and quadratic are functions of a."""
    n, batch = z.shape
    if name == "mse":
        return sum(((a[i, k] - y[i, k]) ** 2 for i in range(n) for k in range(batch)), sympy.Integer(0)) / (n * batch)
    if name == "quadratic":
        return sum(((a[i, k] - y[i, k]) ** 2 / 2 for i in range(n) for k in range(batch)), sympy.Integer(0)) / batch
    if name == "bce":
        terms = (sympy.log(1 + sympy.exp(z[i, k])) - y[i, k] * z[i, k] for i in range(n) for k in range(batch))
        return sum(terms, sympy.Integer(0)) / batch
    total = sympy.Integer(0)
    for k in range(batch):
        logsumexp = sympy.log(sum((sympy.exp(z[i, k]) for i in range(n)), sympy.Integer(0)))
        total += sum((y[i, k] * (logsumexp - z[i, k]) for i in range(n)), sympy.Integer(0))
    return total / batch


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_delta_scale_is_the_sum_of_the_absolute_terms_of_the_derivative(name: str) -> None:
    """SymPy differentiates the loss, expands dL/dz into its terms, and adds their absolute values."""
    n, batch = 3, 3
    rng = np.random.default_rng(11)
    z_num, y_num = 2 * rng.standard_normal((n, batch)), rng.standard_normal((n, batch))  # targets of both signs
    loss = get_loss(name)
    a_num = loss.link(z_num) if loss.link is not None else sigmoid.f(z_num)
    df_num = None if loss.link is not None else sigmoid.df(z_num)
    z, a, y, df = (sympy.Matrix(n, batch, sympy.symbols(f"{s}:{n * batch}")) for s in ("z", "a", "y", "df"))
    value = symbolic_loss(name, z, a, y)
    numbers = {s: v for m, arr in ((z, z_num), (a, a_num), (y, y_num)) for s, v in zip(m, arr.ravel())}
    if df_num is not None:
        numbers |= dict(zip(df, df_num.ravel()))
    expected = np.zeros((n, batch))
    for i, k in np.ndindex(n, batch):
        # d/dz = dL/da * f'(z) where the network's activation applies; d/dz directly where the loss fixes the link
        derivative = sympy.diff(value, a[i, k]) * df[i, k] if df_num is not None else sympy.diff(value, z[i, k])
        terms = sympy.Add.make_args(sympy.expand(derivative))
        expected[i, k] = sum(abs(float(term.subs(numbers))) for term in terms)
    assert np.all(np.abs(loss.delta(z_num, a_num, y_num, df_num)) <= expected * (1 + 1e-12))  # terms bound delta
    assert np.allclose(loss.delta_scale(z_num, a_num, y_num, df_num), expected, rtol=1e-12, atol=0.0)
