"""Figures for docs/variance.md (needs the optional extra: pip install 'symproof[plots]').

Run: python -m symproof.figures docs/figures
Writes z_pdf.png (the density of z under both inits, as seed 004 draws them), sigmoid_slope.png (sigma'(z) with the
saturated region shaded, under both densities) and std_power.png (the power curve of the std test, formula and
simulation).
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
from scipy import special, stats

from symproof.stats import check_std, power, samples_for
from symproof.variance import preactivation_std, slope_threshold

__all__ = ["main", "pyplot", "write_figures"]

X = np.r_[np.ones(500), np.zeros(500)]
INITS = {"N(0, 1) weights and bias": 1.0, "N(0, 1/n_in) weights, N(0, 1) bias": 1 / math.sqrt(1000)}


def pyplot() -> Any:
    """Return matplotlib.pyplot on the Agg backend; raise ImportError naming the `plots` extra without it."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise ImportError("figures need matplotlib: pip install 'symproof[plots]'") from error
    return plt


def _z_pdf(plt: Any, path: Path) -> None:
    z = np.linspace(-40, 40, 2001)
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    for label, sw in INITS.items():
        s = preactivation_std(X, weight_std=sw, bias_std=1.0)
        ax.plot(z, stats.norm.pdf(z, 0, s), label=f"{label}: std {s:.3g}")
    ax.set(xlabel="z", ylabel="density", title="z = w . x + b, 1000 inputs, half of them 1")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _slope(plt: Any, path: Path) -> None:
    z = np.linspace(-30, 30, 2001)
    t = slope_threshold(0.01)
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    ax.plot(z, special.expit(z) * (1 - special.expit(z)), color="black", label="sigma'(z)")
    ax.axvspan(-30, -t, color="tab:red", alpha=0.15, label=f"saturated: sigma' < 0.01 (|z| > {t:.2f})")
    ax.axvspan(t, 30, color="tab:red", alpha=0.15)
    for label, sw in INITS.items():
        s = preactivation_std(X, weight_std=sw, bias_std=1.0)
        ax.plot(z, 0.25 * stats.norm.pdf(z, 0, s) / stats.norm.pdf(0, 0, s), ls="--", label=f"density of z, {label}")
    ax.set(xlabel="z", ylabel="sigma'(z)", ylim=(0, 0.27))
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _power(plt: Any, path: Path, sims: int = 500) -> None:
    r = np.linspace(-0.06, 0.06, 121)
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    rng = np.random.default_rng(0)
    for n in (samples_for(0.05), samples_for(0.02)):
        ax.plot(r, [power(n, v) for v in r], label=f"N = {n}: formula")
        points = np.linspace(-0.05, 0.05, 11)
        measured = [np.mean([not check_std(rng.normal(0, 1 + v, n), 1.0) for _ in range(sims // 10)]) for v in points]
        ax.plot(points, measured, "o", ms=4, label=f"N = {n}: {sims // 10} simulations per point")
    ax.axhline(0.999, color="grey", lw=0.8)
    ax.set(xlabel="relative std error r", ylabel="P(reject std = s0)", title="chi-square std test, alpha = 1e-9")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def write_figures(folder: str | Path) -> list[Path]:
    """Write the figures into `folder` and return their paths."""
    plt = pyplot()
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "z_pdf.png", out / "sigmoid_slope.png", out / "std_power.png"]
    _z_pdf(plt, paths[0])
    _slope(plt, paths[1])
    _power(plt, paths[2])
    return paths


def main(argv: list[str] | None = None) -> int:
    """Write the figures into the folder given on the command line (default docs/figures)."""
    args = sys.argv[1:] if argv is None else argv
    for path in write_figures(args[0] if args else "docs/figures"):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
