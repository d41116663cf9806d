"""Tests of "std(z) = s0" from N samples: exact chi-square for normal samples, a general test for any law with a
finite fourth moment, and `check_std`, which picks between them. Measurements: docs/variance.md, made by
benchmarks/std_false_alarm.py.

chi2: (N - 1) S^2 / sigma^2 is chi-square(N - 1) for normal z, so [sqrt(SS / q_hi), sqrt(SS / q_lo)] covers sigma with
probability exactly 1 - alpha. Otherwise the standard error of S^2 is sqrt((kappa - 1) / 2) times the normal one
(kappa = mu4 / sigma^4): conservative for kappa < 3, too narrow above. So the assumption checked is kappa <= 3, by the
one-sided Anscombe-Glynn test of the sample kurtosis b2 = m4 / m2^2 (`kurtosis_cutoff`).

general: Var(S^2) = sigma^4 v / N, v = kappa - 1 + 2 / (N - 1), with kappa_u = b2 (1 + rho) plugged in, b2 plus its
estimated relative standard error rho = sqrt((m8 / m4^2 - 1) / N). S^2 / s0^2 too small is judged by Bernstein's
inequality for the nonnegative (z - mu)^2, valid at every N given v; too large, by the normal law of log S^2 (mean
log sigma^2 - v / (2N), variance v / N). Why: a studentised S^2 or log S^2 rejected 2-20 times alpha on products of
normals and width-1 ReLU nets even at N = 1e4, nearly all on the low side, where the sample that misses the rare large
values also understates kappa; Bernstein's bound is wider there, and rho widens both sides when m4 is itself poorly
estimated. Measured, it holds alpha = 1e-2 and 1e-3 at N = 1e3 and 1e4 on all 11 laws of the benchmark. It is still
asymptotic, as every test of a variance must be (Bahadur-Savage: a law with a tiny mass far out has the claimed
variance and samples that almost never show it). `general_power` states its power at a known kappa for large N.

auto (the default): chi2 unless b2 rejects kappa <= 3 at 0.05, else general. For normal samples b2 is independent of
S^2 (Basu) and the general interval is the wider when b2 is large, so auto keeps the chi-square test's alpha and
nearly all its power; the liberal 0.05 costs no validity and catches mild excess kurtosis.

Verdict numbers are machine-independent: quantiles, cut-offs and the interval's factors come from mpmath (pure
Python), moments from elementwise numpy arithmetic and np.sum. symproof uses alpha = 1e-9 per check.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import mpmath
import numpy as np
from numpy.typing import NDArray

from symproof.engine._validation import check_choice, check_real
from symproof.stats._arrays import as_float_array

__all__ = [
    "ALPHA",
    "MIN_SAMPLES",
    "NORMALITY_ALPHA",
    "StdCheck",
    "check_std",
    "chi2_quantiles",
    "detectable",
    "general_bounds",
    "general_power",
    "kurtosis_cutoff",
    "normal_isf",
    "power",
    "sample_moments",
    "samples_for",
]

ALPHA = 1e-9
NORMALITY_ALPHA = 0.05
MIN_SAMPLES = 20
StdMethod = Literal["auto", "chi2", "general"]

_MP = mpmath.MPContext()
_MP.prec = 96


def _level(name: str, value: float) -> float:
    a = check_real(name, value, positive=True)
    if a >= 1:
        raise ValueError(f"{name} must be in (0, 1); got {value!r}")
    return a


def _check_n_alpha(n: int, alpha: float) -> tuple[int, float]:
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"n must be an integer >= 2; got {n!r}")
    return n, _level("alpha", alpha)


@functools.lru_cache(maxsize=4096)
def normal_isf(p: float) -> float:
    """Return z with P(Z > z) = p for a standard normal Z (mpmath: the same double on every machine)."""
    q = _level("p", p)
    with _MP.workprec(192 + max(0, -math.frexp(q)[1])):  # 1 - 2p must keep p's bits
        return float(_MP.sqrt(2) * _MP.erfinv(1 - 2 * _MP.mpf(q)))


def _chi2_tail(x: Any, dof: int, upper: bool) -> Any:
    half, h = _MP.mpf(dof) / 2, _MP.mpf(x) / 2
    try:
        return _MP.gammainc(half, h, _MP.inf, regularized=True) if upper else _MP.gammainc(half, 0, h, regularized=True)
    except _MP.NoConvergence:  # dof above ~1e6: the lower gamma series of mpmath, with more terms and 64 guard bits

        def terms(a: Any) -> Any:
            return (([_MP.exp(-h), h, a], [1, a, -1], [], [a], [1], [1 + a], h),)

        with _MP.workprec(_MP.prec + 64):
            lower = _MP.hypercomb(terms, [half], maxterms=10**8)
            return 1 - lower if upper else +lower


def _chi2_quantile(p: Any, dof: int, upper: bool) -> float:
    """Solve P(chi2_dof > x) = p (upper) or P(chi2_dof < x) = p by Newton's method on log P in log x."""
    k, target = _MP.mpf(dof), _MP.log(p)
    z = normal_isf(float(p)) if upper else -normal_isf(float(p))
    wh = 1 - 2 / (9 * k) + z * _MP.sqrt(2 / (9 * k))  # Wilson-Hilferty start, or the small-x series when it fails
    x = k * wh**3 if wh > 0 else 2 * (p * _MP.gamma(k / 2 + 1)) ** (2 / k)
    for _ in range(200):
        tail = _chi2_tail(x, dof, upper)
        log_pdf = (k / 2 - 1) * _MP.log(x) - x / 2 - (k / 2) * _MP.log(2) - _MP.loggamma(k / 2)
        slope = x * _MP.exp(log_pdf) / tail * (-1 if upper else 1)  # d log P / d log x
        step = (_MP.log(tail) - target) / slope
        x *= _MP.exp(-max(min(step, 2), -2))
        if abs(step) < _MP.mpf(2) ** -70:
            return float(x)
    raise RuntimeError(f"chi-square quantile did not converge for p={p!r}, dof={dof}")


@functools.lru_cache(maxsize=4096)
def chi2_quantiles(n: int, alpha: float) -> tuple[float, float]:
    """Return the alpha/2 and 1 - alpha/2 quantiles of chi-square with n - 1 degrees of freedom (mpmath)."""
    n, alpha = _check_n_alpha(n, alpha)
    return _chi2_quantile(alpha / 2, n - 1, False), _chi2_quantile(alpha / 2, n - 1, True)


def power(n: int, r: float, *, alpha: float = ALPHA) -> float:
    """Return the probability that the chi-square test rejects std = s0 when the true std is s0 * (1 + r)."""
    n, alpha = _check_n_alpha(n, alpha)
    ratio = _MP.mpf(1.0 + check_real("r", r)) ** 2
    if ratio <= 0:
        raise ValueError(f"r must exceed -1; got {r!r}")
    lo, hi = chi2_quantiles(n, alpha)
    return float(_chi2_tail(lo / ratio, n - 1, False) + _chi2_tail(hi / ratio, n - 1, True))


def detectable(n: int, *, alpha: float = ALPHA, probability: float = 0.999) -> float:
    """Return the smallest relative std error |r| that the chi-square test detects with `probability`, either sign."""
    n, alpha = _check_n_alpha(n, alpha)
    return _detectable(n, alpha, _level("probability", probability))


def _smallest_r(step: Callable[[float, bool], tuple[float, float]]) -> float:
    """Return the larger of the smallest r > 0 and |r| < 0 whose rejection probability reaches p, or inf.

    step(far, upper) solves "near tail = p - far" for r by a quantile and returns r and the far tail at r: the far
    tail is below alpha / 2, so the fixed point settles in two or three rounds (deterministic, unlike a bracketing
    root finder's stopping rule it needs no tolerance).
    """
    worst = 0.0
    for upper, top in ((True, 1.0), (False, 0.999999)):
        r, far = 0.0, 0.0
        for _ in range(8):
            r_next, far_next = step(far, upper)
            if r_next == r:
                break
            r, far = r_next, far_next
        if not r <= top:
            return math.inf
        worst = max(worst, r)
    return worst


@functools.lru_cache(maxsize=1024)
def _detectable(n: int, alpha: float, p: float) -> float:
    lo, hi = chi2_quantiles(n, alpha)

    def step(far: float, upper: bool) -> tuple[float, float]:  # power = P(chi2 < lo/(1+r)^2) + P(chi2 > hi/(1+r)^2)
        x = _chi2_quantile(1 - _MP.mpf(p) + far, n - 1, not upper)
        r = math.sqrt(hi / x) - 1 if upper else 1 - math.sqrt(lo / x)
        return r, float(_chi2_tail((lo if upper else hi) / (1 + _MP.mpf(r if upper else -r)) ** 2, n - 1, not upper))

    return _smallest_r(step)


def samples_for(r: float, *, alpha: float = ALPHA, probability: float = 0.999) -> int:
    """Return the smallest N whose chi-square test detects a relative std error r (either sign) with `probability`."""
    target = check_real("r", r, positive=True)
    a, p = _level("alpha", alpha), _level("probability", probability)

    def enough(n: int) -> bool:
        return all(power(n, s, alpha=a) >= p for s in (target, -min(target, 0.999999)))

    # Start from the normal approximation N ~ (z_{alpha/2} + z_p)^2 / (2 r^2), then bracket and bisect on N.
    z = normal_isf(a / 2) + normal_isf(1 - p)
    guess = max(2, math.ceil(z * z / (2 * target * target)))
    low, high = guess, guess
    while not enough(high):
        low, high = high, math.ceil(high * 1.05) + 1
    while low > 2 and enough(low):
        high, low = low, max(2, math.floor(low / 1.05) - 1)
    if low == high:  # enough(2)
        return 2
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (low, mid) if enough(mid) else (mid, high)
    return high


@functools.lru_cache(maxsize=4096)
def kurtosis_cutoff(n: int, level: float) -> float:
    """Return the b2 above which the sample kurtosis rejects kappa <= 3 at `level` (Anscombe-Glynn, inverted)."""
    if n < 5:
        raise ValueError(f"n must be at least 5 to test the kurtosis; got {n!r}")
    m, z = _MP.mpf(n), normal_isf(_level("level", level))
    mean, var = 3 * (m - 1) / (m + 1), 24 * m * (m - 2) * (m - 3) / ((m + 1) ** 2 * (m + 3) * (m + 5))
    beta = 6 * (m * m - 5 * m + 2) / ((m + 7) * (m + 9)) * _MP.sqrt(6 * (m + 3) * (m + 5) / (m * (m - 2) * (m - 3)))
    a = 6 + 8 / beta * (2 / beta + _MP.sqrt(1 + 4 / beta**2))
    t2 = 1 - 2 / (9 * a) - z * _MP.sqrt(2 / (9 * a))
    if t2 <= 0:
        return math.inf
    x = ((1 - 2 / a) / t2**3 - 1) / _MP.sqrt(2 / (a - 4))
    return float(mean + x * _MP.sqrt(var))


def general_bounds(n: int, kurtosis: Any, alpha: float, *, exp: Callable[[Any], Any] | None = None) -> tuple[Any, Any]:
    """Return the bounds [lo, hi] on S^2 / s0^2 of the general test at `kurtosis` (a float; an array with exp=np.exp).

    lo = 1 - r from Bernstein's inequality for the lower tail of a mean of (z - mu)^2 (lo <= 0: no lower rejection);
    hi = exp(z_{alpha/2} sqrt(v/N) - v/(2N)) from the normal law of log S^2; v = kurtosis - 1 + 2/(N - 1).
    """
    lg = float(_MP.log(2 / _MP.mpf(alpha)))  # np.sqrt, not ** 0.5: C's pow need not round the same everywhere
    v = kurtosis - 1 + 2 / (n - 1)
    r = (lg / 3 + np.sqrt(lg * lg / 9 + 2 * lg * n * v)) / n
    log_hi = normal_isf(alpha / 2) * np.sqrt(v / n) - v / (2 * n)
    return 1 - r, float(_MP.exp(log_hi)) if exp is None else exp(log_hi)


def general_power(n: int, r: float, *, kurtosis: float, alpha: float = ALPHA) -> float:
    """Return the general test's power at a true std s0 (1 + r) and a known kurtosis, for large N (normal log S^2)."""
    n, alpha = _check_n_alpha(n, alpha)
    k = check_real("kurtosis", kurtosis)
    if k < 1:
        raise ValueError(f"kurtosis must be at least 1; got {kurtosis!r}")
    ratio = _MP.mpf(1.0 + check_real("r", r)) ** 2
    if ratio <= 0:
        raise ValueError(f"r must exceed -1; got {r!r}")
    lo, hi = general_bounds(n, k, alpha)
    v = k - 1 + 2 / (n - 1)
    mean, sd = _MP.log(ratio) - _MP.mpf(v) / (2 * n), _MP.sqrt(_MP.mpf(v) / n)
    below = _MP.ncdf((_MP.log(lo) - mean) / sd) if lo > 0 else 0
    return float(below + 1 - _MP.ncdf((_MP.log(hi) - mean) / sd))


@functools.lru_cache(maxsize=1024)
def _general_detectable(n: int, kurtosis: float, alpha: float, p: float) -> float:
    lo, hi = (float(b) for b in general_bounds(n, kurtosis, alpha))
    v = _MP.mpf(kurtosis - 1 + 2 / (n - 1))
    sd, bias = _MP.sqrt(v / n), v / (2 * n)

    def step(far: float, upper: bool) -> tuple[float, float]:  # m: the mean of log S^2 / s0^2 that reaches p - far
        if not upper and lo <= 0:
            return math.inf, 0.0
        m = _MP.log(hi) - normal_isf(p - far) * sd if upper else _MP.log(lo) + normal_isf(p - far) * sd
        r = float(_MP.exp((m + bias) / 2)) - 1 if upper else 1 - float(_MP.exp((m + bias) / 2))
        if upper:
            return r, float(_MP.ncdf((_MP.log(lo) - m) / sd)) if lo > 0 else 0.0
        return r, float(1 - _MP.ncdf((_MP.log(hi) - m) / sd))

    return _smallest_r(step)


def sample_moments(z: NDArray[np.float64]) -> tuple[Any, Any, Any]:
    """Return SS = sum (z - mean)^2, b2 = m4 / m2^2 and kappa_u = b2 (1 + rho) along the last axis (nan if SS = 0).

    rho = sqrt((m8 / m4^2 - 1) / N) estimates the relative standard error of m4. Elementwise arithmetic and np.sum
    only, so the same bits on every machine; u = (z - mean)^2 / m2 <= N keeps the eighth power within range.
    """
    d = z - z.mean(axis=-1, keepdims=True)
    ss = np.sum(d * d, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        u2 = d * d / (ss / z.shape[-1])[..., None]
        b2, m8 = np.mean(u2 * u2, axis=-1), np.mean((u2 * u2) * (u2 * u2), axis=-1)
        return ss, b2, b2 * (1 + np.sqrt(np.maximum(m8 / (b2 * b2) - 1, 0.0) / z.shape[-1]))


@dataclass(frozen=True)
class StdCheck:
    """A check of "std = claimed": measured std, (1 - alpha) interval, method used, sample kurtosis b2 and outcome.

    outcome: "consistent" (claimed in the interval; the only truthy one), "rejected", or "assumption violated" (method
    "chi2" on a sample whose b2 rejects kappa <= 3). deviation = measured / claimed - 1. detectable: the relative std
    error the method detects with probability 0.999 (for "general": at kappa_u, large-N).
    """

    n: int
    claimed: float
    measured: float
    low: float
    high: float
    alpha: float
    holds: bool
    detectable: float
    method: Literal["chi2", "general"]
    kurtosis: float | None
    kurtosis_cutoff: float
    normality_rejected: bool
    outcome: Literal["consistent", "rejected", "assumption violated"]
    deviation: float

    def __bool__(self) -> bool:
        return self.holds


def check_std(
    samples: Any,
    claimed: float,
    *,
    alpha: float = ALPHA,
    method: StdMethod = "auto",
    normality_alpha: float | None = None,
) -> StdCheck:
    """Return the check of "std = claimed" on `samples` (the mean is estimated; at least MIN_SAMPLES values).

    samples: any real array-like (NumPy, nested lists, a torch tensor, anything with __array__ or __dlpack__); copied.

    method "auto" (default): chi2 unless the sample kurtosis rejects kappa <= 3 at normality_alpha (default 0.05),
    else general. "chi2": the exact normal test; if the kurtosis rejects normality at normality_alpha (default alpha),
    the outcome is "assumption violated" and the check fails. "general": the fourth-moment test.
    """
    z = as_float_array("samples", samples).ravel()  # NumPy, lists, torch tensors, __array__ or DLPack objects
    if z.size < MIN_SAMPLES:
        raise ValueError(f"samples must hold at least {MIN_SAMPLES} values; got {z.size}")
    n, a = int(z.size), _level("alpha", alpha)
    s0 = check_real("claimed", claimed, nonnegative=True)
    check_choice("method", method, ("auto", "chi2", "general"))
    level = _level(
        "normality_alpha", (NORMALITY_ALPHA if method == "auto" else a) if normality_alpha is None else normality_alpha
    )
    ss, b2, k_u = (float(m) for m in sample_moments(z))
    measured, cutoff = math.sqrt(ss / (n - 1)), kurtosis_cutoff(n, level)
    heavy = ss > 0 and b2 > cutoff
    used: Literal["chi2", "general"] = "general" if method == "general" or (method == "auto" and heavy) else "chi2"
    if used == "chi2":
        q_lo, q_hi = chi2_quantiles(n, a)
        low, high, det = math.sqrt(ss / q_hi), math.sqrt(ss / q_lo), detectable(n, alpha=a)
    elif ss == 0:
        low, high, det = 0.0, 0.0, math.inf
    else:
        r_lo, r_hi = (float(b) for b in general_bounds(n, k_u, a))
        low, high = measured / math.sqrt(r_hi), measured / math.sqrt(r_lo) if r_lo > 0 else math.inf
        det = _general_detectable(n, k_u, a, 0.999)
    inside = low <= s0 <= high
    outcome: Literal["consistent", "rejected", "assumption violated"] = (
        "assumption violated" if method == "chi2" and heavy else "consistent" if inside else "rejected"
    )
    deviation = measured / s0 - 1 if s0 > 0 else (0.0 if measured == 0 else math.inf)
    kurtosis = b2 if ss > 0 else None
    return StdCheck(
        n, s0, measured, low, high, a, outcome == "consistent", det, used, kurtosis, cutoff, heavy, outcome, deviation
    )
