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
  asserted by tests/engine/test_fp.py: 1 ulp for exp, expm1, log, log1p; 1.5 ulps for tanh, sigmoid, softplus.
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
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar
from typing import Any, Literal, cast, get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from symproof.engine._elementary import (
    _exp_pair,
    _fast_sigmoid,
    _fast_softplus,
    _log,
    _log1p,
    _sigmoid,
    _sigmoid_from,
    _softplus,
    _softplus_from,
    _tanh,
)
from symproof.engine._validation import check_choice

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
    "sigmoid_and_exp",
    "softplus",
    "softplus_and_sigmoid",
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
_PRODUCT_SAFE = float.fromhex("0x1p510")  # below this, C * x and every product of split parts are finite
_PARTS_EXACT = float.fromhex("0x1p-960")  # a product above this: each product of its split parts is exact
_F32, _F64 = np.dtype(np.float32), np.dtype(np.float64)


_QUIET: ContextVar[bool] = ContextVar("symproof_fp_quiet", default=False)
_NOTHING = nullcontext()


def _ignoring() -> AbstractContextManager[Any]:
    """Return np.errstate(all="ignore"), or nothing to do inside `_quiet()`, whose caller has set it once."""
    return _NOTHING if _QUIET.get() else np.errstate(all="ignore")


@contextmanager
def _quiet() -> Iterator[None]:
    """Return a context that ignores floating-point errors once for every call of this module inside it (a
    training step makes dozens of calls, and each np.errstate costs about a microsecond)."""
    token = _QUIET.set(True)
    try:
        with np.errstate(all="ignore"):
            yield
    finally:
        _QUIET.reset(token)


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
    if np.abs(x).max(initial=0.0) < _SPLIT_MAX:  # the usual case: every entry splits (nan and inf do not)
        return hi, x - hi
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
    if extra is not None and (extra.ndim > 2 or any(s not in (1, t) for s, t in zip(extra.shape[::-1], (n, m)))):
        raise ValueError(f"add must broadcast to ({m}, {n}); got add.shape={extra.shape}")
    if _MODE.get() == "fast":
        with _ignoring():
            result = a_ @ b_ if extra is None else a_ @ b_ + extra
        return np.asarray(result, dtype=out)
    return _exact_matmul(a_.astype(_F64, copy=False), b_.astype(_F64, copy=False).T, extra, out)


def _product(a: Array, b: Array, add: Array | None = None) -> Array:
    """Return `matmul(a, b, add=add)` for arrays the engine has checked: one float dtype, shapes that agree."""
    if _MODE.get() == "fast":
        with _ignoring():
            return a @ b if add is None else a @ b + add
    return _exact_matmul(a.astype(_F64, copy=False), b.astype(_F64, copy=False).T, add, a.dtype)


def _exact_matmul(a: Array, bt: Array, extra: Array | None, out: np.dtype[Any]) -> Array:
    """Return a @ bt.T (+ extra), correctly rounded, for checked float64 a (m, k) and bt (n, k), in dtype `out`."""
    m, n = a.shape[0], bt.shape[0]
    if extra is not None and extra.shape == (m, 1):  # a bias is one more product, add[i] * 1, summed exactly
        a = np.concatenate((a, extra.astype(_F64, copy=False)), axis=1)
        bt = np.concatenate((bt, np.ones((n, 1))), axis=1)
        extra = None
    k = a.shape[1]
    both = np.concatenate((a, bt))  # (m + n, k): both factors are split at once
    largest = np.abs(both).max(initial=0.0)  # nan for a nan entry: then every comparison below is False
    if k == 1 and extra is None and largest < _SPLIT_MAX:  # an outer product, every entry split (not nan, not inf):
        with _ignoring():  # when the four parts of every product are exact, their correctly rounded sum is the IEEE
            product = a * bt.T  # product itself
            if ((np.abs(product) >= _PARTS_EXACT) | (a == 0.0) | (bt.T == 0.0)).all():
                return (product + 0.0).astype(out, copy=False)
    if out == _F64 and extra is None and largest < _PRODUCT_SAFE:  # the usual case: every
        with _ignoring():  # split part and every product of them is finite, so no check (a product may underflow)
            c = _SPLITTER * both
            parts = np.empty((m + n, 2, k))
            high = parts[:, 0]
            np.subtract(c, c - both, out=high)
            np.subtract(both, high, out=parts[:, 1])
            terms = parts[:m, None, :, None] * parts[None, m:, None, :]  # (m, n, 2, 2, k): the 4 exact parts
            return _rounded_sums(terms.reshape(m * n, 4 * k), (m, n), out)
    with _ignoring():
        a64, b64 = both[:m], both[m:]
        if out == _F32:  # 24-bit x 24-bit products are exact in float64
            terms = a64[:, None, :] * b64[None, :, :]
        else:
            high, low = _split(both)
            ah, al, bh, bl = high[:m], low[:m], high[m:], low[m:]
            left = np.concatenate((ah, ah, al, al), axis=1)  # (m, 4k): the four exact parts of every product
            right = np.concatenate((bh, bl, bh, bl), axis=1)  # (n, 4k)
            terms = left[:, None, :] * right[None, :, :]  # (m, n, 4k)
            if not np.isfinite(terms).all():  # use the IEEE product where it, or a split term, is not finite
                prod = a64[:, None, :] * b64[None, :, :]
                parts = terms.reshape(m, n, 4, k)
                bad = ~(np.isfinite(prod) & np.isfinite(parts).all(axis=2))
                parts = np.where(bad[:, :, None, :], 0.0, parts)
                parts[:, :, 0, :] = np.where(bad, prod, parts[:, :, 0, :])
                terms = parts
        rows = terms.reshape(m * n, math.prod(terms.shape[2:]))
        if extra is not None:
            rows = np.concatenate([rows, np.broadcast_to(extra, (m, n)).astype(_F64).reshape(m * n, 1)], axis=1)
        return _rounded_sums(rows, (m, n), out)


def _rounded_sums(rows: Array, shape: tuple[int, ...], out: np.dtype[Any]) -> Array:
    """Return the correctly rounded sum of each row of the 2-d `rows`, in `shape` (one entry per row) and dtype `out`
    (a NumPy scalar for shape ())."""
    result = np.array(_fsum_rows(rows.astype(_F64, copy=False).tolist()), dtype=_F64).reshape(shape) + 0.0  # -0 -> +0
    return result.astype(out, copy=False)


def total(x: ArrayLike, axis: int | tuple[int, ...] | None = None, *, keepdims: bool = False) -> Array:
    """Return the correctly rounded sum of `x` along `axis` (all axes if None), with np.sum's shapes, as an array.

    Order-independent: the exact sum is rounded once (an exact zero as +0.0). float32: the float64 sum is rounded to
    float32 (double rounding). A partial sum beyond the double range makes the terms scaled by 2**-64 first.
    """
    arr = _float_array(x)
    if _MODE.get() == "fast":
        with _ignoring():
            return np.asarray(arr.sum(axis=axis, keepdims=keepdims), dtype=arr.dtype)
    if arr.ndim == 2 and type(axis) is int and -2 <= axis < 2:  # the engine's case: rows or columns of a matrix
        return _total_2d(arr, axis % 2, keepdims)
    if axis is None and not keepdims:  # the sum of every entry
        with _ignoring():
            return _rounded_sums(arr.reshape(1, -1), (), arr.dtype)
    given = range(arr.ndim) if axis is None else (axis,) if isinstance(axis, (int, np.integer)) else axis
    axes = tuple(sorted({int(a) % max(arr.ndim, 1) for a in given}))
    if any(not -arr.ndim <= int(a) < arr.ndim for a in given) or len(axes) != len(tuple(given)):
        raise np.exceptions.AxisError(f"axis must be distinct axes of a {arr.ndim}-d array; got {axis!r}")
    moved = np.moveaxis(arr, axes, tuple(range(arr.ndim - len(axes), arr.ndim)))
    kept = moved.shape[: arr.ndim - len(axes)]
    count, width = math.prod(kept), math.prod(moved.shape[arr.ndim - len(axes) :])
    with _ignoring():
        result = _rounded_sums(moved.reshape(count, width), kept, arr.dtype)
    return np.expand_dims(result, axes) if keepdims else result


def _total_2d(arr: Array, axis: int, keepdims: bool) -> Array:
    """Return `total(arr, axis, keepdims=keepdims)` for a matrix: one fsum per column (axis 0) or row (axis 1)."""
    with _ignoring():
        if arr.shape[axis] == 1:  # one term: the sum is the term itself (-0.0 -> +0.0)
            result = arr + 0.0
        else:
            result = _rounded_sums(arr.T if axis == 0 else arr, (arr.shape[1 - axis],), arr.dtype)
    if keepdims:
        return result.reshape((1, -1) if axis == 0 else (-1, 1))
    return result.reshape(-1)


def _elementwise(x: ArrayLike, exact: Callable[[Array], Array], fast: Callable[[Array], Array]) -> Array:
    arr = _float_array(x)
    with _ignoring():
        if _MODE.get() == "fast":
            return np.asarray(fast(arr), dtype=arr.dtype)
        return np.asarray(exact(arr.astype(_F64)), dtype=arr.dtype)


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


def _from_one_exp(
    x: ArrayLike,
    exact: Callable[[Array, Array, Array], tuple[Array, ...]],
    fast: Callable[[Array, Array], tuple[Array, ...]],
) -> tuple[Array, ...]:
    """Return what `exact(x, eh, el)` (or `fast(x, e)`) makes of one exponential of -|x|, each in x's dtype."""
    arr = _float_array(x)
    with _ignoring():
        if _MODE.get() == "fast":
            return tuple(np.asarray(r, dtype=arr.dtype) for r in fast(arr, np.exp(-np.abs(arr))))
        z = arr.astype(_F64)
        return tuple(np.asarray(r, dtype=arr.dtype) for r in exact(z, *_exp_pair(-np.abs(z))))


def sigmoid_and_exp(x: ArrayLike) -> tuple[Array, Array]:
    """Return (sigmoid(x), exp(-|x|)) from one exponential: the same bits as `sigmoid(x)` and `exp(-abs(x))`."""
    s, e = _from_one_exp(
        x,
        lambda z, eh, el: (_sigmoid_from(z, eh, el), np.where(np.isnan(z), -np.abs(z), eh)),
        lambda z, e: (_fast_sigmoid(z, e), e),
    )
    return s, e


def softplus_and_sigmoid(x: ArrayLike) -> tuple[Array, Array]:
    """Return (softplus(x), sigmoid(x)) from one exponential: the same bits as `softplus(x)` and `sigmoid(x)`."""
    f, s = _from_one_exp(
        x,
        lambda z, eh, el: (_softplus_from(z, eh, el), _sigmoid_from(z, eh, el)),
        lambda z, e: (_fast_softplus(z, e), _fast_sigmoid(z, e)),
    )
    return f, s
