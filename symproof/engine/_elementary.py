"""The reproducible elementary functions behind `symproof.engine.fp`: fdlibm's reductions and polynomials.

exp, expm1, log, log1p, tanh, sigmoid and softplus are built from IEEE + - * / only, evaluated in a fixed order, so
that they give the same bits on every IEEE-754 machine (the C library's and NumPy's versions change with the CPU's
FMA and SIMD support). Inputs are float64 arrays; `symproof.engine.fp` handles the dtypes, the modes and the
special values at its public entry points. The maximum error is 1.13 ulp against 200-bit mpmath.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[Any]
_h = float.fromhex
_F64 = np.dtype(np.float64)
# fdlibm's constants (e_exp.c, e_log.c): ln2 = _LN2_HI + _LN2_LO, and k * _LN2_HI is exact for |k| < 2**21.
_LN2_HI, _LN2_LO, _INV_LN2 = _h("0x1.62e42fee00000p-1"), _h("0x1.a39ef35793c76p-33"), _h("0x1.71547652b82fep+0")
_SQRT_HALF = _h("0x1.6a09e667f3bcdp-1")
# exp: r coth(r / 2) = 2 + P1 r^2 + ... + P5 r^10 on |r| <= ln2 / 2, with error < 2**-59
_P1, _P2, _P3 = _h("0x1.555555555553ep-3"), _h("-0x1.6c16c16bebd93p-9"), _h("0x1.1566aaf25de2cp-14")
_P4, _P5 = _h("-0x1.bbd41c5d26bf1p-20"), _h("0x1.6376972bea4d0p-25")
# log: log(1 + f) = 2s + Lg1 s^3 + ... + Lg7 s^15 for s = f / (2 + f), |s| <= 0.1716, with error < 2**-58.45
_LG1, _LG2, _LG3 = _h("0x1.5555555555593p-1"), _h("0x1.999999997fa04p-2"), _h("0x1.2492494229359p-2")
_LG4, _LG5, _LG6 = _h("0x1.c71c51d8e78afp-3"), _h("0x1.7466496cb03dep-3"), _h("0x1.39a09d078c69fp-3")
_LG7 = _h("0x1.2f112df3e5244p-3")


def _pow2(k: Array) -> Array:
    return np.ldexp(1.0, k.astype(np.int32))  # exact: k is an integer in the normal range


def _exp_pair(x: Array, *, minus_one: bool = False) -> tuple[Array, Array]:
    """Return (h, l): h = exp(x) (or expm1(x)) rounded once and l ~ exp(x) - h; fdlibm's e_exp.c reduction.

    x is clamped to [-746, 710] (or [-40, 710] for expm1), beyond which the rounded result is constant; nan -> 710.
    """
    x = np.fmax(np.fmin(x, 710.0), -40.0 if minus_one else -746.0)  # callers patch nan
    k = np.rint(x * _INV_LN2)
    hi = x - k * _LN2_HI  # exact
    lo = k * _LN2_LO
    r = hi - lo
    t = r * r
    g = t * (_P1 + t * (_P2 + t * (_P3 + t * (_P4 + t * _P5))))
    c = r - g  # fdlibm: expm1(r) = r + r c / (2 - c) = r + r^2 / 2 + r (r c - 2 g) / (2 (2 - c))
    q = r * (r * c - 2.0 * g) / (2.0 * (2.0 - c)) + ((hi - r) - lo) * (1.0 + r)  # + r's rounding error; then r^2 / 2
    one: Array | float = 1.0
    if minus_one:  # 2**k (1 + r + q) - 1 = 2**k ((1 - 2**-k) + r + q), with 1 - 2**-k = one + tail
        tiny = _pow2(-k)
        one = 1.0 - tiny
        q = q + ((1.0 - one) - tiny)  # the rounding error of 1 - 2**-k (k >= 54), else 0
    s = one + r
    w = (((one - s) + r) + q) + 0.5 * t  # (one - s) + r is the exact error of s (|one| >= |r| or one = 0)
    h = s + w
    # h * 2**k by ldexp: exact, or rounded once below 2**-1022 (IEEE 754 scaleB, C99 Annex F ldexp); the same bits as
    # the exact product by 2**floor(k/2) followed by the rounded one by 2**ceil(k/2)
    scale = k.astype(np.int32)
    return np.ldexp(h, scale), np.ldexp(w - (h - s), scale)


def _log_core(x: Array, c: Array | float = 0.0) -> Array:
    """Return log(x) + c for finite x > 0 and a tiny correction c; fdlibm's e_log.c / s_log1p.c."""
    m, e = np.frexp(x)
    low = m < _SQRT_HALF
    f = np.where(low, m + m, m) - 1.0  # exact; 1 + f in [sqrt(1/2), sqrt(2))
    k = e - low.astype(_F64)
    s = f / (2.0 + f)
    z = s * s
    w = z * z
    r = z * (_LG1 + w * (_LG3 + w * (_LG5 + w * _LG7))) + w * (_LG2 + w * (_LG4 + w * _LG6))
    hfsq = 0.5 * f * f
    return k * _LN2_HI - ((hfsq - (s * (hfsq + r) + (k * _LN2_LO + c))) - f)


def _log(x: Array) -> Array:
    y = _log_core(np.where((x > 0) & (x < np.inf), x, 1.0))
    return np.where(x > 0, np.where(x == np.inf, x, y), np.where(x == 0, -np.inf, np.nan))


def _log1p(u: Array, tail: Array | float = 0.0) -> Array:
    """Return log(1 + u + tail), for a tiny tail (the low part of a pair)."""
    v = np.where((u > -1) & (u < np.inf), u, 0.0)
    w = 1.0 + v
    y = _log_core(w, ((v - (w - 1.0)) + tail) / w)  # v - (w - 1) is the rounding error of w, exact while w < 2**53
    y = np.where((u == 0) | (u == np.inf), u, y)
    return np.where(u > -1, y, np.where(u == -1, -np.inf, np.nan))


def _tanh(x: Array) -> Array:
    a = np.fmin(np.abs(x), 22.0)  # tanh(22) rounds to 1; nan -> 22, patched below
    small = a < 1.0
    eh, el = _exp_pair(np.where(small, -2.0 * a, 2.0 * a), minus_one=True)
    d = 2.0 + eh
    t = -eh / d  # tanh(a) = -e / (2 + e) for e = expm1(-2a) = eh + el, and 2 + e = d + ((2 - d) + eh) + el
    t = t - (el + t * (((2.0 - d) + eh) + el)) / d
    t = np.where(small, t, 1.0 - 2.0 / d)  # fdlibm's s_tanh.c
    return np.where((x == 0) | np.isnan(x), x, np.where(x < 0, -t, t))


def _sigmoid(z: Array) -> Array:
    return _sigmoid_from(z, *_exp_pair(-np.abs(z)))


def _sigmoid_from(z: Array, eh: Array, el: Array) -> Array:
    """Return sigmoid(z) from the pair (eh, el) of exp(-|z|)."""
    d = 1.0 + eh  # 1 + e = d + ((1 - d) + eh) + el exactly, and the numerator is 1 or e = eh + el
    pos = z >= 0
    t = np.where(pos, 1.0, eh) / d
    t = t + (np.where(pos, 0.0, el) - t * (((1.0 - d) + eh) + el)) / d
    return np.where(np.isnan(z), z, t)


def _softplus(z: Array) -> Array:
    return _softplus_from(z, *_exp_pair(-np.abs(z)))


def _softplus_from(z: Array, eh: Array, el: Array) -> Array:
    """Return softplus(z) from the pair (eh, el) of exp(-|z|)."""
    return np.maximum(z, 0.0) + _log1p(eh, el)


def _fast_sigmoid(z: Array, e: Array | None = None) -> Array:
    e = np.exp(-np.abs(z)) if e is None else e
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def _fast_softplus(z: Array, e: Array | None = None) -> Array:
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)) if e is None else e)
