"""symproof.engine.fp: sums against exact rationals, elementary functions against 200-bit mpmath, bits across
machines."""

from __future__ import annotations

import inspect
import math
import os
import subprocess
import sys
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import mpmath
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.typing import NDArray

from symproof.engine import fp

Array = NDArray[Any]
FUNCTIONS: dict[str, Callable[[Any], Array]] = {
    "exp": fp.exp,
    "expm1": fp.expm1,
    "log": fp.log,
    "log1p": fp.log1p,
    "tanh": fp.tanh,
    "sigmoid": fp.sigmoid,
    "softplus": fp.softplus,
}
REFERENCE: dict[str, Callable[[Any], Any]] = {
    "exp": mpmath.exp,
    "expm1": mpmath.expm1,
    "log": mpmath.log,
    "log1p": mpmath.log1p,
    "tanh": mpmath.tanh,
    "sigmoid": lambda t: 1 / (1 + mpmath.exp(-t)),
    "softplus": lambda t: mpmath.log1p(mpmath.exp(t)),
}
NUMPY: dict[str, Callable[[Array], Array]] = {
    "exp": np.exp,
    "expm1": np.expm1,
    "log": np.log,
    "log1p": np.log1p,
    "tanh": np.tanh,
    "sigmoid": lambda z: np.where(z >= 0, 1.0, np.exp(-np.abs(z))) / (1.0 + np.exp(-np.abs(z))),
    "softplus": lambda z: np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z))),
}
# The bounds stated in symproof/engine/fp.py, in float64 ulps (largest errors seen: 0.75-0.82, and 1.05-1.13).
BOUND = {"exp": 1.0, "expm1": 1.0, "log": 1.0, "log1p": 1.0, "tanh": 1.5, "sigmoid": 1.5, "softplus": 1.5}
F32_BOUND = 0.5 + 2.0**-20  # one rounding of a float64 result that is itself within ~1 float64 ulp

mantissas = st.integers(min_value=-(2**53), max_value=2**53)
# Exactly representable doubles whose products stay far from overflow and underflow: the exact regime of matmul.
doubles = st.builds(math.ldexp, mantissas, st.integers(min_value=-150, max_value=150))


def exact_matmul(a: Array, b: Array, add: Array | None = None) -> Array:
    """Return a @ b (+ add) in exact rational arithmetic, rounded once to float64."""
    m, n = a.shape[0], b.shape[1]
    extra = np.zeros((m, n)) if add is None else np.broadcast_to(add, (m, n))
    out = np.empty((m, n))
    for i in range(m):
        for j in range(n):
            terms = (Fraction(float(a[i, t])) * Fraction(float(b[t, j])) for t in range(a.shape[1]))
            out[i, j] = float(sum(terms, Fraction(float(extra[i, j]))))
    return out


def ulps(y: float, ref: Any, dtype: type[np.floating[Any]] = np.float64) -> float:
    """Return |y - ref| in units of the last place of ref in `dtype` (the subnormal spacing below the normal range)."""
    info = np.finfo(dtype)
    if ref == 0:
        return 0.0 if y == 0 else math.inf
    exponent = int(mpmath.frexp(ref)[1])  # |ref| = m 2**exponent, m in [0.5, 1)
    unit = mpmath.ldexp(1, max(exponent - 1, int(info.minexp)) - int(info.nmant))
    if math.isinf(y):  # right iff ref rounds to infinity, that is, is beyond max + half an ulp
        boundary = mpmath.ldexp(1, int(info.maxexp)) - mpmath.ldexp(1, int(info.maxexp) - int(info.nmant) - 2)
        return 0.0 if abs(ref) >= boundary and (y > 0) == (ref > 0) else math.inf
    return float(abs(mpmath.mpf(float(y)) - ref) / unit)


def max_ulps(name: str, x: Array) -> tuple[float, float]:
    """Return the largest error of fp.<name> on x, in ulps of x's dtype, and the argument where it occurs."""
    y = FUNCTIONS[name](x)
    assert y.dtype == x.dtype and y.shape == x.shape
    worst, where = 0.0, math.nan
    with mpmath.workprec(200):
        for xi, yi in zip(x.tolist(), y.tolist()):
            error = ulps(yi, REFERENCE[name](mpmath.mpf(xi)), x.dtype.type)
            if error > worst:
                worst, where = error, xi
    return worst, where


def sample(name: str, count: int, seed: int = 2024) -> Array:
    """Return finite float64 points in the domain of `name`: the whole exponent range, typical and boundary values."""
    rng = np.random.default_rng(seed)
    wide = np.ldexp(rng.uniform(1.0, 2.0, count), rng.integers(-1075, 1024, count)) * rng.choice([-1.0, 1.0], count)
    parts = [wide, rng.uniform(-40.0, 40.0, count), rng.uniform(-2.0, 2.0, count), np.ldexp(1.0, np.arange(-60, 12))]
    parts.append(np.array([0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 0.34657359027997264, 22.0, 19.0]))
    if name in ("exp", "expm1", "sigmoid", "softplus"):
        parts += [rng.uniform(700.0, 709.782712893384, count // 4), rng.uniform(-745.2, -700.0, count // 4)]
        parts.append(np.array([709.782712893384, 709.7827128933841, -745.1332191019411, -708.3964185322641, 88.72]))
    x = np.concatenate(parts)
    if name == "log":
        x = np.concatenate([np.abs(x), rng.uniform(0.5, 2.0, count), 1.0 + np.ldexp(1.0, np.arange(-53, 0))])
        x = x[x > 0]
    if name == "log1p":
        x = np.concatenate([x, rng.uniform(-1.0, 0.0, count), -1.0 + np.ldexp(1.0, np.arange(-53, 0))])
        x = x[x > -1]
    return x


# matmul ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("m", "k", "n"), [(5, 5, 3), (1, 1, 1), (3, 17, 2), (4, 0, 2), (0, 3, 2), (2, 3, 0)])
def test_matmul_is_the_correctly_rounded_exact_value(m: int, k: int, n: int) -> None:
    rng = np.random.default_rng(m * 100 + k * 10 + n)
    a = np.ldexp(rng.standard_normal((m, k)), rng.integers(-30, 30, (m, k)))
    b = np.ldexp(rng.standard_normal((k, n)), rng.integers(-30, 30, (k, n)))
    bias = rng.standard_normal((m, 1))
    got = fp.matmul(a, b)
    assert got.dtype == np.float64 and got.shape == (m, n)
    assert np.array_equal(got, exact_matmul(a, b))
    assert np.array_equal(fp.matmul(a, b, add=bias), exact_matmul(a, b, bias))
    assert np.array_equal(fp.matmul(a, b, add=2.5), exact_matmul(a, b, np.array(2.5)))


def test_matmul_survives_heavy_cancellation() -> None:
    a = np.array([[1e16, 1.0, -1e16], [1.0, 2.0**-60, -1.0], [2.0**70, 3.0, -(2.0**70)]])
    ones = np.ones((3, 1))
    assert sum([1e16, 1.0, -1e16]) == 0.0  # what a left-to-right sum of the rounded products gives
    assert np.array_equal(fp.matmul(a, ones), [[1.0], [2.0**-60], [3.0]])
    assert np.array_equal(fp.matmul(a, ones, add=np.array([[-1.0], [0.0], [-3.0]])), [[0.0], [2.0**-60], [0.0]])


@st.composite
def products(draw: st.DrawFn) -> tuple[Array, Array, Array]:
    """Return a (m, k), b (k, n) and a bias (m, 1) of exactly representable doubles, with cancelling pairs."""
    m, k, n = draw(st.integers(1, 4)), draw(st.integers(0, 6)), draw(st.integers(1, 4))
    a = draw(arrays(np.float64, (m, k), elements=doubles))
    b = draw(arrays(np.float64, (k, n), elements=doubles))
    if k >= 2 and draw(st.booleans()):  # make columns 0 and 1 of a cancel: a[:, 1] b[1] = -a[:, 0] b[0]
        a[:, 1], b[1] = -a[:, 0], b[0]
        a[:, 0] *= draw(st.sampled_from([1.0, 1.0 + 2.0**-52, 2.0**40]))
    return a, b, draw(arrays(np.float64, (m, 1), elements=doubles))


@given(products())
def test_matmul_matches_exact_rationals(case: tuple[Array, Array, Array]) -> None:
    a, b, bias = case
    assert np.array_equal(fp.matmul(a, b), exact_matmul(a, b))
    assert np.array_equal(fp.matmul(a, b, add=bias), exact_matmul(a, b, bias))


@given(products(), st.randoms(use_true_random=False))
def test_matmul_is_invariant_under_permutations(case: tuple[Array, Array, Array], random: Any) -> None:
    a, b, bias = case
    (m, k), n = a.shape, b.shape[1]
    pk, pm, pn = (np.array(random.sample(range(size), size), dtype=int) for size in (k, m, n))
    base = fp.matmul(a, b, add=bias)
    assert np.array_equal(fp.matmul(a[:, pk], b[pk, :], add=bias), base)  # bit-identical: the exact sum is rounded
    assert np.array_equal(fp.matmul(a[pm], b[:, pn], add=bias[pm]), base[pm][:, pn])
    assert np.array_equal(fp.matmul(a[pm], b, add=bias[pm]), base[pm])


def test_matmul_float32() -> None:
    rng = np.random.default_rng(3)
    a, b = rng.standard_normal((5, 5)).astype(np.float32), rng.standard_normal((5, 3)).astype(np.float32)
    bias = rng.standard_normal((5, 1)).astype(np.float32)
    got = fp.matmul(a, b, add=bias)
    assert got.dtype == np.float32
    assert np.array_equal(got, exact_matmul(a, b, bias).astype(np.float32))  # float64 exact, rounded to float32
    assert fp.matmul(a, b.astype(np.float64)).dtype == np.float64
    assert fp.matmul(a, b, add=bias.astype(np.float64)).dtype == np.float64
    assert np.array_equal(fp.matmul(a[:, ::-1], b[::-1], add=bias), got)


def test_matmul_non_finite_and_overflow() -> None:
    inf, nan = math.inf, math.nan
    a = np.array([[inf, 1.0], [inf, -inf], [inf, 1.0], [nan, 1.0], [1e308, 1e308], [1.0, 2.0]])
    b = np.array([[1.0], [1.0]])
    got = fp.matmul(a, b)[:, 0]
    assert got[0] == inf and math.isnan(got[1]) and got[4] == inf and got[5] == 3.0
    assert math.isnan(fp.matmul(a[2:3], np.array([[0.0], [1.0]]))[0, 0])  # inf * 0
    assert math.isnan(got[3])
    assert fp.matmul(np.array([[1e308, 1e308, -1e308]]), np.ones((3, 1)))[0, 0] == 1e308  # intermediate overflow
    big = np.array([[2.0**1000, 1.0]])  # beyond the exact splitting range: still deterministic and accurate
    assert fp.matmul(big, np.array([[2.0**-1000], [1.0]]))[0, 0] == 2.0
    for i in range(a.shape[0]):  # each entry is a function of its own row and column only
        assert np.array_equal(fp.matmul(a[i : i + 1], b), fp.matmul(a, b)[i : i + 1], equal_nan=True)


def test_matmul_rejects_bad_shapes() -> None:
    with pytest.raises(ValueError, match=r"a\.shape=\(2, 3\), b\.shape=\(2, 3\)"):
        fp.matmul(np.ones((2, 3)), np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"matmul needs"):
        fp.matmul(np.ones(3), np.ones((3, 1)))
    with pytest.raises(ValueError, match=r"add must broadcast to \(2, 1\); got add.shape=\(3,\)"):
        fp.matmul(np.ones((2, 3)), np.ones((3, 1)), add=np.ones(3))


# total ----------------------------------------------------------------------------------------------------------------


@given(
    arrays(np.float64, st.tuples(st.integers(0, 3), st.integers(0, 4), st.integers(1, 3)), elements=doubles),
    st.sampled_from([None, 0, 1, 2, -1, (0, 2), (2, 0), (0, 1, 2)]),
    st.booleans(),
)
def test_total_is_the_correctly_rounded_sum(x: Array, axis: int | tuple[int, ...] | None, keepdims: bool) -> None:
    got = fp.total(x, axis=axis, keepdims=keepdims)
    assert got.shape == np.sum(x, axis=axis, keepdims=keepdims).shape and got.dtype == np.float64
    axes = tuple(range(3)) if axis is None else (axis,) if isinstance(axis, int) else axis
    moved = np.moveaxis(x, axes, tuple(range(3 - len(axes), 3)))
    kept = moved.shape[: 3 - len(axes)]
    flat = moved.reshape(math.prod(kept), -1) if math.prod(kept) else np.zeros((0, 1))
    want = [float(sum((Fraction(v) for v in row), Fraction(0))) for row in flat.tolist()]
    assert np.array_equal(got.reshape(-1), np.array(want, dtype=np.float64))
    assert np.array_equal(fp.total(np.flip(x, axes), axis=axis, keepdims=keepdims), got)  # order-independent


def test_total_edge_cases() -> None:
    assert fp.total([1e16, 1.0, -1e16]) == 1.0 and fp.total([1e16, 1.0, -1e16]).shape == ()
    assert fp.total(np.zeros((0, 3)), axis=0).tolist() == [0.0, 0.0, 0.0]
    assert fp.total([1e308, 1e308, -1e308]) == 1e308 and fp.total([1e308, 1e308]) == math.inf
    assert math.isnan(fp.total([math.inf, -math.inf])) and fp.total([math.inf, 1.0]) == math.inf
    x32 = np.array([1.0, 2.0**-30, -1.0, 3.0], dtype=np.float32)
    assert fp.total(x32).dtype == np.float32 and fp.total(x32) == np.float32(3.0 + 2.0**-30)
    assert fp.total(np.arange(6).reshape(2, 3), axis=1, keepdims=True).tolist() == [[3.0], [12.0]]
    assert fp.total(5.0) == 5.0
    assert not np.signbit(fp.total([-0.0, -0.0])) and not np.signbit(fp.matmul([[-1.0]], [[0.0]]))  # zero is +0.0
    for axis in (2, -3, (0, 0)):
        with pytest.raises(np.exceptions.AxisError):
            fp.total(np.ones((2, 2)), axis=axis)


# elementary functions -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FUNCTIONS)
def test_accuracy_against_mpmath(name: str) -> None:
    x = sample(name, 1500)
    worst, where = max_ulps(name, x)
    assert worst <= BOUND[name], f"{name}({where!r}) is off by {worst:.3f} ulps"
    with np.errstate(over="ignore"):
        x32 = x.astype(np.float32)
    x32 = x32[np.isfinite(x32) & ((x32 > 0) if name == "log" else (x32 > -1) if name == "log1p" else True)]
    worst, where = max_ulps(name, x32[::3])
    assert worst <= F32_BOUND, f"{name}(float32 {where!r}) is off by {worst:.3f} float32 ulps"


@pytest.mark.parametrize("name", FUNCTIONS)
@given(x=st.floats(allow_nan=False, allow_infinity=False))
def test_accuracy_hypothesis(name: str, x: float) -> None:
    if name == "log":
        x = abs(x)
    assume(x > 0 if name == "log" else x > -1 if name == "log1p" else True)
    assert max_ulps(name, np.array([x]))[0] <= BOUND[name]


@pytest.mark.parametrize("name", FUNCTIONS)
def test_special_values_match_numpy(name: str) -> None:
    x = np.array([0.0, -0.0, math.inf, -math.inf, math.nan, 1e308, -1e308, -1.0, -2.0, 1.0, 5e-324, -5e-324])
    got, numpy = FUNCTIONS[name](x), numpy_value(name, x)
    special = ~np.isfinite(numpy) | (numpy == 0) | (np.abs(numpy) == 1)  # the values numpy cannot get wrong
    assert np.array_equal(got[special], numpy[special], equal_nan=True)
    assert np.array_equal(np.signbit(got[got == 0]), np.signbit(numpy[got == 0]))  # signed zeros as numpy
    for dtype in (np.float32, np.float64):
        assert FUNCTIONS[name](np.array([0.5, -2.0, math.nan], dtype=dtype)).dtype == dtype
    assert FUNCTIONS[name](np.arange(3)).dtype == np.float64 and FUNCTIONS[name](0.5).shape == ()


def numpy_value(name: str, x: Array) -> Array:
    """Return numpy's value of `name` at x, without warnings."""
    with np.errstate(all="ignore"):
        return NUMPY[name](x)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_each_value_depends_only_on_its_argument(name: str) -> None:
    x = np.concatenate([sample(name, 50, seed=1), [math.nan, math.inf, -math.inf, -1.0, 0.0, -0.0]])
    whole = FUNCTIONS[name](x)
    alone = np.concatenate([FUNCTIONS[name](x[i : i + 1]) for i in range(x.size)])
    assert np.array_equal(whole.view(np.uint64), alone.view(np.uint64))
    even = x[: x.size // 2 * 2]
    assert np.array_equal(
        FUNCTIONS[name](even.reshape(-1, 2)).reshape(-1).view(np.uint64), whole[: even.size].view(np.uint64)
    )


# reproducibility across machines --------------------------------------------------------------------------------------


def fingerprint() -> str:
    """Return a SHA-256 of every fp function's output on fixed inputs, in reproducible mode."""
    import hashlib

    import numpy as np

    from symproof.engine import fp

    base = np.arange(-1500, 1501, dtype=np.float64)  # inputs built from exact operations only
    mant = 1.0 + np.abs(base) / 4096.0
    power = (base // 2).astype(np.int32)
    specials = [0.0, -0.0, np.inf, -np.inf, np.nan, 5e-324, 709.782712893384, -745.1332191019411, -1.0]
    x = np.concatenate([base / 7.0, base * 0.4969, base / 1e6, np.ldexp(mant, power), -np.ldexp(mant, power), specials])
    digest = hashlib.sha256()
    with fp.arithmetic("reproducible"), np.errstate(all="ignore"):
        for dtype in (np.float64, np.float32):
            xd = x.astype(dtype)
            for f in (fp.exp, fp.expm1, fp.log, fp.log1p, fp.tanh, fp.sigmoid, fp.softplus):
                digest.update(f(xd).tobytes())
            a, b = (base[:600].reshape(20, 30) / 13.0).astype(dtype), (base[-600:].reshape(30, 20) / 1e3).astype(dtype)
            digest.update(fp.matmul(a, b, add=(base[:20] / 3.0).reshape(20, 1).astype(dtype)).tobytes())
            digest.update(fp.total(np.ldexp(mant, power % 40).astype(dtype)[:3000].reshape(30, 100), axis=1).tobytes())
    return digest.hexdigest()


ENVIRONMENTS = {
    "numpy-simd": {"NPY_DISABLE_CPU_FEATURES": "AVX512_ICL X86_V4 X86_V3"},
    "glibc-hwcaps": {"GLIBC_TUNABLES": "glibc.cpu.hwcaps=-AVX2,-FMA,-AVX,-AVX512F"},
    "openblas": {"OPENBLAS_CORETYPE": "Prescott", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"},
}


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_same_bits_under_other_simd_libm_and_blas(environment: str) -> None:
    script = inspect.getsource(fingerprint) + "\nprint(fingerprint())\n"
    env = os.environ | ENVIRONMENTS[environment]
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == fingerprint()


# the mode switch ------------------------------------------------------------------------------------------------------


def test_mode_switch() -> None:
    assert fp.get_mode() == "reproducible" and fp.describe()["mode"] == "reproducible"
    with fp.arithmetic("fast"):
        assert fp.describe()["mode"] == "fast" and fp.describe()["environment"] == "IEEE-754 default"
        with fp.arithmetic("reproducible"):
            assert fp.get_mode() == "reproducible"
        assert fp.get_mode() == "fast"
    assert fp.get_mode() == "reproducible"
    with pytest.raises(RuntimeError), fp.arithmetic("fast"):
        raise RuntimeError
    assert fp.get_mode() == "reproducible"
    try:
        fp.set_mode("fast")
        assert fp.get_mode() == "fast"
    finally:
        fp.set_mode("reproducible")
    message = r"mode must be one of \['fast', 'reproducible'\]; got 'turbo'"
    with pytest.raises(ValueError, match=message):
        fp.set_mode("turbo")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=message), fp.arithmetic("turbo"):  # type: ignore[arg-type]
        pass
    with pytest.raises(TypeError, match="mode"):
        fp.set_mode(3)  # type: ignore[arg-type]
    assert fp.get_mode() == "reproducible"


@pytest.mark.parametrize("name", FUNCTIONS)
def test_fast_mode_is_numpy(name: str) -> None:
    x = sample(name, 300)
    with fp.arithmetic("fast"):
        fast = FUNCTIONS[name](x)
        assert np.array_equal(fast, numpy_value(name, x), equal_nan=True)
        assert FUNCTIONS[name](np.array([0.5, -2.0], dtype=np.float32)).dtype == np.float32
    reproducible = FUNCTIONS[name](x)
    finite = np.isfinite(fast) & (np.abs(fast) > 2.3e-308)
    np.testing.assert_array_max_ulp(fast[finite], reproducible[finite], maxulp=4)


def test_fast_mode_sums_with_blas() -> None:
    rng = np.random.default_rng(5)
    a, b, bias, x = rng.standard_normal((5, 5)), rng.standard_normal((5, 3)), rng.standard_normal((5, 1)), rng.random(7)
    with fp.arithmetic("fast"):
        assert np.array_equal(fp.matmul(a, b, add=bias), a @ b + bias)
        assert np.array_equal(fp.total(x), np.sum(x)) and fp.total(x.astype(np.float32)).dtype == np.float32
    np.testing.assert_allclose(fp.matmul(a, b, add=bias), a @ b + bias, rtol=1e-13)


AWKWARD = np.array([0.0, -0.0, 1e-310, -3e-320, 0.5, -2.0, 20.0, -36.0, 709.8, -745.2, 800.0, np.inf, -np.inf, np.nan])


@pytest.mark.parametrize("mode", fp.MODES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_the_shared_exponential_gives_the_bits_of_separate_calls(mode: fp.Mode, dtype: type) -> None:
    x: Array = np.concatenate([AWKWARD, np.random.default_rng(5).standard_normal(300) * 8]).astype(dtype)
    with fp.arithmetic(mode):
        sigmoid, e = fp.sigmoid_and_exp(x)
        softplus, sigmoid_again = fp.softplus_and_sigmoid(x)
        separate = (fp.sigmoid(x), fp.exp(-np.abs(x)), fp.softplus(x))
    for fused, alone in zip((sigmoid, e, softplus, sigmoid_again), (*separate[:2], separate[2], separate[0])):
        assert fused.dtype == alone.dtype == dtype
        assert np.array_equal(fused.view(np.uint8), alone.view(np.uint8))  # bit for bit, nan payloads and signs too


@given(st.integers(-1074, 1023), st.integers(-1074, 1023), st.integers(0, 2**32 - 1))
def test_a_zero_term_changes_no_bit_and_no_error_escapes(ea: int, eb: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    a, b = np.ldexp(rng.uniform(-2, 2, size=(3, 1)), ea), np.ldexp(rng.uniform(-2, 2, size=(1, 2)), eb)
    with np.errstate(all="raise"):  # fp never warns nor raises, whatever the caller's settings
        alone = fp.matmul(a, b)
        padded = fp.matmul(np.hstack([a, np.zeros((3, 1))]), np.vstack([b, np.zeros((1, 2))]))
        biased = fp.matmul(a, b, add=np.zeros((3, 1)))
    assert np.array_equal(alone, padded, equal_nan=True) and np.array_equal(alone, biased, equal_nan=True)


@given(arrays(np.float64, st.tuples(st.integers(0, 4), st.integers(0, 4)), elements=st.floats(-1e300, 1e300)))
def test_sums_of_a_matrix_are_the_exact_sums_rounded_once(x: Array) -> None:
    for axis in (0, 1, -1, -2, None):
        got = fp.total(x, axis=axis)
        lines = [x.ravel()] if axis is None else list(x.T if axis % 2 == 0 else x)
        exact = np.array([float(sum(map(Fraction, line), Fraction(0))) + 0.0 for line in lines])
        assert np.array_equal(np.ravel(got), exact) and not np.signbit(np.ravel(got)[exact == 0.0]).any()
        kept = fp.total(x, axis=axis, keepdims=True) if axis is not None else None
        assert kept is None or kept.shape == np.sum(x, axis=axis, keepdims=True).shape


@given(
    st.integers(1, 4), st.integers(1, 4), st.integers(-1074, 1023), st.integers(-1074, 1023), st.integers(0, 2**32 - 1)
)
def test_an_outer_product_is_the_sum_of_the_split_parts_wherever_they_are_exact_or_not(
    m: int, n: int, ea: int, eb: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    a = np.ldexp(rng.uniform(-2, 2, size=(m, 1)), rng.integers(min(ea, eb), max(ea, eb) + 1, size=(m, 1)))
    b = np.ldexp(rng.uniform(-2, 2, size=(1, n)), rng.integers(-1074, 1024, size=(1, n)))
    a[0, 0] = 0.0 if seed % 3 == 0 else a[0, 0]
    # The general path sums the four split parts of each product; an outer product takes the IEEE product when
    # those parts are exact. A column of zeros forces the general path: the bits must agree everywhere.
    padded = fp.matmul(np.hstack([a, np.zeros((m, 1))]), np.vstack([b, np.zeros((1, n))]))
    assert np.array_equal(fp.matmul(a, b).view(np.uint64), padded.view(np.uint64))
