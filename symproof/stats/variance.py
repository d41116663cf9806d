"""The exact layer of seed 004: the law of a pre-activation at initialisation, and sigmoid saturation under it.

For a fixed input x and independent weights w_j with mean 0 and variance s_w^2 and a bias with variance s_b^2,
z = sum_j w_j x_j + b has mean 0 and variance s_w^2 sum_j x_j^2 + s_b^2, whatever the distributions (only
independence and the variances enter). If the weights and the bias are normal, z is exactly normal.

Saturation of a sigmoid neuron fed z ~ N(mu, s^2) is measured three ways, each computed without sampling:
E[sigma'(z)] (by tanh-sinh quadrature), P(sigma'(z) < eps) and P(|z| > t) (in closed form through the normal CDF).

Every number here is machine-independent: the saturation measures come from mpmath (pure Python), and the sampler
reduces w . x with elementwise products and np.sum over a contiguous axis instead of BLAS, whose summation order
depends on the CPU kernel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np
from numpy.typing import NDArray

from symproof.engine._validation import check_positive_int, check_real
from symproof.stats._arrays import as_float_array

_MP = mpmath.MPContext()
_MP.prec = 80

__all__ = [
    "UNIFORM_SCHEMES",
    "Saturation",
    "preactivation_std",
    "sample_preactivations",
    "saturation",
    "slope_threshold",
]

# The uniform initialisations as (half-width as a function of n_in, n_out): U(-a, a) has variance a^2 / 3.
UNIFORM_SCHEMES = {
    "U(-1/sqrt(n_in),1/sqrt(n_in))": lambda n_in, n_out: 1.0 / math.sqrt(n_in),
    "he_uniform": lambda n_in, n_out: math.sqrt(6.0 / n_in),
    "xavier_uniform": lambda n_in, n_out: math.sqrt(6.0 / (n_in + n_out)),
}


def preactivation_std(x: Any, *, weight_std: float, bias_std: float = 0.0) -> float:
    """Return the standard deviation of z = w . x + b: sqrt(weight_std^2 * sum(x^2) + bias_std^2)."""
    values = as_float_array("x", x).ravel()
    sw = check_real("weight_std", weight_std, nonnegative=True)
    sb = check_real("bias_std", bias_std, nonnegative=True)
    return math.sqrt(sw * sw * float(np.sum(values * values)) + sb * sb)


def slope_threshold(eps: float) -> float:
    """Return t > 0 with sigma'(t) = eps, for 0 < eps < 1/4: sigma'(z) < eps exactly when |z| > t."""
    e = check_real("eps", eps, positive=True)
    if e >= 0.25:
        raise ValueError(f"eps must be below sigma'(0) = 0.25; got {eps!r}")
    u = (1 + _MP.sqrt(1 - 4 * _MP.mpf(e))) / 2  # sigma(t) = u solves u (1 - u) = eps
    return float(_MP.log(u / (1 - u)))


@dataclass(frozen=True)
class Saturation:
    """Saturation measures of a sigmoid neuron whose pre-activation is N(mu, s^2)."""

    mu: float
    s: float
    mean_slope: float
    eps: float
    p_slope_below: float
    t: float
    p_abs_above: float


def _p_abs_above(t: float, mu: float, s: float) -> float:
    if s == 0.0:
        return float(abs(mu) > t)
    return float(_MP.ncdf((-t - mu) / _MP.mpf(s)) + _MP.ncdf((mu - t) / _MP.mpf(s)))


def _slope(z: Any) -> Any:
    e = _MP.exp(-abs(z))
    return e / (1 + e) ** 2


def saturation(mu: float, s: float, *, eps: float = 0.01, t: float = 4.0) -> Saturation:
    """Return E[sigma'(z)], P(sigma'(z) < eps) and P(|z| > t) for z ~ N(mu, s^2)."""
    m = check_real("mu", mu)
    sd = check_real("s", s, nonnegative=True)
    threshold = check_real("t", t, nonnegative=True)
    if sd == 0.0:
        mean = float(_slope(_MP.mpf(m)))
    else:
        # E sigma'(mu + s u) over u ~ N(0, 1): the density is below 1e-340 beyond |u| = 40; break at the slope's peak.
        points = sorted({-40.0, 0.0, 40.0, min(max(-m / sd, -40.0), 40.0)})
        mean = float(_MP.quad(lambda u: _slope(m + sd * u) * _MP.npdf(u), points))
    cut = slope_threshold(check_real("eps", eps, positive=True))
    return Saturation(m, sd, mean, eps, _p_abs_above(cut, m, sd), threshold, _p_abs_above(threshold, m, sd))


def sample_preactivations(
    x: Any,
    *,
    draws: int,
    rng: np.random.Generator,
    weight_std: float = 1.0,
    bias_std: float = 0.0,
    uniform_half_width: float | None = None,
    chunk_elements: int = 2**22,
) -> NDArray[np.float64]:
    """Return `draws` samples of z = w . x + b with independent zero-mean weights and bias.

    w_j ~ N(0, weight_std^2) (weight_std defaults to 1.0), or U(-a, a) when uniform_half_width = a (weight_std is then
    not used: the std is a / sqrt 3); b ~ N(0, bias_std^2), and bias_std defaults to 0.0 (no bias). Draws are made in
    chunks of at most `chunk_elements` weights, so memory stays bounded for n_in up to 1e5 and beyond: a chunk of
    n_in = 1e5 holds 41 draws of 1e5 weights, 32 MiB. w . x is summed by np.sum along the contiguous row (not BLAS).
    Weights meeting an input of exactly 0 add exactly 0 to z, so they are not drawn: z has the same law.
    """
    values = as_float_array("x", x).ravel()
    values = values[values != 0.0]  # w_j * 0 = 0 for every finite w_j: z = sum over the nonzero inputs, plus b
    n = check_positive_int("draws", draws)
    sw = check_real("weight_std", weight_std, nonnegative=True)
    sb = check_real("bias_std", bias_std, nonnegative=True)
    chunk = max(1, check_positive_int("chunk_elements", chunk_elements) // max(values.size, 1))
    out = np.empty(n)
    buffer = np.empty((min(chunk, n), values.size))  # one chunk of weights is the whole memory cost
    for start in range(0, n, chunk):
        rows = min(chunk, n - start)
        w = buffer[:rows]
        if uniform_half_width is None:
            rng.standard_normal(out=w)
            w *= sw
        else:
            a = check_real("uniform_half_width", uniform_half_width, positive=True)
            rng.random(out=w)
            w *= 2.0 * a
            w -= a
        np.multiply(w, values, out=w)
        out[start : start + rows] = np.sum(w, axis=1) + sb * rng.standard_normal(rows)
    return out
