"""An exact test of "std(z) = s0" from normal samples, with its false-alarm probability and its power.

With N samples of a normal z, (N - 1) S^2 / sigma^2 follows chi-square with N - 1 degrees of freedom (S^2 is the
sample variance; the mean is estimated, so a nonzero mean does not bias the test). The two-sided interval

    sigma in [sqrt((N-1) S^2 / q_hi), sqrt((N-1) S^2 / q_lo)],  q_lo, q_hi the alpha/2 and 1 - alpha/2 quantiles,

covers the true sigma with probability exactly 1 - alpha, so "s0 outside the interval" is a false alarm with
probability alpha. symproof uses alpha = 1e-9 per check; a run of at most 1000 checks then stays within a total
false-alarm budget of 1e-6 (union bound).

If the true std is s0 (1 + r), the statistic is (1 + r)^2 chi-square, and the power is
P(chi2 < q_lo / (1 + r)^2) + P(chi2 > q_hi / (1 + r)^2): `power`. `detectable` inverts it (the smallest |r| found
with a given probability) and `samples_for` chooses N from it.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import optimize, stats

from symproof._validation import as_real_array, check_finite, check_real

__all__ = ["ALPHA", "StdCheck", "check_std", "detectable", "power", "samples_for"]

ALPHA = 1e-9


def _quantiles(n: int, alpha: float) -> tuple[float, float]:
    dof = n - 1
    return float(stats.chi2.ppf(alpha / 2, dof)), float(stats.chi2.isf(alpha / 2, dof))


def _check_n_alpha(n: int, alpha: float) -> tuple[int, float]:
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"n must be an integer >= 2; got {n!r}")
    a = check_real("alpha", alpha, positive=True)
    if a >= 1:
        raise ValueError(f"alpha must be in (0, 1); got {alpha!r}")
    return n, a


def power(n: int, r: float, *, alpha: float = ALPHA) -> float:
    """Return the probability that the test rejects std = s0 when the true std is s0 * (1 + r)."""
    n, alpha = _check_n_alpha(n, alpha)
    ratio = (1.0 + check_real("r", r)) ** 2
    if ratio <= 0:
        raise ValueError(f"r must exceed -1; got {r!r}")
    lo, hi = _quantiles(n, alpha)
    dof = n - 1
    return float(stats.chi2.cdf(lo / ratio, dof) + stats.chi2.sf(hi / ratio, dof))


def detectable(n: int, *, alpha: float = ALPHA, probability: float = 0.999) -> float:
    """Return the smallest relative std error |r| that the test detects with `probability`, either sign."""
    n, alpha = _check_n_alpha(n, alpha)
    return _detectable(n, alpha, check_real("probability", probability, positive=True))


@functools.lru_cache(maxsize=1024)
def _detectable(n: int, alpha: float, p: float) -> float:
    worst = 0.0
    for sign in (1.0, -1.0):
        top = 1.0 if sign > 0 else 0.999999
        if power(n, sign * top, alpha=alpha) < p:
            return math.inf
        worst = max(worst, optimize.brentq(lambda r, s=sign: power(n, s * r, alpha=alpha) - p, 1e-12, top))
    return float(worst)


def samples_for(r: float, *, alpha: float = ALPHA, probability: float = 0.999) -> int:
    """Return the smallest N whose test detects a relative std error of r (either sign) with `probability`."""
    target = check_real("r", r, positive=True)
    low, high = 2, 4
    while detectable(high, alpha=alpha, probability=probability) > target:
        low, high = high, high * 2
    while high - low > 1:
        mid = (low + high) // 2
        if detectable(mid, alpha=alpha, probability=probability) > target:
            low = mid
        else:
            high = mid
    return high


@dataclass(frozen=True)
class StdCheck:
    """The measured std of N samples, its exact (1 - alpha) interval, and whether the claimed s0 lies inside."""

    n: int
    claimed: float
    measured: float
    low: float
    high: float
    alpha: float
    holds: bool
    detectable: float

    def __bool__(self) -> bool:
        return self.holds


def check_std(samples: Any, claimed: float, *, alpha: float = ALPHA) -> StdCheck:
    """Return the chi-square check of "std = claimed" on `samples` (assumed normal, mean estimated)."""
    z = as_real_array("samples", samples).astype(np.float64).ravel()
    check_finite("samples", z)
    n, a = _check_n_alpha(int(z.size), alpha)
    s0 = check_real("claimed", claimed, nonnegative=True)
    ss = float(np.sum((z - z.mean()) ** 2))
    lo, hi = _quantiles(n, a)
    low, high = math.sqrt(ss / hi), math.sqrt(ss / lo)
    measured = math.sqrt(ss / (n - 1))
    return StdCheck(n, s0, measured, low, high, a, low <= s0 <= high, detectable(n, alpha=a))
