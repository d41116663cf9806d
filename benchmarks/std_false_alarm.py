"""False-alarm rate and power of the std tests of symproof.stats.std on normal and heavy-tailed laws (docs/variance.md).

Run: python benchmarks/std_false_alarm.py [--reps R] [--n N ...] [--alphas A ...] [--laws NAME ...] [--seed S]

For each law the true std s0 is exact (no reference sample needed):
- normal N(0, 1), uniform U(-sqrt 3, sqrt 3), Laplace with scale 1/sqrt 2: std 1; Student-t(5): sqrt(5/3);
- a product of k independent N(0, 1): std 1, kurtosis 3^k;
- z_d, the pre-activation at layer d of a width-1 ReLU net with He weights N(0, 2 / n_in) = N(0, 2), input x = 1 and
  no bias: z_1 = w_1 and z_{d+1} = w_{d+1} relu(z_d). Each z_d is symmetric, so E relu(z_d)^2 = E z_d^2 / 2 and
  E z_{d+1}^2 = 2 E z_d^2 / 2 = E z_d^2 = 2 by exact recursion: s0 = sqrt 2 at every depth. Likewise E z^4 gains
  E w^4 / 2 = 6 per layer: kurtosis 3 * 6^(d-1) (18, 108, 648, 3888 at d = 2..5), and P(z_d = 0) = 1 - 2^(1-d).

Each repetition draws N samples; the per-sample moments (SS, b2, kappa_u) are computed vectorised with the library's own
`sample_moments`, and the decisions with its own cut-offs (chi-square quantiles, `general_bounds`, `kurtosis_cutoff`),
so the table measures the code that `check_std` runs; the first repetitions of each cell are also passed through
`check_std` itself and must agree. Power: the same samples scaled by (1 + r), so the true std is s0 (1 + r).
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from symproof.stats.std import (
    NORMALITY_ALPHA,
    StdMethod,
    check_std,
    chi2_quantiles,
    general_bounds,
    general_power,
    kurtosis_cutoff,
    power,
    sample_moments,
)

Array = NDArray[np.float64]
Sampler = Callable[[np.random.Generator, tuple[int, int]], Array]


def _product(k: int) -> Sampler:
    def draw(rng: np.random.Generator, shape: tuple[int, int]) -> Array:
        z = rng.standard_normal(shape)
        for _ in range(k - 1):
            z *= rng.standard_normal(shape)
        return z

    return draw


def _relu(depth: int) -> Sampler:
    def draw(rng: np.random.Generator, shape: tuple[int, int]) -> Array:
        z = math.sqrt(2.0) * rng.standard_normal(shape)  # z_1 = w_1 x with x = 1
        for _ in range(depth - 1):
            np.maximum(z, 0.0, out=z)
            z *= math.sqrt(2.0) * rng.standard_normal(shape)
        return z

    return draw


# name: (sampler, exact std, exact kurtosis)
LAWS: dict[str, tuple[Sampler, float, float]] = {
    "normal": (lambda rng, s: rng.standard_normal(s), 1.0, 3.0),
    "uniform": (lambda rng, s: rng.uniform(-math.sqrt(3.0), math.sqrt(3.0), s), 1.0, 1.8),
    "Laplace": (lambda rng, s: rng.laplace(0.0, 1 / math.sqrt(2.0), s), 1.0, 6.0),
    "Student-t(5)": (lambda rng, s: rng.standard_t(5, s), math.sqrt(5 / 3), 9.0),
    **{f"product of {k} normals": (_product(k), 1.0, 3.0**k) for k in (2, 3, 4)},
    **{f"ReLU width 1, depth {d}": (_relu(d), math.sqrt(2.0), 3.0 * 6.0 ** (d - 1)) for d in (2, 3, 4, 5)},
}
POWER_R = (-0.10, -0.05, 0.05, 0.10)
METHODS: tuple[StdMethod, ...] = ("chi2", "general", "auto")


def _decisions(ratio: Array, n: int, b2: Array, k_u: Array, alpha: float) -> dict[str, Array]:
    """Return, per repetition, whether each method rejects, given S^2 / s0^2 = ratio."""
    q_lo, q_hi = chi2_quantiles(n, alpha)
    chi2 = (ratio * (n - 1) < q_lo) | (ratio * (n - 1) > q_hi)
    lo, hi = general_bounds(n, k_u, alpha, exp=np.exp)
    general = (ratio < lo) | (ratio > hi)
    heavy = b2 > kurtosis_cutoff(n, NORMALITY_ALPHA)
    return {"chi2": chi2, "general": general, "auto": np.where(heavy, general, chi2), "fires": heavy}


def simulate(name: str, n: int, reps: int, alphas: list[float], rng: np.random.Generator) -> dict[str, float]:
    """Return the rejection rates of each method at each alpha (r = 0) and the power at POWER_R (alpha = alphas[-1])."""
    draw, s0, _ = LAWS[name]
    rows = max(1, 2**22 // n)
    ss_all: list[Array] = []
    b2_all: list[Array] = []
    k_all: list[Array] = []
    agree = 0
    for start in range(0, reps, rows):
        z = draw(rng, (min(rows, reps - start), n))
        ss, b2, k_u = sample_moments(z)
        if start == 0:  # the library's own check on the first repetitions must take the same decisions
            for i in range(min(20, z.shape[0])):
                for alpha in alphas:
                    vector = _decisions(np.array([ss[i] / (n - 1) / s0**2]), n, b2[i : i + 1], k_u[i : i + 1], alpha)
                    for method in METHODS:
                        check = check_std(z[i], s0, alpha=alpha, method=method)  # chi2: its interval, not the verdict
                        alarm = not check.low <= s0 <= check.high if method == "chi2" else not check
                        assert alarm == bool(vector[method][0]), (name, n, method, i)
                        agree += 1
        ss_all.append(ss)
        b2_all.append(b2)
        k_all.append(k_u)
    ss, b2, k_u = np.concatenate(ss_all), np.concatenate(b2_all), np.concatenate(k_all)
    ratio = ss / (n - 1) / s0**2
    out: dict[str, float] = {"agree": float(agree)}
    for alpha in alphas:
        for key, rejects in _decisions(ratio, n, b2, k_u, alpha).items():
            out[f"{key}@{alpha:g}"] = float(np.mean(rejects))
    for r in POWER_R:
        for key, rejects in _decisions(ratio * (1 + r) ** 2, n, b2, k_u, alphas[-1]).items():
            out[f"{key}@{r:+g}"] = float(np.mean(rejects))
    return out


def band(alpha: float, reps: int) -> float:
    """Return the binomial 3-sigma half-width of a rejection rate alpha measured over `reps` repetitions."""
    return 3 * math.sqrt(alpha * (1 - alpha) / reps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=10_000)
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--alphas", type=float, nargs="+", default=[1e-2, 1e-3])
    parser.add_argument("--laws", nargs="+", default=list(LAWS), choices=list(LAWS), metavar="LAW")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    results = {}
    for n in args.n:
        for name in args.laws:
            start = time.perf_counter()
            results[n, name] = simulate(name, n, args.reps, args.alphas, rng)
            print(f"<!-- {name}, N = {n}: {time.perf_counter() - start:.1f} s -->", flush=True)
    bands = ", ".join(
        f"alpha {a:g}: [{max(a - band(a, args.reps), 0):.4g}, {a + band(a, args.reps):.4g}]" for a in args.alphas
    )
    print(
        f"\nFalse-alarm rate (true std s0), {args.reps} repetitions; binomial 3-sigma bands {bands}; * above the band."
    )
    print(
        "chi2: the normal-theory interval alone; fires: how often b2 rejects kappa <= 3 at 0.05 (auto then: general)\n"
    )
    head = " | ".join(f"{m} a={a:g}" for a in args.alphas for m in METHODS)
    print(f"| law | κ | N | {head} | fires |")
    print("|---|---:|---:|" + "---:|" * (len(args.alphas) * len(METHODS) + 1))
    for (n, name), res in results.items():
        cells = []
        for alpha in args.alphas:
            for method in METHODS:
                rate = res[f"{method}@{alpha:g}"]
                cells.append(f"{rate:.4f}" + ("*" if rate > alpha + band(alpha, args.reps) else ""))
        print(
            f"| {name} | {LAWS[name][2]:g} | {n} | "
            + " | ".join(cells)
            + f" | {res[f'fires@{args.alphas[0]:g}']:.3f} |"
        )
    a = args.alphas[-1]
    print(
        f"\nPower at alpha = {a:g}: rejection rate when the true std is s0 (1 + r); 'stated' is `general_power` at the"
    )
    print("law's exact kurtosis (large-N), and for the normal law `power` (exact chi-square).\n")
    head = " | ".join(f"{m} r={r:+.0%}" for m in ("general", "auto") for r in POWER_R)
    print(f"| law | N | {head} | stated general r=-5% / +5% | stated general r=-10% / +10% |")
    print("|---|---:|" + "---:|" * (2 * len(POWER_R) + 2))
    for (n, name), res in results.items():
        cells = [f"{res[f'{m}@{r:+g}']:.3f}" for m in ("general", "auto") for r in POWER_R]
        kappa = LAWS[name][2]
        stated = [[general_power(n, s * r, kurtosis=kappa, alpha=a) for s in (-1, 1)] for r in (0.05, 0.10)]
        cells += [f"{p[0]:.3f} / {p[1]:.3f}" for p in stated]
        print(f"| {name} | {n} | " + " | ".join(cells) + " |")
    print(
        f"\nchi-square power formula (normal law), alpha = {a:g}: "
        + ", ".join(f"N = {n}: " + " / ".join(f"{power(n, r, alpha=a):.3f}" for r in POWER_R) for n in args.n)
    )


if __name__ == "__main__":
    main()
