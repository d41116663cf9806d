"""Machine-independent floating-point arithmetic: the same bits on every IEEE-754 machine.

Scope. In the default "reproducible" mode every number returned here is a pure function of the input bits: it does
not depend on the BLAS kernel (OPENBLAS_CORETYPE), the thread count, NumPy's SIMD dispatch (NPY_DISABLE_CPU_FEATURES),
the C library's FMA variants (GLIBC_TUNABLES), nor on the other entries of the array. Everything is built from
correctly rounded IEEE operations only (NumPy elementwise + - * /, ldexp, frexp, rint, comparisons, where) in a
fixed order, and from `math.fsum`, which is correctly rounded and uses no libm; never from np.exp, math.log, BLAS.

- `matmul` and `total` return the correctly rounded exact sum, so they do not depend on the order of the terms.
- `exp`, `expm1`, `log`, `log1p`, `tanh`, `sigmoid`, `softplus` use fdlibm's reductions and minimax coefficients
  (Sun Microsystems, 1993), evaluated elementwise in float64 with a few extra exact-error terms. Largest error seen
  against 200-bit mpmath at over 10^5 points per function across the whole range (subnormals, overflow thresholds),
  in float64 ulps: exp 0.75, expm1 0.82, log 0.80, log1p 0.77, tanh 1.08, sigmoid 1.05, softplus 1.13. Stated bounds,
  asserted by tests/test_fp.py: 1 ulp for exp, expm1, log, log1p; 1.5 ulps for tanh, sigmoid, softplus.
- float32 inputs are computed in float64 and rounded once to float32, the input dtype: error < 0.5 + 2**-28 float32
  ulps, not always correctly rounded (double rounding). Other inputs (integers, float16) are computed in and returned
  as float64.
- The "fast" mode, selected with `arithmetic("fast")` or `set_mode("fast")`, uses BLAS, np.sum and NumPy's ufuncs
  instead, so the engine calls only these functions and the mode decides. The mode lives in a ContextVar: it is
  per thread and per asyncio task, and new threads start in "reproducible".

Assumes the default IEEE environment (round to nearest even, no flush-to-zero; a library built with -ffast-math can
switch that off process-wide): `describe` checks it. Non-goals: correct rounding of the elementary functions; speed
(a reproducible call on a (5, 3) array costs 10-50 us, 2-20 times the fast mode); float80/float128; complex numbers.
No floating-point warnings are emitted in either mode.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Literal, cast, get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from symproof._validation import check_choice

__all__ = [
    "Mode",
    "arithmetic",
    "describe",
    "exp",
    "expm1",
    "get_mode",
    "log",
    "log1p",
    "matmul",
    "set_mode",
    "sigmoid",
    "softplus",
    "tanh",
    "total",
]

Array = NDArray[Any]
Mode = Literal["reproducible", "fast"]
MODES: tuple[str, ...] = get_args(Mode)
_MODE: ContextVar[Mode] = ContextVar("symproof_fp_mode", default="reproducible")
_DESCRIPTIONS = {
    "reproducible": "correctly rounded sums (Veltkamp splitting + math.fsum) and fdlibm-style elementary functions "
    "from IEEE + - * /: bit-identical on every IEEE-754 machine",
    "fast": "NumPy BLAS matmul, np.sum and NumPy ufuncs: results may change with BLAS kernel, threads and SIMD",
}

_SPLITTER = 134217729.0  # 2**27 + 1 (Veltkamp)
_SPLIT_MAX = float.fromhex("0x1p995")  # above this, C * x may overflow: such entries are not split
_F32, _F64 = np.dtype(np.float32), np.dtype(np.float64)
_h = float.fromhex
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


def get_mode() -> Mode:
    """Return the arithmetic mode in force in the current context."""
    return _MODE.get()


def set_mode(mode: Mode) -> None:
    """Return nothing; make `mode` the arithmetic mode of the current context from now on."""
    _MODE.set(cast(Mode, check_choice("mode", mode, MODES)))


@contextmanager
def arithmetic(mode: Mode) -> Iterator[None]:
    """Return a context manager in which `mode` is the arithmetic mode; the previous mode is restored on exit."""
    token = _MODE.set(cast(Mode, check_choice("mode", mode, MODES)))
    try:
        yield
    finally:
        _MODE.reset(token)


def describe() -> dict[str, str]:
    """Return the current mode, a one-line description of its arithmetic and of the FPU environment, for the ledger."""
    mode = _MODE.get()
    x = np.array([1.0, 2.0**-1022, 2.0**-1074])
    nearest = (x[0] + 2.0**-53) == 1.0 and (x[0] + 3 * 2.0**-53) == 1.0 + 2.0**-51 and (-x[0] - 2.0**-53) == -1.0
    subnormal = (x[1] / 2.0) == 2.0**-1023 and (x[2] * 2.0**52) == 2.0**-1022
    environment = "IEEE-754 default" if nearest and subnormal else "NOT IEEE-754 default: results will differ"
    return {"mode": mode, "arithmetic": _DESCRIPTIONS[mode], "environment": environment}


def _float_array(x: ArrayLike) -> Array:
    arr = np.asarray(x)
    return arr if arr.dtype in (_F32, _F64) else arr.astype(_F64)


def _fsum_rows(rows: list[list[float]]) -> list[float]:
    try:
        return [math.fsum(row) for row in rows]
    except (OverflowError, ValueError):
        return [_fsum_safe(row) for row in rows]


def _fsum_safe(row: list[float]) -> float:
    try:
        return math.fsum(row)
    except ValueError:  # inf + -inf
        return math.nan
    except OverflowError:  # a partial sum left the double range: sum exactly scaled by 2**-64 (tiny terms may round)
        try:
            return math.fsum([t * 2.0**-64 for t in row]) * 2.0**64
        except ValueError:
            return math.nan


def _split(x: Array) -> tuple[Array, Array]:
    c = _SPLITTER * x
    hi = c - (c - x)
    ok = np.abs(x) < _SPLIT_MAX  # False for inf and nan: (x, 0)
    return np.where(ok, hi, x), np.where(ok, x - hi, 0.0)


def matmul(a: ArrayLike, b: ArrayLike, *, add: ArrayLike | None = None) -> Array:
    """Return a @ b (+ add), each entry the correctly rounded exact sum, whatever the order of the k terms.

    Each product a[i, j] b[j, n] is split exactly into four doubles (Veltkamp) and each entry's 4k terms, plus
    add[i, n] when given (broadcast to (m, n)), go to one `math.fsum`. So permuting k, or the rows of `a` / columns
    of `b`, gives bit-identical (correspondingly permuted) results; an exact zero is returned as +0.0. Exact while
    the entries are below 2**995 in magnitude and every nonzero product lies above 2**-960; outside that (or with
    inf/nan, handled as IEEE products) the result stays deterministic but may not be correctly rounded.
    float32 a, b and add: products are exact in float64, the float64 sum is rounded to float32 (double rounding).
    """
    a_, b_ = _float_array(a), _float_array(b)
    if a_.ndim != 2 or b_.ndim != 2 or a_.shape[1] != b_.shape[0]:
        raise ValueError(f"matmul needs a (m, k) and b (k, n); got a.shape={a_.shape}, b.shape={b_.shape}")
    m, n = a_.shape[0], b_.shape[1]
    extra = None if add is None else _float_array(add)
    dtypes = {a_.dtype, b_.dtype} | (set() if extra is None else {extra.dtype})
    out = _F32 if dtypes == {_F32} else _F64
    if extra is not None:
        try:
            extra = np.broadcast_to(extra, (m, n))
        except ValueError:
            raise ValueError(f"add must broadcast to ({m}, {n}); got add.shape={extra.shape}") from None
    if _MODE.get() == "fast":
        with np.errstate(all="ignore"):
            result = a_ @ b_ if extra is None else a_ @ b_ + extra
        return np.asarray(result, dtype=out)
    with np.errstate(all="ignore"):
        a64, b64 = a_.astype(_F64, copy=False), b_.astype(_F64, copy=False).T  # b64: (n, k)
        if out == _F32:  # 24-bit x 24-bit products are exact in float64
            terms = a64[:, None, :] * b64[None, :, :]
        else:
            (ah, al), (bh, bl) = _split(a64), _split(b64)
            left = np.stack([ah, ah, al, al], axis=1)  # (m, 4, k)
            right = np.stack([bh, bl, bh, bl], axis=1)  # (n, 4, k)
            terms = left[:, None] * right[None, :]  # (m, n, 4, k)
            if not np.isfinite(terms).all():  # use the IEEE product where it, or a split term, is not finite
                prod = a64[:, None, :] * b64[None, :, :]
                bad = ~(np.isfinite(prod) & np.isfinite(terms).all(axis=2))
                terms = np.where(bad[:, :, None, :], 0.0, terms)
                terms[:, :, 0, :] = np.where(bad, prod, terms[:, :, 0, :])
        rows = terms.reshape(m * n, math.prod(terms.shape[2:]))
        if extra is not None:
            rows = np.concatenate([rows, extra.astype(_F64).reshape(m * n, 1)], axis=1)
        result = np.array(_fsum_rows(rows.tolist()), dtype=_F64).reshape(m, n) + 0.0  # -0.0 -> +0.0
        return result.astype(out, copy=False)


def total(x: ArrayLike, axis: int | tuple[int, ...] | None = None, *, keepdims: bool = False) -> Array:
    """Return the correctly rounded sum of `x` along `axis` (all axes if None), with np.sum's shapes, as an array.

    Order-independent: the exact sum is rounded once (an exact zero as +0.0). float32: the float64 sum is rounded to
    float32 (double rounding). A partial sum beyond the double range makes the terms scaled by 2**-64 first.
    """
    arr = _float_array(x)
    if _MODE.get() == "fast":
        with np.errstate(all="ignore"):
            return np.asarray(np.sum(arr, axis=axis, keepdims=keepdims), dtype=arr.dtype)
    given = range(arr.ndim) if axis is None else (axis,) if isinstance(axis, (int, np.integer)) else axis
    axes = tuple(sorted({int(a) % max(arr.ndim, 1) for a in given}))
    if any(not -arr.ndim <= int(a) < arr.ndim for a in given) or len(axes) != len(tuple(given)):
        raise np.exceptions.AxisError(f"axis must be distinct axes of a {arr.ndim}-d array; got {axis!r}")
    moved = np.moveaxis(arr, axes, tuple(range(arr.ndim - len(axes), arr.ndim)))
    kept = moved.shape[: arr.ndim - len(axes)]
    count, width = math.prod(kept), math.prod(moved.shape[arr.ndim - len(axes) :])
    with np.errstate(all="ignore"):
        sums = _fsum_rows(moved.astype(_F64).reshape(count, width).tolist())
        result = (np.array(sums, dtype=_F64).reshape(kept) + 0.0).astype(arr.dtype)
    return np.expand_dims(result, axes) if keepdims else result


def _elementwise(x: ArrayLike, exact: Callable[[Array], Array], fast: Callable[[Array], Array]) -> Array:
    arr = _float_array(x)
    with np.errstate(all="ignore"):
        if _MODE.get() == "fast":
            return np.asarray(fast(arr), dtype=arr.dtype)
        return np.asarray(exact(arr.astype(_F64)), dtype=arr.dtype)


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
    half = np.floor(0.5 * k)  # h * 2**k: the first product is exact, the second rounds once (only below 2**-1022)
    up, down = _pow2(half), _pow2(k - half)
    return (h * up) * down, ((w - (h - s)) * up) * down


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
    eh, el = _exp_pair(-np.abs(z))
    d = 1.0 + eh  # 1 + e = d + ((1 - d) + eh) + el exactly, and the numerator is 1 or e = eh + el
    pos = z >= 0
    t = np.where(pos, 1.0, eh) / d
    t = t + (np.where(pos, 0.0, el) - t * (((1.0 - d) + eh) + el)) / d
    return np.where(np.isnan(z), z, t)


def _softplus(z: Array) -> Array:
    eh, el = _exp_pair(-np.abs(z))
    return np.maximum(z, 0.0) + _log1p(eh, el)


def _fast_sigmoid(z: Array) -> Array:
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def _fast_softplus(z: Array) -> Array:
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def exp(x: ArrayLike) -> Array:
    """Return e**x elementwise: inf above 709.78, 0 below -745.14, gradual underflow in between; < 1 ulp."""
    return _elementwise(x, lambda v: np.where(np.isnan(v), v, _exp_pair(v)[0]), np.exp)


def expm1(x: ArrayLike) -> Array:
    """Return e**x - 1 elementwise, accurate for tiny |x| (signed zeros kept); < 1 ulp."""
    return _elementwise(x, lambda v: np.where((v == 0) | np.isnan(v), v, _exp_pair(v, minus_one=True)[0]), np.expm1)


def log(x: ArrayLike) -> Array:
    """Return the natural logarithm elementwise: log(0) = -inf, log(x < 0) = nan, log(inf) = inf; < 1 ulp."""
    return _elementwise(x, _log, np.log)


def log1p(x: ArrayLike) -> Array:
    """Return log(1 + x) elementwise, accurate for tiny |x|: log1p(-1) = -inf, nan below -1; < 1 ulp."""
    return _elementwise(x, _log1p, np.log1p)


def tanh(x: ArrayLike) -> Array:
    """Return the hyperbolic tangent elementwise, odd and accurate for tiny |x|; < 1.5 ulps."""
    return _elementwise(x, _tanh, np.tanh)


def sigmoid(x: ArrayLike) -> Array:
    """Return 1 / (1 + e**-x) elementwise, computed from e**-|x| so that it never overflows; < 1.5 ulps."""
    return _elementwise(x, _sigmoid, _fast_sigmoid)


def softplus(x: ArrayLike) -> Array:
    """Return log(1 + e**x) = max(x, 0) + log1p(e**-|x|) elementwise, never overflowing; < 1.5 ulps."""
    return _elementwise(x, _softplus, _fast_softplus)
