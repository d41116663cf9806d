"""Heatmaps of every weight matrix of seed 000's network over its first training steps (extra `plots` needed).

Run: python -m symproof.report.heatmaps docs/figures

Both figures train topology [5, 4, 3, 2, 2] with sigmoid, the mean squared error, plain gradient descent at learning
rate 0.8, biases 0.1, 0.2, 0.3, 0.4 for layers 1..4, targets all ones and a fresh N(0, 1) input column per step.
Each is a grid: one row per step 0..6 (step 0 is the initial state), one column per matrix W_1..W_4, in the layout of
`symproof.engine.network` (row i of W_l = the weights leaving neuron i of layer l-1, column j = those entering neuron j
of layer l). Entries that are exactly 0.0 are grey and marked "0"; every other entry is coloured by w / max|W| of its
own cell on one diverging colormap, and the cell's caption gives max|W| and its structure as
`symproof.structure.predicates.classify` names it (exactly, tol = 0).

- seed000_zero_init.png: the seed's experiment, every weight 0 (`seed000_experiment`). The zeros recede from the
  output back, one matrix per step (the seed's "k-step zero propagation"): after step k (k <= 4) exactly W_{5-k}..W_4
  are nonzero; W_2..W_4 are constant and W_1 is row-equal.
- seed000_first_m_random.png: the first matrix random (W_1 ~ N(0, 1) from numpy.random.default_rng(0), which then
  draws the inputs too) and W_2..W_4 zero. W_4, W_3, W_2 become nonzero at steps 1, 2, 3; W_1 stays random (it first
  moves, by about 1e-12, at step 4); W_2 is row-equal and W_3, W_4 constant: layer 1 is the only one that is not
  collapsed.

`trajectories(case)` returns the matrices that are drawn, without matplotlib.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from symproof.claims.experiment import BIASES, LR, TOPOLOGY, seed000_experiment, seed000_steps
from symproof.engine._validation import check_choice, check_positive_int
from symproof.engine.inits import BiasInit, WeightInit, build_params
from symproof.report.figures import pyplot
from symproof.structure.predicates import classify

__all__ = ["CASES", "STEPS", "main", "trajectories", "write_heatmaps"]

Array = NDArray[Any]

STEPS = 6
# case -> (file name, figure title)
CASES: dict[str, tuple[str, str]] = {
    "zero_init": ("seed000_zero_init.png", "Seed 000: every weight 0"),
    "first_m_random": ("seed000_first_m_random.png", "First matrix random: W_1 ~ N(0, 1), W_2..W_4 zero"),
}
ZERO_COLOUR = "#d9d9d9"
CMAP = "RdBu_r"


def _first_m_random(steps: int) -> list[tuple[Array, ...]]:
    """Return W_1..W_4 before the first step and after each step of the first-M-random run."""
    rng = np.random.default_rng(0)
    weights = [WeightInit("random", scheme="N(0,1)")] + [WeightInit("zero")] * (len(TOPOLOGY) - 2)
    params = build_params(TOPOLOGY, weights, [BiasInit("constant", b) for b in BIASES], rng)
    history = [params.weights, *(step.params.weights for step in seed000_steps(params, rng, steps=steps))]
    return [tuple(w.copy() for w in ws) for ws in history]


def trajectories(case: str, *, steps: int = STEPS) -> list[tuple[Array, ...]]:
    """Return the weights (W_1, ..., W_4) at steps 0..`steps` of `case` ("zero_init" or "first_m_random").

    Entry k is the state after k training steps; entry 0 is the initial state. The arrays are fresh, writeable copies.
    """
    check_choice("case", case, CASES)
    check_positive_int("steps", steps)
    if case == "first_m_random":
        return _first_m_random(steps)
    history = list(seed000_experiment(steps=steps))
    states = [history[0].forward.params.weights] + [step.params.weights for step in history]
    return [tuple(w.copy() for w in ws) for ws in states]


def _cell(ax: Any, w: Array, cmap: Any, *, fontsize: float) -> Any:
    """Draw one matrix in `ax`, entries scaled by max|w| and exact zeros grey with a "0"; return the image."""
    scale = float(np.max(np.abs(w)))
    shown = np.ma.masked_array(w / scale if scale > 0 else w, mask=w == 0.0)  # exact zeros of w, not of w / scale
    image = ax.imshow(shown, cmap=cmap, vmin=-1.0, vmax=1.0, interpolation="nearest")
    for i, j in zip(*np.nonzero(w == 0.0)):
        ax.text(j, i, "0", ha="center", va="center", fontsize=fontsize + 1, color="#505050")
    rows, cols = w.shape
    ax.set_xticks(range(cols))
    ax.set_yticks(range(rows))
    ax.tick_params(labelsize=fontsize - 1, length=1.5, pad=1)
    ax.set_xticks(np.arange(cols + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(rows + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", lw=0.8)
    ax.tick_params(which="minor", length=0)
    structure = classify(w, tol=0.0).value
    ax.set_xlabel(structure if scale == 0 else f"{structure}\nmax|W| {scale:.1e}", fontsize=fontsize, labelpad=1.5)
    return image


def _figure(plt: Any, case: str, path: Path) -> None:
    """Draw the grid of `case` (rows = steps, columns = W_l) and save it to `path`."""
    from matplotlib.patches import Patch

    states = trajectories(case)
    unit, gap_x, gap_y = 0.24, 0.55, 0.5  # inches: one matrix entry, and the space between cells
    left, top, bottom = 0.75, 0.85, 1.0
    heights = max(w.shape[0] for w in states[0])
    width = left + sum(w.shape[1] * unit + gap_x for w in states[0])
    height = top + len(states) * (heights * unit + gap_y) + bottom
    cmap = plt.get_cmap(CMAP).with_extremes(bad=ZERO_COLOUR)
    fig = plt.figure(figsize=(width, height))
    image = None
    for k, ws in enumerate(states):
        x = left
        y = height - top - k * (heights * unit + gap_y)  # top edge of this step's cells
        for l, w in enumerate(ws, start=1):
            rows, cols = w.shape
            ax = fig.add_axes((x / width, (y - rows * unit) / height, cols * unit / width, rows * unit / height))
            image = _cell(ax, w, cmap, fontsize=6.5)
            if k == 0:
                ax.set_title(f"$W_{l}$  (${rows} \\times {cols}$)", fontsize=9)
            if l == 1:
                ax.set_ylabel(f"step {k}", fontsize=9, fontweight="bold", labelpad=3)
            x += cols * unit + gap_x
    fig.suptitle(
        f"{CASES[case][1]}\n[5, 4, 3, 2, 2], sigmoid, MSE, SGD lr {LR:g}, biases 0.1..0.4, targets 1",
        fontsize=9,
        y=1 - 0.12 / height,
        va="top",
    )
    bar = fig.add_axes((left / width, 0.68 / height, 0.55 - left / width, 0.1 / height))
    fig.colorbar(image, cax=bar, orientation="horizontal", ticks=[-1, -0.5, 0, 0.5, 1])
    bar.tick_params(labelsize=6, length=2, pad=1)
    bar.set_xlabel("w / max|W| of its cell", fontsize=7, labelpad=1)
    fig.legend(
        handles=[Patch(facecolor=ZERO_COLOUR, label="0: exactly 0.0")],
        loc="center left",
        bbox_to_anchor=(0.64, 0.73 / height),
        fontsize=7,
        frameon=False,
        handlelength=1.2,
    )
    fig.text(
        0.5,
        0.08 / height,
        "rows: neuron i of layer l-1 (the weights leaving it); columns: neuron j of layer l\n"
        "row-equal: each row constant; constant: all entries equal (exactly)",
        ha="center",
        va="bottom",
        fontsize=6.5,
    )
    fig.savefig(path, dpi=100)
    plt.close(fig)


def write_heatmaps(directory: Path | str) -> list[Path]:
    """Write seed000_zero_init.png and seed000_first_m_random.png into `directory`; return their paths."""
    plt = pyplot()
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for case, (name, _) in CASES.items():
        path = out / name
        _figure(plt, case, path)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Write the heatmaps into the folder given on the command line (default docs/figures); return 0."""
    args = sys.argv[1:] if argv is None else argv
    for path in write_heatmaps(args[0] if args else "docs/figures"):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
