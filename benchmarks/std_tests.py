"""Compare tests of "std(w) = s0": false-alarm rate and power at equal N (docs/variance.md).

Run: python benchmarks/std_tests.py [--sims K]
- symproof: exact chi-square interval, alpha = 1e-9 (analytic);
- PyTorch's test_init.py: Kolmogorov-Smirnov against N(0, s0^2), pass if p > 1e-4 (false alarm 1e-4; power
  simulated);
- Keras: pass if |std - s0| <= 0.1 (analytic through the chi-square law of the sample variance);
- TensorFlow: pass if |var - s0^2| <= s0^2, i.e. var in [0, 2 s0^2] (analytic; an all-zero tensor passes).
"""

from __future__ import annotations

import argparse

import numpy as np
from scipy import stats

from symproof.stats.std import power as chi2_power


def _var_pass(n: int, true_std: float, low: float, high: float) -> float:
    """Return P(low <= S^2 <= high) when S^2 = true_std^2 chi2_{n-1} / (n - 1)."""
    if true_std == 0.0:
        return float(low <= 0.0 <= high)
    scale = true_std**2 / (n - 1)
    return float(stats.chi2.cdf(high / scale, n - 1) - stats.chi2.cdf(max(low, 0.0) / scale, n - 1))


def keras_reject(n: int, s0: float, r: float) -> float:
    low, high = max(s0 - 0.1, 0.0) ** 2, (s0 + 0.1) ** 2
    return 1.0 - _var_pass(n, s0 * (1 + r), low, high)


def tf_reject(n: int, s0: float, r: float) -> float:
    return 1.0 - _var_pass(n, s0 * (1 + r), 0.0, 2 * s0**2)


def ks_reject(n: int, s0: float, r: float, sims: int, rng: np.random.Generator) -> float:
    if r == -1.0:
        return float(stats.kstest(np.zeros(n), "norm", args=(0, s0)).pvalue <= 1e-4)
    hits = sum(stats.kstest(rng.normal(0, s0 * (1 + r), n), "norm", args=(0, s0)).pvalue <= 1e-4 for _ in range(sims))
    return hits / sims


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sims", type=int, default=400)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    errors = [0.0, -0.05, 0.05, 0.2, -1.0]
    print(
        f"rejection probability; r = relative std error (r = 0: false alarm; r = -1: an all-zero tensor); KS by "
        f"{args.sims} simulations"
    )
    for s0 in (1.0, 1 / np.sqrt(1000)):
        for n in (1000, 107_448):
            print(f"\ns0 = {s0:.4g}, N = {n}")
            print("| method | " + " | ".join(f"r = {r:+g}" for r in errors) + " |")
            print("|---|" + "---|" * len(errors))
            rows = {
                "symproof chi-square, alpha 1e-9": [chi2_power(n, r) if r > -1 else 1.0 for r in errors],
                "PyTorch KS, p > 1e-4": [ks_reject(n, s0, r, args.sims, rng) for r in errors],
                "Keras, atol 0.1 on std": [keras_reject(n, s0, r) for r in errors],
                "TensorFlow, tol = target var": [tf_reject(n, s0, r) for r in errors],
            }
            for name, values in rows.items():
                print(f"| {name} | " + " | ".join(f"{v:.3g}" for v in values) + " |")


if __name__ == "__main__":
    main()
