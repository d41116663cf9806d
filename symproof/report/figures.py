"""Figures for docs/variance.md and docs/theory.md (needs the optional extra: pip install 'symproof[plots]').

Run: python -m symproof.report.figures docs/figures
Writes z_pdf.png (the density of z under both inits, as seed 004 draws them, and beside it, zoomed, the std that
s004.scaled-std claims, sqrt(500/1000), against the law's sqrt(3/2) and a seeded sample), sigmoid_slope.png
(sigma'(z) with the saturated region shaded, under both densities), std_power.png (the power curve of the std test,
formula and simulation), and the figures of `symproof.report.figures_seed004` (default_init_code.png, gaussian_pdf.png)
and `symproof.report.figures_general` (adam_rounding.png). Every figure is seeded, so the same commit draws the same
numbers. `z_stds` and `scaled_sample` return the numbers that z_pdf.png draws, without matplotlib.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import special, stats

from symproof.stats.std import check_std, power, samples_for
from symproof.stats.variance import preactivation_std, sample_preactivations, slope_threshold

__all__ = [
    "CLAIMED",
    "NAIVE",
    "NAMES",
    "SAMPLES",
    "SCALED",
    "main",
    "pyplot",
    "save",
    "scaled_sample",
    "write_figures",
    "z_stds",
]

X = np.r_[np.ones(500), np.zeros(500)]
NAIVE, SCALED = "N(0, 1) weights and bias", "N(0, 1/n_in) weights, N(0, 1) bias"
INITS = {NAIVE: 1.0, SCALED: 1 / math.sqrt(1000)}
# The stds the seed claims for z under each init (s004.naive-std, s004.scaled-std): sqrt(501) and sqrt(500/1000).
CLAIMED = {NAIVE: math.sqrt(501), SCALED: math.sqrt(500 / 1000)}
SAMPLES = 20_000  # the seeded draws of z shown against the claimed std
NAMES = (
    "z_pdf.png",
    "sigmoid_slope.png",
    "std_power.png",
    "default_init_code.png",
    "gaussian_pdf.png",
    "adam_rounding.png",
)


def pyplot() -> Any:
    """Return matplotlib.pyplot on the Agg backend; raise ImportError naming the `plots` extra without it."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise ImportError("figures need matplotlib: pip install 'symproof[plots]'") from error
    return plt


def z_stds() -> dict[str, tuple[float, float]]:
    """Return, per init of the seed's setting, the exact std of z (the law) and the std the seed claims."""
    return {label: (preactivation_std(X, weight_std=sw, bias_std=1.0), CLAIMED[label]) for label, sw in INITS.items()}


def save(plt: Any, fig: Any, path: Path) -> None:
    """Save `fig` to `path` as a PNG at 100 dpi, without the version stamp, and close it."""
    fig.tight_layout()
    fig.savefig(path, dpi=100, metadata={"Software": None})
    plt.close(fig)


def scaled_sample(draws: int = SAMPLES, seed: int = 0) -> NDArray[np.float64]:
    """Return `draws` samples of z under N(0, 1/n_in) weights and the N(0, 1) bias, from default_rng(`seed`)."""
    rng = np.random.default_rng(seed)
    return sample_preactivations(X, draws=draws, rng=rng, weight_std=INITS[SCALED], bias_std=1.0)


def _z_pdf(plt: Any, path: Path) -> None:
    fig, (wide, zoom) = plt.subplots(1, 2, figsize=(9.6, 3.6), width_ratios=(1.15, 1))
    z = np.linspace(-40, 40, 2001)
    for label, (s, c) in z_stds().items():
        wide.plot(z, stats.norm.pdf(z, 0, s), label=f"{label}: std {s:.3g} (claimed {c:.3g})")
    wide.set(xlabel="z", ylabel="density")
    wide.set_title("z = w . x + b: 1000 inputs, half of them 1", fontsize=9)
    wide.legend(fontsize=7)
    law, claimed = z_stds()[SCALED]
    sample = scaled_sample()
    z = np.linspace(-4.5, 4.5, 901)
    label = f"{SAMPLES:,} seeded draws: std {sample.std(ddof=1):.3g}"
    zoom.hist(sample, bins=90, range=(-4.5, 4.5), density=True, color="tab:orange", alpha=0.3, label=label)
    label = f"exact, with the N(0, 1) bias: sqrt(3/2) = {law:.3g}"
    zoom.plot(z, stats.norm.pdf(z, 0, law), color="tab:orange", label=label)
    label = f"claimed by the seed: sqrt(500/1000) = {claimed:.3f}\n(the exact std without the bias)"
    zoom.plot(z, stats.norm.pdf(z, 0, claimed), color="black", ls="--", label=label)
    zoom.set(xlabel="z", ylim=(0, 0.85))
    zoom.set_title(f"{SCALED}: the claimed std", fontsize=9)
    zoom.legend(fontsize=7, loc="upper right")
    save(plt, fig, path)


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
    save(plt, fig, path)


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
    save(plt, fig, path)


def write_figures(folder: str | Path) -> list[Path]:
    """Write the figures (NAMES) into `folder` and return their paths."""
    from symproof.report.figures_general import draw_adam_rounding
    from symproof.report.figures_seed004 import draw_default_init_code, draw_gaussian_pdf

    plt = pyplot()
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / name for name in NAMES]
    draws = (_z_pdf, _slope, _power, draw_default_init_code, draw_gaussian_pdf, draw_adam_rounding)
    for draw, path in zip(draws, paths, strict=True):
        draw(plt, path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Write the figures into the folder given on the command line (default docs/figures)."""
    args = sys.argv[1:] if argv is None else argv
    for path in write_figures(args[0] if args else "docs/figures"):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
