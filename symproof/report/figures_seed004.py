"""Figures of two seed-004 claims (extra `plots`), written by `python -m symproof.report.figures docs/figures`.

- default_init_code.png (`s004.default-init-code`): z = w . x + b on the seed's setting (1000 inputs, half of them
  1) under the seed's default_weight_init as coded, weights np.random.rand(y, x)/np.sqrt(x), U(0, 1)/sqrt(n_in),
  against the same line with randn, N(0, 1/n_in) weights as the seed says; both with its biases randn(y, 1)/y,
  y = 30. Seeded histograms, the normal curves of the exact moments, and the region where sigma'(z) < 0.01.
- gaussian_pdf.png (`s004.gaussian-pdf`): the seed's density 1/(sqrt(2 pi) sigma) exp(-(x - mu)^2 / sigma^2), whose
  area is sqrt(2)/2, against the normal density, exp(-(x - mu)^2 / (2 sigma^2)), area 1; mu = 0, sigma = 1.

`default_init_z`, `default_init_law` and `gaussian_pdfs` return the numbers drawn, without matplotlib.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from symproof.claims.seed004 import N_IN, N_OUT, X
from symproof.report.figures import save
from symproof.stats.variance import sample_preactivations, saturation, slope_threshold

__all__ = [
    "CODE",
    "DRAWS",
    "SAID",
    "default_init_law",
    "default_init_z",
    "draw_default_init_code",
    "draw_gaussian_pdf",
    "gaussian_pdfs",
]

Array = NDArray[np.float64]

DRAWS = 20_000
# The two initialisations of default_init_code.png: as the seed codes it, and as it says.
CODE, SAID = "as coded: rand(y, x)/sqrt(x), U(0, 1)/sqrt(n_in)", "as said: randn(y, x)/sqrt(x), N(0, 1/n_in)"


def default_init_law() -> dict[str, tuple[float, float]]:
    """Return the exact mean and std of z under the seed's code (rand) and under what it says (randn), biases
    randn(y, 1)/y with y = 30."""
    ones, bias_var = float(np.sum(X)), 1 / N_OUT**2  # x_j is 0 or 1: sum x_j = sum x_j^2
    return {
        CODE: (ones * 0.5 / math.sqrt(N_IN), math.sqrt(ones / (12 * N_IN) + bias_var)),  # U(0, 1): mean 1/2, var 1/12
        SAID: (0.0, math.sqrt(ones / N_IN + bias_var)),
    }


def default_init_z(draws: int = DRAWS, seed: int = 0) -> dict[str, Array]:
    """Return `draws` samples of z under the seed's code and under what it says, from numpy.random.default_rng(seed)."""
    rng = np.random.default_rng(seed)
    chunks = []
    for start in range(0, draws, 2048):
        w = rng.random((min(2048, draws - start), N_IN)) / math.sqrt(N_IN)
        chunks.append(np.sum(w * X, axis=1))
    coded = np.concatenate(chunks) + rng.standard_normal(draws) / N_OUT
    said = sample_preactivations(X, draws=draws, rng=rng, weight_std=1 / math.sqrt(N_IN), bias_std=1 / N_OUT)
    return {CODE: coded, SAID: said}


def gaussian_pdfs(x: Any, *, mu: float = 0.0, sigma: float = 1.0) -> tuple[Array, Array]:
    """Return the seed's density and the normal density N(mu, sigma^2) at `x`."""
    t = (np.asarray(x, dtype=np.float64) - mu) / sigma
    front = 1 / (math.sqrt(2 * math.pi) * sigma)
    return front * np.exp(-(t**2)), front * np.exp(-(t**2) / 2)


def draw_default_init_code(plt: Any, path: Path) -> None:
    """Draw default_init_code.png into `path`."""
    samples, law, t = default_init_z(), default_init_law(), slope_threshold(0.01)
    z = np.linspace(-3.5, 10.5, 1401)
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    ax.axvspan(t, z[-1], color="tab:red", alpha=0.12, label=f"saturated: sigma'(z) < 0.01 (|z| > {t:.2f})")
    ax.axvspan(z[0], -t, color="tab:red", alpha=0.12)
    for (label, values), colour in zip(samples.items(), ("tab:red", "tab:blue")):
        mean, std = law[label]
        slope = saturation(mean, std).mean_slope
        ax.hist(values, bins=80, density=True, color=colour, alpha=0.35)
        label = f"{label}\nmean {mean:.3g}, std {std:.3g}, E[sigma'(z)] {slope:.2g}"
        ax.plot(z, stats.norm.pdf(z, mean, std), color=colour, label=label)
    ax.set(xlim=(z[0], z[-1]), xlabel="z = w . x + b", ylabel="density")
    ax.set_title(f"Seed 004's default_weight_init, {DRAWS:,} draws each: biases randn(y, 1)/y, y = {N_OUT}", fontsize=9)
    ax.legend(fontsize=7, loc="upper left")
    save(plt, fig, path)


def draw_gaussian_pdf(plt: Any, path: Path) -> None:
    """Draw gaussian_pdf.png into `path`."""
    x = np.linspace(-4, 4, 801)
    seed, right = gaussian_pdfs(x)
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    area = math.sqrt(2) / 2
    ax.plot(x, right, color="tab:blue", label="normal: exp(-(x - mu)^2 / (2 sigma^2)) / (sqrt(2 pi) sigma), area 1")
    ax.fill_between(x, right, color="tab:blue", alpha=0.1)
    label = f"seed's: exp(-(x - mu)^2 / sigma^2) / (sqrt(2 pi) sigma), area sqrt(2)/2 = {area:.4f}"
    ax.plot(x, seed, color="tab:red", ls="--", label=label)
    ax.fill_between(x, seed, color="tab:red", alpha=0.1)
    ax.set(xlabel="x", ylabel="density", ylim=(0, 0.5), title="Seed 004's Gaussian density, mu = 0, sigma = 1")
    ax.legend(fontsize=7, loc="upper left")
    save(plt, fig, path)
