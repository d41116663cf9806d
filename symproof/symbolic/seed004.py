"""Symbolic proofs for seed 004: its Gaussian density, its output-layer gradient formula, and the variance law.

- `gaussian_pdf`: the seed writes the normal density as 1/(sqrt(2 pi) s) exp(-(x - mu)^2 / s^2). SymPy integrates it
  over the real line (symbolic mu real, s > 0); a density must be nonnegative and integrate to 1. With 2 s^2 in
  the exponent (the condition) it does.
- `output_gradient_formula`: the seed writes dC/dw^L = (a^L - y) sigma'(z) for the quadratic cost of one output
  neuron. SymPy differentiates C = (a - y)^2 / 2 with a = sigma(z), z = sum_j w_j a^(L-1)_j + b, for an undefined
  sigma, and compares; a concrete case (sigmoid) shows the size of the difference.
- `variance_law`: Var(z) = s_w^2 sum_j x_j^2 + s_b^2 for z = sum_j w_j x_j + b, with sympy.stats random variables
  (normal and uniform weights of variance s_w^2, a normal bias) and symbolic x, for n = 1..max_n inputs.

Non-goals: the sampling claims of seed 004 (symproof.claims.seed004 decides them with exact intervals).
"""

from __future__ import annotations

import time
from typing import Any

import sympy as sp
from sympy import stats

from symproof.proof import Proof
from symproof.symbolic.network import SIGMA, as_sigma_prime

__all__ = ["gaussian_pdf", "output_gradient_formula", "variance_law"]


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
    weights_equal = [sp.simplify(g - seed) == 0 for g in by_weight]
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


def variance_law(*, max_n: int = 3) -> Proof:
    """Return the sympy.stats proof of Var(sum_j w_j x_j + b) = s_w^2 sum_j x_j^2 + s_b^2 for n = 1..max_n."""
    start = time.perf_counter()
    sw, sb = sp.symbols("s_w s_b", positive=True)
    half = sp.sqrt(3) * sw  # U(-h, h) has variance h^2 / 3 = s_w^2

    def weight(kind: str, name: str) -> Any:
        return stats.Normal(name, 0, sw) if kind == "normal" else stats.Uniform(name, -half, half)

    kinds = ("normal", "uniform")
    variances = {kind: sp.simplify(stats.variance(weight(kind, "v"))) for kind in kinds}
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
            values[stats.Variance(bias)] = sp.simplify(stats.variance(bias))
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
        f"For n = 1..{max_n} symbolic real inputs x_j, independent weights w_j that are all N(0, s_w^2) or all "
        "U(-sqrt(3) s_w, sqrt(3) s_w), and an independent N(0, s_b^2) bias, sympy.stats (linearity of the variance, "
        "independence of every pair, the variance of each distribution) proves Var(z) = s_w^2 sum_j x_j^2 + s_b^2."
    )
    evidence = {"cases": results, "distribution_variances": {k: str(v) for k, v in variances.items()}}
    return Proof(all(r["holds"] for r in results), scope, evidence, time.perf_counter() - start)
