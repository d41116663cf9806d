"""The exact law of z against SymPy and sampling; the saturation measures against sampling."""

from __future__ import annotations

import inspect
import math

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special
from sympy import stats as sstats

from symproof.engine.inits import SCHEMES, scheme_std
from symproof.stats.std import check_std, samples_for
from symproof.stats.variance import (
    UNIFORM_SCHEMES,
    preactivation_std,
    sample_preactivations,
    saturation,
    slope_threshold,
)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_law_matches_sympy_stats(n: int) -> None:
    xs = sympy.symbols(f"x0:{n}", real=True)
    sw, sb = sympy.symbols("s_w s_b", positive=True)
    ws = [sstats.Normal(f"w{j}", 0, sw) for j in range(n)]
    z = sum(w * x for w, x in zip(ws, xs)) + sstats.Normal("b", 0, sb)
    law = sw**2 * sum(x**2 for x in xs) + sb**2
    assert sympy.simplify(sstats.variance(z) - law) == 0
    values = dict(zip(xs, [0.5, -2.0, 3.0][:n])) | {sw: 0.7, sb: 0.3}
    expected = math.sqrt(float(law.subs(values)))
    assert preactivation_std([0.5, -2.0, 3.0][:n], weight_std=0.7, bias_std=0.3) == pytest.approx(expected, rel=1e-15)


def test_the_seed_numbers() -> None:
    x = np.r_[np.ones(500), np.zeros(500)]
    assert preactivation_std(x, weight_std=1.0, bias_std=1.0) == math.sqrt(501)
    assert preactivation_std(x, weight_std=1 / math.sqrt(1000), bias_std=1.0) == pytest.approx(math.sqrt(1.5))
    assert preactivation_std(x, weight_std=1 / math.sqrt(1000)) == pytest.approx(math.sqrt(0.5))


@settings(max_examples=30)
@given(
    n_in=st.integers(1, 60),
    seed=st.integers(0, 2**32 - 1),
    bias=st.sampled_from([0.0, 0.5, 1.0]),
    scheme=st.sampled_from([*SCHEMES, *UNIFORM_SCHEMES]),
)
def test_law_matches_sampling_and_detects_the_wrong_scale(n_in: int, seed: int, bias: float, scheme: str) -> None:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n_in) * (rng.random(n_in) < 0.7)
    x[0] = 1.0
    if scheme in SCHEMES:
        std, half = scheme_std(scheme, n_in, 10), None
    else:
        half = UNIFORM_SCHEMES[scheme](n_in, 10)
        std = half / math.sqrt(3)  # U(-a, a) has variance a^2 / 3
    draws = samples_for(0.05)
    z = sample_preactivations(x, draws=draws, rng=rng, weight_std=std, bias_std=bias, uniform_half_width=half)
    law = preactivation_std(x, weight_std=std, bias_std=bias)
    assert check_std(z, law)
    wrong = preactivation_std(x, weight_std=std / math.sqrt(n_in), bias_std=bias)  # 1/n_in where 1/sqrt(n_in) is true
    if abs(wrong / law - 1) > 0.1:  # power there exceeds 1 - 1e-9 at this N (checked in test_stats)
        assert not check_std(z, wrong)


@pytest.mark.parametrize(("mu", "s"), [(0.0, math.sqrt(501)), (0.0, math.sqrt(1.5)), (2.0, 0.5), (7.9, 0.2)])
def test_saturation_matches_sampling(mu: float, s: float) -> None:
    sat = saturation(mu, s, eps=0.01, t=4.0)
    z = np.random.default_rng(0).normal(mu, s, 400_000)
    slope = special.expit(z) * (1 - special.expit(z))
    # Standard errors of means of bounded quantities over 4e5 draws are below 1e-3; 6 of them is alpha ~ 2e-9.
    assert sat.mean_slope == pytest.approx(slope.mean(), abs=6 * slope.std() / math.sqrt(z.size) + 1e-12)
    p = np.mean(slope < 0.01)
    assert sat.p_slope_below == pytest.approx(p, abs=6 * math.sqrt(p * (1 - p) / z.size) + 1e-5)
    q = np.mean(np.abs(z) > 4.0)
    assert sat.p_abs_above == pytest.approx(q, abs=6 * math.sqrt(q * (1 - q) / z.size) + 1e-5)


def test_slope_threshold_inverts_sigma_prime() -> None:
    for eps in (1e-6, 0.01, 0.2):
        t = slope_threshold(eps)
        assert special.expit(t) * (1 - special.expit(t)) == pytest.approx(eps, rel=1e-12)
    with pytest.raises(ValueError, match="eps must be below"):
        slope_threshold(0.25)


def test_sampling_is_chunked_and_reproducible() -> None:
    x = np.ones(100_000)
    a = sample_preactivations(x, draws=50, rng=np.random.default_rng(1), chunk_elements=10**6)
    b = sample_preactivations(x, draws=50, rng=np.random.default_rng(1), chunk_elements=10**6)
    assert np.array_equal(a, b)
    assert a.shape == (50,)


@pytest.mark.parametrize("half", [None, 0.5])
def test_sampler_weights_have_mean_zero(half: float | None) -> None:
    # With x = e_1 and no bias, z is one weight: N(0, 0.7^2), or U(-a, a) with std a / sqrt(3). Its mean is within
    # 6 standard errors of 0 (a false failure: 2e-9); U(a, 3a) (the mutant w += a) would sit 2 sqrt(3 N) = 490 away.
    n = 20_000
    z = sample_preactivations([1.0], draws=n, rng=np.random.default_rng(7), weight_std=0.7, uniform_half_width=half)
    std = 0.7 if half is None else half / math.sqrt(3)
    assert abs(float(z.mean())) <= 6 * std / math.sqrt(n)
    assert check_std(z, std)
    if half is not None:
        assert -half <= z.min() and z.max() <= half
    # Several inputs: E z = 0 whatever x.
    x = np.array([1.0, -2.0, 0.5, 3.0])
    z = sample_preactivations(x, draws=n, rng=np.random.default_rng(8), weight_std=0.7, uniform_half_width=half)
    assert abs(float(z.mean())) <= 6 * preactivation_std(x, weight_std=std) / math.sqrt(n)


def test_sampler_defaults_are_the_documented_ones() -> None:
    params = inspect.signature(sample_preactivations).parameters
    assert params["weight_std"].default == 1.0 and params["bias_std"].default == 0.0
    assert params["uniform_half_width"].default is None
    doc = sample_preactivations.__doc__ or ""
    assert "weight_std defaults to 1.0" in doc and "bias_std defaults to 0.0 (no bias)" in doc
    # Behaviour: no bias by default (x = 0 gives z = 0 exactly), N(0, 1) weights by default.
    assert not sample_preactivations(np.zeros(3), draws=100, rng=np.random.default_rng(0)).any()
    z = sample_preactivations([1.0], draws=20_000, rng=np.random.default_rng(1))
    assert check_std(z, 1.0)
    assert not check_std(z, 1.1) and not check_std(z, 0.9)  # 10% off: missed with probability < 1e-15


def test_sampler_sums_without_blas() -> None:
    # w . x is np.sum over the row; the result equals an exact (math.fsum) dot product to rounding.
    x = np.random.default_rng(3).standard_normal(300)
    z = sample_preactivations(x, draws=5, rng=np.random.default_rng(4))
    w = np.random.default_rng(4).standard_normal((5, 300))
    assert np.allclose(z, [math.fsum(row * x) for row in w], rtol=1e-12, atol=1e-12)


def test_uniform_half_widths_give_the_textbook_variances() -> None:
    """U(-a, a) has variance a^2 / 3: nn.Linear's default gives 1 / (3 n_in), He uniform 2 / n_in (He et al. 2015),
    Glorot uniform 2 / (n_in + n_out) (Glorot and Bengio 2010)."""
    n_in, n_out = 100, 300
    variances = {name: half(n_in, n_out) ** 2 / 3 for name, half in UNIFORM_SCHEMES.items()}
    assert variances == pytest.approx(
        {"U(-1/sqrt(n_in),1/sqrt(n_in))": 1 / 300, "he_uniform": 2 / 100, "xavier_uniform": 2 / 400}, rel=1e-15
    )


def test_saturation_defaults_are_the_documented_thresholds() -> None:
    """eps 0.01 and t 4: for z ~ N(0, 1), P(|z| > 4) = erfc(4 / sqrt 2) = 6.334e-5."""
    found = saturation(0.0, 1.0)
    assert (found.eps, found.t) == (0.01, 4.0)
    assert found.p_abs_above == pytest.approx(special.erfc(4 / math.sqrt(2)), rel=1e-12)


@pytest.mark.parametrize("name", ["weight_std", "bias_std"])
def test_a_negative_std_is_refused(name: str) -> None:
    """A negative std would draw the same law (the laws are symmetric) and hide a sign error: it is refused."""
    with pytest.raises(ValueError, match=f"{name} must be non-negative; got -1.0"):
        sample_preactivations([1.0, 0.0], draws=4, rng=np.random.default_rng(0), **{name: -1.0})  # type: ignore[arg-type]


def test_inputs_of_zero_draw_no_weights_and_leave_the_law() -> None:
    x = np.r_[np.ones(3), np.zeros(997)]
    a = sample_preactivations(x, draws=20_000, rng=np.random.default_rng(4), weight_std=0.5, bias_std=0.0)
    b = sample_preactivations(x[:3], draws=20_000, rng=np.random.default_rng(4), weight_std=0.5, bias_std=0.0)
    assert np.array_equal(a, b)  # the zeros draw nothing: the same stream as the three nonzero inputs alone
    only_bias = sample_preactivations(np.zeros(5), draws=4, rng=np.random.default_rng(4), bias_std=2.0)
    assert np.array_equal(only_bias, 2.0 * np.random.default_rng(4).standard_normal(4))
