"""The std tests: the chi-square test's exactness and its checked assumption, the general test's false-alarm rate on
heavy tails, the stated power formulas against simulation, N, and bad input."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from scipy import stats

from symproof.stats.std import (
    ALPHA,
    check_std,
    chi2_quantiles,
    detectable,
    general_bounds,
    general_power,
    kurtosis_cutoff,
    normal_isf,
    power,
    samples_for,
)


def _product_of_normals(rng: np.random.Generator, k: int, shape: tuple[int, ...]) -> np.ndarray:
    z = rng.standard_normal(shape)
    for _ in range(k - 1):
        z *= rng.standard_normal(shape)
    return z  # std 1, kurtosis 3^k


def test_false_alarm_rate_matches_alpha_in_simulation() -> None:
    rng = np.random.default_rng(0)
    trials, alpha = 4000, 0.05
    alarms = sum(not check_std(rng.normal(0.3, 2.0, 50), 2.0, alpha=alpha) for _ in range(trials))
    # Binomial(4000, 0.05): mean 200, sd 13.8; 6 sd either side (a false failure of this test: ~2e-9).
    assert abs(alarms - trials * alpha) < 6 * math.sqrt(trials * alpha * (1 - alpha))


def test_general_test_holds_alpha_on_a_product_of_three_normals() -> None:
    # kappa = 27: the chi-square interval rejects the true std about 47% of the time at alpha = 0.01 (N = 1000).
    rng = np.random.default_rng(3)
    trials, alpha = 2000, 0.01
    samples = _product_of_normals(rng, 3, (trials, 1000))
    general = [check_std(z, 1.0, alpha=alpha, method="general") for z in samples]
    auto = [check_std(z, 1.0, alpha=alpha) for z in samples]
    assert all(c.method == "general" for c in general + auto)
    # Binomial(2000, 0.01): sd 4.4; at most alpha * trials + 6 sd alarms (a false failure of this test: ~1e-9).
    bound = trials * alpha + 6 * math.sqrt(trials * alpha * (1 - alpha))
    assert sum(not c for c in general) <= bound
    assert sum(not c for c in auto) <= bound
    chi2_misses = sum(
        not c.low <= 1.0 <= c.high for c in (check_std(z, 1.0, alpha=alpha, method="chi2") for z in samples)
    )
    assert chi2_misses > 0.3 * trials  # the normal-theory interval alone: the failure this test guards against


def test_the_chi_square_normality_check_fires_on_heavy_tails() -> None:
    rng = np.random.default_rng(4)
    for z in _product_of_normals(rng, 3, (50, 1000)):
        check = check_std(z, 1.0, method="chi2")
        # b2 of a product of 3 normals at N = 1000 was never below 8.5 in 1e5 draws; the cut at alpha = 1e-9 is 4.51.
        assert check.kurtosis is not None and check.kurtosis > check.kurtosis_cutoff == pytest.approx(4.5147, abs=1e-4)
        assert check.normality_rejected and check.outcome == "assumption violated" and not check
        assert check.method == "chi2"  # the exact test was asked for: it reports, it does not silently switch


def test_the_normal_case_uses_the_exact_interval() -> None:
    z = np.random.default_rng(2).normal(0, 3.0, 1000)
    check = check_std(z, 3.0)
    assert check.method == "chi2" and check.outcome == "consistent" and not check.normality_rejected
    ss = float(np.sum((z - z.mean()) ** 2))
    assert check.low == pytest.approx(math.sqrt(ss / stats.chi2.isf(ALPHA / 2, 999)), rel=1e-12)
    assert check.high == pytest.approx(math.sqrt(ss / stats.chi2.ppf(ALPHA / 2, 999)), rel=1e-12)
    assert check.measured == pytest.approx(float(np.std(z, ddof=1)), rel=1e-12)
    assert check.deviation == pytest.approx(check.measured / 3.0 - 1)
    assert check.kurtosis == pytest.approx(stats.kurtosis(z, fisher=False), rel=1e-10)
    assert check.detectable == detectable(1000)


def test_power_formula_matches_simulation() -> None:
    rng = np.random.default_rng(1)
    trials, alpha, r = 4000, 0.01, 0.2
    checks = (check_std(rng.normal(0.0, 1.0 + r, 100), 1.0, alpha=alpha, method="chi2") for _ in range(trials))
    hits = sum(not c.low <= 1.0 <= c.high for c in checks)
    p = power(100, r, alpha=alpha)
    assert abs(hits / trials - p) < 6 * math.sqrt(p * (1 - p) / trials)


def test_general_power_matches_simulation_on_normal_samples() -> None:
    # The stated power is large-N at a known kurtosis; at N = 5000 the plug-in's inflation costs about 0.03.
    rng = np.random.default_rng(5)
    trials, alpha, n = 1000, 0.01, 5000
    for r in (0.04, -0.04):
        hits = sum(not check_std(z, 1.0, alpha=alpha, method="general") for z in rng.normal(0, 1 + r, (trials, n)))
        p = general_power(n, r, kurtosis=3.0, alpha=alpha)
        assert -0.06 - 6 * math.sqrt(p * (1 - p) / trials) < hits / trials - p < 6 * math.sqrt(p * (1 - p) / trials)
    assert general_power(n, 0.0, kurtosis=3.0, alpha=alpha) < alpha
    assert general_power(1000, 0.1, kurtosis=27.0) < general_power(10_000, 0.1, kurtosis=27.0)


def test_power_is_alpha_at_zero_error_and_grows() -> None:
    assert power(1000, 0.0) == pytest.approx(ALPHA, rel=1e-6)
    assert power(1000, 0.1) < power(10_000, 0.1) < power(100_000, 0.1)


def test_the_law_checks_detect_a_ten_percent_error_surely() -> None:
    n = samples_for(0.05)
    assert min(power(n, 0.1), power(n, -0.1 / 1.1)) > 1 - 1e-9


def test_n_is_chosen_from_the_power_formula() -> None:
    n = samples_for(0.02)
    assert detectable(n) <= 0.02 < detectable(n - 1)
    assert power(n, 0.02) >= 0.999
    assert power(n, -0.02) >= 0.999
    assert 1e5 < n < 1.2e5  # 107448: (z_{1-alpha/2} + z_{0.999})^2 / (2 * 0.02^2) by the normal approximation


@pytest.mark.parametrize("n", [2, 20, 1000, 107_448, 2_000_000])
@pytest.mark.parametrize("alpha", [1e-9, 0.01])
def test_quantiles_come_from_mpmath_and_agree_with_scipy(n: int, alpha: float) -> None:
    lo, hi = chi2_quantiles(n, alpha)
    assert lo == pytest.approx(stats.chi2.ppf(alpha / 2, n - 1), rel=1e-9 if n < 10**6 else 1e-6)
    assert hi == pytest.approx(stats.chi2.isf(alpha / 2, n - 1), rel=1e-9)
    assert normal_isf(alpha / 2) == pytest.approx(stats.norm.isf(alpha / 2), rel=1e-14)


@pytest.mark.parametrize("n", [20, 200, 5000])
def test_kurtosis_cutoff_is_scipys_one_sided_kurtosis_test(n: int) -> None:
    rng = np.random.default_rng(n)
    for z in (rng.standard_t(6, n), rng.standard_normal(n), rng.laplace(size=n)):
        p_value = stats.kurtosistest(z, alternative="greater").pvalue
        if abs(p_value - 0.05) > 1e-6:
            assert (stats.kurtosis(z, fisher=False) > kurtosis_cutoff(n, 0.05)) == (p_value < 0.05)


def test_an_all_zero_tensor_fails() -> None:
    assert not check_std(np.zeros(1000), 1.0)
    assert check_std(np.zeros(1000), 0.0)


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: power(1, 0.1), "n must be an integer >= 2; got 1"),
        (lambda: power(10, 0.1, alpha=1.5), r"alpha must be in \(0, 1\); got 1.5"),
        (lambda: check_std([1.0] * 30 + [float("nan")], 1.0), r"samples must be finite; got nan at index \(30,\)"),
        (lambda: check_std([1.0, 2.0, float("inf")] * 10, 1.0), "samples must be finite; got inf"),
        (lambda: check_std(np.ones(19), 1.0), "samples must hold at least 20 values; got 19"),
        (lambda: check_std(np.ones(50), 1.0, alpha=0.0), "alpha must be positive; got 0.0"),
        (lambda: check_std(np.ones(50), 1.0, alpha=1.0), r"alpha must be in \(0, 1\); got 1.0"),
        (lambda: check_std(np.ones(50), 1.0, alpha=-0.1), r"alpha must be positive; got -0.1"),
        (lambda: check_std(np.ones(50), -1.0), r"claimed must be non-negative; got -1.0"),
        (lambda: check_std(np.ones(50), 1.0, normality_alpha=2.0), r"normality_alpha must be in \(0, 1\); got 2.0"),
        (lambda: check_std(np.ones(50), 1.0, method="t"), "method must be one of .*; got 't'"),  # type: ignore[arg-type]
        (lambda: samples_for(-0.1), "r must be positive; got -0.1"),
        (lambda: general_power(100, 0.1, kurtosis=0.5), "kurtosis must be at least 1; got 0.5"),
    ],
)
def test_bad_input(call: Any, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        call()


@pytest.mark.parametrize(("n", "kurtosis"), [(20, 3.0), (200, 9.0), (10_000, 1.8)])
def test_general_bounds_are_the_documented_formulas(n: int, kurtosis: float) -> None:
    """lo = 1 - r (Bernstein), hi = exp(z sqrt(v/N) - v/(2N)), v = kurtosis - 1 + 2/(N - 1): by hand, in mpmath."""
    import mpmath

    alpha = 1e-3
    with mpmath.workdps(40):
        v = mpmath.mpf(kurtosis) - 1 + mpmath.mpf(2) / (n - 1)
        lg = mpmath.log(2 / mpmath.mpf(alpha))
        r = (lg / 3 + mpmath.sqrt(lg**2 / 9 + 2 * lg * n * v)) / n
        z = mpmath.sqrt(2) * mpmath.erfinv(1 - mpmath.mpf(alpha))
        hi = mpmath.exp(z * mpmath.sqrt(v / n) - v / (2 * n))
    lo, high = general_bounds(n, kurtosis, alpha)
    assert lo == pytest.approx(float(1 - r), rel=1e-12, abs=1e-14)
    assert high == pytest.approx(float(hi), rel=1e-12)


@pytest.mark.parametrize(("n", "kurtosis"), [(2000, 1.8), (2000, 3.0), (2000, 6.0), (20_000, 1.8), (20_000, 6.0)])
def test_the_general_detectable_error_is_where_the_general_power_reaches_its_probability(
    n: int, kurtosis: float
) -> None:
    """The smallest detectable error is the r at which the worse of the two directions has power 0.999 exactly:
    checked against general_power, which the simulation test above checks on its own."""
    from symproof.stats.std import _general_detectable

    r = _general_detectable(n, kurtosis, ALPHA, 0.999)
    powers = [general_power(n, r, kurtosis=kurtosis), general_power(n, -r, kurtosis=kurtosis)]
    assert min(powers) == pytest.approx(0.999, abs=1e-9), powers
    assert max(powers) >= 0.999


def test_a_constant_sample_under_the_general_method_has_a_zero_interval() -> None:
    """A constant sample has S = 0 and no kurtosis: the general interval is [0, 0], and nothing is detectable."""
    check = check_std(np.full(100, 2.0), 1.0, method="general")
    assert (check.measured, check.low, check.high, check.detectable) == (0.0, 0.0, 0.0, math.inf)
    assert (check.method, check.outcome, check.holds) == ("general", "rejected", False)


@pytest.mark.parametrize(
    ("n", "alpha", "probability"), [(5, 0.05, 0.5), (10, 0.05, 0.5), (30, 0.05, 0.5), (100, 0.05, 0.5)]
)
def test_the_detectable_error_is_where_the_power_reaches_its_probability(
    n: int, alpha: float, probability: float
) -> None:
    """At alpha 0.05 and probability 0.5 the far tail of the test matters: the detectable r must still give power
    exactly `probability` in the worse direction (`power` sums both chi-square tails)."""
    r = detectable(n, alpha=alpha, probability=probability)
    powers = [power(n, r, alpha=alpha)] + ([power(n, -r, alpha=alpha)] if r < 1 else [])
    assert min(powers) == pytest.approx(probability, abs=1e-9), powers


def test_general_bounds_over_an_array_of_kurtoses_match_the_scalar_bounds() -> None:
    """With exp=np.exp the bounds take an array of kurtoses (the benchmarks' vectorised path): each entry is the
    scalar bound, to the rounding of numpy's exp against mpmath's (a few ulps)."""
    kurtoses = np.array([1.8, 3.0, 9.0])
    lows, highs = general_bounds(1000, kurtoses, 1e-6, exp=np.exp)
    for k, low, high in zip(kurtoses, lows, highs, strict=True):
        scalar_low, scalar_high = general_bounds(1000, float(k), 1e-6)
        assert low == scalar_low
        assert high == pytest.approx(float(scalar_high), rel=1e-15)
