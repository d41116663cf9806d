"""The chi-square std test: its false-alarm rate and power formulas against simulation, and its N."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from symproof.stats import ALPHA, check_std, detectable, power, samples_for


def test_false_alarm_rate_matches_alpha_in_simulation() -> None:
    rng = np.random.default_rng(0)
    trials, alpha = 4000, 0.05
    alarms = sum(not check_std(rng.normal(0.3, 2.0, 50), 2.0, alpha=alpha) for _ in range(trials))
    # Binomial(4000, 0.05): mean 200, sd 13.8; 6 sd either side (a false failure of this test: ~2e-9).
    assert abs(alarms - trials * alpha) < 6 * math.sqrt(trials * alpha * (1 - alpha))


def test_power_formula_matches_simulation() -> None:
    rng = np.random.default_rng(1)
    trials, alpha, r = 4000, 0.01, 0.2
    hits = sum(not check_std(rng.normal(0.0, 1.0 + r, 100), 1.0, alpha=alpha) for _ in range(trials))
    p = power(100, r, alpha=alpha)
    assert abs(hits / trials - p) < 6 * math.sqrt(p * (1 - p) / trials)


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


def test_interval_is_exact_chi_square() -> None:
    z = np.random.default_rng(2).normal(0, 3.0, 1000)
    check = check_std(z, 3.0)
    ss = float(np.sum((z - z.mean()) ** 2))
    assert check.low == pytest.approx(math.sqrt(ss / stats.chi2.isf(ALPHA / 2, 999)), rel=1e-12)
    assert check.high == pytest.approx(math.sqrt(ss / stats.chi2.ppf(ALPHA / 2, 999)), rel=1e-12)
    assert check.measured == pytest.approx(float(np.std(z, ddof=1)), rel=1e-12)


def test_an_all_zero_tensor_fails() -> None:
    assert not check_std(np.zeros(1000), 1.0)


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: power(1, 0.1), "n must be an integer >= 2"),
        (lambda: power(10, 0.1, alpha=1.5), "alpha must be in"),
        (lambda: check_std([1.0, float("nan")], 1.0), "samples must be finite"),
        (lambda: samples_for(-0.1), "r must be positive"),
    ],
)
def test_bad_input(call: object, fragment: str) -> None:
    with pytest.raises((ValueError, TypeError), match=fragment):
        call()  # type: ignore[operator]
