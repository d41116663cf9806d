"""Symbolic proofs for seed 004: its Gaussian density, its output-layer gradient formula, and the variance law.

- `gaussian_pdf`: the seed writes the normal density as 1/(sqrt(2 pi) s) exp(-(x - mu)^2 / s^2). SymPy integrates it
  over the real line (symbolic mu real, s > 0); a density must be nonnegative and integrate to 1. With 2 s^2 in
  the exponent (the condition) it does.
- `output_gradient_formula`: the seed writes dC/dw^L = (a^L - y) sigma'(z) for the quadratic cost of one output
  neuron. SymPy differentiates C = (a - y)^2 / 2 with a = sigma(z), z = sum_j w_j a^(L-1)_j + b, for an undefined
  sigma, and compares; a concrete case (sigmoid) shows the size of the difference.
- `variance_law`: Var(z) = s_w^2 sum_j x_j^2 + s_b^2 for z = sum_j w_j x_j + b. For a symbolic number n of inputs
  (`variance_for_every_n`): E[z^2] and E[z]^2 written out by linearity of expectation as SymPy Sums over j = 1..n,
  with the moments that independence and the variances give (E[w_j w_k] = mu_w^2 + s_w^2 delta_jk,
  E[w_j b] = mu_w mu_b, E[b^2] = mu_b^2 + s_b^2), the Kronecker delta summed out; the means cancel, so the law
  needs no zero means. Cross-check: sympy.stats random variables (normal and uniform weights of variance s_w^2, a
  normal bias) for n = 1..max_n.

Non-goals: the sampling claims of seed 004 (symproof.claims.seed004 decides them with exact intervals).
"""

from __future__ import annotations

import time
from typing import Any

import sympy as sp
from sympy import stats

from symproof.symbolic.network import SIGMA, as_sigma_prime
from symproof.symbolic.structure import Prover
from symproof.symbolic.sums import UnprovenGuard, canonical, collapse, same
from symproof.symbolic.tape import Tape
from symproof.verdict.proof import Proof

__all__ = ["gaussian_pdf", "output_gradient_formula", "variance_for_every_n", "variance_law"]


def gaussian_pdf(*, seed_exponent: bool = True) -> Proof:
    """Return whether 1/(sqrt(2 pi) s) exp(-(x - mu)^2 / (k s^2)) is a density: k = 1 (the seed's) or k = 2."""
    start = time.perf_counter()
    x, mu = sp.symbols("x mu", real=True)
    s = sp.Symbol("s", positive=True)
    k = 1 if seed_exponent else 2
    f = 1 / (sp.sqrt(2 * sp.pi) * s) * sp.exp(-((x - mu) ** 2) / (k * s**2))
    integral = sp.simplify(sp.integrate(f, (x, -sp.oo, sp.oo)))
    nonnegative = bool(f.is_nonnegative)
    holds = nonnegative and integral == 1
    which = "the seed's exponent -(x - mu)^2 / s^2" if seed_exponent else "the exponent -(x - mu)^2 / (2 s^2)"
    scope = (
        f"For f(x) = 1/(sqrt(2 pi) s) exp(...) with {which}, symbolic real mu and s > 0, SymPy's integral of f over "
        "the real line and the sign of f decide whether f is a probability density."
    )
    evidence: dict[str, Any] = {
        "f": str(f),
        "integral": str(integral),
        "integral_value": float(integral),
        "nonnegative": nonnegative,
    }
    if seed_exponent:
        evidence["reading"] = "the seed's f is 1/sqrt(2) times the density of N(mu, s^2/2)"
    return Proof(holds, scope, evidence, time.perf_counter() - start)


def output_gradient_formula(*, read_as_bias: bool = False, n: int = 3) -> Proof:
    """Return the comparison of the seed's (a - y) sigma'(z) with SymPy's dC/dw_j (or dC/db, `read_as_bias`)."""
    start = time.perf_counter()
    w = sp.symbols(f"w1:{n + 1}", real=True)
    a_prev = sp.symbols(f"a1:{n + 1}", real=True)
    b, y, u = sp.symbols("b y u", real=True)
    z = sum((wj * aj for wj, aj in zip(w, a_prev)), b)
    cost = (SIGMA(z) - y) ** 2 / 2
    seed = (SIGMA(z) - y) * sp.Derivative(SIGMA(u), u).subs(u, z)
    by_weight = [sp.diff(cost, wj) for wj in w]
    by_bias = sp.diff(cost, b)
    weights_equal = [_simplifies_to_zero(g - seed) for g in by_weight]
    ratios = [sp.simplify(g / seed) for g in by_weight]
    bias_equal = sp.simplify(by_bias - seed) == 0
    unit_input = [sp.simplify(g.subs(aj, 1) - seed.subs(aj, 1)) == 0 for g, aj in zip(by_weight, a_prev)]
    # A concrete case: sigmoid, every weight and the bias 0 (so z = 0, sigma'(0) = 1/4), a^(L-1)_1 = 1/2, y = 0.
    point = {b: 0, y: 0, **dict.fromkeys(w, 0), **dict.fromkeys(a_prev, sp.Rational(1, 2))}
    sigmoid = sp.Lambda(u, 1 / (1 + sp.exp(-u)))
    concrete = [sp.nsimplify(e.subs(SIGMA, sigmoid).doit().subs(point)) for e in (by_weight[0], seed)]
    evidence: dict[str, Any] = {
        "sympy_dC_dw_j": str(as_sigma_prime(by_weight[0])),
        "sympy_dC_db": str(as_sigma_prime(by_bias)),
        "seed": str(as_sigma_prime(seed)),
        "ratio_sympy_over_seed": [str(r) for r in ratios],
        "weight_gradient_equals_seed": weights_equal,
        "bias_gradient_equals_seed": bool(bias_equal),
        "equal_when_input_is_1": unit_input,
        "concrete_case": {
            "setting": "sigmoid, w = 0, b = 0, a^(L-1) = 1/2, y = 0",
            "sympy": str(concrete[0]),
            "seed": str(concrete[1]),
        },
    }
    if read_as_bias:
        holds = bool(bias_equal) and all(unit_input)
        scope = (
            f"For one output neuron with {n} symbolic inputs a^(L-1)_j, symbolic weights, bias and "
            "target, an undefined differentiable sigma and the quadratic cost (a - y)^2/2, SymPy's derivative proves "
            "the seed's (a - y) sigma'(z) equal to dC/db, and to dC/dw_j when a^(L-1)_j = 1."
        )
    else:
        holds = all(weights_equal)
        scope = (
            f"For one output neuron with {n} symbolic inputs a^(L-1)_j, symbolic weights, bias and target, an "
            "undefined differentiable sigma and the quadratic cost (a - y)^2/2, SymPy's derivative dC/dw_j is compared "
            "with the seed's (a - y) sigma'(z)."
        )
    return Proof(holds, scope, evidence, time.perf_counter() - start)


def _simplifies_to_zero(expr: sp.Expr) -> bool:
    """Return whether simplify(expr) == 0, without simplify when a witness settles it: where `expr` is nonzero at a
    point (the sigmoid for sigma, 50-digit intervals that exclude 0), it is not identically 0 and no simplification
    of it is 0 (an identity for every sigma holds for the sigmoid)."""
    if 0 not in Prover(Tape()).value(as_sigma_prime(expr)):
        return False
    return bool(sp.simplify(expr) == 0)


def variance_for_every_n(*, correlated: bool = False) -> dict[str, Any]:
    """Return Var(sum_{j=1}^n w_j x_j + b) for symbolic n, derived from the moments of independent w_j, b with
    symbolic means, and whether it equals s_w^2 sum_j x_j^2 + s_b^2 (`correlated`: Cov(w_j, w_k) = rho for j != k,
    which breaks the law)."""
    n = sp.Symbol("n", integer=True, positive=True)
    j, k = sp.Symbol("j", integer=True, positive=True), sp.Symbol("k", integer=True, positive=True)
    x = sp.IndexedBase("x", real=True)
    sw, sb = sp.symbols("s_w s_b", positive=True)
    mw, mb = sp.symbols("mu_w mu_b", real=True)
    # Hypotheses: E[w_j] = mu_w, Var(w_j) = s_w^2, E[b] = mu_b, Var(b) = s_b^2, all independent, so
    # E[w_j w_k] = E[w_j] E[w_k] for j != k and E[w_j^2] = s_w^2 + mu_w^2, and E[w_j b] = mu_w mu_b.
    second = mw**2 + sw**2 * sp.KroneckerDelta(j, k)
    if correlated:
        second += sp.Symbol("rho", positive=True) * (1 - sp.KroneckerDelta(j, k))
    square = sp.Sum(x[j] * x[k] * second, (k, 1, n), (j, 1, n)) + 2 * sp.Sum(x[j] * mw * mb, (j, 1, n))
    square += sb**2 + mb**2
    mean = sp.Sum(mw * x[j], (j, 1, n)) + mb
    mean_squared = mean * mean.xreplace({j: k})
    law = sw**2 * sp.Sum(x[j] ** 2, (j, 1, n)) + sb**2
    try:
        variance = canonical(sp.expand(collapse(sp.expand(square - mean_squared))))
    except UnprovenGuard as error:
        return {"variance": str(error), "holds": False}
    return {"variance": str(variance), "law": str(law), "holds": same(variance, law)}


def variance_law(*, max_n: int = 3) -> Proof:
    """Return the proof of Var(sum_j w_j x_j + b) = s_w^2 sum_j x_j^2 + s_b^2: for symbolic n from the moments, and
    with sympy.stats for n = 1..max_n (normal and uniform weights)."""
    start = time.perf_counter()
    every_n = variance_for_every_n()
    sw, sb = sp.symbols("s_w s_b", positive=True)
    half = sp.sqrt(3) * sw  # U(-h, h) has variance h^2 / 3 = s_w^2

    def weight(kind: str, name: str) -> Any:
        return stats.Normal(name, 0, sw) if kind == "normal" else stats.Uniform(name, -half, half)

    kinds = ("normal", "uniform")
    variances = {kind: sp.simplify(stats.variance(weight(kind, "v"))) for kind in kinds}
    bias_variance = sp.simplify(stats.variance(stats.Normal("b", 0, sb)))  # the same bias for every case
    results: list[dict[str, Any]] = []
    for kind in kinds:
        for n in range(1, max_n + 1):
            x = sp.symbols(f"x1:{n + 1}", real=True)
            ws = [weight(kind, f"w{j}") for j in range(1, n + 1)]
            bias = stats.Normal("b", 0, sb)
            expanded = stats.Variance(sum((wj * xj for wj, xj in zip(ws, x)), bias)).expand()
            covariances = expanded.atoms(stats.Covariance)
            independent = all(stats.independent(*c.args) for c in covariances)
            values = {c: sp.Integer(0) for c in covariances if stats.independent(*c.args)}
            values.update({stats.Variance(wj): variances[kind] for wj in ws})
            values[stats.Variance(bias)] = bias_variance
            var = sp.expand(expanded.xreplace(values))
            law = sw**2 * sum(xj**2 for xj in x) + sb**2
            results.append(
                {
                    "weights": kind,
                    "n": n,
                    "variance": str(var),
                    "independent_pairs": len(covariances),
                    "holds": bool(independent and sp.simplify(var - law) == 0),
                }
            )
    scope = (
        "For z = sum_{j=1}^n w_j x_j + b with a symbolic number n >= 1 of symbolic real inputs x_j, assuming (as "
        "hypotheses, not derived) that w_1..w_n and b are independent with Var(w_j) = s_w^2 and Var(b) = s_b^2, "
        "E[z^2] - E[z]^2 written out by linearity of expectation as SymPy Sums over j, k = 1..n with "
        "E[w_j w_k] = mu_w^2 + s_w^2 delta_jk and E[w_j b] = mu_w mu_b (the Kronecker delta summed out) equals "
        "s_w^2 sum_j x_j^2 + s_b^2 for any means mu_w, mu_b, so the claim's zero means are not needed and the "
        "distributions enter only through their variances; sympy.stats (linearity of the variance, independence of "
        f"every pair, the variance of each distribution) confirms the law for n = 1..{max_n} with weights all "
        "N(0, s_w^2) or all U(-sqrt(3) s_w, sqrt(3) s_w) and an independent N(0, s_b^2) bias."
    )
    evidence = {
        "every_n": every_n,
        "cases": results,
        "distribution_variances": {k: str(v) for k, v in variances.items()},
    }
    holds = bool(every_n["holds"]) and all(r["holds"] for r in results)
    return Proof(holds, scope, evidence, time.perf_counter() - start)
