"""Activations: values against a 50-digit reference, derivatives against differences, stability for |z| <= 1e4."""

from __future__ import annotations

import warnings

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symproof import ACTIVATIONS
from symproof.engine.activations import LEAKY_RELU_SLOPE, get_activation

mpmath.mp.dps = 50
ALPHA = mpmath.mpf("0.01")  # the documented leaky_relu slope, written out: not read back from the module

REFERENCE = {
    "sigmoid": lambda z: 1 / (1 + mpmath.exp(-z)),
    "tanh": mpmath.tanh,
    "relu": lambda z: max(z, 0),
    "leaky_relu": lambda z: z if z > 0 else ALPHA * z,
    "identity": lambda z: z,
    "softplus": lambda z: mpmath.log1p(mpmath.exp(z)),
}
REFERENCE_PRIME = {
    "sigmoid": lambda z: mpmath.exp(-z) / (1 + mpmath.exp(-z)) ** 2,
    "tanh": lambda z: 1 / mpmath.cosh(z) ** 2,
    "relu": lambda z: 1 if z > 0 else 0,
    "leaky_relu": lambda z: 1 if z > 0 else ALPHA,
    "identity": lambda z: 1,
    "softplus": lambda z: 1 / (1 + mpmath.exp(-z)),
}
# Each function is a few correctly rounded operations: 8 ulps of relative error, plus a floor for results that
# underflow (sigmoid'(z) ~ exp(-|z|) is below the smallest normal double for |z| > 708).
RTOL, ATOL = 8 * np.finfo(np.float64).eps, 1e-300

reals = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False, allow_infinity=False)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@given(z=reals)
def test_values_match_the_high_precision_reference(name: str, z: float) -> None:
    activation = get_activation(name)
    with np.errstate(over="raise", invalid="raise", divide="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")
        value = activation.f(np.array([z]))[0]
        slope = activation.df(np.array([z]))[0]
    assert np.isfinite(value) and np.isfinite(slope)
    assert value == pytest.approx(float(REFERENCE[name](mpmath.mpf(z))), rel=RTOL, abs=ATOL)
    assert slope == pytest.approx(float(REFERENCE_PRIME[name](mpmath.mpf(z))), rel=RTOL, abs=ATOL)


@pytest.mark.parametrize("name", ["sigmoid", "softplus"])
def test_stable_at_the_extremes(name: str) -> None:
    z = np.array([-1e4, -745.0, -710.0, -40.0, 0.0, 40.0, 710.0, 745.0, 1e4])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        values, slopes = get_activation(name).f(z), get_activation(name).df(z)
    assert np.isfinite(values).all() and np.isfinite(slopes).all()
    assert (values >= 0).all() and (slopes >= 0).all()
    assert np.all(np.diff(values) >= 0)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_float32_is_stable_too(name: str) -> None:
    z = np.array([-1e4, -100.0, -88.0, 0.0, 88.0, 100.0, 1e4], dtype=np.float32)
    with np.errstate(over="raise", invalid="raise", divide="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")
        values, slopes = get_activation(name).f(z), get_activation(name).df(z)
    assert np.isfinite(values).all()
    assert np.isfinite(slopes).all()


def test_derivatives_at_kinks_are_the_left_derivatives() -> None:
    zero = np.zeros(1)
    assert get_activation("relu").df(zero)[0] == 0.0
    assert get_activation("leaky_relu").df(zero)[0] == LEAKY_RELU_SLOPE == 0.01
    assert get_activation("relu").f(np.array([-0.0]))[0] == 0.0


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_and_shape_are_kept(name: str, dtype: type) -> None:
    z: np.ndarray = np.linspace(-3, 3, 12, dtype=dtype).reshape(3, 4)
    activation = get_activation(name)
    for out in (activation.f(z), activation.df(z)):
        assert out.dtype == dtype and out.shape == (3, 4)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_both_gives_the_bits_of_f_and_df(name: str) -> None:
    z = np.concatenate([np.array([0.0, -0.0, 1e-310, 30.0, -800.0, np.nan]), np.linspace(-40, 40, 101)])
    f = ACTIVATIONS[name]
    for dtype in (np.float64, np.float32):
        value, slope = f.both(z.astype(dtype))
        assert np.array_equal(value, f.f(z.astype(dtype)), equal_nan=True) and value.dtype == dtype
        assert np.array_equal(slope, f.df(z.astype(dtype)), equal_nan=True) and slope.dtype == dtype
