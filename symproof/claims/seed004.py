"""The claims of seed 004 (N(0,1) weights saturate sigmoid neurons; N(0, 1/n_in) weights fix it).

The seed's setting: one neuron fed 1000 inputs, half 1 and half 0, with weights and bias drawn at initialisation.
Each claim is decided by the exact law (symproof.stats.variance) and by sampling with the std check of
symproof.stats.std at alpha = 1e-9 (the exact chi-square interval: every z here is normal or lighter-tailed; its
kurtosis is checked), with N chosen to detect a 2% error in the std with probability 0.999. Every number is
machine-independent: dot products are np.sum over a contiguous axis (not BLAS), the sigmoid is
symproof.engine.activations', and cut-offs come from mpmath.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from symproof.engine.activations import ACTIVATIONS
from symproof.stats.std import ALPHA, check_std, normal_isf, samples_for
from symproof.stats.variance import preactivation_std, sample_preactivations, saturation
from symproof.symbolic.ref import ProofRef
from symproof.verdict.claim import Claim, Condition
from symproof.verdict.measured import Measure, Measurement
from symproof.verdict.proof import Prove

N_IN = 1000
X = np.r_[np.ones(N_IN // 2), np.zeros(N_IN // 2)]


@functools.cache
def draws_for(relative_error: float, budget: float = 1.0) -> int:
    """Return the draws per std check: the smallest N that detects `relative_error` with probability 0.999, at the
    default effort; an effort's `budget` scales N by it, and so the detectable error by 1 / sqrt(budget)."""
    return samples_for(relative_error / budget**0.5)


# Each std check detects a 2% error in the std (5% for the many settings of the general law).
STD_ERROR, LAW_STD_ERROR = 0.02, 0.05
# The seed's code divides the biases by y, the width of the layer; Nielsen's example network is [784, 30, 10].
N_OUT = 30
SIGMOID = ACTIVATIONS["sigmoid"]


def _std_evidence(z: np.ndarray, claimed: float, law: float) -> Measurement:
    check = check_std(z, claimed)
    return Measurement(
        check.holds,
        {
            "claimed_std": claimed,
            "exact_std": law,
            "measured_std": check.measured,
            "interval": [check.low, check.high],
            "alpha": check.alpha,
            "draws": check.n,
            "detectable_relative_error": check.detectable,
            "method": check.method,
            "kurtosis": check.kurtosis,
        },
    )


def _naive(rng: np.random.Generator, conditioned: bool, budget: float = 1.0) -> Measurement:
    law = preactivation_std(X, weight_std=1.0, bias_std=1.0)
    z = sample_preactivations(X, draws=draws_for(STD_ERROR, budget), rng=rng, weight_std=1.0, bias_std=1.0)
    measured = _std_evidence(z, math.sqrt(501), law)
    return Measurement(measured.holds and law == math.sqrt(501), measured.evidence)


def _scaled(rng: np.random.Generator, conditioned: bool, budget: float = 1.0) -> Measurement:
    bias = 0.0 if conditioned else 1.0
    law = preactivation_std(X, weight_std=1 / math.sqrt(N_IN), bias_std=bias)
    draws = draws_for(STD_ERROR, budget)
    z = sample_preactivations(X, draws=draws, rng=rng, weight_std=1 / math.sqrt(N_IN), bias_std=bias)
    measured = _std_evidence(z, math.sqrt(500 / 1000), law)
    measured.evidence["bias_std"] = bias
    return measured


def _two_sample_greater(a: np.ndarray, b: np.ndarray) -> tuple[bool, float, float]:
    """Return whether mean(a) > mean(b) at one-sided level ALPHA (normal approximation), the z-score, and its cut."""
    diff = float(a.mean() - b.mean())
    se = math.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
    cut = normal_isf(ALPHA)
    return diff / se > cut, diff / se, cut


def _saturation_slows(rng: np.random.Generator, conditioned: bool, budget: float = 1.0) -> Measurement:
    inits = {"N(0,1)": 1.0, "N(0,1/n_in)": 1 / math.sqrt(N_IN)}
    evidence: dict[str, object] = {}
    slopes, grads, gains = {}, {}, {}
    for name, sw in inits.items():
        s = preactivation_std(X, weight_std=sw, bias_std=1.0)
        sat = saturation(0.0, s)
        z = sample_preactivations(X, draws=round(20_000 * budget), rng=rng, weight_std=sw, bias_std=1.0)
        y = rng.integers(0, 2, size=z.size).astype(float)
        a = SIGMOID.f(z)
        # Quadratic cost of one neuron: dC/dw_j = (a - y) sigma'(z) x_j, and x_1 = 1.
        grads[name] = np.abs((a - y) * SIGMOID.df(z))
        # Five steps of gradient descent (lr 0.1) on the neuron move z by -lr (a - y) sigma'(z) (|x|^2 + 1).
        zt = z.copy()
        for _ in range(5):
            zt = zt - 0.1 * (SIGMOID.f(zt) - y) * SIGMOID.df(zt) * (float(np.sum(X * X)) + 1.0)
        gains[name] = 0.5 * (a - y) ** 2 - 0.5 * (SIGMOID.f(zt) - y) ** 2
        slopes[name] = sat.mean_slope
        evidence[name] = {
            "std_z": s,
            "mean_sigma_prime": sat.mean_slope,
            "p_sigma_prime_below_0.01": sat.p_slope_below,
            "p_abs_z_above_4": sat.p_abs_above,
            "mean_abs_first_gradient": float(grads[name].mean()),
            "mean_loss_drop_after_5_steps": float(gains[name].mean()),
        }
    faster_grad = _two_sample_greater(grads["N(0,1/n_in)"], grads["N(0,1)"])
    faster_loss = _two_sample_greater(gains["N(0,1/n_in)"], gains["N(0,1)"])
    evidence["gradient_z_score"], evidence["loss_drop_z_score"] = faster_grad[1], faster_loss[1]
    evidence["one_sided_alpha"], evidence["z_cut"] = ALPHA, faster_grad[2]
    holds = slopes["N(0,1/n_in)"] > slopes["N(0,1)"] and faster_grad[0] and faster_loss[0]
    return Measurement(holds, evidence)


def _default_code(rng: np.random.Generator, conditioned: bool, budget: float = 1.0) -> Measurement:
    # The seed's own lines: weights np.random.rand(y, x) / np.sqrt(x), i.e. U(0, 1) / sqrt(n_in);
    # biases np.random.randn(y, 1) / y.
    rows = round(20_000 * budget)
    w = rng.random((rows, N_IN)) / math.sqrt(N_IN)
    z = np.concatenate([np.sum(w[i : i + 2048] * X, axis=1) for i in range(0, len(w), 2048)])
    z += rng.standard_normal(rows) / N_OUT
    mean_w, std_w = float(w.mean()), float(w.std())
    sat = saturation(float(z.mean()), float(z.std()))
    evidence = {
        "weight_mean": mean_w,
        "weight_std": std_w,
        "promised_weight_mean": 0.0,
        "promised_weight_std": 1 / math.sqrt(N_IN),
        "exact_weight_mean": 0.5 / math.sqrt(N_IN),
        "exact_weight_std": math.sqrt(1 / 12) / math.sqrt(N_IN),
        "z_mean": float(z.mean()),
        "z_std": float(z.std()),
        "mean_sigma_prime": sat.mean_slope,
        "p_sigma_prime_below_0.01": sat.p_slope_below,
    }
    se = std_w / math.sqrt(w.size)
    zero_mean = abs(mean_w) / se <= normal_isf(ALPHA / 2)
    return Measurement(bool(zero_mean and sat.p_slope_below < 0.01), evidence)


LAW_SETTINGS = 20


def _law(rng: np.random.Generator, conditioned: bool, budget: float = 1.0) -> Measurement:
    """Check Var(z) = s_w^2 sum x^2 + s_b^2 on random settings: widths, sparsity, values, bias, normal or uniform.

    Each setting also checks E z = 0 (|mean| / (S / sqrt N) within the two-sided 1e-9 normal cut), the premise of
    zero-mean weights: a sampler drawing U(a, 3a) keeps the variance and passes the std check, but not this one.
    """
    mean_cut = normal_isf(ALPHA / 2)
    draws = draws_for(LAW_STD_ERROR, budget)
    results = []
    for _ in range(LAW_SETTINGS):
        n_in = int(rng.integers(1, 200))
        x = rng.normal(0.0, rng.uniform(0.1, 3.0), n_in) * (rng.random(n_in) < rng.uniform(0.1, 1.0))
        x[rng.integers(n_in)] = 1.0  # at least one nonzero input
        bias = float(rng.choice([0.0, 0.1, 1.0]))
        uniform = bool(rng.random() < 0.5)
        a = math.sqrt(3.0 / n_in)  # U(-a, a) has variance a^2 / 3 = 1 / n_in, like N(0, 1/n_in)
        z = sample_preactivations(
            x,
            draws=draws,
            rng=rng,
            weight_std=1 / math.sqrt(n_in),
            bias_std=bias,
            uniform_half_width=a if uniform else None,
        )
        law = preactivation_std(x, weight_std=1 / math.sqrt(n_in), bias_std=bias)
        check = check_std(z, law)
        mean_z = float(z.mean()) / (check.measured / math.sqrt(z.size))
        results.append(
            {
                "n_in": n_in,
                "uniform": uniform,
                "bias_std": bias,
                "law": law,
                "measured": check.measured,
                "interval": [check.low, check.high],
                "method": check.method,
                "mean_z_score": mean_z,
                "holds": check.holds and abs(mean_z) <= mean_cut,
            }
        )
    return Measurement(
        all(r["holds"] for r in results),
        {
            "settings": results,
            "alpha_per_check": ALPHA,
            "mean_z_cut": mean_cut,
            "draws": draws,
            "total_alpha": 2 * LAW_SETTINGS * ALPHA,
        },
    )


CLAIMS = [
    Claim(
        "s004.naive-std",
        "With 1000 inputs, half ones and half zeros, and N(0,1) weights and bias, z has std sqrt(501) ~ 22.4.",
        "statistical",
        Measure(_naive, scales=True),
        figures=("z_pdf.png",),
    ),
    Claim(
        "s004.scaled-std",
        "On the same setting, with weights N(0, 1/n_in), the std of z is sqrt(500/1000) ~ 0.707.",
        "statistical",
        Measure(_scaled, scales=True),
        condition=Condition(
            "without a bias (with the N(0,1) bias of the setting the std is sqrt(3/2) ~ 1.22, as Nielsen says)"
        ),
        figures=("z_pdf.png",),
    ),
    Claim(
        "s004.saturation-slows-learning",
        "Large |z| makes sigma'(z) small, and so makes learning slower: N(0, 1/n_in) weights give larger slopes, "
        "larger first-step gradients and a larger loss drop after 5 steps than N(0, 1) weights.",
        "statistical",
        Measure(_saturation_slows, scales=True),
        figures=("sigmoid_slope.png",),
    ),
    Claim(
        "s004.default-init-code",
        "The seed's default_weight_init code (np.random.rand(y, x)/np.sqrt(x) weights, np.random.randn(y, 1)/y "
        "biases) gives zero-mean weights of std 1/sqrt(n_in), and so an unsaturated z.",
        "statistical",
        Measure(_default_code, scales=True),
        figures=("default_init_code.png",),
    ),
    Claim(
        "s004.variance-law",
        "For any input x and independent zero-mean weights of variance s_w^2 and bias of variance s_b^2, "
        "Var(z) = s_w^2 sum_j x_j^2 + s_b^2 (normal and uniform weights alike).",
        "statistical",
        Measure(_law, scales=True),
        proof=ProofRef("variance_law"),
        figures=("std_power.png",),
    ),
]

# Decided by SymPy alone (each claim holds references to its proofs in symproof.symbolic.proofs).
SYMBOLIC = [
    Claim(
        "s004.gaussian-pdf",
        "The normal density is f(x) = 1/(sqrt(2 pi) sigma) exp(-(x - mu)^2 / sigma^2): it integrates to 1.",
        "symbolic",
        Prove(
            ProofRef("gaussian_pdf", (("seed_exponent", True),)),
            ProofRef("gaussian_pdf", (("seed_exponent", False),)),
        ),
        figures=("gaussian_pdf.png",),
    ),
    Claim(
        "s004.output-gradient-formula",
        "For the quadratic cost of a sigmoid output neuron, dC/dw^L = (a^L - y) sigma'(z).",
        "symbolic",
        Prove(
            ProofRef("output_gradient_formula", (("read_as_bias", False),)),
            ProofRef("output_gradient_formula", (("read_as_bias", True),)),
        ),
        condition=Condition(
            "read as the bias gradient dC/db^L, or for an input a^{L-1} = 1 (the seed's single-input example)"
        ),
    ),
]
